// SPDX-License-Identifier: MIT
#include "projector.h"

#include "laghistogram.h"
#include "projectionwriter.h"
#include "read/readschema.h"
#include "read/readstore.h"
#include "write/eventnotificationlistener.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QPromise>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QThread>
#include <QTimer>

#include <deque>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcProjector, "orderdesk.projector")

using namespace Qt::StringLiterals;

namespace {

QString trText(const char *text)
{
    return QCoreApplication::translate("Projector", text);
}

qint64 nowMillis()
{
    return QDateTime::currentMSecsSinceEpoch();
}

constexpr int MaxDelayMs = 5000;
constexpr int MaxBatchSize = 10000;
/// A rebuild whose checkpoint was touched this recently belongs to a live process.
constexpr qint64 RebuildHeartbeatMs = 30'000;
/// How much of the change journal to keep behind the checkpoint for item models.
constexpr qint64 JournalWindowEvents = 200'000;
constexpr qint64 StatusIntervalMs = 100;
/// With a shared write store the notifications wake the projector; polling is the fallback and
/// the lag measurement, and every desktop does it, so it is slower.
constexpr int SharedStorePollMs = 1000;

} // namespace

QString projectionStateText(ProjectionStatus::State state)
{
    switch (state) {
    case ProjectionStatus::State::Starting:
        return QCoreApplication::translate("ProjectionStatus", "starting");
    case ProjectionStatus::State::Running:
        return QCoreApplication::translate("ProjectionStatus", "running");
    case ProjectionStatus::State::Paused:
        return QCoreApplication::translate("ProjectionStatus", "paused");
    case ProjectionStatus::State::Rebuilding:
        return QCoreApplication::translate("ProjectionStatus", "rebuilding");
    case ProjectionStatus::State::Failed:
        return QCoreApplication::translate("ProjectionStatus", "failed");
    case ProjectionStatus::State::Stopped:
        return QCoreApplication::translate("ProjectionStatus", "stopped");
    }
    return {};
}

/// State shared between the Projector (any thread) and its worker (projector thread).
struct Projector::Shared
{
    struct Waiter
    {
        quint64 id;
        qint64 position;
        std::shared_ptr<QPromise<bool>> promise;
    };

    explicit Shared(const ProjectorConfig &c) : config(c) { }

    /// Resolves the waiters the checkpoint has reached. Call with mutex held.
    void resolveWaitersLocked()
    {
        for (auto it = waiters.begin(); it != waiters.end();) {
            if (it->position <= status.checkpoint) {
                it->promise->addResult(true);
                it->promise->finish();
                it = waiters.erase(it);
            } else {
                ++it;
            }
        }
    }

    void expireWaiter(quint64 id)
    {
        const QMutexLocker locker(&mutex);
        for (auto it = waiters.begin(); it != waiters.end(); ++it) {
            if (it->id == id) {
                it->promise->addResult(false);
                it->promise->finish();
                waiters.erase(it);
                return;
            }
        }
    }

    void failAllWaiters()
    {
        const QMutexLocker locker(&mutex);
        for (Waiter &waiter : waiters) {
            waiter.promise->addResult(false);
            waiter.promise->finish();
        }
        waiters.clear();
    }

    const ProjectorConfig config;
    mutable QMutex mutex;
    ProjectionStatus status;
    std::vector<Waiter> waiters;
    quint64 nextWaiterId = 1;
};

/// Lives on the projector thread and owns its connections. Every slot runs there.
class ProjectorWorker : public QObject
{
public:
    ProjectorWorker(Projector *projector, std::shared_ptr<Projector::Shared> shared)
        : q(projector), m_shared(std::move(shared)), m_config(m_shared->config),
          m_workTimer(this), m_pollTimer(this),
          m_batchSize(m_config.batchSize)
    {
        // The timers are children, so that they move to the projector thread with the worker.
        m_workTimer.setSingleShot(true);
        connect(&m_workTimer, &QTimer::timeout, this, &ProjectorWorker::work);
        connect(&m_pollTimer, &QTimer::timeout, this, &ProjectorWorker::poll);
    }

    Result<void> open()
    {
        WriteStoreConfig eventConfig = m_config.eventLog;
        eventConfig.readOnly = true;
        m_events = createWriteStore(eventConfig);
        if (auto ok = m_events->open(); !ok)
            return ok;
        m_read = std::make_unique<ReadStore>(m_config.readStorePath);
        if (auto ok = m_read->openForProjection(); !ok)
            return ok;
        m_live = std::make_unique<ProjectionWriter>(m_read->connection(), QString(),
                                                    ProjectionWriter::Mode::Live);
        const Result<qint64> head = m_events->headPosition();
        if (!head)
            return head.error();
        const Result<QString> storeId = m_events->storeId();
        if (!storeId)
            return storeId.error();
        m_storeId = *storeId;
        if (auto ok = claimReadStore(*head); !ok)
            return ok;
        const Result<qint64> checkpoint = m_read->checkpoint();
        if (!checkpoint)
            return checkpoint.error();
        {
            const QMutexLocker locker(&m_shared->mutex);
            m_shared->status.state = ProjectionStatus::State::Running;
            m_shared->status.checkpoint = *checkpoint;
            m_shared->status.headPosition = *head;
            m_shared->status.lagEvents = std::max<qint64>(0, *head - *checkpoint);
            m_shared->status.batchSize = m_batchSize;
            m_shared->status.deadLetters = m_read->deadLetterCount().hasValue()
                    ? *m_read->deadLetterCount()
                    : 0;
        }
        if (*checkpoint == 0 && *head > 0 && m_config.rebuildWhenEmpty)
            startRebuild();
        if (!m_config.eventLog.databaseUrl.isEmpty())
            listenForNotifications();
        m_pollTimer.start(m_listener ? std::max(m_config.pollIntervalMs, SharedStorePollMs)
                                     : m_config.pollIntervalMs);
        m_events->changedElsewhere();
        scheduleWork(0);
        return {};
    }

