// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "demo/demoseeder.h"
#include "models/orderlistmodel.h"
#include "events/eventcodec.h"
#include "projections/projector.h"
#include "projections/readstorebuilder.h"
#include "read/orderqueries.h"
#include "read/readstore.h"
#include "storage/datadirectory.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

/// A data directory with a running bus and projector, as the application wires them.
class Stores
{
public:
    Stores()
        : m_directory(m_temporary.path())
    {
    }

    bool start()
    {
        WriteStoreConfig config;
        config.path = m_directory.writeStorePath();
        config.durability = WriteStoreConfig::Durability::Normal;
        bus = std::make_unique<CommandBus>(config);
        if (!bus->start())
            return false;
        ProjectorConfig projectorConfig;
        projectorConfig.eventLog = config;
        projectorConfig.readStorePath = m_directory.readStorePath();
        projector = std::make_unique<Projector>(projectorConfig);
        QObject::connect(bus.get(), &CommandBus::eventsAppended, projector.get(),
                         &Projector::notifyEventsAppended);
        return projector->start().hasValue();
    }

    bool seed(qint64 orders, quint32 seed = 7)
    {
        SeedOptions options;
        options.orders = orders;
        options.customers = 40;
        options.products = 25;
        options.seed = seed;
        return DemoSeeder(*bus).run(options).hasValue() && caughtUp();
    }

    bool caughtUp()
    {
        return projector->waitForPosition(bus->headPosition(), 30000).result();
    }

    /// Every row of the filtered, sorted list straight from the read store.
    QList<OrderRow> reference(const OrderFilter &filter, const OrderSort &sort)
    {
        ReadStore store(readStorePath());
        if (!store.openForQueries())
            return {};
        OrderQueries queries(store.connection());
        QList<OrderRow> rows;
        for (qint64 offset = 0;; offset += OrderQueries::MaxPageSize) {
            const Result<QList<OrderRow>> page =
                    queries.listOrders(filter, sort, offset, OrderQueries::MaxPageSize);
            if (!page || page->isEmpty())
                break;
            rows += *page;
        }
        return rows;
    }

    QString readStorePath() const { return m_directory.readStorePath(); }

    std::unique_ptr<CommandBus> bus;
    std::unique_ptr<Projector> projector;

private:
    QTemporaryDir m_temporary;
    DataDirectory m_directory;
};

/// Asks the model for every row and waits until all are loaded.
bool loadAll(OrderListModel &model)
{
    return QTest::qWaitFor([&] {
        bool all = true;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (!model.data(model.index(row, 0), OrderListModel::LoadedRole).toBool())
                all = false;
        }
        return all;
    }, 20000);
}

QStringList idsOf(const QList<OrderRow> &rows)
{
    QStringList ids;
    for (const OrderRow &row : rows)
        ids.append(row.id);
    return ids;
}

QList<OrderRow> cachedRows(const OrderListModel &model)
{
    QList<OrderRow> rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (const std::optional<OrderRow> order = model.orderAt(row))
            rows.append(*order);
    }
    return rows;
}

/// A random mix of commands on existing orders plus new ones, like a busy back office.
void runMixedCommands(CommandBus &bus, const QList<OrderRow> &orders, int count, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<QFuture<CommandResult>> futures;
    for (int i = 0; i < count; ++i) {
        const QString id = orders.at(random.bounded(int(orders.size()))).id;
        switch (random.bounded(6)) {
        case 0:
            futures.append(bus.dispatch(ConfirmOrder{{}, id}));
            break;
        case 1:
            futures.append(bus.dispatch(ShipOrder{{}, id}));
            break;
        case 2:
            futures.append(bus.dispatch(CancelOrder{{}, id, u"Test"_s}));
            break;
        case 3:
            futures.append(bus.dispatch(ChangeOrderLines{
                    {}, id, {{u"SKU-0001"_s, 1 + qint64(random.bounded(50)), std::nullopt}}}));
            break;
        default:
            futures.append(bus.dispatch(CreateOrder{
                    {}, {}, u"C%1"_s.arg(1 + random.bounded(40), 5, 10, QLatin1Char('0')),
                    {{u"SKU-0002"_s, 1 + qint64(random.bounded(9)), std::nullopt}}, {}}));
            break;
        }
    }
    for (QFuture<CommandResult> &future : futures)
        future.waitForFinished();
}

} // namespace

class tst_OrderListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensWithTheFirstRows();
    void followsChangesIncrementally_data();
    void followsChangesIncrementally();
    void newOrderIsInsertedAtTheTop();
    void orderLeavingTheFilterIsRemoved();
    void changedOrderEmitsDataChanged();
    void filterAndSortResetOnce();
    void textFilterShowsRowsBeforeTheirCount();
    void rebuiltReadStoreReloads();
    void scrollingKeepsMemoryBounded();
};

