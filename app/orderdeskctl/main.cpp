// SPDX-License-Identifier: MIT
#include "ctl.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    // Progress and results go to the terminal; routine log lines would only clutter it.
    QLoggingCategory::setFilterRules(QStringLiteral("orderdesk.*.info=false\norderdesk.*.debug=false"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("OrderDesk"));
    QCoreApplication::setOrganizationName(QString());
    return OrderDesk::Ctl().run(QCoreApplication::arguments());
}
