// SPDX-License-Identifier: MIT
#include "sqlwritestore.h"

#include "storage/postgresstatement.h"
#include "storage/sqlitestatement.h"

#include <QCoreApplication>

#include <iterator>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SqlWriteStore", text);
}

const QString eventColumns = u"position, stream_id, stream_version, type, schema_version, payload, "
                             "occurred_at, command_id, actor"_s;

template<typename Statement>
EventEnvelope eventFrom(const Statement &q)
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

template<typename Statement>
Result<std::optional<CommandResult>>
SqlWriteStore<Statement>::processedCommand(const QString &commandId)
{
    auto q = statement(FindProcessed,
                       u"SELECT command_type, target_id, version, position, accepted_at "
                       "FROM processed_commands WHERE command_id = ?"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
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

template<typename Statement>
Result<void> SqlWriteStore<Statement>::recordProcessedCommand(const CommandResult &result)
{
    auto q = statement(InsertProcessed,
                       u"INSERT INTO processed_commands (command_id, command_type, target_id, "
                       "version, position, accepted_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
    query.bind(0, result.commandId);
    query.bind(1, result.commandType);
    query.bind(2, result.targetId);
    query.bind(3, result.version);
    query.bind(4, result.position);
    query.bind(5, result.acceptedAt);
    return run(query, tr("Cannot record command %1").arg(result.commandId));
}

template<typename Statement>
Result<std::optional<Customer>> SqlWriteStore<Statement>::customer(const QString &id)
{
    auto q = statement(FindCustomer, u"SELECT name, email, version FROM customers WHERE id = ?"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
    query.bind(0, id);
    if (auto ok = run(query, tr("Cannot read customer %1").arg(id)); !ok)
        return ok.error();
    std::optional<Customer> found;
    if (query.next())
        found = Customer{id, query.text(0), query.text(1), query.int64(2)};
    query.reset();
    return found;
}

template<typename Statement>
Result<void> SqlWriteStore<Statement>::insertCustomer(const Customer &customer)
{
    auto q = statement(InsertCustomer,
                       u"INSERT INTO customers (id, name, email, version) VALUES (?, ?, ?, ?)"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
    query.bind(0, customer.id);
    query.bind(1, customer.name);
    query.bind(2, customer.email);
    query.bind(3, customer.version);
    return run(query, tr("Cannot save customer %1").arg(customer.id));
}

template<typename Statement>
Result<std::optional<Product>> SqlWriteStore<Statement>::product(const QString &id)
{
    auto q = statement(FindProduct,
                       u"SELECT name, unit_price_cents, version FROM products WHERE id = ?"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
    query.bind(0, id);
    if (auto ok = run(query, tr("Cannot read product %1").arg(id)); !ok)
        return ok.error();
    std::optional<Product> found;
    if (query.next())
        found = Product{id, query.text(0), Money::fromCents(query.int64(1)), query.int64(2)};
    query.reset();
    return found;
}

template<typename Statement>
Result<void> SqlWriteStore<Statement>::saveProduct(const Product &product, bool isNew)
{
    auto q = isNew ? statement(InsertProduct,
                               u"INSERT INTO products (name, unit_price_cents, version, id) "
                               "VALUES (?, ?, ?, ?)"_s)
                   : statement(UpdateProduct,
                               u"UPDATE products SET name = ?, unit_price_cents = ?, version = ? "
                               "WHERE id = ?"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
    query.bind(0, product.name);
    query.bind(1, product.unitPrice.cents());
    query.bind(2, product.version);
    query.bind(3, product.id);
    return run(query, tr("Cannot save product %1").arg(product.id));
}

template<typename Statement>
Result<std::optional<Order>> SqlWriteStore<Statement>::order(const QString &id)
{
    auto q = statement(FindOrder,
                       u"SELECT customer_id, currency, status, total_cents, version, created_at, "
                       "updated_at, cancel_reason FROM orders WHERE id = ?"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
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
    Statement &itemQuery = **items;
    itemQuery.bind(0, id);
    if (auto ok = run(itemQuery, tr("Cannot read the lines of order %1").arg(id)); !ok)
        return ok.error();
    OrderLines lines;
    while (itemQuery.next()) {
        lines.append(OrderLine{itemQuery.text(0), itemQuery.text(1), itemQuery.int64(2),
                               Money::fromCents(itemQuery.int64(3))});
    }
    itemQuery.reset();
    return std::optional<Order>(Order::fromState(id, customerId, currency, lines, total, status,
                                                 version, createdAt, updatedAt, cancelReason));
}

template<typename Statement>
Result<void> SqlWriteStore<Statement>::saveOrder(const Order &order, bool isNew, bool linesChanged)
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
    Statement &query = **q;
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
    Statement &item = **ins;
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

template<typename Statement>
Result<EventEnvelopes> SqlWriteStore<Statement>::readEvents(qint64 afterPosition, int limit)
{
    auto q = statement(ReadEvents, u"SELECT "_s + eventColumns
                                           + u" FROM events WHERE position > ? ORDER BY position "
                                             "LIMIT ?"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
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

template<typename Statement>
Result<EventEnvelopes> SqlWriteStore<Statement>::streamEvents(const QString &streamId)
{
    auto q = statement(ReadStream, u"SELECT "_s + eventColumns
                                           + u" FROM events WHERE stream_id = ? "
                                             "ORDER BY stream_version"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
    query.bind(0, streamId);
    if (auto ok = run(query, tr("Cannot read the history of %1").arg(streamId)); !ok)
        return ok.error();
    EventEnvelopes events;
    while (query.next())
        events.append(eventFrom(query));
    query.reset();
    return events;
}

template<typename Statement>
Result<WriteStoreStats> SqlWriteStore<Statement>::countAll(const QString &context)
{
    // The sum is cast because PostgreSQL sums bigints into a numeric.
    auto q = statement(CountAll, u"SELECT (SELECT count(*) FROM customers),"
                                 " (SELECT count(*) FROM products),"
                                 " (SELECT count(*) FROM orders),"
                                 " (SELECT count(*) FROM events),"
                                 " (SELECT count(*) FROM processed_commands),"
                                 " (SELECT coalesce(max(position), 0) FROM events),"
                                 " CAST((SELECT coalesce(sum(total_cents), 0) FROM orders)"
                                 " AS BIGINT)"_s);
    if (!q)
        return q.error();
    Statement &query = **q;
    if (auto ok = run(query, context); !ok)
        return ok.error();
    WriteStoreStats stats;
    if (query.next()) {
        qint64 *const targets[] = {&stats.customers,         &stats.products,
                                   &stats.orders,            &stats.events,
                                   &stats.processedCommands, &stats.headPosition,
                                   &stats.totalCents};
        for (int i = 0; i < int(std::size(targets)); ++i)
            *targets[i] = query.int64(i);
    }
    query.reset();

    auto byStatus = statement(CountByStatus,
                              u"SELECT status, count(*) FROM orders GROUP BY status"_s);
    if (!byStatus)
        return byStatus.error();
    Statement &statusQuery = **byStatus;
    if (auto ok = run(statusQuery, tr("Cannot count orders")); !ok)
        return ok.error();
    while (statusQuery.next())
        stats.ordersByStatus.insert(int(statusQuery.int64(0)), statusQuery.int64(1));
    statusQuery.reset();
    return stats;
}

template class SqlWriteStore<SqliteStatement>;
template class SqlWriteStore<PostgresStatement>;

} // namespace OrderDesk
