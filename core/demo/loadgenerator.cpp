// SPDX-License-Identifier: MIT
#include "loadgenerator.h"

#include "commands/commandbus.h"
#include "domain/orderid.h"
#include "events/events.h"

#include <QCoreApplication>
#include <QFuture>
#include <QLoggingCategory>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcLoad, "orderdesk.load")

using namespace Qt::StringLiterals;

namespace {

constexpr int TickIntervalMs = 5;
constexpr int FollowIntervalMs = 100;
constexpr int FollowChunk = 5000;

const QStringList cancelReasons = {u"Customer changed their mind"_s, u"Payment did not arrive"_s,
                                   u"Duplicate order"_s, u"Out of stock"_s};

} // namespace

LoadGenerator::LoadGenerator(CommandBus &bus, const WriteStoreConfig &eventLog,
                             const LoadOptions &options, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_eventLogConfig(eventLog)
    , m_options(options)
    , m_random(options.seed)
    , m_tickTimer(this)
    , m_followTimer(this)
{
    m_eventLogConfig.readOnly = true;
    m_options.rate = std::max(m_options.rate, 0.001);
    m_options.maxInFlight = std::max(m_options.maxInFlight, 1);
    connect(&m_tickTimer, &QTimer::timeout, this, &LoadGenerator::tick);
    connect(&m_followTimer, &QTimer::timeout, this, [this] {
        if (auto ok = follow(); !ok)
            qCWarning(lcLoad, "Cannot follow the event log: %s", qPrintable(ok.error().message));
    });
}

LoadGenerator::~LoadGenerator() = default;

Result<void> LoadGenerator::prepare()
{
    m_eventLog = createWriteStore(m_eventLogConfig);
    if (auto ok = m_eventLog->open(); !ok)
        return ok;
    if (auto ok = follow(); !ok)
        return ok;
    if (!m_customers.isEmpty() && !m_products.isEmpty())
        return {};

    // Fixed command ids: a second generator starting at the same time, or this one after a
    // crash, gets the first registration's result back instead of registering twice.
    QList<std::pair<Command, QFuture<CommandResult>>> catalog;
    const auto add = [&](Command command) {
        QFuture<CommandResult> future = m_bus.dispatch(command);
        catalog.append({std::move(command), std::move(future)});
    };
    if (m_customers.isEmpty()) {
        for (int i = 1; i <= m_options.catalogCustomers; ++i) {
            const QString id = u"LOAD-C%1"_s.arg(i, 3, 10, QLatin1Char('0'));
            add(RegisterCustomer {{u"load-catalog-"_s + id, std::nullopt, {}},
                                  id,
                                  u"Load Customer %1"_s.arg(i),
                                  u"load%1@example.com"_s.arg(i)});
        }
    }
    if (m_products.isEmpty()) {
        for (int i = 1; i <= m_options.catalogProducts; ++i) {
            const QString id = u"LOAD-P%1"_s.arg(i, 3, 10, QLatin1Char('0'));
            add(AddProduct {{u"load-catalog-"_s + id, std::nullopt, {}},
                            id,
                            u"Load Item %1"_s.arg(i),
                            Money::fromCents(99 + (i * 1237) % 20000)});
        }
    }
    for (auto &[command, future] : catalog) {
        const CommandResult result = future.result();
        const bool exists =
            result.error == ErrorCode::CustomerExists || result.error == ErrorCode::ProductExists;
        if (!result.isAccepted() && !exists)
            return result.toError();
        Q_EMIT commandAnswered(result);
    }
    if (auto ok = follow(); !ok)
        return ok;
    if (m_customers.isEmpty() || m_products.isEmpty())
        return Error {ErrorCode::UnknownCustomer,
                      tr("The store has no customers or no products to make orders for.")};
    return {};
}

void LoadGenerator::start()
{
    Q_ASSERT_X(m_eventLog, "LoadGenerator::start", "prepare() first");
    m_running = true;
    m_stopping = false;
    m_clock.start();
    m_lastTickMs = 0;
    m_budget = 1;
    m_tickTimer.start(TickIntervalMs);
    m_followTimer.start(FollowIntervalMs);
    tick();
}

void LoadGenerator::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_running = false;
    m_tickTimer.stop();
    m_followTimer.stop();
    finishIfDone();
}

void LoadGenerator::finishIfDone()
{
    if (!m_stopping || m_inFlight > 0 || m_summary.elapsedMs > 0)
        return;
    m_summary.elapsedMs = std::max<qint64>(1, m_clock.isValid() ? m_clock.elapsed() : 0);
    Q_EMIT finished(m_summary);
}

