// SPDX-License-Identifier: MIT
#pragma once

#include "read/orderqueries.h"

#include <QWidget>

namespace OrderDesk {

/// Orders per day as bars, one per day of the period (days without orders included), local
/// date labels below; hovering a bar tells the day's orders and revenue.
class DailyOrdersChart : public QWidget
{
    Q_OBJECT

public:
    explicit DailyOrdersChart(QWidget *parent = nullptr);

    /// The days (UTC day numbers) of the last `days` days up to today.
    void setData(const QList<DailyOrdersRow> &rows, int days, const QString &currency);
    qint64 totalOrders() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect plotRect() const;
    int barAt(const QPoint &position) const;

    QList<DailyOrdersRow> m_days;
    QString m_currency;
};

} // namespace OrderDesk
