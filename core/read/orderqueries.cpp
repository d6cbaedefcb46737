// SPDX-License-Identifier: MIT
#include "orderqueries.h"

#include "storage/sqliteconnection.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OrderQueries", text);
}

/// The search index answers queries of at least this many characters.
constexpr int TrigramLength = 3;

/// Whether the trigram index can answer a search for the text. It counts code points: a
/// character outside the BMP is one character to the index but two QChars.
bool searchesIndex(const QString &text)
{
    qsizetype characters = 0;
    for (qsizetype i = 0; i < text.size() && characters < TrigramLength; ++i) {
        if (!text.at(i).isLowSurrogate() || i == 0 || !text.at(i - 1).isHighSurrogate())
            ++characters;
    }
    return characters >= TrigramLength;
}
constexpr qint64 MillisPerDay = 86'400'000;

const QString orderColumns = u"id, customer_id, customer_name, customer_email, currency, "
                             "line_count, item_count, total_cents, status, status_text, "
                             "cancel_reason, created_at, updated_at, version"_s;

OrderRow orderFrom(const QSqlQuery &q)
{
    OrderRow row;
    row.id = q.value(0).toString();
    row.customerId = q.value(1).toString();
    row.customerName = q.value(2).toString();
    row.customerEmail = q.value(3).toString();
    row.currency = q.value(4).toString();
    row.lineCount = q.value(5).toLongLong();
    row.itemCount = q.value(6).toLongLong();
    row.total = Money::fromCents(q.value(7).toLongLong());
    row.status = OrderStatus(q.value(8).toInt());
    row.statusText = q.value(9).toString();
    row.cancelReason = q.value(10).toString();
    row.createdAt = q.value(11).toLongLong();
    row.updatedAt = q.value(12).toLongLong();
    row.version = q.value(13).toLongLong();
    return row;
}

QString columnSql(OrderColumn column)
{
    switch (column) {
    case OrderColumn::Id:
        return u"id"_s;
    case OrderColumn::Customer:
        return u"customer_name"_s;
    case OrderColumn::Email:
        return u"customer_email"_s;
    case OrderColumn::Items:
        return u"item_count"_s;
    case OrderColumn::Total:
        return u"total_cents"_s;
    case OrderColumn::Status:
        return u"status"_s;
    case OrderColumn::Created:
        return u"created_at"_s;
    case OrderColumn::Updated:
        return u"updated_at"_s;
    }
    return u"created_at"_s;
}

/// SQLite's LIKE: case-insensitive for ASCII letters only.
bool containsLikeSqlite(const QString &haystack, const QString &needle)
{
    const auto fold = [](const QString &s) {
        QString folded = s;
        for (QChar &c : folded) {
            if (c >= u'A' && c <= u'Z')
                c = QChar(c.unicode() + 32);
        }
        return folded;
    };
    return fold(haystack).contains(fold(needle));
}

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

/// A WHERE clause and its bound values. Constraints that would make SQLite pick an index
/// other than the one the ORDER BY uses are written with a unary '+', which keeps the list
/// in index order with no sort of the whole result.
struct Where
{
    QString sql;
    QVariantList values;

    void add(const QString &condition, const QVariantList &bound = {})
    {
        sql += (sql.isEmpty() ? u" WHERE "_s : u" AND "_s) + condition;
        values += bound;
    }
};

