// SPDX-License-Identifier: MIT
#include "orderlistmodel.h"

#include "projections/changeset.h"
#include "read/readstore.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QtConcurrentRun>

#include <algorithm>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcOrderList, "orderdesk.models.orderlist")

using namespace Qt::StringLiterals;

namespace {

/// Catching up on more changed orders than this at once is done with a reset: the model was
/// away for a long time and a reload is cheaper than placing each order.
constexpr qsizetype MaxIncrementalChanges = 20000;
constexpr int DefaultPollIntervalMs = 1000;

} // namespace

/// Rows [start, start + rows.size()) as they are in the model now.
struct OrderListModel::Segment
{
    int start = 0;
    QList<OrderRow> rows;

    int end() const { return start + int(rows.size()); }
};

struct OrderListModel::SyncRequest
{
    QString path;
    OrderFilter filter;
    OrderSort sort;
    qint64 position = -1;
    qint64 generation = -1;
    qint64 count = 0;
    bool reset = false;
    QList<QPair<int, int>> ranges;
    quint64 epoch = 0;
};

struct OrderListModel::SyncResult
{
    struct Op
    {
        bool insert = false;
        int row = 0;
        OrderRow order;
    };

    quint64 epoch = 0;
    std::optional<Error> error;
    bool reset = false;
    /// The rows of a reset, counted in a result that follows (count holds the rows known).
    bool countPending = false;
    /// That result: the count alone.
    bool countOnly = false;
    qint64 position = 0;
    qint64 generation = 0;
    qint64 count = 0;
    /// Removals (from the highest row down) then insertions (from the lowest row up), each in
    /// the coordinates of the model as it is when the op is applied.
    QList<Op> ops;
    /// Orders that changed but kept their place.
    QList<OrderRow> updated;
    QList<QPair<int, QList<OrderRow>>> ranges;
};

