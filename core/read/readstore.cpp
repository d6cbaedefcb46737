// SPDX-License-Identifier: MIT
#include "readstore.h"

#include "readschema.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcReadStore, "orderdesk.readstore")

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ReadStore", text);
}

} // namespace

ReadStore::ReadStore(const QString &path) : m_path(path), m_connection(u"read"_s) { }

ReadStore::~ReadStore() = default;

void ReadStore::removeFiles(const QString &path)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
        QFile::remove(path + suffix);
}

void ReadStore::close()
{
    m_connection.close();
}

Result<void> ReadStore::create()
{
    SqliteConnection::Options options;
    options.path = m_path;
    options.what = tr("read store");
    options.create = true;
    options.initialize = [](SqliteConnection &c) -> Result<void> {
        QStringList statements = {u"PRAGMA journal_mode = WAL"_s};
        statements += ReadSchema::bookkeepingStatements();
        statements += ReadSchema::projectedTableStatements(QString(), 1);
        statements += ReadSchema::queryIndexStatements(QString(), 1);
        statements += {u"INSERT INTO meta (key, value) VALUES ('generation', '1')"_s,
                       u"INSERT INTO meta (key, value) VALUES ('journal_horizon', '0')"_s,
                       u"INSERT INTO checkpoints (projection, position, updated_at)"
                       " VALUES ('orders', 0, 0)"_s,
                       u"PRAGMA user_version = %1"_s.arg(ReadSchema::Version)};
        for (const QString &statement : std::as_const(statements)) {
            if (auto ok = c.exec(statement); !ok)
                return ok;
        }
        return {};
    };
    return m_connection.open(options);
}

Result<void> ReadStore::openForProjection()
{
    m_reset = Reset::None;
    if (!QFile::exists(m_path)) {
        m_reset = Reset::Missing;
    } else {
        SqliteConnection::Options options;
        options.path = m_path;
        options.what = tr("read store");
        Result<void> opened = m_connection.open(options);
        Result<QVariant> version = opened ? m_connection.scalar(u"PRAGMA user_version"_s)
                                          : Result<QVariant>(opened.error());
        if (!version) {
            if (version.error().code != ErrorCode::StorageCorrupt)
                return version.error();
            qCWarning(lcReadStore, "Replacing the damaged read store %s: %s", qPrintable(m_path),
                      qPrintable(version.error().message));
            m_reset = Reset::Corrupt;
        } else if (version->toInt() != ReadSchema::Version) {
            qCInfo(lcReadStore, "Replacing the read store %s (schema %d, now %d)",
                   qPrintable(m_path), version->toInt(), ReadSchema::Version);
            m_reset = Reset::OldSchema;
        }
        if (m_reset != Reset::None) {
            m_connection.close();
            removeFiles(m_path);
        }
    }
    if (m_reset != Reset::None) {
        if (auto ok = create(); !ok)
            return ok;
    }
    const QStringList pragmas = {
            u"PRAGMA journal_mode = WAL"_s,
            // A cache: after a power cut the last batches may roll back, and since their
            // checkpoint rolls back with them they are simply projected again.
            u"PRAGMA synchronous = NORMAL"_s,
            u"PRAGMA cache_size = -32768"_s,
            u"PRAGMA temp_store = MEMORY"_s,
    };
    for (const QString &pragma : pragmas) {
        if (auto ok = m_connection.exec(pragma); !ok)
            return ok;
    }
    return {};
}

Result<void> ReadStore::openForQueries()
{
    SqliteConnection::Options options;
    options.path = m_path;
    options.what = tr("read store");
    options.readOnly = true;
    if (auto ok = m_connection.open(options); !ok)
        return ok;
    const Result<QVariant> version = m_connection.scalar(u"PRAGMA user_version"_s);
    if (!version)
        return version.error();
    if (version->toInt() != ReadSchema::Version)
        return Error{ErrorCode::StorageUnavailable,
                     tr("The read store %1 is being rebuilt; try again in a moment.").arg(m_path)};
    return {};
}

Result<qint64> ReadStore::checkpoint(QStringView projection)
{
    QSqlQuery query(m_connection.database());
    query.prepare(u"SELECT position FROM checkpoints WHERE projection = ?"_s);
    query.addBindValue(projection.toString());
    if (!query.exec())
        return sqliteError(query.lastError(), tr("Cannot read the projection checkpoint"));
    return query.next() ? query.value(0).toLongLong() : 0;
}

Result<qint64> ReadStore::generation()
{
    const Result<QVariant> value =
            m_connection.scalar(u"SELECT value FROM meta WHERE key = 'generation'"_s);
    if (!value)
        return value.error();
    return value->toLongLong();
}

Result<QString> ReadStore::sourceStoreId()
{
    const Result<QVariant> value =
            m_connection.scalar(u"SELECT value FROM meta WHERE key = 'source_store_id'"_s);
    if (!value)
        return value.error();
    return value->toString();
}

Result<void> ReadStore::setSourceStoreId(const QString &storeId)
{
    QSqlQuery query(m_connection.database());
    query.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES ('source_store_id', ?)"_s);
    query.addBindValue(storeId);
    if (!query.exec())
        return sqliteError(query.lastError(), tr("Cannot record the read store's source"));
    return {};
}

Result<qint64> ReadStore::deadLetterCount()
{
    const Result<QVariant> value = m_connection.scalar(u"SELECT count(*) FROM dead_letters"_s);
    if (!value)
        return value.error();
    return value->toLongLong();
}

} // namespace OrderDesk
