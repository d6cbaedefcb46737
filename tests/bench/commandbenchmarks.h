// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QString>

/// The write side through its front door: commands dispatched to a running CommandBus, as the
/// window and orderdeskctl dispatch them, with the application's durability (synchronous=FULL).
namespace OrderDesk::Bench::CommandBenchmarks {

struct Throughput
{
    /// The physical limit, measured in slices between the product's: raw sqlite3 single-row
    /// commits with the same synchronous setting.
    double rawCommitsPerSecond = 0;
    double serialPerSecond = 0;
    double concurrentPerSecond = 0;
    qint64 serialCommands = 0;
    qint64 concurrentCommands = 0;
    double meanBatchSize = 0; ///< commands per commit while 256 were in flight
};

/// CreateOrder, each awaited before the next, and with 256 in flight, `seconds` each in all;
/// taken in `rounds` slices that alternate with raw sqlite3 commits, so that all three see
/// the same disk.
Result<Throughput> measureThroughput(const QString &directory, double seconds, int rounds);

/// For profiling: `count` CreateOrders with 256 in flight on a new store; commands/s.
Result<double> createOrders(const QString &directory, int count);

struct Lag
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double dispatchToVisibleP99Ms = 0;
    /// The projector's own figure (occurred_at → batch commit, its last 4096 commands).
    double projectorP99Ms = 0;
    double achievedPerSecond = 0;
    qint64 commands = 0;
    qint64 rejected = 0;
    qint64 notVisible = 0;
};

/// A steady `rate` commands/s (two creations for each confirmation) for `seconds`, with a
/// projector following as in the application. Per command: from its durable acceptance (the
/// bus resolves its future) to the projector making its position visible (waitForPosition).
Result<Lag> measureLag(const QString &directory, int rate, double seconds);

} // namespace OrderDesk::Bench::CommandBenchmarks