OrderListModel::SyncResult OrderListModel::synchronize(const SyncRequest &request,
                                                       QPromise<SyncResult> &promise)
{
    SyncResult result;
    result.epoch = request.epoch;
    ReadStore store(request.path);
    const auto failed = [&](const Error &error) {
        result.error = error;
        return result;
    };
    if (auto ok = store.openForQueries(); !ok)
        return failed(ok.error());
    // Everything below reads one snapshot of the read store.
    if (auto ok = store.connection().exec(u"BEGIN"_s); !ok)
        return failed(ok.error());
    OrderQueries queries(store.connection());
    const Result<qint64> checkpoint = queries.checkpoint();
    const Result<qint64> generation = checkpoint ? queries.generation() : checkpoint;
    const Result<qint64> horizon = generation ? queries.changesHorizon() : generation;
    if (!horizon)
        return failed(horizon.error());
    result.position = *checkpoint;
    result.generation = *generation;
    result.reset = request.reset || *generation != request.generation
            || request.position < *horizon || request.position > *checkpoint;

    qint64 count = request.count;
    if (!result.reset && *checkpoint > request.position) {
        const Result<QList<OrderChange>> changes = queries.changes(request.position, *checkpoint);
        if (!changes)
            return failed(changes.error());
        // The first journal entry of an order holds its values as the model last saw them.
        QHash<QString, OrderChange> before;
        QStringList ids;
        for (const OrderChange &change : *changes) {
            if (!before.contains(change.orderId)) {
                before.insert(change.orderId, change);
                ids.append(change.orderId);
            }
        }
        if (ids.size() > MaxIncrementalChanges) {
            result.reset = true;
        } else {
            const Result<QList<OrderRow>> rows = queries.ordersById(ids);
            if (!rows)
                return failed(rows.error());

            struct Placed
            {
                OrderRow now;
                bool wasMember = false;
                bool isMember = false;
                SortKey oldKey;
                SortKey newKey;
            };
            std::vector<Placed> placed;
            placed.reserve(rows->size());
            for (const OrderRow &now : *rows) {
                const OrderChange &old = before[now.id];
                Placed p;
                p.now = now;
                p.isMember = request.filter.matches(now);
                p.newKey = OrderQueries::sortKeyOf(now, request.sort);
                if (old.existed) {
                    OrderRow then = now;
                    then.status = old.oldStatus;
                    then.total = Money::fromCents(old.oldTotalCents);
                    then.itemCount = old.oldItemCount;
                    then.updatedAt = old.oldUpdatedAt;
                    p.wasMember = request.filter.matches(then);
                    p.oldKey = OrderQueries::sortKeyOf(then, request.sort);
                }
                placed.push_back(std::move(p));
            }

            const auto before_ = [&](const SortKey &a, const SortKey &b) {
                return OrderQueries::sortsBefore(a, b, request.sort);
            };
            // Keys of changed orders in the new list (A) and in the old one (B): the old rank
            // of a key is its rank in the read store now, minus A before it, plus B before it.
            std::vector<SortKey> newKeys;
            std::vector<SortKey> oldKeys;
            for (const Placed &p : placed) {
                if (p.isMember)
                    newKeys.push_back(p.newKey);
                if (p.wasMember)
                    oldKeys.push_back(p.oldKey);
            }
            std::sort(newKeys.begin(), newKeys.end(), before_);
            std::sort(oldKeys.begin(), oldKeys.end(), before_);
            const auto countBefore = [&](const std::vector<SortKey> &keys, const SortKey &key) {
                return qint64(std::lower_bound(keys.begin(), keys.end(), key, before_) - keys.begin());
            };

            QList<SyncResult::Op> removals;
            QList<SyncResult::Op> insertions;
            for (const Placed &p : placed) {
                const bool sameKey = p.wasMember && p.isMember && !before_(p.oldKey, p.newKey)
                        && !before_(p.newKey, p.oldKey);
                if (sameKey) {
                    result.updated.append(p.now);
                    continue;
                }
                if (p.wasMember) {
                    const Result<qint64> rank = queries.rankOf(request.filter, request.sort, p.oldKey);
                    if (!rank)
                        return failed(rank.error());
                    const qint64 oldRow =
                            *rank - countBefore(newKeys, p.oldKey) + countBefore(oldKeys, p.oldKey);
                    removals.append({false, int(oldRow), {}});
                }
                if (p.isMember) {
                    const Result<qint64> rank = queries.rankOf(request.filter, request.sort, p.newKey);
                    if (!rank)
                        return failed(rank.error());
                    insertions.append({true, int(*rank), p.now});
                }
            }
            std::sort(removals.begin(), removals.end(),
                      [](const SyncResult::Op &a, const SyncResult::Op &b) { return a.row > b.row; });
            std::sort(insertions.begin(), insertions.end(),
                      [](const SyncResult::Op &a, const SyncResult::Op &b) { return a.row < b.row; });
            result.ops = removals + insertions;
            count += insertions.size() - removals.size();
        }
    }

    if (result.reset) {
        result.ops.clear();
        result.updated.clear();
        // Counting what a status filter shows is a lookup in the status summary; counting
        // what a text, date, amount or customer filter shows is a pass over its matches. Such
        // a count follows the first rows instead of holding them up.
        OrderFilter statusesOnly;
        statusesOnly.statuses = request.filter.statuses;
        result.countPending = request.filter != statusesOnly;
        if (!result.countPending) {
            const Result<qint64> total = queries.countOrders(request.filter);
            if (!total)
                return failed(total.error());
            count = *total;
        }
    }

    QList<QPair<int, int>> ranges = request.ranges;
    // A reset always shows the top of the list (and learns from it whether the list is short).
    if (result.reset
        && std::none_of(ranges.cbegin(), ranges.cend(), [](const auto &r) { return r.first == 0; }))
        ranges.prepend({0, FetchSize});
    qint64 known = 0;
    for (const auto &[start, length] : std::as_const(ranges)) {
        if (!result.countPending && start >= count)
            continue;
        const int clipped = result.countPending ? length
                                                : int(std::min<qint64>(length, count - start));
        const Result<QList<OrderRow>> rows =
                queries.listOrders(request.filter, request.sort, start, clipped);
        if (!rows)
            return failed(rows.error());
        result.ranges.append({start, *rows});
        known = std::max(known, start + qint64(rows->size()));
        // A first window that is not full is the whole list: nothing is left to count.
        if (result.countPending && start == 0 && rows->size() < clipped) {
            result.countPending = false;
            count = rows->size();
        }
    }
    if (result.reset && result.countPending) {
        result.count = known;
        promise.addResult(result);
        SyncResult counted;
        counted.epoch = request.epoch;
        counted.countOnly = true;
        counted.position = result.position;
        counted.generation = result.generation;
        const Result<qint64> total = queries.countOrders(request.filter);
        if (!total) {
            counted.error = total.error();
            return counted;
        }
        counted.count = *total;
        std::ignore = store.connection().exec(u"COMMIT"_s);
        return counted;
    }
    result.count = count;
    std::ignore = store.connection().exec(u"COMMIT"_s);
    return result;
}

