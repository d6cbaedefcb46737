// SPDX-License-Identifier: MIT
#include "orderdetailpanel.h"

#include "models/whenfinished.h"

#include "backgroundqueries.h"
#include "models/orderlinesmodel.h"
#include "projections/changeset.h"
#include "statusbadge.h"

#include <QDateTime>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QStackedWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcDetail, "orderdesk.ui.detail")

using namespace Qt::StringLiterals;

namespace {

/// Below this, a load shows no "Loading…" at all: moving through the list with the arrow keys
/// should not flicker.
constexpr int LoadingHintDelayMs = 300;
/// Beyond this many lines the lines table scrolls.
constexpr int MaxLineRowsShown = 8;

QString localTime(qint64 utcMillis, QLocale::FormatType format = QLocale::ShortFormat)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(utcMillis), format);
}

QString localTimeWithSeconds(qint64 utcMillis)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(utcMillis);
    const QLocale locale;
    QString format = locale.timeFormat(QLocale::ShortFormat);
    if (!format.contains(u's'))
        format.replace(u"mm"_s, u"mm:ss"_s);
    return locale.toString(time.date(), QLocale::ShortFormat) + u' '
        + locale.toString(time.time(), format);
}

QLabel *selectableLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

} // namespace

OrderDetailPanel::OrderDetailPanel(const QString &readStorePath, QWidget *parent)
    : QWidget(parent)
    , m_readStorePath(readStorePath)
    , m_pages(new QStackedWidget(this))
    , m_message(new QLabel(this))
    , m_title(selectableLabel(this))
    , m_badge(new StatusBadge(this))
    , m_total(selectableLabel(this))
    , m_customer(selectableLabel(this))
    , m_times(selectableLabel(this))
    , m_cancelReason(selectableLabel(this))
    , m_linesModel(new OrderLinesModel(this))
    , m_lines(new QTableView(this))
    , m_history(new QTreeWidget(this))
{
    setObjectName(u"detailPanel"_s);
    setAccessibleName(tr("Order details"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);

    m_message->setObjectName(u"detailMessage"_s);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    m_pages->addWidget(m_message);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    const int gap = fontMetrics().height() / 2;
    layout->setSpacing(gap);

    auto *header = new QHBoxLayout;
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(u"detailTitle"_s);
    m_title->setAccessibleName(tr("Order"));
    m_title->setWordWrap(false);
    m_badge->setObjectName(u"detailStatus"_s);
    m_total->setFont(titleFont);
    m_total->setObjectName(u"detailTotal"_s);
    m_total->setAccessibleName(tr("Total"));
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_total->setWordWrap(false);
    header->addWidget(m_title);
    header->addWidget(m_badge);
    header->addStretch(1);
    header->addWidget(m_total);
    layout->addLayout(header);

    auto *form = m_form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    m_customer->setObjectName(u"detailCustomer"_s);
    m_customer->setAccessibleName(tr("Customer"));
    m_times->setObjectName(u"detailTimes"_s);
    m_times->setAccessibleName(tr("Dates"));
    m_cancelReason->setObjectName(u"detailCancelReason"_s);
    m_cancelReason->setAccessibleName(tr("Cancel reason"));
    form->addRow(tr("Customer:"), m_customer);
    form->addRow(tr("Dates:"), m_times);
    form->addRow(tr("Cancelled because:"), m_cancelReason);
    layout->addLayout(form);

    auto *linesLabel = new QLabel(tr("&Lines"), content);
    linesLabel->setBuddy(m_lines);
    QFont sectionFont = font();
    sectionFont.setBold(true);
    linesLabel->setFont(sectionFont);
    m_lines->setObjectName(u"detailLines"_s);
    m_lines->setAccessibleName(tr("Order lines"));
    // The lines model is fed the details this panel loads (setOrder), which it turns into
    // row changes; the panel's own load also brings the history, so the model does not load.
    m_lines->setModel(m_linesModel);
    // Names first: they are what people read; the SKU follows.
    m_lines->horizontalHeader()->moveSection(OrderLinesModel::NameColumn, 0);
    m_lines->verticalHeader()->hide();
    // Rows as tall as the order list's, here and in the history.
    m_lines->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_lines->verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 3 / 2);
    m_lines->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_lines->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_lines->setAlternatingRowColors(true);
    m_lines->setWordWrap(false);
    m_lines->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_lines->horizontalHeader()->setSectionResizeMode(OrderLinesModel::NameColumn,
                                                      QHeaderView::Stretch);
    m_lines->setTabKeyNavigation(false);
    m_lines->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    layout->addWidget(linesLabel);
    layout->addWidget(m_lines);

    auto *historyLabel = new QLabel(tr("H&istory"), content);
    historyLabel->setBuddy(m_history);
    historyLabel->setFont(sectionFont);
    m_history->setObjectName(u"detailHistory"_s);
    m_history->setAccessibleName(tr("Order history"));
    m_history->setHeaderLabels({tr("Time"), tr("Event"), tr("By"), tr("Details")});
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true);
    m_history->setAlternatingRowColors(true);
    m_history->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->header()->setStretchLastSection(true);
    layout->addWidget(historyLabel);
    layout->addWidget(m_history, 1);
    m_pages->addWidget(content);
    setTabOrder(m_title, m_total);
    setTabOrder(m_total, m_customer);
    setTabOrder(m_customer, m_times);
    setTabOrder(m_times, m_cancelReason);
    setTabOrder(m_cancelReason, m_lines);
    setTabOrder(m_lines, m_history);

    m_loadingHint.setSingleShot(true);
    m_loadingHint.setInterval(LoadingHintDelayMs);
    connect(&m_loadingHint, &QTimer::timeout, this, [this] {
        if (m_loading && !m_details)
            showMessage(tr("Loading order %1…").arg(m_orderId));
    });

    showMessage(tr("Select an order to see its details."));
}

