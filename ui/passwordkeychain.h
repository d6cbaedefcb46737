// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QLoggingCategory>
#include <QString>

#include <chrono>
#include <functional>

class QObject;

namespace OrderDesk {

Q_DECLARE_LOGGING_CATEGORY(lcKeychain)

struct PostgresSettings;
struct StoreChoice;

/// The system keychain (Secret Service such as GNOME Keyring or KWallet, the macOS Keychain,
/// the Windows Credential Manager) as OrderDesk uses it: one PostgreSQL password per server,
/// under the service keychainService() and the key keychainKey().
///
/// Every call returns at once; `done` runs later on the thread of `context`, and not at all if
/// `context` is destroyed first. Errors are sentences for people and never hold a password.
class PasswordKeychain
{
public:
    virtual ~PasswordKeychain() = default;

    /// False when this build has no keychain support; the operations then fail (later, like
    /// any answer).
    virtual bool isAvailable() const = 0;
    /// The password stored under key; an empty string when there is none.
    virtual void read(const QString &key, QObject *context,
                      std::function<void(const Result<QString> &)> done) = 0;
    /// Stores password under key, replacing what was there.
    virtual void write(const QString &key, const QString &password, QObject *context,
                       std::function<void(const Result<void> &)> done) = 0;
    /// Removes what is stored under key; nothing stored there is a success too.
    virtual void remove(const QString &key, QObject *context,
                        std::function<void(const Result<void> &)> done) = 0;

    /// This system's keychain through QtKeychain, or, in a build without QtKeychain, one that
    /// is not available.
    static PasswordKeychain &system();
};

/// "OrderDesk": the service OrderDesk's passwords are filed under in the keychain.
QString keychainService();

/// The keychain key of a server, "user@host:port/database" as PostgresSettings::displayName()
/// writes it (so the key is what the window shows).
QString keychainKey(const PostgresSettings &server);
/// The key of the server a Settings choice names; empty for SQLite or a choice that names no
/// usable server.
QString keychainKey(const StoreChoice &choice);

/// The database URL with this password in it (percent-encoded as a URL needs), for one
/// session's connections only; the URL unchanged when the password is empty. The result must
/// never be shown, logged or stored: PostgresSettings::displayName() is what people see.
QString withPassword(const QString &databaseUrl, const QString &password);

/// The database URL a session connects with. A PostgreSQL URL that carries no password, when
/// PGPASSWORD is not set either, gets the password the keychain holds for its server; in every
/// other case, and when the keychain has none, cannot be used or does not answer within
/// timeout, the URL comes back unchanged and libpq applies its own rules (~/.pgpass). Waits in
/// a local event loop: for start-up, before the command bus opens the store.
QString withKeychainPassword(const QString &databaseUrl, PasswordKeychain &keychain,
                             std::chrono::milliseconds timeout);

} // namespace OrderDesk
