// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "events/eventcodec.h"
#include "projections/projector.h"
#include "read/orderqueries.h"
#include "read/readschema.h"
#include "read/readstore.h"
#include "readsidesupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

const QString tester = u"tester"_s;

CommandMeta meta(std::optional<qint64> expectedVersion = std::nullopt)
{
    return CommandMeta {{}, expectedVersion, tester};
}

/// A seeded, endless stream of commands of every kind, a fair share of them invalid: orders
/// created, confirmed, shipped, delivered, cancelled, their lines changed, prices changed,
/// commands for orders that do not exist or are in the wrong state, stale expected versions,
/// bad quantities, unknown products and customers, and retries of earlier command ids.
class CommandMix
{
public:
    static constexpr int Customers = 40;
    static constexpr int Products = 25;

    explicit CommandMix(quint32 seed)
        : m_random(seed)
        , m_seed(seed)
    {
    }

    /// The customers and products the orders need.
    QList<Command> referenceData()
    {
        QList<Command> commands;
        for (int i = 1; i <= Customers; ++i) {
            commands.append(RegisterCustomer {meta(), u"MC%1"_s.arg(i), u"Mix Customer %1"_s.arg(i),
                                              u"mix%1@example.com"_s.arg(i)});
        }
        for (int i = 1; i <= Products; ++i) {
            commands.append(AddProduct {meta(), u"MSKU-%1"_s.arg(i), u"Mix Product %1"_s.arg(i),
                                        Money::fromCents(100 + 37 * i)});
        }
        return commands;
    }

    Command next()
    {
        Command command = make();
        CommandMeta &m = metaOf(command);
        if (m.commandId.isEmpty())
            m.commandId = u"mix-%1-%2"_s.arg(m_seed).arg(++m_sequence);
        if (m_sent.size() < 2000)
            m_sent.append(command);
        else
            m_sent[m_random.bounded(int(m_sent.size()))] = command;
        return command;
    }

private:
    int bounded(int n) { return int(m_random.bounded(n)); }

    QString anyOrder()
    {
        if (m_orders.isEmpty() || bounded(40) == 0)
            return u"ORD-MIX-NONE"_s;
        // Recent orders are more likely to move on, as in real life.
        const int size = int(m_orders.size());
        const int window = std::min(size, 300);
        return bounded(3) == 0 ? m_orders.at(bounded(size))
                               : m_orders.at(size - 1 - bounded(window));
    }

    LineRequests lines()
    {
        LineRequests lines;
        const int count = 1 + bounded(4);
        for (int l = 0; l < count; ++l) {
            LineRequest line {u"MSKU-%1"_s.arg(1 + bounded(Products)), 1 + bounded(9), {}};
            if (bounded(8) == 0)
                line.unitPrice = Money::fromCents(50 + bounded(20000));
            lines.append(line);
        }
        switch (bounded(40)) {
        case 0:
            lines.first().quantity = 0;
            break;
        case 1:
            lines.first().productId = u"MSKU-404"_s;
            break;
        case 2:
            lines.append(lines.first()); // the same product twice
            break;
        default:
            break;
        }
        return lines;
    }

    Command make()
    {
        static const QStringList reasons = {u"Customer asked"_s, u"Out of stock"_s, u"Duplicate"_s,
                                            u"  "_s};
        const int roll = bounded(100);
        if (roll < 30) {
            const QString id = u"ORD-MIX-%1-%2"_s.arg(m_seed).arg(m_orders.size() + 1);
            m_orders.append(id);
            const QString customer =
                bounded(50) == 0 ? u"MC-NOBODY"_s : u"MC%1"_s.arg(1 + bounded(Customers));
            return CreateOrder {meta(), id, customer, lines(), {}};
        }
        if (roll < 45)
            return ConfirmOrder {meta(), anyOrder()};
        if (roll < 57)
            return ShipOrder {meta(), anyOrder()};
        if (roll < 66)
            return DeliverOrder {meta(), anyOrder()};
        if (roll < 74)
            return CancelOrder {meta(), anyOrder(), reasons.at(bounded(int(reasons.size())))};
        if (roll < 87)
            return ChangeOrderLines {meta(), anyOrder(), lines()};
        if (roll < 93) {
            // A small set of prices, so that some changes are to the price it already has.
            return ChangeProductPrice {meta(), u"MSKU-%1"_s.arg(1 + bounded(Products)),
                                       Money::fromCents(100 * (1 + bounded(4)))};
        }
        if (roll < 97 && !m_sent.isEmpty())
            return m_sent.at(bounded(int(m_sent.size()))); // a retry: same command id
        return ConfirmOrder {meta(1 + bounded(3)), anyOrder()}; // maybe a stale version
    }

    QRandomGenerator m_random;
    quint32 m_seed;
    qint64 m_sequence = 0;
    QStringList m_orders;
    QList<Command> m_sent;
};

struct MixOutcome
{
    qint64 accepted = 0;
    qint64 rejected = 0;
    qint64 replayed = 0;
    QString storageError;
};

/// Dispatches commands with many in flight, as busy clients would, and counts the answers.
MixOutcome dispatchAll(CommandBus &bus, const QList<Command> &commands)
{
    MixOutcome outcome;
    constexpr qsizetype Window = 1000;
    for (qsizetype start = 0; start < commands.size(); start += Window) {
        QList<QFuture<CommandResult>> futures;
        for (qsizetype i = start; i < std::min(commands.size(), start + Window); ++i)
            futures.append(bus.dispatch(commands.at(i)));
        for (QFuture<CommandResult> &future : futures) {
            const CommandResult result = future.result();
            if (result.isAccepted())
                ++outcome.accepted;
            else
                ++outcome.rejected;
            outcome.replayed += result.replayed ? 1 : 0;
            if (int(result.error) >= int(ErrorCode::StorageError) && outcome.storageError.isEmpty())
                outcome.storageError = result.message;
        }
    }
    return outcome;
}

MixOutcome runMix(CommandBus &bus, CommandMix &mix, int count)
{
    QList<Command> commands;
    commands.reserve(count);
    for (int i = 0; i < count; ++i)
        commands.append(mix.next());
    return dispatchAll(bus, commands);
}

/// One check of a read table: a query and the rows it must return (columns joined by '|').
struct Check
{
    QString sql;
    QStringList rows;
};

struct EffectRow
{
    const char *name;
    QList<Command> commands;
    QList<Check> checks;
};

/// How a replay starts: the checkpoint is set back to this.
enum class ReplayFrom { Start, Middle, LastEvent };

/// What is done to a read store before a projector opens it.
enum class Damage {
    Missing,
    Empty,
    RandomBytes,
    HeaderThenGarbage,
    FirstPageThenGarbage,
    UserVersion0,
    UserVersion99,
    FromAnotherLog,
    /// As above, with the heartbeat of a rebuild that another process left behind.
    FromAnotherLogMidRebuild,
    /// Projected from another, shorter log: its checkpoint is no hint; its source id is.
    FromShorterLog,
    /// Projected before read stores recorded their source: which log is unknown.
    SourceUnknown,
};