Where whereFor(const OrderFilter &filter, const OrderSort &sort)
{
    Where where;
    const QString text = filter.text.trimmed();
    if (searchesIndex(text)) {
        QString phrase = text;
        phrase.replace(u'"', u"\"\""_s);
        const QString match = u'"' + phrase + u'"';
        // Ids through their own trigram index; names and e-mails through the index of the
        // distinct ones, then the orders that carry them (covering indexes, no row reads).
        where.add(u"rowid IN (SELECT rowid FROM order_id_search WHERE order_id_search MATCH ?"
                  " UNION ALL SELECT rowid FROM order_view WHERE customer_name IN"
                  " (SELECT term FROM order_term WHERE kind = 0 AND rowid IN"
                  " (SELECT rowid FROM order_term_search WHERE order_term_search MATCH ?))"
                  " UNION ALL SELECT rowid FROM order_view WHERE customer_email IN"
                  " (SELECT term FROM order_term WHERE kind = 1 AND rowid IN"
                  " (SELECT rowid FROM order_term_search WHERE order_term_search MATCH ?)))"_s,
                  {match, match, match});
    } else if (!text.isEmpty()) {
        const QString pattern = likePattern(text);
        where.add(u"(id LIKE ? ESCAPE '\\' OR customer_name LIKE ? ESCAPE '\\' "
                  "OR customer_email LIKE ? ESCAPE '\\')"_s,
                  {pattern, pattern, pattern});
    }
    if (!filter.statuses.isEmpty()) {
        const bool useIndex = filter.statuses.size() == 1
                && (sort.column == OrderColumn::Created || sort.column == OrderColumn::Status);
        QStringList marks;
        QVariantList values;
        for (OrderStatus status : filter.statuses) {
            marks.append(u"?"_s);
            values.append(int(status));
        }
        where.add((useIndex ? u"status IN ("_s : u"+status IN ("_s) + marks.join(u", ") + u')',
                  values);
    }
    const QString created = sort.column == OrderColumn::Created ? u"created_at"_s : u"+created_at"_s;
    if (filter.createdFrom)
        where.add(created + u" >= ?"_s, {*filter.createdFrom});
    if (filter.createdTo)
        where.add(created + u" < ?"_s, {*filter.createdTo});
    const QString total = sort.column == OrderColumn::Total ? u"total_cents"_s : u"+total_cents"_s;
    if (filter.minTotalCents)
        where.add(total + u" >= ?"_s, {*filter.minTotalCents});
    if (filter.maxTotalCents)
        where.add(total + u" <= ?"_s, {*filter.maxTotalCents});
    if (!filter.customerId.isEmpty()) {
        where.add(sort.column == OrderColumn::Created ? u"customer_id = ?"_s : u"+customer_id = ?"_s,
                  {filter.customerId});
    }
    return where;
}

QString orderBy(const OrderSort &sort)
{
    const QString direction = sort.order == Qt::AscendingOrder ? u"ASC"_s : u"DESC"_s;
    return u" ORDER BY %1 %2, id %2"_s.arg(columnSql(sort.column), direction);
}

Result<QSqlQuery> execute(SqliteConnection &connection, const QString &sql,
                          const QVariantList &values, const QString &context)
{
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqliteError(query.lastError(), context);
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec())
        return sqliteError(query.lastError(), context);
    return query;
}

} // namespace

bool OrderFilter::isEmpty() const
{
    return text.trimmed().isEmpty() && statuses.isEmpty() && !createdFrom && !createdTo
            && !minTotalCents && !maxTotalCents && customerId.isEmpty();
}

bool OrderFilter::matches(const OrderRow &row) const
{
    const QString needle = text.trimmed();
    if (searchesIndex(needle)) {
        if (!row.id.contains(needle, Qt::CaseInsensitive)
            && !row.customerName.contains(needle, Qt::CaseInsensitive)
            && !row.customerEmail.contains(needle, Qt::CaseInsensitive))
            return false;
    } else if (!needle.isEmpty()) {
        if (!containsLikeSqlite(row.id, needle) && !containsLikeSqlite(row.customerName, needle)
            && !containsLikeSqlite(row.customerEmail, needle))
            return false;
    }
    if (!statuses.isEmpty() && !statuses.contains(row.status))
        return false;
    if (createdFrom && row.createdAt < *createdFrom)
        return false;
    if (createdTo && row.createdAt >= *createdTo)
        return false;
    if (minTotalCents && row.total.cents() < *minTotalCents)
        return false;
    if (maxTotalCents && row.total.cents() > *maxTotalCents)
        return false;
    if (!customerId.isEmpty() && row.customerId != customerId)
        return false;
    return true;
}

OrderQueries::OrderQueries(SqliteConnection &connection) : m_connection(connection) { }