void tst_OrderListModel::opensWithTheFirstRows()
{
    // The list opens with its count and first screen of rows from the read store.
    Stores stores;
    QVERIFY(stores.start());
    QVERIFY(stores.seed(500));
    OrderListModel model(stores.readStorePath());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.columnCount(), int(OrderListModel::ColumnCount));
    const QList<OrderRow> reference = stores.reference({}, {});
    for (int row = 0; row < 50; ++row)
        QCOMPARE(model.data(model.index(row, 0), OrderListModel::IdRole).toString(), reference.at(row).id);
    QCOMPARE(model.headerData(OrderListModel::TotalColumn, Qt::Horizontal).toString(), u"Total"_s);
}

void tst_OrderListModel::followsChangesIncrementally_data()
{
    QTest::addColumn<OrderFilter>("filter");
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");

    OrderFilter all;
    OrderFilter pending;
    pending.statuses = {OrderStatus::Pending};
    OrderFilter openOnes;
    openOnes.statuses = {OrderStatus::Pending, OrderStatus::Confirmed};
    OrderFilter expensive;
    expensive.minTotalCents = 50000;
    OrderFilter text;
    text.text = u"er"_s;

    QTest::newRow("all, newest first") << all << int(OrderListModel::CreatedColumn) << Qt::DescendingOrder;
    QTest::newRow("pending, newest first") << pending << int(OrderListModel::CreatedColumn) << Qt::DescendingOrder;
    QTest::newRow("open, by status") << openOnes << int(OrderListModel::StatusColumn) << Qt::AscendingOrder;
    QTest::newRow("all, by total") << all << int(OrderListModel::TotalColumn) << Qt::DescendingOrder;
    QTest::newRow("expensive, by items") << expensive << int(OrderListModel::ItemsColumn) << Qt::AscendingOrder;
    QTest::newRow("all, by last update") << all << int(OrderListModel::UpdatedColumn) << Qt::DescendingOrder;
    QTest::newRow("text, by customer") << text << int(OrderListModel::CustomerColumn) << Qt::AscendingOrder;
}

void tst_OrderListModel::followsChangesIncrementally()
{
    // Rows held before a burst of commands still match the read store after the model applied
    // the changes itself, whatever the filter and sort, and it never resets for them.
    QFETCH(OrderFilter, filter);
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);

    Stores stores;
    QVERIFY(stores.start());
    QVERIFY(stores.seed(400));
    OrderListModel model(stores.readStorePath());
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFilter(filter);
    model.sort(column, order);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    QVERIFY(loadAll(model));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    connect(stores.projector.get(), &Projector::projected, &model, &OrderListModel::onProjected);

    const QList<OrderRow> before = stores.reference({}, {});
    for (int round = 0; round < 3; ++round) {
        runMixedCommands(*stores.bus, before, 150, quint32(round + 1));
        QVERIFY(stores.caughtUp());
        const qint64 checkpoint = stores.projector->status().checkpoint;
        QTRY_COMPARE_WITH_TIMEOUT(model.position(), checkpoint, 10000);
        const QList<OrderRow> expected = stores.reference(filter, model.sortOrder());
        QCOMPARE(model.rowCount(), expected.size());
        // Every row the model still holds is where the read store says it is, with its values.
        for (int row = 0; row < model.rowCount(); ++row) {
            if (const std::optional<OrderRow> held = model.orderAt(row)) {
                QVERIFY2(*held == expected.at(row),
                         qPrintable(u"row %1: model has %2 v%3, read store has %4 v%5"_s.arg(row)
                                            .arg(held->id)
                                            .arg(held->version)
                                            .arg(expected.at(row).id)
                                            .arg(expected.at(row).version)));
            }
        }
        QVERIFY(loadAll(model));
        QCOMPARE(idsOf(cachedRows(model)), idsOf(expected));
    }
    QCOMPARE(resets.count(), 0);
}

void tst_OrderListModel::newOrderIsInsertedAtTheTop()
{
    // A new order appears as one inserted row at the top of the newest-first list.
    Stores stores;
    QVERIFY(stores.start());
    QVERIFY(stores.seed(50));
    OrderListModel model(stores.readStorePath());
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    connect(stores.projector.get(), &Projector::projected, &model, &OrderListModel::onProjected);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    const CommandResult created = stores.bus->dispatch(CreateOrder{
            {}, {}, u"C00001"_s, {{u"SKU-0001"_s, 2, std::nullopt}}, {}}).result();
    QVERIFY(created.isAccepted());
    QTRY_COMPARE_WITH_TIMEOUT(inserted.count(), 1, 10000);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 0);
    QCOMPARE(model.rowCount(), 51);
    QCOMPARE(model.data(model.index(0, 0), OrderListModel::IdRole).toString(), created.targetId);
    QCOMPARE(resets.count(), 0);
}

