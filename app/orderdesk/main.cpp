// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "desktopintegration.h"
#include "mainwindow.h"
#include "orderdesk_version.h"
#include "storage/datadirectory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

using namespace OrderDesk;
using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"OrderDesk"_s);
    QApplication::setOrganizationName(QString());
    QString version = QLatin1StringView(ORDERDESK_VERSION);
    if (qstrlen(ORDERDESK_REVISION) > 0)
        version += u" ("_s + QLatin1StringView(ORDERDESK_REVISION) + u')';
    QApplication::setApplicationVersion(version);
    QApplication::setWindowIcon(applicationIcon());
    QApplication::setDesktopFileName(applicationId());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Back-office orders."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDirOption(u"data-dir"_s,
                                           QApplication::translate("main", "Data directory."),
                                           u"DIR"_s, DataDirectory::defaultPath());
    parser.addOption(dataDirOption);
    parser.process(app);

    const DataDirectory dataDirectory(parser.value(dataDirOption));
    WriteStoreConfig config;
    config.path = dataDirectory.writeStorePath();
    CommandBus bus(config);
    Result<void> started = dataDirectory.ensureExists();
    if (started)
        started = bus.start();
    if (!started) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "OrderDesk"),
                              started.error().message);
        return 1;
    }
    MainWindow window(bus);
    window.show();
    return app.exec();
}
