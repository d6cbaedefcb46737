// SPDX-License-Identifier: MIT
#pragma once

#include "events/events.h"
#include "orderline.h"
#include "orderstatus.h"
#include "reference.h"
#include "result.h"

#include <QString>

namespace OrderDesk {

/// The order aggregate. Its decisions are const methods that validate a request against the
/// current state and return the event that records it (or the error that refuses it); apply()
/// is the only way state changes, so the write store and a replay of the event log agree.
class Order
{
public:
    Order() = default;

    /// Decides whether an order may be created with these lines for this customer.
    static Result<OrderCreated> create(const QString &orderId, const Customer &customer,
                                       const OrderLines &lines, const QString &currency);

    Result<OrderConfirmed> confirm() const;
    Result<OrderShipped> ship() const;
    Result<OrderDelivered> deliver() const;
    Result<OrderCancelled> cancel(const QString &reason) const;
    Result<OrderLinesChanged> changeLines(const OrderLines &lines) const;

    /// Applies one of this order's events at the given time (UTC ms) and bumps the version.
    void apply(const DomainEvent &event, qint64 occurredAt);

    /// Whether a command of this kind is allowed in the current status, without running it.
    bool canConfirm() const { return m_status == OrderStatus::Pending; }
    bool canShip() const { return m_status == OrderStatus::Confirmed; }
    bool canDeliver() const { return m_status == OrderStatus::Shipped; }
    bool canCancel() const { return isCancellable(m_status); }
    bool canChangeLines() const { return m_status == OrderStatus::Pending; }
    static bool isCancellable(OrderStatus status);

    const QString &id() const { return m_id; }
    const QString &customerId() const { return m_customerId; }
    const QString &currency() const { return m_currency; }
    const OrderLines &lines() const { return m_lines; }
    Money total() const { return m_total; }
    OrderStatus status() const { return m_status; }
    qint64 version() const { return m_version; }
    qint64 createdAt() const { return m_createdAt; }
    qint64 updatedAt() const { return m_updatedAt; }
    const QString &cancelReason() const { return m_cancelReason; }

    /// Rebuilds an order from stored state (used by write stores).
    static Order fromState(const QString &id, const QString &customerId, const QString &currency,
                           const OrderLines &lines, Money total, OrderStatus status,
                           qint64 version, qint64 createdAt, qint64 updatedAt,
                           const QString &cancelReason);

    friend bool operator==(const Order &, const Order &) = default;

private:
    /// Checks lines against the limits and returns their total.
    static Result<Money> validateLines(const OrderLines &lines);
    Error transitionError(ErrorCode code, const QString &action) const;

    QString m_id;
    QString m_customerId;
    QString m_currency;
    OrderLines m_lines;
    Money m_total;
    OrderStatus m_status = OrderStatus::Pending;
    qint64 m_version = 0;
    qint64 m_createdAt = 0;
    qint64 m_updatedAt = 0;
    QString m_cancelReason;
};

} // namespace OrderDesk