void tst_OrderListModel::orderLeavingTheFilterIsRemoved()
{
    // Confirming an order removes its row from a list of pending orders, and nothing else.
    Stores stores;
    QVERIFY(stores.start());
    QVERIFY(stores.seed(80));
    OrderListModel model(stores.readStorePath());
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    OrderFilter pending;
    pending.statuses = {OrderStatus::Pending};
    model.setFilter(pending);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    QVERIFY(loadAll(model));
    connect(stores.projector.get(), &Projector::projected, &model, &OrderListModel::onProjected);
    const int before = model.rowCount();
    QVERIFY(before > 3);
    const QString target = model.data(model.index(2, 0), OrderListModel::IdRole).toString();
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    QVERIFY(stores.bus->dispatch(ConfirmOrder{{}, target}).result().isAccepted());
    QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 1, 10000);
    QCOMPARE(removed.at(0).at(1).toInt(), 2);
    QCOMPARE(removed.at(0).at(2).toInt(), 2);
    QCOMPARE(model.rowCount(), before - 1);
    QCOMPARE(model.rowOfOrder(target), -1);
}

void tst_OrderListModel::changedOrderEmitsDataChanged()
{
    // Cancelling an order in an unfiltered list changes its row in place.
    Stores stores;
    QVERIFY(stores.start());
    QVERIFY(stores.seed(30));
    OrderListModel model(stores.readStorePath());
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    QVERIFY(loadAll(model));
    connect(stores.projector.get(), &Projector::projected, &model, &OrderListModel::onProjected);

    int row = -1;
    for (int r = 0; r < model.rowCount() && row < 0; ++r) {
        if (model.data(model.index(r, 0), OrderListModel::StatusRole).toInt() == int(OrderStatus::Pending))
            row = r;
    }
    QVERIFY(row >= 0);
    const QString id = model.data(model.index(row, 0), OrderListModel::IdRole).toString();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(stores.bus->dispatch(CancelOrder{{}, id, u"Customer called"_s}).result().isAccepted());
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), row);
    QCOMPARE(model.data(model.index(row, 0), OrderListModel::StatusRole).toInt(), int(OrderStatus::Cancelled));
    QCOMPARE(model.data(model.index(row, OrderListModel::StatusColumn), Qt::ToolTipRole).toString(),
             u"Cancelled: Customer called"_s);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
}

void tst_OrderListModel::filterAndSortResetOnce()
{
    // A new filter or sort replaces the rows in one reset, with the matching count.
    Stores stores;
    QVERIFY(stores.start());
    QVERIFY(stores.seed(300));
    OrderListModel model(stores.readStorePath());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    OrderFilter filter;
    filter.statuses = {OrderStatus::Delivered, OrderStatus::Cancelled};
    model.setFilter(filter);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(resets.count(), 1);
    const QList<OrderRow> expected = stores.reference(filter, model.sortOrder());
    QCOMPARE(model.rowCount(), expected.size());

    model.sort(OrderListModel::TotalColumn, Qt::AscendingOrder);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(resets.count(), 2);
    const QList<OrderRow> byTotal = stores.reference(filter, model.sortOrder());
    QCOMPARE(model.data(model.index(0, 0), OrderListModel::IdRole).toString(), byTotal.first().id);
}

void tst_OrderListModel::textFilterShowsRowsBeforeTheirCount()
{
    // A filter whose count needs a pass over its matches shows its first rows at once, in one
    // reset, and grows to the full count with one insertion when the count arrives; a short
    // list needs no count at all.
    Stores stores;
    QVERIFY(stores.start());
    QVERIFY(stores.seed(500));
    OrderListModel model(stores.readStorePath());
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy counted(&model, &OrderListModel::countChanged);

    OrderFilter many;
    many.text = u"@"_s;
    const QList<OrderRow> expected = stores.reference(many, model.sortOrder());
    QVERIFY(expected.size() > OrderListModel::FetchSize);
    bool rowsBeforeCount = false;
    connect(&model, &QAbstractItemModel::modelReset, this, [&] {
        rowsBeforeCount = model.isCounting() && model.isLoading()
                && model.rowCount() == OrderListModel::FetchSize && counted.isEmpty()
                && model.orderAt(0).has_value()
                && model.orderAt(0)->id == expected.first().id;
    });
    model.setFilter(many);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(resets.count(), 1);
    QVERIFY(rowsBeforeCount);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), OrderListModel::FetchSize);
    QCOMPARE(inserted.at(0).at(2).toInt(), expected.size() - 1);
    QVERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), expected.size());
    QCOMPARE(counted.count(), 1);
    QCOMPARE(counted.at(0).at(0).toLongLong(), qint64(expected.size()));
    QVERIFY(loadAll(model));
    QCOMPARE(idsOf(cachedRows(model)), idsOf(expected));

    OrderFilter few;
    few.text = expected.first().id;
    model.setFilter(few);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(!model.isCounting());
    QCOMPARE(inserted.count(), 1);
}

