// SPDX-License-Identifier: MIT
// The desktop application's composition root: options, the command bus and the projector wired
// as in orderdeskctl, the main window, and the optional demo data and screenshot.
#include "commands/commandbus.h"
#include "demo/demoseeder.h"
#include "desktopintegration.h"
#include "mainwindow.h"
#include "orderdesk_version.h"
#include "projections/projector.h"
#include "screenshotcapture.h"
#include "storage/datadirectory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

#ifdef ORDERDESK_HAS_HTTP_API
#include "apiserver.h"
#include "apitoken.h"
#endif

using namespace OrderDesk;
using namespace Qt::StringLiterals;

namespace {

void installTranslations(QApplication &app)
{
    // Qt's own strings (dialog buttons) and ours, in the user's language when there is one.
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), u"qtbase"_s, u"_"_s,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *own = new QTranslator(&app);
    // English is the source language; its file only holds plural forms ("1 order"), and is the
    // fallback for locales without a translation of their own.
    if (own->load(QLocale(), u"orderdesk"_s, u"_"_s, u":/i18n"_s)
        || own->load(u"orderdesk_en"_s, u":/i18n"_s))
        QApplication::installTranslator(own);
}

} // namespace

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
    installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Back-office orders."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDirOption(u"data-dir"_s,
                                           QCoreApplication::translate("main", "Data directory."),
                                           u"DIR"_s, DataDirectory::defaultPath());
    const QCommandLineOption demoOption(
        u"demo"_s,
        QCoreApplication::translate("main", "Fill an empty store with demo data without asking."));
    const QCommandLineOption demoOrdersOption(
        u"demo-orders"_s,
        QCoreApplication::translate("main", "How many demo orders (default %1).")
            .arg(SeedOptions().orders),
        u"N"_s, QString::number(SeedOptions().orders));
    const QCommandLineOption screenshotOption(
        u"screenshot"_s,
        QCoreApplication::translate(
            "main", "Render the window once its data has loaded, save it as FILE and exit."),
        u"FILE"_s);
    const QCommandLineOption screenshotViewOption(
        u"screenshot-view"_s,
        QCoreApplication::translate(
            "main", "What the screenshot shows: orders (default), consistency or dashboard."),
        u"VIEW"_s, u"orders"_s);
    parser.addOptions(
        {dataDirOption, demoOption, demoOrdersOption, screenshotOption, screenshotViewOption});
    parser.process(app);

    const bool screenshot = parser.isSet(screenshotOption);
    // A screenshot run has nobody to click a message box away: errors go to stderr.
    const auto fail = [screenshot](const QString &message) {
        std::fprintf(stderr, "orderdesk: %s\n", qPrintable(message));
        if (!screenshot)
            QMessageBox::critical(nullptr, QCoreApplication::translate("main", "OrderDesk"),
                                  message);
        return 1;
    };
    const std::optional<ScreenshotCapture::View> view =
        ScreenshotCapture::viewFromName(parser.value(screenshotViewOption));
    if (!view)
        return fail(QCoreApplication::translate(
            "main", "--screenshot-view is orders, consistency or dashboard."));
    bool ordersOk = false;
    const qint64 demoOrders = parser.value(demoOrdersOption).toLongLong(&ordersOk);
    if (!ordersOk || demoOrders < 1)
        return fail(QCoreApplication::translate("main", "--demo-orders needs a positive number."));

    const DataDirectory dataDirectory(parser.value(dataDirOption));
    WriteStoreConfig config;
    config.path = dataDirectory.writeStorePath();
    CommandBus bus(config);
    Result<void> started = dataDirectory.ensureExists();
    if (started)
        started = bus.start();
    if (!started)
        return fail(started.error().message);

    ProjectorConfig projectorConfig;
    projectorConfig.eventLog = config;
    projectorConfig.readStorePath = dataDirectory.readStorePath();
    Projector projector(projectorConfig);
    QObject::connect(&bus, &CommandBus::eventsAppended, &projector,
                     &Projector::notifyEventsAppended);
    if (auto ok = projector.start(); !ok)
        return fail(ok.error().message);

    MainWindow::Options options;
    options.persistSettings = !screenshot;
#ifdef ORDERDESK_HAS_HTTP_API
    // Off unless the settings turn it on (Help ▸ About OrderDesk). The token is never stored:
    // the environment's, or a new one for this session that the dialog shows.
    ApiServer api(bus, projector, dataDirectory.readStorePath());
    options.apiServer = &api;
    options.apiToken = qEnvironmentVariable("ORDERDESK_API_TOKEN");
    if (!options.apiToken.isEmpty() && !ApiToken::validate(options.apiToken)) {
        std::fprintf(stderr, "orderdesk: ORDERDESK_API_TOKEN is not a usable token (%s); using "
                             "a new one for this session\n",
                     qPrintable(ApiToken::validate(options.apiToken).error().message));
        options.apiToken.clear();
    }
    if (options.apiToken.isEmpty())
        options.apiToken = ApiToken::generate();
#endif
    MainWindow window(bus, projector, dataDirectory, options);
    window.show();

    const bool empty = bus.headPosition() == 0;
    if (empty && parser.isSet(demoOption))
        window.createDemoData(demoOrders);
    else if (empty && !screenshot)
        QTimer::singleShot(0, &window, &MainWindow::offerDemoData);

    if (screenshot) {
        auto *capture =
            new ScreenshotCapture(window, parser.value(screenshotOption), *view, &window);
        QObject::connect(capture, &ScreenshotCapture::finished, &app,
                         [](int exitCode, const QString &message) {
                             std::fprintf(exitCode == 0 ? stdout : stderr, "orderdesk: %s\n",
                                          qPrintable(message));
                             QApplication::exit(exitCode);
                         });
        capture->start();
    }
    return app.exec();
}
