// SPDX-License-Identifier: MIT
#include "orderfilterbar.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QStyle>
#include <QTimeZone>
#include <QToolButton>

#include <limits>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

/// The start of a local calendar day as UTC milliseconds: a filter on "today" means the user's
/// today, while the read store keeps UTC.
qint64 startOfLocalDay(QDate date)
{
    return date.startOfDay().toMSecsSinceEpoch();
}

} // namespace

OrderFilterBar::OrderFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_range(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_clear(new QToolButton(this))
    , m_count(new QLabel(this))
{
    setObjectName(u"filterBar"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(tr("Order id, customer or e-mail"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search orders"));
    m_search->setToolTip(tr("Finds orders whose id, customer name or e-mail contains the "
                            "text (Ctrl+F)"));
    m_search->setMinimumWidth(m_search->fontMetrics().averageCharWidth() * 28);
    layout->addWidget(searchLabel);
    layout->addWidget(m_search, 2);

    // One toggle per status; none checked means every status.
    for (OrderStatus status : allOrderStatuses()) {
        auto *button = new QToolButton(this);
        button->setObjectName(u"status_"_s + orderStatusKey(status));
        button->setText(orderStatusDisplayText(status));
        button->setCheckable(true);
        button->setFocusPolicy(Qt::StrongFocus);
        button->setAccessibleName(tr("Only %1 orders").arg(orderStatusDisplayText(status)));
        button->setToolTip(tr("Show %1 orders; with no status chosen, every status is shown")
                               .arg(orderStatusDisplayText(status).toLower()));
        connect(button, &QToolButton::toggled, this, &OrderFilterBar::publish);
        m_statusButtons.append(button);
        layout->addWidget(button);
    }

    auto *rangeLabel = new QLabel(tr("Cr&eated:"), this);
    rangeLabel->setBuddy(m_range);
    m_range->setObjectName(u"dateRange"_s);
    m_range->setAccessibleName(tr("Created date range"));
    m_range->addItem(tr("Any time"), QVariant::fromValue(DateRange::Any));
    m_range->addItem(tr("Today"), QVariant::fromValue(DateRange::Today));
    m_range->addItem(tr("Last 7 days"), QVariant::fromValue(DateRange::Last7Days));
    m_range->addItem(tr("Last 30 days"), QVariant::fromValue(DateRange::Last30Days));
    m_range->addItem(tr("Between…"), QVariant::fromValue(DateRange::Custom));
    layout->addWidget(rangeLabel);
    layout->addWidget(m_range);

    const QDate today = QDate::currentDate();
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDate(today);
        connect(edit, &QDateEdit::dateChanged, this, &OrderFilterBar::publish);
        layout->addWidget(edit);
    }
    m_from->setObjectName(u"dateFrom"_s);
    m_to->setObjectName(u"dateTo"_s);
    m_from->setDate(today.addDays(-30));
    m_from->setAccessibleName(tr("Created on or after"));
    m_to->setAccessibleName(tr("Created on or before"));

    m_clear->setObjectName(u"clearFilter"_s);
    m_clear->setText(tr("Clear"));
    m_clear->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_clear->setToolTip(tr("Show every order again (Esc)"));
    m_clear->setAccessibleName(tr("Clear the filter"));
    m_clear->setFocusPolicy(Qt::StrongFocus);
    layout->addWidget(m_clear);

    m_count->setObjectName(u"orderCount"_s);
    m_count->setAccessibleName(tr("Matching orders"));
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addStretch(1);
    layout->addWidget(m_count);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(SearchDelayMs);
    connect(&m_searchDelay, &QTimer::timeout, this, &OrderFilterBar::publish);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    // Enter means "now": no need to wait for the debounce.
    connect(m_search, &QLineEdit::returnPressed, this, &OrderFilterBar::publish);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        updateDateEdits();
        publish();
    });
    connect(m_clear, &QToolButton::clicked, this, &OrderFilterBar::clear);

    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WindowShortcut);
    connect(escape, &QShortcut::activated, this, &OrderFilterBar::clear);

    // The status buttons are created after the other controls; Tab goes left to right.
    QWidget *previous = m_search;
    for (QWidget *next : std::initializer_list<QWidget *> {
             m_statusButtons.value(0), m_statusButtons.value(1), m_statusButtons.value(2),
             m_statusButtons.value(3), m_statusButtons.value(4), m_range, m_from, m_to, m_clear}) {
        setTabOrder(previous, next);
        previous = next;
    }

    updateDateEdits();
    setCount(0);
}

