// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace OrderDesk {

/// The bearer token that protects the HTTP API: how one is made, which ones are acceptable,
/// and how a request's Authorization header is checked against it.
class ApiToken
{
public:
    static constexpr qsizetype MinLength = 16;
    static constexpr qsizetype MaxLength = 256;

    /// 32 bytes from the system's random source, base64url without padding (43 characters).
    static QString generate();
    /// A token is 16 to 256 visible ASCII characters (no spaces): something a header can carry
    /// and long enough not to be guessed.
    static Result<void> validate(const QString &token);
    /// Whether an Authorization header value is "Bearer <token>" (the scheme in any case). The
    /// comparison takes the same time wherever the first difference is.
    static bool matches(QByteArrayView authorization, const QString &token);
};

} // namespace OrderDesk