OrderListModel::OrderListModel(const QString &readStorePath, QObject *parent)
    : QAbstractTableModel(parent), m_readStorePath(readStorePath)
{
    m_pollTimer.setInterval(DefaultPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, [this] {
        m_dirty = true;
        scheduleSync();
    });
    m_pollTimer.start();
    scheduleSync();
}

OrderListModel::~OrderListModel()
{
    if (m_watcher)
        m_watcher->waitForFinished();
}

void OrderListModel::setPollInterval(int milliseconds)
{
    if (milliseconds <= 0) {
        m_pollTimer.stop();
        return;
    }
    m_pollTimer.start(milliseconds);
}

int OrderListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_count);
}

int OrderListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const OrderRow *OrderListModel::cachedRow(int row) const
{
    const auto it = std::upper_bound(m_segments.begin(), m_segments.end(), row,
                                     [](int r, const Segment &s) { return r < s.start; });
    if (it == m_segments.begin())
        return nullptr;
    const Segment &segment = *std::prev(it);
    return row < segment.end() ? &segment.rows.at(row - segment.start) : nullptr;
}

std::optional<OrderRow> OrderListModel::orderAt(int row) const
{
    if (const OrderRow *order = cachedRow(row))
        return *order;
    return std::nullopt;
}

int OrderListModel::rowOfOrder(const QString &orderId) const
{
    for (const Segment &segment : m_segments) {
        for (qsizetype i = 0; i < segment.rows.size(); ++i) {
            if (segment.rows.at(i).id == orderId)
                return segment.start + int(i);
        }
    }
    return -1;
}

int OrderListModel::cachedRowCount() const
{
    int rows = 0;
    for (const Segment &segment : m_segments)
        rows += int(segment.rows.size());
    return rows;
}

QVariant OrderListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OrderRow *order = cachedRow(index.row());
    if (!order) {
        requestRows(index.row());
        return role == LoadedRole ? QVariant(false) : QVariant();
    }
    const OrderRow &o = *order;
    switch (role) {
    case Qt::DisplayRole: {
        const QLocale locale;
        switch (index.column()) {
        case IdColumn:
            return o.id;
        case CustomerColumn:
            return o.customerName;
        case EmailColumn:
            return o.customerEmail;
        case ItemsColumn:
            return locale.toString(o.itemCount);
        case TotalColumn:
            return o.total.toDisplayString(o.currency, locale);
        case StatusColumn:
            return orderStatusDisplayText(o.status);
        case CreatedColumn:
            return locale.toString(QDateTime::fromMSecsSinceEpoch(o.createdAt), QLocale::ShortFormat);
        case UpdatedColumn:
            return locale.toString(QDateTime::fromMSecsSinceEpoch(o.updatedAt), QLocale::ShortFormat);
        }
        return {};
    }
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && !o.cancelReason.isEmpty())
            return tr("Cancelled: %1").arg(o.cancelReason);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ItemsColumn || index.column() == TotalColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    case IdRole:
        return o.id;
    case CustomerIdRole:
        return o.customerId;
    case CustomerNameRole:
        return o.customerName;
    case CustomerEmailRole:
        return o.customerEmail;
    case ItemCountRole:
        return o.itemCount;
    case TotalCentsRole:
        return o.total.cents();
    case CurrencyRole:
        return o.currency;
    case StatusRole:
        return int(o.status);
    case StatusKeyRole:
        return orderStatusKey(o.status);
    case CreatedAtRole:
        return o.createdAt;
    case UpdatedAtRole:
        return o.updatedAt;
    case VersionRole:
        return o.version;
    case CancelReasonRole:
        return o.cancelReason;
    case LoadedRole:
        return true;
    default:
        return {};
    }
}

