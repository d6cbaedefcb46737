// SPDX-License-Identifier: MIT
#include "dashboardview.h"

#include "backgroundqueries.h"
#include "dailyorderschart.h"
#include "events/events.h"
#include "projections/changeset.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

DashboardView::DashboardView(const QString &readStorePath, QWidget *parent)
    : QWidget(parent)
    , m_readStorePath(readStorePath)
    , m_daily(new DailyOrdersChart(this))
    , m_dailyTitle(new QLabel(this))
    , m_error(new QLabel(this))
{
    setObjectName(u"dashboard"_s);
    auto *layout = new QVBoxLayout(this);
    QFont section = font();
    section.setBold(true);
    section.setPointSizeF(section.pointSizeF() * 1.1);
    m_dailyTitle->setFont(section);
    m_dailyTitle->setText(tr("Orders per day, last %1 days").arg(Days));
    layout->addWidget(m_dailyTitle);
    layout->addWidget(m_daily, 1);
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshIntervalMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &DashboardView::refresh);
}

void DashboardView::refresh()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    if (m_loading) {
        m_stale = true;
        return;
    }
    m_stale = false;
    m_loading = true;
    BackgroundQueries::stats(m_readStorePath, Days)
        .then(this, [this](const Result<OrderStats> &stats) {
            m_loading = false;
            if (!stats) {
                m_error->setText(
                    tr("The figures could not be read: %1").arg(stats.error().message));
                m_error->show();
            } else {
                m_error->hide();
                m_daily->setData(stats->perDay, Days, QString::fromUtf16(DefaultCurrency));
                m_dailyTitle->setText(tr("Orders per day, last %1 days: %2")
                                          .arg(Days)
                                          .arg(QLocale().toString(m_daily->totalOrders())));
                m_loaded = true;
            }
            if (m_stale)
                m_refreshTimer.start();
        });
}

void DashboardView::onProjected(const ChangeSet &changes)
{
    if (!changes.touchesOrders())
        return;
    m_stale = true;
    if (isVisible() && !m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void DashboardView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale || !m_loaded)
        refresh();
}

} // namespace OrderDesk
