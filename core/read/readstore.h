// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"
#include "storage/sqliteconnection.h"

#include <QString>

namespace OrderDesk {

/// The read store: a separate SQLite file of denormalized tables that queries and models read,
/// filled only by the projector. It is a cache of the event log, so a missing, damaged or
/// outdated one is simply replaced by an empty one and projected again.
class ReadStore
{
public:
    /// Why openForProjection() had to start from an empty store.
    enum class Reset { None, Missing, Corrupt, OldSchema };

    /// The checkpoint of the live tables, and of the shadow tables a rebuild fills.
    static constexpr char16_t LiveCheckpoint[] = u"orders";
    static constexpr char16_t RebuildCheckpoint[] = u"rebuild";

    explicit ReadStore(const QString &path);
    ~ReadStore();

    /// Opens read-write for the projector, replacing a store that is missing, damaged or from
    /// another schema version by an empty one (see reset()).
    Result<void> openForProjection();
    /// Opens read-only for queries. Fails when there is no read store yet.
    Result<void> openForQueries();
    void close();

    Reset reset() const { return m_reset; }
    const QString &path() const { return m_path; }
    SqliteConnection &connection() { return m_connection; }

    Result<qint64> checkpoint(QStringView projection = LiveCheckpoint);
    /// Counts up each time a rebuilt set of tables is swapped in; item models reset when it
    /// changes under them.
    Result<qint64> generation();
    Result<qint64> deadLetterCount();
    /// The WriteStore::storeId() of the event log the live tables were projected from; empty
    /// for a store that has projected nothing yet (or from before read stores recorded it).
    Result<QString> sourceStoreId();
    /// Records the source; call inside the transaction that makes the tables match it.
    Result<void> setSourceStoreId(const QString &storeId);

    /// Removes a read store's files (the database, its WAL and shared memory).
    static void removeFiles(const QString &path);

private:
    Result<void> create();

    QString m_path;
    SqliteConnection m_connection;
    Reset m_reset = Reset::None;
};

} // namespace OrderDesk