QVariant OrderListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole && (section == ItemsColumn || section == TotalColumn))
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case IdColumn:
        return tr("Order");
    case CustomerColumn:
        return tr("Customer");
    case EmailColumn:
        return tr("E-mail");
    case ItemsColumn:
        return tr("Items");
    case TotalColumn:
        return tr("Total");
    case StatusColumn:
        return tr("Status");
    case CreatedColumn:
        return tr("Created");
    case UpdatedColumn:
        return tr("Updated");
    case ColumnCount:
        break;
    }
    return {};
}

QHash<int, QByteArray> OrderListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert({{IdRole, "orderId"},
                  {CustomerIdRole, "customerId"},
                  {CustomerNameRole, "customerName"},
                  {CustomerEmailRole, "customerEmail"},
                  {ItemCountRole, "itemCount"},
                  {TotalCentsRole, "totalCents"},
                  {CurrencyRole, "currency"},
                  {StatusRole, "status"},
                  {StatusKeyRole, "statusKey"},
                  {CreatedAtRole, "createdAt"},
                  {UpdatedAtRole, "updatedAt"},
                  {VersionRole, "version"},
                  {CancelReasonRole, "cancelReason"},
                  {LoadedRole, "loaded"}});
    return names;
}

OrderColumn OrderListModel::sortColumnFor(int column)
{
    switch (Column(column)) {
    case IdColumn:
        return OrderColumn::Id;
    case CustomerColumn:
        return OrderColumn::Customer;
    case EmailColumn:
        return OrderColumn::Email;
    case ItemsColumn:
        return OrderColumn::Items;
    case TotalColumn:
        return OrderColumn::Total;
    case StatusColumn:
        return OrderColumn::Status;
    case UpdatedColumn:
        return OrderColumn::Updated;
    case CreatedColumn:
    case ColumnCount:
        break;
    }
    return OrderColumn::Created;
}

int OrderListModel::columnFor(OrderColumn column)
{
    for (int c = 0; c < ColumnCount; ++c) {
        if (sortColumnFor(c) == column)
            return c;
    }
    return CreatedColumn;
}

void OrderListModel::sort(int column, Qt::SortOrder order)
{
    setSortOrder({sortColumnFor(column), order});
}

void OrderListModel::setSortOrder(const OrderSort &sort)
{
    if (sort == m_sort)
        return;
    m_sort = sort;
    resetState();
}

void OrderListModel::setFilter(const OrderFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    resetState();
}

void OrderListModel::reload()
{
    resetState();
}

void OrderListModel::resetState()
{
    // The rows shown stay until the new ones arrive; the reset happens then, in one step.
    ++m_epoch;
    m_needsReset = true;
    m_loading = true;
    m_wanted.clear();
    scheduleSync();
}

void OrderListModel::onProjected(const ChangeSet &changes)
{
    if (changes.toPosition <= m_position)
        return;
    m_dirty = true;
    scheduleSync();
}

