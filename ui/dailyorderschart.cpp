// SPDX-License-Identifier: MIT
#include "dailyorderschart.h"

#include "lagchart.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include <cmath>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MillisPerDay = 86'400'000;

QDate dateOfDay(qint64 day)
{
    return QDate(1970, 1, 1).addDays(day);
}

QString dayLabel(qint64 day)
{
    // Day and short month in the user's language, without the year.
    return QLocale().toString(dateOfDay(day), u"d MMM"_s);
}

} // namespace

DailyOrdersChart::DailyOrdersChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"dailyOrdersChart"_s);
    setAccessibleName(tr("Orders per day"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMouseTracking(true);
}

void DailyOrdersChart::setData(const QList<DailyOrdersRow> &rows, int days, const QString &currency)
{
    m_currency = currency;
    m_days.clear();
    const qint64 today = QDateTime::currentMSecsSinceEpoch() / MillisPerDay;
    for (qint64 day = today - days + 1; day <= today; ++day) {
        DailyOrdersRow row;
        row.day = day;
        for (const DailyOrdersRow &r : rows) {
            if (r.day == day)
                row = r;
        }
        m_days.append(row);
    }
    setAccessibleDescription(
        tr("%Ln order(s) in the last %1 days", nullptr, int(totalOrders())).arg(days));
    update();
}

qint64 DailyOrdersChart::totalOrders() const
{
    qint64 total = 0;
    for (const DailyOrdersRow &row : m_days)
        total += row.orders;
    return total;
}

QSize DailyOrdersChart::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 70, fontMetrics().height() * 14};
}

QSize DailyOrdersChart::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 30, fontMetrics().height() * 7};
}

QRect DailyOrdersChart::plotRect() const
{
    const QFontMetrics metrics = fontMetrics();
    const int pad = metrics.height() / 2;
    qint64 top = 0;
    for (const DailyOrdersRow &row : m_days)
        top = std::max(top, row.orders);
    top = LagChart::axisTop(std::max<qint64>(top, 4), 4);
    const int axis = metrics.horizontalAdvance(QLocale().toString(top)) + pad;
    return QRect(axis + pad, pad + metrics.height() / 2, width() - axis - 2 * pad,
                 height() - 2 * pad - metrics.height() * 3 / 2);
}

int DailyOrdersChart::barAt(const QPoint &position) const
{
    const QRect plot = plotRect();
    if (m_days.isEmpty() || !plot.contains(position))
        return -1;
    const int index = int((position.x() - plot.left()) * m_days.size() / std::max(1, plot.width()));
    return index >= 0 && index < m_days.size() ? index : -1;
}

bool DailyOrdersChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = barAt(help->pos());
        if (index < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const DailyOrdersRow &row = m_days.at(index);
        const QLocale locale;
        QToolTip::showText(help->globalPos(),
                           tr("%1: %Ln order(s), %2", nullptr, int(row.orders))
                               .arg(locale.toString(dateOfDay(row.day), QLocale::LongFormat),
                                    row.revenue.toDisplayString(m_currency, locale)),
                           this);
        return true;
    }
    return QWidget::event(event);
}

void DailyOrdersChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const QFontMetrics metrics = fontMetrics();
    const int pad = metrics.height() / 2;
    const QRect plot = plotRect();
    if (plot.width() < 10 || plot.height() < 10 || m_days.isEmpty())
        return;
    qint64 top = 0;
    for (const DailyOrdersRow &row : m_days)
        top = std::max(top, row.orders);
    top = LagChart::axisTop(std::max<qint64>(top, 4), 4);

    QColor grid = pal.color(QPalette::Text);
    grid.setAlpha(40);
    const QLocale locale;
    for (int t = 0; t <= 4; ++t) {
        const qreal y = plot.bottom() - plot.height() * t / 4.0;
        painter.setPen(QPen(grid, 1));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRectF(0, y - metrics.height() / 2.0, plot.left() - pad, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, locale.toString(top * t / 4));
    }

    const qreal slot = plot.width() / qreal(m_days.size());
    const qreal gap = std::max<qreal>(1.0, slot / 5);
    const QColor bar = pal.color(QPalette::Highlight);
    const int labelWidth = metrics.horizontalAdvance(u"30 Sep"_s) + pad;
    const int every = std::max(1, int(std::ceil(labelWidth / slot)));
    painter.setRenderHint(QPainter::Antialiasing);
    for (int i = 0; i < m_days.size(); ++i) {
        const DailyOrdersRow &row = m_days.at(i);
        const qreal h = plot.height() * double(row.orders) / double(top);
        const QRectF r(plot.left() + i * slot + gap / 2, plot.bottom() - h, slot - gap, h);
        if (row.orders > 0)
            painter.fillRect(r, bar);
        // Label the newest day and every few days back from it, so "today" always has one.
        if ((m_days.size() - 1 - i) % every == 0) {
            painter.setPen(pal.color(QPalette::Text));
            const QString label = dayLabel(row.day);
            const qreal center = plot.left() + (i + 0.5) * slot;
            const int w = metrics.horizontalAdvance(label);
            const qreal left = std::clamp<qreal>(center - w / 2.0, 0, width() - w);
            painter.drawText(QPointF(left, plot.bottom() + pad / 2.0 + metrics.ascent()), label);
        }
    }
    painter.setPen(QPen(grid, 1));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
}

} // namespace OrderDesk
