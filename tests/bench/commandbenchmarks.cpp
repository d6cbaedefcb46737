// SPDX-License-Identifier: MIT
#include "commandbenchmarks.h"

#include "benchsupport.h"
#include "fixtures.h"
#include "rawsqlite.h"

#include "commands/commandbus.h"
#include "projections/projector.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QTimer>

#include <atomic>
#include <deque>
#include <random>

namespace OrderDesk::Bench::CommandBenchmarks {

using namespace Qt::StringLiterals;

namespace {

constexpr int Customers = 200;
constexpr int Products = 50;

WriteStoreConfig freshStore(const QString &directory)
{
    QDir().mkpath(directory);
    WriteStoreConfig config;
    config.path = directory + u"/orders.db"_s;
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        QFile::remove(config.path + suffix);
    QFile::remove(directory + u"/orders-read.db"_s);
    // The application's setting: an accepted command has reached the disk.
    config.durability = WriteStoreConfig::Durability::Full;
    return config;
}

/// Registers the customers and products orders refer to (not measured).
Result<void> registerCatalog(CommandBus &bus)
{
    const Fixtures::Catalog catalog = Fixtures::Catalog::make(Customers, Products, 3);
    QList<QFuture<CommandResult>> futures;
    for (const Fixtures::CatalogCustomer &c : catalog.customers)
        futures.append(bus.dispatch(RegisterCustomer {{}, c.id, c.name, c.email}));
    for (const Fixtures::CatalogProduct &p : catalog.products)
        futures.append(bus.dispatch(AddProduct {{}, p.id, p.name, p.price}));
    for (QFuture<CommandResult> &future : futures) {
        const CommandResult result = future.result();
        if (!result.isAccepted())
            return result.toError();
    }
    return {};
}

/// A CreateOrder as a clerk enters one: a customer and one to three lines at catalog prices.
class OrderMaker
{
public:
    Command next()
    {
        CreateOrder create;
        create.customerId = u"C%1"_s.arg(1 + int(m_random() % Customers), 5, 10, QLatin1Char('0'));
        const int lines = 1 + int(m_random() % 3);
        // Distinct products: the domain refuses a product on two lines.
        const int first = int(m_random() % Products);
        for (int i = 0; i < lines; ++i)
            create.lines.append(
                {u"SKU-%1"_s.arg(1 + (first + i * 7) % Products, 4, 10, QLatin1Char('0')),
                 qint64(1 + m_random() % 4), std::nullopt});
        create.currency = u"EUR"_s;
        return create;
    }

private:
    std::mt19937 m_random {11};
};

} // namespace

Result<Throughput> measureThroughput(const QString &directory, double seconds, int rounds)
{
    const WriteStoreConfig config = freshStore(directory);
    CommandBus bus(config);
    if (auto ok = bus.start(); !ok)
        return ok.error();
    if (auto ok = registerCatalog(bus); !ok)
        return ok.error();
    // The write store's setting, in the raw file too.
    RawSqlite::CommitFile raw(
        directory + u"/raw-commits.db"_s,
        config.durability == WriteStoreConfig::Durability::Full ? u"FULL"_s : u"NORMAL"_s);
    OrderMaker maker;
    Throughput figures;
    const double slice = seconds / rounds;
    const qint64 sliceNs = qint64(slice * 1e9);
    qint64 rawCommits = 0;
    qint64 rawNs = 0;
    qint64 serialNs = 0;
    qint64 concurrentNs = 0;
    qint64 concurrentCommitted = 0;
    std::atomic<qint64> commits {0};
    const QMetaObject::Connection counting = QObject::connect(
        &bus, &CommandBus::eventsAppended, &bus, [&commits](qint64) { ++commits; },
        Qt::DirectConnection);
    progress(u"commits: raw sqlite3, CreateOrder one at a time and 256 in flight, %1 s each "
             "in %2 alternating slices"_s.arg(seconds)
                 .arg(rounds));
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        rawCommits += raw.commitFor(slice);
        rawNs += timer.nsecsElapsed();

        timer.restart();
        qint64 serial = 0;
        while (timer.nsecsElapsed() < sliceNs || serial < 5) {
            const CommandResult result = bus.dispatch(maker.next()).result();
            if (!result.isAccepted())
                return result.toError();
            ++serial;
        }
        serialNs += timer.nsecsElapsed();
        figures.serialCommands += serial;

        constexpr size_t InFlight = 256;
        std::deque<QFuture<CommandResult>> flying;
        qint64 done = 0;
        const qint64 commitsBefore = commits;
        timer.restart();
        while (timer.nsecsElapsed() < sliceNs || done < 300) {
            while (flying.size() < InFlight)
                flying.push_back(bus.dispatch(maker.next()));
            const CommandResult result = flying.front().result();
            flying.pop_front();
            if (!result.isAccepted())
                return result.toError();
            ++done;
        }
        concurrentNs += timer.nsecsElapsed();
        // The commands still in flight finish outside the measured time and are not counted:
        // the rate counts what was acknowledged within it.
        for (QFuture<CommandResult> &future : flying)
            future.waitForFinished();
        figures.concurrentCommands += done;
        concurrentCommitted += done + qint64(flying.size());
        figures.meanBatchSize += double(commits - commitsBefore);
    }
    QObject::disconnect(counting);
    figures.rawCommitsPerSecond = double(rawCommits) / (double(rawNs) / 1e9);
    figures.serialPerSecond = double(figures.serialCommands) / (double(serialNs) / 1e9);
    figures.concurrentPerSecond = double(figures.concurrentCommands) / (double(concurrentNs) / 1e9);
    figures.meanBatchSize =
        figures.meanBatchSize > 0 ? double(concurrentCommitted) / figures.meanBatchSize : 0;
    bus.stop();
    return figures;
}

