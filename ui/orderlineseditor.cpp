// SPDX-License-Identifier: MIT
#include "orderlineseditor.h"

#include "catalogchooser.h"
#include "domain/limits.h"
#include "moneyedit.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QList<CatalogChooser::Entry> entriesFor(const QList<ProductRow> &products)
{
    QList<CatalogChooser::Entry> entries;
    entries.reserve(products.size());
    for (const ProductRow &product : products)
        entries.append({product.id, u"%1 (%2)"_s.arg(product.name, product.id), {product.name}});
    return entries;
}

} // namespace

OrderLinesEditor::OrderLinesEditor(QWidget *parent)
    : QWidget(parent)
    , m_rows(new QVBoxLayout)
    , m_add(new QPushButton(tr("&Add Line"), this))
    , m_empty(new QLabel(tr("No lines yet: add one with \u201cAdd Line\u201d."), this))
{
    setObjectName(u"linesEditor"_s);
    // Column widths come from the font, so the columns line up at any DPI and font size.
    QSpinBox probe;
    probe.setRange(Limits::MinQuantity, Limits::MaxQuantity);
    m_numberWidth = probe.sizeHint().width();
    const QFontMetrics metrics = fontMetrics();
    m_priceWidth = metrics.horizontalAdvance(u"0000000.00"_s) + metrics.height();
    m_subtotalWidth = metrics.horizontalAdvance(u"EUR 000,000,000.00"_s);

    auto *container = new QWidget;
    auto *containerLayout = new QVBoxLayout(container);
    containerLayout->setContentsMargins(0, 0, 0, 0);

    auto *header = new QHBoxLayout;
    const auto headerLabel = [&](const QString &text, int width, Qt::Alignment alignment) {
        auto *label = new QLabel(text, container);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        label->setAlignment(alignment | Qt::AlignVCenter);
        if (width > 0)
            label->setFixedWidth(width);
        return label;
    };
    header->addWidget(headerLabel(tr("Product"), 0, Qt::AlignLeft), 1);
    header->addWidget(headerLabel(tr("Quantity"), m_numberWidth, Qt::AlignLeft));
    header->addWidget(headerLabel(tr("Unit price"), m_priceWidth, Qt::AlignRight));
    header->addWidget(headerLabel(tr("Subtotal"), m_subtotalWidth, Qt::AlignRight));
    QToolButton probeButton;
    probeButton.setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    header->addSpacing(probeButton.sizeHint().width() + header->spacing());
    containerLayout->addLayout(header);

    m_rows->setContentsMargins(0, 0, 0, 0);
    containerLayout->addLayout(m_rows);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    containerLayout->addWidget(m_empty);
    containerLayout->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(container);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    auto *buttons = new QHBoxLayout;
    m_add->setObjectName(u"addLine"_s);
    m_add->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    m_add->setToolTip(tr("Add a line for another product"));
    m_add->setAutoDefault(false);
    buttons->addWidget(m_add);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &OrderLinesEditor::addLine);
}

void OrderLinesEditor::setCatalog(const QList<ProductRow> &products, const QString &currency)
{
    m_products = products;
    m_currency = currency;
    const QList<CatalogChooser::Entry> entries = entriesFor(products);
    for (const Line &line : std::as_const(m_lines))
        line.product->setEntries(entries);
    updateSubtotals();
}

const ProductRow *OrderLinesEditor::product(const QString &id) const
{
    for (const ProductRow &product : m_products) {
        if (product.id == id)
            return &product;
    }
    return nullptr;
}

