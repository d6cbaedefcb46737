// SPDX-License-Identifier: MIT
#include "aboutdialog.h"
#include "appfixture.h"
#ifdef ORDERDESK_HAS_HTTP_API
#include "apiserver.h"
#include "apisettingspanel.h"
#endif
#include "cancelorderdialog.h"
#include "catalogchooser.h"
#include "commandrunner.h"
#include "deadlettersdialog.h"
#include "demodatadialog.h"
#include "editlinesdialog.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "models/orderlistmodel.h"
#include "moneyedit.h"
#include "neworderdialog.h"
#include "orderdetailpanel.h"
#include "orderfilterbar.h"
#include "orderlineseditor.h"
#include "statusbadge.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

struct ActionRow
{
    OrderStatus status;
    bool confirm;
    bool ship;
    bool deliver;
    bool cancel;
    bool editLines;
};

MainWindow::Options noSettings()
{
    MainWindow::Options options;
    options.persistSettings = false;
    return options;
}

QStringList historyTypes(const OrderDetailPanel *panel)
{
    QStringList types;
    const auto *history = panel->findChild<QTreeWidget *>(u"detailHistory"_s);
    for (int i = 0; i < history->topLevelItemCount(); ++i)
        types.append(history->topLevelItem(i)->data(1, Qt::UserRole).toString());
    return types;
}

