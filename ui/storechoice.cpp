// SPDX-License-Identifier: MIT
#include "storechoice.h"

#include "storage/postgresconnection.h"

#include <QSettings>
#include <QUrl>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

namespace Keys {
constexpr auto backend = "store/backend";
constexpr auto host = "store/host";
constexpr auto port = "store/port";
constexpr auto database = "store/database";
constexpr auto user = "store/user";
} // namespace Keys

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

} // namespace

QString StoreChoice::databaseUrl() const
{
    if (backend == Backend::Sqlite)
        return {};
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(user.trimmed());
    url.setHost(host.trimmed().isEmpty() ? u"localhost"_s : host.trimmed());
    url.setPort(port);
    url.setPath(u'/' + database.trimmed());
    return url.toString(QUrl::FullyEncoded);
}

StoreChoice StoreChoice::fromDatabaseUrl(const QString &url)
{
    StoreChoice choice;
    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(url);
    if (url.isEmpty() || !settings)
        return choice;
    choice.backend = Backend::Postgres;
    choice.host = settings->host;
    choice.port = settings->port;
    choice.database = settings->database;
    choice.user = settings->user;
    return choice;
}

StoreChoice StoreChoice::load(const QSettings &settings)
{
    StoreChoice choice;
    choice.backend = settings.value(key(Keys::backend)).toString() == u"postgresql"
            ? Backend::Postgres
            : Backend::Sqlite;
    choice.host = settings.value(key(Keys::host)).toString();
    choice.port = settings.value(key(Keys::port), 5432).toInt();
    choice.database = settings.value(key(Keys::database)).toString();
    choice.user = settings.value(key(Keys::user)).toString();
    return choice;
}

void StoreChoice::save(QSettings &settings) const
{
    settings.setValue(key(Keys::backend),
                      backend == Backend::Postgres ? u"postgresql"_s : u"sqlite"_s);
    // The server is remembered while SQLite is chosen, for switching back and forth.
    settings.setValue(key(Keys::host), host.trimmed());
    settings.setValue(key(Keys::port), port);
    settings.setValue(key(Keys::database), database.trimmed());
    settings.setValue(key(Keys::user), user.trimmed());
}

SessionStore resolveSessionStore(const QString &databaseUrlOption, bool dataDirectoryGiven,
                                 const QString &environmentUrl, const StoreChoice &chosen)
{
    if (!databaseUrlOption.isEmpty())
        return {databaseUrlOption, StoreSource::CommandLine};
    // `orderdesk --data-dir /tmp/demo --demo` must never fill a shared server with demo data.
    if (dataDirectoryGiven)
        return {QString(), StoreSource::DataDirectory};
    if (!environmentUrl.isEmpty())
        return {environmentUrl, StoreSource::Environment};
    return {chosen.databaseUrl(), StoreSource::Settings};
}

} // namespace OrderDesk