    /// Makes sure the live tables show this event log, in one read-store transaction (so that
    /// two processes starting together decide once): a read store projected from another log
    /// (its source store id differs, it does not say, or it is ahead of this log's head) is
    /// emptied, to be projected again from position 0; an empty one records this log as its
    /// source. Another log of equal or greater length is otherwise indistinguishable: a desktop
    /// that switched from SQLite to PostgreSQL, or to another server, would show a mix.
    Result<void> claimReadStore(qint64 head)
    {
        if (auto ok = beginWrite(); !ok)
            return ok;
        const Result<qint64> checkpoint = m_read->checkpoint();
        const Result<QString> source = checkpoint ? m_read->sourceStoreId()
                                                  : Result<QString>(checkpoint.error());
        if (!source) {
            rollback();
            return source.error();
        }
        const char *reason = nullptr;
        if (*checkpoint > head)
            reason = "is ahead of the event log";
        else if (!m_storeId.isEmpty() && !source->isEmpty() && *source != m_storeId)
            reason = "was projected from another event log";
        else if (!m_storeId.isEmpty() && source->isEmpty() && *checkpoint > 0)
            reason = "does not say which event log it was projected from";
        Result<void> ok;
        if (reason) {
            qCWarning(lcProjector, "The read store %s %s (checkpoint %lld, head %lld); projecting "
                                   "it again from the start",
                      qPrintable(m_read->path()), reason, *checkpoint, head);
            ok = emptyLiveTables();
        } else if (source->isEmpty() && !m_storeId.isEmpty()) {
            ok = m_read->setSourceStoreId(m_storeId);
        }
        if (ok)
            ok = m_read->connection().exec(u"COMMIT"_s);
        if (!ok)
            rollback();
        return ok;
    }

    /// Replaces the live tables with empty ones of a new generation and forgets everything
    /// projected into them, inside the open transaction; the source becomes this event log.
    Result<void> emptyLiveTables()
    {
        const Result<qint64> generation = m_read->generation();
        if (!generation)
            return generation.error();
        const qint64 next = *generation + 1;
        QStringList statements = ReadSchema::dropStatements(QString());
        statements += ReadSchema::dropStatements(QString::fromUtf16(ReadSchema::RebuildSuffix));
        statements += ReadSchema::projectedTableStatements(QString(), next);
        statements += ReadSchema::queryIndexStatements(QString(), next);
        statements += {u"DELETE FROM checkpoints WHERE projection = 'rebuild'"_s,
                       u"DELETE FROM order_changes"_s, u"DELETE FROM dead_letters"_s,
                       u"INSERT OR REPLACE INTO meta (key, value) "
                       "VALUES ('journal_horizon', '0')"_s,
                       u"UPDATE meta SET value = '%1' WHERE key = 'generation'"_s.arg(next)};
        // Its statements point at the tables about to be dropped.
        m_live.reset();
        Result<void> ok;
        for (const QString &statement : std::as_const(statements)) {
            ok = m_read->connection().exec(statement);
            if (!ok)
                break;
        }
        if (ok)
            ok = setCheckpoint(QString::fromUtf16(ReadStore::LiveCheckpoint), 0);
        if (ok && !m_storeId.isEmpty())
            ok = m_read->setSourceStoreId(m_storeId);
        m_live = std::make_unique<ProjectionWriter>(m_read->connection(), QString(),
                                                    ProjectionWriter::Mode::Live);
        return ok;
    }

    /// A shared write store announces commits (LISTEN/NOTIFY): every desktop's projector wakes
    /// at once instead of polling the server often.
    void listenForNotifications()
    {
        m_listener = std::make_unique<EventNotificationListener>(m_config.eventLog.databaseUrl);
        connect(m_listener.get(), &EventNotificationListener::notified, this,
                [this](qint64 position) { wake(position); });
        connect(m_listener.get(), &EventNotificationListener::connectionStateChanged, this,
                [this](bool connected, const QString &message) {
                    {
                        const QMutexLocker locker(&m_shared->mutex);
                        m_shared->status.storeConnected = connected;
                        m_shared->status.storeMessage = message;
                    }
                    publishStatus(true);
                });
        m_listener->start();
    }

    void close()
    {
        m_listener.reset();
        m_workTimer.stop();
        m_pollTimer.stop();
        if (m_rebuild) {
            // Left behind, the half-built tables' fresh heartbeat would make the next start
            // (this process again, moments later) believe another process is rebuilding.
            m_rebuild.reset();
            cancelShadowTables();
        }
        m_live.reset();
        if (m_read)
            m_read->close();
        if (m_events)
            m_events->close();
        setState(ProjectionStatus::State::Stopped);
    }

    void wake(qint64 head)
    {
        {
            const QMutexLocker locker(&m_shared->mutex);
            m_shared->status.headPosition = std::max(m_shared->status.headPosition, head);
        }
        scheduleWork(delayLeft());
    }

