// SPDX-License-Identifier: MIT
#include "postgresconnection.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcPostgres, "orderdesk.postgres")

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PostgresConnection", text);
}

/// The advisory lock key that serializes schema migrations of one database (any 64-bit
/// constant that no other lock of ours uses: "ODmigrat").
constexpr qint64 MigrationLockKey = 0x4f446d6967726174;

/// A libpq conninfo value in single quotes.
QString quoted(const QString &value)
{
    QString escaped = value;
    escaped.replace(u'\\', u"\\\\"_s);
    escaped.replace(u'\'', u"\\'"_s);
    return u'\'' + escaped + u'\'';
}

} // namespace

Result<PostgresSettings> PostgresSettings::fromUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    // Never echo the password, not even in an error message about the URL.
    const QString shown = url.isValid() ? url.toDisplayString(QUrl::RemovePassword)
                                        : tr("(not shown)");
    const auto invalid = [&](const QString &why) {
        return Error{ErrorCode::InvalidCommand,
                     tr("The database URL %1 is not valid: %2. Expected "
                        "postgresql://user@host:port/database.")
                             .arg(shown, why)};
    };
    if (!url.isValid())
        return invalid(tr("it cannot be parsed"));
    if (url.scheme() != u"postgresql" && url.scheme() != u"postgres")
        return invalid(tr("it must start with postgresql://"));
    if (url.hasFragment())
        return invalid(tr("it must not have a #fragment"));

    PostgresSettings settings;
    settings.host = url.host(QUrl::FullyDecoded);
    settings.port = url.port(5432);
    settings.user = url.userName(QUrl::FullyDecoded);
    settings.password = url.password(QUrl::FullyDecoded);
    settings.database = url.path(QUrl::FullyDecoded);
    if (settings.database.startsWith(u'/'))
        settings.database.remove(0, 1);
    if (settings.database.contains(u'/'))
        return invalid(tr("the database name must not contain \u201c/\u201d"));

    static const QRegularExpression keyword(u"^[a-z_]+$"_s);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        // QPSQL turns ';' into the separator between options, so a value cannot hold one.
        if (!keyword.match(key).hasMatch() || value.contains(u';'))
            return invalid(tr("the option \u201c%1\u201d is not a libpq connection keyword")
                                   .arg(key));
        if (key == u"host") {
            settings.host = value;
        } else if (key == u"port") {
            bool ok = false;
            settings.port = value.toInt(&ok);
            if (!ok || settings.port <= 0 || settings.port > 65535)
                return invalid(tr("the port must be a number from 1 to 65535"));
        } else if (key == u"user") {
            settings.user = value;
        } else if (key == u"dbname") {
            settings.database = value;
        } else if (key == u"password") {
            settings.password = value;
        } else {
            settings.options.append({key, value});
        }
    }
    return settings;
}

QString PostgresSettings::displayName() const
{
    QString name;
    if (!user.isEmpty())
        name += user + u'@';
    name += host.isEmpty() ? u"localhost"_s : host.contains(u':') ? u'[' + host + u']' : host;
    name += u':' + QString::number(port) + u'/' + database;
    return name;
}

QString PostgresSettings::connectOptions(const QString &applicationName) const
{
    QStringList parts;
    bool hasTimeout = false;
    bool hasApplicationName = false;
    for (const auto &[key, value] : options) {
        parts.append(key + u'=' + quoted(value));
        hasTimeout = hasTimeout || key == u"connect_timeout";
        hasApplicationName = hasApplicationName || key == u"application_name";
    }
    // A server that does not answer must not hang a desktop for minutes.
    if (!hasTimeout)
        parts.append(u"connect_timeout=10"_s);
    if (!hasApplicationName && !applicationName.isEmpty())
        parts.append(u"application_name="_s + quoted(applicationName));
    return parts.join(u';');
}

QString sqlState(const QSqlError &error)
{
    return error.nativeErrorCode();
}

bool isConnectionError(const QSqlError &error)
{
    const QString state = sqlState(error);
    // Errors the server sends all carry an SQLSTATE; those libpq makes up itself (the socket
    // closed, no connection) carry none.
    if (state.isEmpty())
        return error.type() != QSqlError::NoError;
    return state.startsWith(u"08") || state == u"57P01" || state == u"57P02"
            || state == u"57P03";
}

