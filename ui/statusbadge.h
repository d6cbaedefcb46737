// SPDX-License-Identifier: MIT
#pragma once

#include "domain/orderstatus.h"

#include <QColor>
#include <QWidget>

class QPainter;
class QPalette;

namespace OrderDesk {

/// An order status drawn as a coloured, rounded badge. The colours are chosen per status for
/// a light and for a dark palette so that the text keeps a contrast of at least 4.5:1 on both;
/// the list delegate, the detail panel and the dashboard all draw badges through here.
class StatusBadge : public QWidget
{
    Q_OBJECT

public:
    struct Colors
    {
        QColor background;
        QColor text;
        QColor border;
    };

    explicit StatusBadge(QWidget *parent = nullptr);

    void setStatus(OrderStatus status);
    OrderStatus status() const { return m_status; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

    /// True when the palette's window is dark (dark mode).
    static bool isDark(const QPalette &palette);
    static Colors colors(OrderStatus status, const QPalette &palette);
    /// The size a badge with this text needs in this font.
    static QSize badgeSize(const QFontMetrics &metrics, const QString &text);
    /// Paints a badge centred vertically in `rect`, left-aligned, clipped to it.
    static void paint(QPainter *painter, const QRect &rect, OrderStatus status, const QString &text,
                      const QPalette &palette);

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    OrderStatus m_status = OrderStatus::Pending;
};

} // namespace OrderDesk
