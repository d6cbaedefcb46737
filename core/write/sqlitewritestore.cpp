// SPDX-License-Identifier: MIT
#include "sqlitewritestore.h"

#include "storage/sqlitestatement.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlError>
#include <QUuid>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SqliteWriteStore", text);
}

} // namespace

QList<SqliteMigration> SqliteWriteStore::migrations()
{
    return {
            {1,
             u"orders, reference data and the event log"_s,
             {
                     u"CREATE TABLE customers ("
                     " id TEXT PRIMARY KEY,"
                     " name TEXT NOT NULL,"
                     " email TEXT NOT NULL,"
                     " version INTEGER NOT NULL) WITHOUT ROWID"_s,
                     u"CREATE TABLE products ("
                     " id TEXT PRIMARY KEY,"
                     " name TEXT NOT NULL,"
                     " unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),"
                     " version INTEGER NOT NULL) WITHOUT ROWID"_s,
                     u"CREATE TABLE orders ("
                     " id TEXT PRIMARY KEY,"
                     " customer_id TEXT NOT NULL REFERENCES customers(id),"
                     " currency TEXT NOT NULL,"
                     " status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 4),"
                     " total_cents INTEGER NOT NULL,"
                     " version INTEGER NOT NULL,"
                     " created_at INTEGER NOT NULL,"
                     " updated_at INTEGER NOT NULL,"
                     " cancel_reason TEXT) WITHOUT ROWID"_s,
                     u"CREATE TABLE order_items ("
                     " order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
                     " line_no INTEGER NOT NULL,"
                     " product_id TEXT NOT NULL REFERENCES products(id),"
                     " product_name TEXT NOT NULL,"
                     " quantity INTEGER NOT NULL CHECK (quantity > 0),"
                     " unit_price_cents INTEGER NOT NULL,"
                     " PRIMARY KEY (order_id, line_no)) WITHOUT ROWID"_s,
                     u"CREATE TABLE events ("
                     " position INTEGER PRIMARY KEY,"
                     " stream_id TEXT NOT NULL,"
                     " stream_version INTEGER NOT NULL,"
                     " type TEXT NOT NULL,"
                     " schema_version INTEGER NOT NULL,"
                     " payload TEXT NOT NULL,"
                     " occurred_at INTEGER NOT NULL,"
                     " command_id TEXT,"
                     " actor TEXT,"
                     " UNIQUE (stream_id, stream_version))"_s,
             }},
            {2,
             u"processed command ids, so that retries are answered after a restart"_s,
             {
                     u"CREATE TABLE processed_commands ("
                     " command_id TEXT PRIMARY KEY,"
                     " command_type TEXT NOT NULL,"
                     " target_id TEXT NOT NULL,"
                     " version INTEGER NOT NULL,"
                     " position INTEGER NOT NULL,"
                     " accepted_at INTEGER NOT NULL) WITHOUT ROWID"_s,
             }},
            {3,
             u"the store's identity, so that read stores know which event log they show"_s,
             {
                     u"CREATE TABLE store_info ("
                     " key TEXT PRIMARY KEY,"
                     " value TEXT NOT NULL) WITHOUT ROWID"_s,
                     u"INSERT INTO store_info (key, value) VALUES ('store_id', '%1')"_s.arg(
                             QUuid::createUuid().toString(QUuid::WithoutBraces)),
             }},
    };
}

SqliteWriteStore::SqliteWriteStore(const WriteStoreConfig &config)
    : m_config(config)
    , m_connection(config.readOnly ? u"events"_s : u"write"_s)
{
}

SqliteWriteStore::~SqliteWriteStore()
{
    close();
}

QString SqliteWriteStore::description() const
{
    return tr("SQLite \u00b7 %1").arg(QDir::toNativeSeparators(m_config.path));
}

Result<void> SqliteWriteStore::open()
{
    SqliteConnection::Options options;
    options.path = m_config.path;
    options.what = tr("write store");
    options.readOnly = m_config.readOnly;
    options.busyTimeoutMs = m_config.busyTimeoutMs;
    options.create = !m_config.readOnly;
    options.initialize = [this](SqliteConnection &connection) {
        if (auto ok = connection.exec(u"PRAGMA journal_mode=WAL"_s); !ok)
            return ok;
        return connection.migrate(migrations(), tr("write store"));
    };
    if (auto ok = m_connection.open(options); !ok)
        return ok;
    if (auto ok = configure(); !ok) {
        close();
        return ok;
    }
    m_statements.clear();
    m_statements.resize(SlotCount);
    return {};
}

