// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace OrderDesk {

/// Where an order is in its life. The numeric values are stored; never renumber them.
enum class OrderStatus {
    Pending = 0,
    Confirmed = 1,
    Shipped = 2,
    Delivered = 3,
    Cancelled = 4,
};

/// All statuses in their natural order, for menus, filters and summaries.
QList<OrderStatus> allOrderStatuses();
/// The stable key of a status ("pending"), used in storage, the CLI and the API.
QString orderStatusKey(OrderStatus status);
/// The status for a key produced by orderStatusKey(), case-insensitive.
std::optional<OrderStatus> orderStatusFromKey(QStringView key);
/// The status for people ("Pending"), translatable.
QString orderStatusDisplayText(OrderStatus status);

} // namespace OrderDesk