/// A malformed event planted in the log.
struct PoisonRow
{
    const char *name;
    QString type;
    int schemaVersion;
    QByteArray payload;
};

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(random.bounded(256));
    return bytes;
}

/// Collects a projector's signals on the test's thread (queued), where the checks read them.
struct ProjectorSignals
{
    explicit ProjectorSignals(Projector &projector)
    {
        QObject::connect(&projector, &Projector::projected, &context,
                         [this](const ChangeSet &changes) { changeSets.append(changes); });
        QObject::connect(&projector, &Projector::readStoreReplaced, &context,
                         [this] { ++replaced; });
        QObject::connect(&projector, &Projector::rebuildFinished, &context,
                         [this](bool completed, const QString &message) {
                             finished.append({completed, message});
                         });
        QObject::connect(&projector, &Projector::deadLettersChanged, &context,
                         [this](qint64 count) { deadLetterCounts.append(count); });
    }

    QObject context;
    QList<ChangeSet> changeSets;
    QList<std::pair<bool, QString>> finished;
    QList<qint64> deadLetterCounts;
    int replaced = 0;
};

QStringList shadowTables(RawSql &read)
{
    return read.rows(u"SELECT name FROM sqlite_master WHERE name LIKE '%__rebuild%'"_s);
}

} // namespace

Q_DECLARE_METATYPE(EffectRow)
Q_DECLARE_METATYPE(ReplayFrom)
Q_DECLARE_METATYPE(Damage)
Q_DECLARE_METATYPE(PoisonRow)

class tst_Projector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void eventEffect_data();
    void eventEffect();
    void replayTwiceIsOnce_data();
    void replayTwiceIsOnce();
    void randomMixEqualsRebuild();
    void crashMidBatchResumes();
    void crashMidRebuildKeepsLiveTables();
    void poisonEventIsDeadLettered_data();
    void poisonEventIsDeadLettered();
    void rebuildWhileCommandsArrive();
    void cancelRebuildKeepsLiveTables();
    void pauseGrowsLagResumeClearsIt();
    void delayRaisesMeasuredLag();
    void waitForPosition();
    void unusableReadStoreIsReplaced_data();
    void unusableReadStoreIsReplaced();
    void readStoreTakenOverByAnotherLog();
    void twoProjectorsNeverDoubleApply();

private:
    QString newDir();
    /// A desk with its bus and projector running and the reference data projected.
    std::unique_ptr<Desk> readyDesk(const std::function<void(ProjectorConfig &)> &configure = {});

    QTemporaryDir m_root;
    int m_dirs = 0;
};

void tst_Projector::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
}

QString tst_Projector::newDir()
{
    const QString path = m_root.filePath(QString::number(++m_dirs));
    QDir().mkpath(path);
    return path;
}

std::unique_ptr<Desk>
tst_Projector::readyDesk(const std::function<void(ProjectorConfig &)> &configure)
{
    auto desk = std::make_unique<Desk>(newDir());
    if (configure)
        configure(desk->projection);
    if (!desk->startBus())
        return nullptr;
    if (auto ok = desk->startProjector(); !ok) {
        qWarning("The projector did not start: %s", qPrintable(ok.error().message));
        return nullptr;
    }
    if (const QString failed = addReferenceData(*desk->bus); !failed.isEmpty()) {
        qWarning("%s", qPrintable(failed));
        return nullptr;
    }
    if (!waitUntilProjected(*desk->projector, desk->head()))
        return nullptr;
    return desk;
}

