// SPDX-License-Identifier: MIT
#pragma once

#include "projections/changeset.h"
#include "read/orderqueries.h"

#include <QAbstractTableModel>
#include <QString>

namespace OrderDesk {

/// The lines of one order: product, name, quantity, unit price and subtotal.
///
/// Shows an order handed to it (setOrder) or loads one from the read store on a worker thread
/// (load). When a projected batch changes the order shown, it loads the order again and
/// applies the difference to its lines as row insertions, removals and data changes; it
/// resets only to show another order.
class OrderLinesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ProductColumn, NameColumn, QuantityColumn, UnitPriceColumn, SubtotalColumn };
    static constexpr int ColumnCount = SubtotalColumn + 1;

    /// Raw values, the same in every column of a row.
    enum Role {
        ProductIdRole = Qt::UserRole + 1,
        ProductNameRole,
        QuantityRole,
        UnitPriceCentsRole,
        SubtotalCentsRole,
        CurrencyRole,
    };

    explicit OrderLinesModel(QObject *parent = nullptr);
    ~OrderLinesModel() override;

    /// The read store that load() and the reloads after a projected batch read. Each load
    /// opens its own connection on a worker thread.
    void setReadStorePath(const QString &path);
    QString readStorePath() const;

    /// Shows the order's lines: a reset when it is another order than the one shown, the
    /// difference to the lines shown otherwise.
    void setOrder(const OrderDetails &details);
    /// Shows nothing.
    void clear();
    /// Loads the order from the read store on a worker thread; loaded() or loadFailed()
    /// follow. An order the read store does not have (yet) shows no lines until a batch
    /// inserts it.
    void load(const QString &orderId);

    /// The order shown or being loaded; empty when none.
    QString orderId() const;
    /// Whether a load is under way.
    bool isLoading() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    /// Loads the order shown again when the batch inserted or updated it.
    void onProjected(const OrderDesk::ChangeSet &changes);
    /// Loads the order shown again from the rebuilt tables.
    void onReadStoreReplaced();

Q_SIGNALS:
    /// A load finished and its result is shown; found is false when the read store does not
    /// have the order.
    void loaded(const QString &orderId, bool found);
    void loadFailed(const QString &orderId, const QString &message);

private:
    struct Fetched;
    /// Runs on a worker thread, with a connection of its own.
    static Fetched fetch(const QString &path, const QString &orderId);
    void startLoad(const QString &orderId, bool supersede);
    void applyLoad(quint64 ticket, const Fetched &fetched);
    void applyLines(const QList<OrderLineRow> &lines);

    QString m_readStorePath;
    QString m_orderId;
    QString m_currency;
    QList<OrderLineRow> m_lines;
    quint64 m_ticket = 0;
    bool m_loading = false;
    /// The order changed again while it was being loaded: load once more when done.
    bool m_stale = false;
};

} // namespace OrderDesk