Result<void> SqliteWriteStore::configure()
{
    if (m_config.readOnly) {
        // Readers only need the event log, which every schema version has; a newer store may
        // have changed it, so it is refused like for writers.
        const Result<QVariant> version = m_connection.scalar(u"PRAGMA user_version"_s);
        if (!version)
            return version.error();
        if (version->toInt() > migrations().constLast().version)
            return Error{ErrorCode::SchemaTooNew,
                         tr("The write store %1 was written by a newer version of OrderDesk "
                            "(schema %2); update OrderDesk to open it.")
                                 .arg(QDir::toNativeSeparators(m_config.path))
                                 .arg(version->toInt())};
        return m_connection.exec(u"PRAGMA query_only = ON"_s);
    }
    const QString synchronous =
            m_config.durability == WriteStoreConfig::Durability::Full ? u"FULL"_s : u"NORMAL"_s;
    QStringList pragmas = {u"PRAGMA synchronous = "_s + synchronous,
                           u"PRAGMA foreign_keys = ON"_s};
    if (m_config.maxPageCount > 0)
        pragmas.append(u"PRAGMA max_page_count = %1"_s.arg(m_config.maxPageCount));
    for (const QString &pragma : pragmas) {
        if (auto ok = m_connection.exec(pragma); !ok)
            return ok;
    }
    // The schema check comes before the journal mode: switching to WAL rewrites the file
    // header, and a store from a newer version must be refused without being modified.
    if (auto ok = m_connection.migrate(migrations(), tr("write store")); !ok)
        return ok;
    return m_connection.exec(u"PRAGMA journal_mode = WAL"_s);
}

void SqliteWriteStore::close()
{
    m_statements.clear();
    m_connection.close();
}

Result<SqliteStatement *> SqliteWriteStore::statement(int slot, const QString &sql)
{
    // Through SqliteStatement: the sqlite3 C API where that is safe, QtSql otherwise. A
    // statement that does not prepare reports its error when it runs.
    std::unique_ptr<SqliteStatement> &cached = m_statements[size_t(slot)];
    if (!cached)
        cached = std::make_unique<SqliteStatement>(m_connection, sql);
    return cached.get();
}

Result<void> SqliteWriteStore::run(SqliteStatement &query, const QString &context)
{
    const Result<void> ok = query.exec(context);
    if (!ok)
        return noteError(ok.error());
    return {};
}

Result<void> SqliteWriteStore::exec(const QString &sql)
{
    if (auto ok = m_connection.exec(sql); !ok)
        return noteError(ok.error());
    return {};
}

Error SqliteWriteStore::noteError(const Error &error)
{
    // SQLite may answer SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY or SQLITE_NOMEM by rolling back
    // the whole transaction, not just the statement. The savepoints of the commands after it
    // would then each run, and commit, on their own while their results said rejected. Rolling
    // back the rest ourselves makes the outcome certain: the whole batch is rejected.
    const bool mayHaveEndedBatch = error.code == ErrorCode::StorageFull
            || error.code == ErrorCode::StorageUnavailable || error.code == ErrorCode::StorageBusy
            || error.code == ErrorCode::StorageCorrupt;
    if (m_inBatch && !m_batchAbortedBy && mayHaveEndedBatch) {
        std::ignore = m_connection.exec(u"ROLLBACK"_s);
        m_batchAbortedBy = error;
    }
    return error;
}

Result<void> SqliteWriteStore::beginBatch()
{
    m_batchAbortedBy.reset();
    // IMMEDIATE takes the write lock now, so a second process waits here (busy timeout)
    // instead of failing later when a read would be upgraded to a write.
    if (auto ok = m_connection.exec(u"BEGIN IMMEDIATE"_s); !ok)
        return ok;
    m_inBatch = true;
    return {};
}

Result<void> SqliteWriteStore::commitBatch()
{
    if (m_batchAbortedBy)
        return *m_batchAbortedBy;
    const Result<void> committed = exec(u"COMMIT"_s);
    if (committed)
        m_inBatch = false;
    return committed;
}

