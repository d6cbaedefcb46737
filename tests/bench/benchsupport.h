// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QString>

#include <functional>
#include <vector>

/// Small helpers every part of the benchmark uses: progress on stderr, the process's memory,
/// waiting for a condition with the event loop running, and order statistics.
namespace OrderDesk::Bench {

/// Writes one progress line to stderr, stamped with the seconds since the benchmark started.
void progress(const QString &message);
/// Starts the clock progress() stamps its lines with.
void startProgressClock();

/// The process's resident memory (VmRSS) and its peak (VmHWM) in MiB; 0 where /proc is absent.
double residentMegabytes();
double peakResidentMegabytes();

/// Runs the event loop until `done` is true or `timeoutMs` passed; returns `done()`.
/// `done` is checked whenever an event was handled, and at least every millisecond.
bool waitUntil(const std::function<bool()> &done, int timeoutMs);

/// The median of the values (0 for none).
double median(std::vector<double> values);
/// The p-th percentile by nearest rank, as the projector's lag histogram computes it.
double percentile(std::vector<double> values, double p);

/// Milliseconds since the timer started, with sub-millisecond precision.
inline double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

/// The one-, five- and fifteen-minute load averages of the machine, "6.25 7.75 7.22".
QString loadAverages();

} // namespace OrderDesk::Bench