    /// What is left of the demonstrators' delay since the last batch: every wake-up (signal,
    /// poll, notification) honours it, or the poll would undo the slowdown every few hundred ms.
    qint64 delayLeft() const
    {
        return m_delayMs > 0 && m_sinceBatch.isValid()
                ? std::max<qint64>(0, m_delayMs - m_sinceBatch.elapsed())
                : 0;
    }

    void pause()
    {
        m_paused = true;
        refreshState();
    }

    void resume()
    {
        m_paused = false;
        refreshState();
        scheduleWork(0);
    }

    void setDelay(int delayMs)
    {
        m_delayMs = std::clamp(delayMs, 0, MaxDelayMs);
        const QMutexLocker locker(&m_shared->mutex);
        m_shared->status.delayMs = m_delayMs;
    }

    void setBatchSize(int batchSize)
    {
        m_batchSize = std::clamp(batchSize, 1, MaxBatchSize);
        const QMutexLocker locker(&m_shared->mutex);
        m_shared->status.batchSize = m_batchSize;
    }

    void startRebuild()
    {
        if (m_rebuild || !m_read)
            return;
        if (auto ok = prepareRebuild(); !ok) {
            qCWarning(lcProjector, "Cannot rebuild: %s", qPrintable(ok.error().message));
            Q_EMIT q->rebuildFinished(false, ok.error().message);
            return;
        }
        refreshState();
        scheduleWork(0);
    }

    void cancelRebuild()
    {
        if (!m_rebuild)
            return;
        m_rebuild.reset();
        QStringList statements = ReadSchema::dropStatements(QString::fromUtf16(ReadSchema::RebuildSuffix));
        statements.append(u"DELETE FROM checkpoints WHERE projection = 'rebuild'"_s);
        for (const QString &statement : std::as_const(statements))
            std::ignore = m_read->connection().exec(statement);
        {
            const QMutexLocker locker(&m_shared->mutex);
            m_shared->status.rebuildDone = m_shared->status.rebuildTotal = 0;
        }
        refreshState();
        Q_EMIT q->rebuildFinished(false, trText("The rebuild was cancelled."));
    }

    void retryDeadLetter(qint64 position);

    void addWaiter(quint64 id, int timeoutMs)
    {
        QTimer::singleShot(timeoutMs, this, [shared = m_shared, id] { shared->expireWaiter(id); });
    }

    void setCrashHook(std::function<bool(qint64)> hook) { m_crashHook = std::move(hook); }

private:
    struct Rebuild
    {
        std::unique_ptr<ProjectionWriter> writer;
        qint64 generation = 0;
        qint64 total = 0;
        QElapsedTimer timer;
        qint64 startPosition = 0;
        std::vector<std::pair<EventEnvelope, Error>> deadLetters;
    };

    /// The outcome of applying a run of events inside an open transaction.
    struct Applied
    {
        qint64 lastPosition = 0; ///< the new checkpoint: last event applied or dead-lettered
        int count = 0;
        bool stoppedOnFailure = false;
        int failedAttempts = 0; ///< how often the event it stopped on has failed so far
        bool crashed = false;
    };

    void scheduleWork(qint64 delayMs)
    {
        if (!m_read || m_failedHard)
            return;
        if (m_workTimer.isActive() && m_workTimer.remainingTime() <= delayMs)
            return;
        m_workTimer.start(int(delayMs));
    }

    void setState(ProjectionStatus::State state)
    {
        ProjectionStatus snapshot;
        {
            const QMutexLocker locker(&m_shared->mutex);
            if (m_shared->status.state == state)
                return;
            m_shared->status.state = state;
            snapshot = m_shared->status;
        }
        Q_EMIT q->statusChanged(snapshot);
    }

    void refreshState()
    {
        if (m_failedHard)
            return;
        setState(m_rebuild ? ProjectionStatus::State::Rebuilding
                           : m_paused ? ProjectionStatus::State::Paused
                                      : ProjectionStatus::State::Running);
    }

    void fail(const Error &error)
    {
        qCWarning(lcProjector, "%s", qPrintable(error.message));
        {
            const QMutexLocker locker(&m_shared->mutex);
            m_shared->status.lastError = error.message;
        }
        setState(ProjectionStatus::State::Failed);
    }

    void work()
    {
        bool more = false;
        if (m_rebuild)
            more = rebuildStep();
        bool liveMore = false;
        if (!m_paused && !m_failedHard)
            liveMore = liveBatch();
        if (m_failedHard)
            return;
        if (liveMore)
            scheduleWork(m_retryDelayMs > 0 ? m_retryDelayMs : m_delayMs);
        else if (more)
            scheduleWork(0);
        else if (m_retryDelayMs > 0)
            scheduleWork(m_retryDelayMs);
        publishStatus(false);
    }

    void poll()
    {
        if (m_events && m_events->changedElsewhere())
            scheduleWork(delayLeft());
        publishStatus(true);
    }

    Result<void> beginWrite()
    {
        return m_read->connection().exec(u"BEGIN IMMEDIATE"_s);
    }

    void rollback() { std::ignore = m_read->connection().exec(u"ROLLBACK"_s); }

    Result<void> setCheckpoint(const QString &projection, qint64 position)
    {
        QSqlQuery query(m_read->connection().database());
        query.prepare(u"INSERT OR REPLACE INTO checkpoints (projection, position, updated_at) "
                      "VALUES (?, ?, ?)"_s);
        query.addBindValue(projection);
        query.addBindValue(position);
        query.addBindValue(nowMillis());
        if (!query.exec())
            return sqliteError(query.lastError(), trText("Cannot move the checkpoint"));
        return {};
    }