/// The HTTP status of a GET, or -1 without an answer.
int httpStatus(const QUrl &base, const QString &path, const QString &token)
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(base.resolved(QUrl(path)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    const std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10'000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

Q_DECLARE_METATYPE(ActionRow)

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void createAndConfirmThroughTheWindow();
    void actionsFollowTheStatus_data();
    void actionsFollowTheStatus();
    void concurrentChangeIsShownInPlainWords();
    void cancelAsksForAReason();
    void editLinesOfAPendingOrder();
    void keyboardReachesEverything();
    void aboutShowsWhereDataLives();
    void deadLettersDialogOpensFromTheMenu();
    void settingsComeBack();
    void httpApiFromSettings();
    void demoDataFillsAnEmptyStore();

private:
    bool showOrder(const QString &orderId);

    std::unique_ptr<AppFixture> m_app;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    m_app = std::make_unique<AppFixture>();
    QVERIFY(m_app->start());
    // Enough orders that every status occurs.
    QVERIFY(m_app->seed(60));
    m_window = std::make_unique<MainWindow>(*m_app->bus, *m_app->projector, m_app->directory(),
                                            noSettings());
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTRY_VERIFY(!m_window->orderModel()->isLoading());
    QCOMPARE(m_window->orderModel()->rowCount(), 60);
}

void TestMainWindow::cleanupTestCase()
{
    m_window.reset();
    m_app.reset();
}

bool TestMainWindow::showOrder(const QString &orderId)
{
    m_window->selectOrder(orderId);
    return QTest::qWaitFor([&] {
        return m_window->currentOrder() && m_window->currentOrder()->id == orderId
            && m_window->detailPanel()->details()
            && m_window->detailPanel()->details()->order.id == orderId;
    });
}

void TestMainWindow::createAndConfirmThroughTheWindow()
{
    // An order typed into the New Order dialog with keys and clicks goes through the bus,
    // shows up in the list once projected and is selected; confirming it with its shortcut
    // shows the new status and the event in the detail panel's history.
    const int before = m_window->orderModel()->rowCount();
    const QList<ProductRow> products = m_app->query([](OrderQueries &q) { return *q.products(); });
    const auto priceOf = [&](const QString &sku) {
        for (const ProductRow &p : products) {
            if (p.id == sku)
                return p.unitPrice;
        }
        return Money();
    };

    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    NewOrderDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<NewOrderDialog *>()) != nullptr);
    QTRY_VERIFY(dialog->isReady());
    QVERIFY(!dialog->createButton()->isEnabled());
    QCOMPARE(dialog->problem(), u"Choose a customer."_s);

    QTest::keyClicks(dialog->customerChooser()->lineEdit(), u"C00003"_s);
    QCOMPARE(dialog->customerChooser()->chosenId(), u"C00003"_s);
    // Tab leads from the customer into the first line, left to right.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), dialog->linesEditor()->productChooser(0));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), dialog->linesEditor()->quantityBox(0));

    OrderLinesEditor *lines = dialog->linesEditor();
    QCOMPARE(lines->lineCount(), 1);
    QTest::keyClicks(lines->productChooser(0)->lineEdit(), u"SKU-0002"_s);
    QCOMPARE(lines->productChooser(0)->chosenId(), u"SKU-0002"_s);
    // The catalog price is filled in.
    QCOMPARE(lines->priceEdit(0)->value(), std::optional<Money>(priceOf(u"SKU-0002"_s)));
    QSpinBox *quantity = lines->quantityBox(0);
    quantity->setFocus();
    QTest::keyClick(quantity, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(quantity, u"3"_s);
    QCOMPARE(quantity->value(), 3);
    QVERIFY(dialog->createButton()->isEnabled());

    QTest::mouseClick(lines->addButton(), Qt::LeftButton);
    QCOMPARE(lines->lineCount(), 2);
    QVERIFY(!dialog->createButton()->isEnabled()); // the new line has no product yet
    QTest::keyClicks(lines->productChooser(1)->lineEdit(), u"SKU-0005"_s);
    // The price can be changed from the catalog's.
    MoneyEdit *price = lines->priceEdit(1);
    price->selectAll();
    QTest::keyClicks(price, u"12.50"_s);
    QCOMPARE(price->value(), std::optional<Money>(Money::fromCents(1250)));

    const Money expected = Money::fromCents(priceOf(u"SKU-0002"_s).cents() * 3 + 1250);
    QCOMPARE(lines->total(), std::optional<Money>(expected));
    QVERIFY(dialog->findChild<QLabel *>(u"runningTotal"_s)
                ->text()
                .contains(expected.toDisplayString(u"EUR"_s, QLocale())));
    QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));

    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    QTRY_VERIFY(m_window->statusBar()->currentMessage().startsWith(u"Accepted"_s));

    // Read-your-writes: the window waits for the projection, then selects the new order.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->currentOrder() && m_window->currentOrder()->customerId == u"C00003"_s, 10000);
    const QString id = m_window->currentOrder()->id;
    QCOMPARE(m_window->orderModel()->rowCount(), before + 1);
    const int row = m_window->orderModel()->rowOfOrder(id);
    QVERIFY(row >= 0);
    QCOMPARE(m_window->orderView()->currentIndex().row(), row);
    QCOMPARE(m_window->currentOrder()->status, OrderStatus::Pending);
    QCOMPARE(m_window->currentOrder()->total, expected);
    QTRY_VERIFY(m_window->detailPanel()->details()
                && m_window->detailPanel()->details()->order.id == id);
    QCOMPARE(m_window->detailPanel()->details()->lines.size(), 2);

    QAction *confirm = m_window->orderActions()->action(OrderActions::Kind::Confirm);
    QVERIFY(confirm->isEnabled());
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->orderView()->setFocus();
    QTest::keyClick(m_window->orderView(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailPanel()->details()
                                 && m_window->detailPanel()->details()->order.status
                                     == OrderStatus::Confirmed,
                             10000);
    QCOMPARE(m_window->detailPanel()->findChild<StatusBadge *>(u"detailStatus"_s)->status(),
             OrderStatus::Confirmed);
    QCOMPARE(historyTypes(m_window->detailPanel()),
             QStringList({u"OrderCreated"_s, u"OrderConfirmed"_s}));
    QTRY_COMPARE(m_window->currentOrder()->status, OrderStatus::Confirmed);
    QVERIFY(!confirm->isEnabled());
    QVERIFY(m_window->orderActions()->action(OrderActions::Kind::Ship)->isEnabled());
}

void TestMainWindow::actionsFollowTheStatus_data()
{
    QTest::addColumn<ActionRow>("row");
    QTest::newRow("pending") << ActionRow {OrderStatus::Pending, true, false, false, true, true};
    QTest::newRow("confirmed") << ActionRow {
        OrderStatus::Confirmed, false, true, false, true, false};
    QTest::newRow("shipped") << ActionRow {OrderStatus::Shipped, false, false, true, true, false};
    QTest::newRow("delivered") << ActionRow {
        OrderStatus::Delivered, false, false, false, false, false};
    QTest::newRow("cancelled") << ActionRow {
        OrderStatus::Cancelled, false, false, false, false, false};
}

