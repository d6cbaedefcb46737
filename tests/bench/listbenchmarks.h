// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// The list a user looks at, measured in a process of its own so that each memory figure is
/// the process's own: OrderListModel (windowed, fetched off the GUI thread) and, for
/// comparison, what a Qt developer would write instead (a plain QSqlQueryModel).
///
/// Each function is the body of a child process: it prints one JSON object on stdout and
/// returns the process's exit code.
namespace OrderDesk::Bench::ListBenchmarks {

struct ListOptions
{
    QString readStorePath;
    /// Models constructed one after another; each is timed to its first rows.
    int repeats = 5;
    /// Whether to time the status + text filter too.
    bool filter = false;
    /// Evenly spaced screens visited from the top to the bottom (0: no scrolling).
    int scrollSteps = 0;
};

int runOrderListModel(const ListOptions &options);
int runQSqlQueryModel(const QString &readStorePath);

/// The rows of the list a view shows at once.
inline constexpr int ScreenRows = 40;

} // namespace OrderDesk::Bench::ListBenchmarks
