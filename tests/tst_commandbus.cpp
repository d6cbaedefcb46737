// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "events/eventcodec.h"
#include "pgtestdatabase.h"
#include "storage/datadirectory.h"
#include "storage/postgresconnection.h"
#include "storage/sqliteconnection.h"
#include "testsupport.h"
#include "write/postgreswritestore.h"
#include "write/sqlitewritestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace OrderDesk;
using OrderDesk::Testing::PgTestDatabase;
using OrderDesk::TestSupport::failure;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OrderDesk::ErrorCode)
Q_DECLARE_METATYPE(OrderDesk::WriteStoreConfig)

namespace {

/// The row name of the PostgreSQL backend; its rows are skipped when there is no server.
constexpr char PostgresRow[] = "postgresql";

/// Every write store backend the bus is tested against: SQLite keeps its data under `dir`,
/// PostgreSQL in the fresh database `postgres` (null without a server: the row is skipped).
/// Tests that take a "config" column run once per entry: a new backend is one more line here
/// (and, for the raw checks, one more case in RawConnection).
QList<std::pair<const char *, WriteStoreConfig>> backends(const QString &dir,
                                                          const PgTestDatabase *postgres)
{
    WriteStoreConfig sqlite;
    sqlite.path = dir + u"/orders.db"_s;
    WriteStoreConfig postgresql;
    if (postgres)
        postgresql = postgres->config();
    return {{"sqlite", sqlite}, {PostgresRow, postgresql}};
}

/// A plain SQL connection to a store, beside the bus, as another program would have: to check
/// rows the WriteStore interface does not show and to plant data that provokes a failure.
/// The SQL that differs between the backends is in here.
class RawConnection
{
public:
    explicit RawConnection(const WriteStoreConfig &config)
        : m_name(u"raw-%1"_s.arg(++s_counter))
    {
        if (!config.databaseUrl.isEmpty()) {
            m_postgres = std::make_unique<PostgresConnection>(m_name);
            const Result<PostgresSettings> settings = PostgresSettings::fromUrl(config.databaseUrl);
            const Result<void> opened = settings ? m_postgres->open(*settings)
                                                 : Result<void>(settings.error());
            if (!opened)
                qWarning("Cannot connect: %s", qPrintable(opened.error().message));
            return;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(config.path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=20000"_s);
        if (!db.open())
            qWarning("Cannot open %s: %s", qPrintable(config.path),
                     qPrintable(db.lastError().text()));
    }
    ~RawConnection()
    {
        if (m_postgres)
            return;
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    QSqlDatabase database() const
    {
        return m_postgres ? m_postgres->database() : QSqlDatabase::database(m_name, false);
    }

    bool exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(database());
        query.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(int(i), values.at(i));
        if (!query.exec()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return false;
        }
        return true;
    }

    QVariant scalar(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(database());
        query.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(int(i), values.at(i));
        if (!query.exec() || !query.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return {};
        }
        return query.value(0);
    }

    qint64 count(const QString &table, const QString &where = u"TRUE"_s,
                 const QVariantList &values = {})
    {
        const QVariant n =
            scalar(u"SELECT count(*) FROM "_s + table + u" WHERE "_s + where, values);
        return n.isValid() ? n.toLongLong() : -1;
    }

    bool hasTable(const QString &name)
    {
        if (m_postgres)
            return scalar(u"SELECT to_regclass(?) IS NOT NULL"_s, {name}).toBool();
        return scalar(u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"_s,
                      {name})
                   .toInt()
            == 1;
    }

    int userVersion() { return scalar(u"PRAGMA user_version"_s).toInt(); }

    /// Appends an event behind the bus's back, as another writer would: a stream version the
    /// bus will collide with.
    bool plantEvent(const QString &streamId)
    {
        // PostgreSQL positions are max + 1 (no sequence); SQLite's is the rowid.
        const QString position = m_postgres
            ? u"(SELECT coalesce(max(position), 0) + 1 FROM events)"_s
            : u"NULL"_s;
        return exec(u"INSERT INTO events (position, stream_id, stream_version, type, "
                    "schema_version, payload, occurred_at) VALUES ("_s
                        + position + u", ?, 1, 'OrderConfirmed', 1, ?, 0)"_s,
                    {streamId, u"{\"orderId\":\"%1\"}"_s.arg(streamId)});
    }

    /// Takes the store's write lock, so that the bus's writer waits and commands queue up.
    bool lockForWriting()
    {
        if (!m_postgres)
            return exec(u"BEGIN IMMEDIATE"_s);
        // The lock the bus's writer takes first in every batch, held until ROLLBACK.
        return database().transaction()
            && exec(u"SELECT pg_advisory_xact_lock(?)"_s, {PostgresWriteStore::EventLockKey});
    }
    bool unlock() { return m_postgres ? database().rollback() : exec(u"ROLLBACK"_s); }

private:
    static inline int s_counter = 0;
    QString m_name;
    std::unique_ptr<PostgresConnection> m_postgres;
};

CommandMeta withId(const QString &commandId, std::optional<qint64> expectedVersion = std::nullopt)
{
    return CommandMeta {commandId, expectedVersion, {}};
}

const LineRequests twoLines = {{u"SKU-1"_s, 2, std::nullopt}, {u"SKU-2"_s, 1, std::nullopt}};

CreateOrder createOrder(const QString &orderId, const QString &commandId = {},
                        const QString &customerId = u"C1"_s, const LineRequests &lines = twoLines)
{
    return CreateOrder {withId(commandId), orderId, customerId, lines, {}};
}

/// Dispatches and waits for the durable result.
CommandResult send(CommandBus &bus, Command command)
{
    return bus.dispatch(std::move(command)).result();
}

/// The customers and products every order test needs: C1, C2, SKU-1 (9.99), SKU-2 (25.00).
/// Returns what went wrong, or an empty string.
QString addReferenceData(CommandBus &bus)
{
    const QList<Command> commands = {
        RegisterCustomer {{}, u"C1"_s, u"Ada Lovelace"_s, u"ada@example.com"_s},
        RegisterCustomer {{}, u"C2"_s, u"Bruno Becker"_s, u"bruno@example.com"_s},
        AddProduct {{}, u"SKU-1"_s, u"Drill"_s, Money::fromCents(999)},
        AddProduct {{}, u"SKU-2"_s, u"Stapler"_s, Money::fromCents(2500)},
    };
    for (const Command &command : commands) {
        const CommandResult result = send(bus, command);
        if (!result.isAccepted())
            return result.commandType + u": "_s + result.message;
    }
    return {};
}
constexpr qint64 referenceEvents = 4;

std::unique_ptr<WriteStore> openReadOnly(WriteStoreConfig config)
{
    config.readOnly = true;
    std::unique_ptr<WriteStore> store = createWriteStore(config);
    if (auto ok = store->open(); !ok) {
        qWarning("Cannot open the store read-only: %s", qPrintable(ok.error().message));
        return nullptr;
    }
    return store;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

#ifdef Q_OS_UNIX
int permissionBits(const QString &path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}
#endif

} // namespace

class tst_CommandBus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void acceptedCommandIsAtomic_data() { addBackendRows(); }
    void acceptedCommandIsAtomic();
    void failingHandlerLeavesNoRows_data() { addBackendRows(); }
    void failingHandlerLeavesNoRows();
    void groupCommitIsolatesRejected_data() { addBackendRows(); }
    void groupCommitIsolatesRejected();
    void changeLinesRewritesItems_data() { addBackendRows(); }
    void changeLinesRewritesItems();
    void idempotentRetry_data() { addBackendRows(); }
    void idempotentRetry();
    void optimisticConcurrency_data() { addBackendRows(); }
    void optimisticConcurrency();
    void eventsAppendedCarriesHead_data() { addBackendRows(); }
    void eventsAppendedCarriesHead();
    void metricsCountPerType_data() { addBackendRows(); }
    void metricsCountPerType();
    void stopFinishesQueuedCommands_data() { addBackendRows(); }
    void stopFinishesQueuedCommands();
    void dispatchWhenNotRunning_data() { addBackendRows(); }
    void dispatchWhenNotRunning();
    void storeHasLastingIdentity_data() { addBackendRows(); }
    void storeHasLastingIdentity();

    void migratesFreshStore();
    void migratesOldStore();
    void refusesNewerStore_data();
    void refusesNewerStore();
    void refusesUnusableFile_data();
    void refusesUnusableFile();
    void storeIsOwnerOnly();

private:
    /// A new empty directory for one test row.
    QString newDir();
    void addBackendRows();
    std::unique_ptr<CommandBus> startedBus(const WriteStoreConfig &config);

    QTemporaryDir m_root;
    int m_dirs = 0;
    /// The databases of the current test function's PostgreSQL row (one per function).
    std::vector<std::unique_ptr<PgTestDatabase>> m_databases;
};

void tst_CommandBus::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
}

QString tst_CommandBus::newDir()
{
    const QString path = m_root.filePath(QString::number(++m_dirs));
    QDir().mkpath(path);
    return path;
}

void tst_CommandBus::init()
{
    // The same behaviour on a shared server: skipped, saying why, when there is none.
    if (qstrcmp(QTest::currentDataTag(), PostgresRow) != 0)
        return;
    if (PgTestDatabase::serverUrl().isEmpty())
        QSKIP(PgTestDatabase::skipReason());
    QVERIFY(!m_databases.empty());
    QVERIFY2(m_databases.back()->error().isEmpty(), qPrintable(m_databases.back()->error()));
}

void tst_CommandBus::cleanup()
{
    if (qstrcmp(QTest::currentDataTag(), PostgresRow) == 0)
        m_databases.clear();
}

void tst_CommandBus::addBackendRows()
{
    QTest::addColumn<WriteStoreConfig>("config");
    const PgTestDatabase *postgres = nullptr;
    if (!PgTestDatabase::serverUrl().isEmpty()) {
        m_databases.push_back(std::make_unique<PgTestDatabase>());
        postgres = m_databases.back().get();
    }
    for (const auto &[name, config] : backends(newDir(), postgres))
        QTest::newRow(name) << config;
}

std::unique_ptr<CommandBus> tst_CommandBus::startedBus(const WriteStoreConfig &config)
{
    auto bus = std::make_unique<CommandBus>(config);
    if (auto ok = bus->start(); !ok) {
        qWarning("The bus did not start: %s", qPrintable(ok.error().message));
        return nullptr;
    }
    return bus;
}

void tst_CommandBus::acceptedCommandIsAtomic()
{
    // Once a command's future says accepted, its state, its event and its command id are all
    // durable and visible to any other reader of the store, together.
    QFETCH(WriteStoreConfig, config);
    const auto bus = startedBus(config);
    QVERIFY(bus);
    const QString setUp = addReferenceData(*bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));

