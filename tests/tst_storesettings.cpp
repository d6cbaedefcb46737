// SPDX-License-Identifier: MIT
// Choosing the write store: the rule that picks a session's store, the Settings dialog, and
// the window's status bar showing the store in use and a shared store's connection.
#include "appfixture.h"
#include "applicationsettings.h"
#include "fakekeychain.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "models/orderlistmodel.h"
#include "passwordkeychain.h"
#include "pgtestdatabase.h"
#include "projectionstatuswidget.h"
#include "settingsdialog.h"
#include "storechoice.h"
#include "storestatuslabel.h"
#include "testsupport.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>

using namespace OrderDesk;
using namespace OrderDesk::Testing;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OrderDesk::StoreSource)

namespace {

/// The windows of these tests never ask the developer's own keychain.
FakeKeychain &testKeychain()
{
    static FakeKeychain keychain;
    return keychain;
}

MainWindow::Options noSettings()
{
    MainWindow::Options options;
    options.persistSettings = false;
    options.keychain = &testKeychain();
    return options;
}

/// The test cluster's password: scripts/pg-test-cluster keeps it only in its PGPASSFILE.
QString passwordFromPassFile()
{
    QFile file(qEnvironmentVariable("PGPASSFILE"));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readLine().trimmed()).section(u':', 4);
}

SettingsDialog *openSettings(MainWindow &window)
{
    window.findChild<QAction *>(u"actionSettings"_s)->trigger();
    // The last one closed may still wait for its deletion: the one that shows.
    for (SettingsDialog *dialog : window.findChildren<SettingsDialog *>()) {
        if (dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

} // namespace

class tst_StoreSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sessionStoreRule_data();
    void sessionStoreRule();
    void choiceKeepsNoPassword();
    void settingsChoosePostgresForTheNextStart();
    void settingsExplainAnOverride();
    void passwordGoesToTheKeychainNotTheSettings();
    void keychainTroubleIsSaidInTheDialog();
    void windowShowsTheStoreInUse();
    void storeLabelSaysWhenTheConnectionIsDown();
    void testConnectionReachesTheServer();
    void testConnectionUsesTheTypedPassword();
    void windowOnASharedServerSaysWhenItReconnects();
};

void tst_StoreSettings::sessionStoreRule_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<bool>("dataDirectory");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<bool>("settingsChoosePostgres");
    QTest::addColumn<QString>("expectedUrl");
    QTest::addColumn<StoreSource>("expectedSource");

    const QString option = u"postgresql://cli@a/one"_s;
    const QString env = u"postgresql://env@b/two"_s;
    const QString chosen = u"postgresql://set@c:5432/three"_s;
    QTest::newRow("--database-url beats everything")
        << option << true << env << true << option << StoreSource::CommandLine;
    QTest::newRow("--data-dir alone is its SQLite file")
        << QString() << true << env << true << QString() << StoreSource::DataDirectory;
    QTest::newRow("the environment beats Settings")
        << QString() << false << env << true << env << StoreSource::Environment;
    QTest::newRow("Settings: a server") << QString() << false << QString() << true << chosen
                                        << StoreSource::Settings;
    QTest::newRow("Settings: SQLite, the default") << QString() << false << QString() << false
                                                   << QString() << StoreSource::Settings;
}

void tst_StoreSettings::sessionStoreRule()
{
    // Which write store a session uses: --database-url, else an explicit --data-dir's own
    // file, else ORDERDESK_DATABASE_URL, else what Settings say.
    QFETCH(QString, option);
    QFETCH(bool, dataDirectory);
    QFETCH(QString, environment);
    QFETCH(bool, settingsChoosePostgres);
    QFETCH(QString, expectedUrl);
    QFETCH(StoreSource, expectedSource);
    StoreChoice chosen;
    if (settingsChoosePostgres)
        chosen = StoreChoice::fromDatabaseUrl(u"postgresql://set@c/three"_s);
    const SessionStore store = resolveSessionStore(option, dataDirectory, environment, chosen);
    QCOMPARE(store.databaseUrl, expectedUrl);
    QCOMPARE(store.source, expectedSource);
}

