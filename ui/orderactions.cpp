// SPDX-License-Identifier: MIT
#include "orderactions.h"

#include "domain/order.h"

#include <QAction>
#include <QStyle>
#include <QWidget>

namespace OrderDesk {

using namespace Qt::StringLiterals;

OrderActions::OrderActions(QWidget *parent)
    : QObject(parent)
{
    QStyle *style = parent->style();
    m_newOrder = new QAction(style->standardIcon(QStyle::SP_FileIcon), tr("&New Order…"), this);
    m_newOrder->setObjectName(u"actionNewOrder"_s);
    m_newOrder->setShortcut(QKeySequence::New);
    m_newOrder->setToolTip(tr("Create an order (Ctrl+N)"));
    m_newOrder->setIconText(tr("New Order"));

    struct Spec
    {
        Kind kind;
        const char *name;
        QString text;
        QString iconText;
        QKeySequence shortcut;
        QStyle::StandardPixmap icon;
        QString tip;
    };
    const Spec specs[] = {
        {Kind::Confirm, "actionConfirm", tr("&Confirm"), tr("Confirm"),
         QKeySequence(tr("Ctrl+Shift+C")), QStyle::SP_DialogApplyButton,
         tr("Confirm the selected pending order")},
        {Kind::Ship, "actionShip", tr("S&hip"), tr("Ship"), QKeySequence(tr("Ctrl+Shift+S")),
         QStyle::SP_ArrowForward, tr("Mark the selected confirmed order as shipped")},
        {Kind::Deliver, "actionDeliver", tr("&Deliver"), tr("Deliver"),
         QKeySequence(tr("Ctrl+Shift+D")), QStyle::SP_DialogYesButton,
         tr("Mark the selected shipped order as delivered")},
        {Kind::Cancel, "actionCancel", tr("C&ancel Order…"), tr("Cancel"),
         QKeySequence(tr("Ctrl+Shift+X")), QStyle::SP_DialogCancelButton,
         tr("Cancel the selected order; you are asked for a reason")},
        {Kind::EditLines, "actionEditLines", tr("&Edit Lines…"), tr("Edit Lines"),
         QKeySequence(tr("Ctrl+E")), QStyle::SP_FileDialogDetailedView,
         tr("Change the products and quantities of the selected pending order")},
    };
    for (const Spec &spec : specs) {
        auto *action = new QAction(style->standardIcon(spec.icon), spec.text, this);
        action->setObjectName(QLatin1StringView(spec.name));
        action->setIconText(spec.iconText);
        action->setShortcut(spec.shortcut);
        action->setToolTip(
            u"%1 (%2)"_s.arg(spec.tip, spec.shortcut.toString(QKeySequence::NativeText)));
        action->setStatusTip(spec.tip);
        const Kind kind = spec.kind;
        connect(action, &QAction::triggered, this, [this, kind] { Q_EMIT triggered(kind); });
        m_actions.append(action);
    }
    update();
}

QAction *OrderActions::action(Kind kind) const
{
    return m_actions.at(int(kind));
}

QList<QAction *> OrderActions::orderActions() const
{
    return m_actions;
}

bool OrderActions::isAllowed(Kind kind, OrderStatus status)
{
    // Ask the aggregate itself, so the buttons can never disagree with what the command
    // handler will decide.
    const Order order = Order::fromState({}, {}, {}, {}, Money(), status, 1, 0, 0, {});
    switch (kind) {
    case Kind::Confirm:
        return order.canConfirm();
    case Kind::Ship:
        return order.canShip();
    case Kind::Deliver:
        return order.canDeliver();
    case Kind::Cancel:
        return order.canCancel();
    case Kind::EditLines:
        return order.canChangeLines();
    }
    return false;
}

void OrderActions::setStatus(std::optional<OrderStatus> status)
{
    m_status = status;
    update();
}

void OrderActions::setBusy(bool busy)
{
    m_busy = busy;
    update();
}

void OrderActions::update()
{
    for (int i = 0; i < m_actions.size(); ++i) {
        const bool enabled = !m_busy && m_status && isAllowed(Kind(i), *m_status);
        m_actions.at(i)->setEnabled(enabled);
    }
}

} // namespace OrderDesk
