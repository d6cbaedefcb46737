// SPDX-License-Identifier: MIT
#pragma once

#include "domain/money.h"
#include "domain/orderline.h"

#include <QString>

#include <variant>

namespace OrderDesk {

/// The currency every order used before orders carried one (schema version 1 of OrderCreated).
inline constexpr char16_t DefaultCurrency[] = u"EUR";

// Events carry everything the read side needs (names, e-mail, prices), so that projections never
// look at the write store. Their field names are their JSON keys; see EventCodec.

struct CustomerRegistered
{
    QString customerId;
    QString name;
    QString email;
    friend bool operator==(const CustomerRegistered &, const CustomerRegistered &) = default;
};

struct ProductAdded
{
    QString productId;
    QString name;
    Money unitPrice;
    friend bool operator==(const ProductAdded &, const ProductAdded &) = default;
};

struct ProductPriceChanged
{
    QString productId;
    Money oldPrice;
    Money newPrice;
    friend bool operator==(const ProductPriceChanged &, const ProductPriceChanged &) = default;
};

struct OrderCreated
{
    QString orderId;
    QString customerId;
    QString customerName;
    QString customerEmail;
    QString currency;
    OrderLines lines;
    Money total;
    friend bool operator==(const OrderCreated &, const OrderCreated &) = default;
};

struct OrderLinesChanged
{
    QString orderId;
    OrderLines lines;
    Money total;
    friend bool operator==(const OrderLinesChanged &, const OrderLinesChanged &) = default;
};

struct OrderConfirmed
{
    QString orderId;
    friend bool operator==(const OrderConfirmed &, const OrderConfirmed &) = default;
};

struct OrderShipped
{
    QString orderId;
    friend bool operator==(const OrderShipped &, const OrderShipped &) = default;
};

struct OrderDelivered
{
    QString orderId;
    friend bool operator==(const OrderDelivered &, const OrderDelivered &) = default;
};

struct OrderCancelled
{
    QString orderId;
    QString reason;
    friend bool operator==(const OrderCancelled &, const OrderCancelled &) = default;
};

using DomainEvent = std::variant<CustomerRegistered, ProductAdded, ProductPriceChanged, OrderCreated,
                                 OrderLinesChanged, OrderConfirmed, OrderShipped, OrderDelivered,
                                 OrderCancelled>;

/// The stored type name of an event ("OrderCreated").
QString eventTypeName(const DomainEvent &event);
/// The stream an event belongs to: the order id for order events, "customer-<id>" and
/// "product-<sku>" for reference data.
QString streamIdOf(const DomainEvent &event);

QString customerStreamId(const QString &customerId);
QString productStreamId(const QString &productId);

} // namespace OrderDesk
