// SPDX-License-Identifier: MIT
#include "models/statussummarymodel.h"
#include "readsidesupport.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

using Step = std::function<Command(const QString &orderId)>;

/// One step of an order's life, after the steps that lead to it, and the summary cells
/// (row, column) it must change.
struct SummaryStep
{
    const char *name;
    QList<Step> before;
    Step step;
    QList<std::pair<int, int>> cells;
};

Command create(const QString &id)
{
    return CreateOrder {{}, id, u"C1"_s, {{u"SKU-1"_s, 3, {}}}, {}};
}
Command confirm(const QString &id)
{
    return ConfirmOrder {{}, id};
}
Command ship(const QString &id)
{
    return ShipOrder {{}, id};
}

using Cell = std::pair<int, int>;

QList<Cell> changedCells(const QSignalSpy &spy)
{
    QList<Cell> cells;
    for (const QList<QVariant> &arguments : spy) {
        const QModelIndex topLeft = arguments.at(0).value<QModelIndex>();
        const QModelIndex bottomRight = arguments.at(1).value<QModelIndex>();
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            for (int column = topLeft.column(); column <= bottomRight.column(); ++column)
                cells.append({row, column});
        }
    }
    std::sort(cells.begin(), cells.end());
    return cells;
}

constexpr int Orders = StatusSummaryModel::OrdersColumn;
constexpr int Revenue = StatusSummaryModel::RevenueColumn;

} // namespace

Q_DECLARE_METATYPE(SummaryStep)

class tst_StatusSummaryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void showsEveryStatus();
    void changedCellsOnly_data();
    void changedCellsOnly();
    void keepsUpUnderLoad();
    void rebuildRefreshesWithoutReset();
    void refreshFailsWithoutReadStore();

private:
    std::unique_ptr<StatusSummaryModel> newModel();
    /// What the read store's order rows say, per status: count and revenue.
    QList<std::pair<qint64, qint64>> expectedFigures();
    QList<std::pair<qint64, qint64>> shownFigures(const StatusSummaryModel &model);

    QTemporaryDir m_root;
    std::unique_ptr<Desk> m_desk;
    std::unique_ptr<Announcements> m_announced;
    int m_orders = 0;
};

void tst_StatusSummaryModel::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
    m_desk = std::make_unique<Desk>(m_root.path());
    QVERIFY(m_desk->startBus());
    QVERIFY(m_desk->startProjector());
    m_announced = std::make_unique<Announcements>(*m_desk->projector);
    const QString failed = addReferenceData(*m_desk->bus);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    for (int i = 0; i < 20; ++i) {
        const CommandResult created =
            send(*m_desk->bus,
                 CreateOrder {
                     {}, u"ORD-S-%1"_s.arg(++m_orders), u"C2"_s, {{u"SKU-2"_s, i + 1, {}}}, {}});
        QVERIFY(created.isAccepted());
        if (i % 3 == 0)
            QVERIFY(send(*m_desk->bus, ConfirmOrder {{}, created.targetId}).isAccepted());
        if (i % 6 == 0)
            QVERIFY(send(*m_desk->bus, ShipOrder {{}, created.targetId}).isAccepted());
    }
    QVERIFY(waitUntilProjected(*m_desk->projector, m_desk->head()));
    QVERIFY(m_announced->waitFor(m_desk->head()));
}

void tst_StatusSummaryModel::cleanupTestCase()
{
    m_announced.reset();
    m_desk.reset();
}

std::unique_ptr<StatusSummaryModel> tst_StatusSummaryModel::newModel()
{
    auto model = std::make_unique<StatusSummaryModel>(m_desk->readPath());
    new QAbstractItemModelTester(
        model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, model.get());
    connect(m_desk->projector.get(), &Projector::projected, model.get(),
            &StatusSummaryModel::onProjected);
    connect(m_desk->projector.get(), &Projector::readStoreReplaced, model.get(),
            &StatusSummaryModel::onReadStoreReplaced);
    return model;
}

QList<std::pair<qint64, qint64>> tst_StatusSummaryModel::expectedFigures()
{
    RawSql read(m_desk->readPath());
    QList<std::pair<qint64, qint64>> figures(5, {0, 0});
    for (const QString &row : read.rows(u"SELECT status, count(*), sum(total_cents) "
                                        "FROM order_view GROUP BY status"_s)) {
        const QStringList values = row.split(u'|');
        figures[values.at(0).toInt()] = {values.at(1).toLongLong(), values.at(2).toLongLong()};
    }
    return figures;
}

