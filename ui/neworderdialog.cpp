// SPDX-License-Identifier: MIT
#include "neworderdialog.h"

#include "models/whenfinished.h"

#include "backgroundqueries.h"
#include "catalogchooser.h"
#include "commands/commandvalidation.h"
#include "events/events.h"
#include "orderlineseditor.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

NewOrderDialog::NewOrderDialog(const QString &readStorePath, QWidget *parent)
    : QDialog(parent)
    , m_customer(new CatalogChooser(this))
    , m_customerHint(new QLabel(this))
    , m_lines(new OrderLinesEditor(this))
    , m_total(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"newOrderDialog"_s);
    setWindowTitle(tr("New Order"));
    const QFontMetrics metrics = fontMetrics();
    resize(metrics.averageCharWidth() * 110, metrics.height() * 26);

    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_customer->setObjectName(u"customerChooser"_s);
    m_customer->setAccessibleName(tr("Customer"));
    m_customer->setPlaceholderText(tr("Type a name, e-mail or customer id"));
    m_customerHint->setObjectName(u"customerHint"_s);
    m_customerHint->setForegroundRole(QPalette::PlaceholderText);
    auto *customerLabel = new QLabel(tr("C&ustomer:"), this);
    customerLabel->setBuddy(m_customer);
    form->addRow(customerLabel, m_customer);
    form->addRow(QString(), m_customerHint);
    layout->addLayout(form);

    auto *linesLabel = new QLabel(tr("Lines:"), this);
    layout->addWidget(linesLabel);
    layout->addWidget(m_lines, 1);

    QFont bold = m_total->font();
    bold.setBold(true);
    m_total->setFont(bold);
    m_total->setObjectName(u"runningTotal"_s);
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addWidget(m_total);

    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("What is missing"));
    layout->addWidget(m_problem);

    createButton()->setText(tr("&Create Order"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_customer, &CatalogChooser::chosenChanged, this, &NewOrderDialog::validate);
    connect(m_customer, &CatalogChooser::editTextChanged, this, &NewOrderDialog::validate);
    connect(m_lines, &OrderLinesEditor::changed, this, &NewOrderDialog::validate);

    m_lines->setFocusNeighbours(m_customer,
                                {createButton(), m_buttons->button(QDialogButtonBox::Cancel)});
    m_lines->setEnabled(false);
    validate();

    whenFinished(BackgroundQueries::catalog(readStorePath), this,
                 [this](const Result<BackgroundQueries::Catalog> &catalog) {
                     if (!catalog) {
                         m_loadError = catalog.error().message;
                         validate();
                         return;
                     }
                     QList<CatalogChooser::Entry> entries;
                     for (const CustomerRow &customer : catalog->customers) {
                         const QString text = u"%1 <%2>"_s.arg(customer.name, customer.email);
                         entries.append({customer.id, text, {customer.email, customer.name}});
                         m_customerText.insert(customer.id,
                                               u"%1 \u2022 %2 \u2022 %3"_s.arg(
                                                   customer.name, customer.email, customer.id));
                     }
                     m_customer->setEntries(entries);
                     m_lines->setCatalog(catalog->products, QString::fromUtf16(DefaultCurrency));
                     m_lines->setEnabled(true);
                     if (m_lines->lineCount() == 0)
                         m_lines->addLine();
                     m_ready = true;
                     m_customer->setFocus();
                     validate();
                     Q_EMIT catalogLoaded();
                 });
}

QPushButton *NewOrderDialog::createButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

CreateOrder NewOrderDialog::command() const
{
    CreateOrder command;
    command.customerId = m_customer->chosenId();
    command.lines = m_lines->lineRequests();
    command.currency = m_lines->currency();
    return command;
}

QString NewOrderDialog::problem() const
{
    if (!m_loadError.isEmpty())
        return tr("Customers and products could not be loaded: %1").arg(m_loadError);
    if (!m_ready)
        return tr("Loading customers and products…");
    if (m_customer->chosenId().isEmpty()) {
        return m_customer->currentText().trimmed().isEmpty()
            ? tr("Choose a customer.")
            : tr("No single customer matches \u201c%1\u201d.")
                  .arg(m_customer->currentText().trimmed());
    }
    if (const QString lines = m_lines->problem(); !lines.isEmpty())
        return lines;
    // Whatever the checks above do not know about, the command's own validation does.
    if (auto ok = validateCommand(command()); !ok)
        return ok.error().message;
    return {};
}

void NewOrderDialog::validate()
{
    m_customerHint->setText(m_customerText.value(m_customer->chosenId()));
    const std::optional<Money> total = m_lines->total();
    m_total->setText(
        tr("Total: %1")
            .arg(total ? total->toDisplayString(m_lines->currency(), QLocale()) : u"\u2014"_s));
    const QString reason = problem();
    m_problem->setText(reason);
    m_problem->setVisible(!reason.isEmpty());
    createButton()->setEnabled(reason.isEmpty());
    createButton()->setToolTip(reason);
}

} // namespace OrderDesk
