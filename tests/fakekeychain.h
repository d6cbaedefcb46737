// SPDX-License-Identifier: MIT
#pragma once

#include "passwordkeychain.h"

#include <QHash>
#include <QObject>

#include <optional>

/// A keychain in memory for tests of what the dialog and the start-up do with one: answers
/// come later on the context's thread, as a real keychain's do. Header-only.
namespace OrderDesk::TestSupport {

class FakeKeychain final : public PasswordKeychain
{
public:
    /// What is stored, key → password.
    QHash<QString, QString> stored;
    /// When set, every call fails with this error.
    std::optional<Error> failure;
    /// False: calls are never answered (a keychain that hangs).
    bool answers = true;
    int reads = 0;

    bool isAvailable() const override { return true; }

    void read(const QString &key, QObject *context,
              std::function<void(const Result<QString> &)> done) override
    {
        ++reads;
        answer(context, [this, key, done = std::move(done)] {
            done(failure ? Result<QString>(*failure) : Result<QString>(stored.value(key)));
        });
    }

    void write(const QString &key, const QString &password, QObject *context,
               std::function<void(const Result<void> &)> done) override
    {
        answer(context, [this, key, password, done = std::move(done)] {
            if (!failure)
                stored.insert(key, password);
            done(failure ? Result<void>(*failure) : Result<void>());
        });
    }

    void remove(const QString &key, QObject *context,
                std::function<void(const Result<void> &)> done) override
    {
        answer(context, [this, key, done = std::move(done)] {
            if (!failure)
                stored.remove(key);
            done(failure ? Result<void>(*failure) : Result<void>());
        });
    }

private:
    template<typename F> void answer(QObject *context, F &&f)
    {
        if (answers)
            QMetaObject::invokeMethod(context, std::forward<F>(f), Qt::QueuedConnection);
    }
};

} // namespace OrderDesk::TestSupport
