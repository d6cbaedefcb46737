// SPDX-License-Identifier: MIT
#include "postgreswritestore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QUuid>

#include <iterator>
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

// Statement slots: each prepared statement is kept for the life of the connection.
enum Slot {
    LockEvents,
    Notify,
    FindProcessed,
    InsertProcessed,
    FindCustomer,
    InsertCustomer,
    FindProduct,
    InsertProduct,
    UpdateProduct,
    FindOrder,
    FindOrderItems,
    InsertOrder,
    UpdateOrder,
    DeleteOrderItems,
    InsertOrderItem,
    InsertEvent,
    ReadEvents,
    ReadStream,
    HeadPosition,
    SlotCount
};

const QString eventColumns = u"position, stream_id, stream_version, type, schema_version, payload, "
                             "occurred_at, command_id, actor"_s;

EventEnvelope eventFrom(const QSqlQuery &q)
{
    EventEnvelope e;
    e.position = q.value(0).toLongLong();
    e.streamId = q.value(1).toString();
    e.streamVersion = q.value(2).toLongLong();
    e.type = q.value(3).toString();
    e.schemaVersion = q.value(4).toInt();
    e.payload = q.value(5).toString().toUtf8();
    e.occurredAt = q.value(6).toLongLong();
    e.commandId = q.value(7).toString();
    e.actor = q.value(8).toString();
    return e;
}

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

Result<QSqlQuery *> PostgresWriteStore::statement(int slot, const QString &sql)
{
    std::unique_ptr<QSqlQuery> &cached = m_statements[size_t(slot)];
    if (!cached) {
        QSqlQuery query(m_connection.database());
        if (!query.prepare(sql))
            return failed(query.lastError(), QString());
        cached = std::make_unique<QSqlQuery>(std::move(query));
    }
    return cached.get();
}

