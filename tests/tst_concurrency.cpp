// SPDX-License-Identifier: MIT
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

class tst_Concurrency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoProcessesOneStore();
};

void tst_Concurrency::twoProcessesOneStore()
{
    // Two orderdeskctl processes send commands to the same store at once, on the same few
    // orders: every acknowledged command is stored (no lost update), a collision is answered
    // with ConcurrentModification and nothing worse, and the read store the two projectors
    // share equals a rebuild from the event log (nothing applied twice or skipped).
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString dir = root.filePath(u"data"_s);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, root.filePath(u"home"_s));

    QList<QProcess *> processes;
    for (int i = 0; i < 2; ++i) {
        auto *process = new QProcess(this);
        process->setProcessEnvironment(environment);
        // Few open orders, so that both work on the same ones and collide.
        process->start(QStringLiteral(ORDERDESKCTL_PATH),
                       {u"--data-dir"_s, dir, u"--json"_s, u"load"_s, u"--rate"_s, u"400"_s,
                        u"--count"_s, u"1500"_s, u"--open-orders"_s, u"8"_s, u"--seed"_s,
                        QString::number(11 + i), u"--acks"_s,
                        root.filePath(u"acks-%1.txt"_s.arg(i))});
        processes.append(process);
    }
    qint64 accepted = 0;
    qint64 conflicts = 0;
    for (QProcess *process : std::as_const(processes)) {
        QVERIFY(process->waitForFinished(240'000));
        const QByteArray out = process->readAllStandardOutput();
        const QByteArray err = process->readAllStandardError();
        QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0,
                 qPrintable(QString::fromUtf8(out + err)));
        const QJsonObject summary = QJsonDocument::fromJson(out).object();
        QCOMPARE(summary.value(u"dispatched"_s).toInteger(), 1500);
        const QJsonObject rejectedBy = summary.value(u"rejected_by"_s).toObject();
        for (const QString &code : rejectedBy.keys())
            QVERIFY2(code == u"ConcurrentModification", qPrintable(QString::fromUtf8(out)));
        accepted += summary.value(u"accepted"_s).toInteger();
        conflicts += rejectedBy.value(u"ConcurrentModification"_s).toInteger();
        qInfo("%s", out.trimmed().constData());
        delete process;
    }
    QVERIFY2(conflicts > 0, "the two processes never collided: the test proves nothing");

    // Every acknowledged command of both is in the store, at its position.
    const QString store = dir + u"/orders.db"_s;
    qint64 acks = 0;
    for (int i = 0; i < 2; ++i) {
        const QString path = root.filePath(u"acks-%1.txt"_s.arg(i));
#ifdef Q_OS_UNIX
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, 0600u);
#endif
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            const QList<QByteArray> fields = line.split(' ');
            QCOMPARE(fields.size(), 2);
            const QString found = scalar(store,
                                         u"SELECT p.position || ':' || e.command_id FROM "
                                         "processed_commands p JOIN events e ON "
                                         "e.position = p.position WHERE p.command_id = ?"_s,
                                         {QString::fromLatin1(fields.at(0))})
                                      .toString();
            QCOMPARE(found, QString::fromLatin1(fields.at(1) + ':' + fields.at(0)));
            // The catalog is registered before the load and may be acknowledged by both.
            if (!line.startsWith("load-catalog-"))
                ++acks;
        }
    }
    const qint64 catalog = scalar(store,
                                  u"SELECT count(*) FROM processed_commands WHERE "
                                  "command_id LIKE 'load-catalog-%'"_s)
                               .toLongLong();
    QCOMPARE(acks, accepted);
    QCOMPARE(scalar(store, u"SELECT count(*) FROM events"_s).toLongLong(), accepted + catalog);
    QCOMPARE(scalar(store, u"SELECT max(position) FROM events"_s).toLongLong(), accepted + catalog);

    QProcess verify;
    verify.setProcessEnvironment(environment);
    verify.start(QStringLiteral(ORDERDESKCTL_PATH), {u"--data-dir"_s, dir, u"verify"_s});
    QVERIFY(verify.waitForFinished(120'000));
    QVERIFY2(verify.exitCode() == 0, verify.readAllStandardError().constData());
    QCOMPARE(scalar(dir + u"/orders-read.db"_s, u"SELECT sum(total_cents) FROM order_view"_s)
                 .toLongLong(),
             scalar(store, u"SELECT sum(total_cents) FROM orders"_s).toLongLong());
    qInfo("2 processes: %lld commands accepted, %lld collisions answered with "
          "ConcurrentModification, %lld acknowledgements all stored",
          accepted, conflicts, acks);
}

QTEST_GUILESS_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"
