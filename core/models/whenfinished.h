// SPDX-License-Identifier: MIT
#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace OrderDesk {

/// Calls f(result) on the guard's thread once the future has finished, unless the guard was
/// destroyed first: the result of work on another thread, delivered to a widget that may be
/// gone by then (a closed dialog, a window shut while a query runs).
///
/// Why not QFuture::then(guard, f): with Qt 6.4 a guard destroyed before the future finishes
/// trips an assertion inside the continuation (fixed in later versions). A QFutureWatcher
/// owned by the guard simply stops watching when the guard goes.
template<typename T, typename F> void whenFinished(const QFuture<T> &future, QObject *guard, F &&f)
{
    auto *watcher = new QFutureWatcher<T>(guard);
    QObject::connect(watcher, &QFutureWatcherBase::finished, guard,
                     [watcher, f = std::forward<F>(f)]() mutable {
                         watcher->deleteLater();
                         f(watcher->future().result());
                     });
    watcher->setFuture(future);
}

} // namespace OrderDesk
