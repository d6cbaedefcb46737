// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "models/whenfinished.h"

#include "aboutdialog.h"
#include "applicationsettings.h"
#ifdef ORDERDESK_HAS_HTTP_API
#include "apisettingspanel.h"
#endif
#include "backgroundqueries.h"
#include "cancelorderdialog.h"
#include "commandrunner.h"
#include "commands/commandbus.h"
#include "consistencypanel.h"
#include "dashboardview.h"
#include "deadlettersdialog.h"
#include "demodatadialog.h"
#include "editlinesdialog.h"
#include "eventstreampanel.h"
#include "messagebar.h"
#include "models/orderlistmodel.h"
#include "models/statussummarymodel.h"
#include "neworderdialog.h"
#include "orderdetailpanel.h"
#include "orderfilterbar.h"
#include "orderlistdelegate.h"
#include "projections/projector.h"
#include "projectionstatuswidget.h"
#include "settingsdialog.h"
#include "storage/postgresconnection.h"
#include "statusbadge.h"
#include "storestatuslabel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QHeaderView>
#include <QLocale>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <memory>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

constexpr int AcceptedMessageMs = 6000;

namespace Keys {
constexpr auto geometry = "window/geometry";
constexpr auto state = "window/state";
constexpr auto tab = "window/tab";
constexpr auto header = "orders/header";
constexpr auto splitter = "orders/splitter";
constexpr auto filter = "orders/filter";
constexpr auto readYourWrites = "consistency/readYourWrites";
// Whether the HTTP API is on and its port; never the token (see ApiSettingsPanel).
constexpr auto apiEnabled = "httpApi/enabled";
constexpr auto apiPort = "httpApi/port";
} // namespace Keys

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

} // namespace

MainWindow::MainWindow(CommandBus &bus, Projector &projector, const DataDirectory &dataDirectory,
                       QWidget *parent)
    : MainWindow(bus, projector, dataDirectory, Options(), parent)
{
}

MainWindow::MainWindow(CommandBus &bus, Projector &projector, const DataDirectory &dataDirectory,
                       const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_bus(bus)
    , m_projector(projector)
    , m_dataDirectory(dataDirectory)
    , m_options(options)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("OrderDesk"));
    m_runner = new CommandRunner(m_bus, m_projector, this);
    createActions();
    createWidgets();
    createMenusAndToolBar();
    connectProjector();

    const QFontMetrics metrics = fontMetrics();
    resize(metrics.averageCharWidth() * 220, metrics.height() * 48);
    // The list gets most of the width; the splitter remembers what the user makes of it.
    m_splitter->setSizes({width() * 64 / 100, width() * 36 / 100});
    restoreSettings();
    m_view->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_actions = new OrderActions(this);
    connect(m_actions->newOrder(), &QAction::triggered, this, &MainWindow::newOrder);
    connect(m_actions, &OrderActions::triggered, this, &MainWindow::runOrderAction);

    m_readYourWrites = new QAction(tr("&Read Your Writes"), this);
    m_readYourWrites->setObjectName(u"actionReadYourWrites"_s);
    m_readYourWrites->setCheckable(true);
    m_readYourWrites->setChecked(true);
    m_readYourWrites->setToolTip(tr("After a command, wait until the read model shows it before "
                                    "selecting and refreshing the order"));
    m_readYourWrites->setStatusTip(m_readYourWrites->toolTip());
    connect(m_readYourWrites, &QAction::toggled, m_runner, &CommandRunner::setReadYourWrites);
    connect(m_readYourWrites, &QAction::toggled, this, [this](bool on) {
        if (m_options.persistSettings)
            openApplicationSettings()->setValue(key(Keys::readYourWrites), on);
    });

    m_refresh = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Re&load"), this);
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Read the list and the selected order again (F5)"));
    connect(m_refresh, &QAction::triggered, this, &MainWindow::refresh);

    m_find = new QAction(tr("&Find Orders"), this);
    m_find->setShortcut(QKeySequence::Find);
    connect(m_find, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_filterBar->focusSearch();
    });

    m_demoData = new QAction(tr("Create &Demo Data…"), this);
    connect(m_demoData, &QAction::triggered, this, &MainWindow::offerDemoData);

    m_rebuild = new QAction(tr("Re&build Read Model"), this);
    m_rebuild->setToolTip(tr("Project the whole event log again into fresh tables; the window "
                             "keeps working meanwhile"));
    connect(m_rebuild, &QAction::triggered, &m_projector, &Projector::rebuild);

    m_deadLetters = new QAction(tr("&Dead Letters…"), this);
    connect(m_deadLetters, &QAction::triggered, this, &MainWindow::showDeadLetters);

    m_about = new QAction(tr("&About OrderDesk…"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);

    m_settings = new QAction(tr("&Settings\u2026"), this);
    m_settings->setObjectName(u"actionSettings"_s);
    m_settings->setShortcut(QKeySequence::Preferences);
    m_settings->setMenuRole(QAction::PreferencesRole);
    m_settings->setToolTip(tr("Choose the write store: this computer's SQLite file or a shared "
                              "PostgreSQL server"));
    connect(m_settings, &QAction::triggered, this, &MainWindow::showSettings);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_showOrders = new QAction(tr("&Orders"), this);
    m_showOrders->setShortcut(QKeySequence(tr("Ctrl+1")));
    m_showDashboard = new QAction(tr("Das&hboard"), this);
    m_showDashboard->setShortcut(QKeySequence(tr("Ctrl+2")));
}

