// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QString>

namespace OrderDesk::Bench::RebuildBenchmark {

struct Figures
{
    qint64 events = 0;
    qint64 orders = 0;
    double seconds = 0;
    double eventsPerSecond = 0;
};

/// The product's rebuild, as a user gets it: a Projector started on an event log with no read
/// store beside it rebuilds it (bulk load into shadow tables, aggregates and indexes at the end,
/// swap). Timed from Projector::start() to rebuildFinished(). The log at `eventLogPath` must
/// exist; the read store is made at `readStorePath`.
Result<Figures> rebuild(const QString &eventLogPath, const QString &readStorePath);

} // namespace OrderDesk::Bench::RebuildBenchmark
