// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace OrderDesk {

/// Asks why an order is cancelled. A reason is required (the domain refuses a cancellation
/// without one); common reasons are offered, any text may be typed.
class CancelOrderDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CancelOrderDialog(const QString &orderId, QWidget *parent = nullptr);

    /// The reason typed, trimmed.
    QString reason() const;
    QComboBox *reasonBox() const { return m_reason; }
    QString problem() const;

private:
    void validate();

    QComboBox *m_reason;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace OrderDesk
