// SPDX-License-Identifier: MIT
#pragma once

#include "read/orderqueries.h"

#include <QTimer>
#include <QVariantMap>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QToolButton;

namespace OrderDesk {

/// The filter above the order list: a search field (order id, customer name, e-mail; typing
/// is debounced so that the list is not queried on every key), one toggle per status, a
/// created-date range (presets or two dates), a clear button (Esc) and the number of orders
/// that match.
class OrderFilterBar : public QWidget
{
    Q_OBJECT

public:
    enum class DateRange { Any, Today, Last7Days, Last30Days, Custom };
    Q_ENUM(DateRange)

    static constexpr int SearchDelayMs = 250;

    explicit OrderFilterBar(QWidget *parent = nullptr);

    /// The filter as the controls show it now; date presets are relative to today.
    OrderFilter filter() const;
    void setCount(qint64 count);
    QString countText() const;

    QVariantMap saveState() const;
    void restoreState(const QVariantMap &state);

    QLineEdit *searchField() const { return m_search; }
    QToolButton *statusButton(OrderStatus status) const;
    QComboBox *dateRangeBox() const { return m_range; }
    /// The last control in the tab chain, so that a window can continue from there.
    QWidget *lastInFocusChain() const;

public Q_SLOTS:
    /// Back to every order: empty search, no status, any date.
    void clear();
    void focusSearch();

Q_SIGNALS:
    void filterChanged(const OrderDesk::OrderFilter &filter);

private:
    void publish();
    void updateDateEdits();

    QLineEdit *m_search;
    QList<QToolButton *> m_statusButtons;
    QComboBox *m_range;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QToolButton *m_clear;
    QLabel *m_count;
    QTimer m_searchDelay;
    OrderFilter m_published;
    bool m_restoring = false;
};

} // namespace OrderDesk
