// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "demo/loadgenerator.h"
#include "projections/projector.h"
#include "projections/readstorebuilder.h"
#include "read/readstorecomparison.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace OrderDesk;
using OrderDesk::TestSupport::failure;
using namespace Qt::StringLiterals;

class tst_LoadGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sendsMixOfValidCommands();
    void stopsWhenAsked();
    void projectorControlsUnderLoad();

private:
    WriteStoreConfig newStore();

    QTemporaryDir m_dir;
    int m_stores = 0;
};

void tst_LoadGenerator::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
    qRegisterMetaType<OrderDesk::CommandResult>();
    qRegisterMetaType<OrderDesk::LoadSummary>();
}

WriteStoreConfig tst_LoadGenerator::newStore()
{
    WriteStoreConfig config;
    config.path = m_dir.filePath(u"orders-%1.db"_s.arg(++m_stores));
    config.durability = WriteStoreConfig::Durability::Normal;
    return config;
}

void tst_LoadGenerator::sendsMixOfValidCommands()
{
    // On an empty store the generator registers a catalog, then sends exactly the number of
    // commands asked for, every one valid (all accepted when it is alone), of every kind.
    const WriteStoreConfig config = newStore();
    CommandBus bus(config);
    QVERIFY(bus.start());
    LoadOptions options;
    options.rate = 5000;
    options.count = 800;
    options.maxOpenOrders = 40;
    LoadGenerator generator(bus, config, options);
    QSignalSpy answers(&generator, &LoadGenerator::commandAnswered);
    QSignalSpy finished(&generator, &LoadGenerator::finished);
    const Result<void> prepared = generator.prepare();
    QVERIFY2(prepared, failure(prepared));
    const qsizetype catalog = answers.size();
    QCOMPARE(catalog, qsizetype(options.catalogCustomers + options.catalogProducts));
    generator.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60'000);

    const LoadSummary summary = generator.summary();
    QCOMPARE(summary.dispatched, 800);
    QCOMPARE(summary.accepted, 800);
    QCOMPARE(summary.rejected, 0);
    QCOMPARE(answers.size(), catalog + 800);
    QSet<QString> kinds;
    for (const QList<QVariant> &answer : std::as_const(answers))
        kinds.insert(answer.at(0).value<CommandResult>().commandType);
    for (const QString &kind : {u"CreateOrder"_s, u"ChangeOrderLines"_s, u"ConfirmOrder"_s,
                                u"ShipOrder"_s, u"DeliverOrder"_s, u"CancelOrder"_s})
        QVERIFY2(kinds.contains(kind), qPrintable(kind));
    QVERIFY(generator.openOrders() <= options.maxOpenOrders);

    // A second generator on the same store finds the catalog and the open orders and goes on.
    LoadGenerator next(bus, config, options);
    QSignalSpy nextAnswers(&next, &LoadGenerator::commandAnswered);
    QVERIFY(next.prepare());
    QCOMPARE(nextAnswers.size(), 0);
    QCOMPARE(next.openOrders(), generator.openOrders());
}

void tst_LoadGenerator::stopsWhenAsked()
{
    // stop() ends the sending; finished() comes once every command in flight is answered.
    const WriteStoreConfig config = newStore();
    CommandBus bus(config);
    QVERIFY(bus.start());
    LoadOptions options;
    options.rate = 500;
    LoadGenerator generator(bus, config, options);
    QSignalSpy answers(&generator, &LoadGenerator::commandAnswered);
    QSignalSpy finished(&generator, &LoadGenerator::finished);
    QVERIFY(generator.prepare());
    generator.start();
    QTRY_VERIFY(answers.size() > 50);
    generator.stop();
    QTRY_COMPARE(finished.size(), 1);
    const LoadSummary summary = finished.constFirst().at(0).value<LoadSummary>();
    QCOMPARE(summary.accepted + summary.rejected, summary.dispatched);
    QVERIFY(!generator.isRunning());
}

void tst_LoadGenerator::projectorControlsUnderLoad()
{
    // Pausing, resuming, slowing down and rebuilding the projector as fast as a demonstrator
    // can click while load runs never deadlocks it, and it ends up equal to a rebuild.
    const WriteStoreConfig config = newStore();
    const QString readPath = m_dir.filePath(u"read-%1.db"_s.arg(m_stores));
    CommandBus bus(config);
    QVERIFY(bus.start());
    ProjectorConfig projection;
    projection.eventLog = config;
    projection.readStorePath = readPath;
    projection.batchSize = 50;
    projection.rebuildChunkSize = 200;
    Projector projector(projection);
    QVERIFY(projector.start());
    connect(&bus, &CommandBus::eventsAppended, &projector, &Projector::notifyEventsAppended,
            Qt::DirectConnection);

    LoadOptions options;
    options.rate = 2000;
    options.count = 3000;
    LoadGenerator generator(bus, config, options);
    QSignalSpy finished(&generator, &LoadGenerator::finished);
    QVERIFY(generator.prepare());

    QRandomGenerator random(5);
    int toggles = 0;
    QTimer clicks;
    connect(&clicks, &QTimer::timeout, this, [&] {
        ++toggles;
        switch (random.bounded(6)) {
        case 0:
            projector.pause();
            break;
        case 1:
        case 2:
            projector.resume();
            break;
        case 3:
            projector.setDelayMs(int(random.bounded(20)));
            break;
        case 4:
            projector.rebuild();
            break;
        case 5:
            projector.setBatchSize(1 + int(random.bounded(500)));
            break;
        }
    });
    clicks.start(5);
    generator.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120'000);
    clicks.stop();
    projector.setDelayMs(0);
    projector.resume();
    QVERIFY(toggles > 100);
    const auto &rejectedBy = generator.summary().rejectedBy;
    QVERIFY2(rejectedBy.isEmpty(),
             qPrintable(rejectedBy.isEmpty() ? QString() : errorCodeName(rejectedBy.firstKey())));

    const qint64 head = bus.headPosition();
    QVERIFY(projector.waitForPosition(head, 120'000).result());
    QTRY_VERIFY_WITH_TIMEOUT(projector.status().state == ProjectionStatus::State::Running, 60'000);
    QVERIFY(projector.waitForPosition(head, 120'000).result());
    projector.stop();

    WriteStoreConfig events = config;
    events.readOnly = true;
    const std::unique_ptr<WriteStore> log = createWriteStore(events);
    QVERIFY(log->open());
    const QString referencePath = m_dir.filePath(u"reference-%1.db"_s.arg(m_stores));
    const Result<qint64> built = ReadStoreBuilder::build(*log, referencePath);
    QVERIFY2(built, failure(built));
    QCOMPARE(*built, head);
    const Result<ReadStoreComparison> comparison = compareReadStores(readPath, referencePath);
    QVERIFY2(comparison, failure(comparison));
    QVERIFY2(comparison->isEqual(), qPrintable(comparison->differences.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_LoadGenerator)
#include "tst_loadgenerator.moc"
