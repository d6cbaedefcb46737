// SPDX-License-Identifier: MIT
#pragma once

#include "domain/orderstatus.h"

#include <QObject>

#include <optional>

class QAction;

namespace OrderDesk {

/// The actions on orders, shared by the menu, the toolbar and the list's context menu, each
/// with its shortcut. The ones on the selected order are enabled only where the domain allows
/// them in the order's status (pending: confirm, edit lines, cancel; confirmed: ship, cancel;
/// shipped: deliver, cancel), and not at all while a command of this window is in flight.
class OrderActions : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Confirm, Ship, Deliver, Cancel, EditLines };
    Q_ENUM(Kind)

    explicit OrderActions(QWidget *parent);

    QAction *newOrder() const { return m_newOrder; }
    QAction *action(Kind kind) const;
    /// Confirm, Ship, Deliver, Cancel, Edit lines, in menu order.
    QList<QAction *> orderActions() const;

    /// Whether the domain allows the action on an order in this status.
    static bool isAllowed(Kind kind, OrderStatus status);

    /// The selected order's status, or nullopt when nothing is selected.
    void setStatus(std::optional<OrderStatus> status);
    /// While busy (waiting for a command's result), the order actions are all disabled.
    void setBusy(bool busy);

Q_SIGNALS:
    void triggered(OrderDesk::OrderActions::Kind kind);

private:
    void update();

    QAction *m_newOrder;
    QList<QAction *> m_actions;
    std::optional<OrderStatus> m_status;
    bool m_busy = false;
};

} // namespace OrderDesk
