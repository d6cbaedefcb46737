// SPDX-License-Identifier: MIT
#include "projections/readstorebuilder.h"
#include "read/readstorecomparison.h"
#include "readsidesupport.h"
#include "storage/sqliteconnection.h"
#include "storage/sqlitestatement.h"

#include <QTemporaryDir>
#include <QTest>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

/// Runs a test body with the C API allowed or forbidden, and allows it again afterwards.
class ApiChoice
{
public:
    explicit ApiChoice(bool native)
        : m_before(SqliteNativeAccess::isAllowed())
    {
        SqliteNativeAccess::setAllowed(native);
    }
    ~ApiChoice() { SqliteNativeAccess::setAllowed(m_before); }
    ApiChoice(const ApiChoice &) = delete;
    ApiChoice &operator=(const ApiChoice &) = delete;

private:
    bool m_before;
};

struct Connection
{
    explicit Connection(const QString &path)
        : connection(u"stmt-test"_s)
    {
        SqliteConnection::Options options;
        options.path = path;
        options.what = u"test store"_s;
        options.create = true;
        opened = connection.open(options);
    }
    SqliteConnection connection;
    Result<void> opened;
};

} // namespace

class tst_SqliteStatement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void pathFollowsTheCheck();
    void valuesRoundTrip_data();
    void valuesRoundTrip();
    void errorsAreWordedAlike_data();
    void errorsAreWordedAlike();
    void bothPathsProjectTheSame();

private:
    QTemporaryDir m_dir;
    int m_file = 0;
    QString nextPath() { return m_dir.filePath(u"s%1.db"_s.arg(++m_file)); }
};

void tst_SqliteStatement::init()
{
    QVERIFY(m_dir.isValid());
}

void tst_SqliteStatement::pathFollowsTheCheck()
{
    // The C API is used exactly when the check found QtSql on this program's own SQLite, and
    // never once it is forbidden.
    Connection c(nextPath());
    QVERIFY2(c.opened, failure(c.opened));
    const QString reason = SqliteNativeAccess::unavailableReason(c.connection.database());
    {
        SqliteStatement statement(c.connection, u"SELECT 1"_s);
        QCOMPARE(statement.isNative(), reason.isEmpty() && SqliteNativeAccess::isAllowed());
    }
    {
        const ApiChoice qtsql(false);
        SqliteStatement statement(c.connection, u"SELECT 1"_s);
        QVERIFY(!statement.isNative());
    }
    if (!reason.isEmpty())
        qInfo("The C API is not used here: %s", qPrintable(reason));
}

void tst_SqliteStatement::valuesRoundTrip_data()
{
    QTest::addColumn<bool>("native");
    QTest::newRow("C API") << true;
    QTest::newRow("QtSql") << false;
}

void tst_SqliteStatement::valuesRoundTrip()
{
    // Both paths store and read values the way QtSql does: a null QString is NULL, an empty one
    // is '', text survives in any script, integers keep all 64 bits, and rows are counted.
    QFETCH(bool, native);
    const ApiChoice choice(native);
    Connection c(nextPath());
    QVERIFY2(c.opened, failure(c.opened));
    QVERIFY(c.connection.exec(u"CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, a TEXT, "
                              "b TEXT UNIQUE)"_s));
    SqliteStatement insert(c.connection, u"INSERT INTO t (n, a, b) VALUES (?, ?, ?)"_s);
    if (!SqliteNativeAccess::unavailableReason(c.connection.database()).isEmpty() && native)
        QSKIP("The C API cannot be used with this Qt (its QSQLITE carries its own SQLite)");
    QCOMPARE(insert.isNative(), native);

    const QString unicode = u"M\u00fcller \u00e9t\u00e9 \u6f22\u5b57 \U0001F600"_s;
    const struct
    {
        qint64 n;
        QString a;
        QByteArray b;
    } rows[] = {
        {std::numeric_limits<qint64>::min(), QString(), "x"},
        {std::numeric_limits<qint64>::max(), u""_s, ""},
        {42, unicode, unicode.toUtf8()},
    };
    for (const auto &row : rows) {
        insert.bind(0, row.n);
        insert.bind(1, row.a);
        insert.bindUtf8(2, row.b);
        QVERIFY(insert.exec());
        QCOMPARE(insert.changes(), 1);
    }
    QCOMPARE(insert.lastInsertRowid(), 3);

    SqliteStatement select(c.connection,
                           u"SELECT n, a, b, typeof(a), typeof(b) FROM t ORDER BY id"_s);
    QVERIFY(select.exec());
    QVERIFY(select.next());
    QCOMPARE(select.int64(0), std::numeric_limits<qint64>::min());
    QVERIFY(select.isNull(1));
    QVERIFY(select.text(1).isNull());
    QCOMPARE(select.text(3), u"null"_s);
    QCOMPARE(select.text(2), u"x"_s);
    QVERIFY(select.next());
    QCOMPARE(select.int64(0), std::numeric_limits<qint64>::max());
    QVERIFY(!select.text(1).isNull());
    QVERIFY(select.text(1).isEmpty());
    QCOMPARE(select.text(3), u"text"_s);
    QCOMPARE(select.text(4), u"text"_s);
    QVERIFY(select.next());
    QCOMPARE(select.text(1), unicode);
    QCOMPARE(select.utf8(2), unicode.toUtf8());
    QVERIFY(!select.next());
    QVERIFY(!select.next());

    // Run again with new values: nothing of the last run is left over.
    SqliteStatement update(c.connection, u"UPDATE t SET n = ? WHERE n < ?"_s);
    update.bind(0, 7);
    update.bind(1, 0);
    QVERIFY(update.exec());
    QCOMPARE(update.changes(), 1);
    update.bind(0, 8);
    update.bind(1, std::numeric_limits<qint64>::min());
    QVERIFY(update.exec());
    QCOMPARE(update.changes(), 0);

    // A statement left in the middle of its rows holds a read; reset() lets go of it, so the
    // table can be dropped.
    QVERIFY(select.exec());
    QVERIFY(select.next());
    select.reset();
    QVERIFY(c.connection.exec(u"DROP TABLE t"_s));
}

