// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace OrderDesk {

/// A new order id, readable and unique across processes: "ORD-" followed by the time in
/// milliseconds and 25 random bits, both in Crockford base32, e.g. "ORD-1JDXK8M3F-7Q2Z9".
/// Ids made later sort after ids made earlier in the same process.
QString newOrderId();

/// The order id for a time in milliseconds and random bits (the low 25 are used), in the format
/// of newOrderId(): for fixtures that make ids of their own, deterministically.
QString orderIdFrom(qint64 millis, quint32 randomBits);

/// A new command id (a UUID without braces).
QString newCommandId();

} // namespace OrderDesk