void TestMainWindow::actionsFollowTheStatus()
{
    // Only the actions the domain allows in the selected order's status are enabled, in the
    // menu and the toolbar alike (they share the QActions).
    QFETCH(ActionRow, row);
    const std::optional<OrderRow> order = m_app->anyOrder(row.status);
    QVERIFY2(order, "the demo data has an order in every status");
    QVERIFY(showOrder(order->id));
    QCOMPARE(m_window->currentOrder()->status, row.status);
    const OrderActions *actions = m_window->orderActions();
    QCOMPARE(actions->action(OrderActions::Kind::Confirm)->isEnabled(), row.confirm);
    QCOMPARE(actions->action(OrderActions::Kind::Ship)->isEnabled(), row.ship);
    QCOMPARE(actions->action(OrderActions::Kind::Deliver)->isEnabled(), row.deliver);
    QCOMPARE(actions->action(OrderActions::Kind::Cancel)->isEnabled(), row.cancel);
    QCOMPARE(actions->action(OrderActions::Kind::EditLines)->isEnabled(), row.editLines);
    QVERIFY(actions->newOrder()->isEnabled());
}

void TestMainWindow::concurrentChangeIsShownInPlainWords()
{
    // A command based on what the user saw fails cleanly when someone else changed the order
    // meanwhile, with a sentence for people; once projected, the window shows the other change.
    const std::optional<OrderRow> order = m_app->anyOrder(OrderStatus::Pending);
    QVERIFY(order);
    QVERIFY(showOrder(order->id));
    m_app->projector->pause();
    QTRY_COMPARE(m_app->projector->status().state, ProjectionStatus::State::Paused);
    const CommandResult other = m_app->bus->dispatch(ConfirmOrder {{}, order->id}).result();
    QVERIFY(other.isAccepted());

    // The window has not seen the other change: it still offers Confirm.
    QCOMPARE(m_window->currentOrder()->status, OrderStatus::Pending);
    m_window->orderActions()->action(OrderActions::Kind::Confirm)->trigger();
    QTRY_COMPARE(m_window->messageBar()->text(),
                 u"This order was changed by someone else \u2014 reload and try again."_s);
    QCOMPARE(m_window->messageBar()->kind(), MessageBar::Kind::Error);

    m_app->projector->resume();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentOrder()
                                 && m_window->currentOrder()->status == OrderStatus::Confirmed,
                             10000);
}

void TestMainWindow::cancelAsksForAReason()
{
    // Cancel asks why; without a reason the dialog will not send anything, with one the order
    // is cancelled and the detail panel shows the reason.
    const std::optional<OrderRow> order = m_app->anyOrder(OrderStatus::Confirmed);
    QVERIFY(order);
    QVERIFY(showOrder(order->id));
    m_window->orderActions()->action(OrderActions::Kind::Cancel)->trigger();
    CancelOrderDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<CancelOrderDialog *>()) != nullptr);
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QCOMPARE(dialog->problem(), u"A reason is required."_s);
    QTest::keyClicks(dialog->reasonBox()->lineEdit(), u"   "_s);
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(dialog->reasonBox()->lineEdit(), u"Customer moved away"_s);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailPanel()->details()
                                 && m_window->detailPanel()->details()->order.status
                                     == OrderStatus::Cancelled,
                             10000);
    QCOMPARE(m_window->detailPanel()->details()->order.cancelReason, u"Customer moved away"_s);
    QVERIFY(m_window->detailPanel()->findChild<QLabel *>(u"detailCancelReason"_s)->isVisible());
}

void TestMainWindow::editLinesOfAPendingOrder()
{
    // Edit Lines (Ctrl+E) opens the pending order's lines as they are; a changed quantity is
    // sent with the version seen and shows up in the detail panel's lines, total and history.
    const std::optional<OrderRow> order = m_app->anyOrder(OrderStatus::Pending);
    QVERIFY(order);
    QVERIFY(showOrder(order->id));
    const QList<OrderLineRow> before = m_window->detailPanel()->details()->lines;
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window->orderView(), Qt::Key_E, Qt::ControlModifier);
    EditLinesDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<EditLinesDialog *>()) != nullptr);
    QTRY_VERIFY(dialog->isReady());
    OrderLinesEditor *lines = dialog->linesEditor();
    QCOMPARE(lines->lineCount(), before.size());
    QCOMPARE(lines->productChooser(0)->chosenId(), before.first().productId);
    QCOMPARE(lines->priceEdit(0)->value(), std::optional<Money>(before.first().unitPrice));
    QCOMPARE(dialog->command().meta.expectedVersion, std::optional<qint64>(order->version));

    const qint64 quantity = before.first().quantity == 99 ? 98 : 99;
    QSpinBox *box = lines->quantityBox(0);
    box->setFocus();
    QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(box, QString::number(quantity));
    QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailPanel()->details()
                                 && m_window->detailPanel()->details()->order.version
                                     == order->version + 1,
                             10000);
    const OrderDetails &after = *m_window->detailPanel()->details();
    QCOMPARE(after.lines.first().quantity, quantity);
    QVERIFY(after.order.total != order->total);
    QVERIFY(historyTypes(m_window->detailPanel()).contains(u"OrderLinesChanged"_s));
}