OrderLinesEditor::Line &OrderLinesEditor::appendLine()
{
    Line line;
    line.row = new QWidget(m_rows->parentWidget());
    auto *layout = new QHBoxLayout(line.row);
    layout->setContentsMargins(0, 0, 0, 0);
    line.product = new CatalogChooser(line.row);
    line.product->setPlaceholderText(tr("Type a product name or SKU"));
    line.product->setEntries(entriesFor(m_products));
    line.quantity = new QSpinBox(line.row);
    line.quantity->setRange(Limits::MinQuantity, Limits::MaxQuantity);
    line.quantity->setGroupSeparatorShown(true);
    line.quantity->setFixedWidth(m_numberWidth);
    line.quantity->setAlignment(Qt::AlignRight);
    line.price = new MoneyEdit(line.row);
    line.price->setFixedWidth(m_priceWidth);
    line.price->setPlaceholderText(u"0.00"_s);
    line.subtotal = new QLabel(line.row);
    line.subtotal->setFixedWidth(m_subtotalWidth);
    line.subtotal->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    line.remove = new QToolButton(line.row);
    line.remove->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    line.remove->setAutoRaise(true);
    layout->addWidget(line.product, 1);
    layout->addWidget(line.quantity);
    layout->addWidget(line.price);
    layout->addWidget(line.subtotal);
    layout->addWidget(line.remove);
    m_rows->addWidget(line.row);
    // Added to a visible dialog, a row would otherwise appear only after the next event loop.
    line.row->show();

    QWidget *row = line.row;
    connect(line.product, &CatalogChooser::chosenChanged, this,
            [this, row](const QString &id) { productChosen(row, id); });
    connect(line.quantity, &QSpinBox::valueChanged, this, &OrderLinesEditor::updateSubtotals);
    connect(line.price, &MoneyEdit::textChanged, this, &OrderLinesEditor::updateSubtotals);
    connect(line.remove, &QToolButton::clicked, this, [this, row] {
        for (int i = 0; i < m_lines.size(); ++i) {
            if (m_lines.at(i).row == row) {
                removeLine(i);
                return;
            }
        }
    });
    m_lines.append(line);
    return m_lines.last();
}

void OrderLinesEditor::addLine()
{
    Line &line = appendLine();
    renumber();
    updateSubtotals();
    line.product->setFocus(Qt::OtherFocusReason);
}

void OrderLinesEditor::removeLine(int index)
{
    if (index < 0 || index >= m_lines.size())
        return;
    const Line line = m_lines.takeAt(index);
    const bool hadFocus = line.row->isAncestorOf(focusWidget());
    line.row->deleteLater();
    line.row->hide();
    renumber();
    updateSubtotals();
    if (hadFocus) {
        if (!m_lines.isEmpty())
            m_lines.at(std::min<qsizetype>(index, m_lines.size() - 1)).product->setFocus();
        else
            m_add->setFocus();
    }
}

void OrderLinesEditor::setLines(const QList<OrderLineRow> &lines)
{
    while (!m_lines.isEmpty())
        removeLine(int(m_lines.size()) - 1);
    for (const OrderLineRow &row : lines) {
        Line &line = appendLine();
        line.product->choose(row.productId);
        line.quantity->setValue(
            int(std::clamp<qint64>(row.quantity, Limits::MinQuantity, Limits::MaxQuantity)));
        // The price agreed on the order, not today's catalog price.
        line.price->setValue(row.unitPrice);
    }
    renumber();
    updateSubtotals();
}

CatalogChooser *OrderLinesEditor::productChooser(int index) const
{
    return index >= 0 && index < m_lines.size() ? m_lines.at(index).product : nullptr;
}

QSpinBox *OrderLinesEditor::quantityBox(int index) const
{
    return index >= 0 && index < m_lines.size() ? m_lines.at(index).quantity : nullptr;
}

MoneyEdit *OrderLinesEditor::priceEdit(int index) const
{
    return index >= 0 && index < m_lines.size() ? m_lines.at(index).price : nullptr;
}

void OrderLinesEditor::productChosen(QWidget *row, const QString &productId)
{
    for (Line &line : m_lines) {
        if (line.row != row)
            continue;
        // A new product brings its catalog price; the user may still change it.
        if (const ProductRow *chosen = product(productId))
            line.price->setValue(chosen->unitPrice);
    }
    updateSubtotals();
}

LineRequests OrderLinesEditor::lineRequests() const
{
    LineRequests requests;
    for (const Line &line : m_lines) {
        LineRequest request;
        request.productId = line.product->chosenId();
        request.quantity = line.quantity->value();
        // The price the user saw and agreed to travels with the command, so that a catalog
        // change in the meantime does not change the order behind their back.
        request.unitPrice = line.price->value();
        requests.append(request);
    }
    return requests;
}

