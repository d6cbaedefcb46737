// SPDX-License-Identifier: MIT
#include "statusbadge.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

namespace OrderDesk {

using namespace Qt::StringLiterals;

StatusBadge::StatusBadge(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setStatus(OrderStatus::Pending);
}

void StatusBadge::setStatus(OrderStatus status)
{
    m_status = status;
    setAccessibleName(tr("Status: %1").arg(orderStatusDisplayText(status)));
    updateGeometry();
    update();
}

QSize StatusBadge::sizeHint() const
{
    return badgeSize(fontMetrics(), orderStatusDisplayText(m_status));
}

bool StatusBadge::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

StatusBadge::Colors StatusBadge::colors(OrderStatus status, const QPalette &palette)
{
    // Pastel background with a deep text colour in light mode; a deep background with a pale
    // text colour in dark mode. Each pair has a contrast ratio above 7:1.
    struct Pair
    {
        QRgb background;
        QRgb text;
    };
    struct Scheme
    {
        Pair light;
        Pair dark;
    };
    static constexpr Scheme schemes[] = {
        {{0xFFF3D4, 0x6E4400}, {0x4A3808, 0xFFDC8F}}, // pending: amber
        {{0xDFEBFF, 0x0A4494}, {0x15345E, 0xB3D1FF}}, // confirmed: blue
        {{0xECE3FF, 0x4F2C94}, {0x382659, 0xDACBFF}}, // shipped: violet
        {{0xDBF4E1, 0x17612F}, {0x163D22, 0xA4E6B7}}, // delivered: green
        {{0xF3E2E2, 0x8E1B1B}, {0x4E1F1F, 0xFFBDBD}}, // cancelled: red
    };
    const int index = std::clamp(int(status), 0, int(std::size(schemes)) - 1);
    const Pair &pair = isDark(palette) ? schemes[index].dark : schemes[index].light;
    Colors colors;
    colors.background = QColor::fromRgb(pair.background);
    colors.text = QColor::fromRgb(pair.text);
    colors.border = colors.text;
    colors.border.setAlpha(70);
    return colors;
}

QSize StatusBadge::badgeSize(const QFontMetrics &metrics, const QString &text)
{
    // Padding follows the font, so the badge scales with the user's font and the screen's DPI.
    const int height = metrics.height() + metrics.height() / 3;
    const int width = metrics.horizontalAdvance(text) + metrics.height();
    return {width, height};
}

void StatusBadge::paint(QPainter *painter, const QRect &rect, OrderStatus status,
                        const QString &text, const QPalette &palette)
{
    const QFontMetrics metrics = painter->fontMetrics();
    QSize size = badgeSize(metrics, text);
    size.setHeight(std::min(size.height(), rect.height()));
    size.setWidth(std::min(size.width(), rect.width()));
    const QRectF badge(rect.left(), rect.top() + (rect.height() - size.height()) / 2.0,
                       size.width(), size.height());
    const Colors c = colors(status, palette);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal radius = badge.height() / 2.0;
    QPainterPath path;
    path.addRoundedRect(badge.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    painter->fillPath(path, c.background);
    painter->setPen(QPen(c.border, 1.0));
    painter->drawPath(path);
    painter->setPen(c.text);
    const QString shown =
        metrics.elidedText(text, Qt::ElideRight, int(badge.width()) - metrics.height() / 2);
    painter->drawText(badge, Qt::AlignCenter, shown);
    painter->restore();
}

void StatusBadge::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paint(&painter, rect(), m_status, orderStatusDisplayText(m_status), palette());
}

void StatusBadge::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

} // namespace OrderDesk
