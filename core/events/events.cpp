// SPDX-License-Identifier: MIT
#include "events.h"

#include "domain/overloaded.h"

namespace OrderDesk {

using namespace Qt::StringLiterals;

QString eventTypeName(const DomainEvent &event)
{
    return std::visit(Overloaded{
                              [](const CustomerRegistered &) { return u"CustomerRegistered"_s; },
                              [](const ProductAdded &) { return u"ProductAdded"_s; },
                              [](const ProductPriceChanged &) { return u"ProductPriceChanged"_s; },
                              [](const OrderCreated &) { return u"OrderCreated"_s; },
                              [](const OrderLinesChanged &) { return u"OrderLinesChanged"_s; },
                              [](const OrderConfirmed &) { return u"OrderConfirmed"_s; },
                              [](const OrderShipped &) { return u"OrderShipped"_s; },
                              [](const OrderDelivered &) { return u"OrderDelivered"_s; },
                              [](const OrderCancelled &) { return u"OrderCancelled"_s; },
                      },
                      event);
}

QString customerStreamId(const QString &customerId)
{
    return u"customer-"_s + customerId;
}

QString productStreamId(const QString &productId)
{
    return u"product-"_s + productId;
}

QString streamIdOf(const DomainEvent &event)
{
    return std::visit(Overloaded{
                              [](const CustomerRegistered &e) { return customerStreamId(e.customerId); },
                              [](const ProductAdded &e) { return productStreamId(e.productId); },
                              [](const ProductPriceChanged &e) { return productStreamId(e.productId); },
                              [](const auto &orderEvent) { return orderEvent.orderId; },
                      },
                      event);
}

} // namespace OrderDesk
