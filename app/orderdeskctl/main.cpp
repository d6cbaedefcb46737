// SPDX-License-Identifier: MIT
#include "ctl.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    // Progress and results go to the terminal; log lines would only clutter it, and an error
    // is one line of its own (QT_LOGGING_RULES=orderdesk.*=true shows them all).
    QLoggingCategory::setFilterRules(QStringLiteral("orderdesk.*.info=false\norderdesk.*.debug=false\n"
                                                    "orderdesk.*.warning=false"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("OrderDesk"));
    QCoreApplication::setOrganizationName(QString());
    return OrderDesk::Ctl().run(QCoreApplication::arguments());
}
