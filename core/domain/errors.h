// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

namespace OrderDesk {

/// Every way a command, a query or a store can fail. The numeric values are stable: they are
/// stored with processed commands and sent to other systems by name (errorCodeName()).
enum class ErrorCode {
    None = 0,

    // Malformed input
    InvalidCommand = 100,
    InvalidId,
    NameRequired,
    NameTooLong,
    InvalidEmail,
    InvalidText,
    InvalidQuantity,
    InvalidPrice,
    NoLines,
    TooManyLines,
    DuplicateLine,
    ReasonRequired,
    ReasonTooLong,
    MoneyOverflow,
    PriceUnchanged,

    // Reference data
    UnknownCustomer = 200,
    UnknownProduct,
    CustomerExists,
    ProductExists,

    // Order state
    OrderNotFound = 300,
    OrderExists,
    ConfirmRequiresPending,
    ShipRequiresConfirmed,
    DeliverRequiresShipped,
    CancelNotAllowed,
    LinesLocked,
    ConcurrentModification,

    // Storage
    StorageError = 400,
    StorageFull,
    StorageReadOnly,
    StorageBusy,
    StorageCorrupt,
    StorageUnavailable,
    SchemaTooNew,

    // Runtime
    ShuttingDown = 500,
    Timeout,
    Cancelled,

    // Events
    MalformedEvent = 600,
    UnknownEventType,
    UnsupportedSchemaVersion,

    // The HTTP API
    InvalidRequest = 700,
    Unauthorized,
    Forbidden,
    UnknownEndpoint,
    PayloadTooLarge,
    IdempotencyKeyReused,
    ListenFailed,
};

/// The stable, human-readable name of a code ("ConcurrentModification"), for logs, the CLI's
/// JSON output and the HTTP API.
QString errorCodeName(ErrorCode code);
/// The code for a name produced by errorCodeName(); ErrorCode::None when unknown.
ErrorCode errorCodeFromName(const QString &name);

/// A failure: a code for programs and a sentence for people.
struct Error
{
    ErrorCode code = ErrorCode::None;
    QString message;

    friend bool operator==(const Error &, const Error &) = default;
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::Error)