void OrderListModel::requestRows(int row) const
{
    m_lastRequested = row;
    for (const auto &[start, length] : std::as_const(m_wanted)) {
        if (row >= start && row < start + length)
            return;
    }
    // Centre the fetch on the row so that scrolling either way finds its neighbours loaded.
    const int start = std::max(0, row - FetchSize / 4);
    m_wanted.append({start, FetchSize});
    const_cast<OrderListModel *>(this)->scheduleSync();
}

void OrderListModel::scheduleSync()
{
    if (m_watcher)
        return; // the running sync starts another when it lands
    QMetaObject::invokeMethod(this, &OrderListModel::startSync, Qt::QueuedConnection);
}

void OrderListModel::startSync()
{
    if (m_watcher || (!m_needsReset && !m_dirty && m_wanted.isEmpty()))
        return;
    SyncRequest request;
    request.path = m_readStorePath;
    request.filter = m_filter;
    request.sort = m_sort;
    request.position = m_position;
    request.generation = m_generation;
    request.count = m_count;
    request.reset = m_needsReset;
    request.ranges = m_wanted;
    request.epoch = m_epoch;
    m_dirty = false;

    m_watcher = std::make_unique<QFutureWatcher<SyncResult>>();
    // A sync delivers one result, or two (the rows of a reset, then their count); a new sync
    // starts only when all of it has landed.
    connect(m_watcher.get(), &QFutureWatcher<SyncResult>::resultReadyAt, this,
            [this](int index) { applySync(m_watcher->resultAt(index)); });
    connect(m_watcher.get(), &QFutureWatcher<SyncResult>::finished, this, [this] {
        m_watcher.reset();
        startSync();
    });
    m_watcher->setFuture(QtConcurrent::run([request](QPromise<SyncResult> &promise) {
        promise.addResult(synchronize(request, promise));
    }));
}