void MainWindow::createWidgets()
{
    const QString readStore = m_dataDirectory.readStorePath();
    m_model = new OrderListModel(readStore, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"tabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->tabBar()->setAccessibleName(tr("Views"));
    setCentralWidget(m_tabs);

    auto *orders = new QWidget(m_tabs);
    auto *ordersLayout = new QVBoxLayout(orders);
    m_filterBar = new OrderFilterBar(orders);
    m_messageBar = new MessageBar(orders);
    ordersLayout->addWidget(m_filterBar);
    ordersLayout->addWidget(m_messageBar);

    m_splitter = new QSplitter(Qt::Horizontal, orders);
    m_splitter->setObjectName(u"ordersSplitter"_s);
    m_view = new QTableView(m_splitter);
    m_view->setObjectName(u"orderView"_s);
    m_view->setAccessibleName(tr("Orders"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new OrderListDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setCornerButtonEnabled(false);
    // Tab leaves the list instead of walking its cells: the keyboard user gets to the detail
    // panel and back without a thousand key presses.
    m_view->setTabKeyNavigation(false);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions(m_actions->orderActions());

    // Uniform row heights: a fixed section size keeps the header cheap at a million rows.
    const QFontMetrics metrics = fontMetrics();
    QHeaderView *rows = m_view->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    const int badge = StatusBadge::badgeSize(metrics, u"Delivered"_s).height();
    rows->setDefaultSectionSize(std::max(metrics.height() * 3 / 2, badge + metrics.height() / 3));

    QHeaderView *header = m_view->horizontalHeader();
    header->setObjectName(u"orderHeader"_s);
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setSortIndicator(OrderListModel::CreatedColumn, Qt::DescendingOrder);
    m_view->setSortingEnabled(true);
    applyDefaultColumnWidths();

    m_detail = new OrderDetailPanel(readStore, m_splitter);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    ordersLayout->addWidget(m_splitter, 1);
    m_tabs->addTab(orders, tr("Orders"));
    m_tabs->setTabToolTip(0, tr("The order list (Ctrl+1)"));

    m_dashboard = new DashboardView(readStore, m_tabs);
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    m_tabs->setTabToolTip(1, tr("Orders and revenue per status, orders per day (Ctrl+2)"));
    connect(m_showOrders, &QAction::triggered, this, [this] { m_tabs->setCurrentIndex(0); });
    connect(m_showDashboard, &QAction::triggered, this, [this] { m_tabs->setCurrentIndex(1); });

    m_consistencyDock = new QDockWidget(tr("Consistency"), this);
    m_consistencyDock->setObjectName(u"consistencyDock"_s);
    m_consistency =
        new ConsistencyPanel(m_bus, m_projector, readStore, m_readYourWrites, m_consistencyDock);
    m_consistencyDock->setWidget(m_consistency);
    addDockWidget(Qt::BottomDockWidgetArea, m_consistencyDock);
    m_consistencyDock->hide();

    m_eventStreamDock = new QDockWidget(tr("Event Stream"), this);
    m_eventStreamDock->setObjectName(u"eventStreamDock"_s);
    m_eventStream = new EventStreamPanel(m_bus, m_projector, m_eventStreamDock);
    m_eventStreamDock->setWidget(m_eventStream);
    addDockWidget(Qt::BottomDockWidgetArea, m_eventStreamDock);
    // Side by side with the consistency panel: the lag and the events that make it.
    splitDockWidget(m_consistencyDock, m_eventStreamDock, Qt::Horizontal);
    m_eventStreamDock->hide();

    m_storeStatus = new StoreStatusLabel(m_bus.storeDescription(), this);
    statusBar()->addPermanentWidget(m_storeStatus);
    m_projectionStatus = new ProjectionStatusWidget(this);
    statusBar()->addPermanentWidget(m_projectionStatus);
    connect(m_projectionStatus, &ProjectionStatusWidget::deadLettersRequested, this,
            &MainWindow::showDeadLetters);

    setTabOrder(m_filterBar->lastInFocusChain(), m_view);
    setTabOrder(m_view, m_detail->firstInFocusChain());

    connect(m_filterBar, &OrderFilterBar::filterChanged, m_model, &OrderListModel::setFilter);
    connect(m_filterBar, &OrderFilterBar::filterChanged, this, [this] {
        if (m_options.persistSettings)
            openApplicationSettings()->setValue(key(Keys::filter), m_filterBar->saveState());
    });
    connect(m_model, &OrderListModel::countChanged, m_filterBar, &OrderFilterBar::setCount);
    connect(m_model, &OrderListModel::errorOccurred, this, [this](const QString &message) {
        m_messageBar->showMessage(MessageBar::Kind::Warning,
                                  tr("The order list could not be read: %1").arg(message));
    });
    connect(m_model, &OrderListModel::positionChanged, this, &MainWindow::trySelectPending);
    connect(m_model, &OrderListModel::loaded, this, &MainWindow::trySelectPending);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A new filter, sort or read store: keep the selected order selected when it is
        // still in the list.
        if (m_currentId.isEmpty())
            return;
        const int row = m_model->rowOfOrder(m_currentId);
        if (row >= 0) {
            m_view->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                                      QItemSelectionModel::ClearAndSelect
                                                          | QItemSelectionModel::Rows);
        }
        updateCurrentOrder();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const QModelIndex current = m_view->currentIndex();
                if (current.isValid() && current.row() >= topLeft.row()
                    && current.row() <= bottomRight.row())
                    currentRowChanged(current);
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { currentRowChanged(current); });
    connect(m_detail, &OrderDetailPanel::detailsLoaded, this, &MainWindow::updateCurrentOrder);
    connect(m_detail, &OrderDetailPanel::orderMissing, this, &MainWindow::updateCurrentOrder);

    connect(m_runner, &CommandRunner::accepted, this, &MainWindow::commandAccepted);
    connect(m_runner, &CommandRunner::rejected, this, &MainWindow::commandRejected);
    connect(m_runner, &CommandRunner::readModelReached, this, &MainWindow::commandVisible);
    connect(m_runner, &CommandRunner::waitingForReadModel, this, [this] {
        statusBar()->showMessage(tr("Accepted \u00b7 Waiting for the read model…"));
    });
    connect(m_runner, &CommandRunner::busyChanged, m_actions, &OrderActions::setBusy);
    connect(m_runner, &CommandRunner::busyChanged, this, [](bool busy) {
        if (busy)
            QApplication::setOverrideCursor(Qt::BusyCursor);
        else
            QApplication::restoreOverrideCursor();
    });
}

void MainWindow::createMenusAndToolBar()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions->newOrder());
    file->addSeparator();
    file->addAction(m_demoData);
    file->addSeparator();
    file->addAction(m_settings);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *order = menuBar()->addMenu(tr("&Order"));
    order->addActions(m_actions->orderActions());
    order->addSeparator();
    order->addAction(m_refresh);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_showOrders);
    view->addAction(m_showDashboard);
    view->addSeparator();
    view->addAction(m_find);
    view->addSeparator();
    QAction *consistency = m_consistencyDock->toggleViewAction();
    consistency->setText(tr("&Consistency Panel"));
    consistency->setShortcut(QKeySequence(tr("F8")));
    view->addAction(consistency);
    QAction *events = m_eventStreamDock->toggleViewAction();
    events->setText(tr("&Event Stream"));
    events->setShortcut(QKeySequence(tr("F7")));
    view->addAction(events);

    QMenu *readModel = menuBar()->addMenu(tr("Read &Model"));
    readModel->addAction(m_readYourWrites);
    readModel->addSeparator();
    readModel->addAction(m_rebuild);
    readModel->addAction(m_deadLetters);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *toolBar = addToolBar(tr("Orders"));
    toolBar->setObjectName(u"ordersToolBar"_s);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_actions->newOrder());
    toolBar->addSeparator();
    toolBar->addActions(m_actions->orderActions());
    toolBar->addSeparator();
    toolBar->addAction(m_readYourWrites);
    view->addSeparator();
    view->addAction(toolBar->toggleViewAction());
}

