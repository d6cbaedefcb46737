// SPDX-License-Identifier: MIT
#include "models/eventlogmodel.h"
#include "readsidesupport.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

QList<qint64> positions(const EventLogModel &model)
{
    QList<qint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, 0).data(EventLogModel::PositionRole).toLongLong());
    return result;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> result;
    for (qint64 p = first; p <= last; ++p)
        result.append(p);
    return result;
}

/// The positions whose "projected" cell a dataChanged spy saw change.
QList<qint64> flipped(const QSignalSpy &spy, const EventLogModel &model)
{
    QList<qint64> result;
    for (const QList<QVariant> &arguments : spy) {
        const QModelIndex topLeft = arguments.at(0).value<QModelIndex>();
        const QModelIndex bottomRight = arguments.at(1).value<QModelIndex>();
        if (topLeft.column() != EventLogModel::ProjectedColumn
            || bottomRight.column() != EventLogModel::ProjectedColumn)
            return {-1}; // another column changed: wrong
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
            result.append(model.index(row, 0).data(EventLogModel::PositionRole).toLongLong());
    }
    return result;
}

} // namespace

class tst_EventLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void showsTheLog();
    void appendsAndFlipsProjected();
    void keepsTheNewestOnly();
    void projectedGoingBackFlipsRowsBack();
    void notifiesOfOtherWriters();
    void fetchFailsWithoutLog();

private:
    /// A model on the desk's log, woken by the bus and told the projector's checkpoint, as the
    /// app wires it; a tester attached before anything is fetched.
    std::unique_ptr<EventLogModel> newModel(int capacity = EventLogModel::DefaultCapacity);
    CommandResult createOrder();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Desk> m_desk;
    int m_orders = 0;
};

void tst_EventLogModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_desk = std::make_unique<Desk>(m_dir->path());
    QVERIFY(m_desk->startBus());
    QVERIFY(m_desk->startProjector());
    const QString failed = addReferenceData(*m_desk->bus);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY(waitUntilProjected(*m_desk->projector, m_desk->head()));
}

void tst_EventLogModel::cleanup()
{
    m_desk.reset();
    m_dir.reset();
}

std::unique_ptr<EventLogModel> tst_EventLogModel::newModel(int capacity)
{
    auto model = std::make_unique<EventLogModel>(m_desk->store);
    new QAbstractItemModelTester(
        model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, model.get());
    model->setCapacity(capacity);
    connect(m_desk->bus.get(), &CommandBus::eventsAppended, model.get(),
            &EventLogModel::onEventsAppended);
    EventLogModel *m = model.get();
    connect(m_desk->projector.get(), &Projector::projected, m,
            [m](const ChangeSet &changes) { m->setProjectedPosition(changes.toPosition); });
    model->setProjectedPosition(m_desk->projector->status().checkpoint);
    return model;
}

CommandResult tst_EventLogModel::createOrder()
{
    return send(
        *m_desk->bus,
        CreateOrder {{}, u"ORD-E-%1"_s.arg(++m_orders), u"C1"_s, {{u"SKU-1"_s, 1, {}}}, {}});
}