    const CommandResult result = send(*bus, createOrder(u"ORD-A"_s, u"cmd-create-a"_s));
    QVERIFY2(result.isAccepted(), qPrintable(result.message));
    QCOMPARE(result.commandId, u"cmd-create-a"_s);
    QCOMPARE(result.commandType, u"CreateOrder"_s);
    QCOMPARE(result.targetId, u"ORD-A"_s);
    QCOMPARE(result.version, 1);
    QCOMPARE(result.position, referenceEvents + 1);
    QVERIFY(!result.replayed);
    QVERIFY(result.acceptedAt > 0);

    // Another connection sees everything while the bus is still running.
    const auto reader = openReadOnly(config);
    QVERIFY(reader);
    const Result<std::optional<Order>> order = reader->order(u"ORD-A"_s);
    QVERIFY2(order, failure(order));
    QVERIFY(order->has_value());
    const Order &o = **order;
    QCOMPARE(o.customerId(), u"C1"_s);
    QCOMPARE(o.status(), OrderStatus::Pending);
    QCOMPARE(o.version(), 1);
    QCOMPARE(o.currency(), u"EUR"_s);
    QCOMPARE(o.total(), Money::fromCents(2 * 999 + 2500));
    const OrderLines expectedLines = {{u"SKU-1"_s, u"Drill"_s, 2, Money::fromCents(999)},
                                      {u"SKU-2"_s, u"Stapler"_s, 1, Money::fromCents(2500)}};
    QCOMPARE(o.lines(), expectedLines);