void MainWindow::connectProjector()
{
    connect(&m_projector, &Projector::projected, m_model, &OrderListModel::onProjected);
    connect(&m_projector, &Projector::projected, m_detail, &OrderDetailPanel::onProjected);
    connect(&m_projector, &Projector::projected, m_dashboard, &DashboardView::onProjected);
    connect(&m_projector, &Projector::readStoreReplaced, m_model, &OrderListModel::reload);
    connect(&m_projector, &Projector::readStoreReplaced, m_detail, &OrderDetailPanel::refresh);
    connect(&m_projector, &Projector::readStoreReplaced, m_dashboard,
            &DashboardView::onReadStoreReplaced);
    connect(&m_projector, &Projector::statusChanged, m_projectionStatus,
            &ProjectionStatusWidget::setStatus);
    connect(&m_projector, &Projector::statusChanged, m_storeStatus,
            &StoreStatusLabel::setStatus);
    connect(m_storeStatus, &StoreStatusLabel::connectionRestored, this, [this] {
        // Short: the store's name is right beside it, in the label.
        statusBar()->showMessage(tr("Connected to the shared store again; catching up."),
                                 AcceptedMessageMs);
    });
    connect(&m_projector, &Projector::deadLettersChanged, this,
            [this] { m_projectionStatus->setStatus(m_projector.status()); });
    connect(&m_projector, &Projector::rebuildFinished, this,
            [this](bool completed, const QString &message) {
                m_messageBar->showMessage(
                    completed ? MessageBar::Kind::Positive : MessageBar::Kind::Warning, message);
            });
    m_projectionStatus->setStatus(m_projector.status());
    m_storeStatus->setStatus(m_projector.status());
}

