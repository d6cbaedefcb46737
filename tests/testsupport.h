// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtGlobal>

/// Small helpers the tests share. Header-only: tests link the core library and compile none of
/// its sources.
namespace OrderDesk::TestSupport {

/// The error text of a failed result, for QVERIFY2's message. QVERIFY2 evaluates its message
/// even when the check passes, so this must not touch error() of a success.
template<typename T> const char *failure(const Result<T> &result)
{
    thread_local QByteArray text;
    text = result ? QByteArray() : result.error().message.toUtf8();
    return text.constData();
}

/// Sets an environment variable for one scope and restores it afterwards.
class EnvironmentVariable
{
public:
    EnvironmentVariable(const char *name, const QByteArray &value)
        : m_name(name)
        , m_old(qgetenv(name))
        , m_wasSet(qEnvironmentVariableIsSet(name))
    {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~EnvironmentVariable()
    {
        if (m_wasSet)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    EnvironmentVariable(const EnvironmentVariable &) = delete;
    EnvironmentVariable &operator=(const EnvironmentVariable &) = delete;

private:
    const char *m_name;
    QByteArray m_old;
    bool m_wasSet;
};

/// One value from the SQLite file at path, read through a plain read-only connection of its
/// own with bound values (waiting up to 20 s for a writer); invalid, with a warning, on error.
inline QVariant scalar(const QString &path, const QString &sql,
                            const QVariantList &values = {})
{
    const QString name = u"scalar"_qs;
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=20000"_qs);
        const bool open = db.open();
        QSqlQuery query(db);
        query.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(int(i), values.at(i));
        if (open && query.exec() && query.next())
            value = query.value(0);
        else
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

} // namespace OrderDesk::TestSupport
