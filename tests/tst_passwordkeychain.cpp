// SPDX-License-Identifier: MIT
// PostgreSQL passwords in the system keychain: the key of a server, the password put into a
// session's URL at start (with a fake keychain), descriptions that never show it, and, with a
// Secret Service of the test's own (tests/with-secret-service), the real keychain.
#include "fakekeychain.h"
#include "passwordkeychain.h"
#include "storage/postgresconnection.h"
#include "storechoice.h"
#include "testsupport.h"
#include "write/eventnotificationlistener.h"
#include "write/writestore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QString password(const QString &url)
{
    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(url);
    return settings ? settings->password : u"(invalid URL)"_s;
}

/// The test cluster's password: scripts/pg-test-cluster keeps it only in its PGPASSFILE.
QString passwordFromPassFile()
{
    QFile file(qEnvironmentVariable("PGPASSFILE"));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readLine().trimmed()).section(u':', 4);
}

constexpr auto Secret = "Sup3r-Secr3t";

/// A result's error for a failure message (QVERIFY2 evaluates it on success too).
template<typename T> QByteArray errorText(const Result<T> &result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

} // namespace

class tst_PasswordKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyNaming_data();
    void keyNaming();
    void withPasswordKeepsEverythingElse_data();
    void withPasswordKeepsEverythingElse();
    void descriptionsNeverShowThePassword();
    void startTakesTheKeychainPassword();
    void startLeavesTheUrlAlone_data();
    void startLeavesTheUrlAlone();
    void systemKeychainRoundTrip();
    void systemKeychainPasswordLogsIn();
};

void tst_PasswordKeychain::keyNaming_data()
{
    struct Row
    {
        const char *name;
        QString url;
        QString key;
    };
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");
    const Row rows[] = {
            {"full", u"postgresql://ada@db.example.com:6543/orders"_s,
             u"ada@db.example.com:6543/orders"_s},
            {"default port", u"postgresql://ada@db/orders"_s, u"ada@db:5432/orders"_s},
            {"a password is not part of it", u"postgresql://ada:pw@db/orders"_s,
             u"ada@db:5432/orders"_s},
            {"nor are options", u"postgresql://ada@db/orders?sslmode=require"_s,
             u"ada@db:5432/orders"_s},
            {"ipv6", u"postgresql://ada@[::1]:5433/orders"_s, u"ada@[::1]:5433/orders"_s},
            {"escaped", u"postgresql://b%C3%B6rje@db/my%20orders"_s,
             u"b\u00f6rje@db:5432/my orders"_s},
    };
    for (const Row &row : rows)
        QTest::newRow(row.name) << row.url << row.key;
}

void tst_PasswordKeychain::keyNaming()
{
    // A server's key is "user@host:port/database", the same whether it comes from a URL or
    // from what Settings hold, and never holds a password.
    QFETCH(QString, url);
    QFETCH(QString, key);
    const Result<PostgresSettings> server = PostgresSettings::fromUrl(url);
    QVERIFY(server);
    QCOMPARE(keychainKey(*server), key);
    QCOMPARE(keychainKey(StoreChoice::fromDatabaseUrl(url)), key);
    QCOMPARE(keychainService(), u"OrderDesk"_s);

    // Nothing to remember for SQLite or a server without host or database.
    QCOMPARE(keychainKey(StoreChoice()), QString());
    StoreChoice incomplete = StoreChoice::fromDatabaseUrl(url);
    incomplete.database.clear();
    QCOMPARE(keychainKey(incomplete), QString());
}

void tst_PasswordKeychain::withPasswordKeepsEverythingElse_data()
{
    QTest::addColumn<QString>("secret");
    QTest::newRow("plain") << u"s3cret"_s;
    QTest::newRow("URL syntax") << u"p@ss:w/rd?#%41&x=;"_s;
    QTest::newRow("spaces and non-ASCII") << u"gr\u00fc\u00dfe aus K\u00f6ln"_s;
    QTest::newRow("quotes and backslashes") << u"it's \\ \"odd\""_s;
}

void tst_PasswordKeychain::withPasswordKeepsEverythingElse()
{
    // The keychain's password goes into the URL as it is, whatever characters it holds; host,
    // port, user, database and options stay as they were.
    QFETCH(QString, secret);
    const QString url = u"postgresql://ada@db.example.com:6543/orders?sslmode=require"_s;
    const QString withIt = withPassword(url, secret);
    const Result<PostgresSettings> before = PostgresSettings::fromUrl(url);
    const Result<PostgresSettings> after = PostgresSettings::fromUrl(withIt);
    QVERIFY2(after, errorText(after).constData());
    QCOMPARE(after->password, secret);
    QCOMPARE(after->host, before->host);
    QCOMPARE(after->port, before->port);
    QCOMPARE(after->user, before->user);
    QCOMPARE(after->database, before->database);
    QCOMPARE(after->options, before->options);
    QCOMPARE(after->displayName(), before->displayName());

    QCOMPARE(withPassword(url, QString()), url);
    QCOMPARE(withPassword(QString(), secret), QString());
}

