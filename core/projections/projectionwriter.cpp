// SPDX-License-Identifier: MIT
#include "projectionwriter.h"

#include "domain/orderstatus.h"
#include "domain/overloaded.h"
#include "events/eventcodec.h"
#include "read/readschema.h"
#include "storage/sqliteconnection.h"
#include "storage/sqlitestatement.h"

#include <QCoreApplication>

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
    OrderExists,
    InsertOrder,
    UpdateOrder,
    UpdateStatusIfNewer,
    UpdateLinesIfNewer,
    DeleteLines,
    InsertLine,
    InsertHistory,
    InsertIdSearch,
    InsertTerm,
    InsertTermSearch,
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
    case OrderExists:
        return u"SELECT 1 FROM order_view%1 WHERE id = ?"_s;
    case InsertOrder:
        // An order seen before keeps its row: the unique index on id answers that, so no
        // lookup is needed first.
        return u"INSERT INTO order_view%1 (id, customer_id, customer_name, customer_email, "
               "currency, line_count, item_count, total_cents, status, status_text, cancel_reason, "
               "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?) "
               "ON CONFLICT (id) DO NOTHING"_s;
    case UpdateOrder:
        return u"UPDATE order_view%1 SET line_count = coalesce(?, line_count), item_count = ?, total_cents = ?, "
               "status = ?, status_text = ?, cancel_reason = ?, updated_at = ?, version = ? "
               "WHERE rowid = ?"_s;
    // The bulk load needs no values from before (no aggregates, no journal): one guarded
    // UPDATE does what a lookup and an UPDATE do, writing the same columns UpdateOrder writes.
    case UpdateStatusIfNewer:
        return u"UPDATE order_view%1 SET status = ?, status_text = ?, cancel_reason = ?, "
               "updated_at = ?, version = ? WHERE id = ? AND version < ?"_s;
    case UpdateLinesIfNewer:
        return u"UPDATE order_view%1 SET line_count = ?, item_count = ?, total_cents = ?, "
               "cancel_reason = NULL, updated_at = ?, version = ? WHERE id = ? AND version < ?"_s;
    case DeleteLines:
        return u"DELETE FROM order_line_view%1 WHERE order_id = ?"_s;
    case InsertLine:
        return u"INSERT INTO order_line_view%1 (order_id, line_no, product_id, product_name, "
               "quantity, unit_price_cents, subtotal_cents) VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    case InsertHistory:
        // Only a second copy of the same entry is skipped: OR IGNORE would also drop, without
        // a word, an entry that breaks a NOT NULL constraint.
        return u"INSERT INTO order_history%1 (order_id, position, stream_version, type, "
               "occurred_at, actor, command_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (order_id, position) DO NOTHING"_s;
    case InsertIdSearch:
        return u"INSERT INTO order_id_search%1 (rowid, id) VALUES (?, ?)"_s;
    case InsertTerm:
        return u"INSERT INTO order_term%1 (kind, term) VALUES (?, ?) "
               "ON CONFLICT (kind, term) DO NOTHING"_s;
    case InsertTermSearch:
        return u"INSERT INTO order_term_search%1 (rowid, term) VALUES (?, ?)"_s;
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

/// "2 lines, 5 items, total 123.45 EUR", built without QString::arg(): it runs per event.
QString linesDetail(const OrderLines &lines, Money total, const QString &currency)
{
    return QString::number(lines.size()) + u" lines, " + QString::number(itemCountOf(lines))
            + u" items, total " + total.toPlainString() + u' ' + currency;
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
    for (OrderStatus status : allOrderStatuses())
        m_statusTexts[size_t(status)] = orderStatusDisplayText(status);
}

ProjectionWriter::~ProjectionWriter() = default;

SqliteStatement &ProjectionWriter::statement(int slot)
{
    std::unique_ptr<SqliteStatement> &cached = m_statements[size_t(slot)];
    if (!cached) {
        // The change journal is not projected, so it has no suffix to fill in.
        const QString text = statementText(slot);
        // A statement that fails to prepare reports its error when it runs.
        cached = std::make_unique<SqliteStatement>(m_connection,
                                                   slot == InsertChange ? text : text.arg(m_suffix));
    }
    return *cached;
}

Result<void> ProjectionWriter::run(SqliteStatement &query)
{
    return query.exec(tr("Projection failed"));
}