QWidget *OrderDetailPanel::firstInFocusChain() const
{
    return m_title;
}

QString OrderDetailPanel::eventTypeText(const QString &type)
{
    if (type == u"OrderCreated")
        return tr("Created");
    if (type == u"OrderLinesChanged")
        return tr("Lines changed");
    if (type == u"OrderConfirmed")
        return tr("Confirmed");
    if (type == u"OrderShipped")
        return tr("Shipped");
    if (type == u"OrderDelivered")
        return tr("Delivered");
    if (type == u"OrderCancelled")
        return tr("Cancelled");
    return type;
}

void OrderDetailPanel::setOrderId(const QString &orderId)
{
    if (orderId == m_orderId)
        return;
    m_orderId = orderId;
    m_details.reset();
    if (orderId.isEmpty()) {
        ++m_request;
        m_linesModel->clear();
        m_loading = false;
        showMessage(tr("Select an order to see its details."));
        return;
    }
    m_reloadWhenDone = false;
    m_loading = false; // a load of the previous order no longer counts
    refresh();
}

void OrderDetailPanel::refresh()
{
    if (m_orderId.isEmpty())
        return;
    if (m_loading) {
        // One load at a time per order; a burst of batches becomes one more load.
        m_reloadWhenDone = true;
        return;
    }
    m_loading = true;
    m_loadingHint.start();
    const quint64 request = ++m_request;
    whenFinished(BackgroundQueries::order(m_readStorePath, m_orderId), this,
                 [this, request](const Result<std::optional<OrderDetails>> &result) {
                     applyResult(request, result);
                 });
}

void OrderDetailPanel::onProjected(const ChangeSet &changes)
{
    if (!m_orderId.isEmpty()
        && (changes.updatedOrderIds.contains(m_orderId)
            || changes.insertedOrderIds.contains(m_orderId)))
        refresh();
}

void OrderDetailPanel::applyResult(quint64 request,
                                   const Result<std::optional<OrderDetails>> &result)
{
    if (request != m_request)
        return; // another order was chosen meanwhile
    m_loading = false;
    m_loadingHint.stop();
    if (!result) {
        qCWarning(lcDetail, "%s", qPrintable(result.error().message));
        showMessage(tr("Order %1 could not be read: %2").arg(m_orderId, result.error().message));
    } else if (!result->has_value()) {
        m_details.reset();
        showMessage(tr("Order %1 is not in the read model yet.\nIt appears here as soon as the "
                       "projector reaches it.")
                        .arg(m_orderId));
        Q_EMIT orderMissing(m_orderId);
    } else {
        m_details = **result;
        showDetails(*m_details);
        Q_EMIT detailsLoaded(*m_details);
    }
    if (m_reloadWhenDone) {
        m_reloadWhenDone = false;
        refresh();
    }
}

void OrderDetailPanel::showDetails(const OrderDetails &details)
{
    const OrderRow &order = details.order;
    const QLocale locale;
    m_title->setText(order.id);
    m_badge->setStatus(order.status);
    m_total->setText(order.total.toDisplayString(order.currency, locale));
    m_customer->setText(
        u"%1 \u2022 %2 \u2022 %3"_s.arg(order.customerName, order.customerEmail, order.customerId));
    m_times->setText(tr("created %1, last changed %2 (version %3)")
                         .arg(localTime(order.createdAt), localTime(order.updatedAt))
                         .arg(order.version));
    m_cancelReason->setText(order.cancelReason);
    const bool cancelled = order.status == OrderStatus::Cancelled;
    m_form->setRowVisible(m_cancelReason, cancelled);

    m_linesModel->setOrder(details);

    // The lines table is as tall as its lines (up to a point) and the history gets the rest;
    // in a short window both shrink rather than overlap.
    const int shownRows = std::clamp(int(details.lines.size()), 1, MaxLineRowsShown);
    const int header = m_lines->horizontalHeader()->sizeHint().height();
    const int rowHeight = m_lines->verticalHeader()->defaultSectionSize();
    const int frame = 2 * m_lines->frameWidth();
    m_lines->setMaximumHeight(header + shownRows * rowHeight + frame);
    m_lines->setMinimumHeight(header + std::min(shownRows, 2) * rowHeight + frame);

    m_history->clear();
    QList<QTreeWidgetItem *> items;
    for (const OrderHistoryEntry &entry : details.history) {
        auto *item = new QTreeWidgetItem({localTimeWithSeconds(entry.occurredAt),
                                          eventTypeText(entry.type), entry.actor, entry.detail});
        item->setToolTip(
            0, tr("Event %1 (stream version %2)").arg(entry.position).arg(entry.streamVersion));
        item->setToolTip(3, entry.detail);
        item->setData(1, Qt::UserRole, entry.type);
        item->setSizeHint(
            0,
            QSize(fontMetrics().horizontalAdvance(item->text(0)) + fontMetrics().height(),
                  fontMetrics().height() * 3 / 2));
        items.append(item);
    }
    m_history->addTopLevelItems(items);
    m_pages->setCurrentIndex(1);
}

void OrderDetailPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_pages->setCurrentIndex(0);
}

} // namespace OrderDesk
