// SPDX-License-Identifier: MIT
#include "editlinesdialog.h"

#include "models/whenfinished.h"

#include "backgroundqueries.h"
#include "catalogchooser.h"
#include "commands/commandvalidation.h"
#include "orderlineseditor.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

EditLinesDialog::EditLinesDialog(const QString &readStorePath, const OrderDetails &order,
                                 QWidget *parent)
    : QDialog(parent)
    , m_order(order.order)
    , m_original(order.lines)
    , m_lines(new OrderLinesEditor(this))
    , m_total(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"editLinesDialog"_s);
    setWindowTitle(tr("Edit Lines of %1").arg(m_order.id));
    const QFontMetrics metrics = fontMetrics();
    resize(metrics.averageCharWidth() * 110, metrics.height() * 24);

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Order %1 for %2 (%3)").arg(m_order.id, m_order.customerName, m_order.customerEmail),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(m_lines, 1);
    QFont bold = m_total->font();
    bold.setBold(true);
    m_total->setFont(bold);
    m_total->setObjectName(u"runningTotal"_s);
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addWidget(m_total);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    saveButton()->setText(tr("&Save Lines"));
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_lines, &OrderLinesEditor::changed, this, &EditLinesDialog::validate);
    m_lines->setFocusNeighbours(nullptr,
                                {saveButton(), m_buttons->button(QDialogButtonBox::Cancel)});
    m_lines->setEnabled(false);
    validate();

    whenFinished(BackgroundQueries::catalog(readStorePath), this,
                 [this](const Result<BackgroundQueries::Catalog> &catalog) {
                     if (!catalog) {
                         m_loadError = catalog.error().message;
                         validate();
                         return;
                     }
                     m_lines->setCatalog(catalog->products, m_order.currency);
                     m_lines->setLines(m_original);
                     m_lines->setEnabled(true);
                     m_ready = true;
                     if (auto *first = m_lines->productChooser(0))
                         first->setFocus();
                     validate();
                     Q_EMIT catalogLoaded();
                 });
}

QPushButton *EditLinesDialog::saveButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

ChangeOrderLines EditLinesDialog::command() const
{
    ChangeOrderLines command;
    command.meta.expectedVersion = m_order.version;
    command.orderId = m_order.id;
    command.lines = m_lines->lineRequests();
    return command;
}

QString EditLinesDialog::problem() const
{
    if (!m_loadError.isEmpty())
        return tr("Products could not be loaded: %1").arg(m_loadError);
    if (!m_ready)
        return tr("Loading products…");
    if (const QString lines = m_lines->problem(); !lines.isEmpty())
        return lines;
    if (auto ok = validateCommand(command()); !ok)
        return ok.error().message;
    return {};
}

void EditLinesDialog::validate()
{
    const std::optional<Money> total = m_lines->total();
    m_total->setText(
        tr("Total: %1")
            .arg(total ? total->toDisplayString(m_order.currency, QLocale()) : u"\u2014"_s));
    const QString reason = problem();
    m_problem->setText(reason);
    m_problem->setVisible(!reason.isEmpty());
    saveButton()->setEnabled(reason.isEmpty());
    saveButton()->setToolTip(reason);
}

} // namespace OrderDesk
