// SPDX-License-Identifier: MIT
// orderdeskctl load and audit, run as users run them: the built binary in a separate process.
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;

    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QStringList errorLines() const { return err.split(u'\n', Qt::SkipEmptyParts); }
    QString describe() const
    {
        return u"exit %1\nstdout: %2\nstderr: %3"_s.arg(exitCode).arg(out, err);
    }
};

} // namespace

class tst_CtlReliability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadAppendsAcknowledgements();
    void loadForADuration();
    void loadUsageErrors_data();
    void loadUsageErrors();
    void auditShowsWhoDidWhatAndWhen();
    void auditErrors_data();
    void auditErrors();
    void rebuildLeftByDeadProcess_data();
    void rebuildLeftByDeadProcess();

private:
    Run ctl(const QStringList &arguments);

    QTemporaryDir m_root;
    QString m_dir;
};

void tst_CtlReliability::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
    m_dir = m_root.filePath(u"data"_s);
}

Run tst_CtlReliability::ctl(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, m_root.filePath(u"home"_s));
    environment.insert(u"USER"_s, u"auditor"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ORDERDESKCTL_PATH),
                  QStringList {u"--data-dir"_s, m_dir} + arguments);
    Run run;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void tst_CtlReliability::loadAppendsAcknowledgements()
{
    // `load --count N` sends N commands and appends one "command-id position" line per
    // accepted command (catalog included), each matching the event log; a second run appends.
    const QString acks = m_root.filePath(u"acks.txt"_s);
    const Run first = ctl({u"--json"_s, u"load"_s, u"--rate"_s, u"2000"_s, u"--count"_s, u"300"_s,
                           u"--acks"_s, acks, u"--seed"_s, u"3"_s});
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    QCOMPARE(first.json().value(u"accepted"_s).toInteger(), 300);
    const Run second =
        ctl({u"load"_s, u"--rate"_s, u"2000"_s, u"--count"_s, u"100"_s, u"--acks"_s, acks});
    QVERIFY2(second.exitCode == 0, qPrintable(second.describe()));
    QVERIFY2(second.out.contains(u"Sent 100 commands"), qPrintable(second.describe()));

    QFile file(acks);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 32 + 300 + 100);
    const Run events = ctl({u"--json"_s, u"events"_s, u"--limit"_s, u"1000"_s});
    QVERIFY2(events.exitCode == 0, qPrintable(events.describe()));
    const QJsonArray log = events.json().value(u"events"_s).toArray();
    QCOMPARE(log.size(), lines.size());
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split(' ');
        QCOMPARE(fields.size(), 2);
        const qint64 position = fields.at(1).toLongLong();
        QVERIFY(position >= 1 && position <= log.size());
        QCOMPARE(log.at(position - 1).toObject().value(u"command_id"_s).toString(),
                 QString::fromUtf8(fields.at(0)));
    }
}

void tst_CtlReliability::loadForADuration()
{
    // `load --duration S` stops sending after S seconds and answers every command it sent.
    const Run run = ctl({u"--json"_s, u"load"_s, u"--rate"_s, u"200"_s, u"--duration"_s, u"1"_s,
                         u"--acks"_s, m_root.filePath(u"acks-duration.txt"_s)});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject summary = run.json();
    QVERIFY2(summary.value(u"dispatched"_s).toInteger() > 0, qPrintable(run.out));
    QCOMPARE(summary.value(u"accepted"_s).toInteger() + summary.value(u"rejected"_s).toInteger(),
             summary.value(u"dispatched"_s).toInteger());
    QVERIFY2(summary.value(u"seconds"_s).toDouble() >= 1.0, qPrintable(run.out));
}

