// SPDX-License-Identifier: MIT
#pragma once

#include "read/orderqueries.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QPromise>
#include <QTimer>

#include <memory>

namespace OrderDesk {

struct ChangeSet;

/// The order list: a table over the read store's orders, filtered and sorted by the query
/// handlers, that opens at once and scrolls with constant memory at a million orders.
///
/// Only the rows around what the view asks for are held (a few thousand at most); the rest are
/// fetched on demand, off the GUI thread, and show as empty until they arrive. Every fetch and
/// every update runs in one read snapshot that also brings the model up to the read store's
/// checkpoint: the change journal tells which orders changed since the model's own position and
/// what they were before, so the model emits rowsRemoved / rowsInserted / dataChanged for
/// exactly what changed, never a reset for a projection batch. It resets only when its whole
/// shape changes: another filter or sort, or a rebuilt read store.
class OrderListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        CustomerColumn,
        EmailColumn,
        ItemsColumn,
        TotalColumn,
        StatusColumn,
        CreatedColumn,
        UpdatedColumn,
        ColumnCount
    };

    enum Role {
        IdRole = Qt::UserRole + 1,
        CustomerIdRole,
        CustomerNameRole,
        CustomerEmailRole,
        ItemCountRole,
        TotalCentsRole,
        CurrencyRole,
        StatusRole, ///< OrderStatus as int
        StatusKeyRole,
        CreatedAtRole, ///< UTC ms
        UpdatedAtRole, ///< UTC ms
        VersionRole,
        CancelReasonRole,
        LoadedRole, ///< false while the row is still being fetched
    };

    /// Rows fetched together when the view needs an uncached one.
    static constexpr int FetchSize = 200;
    /// The most rows held at once.
    static constexpr int MaxCachedRows = 4000;

    explicit OrderListModel(const QString &readStorePath, QObject *parent = nullptr);
    ~OrderListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setFilter(const OrderFilter &filter);
    const OrderFilter &filter() const { return m_filter; }
    void setSortOrder(const OrderSort &sort);
    const OrderSort &sortOrder() const { return m_sort; }

    /// The read-store position the rows reflect.
    qint64 position() const { return m_position; }
    /// The row, if it is loaded.
    std::optional<OrderRow> orderAt(int row) const;
    /// The row of an order, if it is among the loaded rows; -1 otherwise.
    int rowOfOrder(const QString &orderId) const;
    /// How many rows are held in memory now.
    int cachedRowCount() const;
    /// True until the first rows and count after a reset have arrived.
    bool isLoading() const { return m_loading; }
    /// True while the rows are shown but not yet counted (a filter whose count needs a pass
    /// over the matches): rowCount() covers the rows known so far and grows, with
    /// rowsInserted, when the count arrives.
    bool isCounting() const { return m_countPending; }
    /// How often the model looks for changes made by other processes (0 turns it off).
    void setPollInterval(int milliseconds);

    static OrderColumn sortColumnFor(int column);
    static int columnFor(OrderColumn column);

public Q_SLOTS:
    /// A projection batch was committed: catch up.
    void onProjected(const OrderDesk::ChangeSet &changes);
    /// The read store was rebuilt: load again.
    void reload();

Q_SIGNALS:
    /// The first rows and the count after a reset have arrived. (The rows can come first, in
    /// a reset of their own; see isCounting().)
    void loaded();
    void countChanged(qint64 count);
    /// The model caught up to a new read-store position.
    void positionChanged(qint64 position);
    void errorOccurred(const QString &message);

private:
    struct Segment;
    struct SyncRequest;
    struct SyncResult;
    /// Runs on a worker; a reset whose count is costly delivers its rows first through
    /// `promise` and returns the count, from the same snapshot.
    static SyncResult synchronize(const SyncRequest &request, QPromise<SyncResult> &promise);

    void requestRows(int row) const;
    void scheduleSync();
    void startSync();
    void applySync(const SyncResult &result);
    void insertCachedRow(int row, const OrderRow &order);
    void removeCachedRow(int row);
    void storeRows(int start, const QList<OrderRow> &rows);
    void evictFarFrom(int row);
    const OrderRow *cachedRow(int row) const;
    void resetState();

    QString m_readStorePath;
    OrderFilter m_filter;
    OrderSort m_sort;
    qint64 m_count = 0;
    qint64 m_position = -1;
    qint64 m_generation = -1;
    bool m_loading = true;
    bool m_needsReset = true;
    bool m_dirty = false;
    bool m_countPending = false;
    /// Ranges the view asked for that are not loaded yet (start, length), in row coordinates.
    mutable QList<QPair<int, int>> m_wanted;
    mutable int m_lastRequested = 0;
    std::vector<Segment> m_segments;
    std::unique_ptr<QFutureWatcher<SyncResult>> m_watcher;
    QTimer m_pollTimer;
    /// Bumped by each reset so that a sync started before it is ignored.
    quint64 m_epoch = 0;
};

} // namespace OrderDesk
