// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "pgtestdatabase.h"
#include "projections/projector.h"
#include "read/readstorecomparison.h"
#include "projections/readstorebuilder.h"
#include "read/readstore.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace OrderDesk;
using namespace OrderDesk::Testing;
using namespace Qt::StringLiterals;

namespace {

/// One desktop: its own command bus to the shared server and its own local read store.
struct Desktop
{
    Desktop(const WriteStoreConfig &shared, const QString &readStorePath, int pollIntervalMs)
    {
        bus = std::make_unique<CommandBus>(shared);
        ProjectorConfig config;
        config.eventLog = shared;
        config.readStorePath = readStorePath;
        config.pollIntervalMs = pollIntervalMs;
        projector = std::make_unique<Projector>(config);
        QObject::connect(bus.get(), &CommandBus::eventsAppended, projector.get(),
                         &Projector::notifyEventsAppended);
    }

    bool start() { return bus->start().hasValue() && projector->start().hasValue(); }

    std::unique_ptr<CommandBus> bus;
    std::unique_ptr<Projector> projector;
};

/// A customer, a product and `orders` orders with ids prefix-1, prefix-2, …; what went wrong,
/// or an empty string.
QString fill(CommandBus &bus, const QString &prefix, int orders)
{
    QList<Command> commands = {
            RegisterCustomer{{}, u"C1"_s, u"Ada Lovelace"_s, u"ada@example.com"_s},
            AddProduct{{}, u"SKU-1"_s, u"Widget"_s, Money::fromCents(990)},
    };
    for (int i = 1; i <= orders; ++i)
        commands.append(CreateOrder{{}, u"%1-%2"_s.arg(prefix).arg(i), u"C1"_s,
                                    {{u"SKU-1"_s, i, std::nullopt}}, {}});
    for (const Command &command : std::as_const(commands)) {
        const CommandResult result = bus.dispatch(command).result();
        if (!result.isAccepted())
            return result.commandType + u": "_s + result.message;
    }
    return {};
}

/// How many orders in the read store have ids that start with `prefix`; -1 when unreadable.
qint64 ordersIn(const QString &readStorePath, const QString &prefix)
{
    ReadStore store(readStorePath);
    if (!store.openForQueries())
        return -1;
    Result<QSqlQuery> query =
            store.connection().prepare(u"SELECT count(*) FROM order_view WHERE id LIKE ?"_s);
    if (!query)
        return -1;
    query->addBindValue(QString(prefix + u"-%"_s));
    if (!query->exec() || !query->next())
        return -1;
    return query->value(0).toLongLong();
}

/// The read store equals a rebuild from the log; an empty string, or the differences.
QString compareWithLog(const WriteStoreConfig &log, const QString &readStorePath,
                       const QString &referencePath)
{
    WriteStoreConfig readOnly = log;
    readOnly.readOnly = true;
    const std::unique_ptr<WriteStore> events = createWriteStore(readOnly);
    if (auto ok = events->open(); !ok)
        return ok.error().message;
    if (auto built = ReadStoreBuilder::build(*events, referencePath); !built)
        return built.error().message;
    const Result<ReadStoreComparison> comparison = compareReadStores(readStorePath, referencePath);
    if (!comparison)
        return comparison.error().message;
    return comparison->isEqual() ? QString() : comparison->differences.join(u'\n');
}

} // namespace

class tst_ProjectorPostgres : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void anotherDesktopsOrderArrivesByNotification();
    void switchingStoresStartsTheReadStoreAfresh();
};

void tst_ProjectorPostgres::init()
{
    if (const char *reason = PgTestDatabase::skipReason(); *reason)
        QSKIP(reason);
}

