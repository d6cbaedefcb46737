// SPDX-License-Identifier: MIT
#pragma once

#include "commandmetrics.h"
#include "commandresult.h"
#include "commands.h"
#include "domain/result.h"
#include "write/writestore.h"

#include <QFuture>
#include <QObject>

#include <functional>
#include <memory>

namespace OrderDesk {

/// The next step of the command pipeline, and a middleware wrapped around it. Middleware runs
/// on the writer thread, inside the batch transaction.
using CommandStep = std::function<CommandResult(const Command &)>;
using CommandMiddleware = std::function<CommandResult(const Command &, const CommandStep &next)>;

/// The write side's front door. dispatch() stamps a command (command id, actor, order id) and
/// queues it for the writer thread, which owns the only read-write connection to the write
/// store. The writer takes every queued command into one transaction (group commit), runs each
/// inside its own savepoint through the middleware (validation, idempotency, savepoint) and the
/// handler, commits, and only then resolves the futures: an accepted result is durable.
class CommandBus : public QObject
{
    Q_OBJECT

public:
    /// The most commands one transaction takes; more wait for the next one.
    static constexpr int MaxBatchSize = 512;

    explicit CommandBus(const WriteStoreConfig &config, QObject *parent = nullptr);
    /// Finishes the commands already queued, then stops the writer thread.
    ~CommandBus() override;

    /// Starts the writer thread and opens the store on it; returns once it is open (or failed).
    Result<void> start();
    /// Finishes the queued commands and stops; later dispatches are rejected (ShuttingDown).
    void stop();
    bool isRunning() const;

    /// Queues a command. The future resolves on the writer thread once the result is durable
    /// (or the command was rejected); use QFuture::then(context, …) to get it on another thread.
    QFuture<CommandResult> dispatch(Command command);

    /// The position of the last event this bus committed or saw at start.
    qint64 headPosition() const;
    QString storeDescription() const;
    const WriteStoreConfig &config() const;
    CommandMetrics &metrics();

    /// The actor stamped on commands that carry none: the OS user name.
    static QString defaultActor();

Q_SIGNALS:
    /// Events up to headPosition are committed. A wake-up for readers, not the data.
    void eventsAppended(qint64 headPosition);

private:
    class Writer;
    std::unique_ptr<Writer> d;
};

} // namespace OrderDesk
