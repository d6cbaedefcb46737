// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

namespace OrderDesk {

/// A snapshot of the projector for status bars, the CLI and the HTTP API.
struct ProjectionStatus
{
    enum class State { Starting, Running, Paused, Rebuilding, Failed, Stopped };

    State state = State::Starting;
    qint64 headPosition = 0;
    qint64 checkpoint = 0;
    qint64 lagEvents = 0;
    qint64 lagMs = 0;
    qint64 eventsPerSecond = 0;
    /// Command accepted (its events written) → visible in the read store, over recent commands.
    qint64 commandLagP50Ms = 0;
    qint64 commandLagP95Ms = 0;
    qint64 commandLagP99Ms = 0;
    qint64 deadLetters = 0;
    int batchSize = 0;
    int delayMs = 0;
    /// While rebuilding: events done of total, and the estimated time left.
    qint64 rebuildDone = 0;
    qint64 rebuildTotal = 0;
    qint64 rebuildEtaMs = 0;
    qint64 rebuildEventsPerSecond = 0;
    QString lastError;
    /// A shared (PostgreSQL) write store: whether the projector's wake-up connection is up, and
    /// what to tell people about it ("Connection to … lost; reconnecting in 4 s").
    bool storeConnected = true;
    QString storeMessage;

    bool isCaughtUp() const { return lagEvents == 0; }
    int rebuildPercent() const
    {
        return rebuildTotal > 0 ? int(rebuildDone * 100 / rebuildTotal) : 0;
    }
};

/// The state's name for people ("running").
QString projectionStateText(ProjectionStatus::State state);

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::ProjectionStatus)
