// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandresult.h"
#include "domain/order.h"
#include "domain/reference.h"
#include "domain/result.h"
#include "events/eventenvelope.h"

#include <QMap>
#include <QString>

#include <memory>
#include <optional>

namespace OrderDesk {

/// Where and how to open a write store. One of these describes a store; every thread that needs
/// the store opens its own WriteStore from it (a connection belongs to one thread).
struct WriteStoreConfig
{
    enum class Durability {
        Full,   ///< every commit reaches the disk before it is acknowledged (default)
        Normal, ///< WAL with synchronous=NORMAL: a power cut may lose the last commits
    };

    /// The SQLite database file (used when databaseUrl is empty).
    QString path;
    /// A shared PostgreSQL database, `postgresql://user@host:port/db?option=value`; when set,
    /// createWriteStore() opens it instead of the SQLite file. A password in the URL (tests,
    /// scripts, the desktop's password from the system keychain) is used for the connections
    /// and never written anywhere (logs, settings, descriptions); otherwise libpq takes it from
    /// PGPASSWORD or ~/.pgpass.
    QString databaseUrl;
    /// On PostgreSQL, Normal turns synchronous_commit off (the last commits may be lost in a
    /// server crash, never half of one).
    Durability durability = Durability::Full;
    /// How long a batch waits for another writer's locks before failing with StorageBusy.
    int busyTimeoutMs = 10000;
    /// Opens without writing anything: no migrations, no journal mode change.
    bool readOnly = false;
    /// Test hook: the store may grow to at most this many pages (0: no limit), so that tests
    /// can provoke a full disk (StorageFull) without filling one.
    int maxPageCount = 0;
};

/// Counts for `orderdeskctl stats` and checks.
struct WriteStoreStats
{
    qint64 customers = 0;
    qint64 products = 0;
    qint64 orders = 0;
    qint64 events = 0;
    qint64 processedCommands = 0;
    qint64 headPosition = 0;
    QMap<int, qint64> ordersByStatus; ///< OrderStatus value → count
    qint64 totalCents = 0;            ///< sum of all order totals
};

/// The write side's storage: current state of orders and reference data, the event log and the
/// processed command ids, changed together in one transaction per batch of commands.
///
/// A WriteStore is used from one thread only. The command bus's writer thread owns the
/// read-write instance; readers of the event log (projector, event log model) open their own
/// read-only instance.
class WriteStore
{
public:
    virtual ~WriteStore() = default;

    /// Opens the store, creating and migrating it when allowed. A store written by a newer
    /// version of OrderDesk is refused (SchemaTooNew) and left untouched.
    virtual Result<void> open() = 0;
    virtual void close() = 0;
    /// For people: which backend and where ("SQLite · /home/a/orders.db").
    virtual QString description() const = 0;
    /// The event log's lasting identity: a UUID made when the store was created (schema 3) and
    /// never changed, so that a read store can tell which log it was projected from. Two
    /// stores never share one; a copy of a store (a backup) keeps it. Empty only for a store
    /// from before schema 3 opened read-only, which cannot have it yet.
    virtual Result<QString> storeId() = 0;

    /// A batch is one transaction; each command inside it is a savepoint, so a rejected command
    /// is undone without touching the others.
    virtual Result<void> beginBatch() = 0;
    virtual Result<void> commitBatch() = 0;
    virtual void rollbackBatch() = 0;
    virtual Result<void> beginCommand() = 0;
    virtual Result<void> endCommand(bool keep) = 0;

    virtual Result<std::optional<CommandResult>> processedCommand(const QString &commandId) = 0;
    virtual Result<void> recordProcessedCommand(const CommandResult &result) = 0;

    virtual Result<std::optional<Customer>> customer(const QString &id) = 0;
    virtual Result<void> insertCustomer(const Customer &customer) = 0;
    virtual Result<std::optional<Product>> product(const QString &id) = 0;
    virtual Result<void> saveProduct(const Product &product, bool isNew) = 0;

    virtual Result<std::optional<Order>> order(const QString &id) = 0;
    /// Writes the order's state; its lines are rewritten only when linesChanged.
    virtual Result<void> saveOrder(const Order &order, bool isNew, bool linesChanged) = 0;

    /// Appends one event and returns its position. A second event with the same stream id and
    /// version fails with ConcurrentModification.
    virtual Result<qint64> appendEvent(const EventEnvelope &event) = 0;
    /// Events with position > afterPosition, in position order, at most limit of them.
    virtual Result<EventEnvelopes> readEvents(qint64 afterPosition, int limit) = 0;
    /// The events of one stream (an order's history), in order.
    virtual Result<EventEnvelopes> streamEvents(const QString &streamId) = 0;
    /// The position of the last committed event (0 when the log is empty).
    virtual Result<qint64> headPosition() = 0;
    /// True when another connection (maybe another process) has committed since the last call.
    virtual bool changedElsewhere() = 0;

    virtual Result<WriteStoreStats> stats() = 0;
    /// Reads the whole store and checks that it is consistent (StorageCorrupt when not). Slow
    /// on a big store: for maintenance commands, not for every open.
    virtual Result<void> checkIntegrity() { return {}; }
};

/// Creates (does not yet open()) the write store the configuration describes: PostgreSQL when
/// databaseUrl is set, the SQLite file otherwise.
std::unique_ptr<WriteStore> createWriteStore(const WriteStoreConfig &config);

} // namespace OrderDesk