void OrderListModel::applySync(const SyncResult &result)
{
    if (result.epoch != m_epoch)
        return; // filter or sort changed meanwhile; the next sync resets
    if (result.error) {
        qCWarning(lcOrderList, "%s", qPrintable(result.error->message));
        if (result.countOnly)
            m_needsReset = true; // rows without their count: start again
        Q_EMIT errorOccurred(result.error->message);
        return;
    }
    if (result.countOnly) {
        // The rows of the reset are shown; the ones below them are now known to exist.
        if (result.count > m_count) {
            beginInsertRows({}, int(m_count), int(result.count) - 1);
            m_count = result.count;
            endInsertRows();
        }
        m_countPending = false;
        if (m_loading) {
            m_loading = false;
            Q_EMIT loaded();
        }
        Q_EMIT countChanged(m_count);
        return;
    }
    const qint64 oldCount = m_count;
    if (result.reset) {
        beginResetModel();
        m_segments.clear();
        m_count = result.count;
        for (const auto &[start, rows] : result.ranges)
            storeRows(start, rows);
        m_needsReset = false;
        m_countPending = result.countPending;
        endResetModel();
    } else {
        // Removals come from the highest row down and insertions from the lowest up; runs of
        // neighbouring rows go in one signal.
        qsizetype i = 0;
        while (i < result.ops.size()) {
            const SyncResult::Op &first = result.ops.at(i);
            qsizetype j = i + 1;
            while (j < result.ops.size() && result.ops.at(j).insert == first.insert
                   && result.ops.at(j).row == result.ops.at(j - 1).row + (first.insert ? 1 : -1))
                ++j;
            const int low = first.insert ? first.row : result.ops.at(j - 1).row;
            const int high = first.insert ? result.ops.at(j - 1).row : first.row;
            if (first.insert) {
                beginInsertRows({}, low, high);
                for (qsizetype k = i; k < j; ++k) {
                    insertCachedRow(result.ops.at(k).row, result.ops.at(k).order);
                    ++m_count;
                }
                endInsertRows();
            } else {
                beginRemoveRows({}, low, high);
                for (qsizetype k = i; k < j; ++k) {
                    removeCachedRow(result.ops.at(k).row);
                    --m_count;
                }
                endRemoveRows();
            }
            i = j;
        }
        Q_ASSERT(m_count == result.count);
        for (const OrderRow &order : result.updated) {
            const int row = rowOfOrder(order.id);
            if (row < 0)
                continue;
            for (Segment &segment : m_segments) {
                if (row >= segment.start && row < segment.end())
                    segment.rows[row - segment.start] = order;
            }
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
        for (const auto &[start, rows] : result.ranges) {
            storeRows(start, rows);
            if (!rows.isEmpty())
                Q_EMIT dataChanged(index(start, 0), index(start + int(rows.size()) - 1, ColumnCount - 1));
        }
    }
    m_wanted.clear();
    evictFarFrom(m_lastRequested);
    const bool moved = m_position != result.position;
    m_position = result.position;
    m_generation = result.generation;
    if (m_loading && !m_countPending) {
        m_loading = false;
        Q_EMIT loaded();
    }
    if ((m_count != oldCount || result.reset) && !m_countPending)
        Q_EMIT countChanged(m_count);
    if (moved)
        Q_EMIT positionChanged(m_position);
}

void OrderListModel::insertCachedRow(int row, const OrderRow &order)
{
    for (Segment &segment : m_segments) {
        if (segment.start > row)
            ++segment.start;
        else if (row <= segment.end())
            segment.rows.insert(row - segment.start, order);
    }
}

void OrderListModel::removeCachedRow(int row)
{
    for (Segment &segment : m_segments) {
        if (segment.start > row)
            --segment.start;
        else if (row < segment.end())
            segment.rows.removeAt(row - segment.start);
    }
    std::erase_if(m_segments, [](const Segment &s) { return s.rows.isEmpty(); });
}

void OrderListModel::storeRows(int start, const QList<OrderRow> &rows)
{
    if (rows.isEmpty())
        return;
    const int end = start + int(rows.size());
    std::vector<Segment> kept;
    kept.reserve(m_segments.size() + 2);
    // Cut what the new rows overlap out of the segments held, then merge neighbours.
    for (Segment &segment : m_segments) {
        if (segment.end() <= start || segment.start >= end) {
            kept.push_back(std::move(segment));
            continue;
        }
        if (segment.start < start)
            kept.push_back({segment.start, segment.rows.mid(0, start - segment.start)});
        if (segment.end() > end)
            kept.push_back({end, segment.rows.mid(end - segment.start)});
    }
    kept.push_back({start, rows});
    std::sort(kept.begin(), kept.end(), [](const Segment &a, const Segment &b) { return a.start < b.start; });
    m_segments.clear();
    for (Segment &segment : kept) {
        if (!m_segments.empty() && m_segments.back().end() == segment.start)
            m_segments.back().rows += segment.rows;
        else
            m_segments.push_back(std::move(segment));
    }
}

void OrderListModel::evictFarFrom(int row)
{
    while (cachedRowCount() > MaxCachedRows && m_segments.size() > 1) {
        // Drop the segment farthest from where the view last looked.
        const auto distance = [row](const Segment &s) {
            return row < s.start ? s.start - row : (row >= s.end() ? row - s.end() + 1 : 0);
        };
        const auto farthest = std::max_element(m_segments.begin(), m_segments.end(),
                                               [&](const Segment &a, const Segment &b) {
                                                   return distance(a) < distance(b);
                                               });
        m_segments.erase(farthest);
    }
    if (cachedRowCount() > MaxCachedRows) {
        // One long segment: keep the part around the row.
        Segment &only = m_segments.front();
        const int keepStart = std::clamp(row - MaxCachedRows / 2, only.start, only.end() - MaxCachedRows);
        only.rows = only.rows.mid(keepStart - only.start, MaxCachedRows);
        only.start = keepStart;
    }
}

} // namespace OrderDesk
