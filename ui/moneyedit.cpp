// SPDX-License-Identifier: MIT
#include "moneyedit.h"

#include "domain/limits.h"

#include <QLocale>
#include <QRegularExpressionValidator>

namespace OrderDesk {

using namespace Qt::StringLiterals;

MoneyEdit::MoneyEdit(QWidget *parent)
    : QLineEdit(parent)
{
    setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Twelve digits stay below Limits::MaxUnitPriceCents; the domain checks the rest.
    setValidator(
        new QRegularExpressionValidator(QRegularExpression(u"^\\d{0,11}([.,]\\d{0,2})?$"_s), this));
    connect(this, &QLineEdit::textEdited, this, &MoneyEdit::valueEdited);
}

std::optional<Money> MoneyEdit::value() const
{
    QString plain = text().trimmed();
    plain.replace(u',', u'.');
    if (plain.startsWith(u'.'))
        plain.prepend(u'0');
    if (plain.endsWith(u'.'))
        plain.chop(1);
    const std::optional<Money> money = Money::fromPlainString(plain);
    if (!money || money->isNegative() || money->cents() > Limits::MaxUnitPriceCents)
        return std::nullopt;
    return money;
}

void MoneyEdit::setValue(Money value)
{
    QString plain = value.toPlainString();
    const QString point = QLocale().decimalPoint();
    if (point == u",")
        plain.replace(u'.', u',');
    setText(plain);
}

} // namespace OrderDesk