void tst_EventLogModel::showsTheLog()
{
    // Fetched off the GUI thread, the log shows each event's position, local time, type,
    // stream and actor, and whether the read store shows it yet.
    const auto model = newModel();
    QSignalSpy fetched(model.get(), &EventLogModel::eventsFetched);
    model->refresh();
    QTRY_COMPARE(fetched.size(), 1);
    QCOMPARE(fetched.constFirst().at(0).toLongLong(), ReferenceEvents);
    QCOMPARE(positions(*model), range(1, ReferenceEvents));
    QCOMPARE(model->lastPosition(), ReferenceEvents);
    QCOMPARE(model->columnCount(), EventLogModel::ColumnCount);

    const EventEnvelope first = model->event(0);
    QCOMPARE(first.type, u"CustomerRegistered"_s);
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model->index(row, column).data(role);
    };
    QCOMPARE(cell(0, EventLogModel::PositionColumn).toLongLong(), 1);
    QCOMPARE(cell(0, EventLogModel::TimeColumn).toString(),
             QDateTime::fromMSecsSinceEpoch(first.occurredAt)
                 .toLocalTime()
                 .toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
    QCOMPARE(cell(0, EventLogModel::TypeColumn).toString(), u"CustomerRegistered"_s);
    QCOMPARE(cell(0, EventLogModel::StreamColumn).toString(), u"customer-C1"_s);
    QCOMPARE(cell(0, EventLogModel::ActorColumn).toString(), CommandBus::defaultActor());
    QCOMPARE(cell(0, EventLogModel::ProjectedColumn).toString(), u"\u2713"_s);
    QCOMPARE(cell(0, EventLogModel::ProjectedColumn, EventLogModel::ProjectedRole).toBool(), true);
    QVERIFY(!cell(0, EventLogModel::TypeColumn, EventLogModel::ProjectedRole).isValid());
    for (int column = 0; column < EventLogModel::ColumnCount; ++column) {
        QCOMPARE(cell(3, column, EventLogModel::StreamIdRole).toString(), u"product-SKU-1"_s);
        QCOMPARE(cell(3, column, EventLogModel::TypeRole).toString(), u"ProductAdded"_s);
        QCOMPARE(cell(3, column, EventLogModel::StreamVersionRole).toLongLong(), 1);
        QCOMPARE(cell(3, column, EventLogModel::OccurredAtRole).toLongLong(),
                 model->event(3).occurredAt);
        QVERIFY(cell(3, column, EventLogModel::PayloadRole).toString().contains(u"Drill"));
        QVERIFY(!cell(3, column, EventLogModel::CommandIdRole).toString().isEmpty());
    }
    QCOMPARE(model->headerData(EventLogModel::ProjectedColumn, Qt::Horizontal).toString(),
             u"Projected"_s);
    QCOMPARE(model->roleNames().value(EventLogModel::ProjectedRole), "projected");
    QCOMPARE(int(EventLogModel::PositionRole), Qt::UserRole + 1);
    QCOMPARE(model->rowCount(model->index(0, 0)), 0);
    QVERIFY(!model->index(ReferenceEvents, 0).data().isValid());
}

void tst_EventLogModel::appendsAndFlipsProjected()
{
    // New events are appended as rows, "pending" while the projector is paused; when it
    // catches up, exactly their "projected" cells change.
    const auto model = newModel();
    QSignalSpy fetched(model.get(), &EventLogModel::eventsFetched);
    model->refresh();
    QTRY_COMPARE(fetched.size(), 1);

    m_desk->projector->pause();
    QTRY_COMPARE(m_desk->projector->status().state, ProjectionStatus::State::Paused);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    for (int i = 0; i < 3; ++i)
        QVERIFY(createOrder().isAccepted());
    const qint64 head = m_desk->head();
    QTRY_COMPARE(model->lastPosition(), head);
    QCOMPARE(positions(*model), range(1, head));
    // Appended at the end, each insertion where the last one ended.
    QVERIFY(!inserted.isEmpty());
    int next = int(ReferenceEvents);
    for (const QList<QVariant> &arguments : std::as_const(inserted)) {
        QCOMPARE(arguments.at(1).toInt(), next);
        next = arguments.at(2).toInt() + 1;
    }
    QCOMPARE(next, int(head));
    for (int row = int(ReferenceEvents); row < model->rowCount(); ++row) {
        QCOMPARE(model->index(row, EventLogModel::ProjectedColumn).data().toString(), u"pending"_s);
        QCOMPARE(model->index(row, EventLogModel::ProjectedColumn)
                     .data(EventLogModel::ProjectedRole)
                     .toBool(),
                 false);
    }
    QCOMPARE(model->index(0, EventLogModel::ProjectedColumn).data().toString(), u"\u2713"_s);
    QCOMPARE(changed.size(), 0);

    m_desk->projector->resume();
    QVERIFY(waitUntilProjected(*m_desk->projector, head));
    QTRY_COMPARE(model->projectedPosition(), head);
    QCOMPARE(flipped(changed, *model), range(ReferenceEvents + 1, head));
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, EventLogModel::ProjectedColumn).data().toString(), u"\u2713"_s);
    QCOMPARE(reset.size(), 0);
}

