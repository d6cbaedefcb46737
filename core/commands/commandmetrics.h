// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>

namespace OrderDesk {

/// Figures for one command type: how many ran, how many were accepted, and how long they took
/// from dispatch to a durable result (microseconds, over a rolling window of recent commands).
struct CommandTypeMetrics
{
    QString commandType;
    qint64 accepted = 0;
    qint64 rejected = 0;
    qint64 meanMicros = 0;
    qint64 p50Micros = 0;
    qint64 p99Micros = 0;
    /// Every command's time added up since the start (or reset), not only the window's: with
    /// count() the two totals a Prometheus summary carries.
    qint64 totalMicros = 0;

    qint64 count() const { return accepted + rejected; }
};

/// Thread-safe timing per command type, written by the command bus, read by anyone (UI, CLI,
/// HTTP metrics).
class CommandMetrics
{
public:
    /// How many recent samples per type the percentiles are computed over.
    static constexpr int WindowSize = 4096;

    void record(const QString &commandType, qint64 micros, bool accepted);
    /// One entry per command type seen, sorted by type name.
    QList<CommandTypeMetrics> snapshot() const;
    void reset();

private:
    struct Series
    {
        qint64 accepted = 0;
        qint64 rejected = 0;
        qint64 totalMicros = 0;
        QList<qint64> window;
        int next = 0;
    };

    mutable QMutex m_mutex;
    QMap<QString, Series> m_series;
};

} // namespace OrderDesk
