// SPDX-License-Identifier: MIT
#include "errors.h"


#include <array>
#include <utility>

namespace OrderDesk {

namespace {

using namespace Qt::StringLiterals;

constexpr std::array<std::pair<ErrorCode, const char *>, 48> names = {{
    {ErrorCode::None, "None"},
    {ErrorCode::InvalidCommand, "InvalidCommand"},
    {ErrorCode::InvalidId, "InvalidId"},
    {ErrorCode::NameRequired, "NameRequired"},
    {ErrorCode::NameTooLong, "NameTooLong"},
    {ErrorCode::InvalidEmail, "InvalidEmail"},
    {ErrorCode::InvalidText, "InvalidText"},
    {ErrorCode::InvalidQuantity, "InvalidQuantity"},
    {ErrorCode::InvalidPrice, "InvalidPrice"},
    {ErrorCode::NoLines, "NoLines"},
    {ErrorCode::TooManyLines, "TooManyLines"},
    {ErrorCode::DuplicateLine, "DuplicateLine"},
    {ErrorCode::ReasonRequired, "ReasonRequired"},
    {ErrorCode::ReasonTooLong, "ReasonTooLong"},
    {ErrorCode::MoneyOverflow, "MoneyOverflow"},
    {ErrorCode::PriceUnchanged, "PriceUnchanged"},
    {ErrorCode::UnknownCustomer, "UnknownCustomer"},
    {ErrorCode::UnknownProduct, "UnknownProduct"},
    {ErrorCode::CustomerExists, "CustomerExists"},
    {ErrorCode::ProductExists, "ProductExists"},
    {ErrorCode::OrderNotFound, "OrderNotFound"},
    {ErrorCode::OrderExists, "OrderExists"},
    {ErrorCode::ConfirmRequiresPending, "ConfirmRequiresPending"},
    {ErrorCode::ShipRequiresConfirmed, "ShipRequiresConfirmed"},
    {ErrorCode::DeliverRequiresShipped, "DeliverRequiresShipped"},
    {ErrorCode::CancelNotAllowed, "CancelNotAllowed"},
    {ErrorCode::LinesLocked, "LinesLocked"},
    {ErrorCode::ConcurrentModification, "ConcurrentModification"},
    {ErrorCode::StorageError, "StorageError"},
    {ErrorCode::StorageFull, "StorageFull"},
    {ErrorCode::StorageReadOnly, "StorageReadOnly"},
    {ErrorCode::StorageBusy, "StorageBusy"},
    {ErrorCode::StorageCorrupt, "StorageCorrupt"},
    {ErrorCode::StorageUnavailable, "StorageUnavailable"},
    {ErrorCode::SchemaTooNew, "SchemaTooNew"},
    {ErrorCode::ShuttingDown, "ShuttingDown"},
    {ErrorCode::Timeout, "Timeout"},
    {ErrorCode::Cancelled, "Cancelled"},
    {ErrorCode::MalformedEvent, "MalformedEvent"},
    {ErrorCode::UnknownEventType, "UnknownEventType"},
    {ErrorCode::UnsupportedSchemaVersion, "UnsupportedSchemaVersion"},
    {ErrorCode::InvalidRequest, "InvalidRequest"},
    {ErrorCode::Unauthorized, "Unauthorized"},
    {ErrorCode::Forbidden, "Forbidden"},
    {ErrorCode::UnknownEndpoint, "UnknownEndpoint"},
    {ErrorCode::PayloadTooLarge, "PayloadTooLarge"},
    {ErrorCode::IdempotencyKeyReused, "IdempotencyKeyReused"},
    {ErrorCode::ListenFailed, "ListenFailed"},
}};

} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto &[c, name] : names) {
        if (c == code)
            return QString::fromLatin1(name);
    }
    return u"Error%1"_s.arg(int(code));
}

ErrorCode errorCodeFromName(const QString &name)
{
    for (const auto &[c, n] : names) {
        if (name == QLatin1StringView(n))
            return c;
    }
    return ErrorCode::None;
}

} // namespace OrderDesk
