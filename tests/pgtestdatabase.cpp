// SPDX-License-Identifier: MIT
#include "pgtestdatabase.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

namespace OrderDesk::Testing {

using namespace Qt::StringLiterals;

QString PgTestDatabase::serverUrl()
{
    return qEnvironmentVariable("ORDERDESK_TEST_PG_URL");
}

const char *PgTestDatabase::skipReason()
{
    if (!serverUrl().isEmpty())
        return "";
    return "PostgreSQL tests need a server: set ORDERDESK_TEST_PG_URL="
           "postgresql://user@host:port/db (a user allowed to CREATE DATABASE), or run "
           "scripts/test, which starts a throwaway cluster";
}

PgTestDatabase::PgTestDatabase()
{
    const QString server = serverUrl();
    if (server.isEmpty()) {
        m_error = QString::fromLatin1(skipReason());
        return;
    }
    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(server);
    if (!settings) {
        m_error = settings.error().message;
        return;
    }
    static QAtomicInteger<quint32> counter;
    m_name = u"odtest_%1_%2_%3"_s.arg(QCoreApplication::applicationPid())
                     .arg(counter.fetchAndAddRelaxed(1))
                     .arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QChar(u'0'));

    m_admin = std::make_unique<PostgresConnection>(u"test admin"_s);
    if (auto ok = m_admin->open(*settings); !ok) {
        m_error = ok.error().message;
        m_admin.reset();
        return;
    }
    // The name is ours (letters, digits, underscores): no quoting games in a DDL statement.
    if (auto ok = m_admin->exec(u"CREATE DATABASE "_s + m_name); !ok) {
        m_error = ok.error().message;
        m_name.clear();
        return;
    }
    QUrl url(server);
    url.setPath(u'/' + m_name);
    m_url = url.toString();
}

PgTestDatabase::~PgTestDatabase()
{
    m_own.reset();
    if (m_admin && !m_name.isEmpty()) {
        // A test may have restarted the server: drop through a fresh connection.
        if (const Result<PostgresSettings> settings = PostgresSettings::fromUrl(serverUrl()))
            std::ignore = m_admin->open(*settings);
        // FORCE ends the connections a failed test left open.
        if (auto ok = m_admin->exec(u"DROP DATABASE IF EXISTS "_s + m_name + u" WITH (FORCE)"_s);
            !ok)
            qWarning("Cannot drop the test database %s: %s", qPrintable(m_name),
                     qPrintable(ok.error().message));
    }
}

WriteStoreConfig PgTestDatabase::config(bool readOnly) const
{
    WriteStoreConfig config;
    config.databaseUrl = m_url;
    config.readOnly = readOnly;
    return config;
}

Result<QVariant> PgTestDatabase::scalar(const QString &sql)
{
    for (int attempt = 0;; ++attempt) {
        Result<QVariant> value = scalarOnce(sql);
        // After a server restart the connection is gone: open a new one, once.
        if (value || attempt > 0 || value.error().code != ErrorCode::StorageUnavailable)
            return value;
        m_own.reset();
    }
}

Result<QVariant> PgTestDatabase::scalarOnce(const QString &sql)
{
    if (!m_own) {
        const Result<PostgresSettings> settings = PostgresSettings::fromUrl(m_url);
        if (!settings)
            return settings.error();
        m_own = std::make_unique<PostgresConnection>(u"test"_s);
        if (auto ok = m_own->open(*settings); !ok) {
            m_own.reset();
            return ok.error();
        }
    }
    return m_own->scalar(sql);
}

Result<int> PgTestDatabase::terminateConnections(const QString &applicationName)
{
    Result<QSqlQuery> query =
            m_admin->prepare(u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                             "WHERE datname = ? AND application_name = ?"_s);
    if (!query)
        return query.error();
    query->bindValue(0, m_name);
    query->bindValue(1, applicationName);
    if (!query->exec() || !query->next())
        return postgresError(query->lastError(), QString());
    return query->value(0).toInt();
}

} // namespace OrderDesk::Testing