Result<std::optional<OrderDetails>> OrderQueries::getOrder(const QString &id)
{
    const QString context = tr("Cannot read order %1").arg(id);
    Result<QSqlQuery> order = execute(
            m_connection, u"SELECT "_s + orderColumns + u" FROM order_view WHERE id = ?"_s, {id},
            context);
    if (!order)
        return order.error();
    if (!order->next())
        return std::optional<OrderDetails>();
    OrderDetails details;
    details.order = orderFrom(*order);
    order->finish();

    Result<QSqlQuery> lines = execute(m_connection,
                                      u"SELECT product_id, product_name, quantity, "
                                      "unit_price_cents, subtotal_cents FROM order_line_view "
                                      "WHERE order_id = ? ORDER BY line_no"_s,
                                      {id}, context);
    if (!lines)
        return lines.error();
    while (lines->next()) {
        details.lines.append({lines->value(0).toString(), lines->value(1).toString(),
                              lines->value(2).toLongLong(),
                              Money::fromCents(lines->value(3).toLongLong()),
                              Money::fromCents(lines->value(4).toLongLong())});
    }
    Result<QSqlQuery> history = execute(m_connection,
                                        u"SELECT position, stream_version, type, occurred_at, "
                                        "actor, command_id, detail FROM order_history "
                                        "WHERE order_id = ? ORDER BY position"_s,
                                        {id}, context);
    if (!history)
        return history.error();
    while (history->next()) {
        details.history.append({history->value(0).toLongLong(), history->value(1).toLongLong(),
                                history->value(2).toString(), history->value(3).toLongLong(),
                                history->value(4).toString(), history->value(5).toString(),
                                history->value(6).toString()});
    }
    return std::optional<OrderDetails>(std::move(details));
}

Result<QList<OrderRow>> OrderQueries::listOrders(const OrderFilter &filter, const OrderSort &sort,
                                                 qint64 offset, int limit)
{
    const Where where = whereFor(filter, sort);
    Result<QSqlQuery> query = execute(m_connection,
                                      u"SELECT "_s + orderColumns + u" FROM order_view"_s
                                              + where.sql + orderBy(sort) + u" LIMIT ? OFFSET ?"_s,
                                      where.values
                                              + QVariantList{std::clamp(limit, 0, MaxPageSize),
                                                             std::max<qint64>(0, offset)},
                                      tr("Cannot list orders"));
    if (!query)
        return query.error();
    QList<OrderRow> rows;
    rows.reserve(std::clamp(limit, 0, MaxPageSize));
    while (query->next())
        rows.append(orderFrom(*query));
    return rows;
}

Result<qint64> OrderQueries::countOrders(const OrderFilter &filter)
{
    OrderFilter statusesOnly;
    statusesOnly.statuses = filter.statuses;
    if (filter == statusesOnly) {
        // The status summary already counts them: no need to touch a million rows.
        Where where;
        if (!filter.statuses.isEmpty()) {
            QStringList marks;
            QVariantList values;
            for (OrderStatus status : filter.statuses) {
                marks.append(u"?"_s);
                values.append(int(status));
            }
            where.add(u"status IN ("_s + marks.join(u", ") + u')', values);
        }
        Result<QSqlQuery> query = execute(m_connection,
                                          u"SELECT coalesce(sum(order_count), 0) FROM status_summary"_s
                                                  + where.sql,
                                          where.values, tr("Cannot count orders"));
        if (!query)
            return query.error();
        return query->next() ? query->value(0).toLongLong() : 0;
    }
    const Where where = whereFor(filter, OrderSort{});
    Result<QSqlQuery> query = execute(m_connection, u"SELECT count(*) FROM order_view"_s + where.sql,
                                      where.values, tr("Cannot count orders"));
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : 0;
}

