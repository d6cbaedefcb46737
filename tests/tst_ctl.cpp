// SPDX-License-Identifier: MIT
#include "readsidesupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

/// What one run of orderdeskctl did.
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;

    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    /// Non-empty lines written to stderr.
    QStringList errorLines() const { return err.split(u'\n', Qt::SkipEmptyParts); }
    QString describe() const
    {
        return u"exit %1\nstdout: %2\nstderr: %3"_s.arg(exitCode).arg(out, err);
    }
};

} // namespace

class tst_Ctl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void version();
    void help();
    void seedThenStats();
    void seedIsDeterministic();
    void orderLifecycle();
    void retryWithCommandId();
    void usageErrors_data();
    void usageErrors();
    void rejectedCommands_data();
    void rejectedCommands();
    void statsWithoutStore();

    void statusAfterSeed();
    void verifyAfterSeed();
    void verifyReportsTampering();
    void rebuildReplacesTheReadStore();
    void verifyRebuildsAMissingReadStore();
    void listFiltersAndSorts_data();
    void listFiltersAndSorts();
    void showOrder();

private:
    /// A data directory with demo data seeded (and projected) once, copied for each caller.
    QString seededCopy();
    static QString readStoreOf(const QString &dataDir) { return dataDir + u"/orders-read.db"_s; }

    /// Runs orderdeskctl with HOME and the XDG directories inside the test's temporary
    /// directory, so that nothing can touch the real default data directory.
    Run ctl(const QStringList &arguments);
    /// Runs orderdeskctl on one data directory.
    Run ctlIn(const QString &dataDir, const QStringList &arguments);
    QString newDir();

    QTemporaryDir m_root;
    QProcessEnvironment m_environment;
    int m_dirs = 0;
    QString m_seeded;
};

void tst_Ctl::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
    QVERIFY2(QFileInfo(QStringLiteral(ORDERDESKCTL_PATH)).isExecutable(), ORDERDESKCTL_PATH);
    m_environment = QProcessEnvironment::systemEnvironment();
    const QString home = m_root.filePath(u"home"_s);
    m_environment.insert(u"HOME"_s, home);
    m_environment.insert(u"XDG_DATA_HOME"_s, home + u"/.local/share"_s);
    m_environment.insert(u"XDG_CONFIG_HOME"_s, home + u"/.config"_s);
}

QString tst_Ctl::newDir()
{
    // Not created: orderdeskctl creates its data directory itself.
    return m_root.filePath(u"data-%1"_s.arg(++m_dirs));
}

Run tst_Ctl::ctl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(ORDERDESKCTL_PATH), arguments);
    Run run;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        run.err = u"orderdeskctl did not finish: "_s + process.errorString();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

Run tst_Ctl::ctlIn(const QString &dataDir, const QStringList &arguments)
{
    return ctl(QStringList {u"--data-dir"_s, dataDir} + arguments);
}

