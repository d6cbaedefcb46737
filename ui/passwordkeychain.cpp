// SPDX-License-Identifier: MIT
#include "passwordkeychain.h"

#include "storage/postgresconnection.h"
#include "storechoice.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <optional>

#ifdef ORDERDESK_HAS_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcKeychain, "orderdesk.keychain")

using namespace Qt::StringLiterals;

namespace {

QString trText(const char *text)
{
    return QCoreApplication::translate("OrderDesk::PasswordKeychain", text);
}

#ifdef ORDERDESK_HAS_KEYCHAIN

Error failure(const QKeychain::Job &job)
{
    const QString detail = job.errorString().simplified();
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
        return Error{ErrorCode::StorageUnavailable,
                     trText("no system keychain is running (on Linux a Secret Service such as "
                            "GNOME Keyring or KWallet)")};
    case QKeychain::AccessDeniedByUser:
        return Error{ErrorCode::StorageUnavailable,
                     trText("access to the system keychain was refused")};
    case QKeychain::AccessDenied:
        return Error{ErrorCode::StorageUnavailable,
                     trText("the system keychain denied access (%1)").arg(detail)};
    default:
        break;
    }
    return Error{ErrorCode::StorageUnavailable,
                 trText("the system keychain could not be used (%1)").arg(detail)};
}

class QtKeychainBackend final : public PasswordKeychain
{
public:
    bool isAvailable() const override { return true; }

    void read(const QString &key, QObject *context,
              std::function<void(const Result<QString> &)> done) override
    {
        auto *job = new QKeychain::ReadPasswordJob(keychainService());
        job->setKey(key);
        // The job deletes itself once finished, also when context is gone by then.
        job->setAutoDelete(true);
        QObject::connect(job, &QKeychain::Job::finished, context,
                         [job, done = std::move(done)] {
                             if (job->error() == QKeychain::EntryNotFound)
                                 done(QString());
                             else if (job->error() != QKeychain::NoError)
                                 done(failure(*job));
                             else
                                 done(job->textData());
                         });
        job->start();
    }

    void write(const QString &key, const QString &password, QObject *context,
               std::function<void(const Result<void> &)> done) override
    {
        auto *job = new QKeychain::WritePasswordJob(keychainService());
        job->setKey(key);
        job->setTextData(password);
        job->setAutoDelete(true);
        QObject::connect(job, &QKeychain::Job::finished, context, [job, done = std::move(done)] {
            done(job->error() == QKeychain::NoError ? Result<void>() : failure(*job));
        });
        job->start();
    }

    void remove(const QString &key, QObject *context,
                std::function<void(const Result<void> &)> done) override
    {
        auto *job = new QKeychain::DeletePasswordJob(keychainService());
        job->setKey(key);
        job->setAutoDelete(true);
        QObject::connect(job, &QKeychain::Job::finished, context, [job, done = std::move(done)] {
            const bool ok =
                    job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
            done(ok ? Result<void>() : failure(*job));
        });
        job->start();
    }
};

using SystemKeychain = QtKeychainBackend;

#else

/// Runs f on context's thread once control is back in its event loop: like a real keychain's,
/// the answer never comes before the call that asked for it has returned.
template<typename F> void later(QObject *context, F &&f)
{
    QMetaObject::invokeMethod(context, std::forward<F>(f), Qt::QueuedConnection);
}

Error unavailable()
{
    return Error{ErrorCode::StorageUnavailable,
                 trText("this build of OrderDesk cannot use the system keychain (it was built "
                        "without QtKeychain)")};
}

class NoKeychain final : public PasswordKeychain
{
public:
    bool isAvailable() const override { return false; }

    void read(const QString &, QObject *context,
              std::function<void(const Result<QString> &)> done) override
    {
        later(context, [done = std::move(done)] { done(unavailable()); });
    }
    void write(const QString &, const QString &, QObject *context,
               std::function<void(const Result<void> &)> done) override
    {
        later(context, [done = std::move(done)] { done(unavailable()); });
    }
    void remove(const QString &, QObject *context,
                std::function<void(const Result<void> &)> done) override
    {
        later(context, [done = std::move(done)] { done(unavailable()); });
    }
};

using SystemKeychain = NoKeychain;

#endif

} // namespace

PasswordKeychain &PasswordKeychain::system()
{
    static SystemKeychain keychain;
    return keychain;
}

QString keychainService()
{
    return u"OrderDesk"_s;
}

QString keychainKey(const PostgresSettings &server)
{
    return server.displayName();
}

QString keychainKey(const StoreChoice &choice)
{
    if (choice.backend != StoreChoice::Backend::Postgres || choice.host.trimmed().isEmpty()
        || choice.database.trimmed().isEmpty())
        return {};
    const Result<PostgresSettings> server = PostgresSettings::fromUrl(choice.databaseUrl());
    return server ? keychainKey(*server) : QString();
}

QString withPassword(const QString &databaseUrl, const QString &password)
{
    if (password.isEmpty() || databaseUrl.isEmpty())
        return databaseUrl;
    QUrl url(databaseUrl.trimmed(), QUrl::StrictMode);
    url.setPassword(password, QUrl::DecodedMode);
    return url.toString(QUrl::FullyEncoded);
}

QString withKeychainPassword(const QString &databaseUrl, PasswordKeychain &keychain,
                             std::chrono::milliseconds timeout)
{
    if (databaseUrl.isEmpty() || !keychain.isAvailable())
        return databaseUrl;
    const Result<PostgresSettings> server = PostgresSettings::fromUrl(databaseUrl);
    // libpq takes a password in the URL first and PGPASSWORD next (an empty one counts as
    // unset); the keychain only stands in for ~/.pgpass.
    if (!server || !server->password.isEmpty() || !qEnvironmentVariableIsEmpty("PGPASSWORD"))
        return databaseUrl;

    const QString key = keychainKey(*server);
    std::optional<Result<QString>> answer;
    QEventLoop loop;
    {
        // Destroyed before the loop and the answer: an answer after the timeout is dropped.
        QObject context;
        keychain.read(key, &context, [&](const Result<QString> &result) {
            answer = result;
            loop.quit();
        });
        QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
        if (!answer)
            loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    if (!answer) {
        qCInfo(lcKeychain, "The system keychain did not answer within %lld ms; the password "
                           "for %s comes from libpq's own sources",
               qlonglong(timeout.count()), qPrintable(key));
        return databaseUrl;
    }
    if (!*answer) {
        qCInfo(lcKeychain, "No password from the system keychain for %s: %s", qPrintable(key),
               qPrintable(answer->error().message));
        return databaseUrl;
    }
    if ((*answer)->isEmpty()) {
        qCDebug(lcKeychain, "The system keychain holds no password for %s", qPrintable(key));
        return databaseUrl;
    }
    qCInfo(lcKeychain, "Using the password from the system keychain for %s", qPrintable(key));
    return withPassword(databaseUrl, **answer);
}

} // namespace OrderDesk