void tst_PasswordKeychain::descriptionsNeverShowThePassword()
{
    // A session URL with the keychain's password in it: what is shown of it — the store's
    // description, the listener's server name, the server Settings keep, an error about the
    // URL or about the connection — never contains the password.
    const QString secret = QString::fromLatin1(Secret);
    const QString url = withPassword(u"postgresql://ada@127.0.0.1:1/orders"_s, secret);
    QCOMPARE(password(url), secret);

    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(url);
    QVERIFY(!settings->displayName().contains(secret));
    WriteStoreConfig config;
    config.databaseUrl = url;
    const std::unique_ptr<WriteStore> store = createWriteStore(config);
    QVERIFY2(store->description().contains(u"ada@127.0.0.1:1/orders"_s),
             qPrintable(store->description()));
    QVERIFY(!store->description().contains(secret));
    QVERIFY(!EventNotificationListener(url).serverName().contains(secret));
    QVERIFY(!StoreChoice::fromDatabaseUrl(url).databaseUrl().contains(secret));

    const Result<PostgresSettings> invalid = PostgresSettings::fromUrl(url + u"#fragment"_s);
    QVERIFY(!invalid);
    QVERIFY2(!invalid.error().message.contains(secret), qPrintable(invalid.error().message));

    // Port 1: nothing listens there, the connection is refused at once.
    PostgresConnection connection(u"test"_s);
    const Result<void> opened = connection.open(*settings);
    QVERIFY(!opened);
    QVERIFY2(opened.error().message.contains(u"ada@127.0.0.1:1/orders"_s),
             qPrintable(opened.error().message));
    QVERIFY2(!opened.error().message.contains(secret), qPrintable(opened.error().message));
}

void tst_PasswordKeychain::startTakesTheKeychainPassword()
{
    // At start, a URL without a password, with PGPASSWORD unset, gets the password the
    // keychain holds for that server.
    const EnvironmentVariable noPassword("PGPASSWORD", QByteArray());
    FakeKeychain keychain;
    keychain.stored.insert(u"ada@db.example.com:6543/orders"_s, QString::fromLatin1(Secret));
    keychain.stored.insert(u"bob@db.example.com:6543/orders"_s, u"not this one"_s);
    const QString url = u"postgresql://ada@db.example.com:6543/orders?sslmode=require"_s;
    const QString session = withKeychainPassword(url, keychain, 5s);
    QCOMPARE(password(session), QString::fromLatin1(Secret));
    QCOMPARE(PostgresSettings::fromUrl(session)->displayName(),
             PostgresSettings::fromUrl(url)->displayName());
    QCOMPARE(PostgresSettings::fromUrl(session)->options,
             PostgresSettings::fromUrl(url)->options);
    QCOMPARE(keychain.reads, 1);
}

void tst_PasswordKeychain::startLeavesTheUrlAlone_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("pgpassword");
    QTest::addColumn<bool>("stored");
    QTest::addColumn<bool>("fails");
    QTest::addColumn<bool>("answers");
    QTest::addColumn<int>("reads");

    const QString url = u"postgresql://ada@db.example.com:6543/orders"_s;
    QTest::newRow("the URL has a password")
        << u"postgresql://ada:other@db.example.com:6543/orders"_s << QByteArray() << true
        << false << true << 0;
    QTest::newRow("PGPASSWORD is set") << url << "from-env"_ba << true << false << true << 0;
    QTest::newRow("an empty PGPASSWORD counts as unset, nothing stored")
        << url << ""_ba << false << false << true << 1;
    QTest::newRow("nothing stored") << url << QByteArray() << false << false << true << 1;
    QTest::newRow("the keychain fails") << url << QByteArray() << true << true << true << 1;
    QTest::newRow("the keychain does not answer")
        << url << QByteArray() << true << false << false << 1;
    QTest::newRow("SQLite") << QString() << QByteArray() << true << false << true << 0;
}

