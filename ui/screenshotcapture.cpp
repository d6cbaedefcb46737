// SPDX-License-Identifier: MIT
#include "screenshotcapture.h"

#include "consistencypanel.h"
#include "mainwindow.h"
#include "models/orderlistmodel.h"
#include "orderdetailpanel.h"
#include "projections/projector.h"
#include "timedloadgenerator.h"

#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QPixmap>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {
constexpr int PollMs = 100;
/// Rows looked at for an order with a rich history to show in the detail panel.
constexpr int RowsToConsider = 40;
} // namespace

ScreenshotCapture::ScreenshotCapture(MainWindow &window, const QString &fileName, View view,
                                     QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_fileName(fileName)
    , m_view(view)
{
    m_poll.setInterval(PollMs);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotCapture::poll);
}

std::optional<ScreenshotCapture::View> ScreenshotCapture::viewFromName(const QString &name)
{
    if (name == u"orders" || name == u"main")
        return View::Orders;
    if (name == u"consistency")
        return View::Consistency;
    if (name == u"dashboard")
        return View::Dashboard;
    return std::nullopt;
}

void ScreenshotCapture::setWaitForOrder(const QString &orderId)
{
    m_waitForOrder = orderId;
}

void ScreenshotCapture::start()
{
    const QFontMetrics metrics = m_window.fontMetrics();
    if (m_view == View::Consistency) {
        m_window.consistencyDock()->show();
        m_window.eventStreamDock()->show();
        m_window.resize(metrics.averageCharWidth() * 250, metrics.height() * 62);
        m_window.resizeDocks({m_window.consistencyDock()}, {metrics.height() * 31}, Qt::Vertical);
        m_window.resizeDocks({m_window.consistencyDock(), m_window.eventStreamDock()},
                             {m_window.width() * 63 / 100, m_window.width() * 37 / 100},
                             Qt::Horizontal);
    } else {
        m_window.resize(metrics.averageCharWidth() * 235, metrics.height() * 56);
    }
    if (m_view == View::Dashboard)
        m_window.tabs()->setCurrentIndex(1);
    m_elapsed.start();
    m_phaseTime.start();
    m_poll.start();
}

void ScreenshotCapture::poll()
{
    if (m_elapsed.elapsed() > TimeoutMs) {
        fail(m_phase == Phase::WaitingForOrder
                     ? tr("Timed out after %1 s waiting for order %2 to appear.")
                               .arg(TimeoutMs / 1000)
                               .arg(m_waitForOrder)
                     : tr("Timed out after %1 s waiting for the data to load.")
                               .arg(TimeoutMs / 1000));
        return;
    }
    switch (m_phase) {
    case Phase::Loading:
        if (!m_window.isSettled())
            return;
        if (m_view == View::Dashboard) {
            capture();
            return;
        }
        if (!m_waitForOrder.isEmpty()) {
            m_phase = Phase::WaitingForOrder;
            // The moment the row arrives, not at the next poll: the time is measured.
            OrderListModel *model = m_window.orderModel();
            connect(model, &QAbstractItemModel::rowsInserted, this,
                    &ScreenshotCapture::checkOrder);
            connect(model, &QAbstractItemModel::modelReset, this, &ScreenshotCapture::checkOrder);
            connect(model, &QAbstractItemModel::dataChanged, this, &ScreenshotCapture::checkOrder);
            Q_EMIT readyForOrder(m_waitForOrder);
            checkOrder();
            return;
        }
        if (m_window.orderModel()->rowCount() > 0) {
            // An order that has been through a few steps shows what the detail panel can do.
            OrderListModel *model = m_window.orderModel();
            // Shipped, with a few lines: a history of three events and a lines table to show.
            int chosen = 0;
            int best = -1;
            for (int row = 0; row < std::min(RowsToConsider, model->rowCount()); ++row) {
                const std::optional<OrderRow> order = model->orderAt(row);
                if (!order || order->status != OrderStatus::Shipped)
                    continue;
                const int score = int(std::min<qint64>(order->lineCount, 3));
                if (score > best) {
                    best = score;
                    chosen = row;
                }
            }
            if (const std::optional<OrderRow> order = model->orderAt(chosen))
                m_window.selectOrder(order->id);
        }
        m_phase = Phase::Selecting;
        m_phaseTime.restart();
        return;
    case Phase::WaitingForOrder:
        checkOrder();
        return;
    case Phase::Selecting:
        // Let the detail panel start its load before waiting for it.
        if (m_phaseTime.elapsed() < 2 * PollMs || !m_window.isSettled())
            return;
        if (m_view == View::Orders) {
            capture();
            return;
        }
        {
            // A steady load the projector keeps up with at first; then it is slowed down (see
            // Phase::Running), so that the chart shows the lag building up.
            ConsistencyPanel *panel = m_window.consistencyPanel();
            panel->loadOrdersBox()->setValue(2000);
            panel->loadRateBox()->setValue(40);
            panel->loadButton()->click();
        }
        m_phase = Phase::Running;
        m_phaseTime.restart();
        return;
    case Phase::Running:
        if (!m_slowedDown && m_phaseTime.elapsed() >= SlowDownAfterMs) {
            ConsistencyPanel *panel = m_window.consistencyPanel();
            panel->delaySlider()->setValue(700);
            panel->batchSizeBox()->setValue(40);
            m_slowedDown = true;
        }
        if (m_phaseTime.elapsed() >= LoadRunMs)
            capture();
        return;
    case Phase::Done:
        return;
    }
}

void ScreenshotCapture::checkOrder()
{
    if (m_phase != Phase::WaitingForOrder || m_window.orderModel()->rowOfOrder(m_waitForOrder) < 0)
        return;
    Q_EMIT orderVisible(m_waitForOrder, QDateTime::currentMSecsSinceEpoch());
    m_window.selectOrder(m_waitForOrder);
    m_phase = Phase::Selecting;
    m_phaseTime.restart();
}

void ScreenshotCapture::capture()
{
    m_phase = Phase::Done;
    m_poll.stop();
    const QPixmap pixmap = m_window.grab();
    if (pixmap.isNull()) {
        fail(tr("The window could not be rendered."));
        return;
    }
    const QFileInfo file(m_fileName);
    QDir().mkpath(file.absolutePath());
    if (!pixmap.save(file.absoluteFilePath())) {
        fail(tr("Cannot write the screenshot to %1.").arg(file.absoluteFilePath()));
        return;
    }
    if (m_view == View::Consistency)
        m_window.consistencyPanel()->loadGenerator()->stop();
    Q_EMIT finished(0,
                    tr("Saved %1 (%2 \u00d7 %3).")
                        .arg(file.absoluteFilePath())
                        .arg(pixmap.width())
                        .arg(pixmap.height()));
}

void ScreenshotCapture::fail(const QString &message)
{
    m_phase = Phase::Done;
    m_poll.stop();
    Q_EMIT finished(1, message);
}

} // namespace OrderDesk
