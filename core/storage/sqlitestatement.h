// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

class QSqlDatabase;
struct sqlite3;

namespace OrderDesk {

class SqliteConnection;

/// Whether the sqlite3 C API may be used on the connections Qt's QSQLITE driver opened.
///
/// QtSql costs several times what SQLite itself does per statement (every bound value and
/// every column goes through a QVariant), which is the measured limit of the projector. The
/// driver hands out its `sqlite3*` (QSqlDriver::handle()), but calling this program's SQLite on
/// it is only defined when the driver runs on the very same library: true where Qt links the
/// system's libsqlite3 (Linux distributions), false for Qt's own binary builds, whose plugin
/// carries a copy of SQLite inside. So it is checked, once per process: the plugin must resolve
/// sqlite3_libversion() to the same shared object as this program, and SQLite must report the
/// same version and source id through QtSql as through the C API. Everything else uses QtSql.
namespace SqliteNativeAccess {

/// The connection's sqlite3* when the C API may be used on it; nullptr otherwise.
sqlite3 *handle(const QSqlDatabase &database);
/// Why the C API is not used with this database's driver; empty when it is.
QString unavailableReason(const QSqlDatabase &database);
/// Forbids (false) or allows again (true) the C API for statements prepared afterwards: for
/// tests of the QtSql path, and to compare the two. The environment variable
/// ORDERDESK_SQLITE_API=qtsql forbids it from the start.
void setAllowed(bool allowed);
bool isAllowed();

} // namespace SqliteNativeAccess

/// A statement prepared once on a SqliteConnection and run many times with bound values. It
/// runs through the sqlite3 C API on the connection's own handle when SqliteNativeAccess allows
/// it, through QtSql otherwise; callers cannot tell the difference but for the speed.
///
/// Values are bound by 0-based position, as with QSqlQuery. Text is SQLite TEXT; a null QString
/// binds SQL NULL, as QtSql does.
class SqliteStatement
{
public:
    SqliteStatement(SqliteConnection &connection, const QString &sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    /// True when it runs through the C API.
    bool isNative() const;

    void bind(int index, qint64 value);
    void bind(int index, const QString &text);
    /// Text that is UTF-8 already (a payload, a column read with utf8()): no conversion.
    void bindUtf8(int index, QByteArrayView text);
    void bindNull(int index);

    /// Runs the statement with the values bound. A statement that returns rows keeps them for
    /// next() until reset() or the next run. Errors are worded as sqliteError() words them, with
    /// `context` in front.
    Result<void> exec(const QString &context = QString());
    /// Moves to the next row; false at the end (the statement is then reset).
    bool next();
    bool isNull(int column) const;
    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray utf8(int column) const;
    /// Ends reading the rows of the last run, releasing its read lock.
    void reset();

    /// The SQLite result code and message of the last failed run (0 and empty after a
    /// successful one), for callers that tell constraint violations apart.
    int lastErrorCode() const;
    QString lastErrorText() const;

    /// Rows the last run inserted, updated or deleted.
    qint64 changes() const;
    /// The rowid of the last row the connection inserted.
    qint64 lastInsertRowid() const;

private:
    class Backend;
    class NativeBackend;
    class QtBackend;
    std::unique_ptr<Backend> d;
};

} // namespace OrderDesk