    Result<void> recordDeadLetter(const EventEnvelope &event, const Error &error, int attempts)
    {
        QSqlQuery query(m_read->connection().database());
        query.prepare(u"INSERT OR REPLACE INTO dead_letters (position, stream_id, type, "
                      "schema_version, error, attempts, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
        query.addBindValue(event.position);
        query.addBindValue(event.streamId);
        query.addBindValue(event.type);
        query.addBindValue(event.schemaVersion);
        query.addBindValue(error.message);
        query.addBindValue(attempts);
        query.addBindValue(nowMillis());
        if (!query.exec())
            return sqliteError(query.lastError(), trText("Cannot record a dead letter"));
        return {};
    }

    /// Applies events in the open transaction. First all at once; if one fails, the caller
    /// rolls back and calls again with `careful`, which isolates each event in a savepoint so
    /// that the events before a failing one still commit.
    Applied applyEvents(ProjectionWriter &writer, const EventEnvelopes &events, bool careful,
                        OrderChanges &changes, bool deadLetterAtOnce)
    {
        Applied applied;
        SqliteConnection &c = m_read->connection();
        for (const EventEnvelope &event : events) {
            if (m_crashHook && m_crashHook(event.position)) {
                applied.crashed = true;
                return applied;
            }
            if (careful)
                std::ignore = c.exec(u"SAVEPOINT event"_s);
            const Result<void> ok = writer.apply(event, changes);
            if (ok) {
                if (careful)
                    std::ignore = c.exec(u"RELEASE event"_s);
                m_attempts.erase(event.position);
                applied.lastPosition = event.position;
                ++applied.count;
                continue;
            }
            if (!careful) {
                applied.stoppedOnFailure = true;
                return applied;
            }
            std::ignore = c.exec(u"ROLLBACK TO event"_s);
            std::ignore = c.exec(u"RELEASE event"_s);
            if (int(ok.error().code) >= int(ErrorCode::StorageError)
                && int(ok.error().code) < int(ErrorCode::ShuttingDown)) {
                // The read store itself failed (disk full, locked): not the event's fault.
                m_storageError = ok.error();
                applied.stoppedOnFailure = true;
                return applied;
            }
            const int attempts = ++m_attempts[event.position];
            if (!deadLetterAtOnce && attempts < m_config.maxAttempts) {
                qCInfo(lcProjector, "Event %lld failed (attempt %d): %s", event.position, attempts,
                       qPrintable(ok.error().message));
                applied.stoppedOnFailure = true;
                applied.failedAttempts = attempts;
                return applied;
            }
            qCWarning(lcProjector, "Event %lld goes to the dead letters after %d attempts: %s",
                      event.position, attempts, qPrintable(ok.error().message));
            if (m_rebuild && &writer == m_rebuild->writer.get()) {
                m_rebuild->deadLetters.emplace_back(event, ok.error());
            } else if (auto recorded = recordDeadLetter(event, ok.error(), attempts); !recorded) {
                m_storageError = recorded.error();
                applied.stoppedOnFailure = true;
                return applied;
            } else {
                m_deadLettersAdded = true;
            }
            m_attempts.erase(event.position);
            applied.lastPosition = event.position;
            ++applied.count;
        }
        return applied;
    }

    /// Projects the next batch into the live tables. Returns true when there is more to do.
    bool liveBatch()
    {
        m_retryDelayMs = 0;
        m_storageError.reset();
        if (auto ok = beginWrite(); !ok) {
            // Another process holds the read store; try again shortly.
            m_retryDelayMs = 100;
            return false;
        }
        const Result<qint64> checkpoint = m_read->checkpoint();
        if (auto ok = checkSource(); !ok) {
            rollback();
            fail(ok.error());
            m_retryDelayMs = 5000;
            return false;
        }
        const Result<EventEnvelopes> events = checkpoint
                ? m_events->readEvents(*checkpoint, m_batchSize)
                : Result<EventEnvelopes>(checkpoint.error());
        if (!events) {
            rollback();
            fail(events.error());
            m_retryDelayMs = 1000;
            return false;
        }
        if (events->isEmpty()) {
            rollback();
            updateCheckpointStatus(*checkpoint);
            return false;
        }

        OrderChanges changes;
        Applied applied = applyEvents(*m_live, *events, false, changes, false);
        if (applied.stoppedOnFailure) {
            rollback();
            changes.clear();
            if (auto ok = beginWrite(); !ok) {
                m_retryDelayMs = 100;
                return false;
            }
            applied = applyEvents(*m_live, *events, true, changes, false);
        }
        if (applied.crashed) {
            rollback();
            m_failedHard = true;
            fail({ErrorCode::Cancelled, trText("The projector was stopped in the middle of a batch.")});
            return false;
        }
        if (m_storageError) {
            rollback();
            fail(*m_storageError);
            m_retryDelayMs = 1000;
            return false;
        }
        // An event that failed is tried again after a pause that grows with each attempt.
        const int retryDelayMs = applied.stoppedOnFailure ? 50 << std::min(4, applied.failedAttempts)
                                                          : 0;
        if (applied.count == 0) {
            rollback();
            m_retryDelayMs = retryDelayMs;
            return false;
        }
        const qint64 from = events->constFirst().position;
        const qint64 to = applied.lastPosition;
        Result<void> committed = setCheckpoint(QString::fromUtf16(ReadStore::LiveCheckpoint), to);
        if (committed && to % 1000 < qint64(applied.count))
            committed = pruneJournal(to);
        if (committed)
            committed = m_read->connection().exec(u"COMMIT"_s);
        if (!committed) {
            rollback();
            fail(committed.error());
            m_retryDelayMs = 1000;
            return false;
        }
        const qint64 committedAt = nowMillis();
        m_sinceBatch.start();
        recordThroughput(applied.count);
        sampleCommandLag(*events, to, committedAt);

        ChangeSet changeSet;
        changeSet.fromPosition = from;
        changeSet.toPosition = to;
        changeSet.insertedOrderIds = changes.inserted;
        changeSet.updatedOrderIds = changes.updated;
        changeSet.committedAt = committedAt;
        updateCheckpointStatus(to);
        measureLag();
        {
            const QMutexLocker locker(&m_shared->mutex);
            changeSet.lagEvents = m_shared->status.lagEvents;
            changeSet.lagMs = m_shared->status.lagMs;
            if (m_shared->status.state == ProjectionStatus::State::Failed)
                m_shared->status.lastError.clear();
        }
        refreshState();
        Q_EMIT q->projected(changeSet);
        if (m_deadLettersAdded)
            announceDeadLetters();
        m_retryDelayMs = retryDelayMs;
        return applied.count == events->size() && events->size() == m_batchSize;
    }

    /// Inside a batch's transaction: the live tables still show this event log. Another
    /// OrderDesk process on the same data directory with another write store (a second program
    /// started with other options) may have claimed them since; projecting on would mix the
    /// two logs.
    Result<void> checkSource()
    {
        if (m_storeId.isEmpty())
            return {};
        const Result<QString> source = m_read->sourceStoreId();
        if (!source)
            return source.error();
        if (*source == m_storeId)
            return {};
        return Error{ErrorCode::StorageError,
                     trText("The read store %1 is now used by another OrderDesk program with a "
                            "different write store. Restart OrderDesk to project its own write "
                            "store again.")
                             .arg(m_read->path())};
    }

    Result<void> pruneJournal(qint64 checkpoint)
    {
        const qint64 horizon = checkpoint - JournalWindowEvents;
        if (horizon <= 0)
            return {};
        QSqlQuery query(m_read->connection().database());
        query.prepare(u"DELETE FROM order_changes WHERE position <= ?"_s);
        query.addBindValue(horizon);
        QSqlQuery meta(m_read->connection().database());
        meta.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES ('journal_horizon', ?)"_s);
        meta.addBindValue(QString::number(horizon));
        if (!query.exec() || !meta.exec())
            return sqliteError(query.lastError(), trText("Cannot prune the change journal"));
        return {};
    }

    void announceDeadLetters()
    {
        m_deadLettersAdded = false;
        const Result<qint64> count = m_read->deadLetterCount();
        if (!count)
            return;
        {
            const QMutexLocker locker(&m_shared->mutex);
            m_shared->status.deadLetters = *count;
        }
        Q_EMIT q->deadLettersChanged(*count);
    }

    void updateCheckpointStatus(qint64 checkpoint)
    {
        const QMutexLocker locker(&m_shared->mutex);
        ProjectionStatus &status = m_shared->status;
        status.checkpoint = checkpoint;
        status.headPosition = std::max(status.headPosition, checkpoint);
        // Keep the snapshot consistent for whoever a resolved waiter wakes up: the lag
        // follows the checkpoint at once, not only at the next measurement.
        status.lagEvents = std::max<qint64>(0, status.headPosition - checkpoint);
        if (status.lagEvents == 0)
            status.lagMs = 0;
        m_shared->resolveWaitersLocked();
    }

    void recordThroughput(int count)
    {
        const qint64 now = nowMillis();
        m_throughput.emplace_back(now, count);
        while (!m_throughput.empty() && now - m_throughput.front().first > 3000)
            m_throughput.pop_front();
    }

    qint64 eventsPerSecond() const
    {
        if (m_throughput.empty())
            return 0;
        qint64 total = 0;
        for (const auto &sample : m_throughput)
            total += sample.second;
        const qint64 span = std::max<qint64>(1000, nowMillis() - m_throughput.front().first);
        return total * 1000 / span;
    }

    /// One sample per command whose last event this batch made visible: from the moment its
    /// events were written (occurred_at) to the commit that made them readable.
    void sampleCommandLag(const EventEnvelopes &events, qint64 upTo, qint64 committedAt)
    {
        for (qsizetype i = 0; i < events.size() && events.at(i).position <= upTo; ++i) {
            const bool lastOfCommand = i + 1 == events.size()
                    || events.at(i + 1).commandId != events.at(i).commandId;
            if (lastOfCommand)
                m_commandLag.add(std::max<qint64>(0, committedAt - events.at(i).occurredAt));
        }
    }

    void measureLag()
    {
        const Result<qint64> head = m_events->headPosition();
        if (!head)
            return;
        qint64 checkpoint;
        {
            const QMutexLocker locker(&m_shared->mutex);
            checkpoint = m_shared->status.checkpoint;
            m_shared->status.headPosition = *head;
        }
        qint64 lagMs = 0;
        if (*head > checkpoint) {
            const Result<EventEnvelopes> oldest = m_events->readEvents(checkpoint, 1);
            if (oldest && !oldest->isEmpty())
                lagMs = std::max<qint64>(0, nowMillis() - oldest->constFirst().occurredAt);
        }
        const QMutexLocker locker(&m_shared->mutex);
        m_shared->status.lagEvents = std::max<qint64>(0, *head - checkpoint);
        m_shared->status.lagMs = lagMs;
    }

    void publishStatus(bool force)
    {
        if (!force && m_lastPublished.isValid() && m_lastPublished.elapsed() < StatusIntervalMs)
            return;
        measureLag();
        ProjectionStatus snapshot;
        {
            const QMutexLocker locker(&m_shared->mutex);
            m_shared->status.eventsPerSecond = eventsPerSecond();
            m_shared->status.commandLagP50Ms = m_commandLag.percentile(50);
            m_shared->status.commandLagP95Ms = m_commandLag.percentile(95);
            m_shared->status.commandLagP99Ms = m_commandLag.percentile(99);
            if (m_rebuild) {
                const qint64 total = std::max(m_shared->status.headPosition, m_rebuild->total);
                const qint64 done = m_shared->status.rebuildDone;
                const qint64 elapsed = m_rebuild->timer.elapsed();
                const qint64 projected = done - m_rebuild->startPosition;
                m_shared->status.rebuildTotal = total;
                m_shared->status.rebuildEventsPerSecond =
                        elapsed > 0 ? projected * 1000 / elapsed : 0;
                // What is left at the pace so far: elapsed per event projected, times the rest.
                m_shared->status.rebuildEtaMs =
                        projected > 0 ? (total - done) * elapsed / projected : 0;
            }
            snapshot = m_shared->status;
        }
        m_lastPublished.start();
        Q_EMIT q->statusChanged(snapshot);
    }

    /// This process, as a rebuild owner: "host pid".
    static QString ownerId()
    {
        return QSysInfo::machineHostName() + u' ' + QString::number(QCoreApplication::applicationPid());
    }

    /// Whether the process that started the rebuild recorded in the read store still runs. A
    /// process killed in the middle of a rebuild leaves a fresh heartbeat behind; without this,
    /// nobody could rebuild until the heartbeat aged. Owners on other hosts count as alive.
    bool rebuildOwnerIsAlive()
    {
        const Result<QVariant> owner = m_read->connection().scalar(
                u"SELECT value FROM meta WHERE key = 'rebuild_owner'"_s);
        if (!owner || owner->isNull())
            return true;
        const QStringList parts = owner->toString().split(u' ');
        if (parts.size() != 2 || parts.at(0) != QSysInfo::machineHostName())
            return true;
        bool ok = false;
        const qint64 pid = parts.at(1).toLongLong(&ok);
        if (!ok || pid == QCoreApplication::applicationPid())
            return !ok; // our own rebuild would be m_rebuild: this one is a leftover
#ifdef Q_OS_UNIX
        return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
#else
        return true;
#endif
    }

    Result<void> prepareRebuild()
    {
        SqliteConnection &c = m_read->connection();
        QSqlQuery existing(c.database());
        existing.prepare(u"SELECT updated_at FROM checkpoints WHERE projection = 'rebuild'"_s);
        const bool recent = existing.exec() && existing.next()
                && nowMillis() - existing.value(0).toLongLong() < RebuildHeartbeatMs;
        existing.finish();
        if (recent && rebuildOwnerIsAlive())
            return Error{ErrorCode::StorageBusy,
                         trText("Another OrderDesk process is rebuilding this read store.")};
        const Result<qint64> generation = m_read->generation();
        const Result<qint64> head = m_events->headPosition();
        if (!generation)
            return generation.error();
        if (!head)
            return head.error();

        const QString suffix = QString::fromUtf16(ReadSchema::RebuildSuffix);
        QStringList statements = ReadSchema::dropStatements(suffix);
        statements += ReadSchema::projectedTableStatements(suffix, *generation + 1);
        if (auto ok = beginWrite(); !ok)
            return ok;
        for (const QString &statement : std::as_const(statements)) {
            if (auto ok = c.exec(statement); !ok) {
                rollback();
                return ok;
            }
        }
        if (auto ok = setCheckpoint(QString::fromUtf16(ReadStore::RebuildCheckpoint), 0); !ok) {
            rollback();
            return ok;
        }
        QSqlQuery owner(c.database());
        owner.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES ('rebuild_owner', ?)"_s);
        owner.addBindValue(ownerId());
        if (!owner.exec()) {
            const Error error = sqliteError(owner.lastError(), trText("Cannot start a rebuild"));
            rollback();
            return error;
        }
        if (auto ok = c.exec(u"COMMIT"_s); !ok) {
            rollback();
            return ok;
        }
        m_rebuild = std::make_unique<Rebuild>();
        m_rebuild->writer = std::make_unique<ProjectionWriter>(c, suffix,
                                                               ProjectionWriter::Mode::Bulk);
        m_rebuild->generation = *generation + 1;
        m_rebuild->total = *head;
        m_rebuild->timer.start();
        qCInfo(lcProjector, "Rebuilding the read store from %lld events", *head);
        const QMutexLocker locker(&m_shared->mutex);
        m_shared->status.rebuildDone = 0;
        m_shared->status.rebuildTotal = *head;
        return {};
    }

    /// One chunk of the rebuild. Returns true while there is more to do.
    bool rebuildStep()
    {
        Rebuild &r = *m_rebuild;
        m_storageError.reset();
        if (auto ok = beginWrite(); !ok)
            return true;
        const Result<qint64> checkpoint =
                m_read->checkpoint(QString::fromUtf16(ReadStore::RebuildCheckpoint));
        const Result<EventEnvelopes> events = checkpoint
                ? m_events->readEvents(*checkpoint, m_config.rebuildChunkSize)
                : Result<EventEnvelopes>(checkpoint.error());
        if (!events) {
            rollback();
            abandonRebuild(events.error());
            return false;
        }
        if (events->isEmpty()) {
            if (r.writer->mode() == ProjectionWriter::Mode::Bulk) {
                if (auto ok = r.writer->finishBulkLoad(r.generation); !ok) {
                    rollback();
                    abandonRebuild(ok.error());
                    return false;
                }
                if (auto ok = setCheckpoint(QString::fromUtf16(ReadStore::RebuildCheckpoint),
                                            *checkpoint);
                    !ok || !m_read->connection().exec(u"COMMIT"_s)) {
                    rollback();
                    abandonRebuild(ok ? Error{ErrorCode::StorageError, trText("Commit failed.")}
                                      : ok.error());
                    return false;
                }
                return true;
            }
            return swap(*checkpoint);
        }

        OrderChanges ignored;
        Applied applied = applyEvents(*r.writer, *events, false, ignored, true);
        if (applied.stoppedOnFailure) {
            rollback();
            if (auto ok = beginWrite(); !ok)
                return true;
            applied = applyEvents(*r.writer, *events, true, ignored, true);
        }
        if (applied.crashed) {
            rollback();
            m_failedHard = true;
            fail({ErrorCode::Cancelled, trText("The projector was stopped in the middle of a rebuild.")});
            return false;
        }
        if (m_storageError) {
            rollback();
            abandonRebuild(*m_storageError);
            return false;
        }
        Result<void> ok = setCheckpoint(QString::fromUtf16(ReadStore::RebuildCheckpoint),
                                        applied.lastPosition);
        if (ok)
            ok = m_read->connection().exec(u"COMMIT"_s);
        if (!ok) {
            rollback();
            abandonRebuild(ok.error());
            return false;
        }
        const QMutexLocker locker(&m_shared->mutex);
        m_shared->status.rebuildDone = applied.lastPosition;
        return true;
    }

    /// Replaces the live tables with the rebuilt ones in one transaction (already open).
    bool swap(qint64 rebuiltTo)
    {
        SqliteConnection &c = m_read->connection();
        const QString suffix = QString::fromUtf16(ReadSchema::RebuildSuffix);
        QStringList statements = ReadSchema::dropStatements(QString());
        statements += ReadSchema::renameStatements(suffix);
        statements += {u"DELETE FROM checkpoints WHERE projection = 'rebuild'"_s,
                       u"DELETE FROM order_changes"_s, u"DELETE FROM dead_letters"_s,
                       u"INSERT OR REPLACE INTO meta (key, value) VALUES ('journal_horizon', '%1')"_s
                               .arg(rebuiltTo),
                       u"UPDATE meta SET value = '%1' WHERE key = 'generation'"_s.arg(
                               m_rebuild->generation)};
        // The statements of both writers point at tables about to be dropped or renamed.
        m_rebuild->writer.reset();
        m_live.reset();
        Result<void> ok;
        for (const QString &statement : std::as_const(statements)) {
            ok = c.exec(statement);
            if (!ok)
                break;
        }
        if (ok)
            ok = setCheckpoint(QString::fromUtf16(ReadStore::LiveCheckpoint), rebuiltTo);
        if (ok && !m_storeId.isEmpty())
            ok = m_read->setSourceStoreId(m_storeId);
        for (const auto &[event, error] : m_rebuild->deadLetters) {
            if (ok)
                ok = recordDeadLetter(event, error, 1);
        }
        if (ok)
            ok = c.exec(u"COMMIT"_s);
        m_live = std::make_unique<ProjectionWriter>(c, QString(), ProjectionWriter::Mode::Live);
        if (!ok) {
            rollback();
            abandonRebuild(ok.error());
            return false;
        }
        const qint64 seconds = m_rebuild->timer.elapsed() / 1000;
        qCInfo(lcProjector, "Rebuilt the read store up to position %lld in %lld s", rebuiltTo,
               seconds);
        m_rebuild.reset();
        m_attempts.clear();
        {
            const QMutexLocker locker(&m_shared->mutex);
            m_shared->status.rebuildDone = m_shared->status.rebuildTotal = 0;
        }
        updateCheckpointStatus(rebuiltTo);
        refreshState();
        announceDeadLetters();
        Q_EMIT q->readStoreReplaced();
        Q_EMIT q->rebuildFinished(true, trText("The read model was rebuilt up to event %1.").arg(rebuiltTo));
        return false;
    }

    void abandonRebuild(const Error &error)
    {
        qCWarning(lcProjector, "Rebuild failed: %s", qPrintable(error.message));
        m_rebuild.reset();
        cancelShadowTables();
        if (!m_live)
            m_live = std::make_unique<ProjectionWriter>(m_read->connection(), QString(),
                                                        ProjectionWriter::Mode::Live);
        {
            const QMutexLocker locker(&m_shared->mutex);
            m_shared->status.rebuildDone = m_shared->status.rebuildTotal = 0;
            m_shared->status.lastError = error.message;
        }
        refreshState();
        Q_EMIT q->rebuildFinished(false, error.message);
    }

    void cancelShadowTables()
    {
        QStringList statements = ReadSchema::dropStatements(QString::fromUtf16(ReadSchema::RebuildSuffix));
        statements.append(u"DELETE FROM checkpoints WHERE projection = 'rebuild'"_s);
        for (const QString &statement : std::as_const(statements))
            std::ignore = m_read->connection().exec(statement);
    }

    Projector *q;
    std::shared_ptr<Projector::Shared> m_shared;
    const ProjectorConfig &m_config;
    std::unique_ptr<WriteStore> m_events;
    std::unique_ptr<ReadStore> m_read;
    std::unique_ptr<ProjectionWriter> m_live;
    std::unique_ptr<Rebuild> m_rebuild;
    std::unique_ptr<EventNotificationListener> m_listener;
    /// The event log's WriteStore::storeId(); empty when it has none yet.
    QString m_storeId;
    QTimer m_workTimer;
    QTimer m_pollTimer;
    QElapsedTimer m_sinceBatch;
    QElapsedTimer m_lastPublished;
    LagHistogram m_commandLag;
    std::deque<std::pair<qint64, qint64>> m_throughput;
    std::map<qint64, int> m_attempts;
    std::optional<Error> m_storageError;
    std::function<bool(qint64)> m_crashHook;
    int m_batchSize;
    int m_delayMs = 0;
    int m_retryDelayMs = 0;
    bool m_paused = false;
    bool m_failedHard = false;
    bool m_deadLettersAdded = false;
};

void ProjectorWorker::retryDeadLetter(qint64 position)
{
    if (!m_read)
        return;
    const Result<EventEnvelopes> events = m_events->readEvents(position - 1, 1);
    if (!events || events->isEmpty() || events->constFirst().position != position)
        return;
    if (auto ok = beginWrite(); !ok)
        return;
    OrderChanges changes;
    const Result<void> applied = m_live->apply(events->constFirst(), changes);
    Result<void> ok = applied;
    if (applied) {
        QSqlQuery query(m_read->connection().database());
        query.prepare(u"DELETE FROM dead_letters WHERE position = ?"_s);
        query.addBindValue(position);
        if (!query.exec())
            ok = sqliteError(query.lastError(), trText("Cannot update the dead letters"));
        // The event lands behind the checkpoint, where the change journal that item models
        // follow does not look: a new generation makes them reload instead.
        if (ok)
            ok = m_read->connection().exec(
                    u"UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"_s);
    }
    if (ok)
        ok = m_read->connection().exec(u"COMMIT"_s);
    if (!ok) {
        rollback();
        if (!applied) {
            if (auto recorded = beginWrite(); recorded) {
                std::ignore = recordDeadLetter(events->constFirst(), applied.error(), 1);
                std::ignore = m_read->connection().exec(u"COMMIT"_s);
            }
        }
        announceDeadLetters();
        return;
    }
    announceDeadLetters();
    Q_EMIT q->readStoreReplaced();
}

Projector::Projector(const ProjectorConfig &config, QObject *parent)
    : QObject(parent), m_shared(std::make_shared<Shared>(config))
{
    m_shared->status.batchSize = config.batchSize;
}

Projector::~Projector()
{
    stop();
}

const ProjectorConfig &Projector::config() const
{
    return m_shared->config;
}

Result<void> Projector::start()
{
    if (m_thread)
        return {};
    m_thread = new QThread(this);
    m_thread->setObjectName(u"OrderDesk projector"_s);
    m_worker = new ProjectorWorker(this, m_shared);
    m_worker->moveToThread(m_thread);
    m_thread->start();
    Result<void> opened;
    QMetaObject::invokeMethod(
            m_worker, [&] { opened = m_worker->open(); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        stop();
        const QMutexLocker locker(&m_shared->mutex);
        m_shared->status.state = ProjectionStatus::State::Failed;
        m_shared->status.lastError = opened.error().message;
    }
    return opened;
}

void Projector::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->close(); },
                              Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    m_worker = nullptr;
    delete m_thread;
    m_thread = nullptr;
    m_shared->failAllWaiters();
}

