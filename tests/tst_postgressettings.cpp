// SPDX-License-Identifier: MIT
// Database URLs and PostgreSQL error mapping: no server needed.

#include "storage/postgresconnection.h"
#include "write/postgreswritestore.h"

#include <QSqlError>
#include <QTest>

using namespace OrderDesk;
using namespace Qt::StringLiterals;

class tst_PostgresSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsing_data();
    void parsing();
    void invalidUrls_data();
    void invalidUrls();
    void passwordIsNeverShown();
    void connectOptions();
    void errorMapping_data();
    void errorMapping();
};

void tst_PostgresSettings::parsing_data()
{
    struct Row
    {
        const char *name;
        QString url;
        QString host;
        int port;
        QString user;
        QString database;
        QString display;
    };
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("display");
    const Row rows[] = {
            {"full", u"postgresql://ada@db.example.com:6543/orders"_s, u"db.example.com"_s, 6543,
             u"ada"_s, u"orders"_s, u"ada@db.example.com:6543/orders"_s},
            {"default port", u"postgresql://ada@db/orders"_s, u"db"_s, 5432, u"ada"_s,
             u"orders"_s, u"ada@db:5432/orders"_s},
            {"short scheme", u"postgres://ada@db/orders"_s, u"db"_s, 5432, u"ada"_s, u"orders"_s,
             u"ada@db:5432/orders"_s},
            {"no user", u"postgresql://db/orders"_s, u"db"_s, 5432, QString(), u"orders"_s,
             u"db:5432/orders"_s},
            {"escaped", u"postgresql://b%C3%B6rje@db/my%20orders"_s, u"db"_s, 5432,
             u"b\u00f6rje"_s, u"my orders"_s, u"b\u00f6rje@db:5432/my orders"_s},
            {"ipv6", u"postgresql://ada@[::1]:5433/orders"_s, u"::1"_s, 5433, u"ada"_s,
             u"orders"_s, u"ada@[::1]:5433/orders"_s},
            {"socket dir in the query", u"postgresql:///orders?host=/run/postgresql"_s,
             u"/run/postgresql"_s, 5432, QString(), u"orders"_s,
             u"/run/postgresql:5432/orders"_s},
    };
    for (const Row &row : rows)
        QTest::newRow(row.name) << row.url << row.host << row.port << row.user << row.database
                                << row.display;
}

void tst_PostgresSettings::parsing()
{
    // postgresql:// URLs give host, port, user and database, with libpq's defaults.
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, database);
    QFETCH(QString, display);
    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(url);
    QVERIFY2(settings, settings ? "" : qPrintable(settings.error().message));
    QCOMPARE(settings->host, host);
    QCOMPARE(settings->port, port);
    QCOMPARE(settings->user, user);
    QCOMPARE(settings->database, database);
    QCOMPARE(settings->displayName(), display);
}

void tst_PostgresSettings::invalidUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("wrong scheme") << u"mysql://ada@db/orders"_s;
    QTest::newRow("no scheme") << u"db/orders"_s;
    QTest::newRow("bad port") << u"postgresql://ada@db:99999/orders"_s;
    QTest::newRow("nested path") << u"postgresql://ada@db/orders/more"_s;
    QTest::newRow("bad option") << u"postgresql://ada@db/orders?Sslmode=x"_s;
    QTest::newRow("semicolon") << u"postgresql://ada@db/orders?sslmode=a;b"_s;
    QTest::newRow("fragment") << u"postgresql://ada@db/orders#x"_s;
}

void tst_PostgresSettings::invalidUrls()
{
    // A URL that is not a PostgreSQL URL is refused with a sentence saying what is expected.
    QFETCH(QString, url);
    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(url);
    QVERIFY(!settings);
    QCOMPARE(settings.error().code, ErrorCode::InvalidCommand);
    QVERIFY2(settings.error().message.contains(u"postgresql://"_s),
             qPrintable(settings.error().message));
}