void tst_CtlReliability::loadUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const QString acks = u"/nonexistent/acks"_s;
    QTest::newRow("no rate") << QStringList {u"load"_s, u"--acks"_s, acks} << u"--rate"_s;
    QTest::newRow("no acks file") << QStringList {u"load"_s, u"--rate"_s, u"10"_s} << u"--acks"_s;
    QTest::newRow("rate 0") << QStringList {u"load"_s, u"--rate"_s, u"0"_s, u"--acks"_s, acks}
                            << u"--rate"_s;
    QTest::newRow("rate not a number")
        << QStringList {u"load"_s, u"--rate"_s, u"fast"_s, u"--acks"_s, acks} << u"--rate"_s;
    QTest::newRow("duration and count")
        << QStringList {u"load"_s, u"--rate"_s, u"10"_s, u"--duration"_s, u"1"_s, u"--count"_s,
                        u"5"_s,    u"--acks"_s, acks}
        << u"--count"_s;
    QTest::newRow("negative count")
        << QStringList {u"load"_s, u"--rate"_s, u"10"_s, u"--count"_s, u"-5"_s, u"--acks"_s, acks}
        << u"--count"_s;
    QTest::newRow("unknown option")
        << QStringList {u"load"_s, u"--rate"_s, u"10"_s, u"--acks"_s, acks, u"--turbo"_s}
        << u"turbo"_s;
    QTest::newRow("audit without order") << QStringList {u"audit"_s} << u"order id"_s;
    QTest::newRow("audit with two orders")
        << QStringList {u"audit"_s, u"ORD-1"_s, u"ORD-2"_s} << u"order id"_s;
}

void tst_CtlReliability::loadUsageErrors()
{
    // Wrong usage of load and audit is one line and exit code 2, before anything is opened.
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run = ctl(arguments);
    QVERIFY2(run.exitCode == 2, qPrintable(run.describe()));
    QCOMPARE(run.errorLines().size(), 1);
    QVERIFY2(run.err.contains(mentions), qPrintable(run.describe()));
}

void tst_CtlReliability::auditShowsWhoDidWhatAndWhen()
{
    // `audit ORDER` lists every event of the order from the event log with its time, type,
    // actor, command id and what it changed; --json gives the same to scripts.
    QVERIFY(ctl({u"register-customer"_s, u"C-AUD"_s, u"--name"_s, u"Ada"_s, u"--email"_s,
                 u"ada@example.com"_s})
                .exitCode
            == 0);
    QVERIFY(ctl({u"add-product"_s, u"SKU-AUD"_s, u"--name"_s, u"Drill"_s, u"--price"_s, u"9.99"_s})
                .exitCode
            == 0);
    QVERIFY(ctl({u"create-order"_s, u"--order-id"_s, u"ORD-AUD"_s, u"--customer"_s, u"C-AUD"_s,
                 u"--line"_s, u"SKU-AUD:2"_s, u"--command-id"_s, u"cmd-create"_s})
                .exitCode
            == 0);
    QVERIFY(ctl({u"confirm"_s, u"ORD-AUD"_s, u"--actor"_s, u"bob"_s, u"--command-id"_s,
                 u"cmd-confirm"_s})
                .exitCode
            == 0);
    QVERIFY(ctl({u"cancel"_s, u"ORD-AUD"_s, u"--reason"_s, u"customer asked\nby phone"_s,
                 u"--actor"_s, u"carol"_s})
                .exitCode
            == 0);

    const Run json = ctl({u"--json"_s, u"audit"_s, u"ORD-AUD"_s});
    QVERIFY2(json.exitCode == 0, qPrintable(json.describe()));
    const QJsonArray events = json.json().value(u"events"_s).toArray();
    QCOMPARE(events.size(), 3);
    const QJsonObject created = events.at(0).toObject();
    QCOMPARE(created.value(u"type"_s).toString(), u"OrderCreated"_s);
    QCOMPARE(created.value(u"actor"_s).toString(), u"auditor"_s);
    QCOMPARE(created.value(u"command_id"_s).toString(), u"cmd-create"_s);
    QCOMPARE(created.value(u"version"_s).toInteger(), 1);
    QVERIFY2(created.value(u"summary"_s).toString().contains(u"19.98"), qPrintable(json.out));
    QVERIFY(created.value(u"occurred_at"_s).toString().endsWith(u'Z'));
    QCOMPARE(events.at(1).toObject().value(u"actor"_s).toString(), u"bob"_s);
    QCOMPARE(events.at(1).toObject().value(u"command_id"_s).toString(), u"cmd-confirm"_s);
    QCOMPARE(events.at(2).toObject().value(u"type"_s).toString(), u"OrderCancelled"_s);
    QCOMPARE(events.at(2).toObject().value(u"actor"_s).toString(), u"carol"_s);
    QVERIFY(events.at(2)
                .toObject()
                .value(u"summary"_s)
                .toString()
                .contains(u"customer asked\nby phone"));

    // For people: one line per event, the reason's line break shown, not obeyed.
    const Run text = ctl({u"audit"_s, u"ORD-AUD"_s});
    QVERIFY2(text.exitCode == 0, qPrintable(text.describe()));
    const QStringList lines = text.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines.at(1).contains(u"OrderCreated") && lines.at(1).contains(u"auditor")
                 && lines.at(1).contains(u"cmd-create"),
             qPrintable(text.out));
    QVERIFY2(lines.at(3).contains(u"carol") && lines.at(3).contains(u"customer asked\\nby phone"),
             qPrintable(text.out));
}