void MainWindow::applyDefaultColumnWidths()
{
    // From the font, not pixels: the columns fit their contents at any DPI and font size.
    const QFontMetrics metrics = fontMetrics();
    const int pad = metrics.height();
    const QLocale locale;
    const QString sampleTime =
        locale.toString(QDateTime(QDate(2028, 12, 28), QTime(23, 58)), QLocale::ShortFormat);
    const auto set = [this](int column, int width) {
        m_view->setColumnWidth(column, width);
    };
    set(OrderListModel::IdColumn, metrics.horizontalAdvance(u"ORD-1M8EY3DBN-ZR4MW"_s) + pad * 2);
    set(OrderListModel::CustomerColumn, metrics.averageCharWidth() * 22);
    set(OrderListModel::EmailColumn, metrics.averageCharWidth() * 28);
    set(OrderListModel::ItemsColumn, metrics.horizontalAdvance(tr("Items")) + pad * 2);
    set(OrderListModel::TotalColumn, metrics.horizontalAdvance(u"\u20ac99,999.99"_s) + pad);
    set(OrderListModel::StatusColumn,
        StatusBadge::badgeSize(metrics, orderStatusDisplayText(OrderStatus::Cancelled)).width()
            + pad);
    set(OrderListModel::CreatedColumn, metrics.horizontalAdvance(sampleTime) + pad);
    set(OrderListModel::UpdatedColumn, metrics.horizontalAdvance(sampleTime) + pad);
}

