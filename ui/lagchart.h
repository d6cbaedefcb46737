// SPDX-License-Identifier: MIT
#pragma once

#include "ringbuffer.h"

#include <QWidget>

namespace OrderDesk {

/// The last minute of projection lag, drawn with QPainter: lag in milliseconds (filled) and the
/// commands' accepted→visible p99 on the left axis, lag in events on the right one. Samples
/// live in a ring buffer, so the chart costs the same after a minute as after a day.
class LagChart : public QWidget
{
    Q_OBJECT

public:
    struct Sample
    {
        qint64 time = 0; ///< UTC ms
        qint64 lagMs = 0;
        qint64 lagEvents = 0;
        qint64 p99Ms = 0;
    };

    static constexpr qint64 WindowMs = 60'000;
    /// Room for a sample every 100 ms over the window, with some to spare.
    static constexpr qsizetype Capacity = 1024;

    explicit LagChart(QWidget *parent = nullptr);

    void addSample(const Sample &sample);
    void clear();
    const RingBuffer<Sample> &samples() const { return m_samples; }
    /// The clock the x axis follows (UTC ms); tests and screenshots may pin it.
    void setNow(qint64 now) { m_now = now; }

    /// The top of an axis with `ticks` equal steps that holds value: the smallest step of
    /// 1, 2, 2.5 or 5 × 10^n (whole numbers only) times ticks, so that every tick is round.
    static qint64 axisTop(qint64 value, int ticks);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    qint64 now() const;
    void updateDescription();

    RingBuffer<Sample> m_samples {Capacity};
    qint64 m_now = 0;
};

} // namespace OrderDesk