void SqliteWriteStore::rollbackBatch()
{
    // Fails harmlessly when the transaction was already rolled back.
    std::ignore = m_connection.exec(u"ROLLBACK"_s);
    m_inBatch = false;
}

Result<void> SqliteWriteStore::beginCommand()
{
    if (m_batchAbortedBy)
        return *m_batchAbortedBy;
    return exec(u"SAVEPOINT command"_s);
}

Result<void> SqliteWriteStore::endCommand(bool keep)
{
    if (m_batchAbortedBy)
        return *m_batchAbortedBy;
    if (!keep) {
        if (auto ok = exec(u"ROLLBACK TO command"_s); !ok)
            return ok;
    }
    return exec(u"RELEASE command"_s);
}

Result<qint64> SqliteWriteStore::appendEvent(const EventEnvelope &event)
{
    auto q = statement(InsertEvent,
                       u"INSERT INTO events (stream_id, stream_version, type, schema_version, "
                       "payload, occurred_at, command_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, event.streamId);
    query.bind(1, event.streamVersion);
    query.bind(2, event.type);
    query.bind(3, qint64(event.schemaVersion));
    // Payloads are UTF-8 already; one that is not is stored as QtSql stored it.
    if (event.payload.isValidUtf8())
        query.bindUtf8(4, event.payload);
    else
        query.bind(4, QString::fromUtf8(event.payload));
    query.bind(5, event.occurredAt);
    query.bind(6, event.commandId);
    query.bind(7, event.actor);
    if (auto ok = query.exec(tr("Cannot append an event")); !ok) {
        constexpr int sqliteConstraint = 19;
        const bool streamClash = (query.lastErrorCode() & 0xff) == sqliteConstraint
                && query.lastErrorText().contains(u"stream_id");
        if (streamClash)
            return Error{ErrorCode::ConcurrentModification,
                         tr("%1 was changed by someone else at the same time; reload it and try "
                            "again.")
                                 .arg(event.streamId)};
        return noteError(ok.error());
    }
    return query.lastInsertRowid();
}

Result<qint64> SqliteWriteStore::headPosition()
{
    const Result<QVariant> head = m_connection.scalar(u"SELECT coalesce(max(position), 0) FROM events"_s);
    if (!head)
        return head.error();
    return head->toLongLong();
}

bool SqliteWriteStore::changedElsewhere()
{
    const Result<QVariant> version = m_connection.scalar(u"PRAGMA data_version"_s);
    if (!version)
        return true;
    const qint64 value = version->toLongLong();
    const bool changed = !m_dataVersion || *m_dataVersion != value;
    m_dataVersion = value;
    return changed;
}

Result<WriteStoreStats> SqliteWriteStore::stats()
{
    return countAll(tr("Cannot read %1").arg(QDir::toNativeSeparators(m_config.path)));
}

Result<void> SqliteWriteStore::checkIntegrity()
{
    QSqlQuery query(m_connection.database());
    if (!query.exec(u"PRAGMA quick_check"_s))
        return sqliteError(query.lastError(), tr("Cannot check %1")
                                                      .arg(QDir::toNativeSeparators(m_config.path)));
    // SQLite reports one problem per line, in one or more rows, under a heading.
    QStringList problems;
    while (query.next()) {
        for (const QString &line : query.value(0).toString().split(u'\n', Qt::SkipEmptyParts)) {
            if (line != u"ok" && !line.startsWith(u"***"))
                problems.append(line);
        }
    }
    if (problems.isEmpty())
        return {};
    return Error{ErrorCode::StorageCorrupt,
                 tr("The write store %1 is damaged (%2 problem(s), the first: %3). Restore it "
                    "from a backup; it was not changed.")
                         .arg(QDir::toNativeSeparators(m_config.path))
                         .arg(problems.size())
                         .arg(problems.constFirst())};
}

Result<QString> SqliteWriteStore::storeId()
{
    // A reader may have opened a store from before migration 3 (readers do not migrate).
    const Result<QVariant> exists = m_connection.scalar(
            u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'store_info'"_s);
    if (!exists)
        return exists.error();
    if (exists->toInt() == 0)
        return QString();
    const Result<QVariant> id =
            m_connection.scalar(u"SELECT value FROM store_info WHERE key = 'store_id'"_s);
    if (!id)
        return id.error();
    return id->toString();
}

} // namespace OrderDesk