Error postgresError(const QSqlError &error, const QString &context)
{
    const QString state = sqlState(error);
    // libpq's messages span lines ("…failed: Connection refused\n\tIs the server running…").
    QString detail = error.databaseText().simplified();
    if (detail.isEmpty())
        detail = error.text().simplified();
    const auto make = [&](ErrorCode code, const QString &sentence) {
        return Error{code, context.isEmpty() ? sentence : context + u": "_s + sentence};
    };
    if (isConnectionError(error))
        return make(ErrorCode::StorageUnavailable,
                    tr("the PostgreSQL server cannot be reached or closed the connection (%1)")
                            .arg(detail));
    if (state == u"3D000")
        return make(ErrorCode::StorageUnavailable,
                    tr("the database does not exist on the server (%1)").arg(detail));
    if (state.startsWith(u"28"))
        return make(ErrorCode::StorageUnavailable,
                    tr("the server refused the login; check the user name and the password (the "
                       "one typed in Settings or remembered in the system keychain, PGPASSWORD "
                       "or ~/.pgpass) (%1)")
                            .arg(detail));
    if (state == u"53100")
        return make(ErrorCode::StorageFull,
                    tr("the database server's disk is full; nothing was written"));
    if (state == u"53300")
        return make(ErrorCode::StorageBusy,
                    tr("the server has too many connections; try again in a moment"));
    if (state.startsWith(u"53") || state == u"58030")
        return make(ErrorCode::StorageUnavailable,
                    tr("the database server ran out of resources (%1)").arg(detail));
    if (state == u"40001" || state == u"40P01" || state == u"55P03" || state == u"57014")
        return make(ErrorCode::StorageBusy,
                    tr("the database is busy with other writers; try again in a moment (%1)")
                            .arg(detail));
    if (state == u"25006")
        return make(ErrorCode::StorageReadOnly, tr("the database is read-only"));
    if (state == u"42501")
        return make(ErrorCode::StorageReadOnly,
                    tr("the database user may not change this data (%1)").arg(detail));
    if (state == u"XX001" || state == u"XX002")
        return make(ErrorCode::StorageCorrupt,
                    tr("the database server reports damaged data (%1)").arg(detail));
    return make(ErrorCode::StorageError, detail);
}

PostgresConnection::PostgresConnection(const QString &purpose)
    : m_applicationName(u"OrderDesk "_s + purpose)
{
    static QAtomicInteger<quint64> counter;
    m_connectionName = u"orderdesk-pg-%1-%2"_s.arg(purpose).arg(counter.fetchAndAddRelaxed(1));
}

PostgresConnection::~PostgresConnection()
{
    close();
}

QSqlDatabase PostgresConnection::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool PostgresConnection::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

void PostgresConnection::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = database();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<void> PostgresConnection::open(const PostgresSettings &settings)
{
    close();
    m_displayName = settings.displayName();
    Result<void> opened = [&]() -> Result<void> {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
        if (!db.isValid())
            return Error{ErrorCode::StorageUnavailable,
                         tr("Qt's PostgreSQL driver (QPSQL) is not installed; install the "
                            "package that provides it (libqt6sql6-psql on Debian and Ubuntu).")};
        if (!settings.host.isEmpty())
            db.setHostName(settings.host);
        db.setPort(settings.port);
        if (!settings.database.isEmpty())
            db.setDatabaseName(settings.database);
        if (!settings.user.isEmpty())
            db.setUserName(settings.user);
        db.setConnectOptions(settings.connectOptions(m_applicationName));
        // The password goes to libpq at connect time only; the QSqlDatabase does not keep it.
        const bool ok = settings.password.isEmpty() ? db.open()
                                                    : db.open(db.userName(), settings.password);
        if (!ok)
            return postgresError(db.lastError(), tr("Cannot connect to PostgreSQL at %1")
                                                         .arg(m_displayName));
        return {};
    }();
    // Times are UTC milliseconds in bigint columns; make the session's own clock agree anyway.
    // Notices ("already exists, skipping") would go to stderr through libpq: not for users.
    for (const QString &setting :
         {u"SET TIME ZONE 'UTC'"_s, u"SET client_min_messages = warning"_s}) {
        if (opened)
            opened = exec(setting);
    }
    if (!opened)
        close();
    return opened;
}

