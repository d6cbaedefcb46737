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

// Statement slots: each prepared statement is kept for the life of the connection.
enum Slot {
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
    SlotCount
};

const QString eventColumns = u"position, stream_id, stream_version, type, schema_version, payload, "
                             "occurred_at, command_id, actor"_s;

EventEnvelope eventFrom(const SqliteStatement &q)
{
    EventEnvelope e;
    e.position = q.int64(0);
    e.streamId = q.text(1);
    e.streamVersion = q.int64(2);
    e.type = q.text(3);
    e.schemaVersion = int(q.int64(4));
    e.payload = q.utf8(5);
    e.occurredAt = q.int64(6);
    e.commandId = q.text(7);
    e.actor = q.text(8);
    return e;
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

Result<std::optional<CommandResult>> SqliteWriteStore::processedCommand(const QString &commandId)
{
    auto q = statement(FindProcessed,
                       u"SELECT command_type, target_id, version, position, accepted_at "
                       "FROM processed_commands WHERE command_id = ?"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, commandId);
    if (auto ok = run(query, tr("Cannot look up command %1").arg(commandId)); !ok)
        return ok.error();
    std::optional<CommandResult> found;
    if (query.next()) {
        CommandResult result;
        result.commandId = commandId;
        result.commandType = query.text(0);
        result.targetId = query.text(1);
        result.version = query.int64(2);
        result.position = query.int64(3);
        result.acceptedAt = query.int64(4);
        result.replayed = true;
        found = result;
    }
    query.reset();
    return found;
}

Result<void> SqliteWriteStore::recordProcessedCommand(const CommandResult &result)
{
    auto q = statement(InsertProcessed,
                       u"INSERT INTO processed_commands (command_id, command_type, target_id, "
                       "version, position, accepted_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, result.commandId);
    query.bind(1, result.commandType);
    query.bind(2, result.targetId);
    query.bind(3, result.version);
    query.bind(4, result.position);
    query.bind(5, result.acceptedAt);
    return run(query, tr("Cannot record command %1").arg(result.commandId));
}

Result<std::optional<Customer>> SqliteWriteStore::customer(const QString &id)
{
    auto q = statement(FindCustomer,
                       u"SELECT name, email, version FROM customers WHERE id = ?"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, id);
    if (auto ok = run(query, tr("Cannot read customer %1").arg(id)); !ok)
        return ok.error();
    std::optional<Customer> found;
    if (query.next())
        found = Customer{id, query.text(0), query.text(1),
                         query.int64(2)};
    query.reset();
    return found;
}

Result<void> SqliteWriteStore::insertCustomer(const Customer &customer)
{
    auto q = statement(InsertCustomer,
                       u"INSERT INTO customers (id, name, email, version) VALUES (?, ?, ?, ?)"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, customer.id);
    query.bind(1, customer.name);
    query.bind(2, customer.email);
    query.bind(3, customer.version);
    return run(query, tr("Cannot save customer %1").arg(customer.id));
}

Result<std::optional<Product>> SqliteWriteStore::product(const QString &id)
{
    auto q = statement(FindProduct,
                       u"SELECT name, unit_price_cents, version FROM products WHERE id = ?"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, id);
    if (auto ok = run(query, tr("Cannot read product %1").arg(id)); !ok)
        return ok.error();
    std::optional<Product> found;
    if (query.next())
        found = Product{id, query.text(0),
                        Money::fromCents(query.int64(1)), query.int64(2)};
    query.reset();
    return found;
}

Result<void> SqliteWriteStore::saveProduct(const Product &product, bool isNew)
{
    auto q = isNew ? statement(InsertProduct,
                               u"INSERT INTO products (name, unit_price_cents, version, id) "
                               "VALUES (?, ?, ?, ?)"_s)
                   : statement(UpdateProduct,
                               u"UPDATE products SET name = ?, unit_price_cents = ?, version = ? "
                               "WHERE id = ?"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, product.name);
    query.bind(1, product.unitPrice.cents());
    query.bind(2, product.version);
    query.bind(3, product.id);
    return run(query, tr("Cannot save product %1").arg(product.id));
}

Result<std::optional<Order>> SqliteWriteStore::order(const QString &id)
{
    auto q = statement(FindOrder,
                       u"SELECT customer_id, currency, status, total_cents, version, created_at, "
                       "updated_at, cancel_reason FROM orders WHERE id = ?"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, id);
    if (auto ok = run(query, tr("Cannot read order %1").arg(id)); !ok)
        return ok.error();
    if (!query.next()) {
        query.reset();
        return std::optional<Order>();
    }
    const QString customerId = query.text(0);
    const QString currency = query.text(1);
    const auto status = OrderStatus(int(query.int64(2)));
    const Money total = Money::fromCents(query.int64(3));
    const qint64 version = query.int64(4);
    const qint64 createdAt = query.int64(5);
    const qint64 updatedAt = query.int64(6);
    const QString cancelReason = query.text(7);
    query.reset();

    auto items = statement(FindOrderItems,
                           u"SELECT product_id, product_name, quantity, unit_price_cents "
                           "FROM order_items WHERE order_id = ? ORDER BY line_no"_s);
    if (!items)
        return items.error();
    SqliteStatement &itemQuery = **items;
    itemQuery.bind(0, id);
    if (auto ok = run(itemQuery, tr("Cannot read the lines of order %1").arg(id)); !ok)
        return ok.error();
    OrderLines lines;
    while (itemQuery.next()) {
        lines.append(OrderLine{itemQuery.text(0), itemQuery.text(1),
                               itemQuery.int64(2),
                               Money::fromCents(itemQuery.int64(3))});
    }
    itemQuery.reset();
    return std::optional<Order>(Order::fromState(id, customerId, currency, lines, total, status,
                                                 version, createdAt, updatedAt, cancelReason));
}

Result<void> SqliteWriteStore::saveOrder(const Order &order, bool isNew, bool linesChanged)
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
    SqliteStatement &query = **q;
    query.bind(0, qint64(order.status()));
    query.bind(1, order.total().cents());
    query.bind(2, order.version());
    query.bind(3, order.updatedAt());
    if (order.cancelReason().isEmpty())
        query.bindNull(4);
    else
        query.bind(4, order.cancelReason());
    if (isNew) {
        query.bind(5, order.customerId());
        query.bind(6, order.currency());
        query.bind(7, order.createdAt());
        query.bind(8, order.id());
    } else {
        query.bind(5, order.id());
    }
    if (auto ok = run(query, tr("Cannot save order %1").arg(order.id())); !ok)
        return ok;
    if (!linesChanged)
        return {};

    if (!isNew) {
        auto del = statement(DeleteOrderItems, u"DELETE FROM order_items WHERE order_id = ?"_s);
        if (!del)
            return del.error();
        (*del)->bind(0, order.id());
        if (auto ok = run(**del, tr("Cannot save order %1").arg(order.id())); !ok)
            return ok;
    }
    auto ins = statement(InsertOrderItem,
                         u"INSERT INTO order_items (order_id, line_no, product_id, product_name, "
                         "quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)"_s);
    if (!ins)
        return ins.error();
    SqliteStatement &item = **ins;
    qint64 lineNo = 0;
    for (const OrderLine &line : order.lines()) {
        item.bind(0, order.id());
        item.bind(1, ++lineNo);
        item.bind(2, line.productId);
        item.bind(3, line.productName);
        item.bind(4, line.quantity);
        item.bind(5, line.unitPrice.cents());
        if (auto ok = run(item, tr("Cannot save the lines of order %1").arg(order.id())); !ok)
            return ok;
    }
    return {};
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

Result<EventEnvelopes> SqliteWriteStore::readEvents(qint64 afterPosition, int limit)
{
    auto q = statement(ReadEvents, u"SELECT "_s + eventColumns
                                           + u" FROM events WHERE position > ? ORDER BY position "
                                             "LIMIT ?"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, afterPosition);
    query.bind(1, qint64(limit));
    if (auto ok = run(query, tr("Cannot read the event log")); !ok)
        return ok.error();
    EventEnvelopes events;
    events.reserve(limit);
    while (query.next())
        events.append(eventFrom(query));
    query.reset();
    return events;
}

Result<EventEnvelopes> SqliteWriteStore::streamEvents(const QString &streamId)
{
    auto q = statement(ReadStream, u"SELECT "_s + eventColumns
                                           + u" FROM events WHERE stream_id = ? "
                                             "ORDER BY stream_version"_s);
    if (!q)
        return q.error();
    SqliteStatement &query = **q;
    query.bind(0, streamId);
    if (auto ok = run(query, tr("Cannot read the history of %1").arg(streamId)); !ok)
        return ok.error();
    EventEnvelopes events;
    while (query.next())
        events.append(eventFrom(query));
    query.reset();
    return events;
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
    WriteStoreStats stats;
    const struct
    {
        qint64 *target;
        QString sql;
    } counts[] = {
            {&stats.customers, u"SELECT count(*) FROM customers"_s},
            {&stats.products, u"SELECT count(*) FROM products"_s},
            {&stats.orders, u"SELECT count(*) FROM orders"_s},
            {&stats.events, u"SELECT count(*) FROM events"_s},
            {&stats.processedCommands, u"SELECT count(*) FROM processed_commands"_s},
            {&stats.headPosition, u"SELECT coalesce(max(position), 0) FROM events"_s},
            {&stats.totalCents, u"SELECT coalesce(sum(total_cents), 0) FROM orders"_s},
    };
    for (const auto &count : counts) {
        const Result<QVariant> value = m_connection.scalar(count.sql);
        if (!value)
            return Error{value.error().code, tr("Cannot read %1: %2")
                                                     .arg(QDir::toNativeSeparators(m_config.path),
                                                          value.error().message)};
        *count.target = value->toLongLong();
    }
    QSqlQuery query(m_connection.database());
    if (!query.exec(u"SELECT status, count(*) FROM orders GROUP BY status"_s))
        return sqliteError(query.lastError(), tr("Cannot count orders"));
    while (query.next())
        stats.ordersByStatus.insert(query.value(0).toInt(), query.value(1).toLongLong());
    return stats;
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