void tst_StoreSettings::choiceKeepsNoPassword()
{
    // A server taken from a URL with a password is remembered without it, and comes back as
    // the same URL minus the password.
    AppFixture app; // settings in a temporary directory
    const StoreChoice choice =
        StoreChoice::fromDatabaseUrl(u"postgresql://ada:s3cret@db.example.com:6543/orders"_s);
    QCOMPARE(choice.backend, StoreChoice::Backend::Postgres);
    QCOMPARE(choice.databaseUrl(), u"postgresql://ada@db.example.com:6543/orders"_s);
    const auto settings = openApplicationSettings();
    choice.save(*settings);
    settings->sync();
    QCOMPARE(StoreChoice::load(*settings), choice);
    QFile file(settings->fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains("db.example.com"));
    QVERIFY2(!stored.contains("s3cret"), stored.constData());
}

void tst_StoreSettings::settingsChoosePostgresForTheNextStart()
{
    // File ▸ Settings: choosing a PostgreSQL server stores host, port, database and user (no
    // password: the dialog says where that comes from) for the next start, and the window
    // says that the change waits for it.
    AppFixture app;
    QVERIFY(app.start());
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    window.show();
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    QVERIFY(dialog->sqliteButton()->isChecked());
    QVERIFY(!dialog->hostEdit()->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(u"passwordRule"_s)->text().contains(u"PGPASSWORD"));
    QVERIFY(dialog->findChild<QLabel *>(u"passwordRule"_s)->text().contains(u"never stores"));
    QVERIFY(dialog->findChild<QLabel *>(u"restartNote"_s)->text().contains(u"next time"));
    QVERIFY(dialog->findChild<QLabel *>(u"storeInUse"_s)->text().contains(u"SQLite"));

    dialog->postgresButton()->click();
    QVERIFY(dialog->hostEdit()->isEnabled());
    QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no host yet
    QTest::keyClicks(dialog->hostEdit(), u"db.example.com"_s);
    dialog->portBox()->setValue(6543);
    QVERIFY(!ok->isEnabled()); // no database yet
    QTest::keyClicks(dialog->databaseEdit(), u"orderdesk"_s);
    QTest::keyClicks(dialog->userEdit(), u"ada"_s);
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog->testButton()->isEnabled());
    ok->click();

    const StoreChoice stored = StoreChoice::load(*openApplicationSettings());
    QCOMPARE(stored.backend, StoreChoice::Backend::Postgres);
    QCOMPARE(stored.databaseUrl(), u"postgresql://ada@db.example.com:6543/orderdesk"_s);
    QTRY_VERIFY(window.messageBar()->isVisible());
    QVERIFY2(window.messageBar()->text().contains(u"next start OrderDesk uses the PostgreSQL "
                                                  "server ada@db.example.com:6543/orderdesk"_s),
             qPrintable(window.messageBar()->text()));

    // Back to SQLite; the server is remembered for the next switch.
    dialog = openSettings(window);
    QVERIFY(dialog->postgresButton()->isChecked());
    QCOMPARE(dialog->hostEdit()->text(), u"db.example.com"_s);
    dialog->sqliteButton()->click();
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    const StoreChoice back = StoreChoice::load(*openApplicationSettings());
    QCOMPARE(back.backend, StoreChoice::Backend::Sqlite);
    QCOMPARE(back.host, u"db.example.com"_s);
}

void tst_StoreSettings::settingsExplainAnOverride()
{
    // A session started with --database-url (or the environment) says so in Settings.
    AppFixture app;
    QVERIFY(app.start());
    MainWindow::Options options = noSettings();
    options.storeSource = StoreSource::Environment;
    MainWindow window(*app.bus, *app.projector, app.directory(), options);
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    const QString text = dialog->findChild<QLabel *>(u"storeInUse"_s)->text();
    QVERIFY2(text.contains(u"ORDERDESK_DATABASE_URL"_s), qPrintable(text));
    QVERIFY2(text.contains(u"precedence"_s), qPrintable(text));
    dialog->reject();
}