void tst_Projector::eventEffect_data()
{
    QTest::addColumn<EffectRow>("row");
    const QString order = u"SELECT id, customer_id, customer_name, customer_email, currency, "
                          "line_count, item_count, total_cents, status, status_text, "
                          "cancel_reason, version, updated_at >= created_at FROM order_view"_s;
    const QString lines = u"SELECT order_id, line_no, product_id, product_name, quantity, "
                          "unit_price_cents, subtotal_cents FROM order_line_view "
                          "ORDER BY order_id, line_no"_s;
    const QString history = u"SELECT order_id, stream_version, type, actor, detail "
                            "FROM order_history ORDER BY position"_s;
    const QString summary = u"SELECT status, order_count, revenue_cents FROM status_summary "
                            "ORDER BY status"_s;
    const QString daily = u"SELECT day = (SELECT min(created_at) / 86400000 FROM order_view), "
                          "order_count, revenue_cents FROM daily_orders"_s;
    const QString journal = u"SELECT order_id, existed, old_status, old_total_cents, "
                            "old_item_count FROM order_changes ORDER BY seq"_s;
    const auto search = [](const QString &text) {
        return u"SELECT id FROM order_view WHERE rowid IN (SELECT rowid FROM order_id_search "
               "WHERE order_id_search MATCH '\"%1\"') OR customer_name IN (SELECT term FROM "
               "order_term WHERE kind = 0 AND rowid IN (SELECT rowid FROM order_term_search "
               "WHERE order_term_search MATCH '\"%1\"')) OR customer_email IN (SELECT term FROM "
               "order_term WHERE kind = 1 AND rowid IN (SELECT rowid FROM order_term_search "
               "WHERE order_term_search MATCH '\"%1\"')) ORDER BY id"_s.arg(text);
    };
    const auto summaryWith = [](int status, const QString &row) {
        QStringList rows = {u"0|0|0"_s, u"1|0|0"_s, u"2|0|0"_s, u"3|0|0"_s, u"4|0|0"_s};
        rows[status] = row;
        return rows;
    };
    const LineRequests drillAndLamp = {{u"SKU-1"_s, 2, {}}, {u"SKU-3"_s, 1, {}}};
    const LineRequests oneStapler = {{u"SKU-2"_s, 1, {}}};
    const auto create = [](const QString &customer, const LineRequests &l) -> Command {
        return CreateOrder {meta(), u"ORD-1"_s, customer, l, {}};
    };

    const QList<EffectRow> rows = {
        {"CustomerRegistered",
         {RegisterCustomer {meta(), u"C9"_s, u"Dora Dietrich"_s, u"dora@example.net"_s}},
         {{u"SELECT id, name, email FROM customer_view WHERE id = 'C9'"_s,
           {u"C9|Dora Dietrich|dora@example.net"_s}},
          {u"SELECT count(*) FROM customer_view"_s, {u"4"_s}},
          {u"SELECT count(*) FROM order_view"_s, {u"0"_s}},
          {summary, summaryWith(0, u"0|0|0"_s)}}},
        {"ProductAdded",
         {AddProduct {meta(), u"SKU-9"_s, u"Toolbox"_s, Money::fromCents(1234)}},
         {{u"SELECT id, name, unit_price_cents, version FROM product_view "
           "WHERE id = 'SKU-9'"_s,
           {u"SKU-9|Toolbox|1234|1"_s}},
          {u"SELECT count(*) FROM product_view"_s, {u"4"_s}}}},
        {"ProductPriceChanged",
         {create(u"C1"_s, {{u"SKU-1"_s, 1, {}}}),
          ChangeProductPrice {meta(), u"SKU-1"_s, Money::fromCents(1099)},
          CreateOrder {meta(), u"ORD-2"_s, u"C1"_s, {{u"SKU-1"_s, 1, {}}}, {}}},
         {{u"SELECT id, name, unit_price_cents, version FROM product_view "
           "WHERE id = 'SKU-1'"_s,
           {u"SKU-1|Drill|1099|2"_s}},
          // Orders keep the price they were placed at.
          {u"SELECT order_id, unit_price_cents FROM order_line_view ORDER BY order_id"_s,
           {u"ORD-1|999"_s, u"ORD-2|1099"_s}}}},
        {"OrderCreated",
         {create(u"C2"_s, drillAndLamp)},
         {{order,
           {u"ORD-1|C2|Bruno M\u00fcller|bruno@example.com|EUR|2|3|6148|0|Pending|NULL|1|1"_s}},
          {lines, {u"ORD-1|1|SKU-1|Drill|2|999|1998"_s, u"ORD-1|2|SKU-3|Desk Lamp|1|4150|4150"_s}},
          {history, {u"ORD-1|1|OrderCreated|tester|2 lines, 3 items, total 61.48 EUR"_s}},
          {summary, summaryWith(0, u"0|1|6148"_s)},
          {daily, {u"1|1|6148"_s}},
          {search(u"m\u00fcl"_s), {u"ORD-1"_s}},
          {search(u"BRUNO@EX"_s), {u"ORD-1"_s}},
          {search(u"RD-1"_s), {u"ORD-1"_s}},
          {search(u"ada"_s), {}},
          {journal, {u"ORD-1|0|NULL|NULL|NULL"_s}}}},
        {"OrderLinesChanged",
         {create(u"C1"_s, {{u"SKU-1"_s, 2, {}}}),
          ChangeOrderLines {
              meta(), u"ORD-1"_s, {{u"SKU-2"_s, 3, {}}, {u"SKU-3"_s, 1, Money::fromCents(4000)}}}},
         {{order, {u"ORD-1|C1|Ada Lovelace|ada@example.com|EUR|2|4|11500|0|Pending|NULL|2|1"_s}},
          {lines,
           {u"ORD-1|1|SKU-2|Stapler|3|2500|7500"_s, u"ORD-1|2|SKU-3|Desk Lamp|1|4000|4000"_s}},
          {history,
           {u"ORD-1|1|OrderCreated|tester|1 lines, 2 items, total 19.98 EUR"_s,
            u"ORD-1|2|OrderLinesChanged|tester|2 lines, 4 items, total 115.00"_s}},
          {summary, summaryWith(0, u"0|1|11500"_s)},
          {daily, {u"1|1|11500"_s}},
          {journal, {u"ORD-1|0|NULL|NULL|NULL"_s, u"ORD-1|1|0|1998|2"_s}}}},
        {"OrderConfirmed",
         {create(u"C3"_s, oneStapler), ConfirmOrder {meta(), u"ORD-1"_s}},
         {{order,
           {u"ORD-1|C3|Chiara Costa|chiara@example.org|EUR|1|1|2500|1|Confirmed|NULL|2|1"_s}},
          {history,
           {u"ORD-1|1|OrderCreated|tester|1 lines, 1 items, total 25.00 EUR"_s,
            u"ORD-1|2|OrderConfirmed|tester|"_s}},
          {summary, summaryWith(1, u"1|1|2500"_s)},
          {daily, {u"1|1|2500"_s}},
          {journal, {u"ORD-1|0|NULL|NULL|NULL"_s, u"ORD-1|1|0|2500|1"_s}}}},
        {"OrderShipped",
         {create(u"C3"_s, oneStapler), ConfirmOrder {meta(), u"ORD-1"_s},
          ShipOrder {meta(), u"ORD-1"_s}},
         {{order, {u"ORD-1|C3|Chiara Costa|chiara@example.org|EUR|1|1|2500|2|Shipped|NULL|3|1"_s}},
          {u"SELECT type FROM order_history ORDER BY position DESC LIMIT 1"_s, {u"OrderShipped"_s}},
          {summary, summaryWith(2, u"2|1|2500"_s)}}},
        {"OrderDelivered",
         {create(u"C3"_s, oneStapler), ConfirmOrder {meta(), u"ORD-1"_s},
          ShipOrder {meta(), u"ORD-1"_s}, DeliverOrder {meta(), u"ORD-1"_s}},
         {{order,
           {u"ORD-1|C3|Chiara Costa|chiara@example.org|EUR|1|1|2500|3|Delivered|NULL|4|1"_s}},
          {u"SELECT type FROM order_history ORDER BY position DESC LIMIT 1"_s,
           {u"OrderDelivered"_s}},
          {summary, summaryWith(3, u"3|1|2500"_s)},
          {u"SELECT old_status FROM order_changes ORDER BY seq"_s,
           {u"NULL"_s, u"0"_s, u"1"_s, u"2"_s}}}},
        {"OrderCancelled",
         {create(u"C2"_s, drillAndLamp), ConfirmOrder {meta(), u"ORD-1"_s},
          CancelOrder {meta(), u"ORD-1"_s, u"Customer asked"_s}},
         {{order,
           {u"ORD-1|C2|Bruno M\u00fcller|bruno@example.com|EUR|2|3|6148|4|Cancelled|"
            "Customer asked|3|1"_s}},
          {u"SELECT type, detail FROM order_history ORDER BY position DESC LIMIT 1"_s,
           {u"OrderCancelled|Customer asked"_s}},
          {summary, summaryWith(4, u"4|1|6148"_s)},
          // The day an order was placed keeps counting it, whatever became of it.
          {daily, {u"1|1|6148"_s}}}},
    };
    for (const EffectRow &row : rows)
        QTest::newRow(row.name) << row;
}

void tst_Projector::eventEffect()
{
    // Each event type changes exactly the read rows it should: the order view, its lines and
    // history, the status summary, the daily figures, the search index and the change journal.
    QFETCH(EffectRow, row);
    const auto desk = readyDesk();
    QVERIFY(desk);
    for (const Command &command : std::as_const(row.commands)) {
        const CommandResult result = send(*desk->bus, command);
        QVERIFY2(result.isAccepted(), qPrintable(result.commandType + u": "_s + result.message));
        // One event per batch, so that the journal has one entry per event here.
        QVERIFY(waitUntilProjected(*desk->projector, result.position));
    }
    RawSql read(desk->readPath());
    for (const Check &check : std::as_const(row.checks))
        QCOMPARE(read.rows(check.sql), check.rows);
    QCOMPARE(read.count(u"dead_letters"_s), 0);
}

