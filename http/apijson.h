// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commands.h"
#include "domain/result.h"
#include "projections/projectionstatus.h"
#include "read/orderqueries.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace OrderDesk {

/// The JSON the HTTP API reads and writes. Reading is strict: a body that is not a JSON
/// object, a field of the wrong type or a field the endpoint does not know is an
/// InvalidRequest error naming the field, so that a typo never silently changes what a
/// command does. Values of the right type are left to the command validation (quantity 0 is
/// InvalidQuantity, not InvalidRequest).
class ApiJson
{
public:
    /// A request body as a JSON object; an empty body is {} when `emptyAllowed`.
    static Result<QJsonObject> parseObject(const QByteArray &body, bool emptyAllowed);
    /// Refuses fields other than `allowed`.
    static Result<void> onlyFields(const QJsonObject &object, const QStringList &allowed);
    /// A string field; a null QString when absent or null.
    static Result<QString> optionalString(const QJsonObject &object, const QString &field);
    /// {customer_id, lines: [{product_id, quantity, unit_price_cents?}], currency?,
    /// command_id?} as a CreateOrder (command_id goes to meta.commandId).
    static Result<CreateOrder> createOrder(const QJsonObject &object);
    /// A JSON number that is a whole number representable as qint64.
    static std::optional<qint64> wholeNumber(const QJsonValue &value);

    static QJsonObject projectionStatus(const ProjectionStatus &status);
    /// The stable key of a projector state ("running"), unlike projectionStateText().
    static QString projectionStateKey(ProjectionStatus::State state);
};

} // namespace OrderDesk
