// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandbus.h"
#include "events/eventcodec.h"
#include "projections/projector.h"
#include "projections/readstorebuilder.h"
#include "read/readstorecomparison.h"
#include "testsupport.h"
#include "write/writestore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QTest>
#include <QVariant>

#include <memory>

/// Helpers the read-side tests share: a plain SQL connection to any store file, a bus and a
/// projector set up the way the application sets them up, and the comparison with a rebuild.
/// Header-only, like testsupport.h.
namespace OrderDesk::TestSupport {

using namespace Qt::StringLiterals;

/// A plain SQL connection to a store file, beside OrderDesk's own, as another program would
/// have: to look at rows no API shows and to plant data that provokes a failure.
class RawSql
{
public:
    explicit RawSql(const QString &path)
        : m_name(u"raw-sql-%1"_s.arg(++counter()))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=20000"_s);
        if (!db.open())
            qWarning("Cannot open %s: %s", qPrintable(path), qPrintable(db.lastError().text()));
    }
    ~RawSql()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    RawSql(const RawSql &) = delete;
    RawSql &operator=(const RawSql &) = delete;

    bool exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query = prepared(sql, values);
        if (!query.exec()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return false;
        }
        return true;
    }

    /// The first column of the first row; invalid when the statement fails or has no rows.
    QVariant scalar(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query = prepared(sql, values);
        if (!query.exec()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return {};
        }
        return query.next() ? query.value(0) : QVariant();
    }

    /// Every row, each as its column values joined by '|': easy to compare and to print.
    QStringList rows(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query = prepared(sql, values);
        QStringList rows;
        if (!query.exec()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return {u"<error>"_s};
        }
        while (query.next()) {
            QStringList columns;
            for (int i = 0; i < query.record().count(); ++i)
                columns.append(query.value(i).isNull() ? u"NULL"_s : query.value(i).toString());
            rows.append(columns.join(u'|'));
        }
        return rows;
    }

    qint64 count(const QString &table, const QString &where = u"1"_s,
                 const QVariantList &values = {})
    {
        const QVariant n =
            scalar(u"SELECT count(*) FROM "_s + table + u" WHERE "_s + where, values);
        return n.isValid() ? n.toLongLong() : -1;
    }

    bool hasTable(const QString &name)
    {
        return scalar(u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"_s,
                      {name})
                   .toInt()
            == 1;
    }

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

private:
    static int &counter()
    {
        static int value = 0;
        return value;
    }

    QSqlQuery prepared(const QString &sql, const QVariantList &values)
    {
        QSqlQuery query(database());
        query.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(int(i), values.at(i));
        return query;
    }

    QString m_name;
};

/// A write store configuration for tests: durable enough for a test, without an fsync per
/// commit (durability is the bus's tests' concern, not the read side's).
inline WriteStoreConfig writeStoreIn(const QString &dir)
{
    WriteStoreConfig config;
    config.path = dir + u"/orders.db"_s;
    config.durability = WriteStoreConfig::Durability::Normal;
    return config;
}

inline std::unique_ptr<CommandBus> startedBus(const WriteStoreConfig &config)
{
    auto bus = std::make_unique<CommandBus>(config);
    if (auto ok = bus->start(); !ok) {
        qWarning("The bus did not start: %s", qPrintable(ok.error().message));
        return nullptr;
    }
    return bus;
}

inline ProjectorConfig projectorFor(const WriteStoreConfig &eventLog, const QString &dir)
{
    ProjectorConfig config;
    config.eventLog = eventLog;
    config.readStorePath = dir + u"/orders-read.db"_s;
    // Short, so that tests that look for writes from "other processes" do not wait long.
    config.pollIntervalMs = 50;
    return config;
}

/// Dispatches and waits for the durable result.
inline CommandResult send(CommandBus &bus, Command command)
{
    return bus.dispatch(std::move(command)).result();
}

/// Customers C1..C3 and products SKU-1..SKU-3 that order tests build on. Returns what went
/// wrong, or an empty string.
inline QString addReferenceData(CommandBus &bus)
{
    const QList<Command> commands = {
        RegisterCustomer {{}, u"C1"_s, u"Ada Lovelace"_s, u"ada@example.com"_s},
        RegisterCustomer {{}, u"C2"_s, u"Bruno M\u00fcller"_s, u"bruno@example.com"_s},
        RegisterCustomer {{}, u"C3"_s, u"Chiara Costa"_s, u"chiara@example.org"_s},
        AddProduct {{}, u"SKU-1"_s, u"Drill"_s, Money::fromCents(999)},
        AddProduct {{}, u"SKU-2"_s, u"Stapler"_s, Money::fromCents(2500)},
        AddProduct {{}, u"SKU-3"_s, u"Desk Lamp"_s, Money::fromCents(4150)},
    };
    for (const Command &command : commands) {
        const CommandResult result = send(bus, command);
        if (!result.isAccepted())
            return result.commandType + u": "_s + result.message;
    }
    return {};
}
inline constexpr qint64 ReferenceEvents = 6;