void tst_OrderListModel::rebuiltReadStoreReloads()
{
    // After a rebuild swaps the read store's tables, the list reloads and shows the same rows.
    Stores stores;
    QVERIFY(stores.start());
    QVERIFY(stores.seed(120));
    OrderListModel model(stores.readStorePath());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    connect(stores.projector.get(), &Projector::readStoreReplaced, &model, &OrderListModel::reload);
    QSignalSpy finished(stores.projector.get(), &Projector::rebuildFinished);
    stores.projector->rebuild();
    QVERIFY(finished.wait(30000));
    QVERIFY(finished.at(0).at(0).toBool());
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 120);
    QVERIFY(loadAll(model));
    QCOMPARE(idsOf(cachedRows(model)), idsOf(stores.reference({}, model.sortOrder())));
}

/// The process's resident memory in KiB (Linux), or -1 where it cannot be read.
qint64 residentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

void tst_OrderListModel::scrollingKeepsMemoryBounded()
{
    // Scrolling a 200,000-order list from top to bottom holds a bounded number of rows, and
    // the memory of the process stays bounded too.
    constexpr int Orders = 200'000;
    QTemporaryDir directory;
    const DataDirectory data(directory.path());
    {
        // The fixture: 200,000 created orders in the event log, written in one transaction
        // through the write store, then a read store built from it.
        WriteStoreConfig config;
        config.path = data.writeStorePath();
        config.durability = WriteStoreConfig::Durability::Normal;
        const std::unique_ptr<WriteStore> store = createWriteStore(config);
        QVERIFY(store->open());
        QVERIFY(store->beginBatch());
        for (int i = 1; i <= Orders; ++i) {
            const QString id = u"ORD-%1"_s.arg(i, 7, 10, QLatin1Char('0'));
            const OrderCreated created{id, u"C%1"_s.arg(i % 500), u"Customer %1"_s.arg(i % 500),
                                       u"c%1@example.com"_s.arg(i % 500), u"EUR"_s,
                                       {{u"SKU-1"_s, u"Widget"_s, 1 + i % 7, Money::fromCents(999)}},
                                       Money::fromCents(999 * (1 + i % 7))};
            const EventCodec::Encoded encoded = EventCodec::encode(created);
            EventEnvelope event;
            event.streamId = id;
            event.streamVersion = 1;
            event.type = encoded.type;
            event.schemaVersion = encoded.schemaVersion;
            event.payload = encoded.payload;
            event.occurredAt = 1'700'000'000'000 + i;
            event.actor = u"test"_s;
            event.commandId = id;
            QVERIFY(store->appendEvent(event));
        }
        QVERIFY(store->commitBatch());
        const Result<qint64> built = ReadStoreBuilder::build(*store, data.readStorePath());
        QVERIFY2(built, failure(built));
        QCOMPARE(*built, qint64(Orders));
    }

    OrderListModel model(data.readStorePath());
    model.setPollInterval(0);
    QSignalSpy loaded(&model, &OrderListModel::loaded);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), Orders);
    const qint64 startKiB = residentKiB();
    int maxHeld = 0;
    // Like a view scrolled by pages: every 40th row asked for, each fetch awaited.
    QSignalSpy arrived(&model, &QAbstractItemModel::dataChanged);
    for (int row = 0; row < model.rowCount(); row += 40) {
        const QModelIndex index = model.index(row, 0);
        while (!model.data(index, OrderListModel::LoadedRole).toBool())
            QVERIFY(arrived.wait(10000));
        maxHeld = std::max(maxHeld, model.cachedRowCount());
    }
    QCOMPARE(model.data(model.index(Orders - 1, 0), OrderListModel::IdRole).toString(),
             u"ORD-0000001"_s);
    QVERIFY2(maxHeld <= OrderListModel::MaxCachedRows + OrderListModel::FetchSize,
             qPrintable(u"held %1 rows"_s.arg(maxHeld)));
    if (startKiB > 0) {
        const qint64 grownKiB = residentKiB() - startKiB;
        QVERIFY2(grownKiB < 64 * 1024, qPrintable(u"memory grew by %1 KiB"_s.arg(grownKiB)));
    }
}

QTEST_GUILESS_MAIN(tst_OrderListModel)
#include "tst_orderlistmodel.moc"