Result<QList<OrderRow>> OrderQueries::ordersById(const QStringList &ids)
{
    QList<OrderRow> rows;
    // Bound in chunks that stay well under SQLite's parameter limit.
    constexpr qsizetype Chunk = 500;
    for (qsizetype start = 0; start < ids.size(); start += Chunk) {
        const QStringList chunk = ids.mid(start, Chunk);
        QStringList marks;
        QVariantList values;
        for (const QString &id : chunk) {
            marks.append(u"?"_s);
            values.append(id);
        }
        Result<QSqlQuery> query = execute(m_connection,
                                          u"SELECT "_s + orderColumns + u" FROM order_view WHERE id IN ("_s
                                                  + marks.join(u", ") + u')',
                                          values, tr("Cannot read orders"));
        if (!query)
            return query.error();
        while (query->next())
            rows.append(orderFrom(*query));
    }
    return rows;
}

Result<qint64> OrderQueries::rankOf(const OrderFilter &filter, const OrderSort &sort,
                                    const SortKey &key)
{
    Where where = whereFor(filter, sort);
    const QString comparison = sort.order == Qt::AscendingOrder ? u"<"_s : u">"_s;
    where.add(u"(%1, id) %2 (?, ?)"_s.arg(columnSql(sort.column), comparison), {key.value, key.id});
    Result<QSqlQuery> query = execute(m_connection, u"SELECT count(*) FROM order_view"_s + where.sql,
                                      where.values, tr("Cannot place an order in the list"));
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : 0;
}

Result<OrderStats> OrderQueries::stats(int days)
{
    OrderStats stats;
    Result<QSqlQuery> summary = execute(m_connection,
                                        u"SELECT status, order_count, revenue_cents "
                                        "FROM status_summary ORDER BY status"_s,
                                        {}, tr("Cannot read order statistics"));
    if (!summary)
        return summary.error();
    while (summary->next()) {
        stats.byStatus.append({OrderStatus(summary->value(0).toInt()), summary->value(1).toLongLong(),
                               Money::fromCents(summary->value(2).toLongLong())});
    }
    const qint64 firstDay = QDateTime::currentMSecsSinceEpoch() / MillisPerDay - std::max(0, days - 1);
    Result<QSqlQuery> daily = execute(m_connection,
                                      u"SELECT day, order_count, revenue_cents FROM daily_orders "
                                      "WHERE day >= ? ORDER BY day"_s,
                                      {firstDay}, tr("Cannot read order statistics"));
    if (!daily)
        return daily.error();
    while (daily->next()) {
        stats.perDay.append({daily->value(0).toLongLong(), daily->value(1).toLongLong(),
                             Money::fromCents(daily->value(2).toLongLong())});
    }
    return stats;
}

Result<QList<CustomerRow>> OrderQueries::customers()
{
    Result<QSqlQuery> query = execute(m_connection,
                                      u"SELECT id, name, email FROM customer_view ORDER BY name, id"_s,
                                      {}, tr("Cannot read customers"));
    if (!query)
        return query.error();
    QList<CustomerRow> rows;
    while (query->next())
        rows.append({query->value(0).toString(), query->value(1).toString(), query->value(2).toString()});
    return rows;
}

Result<QList<ProductRow>> OrderQueries::products()
{
    Result<QSqlQuery> query = execute(m_connection,
                                      u"SELECT id, name, unit_price_cents FROM product_view "
                                      "ORDER BY name, id"_s,
                                      {}, tr("Cannot read products"));
    if (!query)
        return query.error();
    QList<ProductRow> rows;
    while (query->next())
        rows.append({query->value(0).toString(), query->value(1).toString(),
                     Money::fromCents(query->value(2).toLongLong())});
    return rows;
}

Result<QList<DeadLetterRow>> OrderQueries::deadLetters()
{
    Result<QSqlQuery> query = execute(m_connection,
                                      u"SELECT position, stream_id, type, schema_version, error, "
                                      "attempts, recorded_at FROM dead_letters ORDER BY position"_s,
                                      {}, tr("Cannot read the dead letters"));
    if (!query)
        return query.error();
    QList<DeadLetterRow> rows;
    while (query->next()) {
        rows.append({query->value(0).toLongLong(), query->value(1).toString(),
                     query->value(2).toString(), query->value(3).toInt(),
                     query->value(4).toString(), query->value(5).toLongLong(),
                     query->value(6).toLongLong()});
    }
    return rows;
}

