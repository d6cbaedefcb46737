// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commands.h"
#include "read/orderqueries.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace OrderDesk {

class CatalogChooser;
class MoneyEdit;

/// The lines of an order being written: per line a product chosen from the catalog (with
/// completion), a quantity and a unit price prefilled from the catalog and editable, with the
/// line's subtotal. Says what is wrong, if anything, in one sentence (problem()).
class OrderLinesEditor : public QWidget
{
    Q_OBJECT

public:
    explicit OrderLinesEditor(QWidget *parent = nullptr);

    void setCatalog(const QList<ProductRow> &products, const QString &currency);
    /// Replaces the lines (for editing an existing order).
    void setLines(const QList<OrderLineRow> &lines);
    /// Adds an empty line and puts the focus on its product.
    void addLine();
    void removeLine(int index);
    int lineCount() const { return int(m_lines.size()); }

    CatalogChooser *productChooser(int index) const;
    QSpinBox *quantityBox(int index) const;
    MoneyEdit *priceEdit(int index) const;
    QPushButton *addButton() const { return m_add; }

    /// The lines as the command carries them (only meaningful when problem() is empty).
    LineRequests lineRequests() const;
    /// The running total, or nullopt while a line is incomplete or the sum overflows.
    std::optional<Money> total() const;
    /// What keeps the lines from being sent, in one sentence; empty when they are fine.
    QString problem() const;
    const QString &currency() const { return m_currency; }

    /// The widgets before and after the editor in the dialog's tab chain: lines are added
    /// while the dialog is open, and Tab must still go through them in order.
    void setFocusNeighbours(QWidget *before, const QList<QWidget *> &after);

Q_SIGNALS:
    void changed();

private:
    struct Line
    {
        QWidget *row = nullptr;
        CatalogChooser *product = nullptr;
        QSpinBox *quantity = nullptr;
        MoneyEdit *price = nullptr;
        QLabel *subtotal = nullptr;
        QToolButton *remove = nullptr;
    };

    Line &appendLine();
    void productChosen(QWidget *row, const QString &productId);
    void updateSubtotals();
    void renumber();
    const ProductRow *product(const QString &id) const;

    QList<ProductRow> m_products;
    QString m_currency;
    QList<Line> m_lines;
    QVBoxLayout *m_rows;
    QPushButton *m_add;
    QLabel *m_empty;
    QWidget *m_focusBefore = nullptr;
    QList<QWidget *> m_focusAfter;
    int m_numberWidth = 0;
    int m_priceWidth = 0;
    int m_subtotalWidth = 0;
};

} // namespace OrderDesk
