// SPDX-License-Identifier: MIT
#include "orderstatus.h"

#include <QCoreApplication>

namespace OrderDesk {

using namespace Qt::StringLiterals;

QList<OrderStatus> allOrderStatuses()
{
    return {OrderStatus::Pending, OrderStatus::Confirmed, OrderStatus::Shipped,
            OrderStatus::Delivered, OrderStatus::Cancelled};
}

QString orderStatusKey(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Pending:
        return u"pending"_s;
    case OrderStatus::Confirmed:
        return u"confirmed"_s;
    case OrderStatus::Shipped:
        return u"shipped"_s;
    case OrderStatus::Delivered:
        return u"delivered"_s;
    case OrderStatus::Cancelled:
        return u"cancelled"_s;
    }
    return {};
}

std::optional<OrderStatus> orderStatusFromKey(QStringView key)
{
    for (OrderStatus status : allOrderStatuses()) {
        if (key.compare(orderStatusKey(status), Qt::CaseInsensitive) == 0)
            return status;
    }
    return std::nullopt;
}

QString orderStatusDisplayText(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Pending:
        return QCoreApplication::translate("OrderStatus", "Pending");
    case OrderStatus::Confirmed:
        return QCoreApplication::translate("OrderStatus", "Confirmed");
    case OrderStatus::Shipped:
        return QCoreApplication::translate("OrderStatus", "Shipped");
    case OrderStatus::Delivered:
        return QCoreApplication::translate("OrderStatus", "Delivered");
    case OrderStatus::Cancelled:
        return QCoreApplication::translate("OrderStatus", "Cancelled");
    }
    return {};
}

} // namespace OrderDesk
