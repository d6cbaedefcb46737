// SPDX-License-Identifier: MIT
#include "appfixture.h"
#include "consistencypanel.h"
#include "dailyorderschart.h"
#include "dashboardview.h"
#include "eventstreampanel.h"
#include "lagchart.h"
#include "mainwindow.h"
#include "models/eventlogmodel.h"
#include "models/orderlistmodel.h"
#include "models/statussummarymodel.h"
#include "orderfilterbar.h"
#include "projections/changeset.h"
#include "projectionstatuswidget.h"
#include "timedloadgenerator.h"

#include <QAction>
#include <QDockWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include <atomic>
#include <limits>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

MainWindow::Options noSettings()
{
    MainWindow::Options options;
    options.persistSettings = false;
    return options;
}

} // namespace

class TestConsistencyPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lagShowsWhilePausedAndClearsOnResume();
    void readYourWritesWaitsForTheReadModel();
    void rebuildKeepsTheListUsable();
    void delayAndBatchSizeSlowTheProjector();
    void eventStreamShowsEventsLandAndGetProjected();
    void dashboardFollowsTheProjection();

private:
    static bool openWindow(MainWindow &window);
};

bool TestConsistencyPanel::openWindow(MainWindow &window)
{
    window.show();
    window.consistencyDock()->show();
    window.activateWindow();
    return QTest::qWaitForWindowActive(&window)
        && QTest::qWaitFor([&] { return !window.orderModel()->isLoading(); });
}

