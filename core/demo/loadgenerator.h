// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandresult.h"
#include "commands/commands.h"
#include "domain/result.h"
#include "write/writestore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <array>
#include <memory>

namespace OrderDesk {

class CommandBus;

/// How much load to make and how.
struct LoadOptions
{
    /// Commands per second, spread evenly (a short backlog is caught up, a long one dropped).
    double rate = 100;
    /// Stop after this many commands (< 0: no limit).
    qint64 count = -1;
    /// Stop after this long (< 0: no limit).
    qint64 durationMs = -1;
    quint32 seed = 1;
    /// Commands dispatched and not yet answered, at most; lets the bus commit them in groups.
    int maxInFlight = 256;
    /// New orders are created only while fewer than this many are still open; a small number
    /// makes two generators on one store work on the same orders (and collide).
    int maxOpenOrders = 500;
    /// The catalog registered when the store has no customers or no products yet.
    int catalogCustomers = 20;
    int catalogProducts = 12;
};

struct LoadSummary
{
    qint64 dispatched = 0;
    qint64 accepted = 0;
    qint64 rejected = 0;
    /// Rejections by error code.
    QMap<ErrorCode, qint64> rejectedBy;
    qint64 elapsedMs = 0;
};

/// Sends a random mix of valid commands through a command bus at a steady rate, with many in
/// flight: creates, line changes, confirms, ships, deliveries and cancellations of orders,
/// against the customers and products the store has. It learns the store's state from the
/// event log (read-only) and keeps following it, so several generators, in one process or
/// several, can work on the same orders; every order command carries the version it expects,
/// so a collision is a ConcurrentModification, never a silent overwrite.
///
/// Lives on the thread that creates it, which needs an event loop; answers arrive there.
class LoadGenerator : public QObject
{
    Q_OBJECT

public:
    /// `eventLog` describes the store the bus writes to; it is opened read-only here.
    LoadGenerator(CommandBus &bus, const WriteStoreConfig &eventLog, const LoadOptions &options,
                  QObject *parent = nullptr);
    ~LoadGenerator() override;

    /// Reads the event log and registers a small catalog through the bus when the store has no
    /// customers or no products (with fixed command ids, so that generators starting together
    /// register it once). Blocks until that is done.
    Result<void> prepare();
    /// Starts sending; prepare() must have succeeded.
    void start();
    /// Stops sending; finished() follows once every command in flight is answered.
    void stop();
    bool isRunning() const { return m_running; }

    const LoadSummary &summary() const { return m_summary; }
    qint64 openOrders() const { return m_openOrders; }

Q_SIGNALS:
    /// Every answer, accepted or not, as soon as the bus gives it: an accepted one is durable.
    void commandAnswered(const OrderDesk::CommandResult &result);
    void finished(const OrderDesk::LoadSummary &summary);

private:
    /// The stages of an order that still accepts commands.
    enum Stage { Pending, Confirmed, Shipped, StageCount };
    struct OrderState
    {
        int stage = Pending; ///< a Stage, or StageCount once delivered or cancelled
        qint64 version = 0;
        bool busy = false;
    };

    void tick();
    /// Reads the events written since the last look (by anyone) into the known state.
    Result<void> follow();
    void learn(const QString &streamId, const QString &type, qint64 version);
    void setStage(const QString &orderId, int stage, qint64 version);
    bool dispatchOne();
    void send(Command command, const QString &orderId);
    void answered(const QString &orderId, int stageOnSuccess, const CommandResult &result);
    void finishIfDone();
    QString pickOrder(int stage);
    LineRequests randomLines();

    CommandBus &m_bus;
    WriteStoreConfig m_eventLogConfig;
    LoadOptions m_options;
    std::unique_ptr<WriteStore> m_eventLog;
    qint64 m_followedTo = 0;
    QRandomGenerator m_random;
    QStringList m_customers;
    QStringList m_products;
    QSet<QString> m_customerSet;
    QSet<QString> m_productSet;
    QHash<QString, OrderState> m_orders;
    /// Open orders by stage, for picking one at random.
    std::array<QStringList, StageCount> m_stages;
    qint64 m_openOrders = 0;
    /// Creations sent and not yet answered: they count as open orders already.
    int m_creating = 0;
    QTimer m_tickTimer;
    QTimer m_followTimer;
    QElapsedTimer m_clock;
    qint64 m_lastTickMs = 0;
    double m_budget = 0;
    int m_inFlight = 0;
    bool m_running = false;
    bool m_stopping = false;
    LoadSummary m_summary;
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::LoadSummary)