void tst_Projector::replayTwiceIsOnce_data()
{
    QTest::addColumn<ReplayFrom>("from");
    QTest::newRow("everything again") << ReplayFrom::Start;
    QTest::newRow("the second half again") << ReplayFrom::Middle;
    QTest::newRow("the last event again") << ReplayFrom::LastEvent;
}

void tst_Projector::replayTwiceIsOnce()
{
    // Events projected a second time (the checkpoint set back, as after a lost commit of the
    // checkpoint alone) leave every read row as it was, and add nothing to the journal.
    QFETCH(ReplayFrom, from);
    const auto desk = readyDesk([](ProjectorConfig &c) { c.rebuildWhenEmpty = false; });
    QVERIFY(desk);
    CommandMix mix(7);
    QVERIFY(dispatchAll(*desk->bus, mix.referenceData()).rejected == 0);
    const MixOutcome outcome = runMix(*desk->bus, mix, 600);
    QVERIFY2(outcome.storageError.isEmpty(), qPrintable(outcome.storageError));
    const qint64 head = desk->head();
    QVERIFY(waitUntilProjected(*desk->projector, head));
    desk->projector.reset();

    const QString once = desk->readPath() + u".once"_s;
    QVERIFY(QFile::copy(desk->readPath(), once));
    qint64 journal = 0;
    {
        RawSql read(desk->readPath());
        journal = read.count(u"order_changes"_s);
        const qint64 back = from == ReplayFrom::Start ? 0
            : from == ReplayFrom::Middle              ? head / 2
                                                      : head - 1;
        QVERIFY(read.exec(u"UPDATE checkpoints SET position = ? WHERE projection = 'orders'"_s,
                          {back}));
    }
    ProjectorSignals seen(*(desk->projector = std::make_unique<Projector>(desk->projection)));
    QVERIFY(desk->projector->start());
    QVERIFY(waitUntilProjected(*desk->projector, head));
    QCOMPARE(desk->projector->status().deadLetters, 0);
    desk->projector.reset();

    const Result<ReadStoreComparison> comparison = compareReadStores(desk->readPath(), once);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
    QVERIFY(comparison->rowsCompared > 500);
    RawSql read(desk->readPath());
    QCOMPARE(read.count(u"order_changes"_s), journal);
    // Models told of the replayed batches find nothing new in them.
    QTRY_VERIFY(!seen.changeSets.isEmpty());
    for (const ChangeSet &changes : std::as_const(seen.changeSets))
        QVERIFY2(!changes.touchesOrders(), qPrintable(changes.updatedOrderIds.join(u' ')));
}

void tst_Projector::randomMixEqualsRebuild()
{
    // Incremental projection of 20,000 random commands (a fifth of them rejected) ends with
    // exactly the rows a rebuild from the event log produces, row for row.
    const auto desk = readyDesk();
    QVERIFY(desk);
    CommandMix mix(20240501);
    QCOMPARE(dispatchAll(*desk->bus, mix.referenceData()).rejected, 0);
    const MixOutcome outcome = runMix(*desk->bus, mix, 20'000);
    QVERIFY2(outcome.storageError.isEmpty(), qPrintable(outcome.storageError));
    QVERIFY2(outcome.accepted > 8000 && outcome.rejected > 1000 && outcome.replayed > 100,
             qPrintable(u"%1 accepted, %2 rejected, %3 replayed"_s.arg(outcome.accepted)
                            .arg(outcome.rejected)
                            .arg(outcome.replayed)));

    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));
    const ProjectionStatus status = desk->projector->status();
    QCOMPARE(status.deadLetters, 0);
    QCOMPARE(status.checkpoint, desk->head());
    QCOMPARE(status.state, ProjectionStatus::State::Running);

    const Result<ReadStoreComparison> comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
    QCOMPARE(comparison->liveCheckpoint, desk->head());

    // The read side agrees with the write side on what exists.
    RawSql write(desk->store.path);
    RawSql read(desk->readPath());
    QCOMPARE(read.count(u"order_view"_s), write.count(u"orders"_s));
    QCOMPARE(read.rows(u"SELECT status, count(*), sum(total_cents) FROM order_view "
                       "GROUP BY status ORDER BY status"_s),
             write.rows(u"SELECT status, count(*), sum(total_cents) FROM orders "
                        "GROUP BY status ORDER BY status"_s));
    QCOMPARE(read.rows(u"SELECT status, order_count, revenue_cents FROM status_summary "
                       "WHERE order_count > 0 ORDER BY status"_s),
             write.rows(u"SELECT status, count(*), sum(total_cents) FROM orders "
                        "GROUP BY status ORDER BY status"_s));
}

void tst_Projector::crashMidBatchResumes()
{
    // A projector that dies in the middle of a batch commits none of it; a new projector on
    // the same files carries on from the last committed batch, losing and doubling nothing.
    const auto desk = readyDesk([](ProjectorConfig &c) {
        c.batchSize = 100;
        c.rebuildWhenEmpty = false;
    });
    QVERIFY(desk);
    desk->projector->pause();
    QTRY_COMPARE(desk->projector->status().state, ProjectionStatus::State::Paused);
    const qint64 before = desk->projector->status().checkpoint;
    CommandMix mix(11);
    QCOMPARE(dispatchAll(*desk->bus, mix.referenceData()).rejected, 0);
    QVERIFY(runMix(*desk->bus, mix, 600).storageError.isEmpty());
    QVERIFY(desk->head() > before + 300);

    // Resumed, the projector commits the batch before..+100, then dies at +150.
    const qint64 crashAt = before + 150;
    desk->projector->setCrashHook([crashAt](qint64 position) { return position == crashAt; });
    desk->projector->resume();
    QTRY_COMPARE(desk->projector->status().state, ProjectionStatus::State::Failed);
    QCOMPARE(desk->projector->status().checkpoint, before + 100);
    {
        RawSql read(desk->readPath());
        QCOMPARE(read.scalar(u"SELECT position FROM checkpoints WHERE projection = 'orders'"_s)
                     .toLongLong(),
                 before + 100);
        for (const QString &table : {u"order_history"_s, u"order_changes"_s}) {
            QVERIFY(read.scalar(u"SELECT max(position) FROM "_s + table).toLongLong()
                    <= before + 100);
        }
    }
    // What was committed is exactly the projection of the events up to the checkpoint.
    Result<ReadStoreComparison> comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());

    // The process is gone; another one starts on the same files while commands keep coming.
    desk->projector.reset();
    QVERIFY(desk->startProjector());
    QVERIFY(runMix(*desk->bus, mix, 200).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));
    QCOMPARE(desk->projector->status().deadLetters, 0);
    comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
    QCOMPARE(comparison->liveCheckpoint, desk->head());
}

