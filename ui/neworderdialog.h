// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commands.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPushButton;

namespace OrderDesk {

class CatalogChooser;
class OrderLinesEditor;

/// Writes a new order: a customer chosen with completion, product lines (product with
/// completion, quantity, unit price from the catalog), the running total, and a sentence
/// saying what still keeps the order from being created while the OK button is disabled.
/// Customers and products come from the read store, loaded off the GUI thread.
class NewOrderDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewOrderDialog(const QString &readStorePath, QWidget *parent = nullptr);

    /// True once customers and products have arrived.
    bool isReady() const { return m_ready; }
    /// The command for what the dialog shows (complete only when problem() is empty).
    CreateOrder command() const;
    QString problem() const;

    CatalogChooser *customerChooser() const { return m_customer; }
    OrderLinesEditor *linesEditor() const { return m_lines; }
    QPushButton *createButton() const;

Q_SIGNALS:
    void catalogLoaded();

private:
    void validate();

    CatalogChooser *m_customer;
    QLabel *m_customerHint;
    OrderLinesEditor *m_lines;
    QLabel *m_total;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    QHash<QString, QString> m_customerText;
    bool m_ready = false;
    QString m_loadError;
};

} // namespace OrderDesk