    const Result<EventEnvelopes> events = reader->streamEvents(u"ORD-A"_s);
    QVERIFY2(events, failure(events));
    QCOMPARE(events->size(), 1);
    const EventEnvelope &event = events->constFirst();
    QCOMPARE(event.position, result.position);
    QCOMPARE(event.streamVersion, 1);
    QCOMPARE(event.type, u"OrderCreated"_s);
    QCOMPARE(event.commandId, u"cmd-create-a"_s);
    QCOMPARE(event.actor, CommandBus::defaultActor());
    const Result<DomainEvent> decoded =
        EventCodec::decode(event.type, event.schemaVersion, event.payload);
    QVERIFY2(decoded, failure(decoded));
    const auto *created = std::get_if<OrderCreated>(&*decoded);
    QVERIFY(created);
    QCOMPARE(created->customerName, u"Ada Lovelace"_s);
    QCOMPARE(created->customerEmail, u"ada@example.com"_s);
    QCOMPARE(created->lines, expectedLines);

    const Result<std::optional<CommandResult>> processed =
        reader->processedCommand(u"cmd-create-a"_s);
    QVERIFY2(processed, failure(processed));
    QVERIFY(processed->has_value());
    QCOMPARE((*processed)->targetId, u"ORD-A"_s);
    QCOMPARE((*processed)->position, result.position);

    RawConnection raw(config);
    QCOMPARE(raw.count(u"order_items"_s, u"order_id = ?"_s, {u"ORD-A"_s}), 2);
    QCOMPARE(bus->headPosition(), result.position);
}

void tst_CommandBus::failingHandlerLeavesNoRows()
{
    // A command that fails after it has written part of its state leaves no trace: here the
    // order row is inserted, then the event append collides with an event planted in the log.
    QFETCH(WriteStoreConfig, config);
    const auto bus = startedBus(config);
    QVERIFY(bus);
    const QString setUp = addReferenceData(*bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));

    RawConnection raw(config);
    QVERIFY(raw.plantEvent(u"ORD-PLANTED"_s));
    const qint64 eventsBefore = raw.count(u"events"_s);

    const CommandResult result = send(*bus, createOrder(u"ORD-PLANTED"_s, u"cmd-planted"_s));
    QCOMPARE(result.error, ErrorCode::ConcurrentModification);
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(raw.count(u"orders"_s, u"id = ?"_s, {u"ORD-PLANTED"_s}), 0);
    QCOMPARE(raw.count(u"order_items"_s, u"order_id = ?"_s, {u"ORD-PLANTED"_s}), 0);
    QCOMPARE(raw.count(u"processed_commands"_s, u"command_id = ?"_s, {u"cmd-planted"_s}), 0);
    QCOMPARE(raw.count(u"events"_s), eventsBefore);

    // The store is left in a clean state: the next command goes through.
    const CommandResult next = send(*bus, createOrder(u"ORD-NEXT"_s));
    QVERIFY2(next.isAccepted(), qPrintable(next.message));
    QCOMPARE(raw.count(u"orders"_s), 1);
    QCOMPARE(raw.count(u"order_items"_s), 2);
}

