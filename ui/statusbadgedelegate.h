// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace OrderDesk {

/// Paints a cell as a status badge, taking the OrderStatus (as an int) from a role of the
/// model; for any model with a status column (the dashboard's summary).
class StatusBadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit StatusBadgeDelegate(int statusRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_statusRole;
};

} // namespace OrderDesk
