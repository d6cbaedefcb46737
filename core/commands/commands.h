// SPDX-License-Identifier: MIT
#pragma once

#include "domain/money.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>
#include <variant>

namespace OrderDesk {

/// What every command carries besides its payload. The bus fills in what is left empty: a new
/// command id and the actor (the OS user name).
struct CommandMeta
{
    QString commandId;
    /// When set, the command applies only if the target is still at this version; otherwise it
    /// fails with ConcurrentModification.
    std::optional<qint64> expectedVersion;
    QString actor;
};

struct RegisterCustomer
{
    CommandMeta meta;
    QString customerId;
    QString name;
    QString email;
};

struct AddProduct
{
    CommandMeta meta;
    QString productId;
    QString name;
    Money unitPrice;
};

struct ChangeProductPrice
{
    CommandMeta meta;
    QString productId;
    Money newPrice;
};

/// A line as a user asks for it: the product's name (and, by default, its price) come from the
/// catalog when the command runs.
struct LineRequest
{
    QString productId;
    qint64 quantity = 0;
    std::optional<Money> unitPrice;
};
using LineRequests = QList<LineRequest>;

struct CreateOrder
{
    CommandMeta meta;
    /// Left empty, the bus assigns a new id (newOrderId()) before the command is queued.
    QString orderId;
    QString customerId;
    LineRequests lines;
    QString currency;
};

struct ChangeOrderLines
{
    CommandMeta meta;
    QString orderId;
    LineRequests lines;
};

struct ConfirmOrder
{
    CommandMeta meta;
    QString orderId;
};

struct ShipOrder
{
    CommandMeta meta;
    QString orderId;
};

struct DeliverOrder
{
    CommandMeta meta;
    QString orderId;
};

struct CancelOrder
{
    CommandMeta meta;
    QString orderId;
    QString reason;
};

using Command = std::variant<RegisterCustomer, AddProduct, ChangeProductPrice, CreateOrder,
                             ChangeOrderLines, ConfirmOrder, ShipOrder, DeliverOrder, CancelOrder>;

/// The name of a command's type ("CreateOrder"), for metrics and processed-command records.
QString commandTypeName(const Command &command);
const CommandMeta &metaOf(const Command &command);
CommandMeta &metaOf(Command &command);
/// The id of what the command acts on: an order id, a customer id or a SKU.
QString targetIdOf(const Command &command);

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::Command)
