// SPDX-License-Identifier: MIT
#include "timedloadgenerator.h"

#include "models/whenfinished.h"

#include "backgroundqueries.h"
#include "commands/commandbus.h"
#include "events/events.h"

#include <QLoggingCategory>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcTimedLoad, "orderdesk.ui.load")

using namespace Qt::StringLiterals;

namespace {
constexpr int TickMs = 20;
/// A tick never sends more than this, so a stalled event loop does not turn into a flood.
constexpr int MaxPerTick = 200;
} // namespace

TimedLoadGenerator::TimedLoadGenerator(CommandBus &bus, const QString &readStorePath,
                                       QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_readStorePath(readStorePath)
    , m_random(QRandomGenerator::global()->generate())
{
    m_timer.setInterval(TickMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TimedLoadGenerator::tick);
}

void TimedLoadGenerator::start(int orders, int perSecond)
{
    if (m_running)
        stop();
    m_planned = std::max(0, orders);
    m_perSecond = std::max(1, perSecond);
    m_created = m_accepted = m_rejected = 0;
    m_running = true;
    const quint64 run = ++m_run;
    Q_EMIT runningChanged(true);
    Q_EMIT progressed(0, m_planned, 0, 0);
    // Orders need customers and products that exist; the read store knows them.
    whenFinished(BackgroundQueries::catalog(m_readStorePath), this,
                 [this, run](const Result<BackgroundQueries::Catalog> &catalog) {
                     if (run != m_run || !m_running)
                         return;
                     if (!catalog || catalog->customers.isEmpty() || catalog->products.isEmpty()) {
                         m_running = false;
                         Q_EMIT runningChanged(false);
                         Q_EMIT finished(catalog ? tr("There are no customers or products yet; "
                                                      "create demo data first.")
                                                 : catalog.error().message);
                         return;
                     }
                     m_customers = catalog->customers;
                     m_products = catalog->products;
                     m_clock.start();
                     m_timer.start();
                 });
}

void TimedLoadGenerator::stop()
{
    if (!m_running)
        return;
    m_timer.stop();
    m_running = false;
    ++m_run;
    Q_EMIT runningChanged(false);
    Q_EMIT finished(tr("Stopped after %Ln order(s).", nullptr, int(m_created)));
}

void TimedLoadGenerator::tick()
{
    const qint64 due = std::min<qint64>(m_planned, m_clock.elapsed() * m_perSecond / 1000 + 1);
    int sent = 0;
    while (m_created < due && sent < MaxPerTick) {
        createOne();
        ++sent;
    }
    if (m_created >= m_planned)
        m_timer.stop();
    Q_EMIT progressed(m_created, m_planned, m_accepted, m_rejected);
    finishIfDone();
}

void TimedLoadGenerator::createOne()
{
    CreateOrder command;
    command.meta.actor = QString::fromUtf16(Actor);
    command.customerId = m_customers.at(m_random.bounded(int(m_customers.size()))).id;
    command.currency = QString::fromUtf16(DefaultCurrency);
    const int lines = 1 + int(m_random.bounded(3));
    QStringList used;
    for (int i = 0; i < lines; ++i) {
        const ProductRow &product = m_products.at(m_random.bounded(int(m_products.size())));
        if (used.contains(product.id))
            continue;
        used.append(product.id);
        command.lines.append({product.id, 1 + qint64(m_random.bounded(5)), std::nullopt});
    }
    ++m_created;
    ++m_inFlight;
    const quint64 run = m_run;
    whenFinished(m_bus.dispatch(command), this, [this, run](const CommandResult &result) {
        --m_inFlight;
        record(result);
        if (run == m_run && result.isAccepted())
            followUp(result, 0);
        finishIfDone();
    });
}

void TimedLoadGenerator::followUp(const CommandResult &previous, int step)
{
    // Roughly: a third stay pending, the rest move on; some get cancelled along the way.
    const int roll = int(m_random.bounded(100));
    CommandMeta meta;
    meta.actor = QString::fromUtf16(Actor);
    meta.expectedVersion = previous.version;
    std::optional<Command> next;
    const QString id = previous.targetId;
    if (roll < 8) {
        next = CancelOrder {meta, id, tr("Cancelled by the load generator")};
    } else if (step == 0 && roll < 70) {
        next = ConfirmOrder {meta, id};
    } else if (step == 1 && roll < 60) {
        next = ShipOrder {meta, id};
    } else if (step == 2 && roll < 75) {
        next = DeliverOrder {meta, id};
    }
    if (!next)
        return;
    const bool last =
        std::holds_alternative<CancelOrder>(*next) || std::holds_alternative<DeliverOrder>(*next);
    ++m_inFlight;
    const quint64 run = m_run;
    whenFinished(m_bus.dispatch(*next), this, [this, run, step, last](const CommandResult &result) {
        --m_inFlight;
        record(result);
        if (run == m_run && result.isAccepted() && !last)
            followUp(result, step + 1);
        finishIfDone();
    });
}

void TimedLoadGenerator::record(const CommandResult &result)
{
    if (result.isAccepted()) {
        ++m_accepted;
    } else {
        ++m_rejected;
        qCInfo(lcTimedLoad, "%s rejected: %s", qPrintable(result.commandType),
               qPrintable(result.message));
    }
}

void TimedLoadGenerator::finishIfDone()
{
    if (!m_running || m_created < m_planned || m_inFlight > 0)
        return;
    m_running = false;
    m_timer.stop();
    Q_EMIT progressed(m_created, m_planned, m_accepted, m_rejected);
    Q_EMIT runningChanged(false);
    Q_EMIT finished(tr("Sent %1 orders: %2 commands accepted, %3 rejected.")
                        .arg(m_created)
                        .arg(m_accepted)
                        .arg(m_rejected));
}

} // namespace OrderDesk
