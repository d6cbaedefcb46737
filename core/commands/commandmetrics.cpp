// SPDX-License-Identifier: MIT
#include "commandmetrics.h"

#include <algorithm>
#include <numeric>

namespace OrderDesk {

void CommandMetrics::record(const QString &commandType, qint64 micros, bool accepted)
{
    const QMutexLocker locker(&m_mutex);
    Series &series = m_series[commandType];
    ++(accepted ? series.accepted : series.rejected);
    series.totalMicros += micros;
    if (series.window.size() < WindowSize) {
        series.window.append(micros);
    } else {
        series.window[series.next] = micros;
        series.next = (series.next + 1) % WindowSize;
    }
}

QList<CommandTypeMetrics> CommandMetrics::snapshot() const
{
    const QMutexLocker locker(&m_mutex);
    QList<CommandTypeMetrics> result;
    for (auto it = m_series.cbegin(); it != m_series.cend(); ++it) {
        CommandTypeMetrics metrics;
        metrics.commandType = it.key();
        metrics.accepted = it->accepted;
        metrics.rejected = it->rejected;
        metrics.totalMicros = it->totalMicros;
        QList<qint64> sorted = it->window;
        std::sort(sorted.begin(), sorted.end());
        if (!sorted.isEmpty()) {
            metrics.meanMicros = std::accumulate(sorted.cbegin(), sorted.cend(), qint64(0))
                    / sorted.size();
            const auto at = [&](int percent) {
                return sorted[std::min<qsizetype>(sorted.size() - 1, sorted.size() * percent / 100)];
            };
            metrics.p50Micros = at(50);
            metrics.p99Micros = at(99);
        }
        result.append(metrics);
    }
    return result;
}

void CommandMetrics::reset()
{
    const QMutexLocker locker(&m_mutex);
    m_series.clear();
}

} // namespace OrderDesk