void tst_CommandBus::groupCommitIsolatesRejected()
{
    // Commands queued together commit in one transaction; the rejected ones among them (even
    // one that failed half-way) leave nothing, the accepted ones all commit, gap-free.
    QFETCH(WriteStoreConfig, config);
    const auto bus = startedBus(config);
    QVERIFY(bus);
    const QString setUp = addReferenceData(*bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));

    RawConnection raw(config);
    QVERIFY(raw.plantEvent(u"ORD-G-CONFLICT"_s));
    const qint64 head = raw.scalar(u"SELECT max(position) FROM events"_s).toLongLong();

    struct Expectation
    {
        Command command;
        ErrorCode error;
        QString rejectedOrder; ///< an order id that must not exist afterwards
    };
    QList<Expectation> plan;
    int creates = 0;
    for (int i = 0; i < 40; ++i) {
        plan.append({createOrder(u"ORD-G-%1"_s.arg(i), u"g-%1"_s.arg(i)), ErrorCode::None, {}});
        ++creates;
        switch (i) {
        case 3:
            plan.append({createOrder(u"ORD-G-QTY"_s, {}, u"C1"_s, {{u"SKU-1"_s, 0, std::nullopt}}),
                         ErrorCode::InvalidQuantity, u"ORD-G-QTY"_s});
            break;
        case 9:
            plan.append({createOrder(u"ORD-G-WHO"_s, {}, u"C-NOBODY"_s), ErrorCode::UnknownCustomer,
                         u"ORD-G-WHO"_s});
            break;
        case 15:
            plan.append(
                {createOrder(u"ORD-G-WHAT"_s, {}, u"C2"_s,
                             {{u"SKU-1"_s, 1, std::nullopt}, {u"SKU-404"_s, 1, std::nullopt}}),
                 ErrorCode::UnknownProduct, u"ORD-G-WHAT"_s});
            break;
        case 21:
            plan.append({createOrder(u"ORD-G-CONFLICT"_s), ErrorCode::ConcurrentModification,
                         u"ORD-G-CONFLICT"_s});
            break;
        case 27:
            // Sees the order created earlier in the same, not yet committed, transaction.
            plan.append({ConfirmOrder {{}, u"ORD-G-0"_s}, ErrorCode::None, {}});
            break;
        case 33:
            plan.append({ConfirmOrder {{}, u"ORD-G-NONE"_s}, ErrorCode::OrderNotFound, {}});
            break;
        }
    }

    QSignalSpy appended(bus.get(), &CommandBus::eventsAppended);
    // Hold the write lock while dispatching so that every command is queued before the writer
    // can start: the queue then goes into (at most) two transactions.
    QVERIFY(raw.lockForWriting());
    QList<QFuture<CommandResult>> futures;
    for (const Expectation &step : std::as_const(plan))
        futures.append(bus->dispatch(step.command));
    QVERIFY(raw.unlock());

    QList<qint64> positions;
    for (qsizetype i = 0; i < plan.size(); ++i) {
        const CommandResult result = futures[i].result();
        QVERIFY2(result.error == plan[i].error,
                 qPrintable(u"step %1: %2 instead of %3 (%4)"_s.arg(i).arg(
                     errorCodeName(result.error), errorCodeName(plan[i].error), result.message)));
        if (result.isAccepted())
            positions.append(result.position);
    }
    QCOMPARE(positions.size(), creates + 1);
    for (qsizetype i = 0; i < positions.size(); ++i)
        QCOMPARE(positions[i], head + 1 + i);

    QVERIFY2(
        appended.size() >= 1 && appended.size() <= 2,
        qPrintable(u"%1 commits for %2 queued commands"_s.arg(appended.size()).arg(plan.size())));
    QCOMPARE(appended.last().at(0).toLongLong(), positions.last());

    QCOMPARE(raw.count(u"orders"_s), creates);
    QCOMPARE(raw.count(u"order_items"_s), 2 * creates);
    QCOMPARE(raw.count(u"events"_s), referenceEvents + 1 + creates + 1);
    QCOMPARE(raw.count(u"processed_commands"_s), referenceEvents + creates + 1);
    QCOMPARE(raw.count(u"orders"_s, u"id = 'ORD-G-0' AND status = 1"_s), 1);
    for (const Expectation &step : std::as_const(plan)) {
        if (!step.rejectedOrder.isEmpty()) {
            QCOMPARE(raw.count(u"orders"_s, u"id = ?"_s, {step.rejectedOrder}), 0);
            QCOMPARE(raw.count(u"order_items"_s, u"order_id = ?"_s, {step.rejectedOrder}), 0);
        }
    }
}

