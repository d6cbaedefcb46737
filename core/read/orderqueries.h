// SPDX-License-Identifier: MIT
#pragma once

#include "domain/money.h"
#include "domain/orderstatus.h"
#include "domain/result.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariant>

#include <optional>

namespace OrderDesk {

class SqliteConnection;

/// One row of the order list, as the read store holds it.
struct OrderRow
{
    QString id;
    QString customerId;
    QString customerName;
    QString customerEmail;
    QString currency;
    qint64 lineCount = 0;
    qint64 itemCount = 0;
    Money total;
    OrderStatus status = OrderStatus::Pending;
    QString statusText;
    QString cancelReason;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 version = 0;

    friend bool operator==(const OrderRow &, const OrderRow &) = default;
};

struct OrderLineRow
{
    QString productId;
    QString productName;
    qint64 quantity = 0;
    Money unitPrice;
    Money subtotal;

    friend bool operator==(const OrderLineRow &, const OrderLineRow &) = default;
};

/// One event in an order's history, as projected.
struct OrderHistoryEntry
{
    qint64 position = 0;
    qint64 streamVersion = 0;
    QString type;
    qint64 occurredAt = 0;
    QString actor;
    QString commandId;
    QString detail;
};

struct OrderDetails
{
    OrderRow order;
    QList<OrderLineRow> lines;
    QList<OrderHistoryEntry> history;
};

/// The columns an order list can sort by; a fixed list owned by the code.
enum class OrderColumn { Id, Customer, Email, Items, Total, Status, Created, Updated };

struct OrderSort
{
    OrderColumn column = OrderColumn::Created;
    Qt::SortOrder order = Qt::DescendingOrder;

    friend bool operator==(const OrderSort &, const OrderSort &) = default;
};

/// What an order list shows. Every value reaches SQL as a bound parameter.
struct OrderFilter
{
    /// Case-insensitive "contains" on order id, customer name and e-mail.
    QString text;
    /// Empty: every status.
    QList<OrderStatus> statuses;
    std::optional<qint64> createdFrom; ///< UTC ms, inclusive
    std::optional<qint64> createdTo;   ///< UTC ms, exclusive
    std::optional<qint64> minTotalCents;
    std::optional<qint64> maxTotalCents;
    QString customerId;

    /// Whether a row passes the filter, decided the way the SQL decides it.
    bool matches(const OrderRow &row) const;
    bool isEmpty() const;

    friend bool operator==(const OrderFilter &, const OrderFilter &) = default;
};

struct StatusSummaryRow
{
    OrderStatus status = OrderStatus::Pending;
    qint64 orders = 0;
    Money revenue;
};

struct DailyOrdersRow
{
    qint64 day = 0; ///< days since 1970-01-01 (UTC)
    qint64 orders = 0;
    Money revenue;
};

struct OrderStats
{
    QList<StatusSummaryRow> byStatus; ///< one row per status, in status order
    QList<DailyOrdersRow> perDay;     ///< oldest first
};

struct CustomerRow
{
    QString id;
    QString name;
    QString email;
};

struct ProductRow
{
    QString id;
    QString name;
    Money unitPrice;
};

/// An event the projector could not apply and skipped, as recorded in the read store.
struct DeadLetterRow
{
    qint64 position = 0;
    QString streamId;
    QString type;
    int schemaVersion = 0;
    QString error;
    qint64 attempts = 0;
    qint64 recordedAt = 0; ///< UTC ms
};

/// What one projection batch did to one order, with the values that decide sorting and
/// filtering as they were before (absent when the order was created by it).
struct OrderChange
{
    qint64 position = 0;
    QString orderId;
    bool existed = false;
    OrderStatus oldStatus = OrderStatus::Pending;
    qint64 oldTotalCents = 0;
    qint64 oldItemCount = 0;
    qint64 oldUpdatedAt = 0;
};

/// The value an order sorts by in a given sort, with the id that breaks ties.
struct SortKey
{
    QVariant value;
    QString id;
};

/// The query handlers: every read of the read store goes through here, on the caller's own
/// connection (one per thread). The query side never reads the write store.
class OrderQueries
{
public:
    /// The most rows one list query returns.
    static constexpr int MaxPageSize = 1000;

    explicit OrderQueries(SqliteConnection &connection);

    /// GetOrder: one order with its lines and history, or nullopt when the read store does
    /// not have it (yet).
    Result<std::optional<OrderDetails>> getOrder(const QString &id);
    /// ListOrders: one window of the filtered, sorted list. limit is clamped to MaxPageSize.
    Result<QList<OrderRow>> listOrders(const OrderFilter &filter, const OrderSort &sort,
                                       qint64 offset, int limit);
    Result<qint64> countOrders(const OrderFilter &filter);
    /// The rows of the given orders (those the read store has), in no particular order.
    Result<QList<OrderRow>> ordersById(const QStringList &ids);
    /// How many matching orders sort before the key: the row index an order has in the list.
    Result<qint64> rankOf(const OrderFilter &filter, const OrderSort &sort, const SortKey &key);
    /// OrderStats: orders and revenue per status, and per day for the last `days` days.
    Result<OrderStats> stats(int days = 30);
    Result<QList<CustomerRow>> customers();
    Result<QList<ProductRow>> products();
    /// The events the projector skipped because their handlers kept failing, oldest first.
    Result<QList<DeadLetterRow>> deadLetters();
    /// The change journal entries after a position, up to and including another.
    Result<QList<OrderChange>> changes(qint64 afterPosition, qint64 upToPosition);
    /// The smallest position the change journal still covers (entries after it are complete).
    Result<qint64> changesHorizon();
    Result<qint64> checkpoint();
    Result<qint64> generation();

    /// The sort key of a row for a sort.
    static SortKey sortKeyOf(const OrderRow &row, const OrderSort &sort);
    /// Whether a sorts before b in the sort (ties broken by id), the way SQLite orders them.
    static bool sortsBefore(const SortKey &a, const SortKey &b, const OrderSort &sort);

    /// The query plan of the list query, for tests that guard against full scans.
    Result<QStringList> explainList(const OrderFilter &filter, const OrderSort &sort);

private:
    SqliteConnection &m_connection;
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::OrderRow)