void tst_PostgresSettings::passwordIsNeverShown()
{
    // A password in the URL reaches the connection, but no description or error shows it.
    const QString url = u"postgresql://ada:s3cr%40t@db:5432/orders"_s;
    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(url);
    QVERIFY(settings);
    QCOMPARE(settings->password, u"s3cr@t"_s);
    QVERIFY(!settings->displayName().contains(u"s3cr"_s));
    QVERIFY(!settings->connectOptions(u"OrderDesk write"_s).contains(u"s3cr"_s));

    WriteStoreConfig config;
    config.databaseUrl = url;
    QCOMPARE(PostgresWriteStore(config).description(),
             u"PostgreSQL \u00b7 ada@db:5432/orders"_s);

    const Result<PostgresSettings> bad =
            PostgresSettings::fromUrl(u"postgresql://ada:s3cret@db/orders/x"_s);
    QVERIFY(!bad);
    QVERIFY2(!bad.error().message.contains(u"s3cret"_s), qPrintable(bad.error().message));
}

void tst_PostgresSettings::connectOptions()
{
    // Query options pass to libpq quoted; a connect timeout and the application name are
    // added unless the URL sets them.
    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(
            u"postgresql://ada@db/orders?sslmode=require&application_name=it's%20me"_s);
    QVERIFY(settings);
    QCOMPARE(settings->connectOptions(u"OrderDesk write"_s),
             u"sslmode='require';application_name='it\\'s me';connect_timeout=10"_s);
    const Result<PostgresSettings> plain = PostgresSettings::fromUrl(u"postgresql://db/o"_s);
    QCOMPARE(plain->connectOptions(u"OrderDesk write"_s),
             u"connect_timeout=10;application_name='OrderDesk write'"_s);
}

void tst_PostgresSettings::errorMapping_data()
{
    QTest::addColumn<QString>("sqlState");
    QTest::addColumn<int>("type");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<bool>("connectionLost");
    const int statement = int(QSqlError::StatementError);
    QTest::newRow("disk full") << u"53100"_s << statement << ErrorCode::StorageFull << false;
    QTest::newRow("serialization") << u"40001"_s << statement << ErrorCode::StorageBusy << false;
    QTest::newRow("deadlock") << u"40P01"_s << statement << ErrorCode::StorageBusy << false;
    QTest::newRow("lock timeout") << u"55P03"_s << statement << ErrorCode::StorageBusy << false;
    QTest::newRow("too many connections")
            << u"53300"_s << statement << ErrorCode::StorageBusy << false;
    QTest::newRow("connection failure")
            << u"08006"_s << statement << ErrorCode::StorageUnavailable << true;
    QTest::newRow("admin shutdown")
            << u"57P01"_s << statement << ErrorCode::StorageUnavailable << true;
    QTest::newRow("no SQLSTATE: libpq lost the server")
            << QString() << statement << ErrorCode::StorageUnavailable << true;
    QTest::newRow("cannot connect")
            << QString() << int(QSqlError::ConnectionError) << ErrorCode::StorageUnavailable
            << true;
    QTest::newRow("bad password")
            << u"28P01"_s << statement << ErrorCode::StorageUnavailable << false;
    QTest::newRow("no such database")
            << u"3D000"_s << statement << ErrorCode::StorageUnavailable << false;
    QTest::newRow("read-only transaction")
            << u"25006"_s << statement << ErrorCode::StorageReadOnly << false;
    QTest::newRow("data corrupted") << u"XX001"_s << statement << ErrorCode::StorageCorrupt
                                    << false;
    QTest::newRow("other unique violation")
            << u"23505"_s << statement << ErrorCode::StorageError << false;
}

void tst_PostgresSettings::errorMapping()
{
    // SQLSTATEs become the storage error codes the rest of OrderDesk knows.
    QFETCH(QString, sqlState);
    QFETCH(int, type);
    QFETCH(ErrorCode, code);
    QFETCH(bool, connectionLost);
    const QSqlError error(u"QPSQL: Unable to create query"_s, u"something went wrong"_s,
                          QSqlError::ErrorType(type), sqlState);
    const Error mapped = postgresError(error, u"Cannot save order O1"_s);
    QCOMPARE(mapped.code, code);
    QVERIFY(mapped.message.startsWith(u"Cannot save order O1: "_s));
    QCOMPARE(isConnectionError(error), connectionLost);
}

QTEST_GUILESS_MAIN(tst_PostgresSettings)
#include "tst_postgressettings.moc"
