// SPDX-License-Identifier: MIT
#pragma once

#include "domain/money.h"

#include <QLineEdit>

#include <optional>

namespace OrderDesk {

/// A line edit for an amount of money, kept in integer cents: no floating point on the way
/// from the keyboard to a command. Accepts the locale's decimal separator and '.', at most two
/// decimals, no sign.
class MoneyEdit : public QLineEdit
{
    Q_OBJECT

public:
    explicit MoneyEdit(QWidget *parent = nullptr);

    /// The amount typed, or nullopt when the text is not an amount.
    std::optional<Money> value() const;
    void setValue(Money value);

Q_SIGNALS:
    void valueEdited();
};

} // namespace OrderDesk
