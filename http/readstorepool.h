// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QFuture>
#include <QString>
#include <QThreadPool>
#include <QtConcurrentRun>

#include <functional>

namespace OrderDesk {

class ReadStore;

/// Runs read-store queries on threads of its own, so that the thread serving HTTP never waits
/// for SQLite. Each thread keeps one read-only connection open between jobs (a connection
/// belongs to the thread that opened it) and opens a new one after a storage failure.
class ReadStorePool
{
public:
    ReadStorePool(const QString &readStorePath, int maxThreads);
    /// Waits for the jobs already running.
    ~ReadStorePool();

    ReadStorePool(const ReadStorePool &) = delete;
    ReadStorePool &operator=(const ReadStorePool &) = delete;

    /// Runs `job` on a pool thread with that thread's connection. The job must not touch the
    /// caller's objects: give it values.
    template<typename T> QFuture<Result<T>> run(std::function<Result<T>(ReadStore &)> job)
    {
        return QtConcurrent::run(&m_pool, [path = m_path, job = std::move(job)]() -> Result<T> {
            const Result<ReadStore *> store = threadStore(path);
            if (!store)
                return store.error();
            Result<T> result = job(**store);
            if (!result)
                dropThreadStore(result.error().code);
            return result;
        });
    }

private:
    /// This thread's open store for the path, or why it cannot be opened.
    static Result<ReadStore *> threadStore(const QString &path);
    /// Forgets this thread's connection after a failure that may be the connection's own.
    static void dropThreadStore(ErrorCode cause);

    QString m_path;
    QThreadPool m_pool;
};

} // namespace OrderDesk
