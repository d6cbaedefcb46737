// SPDX-License-Identifier: MIT
#pragma once

#include "sqlwritestore.h"
#include "storage/sqliteconnection.h"

#include <memory>
#include <optional>
#include <vector>

namespace OrderDesk {

/// The embedded write store: one SQLite file in WAL mode. Every statement is prepared once per
/// connection and reused with bound values; the SQL it shares with PostgreSQL is in
/// SqlWriteStore.
class SqliteWriteStore final : public SqlWriteStore<SqliteStatement>
{
public:
    explicit SqliteWriteStore(const WriteStoreConfig &config);
    ~SqliteWriteStore() override;

    /// The schema history of the write store, oldest first.
    static QList<SqliteMigration> migrations();

    Result<void> open() override;
    void close() override;
    QString description() const override;

    Result<void> beginBatch() override;
    Result<void> commitBatch() override;
    void rollbackBatch() override;
    Result<void> beginCommand() override;
    Result<void> endCommand(bool keep) override;

    Result<qint64> appendEvent(const EventEnvelope &event) override;
    Result<qint64> headPosition() override;
    bool changedElsewhere() override;

    Result<WriteStoreStats> stats() override;
    Result<void> checkIntegrity() override;
    Result<QString> storeId() override;

private:
    /// This backend's own statements, after the shared ones.
    enum Slot { InsertEvent = SharedSlotCount, SlotCount };

    Result<SqliteStatement *> statement(int slot, const QString &sql) override;
    Result<void> run(SqliteStatement &query, const QString &context) override;
    Result<void> exec(const QString &sql);
    /// Passes an error on; one after which SQLite may have rolled back the whole batch (a full
    /// disk, an I/O error) ends the batch here, so that nothing runs outside its transaction.
    Error noteError(const Error &error);
    Result<void> configure();

    WriteStoreConfig m_config;
    SqliteConnection m_connection;
    std::vector<std::unique_ptr<SqliteStatement>> m_statements;
    std::optional<qint64> m_dataVersion;
    bool m_inBatch = false;
    /// Set when an error ended the current batch: every later step of it fails with this.
    std::optional<Error> m_batchAbortedBy;
};

} // namespace OrderDesk
