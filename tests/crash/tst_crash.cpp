// SPDX-License-Identifier: MIT
// The crash test: orderdeskctl is killed with SIGKILL at random moments — while it sends
// commands and projects them, while it rebuilds the read store on start, and in the middle of
// `orderdeskctl rebuild` — and after every kill the stores must hold everything it ever
// acknowledged, consistently. Where it kills is random (the seed is printed); what it checks
// after each cycle is fixed. Settings come from the environment, because Qt Test owns the
// command line:
//   ORDERDESK_CRASH_CYCLES  cycles to run (default 20; tests/crash/run --cycles N sets it)
//   ORDERDESK_CRASH_SEED    seed for the kill moments (default: from the clock)
//   ORDERDESK_CRASH_KEEP    keep the data directory and print where it is
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

/// A plain connection to one store, as a checker outside OrderDesk would open it.
class Store
{
public:
    explicit Store(const QString &path)
        : m_name(u"check-%1"_s.arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=30000"_s);
        m_open = db.open();
    }
    ~Store()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    bool isOpen() const { return m_open; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    /// The first row of a query, or an empty list (and a warning) when it fails.
    QVariantList row(const QString &sql)
    {
        QSqlQuery query(db());
        if (!query.exec(sql) || !query.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return {};
        }
        QVariantList values;
        for (int i = 0; i < query.record().count(); ++i)
            values.append(query.value(i));
        return values;
    }
    QVariant scalar(const QString &sql) { return row(sql).value(0); }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_open = false;
};

struct Tally
{
    int loadKills = 0;
    int startupRebuildKills = 0;
    int rebuildKills = 0;
    int killedWhileRunning = 0;
    int rebuildsCompletedBeforeKill = 0;
    qint64 acksChecked = 0;
};

} // namespace

class tst_Crash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killAndRestart();

private:
    enum class Kind { Load, StartupRebuild, Rebuild };

    QProcess *startCtl(const QStringList &arguments);
    /// Kills one cycle's process at a random moment of its work; returns whether it was
    /// still running when the kill came.
    bool runAndKill(Kind kind, int cycle);
    /// Every invariant the stores must hold after a crash and a restart.
    void checkInvariants(int cycle);
    qint64 ackLines() const;

    QTemporaryDir m_root;
    QString m_dataDir;
    QString m_acksPath;
    QProcessEnvironment m_environment;
    QRandomGenerator m_random;
    quint32 m_seed = 0;
    qint64 m_rebuildMs = 0;
    Tally m_tally;
};

