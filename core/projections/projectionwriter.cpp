// SPDX-License-Identifier: MIT
#include "projectionwriter.h"

#include "domain/orderstatus.h"
#include "domain/overloaded.h"
#include "events/eventcodec.h"
#include "read/readschema.h"
#include "storage/sqliteconnection.h"

#include <QCoreApplication>
#include <QSqlError>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProjectionWriter", text);
}

constexpr qint64 MillisPerDay = 86'400'000;

enum Slot {
    FindOrder,
    InsertOrder,
    UpdateOrder,
    DeleteLines,
    InsertLine,
    InsertHistory,
    InsertSearch,
    AdjustStatus,
    AddDaily,
    AdjustDaily,
    UpsertCustomer,
    InsertProduct,
    UpdateProductPrice,
    InsertChange,
    SlotCount
};

QString statementText(int slot)
{
    switch (Slot(slot)) {
    case FindOrder:
        return u"SELECT rowid, status, total_cents, item_count, updated_at, version, created_at "
               "FROM order_view%1 WHERE id = ?"_s;
    case InsertOrder:
        return u"INSERT INTO order_view%1 (id, customer_id, customer_name, customer_email, "
               "currency, line_count, item_count, total_cents, status, status_text, cancel_reason, "
               "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)"_s;
    case UpdateOrder:
        return u"UPDATE order_view%1 SET line_count = coalesce(?, line_count), item_count = ?, total_cents = ?, "
               "status = ?, status_text = ?, cancel_reason = ?, updated_at = ?, version = ? "
               "WHERE rowid = ?"_s;
    case DeleteLines:
        return u"DELETE FROM order_line_view%1 WHERE order_id = ?"_s;
    case InsertLine:
        return u"INSERT INTO order_line_view%1 (order_id, line_no, product_id, product_name, "
               "quantity, unit_price_cents, subtotal_cents) VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    case InsertHistory:
        return u"INSERT OR IGNORE INTO order_history%1 (order_id, position, stream_version, type, "
               "occurred_at, actor, command_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s;
    case InsertSearch:
        return u"INSERT INTO order_search%1 (rowid, id, customer_name, customer_email) "
               "VALUES (?, ?, ?, ?)"_s;
    case AdjustStatus:
        return u"UPDATE status_summary%1 SET order_count = order_count + ?, "
               "revenue_cents = revenue_cents + ? WHERE status = ?"_s;
    case AddDaily:
        return u"INSERT INTO daily_orders%1 (day, order_count, revenue_cents) VALUES (?, 1, ?) "
               "ON CONFLICT (day) DO UPDATE SET order_count = order_count + 1, "
               "revenue_cents = revenue_cents + excluded.revenue_cents"_s;
    case AdjustDaily:
        return u"UPDATE daily_orders%1 SET revenue_cents = revenue_cents + ? WHERE day = ?"_s;
    case UpsertCustomer:
        return u"INSERT INTO customer_view%1 (id, name, email, registered_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email"_s;
    case InsertProduct:
        return u"INSERT OR IGNORE INTO product_view%1 (id, name, unit_price_cents, version, "
               "updated_at) VALUES (?, ?, ?, ?, ?)"_s;
    case UpdateProductPrice:
        return u"UPDATE product_view%1 SET unit_price_cents = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version < ?"_s;
    case InsertChange:
        return u"INSERT INTO order_changes (position, order_id, existed, old_status, "
               "old_total_cents, old_item_count, old_updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    case SlotCount:
        break;
    }
    return {};
}

qint64 itemCountOf(const OrderLines &lines)
{
    qint64 items = 0;
    for (const OrderLine &line : lines)
        items += line.quantity;
    return items;
}

QString linesDetail(const OrderLines &lines, Money total, const QString &currency)
{
    return u"%1 lines, %2 items, total %3 %4"_s.arg(lines.size())
            .arg(itemCountOf(lines))
            .arg(total.toPlainString(), currency);
}

} // namespace

void OrderChanges::markInserted(const QString &id)
{
    if (!m_seen.contains(id)) {
        m_seen.insert(id);
        inserted.append(id);
    }
}

void OrderChanges::markUpdated(const QString &id)
{
    if (!m_seen.contains(id)) {
        m_seen.insert(id);
        updated.append(id);
    }
}

