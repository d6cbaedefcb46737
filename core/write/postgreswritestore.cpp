// SPDX-License-Identifier: MIT
#include "postgreswritestore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QUuid>

#include <utility>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PostgresWriteStore", text);
}

/// Named so that a unique violation on it can be told apart from any other.
const QString streamVersionConstraint = u"events_stream_version_unique"_s;

} // namespace

QList<PostgresMigration> PostgresWriteStore::migrations()
{
    // The same tables as the SQLite store, in PostgreSQL's types: bigint for money, versions,
    // positions and UTC milliseconds; json for payloads (kept byte for byte, unlike jsonb).
    return {
            {1,
             u"orders, reference data and the event log"_s,
             {
                     u"CREATE TABLE customers ("
                     " id TEXT PRIMARY KEY,"
                     " name TEXT NOT NULL,"
                     " email TEXT NOT NULL,"
                     " version BIGINT NOT NULL)"_s,
                     u"CREATE TABLE products ("
                     " id TEXT PRIMARY KEY,"
                     " name TEXT NOT NULL,"
                     " unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),"
                     " version BIGINT NOT NULL)"_s,
                     u"CREATE TABLE orders ("
                     " id TEXT PRIMARY KEY,"
                     " customer_id TEXT NOT NULL REFERENCES customers(id),"
                     " currency TEXT NOT NULL,"
                     " status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 4),"
                     " total_cents BIGINT NOT NULL,"
                     " version BIGINT NOT NULL,"
                     " created_at BIGINT NOT NULL,"
                     " updated_at BIGINT NOT NULL,"
                     " cancel_reason TEXT)"_s,
                     u"CREATE TABLE order_items ("
                     " order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
                     " line_no INTEGER NOT NULL,"
                     " product_id TEXT NOT NULL REFERENCES products(id),"
                     " product_name TEXT NOT NULL,"
                     " quantity BIGINT NOT NULL CHECK (quantity > 0),"
                     " unit_price_cents BIGINT NOT NULL,"
                     " PRIMARY KEY (order_id, line_no))"_s,
                     // No sequence: positions are max + 1 under the event lock (gap-free).
                     u"CREATE TABLE events ("
                     " position BIGINT PRIMARY KEY CHECK (position > 0),"
                     " stream_id TEXT NOT NULL,"
                     " stream_version BIGINT NOT NULL,"
                     " type TEXT NOT NULL,"
                     " schema_version INTEGER NOT NULL,"
                     " payload JSON NOT NULL,"
                     " occurred_at BIGINT NOT NULL,"
                     " command_id TEXT,"
                     " actor TEXT,"
                     " CONSTRAINT "_s + streamVersionConstraint
                             + u" UNIQUE (stream_id, stream_version))"_s,
             }},
            {2,
             u"processed command ids, so that retries are answered after a restart"_s,
             {
                     u"CREATE TABLE processed_commands ("
                     " command_id TEXT PRIMARY KEY,"
                     " command_type TEXT NOT NULL,"
                     " target_id TEXT NOT NULL,"
                     " version BIGINT NOT NULL,"
                     " position BIGINT NOT NULL,"
                     " accepted_at BIGINT NOT NULL)"_s,
             }},
            {3,
             u"the store's identity, so that read stores know which event log they show"_s,
             {
                     u"CREATE TABLE store_info ("
                     " key TEXT PRIMARY KEY,"
                     " value TEXT NOT NULL)"_s,
                     // Made here rather than by the server: gen_random_uuid() needs
                     // PostgreSQL 13, and both backends then make their ids the same way.
                     u"INSERT INTO store_info (key, value) VALUES ('store_id', '%1')"_s.arg(
                             QUuid::createUuid().toString(QUuid::WithoutBraces)),
             }},
    };
}

PostgresWriteStore::PostgresWriteStore(const WriteStoreConfig &config)
    : m_config(config)
    , m_settings(PostgresSettings::fromUrl(config.databaseUrl))
    , m_connection(config.readOnly ? u"events"_s : u"write"_s)
{
}

PostgresWriteStore::~PostgresWriteStore()
{
    close();
}