void MainWindow::restoreSettings()
{
    if (!m_options.persistSettings) {
        m_model->setFilter(m_filterBar->filter());
        return;
    }
    const std::unique_ptr<QSettings> stored = openApplicationSettings();
    const QSettings &settings = *stored;
    restoreGeometry(settings.value(key(Keys::geometry)).toByteArray());
    restoreState(settings.value(key(Keys::state)).toByteArray());
    if (const QByteArray header = settings.value(key(Keys::header)).toByteArray();
        !header.isEmpty())
        m_view->horizontalHeader()->restoreState(header);
    if (const QByteArray splitter = settings.value(key(Keys::splitter)).toByteArray();
        !splitter.isEmpty())
        m_splitter->restoreState(splitter);
    m_filterBar->restoreState(settings.value(key(Keys::filter)).toMap());
    m_model->setFilter(m_filterBar->filter());
    m_readYourWrites->setChecked(settings.value(key(Keys::readYourWrites), true).toBool());
    m_tabs->setCurrentIndex(std::clamp(settings.value(key(Keys::tab), 0).toInt(), 0, 1));
    m_apiEnabled = settings.value(key(Keys::apiEnabled), false).toBool();
    m_apiPort = std::clamp(settings.value(key(Keys::apiPort), m_apiPort).toInt(), 0, 65535);
    startApiFromSettings();
}

void MainWindow::startApiFromSettings()
{
#ifdef ORDERDESK_HAS_HTTP_API
    if (!m_apiEnabled || !m_options.apiServer)
        return;
    if (const Result<void> started =
                ApiSettingsPanel::start(*m_options.apiServer, m_apiPort, m_options.apiToken);
        !started)
        m_messageBar->showMessage(MessageBar::Kind::Warning,
                                  tr("The HTTP API is not available: %1")
                                          .arg(started.error().message));
#endif
}

void MainWindow::saveSettings() const
{
    if (!m_options.persistSettings)
        return;
    const std::unique_ptr<QSettings> stored = openApplicationSettings();
    QSettings &settings = *stored;
    settings.setValue(key(Keys::geometry), saveGeometry());
    settings.setValue(key(Keys::state), saveState());
    settings.setValue(key(Keys::header), m_view->horizontalHeader()->saveState());
    settings.setValue(key(Keys::splitter), m_splitter->saveState());
    settings.setValue(key(Keys::filter), m_filterBar->saveState());
    settings.setValue(key(Keys::readYourWrites), m_readYourWrites->isChecked());
    settings.setValue(key(Keys::tab), m_tabs->currentIndex());
    settings.setValue(key(Keys::apiEnabled), m_apiEnabled);
    settings.setValue(key(Keys::apiPort), m_apiPort);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

bool MainWindow::isSettled() const
{
    const ProjectionStatus status = m_projector.status();
    if (status.state != ProjectionStatus::State::Running
        && status.state != ProjectionStatus::State::Paused)
        return false;
    if (status.checkpoint < m_bus.headPosition() || m_model->isLoading()
        || m_model->position() < status.checkpoint)
        return false;
    if (m_detail->isLoading() || (m_dashboard->isVisible() && !m_dashboard->isUpToDate()))
        return false;
    for (const DemoDataDialog *dialog : findChildren<DemoDataDialog *>()) {
        if (dialog->isSeeding())
            return false;
    }
    return true;
}

void MainWindow::selectOrder(const QString &orderId)
{
    const int row = m_model->rowOfOrder(orderId);
    if (row >= 0) {
        const QModelIndex index = m_model->index(row, 0);
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(index);
        return;
    }
    // Not among the rows the list holds (filtered out, or far away): show it anyway.
    m_currentId = orderId;
    m_view->selectionModel()->clearSelection();
    m_detail->setOrderId(orderId);
    updateCurrentOrder();
}

void MainWindow::currentRowChanged(const QModelIndex &current)
{
    if (!current.isValid())
        return; // a reset in progress; modelReset restores the selection
    const QString id = current.data(OrderListModel::IdRole).toString();
    if (id.isEmpty())
        return; // still being fetched; dataChanged brings it
    if (id != m_currentId) {
        m_currentId = id;
        m_detail->setOrderId(id);
    }
    updateCurrentOrder();
}

void MainWindow::updateCurrentOrder()
{
    std::optional<OrderRow> order;
    if (!m_currentId.isEmpty()) {
        if (const int row = m_model->rowOfOrder(m_currentId); row >= 0)
            order = m_model->orderAt(row);
        // The detail panel may have read a newer version than the list holds, or the order
        // may not be in the list at all.
        const std::optional<OrderDetails> &details = m_detail->details();
        if (details && details->order.id == m_currentId
            && (!order || details->order.version > order->version))
            order = details->order;
    }
    m_currentOrder = order;
    m_actions->setStatus(order ? std::optional<OrderStatus>(order->status) : std::nullopt);
}

void MainWindow::trySelectPending()
{
    if (!m_pendingSelection || m_model->isLoading()
        || m_model->position() < m_pendingSelection->position)
        return;
    const QString id = m_pendingSelection->orderId;
    m_pendingSelection.reset();
    selectOrder(id);
}

void MainWindow::newOrder()
{
    auto *dialog = new NewOrderDialog(m_dataDirectory.readStorePath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { dispatch(dialog->command()); });
    dialog->open();
}

void MainWindow::runOrderAction(OrderActions::Kind kind)
{
    if (!m_currentOrder)
        return;
    const OrderRow order = *m_currentOrder;
    if (!OrderActions::isAllowed(kind, order.status))
        return;
    // The version the user saw: if someone changed the order since, the bus refuses the
    // command instead of applying it to an order the user has not seen.
    CommandMeta meta;
    meta.expectedVersion = order.version;
    switch (kind) {
    case OrderActions::Kind::Confirm:
        dispatch(ConfirmOrder {meta, order.id});
        break;
    case OrderActions::Kind::Ship:
        dispatch(ShipOrder {meta, order.id});
        break;
    case OrderActions::Kind::Deliver:
        dispatch(DeliverOrder {meta, order.id});
        break;
    case OrderActions::Kind::Cancel: {
        auto *dialog = new CancelOrderDialog(order.id, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog, meta, id = order.id] {
            dispatch(CancelOrder {meta, id, dialog->reason()});
        });
        dialog->open();
        break;
    }
    case OrderActions::Kind::EditLines: {
        const std::optional<OrderDetails> &details = m_detail->details();
        if (details && details->order.id == order.id && details->order.version == order.version) {
            openEditLines(*details);
            break;
        }
        whenFinished(BackgroundQueries::order(m_dataDirectory.readStorePath(), order.id), this,
                     [this](const Result<std::optional<OrderDetails>> &result) {
                         if (!result || !result->has_value()) {
                             m_messageBar->showMessage(
                                 MessageBar::Kind::Warning,
                                 result ? tr("The order is not in the read model yet.")
                                        : result.error().message);
                             return;
                         }
                         openEditLines(**result);
                     });
        break;
    }
    }
}