Error PostgresConnection::failed(const QSqlError &error) const
{
    // QPSQL closes a connection that it found dead; what runs on it afterwards fails without
    // an SQLSTATE or even an error type.
    if (!isOpen())
        return Error{ErrorCode::StorageUnavailable,
                     tr("the connection to the PostgreSQL server at %1 was lost")
                             .arg(m_displayName)};
    return postgresError(error, QString());
}

Result<void> PostgresConnection::exec(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql))
        return failed(query.lastError());
    return {};
}

Result<QVariant> PostgresConnection::scalar(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql))
        return failed(query.lastError());
    if (!query.next())
        return QVariant();
    return query.value(0);
}

Result<QSqlQuery> PostgresConnection::prepare(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.prepare(sql))
        return failed(query.lastError());
    return query;
}

Result<int> PostgresConnection::schemaVersion()
{
    const Result<QVariant> exists =
            scalar(u"SELECT to_regclass('schema_migrations') IS NOT NULL"_s);
    if (!exists)
        return exists.error();
    if (!exists->toBool())
        return 0;
    const Result<QVariant> version =
            scalar(u"SELECT coalesce(max(version), 0) FROM schema_migrations"_s);
    if (!version)
        return version.error();
    return version->toInt();
}

Result<void> PostgresConnection::migrate(const QList<PostgresMigration> &migrations,
                                         const QString &what)
{
    const int newest = migrations.isEmpty() ? 0 : migrations.constLast().version;
    const auto tooNew = [&](int version) {
        return Error{ErrorCode::SchemaTooNew,
                     tr("The %1 %2 was written by a newer version of OrderDesk (schema %3; this "
                        "version knows up to %4). It was not changed; update OrderDesk to open it.")
                             .arg(what, m_displayName)
                             .arg(version)
                             .arg(newest)};
    };
    // Look before touching anything: an up-to-date or newer database is not written to.
    const Result<int> current = schemaVersion();
    if (!current)
        return current.error();
    if (*current > newest)
        return tooNew(*current);
    if (*current == newest)
        return {};

    QSqlDatabase db = database();
    const auto failed = [&](const Error &error, int version) {
        db.rollback();
        return Error{error.code,
                     tr("Migration %1 of the %2 failed: %3").arg(version).arg(what, error.message)};
    };
    for (const PostgresMigration &migration : migrations) {
        if (migration.version <= *current)
            continue;
        if (!db.transaction())
            return postgresError(db.lastError(), tr("Cannot migrate the %1").arg(what));
        // Desktops that start together take turns; each re-reads the version under the lock.
        Result<QSqlQuery> lock = prepare(u"SELECT pg_advisory_xact_lock(?)"_s);
        if (lock) {
            lock->bindValue(0, MigrationLockKey);
            if (!lock->exec())
                lock = postgresError(lock->lastError(), QString());
        }
        if (!lock)
            return failed(lock.error(), migration.version);
        if (auto ok = exec(u"CREATE TABLE IF NOT EXISTS schema_migrations ("
                           " version INTEGER PRIMARY KEY,"
                           " description TEXT NOT NULL,"
                           " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"_s);
            !ok)
            return failed(ok.error(), migration.version);
        const Result<int> now = schemaVersion();
        if (!now)
            return failed(now.error(), migration.version);
        if (*now > newest) {
            db.rollback();
            return tooNew(*now);
        }
        if (*now >= migration.version) {
            db.rollback();
            continue;
        }
        qCInfo(lcPostgres, "Migrating %s to schema %d: %s", qPrintable(m_displayName),
               migration.version, qPrintable(migration.description));
        for (const QString &statement : migration.statements) {
            if (auto ok = exec(statement); !ok)
                return failed(ok.error(), migration.version);
        }
        Result<QSqlQuery> record =
                prepare(u"INSERT INTO schema_migrations (version, description) VALUES (?, ?)"_s);
        if (record) {
            record->bindValue(0, migration.version);
            record->bindValue(1, migration.description);
            if (!record->exec())
                record = postgresError(record->lastError(), QString());
        }
        if (!record)
            return failed(record.error(), migration.version);
        if (!db.commit())
            return failed(postgresError(db.lastError(), QString()), migration.version);
    }
    return {};
}

} // namespace OrderDesk
