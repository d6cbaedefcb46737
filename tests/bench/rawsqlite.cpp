// SPDX-License-Identifier: MIT
#include "rawsqlite.h"

#include <QElapsedTimer>
#include <QFile>

#include <sqlite3.h>

#include <cstdio>

namespace OrderDesk::Bench::RawSqlite {

using namespace Qt::StringLiterals;

namespace {

/// A row of the size an event has: a stream id, a version, a type and a JSON payload of about
/// the length of an OrderCreated with two lines.
const QByteArray payload = QByteArray(
    R"({"currency":"EUR","customerEmail":"ada.lovelace@example.com","customerId":"C0042",)"
    R"("customerName":"Ada Lovelace","lines":[{"productId":"SKU-0012","productName":)"
    R"("Cordless Drill","quantity":2,"unitPriceCents":8999},{"productId":"SKU-0007",)"
    R"("productName":"Desk Lamp","quantity":1,"unitPriceCents":4150}],)"
    R"("orderId":"ORD-1M8EVSJKV-N744Y","totalCents":22148})");

void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        std::fprintf(stderr, "raw sqlite3: %s failed: %s\n", what, sqlite3_errmsg(db));
}

class RawFile
{
public:
    RawFile(const QString &path, const QString &synchronous)
    {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QFile::remove(path + suffix);
        check(sqlite3_open(QFile::encodeName(path).constData(), &m_db), m_db, "open");
        exec("PRAGMA journal_mode = WAL");
        exec(QByteArray("PRAGMA synchronous = " + synchronous.toUtf8()).constData());
        exec("CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, "
             "stream_version INTEGER NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, "
             "occurred_at INTEGER NOT NULL, UNIQUE (stream_id, stream_version))");
        check(sqlite3_prepare_v2(m_db,
                                 "INSERT INTO events (stream_id, stream_version, type, payload, "
                                 "occurred_at) VALUES (?, ?, ?, ?, ?)",
                                 -1, &m_insert, nullptr),
              m_db, "prepare");
        check(sqlite3_prepare_v2(m_db, "BEGIN", -1, &m_begin, nullptr), m_db, "prepare");
        check(sqlite3_prepare_v2(m_db, "COMMIT", -1, &m_commit, nullptr), m_db, "prepare");
    }
    ~RawFile()
    {
        sqlite3_finalize(m_insert);
        sqlite3_finalize(m_begin);
        sqlite3_finalize(m_commit);
        sqlite3_close(m_db);
    }
    RawFile(const RawFile &) = delete;
    RawFile &operator=(const RawFile &) = delete;

    void begin() { step(m_begin, "BEGIN"); }
    void commit() { step(m_commit, "COMMIT"); }

    void insert(qint64 n)
    {
        char stream[32];
        const int length = std::snprintf(stream, sizeof stream, "ORD-%010lld", n);
        sqlite3_bind_text(m_insert, 1, stream, length, SQLITE_TRANSIENT);
        sqlite3_bind_int64(m_insert, 2, 1);
        sqlite3_bind_text(m_insert, 3, "OrderCreated", -1, SQLITE_STATIC);
        sqlite3_bind_text(m_insert, 4, payload.constData(), int(payload.size()), SQLITE_STATIC);
        sqlite3_bind_int64(m_insert, 5, 1'750'000'000'000 + n);
        step(m_insert, "INSERT");
    }

private:
    void exec(const char *sql)
    {
        check(sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr), m_db, sql);
    }
    void step(sqlite3_stmt *statement, const char *what)
    {
        check(sqlite3_step(statement), m_db, what);
        sqlite3_reset(statement);
    }

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_insert = nullptr;
    sqlite3_stmt *m_begin = nullptr;
    sqlite3_stmt *m_commit = nullptr;
};

} // namespace

struct CommitFile::Private
{
    Private(const QString &path, const QString &synchronous)
        : file(path, synchronous)
    {
    }
    RawFile file;
    qint64 next = 0;
};

CommitFile::CommitFile(const QString &path, const QString &synchronous)
    : d(new Private(path, synchronous))
{
}

CommitFile::~CommitFile()
{
    delete d;
}

qint64 CommitFile::commitFor(double seconds)
{
    QElapsedTimer timer;
    timer.start();
    const qint64 limitNs = qint64(seconds * 1e9);
    qint64 n = 0;
    while (timer.nsecsElapsed() < limitNs || n < 5) {
        d->file.begin();
        d->file.insert(d->next++);
        d->file.commit();
        ++n;
    }
    return n;
}

double commitsPerSecond(const QString &path, const QString &synchronous, double seconds)
{
    CommitFile file(path, synchronous);
    QElapsedTimer timer;
    timer.start();
    const qint64 n = file.commitFor(seconds);
    return double(n) / (double(timer.nsecsElapsed()) / 1e9);
}

double batchedRowsPerSecond(const QString &path, const QString &synchronous, qint64 rows)
{
    RawFile file(path, synchronous);
    QElapsedTimer timer;
    timer.start();
    for (qint64 n = 0; n < rows;) {
        file.begin();
        for (int i = 0; i < 1000 && n < rows; ++i)
            file.insert(n++);
        file.commit();
    }
    return double(rows) / (double(timer.nsecsElapsed()) / 1e9);
}

} // namespace OrderDesk::Bench::RawSqlite
