// SPDX-License-Identifier: MIT
#pragma once

#include "domain/errors.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <utility>

namespace OrderDesk {

/// One HTTP answer of the API, built wherever the work was done (a query thread, the server
/// thread) and written to the connection by ApiServer.
struct ApiReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    /// A JSON object answer.
    static ApiReply json(int status, const QJsonObject &object);
    /// {"error": errorCodeName(code), "message": …} with the status httpStatus() gives.
    static ApiReply error(const Error &error);
    static ApiReply error(int status, const Error &error);

    /// The HTTP status for an error: 400 bad input, 401 no valid token, 403 refused origin, 404
    /// unknown order or endpoint, 409 wrong state or a conflicting retry, 412 version mismatch,
    /// 413 body too large, 503 storage busy or unavailable, 504 a wait ran out, 500 the rest.
    static int httpStatus(ErrorCode code);

    ApiReply &withHeader(QByteArray name, QByteArray value)
    {
        headers.append({std::move(name), std::move(value)});
        return *this;
    }
};

} // namespace OrderDesk