Result<QList<OrderChange>> OrderQueries::changes(qint64 afterPosition, qint64 upToPosition)
{
    Result<QSqlQuery> query = execute(m_connection,
                                      u"SELECT position, order_id, existed, old_status, "
                                      "old_total_cents, old_item_count, old_updated_at "
                                      "FROM order_changes WHERE position > ? AND position <= ? "
                                      "ORDER BY seq"_s,
                                      {afterPosition, upToPosition}, tr("Cannot read changes"));
    if (!query)
        return query.error();
    QList<OrderChange> changes;
    while (query->next()) {
        OrderChange change;
        change.position = query->value(0).toLongLong();
        change.orderId = query->value(1).toString();
        change.existed = query->value(2).toBool();
        change.oldStatus = OrderStatus(query->value(3).toInt());
        change.oldTotalCents = query->value(4).toLongLong();
        change.oldItemCount = query->value(5).toLongLong();
        change.oldUpdatedAt = query->value(6).toLongLong();
        changes.append(change);
    }
    return changes;
}

Result<qint64> OrderQueries::changesHorizon()
{
    const Result<QVariant> value = m_connection.scalar(
            u"SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta "
            "WHERE key = 'journal_horizon'), 0)"_s);
    if (!value)
        return value.error();
    return value->toLongLong();
}

Result<qint64> OrderQueries::checkpoint()
{
    const Result<QVariant> value = m_connection.scalar(
            u"SELECT coalesce((SELECT position FROM checkpoints WHERE projection = 'orders'), 0)"_s);
    if (!value)
        return value.error();
    return value->toLongLong();
}

Result<qint64> OrderQueries::generation()
{
    const Result<QVariant> value = m_connection.scalar(
            u"SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta "
            "WHERE key = 'generation'), 0)"_s);
    if (!value)
        return value.error();
    return value->toLongLong();
}

SortKey OrderQueries::sortKeyOf(const OrderRow &row, const OrderSort &sort)
{
    switch (sort.column) {
    case OrderColumn::Id:
        return {row.id, row.id};
    case OrderColumn::Customer:
        return {row.customerName, row.id};
    case OrderColumn::Email:
        return {row.customerEmail, row.id};
    case OrderColumn::Items:
        return {row.itemCount, row.id};
    case OrderColumn::Total:
        return {row.total.cents(), row.id};
    case OrderColumn::Status:
        return {int(row.status), row.id};
    case OrderColumn::Created:
        return {row.createdAt, row.id};
    case OrderColumn::Updated:
        return {row.updatedAt, row.id};
    }
    return {row.createdAt, row.id};
}

bool OrderQueries::sortsBefore(const SortKey &a, const SortKey &b, const OrderSort &sort)
{
    // SQLite compares TEXT with memcmp on UTF-8; integers numerically.
    const auto compare = [](const QVariant &x, const QVariant &y) -> int {
        if (x.userType() == QMetaType::QString) {
            const QByteArray ux = x.toString().toUtf8();
            const QByteArray uy = y.toString().toUtf8();
            return ux < uy ? -1 : (uy < ux ? 1 : 0);
        }
        const qint64 ix = x.toLongLong();
        const qint64 iy = y.toLongLong();
        return ix < iy ? -1 : (iy < ix ? 1 : 0);
    };
    int c = compare(a.value, b.value);
    if (c == 0)
        c = compare(a.id, b.id);
    return sort.order == Qt::AscendingOrder ? c < 0 : c > 0;
}

Result<QStringList> OrderQueries::explainList(const OrderFilter &filter, const OrderSort &sort)
{
    const Where where = whereFor(filter, sort);
    Result<QSqlQuery> query = execute(m_connection,
                                      u"EXPLAIN QUERY PLAN SELECT "_s + orderColumns
                                              + u" FROM order_view"_s + where.sql + orderBy(sort)
                                              + u" LIMIT ? OFFSET ?"_s,
                                      where.values + QVariantList{100, 0}, tr("Cannot explain"));
    if (!query)
        return query.error();
    QStringList plan;
    while (query->next())
        plan.append(query->value(3).toString());
    return plan;
}

} // namespace OrderDesk