void tst_PasswordKeychain::startLeavesTheUrlAlone()
{
    // Whenever the keychain has nothing to add, or must not, or cannot, the session's URL is
    // the one given and libpq's own rules apply; a keychain that hangs costs the timeout, no
    // more.
    QFETCH(QString, url);
    QFETCH(QByteArray, pgpassword);
    QFETCH(bool, stored);
    QFETCH(bool, fails);
    QFETCH(bool, answers);
    QFETCH(int, reads);
    const EnvironmentVariable environment("PGPASSWORD", pgpassword);
    FakeKeychain keychain;
    if (stored)
        keychain.stored.insert(u"ada@db.example.com:6543/orders"_s, QString::fromLatin1(Secret));
    if (fails)
        keychain.failure = Error{ErrorCode::StorageUnavailable, u"no keychain here"_s};
    keychain.answers = answers;
    QElapsedTimer elapsed;
    elapsed.start();
    QCOMPARE(withKeychainPassword(url, keychain, 300ms), url);
    QVERIFY2(elapsed.elapsed() < 3000, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(keychain.reads, reads);
    // A late answer is dropped, not delivered to a loop that is gone.
    QTest::qWait(50);
}

/// Why the real keychain cannot be tested here; empty when it can.
const char *secretServiceSkipReason()
{
    if (qEnvironmentVariableIsEmpty("ORDERDESK_TEST_SECRET_SERVICE"))
        return "The system keychain tests need a Secret Service of their own: ctest runs them "
               "as passwordkeychain-secretservice, through tests/with-secret-service";
    if (!PasswordKeychain::system().isAvailable())
        return "This build has no system keychain (QtKeychain was not found)";
    return "";
}

void tst_PasswordKeychain::systemKeychainRoundTrip()
{
    // The real system keychain through QtKeychain, on a Secret Service of the test's own: a
    // password written under a server's key is read back, reaches the session's URL at start,
    // and is gone once removed.
    if (const char *reason = secretServiceSkipReason(); *reason)
        QSKIP(reason);
    PasswordKeychain &keychain = PasswordKeychain::system();

    const QString user = u"t"_s + QUuid::createUuid().toString(QUuid::Id128).left(12);
    const QString url = u"postgresql://%1@db.example.com:6543/orders"_s.arg(user);
    const QString key = keychainKey(*PostgresSettings::fromUrl(url));
    std::optional<Result<void>> written;
    keychain.write(key, QString::fromLatin1(Secret), this,
                   [&](const Result<void> &result) { written = result; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 10'000);
    QVERIFY2(*written, errorText(*written).constData());

    std::optional<Result<QString>> read;
    keychain.read(key, this, [&](const Result<QString> &result) { read = result; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10'000);
    QVERIFY2(*read, errorText(*read).constData());
    QCOMPARE(**read, QString::fromLatin1(Secret));

    {
        const EnvironmentVariable noPassword("PGPASSWORD", QByteArray());
        QCOMPARE(password(withKeychainPassword(url, keychain, 5s)), QString::fromLatin1(Secret));
    }

    std::optional<Result<void>> removed;
    keychain.remove(key, this, [&](const Result<void> &result) { removed = result; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 10'000);
    QVERIFY2(*removed, errorText(*removed).constData());
    read.reset();
    keychain.read(key, this, [&](const Result<QString> &result) { read = result; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10'000);
    QVERIFY2(*read, errorText(*read).constData());
    QCOMPARE(**read, QString());
}

void tst_PasswordKeychain::systemKeychainPasswordLogsIn()
{
    // A PostgreSQL server's password found in the real keychain at start logs in where libpq
    // alone (no PGPASSWORD, no password file) cannot.
    if (const char *reason = secretServiceSkipReason(); *reason)
        QSKIP(reason);
    const QString server = qEnvironmentVariable("ORDERDESK_TEST_PG_URL");
    const QString serverPassword = passwordFromPassFile();
    if (server.isEmpty() || serverPassword.isEmpty())
        QSKIP("Needs the test server of scripts/pg-test-cluster (ORDERDESK_TEST_PG_URL and its "
              "PGPASSFILE)");
    PasswordKeychain &keychain = PasswordKeychain::system();
    const QString serverKey = keychainKey(*PostgresSettings::fromUrl(server));
    std::optional<Result<void>> written;
    keychain.write(serverKey, serverPassword, this,
                   [&](const Result<void> &result) { written = result; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 10'000);
    QVERIFY2(*written, errorText(*written).constData());
    const EnvironmentVariable noPassword("PGPASSWORD", QByteArray());
    const EnvironmentVariable noPassFile("PGPASSFILE", "/nonexistent/pgpass");
    PostgresConnection connection(u"test"_s);
    const Result<void> withoutKeychain = connection.open(*PostgresSettings::fromUrl(server));
    QVERIFY(!withoutKeychain);
    const Result<void> opened = connection.open(
            *PostgresSettings::fromUrl(withKeychainPassword(server, keychain, 5s)));
    QVERIFY2(opened, errorText(opened).constData());
    std::optional<Result<void>> removed;
    keychain.remove(serverKey, this, [&](const Result<void> &result) { removed = result; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 10'000);
}

QTEST_GUILESS_MAIN(tst_PasswordKeychain)
#include "tst_passwordkeychain.moc"
