// SPDX-License-Identifier: MIT
#pragma once

#include "read/orderqueries.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QStackedWidget;
class QTableView;
class QTreeWidget;

namespace OrderDesk {

struct ChangeSet;
class OrderLinesModel;
class StatusBadge;

/// What the selected order looks like in the read model: customer, lines with product names
/// and subtotals, total, status, cancel reason and the order's own history (its events, with
/// time and actor). Loaded with OrderQueries::getOrder on the thread pool, and loaded again
/// when a projection batch touches the order.
class OrderDetailPanel : public QWidget
{
    Q_OBJECT

public:
    explicit OrderDetailPanel(const QString &readStorePath, QWidget *parent = nullptr);

    /// Shows this order (an empty id shows the placeholder).
    void setOrderId(const QString &orderId);
    const QString &orderId() const { return m_orderId; }
    /// The details shown now, if the order is loaded.
    const std::optional<OrderDetails> &details() const { return m_details; }
    bool isLoading() const { return m_loading; }
    /// The first control in the tab chain, so that a window can lead there.
    QWidget *firstInFocusChain() const;

    /// The event type as people say it ("Confirmed" for OrderConfirmed).
    static QString eventTypeText(const QString &type);

public Q_SLOTS:
    /// Loads the order again.
    void refresh();
    /// Loads the order again when the batch touched it.
    void onProjected(const OrderDesk::ChangeSet &changes);

Q_SIGNALS:
    /// The order was (re)loaded from the read model.
    void detailsLoaded(const OrderDesk::OrderDetails &details);
    /// The read model does not have the order (yet).
    void orderMissing(const QString &orderId);

private:
    void applyResult(quint64 request, const Result<std::optional<OrderDetails>> &result);
    void showDetails(const OrderDetails &details);
    void showMessage(const QString &text);

    QString m_readStorePath;
    QString m_orderId;
    std::optional<OrderDetails> m_details;
    quint64 m_request = 0;
    bool m_loading = false;
    bool m_reloadWhenDone = false;
    QTimer m_loadingHint;

    QStackedWidget *m_pages;
    QLabel *m_message;
    QLabel *m_title;
    StatusBadge *m_badge;
    QLabel *m_total;
    QLabel *m_customer;
    QLabel *m_times;
    QLabel *m_cancelReason;
    QFormLayout *m_form = nullptr;
    OrderLinesModel *m_linesModel;
    QTableView *m_lines;
    QTreeWidget *m_history;
};

} // namespace OrderDesk
