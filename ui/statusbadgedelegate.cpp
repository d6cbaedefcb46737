// SPDX-License-Identifier: MIT
#include "statusbadgedelegate.h"

#include "statusbadge.h"

#include <QApplication>
#include <QPainter>

namespace OrderDesk {

StatusBadgeDelegate::StatusBadgeDelegate(int statusRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_statusRole(statusRole)
{
}

void StatusBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    const QVariant status = index.data(m_statusRole);
    if (!status.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    const QRect content = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    painter->save();
    painter->setFont(opt.font);
    StatusBadge::paint(painter, content, OrderStatus(status.toInt()),
                       index.data(Qt::DisplayRole).toString(), option.palette);
    painter->restore();
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    const QSize badge =
        StatusBadge::badgeSize(option.fontMetrics, index.data(Qt::DisplayRole).toString());
    return QStyledItemDelegate::sizeHint(option, index)
        .expandedTo(badge + QSize(option.fontMetrics.height(), option.fontMetrics.height() / 3));
}

} // namespace OrderDesk
