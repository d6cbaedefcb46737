// SPDX-License-Identifier: MIT
#include "orderlinesmodel.h"

#include "whenfinished.h"

#include "read/readstore.h"

#include <QFuture>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace OrderDesk {

using namespace Qt::StringLiterals;

/// What a worker thread read for one load.
struct OrderLinesModel::Fetched
{
    QString orderId;
    std::optional<OrderDetails> details;
    QString error;
};

OrderLinesModel::Fetched OrderLinesModel::fetch(const QString &path, const QString &orderId)
{
    Fetched fetched;
    fetched.orderId = orderId;
    // A connection of this worker thread's own, closed before the thread moves on.
    ReadStore store(path);
    if (auto ok = store.openForQueries(); !ok) {
        fetched.error = ok.error().message;
        return fetched;
    }
    Result<std::optional<OrderDetails>> details =
        OrderQueries(store.connection()).getOrder(orderId);
    if (!details)
        fetched.error = details.error().message;
    else
        fetched.details = std::move(*details);
    return fetched;
}

namespace {

/// The columns of two lines that differ, as a first..last range; {-1, -1} when equal.
std::pair<int, int> differingColumns(const OrderLineRow &a, const OrderLineRow &b)
{
    const bool differs[OrderLinesModel::ColumnCount] = {
        a.productId != b.productId, a.productName != b.productName, a.quantity != b.quantity,
        a.unitPrice != b.unitPrice, a.subtotal != b.subtotal};
    int first = -1;
    int last = -1;
    for (int column = 0; column < OrderLinesModel::ColumnCount; ++column) {
        if (differs[column]) {
            if (first < 0)
                first = column;
            last = column;
        }
    }
    return {first, last};
}

/// The pairs (old row, new row) of the longest common subsequence of the two lists' products:
/// the lines that stay, in order. Orders have at most a few hundred lines.
QList<std::pair<qsizetype, qsizetype>> commonLines(const QList<OrderLineRow> &before,
                                                   const QList<OrderLineRow> &after)
{
    const qsizetype n = before.size();
    const qsizetype m = after.size();
    // length[i][j]: the longest common subsequence of before[i..] and after[j..].
    std::vector<std::vector<int>> length(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            length[size_t(i)][size_t(j)] = before.at(i).productId == after.at(j).productId
                ? length[size_t(i + 1)][size_t(j + 1)] + 1
                : std::max(length[size_t(i + 1)][size_t(j)], length[size_t(i)][size_t(j + 1)]);
        }
    }
    QList<std::pair<qsizetype, qsizetype>> pairs;
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (before.at(i).productId == after.at(j).productId) {
            pairs.append({i++, j++});
        } else if (length[size_t(i + 1)][size_t(j)] >= length[size_t(i)][size_t(j + 1)]) {
            ++i;
        } else {
            ++j;
        }
    }
    return pairs;
}

const QList<int> &changedRoles()
{
    static const QList<int> roles = {Qt::DisplayRole,
                                     OrderLinesModel::ProductIdRole,
                                     OrderLinesModel::ProductNameRole,
                                     OrderLinesModel::QuantityRole,
                                     OrderLinesModel::UnitPriceCentsRole,
                                     OrderLinesModel::SubtotalCentsRole};
    return roles;
}

} // namespace

OrderLinesModel::OrderLinesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

OrderLinesModel::~OrderLinesModel() = default;

void OrderLinesModel::setReadStorePath(const QString &path)
{
    m_readStorePath = path;
}

QString OrderLinesModel::readStorePath() const
{
    return m_readStorePath;
}

QString OrderLinesModel::orderId() const
{
    return m_orderId;
}

bool OrderLinesModel::isLoading() const
{
    return m_loading;
}

void OrderLinesModel::setOrder(const OrderDetails &details)
{
    if (details.order.id != m_orderId) {
        beginResetModel();
        m_orderId = details.order.id;
        m_currency = details.order.currency;
        m_lines = details.lines;
        endResetModel();
        return;
    }
    if (details.order.currency != m_currency) {
        m_currency = details.order.currency;
        if (!m_lines.isEmpty())
            Q_EMIT dataChanged(index(0, UnitPriceColumn),
                               index(int(m_lines.size()) - 1, SubtotalColumn),
                               {Qt::DisplayRole, CurrencyRole});
    }
    applyLines(details.lines);
}

void OrderLinesModel::clear()
{
    // A load under way must not bring the old order back.
    ++m_ticket;
    m_loading = false;
    m_stale = false;
    beginResetModel();
    m_orderId.clear();
    m_currency.clear();
    m_lines.clear();
    endResetModel();
}

void OrderLinesModel::load(const QString &orderId)
{
    startLoad(orderId, true);
}

void OrderLinesModel::onProjected(const ChangeSet &changes)
{
    if (m_orderId.isEmpty() || m_readStorePath.isEmpty())
        return;
    if (changes.updatedOrderIds.contains(m_orderId) || changes.insertedOrderIds.contains(m_orderId))
        startLoad(m_orderId, false);
}