void TestMainWindow::keyboardReachesEverything()
{
    // With Tab alone one gets from the search field through the filter to the list and on to
    // the detail panel; the shortcuts reach the search field and the tabs.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QLineEdit *search = m_window->filterBar()->searchField();
    QTRY_COMPARE(QApplication::focusWidget(), search);
    QList<QWidget *> reached;
    for (int i = 0; i < 30; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        reached.append(QApplication::focusWidget());
    }
    const auto index = [&](const QWidget *w) {
        return reached.indexOf(const_cast<QWidget *>(w));
    };
    const int pending = index(m_window->filterBar()->statusButton(OrderStatus::Pending));
    const int range = index(m_window->filterBar()->dateRangeBox());
    const int list = index(m_window->orderView());
    QVERIFY2(pending >= 0 && range > pending && list > range,
             qPrintable(u"%1 %2 %3"_s.arg(pending).arg(range).arg(list)));
    bool detail = false;
    for (int i = list + 1; i < reached.size(); ++i)
        detail = detail || m_window->detailPanel()->isAncestorOf(reached.at(i));
    QVERIFY2(detail, "Tab after the list reaches the detail panel");

    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(m_window->tabs()->currentIndex(), 1);
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(m_window->tabs()->currentIndex(), 0);
    // Every control that has no text of its own carries an accessible name.
    for (QWidget *w : std::as_const(reached)) {
        auto *button = qobject_cast<QAbstractButton *>(w);
        const bool hasText = button && !button->text().isEmpty();
        QVERIFY2(hasText || !w->accessibleName().isEmpty(), w->metaObject()->className());
    }
}

void TestMainWindow::aboutShowsWhereDataLives()
{
    // The About dialog tells where the data directory is and which write store is in use.
    m_window->showAbout();
    AboutDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<AboutDialog *>()) != nullptr);
    QCOMPARE(dialog->findChild<QLabel *>(u"aboutDataDirectory"_s)->text(),
             m_app->directory().path());
    QCOMPARE(dialog->findChild<QLabel *>(u"aboutWriteStore"_s)->text(),
             m_app->bus->storeDescription());
    dialog->close();
}

void TestMainWindow::deadLettersDialogOpensFromTheMenu()
{
    // The dead letters dialog reads the read store's dead letters (none here) and says so.
    m_window->showDeadLetters();
    DeadLettersDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<DeadLettersDialog *>()) != nullptr);
    QTRY_VERIFY(
        dialog->findChild<QLabel *>(u"deadLetterSummary"_s)->text().startsWith(u"No dead"_s));
    QCOMPARE(dialog->list()->topLevelItemCount(), 0);
    dialog->close();
}

void TestMainWindow::settingsComeBack()
{
    // Geometry, dock layout, column widths, the filter and read-your-writes are kept in
    // QSettings and restored by the next window.
    AppFixture app;
    QVERIFY(app.start());
    {
        MainWindow window(*app.bus, *app.projector, app.directory());
        window.show();
        window.consistencyDock()->show();
        window.orderView()->setColumnWidth(OrderListModel::CustomerColumn, 321);
        window.filterBar()->statusButton(OrderStatus::Shipped)->setChecked(true);
        window.filterBar()->searchField()->setText(u"weber"_s);
        window.readYourWritesAction()->setChecked(false);
        window.close();
    }
    MainWindow window(*app.bus, *app.projector, app.directory());
    window.show();
    QCOMPARE(window.orderView()->columnWidth(OrderListModel::CustomerColumn), 321);
    QCOMPARE(window.filterBar()->filter().statuses, QList<OrderStatus>({OrderStatus::Shipped}));
    QCOMPARE(window.filterBar()->filter().text, u"weber"_s);
    QCOMPARE(window.orderModel()->filter(), window.filterBar()->filter());
    QVERIFY(!window.readYourWritesAction()->isChecked());
    QVERIFY(!window.commandRunner()->readYourWrites());
    QVERIFY(window.consistencyDock()->isVisible());
}