void MainWindow::openEditLines(const OrderDetails &details)
{
    auto *dialog = new EditLinesDialog(m_dataDirectory.readStorePath(), details, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { dispatch(dialog->command()); });
    dialog->open();
}

void MainWindow::dispatch(Command command)
{
    m_messageBar->clear();
    statusBar()->showMessage(tr("Sending %1…").arg(commandText(commandTypeName(command))));
    m_runner->run(std::move(command));
}

QString MainWindow::commandText(const QString &commandType) const
{
    if (commandType == u"CreateOrder")
        return tr("new order");
    if (commandType == u"ConfirmOrder")
        return tr("confirmation");
    if (commandType == u"ShipOrder")
        return tr("shipment");
    if (commandType == u"DeliverOrder")
        return tr("delivery");
    if (commandType == u"CancelOrder")
        return tr("cancellation");
    if (commandType == u"ChangeOrderLines")
        return tr("line changes");
    return commandType;
}

void MainWindow::commandAccepted(const CommandResult &result)
{
    statusBar()->showMessage(
        tr("Accepted: %1 of %2").arg(commandText(result.commandType), result.targetId),
        AcceptedMessageMs);
    if (!m_runner->readYourWrites() && result.commandType == u"CreateOrder") {
        // Without read-your-writes the new order is shown at once: the detail panel says it
        // is not in the read model yet, and fills in when the projection gets there.
        selectOrder(result.targetId);
        m_pendingSelection = PendingSelection {result.targetId, result.position};
        trySelectPending();
    }
}

void MainWindow::commandVisible(const CommandResult &result, bool reached, qint64 waitedMs)
{
    if (!reached) {
        statusBar()->clearMessage();
        m_messageBar->showMessage(
            MessageBar::Kind::Warning,
            tr("Accepted, but the read model has not caught up after %1 s (is the projector "
               "paused or busy?). %2 updates when it does.")
                .arg(CommandRunner::ReadYourWritesTimeoutMs / 1000)
                .arg(result.targetId));
        return;
    }
    statusBar()->showMessage(tr("Accepted: %1 of %2 \u00b7 visible after %3")
                                 .arg(commandText(result.commandType), result.targetId,
                                      ProjectionStatusWidget::durationText(waitedMs)),
                             AcceptedMessageMs);
    // The projector has it; the list follows a moment later, so select once it has.
    m_pendingSelection = PendingSelection {result.targetId, result.position};
    trySelectPending();
    if (result.targetId == m_currentId)
        m_detail->refresh();
}

