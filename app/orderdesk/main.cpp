// SPDX-License-Identifier: MIT
// The desktop application's composition root: options, the command bus and the projector wired
// as in orderdeskctl, the main window, and the optional demo data and screenshot.
#include "applicationsettings.h"
#include "commands/commandbus.h"
#include "demo/demoseeder.h"
#include "desktopintegration.h"
#include "mainwindow.h"
#include "orderdesk_version.h"
#include "passwordkeychain.h"
#include "projections/projector.h"
#include "screenshotcapture.h"
#include "storage/datadirectory.h"
#include "storage/postgresconnection.h"
#include "storechoice.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QTranslator>

#include <chrono>
#include <cstdio>

#ifdef ORDERDESK_HAS_HTTP_API
#include "apiserver.h"
#include "apitoken.h"
#endif

using namespace OrderDesk;
using namespace Qt::StringLiterals;

namespace {

/// What a screenshot run waiting for an order says on the way (a script or test reads it).
Q_LOGGING_CATEGORY(lcScreenshot, "orderdesk.screenshot")

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

/// Starts the bus on the session's store. When the store came from Settings and cannot be
/// opened (the server is down, the setting is wrong), the user may try again or use the
/// embedded store for this session: a bad setting must not lock anyone out of OrderDesk.
Result<void> startBus(std::unique_ptr<CommandBus> &bus, WriteStoreConfig &config,
                      bool mayAsk)
{
    for (;;) {
        bus = std::make_unique<CommandBus>(config);
        const Result<void> started = bus->start();
        if (started || !mayAsk || config.databaseUrl.isEmpty())
            return started;
        QMessageBox box(QMessageBox::Critical, QCoreApplication::translate("main", "OrderDesk"),
                        QCoreApplication::translate("main", "The write store chosen in Settings "
                                                            "cannot be opened."));
        box.setInformativeText(started.error().message);
        QPushButton *retry =
            box.addButton(QCoreApplication::translate("main", "&Try Again"),
                          QMessageBox::AcceptRole);
        QPushButton *embedded = box.addButton(
            QCoreApplication::translate("main", "Use the &Embedded Store This Time"),
            QMessageBox::ActionRole);
        box.addButton(QCoreApplication::translate("main", "&Quit"), QMessageBox::RejectRole);
        box.setDefaultButton(retry);
        box.exec();
        if (box.clickedButton() == embedded)
            config.databaseUrl.clear();
        else if (box.clickedButton() != retry)
            return started;
    }
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
    const QCommandLineOption dataDirOption(
        u"data-dir"_s,
        QCoreApplication::translate("main", "Data directory: the SQLite write store (unless "
                                            "--database-url is given) and the read store."),
        u"DIR"_s, DataDirectory::defaultPath());
    const QCommandLineOption databaseUrlOption(
        u"database-url"_s,
        QCoreApplication::translate(
            "main", "A shared PostgreSQL write store, postgresql://user@host:port/database "
                    "(also ORDERDESK_DATABASE_URL). The password comes from PGPASSWORD, the "
                    "system keychain (Settings) or ~/.pgpass."),
        u"URL"_s);
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
    const QCommandLineOption waitForOrderOption(
        u"wait-for-order"_s,
        QCoreApplication::translate(
            "main", "With --screenshot: once loaded, print that the window is ready, wait (up "
                    "to 3 minutes) until the order list shows order ID, print when it did, "
                    "select it and take the picture."),
        u"ID"_s);
    parser.addOptions({dataDirOption, databaseUrlOption, demoOption, demoOrdersOption,
                       screenshotOption, screenshotViewOption, waitForOrderOption});
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
    const QString waitForOrder = parser.value(waitForOrderOption);
    if (!waitForOrder.isEmpty() && (!screenshot || *view != ScreenshotCapture::View::Orders))
        return fail(QCoreApplication::translate(
            "main", "--wait-for-order goes with --screenshot of the orders view."));
    bool ordersOk = false;
    const qint64 demoOrders = parser.value(demoOrdersOption).toLongLong(&ordersOk);
    if (!ordersOk || demoOrders < 1)
        return fail(QCoreApplication::translate("main", "--demo-orders needs a positive number."));

    const DataDirectory dataDirectory(parser.value(dataDirOption));
    const SessionStore store = resolveSessionStore(
        parser.value(databaseUrlOption), parser.isSet(dataDirOption),
        qEnvironmentVariable("ORDERDESK_DATABASE_URL"),
        StoreChoice::load(*openApplicationSettings()));
    if (!store.databaseUrl.isEmpty()) {
        if (const Result<PostgresSettings> settings = PostgresSettings::fromUrl(store.databaseUrl);
            !settings)
            return fail(settings.error().message);
    }
    // Neither the URL nor PGPASSWORD gives a password: the one remembered in the system
    // keychain for that server, if any, goes into this session's URL, in memory only. The
    // keychain is asked before the bus starts, and not waited for longer than a few seconds.
    using namespace std::chrono_literals;
    const QString sessionUrl =
        withKeychainPassword(store.databaseUrl, PasswordKeychain::system(), 5s);
    WriteStoreConfig config;
    config.path = dataDirectory.writeStorePath();
    config.databaseUrl = sessionUrl;
    // With a shared write store the data directory still holds this desktop's read store.
    std::unique_ptr<CommandBus> bus;
    Result<void> started = dataDirectory.ensureExists();
    if (started)
        started = startBus(bus, config, store.source == StoreSource::Settings && !screenshot);
    if (!started)
        return fail(started.error().message);

    ProjectorConfig projectorConfig;
    projectorConfig.eventLog = config;
    projectorConfig.readStorePath = dataDirectory.readStorePath();
    Projector projector(projectorConfig);
    QObject::connect(bus.get(), &CommandBus::eventsAppended, &projector,
                     &Projector::notifyEventsAppended);
    if (auto ok = projector.start(); !ok)
        return fail(ok.error().message);

    MainWindow::Options options;
    options.persistSettings = !screenshot;
    options.storeSource =
        config.databaseUrl == sessionUrl ? store.source : StoreSource::Settings;
#ifdef ORDERDESK_HAS_HTTP_API
    // Off unless the settings turn it on (File ▸ Settings). The token is never stored:
    // the environment's, or a new one for this session that the dialog shows.
    ApiServer api(*bus, projector, dataDirectory.readStorePath());
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
    MainWindow window(*bus, projector, dataDirectory, options);
    window.show();

    const bool empty = bus->headPosition() == 0;
    if (empty && parser.isSet(demoOption))
        window.createDemoData(demoOrders);
    else if (empty && !screenshot && config.databaseUrl.isEmpty())
        // Not on a shared server: the first desktop there is likely being set up for real
        // work (File > Create Demo Data stays there for whoever wants it).
        QTimer::singleShot(0, &window, &MainWindow::offerDemoData);

    if (screenshot) {
        auto *capture =
            new ScreenshotCapture(window, parser.value(screenshotOption), *view, &window);
        capture->setWaitForOrder(waitForOrder);
        // Lines for a script or test that waits for the window, then for the order.
        QObject::connect(capture, &ScreenshotCapture::readyForOrder, &app,
                         [](const QString &orderId) {
                             qCInfo(lcScreenshot, "orderdesk: ready; waiting for order %s",
                                    qPrintable(orderId));
                         });
        QObject::connect(capture, &ScreenshotCapture::orderVisible, &app,
                         [](const QString &orderId, qint64 visibleAtMs) {
                             qCInfo(lcScreenshot,
                                    "orderdesk: order %s visible at %lld ms since the epoch",
                                    qPrintable(orderId), visibleAtMs);
                         });
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