void tst_CommandBus::changeLinesRewritesItems()
{
    // Changing a pending order's lines replaces its items; once confirmed they are locked and
    // the attempt changes nothing.
    QFETCH(WriteStoreConfig, config);
    const auto bus = startedBus(config);
    QVERIFY(bus);
    const QString setUp = addReferenceData(*bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
    QVERIFY(send(*bus, createOrder(u"ORD-L"_s)).isAccepted());

    const CommandResult changed =
        send(*bus, ChangeOrderLines {{}, u"ORD-L"_s, {{u"SKU-2"_s, 5, Money::fromCents(100)}}});
    QVERIFY2(changed.isAccepted(), qPrintable(changed.message));
    QCOMPARE(changed.version, 2);

    const auto reader = openReadOnly(config);
    QVERIFY(reader);
    std::optional<Order> order = *reader->order(u"ORD-L"_s);
    QVERIFY(order);
    const OrderLines newLines = {{u"SKU-2"_s, u"Stapler"_s, 5, Money::fromCents(100)}};
    QCOMPARE(order->lines(), newLines);
    QCOMPARE(order->total(), Money::fromCents(500));

    QVERIFY(send(*bus, ConfirmOrder {{}, u"ORD-L"_s}).isAccepted());
    const CommandResult locked =
        send(*bus, ChangeOrderLines {{}, u"ORD-L"_s, {{u"SKU-1"_s, 1, std::nullopt}}});
    QCOMPARE(locked.error, ErrorCode::LinesLocked);
    order = *reader->order(u"ORD-L"_s);
    QCOMPARE(order->lines(), newLines);
    QCOMPARE(order->version(), 3);
    QCOMPARE(reader->streamEvents(u"ORD-L"_s)->size(), 3);
}

void tst_CommandBus::idempotentRetry()
{
    // A command sent again with the same command id (a retry after a lost answer) gets the
    // first result back and changes nothing, also after the store was closed and reopened.
    QFETCH(WriteStoreConfig, config);
    CommandResult created;
    CommandResult confirmed;
    qint64 events = 0;
    {
        const auto bus = startedBus(config);
        QVERIFY(bus);
        const QString setUp = addReferenceData(*bus);
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));

        // No order id: the bus assigns one, and a retry must not create a second order.
        created = send(*bus, createOrder({}, u"retry-create"_s));
        QVERIFY2(created.isAccepted(), qPrintable(created.message));
        QVERIFY(created.targetId.startsWith(u"ORD-"));
        confirmed = send(*bus, ConfirmOrder {withId(u"retry-confirm"_s), created.targetId});
        QVERIFY2(confirmed.isAccepted(), qPrintable(confirmed.message));
        events = bus->headPosition();

        const CommandResult again = send(*bus, createOrder({}, u"retry-create"_s));
        QVERIFY2(again.isAccepted(), qPrintable(again.message));
        QVERIFY(again.replayed);
        QCOMPARE(again.targetId, created.targetId);
        QCOMPARE(again.version, created.version);
        QCOMPARE(again.position, created.position);
        QCOMPARE(again.commandType, u"CreateOrder"_s);

        // Confirming twice would be refused; the retry of the same confirm is not.
        const CommandResult confirmAgain =
            send(*bus, ConfirmOrder {withId(u"retry-confirm"_s), created.targetId});
        QVERIFY2(confirmAgain.isAccepted(), qPrintable(confirmAgain.message));
        QVERIFY(confirmAgain.replayed);
        QCOMPARE(confirmAgain.version, 2);
        QCOMPARE(confirmAgain.position, confirmed.position);
        QCOMPARE(bus->headPosition(), events);
    }

    const auto reopened = startedBus(config);
    QVERIFY(reopened);
    QCOMPARE(reopened->headPosition(), events);
    const CommandResult afterRestart = send(*reopened, createOrder({}, u"retry-create"_s));
    QVERIFY2(afterRestart.isAccepted(), qPrintable(afterRestart.message));
    QVERIFY(afterRestart.replayed);
    QCOMPARE(afterRestart.targetId, created.targetId);
    QCOMPARE(afterRestart.version, created.version);
    QCOMPARE(afterRestart.position, created.position);
    const CommandResult confirmAfterRestart =
        send(*reopened, ConfirmOrder {withId(u"retry-confirm"_s), created.targetId});
    QVERIFY(confirmAfterRestart.replayed);
    QCOMPARE(confirmAfterRestart.position, confirmed.position);

    RawConnection raw(config);
    QCOMPARE(raw.count(u"orders"_s), 1);
    QCOMPARE(raw.count(u"events"_s), events);
    QCOMPARE(reopened->headPosition(), events);
}

