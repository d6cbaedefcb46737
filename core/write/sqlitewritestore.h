// SPDX-License-Identifier: MIT
#pragma once

#include "storage/sqliteconnection.h"
#include "writestore.h"

#include <memory>
#include <optional>
#include <vector>

namespace OrderDesk {

class SqliteStatement;

/// The embedded write store: one SQLite file in WAL mode. Every statement is prepared once per
/// connection and reused with bound values.
class SqliteWriteStore final : public WriteStore
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

    Result<std::optional<CommandResult>> processedCommand(const QString &commandId) override;
    Result<void> recordProcessedCommand(const CommandResult &result) override;

    Result<std::optional<Customer>> customer(const QString &id) override;
    Result<void> insertCustomer(const Customer &customer) override;
    Result<std::optional<Product>> product(const QString &id) override;
    Result<void> saveProduct(const Product &product, bool isNew) override;

    Result<std::optional<Order>> order(const QString &id) override;
    Result<void> saveOrder(const Order &order, bool isNew, bool linesChanged) override;

    Result<qint64> appendEvent(const EventEnvelope &event) override;
    Result<EventEnvelopes> readEvents(qint64 afterPosition, int limit) override;
    Result<EventEnvelopes> streamEvents(const QString &streamId) override;
    Result<qint64> headPosition() override;
    bool changedElsewhere() override;

    Result<WriteStoreStats> stats() override;
    Result<void> checkIntegrity() override;
    Result<QString> storeId() override;

private:
    /// Prepares a statement once per connection and returns it for reuse.
    Result<SqliteStatement *> statement(int slot, const QString &sql);
    Result<void> run(SqliteStatement &query, const QString &context);
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
