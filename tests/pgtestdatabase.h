// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"
#include "storage/postgresconnection.h"
#include "write/writestore.h"

#include <QString>
#include <QVariant>

#include <memory>

namespace OrderDesk::Testing {

/// A fresh, empty PostgreSQL database for one test, on the server that the environment variable
/// ORDERDESK_TEST_PG_URL names (scripts/test starts a throwaway cluster and sets it). Created
/// with a unique name, dropped (with any connection still open to it) when destroyed, so tests
/// never see each other's data. Use from one thread.
class PgTestDatabase
{
public:
    /// The server URL from the environment; empty when no server was provided.
    static QString serverUrl();
    /// Why the PostgreSQL tests cannot run, for QSKIP; empty when they can.
    static const char *skipReason();

    PgTestDatabase();
    ~PgTestDatabase();
    PgTestDatabase(const PgTestDatabase &) = delete;
    PgTestDatabase &operator=(const PgTestDatabase &) = delete;

    /// Empty when the database exists; the reason otherwise.
    const QString &error() const { return m_error; }
    const QString &name() const { return m_name; }
    /// The URL of this database (the server URL with its path replaced).
    const QString &url() const { return m_url; }
    WriteStoreConfig config(bool readOnly = false) const;

    /// Runs one statement on this database as the test's own connection and returns the first
    /// column of the first row (for checks and for poking at the server: pg_locks,
    /// pg_terminate_backend). Test code only: statements are built by the tests themselves.
    Result<QVariant> scalar(const QString &sql);
    /// Ends the server connections to this database whose application_name is the given one
    /// ("OrderDesk write", "OrderDesk listener"); returns how many.
    Result<int> terminateConnections(const QString &applicationName);

private:
    Result<QVariant> scalarOnce(const QString &sql);

    QString m_name;
    QString m_url;
    QString m_error;
    std::unique_ptr<PostgresConnection> m_admin;
    std::unique_ptr<PostgresConnection> m_own;
};

} // namespace OrderDesk::Testing