void MainWindow::commandRejected(const CommandResult &, const QString &message)
{
    statusBar()->showMessage(tr("Rejected"), AcceptedMessageMs);
    m_messageBar->showMessage(MessageBar::Kind::Error, message);
}

void MainWindow::refresh()
{
    m_model->reload();
    m_detail->refresh();
    m_dashboard->refresh();
}

void MainWindow::offerDemoData()
{
    auto *dialog = new DemoDataDialog(m_bus, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DemoDataDialog::seeded, this, [this](const SeedSummary &summary) {
        statusBar()->showMessage(tr("Demo data created: %1 orders, %2 commands accepted")
                                     .arg(QLocale().toString(summary.ordersCreated),
                                          QLocale().toString(summary.commandsAccepted)),
                                 AcceptedMessageMs);
        Q_EMIT demoDataCreated();
    });
    connect(dialog, &DemoDataDialog::seedingFailed, this, [this](const QString &message) {
        m_messageBar->showMessage(MessageBar::Kind::Error,
                                  tr("Demo data could not be created: %1").arg(message));
    });
    dialog->open();
}

void MainWindow::createDemoData(qint64 orders)
{
    offerDemoData();
    auto *dialog = findChildren<DemoDataDialog *>().constLast();
    dialog->setOrders(orders);
    dialog->startSeeding();
}

void MainWindow::showDeadLetters()
{
    auto *dialog = new DeadLettersDialog(m_projector, m_dataDirectory.readStorePath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showSettings()
{
    SettingsDialog::Context context;
    context.choice = StoreChoice::load(*openApplicationSettings());
    context.storeInUse = m_bus.storeDescription();
    context.source = m_options.storeSource;
    context.dataDirectory = m_dataDirectory.path();
    context.keychain = m_options.keychain;
    // A session on a server that Settings does not name yet offers that server to keep. The
    // session's URL may carry the keychain's password: only the server is compared or kept.
    const QString sessionUrl =
        StoreChoice::fromDatabaseUrl(m_bus.config().databaseUrl).databaseUrl();
    if (context.choice.host.isEmpty() && !sessionUrl.isEmpty()) {
        const StoreChoice session = StoreChoice::fromDatabaseUrl(sessionUrl);
        context.choice.host = session.host;
        context.choice.port = session.port;
        context.choice.database = session.database;
        context.choice.user = session.user;
    }
    auto *dialog = new SettingsDialog(context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
#ifdef ORDERDESK_HAS_HTTP_API
    if (m_options.apiServer) {
        auto *api = new ApiSettingsPanel(*m_options.apiServer, m_options.apiToken, m_apiPort);
        connect(api, &ApiSettingsPanel::settingsChanged, this, [this](bool enabled, int port) {
            m_apiEnabled = enabled;
            m_apiPort = port;
        });
        dialog->addSection(api);
    }
#endif
    connect(dialog, &QDialog::accepted, this, [this, dialog, sessionUrl] {
        const StoreChoice choice = dialog->choice();
        choice.save(*openApplicationSettings());
        if (choice.databaseUrl() == sessionUrl)
            return;
        const Result<PostgresSettings> server = PostgresSettings::fromUrl(choice.databaseUrl());
        m_messageBar->showMessage(
            MessageBar::Kind::Information,
            tr("From the next start OrderDesk uses %1.")
                .arg(choice.backend == StoreChoice::Backend::Postgres && server
                         ? tr("the PostgreSQL server %1").arg(server->displayName())
                         : tr("the SQLite file in its data directory")));
    });
    dialog->open();
}

void MainWindow::showAbout()
{
    AboutDialog::Facts facts;
    facts.dataDirectory = m_dataDirectory.path();
    facts.writeStore = m_bus.storeDescription();
    facts.readStore = m_dataDirectory.readStorePath();
    facts.settingsFile =
        m_options.persistSettings ? openApplicationSettings()->fileName()
                                  : tr("not used in this session");
    auto *dialog = new AboutDialog(facts, m_readYourWrites, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace OrderDesk
