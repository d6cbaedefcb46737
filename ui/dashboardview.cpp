// SPDX-License-Identifier: MIT
#include "dashboardview.h"

#include "models/whenfinished.h"

#include "backgroundqueries.h"
#include "dailyorderschart.h"
#include "events/events.h"
#include "models/statussummarymodel.h"
#include "projections/changeset.h"
#include "statusbadgedelegate.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

DashboardView::DashboardView(const QString &readStorePath, QWidget *parent)
    : QWidget(parent)
    , m_readStorePath(readStorePath)
    , m_summary(new StatusSummaryModel(readStorePath, this))
    , m_summaryView(new QTableView(this))
    , m_totals(new QLabel(this))
    , m_daily(new DailyOrdersChart(this))
    , m_dailyTitle(new QLabel(this))
    , m_error(new QLabel(this))
{
    setObjectName(u"dashboard"_s);
    QFont section = font();
    section.setBold(true);
    section.setPointSizeF(section.pointSizeF() * 1.1);
    const QFontMetrics metrics = fontMetrics();

    auto *summaryTitle = new QLabel(tr("Orders and revenue per &status"), this);
    summaryTitle->setFont(section);
    summaryTitle->setBuddy(m_summaryView);
    m_summaryView->setObjectName(u"statusSummary"_s);
    m_summaryView->setAccessibleName(tr("Orders and revenue per status"));
    m_summaryView->setModel(m_summary);
    m_summaryView->setItemDelegateForColumn(
        StatusSummaryModel::StatusColumn,
        new StatusBadgeDelegate(StatusSummaryModel::StatusRole, m_summaryView));
    m_summaryView->verticalHeader()->hide();
    m_summaryView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summaryView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summaryView->horizontalHeader()->setStretchLastSection(true);
    m_summaryView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_summaryView->setShowGrid(false);
    m_summaryView->setAlternatingRowColors(true);
    m_summaryView->setTabKeyNavigation(false);
    m_summaryView->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_summaryView->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_summaryView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_summaryView->setMinimumWidth(metrics.averageCharWidth() * 48);
    m_totals->setObjectName(u"summaryTotals"_s);
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *left = new QVBoxLayout;
    left->addWidget(summaryTitle);
    left->addWidget(m_summaryView);
    left->addWidget(m_totals);
    left->addStretch(1);

    m_dailyTitle->setFont(section);
    m_dailyTitle->setText(tr("Orders per day, last %1 days").arg(Days));
    auto *right = new QVBoxLayout;
    right->addWidget(m_dailyTitle);
    right->addWidget(m_daily, 1);
    m_error->setWordWrap(true);
    m_error->hide();
    right->addWidget(m_error);

    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left);
    layout->addSpacing(metrics.height());
    layout->addLayout(right, 1);

    connect(m_summary, &StatusSummaryModel::refreshed, this, &DashboardView::updateTotals);
    connect(m_summary, &StatusSummaryModel::refreshFailed, this, [this](const QString &message) {
        m_error->setText(tr("The figures could not be read: %1").arg(message));
        m_error->show();
    });
    m_summary->refresh();
    updateTotals();

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshIntervalMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &DashboardView::refresh);
}

void DashboardView::updateTotals()
{
    qint64 orders = 0;
    Money revenue;
    for (OrderStatus status : allOrderStatuses()) {
        orders += m_summary->orderCount(status);
        revenue = revenue.checkedAdd(m_summary->revenue(status)).value_or(revenue);
    }
    const QLocale locale;
    m_totals->setText(
        tr("In all: %1 orders, %2")
            .arg(locale.toString(orders),
                 revenue.toDisplayString(QString::fromUtf16(DefaultCurrency), locale)));
}

bool DashboardView::isUpToDate() const
{
    return m_loaded && !m_loading && !m_stale && !m_refreshTimer.isActive()
        && !m_summary->isRefreshing();
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
    whenFinished(BackgroundQueries::stats(m_readStorePath, Days), this,
                 [this](const Result<OrderStats> &stats) {
                     m_loading = false;
                     if (!stats) {
                         m_error->setText(
                             tr("The figures could not be read: %1").arg(stats.error().message));
                         m_error->show();
                     } else {
                         m_error->hide();
                         m_daily->setData(stats->perDay, Days, QString::fromUtf16(DefaultCurrency));
                         m_dailyTitle->setText(
                             tr("Orders per day, last %1 days: %2")
                                 .arg(Days)
                                 .arg(QLocale().toString(m_daily->totalOrders())));
                         m_loaded = true;
                     }
                     if (m_stale)
                         m_refreshTimer.start();
                 });
}

void DashboardView::onReadStoreReplaced()
{
    m_summary->onReadStoreReplaced();
    m_stale = true;
    refresh();
}

void DashboardView::onProjected(const ChangeSet &changes)
{
    m_summary->onProjected(changes);
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
