// SPDX-License-Identifier: MIT
#include "apitoken.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <algorithm>
#include <array>

namespace OrderDesk {

using namespace Qt::StringLiterals;

QString ApiToken::generate()
{
    std::array<quint32, 8> words;
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()),
                           qsizetype(words.size() * sizeof(quint32)));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<void> ApiToken::validate(const QString &token)
{
    const bool printable = std::all_of(token.cbegin(), token.cend(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7f;
    });
    if (token.size() < MinLength || token.size() > MaxLength || !printable)
        return Error {ErrorCode::InvalidRequest,
                      QCoreApplication::translate(
                          "ApiToken",
                          "An API token must be %1 to %2 visible ASCII characters without "
                          "spaces (got %3 characters).")
                          .arg(MinLength)
                          .arg(MaxLength)
                          .arg(token.size())};
    return {};
}

bool ApiToken::matches(QByteArrayView authorization, const QString &token)
{
    constexpr QByteArrayView scheme = "bearer ";
    const QByteArrayView value = authorization.trimmed();
    if (token.isEmpty() || value.size() <= scheme.size()
        || value.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return false;
    const QByteArrayView presented = value.sliced(scheme.size()).trimmed();
    const QByteArray expected = token.toLatin1();
    // Every byte is compared even after a difference; the length alone is no secret.
    quint8 difference = presented.size() == expected.size() ? 0 : 1;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const char got = i < presented.size() ? presented.at(i) : '\0';
        difference |= quint8(got ^ expected.at(i));
    }
    return difference == 0;
}

} // namespace OrderDesk
