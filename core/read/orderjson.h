// SPDX-License-Identifier: MIT
#pragma once

#include "read/orderqueries.h"

#include <QJsonObject>
#include <QString>

namespace OrderDesk::OrderJson {

/// UTC milliseconds as ISO 8601 with milliseconds and a Z.
QString isoTime(qint64 millis);

/// An order as the read store shows it, with stable keys: what `orderdeskctl --json list` and
/// the HTTP API's queries answer. An empty cancel reason is null.
QJsonObject orderRow(const OrderRow &row);
/// The order row with its lines and its history.
QJsonObject orderDetails(const OrderDetails &details);

} // namespace OrderDesk::OrderJson
