// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <functional>
#include <map>
#include <memory>

class QSqlError;

namespace OrderDesk {

class SqliteStatement;

/// One numbered schema change. Migrations run in order, each in its own transaction, and
/// PRAGMA user_version records the last one applied.
struct SqliteMigration
{
    int version;
    QString description;
    QStringList statements;
};

/// A QSqlDatabase connection to one SQLite file, owned by the thread that opened it, removed
/// from Qt's connection registry when destroyed. Both stores build on it.
class SqliteConnection
{
public:
    struct Options
    {
        QString path;
        /// What the file is, for messages ("write store").
        QString what;
        bool readOnly = false;
        int busyTimeoutMs = 10000;
        /// Create the file when it does not exist (owner-only permissions). The new file is
        /// initialized under a temporary name and renamed into place, so a crash never leaves
        /// an empty file behind.
        bool create = false;
        /// Runs on a newly created file before it is renamed into place.
        std::function<Result<void>(SqliteConnection &)> initialize;
    };

    /// purpose names the connection in Qt's registry, e.g. "write" or "read".
    explicit SqliteConnection(const QString &purpose);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection &) = delete;
    SqliteConnection &operator=(const SqliteConnection &) = delete;

    Result<void> open(const Options &options);
    void close();
    bool isOpen() const;
    const QString &path() const { return m_path; }
    QSqlDatabase database() const;

    /// Runs a statement without bound values: pragmas and schema only, and the transaction
    /// control statements (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE), which run per batch
    /// and per command and are prepared once.
    Result<void> exec(const QString &sql);
    /// The first column of the first row of a statement without bound values.
    Result<QVariant> scalar(const QString &sql);
    /// A query prepared on this connection, ready for bound values.
    Result<QSqlQuery> prepare(const QString &sql);

    /// Applies the migrations newer than the file's user_version. A file whose user_version
    /// is newer than the newest migration is refused with SchemaTooNew and not modified.
    Result<void> migrate(const QList<SqliteMigration> &migrations, const QString &what);

private:
    Result<void> openExisting(const Options &options);
    Result<void> createNew(const Options &options);

    QString m_connectionName;
    QString m_path;
    std::map<QString, std::unique_ptr<SqliteStatement>> m_transactionStatements;
};

/// Turns a Qt SQL error into an OrderDesk error with a sentence for people.
Error sqliteError(const QSqlError &error, const QString &context);
/// The same for an SQLite result code and message from the C API (SqliteStatement).
Error sqliteError(int code, const QString &detail, const QString &context);

/// Checks that a file that exists looks like an SQLite database before anything opens it:
/// not empty, not truncated below one page, with the SQLite header.
Result<void> checkSqliteFile(const QString &path, const QString &what);

/// Creates a directory (and its parents) readable by its owner only.
Result<void> ensurePrivateDirectory(const QString &path);

} // namespace OrderDesk
