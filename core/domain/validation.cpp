// SPDX-License-Identifier: MIT
#include "validation.h"

#include "limits.h"

#include <QCoreApplication>

#include <algorithm>

namespace OrderDesk::Validation {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Validation", text);
}

bool isIdCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'-' || c == u'_' || c == u'.';
}

} // namespace

bool isCleanText(const QString &value, bool allowLineBreaks)
{
    if (!value.isValidUtf16())
        return false;
    for (QChar c : value) {
        const char16_t u = c.unicode();
        if (allowLineBreaks && (u == u'\n' || u == u'\t'))
            continue;
        // C0 and C1 controls, DEL, and the line separators that break one-line displays.
        if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0x2028 || u == 0x2029 || u == 0xfeff)
            return false;
        // Invisible spaces and the bidi embeddings, overrides and isolates that reorder what
        // follows them: they make one text look like another. Joiners and the LRM/RLM marks
        // stay allowed, because real spelling and emoji need them.
        if (u == 0x200b || u == 0x2060 || (u >= 0x202a && u <= 0x202e)
            || (u >= 0x2066 && u <= 0x2069))
            return false;
        if (c.category() == QChar::Other_NotAssigned && !c.isSurrogate())
            return false;
    }
    return true;
}

Result<QString> id(const QString &value, const QString &what)
{
    if (value.isEmpty())
        return Error{ErrorCode::InvalidId, tr("%1 is required.").arg(what)};
    if (value.size() > Limits::MaxIdLength)
        return Error{ErrorCode::InvalidId,
                     tr("%1 is longer than %2 characters.").arg(what).arg(Limits::MaxIdLength)};
    const QChar first = value.front();
    const bool startsWell = first != u'-' && first != u'_' && first != u'.';
    if (!startsWell || !std::all_of(value.cbegin(), value.cend(), isIdCharacter))
        return Error{ErrorCode::InvalidId,
                     tr("%1 \u201c%2\u201d may only contain letters A\u2013Z, digits, "
                        "'-', '_' and '.', and must start with a letter or digit.")
                             .arg(what, value)};
    return value;
}

Result<QString> name(const QString &value, const QString &what)
{
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return Error{ErrorCode::NameRequired, tr("%1 is required.").arg(what)};
    if (trimmed.size() > Limits::MaxNameLength)
        return Error{ErrorCode::NameTooLong,
                     tr("%1 is longer than %2 characters.").arg(what).arg(Limits::MaxNameLength)};
    if (!isCleanText(trimmed, false))
        return Error{ErrorCode::InvalidText,
                     tr("%1 contains control or invalid characters.").arg(what)};
    return trimmed;
}

Result<QString> email(const QString &value)
{
    const QString trimmed = value.trimmed();
    const qsizetype at = trimmed.indexOf(u'@');
    if (trimmed.isEmpty() || trimmed.size() > Limits::MaxEmailLength || at <= 0
        || at != trimmed.lastIndexOf(u'@') || at == trimmed.size() - 1
        || trimmed.contains(u' ') || !isCleanText(trimmed, false))
        return Error{ErrorCode::InvalidEmail,
                     tr("\u201c%1\u201d is not a valid e-mail address.")
                             .arg(trimmed.left(Limits::MaxEmailLength))};
    return trimmed;
}

Result<QString> reason(const QString &value)
{
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return Error{ErrorCode::ReasonRequired, tr("A reason is required to cancel an order.")};
    if (trimmed.size() > Limits::MaxReasonLength)
        return Error{ErrorCode::ReasonTooLong,
                     tr("The reason is longer than %1 characters.").arg(Limits::MaxReasonLength)};
    if (!isCleanText(trimmed, true))
        return Error{ErrorCode::InvalidText, tr("The reason contains control or invalid characters.")};
    return trimmed;
}

Result<void> quantity(qint64 value)
{
    if (value < Limits::MinQuantity || value > Limits::MaxQuantity)
        return Error{ErrorCode::InvalidQuantity,
                     tr("Quantity must be between %1 and %2 (got %3).")
                             .arg(Limits::MinQuantity)
                             .arg(Limits::MaxQuantity)
                             .arg(value)};
    return {};
}

Result<void> unitPrice(Money value)
{
    if (value.isNegative() || value.cents() > Limits::MaxUnitPriceCents)
        return Error{ErrorCode::InvalidPrice,
                     tr("A unit price must be between 0.00 and %1 (got %2).")
                             .arg(Money::fromCents(Limits::MaxUnitPriceCents).toPlainString(),
                                  value.toPlainString())};
    return {};
}

} // namespace OrderDesk::Validation