void OrderChanges::clear()
{
    inserted.clear();
    updated.clear();
    m_seen.clear();
}

/// An order row as the handlers need it.
struct ProjectionWriter::OrderRow
{
    qint64 rowid = 0;
    OrderStatus status = OrderStatus::Pending;
    qint64 totalCents = 0;
    qint64 itemCount = 0;
    qint64 updatedAt = 0;
    qint64 version = 0;
    qint64 createdAt = 0;
};

ProjectionWriter::ProjectionWriter(SqliteConnection &connection, const QString &suffix, Mode mode)
    : m_connection(connection), m_suffix(suffix), m_mode(mode)
{
    m_statements.resize(SlotCount);
}

ProjectionWriter::~ProjectionWriter() = default;

QSqlQuery &ProjectionWriter::statement(int slot)
{
    std::unique_ptr<QSqlQuery> &cached = m_statements[size_t(slot)];
    if (!cached) {
        cached = std::make_unique<QSqlQuery>(m_connection.database());
        // A statement that fails to prepare reports its error when it runs.
        // The change journal is bookkeeping, one table for every set; the others take the suffix.
        const QString text = statementText(slot);
        cached->prepare(slot == InsertChange ? text : text.arg(m_suffix));
    }
    return *cached;
}

Result<void> ProjectionWriter::run(QSqlQuery &query)
{
    if (!query.exec()) {
        const Error error = sqliteError(query.lastError(), tr("Projection failed"));
        query.finish();
        return error;
    }
    return {};
}

