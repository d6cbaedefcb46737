// SPDX-License-Identifier: MIT
#include "readstorebuilder.h"

#include "projectionwriter.h"
#include "read/readstore.h"
#include "write/writestore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace OrderDesk {

using namespace Qt::StringLiterals;

Result<qint64> ReadStoreBuilder::build(WriteStore &events, const QString &path, qint64 upTo,
                                       const Progress &progress, int chunkSize)
{
    const Result<qint64> head = events.headPosition();
    if (!head)
        return head.error();
    const Result<QString> source = events.storeId();
    if (!source)
        return source.error();
    const qint64 target = upTo < 0 ? *head : std::min(upTo, *head);

    ReadStore::removeFiles(path);
    ReadStore store(path);
    if (auto ok = store.openForProjection(); !ok)
        return ok.error();
    SqliteConnection &c = store.connection();
    // Nothing reads this file until it is complete, so it needs no journal to survive a crash.
    std::ignore = c.exec(u"PRAGMA synchronous = OFF"_s);

    // The tables were created with their query indexes; a bulk load is faster without them,
    // and finishBulkLoad() creates them again once the rows are in.
    QSqlQuery indexes(c.database());
    indexes.exec(u"SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'order_view_%' "
                 "AND name NOT LIKE 'order_view_id_%'"_s);
    QStringList drops;
    while (indexes.next())
        drops.append(u"DROP INDEX "_s + indexes.value(0).toString());
    indexes.finish();
    for (const QString &drop : std::as_const(drops)) {
        if (auto ok = c.exec(drop); !ok)
            return ok.error();
    }

    ProjectionWriter writer(c, QString(), ProjectionWriter::Mode::Bulk);
    OrderChanges ignored;
    QSqlQuery deadLetter(c.database());
    deadLetter.prepare(u"INSERT OR REPLACE INTO dead_letters (position, stream_id, type, "
                       "schema_version, error, attempts, recorded_at) VALUES (?, ?, ?, ?, ?, 1, 0)"_s);
    qint64 position = 0;
    while (position < target) {
        const Result<EventEnvelopes> chunk =
                events.readEvents(position, int(std::min<qint64>(chunkSize, target - position)));
        if (!chunk)
            return chunk.error();
        if (chunk->isEmpty())
            break;
        if (auto ok = c.exec(u"BEGIN"_s); !ok)
            return ok.error();
        // Optimistically, the whole chunk at once; only a chunk with a failing event is done
        // again with a savepoint per event (as the projector does).
        bool failed = false;
        for (const EventEnvelope &event : *chunk) {
            if (!writer.apply(event, ignored)) {
                failed = true;
                break;
            }
        }
        if (failed) {
            if (auto ok = c.exec(u"ROLLBACK"_s); !ok)
                return ok.error();
            if (auto ok = c.exec(u"BEGIN"_s); !ok)
                return ok.error();
        }
        for (const EventEnvelope &event : failed ? *chunk : EventEnvelopes()) {
            // A failing event becomes a dead letter, as in the projector after its retries.
            std::ignore = c.exec(u"SAVEPOINT event"_s);
            const Result<void> applied = writer.apply(event, ignored);
            if (!applied) {
                std::ignore = c.exec(u"ROLLBACK TO event"_s);
                deadLetter.bindValue(0, event.position);
                deadLetter.bindValue(1, event.streamId);
                deadLetter.bindValue(2, event.type);
                deadLetter.bindValue(3, event.schemaVersion);
                deadLetter.bindValue(4, applied.error().message);
                if (!deadLetter.exec())
                    return sqliteError(deadLetter.lastError(), QString());
            }
            std::ignore = c.exec(u"RELEASE event"_s);
        }
        position = chunk->constLast().position;
        if (auto ok = c.exec(u"COMMIT"_s); !ok)
            return ok.error();
        if (progress)
            progress(position, target);
    }
    if (auto ok = c.exec(u"BEGIN"_s); !ok)
        return ok.error();
    Result<void> finished = writer.finishBulkLoad(1);
    if (finished) {
        QSqlQuery checkpoint(c.database());
        checkpoint.prepare(u"UPDATE checkpoints SET position = ?, updated_at = 0 "
                           "WHERE projection = 'orders'"_s);
        checkpoint.addBindValue(position);
        if (!checkpoint.exec())
            finished = sqliteError(checkpoint.lastError(), QString());
    }
    if (finished && !source->isEmpty())
        finished = store.setSourceStoreId(*source);
    if (finished)
        finished = c.exec(u"COMMIT"_s);
    if (!finished)
        return finished.error();
    return position;
}

} // namespace OrderDesk