void tst_ProjectorPostgres::anotherDesktopsOrderArrivesByNotification()
{
    // An order created on one desktop reaches another desktop's read store because the server
    // notifies it, long before that desktop would have polled; both read stores end equal to a
    // rebuild from the shared log.
    PgTestDatabase database;
    QVERIFY2(database.error().isEmpty(), qPrintable(database.error()));
    QTemporaryDir directory;
    constexpr int SlowPollMs = 60'000;
    Desktop a(database.config(), directory.filePath(u"a-read.db"_s), SlowPollMs);
    Desktop b(database.config(), directory.filePath(u"b-read.db"_s), SlowPollMs);
    QVERIFY(a.start());
    QVERIFY(b.start());
    QVERIFY(a.bus->dispatch(RegisterCustomer{{}, u"C1"_s, u"Ada Lovelace"_s, u"ada@example.com"_s})
                    .result()
                    .isAccepted());
    QVERIFY(a.bus->dispatch(AddProduct{{}, u"SKU-1"_s, u"Widget"_s, Money::fromCents(990)})
                    .result()
                    .isAccepted());

    QSignalSpy projectedOnB(b.projector.get(), &Projector::projected);
    QElapsedTimer sinceAccepted;
    const CommandResult created =
            a.bus->dispatch(CreateOrder{{}, {}, u"C1"_s, {{u"SKU-1"_s, 3, std::nullopt}}, {}})
                    .result();
    QVERIFY(created.isAccepted());
    sinceAccepted.start();
    // The listener's own fallback poll is 2 s and the projector's is a minute: only the
    // notification can make this in time.
    QVERIFY(b.projector->waitForPosition(created.position, 1500).result());
    const qint64 notifyToVisibleMs = sinceAccepted.elapsed();
    QVERIFY2(notifyToVisibleMs < 1500, qPrintable(QString::number(notifyToVisibleMs)));
    QVERIFY(b.projector->status().storeConnected);

    QVERIFY(a.projector->waitForPosition(created.position, 5000).result());
    a.projector->stop();
    b.projector->stop();
    const std::unique_ptr<WriteStore> log = createWriteStore(database.config(true));
    QVERIFY(log->open());
    const QString reference = directory.filePath(u"reference.db"_s);
    QVERIFY(ReadStoreBuilder::build(*log, reference));
    for (const QString &store : {directory.filePath(u"a-read.db"_s), directory.filePath(u"b-read.db"_s)}) {
        const Result<ReadStoreComparison> comparison = compareReadStores(store, reference);
        QVERIFY(comparison);
        QVERIFY2(comparison->isEqual(), qPrintable(comparison->differences.join(u'\n')));
    }
}

void tst_ProjectorPostgres::switchingStoresStartsTheReadStoreAfresh()
{
    // A desktop's read store projected from its SQLite file, then the desktop pointed at a
    // shared server with a longer log, then at another database with a log just as long: each
    // time the read store is emptied and projected from the new log, never a mix of two logs
    // (the checkpoint alone cannot tell; the logs' store ids do).
    QTemporaryDir directory;
    const QString readStore = directory.filePath(u"read.db"_s);
    WriteStoreConfig local;
    local.path = directory.filePath(u"orders.db"_s);
    PgTestDatabase first;
    QVERIFY2(first.error().isEmpty(), qPrintable(first.error()));
    PgTestDatabase second;
    QVERIFY2(second.error().isEmpty(), qPrintable(second.error()));

    struct Step
    {
        WriteStoreConfig store;
        QString prefix;
        int orders;
    };
    const QList<Step> steps = {{local, u"ORD-LOCAL"_s, 5},
                               {first.config(), u"ORD-FIRST"_s, 9},
                               {second.config(), u"ORD-SECOND"_s, 9}};
    QStringList earlier;
    for (const Step &step : steps) {
        // The log is there first, as long as the last one or longer, when the projector
        // starts on the read store that the last one left.
        Desktop desktop(step.store, readStore, 200);
        QVERIFY(desktop.bus->start());
        const QString filled = fill(*desktop.bus, step.prefix, step.orders);
        QVERIFY2(filled.isEmpty(), qPrintable(filled));
        QVERIFY(desktop.projector->start());
        QVERIFY(desktop.projector->waitForPosition(desktop.bus->headPosition(), 15'000).result());
        QVERIFY(desktop.projector->status().checkpoint <= desktop.bus->headPosition());
        desktop.projector->stop();

        QCOMPARE(ordersIn(readStore, step.prefix), step.orders);
        for (const QString &prefix : std::as_const(earlier))
            QCOMPARE(ordersIn(readStore, prefix), 0);
        const QString differences = compareWithLog(
                step.store, readStore, directory.filePath(step.prefix + u"-reference.db"_s));
        QVERIFY2(differences.isEmpty(), qPrintable(differences));
        earlier.append(step.prefix);
    }
}

QTEST_GUILESS_MAIN(tst_ProjectorPostgres)
#include "tst_projectorpostgres.moc"
