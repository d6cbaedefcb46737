// SPDX-License-Identifier: MIT
#pragma once

#include "money.h"
#include "result.h"

#include <QString>

/// Checks of single values, shared by every command. Each returns the normalized value (text
/// trimmed) or the error a user should see.
namespace OrderDesk::Validation {

/// Customer ids, product SKUs and order ids: 1..64 of [A-Za-z0-9._-], starting alphanumeric.
Result<QString> id(const QString &value, const QString &what);
/// A person's or product's name: trimmed, 1..200 characters, no control characters.
Result<QString> name(const QString &value, const QString &what);
/// An e-mail address: trimmed, at most 254 characters, one '@' with text on both sides.
Result<QString> email(const QString &value);
/// A cancel reason: trimmed, 1..500 characters, no control characters but line breaks.
Result<QString> reason(const QString &value);
Result<void> quantity(qint64 value);
Result<void> unitPrice(Money value);
/// Text is valid UTF-16 (no lone surrogates) and has no control characters other than those
/// allowed, no zero-width space or word joiner and no bidi embedding, override or isolate;
/// used by the checks above.
bool isCleanText(const QString &value, bool allowLineBreaks);

} // namespace OrderDesk::Validation
