// SPDX-License-Identifier: MIT
#include "models/orderlinesmodel.h"
#include "read/readstore.h"
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

/// One change to an order's lines and the row signals it must cause, nothing more.
struct LinesChange
{
    const char *name;
    LineRequests before;
    LineRequests after;
    QList<std::pair<int, int>> removed; ///< first, last row, in the order signalled
    QList<std::pair<int, int>> inserted; ///< first, last row, in the order signalled
    QList<int> changedRows;
};

LineRequest line(int product, qint64 quantity, std::optional<qint64> priceCents = std::nullopt)
{
    LineRequest request {u"SKU-%1"_s.arg(product), quantity, {}};
    if (priceCents)
        request.unitPrice = Money::fromCents(*priceCents);
    return request;
}

/// The lines a model shows, as "product×quantity@price".
QStringList shown(const QAbstractItemModel &model)
{
    QStringList lines;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        lines.append(u"%1x%2@%3"_s.arg(index.data(OrderLinesModel::ProductIdRole).toString())
                         .arg(index.data(OrderLinesModel::QuantityRole).toLongLong())
                         .arg(index.data(OrderLinesModel::UnitPriceCentsRole).toLongLong()));
    }
    return lines;
}

/// The row ranges a spy on rowsInserted or rowsRemoved saw.
QList<std::pair<int, int>> ranges(const QSignalSpy &spy)
{
    QList<std::pair<int, int>> result;
    for (const QList<QVariant> &arguments : spy)
        result.append({arguments.at(1).toInt(), arguments.at(2).toInt()});
    return result;
}

} // namespace

Q_DECLARE_METATYPE(LinesChange)

class tst_OrderLinesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void loadShowsTheLines();
    void changedLinesUpdateRowByRow_data();
    void changedLinesUpdateRowByRow();
    void anotherOrderResets();
    void orderNotYetProjectedAppearsWhenItIs();
    void rebuildReloadsWithoutReset();
    void setOrderWithoutStore();
    void loadFailsWithoutReadStore();

private:
    /// Creates a pending order with these lines and waits until it is projected.
    QString createOrder(const LineRequests &lines);
    /// A model on the read store, told of projected batches, with a tester attached before
    /// anything is loaded into it.
    std::unique_ptr<OrderLinesModel> newModel();

    QTemporaryDir m_root;
    std::unique_ptr<Desk> m_desk;
    std::unique_ptr<Announcements> m_announced;
    int m_orders = 0;
};

void tst_OrderLinesModel::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
    m_desk = std::make_unique<Desk>(m_root.path());
    QVERIFY(m_desk->startBus());
    QVERIFY(m_desk->startProjector());
    m_announced = std::make_unique<Announcements>(*m_desk->projector);
    const QString failed = addReferenceData(*m_desk->bus);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY(send(*m_desk->bus, AddProduct {{}, u"SKU-4"_s, u"Toolbox"_s, Money::fromCents(1200)})
                .isAccepted());
}

void tst_OrderLinesModel::cleanupTestCase()
{
    m_announced.reset();
    m_desk.reset();
}

QString tst_OrderLinesModel::createOrder(const LineRequests &lines)
{
    const QString id = u"ORD-LM-%1"_s.arg(++m_orders);
    const CommandResult result = send(*m_desk->bus, CreateOrder {{}, id, u"C1"_s, lines, {}});
    // Announced too, so that models made afterwards are not told of it.
    if (!result.isAccepted() || !waitUntilProjected(*m_desk->projector, result.position)
        || !m_announced->waitFor(result.position)) {
        qWarning("%s", qPrintable(result.message));
        return {};
    }
    return id;
}

std::unique_ptr<OrderLinesModel> tst_OrderLinesModel::newModel()
{
    auto model = std::make_unique<OrderLinesModel>();
    // A child of the model, so that it goes with it.
    new QAbstractItemModelTester(
        model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, model.get());
    model->setReadStorePath(m_desk->readPath());
    connect(m_desk->projector.get(), &Projector::projected, model.get(),
            &OrderLinesModel::onProjected);
    connect(m_desk->projector.get(), &Projector::readStoreReplaced, model.get(),
            &OrderLinesModel::onReadStoreReplaced);
    return model;
}