void tst_Ctl::version()
{
    // --version names the program and the version the build was made from.
    const Run run = ctl({u"--version"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(u"orderdeskctl " ORDERDESK_EXPECTED_VERSION),
             qPrintable(run.describe()));
    QCOMPARE(run.out.count(u'\n'), 1);
    QVERIFY(run.err.isEmpty());
}

void tst_Ctl::help()
{
    // --help lists the commands on stdout and succeeds.
    const Run run = ctl({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(u"Usage: orderdeskctl"), qPrintable(run.describe()));
    for (const QString &command : {u"seed"_s, u"stats"_s, u"create-order"_s, u"cancel"_s})
        QVERIFY2(run.out.contains(command), qPrintable(command));
}

void tst_Ctl::seedThenStats()
{
    // Seeding a new store through the bus, then `stats --json` reports those orders and
    // exactly as many events as the event log lists.
    const QString dir = newDir();
    const Run seeded = ctlIn(dir,
                             {u"seed"_s, u"--customers"_s, u"5"_s, u"--products"_s, u"4"_s,
                              u"--orders"_s, u"25"_s, u"--seed"_s, u"7"_s});
    QVERIFY2(seeded.exitCode == 0, qPrintable(seeded.describe()));
    QVERIFY2(seeded.out.contains(u"Created 25 orders"), qPrintable(seeded.describe()));

    const Run stats = ctlIn(dir, {u"--json"_s, u"stats"_s});
    QVERIFY2(stats.exitCode == 0, qPrintable(stats.describe()));
    const QJsonObject s = stats.json();
    QCOMPARE(s.value(u"ok"_s).toBool(), true);
    QCOMPARE(s.value(u"orders"_s).toInteger(), 25);
    QCOMPARE(s.value(u"customers"_s).toInteger(), 5);
    QCOMPARE(s.value(u"products"_s).toInteger(), 4);
    const qint64 events = s.value(u"events"_s).toInteger();
    // Every order has its creation event; most orders move on from pending.
    QVERIFY2(events > 5 + 4 + 25, qPrintable(stats.out));
    QCOMPARE(s.value(u"head_position"_s).toInteger(), events);
    QCOMPARE(s.value(u"processed_commands"_s).toInteger(), events);
    QVERIFY(s.value(u"total_cents"_s).toInteger() > 0);
    qint64 byStatus = 0;
    const QJsonObject statuses = s.value(u"orders_by_status"_s).toObject();
    QCOMPARE(
        statuses.keys(),
        QStringList({u"cancelled"_s, u"confirmed"_s, u"delivered"_s, u"pending"_s, u"shipped"_s}));
    for (const QJsonValue &count : statuses)
        byStatus += count.toInteger();
    QCOMPARE(byStatus, 25);

    const Run log = ctlIn(dir, {u"--json"_s, u"events"_s, u"--limit"_s, u"100000"_s});
    QVERIFY2(log.exitCode == 0, qPrintable(log.describe()));
    const QJsonArray listed = log.json().value(u"events"_s).toArray();
    QCOMPARE(listed.size(), events);
    for (qsizetype i = 0; i < listed.size(); ++i)
        QCOMPARE(listed.at(i).toObject().value(u"position"_s).toInteger(), i + 1);

    // The plain-text form says the same for people.
    const Run text = ctlIn(dir, {u"stats"_s});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains(u"Orders:     25"), qPrintable(text.out));
    QVERIFY2(text.out.contains(u"Events:     %1"_s.arg(events)), qPrintable(text.out));
}

void tst_Ctl::seedIsDeterministic()
{
    // The same --seed gives the same demo data: same statuses, totals and event counts.
    const QStringList seed = {u"seed"_s,     u"--customers"_s, u"4"_s,      u"--products"_s, u"6"_s,
                              u"--orders"_s, u"30"_s,          u"--seed"_s, u"42"_s};
    QJsonObject stats[2];
    for (QJsonObject &s : stats) {
        const QString dir = newDir();
        const Run seeded = ctlIn(dir, seed);
        QVERIFY2(seeded.exitCode == 0, qPrintable(seeded.describe()));
        const Run run = ctlIn(dir, {u"--json"_s, u"stats"_s});
        QCOMPARE(run.exitCode, 0);
        s = run.json();
    }
    QCOMPARE(stats[0].value(u"orders"_s).toInteger(), 30);
    QCOMPARE(stats[0], stats[1]);
}

void tst_Ctl::orderLifecycle()
{
    // An order created, confirmed and cancelled through the CLI, with the store's state
    // and the exit codes a script relies on.
    const QString dir = newDir();
    QCOMPARE(ctlIn(dir, {u"init"_s}).exitCode, 0);
    Run run = ctlIn(dir,
                    {u"register-customer"_s, u"C1"_s, u"--name"_s, u"Ada Lovelace"_s, u"--email"_s,
                     u"ada@example.com"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    run = ctlIn(dir,
                {u"add-product"_s, u"SKU-1"_s, u"--name"_s, u"Drill"_s, u"--price"_s, u"9.99"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));

    run = ctlIn(
        dir, {u"--json"_s, u"create-order"_s, u"--customer"_s, u"C1"_s, u"--line"_s, u"SKU-1:2"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject created = run.json();
    QCOMPARE(created.value(u"ok"_s).toBool(), true);
    QCOMPARE(created.value(u"command_type"_s).toString(), u"CreateOrder"_s);
    QCOMPARE(created.value(u"version"_s).toInteger(), 1);
    const QString orderId = created.value(u"target_id"_s).toString();
    QVERIFY2(orderId.startsWith(u"ORD-"), qPrintable(run.out));

    run = ctlIn(dir, {u"--json"_s, u"confirm"_s, orderId});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(u"version"_s).toInteger(), 2);

    run = ctlIn(dir, {u"cancel"_s, orderId, u"--reason"_s, u"customer asked"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY2(run.out.contains(u"accepted"), qPrintable(run.describe()));
    QVERIFY2(run.out.contains(orderId), qPrintable(run.describe()));

    run = ctlIn(dir, {u"--json"_s, u"stats"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject stats = run.json();
    QCOMPARE(stats.value(u"orders"_s).toInteger(), 1);
    QCOMPARE(stats.value(u"total_cents"_s).toInteger(), 1998);
    QCOMPARE(stats.value(u"orders_by_status"_s).toObject().value(u"cancelled"_s).toInteger(), 1);
    QCOMPARE(stats.value(u"events"_s).toInteger(), 5);

    // A cancelled order cannot ship: exit 1, one line saying why, nothing written.
    run = ctlIn(dir, {u"ship"_s, orderId});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.isEmpty());
    QCOMPARE(run.errorLines().size(), 1);
    QVERIFY2(run.err.contains(orderId) && run.err.contains(u"cancelled"),
             qPrintable(run.describe()));
    QCOMPARE(ctlIn(dir, {u"--json"_s, u"stats"_s}).json().value(u"events"_s).toInteger(), 5);
}

void tst_Ctl::retryWithCommandId()
{
    // A script that retries a create-order with the same --command-id gets the same order back
    // instead of a second order.
    const QString dir = newDir();
    QCOMPARE(ctlIn(dir,
                   {u"register-customer"_s, u"C1"_s, u"--name"_s, u"A"_s, u"--email"_s,
                    u"a@example.com"_s})
                 .exitCode,
             0);
    QCOMPARE(ctlIn(dir, {u"add-product"_s, u"SKU-1"_s, u"--name"_s, u"D"_s, u"--price"_s, u"1"_s})
                 .exitCode,
             0);
    const QStringList create = {u"--json"_s,       u"create-order"_s, u"--customer"_s,
                                u"C1"_s,           u"--line"_s,       u"SKU-1:1"_s,
                                u"--command-id"_s, u"script-run-17"_s};
    const Run first = ctlIn(dir, create);
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    const Run second = ctlIn(dir, create);
    QVERIFY2(second.exitCode == 0, qPrintable(second.describe()));
    QCOMPARE(second.json().value(u"replayed"_s).toBool(), true);
    QCOMPARE(second.json().value(u"target_id"_s), first.json().value(u"target_id"_s));
    QCOMPARE(second.json().value(u"position"_s), first.json().value(u"position"_s));
    QCOMPARE(ctlIn(dir, {u"--json"_s, u"stats"_s}).json().value(u"orders"_s).toInteger(), 1);
}

void tst_Ctl::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("no command") << QStringList() << u"No command"_s;
    QTest::newRow("unknown command") << QStringList {u"frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("unknown global option") << QStringList {u"--frob"_s, u"stats"_s} << u"--frob"_s;
    QTest::newRow("global flag with value")
        << QStringList {u"--json=yes"_s, u"stats"_s} << u"--json=yes"_s;
    QTest::newRow("missing data dir") << QStringList {u"--data-dir"_s} << u"--data-dir"_s;
    QTest::newRow("missing durability") << QStringList {u"--durability"_s} << u"--durability"_s;
    QTest::newRow("bad durability")
        << QStringList {u"--durability"_s, u"maybe"_s, u"stats"_s} << u"maybe"_s;
    QTest::newRow("unknown seed option")
        << QStringList {u"seed"_s, u"--frob"_s, u"1"_s} << u"frob"_s;
    QTest::newRow("missing seed value") << QStringList {u"seed"_s, u"--orders"_s} << u"orders"_s;
    QTest::newRow("bad number") << QStringList {u"seed"_s, u"--orders"_s, u"ten"_s}
                                << u"--orders"_s;
    QTest::newRow("negative number")
        << QStringList {u"seed"_s, u"--customers"_s, u"-5"_s} << u"--customers"_s;
    QTest::newRow("number out of range")
        << QStringList {u"events"_s, u"--limit"_s, u"0"_s} << u"--limit"_s;
    QTest::newRow("stats with argument") << QStringList {u"stats"_s, u"now"_s} << u"stats"_s;
    QTest::newRow("init with argument") << QStringList {u"init"_s, u"now"_s} << u"init"_s;
    QTest::newRow("events with argument") << QStringList {u"events"_s, u"5"_s} << u"5"_s;
    QTest::newRow("command without id") << QStringList {u"confirm"_s} << u"order id"_s;
    QTest::newRow("unknown command option")
        << QStringList {u"confirm"_s, u"ORD-1"_s, u"--verbose"_s} << u"--verbose"_s;
    QTest::newRow("missing option value")
        << QStringList {u"cancel"_s, u"ORD-1"_s, u"--reason"_s} << u"--reason"_s;
    QTest::newRow("repeated option")
        << QStringList {u"cancel"_s, u"ORD-1"_s, u"--reason"_s, u"a"_s, u"--reason"_s, u"b"_s}
        << u"--reason"_s;
    QTest::newRow("bad line") << QStringList {u"create-order"_s, u"--customer"_s, u"C1"_s,
                                              u"--line"_s, u"SKU-1"_s}
                              << u"SKU-1"_s;
    QTest::newRow("bad price") << QStringList {u"add-product"_s, u"SKU-1"_s,   u"--name"_s,
                                               u"D"_s,           u"--price"_s, u"9,99"_s}
                               << u"9,99"_s;
    // Whatever the user typed is shown on the one line, control characters made visible.
    QTest::newRow("newline in a command name") << QStringList {u"con\nfirm"_s} << u"con\\nfirm"_s;
    QTest::newRow("newline in a line")
        << QStringList {u"create-order"_s, u"--customer"_s, u"C1"_s, u"--line"_s, u"SKU-1:1\n2"_s}
        << u"1\\n2"_s;
    QTest::newRow("bad expected version")
        << QStringList {u"ship"_s, u"ORD-1"_s, u"--expected-version"_s, u"latest"_s} << u"latest"_s;
    QTest::newRow("status with argument") << QStringList {u"status"_s, u"now"_s} << u"status"_s;
    QTest::newRow("verify with argument") << QStringList {u"verify"_s, u"all"_s} << u"verify"_s;
    QTest::newRow("rebuild with argument")
        << QStringList {u"rebuild"_s, u"--fast"_s} << u"rebuild"_s;
    QTest::newRow("list bad sort column")
        << QStringList {u"list"_s, u"--sort"_s, u"price"_s} << u"price"_s;
    QTest::newRow("list sort column in SQL")
        << QStringList {u"list"_s, u"--sort"_s, u"id; DROP TABLE order_view"_s}
        << u"DROP TABLE"_s;
    QTest::newRow("list bad status")
        << QStringList {u"list"_s, u"--status"_s, u"pending,lost"_s} << u"lost"_s;
    QTest::newRow("list limit 0") << QStringList {u"list"_s, u"--limit"_s, u"0"_s} << u"--limit"_s;
    QTest::newRow("list limit too big")
        << QStringList {u"list"_s, u"--limit"_s, u"1001"_s} << u"--limit"_s;
    QTest::newRow("list with argument") << QStringList {u"list"_s, u"ORD-1"_s} << u"ORD-1"_s;
    QTest::newRow("show without id") << QStringList {u"show"_s} << u"order id"_s;
    QTest::newRow("show two ids")
        << QStringList {u"show"_s, u"ORD-1"_s, u"ORD-2"_s} << u"order id"_s;
}

void tst_Ctl::usageErrors()
{
    // Wrong usage is one clear line on stderr, exit code 2, and touches nothing on disk.
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const QString dir = newDir();
    const Run run = ctlIn(dir, arguments);
    QVERIFY2(run.exitCode == 2, qPrintable(run.describe()));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
    QCOMPARE(run.errorLines().size(), 1);
    QVERIFY2(run.err.startsWith(u"orderdeskctl: "), qPrintable(run.describe()));
    QVERIFY2(run.err.contains(mentions), qPrintable(run.describe()));
    QVERIFY(!QFileInfo::exists(dir));
    QVERIFY(!QFileInfo::exists(m_root.filePath(u"home"_s)));
}

void tst_Ctl::rejectedCommands_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("unknown order")
        << QStringList {u"confirm"_s, u"ORD-NOPE"_s} << u"OrderNotFound"_s << u"ORD-NOPE"_s;
    QTest::newRow("unknown customer")
        << QStringList {u"create-order"_s, u"--customer"_s, u"C-NOPE"_s, u"--line"_s, u"SKU-1:1"_s}
        << u"UnknownCustomer"_s << u"C-NOPE"_s;
    QTest::newRow("unknown product")
        << QStringList {u"create-order"_s, u"--customer"_s, u"C1"_s, u"--line"_s, u"SKU-404:1"_s}
        << u"UnknownProduct"_s << u"SKU-404"_s;
    QTest::newRow("quantity 0") << QStringList {u"create-order"_s, u"--customer"_s, u"C1"_s,
                                                u"--line"_s, u"SKU-1:0"_s}
                                << u"InvalidQuantity"_s << u"Quantity"_s;
    QTest::newRow("no lines") << QStringList {u"create-order"_s, u"--customer"_s, u"C1"_s}
                              << u"NoLines"_s << u"line"_s;
    QTest::newRow("customer exists")
        << QStringList {u"register-customer"_s, u"C1"_s,           u"--name"_s, u"Again"_s,
                        u"--email"_s,           u"a@example.com"_s}
        << u"CustomerExists"_s << u"C1"_s;
    QTest::newRow("bad e-mail")
        << QStringList {u"register-customer"_s, u"C2"_s, u"--name"_s, u"B"_s, u"--email"_s,
                        u"not-an-address"_s}
        << u"InvalidEmail"_s << u"not-an-address"_s;
    QTest::newRow("newline in an id")
        << QStringList {u"confirm"_s, u"ORD-1\nORD-2"_s} << u"InvalidId"_s << u"ORD-1\\nORD-2"_s;
    QTest::newRow("escape in an e-mail")
        << QStringList {u"register-customer"_s,     u"C2"_s, u"--name"_s, u"B"_s, u"--email"_s,
                        u"b\u001b[2J@example.com"_s}
        << u"InvalidEmail"_s << u"b\\u001b[2J@example.com"_s;
    QTest::newRow("blank reason") << QStringList {u"cancel"_s, u"ORD-NOPE"_s, u"--reason"_s,
                                                  u"  "_s}
                                  << u"ReasonRequired"_s << u"reason"_s;
}

void tst_Ctl::rejectedCommands()
{
    // A command the bus rejects exits 1 with one line saying why (and, with --json, the error
    // code for scripts); the store is unchanged.
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    QFETCH(QString, mentions);
    const QString dir = newDir();
    QCOMPARE(ctlIn(dir,
                   {u"register-customer"_s, u"C1"_s, u"--name"_s, u"A"_s, u"--email"_s,
                    u"a@example.com"_s})
                 .exitCode,
             0);
    QCOMPARE(ctlIn(dir, {u"add-product"_s, u"SKU-1"_s, u"--name"_s, u"D"_s, u"--price"_s, u"1"_s})
                 .exitCode,
             0);

    const Run text = ctlIn(dir, arguments);
    QVERIFY2(text.exitCode == 1, qPrintable(text.describe()));
    QVERIFY(text.out.isEmpty());
    QCOMPARE(text.errorLines().size(), 1);
    QVERIFY2(text.err.startsWith(u"orderdeskctl: "), qPrintable(text.describe()));
    QVERIFY2(text.err.contains(mentions), qPrintable(text.describe()));

    const Run json = ctlIn(dir, QStringList {u"--json"_s} + arguments);
    QCOMPARE(json.exitCode, 1);
    QCOMPARE(json.json().value(u"ok"_s).toBool(), false);
    QCOMPARE(json.json().value(u"error"_s).toString(), error);
    QCOMPARE(json.errorLines().size(), 1);

    QCOMPARE(ctlIn(dir, {u"--json"_s, u"stats"_s}).json().value(u"events"_s).toInteger(), 2);
}

void tst_Ctl::statsWithoutStore()
{
    // Asking for stats where there is no store is an error (exit 1), and creates nothing.
    const QString dir = newDir();
    const Run run = ctlIn(dir, {u"stats"_s});
    QVERIFY2(run.exitCode == 1, qPrintable(run.describe()));
    QCOMPARE(run.errorLines().size(), 1);
    QVERIFY2(run.err.contains(u"does not exist"), qPrintable(run.describe()));
    QVERIFY(!QFileInfo::exists(dir));
}

QString tst_Ctl::seededCopy()
{
    if (m_seeded.isEmpty()) {
        const QString dir = newDir();
        const Run seeded = ctlIn(dir,
                                 {u"seed"_s, u"--customers"_s, u"12"_s, u"--products"_s, u"8"_s,
                                  u"--orders"_s, u"300"_s, u"--seed"_s, u"5"_s});
        if (seeded.exitCode != 0) {
            qWarning("%s", qPrintable(seeded.describe()));
            return {};
        }
        m_seeded = dir;
    }
    const QString copy = newDir();
    QDir().mkpath(copy);
    for (const QFileInfo &file : QDir(m_seeded).entryInfoList(QDir::Files))
        QFile::copy(file.filePath(), copy + u'/' + file.fileName());
    return copy;
}

void tst_Ctl::statusAfterSeed()
{
    // After `seed` (which waits for its own writes to be projected) the status shows the read
    // store at the head of the log: no lag, no dead letters.
    const QString dir = seededCopy();
    QVERIFY(!dir.isEmpty());
    const Run json = ctlIn(dir, {u"--json"_s, u"status"_s});
    QVERIFY2(json.exitCode == 0, qPrintable(json.describe()));
    const QJsonObject s = json.json();
    QCOMPARE(s.value(u"ok"_s).toBool(), true);
    QCOMPARE(s.value(u"read_store_present"_s).toBool(), true);
    QVERIFY(s.value(u"head_position"_s).toInteger() > 300);
    QCOMPARE(s.value(u"checkpoint"_s).toInteger(), s.value(u"head_position"_s).toInteger());
    QCOMPARE(s.value(u"lag_events"_s).toInteger(), 0);
    QCOMPARE(s.value(u"lag_ms"_s).toInteger(), 0);
    QCOMPARE(s.value(u"dead_letters"_s).toInteger(), 0);

    const Run text = ctlIn(dir, {u"status"_s});
    QVERIFY2(text.exitCode == 0, qPrintable(text.describe()));
    QVERIFY2(text.out.contains(u"Lag:          0 events, 0 ms"), qPrintable(text.out));
    QVERIFY2(text.out.contains(u"Dead letters: 0"), qPrintable(text.out));
}

void tst_Ctl::verifyAfterSeed()
{
    // `verify` compares every row of the read store with a rebuild from the log: after a seed
    // they agree (exit 0), and it says how much it compared.
    const QString dir = seededCopy();
    QVERIFY(!dir.isEmpty());
    const Run text = ctlIn(dir, {u"verify"_s});
    QVERIFY2(text.exitCode == 0, qPrintable(text.describe()));
    QVERIFY2(text.out.contains(u"matches a rebuild"), qPrintable(text.describe()));

    const Run json = ctlIn(dir, {u"--json"_s, u"verify"_s});
    QVERIFY2(json.exitCode == 0, qPrintable(json.describe()));
    QCOMPARE(json.json().value(u"ok"_s).toBool(), true);
    QCOMPARE(json.json().value(u"differences"_s).toInteger(), 0);
    QVERIFY(json.json().value(u"rows_compared"_s).toInteger() > 300);
    QCOMPARE(json.json().value(u"checkpoint"_s).toInteger(),
             ctlIn(dir, {u"--json"_s, u"status"_s}).json().value(u"head_position"_s).toInteger());
}

void tst_Ctl::verifyReportsTampering()
{
    // A read store changed behind the projector's back fails `verify` (exit 1), which prints
    // the differing rows; `rebuild` repairs it.
    const QString dir = seededCopy();
    QVERIFY(!dir.isEmpty());
    QString tampered;
    {
        OrderDesk::TestSupport::RawSql read(readStoreOf(dir));
        tampered = read.scalar(u"SELECT id FROM order_view ORDER BY id LIMIT 1 OFFSET 17"_s)
                           .toString();
        QVERIFY(!tampered.isEmpty());
        QVERIFY(read.exec(u"UPDATE order_view SET total_cents = total_cents + 1 WHERE id = ?"_s,
                          {tampered}));
    }
    const Run text = ctlIn(dir, {u"verify"_s});
    QVERIFY2(text.exitCode == 1, qPrintable(text.describe()));
    QVERIFY2(text.out.contains(u"order_view: only in the live store: " + tampered),
             qPrintable(text.describe()));
    QVERIFY2(text.out.contains(u"order_view: missing from the live store: " + tampered),
             qPrintable(text.describe()));
    QCOMPARE(text.errorLines().size(), 1);
    QVERIFY2(text.err.contains(u"differs from a rebuild in 2 rows"), qPrintable(text.describe()));

    const Run json = ctlIn(dir, {u"--json"_s, u"verify"_s});
    QCOMPARE(json.exitCode, 1);
    QCOMPARE(json.json().value(u"ok"_s).toBool(), false);
    QCOMPARE(json.json().value(u"differences"_s).toInteger(), 2);
    QCOMPARE(json.json().value(u"examples"_s).toArray().size(), 2);

    const Run rebuilt = ctlIn(dir, {u"rebuild"_s});
    QVERIFY2(rebuilt.exitCode == 0, qPrintable(rebuilt.describe()));
    const Run again = ctlIn(dir, {u"verify"_s});
    QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
}

void tst_Ctl::rebuildReplacesTheReadStore()
{
    // `rebuild` swaps in a read store built from the log: a new generation, at the head,
    // with the same rows.
    const QString dir = seededCopy();
    QVERIFY(!dir.isEmpty());
    const qint64 head =
            ctlIn(dir, {u"--json"_s, u"status"_s}).json().value(u"head_position"_s).toInteger();
    const Run text = ctlIn(dir, {u"rebuild"_s});
    QVERIFY2(text.exitCode == 0, qPrintable(text.describe()));
    QVERIFY2(text.out.contains(u"rebuilt up to event %1"_s.arg(head)), qPrintable(text.describe()));
    const Run json = ctlIn(dir, {u"--json"_s, u"rebuild"_s});
    QVERIFY2(json.exitCode == 0, qPrintable(json.describe()));
    QCOMPARE(json.json().value(u"ok"_s).toBool(), true);
    QCOMPARE(json.json().value(u"checkpoint"_s).toInteger(), head);
    {
        OrderDesk::TestSupport::RawSql read(readStoreOf(dir));
        QCOMPARE(read.scalar(u"SELECT value FROM meta WHERE key = 'generation'"_s).toInt(), 3);
        QCOMPARE(read.count(u"sqlite_master"_s, u"name LIKE '%__rebuild%'"_s), 0);
    }
    QCOMPARE(ctlIn(dir, {u"verify"_s}).exitCode, 0);
    QCOMPARE(ctlIn(dir, {u"--json"_s, u"list"_s}).json().value(u"total"_s).toInteger(), 300);
}

void tst_Ctl::verifyRebuildsAMissingReadStore()
{
    // The read store is a cache: deleted, `status` says so, and the next start (here `verify`)
    // rebuilds it from the log and finds it matching.
    const QString dir = seededCopy();
    QVERIFY(!dir.isEmpty());
    QVERIFY(QFile::remove(readStoreOf(dir)));
    const Run missing = ctlIn(dir, {u"--json"_s, u"status"_s});
    QVERIFY2(missing.exitCode == 0, qPrintable(missing.describe()));
    QCOMPARE(missing.json().value(u"read_store_present"_s).toBool(), false);
    QVERIFY(missing.json().value(u"lag_events"_s).toInteger() > 0);

    const Run verify = ctlIn(dir, {u"verify"_s});
    QVERIFY2(verify.exitCode == 0, qPrintable(verify.describe()));
    QVERIFY(QFileInfo::exists(readStoreOf(dir)));
    const QJsonObject status = ctlIn(dir, {u"--json"_s, u"status"_s}).json();
    QCOMPARE(status.value(u"read_store_present"_s).toBool(), true);
    QCOMPARE(status.value(u"lag_events"_s).toInteger(), 0);
    QCOMPARE(ctlIn(dir, {u"--json"_s, u"list"_s}).json().value(u"total"_s).toInteger(), 300);
}

void tst_Ctl::listFiltersAndSorts_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("sortKey"); ///< JSON field the rows are sorted by
    QTest::addColumn<bool>("ascending");
    QTest::addColumn<QString>("status"); ///< every row has it, when set

    QTest::newRow("default: newest first") << QStringList() << u"created_at"_s << false << QString();
    QTest::newRow("total ascending")
        << QStringList {u"--sort"_s, u"total"_s, u"--asc"_s} << u"total_cents"_s << true << QString();
    QTest::newRow("items descending")
        << QStringList {u"--sort"_s, u"items"_s} << u"items"_s << false << QString();
    QTest::newRow("id ascending") << QStringList {u"--sort"_s, u"id"_s, u"--asc"_s} << u"id"_s
                                  << true << QString();
    QTest::newRow("confirmed only")
        << QStringList {u"--status"_s, u"confirmed"_s} << u"created_at"_s << false
        << u"confirmed"_s;
    QTest::newRow("shipped, by total")
        << QStringList {u"--status"_s, u"shipped"_s, u"--sort"_s, u"total"_s} << u"total_cents"_s
        << false << u"shipped"_s;
    QTest::newRow("paged") << QStringList {u"--limit"_s, u"7"_s, u"--offset"_s, u"20"_s}
                           << u"created_at"_s << false << QString();
}

void tst_Ctl::listFiltersAndSorts()
{
    // `list` goes through the query handlers: rows in the asked order, only the asked
    // statuses, windowed, with the total of all matching orders.
    QFETCH(QStringList, arguments);
    QFETCH(QString, sortKey);
    QFETCH(bool, ascending);
    QFETCH(QString, status);
    const QString dir = seededCopy();
    QVERIFY(!dir.isEmpty());
    const Run run = ctlIn(dir, QStringList {u"--json"_s, u"list"_s, u"--limit"_s, u"1000"_s}
                                       + arguments);
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject json = run.json();
    const QJsonArray orders = json.value(u"orders"_s).toArray();
    const qint64 total = json.value(u"total"_s).toInteger();
    QVERIFY(!orders.isEmpty());
    const qsizetype limit = arguments.contains(u"--limit"_s) ? 7 : 1000;
    QCOMPARE(orders.size(), std::min<qint64>(limit, total - (limit == 7 ? 20 : 0)));
    for (qsizetype i = 0; i < orders.size(); ++i) {
        const QJsonObject row = orders.at(i).toObject();
        if (!status.isEmpty())
            QCOMPARE(row.value(u"status"_s).toString(), status);
        if (i == 0)
            continue;
        const QJsonValue a = orders.at(i - 1).toObject().value(sortKey);
        const QJsonValue b = row.value(sortKey);
        const int c = a.isString() ? QString::compare(a.toString(), b.toString())
                                   : (a.toInteger() < b.toInteger() ? -1
                                                                    : a.toInteger() > b.toInteger());
        QVERIFY2(ascending ? c <= 0 : c >= 0, qPrintable(u"row %1 out of order"_s.arg(i)));
    }
    if (status.isEmpty()) {
        QCOMPARE(total, 300);
    } else {
        OrderDesk::TestSupport::RawSql read(readStoreOf(dir));
        QCOMPARE(total, read.count(u"order_view"_s, u"status = ?"_s,
                                   {int(*OrderDesk::orderStatusFromKey(status))}));
    }

    // The same list for people: one line per order and the count.
    const Run text = ctlIn(dir, QStringList {u"list"_s, u"--limit"_s, u"5"_s} + arguments);
    QVERIFY2(text.exitCode == 0, qPrintable(text.describe()));
    QVERIFY2(text.out.contains(u"of %1 orders"_s.arg(total)), qPrintable(text.out));
}

void tst_Ctl::showOrder()
{
    // `show` prints one order with its lines and its history from the read store; an id the
    // read store does not know is an error (exit 1), not an empty order.
    const QString dir = seededCopy();
    QVERIFY(!dir.isEmpty());
    const QJsonArray delivered =
            ctlIn(dir, {u"--json"_s, u"list"_s, u"--status"_s, u"delivered"_s, u"--limit"_s, u"1"_s})
                    .json()
                    .value(u"orders"_s)
                    .toArray();
    QCOMPARE(delivered.size(), 1);
    const QString id = delivered.at(0).toObject().value(u"id"_s).toString();

    const Run json = ctlIn(dir, {u"--json"_s, u"show"_s, id});
    QVERIFY2(json.exitCode == 0, qPrintable(json.describe()));
    const QJsonObject order = json.json();
    QCOMPARE(order.value(u"id"_s).toString(), id);
    QCOMPARE(order.value(u"status"_s).toString(), u"delivered"_s);
    QVERIFY(!order.value(u"lines"_s).toArray().isEmpty());
    qint64 total = 0;
    for (const QJsonValue &line : order.value(u"lines"_s).toArray())
        total += line.toObject().value(u"subtotal_cents"_s).toInteger();
    QCOMPARE(total, order.value(u"total_cents"_s).toInteger());
    QStringList types;
    for (const QJsonValue &entry : order.value(u"history"_s).toArray())
        types.append(entry.toObject().value(u"type"_s).toString());
    QCOMPARE(types, QStringList({u"OrderCreated"_s, u"OrderConfirmed"_s, u"OrderShipped"_s,
                                 u"OrderDelivered"_s}));

    const Run text = ctlIn(dir, {u"show"_s, id});
    QVERIFY2(text.exitCode == 0, qPrintable(text.describe()));
    QVERIFY2(text.out.contains(u"Order " + id) && text.out.contains(u"OrderDelivered"),
             qPrintable(text.out));

    const Run unknown = ctlIn(dir, {u"show"_s, u"ORD-NOPE"_s});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.out.isEmpty());
    QCOMPARE(unknown.errorLines().size(), 1);
    QVERIFY2(unknown.err.contains(u"ORD-NOPE"), qPrintable(unknown.describe()));
    const Run unknownJson = ctlIn(dir, {u"--json"_s, u"show"_s, u"ORD-NOPE"_s});
    QCOMPARE(unknownJson.exitCode, 1);
    QCOMPARE(unknownJson.json().value(u"error"_s).toString(), u"OrderNotFound"_s);
}

QTEST_GUILESS_MAIN(tst_Ctl)
#include "tst_ctl.moc"