/// A write store, the bus on it and a projector keeping a read store beside it: one desktop.
struct Desk
{
    explicit Desk(const QString &dir)
        : store(writeStoreIn(dir))
        , projection(projectorFor(store, dir))
    {
    }

    bool startBus()
    {
        bus = startedBus(store);
        return bool(bus);
    }

    /// Starts a projector (another one if one runs already) woken by the bus, as the app does.
    Result<void> startProjector(std::unique_ptr<Projector> *into = nullptr)
    {
        std::unique_ptr<Projector> &slot = into ? *into : projector;
        slot = std::make_unique<Projector>(projection);
        if (bus)
            QObject::connect(bus.get(), &CommandBus::eventsAppended, slot.get(),
                             &Projector::notifyEventsAppended, Qt::DirectConnection);
        return slot->start();
    }

    const QString &readPath() const { return projection.readStorePath; }
    qint64 head() const { return bus->headPosition(); }

    WriteStoreConfig store;
    ProjectorConfig projection;
    std::unique_ptr<CommandBus> bus;
    std::unique_ptr<Projector> projector;
};

/// Blocks until the projector has made `position` visible; false on timeout. The projector
/// resolves the wait on its own thread, so the caller's event loop need not run.
inline bool waitUntilProjected(Projector &projector, qint64 position, int timeoutMs = 30'000)
{
    QFuture<bool> future = projector.waitForPosition(position, timeoutMs);
    future.waitForFinished();
    return future.resultCount() > 0 && future.result();
}

/// Follows a projector's announcements (projected()) on the test's thread, where item models
/// receive them too.
class Announcements : public QObject
{
public:
    explicit Announcements(Projector &projector)
    {
        QObject::connect(&projector, &Projector::projected, this, [this](const ChangeSet &changes) {
            m_last = std::max(m_last, changes.toPosition);
        });
    }

    /// Waits until the batches up to `position` have been announced on this thread, so that
    /// every receiver here has had them (they are queued together, delivered in one go).
    bool waitFor(qint64 position, int timeoutMs = 10'000)
    {
        const bool reached = QTest::qWaitFor([&] { return m_last >= position; }, timeoutMs);
        QCoreApplication::processEvents();
        return reached;
    }

private:
    qint64 m_last = 0;
};

/// Builds a reference read store from the event log up to the live store's checkpoint and
/// compares the two row by row.
inline Result<ReadStoreComparison> compareWithRebuild(const WriteStoreConfig &eventLog,
                                                      const QString &livePath,
                                                      const QString &referencePath)
{
    WriteStoreConfig readOnly = eventLog;
    readOnly.readOnly = true;
    const std::unique_ptr<WriteStore> events = createWriteStore(readOnly);
    if (auto ok = events->open(); !ok)
        return ok.error();
    RawSql live(livePath);
    const qint64 checkpoint =
        live.scalar(u"SELECT position FROM checkpoints WHERE projection = 'orders'"_s).toLongLong();
    const Result<qint64> built = ReadStoreBuilder::build(*events, referencePath, checkpoint);
    if (!built)
        return built.error();
    return compareReadStores(livePath, referencePath);
}

/// The comparison's differences for a failure message.
inline QByteArray describe(const Result<ReadStoreComparison> &comparison)
{
    if (!comparison)
        return comparison.error().message.toUtf8();
    return u"checkpoints %1 / %2, %3 differences:\n%4"_s.arg(comparison->liveCheckpoint)
        .arg(comparison->referenceCheckpoint)
        .arg(comparison->differenceCount)
        .arg(comparison->differences.join(u'\n'))
        .toUtf8();
}

/// Plants an event in the write store's log with raw SQL, past the bus: how a damaged or
/// foreign event gets there. Returns its position, or 0.
inline qint64 plantEvent(RawSql &writeStore, const QString &streamId, qint64 streamVersion,
                         const QString &type, int schemaVersion, const QByteArray &payload,
                         qint64 occurredAt)
{
    if (!writeStore.exec(u"INSERT INTO events (stream_id, stream_version, type, schema_version, "
                         "payload, occurred_at, command_id, actor) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, 'test')"_s,
                         {streamId, streamVersion, type, schemaVersion, QString::fromUtf8(payload),
                          occurredAt, u"planted-%1-%2"_s.arg(streamId).arg(streamVersion)}))
        return 0;
    return writeStore.scalar(u"SELECT max(position) FROM events"_s).toLongLong();
}

inline qint64 plantEvent(RawSql &writeStore, const DomainEvent &event, qint64 streamVersion,
                         qint64 occurredAt)
{
    const EventCodec::Encoded encoded = EventCodec::encode(event);
    return plantEvent(writeStore, streamIdOf(event), streamVersion, encoded.type,
                      encoded.schemaVersion, encoded.payload, occurredAt);
}

} // namespace OrderDesk::TestSupport
