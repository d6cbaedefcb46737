// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

#include <compare>
#include <optional>

class QLocale;

namespace OrderDesk {

/// An amount of money in integer minor units (cents). Arithmetic is checked: an operation that
/// would overflow returns std::nullopt instead of wrapping. There is no floating point anywhere.
class Money
{
public:
    constexpr Money() = default;
    static constexpr Money fromCents(qint64 cents) { return Money(cents); }

    constexpr qint64 cents() const { return m_cents; }
    constexpr bool isNegative() const { return m_cents < 0; }

    std::optional<Money> checkedAdd(Money other) const;
    std::optional<Money> checkedSubtract(Money other) const;
    std::optional<Money> checkedMultiply(qint64 factor) const;

    /// "1234.56" style, no grouping, '-' for negative amounts: for files, the CLI and the API.
    QString toPlainString() const;
    /// Parses "12", "12.3", "12.34", "-0.50" (at most two decimals, no exponent, no grouping).
    static std::optional<Money> fromPlainString(QStringView text);
    /// The amount for people, in the given locale with grouping and the currency code
    /// ("€1,234.56" / "1.234,56 €" depending on the locale).
    QString toDisplayString(const QString &currency, const QLocale &locale) const;

    friend constexpr bool operator==(Money, Money) = default;
    friend constexpr auto operator<=>(Money, Money) = default;

private:
    constexpr explicit Money(qint64 cents) : m_cents(cents) { }
    qint64 m_cents = 0;
};

} // namespace OrderDesk