Result<void> ProjectionWriter::apply(const EventEnvelope &event, OrderChanges &changes)
{
    const Result<DomainEvent> decoded =
            EventCodec::decode(event.type, event.schemaVersion, event.payload);
    if (!decoded)
        return decoded.error();

    const bool aggregates = m_mode != Mode::Bulk;
    const bool journal = m_mode == Mode::Live;

    const auto findOrder = [&](const QString &id) -> Result<std::optional<OrderRow>> {
        QSqlQuery &q = statement(FindOrder);
        q.bindValue(0, id);
        if (auto ok = run(q); !ok)
            return ok.error();
        std::optional<OrderRow> row;
        if (q.next()) {
            row = OrderRow{q.value(0).toLongLong(), OrderStatus(q.value(1).toInt()),
                           q.value(2).toLongLong(), q.value(3).toLongLong(),
                           q.value(4).toLongLong(), q.value(5).toLongLong(),
                           q.value(6).toLongLong()};
        }
        q.finish();
        return row;
    };

    const auto history = [&](const QString &orderId, const QString &detail) {
        QSqlQuery &q = statement(InsertHistory);
        q.bindValue(0, orderId);
        q.bindValue(1, event.position);
        q.bindValue(2, event.streamVersion);
        q.bindValue(3, event.type);
        q.bindValue(4, event.occurredAt);
        q.bindValue(5, event.actor);
        q.bindValue(6, event.commandId);
        q.bindValue(7, detail);
        return run(q);
    };

    const auto adjustStatus = [&](OrderStatus status, qint64 count, qint64 revenue) {
        if (!aggregates)
            return Result<void>();
        QSqlQuery &q = statement(AdjustStatus);
        q.bindValue(0, count);
        q.bindValue(1, revenue);
        q.bindValue(2, int(status));
        return run(q);
    };

    const auto writeLines = [&](const QString &orderId, const OrderLines &lines, bool replace) {
        if (replace) {
            QSqlQuery &del = statement(DeleteLines);
            del.bindValue(0, orderId);
            if (auto ok = run(del); !ok)
                return ok;
        }
        QSqlQuery &q = statement(InsertLine);
        int lineNo = 0;
        for (const OrderLine &line : lines) {
            q.bindValue(0, orderId);
            q.bindValue(1, ++lineNo);
            q.bindValue(2, line.productId);
            q.bindValue(3, line.productName);
            q.bindValue(4, line.quantity);
            q.bindValue(5, line.unitPrice.cents());
            // Lines were validated by the write side, so the subtotal fits.
            q.bindValue(6, line.subtotal().value_or(Money()).cents());
            if (auto ok = run(q); !ok)
                return ok;
        }
        return Result<void>();
    };

    /// Applies a change to an existing order: the shape all order events but creation share.
    const auto changeOrder = [&](const QString &orderId, auto &&mutate) -> Result<void> {
        const Result<std::optional<OrderRow>> found = findOrder(orderId);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error{ErrorCode::MalformedEvent,
                         tr("%1 at position %2 is for order %3, which the read side never saw "
                            "created.")
                                 .arg(event.type)
                                 .arg(event.position)
                                 .arg(orderId)};
        const OrderRow old = **found;
        if (event.streamVersion <= old.version)
            return {}; // applied before
        OrderRow now = old;
        now.version = event.streamVersion;
        now.updatedAt = event.occurredAt;
        QString cancelReason;
        QString detail;
        qint64 lineCount = -1;
        if (auto ok = mutate(now, cancelReason, detail, lineCount); !ok)
            return ok;

        QSqlQuery &q = statement(UpdateOrder);
        // line_count only changes with the lines; NULL keeps it.
        q.bindValue(0, lineCount < 0 ? QVariant() : QVariant(lineCount));
        q.bindValue(1, now.itemCount);
        q.bindValue(2, now.totalCents);
        q.bindValue(3, int(now.status));
        q.bindValue(4, orderStatusDisplayText(now.status));
        q.bindValue(5, cancelReason.isEmpty() ? QVariant() : cancelReason);
        q.bindValue(6, now.updatedAt);
        q.bindValue(7, now.version);
        q.bindValue(8, old.rowid);
        if (auto ok = run(q); !ok)
            return ok;

        if (old.status != now.status || old.totalCents != now.totalCents) {
            if (auto ok = adjustStatus(old.status, -1, -old.totalCents); !ok)
                return ok;
            if (auto ok = adjustStatus(now.status, 1, now.totalCents); !ok)
                return ok;
        }
        if (aggregates && old.totalCents != now.totalCents) {
            QSqlQuery &d = statement(AdjustDaily);
            d.bindValue(0, now.totalCents - old.totalCents);
            d.bindValue(1, old.createdAt / MillisPerDay);
            if (auto ok = run(d); !ok)
                return ok;
        }
        if (journal) {
            QSqlQuery &j = statement(InsertChange);
            j.bindValue(0, event.position);
            j.bindValue(1, orderId);
            j.bindValue(2, 1);
            j.bindValue(3, int(old.status));
            j.bindValue(4, old.totalCents);
            j.bindValue(5, old.itemCount);
            j.bindValue(6, old.updatedAt);
            if (auto ok = run(j); !ok)
                return ok;
        }
        changes.markUpdated(orderId);
        return history(orderId, detail);
    };

    const auto setStatus = [](OrderStatus status) {
        return [status](OrderRow &row, QString &, QString &, qint64 &) {
            row.status = status;
            return Result<void>();
        };
    };

    return std::visit(
            Overloaded{
                    [&](const CustomerRegistered &e) -> Result<void> {
                        QSqlQuery &q = statement(UpsertCustomer);
                        q.bindValue(0, e.customerId);
                        q.bindValue(1, e.name);
                        q.bindValue(2, e.email);
                        q.bindValue(3, event.occurredAt);
                        return run(q);
                    },
                    [&](const ProductAdded &e) -> Result<void> {
                        QSqlQuery &q = statement(InsertProduct);
                        q.bindValue(0, e.productId);
                        q.bindValue(1, e.name);
                        q.bindValue(2, e.unitPrice.cents());
                        q.bindValue(3, event.streamVersion);
                        q.bindValue(4, event.occurredAt);
                        return run(q);
                    },
                    [&](const ProductPriceChanged &e) -> Result<void> {
                        QSqlQuery &q = statement(UpdateProductPrice);
                        q.bindValue(0, e.newPrice.cents());
                        q.bindValue(1, event.streamVersion);
                        q.bindValue(2, event.occurredAt);
                        q.bindValue(3, e.productId);
                        q.bindValue(4, event.streamVersion);
                        return run(q);
                    },
                    [&](const OrderCreated &e) -> Result<void> {
                        const Result<std::optional<OrderRow>> found = findOrder(e.orderId);
                        if (!found)
                            return found.error();
                        if (found->has_value())
                            return {}; // applied before
                        const qint64 items = itemCountOf(e.lines);
                        QSqlQuery &q = statement(InsertOrder);
                        q.bindValue(0, e.orderId);
                        q.bindValue(1, e.customerId);
                        q.bindValue(2, e.customerName);
                        q.bindValue(3, e.customerEmail);
                        q.bindValue(4, e.currency);
                        q.bindValue(5, e.lines.size());
                        q.bindValue(6, items);
                        q.bindValue(7, e.total.cents());
                        q.bindValue(8, int(OrderStatus::Pending));
                        q.bindValue(9, orderStatusDisplayText(OrderStatus::Pending));
                        q.bindValue(10, event.occurredAt);
                        q.bindValue(11, event.occurredAt);
                        q.bindValue(12, event.streamVersion);
                        if (auto ok = run(q); !ok)
                            return ok;
                        const qint64 rowid = q.lastInsertId().toLongLong();
                        if (auto ok = writeLines(e.orderId, e.lines, false); !ok)
                            return ok;
                        if (aggregates) {
                            QSqlQuery &s = statement(InsertSearch);
                            s.bindValue(0, rowid);
                            s.bindValue(1, e.orderId);
                            s.bindValue(2, e.customerName);
                            s.bindValue(3, e.customerEmail);
                            if (auto ok = run(s); !ok)
                                return ok;
                            if (auto ok = adjustStatus(OrderStatus::Pending, 1, e.total.cents()); !ok)
                                return ok;
                            QSqlQuery &d = statement(AddDaily);
                            d.bindValue(0, event.occurredAt / MillisPerDay);
                            d.bindValue(1, e.total.cents());
                            if (auto ok = run(d); !ok)
                                return ok;
                        }
                        if (journal) {
                            QSqlQuery &j = statement(InsertChange);
                            j.bindValue(0, event.position);
                            j.bindValue(1, e.orderId);
                            j.bindValue(2, 0);
                            for (int i = 3; i <= 6; ++i)
                                j.bindValue(i, QVariant());
                            if (auto ok = run(j); !ok)
                                return ok;
                        }
                        changes.markInserted(e.orderId);
                        return history(e.orderId, linesDetail(e.lines, e.total, e.currency));
                    },
                    [&](const OrderLinesChanged &e) {
                        return changeOrder(e.orderId, [&](OrderRow &row, QString &, QString &detail,
                                                          qint64 &lineCount) {
                            row.itemCount = itemCountOf(e.lines);
                            row.totalCents = e.total.cents();
                            lineCount = e.lines.size();
                            detail = linesDetail(e.lines, e.total, QString()).trimmed();
                            return writeLines(e.orderId, e.lines, true);
                        });
                    },
                    [&](const OrderConfirmed &e) {
                        return changeOrder(e.orderId, setStatus(OrderStatus::Confirmed));
                    },
                    [&](const OrderShipped &e) {
                        return changeOrder(e.orderId, setStatus(OrderStatus::Shipped));
                    },
                    [&](const OrderDelivered &e) {
                        return changeOrder(e.orderId, setStatus(OrderStatus::Delivered));
                    },
                    [&](const OrderCancelled &e) {
                        return changeOrder(e.orderId, [&](OrderRow &row, QString &cancelReason,
                                                          QString &detail, qint64 &) {
                            row.status = OrderStatus::Cancelled;
                            cancelReason = e.reason;
                            detail = e.reason;
                            return Result<void>();
                        });
                    },
            },
            *decoded);
}

Result<void> ProjectionWriter::finishBulkLoad(qint64 generation)
{
    const QString s = m_suffix;
    QStringList statements = {
            u"INSERT OR REPLACE INTO status_summary%1 (status, order_count, revenue_cents) "
            "SELECT status, count(*), sum(total_cents) FROM order_view%1 GROUP BY status"_s.arg(s),
            u"INSERT OR REPLACE INTO daily_orders%1 (day, order_count, revenue_cents) "
            "SELECT created_at / %2, count(*), sum(total_cents) FROM order_view%1 GROUP BY 1"_s
                    .arg(s)
                    .arg(MillisPerDay),
            u"INSERT INTO order_search%1 (rowid, id, customer_name, customer_email) "
            "SELECT rowid, id, customer_name, customer_email FROM order_view%1"_s.arg(s),
    };
    statements += ReadSchema::queryIndexStatements(s, generation);
    for (const QString &statement : std::as_const(statements)) {
        if (auto ok = m_connection.exec(statement); !ok)
            return ok;
    }
    m_mode = Mode::Shadow;
    return {};
}

} // namespace OrderDesk
