// SPDX-License-Identifier: MIT
#include "lagchart.h"

#include "statusbadge.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

constexpr int Ticks = 4;

struct Palette
{
    QColor lagMs;
    QColor lagEvents;
    QColor p99;
};

Palette seriesColors(const QPalette &palette)
{
    // Three hues apart from each other and from the status-bar lights, each bright enough on
    // a dark base and deep enough on a light one.
    if (StatusBadge::isDark(palette))
        return {QColor(0x6c, 0xa6, 0xff), QColor(0xff, 0xa4, 0x3d), QColor(0xd0, 0x8c, 0xff)};
    return {QColor(0x1f, 0x66, 0xd1), QColor(0xd0, 0x6a, 0x00), QColor(0x8e, 0x3c, 0xc8)};
}

QString msLabel(qint64 ms)
{
    const QLocale locale;
    if (ms < 1000)
        return LagChart::tr("%1 ms").arg(locale.toString(ms));
    if (ms % 1000 == 0)
        return LagChart::tr("%1 s").arg(locale.toString(ms / 1000));
    return LagChart::tr("%1 s").arg(locale.toString(double(ms) / 1000.0, 'f', 1));
}

QString countLabel(qint64 value)
{
    const QLocale locale;
    if (value >= 10'000 && value % 1000 == 0)
        return LagChart::tr("%1k").arg(locale.toString(value / 1000));
    return locale.toString(value);
}

} // namespace

