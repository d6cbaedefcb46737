// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandmetrics.h"
#include "projections/projectionstatus.h"

#include <QByteArray>
#include <QList>
#include <QMap>

namespace OrderDesk {

/// What /metrics reports, gathered at one moment.
struct MetricsSnapshot
{
    QList<CommandTypeMetrics> commands;
    ProjectionStatus projection;
    /// HTTP answers sent so far, by status code.
    QMap<int, qint64> responses;
    /// Requests taken and not yet answered, the one asking for the metrics included.
    int requestsInFlight = 0;
};

/// Renders a MetricsSnapshot in the Prometheus text exposition format (version 0.0.4): commands
/// by type and result, command duration, the projection's position, lag (events and seconds),
/// events per second and accepted→visible time, and the API's responses by status.
class PrometheusMetrics
{
public:
    static QByteArray contentType() { return "text/plain; version=0.0.4; charset=utf-8"; }
    static QByteArray render(const MetricsSnapshot &snapshot);
};

} // namespace OrderDesk
