// SPDX-License-Identifier: MIT
#pragma once

#include "domain/errors.h"

#include <QMetaType>
#include <QString>

namespace OrderDesk {

/// What became of a command. Accepted (and durable: results are only handed out after the
/// commit): the target's id, its new version, the position of the last event written and when. Rejected: an error code and a sentence
/// for people; a rejected command changed nothing.
struct CommandResult
{
    QString commandId;
    QString commandType;
    ErrorCode error = ErrorCode::None;
    QString message;
    QString targetId;
    qint64 version = 0;
    qint64 position = 0;
    /// UTC ms stamped on the command's events; a retry answered from the processed commands
    /// carries the same value.
    qint64 acceptedAt = 0;
    /// True when this is the stored result of an earlier run of the same command id.
    bool replayed = false;

    bool isAccepted() const { return error == ErrorCode::None; }
    Error toError() const { return {error, message}; }

    static CommandResult rejected(const QString &commandId, const QString &commandType,
                                  const Error &error)
    {
        CommandResult result;
        result.commandId = commandId;
        result.commandType = commandType;
        result.error = error.code;
        result.message = error.message;
        return result;
    }
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::CommandResult)