void LoadGenerator::tick()
{
    if (!m_running)
        return;
    const qint64 now = m_clock.elapsed();
    if (m_options.durationMs >= 0 && now >= m_options.durationMs) {
        stop();
        return;
    }
    // A backlog of up to a tenth of a second is caught up; more would come out as a burst.
    m_budget += m_options.rate * double(now - m_lastTickMs) / 1000.0;
    m_budget = std::min(m_budget, std::max(1.0, m_options.rate / 10.0));
    m_lastTickMs = now;
    while (m_budget >= 1 && m_inFlight < m_options.maxInFlight) {
        if (m_options.count >= 0 && m_summary.dispatched >= m_options.count)
            break;
        if (!dispatchOne())
            break;
        m_budget -= 1;
    }
    if (m_options.count >= 0 && m_summary.dispatched >= m_options.count)
        stop();
}

Result<void> LoadGenerator::follow()
{
    for (;;) {
        const Result<EventEnvelopes> events = m_eventLog->readEvents(m_followedTo, FollowChunk);
        if (!events)
            return events.error();
        for (const EventEnvelope &event : *events)
            learn(event.streamId, event.type, event.streamVersion);
        if (!events->isEmpty())
            m_followedTo = events->constLast().position;
        if (events->size() < FollowChunk)
            return {};
    }
}

void LoadGenerator::learn(const QString &streamId, const QString &type, qint64 version)
{
    static const QString customerPrefix = customerStreamId(QString());
    static const QString productPrefix = productStreamId(QString());
    if (type == u"CustomerRegistered") {
        const QString id = streamId.mid(customerPrefix.size());
        if (!m_customerSet.contains(id)) {
            m_customerSet.insert(id);
            m_customers.append(id);
        }
    } else if (type == u"ProductAdded") {
        const QString id = streamId.mid(productPrefix.size());
        if (!m_productSet.contains(id)) {
            m_productSet.insert(id);
            m_products.append(id);
        }
    } else if (type == u"OrderCreated" || type == u"OrderLinesChanged") {
        setStage(streamId, Pending, version);
    } else if (type == u"OrderConfirmed") {
        setStage(streamId, Confirmed, version);
    } else if (type == u"OrderShipped") {
        setStage(streamId, Shipped, version);
    } else if (type == u"OrderDelivered" || type == u"OrderCancelled") {
        setStage(streamId, StageCount, version);
    }
}

void LoadGenerator::setStage(const QString &orderId, int stage, qint64 version)
{
    auto it = m_orders.find(orderId);
    if (it == m_orders.end())
        it = m_orders.insert(orderId, OrderState {StageCount, 0, false});
    OrderState &state = *it;
    if (version <= state.version)
        return; // already known, or older than what is known
    const bool wasOpen = state.version > 0 && state.stage < StageCount;
    const bool isOpen = stage < StageCount;
    // Stage lists are cleaned lazily: pickOrder() drops entries whose order moved on.
    if (isOpen && (state.stage != stage || state.version == 0))
        m_stages[size_t(stage)].append(orderId);
    state.stage = stage;
    state.version = version;
    m_openOrders += qint64(isOpen) - qint64(wasOpen);
}

QString LoadGenerator::pickOrder(int stage)
{
    QStringList &candidates = m_stages[size_t(stage)];
    for (int tries = 0; tries < 8 && !candidates.isEmpty(); ++tries) {
        const qsizetype i = qsizetype(m_random.bounded(quint32(candidates.size())));
        const QString id = candidates.at(i);
        const auto it = m_orders.constFind(id);
        if (it == m_orders.cend() || it->stage != stage) {
            candidates.swapItemsAt(i, candidates.size() - 1);
            candidates.removeLast();
            continue;
        }
        if (!it->busy)
            return id;
    }
    return {};
}

LineRequests LoadGenerator::randomLines()
{
    const int count = 1 + int(m_random.bounded(std::min<quint32>(4, quint32(m_products.size()))));
    LineRequests lines;
    QSet<QString> used;
    while (lines.size() < count) {
        const QString &sku = m_products.at(qsizetype(m_random.bounded(quint32(m_products.size()))));
        if (used.contains(sku))
            continue;
        used.insert(sku);
        lines.append(LineRequest {sku, 1 + qint64(m_random.bounded(9)), std::nullopt});
    }
    return lines;
}