void tst_OrderLinesModel::loadShowsTheLines()
{
    // Loaded off the GUI thread, the model shows each line's product, name, quantity and
    // prices, with the raw values under their roles and the columns named.
    const QString id = createOrder({line(1, 2), line(3, 1, 4000)});
    QVERIFY(!id.isEmpty());
    const auto model = newModel();
    QSignalSpy loaded(model.get(), &OrderLinesModel::loaded);
    model->load(id);
    QCOMPARE(model->orderId(), id);
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(loaded.constFirst().at(0).toString(), id);
    QCOMPARE(loaded.constFirst().at(1).toBool(), true);
    QVERIFY(!model->isLoading());

    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->columnCount(), OrderLinesModel::ColumnCount);
    const QLocale locale;
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model->index(row, column).data(role);
    };
    QCOMPARE(cell(0, OrderLinesModel::ProductColumn).toString(), u"SKU-1"_s);
    QCOMPARE(cell(0, OrderLinesModel::NameColumn).toString(), u"Drill"_s);
    QCOMPARE(cell(0, OrderLinesModel::QuantityColumn).toLongLong(), 2);
    QCOMPARE(cell(0, OrderLinesModel::UnitPriceColumn).toString(),
             Money::fromCents(999).toDisplayString(u"EUR"_s, locale));
    QCOMPARE(cell(0, OrderLinesModel::SubtotalColumn).toString(),
             Money::fromCents(1998).toDisplayString(u"EUR"_s, locale));
    QCOMPARE(cell(1, OrderLinesModel::NameColumn).toString(), u"Desk Lamp"_s);
    for (int column = 0; column < OrderLinesModel::ColumnCount; ++column) {
        QCOMPARE(cell(1, column, OrderLinesModel::ProductIdRole).toString(), u"SKU-3"_s);
        QCOMPARE(cell(1, column, OrderLinesModel::ProductNameRole).toString(), u"Desk Lamp"_s);
        QCOMPARE(cell(1, column, OrderLinesModel::QuantityRole).toLongLong(), 1);
        QCOMPARE(cell(1, column, OrderLinesModel::UnitPriceCentsRole).toLongLong(), 4000);
        QCOMPARE(cell(1, column, OrderLinesModel::SubtotalCentsRole).toLongLong(), 4000);
        QCOMPARE(cell(1, column, OrderLinesModel::CurrencyRole).toString(), u"EUR"_s);
    }
    QVERIFY(!cell(0, 0, Qt::DecorationRole).isValid());
    QVERIFY(!model->index(2, 0).data().isValid());
    QCOMPARE(model->rowCount(model->index(0, 0)), 0);
    QCOMPARE(model->headerData(OrderLinesModel::UnitPriceColumn, Qt::Horizontal).toString(),
             u"Unit price"_s);
    const QHash<int, QByteArray> roles = model->roleNames();
    QCOMPARE(roles.value(OrderLinesModel::ProductIdRole), "productId");
    QCOMPARE(roles.value(OrderLinesModel::SubtotalCentsRole), "subtotalCents");
    QCOMPARE(roles.value(Qt::DisplayRole), "display");
    QCOMPARE(int(OrderLinesModel::ProductIdRole), Qt::UserRole + 1);
}