void tst_StoreSettings::passwordGoesToTheKeychainNotTheSettings()
{
    // The password typed in Settings is remembered in the keychain under the server's key on
    // OK, never in the settings file; the dialog then says it is remembered, and Forget
    // removes it.
    AppFixture app;
    QVERIFY(app.start());
    FakeKeychain keychain;
    MainWindow::Options options = noSettings();
    options.keychain = &keychain;
    MainWindow window(*app.bus, *app.projector, app.directory(), options);
    window.show();
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    QVERIFY(!dialog->passwordEdit()->isEnabled()); // SQLite chosen
    dialog->postgresButton()->click();
    QTest::keyClicks(dialog->hostEdit(), u"db.example.com"_s);
    QTest::keyClicks(dialog->databaseEdit(), u"orderdesk"_s);
    QTest::keyClicks(dialog->userEdit(), u"ada"_s);
    QVERIFY(dialog->passwordEdit()->isVisibleTo(dialog));
    QVERIFY(dialog->passwordEdit()->isEnabled());
    QCOMPARE(dialog->passwordEdit()->echoMode(), QLineEdit::Password);
    const QString key = u"ada@db.example.com:5432/orderdesk"_s;
    QTRY_VERIFY2(dialog->keychainStatus()->text().startsWith(u"No password for "_s + key),
                 qPrintable(dialog->keychainStatus()->text()));
    QVERIFY(!dialog->forgetButton()->isEnabled());

    QTest::keyClicks(dialog->passwordEdit(), u"s3cret-Pw"_s);
    QSignalSpy accepted(dialog, &QDialog::accepted); // the dialog deletes itself once closed
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(keychain.stored, (QHash<QString, QString>{{key, u"s3cret-Pw"_s}}));

    const auto settings = openApplicationSettings();
    settings->sync();
    QCOMPARE(StoreChoice::load(*settings).databaseUrl(),
             u"postgresql://ada@db.example.com:5432/orderdesk"_s);
    QFile file(settings->fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains("db.example.com"));
    QVERIFY2(!stored.contains("s3cret"), stored.constData());
    QVERIFY2(!stored.contains(QUrl::toPercentEncoding(u"s3cret-Pw"_s)), stored.constData());

    dialog = openSettings(window);
    QVERIFY(dialog);
    QVERIFY(dialog->passwordEdit()->text().isEmpty()); // never shown again
    QTRY_VERIFY2(dialog->keychainStatus()->text().startsWith(u"A password for "_s + key),
                 qPrintable(dialog->keychainStatus()->text()));
    QVERIFY(dialog->forgetButton()->isEnabled());
    dialog->forgetButton()->click();
    QTRY_VERIFY(keychain.stored.isEmpty());
    QTRY_VERIFY2(dialog->keychainStatus()->text().contains(u"removed"_s),
                 qPrintable(dialog->keychainStatus()->text()));
    QVERIFY(!dialog->forgetButton()->isEnabled());

    // OK with an empty field leaves the keychain alone.
    QSignalSpy acceptedAgain(dialog, &QDialog::accepted);
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(acceptedAgain.size(), 1);
    QVERIFY(keychain.stored.isEmpty());
}

void tst_StoreSettings::keychainTroubleIsSaidInTheDialog()
{
    // No keychain to be had (no Secret Service running): the dialog says so in words, keeps
    // itself open when the typed password cannot be saved, never shows the password, and
    // closes once the field is cleared.
    AppFixture app;
    FakeKeychain keychain;
    keychain.failure =
        Error{ErrorCode::StorageUnavailable, u"no system keychain is running"_s};
    SettingsDialog::Context context;
    context.choice = StoreChoice::fromDatabaseUrl(u"postgresql://ada@db.example.com/orders"_s);
    context.storeInUse = u"SQLite \u00b7 /tmp/orders.db"_s;
    context.keychain = &keychain;
    SettingsDialog dialog(context);
    dialog.show();
    QTRY_VERIFY2(dialog.keychainStatus()->text().contains(u"no system keychain is running"_s),
                 qPrintable(dialog.keychainStatus()->text()));
    QVERIFY(dialog.keychainStatus()->text().startsWith(u"The system keychain cannot be used"_s));

    QTest::keyClicks(dialog.passwordEdit(), u"s3cret-Pw"_s);
    QSignalSpy answered(&dialog, &SettingsDialog::keychainAnswered);
    dialog.buttons()->button(QDialogButtonBox::Ok)->click();
    QTRY_COMPARE(answered.size(), 1);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), 0);
    const QString status = dialog.keychainStatus()->text();
    QVERIFY2(status.startsWith(u"The password was not saved: no system keychain is running"_s),
             qPrintable(status));
    QVERIFY(!status.contains(u"s3cret"_s));
    QVERIFY(dialog.buttons()->isEnabled());

    dialog.passwordEdit()->clear();
    dialog.buttons()->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
}

