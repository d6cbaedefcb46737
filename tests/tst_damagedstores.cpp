// SPDX-License-Identifier: MIT
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;

    QStringList errorLines() const { return err.split(u'\n', Qt::SkipEmptyParts); }
    QString describe() const
    {
        return u"exit %1\nstdout: %2\nstderr: %3"_s.arg(exitCode).arg(out, err);
    }
};

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(content) == content.size();
}

/// Runs a statement on a store with a plain connection, as a newer OrderDesk would.
bool execOn(const QString &path, const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"damage"_s);
        db.setDatabaseName(path);
        ok = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"damage"_s);
    return ok;
}

/// The commands each damaged store is tried with: readers, writers and maintenance.
QList<QStringList> everyKindOfCommand(const QString &acks)
{
    return {
        {u"stats"_s},
        {u"status"_s},
        {u"events"_s},
        {u"audit"_s, u"ORD-1"_s},
        {u"init"_s},
        {u"register-customer"_s, u"C9"_s, u"--name"_s, u"N"_s, u"--email"_s, u"n@example.com"_s},
        {u"seed"_s, u"--orders"_s, u"3"_s},
        {u"load"_s, u"--rate"_s, u"100"_s, u"--count"_s, u"5"_s, u"--acks"_s, acks},
        {u"rebuild"_s},
        {u"verify"_s}};
}

} // namespace

class tst_DamagedStores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void damagedWriteStore_data();
    void damagedWriteStore();
    void unwritableStore_data();
    void unwritableStore();
    void corruptReadStoreIsRebuilt();

private:
    /// Runs orderdeskctl, as the user `nobody` when asked to and running as root (root may
    /// write to read-only files, so only another user can show how they are handled).
    Run ctl(const QStringList &arguments, bool asNobody = false);
    QString newDataDir();

    QTemporaryDir m_root;
    QByteArray m_goodStore;
    int m_dirs = 0;
};

void tst_DamagedStores::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
    QVERIFY2(QFileInfo(QStringLiteral(ORDERDESKCTL_PATH)).isExecutable(), ORDERDESKCTL_PATH);
    const QString dir = newDataDir();
    const Run seeded = ctl({u"--data-dir"_s, dir, u"seed"_s, u"--customers"_s, u"5"_s,
                            u"--products"_s, u"5"_s, u"--orders"_s, u"200"_s});
    QVERIFY2(seeded.exitCode == 0, qPrintable(seeded.describe()));
    // orderdeskctl checkpoints on exit: the one file holds the whole store.
    QVERIFY(!QFileInfo::exists(dir + u"/orders.db-wal"_s));
    QFile file(dir + u"/orders.db"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_goodStore = file.readAll();
    QVERIFY(m_goodStore.size() > 16 * 4096);
}

QString tst_DamagedStores::newDataDir()
{
    const QString path = m_root.filePath(u"data-%1"_s.arg(++m_dirs));
    QDir().mkpath(path);
    return path;
}

Run tst_DamagedStores::ctl(const QStringList &arguments, bool asNobody)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, m_root.filePath(u"home"_s));
    process.setProcessEnvironment(environment);
    QString program = QStringLiteral(ORDERDESKCTL_PATH);
    QStringList programArguments = arguments;
#ifdef Q_OS_UNIX
    if (asNobody && ::geteuid() == 0) {
        programArguments = QStringList {u"--reuid=65534"_s, u"--regid=65534"_s, u"--clear-groups"_s,
                                        u"--"_s, program}
            + arguments;
        program = QStandardPaths::findExecutable(u"setpriv"_s);
    }
