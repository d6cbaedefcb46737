// SPDX-License-Identifier: MIT
#pragma once

#include "money.h"

#include <QList>
#include <QString>

#include <optional>

namespace OrderDesk {

/// One line of an order: a product, how many, and the unit price agreed when it was ordered.
/// The product name travels with the line so that no reader needs the catalog to show it.
struct OrderLine
{
    QString productId;
    QString productName;
    qint64 quantity = 0;
    Money unitPrice;

    /// quantity × unit price, or std::nullopt when that overflows.
    std::optional<Money> subtotal() const { return unitPrice.checkedMultiply(quantity); }

    friend bool operator==(const OrderLine &, const OrderLine &) = default;
};

using OrderLines = QList<OrderLine>;

/// The sum of the lines' subtotals, or std::nullopt when it overflows.
std::optional<Money> totalOf(const OrderLines &lines);

} // namespace OrderDesk
