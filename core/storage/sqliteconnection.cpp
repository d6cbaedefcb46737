// SPDX-License-Identifier: MIT
#include "sqliteconnection.h"

#include "sqlitestatement.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlError>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <unistd.h>
#endif

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcSqlite, "orderdesk.sqlite")

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SqliteConnection", text);
}

// SQLite primary result codes (sqlite3.h); Qt reports them as the native error code.
enum SqliteCode {
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteIoErr = 10,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteCantOpen = 14,
    SqliteConstraint = 19,
    SqliteNotADb = 26,
};

constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

void removeSqliteFiles(const QString &path)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
        QFile::remove(path + suffix);
}

} // namespace

Error sqliteError(const QSqlError &error, const QString &context)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (!ok)
        return Error{ErrorCode::StorageError, context.isEmpty() ? detail : context + u": "_s + detail};
    return sqliteError(code, detail, context);
}

Error sqliteError(int nativeCode, const QString &detail, const QString &context)
{
    const int code = nativeCode & 0xff;
    const auto make = [&](ErrorCode errorCode, const QString &sentence) {
        return Error{errorCode, context.isEmpty() ? sentence : context + u": "_s + sentence};
    };
    switch (code) {
    case SqliteFull:
        return make(ErrorCode::StorageFull,
                    tr("the disk is full (or the store reached its size limit); nothing was "
                       "written"));
    case SqliteBusy:
    case SqliteLocked:
        return make(ErrorCode::StorageBusy,
                    tr("the store is locked by another program; try again in a moment"));
    case SqliteReadOnly:
        return make(ErrorCode::StorageReadOnly, tr("the store is read-only"));
    case SqliteCorrupt:
    case SqliteNotADb:
        return make(ErrorCode::StorageCorrupt,
                    tr("the file is damaged or is not an OrderDesk database (%1)").arg(detail));
    case SqliteCantOpen:
    case SqliteIoErr:
        return make(ErrorCode::StorageUnavailable, tr("the file cannot be read or written (%1)")
                                                           .arg(detail));
    default:
        return make(ErrorCode::StorageError, detail);
    }
}

Result<void> checkSqliteFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.exists())
        return {};
    const QString name = QDir::toNativeSeparators(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::StorageUnavailable,
                     tr("The %1 %2 cannot be read: %3.").arg(what, name, file.errorString())};
    if (file.size() == 0)
        return Error{ErrorCode::StorageCorrupt,
                     tr("The %1 %2 is empty (0 bytes), so it is not an OrderDesk database. Move it "
                        "away to start a new one.")
                             .arg(what, name)};
    static constexpr char magic[] = "SQLite format 3";
    const QByteArray header = file.read(100);
    if (header.size() < 100 || !header.startsWith(QByteArray(magic, sizeof magic)))
        return Error{ErrorCode::StorageCorrupt,
                     tr("The %1 %2 is not an SQLite database (damaged or a different kind of "
                        "file). It was not changed.")
                             .arg(what, name)};
    return {};
}

Result<void> ensurePrivateDirectory(const QString &path)
{
    QDir dir(path);
    if (!dir.exists()) {
        if (!QDir().mkpath(path))
            return Error{ErrorCode::StorageUnavailable,
                         tr("The data directory %1 cannot be created.")
                                 .arg(QDir::toNativeSeparators(path))};
        QFile::setPermissions(path, ownerOnly | QFileDevice::ExeOwner);
    }
    return {};
}

SqliteConnection::SqliteConnection(const QString &purpose)
{
    static QAtomicInteger<quint64> counter;
    m_connectionName = u"orderdesk-%1-%2"_s.arg(purpose).arg(counter.fetchAndAddRelaxed(1));
}

SqliteConnection::~SqliteConnection()
{
    close();
}

QSqlDatabase SqliteConnection::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool SqliteConnection::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

void SqliteConnection::close()
{
    m_transactionStatements.clear();
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = database();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<void> SqliteConnection::open(const Options &options)
{
    close();
    m_path = options.path;
    if (!QFileInfo::exists(options.path)) {
        if (!options.create || options.readOnly)
            return Error{ErrorCode::StorageUnavailable,
                         tr("The store %1 does not exist.").arg(QDir::toNativeSeparators(m_path))};
        if (auto created = createNew(options); !created)
            return created;
    } else if (auto ok = checkSqliteFile(options.path, options.what); !ok) {
        return ok;
    }
    return openExisting(options);
}

Result<void> SqliteConnection::createNew(const Options &options)
{
    // A name of this process's own: two processes creating the same store at once must not
    // remove each other's half-made file.
    const QString temporary = u"%1.new-%2-%3"_s.arg(options.path)
                                      .arg(QCoreApplication::applicationPid())
                                      .arg(QRandomGenerator::global()->generate(), 8, 16,
                                           QLatin1Char('0'));
    removeSqliteFiles(temporary);
    {
        QFile file(temporary);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)
            || !file.setPermissions(ownerOnly))
            return Error{ErrorCode::StorageUnavailable,
                         tr("The store %1 cannot be created: %2.")
                                 .arg(QDir::toNativeSeparators(options.path), file.errorString())};
    }
    Options init = options;
    init.path = temporary;
    init.create = false;
    Result<void> initialized = openExisting(init);
    if (initialized && options.initialize)
        initialized = options.initialize(*this);
    close();
    if (!initialized) {
        removeSqliteFiles(temporary);
        return initialized;
    }
    // Closing the last connection checkpointed and removed the WAL, so one file holds it all.
    // It is put in place only if no store is there yet; if another process was quicker, its
    // store is the one to use.
    bool placed = false;
