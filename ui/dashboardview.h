// SPDX-License-Identifier: MIT
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QTableView;

namespace OrderDesk {

struct ChangeSet;
class DailyOrdersChart;
class StatusSummaryModel;

/// The dashboard: orders and revenue per status, and orders per day for the last 30 days, all
/// from the read model. The daily figures come from OrderQueries::stats on the thread pool,
/// at most once a second while projections arrive, and only while the dashboard is visible.
class DashboardView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int Days = 30;
    static constexpr int RefreshIntervalMs = 1000;

    explicit DashboardView(const QString &readStorePath, QWidget *parent = nullptr);

    DailyOrdersChart *dailyChart() const { return m_daily; }
    StatusSummaryModel *summaryModel() const { return m_summary; }
    QTableView *summaryView() const { return m_summaryView; }
    bool isLoading() const { return m_loading; }
    bool hasLoaded() const { return m_loaded; }
    /// Loaded, and no projection has arrived since that the figures do not show yet.
    bool isUpToDate() const;

public Q_SLOTS:
    void refresh();
    /// Projections changed the read model: refresh soon (coalesced).
    void onProjected(const OrderDesk::ChangeSet &changes);
    /// A rebuild replaced the read model's tables.
    void onReadStoreReplaced();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateTotals();

    QString m_readStorePath;
    StatusSummaryModel *m_summary;
    QTableView *m_summaryView;
    QLabel *m_totals;
    DailyOrdersChart *m_daily;
    QLabel *m_dailyTitle;
    QLabel *m_error;
    QTimer m_refreshTimer;
    bool m_loading = false;
    bool m_loaded = false;
    bool m_stale = true;
};

} // namespace OrderDesk
