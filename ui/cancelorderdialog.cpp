// SPDX-License-Identifier: MIT
#include "cancelorderdialog.h"

#include "domain/limits.h"
#include "domain/validation.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

CancelOrderDialog::CancelOrderDialog(const QString &orderId, QWidget *parent)
    : QDialog(parent)
    , m_reason(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"cancelOrderDialog"_s);
    setWindowTitle(tr("Cancel Order %1").arg(orderId));
    auto *layout = new QVBoxLayout(this);
    auto *intro =
        new QLabel(tr("Cancelling %1 cannot be undone. Why is it cancelled?").arg(orderId), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_reason->setObjectName(u"cancelReason"_s);
    m_reason->setEditable(true);
    m_reason->setInsertPolicy(QComboBox::NoInsert);
    m_reason->addItems({tr("Customer changed their mind"), tr("Payment did not arrive"),
                        tr("Duplicate order"), tr("Out of stock")});
    m_reason->setCurrentIndex(-1);
    m_reason->lineEdit()->setPlaceholderText(tr("Type a reason or pick a common one"));
    m_reason->lineEdit()->setMaxLength(Limits::MaxReasonLength);
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setMinimumContentsLength(40);
    auto *form = new QFormLayout;
    auto *label = new QLabel(tr("&Reason:"), this);
    label->setBuddy(m_reason);
    form->addRow(label, m_reason);
    layout->addLayout(form);

    m_problem->setObjectName(u"problem"_s);
    layout->addWidget(m_problem);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Cancel &Order"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("&Keep Order"));
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QComboBox::editTextChanged, this, &CancelOrderDialog::validate);
    validate();
    m_reason->setFocus();
}

QString CancelOrderDialog::reason() const
{
    return m_reason->currentText().trimmed();
}

QString CancelOrderDialog::problem() const
{
    if (reason().isEmpty())
        return tr("A reason is required.");
    if (auto ok = Validation::reason(reason()); !ok)
        return ok.error().message;
    return {};
}

void CancelOrderDialog::validate()
{
    const QString text = problem();
    m_problem->setText(text);
    auto *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(text.isEmpty());
    ok->setToolTip(text);
}

} // namespace OrderDesk