void tst_CommandBus::optimisticConcurrency()
{
    // A command that expects a version someone else has moved past fails with
    // ConcurrentModification and writes nothing, also between two writers on one store.
    QFETCH(WriteStoreConfig, config);
    const auto bus = startedBus(config);
    QVERIFY(bus);
    const QString setUp = addReferenceData(*bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
    QVERIFY(send(*bus, createOrder(u"ORD-V"_s)).isAccepted());

    const CommandResult confirmed = send(*bus, ConfirmOrder {withId({}, 1), u"ORD-V"_s});
    QVERIFY2(confirmed.isAccepted(), qPrintable(confirmed.message));
    QCOMPARE(confirmed.version, 2);

    const qint64 head = bus->headPosition();
    const CommandResult stale = send(*bus, ShipOrder {withId(u"stale-ship"_s, 1), u"ORD-V"_s});
    QCOMPARE(stale.error, ErrorCode::ConcurrentModification);
    QVERIFY2(stale.message.contains(u"someone else"), qPrintable(stale.message));
    QCOMPARE(bus->headPosition(), head);

    const auto reader = openReadOnly(config);
    QVERIFY(reader);
    const std::optional<Order> order = *reader->order(u"ORD-V"_s);
    QCOMPARE(order->status(), OrderStatus::Confirmed);
    QCOMPARE(order->version(), 2);
    QVERIFY(!reader->processedCommand(u"stale-ship"_s)->has_value());

    const CommandResult price =
        send(*bus, ChangeProductPrice {withId({}, 7), u"SKU-1"_s, Money::fromCents(1)});
    QCOMPARE(price.error, ErrorCode::ConcurrentModification);
    QCOMPARE(reader->product(u"SKU-1"_s)->value().unitPrice, Money::fromCents(999));

    // A second desktop on the same store, working from what it saw before the confirm.
    const auto other = startedBus(config);
    QVERIFY(other);
    const CommandResult otherStale = send(*other, CancelOrder {withId({}, 1), u"ORD-V"_s, u"x"_s});
    QCOMPARE(otherStale.error, ErrorCode::ConcurrentModification);
    const CommandResult otherFresh = send(*other, ShipOrder {withId({}, 2), u"ORD-V"_s});
    QVERIFY2(otherFresh.isAccepted(), qPrintable(otherFresh.message));
    QCOMPARE(otherFresh.version, 3);
    const CommandResult firstStale = send(*bus, ShipOrder {withId({}, 2), u"ORD-V"_s});
    QCOMPARE(firstStale.error, ErrorCode::ConcurrentModification);
    QCOMPARE(reader->streamEvents(u"ORD-V"_s)->size(), 3);
}

void tst_CommandBus::eventsAppendedCarriesHead()
{
    // Readers are woken with the new head position after each commit, and only when events
    // were actually appended.
    QFETCH(WriteStoreConfig, config);
    qint64 head = 0;
    {
        const auto bus = startedBus(config);
        QVERIFY(bus);
        QCOMPARE(bus->headPosition(), 0);
        const QString setUp = addReferenceData(*bus);
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));

        QSignalSpy appended(bus.get(), &CommandBus::eventsAppended);
        const CommandResult created = send(*bus, createOrder(u"ORD-S"_s));
        QVERIFY(created.isAccepted());
        QCOMPARE(appended.size(), 1);
        QCOMPARE(appended.at(0).at(0).toLongLong(), created.position);
        QCOMPARE(bus->headPosition(), created.position);

        QCOMPARE(send(*bus, ShipOrder {{}, u"ORD-S"_s}).error, ErrorCode::ShipRequiresConfirmed);
        QCOMPARE(appended.size(), 1);

        const CommandResult confirmed = send(*bus, ConfirmOrder {{}, u"ORD-S"_s});
        QCOMPARE(appended.size(), 2);
        QCOMPARE(appended.at(1).at(0).toLongLong(), confirmed.position);
        QCOMPARE(confirmed.position, created.position + 1);
        head = confirmed.position;
    }
    // A bus started on an existing store knows its head without any signal.
    const auto reopened = startedBus(config);
    QVERIFY(reopened);
    QCOMPARE(reopened->headPosition(), head);
}

void tst_CommandBus::metricsCountPerType()
{
    // The metrics the UI shows count accepted and rejected commands per type, with timings.
    QFETCH(WriteStoreConfig, config);
    const auto bus = startedBus(config);
    QVERIFY(bus);
    const QString setUp = addReferenceData(*bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
    bus->metrics().reset();

    QVERIFY(send(*bus, createOrder(u"ORD-M1"_s)).isAccepted());
    QVERIFY(send(*bus, createOrder(u"ORD-M2"_s)).isAccepted());
    QVERIFY(send(*bus, createOrder(u"ORD-M3"_s)).isAccepted());
    QCOMPARE(send(*bus, createOrder(u"ORD-M4"_s, {}, u"C1"_s, {})).error, ErrorCode::NoLines);
    QCOMPARE(send(*bus, createOrder(u"ORD-M5"_s, {}, u"C-NONE"_s)).error,
             ErrorCode::UnknownCustomer);
    QVERIFY(send(*bus, ConfirmOrder {{}, u"ORD-M1"_s}).isAccepted());
    QCOMPARE(send(*bus, ConfirmOrder {{}, u"ORD-M1"_s}).error, ErrorCode::ConfirmRequiresPending);

    const QList<CommandTypeMetrics> snapshot = bus->metrics().snapshot();
    QCOMPARE(snapshot.size(), 2);
    QCOMPARE(snapshot[0].commandType, u"ConfirmOrder"_s);
    QCOMPARE(snapshot[0].accepted, 1);
    QCOMPARE(snapshot[0].rejected, 1);
    QCOMPARE(snapshot[1].commandType, u"CreateOrder"_s);
    QCOMPARE(snapshot[1].accepted, 3);
    QCOMPARE(snapshot[1].rejected, 2);
    QCOMPARE(snapshot[1].count(), 5);
    for (const CommandTypeMetrics &m : snapshot) {
        QVERIFY(m.meanMicros > 0);
        QVERIFY(m.p50Micros > 0);
        QVERIFY(m.p99Micros >= m.p50Micros);
    }
}

void tst_CommandBus::stopFinishesQueuedCommands()
{
    // Stopping the bus answers every command already queued (none is dropped) before the
    // writer goes away.
    QFETCH(WriteStoreConfig, config);
    const auto bus = startedBus(config);
    QVERIFY(bus);
    const QString setUp = addReferenceData(*bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));

    QList<QFuture<CommandResult>> futures;
    for (int i = 0; i < 20; ++i)
        futures.append(bus->dispatch(createOrder(u"ORD-Q%1"_s.arg(i))));
    bus->stop();
    QVERIFY(!bus->isRunning());
    for (QFuture<CommandResult> &future : futures) {
        QVERIFY(future.isFinished());
        QVERIFY2(future.result().isAccepted(), qPrintable(future.result().message));
    }
    RawConnection raw(config);
    QCOMPARE(raw.count(u"orders"_s), 20);
}