void tst_EventLogModel::keepsTheNewestOnly()
{
    // Past its capacity the model drops its oldest rows (rowsRemoved) as new ones arrive, and
    // a burst larger than the capacity is fetched as its newest events only.
    const auto model = newModel(10);
    QSignalSpy fetched(model.get(), &EventLogModel::eventsFetched);
    QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    model->refresh();
    QTRY_COMPARE(fetched.size(), 1);
    QCOMPARE(positions(*model), range(1, ReferenceEvents));

    for (int i = 0; i < 8; ++i)
        QVERIFY(createOrder().isAccepted());
    QTRY_COMPARE(model->lastPosition(), m_desk->head());
    QCOMPARE(positions(*model), range(m_desk->head() - 9, m_desk->head()));
    QVERIFY(!removed.isEmpty());
    for (const QList<QVariant> &arguments : std::as_const(removed))
        QCOMPARE(arguments.at(1).toInt(), 0); // always the oldest

    // A burst of 40 commands dispatched at once.
    QList<QFuture<CommandResult>> burst;
    for (int i = 0; i < 40; ++i) {
        burst.append(m_desk->bus->dispatch(
            CreateOrder {{}, u"ORD-E-B%1"_s.arg(i), u"C2"_s, {{u"SKU-2"_s, 1, {}}}, {}}));
    }
    for (QFuture<CommandResult> &future : burst)
        QVERIFY(future.result().isAccepted());
    QTRY_COMPARE(model->lastPosition(), m_desk->head());
    QTRY_VERIFY(!model->isFetching());
    QCOMPARE(positions(*model), range(m_desk->head() - 9, m_desk->head()));
    QCOMPARE(model->rowCount(), 10);

    // A smaller capacity drops the oldest at once.
    model->setCapacity(4);
    QCOMPARE(positions(*model), range(m_desk->head() - 3, m_desk->head()));
    QCOMPARE(model->capacity(), 4);
    QCOMPARE(reset.size(), 0);
}

void tst_EventLogModel::projectedGoingBackFlipsRowsBack()
{
    // A checkpoint that moves back (a read store replaced by an older one) turns the rows
    // after it back to pending, again one changed cell per row.
    const auto model = newModel();
    QSignalSpy fetched(model.get(), &EventLogModel::eventsFetched);
    model->refresh();
    QTRY_COMPARE(fetched.size(), 1);
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    model->setProjectedPosition(2);
    QCOMPARE(flipped(changed, *model), range(3, ReferenceEvents));
    QCOMPARE(model->index(1, EventLogModel::ProjectedColumn).data().toString(), u"\u2713"_s);
    QCOMPARE(model->index(2, EventLogModel::ProjectedColumn).data().toString(), u"pending"_s);
    changed.clear();
    model->setProjectedPosition(2);
    QCOMPARE(changed.size(), 0);
    // Beyond the rows held: only those held flip.
    model->setProjectedPosition(ReferenceEvents + 50);
    QCOMPARE(flipped(changed, *model), range(3, ReferenceEvents));
}

void tst_EventLogModel::notifiesOfOtherWriters()
{
    // Events another process wrote (no bus signal here) show up on refresh().
    const auto model = newModel();
    QSignalSpy fetched(model.get(), &EventLogModel::eventsFetched);
    model->refresh();
    QTRY_COMPARE(fetched.size(), 1);
    RawSql write(m_desk->store.path);
    const qint64 planted =
        plantEvent(write, CustomerRegistered {u"C77"_s, u"Other"_s, u"o@x.org"_s}, 1,
                   QDateTime::currentMSecsSinceEpoch());
    QVERIFY(planted > 0);
    model->refresh();
    QTRY_COMPARE(model->lastPosition(), planted);
    QCOMPARE(model->index(model->rowCount() - 1, EventLogModel::StreamColumn).data().toString(),
             u"customer-C77"_s);
}

void tst_EventLogModel::fetchFailsWithoutLog()
{
    // A log that cannot be opened is reported; the model stays empty.
    WriteStoreConfig nowhere;
    nowhere.path = m_dir->filePath(u"nowhere/orders.db"_s);
    EventLogModel model(nowhere);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy failed(&model, &EventLogModel::fetchFailed);
    model.refresh();
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!failed.constFirst().at(0).toString().isEmpty());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!QFileInfo::exists(nowhere.path));
}

QTEST_GUILESS_MAIN(tst_EventLogModel)
#include "tst_eventlogmodel.moc"