void tst_StoreSettings::windowShowsTheStoreInUse()
{
    // The status bar names the write store in use, its full description in the tooltip.
    AppFixture app;
    QVERIFY(app.start());
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    window.show();
    StoreStatusLabel *label = window.storeStatus();
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().startsWith(u"SQLite \u00b7 "_s), qPrintable(label->text()));
    QVERIFY(label->toolTip().contains(app.bus->storeDescription()));
    QVERIFY(label->isConnected());
}

void tst_StoreSettings::storeLabelSaysWhenTheConnectionIsDown()
{
    // A shared store's connection going down and coming back: the label says it is
    // reconnecting (the listener's sentence in the tooltip), then shows the store again.
    StoreStatusLabel label(u"PostgreSQL \u00b7 ada@db:5432/orderdesk"_s);
    QSignalSpy lost(&label, &StoreStatusLabel::connectionLost);
    QSignalSpy restored(&label, &StoreStatusLabel::connectionRestored);
    ProjectionStatus status;
    status.storeConnected = false;
    status.storeMessage = u"No connection to ada@db:5432/orderdesk; retrying in 2 s"_s;
    label.setStatus(status);
    QVERIFY(!label.isConnected());
    QVERIFY2(label.text().contains(u"reconnecting"_s), qPrintable(label.text()));
    QCOMPARE(label.toolTip(), status.storeMessage);
    QCOMPARE(lost.size(), 1);
    label.setStatus(status);
    QCOMPARE(lost.size(), 1);

    status.storeConnected = true;
    status.storeMessage = u"Listening for changes on ada@db:5432/orderdesk"_s;
    label.setStatus(status);
    QCOMPARE(restored.size(), 1);
    QCOMPARE(label.text(), u"PostgreSQL \u00b7 ada@db:5432/orderdesk"_s);

    // The projector's own reads fail while the server is away: that is waiting, not a fault.
    ProjectionStatusWidget projector;
    status.state = ProjectionStatus::State::Failed;
    status.storeConnected = false;
    projector.setStatus(status);
    QVERIFY2(projector.stateText().contains(u"waiting for the server"_s),
             qPrintable(projector.stateText()));
}

