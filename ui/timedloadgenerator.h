// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandresult.h"
#include "read/orderqueries.h"

#include <QElapsedTimer>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace OrderDesk {

class CommandBus;

/// Load for demonstrations: N new orders at R per second through the command bus, like any
/// other client, each followed by some of the commands a real order sees (confirm, ship,
/// deliver, cancel). Timer-driven on the GUI thread; it only dispatches, the bus does the work.
class TimedLoadGenerator : public QObject
{
    Q_OBJECT

public:
    /// The actor stamped on the generated commands, so the event stream shows who sent them.
    static constexpr char16_t Actor[] = u"load-generator";

    TimedLoadGenerator(CommandBus &bus, const QString &readStorePath, QObject *parent = nullptr);

    void start(int orders, int perSecond);
    void stop();
    bool isRunning() const { return m_running; }

    qint64 created() const { return m_created; }
    qint64 planned() const { return m_planned; }
    qint64 accepted() const { return m_accepted; }
    qint64 rejected() const { return m_rejected; }

Q_SIGNALS:
    void progressed(qint64 created, qint64 planned, qint64 accepted, qint64 rejected);
    void runningChanged(bool running);
    void finished(const QString &summary);

private:
    void tick();
    void createOne();
    void followUp(const CommandResult &created, int step);
    void record(const CommandResult &result);
    void finishIfDone();

    CommandBus &m_bus;
    QString m_readStorePath;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QRandomGenerator m_random;
    QList<CustomerRow> m_customers;
    QList<ProductRow> m_products;
    qint64 m_planned = 0;
    qint64 m_created = 0;
    qint64 m_accepted = 0;
    qint64 m_rejected = 0;
    int m_perSecond = 1;
    int m_inFlight = 0;
    bool m_running = false;
    quint64 m_run = 0;
};

} // namespace OrderDesk