void tst_Projector::crashMidRebuildKeepsLiveTables()
{
    // A projector that dies in the middle of a rebuild leaves the live tables serving, whole
    // and current; the next projector keeps them up to date.
    const auto desk = readyDesk([](ProjectorConfig &c) { c.rebuildChunkSize = 100; });
    QVERIFY(desk);
    CommandMix mix(13);
    QCOMPARE(dispatchAll(*desk->bus, mix.referenceData()).rejected, 0);
    QVERIFY(runMix(*desk->bus, mix, 500).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));

    // Caught up, only the rebuild applies events: the hook fires inside it.
    const qint64 crashAt = desk->head() / 2;
    desk->projector->setCrashHook([crashAt](qint64 position) { return position == crashAt; });
    desk->projector->rebuild();
    QTRY_COMPARE(desk->projector->status().state, ProjectionStatus::State::Failed);
    desk->projector.reset();
    {
        RawSql read(desk->readPath());
        QCOMPARE(read.scalar(u"SELECT value FROM meta WHERE key = 'generation'"_s).toInt(), 1);
    }
    Result<ReadStoreComparison> comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
    QCOMPARE(comparison->liveCheckpoint, desk->head());

    QVERIFY(desk->startProjector());
    QVERIFY(runMix(*desk->bus, mix, 200).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));
    comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
}

void tst_Projector::poisonEventIsDeadLettered_data()
{
    QTest::addColumn<PoisonRow>("row");
    const QList<PoisonRow> rows = {
        {"payload is not JSON", u"OrderCreated"_s, 1, "{\"orderId\": \"ORD-POISON\", "},
        {"payload is a JSON array", u"OrderCreated"_s, 1, "[1, 2, 3]"},
        {"payload misses fields", u"OrderCreated"_s, 1, "{\"orderId\": \"ORD-POISON\"}"},
        {"unknown event type", u"OrderTeleported"_s, 1, "{\"orderId\": \"ORD-POISON\"}"},
        {"schema version from the future", u"OrderCreated"_s, 99, "{\"orderId\": \"ORD-POISON\"}"},
        {"order never created", u"OrderConfirmed"_s, 1, "{\"orderId\": \"ORD-POISON\"}"},
    };
    for (const PoisonRow &row : rows)
        QTest::newRow(row.name) << row;
}

void tst_Projector::poisonEventIsDeadLettered()
{
    // An event no handler can apply is tried a few times, then parked in the dead letters and
    // skipped: later events still project and the status shows the count. Once the event is
    // fixed in the log, retrying the dead letter applies it and removes it.
    QFETCH(PoisonRow, row);
    const auto desk = readyDesk([](ProjectorConfig &c) { c.maxAttempts = 3; });
    QVERIFY(desk);
    ProjectorSignals seen(*desk->projector);
    RawSql write(desk->store.path);
    const qint64 poison = plantEvent(write, u"ORD-POISON"_s, 1, row.type, row.schemaVersion,
                                     row.payload, QDateTime::currentMSecsSinceEpoch());
    QVERIFY(poison > 0);

    const CommandResult after =
        send(*desk->bus, CreateOrder {meta(), u"ORD-AFTER"_s, u"C1"_s, {{u"SKU-1"_s, 1, {}}}, {}});
    QVERIFY2(after.isAccepted(), qPrintable(after.message));
    QCOMPARE(after.position, poison + 1);
    QVERIFY(waitUntilProjected(*desk->projector, after.position));
    QTRY_COMPARE(desk->projector->status().deadLetters, 1);
    QTRY_COMPARE(seen.deadLetterCounts.value(seen.deadLetterCounts.size() - 1, -1), 1);
    QCOMPARE(desk->projector->status().state, ProjectionStatus::State::Running);
    RawSql read(desk->readPath());
    QCOMPARE(
        read.rows(u"SELECT position, stream_id, type, schema_version, attempts "
                  "FROM dead_letters"_s),
        QStringList {u"%1|ORD-POISON|%2|%3|3"_s.arg(poison).arg(row.type).arg(row.schemaVersion)});
    QVERIFY(!read.scalar(u"SELECT error FROM dead_letters"_s).toString().isEmpty());
    QCOMPARE(read.count(u"order_view"_s, u"id = 'ORD-AFTER'"_s), 1);
    QCOMPARE(read.count(u"order_view"_s, u"id = 'ORD-POISON'"_s), 0);

    // Fixed in the log (by a migration, say), the event applies when retried.
    const OrderCreated fixed {
        u"ORD-POISON"_s,       u"C1"_s,  u"Ada Lovelace"_s,
        u"ada@example.com"_s,  u"EUR"_s, {{u"SKU-2"_s, u"Stapler"_s, 2, Money::fromCents(2500)}},
        Money::fromCents(5000)};
    const EventCodec::Encoded encoded = EventCodec::encode(fixed);
    QVERIFY(write.exec(
        u"UPDATE events SET type = ?, schema_version = ?, payload = ? "
        "WHERE position = ?"_s,
        {encoded.type, encoded.schemaVersion, QString::fromUtf8(encoded.payload), poison}));
    const qint64 generationBefore =
        read.scalar(u"SELECT value FROM meta WHERE key = 'generation'"_s).toLongLong();
    desk->projector->retryDeadLetter(poison);
    QTRY_COMPARE(desk->projector->status().deadLetters, 0);
    QTRY_COMPARE(seen.deadLetterCounts.value(seen.deadLetterCounts.size() - 1, -1), 0);
    QCOMPARE(read.count(u"dead_letters"_s), 0);
    QCOMPARE(read.rows(u"SELECT id, total_cents, status FROM order_view "
                       "WHERE id = 'ORD-POISON'"_s),
             QStringList {u"ORD-POISON|5000|0"_s});
    // The order appeared behind the checkpoint, where models do not look: they are told to
    // reload, and the store's generation says so to readers in other processes too.
    QTRY_COMPARE(seen.replaced, 1);
    QCOMPARE(read.scalar(u"SELECT value FROM meta WHERE key = 'generation'"_s).toLongLong(),
             generationBefore + 1);
    const Result<ReadStoreComparison> comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
}

