// SPDX-License-Identifier: MIT
#pragma once

#include "writestore.h"

namespace OrderDesk {

class PostgresStatement;
class SqliteStatement;

/// What the SQLite and PostgreSQL write stores share: the SQL and the row conversions of the
/// state tables (processed commands, customers, products, orders and their lines), of reading
/// the event log, and of the counts. A backend keeps what really differs: connecting, its
/// migrations, transactions and savepoints, appending events, and how it words its errors.
///
/// Statement is the backend's prepared statement type (SqliteStatement, PostgresStatement),
/// both with the same small interface: bind(index, qint64 | QString), bindNull(index), next(),
/// int64/text/utf8(column), reset(). It is a template parameter rather than an interface so
/// that the command bus binds and reads each value with a direct call; the backend is asked
/// once per statement, for the prepared statement and to run it.
template<typename Statement>
class SqlWriteStore : public WriteStore
{
public:
    Result<std::optional<CommandResult>> processedCommand(const QString &commandId) override;
    Result<void> recordProcessedCommand(const CommandResult &result) override;

    Result<std::optional<Customer>> customer(const QString &id) override;
    Result<void> insertCustomer(const Customer &customer) override;
    Result<std::optional<Product>> product(const QString &id) override;
    Result<void> saveProduct(const Product &product, bool isNew) override;

    Result<std::optional<Order>> order(const QString &id) override;
    Result<void> saveOrder(const Order &order, bool isNew, bool linesChanged) override;

    Result<EventEnvelopes> readEvents(qint64 afterPosition, int limit) override;
    Result<EventEnvelopes> streamEvents(const QString &streamId) override;

protected:
    /// The statements of the shared SQL. A backend numbers its own from SharedSlotCount on.
    enum SharedSlot {
        FindProcessed,
        InsertProcessed,
        FindCustomer,
        InsertCustomer,
        FindProduct,
        InsertProduct,
        UpdateProduct,
        FindOrder,
        FindOrderItems,
        InsertOrder,
        UpdateOrder,
        DeleteOrderItems,
        InsertOrderItem,
        ReadEvents,
        ReadStream,
        CountAll,
        CountByStatus,
        SharedSlotCount
    };

    /// The statement for slot, prepared once per connection from sql (always the same text for
    /// one slot) and reused.
    virtual Result<Statement *> statement(int slot, const QString &sql) = 0;
    /// Runs the statement with the values bound; an error is worded with context in front.
    virtual Result<void> run(Statement &statement, const QString &context) = 0;

    /// The counts for stats(), in one statement so that they agree with each other; an error
    /// is worded with context in front.
    Result<WriteStoreStats> countAll(const QString &context);
};

extern template class SqlWriteStore<SqliteStatement>;
extern template class SqlWriteStore<PostgresStatement>;

} // namespace OrderDesk