QString PostgresWriteStore::description() const
{
    return tr("PostgreSQL \u00b7 %1")
            .arg(m_settings ? m_settings->displayName() : tr("(invalid database URL)"));
}

Result<void> PostgresWriteStore::open()
{
    if (!m_settings)
        return m_settings.error();
    if (auto ok = connect(); !ok)
        return ok;
    const QList<PostgresMigration> all = migrations();
    const int newest = all.constLast().version;
    Result<void> ready;
    if (m_config.readOnly) {
        // A reader never migrates; it only makes sure it understands what it reads.
        const Result<int> version = m_connection.schemaVersion();
        if (!version)
            ready = version.error();
        else if (*version > newest)
            ready = m_connection.migrate(all, tr("write store")); // refuses: SchemaTooNew
        else if (*version < newest)
            ready = Error{ErrorCode::StorageUnavailable,
                          tr("The write store %1 is not set up for this version of OrderDesk "
                             "(schema %2 of %3); run \u201corderdeskctl --database-url \u2026 "
                             "init\u201d first.")
                                  .arg(m_settings->displayName())
                                  .arg(*version)
                                  .arg(newest)};
    } else {
        ready = m_connection.migrate(all, tr("write store"));
    }
    if (!ready) {
        close();
        return ready;
    }
    m_opened = true;
    qCInfo(lcPostgres, "Opened the write store %s%s", qPrintable(m_settings->displayName()),
           m_config.readOnly ? " (read-only)" : "");
    return {};
}

Result<void> PostgresWriteStore::connect()
{
    disconnect();
    m_statements.resize(SlotCount);
    m_inBatch = false;
    m_needsReconnect = false;
    if (auto ok = m_connection.open(*m_settings); !ok)
        return ok;
    QStringList settings;
    if (m_config.readOnly) {
        settings.append(u"SET default_transaction_read_only = on"_s);
    } else {
        // Normal durability: a server crash may lose the last commits, never half of one.
        if (m_config.durability == WriteStoreConfig::Durability::Normal)
            settings.append(u"SET synchronous_commit = off"_s);
        // Like SQLite's busy timeout: how long a batch waits for other writers' locks.
        settings.append(u"SET lock_timeout = %1"_s.arg(qMax(0, m_config.busyTimeoutMs)));
    }
    for (const QString &setting : std::as_const(settings)) {
        if (auto ok = m_connection.exec(setting); !ok) {
            m_connection.close();
            return ok;
        }
    }
    return {};
}

void PostgresWriteStore::close()
{
    disconnect();
    m_opened = false;
}

void PostgresWriteStore::disconnect()
{
    // Closing first lets the prepared statements go without a DEALLOCATE each: the session
    // that held them is gone (and after a lost connection, DEALLOCATE would only warn).
    m_connection.close();
    m_statements.clear();
    m_inBatch = false;
}

Result<void> PostgresWriteStore::ensureConnected()
{
    if (!m_needsReconnect || m_inBatch || !m_opened)
        return {};
    qCInfo(lcPostgres, "Reconnecting to %s", qPrintable(m_settings->displayName()));
    if (auto ok = connect(); !ok) {
        m_needsReconnect = true;
        return ok;
    }
    return {};
}

template<typename Read>
auto PostgresWriteStore::readWithReconnect(Read read) -> decltype(read())
{
    if (auto ok = ensureConnected(); !ok)
        return ok.error();
    auto result = read();
    if (!result && m_needsReconnect && !m_inBatch) {
        if (auto ok = ensureConnected(); !ok)
            return ok.error();
        result = read();
    }
    return result;
}

Error PostgresWriteStore::failed(const QSqlError &error, const QString &context)
{
    // QPSQL closes a connection it found dead; queries on it then fail without an SQLSTATE.
    if (!m_connection.isOpen()) {
        m_needsReconnect = true;
        return Error{ErrorCode::StorageUnavailable,
                     (context.isEmpty() ? QString() : context + u": "_s)
                             + tr("the connection to the PostgreSQL server was lost")};
    }
    if (isConnectionError(error))
        m_needsReconnect = true;
    return postgresError(error, context);
}