void TestMainWindow::httpApiFromSettings()
{
    // Settings turns the HTTP API on (off by default) on 127.0.0.1 with the session's
    // token; the settings keep that it is on and its port, never the token, and the next
    // window starts it again.
#ifndef ORDERDESK_HAS_HTTP_API
    QSKIP("Built without the HTTP API");
#else
    AppFixture app;
    QVERIFY(app.start());
    ApiServer api(*app.bus, *app.projector, app.directory().readStorePath());
    MainWindow::Options options;
    options.apiServer = &api;
    options.apiToken = u"token-of-this-session-0123456789"_s;
    {
        MainWindow window(*app.bus, *app.projector, app.directory(), options);
        window.show();
        QVERIFY(!api.isListening());
        window.showSettings();
        ApiSettingsPanel *panel = nullptr;
        QTRY_VERIFY((panel = window.findChild<ApiSettingsPanel *>()) != nullptr);
        QCOMPARE(panel->tokenField()->text(), options.apiToken);
        QVERIFY(panel->tokenField()->isReadOnly());
        QCOMPARE(panel->stateLabel()->text(), u"Off"_s);
        panel->portBox()->setValue(0); // any free port: the test must not collide
        panel->enabledBox()->setChecked(true);
        QVERIFY2(api.isListening(), qPrintable(panel->stateLabel()->text()));
        QCOMPARE(api.url().host(), u"127.0.0.1"_s);
        QVERIFY(panel->stateLabel()->text().contains(api.url().toString()));
        QCOMPARE(httpStatus(api.url(), u"/status"_s, {}), 401);
        QCOMPARE(httpStatus(api.url(), u"/status"_s, options.apiToken), 200);

        panel->enabledBox()->setChecked(false);
        QVERIFY(!api.isListening());
        QCOMPARE(panel->stateLabel()->text(), u"Off"_s);
        panel->enabledBox()->setChecked(true);
        QVERIFY(api.isListening());
        window.close();
    }
    api.close();

    const QString name = QCoreApplication::applicationName();
    const QSettings settings(QSettings::defaultFormat(), QSettings::UserScope, name, name);
    QVERIFY2(settings.fileName().startsWith(QDir::tempPath()), qPrintable(settings.fileName()));
    QCOMPARE(settings.value(u"httpApi/enabled"_s).toBool(), true);
    QCOMPARE(settings.value(u"httpApi/port"_s).toInt(), 0);
    for (const QString &key : settings.allKeys())
        QVERIFY2(!settings.value(key).toString().contains(options.apiToken), qPrintable(key));

    MainWindow window(*app.bus, *app.projector, app.directory(), options);
    QVERIFY(api.isListening());
    QCOMPARE(httpStatus(api.url(), u"/status"_s, options.apiToken), 200);
#endif
}

void TestMainWindow::demoDataFillsAnEmptyStore()
{
    // On an empty store the window offers demo data; accepting it seeds through the bus with
    // a progress dialog and the list fills as the projector catches up.
    AppFixture app;
    QVERIFY(app.start());
    MainWindow window(*app.bus, *app.projector, app.directory(), noSettings());
    window.show();
    QTRY_VERIFY(!window.orderModel()->isLoading());
    QCOMPARE(window.orderModel()->rowCount(), 0);
    QSignalSpy created(&window, &MainWindow::demoDataCreated);
    window.offerDemoData();
    DemoDataDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<DemoDataDialog *>()) != nullptr);
    dialog->setOrders(40);
    QVERIFY(dialog->findChildren<QLabel *>().size() > 1);
    auto *create = dialog->findChild<QPushButton *>(u"createDemoData"_s);
    QVERIFY(create);
    QTest::mouseClick(create, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(window.orderModel()->rowCount(), 40, 30000);
    QTRY_VERIFY(window.isSettled());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