void tst_CommandBus::dispatchWhenNotRunning()
{
    // A bus that is not (or no longer) running refuses commands with ShuttingDown at once,
    // and they change nothing.
    QFETCH(WriteStoreConfig, config);
    CommandBus bus(config);
    const CommandResult early = bus.dispatch(ConfirmOrder {{}, u"ORD-1"_s}).result();
    QCOMPARE(early.error, ErrorCode::ShuttingDown);

    const Result<void> started = bus.start();
    QVERIFY2(started, failure(started));
    QVERIFY(bus.isRunning());
    const QString setUp = addReferenceData(bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
    bus.stop();
    QVERIFY(!bus.isRunning());

    QFuture<CommandResult> late = bus.dispatch(createOrder(u"ORD-LATE"_s, u"late"_s));
    QVERIFY(late.isFinished());
    QCOMPARE(late.result().error, ErrorCode::ShuttingDown);
    QCOMPARE(late.result().commandId, u"late"_s);
    QVERIFY(!late.result().message.isEmpty());

    RawConnection raw(config);
    QCOMPARE(raw.count(u"orders"_s), 0);
    QCOMPARE(raw.count(u"processed_commands"_s, u"command_id = 'late'"_s), 0);
}

void tst_CommandBus::storeHasLastingIdentity()
{
    // Every store is born with an id of its own (a UUID) that it keeps for good: across
    // reopening, for its readers, and unlike any other store's. Read stores use it to know
    // which event log they show.
    QFETCH(WriteStoreConfig, config);
    QString id;
    {
        const auto bus = startedBus(config);
        QVERIFY(bus);
        const QString setUp = addReferenceData(*bus);
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
    }
    {
        const std::unique_ptr<WriteStore> store = createWriteStore(config);
        QVERIFY(store->open());
        const Result<QString> first = store->storeId();
        QVERIFY2(first, failure(first));
        id = *first;
        QVERIFY2(!QUuid::fromString(id).isNull(), qPrintable(id));
    }
    const auto reader = openReadOnly(config);
    QVERIFY(reader);
    QCOMPARE(*reader->storeId(), id);
    RawConnection raw(config);
    QCOMPARE(raw.scalar(u"SELECT value FROM store_info WHERE key = 'store_id'"_s).toString(), id);
    QCOMPARE(raw.count(u"store_info"_s), 1);

    // Another store of the same kind: a new file, or a new database on the same server.
    std::unique_ptr<PgTestDatabase> otherDatabase;
    WriteStoreConfig other = config;
    if (config.databaseUrl.isEmpty()) {
        other.path = newDir() + u"/orders.db"_s;
    } else {
        otherDatabase = std::make_unique<PgTestDatabase>();
        QVERIFY2(otherDatabase->error().isEmpty(), qPrintable(otherDatabase->error()));
        other = otherDatabase->config();
    }
    const std::unique_ptr<WriteStore> otherStore = createWriteStore(other);
    QVERIFY(otherStore->open());
    const Result<QString> otherId = otherStore->storeId();
    QVERIFY2(otherId, failure(otherId));
    QVERIFY(!otherId->isEmpty());
    QVERIFY(*otherId != id);
}

void tst_CommandBus::migratesFreshStore()
{
    // A new store is created complete, at the newest schema, in WAL mode, in one file.
    const QString dir = newDir();
    WriteStoreConfig config;
    config.path = dir + u"/orders.db"_s;
    {
        SqliteWriteStore store(config);
        const Result<void> opened = store.open();
        QVERIFY2(opened, failure(opened));
        QCOMPARE(*store.headPosition(), 0);
    }
    RawConnection raw(config);
    QCOMPARE(raw.userVersion(), SqliteWriteStore::migrations().constLast().version);
    for (const QString &table : {u"customers"_s, u"products"_s, u"orders"_s, u"order_items"_s,
                                 u"events"_s, u"processed_commands"_s, u"store_info"_s})
        QVERIFY2(raw.hasTable(table), qPrintable(table));
    QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QVERIFY(!QFileInfo::exists(config.path + u".new"_s));
}

void tst_CommandBus::migratesOldStore()
{
    // A store written at schema 1 is migrated in place when opened: its data stays, the new
    // tables appear, and the features that need them work.
    const QString dir = newDir();
    WriteStoreConfig config;
    config.path = dir + u"/orders.db"_s;
    {
        SqliteConnection connection(u"schema1"_s);
        SqliteConnection::Options options;
        options.path = config.path;
        options.what = u"write store"_s;
        options.create = true;
        options.initialize = [](SqliteConnection &c) {
            return c.migrate({SqliteWriteStore::migrations().constFirst()}, u"write store"_s);
        };
        const Result<void> created = connection.open(options);
        QVERIFY2(created, failure(created));
    }
    {
        RawConnection raw(config);
        QCOMPARE(raw.userVersion(), 1);
        QVERIFY(!raw.hasTable(u"processed_commands"_s));
        QVERIFY(raw.exec(u"INSERT INTO customers (id, name, email, version) "
                         "VALUES ('C-OLD', 'Olga Old', 'olga@example.com', 1)"_s));
    }

    const auto bus = startedBus(config);
    QVERIFY(bus);
    const CommandResult added = send(
        *bus,
        AddProduct {withId(u"after-migration"_s), u"SKU-1"_s, u"Drill"_s, Money::fromCents(999)});
    QVERIFY2(added.isAccepted(), qPrintable(added.message));
    const CommandResult order =
        send(*bus, createOrder(u"ORD-OLD"_s, {}, u"C-OLD"_s, {{u"SKU-1"_s, 1, std::nullopt}}));
    QVERIFY2(order.isAccepted(), qPrintable(order.message));
    QVERIFY(send(*bus,
                 AddProduct {withId(u"after-migration"_s), u"SKU-1"_s, u"Drill"_s,
                             Money::fromCents(999)})
                .replayed);

    RawConnection raw(config);
    QCOMPARE(raw.userVersion(), SqliteWriteStore::migrations().constLast().version);
    QVERIFY(raw.hasTable(u"processed_commands"_s));
    QCOMPARE(raw.count(u"processed_commands"_s), 2);
    QCOMPARE(raw.count(u"customers"_s, u"id = 'C-OLD'"_s), 1);
    // An old store gets its identity when it is migrated, and keeps it from then on.
    const QString id =
        raw.scalar(u"SELECT value FROM store_info WHERE key = 'store_id'"_s).toString();
    QVERIFY2(!QUuid::fromString(id).isNull(), qPrintable(id));
    const auto reader = openReadOnly(config);
    QVERIFY(reader);
    QCOMPARE(*reader->storeId(), id);
}

void tst_CommandBus::refusesNewerStore_data()
{
    QTest::addColumn<bool>("wal");
    QTest::newRow("WAL mode") << true;
    QTest::newRow("rollback journal") << false;
}

void tst_CommandBus::refusesNewerStore()
{
    // A store from a newer OrderDesk is refused with a clear message and left byte for byte
    // as it was, whatever journal mode the newer version chose.
    QFETCH(bool, wal);
    const QString dir = newDir();
    WriteStoreConfig config;
    config.path = dir + u"/orders.db"_s;
    if (wal) {
        SqliteWriteStore store(config);
        QVERIFY(store.open());
    }
    {
        RawConnection raw(config);
        if (!wal)
            QVERIFY(raw.exec(u"CREATE TABLE future_things (id INTEGER PRIMARY KEY)"_s));
        QVERIFY(raw.exec(u"PRAGMA user_version = 999"_s));
        QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), wal ? u"wal"_s : u"delete"_s);
    }
    const QByteArray before = fileBytes(config.path);
    QVERIFY(!before.isEmpty());

    {
        SqliteWriteStore store(config);
        const Result<void> opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, ErrorCode::SchemaTooNew);
        QVERIFY2(opened.error().message.contains(u"newer"), failure(opened));
        QVERIFY2(opened.error().message.contains(u"999"), failure(opened));
    }
    {
        CommandBus bus(config);
        const Result<void> started = bus.start();
        QVERIFY(!started);
        QCOMPARE(started.error().code, ErrorCode::SchemaTooNew);
        QVERIFY(!bus.isRunning());
    }
    QCOMPARE(fileBytes(config.path), before);
    QVERIFY(!QFileInfo::exists(config.path + u"-wal"_s));
}