Result<PostgresStatement *> PostgresWriteStore::statement(int slot, const QString &sql)
{
    std::unique_ptr<PostgresStatement> &cached = m_statements[size_t(slot)];
    if (!cached) {
        QSqlQuery query(m_connection.database());
        // A batch of events arrives row by row (QPSQL's single-row mode) rather than whole.
        query.setForwardOnly(slot == ReadEvents);
        if (!query.prepare(sql))
            return failed(query.lastError(), QString());
        cached = std::make_unique<PostgresStatement>(std::move(query));
    }
    return cached.get();
}

Result<void> PostgresWriteStore::run(PostgresStatement &query, const QString &context)
{
    if (!query.exec()) {
        const Error error = failed(query.lastError(), context);
        query.reset();
        return error;
    }
    return {};
}

Result<void> PostgresWriteStore::execute(const QString &sql, const QString &context)
{
    QSqlQuery query(m_connection.database());
    if (!query.exec(sql))
        return failed(query.lastError(), context);
    return {};
}

Result<void> PostgresWriteStore::beginBatch()
{
    const auto begin = [this]() -> Result<void> {
        if (!m_connection.isOpen()) {
            m_needsReconnect = true;
            return Error{ErrorCode::StorageUnavailable, tr("The write store is not open.")};
        }
        QSqlDatabase db = m_connection.database();
        if (!db.transaction())
            return failed(db.lastError(), tr("Cannot start a transaction"));
        return {};
    };
    // BEGIN is the first thing sent after an idle spell: when the server restarted meanwhile,
    // reconnect and begin again rather than reject the whole batch.
    if (auto ok = readWithReconnect(begin); !ok)
        return ok;
    m_inBatch = true;
    m_appendedInBatch = false;
    m_appendedInCommand = false;
    m_releasePending = false;

    // Writers take turns from here to COMMIT, so that events commit in position order: the
    // lock is released only after the commit is visible, and the next writer's max + 1 sees it.
    auto q = statement(LockEvents, u"SELECT pg_advisory_xact_lock(?)"_s);
    Result<void> locked = q ? Result<void>() : Result<void>(q.error());
    if (locked) {
        (*q)->bind(0, EventLockKey);
        locked = run(**q, tr("Cannot lock the event log"));
        (*q)->reset();
    }
    if (!locked) {
        rollbackBatch();
        return locked;
    }
    return {};
}

Result<void> PostgresWriteStore::commitBatch()
{
    if (m_appendedInBatch) {
        // Delivered by the server at commit, and only if the commit succeeds.
        auto q = statement(Notify, u"SELECT pg_notify(?, (SELECT coalesce(max(position), 0) "
                                   "FROM events)::text)"_s);
        if (!q)
            return q.error();
        (*q)->bind(0, QString::fromUtf16(NotificationChannel));
        if (auto ok = run(**q, tr("Cannot announce new events")); !ok)
            return ok;
        (*q)->reset();
    }
    QSqlDatabase db = m_connection.database();
    // QPSQL reports a COMMIT that the server turned into a ROLLBACK (after an error) as failed.
    if (!db.commit())
        return failed(db.lastError(), tr("Cannot commit"));
    m_inBatch = false;
    return {};
}

void PostgresWriteStore::rollbackBatch()
{
    if (m_connection.isOpen()) {
        QSqlDatabase db = m_connection.database();
        // Fails harmlessly when the transaction is already gone (a broken connection).
        db.rollback();
    }
    m_inBatch = false;
}

Result<void> PostgresWriteStore::beginCommand()
{
    m_appendedInCommand = false;
    // Round trips are what a command costs here (the server's own work is a fraction of
    // them), so the release of the previous command's savepoint rides along with this one.
    const bool release = std::exchange(m_releasePending, false);
    return execute(release ? u"RELEASE SAVEPOINT command; SAVEPOINT command"_s
                           : u"SAVEPOINT command"_s,
                   tr("Cannot start a command"));
}

Result<void> PostgresWriteStore::endCommand(bool keep)
{
    m_appendedInBatch = m_appendedInBatch || (keep && m_appendedInCommand);
    m_appendedInCommand = false;
    if (keep) {
        // Released with the next command's savepoint, or by COMMIT.
        m_releasePending = true;
        return {};
    }
    // Also recovers the transaction after a statement error inside the command.
    return execute(u"ROLLBACK TO SAVEPOINT command; RELEASE SAVEPOINT command"_s,
                   tr("Cannot undo a command"));
}