#endif
    process.start(program, programArguments);
    Run run;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        run.err = u"orderdeskctl did not finish"_s;
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void tst_DamagedStores::damagedWriteStore_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("mentions");
    QTest::addColumn<bool>("everyCommandFails");

    QRandomGenerator random(7);
    QByteArray noise(64 * 1024, '\0');
    random.fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    QByteArray scribbled = m_goodStore;
    for (qsizetype i = 4 * 4096; i < scribbled.size() - 4096; i += 4096)
        scribbled.replace(i + 100, 900, noise.mid(i % 60000, 900));

    QTest::newRow("zero-length file") << QByteArray() << QString() << u"empty"_s << true;
    QTest::newRow("random bytes") << noise << QString() << u"not an SQLite database"_s << true;
    QTest::newRow("header only") << m_goodStore.left(100) << QString() << u"orders.db"_s << true;
    QTest::newRow("truncated to 40%") << m_goodStore.left(m_goodStore.size() * 4 / 10 / 4096 * 4096)
                                      << QString() << u"orders.db"_s << true;
    // SQLite finds damaged pages when it reads them: commands that never touch them may work
    // (and must still change nothing); verify reads everything and must fail.
    QTest::newRow("pages overwritten") << scribbled << QString() << u"damaged"_s << false;
    QTest::newRow("future schema version")
        << m_goodStore << u"PRAGMA user_version = 99"_s << u"newer version of OrderDesk"_s << true;
}

void tst_DamagedStores::damagedWriteStore()
{
    // A write store that is empty, not a database, cut short, scribbled over or from a future
    // version is refused by every command with one clear line and a non-zero exit, and is
    // never modified or deleted.
    QFETCH(QByteArray, content);
    QFETCH(QString, sql);
    QFETCH(QString, mentions);
    QFETCH(bool, everyCommandFails);
    const QString dir = newDataDir();
    const QString store = dir + u"/orders.db"_s;
    QVERIFY(writeFile(store, content));
    if (!sql.isEmpty()) {
        QVERIFY(execOn(store, sql));
        QVERIFY(!QFileInfo::exists(store + u"-wal"_s));
    }
    const QByteArray before = fileHash(store);

    for (const QStringList &command : everyKindOfCommand(dir + u"/acks.txt"_s)) {
        const Run run = ctl(QStringList {u"--data-dir"_s, dir} + command);
        const QString what = command.join(u' ') + u": "_s + run.describe();
        QVERIFY2(fileHash(store) == before, qPrintable(u"modified by "_s + what));
        if (run.exitCode == 0 && !everyCommandFails && command.constFirst() != u"verify")
            continue;
        QVERIFY2(run.exitCode == 1, qPrintable(what));
        QVERIFY2(run.out.isEmpty(), qPrintable(what));
        QVERIFY2(run.errorLines().size() == 1, qPrintable(what));
        QVERIFY2(run.err.startsWith(u"orderdeskctl: "), qPrintable(what));
        QVERIFY2(run.err.contains(mentions), qPrintable(what));
        QVERIFY2(QFileInfo(store).size() == content.size(), qPrintable(what));
    }
    // With --json the same failure is a JSON object with the error code, for scripts.
    const Run json = ctl({u"--data-dir"_s, dir, u"--json"_s, u"stats"_s});
    QCOMPARE(json.exitCode, 1);
    const QJsonObject answer = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(answer.value(u"ok"_s).toBool(), false);
    QVERIFY2(answer.value(u"error"_s).toString().startsWith(u"Storage"_s)
                 || answer.value(u"error"_s).toString() == u"SchemaTooNew"_s,
             qPrintable(json.out));
    QCOMPARE(fileHash(store), before);
}

void tst_DamagedStores::unwritableStore_data()
{
    QTest::addColumn<bool>("fileWritable");
    QTest::addColumn<bool>("directoryWritable");
    QTest::newRow("read-only file") << false << true;
    QTest::newRow("read-only directory") << true << false;
}

