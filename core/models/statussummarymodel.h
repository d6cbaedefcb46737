// SPDX-License-Identifier: MIT
#pragma once

#include "projections/changeset.h"
#include "read/orderqueries.h"

#include <QAbstractTableModel>
#include <QString>

namespace OrderDesk {

/// Orders and revenue per status: one row per status, always all five, in status order.
///
/// Refreshes from the read store's status summary on a worker thread (OrderQueries::stats()
/// on a connection of that thread's own) when told a batch was projected, and reports only the
/// cells whose value changed.
class StatusSummaryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { StatusColumn, OrdersColumn, RevenueColumn };
    static constexpr int ColumnCount = RevenueColumn + 1;

    /// Raw values, each in the column it belongs to (so that a changed count is one changed
    /// cell): StatusRole and StatusKeyRole in the status column, OrderCountRole in the orders
    /// column, RevenueCentsRole in the revenue column.
    enum Role {
        StatusRole = Qt::UserRole + 1, ///< the OrderStatus as an int
        StatusKeyRole, ///< "pending", …
        OrderCountRole,
        RevenueCentsRole,
    };

    explicit StatusSummaryModel(const QString &readStorePath = {}, QObject *parent = nullptr);
    ~StatusSummaryModel() override;

    void setReadStorePath(const QString &path);
    QString readStorePath() const;

    bool isRefreshing() const;
    qint64 orderCount(OrderStatus status) const;
    Money revenue(OrderStatus status) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    /// Reads the summary again on a worker thread. Calls while a refresh is under way are
    /// folded into one more refresh after it.
    void refresh();
    /// A batch was committed: refresh when it touched orders.
    void onProjected(const OrderDesk::ChangeSet &changes);
    /// A rebuild replaced the read store's tables: refresh.
    void onReadStoreReplaced();

Q_SIGNALS:
    /// A refresh finished and its values are shown.
    void refreshed();
    void refreshFailed(const QString &message);

private:
    struct Figures
    {
        qint64 orders = 0;
        Money revenue;
    };
    struct Fetched;
    static Fetched fetch(const QString &path);
    void apply(const Fetched &fetched);

    QString m_readStorePath;
    QList<Figures> m_rows;
    bool m_refreshing = false;
    bool m_stale = false;
};

} // namespace OrderDesk
