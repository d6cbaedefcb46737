// SPDX-License-Identifier: MIT
#pragma once

#include "changeset.h"
#include "domain/result.h"
#include "projectionstatus.h"
#include "write/writestore.h"

#include <QFuture>
#include <QObject>

#include <functional>
#include <memory>

class QThread;

namespace OrderDesk {

class ProjectorWorker;

struct ProjectorConfig
{
    /// The write store whose event log is projected (opened read-only).
    WriteStoreConfig eventLog;
    /// The read store file.
    QString readStorePath;
    int batchSize = 500;
    /// How often the projector looks for events written by other processes and measures lag.
    int pollIntervalMs = 200;
    /// Events per transaction while rebuilding.
    int rebuildChunkSize = 20000;
    /// An event whose handler fails this many times goes to the dead letters and is skipped.
    int maxAttempts = 3;
    /// When the read store is empty and the log is not, project it with a rebuild (bulk load,
    /// indexes built once at the end) rather than event by event.
    bool rebuildWhenEmpty = true;
};

/// Keeps the read store up to date with the event log, on a thread of its own with its own
/// connections to both stores (read-only on the event log).
///
/// It wakes when the command bus says events were appended (connect eventsAppended to
/// notifyEventsAppended), on a short timer that notices writes from other processes, and on
/// start. It reads events after its checkpoint in batches, applies each through the projection
/// handlers and commits the rows with the new checkpoint in one read-store transaction, then
/// emits projected(). An event whose handler keeps failing is recorded as a dead letter and
/// skipped, so the projector never stalls on it. A rebuild fills a fresh set of tables from
/// position 0 while the live ones keep serving, then swaps them in atomically.
class Projector : public QObject
{
    Q_OBJECT

public:
    explicit Projector(const ProjectorConfig &config, QObject *parent = nullptr);
    ~Projector() override;

    /// Opens both stores on the projector thread and starts projecting. A missing, damaged or
    /// outdated read store is replaced and rebuilt (status shows the progress).
    Result<void> start();
    void stop();

    /// A consistent snapshot; safe from any thread.
    ProjectionStatus status() const;
    const ProjectorConfig &config() const;

    /// Resolves with true once the read store has projected `position`, or false after
    /// `timeoutMs`. For read-your-writes: wait for your own command's position.
    QFuture<bool> waitForPosition(qint64 position, int timeoutMs);

    /// Demonstrator controls.
    void pause();
    void resume();
    void setDelayMs(int delayMs);     ///< artificial delay after each batch, 0..5000 ms
    void setBatchSize(int batchSize); ///< events per batch, 1..10000

    /// Rebuilds the read store from position 0 next to the live tables, then swaps.
    void rebuild();
    void cancelRebuild();
    /// Tries a dead-lettered event again (after a fix); it leaves the dead letters on success,
    /// and since it changed rows behind the checkpoint, readStoreReplaced() tells models to
    /// reload.
    void retryDeadLetter(qint64 position);

    /// Test hook: called before each event is applied; returning true abandons the batch
    /// uncommitted and stops the projector, as a crash at that point would.
    void setCrashHook(std::function<bool(qint64 position)> hook);

public Q_SLOTS:
    void notifyEventsAppended(qint64 headPosition);

Q_SIGNALS:
    /// A batch was committed to the read store.
    void projected(const OrderDesk::ChangeSet &changes);
    void statusChanged(const OrderDesk::ProjectionStatus &status);
    /// Rows changed in a way the change journal does not describe (a rebuild swapped the
    /// tables in, a dead letter was applied late); models reload.
    void readStoreReplaced();
    void rebuildFinished(bool completed, const QString &message);
    void deadLettersChanged(qint64 count);

private:
    friend class ProjectorWorker;
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread = nullptr;
    ProjectorWorker *m_worker = nullptr;
};

} // namespace OrderDesk
