// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

class QSqlError;

namespace OrderDesk {

Q_DECLARE_LOGGING_CATEGORY(lcPostgres)

/// Where a PostgreSQL database is, parsed from a `postgresql://user[:password]@host:port/db?…`
/// URL. A password in the URL is kept in memory only for the connection (tests and scripts);
/// nothing here ever prints or stores it. Without one, libpq finds it itself in PGPASSWORD or
/// ~/.pgpass (PGPASSFILE).
struct PostgresSettings
{
    QString host;     ///< empty: libpq's default (PGHOST or the local socket)
    int port = 5432;
    QString database; ///< empty: libpq's default (PGDATABASE or the user name)
    QString user;     ///< empty: libpq's default (PGUSER or the OS user)
    /// From the URL only (put there for a session from the system keychain by the desktop
    /// app); empty: PGPASSWORD or ~/.pgpass.
    QString password;
    /// Further libpq keywords from the URL's query (sslmode=require, connect_timeout=5, …).
    QList<std::pair<QString, QString>> options;

    /// Parses a postgresql:// (or postgres://) URL. Errors never quote the password.
    static Result<PostgresSettings> fromUrl(const QString &url);

    /// For people: "user@host:port/db", never the password.
    QString displayName() const;
    /// libpq connect options for QSqlDatabase::setConnectOptions, with application_name set.
    QString connectOptions(const QString &applicationName) const;
};

/// One numbered schema change of a PostgreSQL database. Each runs in its own transaction and is
/// recorded in the schema_migrations table.
struct PostgresMigration
{
    int version;
    QString description;
    QStringList statements;
};

/// A QSqlDatabase connection (Qt's QPSQL driver) to one PostgreSQL database, owned by the thread
/// that opened it and removed from Qt's connection registry when destroyed.
class PostgresConnection
{
public:
    /// purpose names the connection in Qt's registry and, as application_name, on the server
    /// ("write", "events", "listener").
    explicit PostgresConnection(const QString &purpose);
    ~PostgresConnection();
    PostgresConnection(const PostgresConnection &) = delete;
    PostgresConnection &operator=(const PostgresConnection &) = delete;

    Result<void> open(const PostgresSettings &settings);
    void close();
    bool isOpen() const;
    QSqlDatabase database() const;
    const QString &applicationName() const { return m_applicationName; }

    /// Runs a statement without bound values: session settings and schema only.
    Result<void> exec(const QString &sql);
    /// The first column of the first row of a statement without bound values.
    Result<QVariant> scalar(const QString &sql);
    /// A query prepared on this connection (a server-side prepared statement), ready for bound
    /// values.
    Result<QSqlQuery> prepare(const QString &sql);

    /// The newest migration recorded in schema_migrations, 0 for a database without the table.
    Result<int> schemaVersion();
    /// Applies the migrations newer than the database's schema version, one transaction each,
    /// under an advisory lock so that desktops starting at once do not migrate twice. A database
    /// whose version is newer than the newest migration is refused with SchemaTooNew and not
    /// modified.
    Result<void> migrate(const QList<PostgresMigration> &migrations, const QString &what);

private:
    Error failed(const QSqlError &error) const;

    QString m_connectionName;
    QString m_applicationName;
    QString m_displayName;
};

/// Turns a Qt SQL error from the QPSQL driver into an OrderDesk error, by SQLSTATE: connection
/// failures → StorageUnavailable, disk full → StorageFull, serialization failures, deadlocks and
/// lock timeouts → StorageBusy, read-only transactions → StorageReadOnly.
Error postgresError(const QSqlError &error, const QString &context);

/// The SQLSTATE a QPSQL error carries ("23505"), empty when it has none (a broken connection).
QString sqlState(const QSqlError &error);

/// True for errors after which the connection itself is suspect and should be reopened.
bool isConnectionError(const QSqlError &error);

} // namespace OrderDesk