const QString &ProjectionWriter::statusText(OrderStatus status) const
{
    return m_statusTexts[size_t(status)];
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
        SqliteStatement &q = statement(FindOrder);
        q.bind(0, id);
        if (auto ok = run(q); !ok)
            return ok.error();
        std::optional<OrderRow> row;
        if (q.next()) {
            row = OrderRow{q.int64(0), OrderStatus(q.int64(1)), q.int64(2), q.int64(3),
                           q.int64(4),  q.int64(5),             q.int64(6)};
        }
        q.reset();
        return row;
    };
    const auto neverCreated = [&](const QString &orderId) {
        return Error{ErrorCode::MalformedEvent,
                     tr("%1 at position %2 is for order %3, which the read side never saw "
                        "created.")
                             .arg(event.type)
                             .arg(event.position)
                             .arg(orderId)};
    };

    const auto history = [&](const QString &orderId, const QString &detail) {
        // A null QString binds as SQL NULL: events without a detail (confirmed, shipped,
        // delivered) and events the log stores without actor or command id still get their
        // entry, with empty text.
        const auto text = [](const QString &value) {
            return value.isNull() ? QString(u""_s) : value;
        };
        SqliteStatement &q = statement(InsertHistory);
        q.bind(0, orderId);
        q.bind(1, event.position);
        q.bind(2, event.streamVersion);
        q.bind(3, event.type);
        q.bind(4, event.occurredAt);
        q.bind(5, text(event.actor));
        q.bind(6, text(event.commandId));
        q.bind(7, text(detail));
        return run(q);
    };

    /// A customer name (kind 0) or e-mail (1) the search index does not know yet.
    const auto addSearchTerm = [&](qint64 kind, const QString &term) {
        SqliteStatement &t = statement(InsertTerm);
        t.bind(0, kind);
        t.bind(1, term);
        if (auto ok = run(t); !ok || t.changes() == 0)
            return ok;
        SqliteStatement &s = statement(InsertTermSearch);
        s.bind(0, t.lastInsertRowid());
        s.bind(1, term);
        return run(s);
    };

    const auto adjustStatus = [&](OrderStatus status, qint64 count, qint64 revenue) {
        if (!aggregates)
            return Result<void>();
        SqliteStatement &q = statement(AdjustStatus);
        q.bind(0, count);
        q.bind(1, revenue);
        q.bind(2, qint64(status));
        return run(q);
    };

    const auto writeLines = [&](const QString &orderId, const OrderLines &lines, bool replace) {
        if (replace) {
            SqliteStatement &del = statement(DeleteLines);
            del.bind(0, orderId);
            if (auto ok = run(del); !ok)
                return ok;
        }
        SqliteStatement &q = statement(InsertLine);
        qint64 lineNo = 0;
        for (const OrderLine &line : lines) {
            q.bind(0, orderId);
            q.bind(1, ++lineNo);
            q.bind(2, line.productId);
            q.bind(3, line.productName);
            q.bind(4, line.quantity);
            q.bind(5, line.unitPrice.cents());
            // Lines were validated by the write side, so the subtotal fits.
            q.bind(6, line.subtotal().value_or(Money()).cents());
            if (auto ok = run(q); !ok)
                return ok;
        }
        return Result<void>();
    };

    /// In a bulk load: applies a change with one guarded UPDATE (`bind` binds its values
    /// but the last two: the id and the event's version); only when it changes nothing is the
    /// order looked up, to tell an event applied before from one for an unknown order.
    const auto changeOrderInBulk = [&](const QString &orderId, int slot, auto &&bind,
                                       const QString &detail, auto &&andThen) -> Result<void> {
        SqliteStatement &q = statement(slot);
        const int next = bind(q);
        q.bind(next, orderId);
        q.bind(next + 1, event.streamVersion);
        if (auto ok = run(q); !ok)
            return ok;
        if (q.changes() == 0) {
            SqliteStatement &exists = statement(OrderExists);
            exists.bind(0, orderId);
            if (auto ok = run(exists); !ok)
                return ok;
            const bool known = exists.next();
            exists.reset();
            return known ? Result<void>() : Result<void>(neverCreated(orderId));
        }
        if (auto ok = andThen(); !ok)
            return ok;
        if (auto ok = history(orderId, detail); !ok)
            return ok;
        return Result<void>();
    };

    /// Applies a change to an existing order: the shape all order events but creation share.
    const auto changeOrder = [&](const QString &orderId, auto &&mutate) -> Result<void> {
        const Result<std::optional<OrderRow>> found = findOrder(orderId);
        if (!found)
            return found.error();
        if (!found->has_value())
            return neverCreated(orderId);
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

        SqliteStatement &q = statement(UpdateOrder);
        // line_count only changes with the lines; NULL keeps it.
        if (lineCount < 0)
            q.bindNull(0);
        else
            q.bind(0, lineCount);
        q.bind(1, now.itemCount);
        q.bind(2, now.totalCents);
        q.bind(3, qint64(now.status));
        q.bind(4, statusText(now.status));
        if (cancelReason.isEmpty())
            q.bindNull(5);
        else
            q.bind(5, cancelReason);
        q.bind(6, now.updatedAt);
        q.bind(7, now.version);
        q.bind(8, old.rowid);
        if (auto ok = run(q); !ok)
            return ok;

        if (old.status != now.status || old.totalCents != now.totalCents) {
            if (auto ok = adjustStatus(old.status, -1, -old.totalCents); !ok)
                return ok;
            if (auto ok = adjustStatus(now.status, 1, now.totalCents); !ok)
                return ok;
        }
        if (aggregates && old.totalCents != now.totalCents) {
            SqliteStatement &d = statement(AdjustDaily);
            d.bind(0, now.totalCents - old.totalCents);
            d.bind(1, old.createdAt / MillisPerDay);
            if (auto ok = run(d); !ok)
                return ok;
        }
        // One journal entry per order and batch, with the values from before the batch: a
        // later event of the same batch has nothing to add.
        if (journal && !changes.contains(orderId)) {
            SqliteStatement &j = statement(InsertChange);
            j.bind(0, event.position);
            j.bind(1, orderId);
            j.bind(2, 1);
            j.bind(3, qint64(old.status));
            j.bind(4, old.totalCents);
            j.bind(5, old.itemCount);
            j.bind(6, old.updatedAt);
            if (auto ok = run(j); !ok)
                return ok;
        }
        if (auto ok = history(orderId, detail); !ok)
            return ok;
        // Marked once the event has fully applied, so that an event rolled back to its
        // savepoint does not keep a later one from writing the batch's journal entry.
        if (journal)
            changes.markUpdated(orderId);
        return Result<void>();
    };

    const auto setStatus = [](OrderStatus status) {
        return [status](OrderRow &row, QString &, QString &, qint64 &) {
            row.status = status;
            return Result<void>();
        };
    };
    /// A status event; a cancellation also sets the reason (and its history detail).
    const auto changeStatus = [&](const QString &orderId, OrderStatus status,
                                  const QString &cancelReason) -> Result<void> {
        if (!aggregates && !journal) {
            return changeOrderInBulk(
                    orderId, UpdateStatusIfNewer,
                    [&](SqliteStatement &q) {
                        q.bind(0, qint64(status));
                        q.bind(1, statusText(status));
                        if (cancelReason.isEmpty())
                            q.bindNull(2);
                        else
                            q.bind(2, cancelReason);
                        q.bind(3, event.occurredAt);
                        q.bind(4, event.streamVersion);
                        return 5;
                    },
                    cancelReason, [] { return Result<void>(); });
        }
        if (status != OrderStatus::Cancelled)
            return changeOrder(orderId, setStatus(status));
        return changeOrder(orderId, [&](OrderRow &row, QString &reason, QString &detail, qint64 &) {
            row.status = OrderStatus::Cancelled;
            reason = cancelReason;
            detail = cancelReason;
            return Result<void>();
        });
    };

    return std::visit(
            Overloaded{
                    [&](const CustomerRegistered &e) -> Result<void> {
                        SqliteStatement &q = statement(UpsertCustomer);
                        q.bind(0, e.customerId);
                        q.bind(1, e.name);
                        q.bind(2, e.email);
                        q.bind(3, event.occurredAt);
                        return run(q);
                    },
                    [&](const ProductAdded &e) -> Result<void> {
                        SqliteStatement &q = statement(InsertProduct);
                        q.bind(0, e.productId);
                        q.bind(1, e.name);
                        q.bind(2, e.unitPrice.cents());
                        q.bind(3, event.streamVersion);
                        q.bind(4, event.occurredAt);
                        return run(q);
                    },
                    [&](const ProductPriceChanged &e) -> Result<void> {
                        SqliteStatement &q = statement(UpdateProductPrice);
                        q.bind(0, e.newPrice.cents());
                        q.bind(1, event.streamVersion);
                        q.bind(2, event.occurredAt);
                        q.bind(3, e.productId);
                        q.bind(4, event.streamVersion);
                        return run(q);
                    },
                    [&](const OrderCreated &e) -> Result<void> {
                        const qint64 items = itemCountOf(e.lines);
                        SqliteStatement &q = statement(InsertOrder);
                        q.bind(0, e.orderId);
                        q.bind(1, e.customerId);
                        q.bind(2, e.customerName);
                        q.bind(3, e.customerEmail);
                        q.bind(4, e.currency);
                        q.bind(5, qint64(e.lines.size()));
                        q.bind(6, items);
                        q.bind(7, e.total.cents());
                        q.bind(8, qint64(OrderStatus::Pending));
                        q.bind(9, statusText(OrderStatus::Pending));
                        q.bind(10, event.occurredAt);
                        q.bind(11, event.occurredAt);
                        q.bind(12, event.streamVersion);
                        if (auto ok = run(q); !ok)
                            return ok;
                        if (q.changes() == 0)
                            return {}; // applied before
                        const qint64 rowid = q.lastInsertRowid();
                        if (auto ok = writeLines(e.orderId, e.lines, false); !ok)
                            return ok;
                        if (aggregates) {
                            SqliteStatement &s = statement(InsertIdSearch);
                            s.bind(0, rowid);
                            s.bind(1, e.orderId);
                            if (auto ok = run(s); !ok)
                                return ok;
                            if (auto ok = addSearchTerm(0, e.customerName); !ok)
                                return ok;
                            if (auto ok = addSearchTerm(1, e.customerEmail); !ok)
                                return ok;
                            if (auto ok = adjustStatus(OrderStatus::Pending, 1, e.total.cents()); !ok)
                                return ok;
                            SqliteStatement &d = statement(AddDaily);
                            d.bind(0, event.occurredAt / MillisPerDay);
                            d.bind(1, e.total.cents());
                            if (auto ok = run(d); !ok)
                                return ok;
                        }
                        if (journal) {
                            SqliteStatement &j = statement(InsertChange);
                            j.bind(0, event.position);
                            j.bind(1, e.orderId);
                            j.bind(2, 0);
                            for (int i = 3; i <= 6; ++i)
                                j.bindNull(i);
                            if (auto ok = run(j); !ok)
                                return ok;
                        }
                        if (auto ok = history(e.orderId, linesDetail(e.lines, e.total, e.currency));
                            !ok)
                            return ok;
                        if (journal)
                            changes.markInserted(e.orderId);
                        return Result<void>();
                    },
                    [&](const OrderLinesChanged &e) -> Result<void> {
                        const QString detail = linesDetail(e.lines, e.total, QString()).trimmed();
                        if (!aggregates && !journal) {
                            return changeOrderInBulk(
                                    e.orderId, UpdateLinesIfNewer,
                                    [&](SqliteStatement &q) {
                                        q.bind(0, qint64(e.lines.size()));
                                        q.bind(1, itemCountOf(e.lines));
                                        q.bind(2, e.total.cents());
                                        q.bind(3, event.occurredAt);
                                        q.bind(4, event.streamVersion);
                                        return 5;
                                    },
                                    detail, [&] { return writeLines(e.orderId, e.lines, true); });
                        }
                        return changeOrder(e.orderId, [&](OrderRow &row, QString &, QString &text,
                                                          qint64 &lineCount) {
                            row.itemCount = itemCountOf(e.lines);
                            row.totalCents = e.total.cents();
                            lineCount = e.lines.size();
                            text = detail;
                            return writeLines(e.orderId, e.lines, true);
                        });
                    },
                    [&](const OrderConfirmed &e) {
                        return changeStatus(e.orderId, OrderStatus::Confirmed, QString());
                    },
                    [&](const OrderShipped &e) {
                        return changeStatus(e.orderId, OrderStatus::Shipped, QString());
                    },
                    [&](const OrderDelivered &e) {
                        return changeStatus(e.orderId, OrderStatus::Delivered, QString());
                    },
                    [&](const OrderCancelled &e) {
                        return changeStatus(e.orderId, OrderStatus::Cancelled, e.reason);
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
    };
    // The query indexes first: the distinct names and e-mails are then read off two of them.
    statements += ReadSchema::queryIndexStatements(s, generation);
    statements += {
            u"INSERT INTO order_term%1 (kind, term) SELECT DISTINCT 0, customer_name "
            "FROM order_view%1"_s.arg(s),
            u"INSERT INTO order_term%1 (kind, term) SELECT DISTINCT 1, customer_email "
            "FROM order_view%1"_s.arg(s),
            u"INSERT INTO order_term_search%1 (rowid, term) SELECT rowid, term "
            "FROM order_term%1"_s.arg(s),
            // In rowid order, which the full-text index appends fastest.
            u"INSERT INTO order_id_search%1 (rowid, id) SELECT rowid, id FROM order_view%1 "
            "ORDER BY rowid"_s.arg(s),
    };
    for (const QString &statement : std::as_const(statements)) {
        if (auto ok = m_connection.exec(statement); !ok)
            return ok;
    }
    m_mode = Mode::Shadow;
    return {};
}

} // namespace OrderDesk