std::optional<Money> OrderLinesEditor::total() const
{
    Money sum;
    for (const Line &line : m_lines) {
        const std::optional<Money> price = line.price->value();
        if (line.product->chosenId().isEmpty() || !price)
            return std::nullopt;
        const std::optional<Money> subtotal = price->checkedMultiply(line.quantity->value());
        const std::optional<Money> next = subtotal ? sum.checkedAdd(*subtotal) : std::nullopt;
        if (!next)
            return std::nullopt;
        sum = *next;
    }
    return sum;
}

QString OrderLinesEditor::problem() const
{
    if (m_lines.isEmpty())
        return tr("Add at least one line.");
    if (m_lines.size() > Limits::MaxLines)
        return tr("An order has at most %1 lines.").arg(Limits::MaxLines);
    QHash<QString, int> seen;
    for (int i = 0; i < m_lines.size(); ++i) {
        const Line &line = m_lines.at(i);
        const QString typed = line.product->currentText().trimmed();
        const QString id = line.product->chosenId();
        if (id.isEmpty()) {
            return typed.isEmpty()
                ? tr("Line %1: choose a product.").arg(i + 1)
                : tr("Line %1: no single product matches \u201c%2\u201d.").arg(i + 1).arg(typed);
        }
        if (!line.price->value())
            return tr("Line %1: enter a unit price, such as 12.50.").arg(i + 1);
        if (seen.contains(id)) {
            return tr("Line %1 repeats %2 from line %3; change the quantity there instead.")
                .arg(i + 1)
                .arg(id)
                .arg(seen.value(id) + 1);
        }
        seen.insert(id, i);
    }
    if (!total())
        return tr("The total is too large.");
    return {};
}

void OrderLinesEditor::updateSubtotals()
{
    const QLocale locale;
    for (const Line &line : std::as_const(m_lines)) {
        const std::optional<Money> price = line.price->value();
        const std::optional<Money> subtotal =
            price ? price->checkedMultiply(line.quantity->value()) : std::nullopt;
        line.subtotal->setText(subtotal ? subtotal->toDisplayString(m_currency, locale)
                                        : u"\u2014"_s);
    }
    m_empty->setVisible(m_lines.isEmpty());
    Q_EMIT changed();
}

void OrderLinesEditor::renumber()
{
    QWidget *previous = m_focusBefore;
    for (int i = 0; i < m_lines.size(); ++i) {
        const Line &line = m_lines.at(i);
        const QString n = QString::number(i + 1);
        line.product->setObjectName(u"product_"_s + QString::number(i));
        line.quantity->setObjectName(u"quantity_"_s + QString::number(i));
        line.price->setObjectName(u"price_"_s + QString::number(i));
        line.product->setAccessibleName(tr("Product, line %1").arg(n));
        line.quantity->setAccessibleName(tr("Quantity, line %1").arg(n));
        line.price->setAccessibleName(tr("Unit price, line %1").arg(n));
        line.subtotal->setAccessibleName(tr("Subtotal, line %1").arg(n));
        line.remove->setAccessibleName(tr("Remove line %1").arg(n));
        line.remove->setToolTip(tr("Remove line %1").arg(n));
        // Rows are created after everything else in the dialog, so the tab order is set
        // explicitly: what comes before, line by line left to right, "Add Line", what follows.
        for (QWidget *w :
             {static_cast<QWidget *>(line.product), static_cast<QWidget *>(line.quantity),
              static_cast<QWidget *>(line.price), static_cast<QWidget *>(line.remove)}) {
            if (previous)
                setTabOrder(previous, w);
            previous = w;
        }
    }
    if (previous)
        setTabOrder(previous, m_add);
    previous = m_add;
    for (QWidget *w : std::as_const(m_focusAfter)) {
        setTabOrder(previous, w);
        previous = w;
    }
}

void OrderLinesEditor::setFocusNeighbours(QWidget *before, const QList<QWidget *> &after)
{
    m_focusBefore = before;
    m_focusAfter = after;
    renumber();
}

} // namespace OrderDesk
