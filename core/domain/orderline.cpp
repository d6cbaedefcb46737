// SPDX-License-Identifier: MIT
#include "orderline.h"

namespace OrderDesk {

std::optional<Money> totalOf(const OrderLines &lines)
{
    Money total;
    for (const OrderLine &line : lines) {
        const std::optional<Money> subtotal = line.subtotal();
        const std::optional<Money> sum = subtotal ? total.checkedAdd(*subtotal) : std::nullopt;
        if (!sum)
            return std::nullopt;
        total = *sum;
    }
    return total;
}

} // namespace OrderDesk