void tst_OrderLinesModel::changedLinesUpdateRowByRow_data()
{
    QTest::addColumn<LinesChange>("change");
    const QList<LinesChange> changes = {
        {"quantity of one line", {line(1, 2), line(2, 1)}, {line(1, 5), line(2, 1)}, {}, {}, {0}},
        {"price of one line", {line(1, 2), line(2, 1)}, {line(1, 2), line(2, 1, 100)}, {}, {}, {1}},
        {"line added at the end",
         {line(1, 2), line(2, 1)},
         {line(1, 2), line(2, 1), line(3, 4)},
         {},
         {{2, 2}},
         {}},
        {"line added in front",
         {line(1, 2), line(2, 1)},
         {line(3, 4), line(1, 2), line(2, 1)},
         {},
         {{0, 0}},
         {}},
        {"two lines added between",
         {line(1, 2), line(2, 1)},
         {line(1, 2), line(3, 4), line(4, 1), line(2, 1)},
         {},
         {{1, 2}},
         {}},
        {"first line removed",
         {line(1, 2), line(2, 1), line(3, 1)},
         {line(2, 1), line(3, 1)},
         {{0, 0}},
         {},
         {}},
        {"middle lines removed",
         {line(1, 2), line(2, 1), line(3, 1), line(4, 1)},
         {line(1, 2), line(4, 1)},
         {{1, 2}},
         {},
         {}},
        {"one replaced, one changed",
         {line(1, 2), line(2, 1), line(3, 1)},
         {line(1, 2), line(4, 7), line(3, 9)},
         {{1, 1}},
         {{1, 1}},
         {2}},
        {"all replaced", {line(1, 2), line(2, 1)}, {line(3, 4)}, {{0, 1}}, {{0, 0}}, {}},
        {"swapped", {line(1, 2), line(2, 1)}, {line(2, 1), line(1, 2)}, {{0, 0}}, {{1, 1}}, {}},
        {"same lines again", {line(1, 2), line(2, 1)}, {line(1, 2), line(2, 1)}, {}, {}, {}},
    };
    for (const LinesChange &change : changes)
        QTest::newRow(change.name) << change;
}

void tst_OrderLinesModel::changedLinesUpdateRowByRow()
{
    // When the order's lines change, the model (told by the projector) loads it again and
    // passes on the difference: removed, inserted and changed rows, never a reset.
    QFETCH(LinesChange, change);
    const QString id = createOrder(change.before);
    QVERIFY(!id.isEmpty());
    const auto model = newModel();
    QSignalSpy loaded(model.get(), &OrderLinesModel::loaded);
    model->load(id);
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(model->rowCount(), change.before.size());

    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layout(model.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    const CommandResult result = send(*m_desk->bus, ChangeOrderLines {{}, id, change.after});
    QVERIFY2(result.isAccepted(), qPrintable(result.message));
    QVERIFY(waitUntilProjected(*m_desk->projector, result.position));
    QVERIFY(m_announced->waitFor(result.position));
    QTRY_VERIFY(!model->isLoading());
    QVERIFY(loaded.size() >= 2);

    // The projected lines, as the read store has them.
    const auto details = [&] {
        ReadStore store(m_desk->readPath());
        std::optional<OrderDetails> order;
        if (store.openForQueries())
            order = *OrderQueries(store.connection()).getOrder(id);
        return order;
    }();
    QVERIFY(details);
    QStringList expected;
    for (const OrderLineRow &l : details->lines)
        expected.append(u"%1x%2@%3"_s.arg(l.productId).arg(l.quantity).arg(l.unitPrice.cents()));
    QCOMPARE(shown(*model), expected);

    QCOMPARE(reset.size(), 0);
    QCOMPARE(layout.size(), 0);
    QCOMPARE(ranges(removed), change.removed);
    QCOMPARE(ranges(inserted), change.inserted);
    QList<int> changedRows;
    for (const QList<QVariant> &arguments : std::as_const(changed)) {
        const QModelIndex topLeft = arguments.at(0).value<QModelIndex>();
        const QModelIndex bottomRight = arguments.at(1).value<QModelIndex>();
        QCOMPARE(topLeft.row(), bottomRight.row());
        QVERIFY(topLeft.column() <= bottomRight.column());
        QVERIFY(!arguments.at(2).value<QList<int>>().isEmpty());
        changedRows.append(topLeft.row());
    }
    QCOMPARE(changedRows, change.changedRows);
}

void tst_OrderLinesModel::anotherOrderResets()
{
    // Showing another order is the one change that resets the model; the same order loaded
    // again changes nothing.
    const QString first = createOrder({line(1, 1), line(2, 2)});
    const QString second = createOrder({line(3, 3)});
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    const auto model = newModel();
    QSignalSpy loaded(model.get(), &OrderLinesModel::loaded);
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    model->load(first);
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model->rowCount(), 2);

    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    model->load(first);
    QTRY_COMPARE(loaded.size(), 2);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 0);

    model->load(second);
    // Loading the first again right away: only the last request is shown.
    model->load(first);
    model->load(second);
    QTRY_COMPARE(model->isLoading(), false);
    QTRY_COMPARE(shown(*model), QStringList {u"SKU-3x3@4150"_s});
    QCOMPARE(model->orderId(), second);
    QCOMPARE(loaded.last().at(0).toString(), second);

    model->clear();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(model->orderId().isEmpty());
}

