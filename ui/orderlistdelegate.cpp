// SPDX-License-Identifier: MIT
#include "orderlistdelegate.h"

#include "models/orderlistmodel.h"
#include "statusbadge.h"

#include <QApplication>
#include <QPainter>

namespace OrderDesk {

OrderListDelegate::OrderListDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void OrderListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    const bool loaded = index.data(OrderListModel::LoadedRole).toBool();
    if (index.column() != OrderListModel::StatusColumn && loaded) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The cell background (selection, alternating rows, focus) is drawn by the style as
    // usual, without text; the badge or placeholder goes on top.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect content = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    if (!loaded) {
        // A row that is still on its way from the read store: a faint bar where text will be.
        if (index.column() == OrderListModel::IdColumn
            || index.column() == OrderListModel::CustomerColumn) {
            QColor color = option.palette.color(QPalette::Text);
            color.setAlpha(40);
            const int h = option.fontMetrics.height() / 2;
            const QRect bar(content.left(), content.center().y() - h / 2, content.width() * 2 / 3,
                            h);
            painter->fillRect(bar, color);
        }
        return;
    }
    const auto status = OrderStatus(index.data(OrderListModel::StatusRole).toInt());
    painter->save();
    painter->setFont(opt.font);
    StatusBadge::paint(painter, content, status, index.data(Qt::DisplayRole).toString(),
                       option.palette);
    painter->restore();
}

QSize OrderListDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == OrderListModel::StatusColumn) {
        const QSize badge = StatusBadge::badgeSize(option.fontMetrics,
                                                   orderStatusDisplayText(OrderStatus::Confirmed));
        size = size.expandedTo(badge + QSize(option.fontMetrics.height() / 2, 0));
    }
    return size;
}

} // namespace OrderDesk
