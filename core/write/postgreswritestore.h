// SPDX-License-Identifier: MIT
#pragma once

#include "sqlwritestore.h"
#include "storage/postgresconnection.h"
#include "storage/postgresstatement.h"

#include <memory>
#include <optional>
#include <vector>

namespace OrderDesk {

/// The shared write store: one PostgreSQL database that many desktops write to at once.
///
/// Event positions are gap-free and commit in position order: every batch takes a
/// transaction-level advisory lock before it writes anything, and events take max(position) + 1
/// under it, so a reader that follows `position > checkpoint` never skips an event that commits
/// later (docs/ARCHITECTURE.md, "PostgreSQL: gap-free event positions"). A batch that appended
/// events sends `NOTIFY orderdesk_events, '<head position>'`, which the server delivers when it
/// commits; EventNotificationListener receives it on other desktops. The SQL it shares with
/// SQLite is in SqlWriteStore.
///
/// A connection that breaks is reopened at the start of the next batch or read, so a server
/// restart costs the batch in flight (rejected, StorageUnavailable; a retry with the same
/// command id is answered from the first run if that one committed after all).
class PostgresWriteStore final : public SqlWriteStore<PostgresStatement>
{
public:
    /// The LISTEN/NOTIFY channel that announces new events; the payload is the head position.
    static constexpr char16_t NotificationChannel[] = u"orderdesk_events";
    /// The transaction-level advisory lock that serializes the writers of one database's event
    /// log ("ODevents"). Advisory locks are per database, so other OrderDesk databases on the
    /// server do not wait.
    static constexpr qint64 EventLockKey = 0x4f446576656e7473;

    explicit PostgresWriteStore(const WriteStoreConfig &config);
    ~PostgresWriteStore() override;

    /// The schema history of the write store in PostgreSQL's dialect, oldest first.
    static QList<PostgresMigration> migrations();

    Result<void> open() override;
    void close() override;
    QString description() const override;

    Result<void> beginBatch() override;
    Result<void> commitBatch() override;
    void rollbackBatch() override;
    Result<void> beginCommand() override;
    Result<void> endCommand(bool keep) override;

    Result<qint64> appendEvent(const EventEnvelope &event) override;
    /// Reads the event log as SqlWriteStore does, after reconnecting if the connection broke.
    Result<EventEnvelopes> readEvents(qint64 afterPosition, int limit) override;
    Result<EventEnvelopes> streamEvents(const QString &streamId) override;
    Result<qint64> headPosition() override;
    bool changedElsewhere() override;

    Result<WriteStoreStats> stats() override;
    Result<QString> storeId() override;

private:
    /// This backend's own statements, after the shared ones.
    enum Slot { LockEvents = SharedSlotCount, Notify, InsertEvent, HeadPosition, SlotCount };

    Result<void> connect();
    /// Closes the connection but keeps the store open: the next use reconnects.
    void disconnect();
    /// Reopens a connection that broke, unless a transaction is open on it.
    Result<void> ensureConnected();
    /// Runs a read outside a batch; when the connection broke since the last use (a server
    /// restart), reconnects and tries once more.
    template<typename Read>
    auto readWithReconnect(Read read) -> decltype(read());
    Result<PostgresStatement *> statement(int slot, const QString &sql) override;
    Result<void> run(PostgresStatement &query, const QString &context) override;
    Result<void> execute(const QString &sql, const QString &context);
    Error failed(const QSqlError &error, const QString &context);

    WriteStoreConfig m_config;
    Result<PostgresSettings> m_settings;
    PostgresConnection m_connection;
    std::vector<std::unique_ptr<PostgresStatement>> m_statements;
    bool m_opened = false;
    bool m_inBatch = false;
    bool m_needsReconnect = false;
    bool m_appendedInBatch = false;
    bool m_appendedInCommand = false;
    bool m_releasePending = false;
    std::optional<qint64> m_seenHead;
};

} // namespace OrderDesk