void tst_Projector::rebuildWhileCommandsArrive()
{
    // A rebuild runs while commands keep arriving, ends caught up and equal to a reference
    // build, and readers that stayed open across the swap see the new generation.
    const auto desk = readyDesk([](ProjectorConfig &c) { c.rebuildChunkSize = 200; });
    QVERIFY(desk);
    ProjectorSignals seen(*desk->projector);
    CommandMix mix(17);
    QCOMPARE(dispatchAll(*desk->bus, mix.referenceData()).rejected, 0);
    QVERIFY(runMix(*desk->bus, mix, 1200).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));

    ReadStore reader(desk->readPath());
    QVERIFY(reader.openForQueries());
    OrderQueries queries(reader.connection());
    QCOMPARE(*queries.generation(), 1);
    const qint64 startHead = desk->head();

    // Hold the rebuild half-way while more commands are written, then let it go on while
    // still more arrive.
    QSemaphore reached;
    QSemaphore proceed;
    const qint64 holdAt = startHead / 2;
    desk->projector->setCrashHook([&, holdAt](qint64 position) {
        if (position == holdAt) {
            reached.release();
            proceed.acquire();
        }
        return false;
    });
    desk->projector->rebuild();
    QVERIFY(reached.tryAcquire(1, 30'000));
    QCOMPARE(desk->projector->status().state, ProjectionStatus::State::Rebuilding);
    QVERIFY(runMix(*desk->bus, mix, 300).storageError.isEmpty());
    proceed.release();
    int rounds = 0;
    while (seen.finished.isEmpty() && rounds++ < 40) {
        QVERIFY(runMix(*desk->bus, mix, 50).storageError.isEmpty());
        QCoreApplication::processEvents();
    }
    QTRY_COMPARE_WITH_TIMEOUT(seen.finished.size(), 1, 30'000);
    desk->projector->setCrashHook({});
    QVERIFY2(seen.finished.constFirst().first, qPrintable(seen.finished.constFirst().second));
    QTRY_COMPARE(seen.replaced, 1);
    QVERIFY(desk->head() > startHead);

    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));
    QCOMPARE(desk->projector->status().state, ProjectionStatus::State::Running);
    const Result<ReadStoreComparison> comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
    QCOMPARE(comparison->liveCheckpoint, desk->head());

    // The reader's connection, open all along, reads the swapped-in tables.
    QCOMPARE(*queries.generation(), 2);
    RawSql read(desk->readPath());
    QCOMPARE(*queries.countOrders({}), read.count(u"order_view"_s));
    QCOMPARE(queries.listOrders({}, {}, 0, 10)->size(), 10);
    QCOMPARE(*queries.changesHorizon(),
             read.scalar(u"SELECT value FROM meta WHERE key = 'journal_horizon'"_s).toLongLong());
    QVERIFY(*queries.changesHorizon() > startHead);
    QCOMPARE(shadowTables(read), QStringList());
    QCOMPARE(read.count(u"checkpoints"_s, u"projection = 'rebuild'"_s), 0);
}

