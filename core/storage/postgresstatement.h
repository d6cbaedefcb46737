// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <utility>

namespace OrderDesk {

/// A statement prepared once on a PostgreSQL connection and run many times with bound values:
/// a QSqlQuery with the interface of SqliteStatement, so that SQL which is the same on both
/// backends is written once (SqlWriteStore). Values are bound by 0-based position; a null
/// QString binds SQL NULL.
///
/// Errors stay QSqlErrors here: what one means (a lost connection, a constraint) is the
/// store's to decide.
class PostgresStatement
{
public:
    /// Takes a query that is prepared already.
    explicit PostgresStatement(QSqlQuery query)
        : m_query(std::move(query))
    {
    }

    void bind(int index, qint64 value) { m_query.bindValue(index, value); }
    void bind(int index, const QString &text) { m_query.bindValue(index, text); }
    void bindNull(int index) { m_query.bindValue(index, QVariant()); }

    /// Runs the statement with the values bound; false on an error (lastError()).
    bool exec() { return m_query.exec(); }
    QSqlError lastError() const { return m_query.lastError(); }
    bool next() { return m_query.next(); }
    qint64 int64(int column) const { return m_query.value(column).toLongLong(); }
    QString text(int column) const { return m_query.value(column).toString(); }
    QByteArray utf8(int column) const { return text(column).toUtf8(); }
    /// Ends reading the rows of the last run.
    void reset() { m_query.finish(); }

private:
    QSqlQuery m_query;
};

} // namespace OrderDesk