LagChart::LagChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"lagChart"_s);
    setAccessibleName(tr("Lag chart, last 60 seconds"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
    updateDescription();
}

void LagChart::addSample(const Sample &sample)
{
    m_samples.push(sample);
    updateDescription();
    update();
}

void LagChart::clear()
{
    m_samples.clear();
    updateDescription();
    update();
}

qint64 LagChart::axisTop(qint64 value, int ticks)
{
    ticks = std::max(1, ticks);
    const qint64 needed = std::max<qint64>(1, (value + ticks - 1) / ticks);
    for (qint64 magnitude = 1; magnitude <= needed; magnitude *= 10) {
        // In tenths of the magnitude, so that 2.5 stays an integer where it is one.
        for (const qint64 tenths : {10, 20, 25, 50, 100}) {
            if (tenths == 25 && magnitude < 10)
                continue;
            const qint64 step = magnitude * tenths / 10;
            if (step >= needed)
                return step * ticks;
        }
    }
    return needed * ticks;
}

QSize LagChart::sizeHint() const
{
    const QFontMetrics metrics = fontMetrics();
    return {metrics.averageCharWidth() * 60, metrics.height() * 14};
}

QSize LagChart::minimumSizeHint() const
{
    const QFontMetrics metrics = fontMetrics();
    return {metrics.averageCharWidth() * 36, metrics.height() * 8};
}

qint64 LagChart::now() const
{
    if (m_now > 0)
        return m_now;
    return QDateTime::currentMSecsSinceEpoch();
}

void LagChart::updateDescription()
{
    if (m_samples.isEmpty()) {
        setAccessibleDescription(tr("No samples yet."));
        return;
    }
    const Sample &last = m_samples.last();
    setAccessibleDescription(tr("Lag %1 and %Ln event(s); accepted to visible p99 %2.", nullptr,
                                int(std::min<qint64>(last.lagEvents, 1'000'000'000)))
                                 .arg(msLabel(last.lagMs), msLabel(last.p99Ms)));
}

void LagChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics = fontMetrics();
    const int pad = metrics.height() / 2;
    const Palette colors = seriesColors(pal);
    const qint64 end = now();
    const qint64 start = end - WindowMs;

    // What the axes must hold: the largest values inside the window.
    qint64 maxMs = 0;
    qint64 maxEvents = 0;
    for (qsizetype i = 0; i < m_samples.size(); ++i) {
        const Sample &s = m_samples.at(i);
        if (s.time < start - 1000)
            continue;
        maxMs = std::max({maxMs, s.lagMs, s.p99Ms});
        maxEvents = std::max(maxEvents, s.lagEvents);
    }
    const qint64 msTop = axisTop(std::max<qint64>(maxMs, 100), Ticks);
    const qint64 eventsTop = axisTop(std::max<qint64>(maxEvents, 8), Ticks);

    // Legend across the top, with the newest values.
    const Sample last = m_samples.isEmpty() ? Sample {} : m_samples.last();
    struct Entry
    {
        QColor color;
        QString text;
        bool dashed;
    };
    const Entry legend[] = {
        {colors.lagMs, tr("Lag %1").arg(msLabel(last.lagMs)), false},
        {colors.lagEvents,
         tr("Lag %Ln event(s)", nullptr, int(std::min<qint64>(last.lagEvents, 1'000'000'000))),
         false},
        {colors.p99, tr("Accepted\u2192visible p99 %1").arg(msLabel(last.p99Ms)), true},
    };
    int x = pad;
    const int legendY = pad;
    const int swatch = metrics.height();
    for (const Entry &entry : legend) {
        QPen pen(entry.color, 2.5);
        if (entry.dashed)
            pen.setStyle(Qt::DashLine);
        painter.setPen(pen);
        const int y = legendY + metrics.height() / 2;
        painter.drawLine(QPointF(x, y), QPointF(x + swatch, y));
        x += swatch + pad / 2;
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QPoint(x, legendY + metrics.ascent()), entry.text);
        x += metrics.horizontalAdvance(entry.text) + pad * 2;
    }

    // Each axis as wide as its widest label ("0 ms" can be wider than "8 s").
    int leftAxis = 0;
    int rightAxis = 0;
    for (int t = 0; t <= Ticks; ++t) {
        leftAxis = std::max(leftAxis, metrics.horizontalAdvance(msLabel(msTop * t / Ticks)));
        rightAxis =
            std::max(rightAxis, metrics.horizontalAdvance(countLabel(eventsTop * t / Ticks)));
    }
    leftAxis += pad;
    rightAxis += pad;
    const QRect plot(leftAxis + pad, legendY + metrics.height() + pad,
                     width() - leftAxis - rightAxis - 2 * pad,
                     height() - (legendY + metrics.height() + pad) - metrics.height() - pad);
    if (plot.width() < 10 || plot.height() < 10)
        return;

    // Grid and axis labels.
    QColor grid = pal.color(QPalette::Text);
    grid.setAlpha(40);
    QColor axisText = pal.color(QPalette::Text);
    for (int t = 0; t <= Ticks; ++t) {
        const qreal y = plot.bottom() - plot.height() * t / qreal(Ticks);
        painter.setPen(QPen(grid, 1));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(colors.lagMs);
        const QString left = msLabel(msTop * t / Ticks);
        painter.drawText(QRectF(0, y - metrics.height() / 2.0, leftAxis, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, left);
        painter.setPen(colors.lagEvents);
        const QString right = countLabel(eventsTop * t / Ticks);
        painter.drawText(
            QRectF(plot.right() + pad, y - metrics.height() / 2.0, rightAxis, metrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter, right);
    }
    painter.setPen(axisText);
    for (int seconds = 60; seconds >= 0; seconds -= 15) {
        const qreal xs = plot.right() - plot.width() * seconds / 60.0;
        painter.setPen(QPen(grid, 1));
        painter.drawLine(QPointF(xs, plot.top()), QPointF(xs, plot.bottom()));
        painter.setPen(axisText);
        const QString label = seconds == 0 ? tr("now") : tr("\u2212%1 s").arg(seconds);
        const int w = metrics.horizontalAdvance(label);
        const qreal left = std::clamp<qreal>(xs - w / 2.0, plot.left(), plot.right() - w);
        painter.drawText(QPointF(left, plot.bottom() + pad / 2.0 + metrics.ascent()), label);
    }

    if (m_samples.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("Waiting for samples…"));
        return;
    }

    const auto xOf = [&](qint64 time) {
        return plot.right() - plot.width() * double(end - time) / double(WindowMs);
    };
    const auto yOf = [&](qint64 value, qint64 top) {
        return plot.bottom() - plot.height() * double(std::min(value, top)) / double(top);
    };
    QPainterPath lagArea;
    QPainterPath lagLine;
    QPainterPath eventsLine;
    QPainterPath p99Line;
    bool started = false;
    qreal firstX = 0;
    qreal lastX = 0;
    for (qsizetype i = 0; i < m_samples.size(); ++i) {
        const Sample &s = m_samples.at(i);
        if (s.time < start - 2000)
            continue;
        const qreal xs = std::max<qreal>(plot.left(), xOf(s.time));
        const QPointF lag(xs, yOf(s.lagMs, msTop));
        const QPointF events(xs, yOf(s.lagEvents, eventsTop));
        const QPointF p99(xs, yOf(s.p99Ms, msTop));
        if (!started) {
            lagLine.moveTo(lag);
            eventsLine.moveTo(events);
            p99Line.moveTo(p99);
            firstX = xs;
            started = true;
        } else {
            lagLine.lineTo(lag);
            eventsLine.lineTo(events);
            p99Line.lineTo(p99);
        }
        lastX = xs;
    }
    if (!started)
        return;
    lagArea = lagLine;
    lagArea.lineTo(lastX, plot.bottom());
    lagArea.lineTo(firstX, plot.bottom());
    lagArea.closeSubpath();

    painter.save();
    painter.setClipRect(plot.adjusted(-1, -2, 1, 1));
    QColor fill = colors.lagMs;
    fill.setAlpha(55);
    painter.fillPath(lagArea, fill);
    painter.strokePath(lagLine, QPen(colors.lagMs, 2.0));
    painter.strokePath(eventsLine, QPen(colors.lagEvents, 2.0));
    QPen p99Pen(colors.p99, 2.0);
    p99Pen.setStyle(Qt::DashLine);
    painter.strokePath(p99Line, p99Pen);
    painter.restore();

    painter.setPen(QPen(grid, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);
}

} // namespace OrderDesk