Result<void> PostgresWriteStore::run(QSqlQuery &query, const QString &context)
{
    if (!query.exec()) {
        const Error error = failed(query.lastError(), context);
        query.finish();
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
        (*q)->bindValue(0, EventLockKey);
        locked = run(**q, tr("Cannot lock the event log"));
        (*q)->finish();
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
        (*q)->bindValue(0, QString::fromUtf16(NotificationChannel));
        if (auto ok = run(**q, tr("Cannot announce new events")); !ok)
            return ok;
        (*q)->finish();
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

Result<std::optional<CommandResult>> PostgresWriteStore::processedCommand(const QString &commandId)
{
    auto q = statement(FindProcessed,
                       u"SELECT command_type, target_id, version, position, accepted_at "
                       "FROM processed_commands WHERE command_id = ?"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = **q;
    query.bindValue(0, commandId);
    if (auto ok = run(query, tr("Cannot look up command %1").arg(commandId)); !ok)
        return ok.error();
    std::optional<CommandResult> found;
    if (query.next()) {
        CommandResult result;
        result.commandId = commandId;
        result.commandType = query.value(0).toString();
        result.targetId = query.value(1).toString();
        result.version = query.value(2).toLongLong();
        result.position = query.value(3).toLongLong();
        result.acceptedAt = query.value(4).toLongLong();
        result.replayed = true;
        found = result;
    }
    query.finish();
    return found;
}

Result<void> PostgresWriteStore::recordProcessedCommand(const CommandResult &result)
{
    auto q = statement(InsertProcessed,
                       u"INSERT INTO processed_commands (command_id, command_type, target_id, "
                       "version, position, accepted_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = **q;
    query.bindValue(0, result.commandId);
    query.bindValue(1, result.commandType);
    query.bindValue(2, result.targetId);
    query.bindValue(3, result.version);
    query.bindValue(4, result.position);
    query.bindValue(5, result.acceptedAt);
    return run(query, tr("Cannot record command %1").arg(result.commandId));
}

Result<std::optional<Customer>> PostgresWriteStore::customer(const QString &id)
{
    auto q = statement(FindCustomer,
                       u"SELECT name, email, version FROM customers WHERE id = ?"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = **q;
    query.bindValue(0, id);
    if (auto ok = run(query, tr("Cannot read customer %1").arg(id)); !ok)
        return ok.error();
    std::optional<Customer> found;
    if (query.next())
        found = Customer{id, query.value(0).toString(), query.value(1).toString(),
                         query.value(2).toLongLong()};
    query.finish();
    return found;
}

Result<void> PostgresWriteStore::insertCustomer(const Customer &customer)
{
    auto q = statement(InsertCustomer,
                       u"INSERT INTO customers (id, name, email, version) VALUES (?, ?, ?, ?)"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = **q;
    query.bindValue(0, customer.id);
    query.bindValue(1, customer.name);
    query.bindValue(2, customer.email);
    query.bindValue(3, customer.version);
    return run(query, tr("Cannot save customer %1").arg(customer.id));
}

Result<std::optional<Product>> PostgresWriteStore::product(const QString &id)
{
    auto q = statement(FindProduct,
                       u"SELECT name, unit_price_cents, version FROM products WHERE id = ?"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = **q;
    query.bindValue(0, id);
    if (auto ok = run(query, tr("Cannot read product %1").arg(id)); !ok)
        return ok.error();
    std::optional<Product> found;
    if (query.next())
        found = Product{id, query.value(0).toString(),
                        Money::fromCents(query.value(1).toLongLong()), query.value(2).toLongLong()};
    query.finish();
    return found;
}

Result<void> PostgresWriteStore::saveProduct(const Product &product, bool isNew)
{
    auto q = isNew ? statement(InsertProduct,
                               u"INSERT INTO products (name, unit_price_cents, version, id) "
                               "VALUES (?, ?, ?, ?)"_s)
                   : statement(UpdateProduct,
                               u"UPDATE products SET name = ?, unit_price_cents = ?, version = ? "
                               "WHERE id = ?"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = **q;
    query.bindValue(0, product.name);
    query.bindValue(1, product.unitPrice.cents());
    query.bindValue(2, product.version);
    query.bindValue(3, product.id);
    return run(query, tr("Cannot save product %1").arg(product.id));
}

Result<std::optional<Order>> PostgresWriteStore::order(const QString &id)
{
    auto q = statement(FindOrder,
                       u"SELECT customer_id, currency, status, total_cents, version, created_at, "
                       "updated_at, cancel_reason FROM orders WHERE id = ?"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = **q;
    query.bindValue(0, id);
    if (auto ok = run(query, tr("Cannot read order %1").arg(id)); !ok)
        return ok.error();
    if (!query.next()) {
        query.finish();
        return std::optional<Order>();
    }
    const QString customerId = query.value(0).toString();
    const QString currency = query.value(1).toString();
    const auto status = OrderStatus(query.value(2).toInt());
    const Money total = Money::fromCents(query.value(3).toLongLong());
    const qint64 version = query.value(4).toLongLong();
    const qint64 createdAt = query.value(5).toLongLong();
    const qint64 updatedAt = query.value(6).toLongLong();
    const QString cancelReason = query.value(7).toString();
    query.finish();

    auto items = statement(FindOrderItems,
                           u"SELECT product_id, product_name, quantity, unit_price_cents "
                           "FROM order_items WHERE order_id = ? ORDER BY line_no"_s);
    if (!items)
        return items.error();
    QSqlQuery &itemQuery = **items;
    itemQuery.bindValue(0, id);
    if (auto ok = run(itemQuery, tr("Cannot read the lines of order %1").arg(id)); !ok)
        return ok.error();
    OrderLines lines;
    while (itemQuery.next()) {
        lines.append(OrderLine{itemQuery.value(0).toString(), itemQuery.value(1).toString(),
                               itemQuery.value(2).toLongLong(),
                               Money::fromCents(itemQuery.value(3).toLongLong())});
    }
    itemQuery.finish();
    return std::optional<Order>(Order::fromState(id, customerId, currency, lines, total, status,
                                                 version, createdAt, updatedAt, cancelReason));
}

Result<void> PostgresWriteStore::saveOrder(const Order &order, bool isNew, bool linesChanged)
{
    auto q = isNew ? statement(InsertOrder,
                               u"INSERT INTO orders (status, total_cents, version, updated_at, "
                               "cancel_reason, customer_id, currency, created_at, id) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s)
                   : statement(UpdateOrder,
                               u"UPDATE orders SET status = ?, total_cents = ?, version = ?, "
                               "updated_at = ?, cancel_reason = ? WHERE id = ?"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = **q;
    query.bindValue(0, int(order.status()));
    query.bindValue(1, order.total().cents());
    query.bindValue(2, order.version());
    query.bindValue(3, order.updatedAt());
    query.bindValue(4, order.cancelReason().isEmpty() ? QVariant() : order.cancelReason());
    if (isNew) {
        query.bindValue(5, order.customerId());
        query.bindValue(6, order.currency());
        query.bindValue(7, order.createdAt());
        query.bindValue(8, order.id());
    } else {
        query.bindValue(5, order.id());
    }
    if (auto ok = run(query, tr("Cannot save order %1").arg(order.id())); !ok)
        return ok;
    if (!linesChanged)
        return {};

    if (!isNew) {
        auto del = statement(DeleteOrderItems, u"DELETE FROM order_items WHERE order_id = ?"_s);
        if (!del)
            return del.error();
        (*del)->bindValue(0, order.id());
        if (auto ok = run(**del, tr("Cannot save order %1").arg(order.id())); !ok)
            return ok;
    }
    auto ins = statement(InsertOrderItem,
                         u"INSERT INTO order_items (order_id, line_no, product_id, product_name, "
                         "quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)"_s);
    if (!ins)
        return ins.error();
    QSqlQuery &item = **ins;
    int lineNo = 0;
    for (const OrderLine &line : order.lines()) {
        item.bindValue(0, order.id());
        item.bindValue(1, ++lineNo);
        item.bindValue(2, line.productId);
        item.bindValue(3, line.productName);
        item.bindValue(4, line.quantity);
        item.bindValue(5, line.unitPrice.cents());
        if (auto ok = run(item, tr("Cannot save the lines of order %1").arg(order.id())); !ok)
            return ok;
    }
    return {};
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
    QSqlQuery &query = **q;
    query.bindValue(0, event.streamId);
    query.bindValue(1, event.streamVersion);
    query.bindValue(2, event.type);
    query.bindValue(3, event.schemaVersion);
    query.bindValue(4, QString::fromUtf8(event.payload));
    query.bindValue(5, event.occurredAt);
    query.bindValue(6, event.commandId);
    query.bindValue(7, event.actor);
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        query.finish();
        if (sqlState(error) == u"23505" && error.databaseText().contains(streamVersionConstraint))
            return Error{ErrorCode::ConcurrentModification,
                         tr("%1 was changed by someone else at the same time; reload it and try "
                            "again.")
                                 .arg(event.streamId)};
        return failed(error, tr("Cannot append an event"));
    }
    if (!query.next()) {
        query.finish();
        return Error{ErrorCode::StorageError, tr("Cannot append an event: no position returned")};
    }
    const qint64 position = query.value(0).toLongLong();
    query.finish();
    m_appendedInCommand = true;
    return position;
}

Result<EventEnvelopes> PostgresWriteStore::readEvents(qint64 afterPosition, int limit)
{
    return readWithReconnect([&]() -> Result<EventEnvelopes> {
        auto q = statement(ReadEvents, u"SELECT "_s + eventColumns
                                               + u" FROM events WHERE position > ? "
                                                 "ORDER BY position LIMIT ?"_s);
        if (!q)
            return q.error();
        QSqlQuery &query = **q;
        query.setForwardOnly(true);
        query.bindValue(0, afterPosition);
        query.bindValue(1, limit);
        if (auto ok = run(query, tr("Cannot read the event log")); !ok)
            return ok.error();
        EventEnvelopes events;
        events.reserve(qMax(0, qMin(limit, query.size())));
        while (query.next())
            events.append(eventFrom(query));
        query.finish();
        return events;
    });
}

Result<EventEnvelopes> PostgresWriteStore::streamEvents(const QString &streamId)
{
    return readWithReconnect([&]() -> Result<EventEnvelopes> {
        auto q = statement(ReadStream, u"SELECT "_s + eventColumns
                                               + u" FROM events WHERE stream_id = ? "
                                                 "ORDER BY stream_version"_s);
        if (!q)
            return q.error();
        QSqlQuery &query = **q;
        query.bindValue(0, streamId);
        if (auto ok = run(query, tr("Cannot read the history of %1").arg(streamId)); !ok)
            return ok.error();
        EventEnvelopes events;
        while (query.next())
            events.append(eventFrom(query));
        query.finish();
        return events;
    });
}

Result<qint64> PostgresWriteStore::headPosition()
{
    return readWithReconnect([&]() -> Result<qint64> {
        auto q = statement(HeadPosition, u"SELECT coalesce(max(position), 0) FROM events"_s);
        if (!q)
            return q.error();
        QSqlQuery &query = **q;
        if (auto ok = run(query, tr("Cannot read the event log")); !ok)
            return ok.error();
        const qint64 head = query.next() ? query.value(0).toLongLong() : 0;
        query.finish();
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
    return readWithReconnect([&]() -> Result<WriteStoreStats> {
        WriteStoreStats stats;
        // One statement, so that the counts agree with each other.
        QSqlQuery query(m_connection.database());
        if (!query.exec(u"SELECT (SELECT count(*) FROM customers),"
                        " (SELECT count(*) FROM products),"
                        " (SELECT count(*) FROM orders),"
                        " (SELECT count(*) FROM events),"
                        " (SELECT count(*) FROM processed_commands),"
                        " (SELECT coalesce(max(position), 0) FROM events),"
                        " (SELECT coalesce(sum(total_cents), 0)::bigint FROM orders)"_s)
            || !query.next())
            return failed(query.lastError(), tr("Cannot count the write store"));
        qint64 *const targets[] = {&stats.customers,         &stats.products,
                                   &stats.orders,            &stats.events,
                                   &stats.processedCommands, &stats.headPosition,
                                   &stats.totalCents};
        for (int i = 0; i < int(std::size(targets)); ++i)
            *targets[i] = query.value(i).toLongLong();
        query.finish();
        if (!query.exec(u"SELECT status, count(*) FROM orders GROUP BY status"_s))
            return failed(query.lastError(), tr("Cannot count orders"));
        while (query.next())
            stats.ordersByStatus.insert(query.value(0).toInt(), query.value(1).toLongLong());
        return stats;
    });
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
