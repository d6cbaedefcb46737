// SPDX-License-Identifier: MIT
// orderdeskctl against a shared PostgreSQL write store, as separate processes: the store
// commands, the domain commands, and four processes writing at once without leaving a gap.

#include "pgtestdatabase.h"
#include "write/writestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace OrderDesk;
using namespace OrderDesk::Testing;
using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QJsonObject json;
    QString out;
    QString err;
};

QProcessEnvironment environmentWithout(const QString &name)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(name);
    return env;
}

void startCtl(QProcess &process, const QStringList &arguments,
              const QProcessEnvironment &env = environmentWithout(u"ORDERDESK_DATABASE_URL"_s))
{
    process.setProcessEnvironment(env);
    process.start(QString::fromUtf8(ORDERDESKCTL_PATH), arguments);
}

Run finish(QProcess &process)
{
    Run run;
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(120'000)) {
        run.err = u"orderdeskctl did not finish"_s;
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    if (!lines.isEmpty())
        run.json = QJsonDocument::fromJson(lines.last().toUtf8()).object();
    return run;
}

Run ctl(const QStringList &arguments,
        const QProcessEnvironment &env = environmentWithout(u"ORDERDESK_DATABASE_URL"_s))
{
    QProcess process;
    startCtl(process, arguments, env);
    return finish(process);
}

} // namespace

class tst_CtlPostgres : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void storeAndDomainCommands();
    void environmentVariable();
    void unreachableServer();
    void fourProcessesWriteWithoutGaps();
    void twoDataDirectoriesShareOneServer();