Result<double> createOrders(const QString &directory, int count)
{
    const WriteStoreConfig config = freshStore(directory);
    CommandBus bus(config);
    if (auto ok = bus.start(); !ok)
        return ok.error();
    if (auto ok = registerCatalog(bus); !ok)
        return ok.error();
    OrderMaker maker;
    std::deque<QFuture<CommandResult>> flying;
    QElapsedTimer timer;
    timer.start();
    for (int sent = 0; sent < count || !flying.empty();) {
        while (sent < count && flying.size() < 256) {
            flying.push_back(bus.dispatch(maker.next()));
            ++sent;
        }
        const CommandResult result = flying.front().result();
        flying.pop_front();
        if (!result.isAccepted())
            return result.toError();
    }
    return double(count) / (double(timer.nsecsElapsed()) / 1e9);
}

Result<Lag> measureLag(const QString &directory, int rate, double seconds)
{
    const WriteStoreConfig config = freshStore(directory);
    CommandBus bus(config);
    if (auto ok = bus.start(); !ok)
        return ok.error();
    if (auto ok = registerCatalog(bus); !ok)
        return ok.error();
    ProjectorConfig projectorConfig;
    projectorConfig.eventLog = config;
    projectorConfig.readStorePath = directory + u"/orders-read.db"_s;
    Projector projector(projectorConfig);
    // Wired as the application wires them.
    QObject::connect(&bus, &CommandBus::eventsAppended, &projector,
                     &Projector::notifyEventsAppended);
    if (auto ok = projector.start(); !ok)
        return ok.error();
    {
        QFuture<bool> caughtUp = projector.waitForPosition(bus.headPosition(), 60'000);
        if (!waitUntil([&] { return caughtUp.isFinished(); }, 61'000) || !caughtUp.result())
            return Error {ErrorCode::StorageError, u"The projector did not catch up."_s};
    }

    const qint64 total = qint64(double(rate) * seconds);
    std::vector<qint64> dispatched(size_t(total), 0);
    std::vector<std::atomic<qint64>> accepted(static_cast<size_t>(total));
    std::vector<std::atomic<qint64>> visible(static_cast<size_t>(total));
    std::atomic<qint64> rejected {0};
    std::atomic<qint64> finished {0};
    QMutex confirmableMutex;
    std::deque<QString> confirmable;
    OrderMaker maker;
    QElapsedTimer clock;
    clock.start();

    progress(u"lag: %1 commands/s for %2 s"_s.arg(rate).arg(seconds));
    qint64 sent = 0;
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(1);
    QObject::connect(&pacer, &QTimer::timeout, [&] {
        const qint64 due = std::min(total, qint64(double(clock.nsecsElapsed()) / 1e9 * rate));
        for (; sent < due; ++sent) {
            const size_t i = size_t(sent);
            Command command;
            QString confirm;
            if (sent % 3 == 2) {
                const QMutexLocker locker(&confirmableMutex);
                if (!confirmable.empty()) {
                    confirm = confirmable.front();
                    confirmable.pop_front();
                }
            }
            command = confirm.isEmpty() ? maker.next() : Command(ConfirmOrder {{}, confirm});
            dispatched[i] = clock.nsecsElapsed();
            bus.dispatch(std::move(command))
                .then(QtFuture::Launch::Sync, [&, i](const CommandResult &result) {
                    accepted[i] = clock.nsecsElapsed();
                    if (!result.isAccepted()) {
                        ++rejected;
                        ++finished;
                        return;
                    }
                    if (result.commandType == u"CreateOrder") {
                        const QMutexLocker locker(&confirmableMutex);
                        confirmable.push_back(result.targetId);
                    }
                    projector.waitForPosition(result.position, 30'000)
                        .then(QtFuture::Launch::Sync, [&, i](bool shown) {
                            if (shown)
                                visible[i] = clock.nsecsElapsed();
                            ++finished;
                        });
                });
        }
        if (sent == total)
            pacer.stop();
    });
    pacer.start();
    waitUntil([&] { return sent == total; }, int(seconds * 1000) + 60'000);
    const double sendingSeconds = double(clock.nsecsElapsed()) / 1e9;
    waitUntil([&] { return finished == total; }, 60'000);

    Lag lag;
    lag.commands = total;
    lag.rejected = rejected;
    lag.achievedPerSecond = double(sent) / sendingSeconds;
    std::vector<double> acceptedToVisible;
    std::vector<double> dispatchToVisible;
    for (size_t i = 0; i < size_t(total); ++i) {
        const qint64 shown = visible[i];
        if (shown == 0) {
            continue;
        }
        acceptedToVisible.push_back(std::max<double>(0, double(shown - accepted[i]) / 1e6));
        dispatchToVisible.push_back(double(shown - dispatched[i]) / 1e6);
    }
    lag.notVisible = total - lag.rejected - qint64(acceptedToVisible.size());
    lag.p50Ms = percentile(acceptedToVisible, 50);
    lag.p99Ms = percentile(acceptedToVisible, 99);
    lag.maxMs = percentile(acceptedToVisible, 100);
    lag.dispatchToVisibleP99Ms = percentile(dispatchToVisible, 99);
    lag.projectorP99Ms = double(projector.status().commandLagP99Ms);
    projector.stop();
    bus.stop();
    return lag;
}

} // namespace OrderDesk::Bench::CommandBenchmarks