QList<std::pair<qint64, qint64>>
tst_StatusSummaryModel::shownFigures(const StatusSummaryModel &model)
{
    QList<std::pair<qint64, qint64>> figures;
    for (int row = 0; row < model.rowCount(); ++row) {
        figures.append(
            {model.index(row, Orders).data(StatusSummaryModel::OrderCountRole).toLongLong(),
             model.index(row, Revenue).data(StatusSummaryModel::RevenueCentsRole).toLongLong()});
    }
    return figures;
}

void tst_StatusSummaryModel::showsEveryStatus()
{
    // Five rows, one per status in status order, always; refreshed from the read store off
    // the GUI thread; the raw values under their roles in their columns.
    const auto model = newModel();
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(model->columnCount(), StatusSummaryModel::ColumnCount);
    QCOMPARE(shownFigures(*model), (QList<std::pair<qint64, qint64>>(5, {0, 0})));
    QSignalSpy refreshed(model.get(), &StatusSummaryModel::refreshed);
    model->refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    QVERIFY(!model->isRefreshing());
    QCOMPARE(shownFigures(*model), expectedFigures());
    QCOMPARE(model->rowCount(), 5);

    const QLocale locale;
    const QStringList keys = {u"pending"_s, u"confirmed"_s, u"shipped"_s, u"delivered"_s,
                              u"cancelled"_s};
    for (int row = 0; row < 5; ++row) {
        const OrderStatus status = OrderStatus(row);
        const QModelIndex name = model->index(row, StatusSummaryModel::StatusColumn);
        QCOMPARE(name.data().toString(), orderStatusDisplayText(status));
        QCOMPARE(name.data(StatusSummaryModel::StatusRole).toInt(), row);
        QCOMPARE(name.data(StatusSummaryModel::StatusKeyRole).toString(), keys.at(row));
        QCOMPARE(model->index(row, Orders).data().toLongLong(), model->orderCount(status));
        QCOMPARE(model->index(row, Revenue).data().toString(),
                 model->revenue(status).toDisplayString(u"EUR"_s, locale));
        // Each raw value lives in its own column only.
        QVERIFY(!name.data(StatusSummaryModel::OrderCountRole).isValid());
        QVERIFY(!model->index(row, Orders).data(StatusSummaryModel::RevenueCentsRole).isValid());
    }
    QVERIFY(model->orderCount(OrderStatus::Pending) > 0);
    QCOMPARE(model->headerData(Revenue, Qt::Horizontal).toString(), u"Revenue"_s);
    QCOMPARE(model->roleNames().value(StatusSummaryModel::RevenueCentsRole), "revenueCents");
    QCOMPARE(int(StatusSummaryModel::StatusRole), Qt::UserRole + 1);
    QCOMPARE(model->rowCount(model->index(0, 0)), 0);
    QVERIFY(!model->index(5, 0).data().isValid());
}

void tst_StatusSummaryModel::changedCellsOnly_data()
{
    QTest::addColumn<SummaryStep>("step");
    const QList<SummaryStep> steps = {
        {"order created: pending count and revenue", {}, create, {{0, Orders}, {0, Revenue}}},
        {"lines changed: pending revenue only",
         {create},
         [](const QString &id) -> Command {
             return ChangeOrderLines {{}, id, {{u"SKU-3"_s, 1, {}}}};
         },
         {{0, Revenue}}},
        {"confirmed: from pending to confirmed",
         {create},
         confirm,
         {{0, Orders}, {0, Revenue}, {1, Orders}, {1, Revenue}}},
        {"shipped: from confirmed to shipped",
         {create, confirm},
         ship,
         {{1, Orders}, {1, Revenue}, {2, Orders}, {2, Revenue}}},
        {"delivered: from shipped to delivered",
         {create, confirm, ship},
         [](const QString &id) -> Command {
             return DeliverOrder {{}, id};
         },
         {{2, Orders}, {2, Revenue}, {3, Orders}, {3, Revenue}}},
        {"cancelled: from confirmed to cancelled",
         {create, confirm},
         [](const QString &id) -> Command {
             return CancelOrder {{}, id, u"No"_s};
         },
         {{1, Orders}, {1, Revenue}, {4, Orders}, {4, Revenue}}},
    };
    for (const SummaryStep &step : steps)
        QTest::newRow(step.name) << step;
}