Result<qint64> PostgresWriteStore::appendEvent(const EventEnvelope &event)
{
    if (!m_inBatch) {
        // Positions are assigned under the event lock only, so a lone append is a batch of one.
        if (auto ok = beginBatch(); !ok)
            return ok.error();
        Result<qint64> position = appendEvent(event);
        m_appendedInBatch = m_appendedInBatch || m_appendedInCommand;
        Result<void> committed = position ? commitBatch() : Result<void>(position.error());
        if (!committed) {
            rollbackBatch();
            return committed.error();
        }
        return position;
    }
    // max + 1 is safe because the batch holds the event lock: no other writer can assign a
    // position until this transaction has committed or rolled back.
    auto q = statement(InsertEvent,
                       u"INSERT INTO events (position, stream_id, stream_version, type, "
                       "schema_version, payload, occurred_at, command_id, actor) VALUES ("
                       "(SELECT coalesce(max(position), 0) + 1 FROM events), "
                       "?, ?, ?, ?, ?, ?, ?, ?) RETURNING position"_s);
    if (!q)
        return q.error();
    PostgresStatement &query = **q;
    query.bind(0, event.streamId);
    query.bind(1, event.streamVersion);
    query.bind(2, event.type);
    query.bind(3, qint64(event.schemaVersion));
    query.bind(4, QString::fromUtf8(event.payload));
    query.bind(5, event.occurredAt);
    query.bind(6, event.commandId);
    query.bind(7, event.actor);
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        query.reset();
        if (sqlState(error) == u"23505" && error.databaseText().contains(streamVersionConstraint))
            return Error{ErrorCode::ConcurrentModification,
                         tr("%1 was changed by someone else at the same time; reload it and try "
                            "again.")
                                 .arg(event.streamId)};
        return failed(error, tr("Cannot append an event"));
    }
    if (!query.next()) {
        query.reset();
        return Error{ErrorCode::StorageError, tr("Cannot append an event: no position returned")};
    }
    const qint64 position = query.int64(0);
    query.reset();
    m_appendedInCommand = true;
    return position;
}

Result<EventEnvelopes> PostgresWriteStore::readEvents(qint64 afterPosition, int limit)
{
    return readWithReconnect([&] { return SqlWriteStore::readEvents(afterPosition, limit); });
}

Result<EventEnvelopes> PostgresWriteStore::streamEvents(const QString &streamId)
{
    return readWithReconnect([&] { return SqlWriteStore::streamEvents(streamId); });
}

Result<qint64> PostgresWriteStore::headPosition()
{
    return readWithReconnect([&]() -> Result<qint64> {
        auto q = statement(HeadPosition, u"SELECT coalesce(max(position), 0) FROM events"_s);
        if (!q)
            return q.error();
        PostgresStatement &query = **q;
        if (auto ok = run(query, tr("Cannot read the event log")); !ok)
            return ok.error();
        const qint64 head = query.next() ? query.int64(0) : 0;
        query.reset();
        return head;
    });
}

bool PostgresWriteStore::changedElsewhere()
{
    // Every change to the write store appends an event, so the head position tells.
    const Result<qint64> head = headPosition();
    if (!head)
        return true;
    const bool changed = !m_seenHead || *m_seenHead != *head;
    m_seenHead = *head;
    return changed;
}

Result<WriteStoreStats> PostgresWriteStore::stats()
{
    return readWithReconnect([&] { return countAll(tr("Cannot count the write store")); });
}

Result<QString> PostgresWriteStore::storeId()
{
    return readWithReconnect([&]() -> Result<QString> {
        // Readers refuse a database older than the newest migration, so the table is there.
        QSqlQuery query(m_connection.database());
        if (!query.exec(u"SELECT value FROM store_info WHERE key = 'store_id'"_s))
            return failed(query.lastError(), tr("Cannot read the store's identity"));
        return query.next() ? query.value(0).toString() : QString();
    });
}

} // namespace OrderDesk