void tst_Projector::cancelRebuildKeepsLiveTables()
{
    // A rebuild cancelled half-way drops its tables and leaves the live ones as they were,
    // still projecting; a later rebuild is not blocked by the cancelled one.
    const auto desk = readyDesk([](ProjectorConfig &c) { c.rebuildChunkSize = 50; });
    QVERIFY(desk);
    ProjectorSignals seen(*desk->projector);
    CommandMix mix(19);
    QCOMPARE(dispatchAll(*desk->bus, mix.referenceData()).rejected, 0);
    QVERIFY(runMix(*desk->bus, mix, 1000).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));

    QSemaphore reached;
    QSemaphore proceed;
    const qint64 holdAt = desk->head() / 2;
    desk->projector->setCrashHook([&, holdAt](qint64 position) {
        if (position == holdAt) {
            reached.release();
            proceed.acquire();
        }
        return false;
    });
    desk->projector->rebuild();
    QVERIFY(reached.tryAcquire(1, 30'000));
    desk->projector->cancelRebuild();
    proceed.release();
    QTRY_COMPARE(seen.finished.size(), 1);
    desk->projector->setCrashHook({});
    QCOMPARE(seen.finished.constFirst().first, false);
    QCOMPARE(seen.replaced, 0);
    QCOMPARE(desk->projector->status().state, ProjectionStatus::State::Running);
    QCOMPARE(desk->projector->status().rebuildTotal, 0);
    {
        RawSql read(desk->readPath());
        QCOMPARE(shadowTables(read), QStringList());
        QCOMPARE(read.count(u"checkpoints"_s, u"projection = 'rebuild'"_s), 0);
        QCOMPARE(read.scalar(u"SELECT value FROM meta WHERE key = 'generation'"_s).toInt(), 1);
    }
    const CommandResult more =
        send(*desk->bus, CreateOrder {meta(), u"ORD-LATER"_s, u"C2"_s, {{u"SKU-3"_s, 2, {}}}, {}});
    QVERIFY(more.isAccepted());
    QVERIFY(waitUntilProjected(*desk->projector, more.position));
    Result<ReadStoreComparison> comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());

    desk->projector->rebuild();
    QTRY_COMPARE_WITH_TIMEOUT(seen.finished.size(), 2, 30'000);
    QVERIFY2(seen.finished.last().first, qPrintable(seen.finished.last().second));
    QTRY_COMPARE(seen.replaced, 1);
    comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
}

void tst_Projector::pauseGrowsLagResumeClearsIt()
{
    // Paused, the projector still measures: the lag in events grows with every command and
    // the lag in time is above zero. Resumed, it catches up and both go back to zero.
    const auto desk = readyDesk();
    QVERIFY(desk);
    QCOMPARE(desk->projector->status().lagEvents, 0);
    desk->projector->pause();
    QTRY_COMPARE(desk->projector->status().state, ProjectionStatus::State::Paused);
    const qint64 paused = desk->projector->status().checkpoint;

    const auto createOrders = [&](int count) {
        for (int i = 0; i < count; ++i) {
            const CommandResult r =
                send(*desk->bus, CreateOrder {meta(), {}, u"C1"_s, {{u"SKU-1"_s, 1, {}}}, {}});
            if (!r.isAccepted())
                return false;
        }
        return true;
    };
    QVERIFY(createOrders(5));
    QTRY_COMPARE(desk->projector->status().lagEvents, 5);
    QTRY_VERIFY(desk->projector->status().lagMs > 0);
    QVERIFY(createOrders(7));
    QTRY_COMPARE(desk->projector->status().lagEvents, 12);
    const qint64 lagBefore = desk->projector->status().lagMs;
    QTRY_VERIFY(desk->projector->status().lagMs > lagBefore);
    QCOMPARE(desk->projector->status().checkpoint, paused);
    QCOMPARE(desk->projector->status().state, ProjectionStatus::State::Paused);

    desk->projector->resume();
    QTRY_COMPARE(desk->projector->status().lagEvents, 0);
    QTRY_COMPARE(desk->projector->status().lagMs, 0);
    QCOMPARE(desk->projector->status().checkpoint, desk->head());
    QCOMPARE(desk->projector->status().state, ProjectionStatus::State::Running);
}

void tst_Projector::delayRaisesMeasuredLag()
{
    // The artificial delay per batch shows in the measured lag: the same burst of commands
    // reaches a higher lag with a delay than without.
    const auto desk = readyDesk();
    QVERIFY(desk);
    ProjectorSignals seen(*desk->projector);
    desk->projector->setBatchSize(10);
    QTRY_COMPARE(desk->projector->status().batchSize, 10);

    const auto burstLag = [&](int delayMs) -> qint64 {
        desk->projector->setDelayMs(delayMs);
        QList<Command> burst;
        for (int i = 0; i < 60; ++i)
            burst.append(CreateOrder {meta(), {}, u"C3"_s, {{u"SKU-2"_s, 1, {}}}, {}});
        const qint64 from = desk->head();
        if (dispatchAll(*desk->bus, burst).rejected != 0
            || !waitUntilProjected(*desk->projector, desk->head()))
            return -1;
        const qint64 to = desk->head();
        // The batch that reached `to` is announced just after the wait resolves.
        const auto announced = [&] {
            return !seen.changeSets.isEmpty() && seen.changeSets.constLast().toPosition == to;
        };
        if (!QTest::qWaitFor(announced, 10'000))
            return -1;
        qint64 maxLag = 0;
        int batches = 0;
        for (const ChangeSet &changes : std::as_const(seen.changeSets)) {
            if (changes.fromPosition > from && changes.toPosition <= to) {
                maxLag = std::max(maxLag, changes.lagMs);
                ++batches;
            }
        }
        return batches >= 6 ? maxLag : -1;
    };
    const qint64 withoutDelay = burstLag(0);
    QVERIFY(withoutDelay >= 0);
    QTRY_COMPARE(desk->projector->status().delayMs, 0);
    const qint64 withDelay = burstLag(250);
    QVERIFY(withDelay >= 0);
    QCOMPARE(desk->projector->status().delayMs, 250);
    QVERIFY2(withDelay > withoutDelay,
             qPrintable(u"%1 ms with a delay, %2 ms without"_s.arg(withDelay).arg(withoutDelay)));
    desk->projector->setDelayMs(0);
}

void tst_Projector::waitForPosition()
{
    // Read-your-writes: the wait resolves true once the position is visible in the read store,
    // false when it times out (paused) or when the projector stops.
    const auto desk = readyDesk();
    QVERIFY(desk);
    QFuture<bool> done = desk->projector->waitForPosition(desk->head(), 1);
    QVERIFY(done.isFinished());
    QCOMPARE(done.result(), true);

    desk->projector->pause();
    QTRY_COMPARE(desk->projector->status().state, ProjectionStatus::State::Paused);
    const CommandResult created =
        send(*desk->bus, CreateOrder {meta(), u"ORD-RYW"_s, u"C2"_s, {{u"SKU-2"_s, 1, {}}}, {}});
    QVERIFY(created.isAccepted());
    QFuture<bool> timesOut = desk->projector->waitForPosition(created.position, 100);
    QFuture<bool> waits = desk->projector->waitForPosition(created.position, 30'000);
    QTRY_VERIFY(timesOut.isFinished());
    QCOMPARE(timesOut.result(), false);
    QVERIFY(!waits.isFinished());

    desk->projector->resume();
    QTRY_VERIFY(waits.isFinished());
    QCOMPARE(waits.result(), true);
    // Visible to any reader as soon as the wait says so.
    ReadStore reader(desk->readPath());
    QVERIFY(reader.openForQueries());
    const auto order = OrderQueries(reader.connection()).getOrder(u"ORD-RYW"_s);
    QVERIFY(order && order->has_value());

    QFuture<bool> beyond = desk->projector->waitForPosition(desk->head() + 1000, 30'000);
    QVERIFY(!beyond.isFinished());
    desk->projector->stop();
    QVERIFY(beyond.isFinished());
    QCOMPARE(beyond.result(), false);
    QFuture<bool> stopped = desk->projector->waitForPosition(desk->head() + 1, 30'000);
    QVERIFY(stopped.isFinished());
    QCOMPARE(stopped.result(), false);
}

void tst_Projector::unusableReadStoreIsReplaced_data()
{
    QTest::addColumn<Damage>("damage");
    QTest::newRow("missing") << Damage::Missing;
    QTest::newRow("empty file") << Damage::Empty;
    QTest::newRow("random bytes") << Damage::RandomBytes;
    QTest::newRow("SQLite header, then garbage") << Damage::HeaderThenGarbage;
    QTest::newRow("first page intact, then garbage") << Damage::FirstPageThenGarbage;
    QTest::newRow("schema version 0") << Damage::UserVersion0;
    QTest::newRow("schema version 99") << Damage::UserVersion99;
    QTest::newRow("projected from another event log") << Damage::FromAnotherLog;
    QTest::newRow("from another log, a rebuild left behind") << Damage::FromAnotherLogMidRebuild;
    QTest::newRow("from another, shorter log") << Damage::FromShorterLog;
    QTest::newRow("from an unknown log") << Damage::SourceUnknown;
}

void tst_Projector::unusableReadStoreIsReplaced()
{
    // A read store that is missing, damaged, of another schema version or projected from
    // another event log is replaced on start and rebuilt from the log: it is only a cache.
    QFETCH(Damage, damage);
    const auto desk = readyDesk();
    QVERIFY(desk);
    CommandMix mix(23);
    QCOMPARE(dispatchAll(*desk->bus, mix.referenceData()).rejected, 0);
    QVERIFY(runMix(*desk->bus, mix, 300).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));
    desk->projector.reset();

    const QString path = desk->readPath();
    const qint64 size = QFileInfo(path).size();
    QVERIFY(size > 8192);
    const auto overwrite = [&](const QByteArray &bytes, qint64 keep) {
        QFile file(path);
        if (!file.open(QIODevice::ReadWrite))
            return false;
        return file.seek(keep) && file.write(bytes) == bytes.size()
            && file.resize(keep + bytes.size());
    };
    switch (damage) {
    case Damage::Missing:
        ReadStore::removeFiles(path);
        break;
    case Damage::Empty:
        QVERIFY(overwrite({}, 0));
        break;
    case Damage::RandomBytes:
        QVERIFY(overwrite(randomBytes(size, 1), 0));
        break;
    case Damage::HeaderThenGarbage:
        QVERIFY(overwrite(randomBytes(size - 100, 2), 100));
        break;
    case Damage::FirstPageThenGarbage: {
        const qint64 page = RawSql(path).scalar(u"PRAGMA page_size"_s).toLongLong();
        QVERIFY(page > 0);
        QVERIFY(overwrite(randomBytes(size - page, 3), page));
        break;
    }
    case Damage::UserVersion0:
    case Damage::UserVersion99: {
        RawSql read(path);
        QVERIFY(read.exec(u"CREATE TABLE stale_marker (x)"_s));
        QVERIFY(
            read.exec(u"PRAGMA user_version = %1"_s.arg(damage == Damage::UserVersion0 ? 0 : 99)));
        break;
    }
    case Damage::FromAnotherLog:
    case Damage::FromAnotherLogMidRebuild:
    case Damage::FromShorterLog: {
        // A bigger (or smaller) log projected elsewhere, its read store copied over this one:
        // as after switching the desktop to another write store.
        Desk other(newDir());
        QVERIFY(other.startBus());
        CommandMix otherMix(29);
        QCOMPARE(dispatchAll(*other.bus, otherMix.referenceData()).rejected, 0);
        QVERIFY(runMix(*other.bus, otherMix, damage == Damage::FromShorterLog ? 100 : 700)
                    .storageError.isEmpty());
        QVERIFY(damage == Damage::FromShorterLog ? other.head() < desk->head()
                                                 : other.head() > desk->head());
        QVERIFY(other.startProjector());
        QVERIFY(waitUntilProjected(*other.projector, other.head()));
        other.projector.reset();
        ReadStore::removeFiles(path);
        QVERIFY(QFile::copy(other.readPath(), path));
        if (damage == Damage::FromAnotherLogMidRebuild) {
            // A rebuild the other log's projector left behind, its heartbeat still fresh:
            // claiming the read store drops it with the rest, rather than waiting it out.
            RawSql read(path);
            QVERIFY(read.exec(u"INSERT INTO checkpoints (projection, position, updated_at) "
                              "VALUES ('rebuild', 10, ?)"_s,
                              {QDateTime::currentMSecsSinceEpoch() - 28'500}));
        }
        break;
    }
    case Damage::SourceUnknown: {
        // This log's own projection, but without the record of where it came from, and with
        // a trace that would show if it were kept.
        RawSql read(path);
        QVERIFY(read.exec(u"DELETE FROM meta WHERE key = 'source_store_id'"_s));
        QVERIFY(read.exec(u"DELETE FROM order_view WHERE rowid IN "
                          "(SELECT rowid FROM order_view LIMIT 3)"_s));
        break;
    }
    }

    const Result<void> started = desk->startProjector();
    QVERIFY2(started, failure(started));
    QVERIFY(runMix(*desk->bus, mix, 100).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));
    QTRY_COMPARE(desk->projector->status().state, ProjectionStatus::State::Running);
    // Ahead of this log, the store is "caught up" at once; only the swap makes it right.
    QTRY_COMPARE_WITH_TIMEOUT(desk->projector->status().checkpoint, desk->head(), 15'000);

    const Result<ReadStoreComparison> comparison =
        compareWithRebuild(desk->store, path, path + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
    RawSql read(path);
    QCOMPARE(read.scalar(u"PRAGMA user_version"_s).toInt(), ReadSchema::Version);
    QVERIFY(!read.hasTable(u"stale_marker"_s));
    QCOMPARE(read.scalar(u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
    WriteStoreConfig logConfig = desk->store;
    logConfig.readOnly = true;
    const std::unique_ptr<WriteStore> log = createWriteStore(logConfig);
    QVERIFY(log->open());
    QCOMPARE(read.scalar(u"SELECT value FROM meta WHERE key = 'source_store_id'"_s).toString(),
             *log->storeId());
}

void tst_Projector::readStoreTakenOverByAnotherLog()
{
    // Two programs on one data directory with different write stores (a window on the shared
    // server, orderdeskctl on the local file): the one that starts last claims the read store,
    // and the other stops projecting into it, saying why, rather than mixing the two logs.
    const auto desk = readyDesk();
    QVERIFY(desk);
    CommandMix mix(37);
    QCOMPARE(dispatchAll(*desk->bus, mix.referenceData()).rejected, 0);
    QVERIFY(runMix(*desk->bus, mix, 200).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));

    Desk other(newDir());
    other.projection.readStorePath = desk->readPath();
    QVERIFY(other.startBus());
    CommandMix otherMix(41);
    QCOMPARE(dispatchAll(*other.bus, otherMix.referenceData()).rejected, 0);
    QVERIFY(runMix(*other.bus, otherMix, 150).storageError.isEmpty());
    const Result<void> started = other.startProjector();
    QVERIFY2(started, failure(started));
    QVERIFY(waitUntilProjected(*other.projector, other.head()));

    QVERIFY(runMix(*desk->bus, mix, 20).storageError.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(desk->projector->status().state, ProjectionStatus::State::Failed,
                              10'000);
    QVERIFY2(desk->projector->status().lastError.contains(u"another OrderDesk program"),
             qPrintable(desk->projector->status().lastError));
    desk->projector->stop();
    other.projector->stop();

    const Result<ReadStoreComparison> comparison =
        compareWithRebuild(other.store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
}

void tst_Projector::twoProjectorsNeverDoubleApply()
{
    // Two projectors on one read store (two OrderDesk processes on one machine) share the
    // work through the store's write lock and the checkpoint in it: no event applies twice.
    const auto desk = readyDesk([](ProjectorConfig &c) { c.batchSize = 50; });
    QVERIFY(desk);
    std::unique_ptr<Projector> second;
    QVERIFY(desk->startProjector(&second));
    ProjectorSignals first(*desk->projector);
    ProjectorSignals other(*second);

    CommandMix mix(31);
    QCOMPARE(dispatchAll(*desk->bus, mix.referenceData()).rejected, 0);
    QVERIFY(runMix(*desk->bus, mix, 2000).storageError.isEmpty());
    QVERIFY(waitUntilProjected(*desk->projector, desk->head()));
    QVERIFY(waitUntilProjected(*second, desk->head()));
    QCOMPARE(desk->projector->status().deadLetters, 0);
    QCOMPARE(second->status().deadLetters, 0);

    const Result<ReadStoreComparison> comparison =
        compareWithRebuild(desk->store, desk->readPath(), desk->readPath() + u".reference"_s);
    QVERIFY2(comparison && comparison->isEqual(), describe(comparison).constData());
    RawSql read(desk->readPath());
    // Each order's creation is in the journal once; each event in the history once.
    QCOMPARE(read.count(u"order_changes"_s, u"existed = 0"_s), read.count(u"order_view"_s));
    RawSql write(desk->store.path);
    QCOMPARE(read.count(u"order_history"_s),
             write.count(u"events"_s,
                         u"stream_id NOT LIKE 'customer-%' "
                         "AND stream_id NOT LIKE 'product-%'"_s));

    // Between them, the batches they announced cover every event exactly once.
    QCoreApplication::processEvents();
    QList<std::pair<qint64, qint64>> ranges;
    for (const ProjectorSignals *s : {&first, &other}) {
        for (const ChangeSet &changes : s->changeSets)
            ranges.append({changes.fromPosition, changes.toPosition});
    }
    std::sort(ranges.begin(), ranges.end());
    for (qsizetype i = 1; i < ranges.size(); ++i)
        QVERIFY2(ranges[i].first > ranges[i - 1].second,
                 qPrintable(u"%1..%2 overlaps %3..%4"_s.arg(ranges[i - 1].first)
                                .arg(ranges[i - 1].second)
                                .arg(ranges[i].first)
                                .arg(ranges[i].second)));
}

QTEST_GUILESS_MAIN(tst_Projector)
#include "tst_projector.moc"