void tst_StatusSummaryModel::changedCellsOnly()
{
    // Told a batch changed orders, the model refreshes and reports exactly the cells whose
    // values changed: no other cell, no reset.
    QFETCH(SummaryStep, step);
    const QString id = u"ORD-S-STEP-%1"_s.arg(++m_orders);
    for (const Step &before : std::as_const(step.before))
        QVERIFY(send(*m_desk->bus, before(id)).isAccepted());
    QVERIFY(waitUntilProjected(*m_desk->projector, m_desk->head()));
    QVERIFY(m_announced->waitFor(m_desk->head()));
    const auto model = newModel();
    QSignalSpy refreshed(model.get(), &StatusSummaryModel::refreshed);
    model->refresh();
    QTRY_COMPARE(refreshed.size(), 1);

    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    const CommandResult result = send(*m_desk->bus, step.step(id));
    QVERIFY2(result.isAccepted(), qPrintable(result.message));
    QVERIFY(waitUntilProjected(*m_desk->projector, result.position));
    QVERIFY(m_announced->waitFor(result.position));
    QTRY_VERIFY(!model->isRefreshing());
    QCOMPARE(shownFigures(*model), expectedFigures());
    QCOMPARE(changedCells(changed), step.cells);
    for (const QList<QVariant> &arguments : std::as_const(changed)) {
        const QList<int> roles = arguments.at(2).value<QList<int>>();
        QVERIFY(roles.contains(Qt::DisplayRole));
        QCOMPARE(roles.size(), 2);
    }
    QCOMPARE(reset.size(), 0);
}

void tst_StatusSummaryModel::keepsUpUnderLoad()
{
    // Batches arriving faster than refreshes are folded together: the model ends with the
    // read store's figures, having only ever changed cells.
    const auto model = newModel();
    QSignalSpy refreshed(model.get(), &StatusSummaryModel::refreshed);
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    model->refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    m_desk->projector->setBatchSize(5);
    QList<QFuture<CommandResult>> futures;
    for (int i = 0; i < 150; ++i) {
        const QString id = u"ORD-S-LOAD-%1"_s.arg(i);
        futures.append(m_desk->bus->dispatch(
            CreateOrder {{}, id, u"C3"_s, {{u"SKU-1"_s, 1 + i % 4, {}}}, {}}));
        if (i % 2 == 0)
            futures.append(m_desk->bus->dispatch(ConfirmOrder {{}, id}));
        if (i % 5 == 0)
            futures.append(m_desk->bus->dispatch(CancelOrder {{}, id, u"Test"_s}));
        QCoreApplication::processEvents();
    }
    for (QFuture<CommandResult> &future : futures)
        QVERIFY(future.result().isAccepted());
    QVERIFY(waitUntilProjected(*m_desk->projector, m_desk->head()));
    QVERIFY(m_announced->waitFor(m_desk->head()));
    QTRY_VERIFY(!model->isRefreshing());
    QCOMPARE(shownFigures(*model), expectedFigures());
    QVERIFY(refreshed.size() > 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(model->rowCount(), 5);
    m_desk->projector->setBatchSize(500);
}

void tst_StatusSummaryModel::rebuildRefreshesWithoutReset()
{
    // After a rebuild swapped the tables, the model reads them; the same figures change no
    // cell.
    const auto model = newModel();
    QSignalSpy refreshed(model.get(), &StatusSummaryModel::refreshed);
    model->refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    m_desk->projector->rebuild();
    QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 2, 20'000);
    QCOMPARE(shownFigures(*model), expectedFigures());
    QCOMPARE(changed.size(), 0);
    QCOMPARE(reset.size(), 0);
}

void tst_StatusSummaryModel::refreshFailsWithoutReadStore()
{
    // A read store that cannot be read is reported and the figures shown stay as they were.
    const auto model = newModel();
    QSignalSpy refreshed(model.get(), &StatusSummaryModel::refreshed);
    model->refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    const auto before = shownFigures(*model);
    model->setReadStorePath(m_root.filePath(u"nowhere/orders-read.db"_s));
    QSignalSpy failed(model.get(), &StatusSummaryModel::refreshFailed);
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    model->refresh();
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!failed.constFirst().at(0).toString().isEmpty());
    QCOMPARE(shownFigures(*model), before);
    QCOMPARE(changed.size(), 0);
}

QTEST_GUILESS_MAIN(tst_StatusSummaryModel)
#include "tst_statussummarymodel.moc"