void tst_SqliteStatement::errorsAreWordedAlike_data()
{
    valuesRoundTrip_data();
}

void tst_SqliteStatement::errorsAreWordedAlike()
{
    // A failing statement gives the error sqliteError() gives for QtSql's errors: the same
    // code, SQLite's own words after the context; the statement can run again afterwards.
    QFETCH(bool, native);
    const ApiChoice choice(native);
    Connection c(nextPath());
    QVERIFY2(c.opened, failure(c.opened));
    QVERIFY(c.connection.exec(u"CREATE TABLE t (b TEXT UNIQUE NOT NULL)"_s));
    SqliteStatement insert(c.connection, u"INSERT INTO t (b) VALUES (?)"_s);
    insert.bind(0, u"same"_s);
    QVERIFY(insert.exec());
    insert.bind(0, u"same"_s);
    const Result<void> clash = insert.exec(u"Cannot save"_s);
    QVERIFY(!clash);
    QCOMPARE(clash.error().code, ErrorCode::StorageError);
    QVERIFY2(clash.error().message.startsWith(u"Cannot save: UNIQUE constraint failed: t.b"_s),
             qPrintable(clash.error().message));
    insert.bind(0, QString());
    const Result<void> null = insert.exec();
    QVERIFY(!null);
    QVERIFY2(null.error().message.contains(u"NOT NULL"_s), qPrintable(null.error().message));
    insert.bind(0, u"other"_s);
    QVERIFY(insert.exec());

    SqliteStatement broken(c.connection, u"SELEKT nothing"_s);
    const Result<void> syntax = broken.exec(u"Cannot read"_s);
    QVERIFY(!syntax);
    QVERIFY2(syntax.error().message.startsWith(u"Cannot read: "_s),
             qPrintable(syntax.error().message));
    QVERIFY2(syntax.error().message.contains(u"syntax error"_s),
             qPrintable(syntax.error().message));
}

void tst_SqliteStatement::bothPathsProjectTheSame()
{
    // The projection handlers give the same read store row for row whichever path their
    // statements take, including for events that fail (dead letters).
    const QString dir = m_dir.filePath(u"desk"_s);
    QVERIFY(QDir().mkpath(dir));
    Desk desk(dir);
    QVERIFY(desk.startBus());
    QCOMPARE(addReferenceData(*desk.bus), QString());
    for (int i = 0; i < 40; ++i) {
        const CommandResult created =
            send(*desk.bus,
                 CreateOrder {{},
                              {},
                              u"C%1"_s.arg(1 + i % 3),
                              {{u"SKU-%1"_s.arg(1 + i % 3), 1 + i % 4, std::nullopt}},
                              u"EUR"_s});
        QVERIFY2(created.isAccepted(), qPrintable(created.message));
        if (i % 7 == 0)
            QVERIFY(send(*desk.bus,
                         ChangeOrderLines {{}, created.targetId, {{u"SKU-2"_s, 3, std::nullopt}}})
                        .isAccepted());
        if (i % 2 == 0)
            QVERIFY(send(*desk.bus, ConfirmOrder {{}, created.targetId}).isAccepted());
        if (i % 5 == 0)
            QVERIFY(
                send(*desk.bus, CancelOrder {{}, created.targetId, u"no stock"_s}).isAccepted());
    }
    desk.bus->stop();
    {
        RawSql log(desk.store.path);
        QVERIFY(plantEvent(log, u"ORD-NEVER"_s, 2, u"OrderShipped"_s, 1,
                           R"({"orderId":"ORD-NEVER"})", 1));
        QVERIFY(plantEvent(log, u"ORD-BROKEN"_s, 1, u"OrderCreated"_s, 2, "{not json", 1));
    }

    WriteStoreConfig readOnly = desk.store;
    readOnly.readOnly = true;
    QStringList paths;
    for (bool native : {true, false}) {
        const ApiChoice choice(native);
        const std::unique_ptr<WriteStore> events = createWriteStore(readOnly);
        QVERIFY(events->open());
        paths.append(dir + (native ? u"/native.db"_s : u"/qtsql.db"_s));
        const Result<qint64> built = ReadStoreBuilder::build(*events, paths.constLast());
        QVERIFY2(built, failure(built));
    }
    const Result<ReadStoreComparison> comparison = compareReadStores(paths[0], paths[1]);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
    QVERIFY(comparison->rowsCompared > 100);
    RawSql qtsql(paths[1]);
    QCOMPARE(qtsql.count(u"dead_letters"_s), 2);
}

QTEST_GUILESS_MAIN(tst_SqliteStatement)
#include "tst_sqlitestatement.moc"