void TestConsistencyPanel::lagShowsWhilePausedAndClearsOnResume()
{
    // Pausing the projector from the panel lets a command's events wait: the status bar shows
    // lag in events (not green) and the list the old status; resuming brings the lag back to
    // zero (green) and the row up to date.
    AppFixture app;
    QVERIFY(app.start());
    QVERIFY(app.seed(20));
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    QVERIFY(openWindow(window));
    window.readYourWritesAction()->setChecked(false);
    const std::optional<OrderRow> order = app.anyOrder(OrderStatus::Pending);
    QVERIFY(order);
    window.selectOrder(order->id);
    QTRY_VERIFY(window.currentOrder() && window.currentOrder()->id == order->id);
    ProjectionStatusWidget *status = window.projectionStatus();
    QTRY_COMPARE(status->level(), ProjectionStatusWidget::Level::CaughtUp);

    ConsistencyPanel *panel = window.consistencyPanel();
    QTest::mouseClick(panel->pauseButton(), Qt::LeftButton);
    QTRY_COMPARE(app.projector->status().state, ProjectionStatus::State::Paused);
    QTRY_VERIFY(status->stateText().contains(u"paused"_s));

    window.orderView()->setFocus();
    QTest::keyClick(window.orderView(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(window.statusBar()->currentMessage().startsWith(u"Accepted"_s));
    QTRY_VERIFY(status->status().lagEvents > 0);
    QVERIFY2(!status->lagText().startsWith(u"Lag: 0 "_s), qPrintable(status->lagText()));
    QVERIFY(status->level() != ProjectionStatusWidget::Level::CaughtUp);
    // Eventual consistency, visibly: the list still shows what the read model knows.
    QCOMPARE(window.currentOrder()->status, OrderStatus::Pending);
    QTRY_VERIFY(panel->chart()->samples().size() > 0
                && panel->chart()->samples().last().lagEvents > 0);

    QTest::mouseClick(panel->pauseButton(), Qt::LeftButton);
    QTRY_COMPARE(status->status().lagEvents, 0);
    QTRY_VERIFY(status->lagText().startsWith(u"Lag: 0 "_s));
    QCOMPARE(status->level(), ProjectionStatusWidget::Level::CaughtUp);
    QTRY_COMPARE(window.currentOrder()->status, OrderStatus::Confirmed);
}

void TestConsistencyPanel::readYourWritesWaitsForTheReadModel()
{
    // With read-your-writes on, the window says it waits for the read model and keeps the
    // order actions disabled until its own command is visible.
    AppFixture app;
    QVERIFY(app.start());
    QVERIFY(app.seed(20));
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    QVERIFY(openWindow(window));
    QVERIFY(window.readYourWritesAction()->isChecked());
    const std::optional<OrderRow> order = app.anyOrder(OrderStatus::Confirmed);
    QVERIFY(order);
    window.selectOrder(order->id);
    QTRY_VERIFY(window.currentOrder() && window.currentOrder()->id == order->id);

    app.projector->pause();
    QTRY_COMPARE(app.projector->status().state, ProjectionStatus::State::Paused);
    QAction *ship = window.orderActions()->action(OrderActions::Kind::Ship);
    QVERIFY(ship->isEnabled());
    ship->trigger();
    QTRY_VERIFY(window.statusBar()->currentMessage().contains(u"Waiting for the read model"_s));
    QVERIFY(!ship->isEnabled());
    QVERIFY(!window.orderActions()->action(OrderActions::Kind::Cancel)->isEnabled());

    app.projector->resume();
    QTRY_VERIFY(window.statusBar()->currentMessage().contains(u"visible after"_s));
    QTRY_COMPARE(window.currentOrder()->status, OrderStatus::Shipped);
    QVERIFY(window.orderActions()->action(OrderActions::Kind::Deliver)->isEnabled());
}

void TestConsistencyPanel::rebuildKeepsTheListUsable()
{
    // "Rebuild read model" fills fresh tables in the background: meanwhile the list keeps
    // answering from the live ones (rows, scrolling, filtering); afterwards it reloads with the
    // same orders, and the panel shows the rebuild's progress.
    AppFixture app;
    QVERIFY(app.start(/*rebuildChunkSize*/ 100));
    QVERIFY(app.seed(400, 20, 12));
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    QVERIFY(openWindow(window));
    OrderListModel *model = window.orderModel();
    const int count = model->rowCount();
    QCOMPARE(count, 400);
    const qint64 pending = app.query([](OrderQueries &q) {
        OrderFilter filter;
        filter.statuses = {OrderStatus::Pending};
        return *q.countOrders(filter);
    });

    // Hold the rebuild at its first event until the list has been used, so that the checks
    // below happen while it runs, whatever the speed of the machine.
    auto hold = std::make_shared<std::atomic<bool>>(true);
    app.projector->setCrashHook([hold](qint64) {
        while (hold->load())
            QThread::msleep(1);
        return false;
    });
    QSignalSpy finished(app.projector.get(), &Projector::rebuildFinished);
    ConsistencyPanel *panel = window.consistencyPanel();
    QTest::mouseClick(panel->rebuildButton(), Qt::LeftButton);
    QTRY_COMPARE(app.projector->status().state, ProjectionStatus::State::Rebuilding);
    QTRY_VERIFY(window.projectionStatus()->stateText().contains(u"rebuilding"_s));
    QVERIFY(!panel->rebuildButton()->isEnabled());
    QVERIFY(panel->cancelRebuildButton()->isEnabled());

    QCOMPARE(model->rowCount(), count);
    window.orderView()->scrollToBottom();
    QTRY_VERIFY(
        !model->data(model->index(count - 1, OrderListModel::IdColumn)).toString().isEmpty());
    QToolButton *pendingOnly = window.filterBar()->statusButton(OrderStatus::Pending);
    QTest::mouseClick(pendingOnly, Qt::LeftButton);
    QTRY_COMPARE(qint64(model->rowCount()), pending);
    QTest::mouseClick(pendingOnly, Qt::LeftButton);
    QTRY_COMPARE(model->rowCount(), count);
    QCOMPARE(app.projector->status().state, ProjectionStatus::State::Rebuilding);

    hold->store(false);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY(finished.first().at(0).toBool());
    QTRY_COMPARE(panel->rebuildProgress()->value(), 100);
    QTRY_VERIFY(panel->rebuildButton()->isEnabled());
    QTRY_VERIFY(!model->isLoading());
    QTRY_COMPARE(model->rowCount(), count);
    QTRY_VERIFY(!model->data(model->index(0, OrderListModel::IdColumn)).toString().isEmpty());
}

void TestConsistencyPanel::delayAndBatchSizeSlowTheProjector()
{
    // The panel's delay slider and batch size reach the projector: while the load generator
    // keeps committing, batches of at most 5 events come at least the delay apart (every
    // wake-up honours the delay, the periodic poll included), and the lag builds up.
    AppFixture app;
    QVERIFY(app.start());
    QVERIFY(app.seed(5));
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    QVERIFY(openWindow(window));
    ConsistencyPanel *panel = window.consistencyPanel();
    constexpr int DelayMs = 300;
    panel->delaySlider()->setValue(DelayMs);
    panel->batchSizeBox()->setValue(5);
    QTRY_VERIFY(app.projector->status().delayMs == DelayMs
                && app.projector->status().batchSize == 5);

    QSignalSpy batches(app.projector.get(), &Projector::projected);
    panel->loadOrdersBox()->setValue(60);
    panel->loadRateBox()->setValue(20);
    QTest::mouseClick(panel->loadButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 8, 20000);
    panel->loadGenerator()->stop();
    qint64 shortest = std::numeric_limits<qint64>::max();
    for (qsizetype i = 1; i < batches.count(); ++i) {
        const auto previous = batches.at(i - 1).first().value<ChangeSet>();
        const auto next = batches.at(i).first().value<ChangeSet>();
        QVERIFY(next.toPosition - next.fromPosition < 5);
        shortest = std::min(shortest, next.committedAt - previous.committedAt);
    }
    // A little slack for timer granularity.
    QVERIFY2(shortest >= DelayMs * 9 / 10, qPrintable(QString::number(shortest)));
    QVERIFY(window.projectionStatus()->status().lagEvents > 0);
}

void TestConsistencyPanel::eventStreamShowsEventsLandAndGetProjected()
{
    // The event stream dock lists a command's event as soon as it is written, marked pending
    // while the projector is paused, and projected once it has caught up.
    AppFixture app;
    QVERIFY(app.start());
    QVERIFY(app.seed(5));
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    window.eventStreamDock()->show();
    QVERIFY(openWindow(window));
    EventLogModel *events = window.eventStream()->model();
    QTRY_COMPARE(events->lastPosition(), app.bus->headPosition());
    QTRY_COMPARE(events->projectedPosition(), app.bus->headPosition());

    app.projector->pause();
    QTRY_COMPARE(app.projector->status().state, ProjectionStatus::State::Paused);
    const std::optional<OrderRow> order = app.anyOrder(OrderStatus::Pending);
    QVERIFY(order);
    const CommandResult result = app.bus->dispatch(ConfirmOrder {{}, order->id}).result();
    QVERIFY(result.isAccepted());
    QTRY_COMPARE(events->lastPosition(), result.position);
    const int row = events->rowCount() - 1;
    QCOMPARE(events->data(events->index(row, EventLogModel::TypeColumn)).toString(),
             u"OrderConfirmed"_s);
    QCOMPARE(events->data(events->index(row, EventLogModel::StreamColumn)).toString(), order->id);
    QCOMPARE(
        events
            ->data(events->index(row, EventLogModel::ProjectedColumn), EventLogModel::ProjectedRole)
            .toBool(),
        false);

    app.projector->resume();
    QTRY_VERIFY(
        events
            ->data(events->index(row, EventLogModel::ProjectedColumn), EventLogModel::ProjectedRole)
            .toBool());
}

void TestConsistencyPanel::dashboardFollowsTheProjection()
{
    // The dashboard's figures per status and per day come from the read model and follow it:
    // a confirmation moves one order from pending to confirmed.
    AppFixture app;
    QVERIFY(app.start());
    QVERIFY(app.seed(30));
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    QVERIFY(openWindow(window));
    window.tabs()->setCurrentIndex(1);
    DashboardView *dashboard = window.dashboard();
    QTRY_VERIFY(dashboard->hasLoaded() && !dashboard->summaryModel()->isRefreshing());
    StatusSummaryModel *summary = dashboard->summaryModel();
    qint64 total = 0;
    for (OrderStatus status : allOrderStatuses())
        total += summary->orderCount(status);
    QCOMPARE(total, 30);
    QCOMPARE(dashboard->dailyChart()->totalOrders(), 30);
    const qint64 pending = summary->orderCount(OrderStatus::Pending);
    const qint64 confirmed = summary->orderCount(OrderStatus::Confirmed);

    const std::optional<OrderRow> order = app.anyOrder(OrderStatus::Pending);
    QVERIFY(order);
    QVERIFY(app.bus->dispatch(ConfirmOrder {{}, order->id}).result().isAccepted());
    QTRY_COMPARE(summary->orderCount(OrderStatus::Pending), pending - 1);
    QTRY_COMPARE(summary->orderCount(OrderStatus::Confirmed), confirmed + 1);
    QTRY_VERIFY(window.isSettled());
}

QTEST_MAIN(TestConsistencyPanel)
#include "tst_consistencypanel.moc"