void tst_DamagedStores::unwritableStore()
{
    // A store OrderDesk may read but not write is refused by commands that write, with one
    // line saying so, and left as it was.
#ifdef Q_OS_UNIX
    if (::geteuid() == 0 && QStandardPaths::findExecutable(u"setpriv"_s).isEmpty())
        QSKIP("Running as root without setpriv: root may write to read-only files.");
    if (::geteuid() == 0 && ctl({u"--version"_s}, true).exitCode != 0)
        QSKIP("The user nobody cannot run orderdeskctl where it was built (a private folder).");
    QFETCH(bool, fileWritable);
    QFETCH(bool, directoryWritable);
    // Reachable by `nobody` too.
    const QString dir =
        QDir::tempPath() + u"/orderdesk-readonly-%1-%2"_s.arg(::getpid()).arg(m_dirs++);
    QVERIFY(QDir().mkpath(dir));
    const auto cleanUp = qScopeGuard([dir] {
        QFile::setPermissions(
            dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QDir(dir).removeRecursively();
    });
    const QString store = dir + u"/orders.db"_s;
    QVERIFY(writeFile(store, m_goodStore));
    const auto all = [](bool write) {
        QFileDevice::Permissions p =
            QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
        if (write)
            p |= QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
        return p;
    };
    QVERIFY(QFile::setPermissions(store, all(fileWritable)));
    QVERIFY(QFile::setPermissions(dir,
                                  all(directoryWritable) | QFileDevice::ExeOwner
                                      | QFileDevice::ExeGroup | QFileDevice::ExeOther));
    const QByteArray before = fileHash(store);

    const QList<QStringList> writers = {
        {u"init"_s},
        {u"register-customer"_s, u"C9"_s, u"--name"_s, u"N"_s, u"--email"_s, u"n@example.com"_s},
        {u"load"_s, u"--rate"_s, u"100"_s, u"--count"_s, u"5"_s, u"--acks"_s,
         QDir::tempPath() + u"/orderdesk-acks-%1"_s.arg(::getpid())}};
    for (const QStringList &command : writers) {
        const Run run = ctl(QStringList {u"--data-dir"_s, dir} + command, true);
        const QString what = command.join(u' ') + u": "_s + run.describe();
        QVERIFY2(run.exitCode == 1, qPrintable(what));
        QVERIFY2(run.errorLines().size() == 1, qPrintable(what));
        QVERIFY2(run.err.contains(u"read-only"), qPrintable(what));
        QCOMPARE(fileHash(store), before);
    }
    QFile::remove(QDir::tempPath() + u"/orderdesk-acks-%1"_s.arg(::getpid()));
#else
    QSKIP("Unix permissions only");
#endif
}

void tst_DamagedStores::corruptReadStoreIsRebuilt()
{
    // The read store is a cache: a damaged one makes queries fail with one clear line, and
    // the next orderdeskctl that projects replaces it by a rebuild that verifies.
    const QString dir = newDataDir();
    QVERIFY(writeFile(dir + u"/orders.db"_s, m_goodStore));
    QByteArray garbage(32 * 1024, 'x');
    garbage.replace(0, 16, "SQLite format 3\0");
    QVERIFY(writeFile(dir + u"/orders-read.db"_s, garbage));
    const QByteArray before = fileHash(dir + u"/orders.db"_s);

    const Run list = ctl({u"--data-dir"_s, dir, u"list"_s});
    QVERIFY2(list.exitCode == 1 && list.errorLines().size() == 1, qPrintable(list.describe()));

    const Run verify = ctl({u"--data-dir"_s, dir, u"verify"_s});
    QVERIFY2(verify.exitCode == 0, qPrintable(verify.describe()));
    QVERIFY2(verify.out.contains(u"matches a rebuild"), qPrintable(verify.describe()));
    const Run listed = ctl({u"--data-dir"_s, dir, u"list"_s, u"--limit"_s, u"1"_s});
    QVERIFY2(listed.exitCode == 0 && listed.out.contains(u"of 200 orders"),
             qPrintable(listed.describe()));
    QCOMPARE(fileHash(dir + u"/orders.db"_s), before);
}

QTEST_GUILESS_MAIN(tst_DamagedStores)
#include "tst_damagedstores.moc"
