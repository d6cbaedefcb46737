// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "pgtestdatabase.h"
#include "projections/projector.h"
#include "read/readstorecomparison.h"
#include "projections/readstorebuilder.h"

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

} // namespace

class tst_ProjectorPostgres : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void anotherDesktopsOrderArrivesByNotification();
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

QTEST_GUILESS_MAIN(tst_ProjectorPostgres)
#include "tst_projectorpostgres.moc"
