// SPDX-License-Identifier: MIT
#include "read/orderjson.h"

#include "domain/orderstatus.h"

#include <QDateTime>
#include <QJsonArray>

namespace OrderDesk::OrderJson {

using namespace Qt::StringLiterals;

namespace {

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QString isoTime(qint64 millis)
{
    return QDateTime::fromMSecsSinceEpoch(millis, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject orderRow(const OrderRow &row)
{
    return {{u"id"_s, row.id},
            {u"customer_id"_s, row.customerId},
            {u"customer_name"_s, row.customerName},
            {u"customer_email"_s, row.customerEmail},
            {u"status"_s, orderStatusKey(row.status)},
            {u"status_text"_s, row.statusText},
            {u"line_count"_s, row.lineCount},
            {u"item_count"_s, row.itemCount},
            {u"total_cents"_s, row.total.cents()},
            {u"currency"_s, row.currency},
            {u"cancel_reason"_s, textOrNull(row.cancelReason)},
            {u"created_at"_s, isoTime(row.createdAt)},
            {u"updated_at"_s, isoTime(row.updatedAt)},
            {u"version"_s, row.version}};
}

QJsonObject orderDetails(const OrderDetails &details)
{
    QJsonObject order = orderRow(details.order);
    QJsonArray lines;
    for (const OrderLineRow &line : details.lines) {
        lines.append(QJsonObject {{u"product_id"_s, line.productId},
                                  {u"product_name"_s, line.productName},
                                  {u"quantity"_s, line.quantity},
                                  {u"unit_price_cents"_s, line.unitPrice.cents()},
                                  {u"subtotal_cents"_s, line.subtotal.cents()}});
    }
    QJsonArray history;
    for (const OrderHistoryEntry &entry : details.history) {
        history.append(QJsonObject {{u"position"_s, entry.position},
                                    {u"version"_s, entry.streamVersion},
                                    {u"type"_s, entry.type},
                                    {u"occurred_at"_s, isoTime(entry.occurredAt)},
                                    {u"actor"_s, entry.actor},
                                    {u"command_id"_s, entry.commandId},
                                    {u"detail"_s, entry.detail}});
    }
    order.insert(u"lines"_s, lines);
    order.insert(u"history"_s, history);
    return order;
}

} // namespace OrderDesk::OrderJson
