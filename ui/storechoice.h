// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QSettings;

namespace OrderDesk {

/// The write store a desktop uses when nothing on its command line or in its environment says
/// otherwise, as chosen in Settings: the embedded SQLite file in the data directory, or a shared
/// PostgreSQL server. It never holds a password: that is remembered in the system keychain
/// (PasswordKeychain), or libpq reads it from PGPASSWORD or ~/.pgpass.
struct StoreChoice
{
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString host;
    int port = 5432;
    QString database;
    QString user;

    /// postgresql://user@host:port/database for a PostgreSQL server, empty for SQLite.
    QString databaseUrl() const;
    /// A PostgreSQL choice with the server of a database URL (a password in it is dropped); the
    /// SQLite choice for an empty or unreadable URL.
    static StoreChoice fromDatabaseUrl(const QString &url);

    static StoreChoice load(const QSettings &settings);
    void save(QSettings &settings) const;

    friend bool operator==(const StoreChoice &, const StoreChoice &) = default;
};

/// What decided a session's write store, strongest first.
enum class StoreSource {
    CommandLine,   ///< --database-url
    DataDirectory, ///< an explicit --data-dir alone: its SQLite file
    Environment,   ///< ORDERDESK_DATABASE_URL
    Settings,      ///< the StoreChoice
};

struct SessionStore
{
    QString databaseUrl; ///< empty: the SQLite file in the data directory
    StoreSource source = StoreSource::Settings;
};

/// The rule orderdesk follows (orderdeskctl the same, without Settings): --database-url; else
/// the SQLite file of an explicit --data-dir; else ORDERDESK_DATABASE_URL; else the choice made
/// in Settings (SQLite in the default data directory unless changed).
SessionStore resolveSessionStore(const QString &databaseUrlOption, bool dataDirectoryGiven,
                                 const QString &environmentUrl, const StoreChoice &chosen);

} // namespace OrderDesk