void OrderLinesModel::onReadStoreReplaced()
{
    if (!m_orderId.isEmpty() && !m_readStorePath.isEmpty())
        startLoad(m_orderId, false);
}

void OrderLinesModel::startLoad(const QString &orderId, bool supersede)
{
    if (m_loading && !supersede) {
        // Let the load under way finish (a steady stream of changes must not starve it), then
        // load again.
        m_stale = true;
        return;
    }
    if (orderId != m_orderId) {
        // Show nothing of the previous order while the next one loads.
        beginResetModel();
        m_orderId = orderId;
        m_currency.clear();
        m_lines.clear();
        endResetModel();
    }
    const quint64 ticket = ++m_ticket;
    m_loading = true;
    m_stale = false;
    whenFinished(QtConcurrent::run(&OrderLinesModel::fetch, m_readStorePath, orderId), this,
                 [this, ticket](const Fetched &fetched) { applyLoad(ticket, fetched); });
}

void OrderLinesModel::applyLoad(quint64 ticket, const Fetched &fetched)
{
    if (ticket != m_ticket || fetched.orderId != m_orderId)
        return; // superseded by a load of another order, or cleared
    m_loading = false;
    if (!fetched.error.isEmpty()) {
        Q_EMIT loadFailed(fetched.orderId, fetched.error);
    } else if (fetched.details) {
        setOrder(*fetched.details);
        Q_EMIT loaded(fetched.orderId, true);
    } else {
        applyLines({});
        Q_EMIT loaded(fetched.orderId, false);
    }
    if (m_stale)
        startLoad(m_orderId, false);
}

void OrderLinesModel::applyLines(const QList<OrderLineRow> &lines)
{
    const QList<std::pair<qsizetype, qsizetype>> kept = commonLines(m_lines, lines);

    // Lines that went, from the bottom up so that the rows above keep their numbers; each
    // contiguous run in one removal.
    qsizetype next = m_lines.size();
    for (qsizetype k = kept.size(); k >= 0; --k) {
        const qsizetype stays = k > 0 ? kept.at(k - 1).first : -1;
        if (next - 1 > stays) {
            beginRemoveRows({}, int(stays + 1), int(next - 1));
            m_lines.remove(stays + 1, next - 1 - stays);
            endRemoveRows();
        }
        next = stays;
    }

    // Now m_lines holds the kept lines in order; insert the new ones where they belong. Row j
    // of the result is lines[j] once the rows before it are in place.
    qsizetype k = 0;
    for (qsizetype j = 0; j < lines.size();) {
        if (k < kept.size() && kept.at(k).second == j) {
            ++k;
            ++j;
            continue;
        }
        const qsizetype first = j;
        while (j < lines.size() && !(k < kept.size() && kept.at(k).second == j))
            ++j;
        beginInsertRows({}, int(first), int(j - 1));
        for (qsizetype r = first; r < j; ++r)
            m_lines.insert(r, lines.at(r));
        endInsertRows();
    }

    // The lines that stayed may have a new quantity or price.
    for (qsizetype row = 0; row < lines.size(); ++row) {
        const auto [first, last] = differingColumns(m_lines.at(row), lines.at(row));
        if (first < 0)
            continue;
        m_lines[row] = lines.at(row);
        Q_EMIT dataChanged(index(int(row), first), index(int(row), last), changedRoles());
    }
}

int OrderLinesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int OrderLinesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderLinesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OrderLineRow &line = m_lines.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case ProductColumn:
            return line.productId;
        case NameColumn:
            return line.productName;
        case QuantityColumn:
            return line.quantity;
        case UnitPriceColumn:
            return line.unitPrice.toDisplayString(m_currency, QLocale());
        case SubtotalColumn:
            return line.subtotal.toDisplayString(m_currency, QLocale());
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= QuantityColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case ProductIdRole:
        return line.productId;
    case ProductNameRole:
        return line.productName;
    case QuantityRole:
        return line.quantity;
    case UnitPriceCentsRole:
        return line.unitPrice.cents();
    case SubtotalCentsRole:
        return line.subtotal.cents();
    case CurrencyRole:
        return m_currency;
    default:
        return {};
    }
}

QVariant OrderLinesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return {};
    switch (Column(section)) {
    case ProductColumn:
        return tr("Product");
    case NameColumn:
        return tr("Name");
    case QuantityColumn:
        return tr("Quantity");
    case UnitPriceColumn:
        return tr("Unit price");
    case SubtotalColumn:
        return tr("Subtotal");
    }
    return {};
}

QHash<int, QByteArray> OrderLinesModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ProductIdRole, "productId");
    names.insert(ProductNameRole, "productName");
    names.insert(QuantityRole, "quantity");
    names.insert(UnitPriceCentsRole, "unitPriceCents");
    names.insert(SubtotalCentsRole, "subtotalCents");
    names.insert(CurrencyRole, "currency");
    return names;
}

} // namespace OrderDesk