void tst_StoreSettings::testConnectionReachesTheServer()
{
    // "Test Connection" logs in with the fields as entered (the password from PGPASSFILE)
    // and says what it found; a server that is not there is a sentence, not a hang.
    if (const char *reason = PgTestDatabase::skipReason(); *reason)
        QSKIP(reason);
    PgTestDatabase database;
    QVERIFY2(database.error().isEmpty(), qPrintable(database.error()));
    SettingsDialog::Context context;
    context.choice = StoreChoice::fromDatabaseUrl(database.url());
    context.storeInUse = u"SQLite \u00b7 /tmp/orders.db"_s;
    SettingsDialog dialog(context);
    QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
    QVERIFY(dialog.testButton()->isEnabled());
    dialog.testButton()->click();
    QVERIFY(!dialog.testButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 15'000);
    QVERIFY2(tested.at(0).at(0).toBool(), qPrintable(tested.at(0).at(1).toString()));
    QVERIFY(dialog.testResult()->text().startsWith(u"Connected"_s));

    dialog.portBox()->setValue(1);
    dialog.testButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 2, 15'000);
    QVERIFY(!tested.at(1).at(0).toBool());
    QVERIFY2(dialog.testResult()->text().contains(u":1/"_s),
             qPrintable(dialog.testResult()->text()));
}

void tst_StoreSettings::testConnectionUsesTheTypedPassword()
{
    // With no PGPASSWORD and no password file, "Test Connection" logs in with the password
    // typed in the dialog (a wrong one is refused, and not quoted), or, with the field empty,
    // with the one the keychain remembers for the server.
    if (const char *reason = PgTestDatabase::skipReason(); *reason)
        QSKIP(reason);
    PgTestDatabase database;
    QVERIFY2(database.error().isEmpty(), qPrintable(database.error()));
    const QString password = passwordFromPassFile();
    if (password.isEmpty())
        QSKIP("Needs the password file of scripts/pg-test-cluster (PGPASSFILE)");
    const EnvironmentVariable noPassword("PGPASSWORD", QByteArray());
    const EnvironmentVariable noPassFile("PGPASSFILE", "/nonexistent/pgpass");

    FakeKeychain keychain;
    SettingsDialog::Context context;
    context.choice = StoreChoice::fromDatabaseUrl(database.url());
    context.storeInUse = u"SQLite \u00b7 /tmp/orders.db"_s;
    context.keychain = &keychain;
    SettingsDialog dialog(context);
    QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
    QTRY_VERIFY(dialog.keychainStatus()->text().startsWith(u"No password"_s));

    dialog.testButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 15'000);
    QVERIFY2(!tested.at(0).at(0).toBool(), qPrintable(tested.at(0).at(1).toString()));

    QTest::keyClicks(dialog.passwordEdit(), u"wrong-Passw0rd"_s);
    dialog.testButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 2, 15'000);
    QVERIFY(!tested.at(1).at(0).toBool());
    QVERIFY2(dialog.testResult()->text().contains(u"password authentication failed"_s),
             qPrintable(dialog.testResult()->text()));
    QVERIFY(!dialog.testResult()->text().contains(u"wrong-Passw0rd"_s));

    dialog.passwordEdit()->setText(password);
    dialog.testButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 3, 15'000);
    QVERIFY2(tested.at(2).at(0).toBool(), qPrintable(tested.at(2).at(1).toString()));
    QVERIFY(!dialog.testResult()->text().contains(password));
    QVERIFY(keychain.stored.isEmpty()); // testing remembers nothing

    // A dialog on the server whose password is remembered, the field left empty: the
    // keychain's password is used.
    keychain.stored.insert(keychainKey(dialog.choice()), password);
    SettingsDialog remembered(context);
    QSignalSpy rememberedTested(&remembered, &SettingsDialog::connectionTested);
    QTRY_VERIFY2(remembered.keychainStatus()->text().startsWith(u"A password for"_s),
                 qPrintable(remembered.keychainStatus()->text()));
    QVERIFY(remembered.passwordEdit()->text().isEmpty());
    remembered.testButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(rememberedTested.size(), 1, 15'000);
    QVERIFY2(rememberedTested.at(0).at(0).toBool(),
             qPrintable(rememberedTested.at(0).at(1).toString()));
}

void tst_StoreSettings::windowOnASharedServerSaysWhenItReconnects()
{
    // A window on a PostgreSQL store names it in the status bar; when the server drops the
    // connection that wakes the projector, the status bar says it is reconnecting, and then
    // that it is back.
    if (const char *reason = PgTestDatabase::skipReason(); *reason)
        QSKIP(reason);
    PgTestDatabase database;
    QVERIFY2(database.error().isEmpty(), qPrintable(database.error()));
    AppFixture app; // only its temporary directory and settings
    WriteStoreConfig config = database.config();
    CommandBus bus(config);
    QVERIFY(bus.start());
    ProjectorConfig projectorConfig;
    projectorConfig.eventLog = config;
    projectorConfig.readStorePath = app.directory().readStorePath();
    Projector projector(projectorConfig);
    QVERIFY(projector.start());
    {
        MainWindow window(bus, projector, app.directory(), noSettings());
        window.show();
        StoreStatusLabel *label = window.storeStatus();
        QVERIFY2(label->text().startsWith(u"PostgreSQL \u00b7 "_s), qPrintable(label->text()));
        QVERIFY(label->text().endsWith(database.name()));
        QVERIFY(label->isConnected());

        QSignalSpy lost(label, &StoreStatusLabel::connectionLost);
        QSignalSpy restored(label, &StoreStatusLabel::connectionRestored);
        QCOMPARE(*database.terminateConnections(u"OrderDesk listener"_s), 1);
        QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, 10'000);
        QVERIFY(lost.at(0).at(0).toString().contains(database.name()));
        QTRY_COMPARE_WITH_TIMEOUT(restored.size(), 1, 10'000);
        QVERIFY(label->isConnected());
        QVERIFY2(window.statusBar()->currentMessage().contains(u"again"_s),
                 qPrintable(window.statusBar()->currentMessage()));
    }
    projector.stop();
    bus.stop();
}

QTEST_MAIN(tst_StoreSettings)
#include "tst_storesettings.moc"
