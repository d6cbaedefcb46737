// SPDX-License-Identifier: MIT
#include "order.h"

#include "limits.h"
#include "overloaded.h"
#include "validation.h"

#include <QCoreApplication>
#include <QSet>

namespace OrderDesk {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Order", text);
}

} // namespace

bool Order::isCancellable(OrderStatus status)
{
    return status == OrderStatus::Pending || status == OrderStatus::Confirmed
            || status == OrderStatus::Shipped;
}

Result<Money> Order::validateLines(const OrderLines &lines)
{
    if (lines.isEmpty())
        return Error{ErrorCode::NoLines, tr("An order needs at least one line.")};
    if (lines.size() > Limits::MaxLines)
        return Error{ErrorCode::TooManyLines,
                     tr("An order may have at most %1 lines (got %2).")
                             .arg(Limits::MaxLines)
                             .arg(lines.size())};
    QSet<QString> seen;
    seen.reserve(lines.size());
    for (const OrderLine &line : lines) {
        if (auto ok = Validation::quantity(line.quantity); !ok)
            return ok.error();
        if (auto ok = Validation::unitPrice(line.unitPrice); !ok)
            return ok.error();
        if (seen.contains(line.productId))
            return Error{ErrorCode::DuplicateLine,
                         tr("Product %1 appears on more than one line; change the quantity "
                            "instead.")
                                 .arg(line.productId)};
        seen.insert(line.productId);
    }
    const std::optional<Money> total = totalOf(lines);
    if (!total)
        return Error{ErrorCode::MoneyOverflow, tr("The order total is too large to be stored.")};
    return *total;
}

Result<OrderCreated> Order::create(const QString &orderId, const Customer &customer,
                                   const OrderLines &lines, const QString &currency)
{
    const Result<Money> total = validateLines(lines);
    if (!total)
        return total.error();
    return OrderCreated{orderId, customer.id, customer.name, customer.email, currency, lines, *total};
}

Error Order::transitionError(ErrorCode code, const QString &action) const
{
    return {code, tr("Order %1 is %2, so it cannot be %3.")
                          .arg(m_id, orderStatusDisplayText(m_status).toLower(), action)};
}

Result<OrderConfirmed> Order::confirm() const
{
    if (!canConfirm())
        return transitionError(ErrorCode::ConfirmRequiresPending,
                               tr("confirmed (only pending orders can be)"));
    return OrderConfirmed{m_id};
}

Result<OrderShipped> Order::ship() const
{
    if (!canShip())
        return transitionError(ErrorCode::ShipRequiresConfirmed,
                               tr("shipped (only confirmed orders can be)"));
    return OrderShipped{m_id};
}

Result<OrderDelivered> Order::deliver() const
{
    if (!canDeliver())
        return transitionError(ErrorCode::DeliverRequiresShipped,
                               tr("delivered (only shipped orders can be)"));
    return OrderDelivered{m_id};
}

Result<OrderCancelled> Order::cancel(const QString &reason) const
{
    if (!canCancel())
        return transitionError(ErrorCode::CancelNotAllowed,
                               tr("cancelled (delivered and cancelled orders cannot be)"));
    const Result<QString> cleanReason = Validation::reason(reason);
    if (!cleanReason)
        return cleanReason.error();
    return OrderCancelled{m_id, *cleanReason};
}

Result<OrderLinesChanged> Order::changeLines(const OrderLines &lines) const
{
    if (!canChangeLines())
        return transitionError(ErrorCode::LinesLocked,
                               tr("changed (only the lines of pending orders can be)"));
    const Result<Money> total = validateLines(lines);
    if (!total)
        return total.error();
    return OrderLinesChanged{m_id, lines, *total};
}

void Order::apply(const DomainEvent &event, qint64 occurredAt)
{
    std::visit(Overloaded{
                       [this, occurredAt](const OrderCreated &e) {
                           m_id = e.orderId;
                           m_customerId = e.customerId;
                           m_currency = e.currency;
                           m_lines = e.lines;
                           m_total = e.total;
                           m_status = OrderStatus::Pending;
                           m_createdAt = occurredAt;
                       },
                       [this](const OrderLinesChanged &e) {
                           m_lines = e.lines;
                           m_total = e.total;
                       },
                       [this](const OrderConfirmed &) { m_status = OrderStatus::Confirmed; },
                       [this](const OrderShipped &) { m_status = OrderStatus::Shipped; },
                       [this](const OrderDelivered &) { m_status = OrderStatus::Delivered; },
                       [this](const OrderCancelled &e) {
                           m_status = OrderStatus::Cancelled;
                           m_cancelReason = e.reason;
                       },
                       [](const auto &) { Q_ASSERT_X(false, "Order::apply", "not an order event"); },
               },
               event);
    ++m_version;
    m_updatedAt = occurredAt;
}

Order Order::fromState(const QString &id, const QString &customerId, const QString &currency,
                       const OrderLines &lines, Money total, OrderStatus status, qint64 version,
                       qint64 createdAt, qint64 updatedAt, const QString &cancelReason)
{
    Order order;
    order.m_id = id;
    order.m_customerId = customerId;
    order.m_currency = currency;
    order.m_lines = lines;
    order.m_total = total;
    order.m_status = status;
    order.m_version = version;
    order.m_createdAt = createdAt;
    order.m_updatedAt = updatedAt;
    order.m_cancelReason = cancelReason;
    return order;
}

} // namespace OrderDesk
