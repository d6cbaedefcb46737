// SPDX-License-Identifier: MIT
#include "statussummarymodel.h"

#include "whenfinished.h"

#include "events/events.h"
#include "read/readstore.h"

#include <QFuture>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

const QList<OrderStatus> &statuses()
{
    static const QList<OrderStatus> all = allOrderStatuses();
    return all;
}

} // namespace

/// What a worker thread read for one refresh.
struct StatusSummaryModel::Fetched
{
    QList<StatusSummaryRow> rows;
    QString error;
};

StatusSummaryModel::StatusSummaryModel(const QString &readStorePath, QObject *parent)
    : QAbstractTableModel(parent)
    , m_readStorePath(readStorePath)
    , m_rows(statuses().size())
{
}

StatusSummaryModel::~StatusSummaryModel() = default;

void StatusSummaryModel::setReadStorePath(const QString &path)
{
    m_readStorePath = path;
}

QString StatusSummaryModel::readStorePath() const
{
    return m_readStorePath;
}

bool StatusSummaryModel::isRefreshing() const
{
    return m_refreshing;
}

qint64 StatusSummaryModel::orderCount(OrderStatus status) const
{
    const qsizetype row = statuses().indexOf(status);
    return row < 0 ? 0 : m_rows.at(row).orders;
}

Money StatusSummaryModel::revenue(OrderStatus status) const
{
    const qsizetype row = statuses().indexOf(status);
    return row < 0 ? Money() : m_rows.at(row).revenue;
}

StatusSummaryModel::Fetched StatusSummaryModel::fetch(const QString &path)
{
    Fetched fetched;
    ReadStore store(path);
    if (auto ok = store.openForQueries(); !ok) {
        fetched.error = ok.error().message;
        return fetched;
    }
    // The per-day figures are not shown here: ask for the shortest span.
    const Result<OrderStats> stats = OrderQueries(store.connection()).stats(1);
    if (!stats)
        fetched.error = stats.error().message;
    else
        fetched.rows = stats->byStatus;
    return fetched;
}

void StatusSummaryModel::refresh()
{
    if (m_readStorePath.isEmpty())
        return;
    if (m_refreshing) {
        m_stale = true;
        return;
    }
    m_refreshing = true;
    m_stale = false;
    whenFinished(QtConcurrent::run(&StatusSummaryModel::fetch, m_readStorePath), this,
                 [this](const Fetched &fetched) { apply(fetched); });
}

void StatusSummaryModel::onProjected(const ChangeSet &changes)
{
    if (changes.touchesOrders())
        refresh();
}

void StatusSummaryModel::onReadStoreReplaced()
{
    refresh();
}

void StatusSummaryModel::apply(const Fetched &fetched)
{
    m_refreshing = false;
    if (!fetched.error.isEmpty()) {
        Q_EMIT refreshFailed(fetched.error);
    } else {
        for (const StatusSummaryRow &summary : fetched.rows) {
            const qsizetype row = statuses().indexOf(summary.status);
            if (row < 0)
                continue;
            Figures &figures = m_rows[row];
            if (figures.orders != summary.orders) {
                figures.orders = summary.orders;
                const QModelIndex cell = index(int(row), OrdersColumn);
                Q_EMIT dataChanged(cell, cell, {Qt::DisplayRole, OrderCountRole});
            }
            if (figures.revenue != summary.revenue) {
                figures.revenue = summary.revenue;
                const QModelIndex cell = index(int(row), RevenueColumn);
                Q_EMIT dataChanged(cell, cell, {Qt::DisplayRole, RevenueCentsRole});
            }
        }
        Q_EMIT refreshed();
    }
    if (m_stale)
        refresh();
}

int StatusSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StatusSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatusSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OrderStatus status = statuses().at(index.row());
    const Figures &figures = m_rows.at(index.row());
    switch (Column(index.column())) {
    case StatusColumn:
        switch (role) {
        case Qt::DisplayRole:
            return orderStatusDisplayText(status);
        case StatusRole:
            return int(status);
        case StatusKeyRole:
            return orderStatusKey(status);
        default:
            return {};
        }
    case OrdersColumn:
        switch (role) {
        case Qt::DisplayRole:
        case OrderCountRole:
            return figures.orders;
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return {};
        }
    case RevenueColumn:
        switch (role) {
        case Qt::DisplayRole:
            // The summary adds up totals whatever their currency; OrderDesk takes orders in
            // the default currency only so far.
            return figures.revenue.toDisplayString(QString::fromUtf16(DefaultCurrency), QLocale());
        case RevenueCentsRole:
            return figures.revenue.cents();
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return {};
        }
    }
    return {};
}

QVariant StatusSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case OrdersColumn:
        return tr("Orders");
    case RevenueColumn:
        return tr("Revenue");
    default:
        return {};
    }
}

QHash<int, QByteArray> StatusSummaryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StatusRole, "status");
    names.insert(StatusKeyRole, "statusKey");
    names.insert(OrderCountRole, "orderCount");
    names.insert(RevenueCentsRole, "revenueCents");
    return names;
}

} // namespace OrderDesk