void tst_Crash::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
    QVERIFY2(QFileInfo(QStringLiteral(ORDERDESKCTL_PATH)).isExecutable(), ORDERDESKCTL_PATH);
    m_root.setAutoRemove(qEnvironmentVariableIsEmpty("ORDERDESK_CRASH_KEEP"));
    m_dataDir = m_root.filePath(u"data"_s);
    m_acksPath = m_root.filePath(u"acks.txt"_s);
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(u"HOME"_s, m_root.filePath(u"home"_s));
    bool ok = false;
    m_seed = qEnvironmentVariableIntValue("ORDERDESK_CRASH_SEED", &ok);
    if (!ok)
        m_seed = quint32(QDateTime::currentMSecsSinceEpoch());
    m_random.seed(m_seed);
    qInfo("Crash test seed %u (ORDERDESK_CRASH_SEED=%u repeats these kill moments), data in %s",
          m_seed, m_seed, qPrintable(m_dataDir));

    // A store big enough that a rebuild takes a while to kill in the middle of.
    QProcess seed;
    seed.setProcessEnvironment(m_environment);
    seed.start(QStringLiteral(ORDERDESKCTL_PATH),
               {u"--data-dir"_s, m_dataDir, u"seed"_s, u"--customers"_s, u"50"_s, u"--products"_s,
                u"30"_s, u"--orders"_s, u"4000"_s});
    QVERIFY(seed.waitForFinished(300'000));
    QVERIFY2(seed.exitCode() == 0, seed.readAllStandardError().constData());

    QElapsedTimer timer;
    timer.start();
    QProcess rebuild;
    rebuild.setProcessEnvironment(m_environment);
    rebuild.start(QStringLiteral(ORDERDESKCTL_PATH), {u"--data-dir"_s, m_dataDir, u"rebuild"_s});
    QVERIFY(rebuild.waitForFinished(300'000));
    QVERIFY2(rebuild.exitCode() == 0, rebuild.readAllStandardError().constData());
    m_rebuildMs = timer.elapsed();
}

QProcess *tst_Crash::startCtl(const QStringList &arguments)
{
    auto *process = new QProcess(this);
    process->setProcessEnvironment(m_environment);
    process->start(QStringLiteral(ORDERDESKCTL_PATH),
                   QStringList {u"--data-dir"_s, m_dataDir} + arguments);
    return process;
}

qint64 tst_Crash::ackLines() const
{
    QFile file(m_acksPath);
    return file.open(QIODevice::ReadOnly) ? file.readAll().count('\n') : 0;
}

bool tst_Crash::runAndKill(Kind kind, int cycle)
{
    QProcess *process = nullptr;
    if (kind == Kind::Rebuild) {
        process = startCtl({u"rebuild"_s});
        // Anywhere from start-up to the swap; a kill that comes after the end is counted.
        process->waitForFinished(int(m_random.bounded(qint64(20), m_rebuildMs + 50)));
    } else {
        if (kind == Kind::StartupRebuild) {
            // Without a read store the projector starts with a rebuild while load runs.
            for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
                QFile::remove(m_dataDir + u"/orders-read.db"_s + suffix);
        }
        const qint64 before = ackLines();
        const qint64 wanted =
            before + (kind == Kind::Load ? m_random.bounded(1, 400) : m_random.bounded(1, 40));
        process =
            startCtl({u"load"_s, u"--rate"_s, u"400"_s, u"--duration"_s, u"600"_s, u"--acks"_s,
                      m_acksPath, u"--seed"_s, QString::number(m_seed + quint32(cycle))});
        QElapsedTimer waited;
        waited.start();
        // A wait condition, not a sleep: the process acknowledges commands until then.
        while (ackLines() < wanted && waited.elapsed() < 60'000) {
            if (process->waitForFinished(5))
                break;
        }
    }
    const bool running = process->state() == QProcess::Running;
    process->kill();
    process->waitForFinished(30'000);
    if (!running) {
        qWarning("Cycle %d: orderdeskctl had ended before the kill (exit %d): %s", cycle,
                 process->exitCode(), process->readAllStandardError().constData());
    }
    delete process;
    return running;
}

void tst_Crash::checkInvariants(int cycle)
{
    const QString writePath = m_dataDir + u"/orders.db"_s;
    const QString readPath = m_dataDir + u"/orders-read.db"_s;
    {
        Store write(writePath);
        QVERIFY(write.isOpen());
        QCOMPARE(write.scalar(u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
        if (QFileInfo::exists(readPath)) {
            Store read(readPath);
            QVERIFY(read.isOpen());
            QCOMPARE(read.scalar(u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
        }

        // Positions 1..N, none missing, none twice; every event with its processed command.
        const QVariantList positions =
            write.row(u"SELECT count(*), count(DISTINCT position), coalesce(min(position), 1), "
                      "coalesce(max(position), 0) FROM events"_s);
        QCOMPARE(positions.size(), 4);
        const qint64 events = positions.at(0).toLongLong();
        QCOMPARE(positions.at(1).toLongLong(), events);
        QCOMPARE(positions.at(2).toLongLong(), 1);
        QCOMPARE(positions.at(3).toLongLong(), events);
        QCOMPARE(write
                     .scalar(u"SELECT count(*) FROM events e LEFT JOIN processed_commands p "
                             "ON p.command_id = e.command_id WHERE p.command_id IS NULL"_s)
                     .toLongLong(),
                 0);
        QCOMPARE(write
                     .scalar(u"SELECT count(*) FROM processed_commands p WHERE NOT EXISTS "
                             "(SELECT 1 FROM events e WHERE e.position = p.position "
                             "AND e.command_id = p.command_id)"_s)
                     .toLongLong(),
                 0);

        // Every acknowledged command is there, at the position it was acknowledged with.
        QFile acks(m_acksPath);
        QVERIFY(acks.open(QIODevice::ReadOnly));
        const QByteArray content = acks.readAll();
        QSqlDatabase db = write.db();
        QVERIFY(db.transaction());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"CREATE TEMP TABLE IF NOT EXISTS acks (command_id TEXT PRIMARY KEY, "
                           "position INTEGER NOT NULL)"_s));
        QVERIFY(query.exec(u"DELETE FROM acks"_s));
        QVERIFY(
            query.prepare(u"INSERT OR REPLACE INTO acks (command_id, position) VALUES (?, ?)"_s));
        qint64 acked = 0;
        // A line the kill cut short was never a whole acknowledgement.
        const qsizetype complete = content.lastIndexOf('\n') + 1;
        for (const QByteArray &line : content.left(complete).split('\n')) {
            if (line.isEmpty())
                continue;
            const QList<QByteArray> fields = line.split(' ');
            QVERIFY2(fields.size() == 2, line.constData());
            query.bindValue(0, QString::fromUtf8(fields.at(0)));
            query.bindValue(1, fields.at(1).toLongLong());
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
            ++acked;
        }
        QVERIFY(db.commit());
        const QVariantList lost = write.row(
            u"SELECT count(*), group_concat(a.command_id) FROM acks a "
            "LEFT JOIN processed_commands p ON p.command_id = a.command_id "
            "LEFT JOIN events e ON e.position = a.position AND e.command_id = a.command_id "
            "WHERE p.command_id IS NULL OR p.position != a.position OR e.position IS NULL"_s);
        QCOMPARE(lost.size(), 2);
        QVERIFY2(lost.at(0).toLongLong() == 0,
                 qPrintable(u"cycle %1: %2 acknowledged commands lost: %3"_s.arg(cycle)
                                .arg(lost.at(0).toLongLong())
                                .arg(lost.at(1).toString().left(400))));
        m_tally.acksChecked = acked;
        QVERIFY(query.exec(u"DROP TABLE acks"_s));
    }

    // The read store catches up and equals a rebuild from the event log.
    QProcess verify;
    verify.setProcessEnvironment(m_environment);
    verify.start(QStringLiteral(ORDERDESKCTL_PATH),
                 {u"--data-dir"_s, m_dataDir, u"--json"_s, u"verify"_s});
    QVERIFY(verify.waitForFinished(300'000));
    const QByteArray verified = verify.readAllStandardOutput();
    QVERIFY2(verify.exitStatus() == QProcess::NormalExit && verify.exitCode() == 0,
             qPrintable(u"cycle %1: verify failed: %2 %3"_s.arg(cycle).arg(
                 QString::fromUtf8(verified), QString::fromUtf8(verify.readAllStandardError()))));
    QCOMPARE(QJsonDocument::fromJson(verified).object().value(u"ok"_s).toBool(), true);

    Store write(writePath);
    Store read(readPath);
    QVERIFY(write.isOpen() && read.isOpen());
    const qint64 head =
        write.scalar(u"SELECT coalesce(max(position), 0) FROM events"_s).toLongLong();
    QCOMPARE(
        read.scalar(u"SELECT position FROM checkpoints WHERE projection = 'orders'"_s).toLongLong(),
        head);
    // The totals agree between the two sides, overall and per status.
    const QString byStatus = u"SELECT group_concat(status || ':' || n || ':' || t, ' ') FROM "
                             "(SELECT status, count(*) AS n, sum(total_cents) AS t FROM %1 "
                             "GROUP BY status ORDER BY status)"_s;
    const QVariantList writeTotals =
        write.row(u"SELECT count(*), coalesce(sum(total_cents), 0) FROM orders"_s);
    const QVariantList readTotals =
        read.row(u"SELECT count(*), coalesce(sum(total_cents), 0) FROM order_view"_s);
    QCOMPARE(writeTotals.size(), 2);
    QCOMPARE(readTotals, writeTotals);
    const QString writeStatuses = write.scalar(byStatus.arg(u"orders"_s)).toString();
    QVERIFY(!writeStatuses.isEmpty());
    QCOMPARE(read.scalar(byStatus.arg(u"order_view"_s)).toString(), writeStatuses);
    const QVariantList summary =
        read.row(u"SELECT sum(order_count), sum(revenue_cents) FROM status_summary"_s);
    QCOMPARE(summary.value(0).toLongLong(), writeTotals.value(0).toLongLong());
    QCOMPARE(summary.value(1).toLongLong(), writeTotals.value(1).toLongLong());
}

void tst_Crash::killAndRestart()
{
    // An acknowledged command survives any crash: after SIGKILL at random moments (writing,
    // projecting, rebuilding) and a restart, both stores are intact, every acknowledged
    // command is in the event log, and the read store converges to the write store.
    bool ok = false;
    int cycles = qEnvironmentVariableIntValue("ORDERDESK_CRASH_CYCLES", &ok);
    if (!ok || cycles < 1)
        cycles = 20;
    QElapsedTimer timer;
    timer.start();
    for (int cycle = 1; cycle <= cycles; ++cycle) {
        // Mostly load; every fifth cycle kills a rebuild, and every seventh restarts without
        // a read store so that the projector starts by rebuilding it.
        const Kind kind = cycle % 5 == 0 ? Kind::Rebuild
            : cycle % 7 == 0             ? Kind::StartupRebuild
                                         : Kind::Load;
        const bool landed = runAndKill(kind, cycle);
        (kind == Kind::Rebuild              ? m_tally.rebuildKills
             : kind == Kind::StartupRebuild ? m_tally.startupRebuildKills
                                            : m_tally.loadKills)++;
        m_tally.killedWhileRunning += landed ? 1 : 0;
        if (kind == Kind::Rebuild && !landed)
            ++m_tally.rebuildsCompletedBeforeKill;
        checkInvariants(cycle);
        if (QTest::currentTestFailed()) {
            qWarning("Failed in cycle %d of %d (seed %u, kind %d)", cycle, cycles, m_seed,
                     int(kind));
            return;
        }
        if (cycle % 50 == 0 || cycle == cycles) {
            Store write(m_dataDir + u"/orders.db"_s);
            qInfo("cycle %d/%d after %lld s: %lld events, %lld acknowledged commands checked, "
                  "0 lost; kills: %d load, %d startup rebuild, %d rebuild (%d rebuilds had "
                  "finished), %d landed while running",
                  cycle, cycles, timer.elapsed() / 1000,
                  write.scalar(u"SELECT count(*) FROM events"_s).toLongLong(), m_tally.acksChecked,
                  m_tally.loadKills, m_tally.startupRebuildKills, m_tally.rebuildKills,
                  m_tally.rebuildsCompletedBeforeKill, m_tally.killedWhileRunning);
        }
    }
    QVERIFY(m_tally.acksChecked > 0);
}

QTEST_GUILESS_MAIN(tst_Crash)
#include "tst_crash.moc"
