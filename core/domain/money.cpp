// SPDX-License-Identifier: MIT
#include "money.h"

#include <QLocale>

namespace OrderDesk {

using namespace Qt::StringLiterals;

std::optional<Money> Money::checkedAdd(Money other) const
{
    qint64 sum = 0;
    if (qAddOverflow(m_cents, other.m_cents, &sum))
        return std::nullopt;
    return Money(sum);
}

std::optional<Money> Money::checkedSubtract(Money other) const
{
    qint64 difference = 0;
    if (qSubOverflow(m_cents, other.m_cents, &difference))
        return std::nullopt;
    return Money(difference);
}

std::optional<Money> Money::checkedMultiply(qint64 factor) const
{
    qint64 product = 0;
    if (qMulOverflow(m_cents, factor, &product))
        return std::nullopt;
    return Money(product);
}

QString Money::toPlainString() const
{
    // Work on the unsigned magnitude so that the most negative value formats correctly.
    const bool negative = m_cents < 0;
    const quint64 magnitude = negative ? 0 - quint64(m_cents) : quint64(m_cents);
    return (negative ? u"-"_s : QString()) + QString::number(magnitude / 100) + u'.'
            + u"%1"_s.arg(magnitude % 100, 2, 10, QLatin1Char('0'));
}

std::optional<Money> Money::fromPlainString(QStringView text)
{
    text = text.trimmed();
    bool negative = false;
    if (text.startsWith(u'-')) {
        negative = true;
        text = text.mid(1);
    }
    const qsizetype dot = text.indexOf(u'.');
    const QStringView whole = dot < 0 ? text : text.left(dot);
    const QStringView fraction = dot < 0 ? QStringView() : text.mid(dot + 1);
    if (whole.isEmpty() || fraction.size() > 2 || (dot >= 0 && fraction.isEmpty()))
        return std::nullopt;
    const auto allDigits = [](QStringView s) {
        for (QChar c : s) {
            if (c < u'0' || c > u'9')
                return false;
        }
        return true;
    };
    if (!allDigits(whole) || !allDigits(fraction) || whole.size() > 17)
        return std::nullopt;

    // Seventeen digits of whole units can exceed 64 bits once in cents: refuse, never wrap.
    qint64 fractionCents = fraction.isEmpty() ? 0 : fraction.toInt();
    if (fraction.size() == 1)
        fractionCents *= 10;
    qint64 cents = 0;
    if (qMulOverflow(whole.toLongLong(), qint64(100), &cents)
        || qAddOverflow(cents, fractionCents, &cents))
        return std::nullopt;
    return Money(negative ? -cents : cents);
}

QString Money::toDisplayString(const QString &currency, const QLocale &locale) const
{
    // QLocale::toCurrencyString takes a double; formatting the whole units and the cents
    // separately keeps every digit exact, even above 2^53 cents.
    const bool negative = m_cents < 0;
    const quint64 magnitude = negative ? 0 - quint64(m_cents) : quint64(m_cents);
    const QString number = (negative ? locale.negativeSign() : QString())
            + locale.toString(magnitude / 100) + locale.decimalPoint()
            + u"%1"_s.arg(magnitude % 100, 2, 10, QLatin1Char('0'));
    QString symbol = currency;
    if (currency == u"EUR")
        symbol = u"\u20ac"_s;
    else if (currency == u"USD")
        symbol = u"$"_s;
    else if (currency == u"GBP")
        symbol = u"\u00a3"_s;
    return symbol.isEmpty() ? number : number + QChar(0x00a0) + symbol;
}

} // namespace OrderDesk