private:
    /// The shared server, with this test's own data directory for the local read store.
    QStringList global() const
    {
        return {u"--database-url"_s, m_db->url(), u"--data-dir"_s, m_dir->path(), u"--json"_s};
    }

    std::unique_ptr<PgTestDatabase> m_db;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CtlPostgres::init()
{
    if (PgTestDatabase::serverUrl().isEmpty())
        QSKIP(PgTestDatabase::skipReason());
    m_db = std::make_unique<PgTestDatabase>();
    QVERIFY2(m_db->error().isEmpty(), qPrintable(m_db->error()));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_CtlPostgres::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void tst_CtlPostgres::storeAndDomainCommands()
{
    // init, seed, stats, events and the domain commands all work against PostgreSQL.
    Run run = ctl(global() << u"init"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.json.value(u"store"_s).toString().startsWith(u"PostgreSQL \u00b7 "_s));
    QVERIFY(run.json.value(u"store"_s).toString().endsWith(m_db->name()));

    run = ctl(global() << u"seed"_s << u"--orders"_s << u"30"_s << u"--customers"_s << u"5"_s
                       << u"--products"_s << u"4"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.json.value(u"orders_created"_s).toInt(), 30);

    run = ctl(global() << u"stats"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.json.value(u"orders"_s).toInt(), 30);
    QCOMPARE(run.json.value(u"customers"_s).toInt(), 5);
    const int events = run.json.value(u"events"_s).toInt();
    QCOMPARE(run.json.value(u"head_position"_s).toInt(), events);

    run = ctl(global() << u"events"_s << u"--after"_s << u"2"_s << u"--limit"_s << u"3"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonArray listed = run.json.value(u"events"_s).toArray();
    QCOMPARE(listed.size(), 3);
    QCOMPARE(listed.at(0).toObject().value(u"position"_s).toInt(), 3);
    QCOMPARE(listed.at(2).toObject().value(u"position"_s).toInt(), 5);

    run = ctl(global() << u"create-order"_s << u"--customer"_s << u"C00001"_s << u"--line"_s
                       << u"SKU-0001:2"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QString orderId = run.json.value(u"target_id"_s).toString();
    QCOMPARE(run.json.value(u"position"_s).toInt(), events + 1);

    const QStringList confirm = global() << u"confirm"_s << orderId << u"--expected-version"_s
                                         << u"1"_s;
    run = ctl(confirm);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = ctl(confirm);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.json.value(u"error"_s).toString(), u"ConcurrentModification"_s);

    // A retry with the same command id is answered from the first run.
    const QStringList ship = global() << u"ship"_s << orderId << u"--command-id"_s
                                      << u"retry-me"_s;
    run = ctl(ship);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const int shippedAt = run.json.value(u"position"_s).toInt();
    run = ctl(ship);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.json.value(u"replayed"_s).toBool(), true);
    QCOMPARE(run.json.value(u"position"_s).toInt(), shippedAt);
}

void tst_CtlPostgres::environmentVariable()
{
    // ORDERDESK_DATABASE_URL is the fallback for --database-url.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ORDERDESK_DATABASE_URL"_s, m_db->url());
    // The default data directory (for the read store), away from the developer's own.
    env.insert(u"XDG_DATA_HOME"_s, m_dir->path());
    Run run = ctl({u"--json"_s, u"init"_s}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.json.value(u"store"_s).toString().endsWith(m_db->name()));
    run = ctl({u"--json"_s, u"stats"_s}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.json.value(u"events"_s).toInt(), 0);
}

void tst_CtlPostgres::unreachableServer()
{
    // A server that is not there is a one-line error naming it, never showing the password;
    // a malformed URL is a usage error.
    Run run = ctl({u"--database-url"_s, u"postgresql://ada:s3cret@127.0.0.1:1/orders"_s,
                   u"stats"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"ada@127.0.0.1:1/orders"_s), qPrintable(run.err));
    QVERIFY2(!run.err.contains(u"s3cret"_s), qPrintable(run.err));
    QVERIFY(!run.out.contains(u"s3cret"_s));

    run = ctl({u"--database-url"_s, u"mysql://ada:s3cret@db/orders"_s, u"stats"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.contains(u"s3cret"_s));
}

void tst_CtlPostgres::fourProcessesWriteWithoutGaps()
{
    // Four orderdeskctl processes seed one database at once while this process follows the
    // event log: every position from 1 to the head exactly once, and never a gap on the way.
    Run run = ctl(global() << u"seed"_s << u"--orders"_s << u"0"_s << u"--customers"_s
                           << u"20"_s << u"--products"_s << u"10"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    constexpr int Processes = 4;
    constexpr int Orders = 200;
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < Processes; ++i) {
        processes.push_back(std::make_unique<QProcess>());
        startCtl(*processes.back(),
                 global() << u"seed"_s << u"--orders"_s << QString::number(Orders)
                          << u"--customers"_s << u"20"_s << u"--products"_s << u"10"_s
                          << u"--seed"_s << QString::number(i + 2));
    }
    for (const auto &process : processes)
        QVERIFY(process->waitForStarted());

    const std::unique_ptr<WriteStore> reader = createWriteStore(m_db->config(true));
    const Result<void> opened = reader->open();
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
    qint64 checkpoint = 0;
    int polls = 0;
    const auto follow = [&]() -> QString {
        for (;;) {
            const Result<EventEnvelopes> events = reader->readEvents(checkpoint, 500);
            if (!events)
                return events.error().message;
            for (const EventEnvelope &e : *events) {
                if (e.position != checkpoint + 1)
                    return u"after position %1 the reader saw %2"_s.arg(checkpoint).arg(e.position);
                checkpoint = e.position;
            }
            ++polls;
            if (events->isEmpty())
                return QString();
        }
    };
    const auto running = [&] {
        return std::any_of(processes.cbegin(), processes.cend(), [](const auto &p) {
            return p->state() != QProcess::NotRunning;
        });
    };
    while (running()) {
        const QString gap = follow();
        QVERIFY2(gap.isEmpty(), qPrintable(gap));
        for (const auto &process : processes)
            process->waitForFinished(5);
    }
    const QString gap = follow();
    QVERIFY2(gap.isEmpty(), qPrintable(gap));

    qint64 accepted = 0;
    for (const auto &process : processes) {
        const Run result = finish(*process);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(result.json.value(u"orders_created"_s).toInt(), Orders);
        accepted += result.json.value(u"commands_accepted"_s).toInteger();
    }
    run = ctl(global() << u"stats"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.json.value(u"orders"_s).toInt(), Processes * Orders);
    const qint64 events = run.json.value(u"events"_s).toInteger();
    QCOMPARE(events, 30 + accepted);
    QCOMPARE(run.json.value(u"head_position"_s).toInteger(), events);
    QCOMPARE(checkpoint, events);
    QCOMPARE(m_db->scalar(u"SELECT count(DISTINCT position) FROM events"_s)->toLongLong(), events);
    qInfo("%d processes, %lld events, the reader followed in %d polls", Processes, events, polls);
}

void tst_CtlPostgres::twoDataDirectoriesShareOneServer()
{
    // Two desktops on one server, each with its own data directory: what one writes, the
    // other's read store shows once it projects, and each read store equals a rebuild of the
    // shared log. The data directory holds no SQLite write store then.
    const QString a = m_dir->filePath(u"desk-a"_s);
    const QString b = m_dir->filePath(u"desk-b"_s);
    const auto on = [&](const QString &data) {
        return QStringList{u"--database-url"_s, m_db->url(), u"--data-dir"_s, data, u"--json"_s};
    };
    Run run = ctl(on(a) << u"seed"_s << u"--orders"_s << u"25"_s << u"--customers"_s << u"4"_s
                        << u"--products"_s << u"3"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = ctl(on(b) << u"create-order"_s << u"--customer"_s << u"C00002"_s << u"--line"_s
                    << u"SKU-0002:3"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QString fromB = run.json.value(u"target_id"_s).toString();

    for (const QString &data : {a, b}) {
        run = ctl(on(data) << u"verify"_s);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.json.value(u"ok"_s).toBool(), true);
        // Queries read the local read store only: no URL needed.
        run = ctl({u"--data-dir"_s, data, u"--json"_s, u"list"_s, u"--limit"_s, u"100"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.json.value(u"total"_s).toInt(), 26);
        run = ctl({u"--data-dir"_s, data, u"--json"_s, u"show"_s, fromB});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.json.value(u"customer_id"_s).toString(), u"C00002"_s);
        QVERIFY(QFileInfo::exists(data + u"/orders-read.db"_s));
        QVERIFY(!QFileInfo::exists(data + u"/orders.db"_s));
    }
}

QTEST_GUILESS_MAIN(tst_CtlPostgres)
#include "tst_ctlpostgres.moc"