bool LoadGenerator::dispatchOne()
{
    enum Kind { Create, ChangeLines, Confirm, Ship, Deliver, Cancel };
    const bool canCreate = m_openOrders + m_creating < m_options.maxOpenOrders;
    const bool anyPending = !m_stages[Pending].isEmpty();
    const bool anyConfirmed = !m_stages[Confirmed].isEmpty();
    const bool anyShipped = !m_stages[Shipped].isEmpty();
    const std::pair<Kind, int> weights[] = {
        {Create, canCreate ? 30 : 0},   {ChangeLines, anyPending ? 12 : 0},
        {Confirm, anyPending ? 20 : 0}, {Ship, anyConfirmed ? 15 : 0},
        {Deliver, anyShipped ? 12 : 0}, {Cancel, anyPending || anyConfirmed || anyShipped ? 8 : 0},
    };
    int total = 0;
    for (const auto &w : weights)
        total += w.second;
    if (total == 0)
        return false;
    int roll = int(m_random.bounded(total));
    Kind kind = Create;
    for (const auto &w : weights) {
        if (roll < w.second) {
            kind = w.first;
            break;
        }
        roll -= w.second;
    }

    const auto meta = [this](const QString &orderId) {
        return CommandMeta {{}, m_orders.value(orderId).version, {}};
    };
    QString orderId;
    switch (kind) {
    case Create:
        break;
    case ChangeLines:
    case Confirm:
        orderId = pickOrder(Pending);
        break;
    case Ship:
        orderId = pickOrder(Confirmed);
        break;
    case Deliver:
        orderId = pickOrder(Shipped);
        break;
    case Cancel:
        orderId = pickOrder(int(m_random.bounded(quint32(StageCount))));
        break;
    }
    if (orderId.isEmpty() && kind != Create) {
        if (!canCreate)
            return false;
        kind = Create;
    }
    switch (kind) {
    case Create: {
        const QString customer =
            m_customers.at(qsizetype(m_random.bounded(quint32(m_customers.size()))));
        send(CreateOrder {{}, newOrderId(), customer, randomLines(), {}}, QString());
        break;
    }
    case ChangeLines:
        send(ChangeOrderLines {meta(orderId), orderId, randomLines()}, orderId);
        break;
    case Confirm:
        send(ConfirmOrder {meta(orderId), orderId}, orderId);
        break;
    case Ship:
        send(ShipOrder {meta(orderId), orderId}, orderId);
        break;
    case Deliver:
        send(DeliverOrder {meta(orderId), orderId}, orderId);
        break;
    case Cancel: {
        const QString &reason =
            cancelReasons.at(qsizetype(m_random.bounded(quint32(cancelReasons.size()))));
        send(CancelOrder {meta(orderId), orderId, reason}, orderId);
        break;
    }
    }
    return true;
}

void LoadGenerator::send(Command command, const QString &orderId)
{
    // The stage the order reaches when the command is accepted.
    const int stage = std::visit(
        [](const auto &c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ConfirmOrder>)
                return int(Confirmed);
            else if constexpr (std::is_same_v<T, ShipOrder>)
                return int(Shipped);
            else if constexpr (std::is_same_v<T, DeliverOrder> || std::is_same_v<T, CancelOrder>)
                return int(StageCount);
            else
                return int(Pending);
        },
        command);
    const QString target = orderId.isEmpty() ? targetIdOf(command) : orderId;
    const bool creates = std::holds_alternative<CreateOrder>(command);
    if (!orderId.isEmpty())
        m_orders[orderId].busy = true;
    m_creating += creates ? 1 : 0;
    ++m_inFlight;
    ++m_summary.dispatched;
    m_bus.dispatch(std::move(command))
        .then(this, [this, target, stage, creates](const CommandResult &result) {
            m_creating -= creates ? 1 : 0;
            answered(target, stage, result);
        });
}

void LoadGenerator::answered(const QString &orderId, int stageOnSuccess,
                             const CommandResult &result)
{
    --m_inFlight;
    if (auto it = m_orders.find(orderId); it != m_orders.end())
        it->busy = false;
    if (result.isAccepted()) {
        ++m_summary.accepted;
        setStage(orderId, stageOnSuccess, result.version);
    } else {
        ++m_summary.rejected;
        ++m_summary.rejectedBy[result.error];
        // Someone else moved the order on: learn what they did before trying it again.
        if (result.error == ErrorCode::ConcurrentModification && m_eventLog)
            std::ignore = follow();
    }
    Q_EMIT commandAnswered(result);
    finishIfDone();
}

} // namespace OrderDesk