void tst_OrderLinesModel::orderNotYetProjectedAppearsWhenItIs()
{
    // A model asked for an order the read store does not have yet (the user's own command,
    // not projected) shows it as soon as the projector inserts it, row by row.
    const auto model = newModel();
    QSignalSpy loaded(model.get(), &OrderLinesModel::loaded);
    m_desk->projector->pause();
    QTRY_COMPARE(m_desk->projector->status().state, ProjectionStatus::State::Paused);
    const QString id = u"ORD-LM-LATER"_s;
    const CommandResult created =
        send(*m_desk->bus, CreateOrder {{}, id, u"C2"_s, {line(2, 2), line(1, 1)}, {}});
    QVERIFY(created.isAccepted());
    model->load(id);
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(loaded.constFirst().at(1).toBool(), false);
    QCOMPARE(model->rowCount(), 0);

    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    m_desk->projector->resume();
    QVERIFY(waitUntilProjected(*m_desk->projector, created.position));
    QVERIFY(m_announced->waitFor(created.position));
    QTRY_VERIFY(!model->isLoading());
    QCOMPARE(loaded.size(), 2);
    QCOMPARE(loaded.last().at(1).toBool(), true);
    QCOMPARE(shown(*model), QStringList({u"SKU-2x2@2500"_s, u"SKU-1x1@999"_s}));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(ranges(inserted), (QList<std::pair<int, int>> {{0, 1}}));
}

void tst_OrderLinesModel::rebuildReloadsWithoutReset()
{
    // A rebuild swaps the read store's tables: the model reads the order from the new ones
    // and, the lines being the same, signals nothing.
    const QString id = createOrder({line(1, 1), line(3, 2)});
    QVERIFY(!id.isEmpty());
    const auto model = newModel();
    QSignalSpy loaded(model.get(), &OrderLinesModel::loaded);
    model->load(id);
    QTRY_COMPARE(loaded.size(), 1);
    const QStringList before = shown(*model);

    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
    m_desk->projector->rebuild();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, 20'000);
    QCOMPARE(shown(*model), before);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(removed.size(), 0);
}

void tst_OrderLinesModel::setOrderWithoutStore()
{
    // Handed an order directly, the model shows it; handed the same order with other lines,
    // it applies the difference; another currency changes the price cells.
    OrderLinesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    OrderDetails details;
    details.order.id = u"ORD-X"_s;
    details.order.currency = u"EUR"_s;
    details.lines = {{u"P1"_s, u"One"_s, 1, Money::fromCents(100), Money::fromCents(100)}};
    model.setOrder(details);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 1);

    details.lines.append({u"P2"_s, u"Two"_s, 2, Money::fromCents(50), Money::fromCents(100)});
    model.setOrder(details);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(ranges(inserted), (QList<std::pair<int, int>> {{1, 1}}));

    details.order.currency = u"USD"_s;
    model.setOrder(details);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().at(0).value<QModelIndex>().column(),
             int(OrderLinesModel::UnitPriceColumn));
    QCOMPARE(changed.constFirst().at(1).value<QModelIndex>().row(), 1);
    QVERIFY(model.index(0, OrderLinesModel::UnitPriceColumn).data().toString().contains(u'$'));

    details.order.id = u"ORD-Y"_s;
    model.setOrder(details);
    QCOMPARE(reset.size(), 2);
}

void tst_OrderLinesModel::loadFailsWithoutReadStore()
{
    // A read store that cannot be opened is reported, not shown as an empty order.
    const auto model = newModel();
    model->setReadStorePath(m_root.filePath(u"nowhere/orders-read.db"_s));
    QSignalSpy failed(model.get(), &OrderLinesModel::loadFailed);
    QSignalSpy loaded(model.get(), &OrderLinesModel::loaded);
    model->load(u"ORD-LM-1"_s);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.constFirst().at(0).toString(), u"ORD-LM-1"_s);
    QVERIFY(!failed.constFirst().at(1).toString().isEmpty());
    QCOMPARE(loaded.size(), 0);
    QCOMPARE(model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_OrderLinesModel)
#include "tst_orderlinesmodel.moc"
