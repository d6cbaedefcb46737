// SPDX-License-Identifier: MIT
#include "apireply.h"

#include <QJsonDocument>

namespace OrderDesk {

using namespace Qt::StringLiterals;

ApiReply ApiReply::json(int status, const QJsonObject &object)
{
    ApiReply reply;
    reply.status = status;
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    reply.body.append('\n');
    return reply;
}

ApiReply ApiReply::error(const Error &error)
{
    return ApiReply::error(httpStatus(error.code), error);
}

ApiReply ApiReply::error(int status, const Error &error)
{
    return json(status, {{u"error"_s, errorCodeName(error.code)}, {u"message"_s, error.message}});
}

int ApiReply::httpStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None:
        return 200;
    case ErrorCode::Unauthorized:
        return 401;
    case ErrorCode::Forbidden:
        return 403;
    case ErrorCode::OrderNotFound:
    case ErrorCode::UnknownEndpoint:
        return 404;
    case ErrorCode::CustomerExists:
    case ErrorCode::ProductExists:
    case ErrorCode::OrderExists:
    case ErrorCode::ConfirmRequiresPending:
    case ErrorCode::ShipRequiresConfirmed:
    case ErrorCode::DeliverRequiresShipped:
    case ErrorCode::CancelNotAllowed:
    case ErrorCode::LinesLocked:
    case ErrorCode::IdempotencyKeyReused:
        return 409;
    case ErrorCode::ConcurrentModification:
        return 412;
    case ErrorCode::PayloadTooLarge:
        return 413;
    case ErrorCode::StorageBusy:
    case ErrorCode::StorageUnavailable:
    case ErrorCode::StorageReadOnly:
    case ErrorCode::ShuttingDown:
    case ErrorCode::Cancelled:
        return 503;
    case ErrorCode::StorageFull:
        return 507;
    case ErrorCode::Timeout:
        return 504;
    default:
        break;
    }
    const int group = int(code) / 100;
    // Malformed input (1xx), unknown reference data (2xx) and a malformed request (7xx).
    if (group == 1 || group == 2 || group == 7)
        return 400;
    return 500;
}

} // namespace OrderDesk
