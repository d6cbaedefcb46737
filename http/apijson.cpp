// SPDX-License-Identifier: MIT
#include "apijson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ApiJson", text);
}

Error invalid(const QString &message)
{
    return Error {ErrorCode::InvalidRequest, message};
}

QString quoted(const QString &text)
{
    return u"\u201c"_s + text.left(64) + u"\u201d"_s;
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

Result<QJsonObject> ApiJson::parseObject(const QByteArray &body, bool emptyAllowed)
{
    if (body.trimmed().isEmpty()) {
        if (emptyAllowed)
            return QJsonObject();
        return invalid(tr("The request needs a JSON object as its body."));
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(tr("The body is not valid JSON: %1 at offset %2.")
                           .arg(error.errorString())
                           .arg(error.offset));
    if (!document.isObject())
        return invalid(tr("The body must be a JSON object, not an array or a single value."));
    return document.object();
}

Result<void> ApiJson::onlyFields(const QJsonObject &object, const QStringList &allowed)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!allowed.contains(it.key()))
            return invalid(tr("Unknown field %1; this endpoint takes %2.")
                               .arg(quoted(it.key()), allowed.join(u", "_s)));
    }
    return {};
}

Result<QString> ApiJson::optionalString(const QJsonObject &object, const QString &field)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString())
        return invalid(tr("The field %1 must be a string.").arg(field));
    return value.toString();
}

std::optional<qint64> ApiJson::wholeNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    // toInteger() answers its default for anything that is not a whole qint64: two different
    // defaults tell that apart from a real value.
    const qint64 a = value.toInteger(0);
    const qint64 b = value.toInteger(1);
    if (a != b)
        return std::nullopt;
    return a;
}

Result<CreateOrder> ApiJson::createOrder(const QJsonObject &object)
{
    if (auto ok =
            onlyFields(object, {u"customer_id"_s, u"lines"_s, u"currency"_s, u"command_id"_s});
        !ok)
        return ok.error();
    CreateOrder command;
    const QJsonValue customer = object.value(u"customer_id"_s);
    if (!customer.isString())
        return invalid(customer.isUndefined() ? tr("The field customer_id is missing.")
                                              : tr("The field customer_id must be a string."));
    command.customerId = customer.toString();

    const QJsonValue lines = object.value(u"lines"_s);
    if (!lines.isArray())
        return invalid(lines.isUndefined()
                           ? tr("The field lines is missing.")
                           : tr("The field lines must be an array of "
                                "{product_id, quantity, unit_price_cents?} objects."));
    const QJsonArray array = lines.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = u"lines[%1]"_s.arg(i);
        if (!array.at(i).isObject())
            return invalid(
                tr("%1 must be an object {product_id, quantity, unit_price_cents?}.").arg(path));
        const QJsonObject line = array.at(i).toObject();
        if (auto ok = onlyFields(line, {u"product_id"_s, u"quantity"_s, u"unit_price_cents"_s});
            !ok)
            return Error {ok.error().code, path + u": "_s + ok.error().message};
        LineRequest request;
        const QJsonValue product = line.value(u"product_id"_s);
        if (!product.isString())
            return invalid(product.isUndefined() ? tr("%1.product_id is missing.").arg(path)
                                                 : tr("%1.product_id must be a string.").arg(path));
        request.productId = product.toString();
        const QJsonValue quantity = line.value(u"quantity"_s);
        const std::optional<qint64> count = wholeNumber(quantity);
        if (!count)
            return invalid(quantity.isUndefined()
                               ? tr("%1.quantity is missing.").arg(path)
                               : tr("%1.quantity must be a whole number.").arg(path));
        request.quantity = *count;
        const QJsonValue price = line.value(u"unit_price_cents"_s);
        if (!price.isUndefined() && !price.isNull()) {
            const std::optional<qint64> cents = wholeNumber(price);
            if (!cents)
                return invalid(
                    tr("%1.unit_price_cents must be a whole number of cents.").arg(path));
            request.unitPrice = Money::fromCents(*cents);
        }
        command.lines.append(request);
    }

    const Result<QString> currency = optionalString(object, u"currency"_s);
    if (!currency)
        return currency.error();
    command.currency = *currency;
    const Result<QString> commandId = optionalString(object, u"command_id"_s);
    if (!commandId)
        return commandId.error();
    command.meta.commandId = *commandId;
    return command;
}

QString ApiJson::projectionStateKey(ProjectionStatus::State state)
{
    switch (state) {
    case ProjectionStatus::State::Starting:
        return u"starting"_s;
    case ProjectionStatus::State::Running:
        return u"running"_s;
    case ProjectionStatus::State::Paused:
        return u"paused"_s;
    case ProjectionStatus::State::Rebuilding:
        return u"rebuilding"_s;
    case ProjectionStatus::State::Failed:
        return u"failed"_s;
    case ProjectionStatus::State::Stopped:
        return u"stopped"_s;
    }
    return {};
}

QJsonObject ApiJson::projectionStatus(const ProjectionStatus &status)
{
    QJsonObject json {
        {u"state"_s, projectionStateKey(status.state)},
        {u"head_position"_s, status.headPosition},
        {u"checkpoint"_s, status.checkpoint},
        {u"caught_up"_s, status.isCaughtUp()},
        {u"lag_events"_s, status.lagEvents},
        {u"lag_ms"_s, status.lagMs},
        {u"events_per_second"_s, status.eventsPerSecond},
        {u"command_visible_ms"_s,
         QJsonObject {{u"p50"_s, status.commandLagP50Ms},
                      {u"p95"_s, status.commandLagP95Ms},
                      {u"p99"_s, status.commandLagP99Ms}}},
        {u"dead_letters"_s, status.deadLetters},
        {u"batch_size"_s, status.batchSize},
        {u"delay_ms"_s, status.delayMs},
        {u"store_connected"_s, status.storeConnected},
        {u"store_message"_s, textOrNull(status.storeMessage)},
        {u"last_error"_s, textOrNull(status.lastError)},
    };
    if (status.state == ProjectionStatus::State::Rebuilding) {
        json.insert(u"rebuild"_s,
                    QJsonObject {{u"done"_s, status.rebuildDone},
                                 {u"total"_s, status.rebuildTotal},
                                 {u"eta_ms"_s, status.rebuildEtaMs}});
    }
    return json;
}

} // namespace OrderDesk