ProjectionStatus Projector::status() const
{
    const QMutexLocker locker(&m_shared->mutex);
    return m_shared->status;
}

QFuture<bool> Projector::waitForPosition(qint64 position, int timeoutMs)
{
    auto promise = std::make_shared<QPromise<bool>>();
    QFuture<bool> future = promise->future();
    promise->start();
    quint64 id = 0;
    {
        const QMutexLocker locker(&m_shared->mutex);
        if (m_shared->status.checkpoint >= position) {
            promise->addResult(true);
            promise->finish();
            return future;
        }
        if (!m_worker) {
            promise->addResult(false);
            promise->finish();
            return future;
        }
        id = m_shared->nextWaiterId++;
        m_shared->waiters.push_back({id, position, promise});
    }
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id, timeoutMs] { w->addWaiter(id, timeoutMs); });
    return future;
}

void Projector::notifyEventsAppended(qint64 headPosition)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker, headPosition] { w->wake(headPosition); });
}

void Projector::pause()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->pause(); });
}

void Projector::resume()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->resume(); });
}

void Projector::setDelayMs(int delayMs)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker, delayMs] { w->setDelay(delayMs); });
}

void Projector::setBatchSize(int batchSize)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker, batchSize] { w->setBatchSize(batchSize); });
}

void Projector::rebuild()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->startRebuild(); });
}

void Projector::cancelRebuild()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->cancelRebuild(); });
}

void Projector::retryDeadLetter(qint64 position)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker, position] { w->retryDeadLetter(position); });
}

void Projector::setCrashHook(std::function<bool(qint64)> hook)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker, hook] { w->setCrashHook(hook); },
                                  Qt::BlockingQueuedConnection);
}

} // namespace OrderDesk