#ifdef Q_OS_UNIX
    // link() fails when the name exists, atomically; QFile::rename() checks first and then
    // renames, which could replace a store another process has just started writing to.
    placed = ::link(QFile::encodeName(temporary).constData(),
                    QFile::encodeName(options.path).constData())
            == 0;
    const bool linkUnsupported = !placed && errno != EEXIST;
    if (linkUnsupported)
        placed = QFile::rename(temporary, options.path);
#else
    placed = QFile::rename(temporary, options.path); // MoveFileEx: fails when it exists
#endif
    removeSqliteFiles(temporary);
    if (!placed && !QFileInfo::exists(options.path))
        return Error{ErrorCode::StorageUnavailable,
                     tr("The store %1 cannot be created.").arg(QDir::toNativeSeparators(options.path))};
    return {};
}

Result<void> SqliteConnection::openExisting(const Options &options)
{
    m_path = options.path;
    const QFileInfo info(options.path);
    if (!options.readOnly && (!info.isWritable() || !QFileInfo(info.absolutePath()).isWritable()))
        return Error{ErrorCode::StorageReadOnly,
                     tr("The store %1 (or its folder) is read-only; OrderDesk needs to write "
                        "there. Check the file's permissions.")
                             .arg(QDir::toNativeSeparators(options.path))};

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    if (!db.isValid())
        return Error{ErrorCode::StorageUnavailable,
                     tr("Qt's SQLite driver (QSQLITE) is not installed; install the package "
                        "that provides it (libqt6sql6-sqlite on Debian and Ubuntu).")};
    db.setDatabaseName(options.path);
    QString connectOptions = u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(options.busyTimeoutMs);
    if (options.readOnly)
        connectOptions += u";QSQLITE_OPEN_READONLY"_s;
    db.setConnectOptions(connectOptions);
    if (!db.open())
        return sqliteError(db.lastError(),
                           tr("Cannot open %1").arg(QDir::toNativeSeparators(options.path)));
    // Reading the schema touches the file: a damaged one fails here rather than later.
    const Result<QVariant> schema = scalar(u"SELECT count(*) FROM sqlite_master"_s);
    if (!schema)
        return Error{schema.error().code == ErrorCode::StorageError ? ErrorCode::StorageCorrupt
                                                                    : schema.error().code,
                     tr("The store %1 cannot be read: %2")
                             .arg(QDir::toNativeSeparators(options.path), schema.error().message)};
    return {};
}

Result<void> SqliteConnection::exec(const QString &sql)
{
    // A handful of fixed texts ("SAVEPOINT command", "COMMIT") that run thousands of times:
    // prepared once, through SqliteStatement. Everything else is prepared when it runs.
    static const QStringList transactionControl = {u"BEGIN"_s, u"COMMIT"_s, u"ROLLBACK"_s,
                                                   u"SAVEPOINT "_s, u"RELEASE "_s};
    const bool control = sql.size() < 40
            && std::any_of(transactionControl.cbegin(), transactionControl.cend(),
                           [&](const QString &prefix) { return sql.startsWith(prefix); });
    if (control) {
        std::unique_ptr<SqliteStatement> &statement = m_transactionStatements[sql];
        if (!statement)
            statement = std::make_unique<SqliteStatement>(*this, sql);
        return statement->exec();
    }
    QSqlQuery query(database());
    if (!query.exec(sql))
        return sqliteError(query.lastError(), QString());
    return {};
}

Result<QVariant> SqliteConnection::scalar(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql))
        return sqliteError(query.lastError(), QString());
    if (!query.next())
        return QVariant();
    return query.value(0);
}

Result<QSqlQuery> SqliteConnection::prepare(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.prepare(sql))
        return sqliteError(query.lastError(), QString());
    return query;
}

Result<void> SqliteConnection::migrate(const QList<SqliteMigration> &migrations, const QString &what)
{
    const Result<QVariant> current = scalar(u"PRAGMA user_version"_s);
    if (!current)
        return current.error();
    const int fileVersion = current->toInt();
    const int newest = migrations.isEmpty() ? 0 : migrations.constLast().version;
    if (fileVersion > newest)
        return Error{ErrorCode::SchemaTooNew,
                     tr("The %1 %2 was written by a newer version of OrderDesk (schema %3; this "
                        "version knows up to %4). It was not changed; update OrderDesk to open it.")
                             .arg(what, QDir::toNativeSeparators(m_path))
                             .arg(fileVersion)
                             .arg(newest)};
    QSqlDatabase db = database();
    for (const SqliteMigration &migration : migrations) {
        if (migration.version <= fileVersion)
            continue;
        qCInfo(lcSqlite, "Migrating %s to schema %d: %s", qPrintable(m_path), migration.version,
               qPrintable(migration.description));
        if (!db.transaction())
            return sqliteError(db.lastError(), tr("Cannot migrate %1").arg(what));
        for (const QString &statement : migration.statements) {
            if (auto ok = exec(statement); !ok) {
                db.rollback();
                return Error{ok.error().code, tr("Migration %1 of the %2 failed: %3")
                                                      .arg(migration.version)
                                                      .arg(what, ok.error().message)};
            }
        }
        if (auto ok = exec(u"PRAGMA user_version = %1"_s.arg(migration.version)); !ok) {
            db.rollback();
            return ok;
        }
        if (!db.commit())
            return sqliteError(db.lastError(), tr("Cannot migrate %1").arg(what));
    }
    return {};
}

} // namespace OrderDesk