void tst_CtlReliability::auditErrors_data()
{
    QTest::addColumn<QString>("order");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown order") << u"ORD-NOPE"_s << u"OrderNotFound"_s;
    QTest::newRow("not an id") << u"ORD-1'; DROP TABLE events;--"_s << u"InvalidId"_s;
}

void tst_CtlReliability::auditErrors()
{
    // An order the log does not have, or text that is no order id, is one line and exit 1.
    QFETCH(QString, order);
    QFETCH(QString, error);
    QVERIFY(ctl({u"init"_s}).exitCode == 0);
    const Run text = ctl({u"audit"_s, order});
    QVERIFY2(text.exitCode == 1 && text.errorLines().size() == 1, qPrintable(text.describe()));
    const Run json = ctl({u"--json"_s, u"audit"_s, order});
    QCOMPARE(json.exitCode, 1);
    QCOMPARE(json.json().value(u"error"_s).toString(), error);
}

void tst_CtlReliability::rebuildLeftByDeadProcess_data()
{
    QTest::addColumn<bool>("ownerAlive");
    QTest::newRow("owner killed") << false;
    QTest::newRow("owner still rebuilding") << true;
}

void tst_CtlReliability::rebuildLeftByDeadProcess()
{
    // A rebuild whose process was killed does not stop the next one (its owner is gone),
    // while one that is still running is respected.
    QFETCH(bool, ownerAlive);
    QVERIFY(ctl({u"init"_s}).exitCode == 0);
    QVERIFY(ctl({u"verify"_s}).exitCode == 0);
    qint64 pid = QCoreApplication::applicationPid();
    if (!ownerAlive) {
        QProcess gone;
        gone.start(QStringLiteral(ORDERDESKCTL_PATH), {u"--version"_s});
        QVERIFY(gone.waitForStarted());
        pid = gone.processId();
        QVERIFY(gone.waitForFinished());
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"plant"_s);
        db.setDatabaseName(m_dir + u"/orders-read.db"_s);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.prepare(u"INSERT OR REPLACE INTO checkpoints (projection, position, "
                              "updated_at) VALUES ('rebuild', 0, ?)"_s));
        query.addBindValue(QDateTime::currentMSecsSinceEpoch());
        QVERIFY(query.exec());
        QVERIFY(query.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES "
                              "('rebuild_owner', ?)"_s));
        query.addBindValue(QString(QSysInfo::machineHostName() + u' ' + QString::number(pid)));
        QVERIFY(query.exec());
        db.close();
    }
    QSqlDatabase::removeDatabase(u"plant"_s);
    const Run rebuild = ctl({u"rebuild"_s});
    if (ownerAlive) {
        QVERIFY2(rebuild.exitCode == 1 && rebuild.err.contains(u"Another OrderDesk process"),
                 qPrintable(rebuild.describe()));
    } else {
        QVERIFY2(rebuild.exitCode == 0, qPrintable(rebuild.describe()));
    }
}

QTEST_GUILESS_MAIN(tst_CtlReliability)
#include "tst_ctlreliability.moc"
