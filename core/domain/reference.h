// SPDX-License-Identifier: MIT
#pragma once

#include "money.h"

#include <QString>

namespace OrderDesk {

/// A customer as the write side knows it.
struct Customer
{
    QString id;
    QString name;
    QString email;
    qint64 version = 0;

    friend bool operator==(const Customer &, const Customer &) = default;
};

/// A catalog product as the write side knows it; its id is the SKU.
struct Product
{
    QString id;
    QString name;
    Money unitPrice;
    qint64 version = 0;

    friend bool operator==(const Product &, const Product &) = default;
};

} // namespace OrderDesk
