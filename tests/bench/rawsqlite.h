// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// The physical limit: the same work done with the sqlite3 C API directly, on a file of its own,
/// WAL and the write store's `synchronous` setting, with prepared statements reused.
namespace OrderDesk::Bench::RawSqlite {

/// A new file with an event-shaped table, kept open so that its measurements can be taken in
/// slices interleaved with the product's (the disk's fsync latency here drifts by 5x within
/// seconds: interleaving gives both sides the same disk).
class CommitFile
{
public:
    CommitFile(const QString &path, const QString &synchronous);
    ~CommitFile();
    CommitFile(const CommitFile &) = delete;
    CommitFile &operator=(const CommitFile &) = delete;

    /// Single-row INSERT transactions (BEGIN; INSERT; COMMIT) for about `seconds`; how many.
    qint64 commitFor(double seconds);

private:
    struct Private;
    Private *d;
};

/// Single-row INSERT transactions for about `seconds` on a new file: commits/s.
double commitsPerSecond(const QString &path, const QString &synchronous, double seconds);

/// `rows` INSERTs, 1000 per transaction: rows/s.
double batchedRowsPerSecond(const QString &path, const QString &synchronous, qint64 rows);

} // namespace OrderDesk::Bench::RawSqlite
