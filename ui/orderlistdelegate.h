// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace OrderDesk {

/// Paints the order list: the status column as a coloured badge, rows still being fetched as a
/// quiet placeholder, everything else as the style draws it (the model already right-aligns
/// money and formats dates in local time).
class OrderListDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit OrderListDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace OrderDesk
