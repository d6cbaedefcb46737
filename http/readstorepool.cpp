// SPDX-License-Identifier: MIT
#include "readstorepool.h"

#include "read/readstore.h"

#include <memory>

namespace OrderDesk {

namespace {

/// The connection of one pool thread; closed when the thread ends (the pool lets idle threads
/// go after 30 s, and its destructor ends them all).
struct ThreadStore
{
    QString path;
    std::unique_ptr<ReadStore> store;
};

thread_local ThreadStore t_store;

} // namespace

ReadStorePool::ReadStorePool(const QString &readStorePath, int maxThreads)
    : m_path(readStorePath)
{
    m_pool.setMaxThreadCount(std::max(1, maxThreads));
    m_pool.setObjectName(QStringLiteral("ReadStorePool"));
}

ReadStorePool::~ReadStorePool()
{
    m_pool.waitForDone();
}

Result<ReadStore *> ReadStorePool::threadStore(const QString &path)
{
    if (t_store.store && t_store.path == path)
        return t_store.store.get();
    auto store = std::make_unique<ReadStore>(path);
    if (auto ok = store->openForQueries(); !ok)
        return ok.error();
    t_store.path = path;
    t_store.store = std::move(store);
    return t_store.store.get();
}

void ReadStorePool::dropThreadStore(ErrorCode cause)
{
    // A missing order is an answer; a storage error may be this connection's (a replaced file,
    // a lost handle), so the next job starts from a new one.
    if (int(cause) / 100 == int(ErrorCode::StorageError) / 100)
        t_store = ThreadStore();
}

} // namespace OrderDesk
