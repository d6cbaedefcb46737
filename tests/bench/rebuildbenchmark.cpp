// SPDX-License-Identifier: MIT
#include "rebuildbenchmark.h"

#include "benchsupport.h"

#include "projections/projector.h"
#include "read/readstore.h"

#include <QElapsedTimer>
#include <QSqlQuery>

#include <atomic>

namespace OrderDesk::Bench::RebuildBenchmark {

using namespace Qt::StringLiterals;

Result<Figures> rebuild(const QString &eventLogPath, const QString &readStorePath)
{
    ReadStore::removeFiles(readStorePath);
    ProjectorConfig config;
    config.eventLog.path = eventLogPath;
    config.readStorePath = readStorePath;
    Projector projector(config);
    std::atomic<bool> finished {false};
    std::atomic<bool> completed {false};
    std::atomic<qint64> finishedNs {0};
    QString message;
    QElapsedTimer timer;
    QObject::connect(
        &projector, &Projector::rebuildFinished, &projector,
        [&](bool ok, const QString &text) {
            finishedNs = timer.nsecsElapsed();
            message = text;
            completed = ok;
            finished = true;
        },
        Qt::DirectConnection);
    timer.start();
    if (auto ok = projector.start(); !ok)
        return ok.error();
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    while (!waitUntil([&] { return finished.load(); }, 2000)) {
        const ProjectionStatus status = projector.status();
        progress(
            u"  rebuilding: %1 / %2 events"_s.arg(status.rebuildDone).arg(status.rebuildTotal));
        if (timer.elapsed() > 600'000)
            return Error {ErrorCode::StorageError, u"The rebuild took more than 10 minutes."_s};
    }
    if (!completed)
        return Error {ErrorCode::StorageError, u"The rebuild failed: "_s + message};
    Figures figures;
    figures.seconds = double(finishedNs.load()) / 1e9;
    const ProjectionStatus status = projector.status();
    figures.events = status.checkpoint;
    projector.stop();

    ReadStore store(readStorePath);
    if (auto ok = store.openForQueries(); !ok)
        return ok.error();
    QSqlQuery count(store.connection().database());
    if (count.exec(u"SELECT count(*) FROM order_view"_s) && count.next())
        figures.orders = count.value(0).toLongLong();
    count.finish();
    if (const Result<qint64> dead = store.deadLetterCount(); !dead || *dead != 0)
        return Error {ErrorCode::StorageError, u"The rebuild left dead letters."_s};
    figures.eventsPerSecond = double(figures.events) / figures.seconds;
    return figures;
}

} // namespace OrderDesk::Bench::RebuildBenchmark
