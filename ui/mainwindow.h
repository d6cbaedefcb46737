// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandresult.h"
#include "commands/commands.h"
#include "orderactions.h"
#include "read/orderqueries.h"
#include "storage/datadirectory.h"
#include "storechoice.h"

#include <QMainWindow>

#include <optional>

class QAction;
class QDockWidget;
class QSplitter;
class QTabWidget;
class QTableView;

namespace OrderDesk {

struct ChangeSet;
class ApiServer;
class CommandBus;
class CommandRunner;
class ConsistencyPanel;
class DashboardView;
class EventStreamPanel;
class MessageBar;
class OrderDetailPanel;
class OrderFilterBar;
class OrderListModel;
class PasswordKeychain;
class ProjectionStatusWidget;
class Projector;
class StoreStatusLabel;

/// The main window: the order list with its filter and the selected order's details, the
/// actions on orders, the projector's state and lag in the status bar, and — for
/// demonstrators — the consistency panel and the dashboard.
///
/// Every change goes through the command bus; every read comes from the read model, either
/// through the windowed list model or through queries on the thread pool.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        /// Read and write QSettings (geometry, docks, columns, filter, read-your-writes).
        /// Screenshots turn it off so that they do not depend on the last session.
        bool persistSettings = true;
        /// What chose this session's write store, for the Settings dialog to explain.
        StoreSource storeSource = StoreSource::Settings;
        /// The HTTP API that Settings can turn on (null: not offered), and the token it
        /// requires. The window starts it when the settings say it was on.
        ApiServer *apiServer = nullptr;
        QString apiToken;
        /// Where Settings remember the server's password; null: the system keychain.
        PasswordKeychain *keychain = nullptr;
    };

    MainWindow(CommandBus &bus, Projector &projector, const DataDirectory &dataDirectory,
               const Options &options, QWidget *parent = nullptr);
    MainWindow(CommandBus &bus, Projector &projector, const DataDirectory &dataDirectory,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    QTableView *orderView() const { return m_view; }
    OrderListModel *orderModel() const { return m_model; }
    OrderFilterBar *filterBar() const { return m_filterBar; }
    OrderDetailPanel *detailPanel() const { return m_detail; }
    OrderActions *orderActions() const { return m_actions; }
    ProjectionStatusWidget *projectionStatus() const { return m_projectionStatus; }
    /// Which write store is in use, and whether a shared one is reachable.
    StoreStatusLabel *storeStatus() const { return m_storeStatus; }
    ConsistencyPanel *consistencyPanel() const { return m_consistency; }
    QDockWidget *consistencyDock() const { return m_consistencyDock; }
    EventStreamPanel *eventStream() const { return m_eventStream; }
    QDockWidget *eventStreamDock() const { return m_eventStreamDock; }
    DashboardView *dashboard() const { return m_dashboard; }
    QTabWidget *tabs() const { return m_tabs; }
    MessageBar *messageBar() const { return m_messageBar; }
    CommandRunner *commandRunner() const { return m_runner; }
    QAction *readYourWritesAction() const { return m_readYourWrites; }

    /// The order the actions apply to: the selected one as the user sees it, if any.
    const std::optional<OrderRow> &currentOrder() const { return m_currentOrder; }
    /// Selects the order's row when the list has it; the detail panel shows it either way.
    void selectOrder(const QString &orderId);
    /// True when the list shows the projector's latest state and nothing is loading: what a
    /// screenshot waits for.
    bool isSettled() const;

public Q_SLOTS:
    void newOrder();
    void runOrderAction(OrderDesk::OrderActions::Kind kind);
    /// Asks whether to create demo data (first start with an empty store).
    void offerDemoData();
    /// Creates demo data at once, with a progress dialog (--demo).
    void createDemoData(qint64 orders);
    void showDeadLetters();
    void showAbout();
    /// Settings: the write store for the next start (SQLite or a PostgreSQL server).
    void showSettings();
    void refresh();

Q_SIGNALS:
    void demoDataCreated();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createWidgets();
    void createActions();
    void createMenusAndToolBar();
    void connectProjector();
    void restoreSettings();
    void saveSettings() const;
    void applyDefaultColumnWidths();
    void startApiFromSettings();

    void currentRowChanged(const QModelIndex &current);
    void updateCurrentOrder();
    void trySelectPending();
    void dispatch(Command command);
    void commandAccepted(const CommandResult &result);
    void commandVisible(const CommandResult &result, bool reached, qint64 waitedMs);
    void commandRejected(const CommandResult &result, const QString &message);
    void openEditLines(const OrderDetails &details);
    QString commandText(const QString &commandType) const;

    CommandBus &m_bus;
    Projector &m_projector;
    DataDirectory m_dataDirectory;
    Options m_options;

    OrderListModel *m_model = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_view = nullptr;
    OrderFilterBar *m_filterBar = nullptr;
    MessageBar *m_messageBar = nullptr;
    QSplitter *m_splitter = nullptr;
    OrderDetailPanel *m_detail = nullptr;
    DashboardView *m_dashboard = nullptr;
    ConsistencyPanel *m_consistency = nullptr;
    QDockWidget *m_consistencyDock = nullptr;
    EventStreamPanel *m_eventStream = nullptr;
    QDockWidget *m_eventStreamDock = nullptr;
    ProjectionStatusWidget *m_projectionStatus = nullptr;
    StoreStatusLabel *m_storeStatus = nullptr;
    OrderActions *m_actions = nullptr;
    CommandRunner *m_runner = nullptr;

    QAction *m_readYourWrites = nullptr;
    /// The HTTP API's settings: whether it is on, and its port on 127.0.0.1.
    bool m_apiEnabled = false;
    int m_apiPort = 8080;
    QAction *m_refresh = nullptr;
    QAction *m_find = nullptr;
    QAction *m_demoData = nullptr;
    QAction *m_rebuild = nullptr;
    QAction *m_deadLetters = nullptr;
    QAction *m_about = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_showOrders = nullptr;
    QAction *m_showDashboard = nullptr;

    QString m_currentId;
    std::optional<OrderRow> m_currentOrder;
    /// An order to select once the list has caught up to its position.
    struct PendingSelection
    {
        QString orderId;
        qint64 position = 0;
    };
    std::optional<PendingSelection> m_pendingSelection;
};

} // namespace OrderDesk