void tst_CommandBus::refusesUnusableFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<ErrorCode>("error");
    QTest::newRow("empty file") << QByteArray() << ErrorCode::StorageCorrupt;
    QTest::newRow("text file") << QByteArray(4096, 'x') << ErrorCode::StorageCorrupt;
    QTest::newRow("truncated header")
        << QByteArray("SQLite format 3\0", 16) << ErrorCode::StorageCorrupt;
}

void tst_CommandBus::refusesUnusableFile()
{
    // Pointing OrderDesk at a file that is not a store fails clearly and leaves the file alone.
    QFETCH(QByteArray, content);
    QFETCH(ErrorCode, error);
    WriteStoreConfig config;
    config.path = newDir() + u"/orders.db"_s;
    {
        QFile file(config.path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    CommandBus bus(config);
    const Result<void> started = bus.start();
    QVERIFY(!started);
    QCOMPARE(started.error().code, error);
    QVERIFY(!started.error().message.isEmpty());
    QCOMPARE(fileBytes(config.path), content);
}

void tst_CommandBus::storeIsOwnerOnly()
{
    // The data directory and every store file are readable by their owner only, whatever the
    // umask: orders hold customers' names and e-mail addresses.
#ifdef Q_OS_UNIX
    const mode_t oldMask = ::umask(0);
    const auto restoreMask = qScopeGuard([oldMask] { ::umask(oldMask); });

    const DataDirectory data(newDir() + u"/nested/data"_s);
    const Result<void> exists = data.ensureExists();
    QVERIFY2(exists, failure(exists));
    QCOMPARE(permissionBits(data.path()), 0700);

    WriteStoreConfig config;
    config.path = data.writeStorePath();
    const auto bus = startedBus(config);
    QVERIFY(bus);
    const QString setUp = addReferenceData(*bus);
    QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
    QCOMPARE(permissionBits(config.path), 0600);
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
        QVERIFY2(QFileInfo::exists(config.path + suffix), qPrintable(suffix));
        QCOMPARE(permissionBits(config.path + suffix), 0600);
    }
#else
    QSKIP("Unix permission bits only");
#endif
}

QTEST_GUILESS_MAIN(tst_CommandBus)
#include "tst_commandbus.moc"