QWidget *OrderFilterBar::lastInFocusChain() const
{
    return m_clear;
}

QToolButton *OrderFilterBar::statusButton(OrderStatus status) const
{
    return m_statusButtons.value(int(status));
}

OrderFilter OrderFilterBar::filter() const
{
    OrderFilter filter;
    filter.text = m_search->text().trimmed();
    for (OrderStatus status : allOrderStatuses()) {
        if (m_statusButtons.at(int(status))->isChecked())
            filter.statuses.append(status);
    }
    const QDate today = QDate::currentDate();
    switch (m_range->currentData().value<DateRange>()) {
    case DateRange::Any:
        break;
    case DateRange::Today:
        filter.createdFrom = startOfLocalDay(today);
        break;
    case DateRange::Last7Days:
        filter.createdFrom = startOfLocalDay(today.addDays(-6));
        break;
    case DateRange::Last30Days:
        filter.createdFrom = startOfLocalDay(today.addDays(-29));
        break;
    case DateRange::Custom: {
        const QDate from = std::min(m_from->date(), m_to->date());
        const QDate to = std::max(m_from->date(), m_to->date());
        filter.createdFrom = startOfLocalDay(from);
        filter.createdTo = startOfLocalDay(to.addDays(1));
        break;
    }
    }
    return filter;
}

void OrderFilterBar::setCount(qint64 count)
{
    m_count->setText(
        tr("%Ln order(s)", nullptr, int(std::min<qint64>(count, std::numeric_limits<int>::max()))));
}

QString OrderFilterBar::countText() const
{
    return m_count->text();
}

QVariantMap OrderFilterBar::saveState() const
{
    QStringList statuses;
    for (OrderStatus status : allOrderStatuses()) {
        if (m_statusButtons.at(int(status))->isChecked())
            statuses.append(orderStatusKey(status));
    }
    return {{u"text"_s, m_search->text()},
            {u"statuses"_s, statuses},
            {u"range"_s, m_range->currentIndex()},
            {u"from"_s, m_from->date()},
            {u"to"_s, m_to->date()}};
}

void OrderFilterBar::restoreState(const QVariantMap &state)
{
    m_restoring = true;
    m_search->setText(state.value(u"text"_s).toString());
    const QStringList statuses = state.value(u"statuses"_s).toStringList();
    for (OrderStatus status : allOrderStatuses())
        m_statusButtons.at(int(status))->setChecked(statuses.contains(orderStatusKey(status)));
    const int range = state.value(u"range"_s, 0).toInt();
    m_range->setCurrentIndex(range >= 0 && range < m_range->count() ? range : 0);
    if (const QDate from = state.value(u"from"_s).toDate(); from.isValid())
        m_from->setDate(from);
    if (const QDate to = state.value(u"to"_s).toDate(); to.isValid())
        m_to->setDate(to);
    updateDateEdits();
    m_restoring = false;
    m_searchDelay.stop();
    publish();
}

void OrderFilterBar::clear()
{
    m_restoring = true;
    m_search->clear();
    for (QToolButton *button : std::as_const(m_statusButtons))
        button->setChecked(false);
    m_range->setCurrentIndex(0);
    updateDateEdits();
    m_restoring = false;
    m_searchDelay.stop();
    publish();
}

void OrderFilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void OrderFilterBar::publish()
{
    if (m_restoring)
        return;
    m_searchDelay.stop();
    const OrderFilter current = filter();
    if (current == m_published)
        return;
    m_published = current;
    Q_EMIT filterChanged(current);
}

void OrderFilterBar::updateDateEdits()
{
    const bool custom = m_range->currentData().value<DateRange>() == DateRange::Custom;
    m_from->setVisible(custom);
    m_to->setVisible(custom);
}

} // namespace OrderDesk
