// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commands.h"
#include "read/orderqueries.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPushButton;

namespace OrderDesk {

class OrderLinesEditor;

/// Changes the lines of a pending order: the order's lines as the user saw them, editable
/// like in the New Order dialog. The command carries the version the lines were read at, so a
/// change made meanwhile by someone else is refused instead of overwritten.
class EditLinesDialog : public QDialog
{
    Q_OBJECT

public:
    EditLinesDialog(const QString &readStorePath, const OrderDetails &order,
                    QWidget *parent = nullptr);

    bool isReady() const { return m_ready; }
    ChangeOrderLines command() const;
    QString problem() const;
    OrderLinesEditor *linesEditor() const { return m_lines; }
    QPushButton *saveButton() const;

Q_SIGNALS:
    void catalogLoaded();

private:
    void validate();

    OrderRow m_order;
    QList<OrderLineRow> m_original;
    OrderLinesEditor *m_lines;
    QLabel *m_total;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    bool m_ready = false;
    QString m_loadError;
};

} // namespace OrderDesk
