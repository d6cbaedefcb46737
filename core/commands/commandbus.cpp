// SPDX-License-Identifier: MIT
#include "commandbus.h"

#include "commandhandlers.h"
#include "commandvalidation.h"
#include "domain/orderid.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QPromise>
#include <QThread>
#include <QWaitCondition>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

#include <atomic>
#include <deque>
#include <future>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcBus, "orderdesk.bus")

using namespace Qt::StringLiterals;

namespace {

qint64 nowMillis()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// Rejects a command that fails the checks needing no stored data, before it touches anything.
CommandMiddleware validation()
{
    return [](const Command &command, const CommandStep &next) {
        if (auto ok = validateCommand(command); !ok)
            return CommandResult::rejected(metaOf(command).commandId, commandTypeName(command),
                                           ok.error());
        return next(command);
    };
}

/// Answers a command id seen before with the stored first result instead of running it again.
CommandMiddleware idempotency(WriteStore &store)
{
    return [&store](const Command &command, const CommandStep &next) {
        const Result<std::optional<CommandResult>> seen =
                store.processedCommand(metaOf(command).commandId);
        if (!seen)
            return CommandResult::rejected(metaOf(command).commandId, commandTypeName(command),
                                           seen.error());
        if (seen->has_value())
            return **seen;
        return next(command);
    };
}

/// Runs the rest inside a savepoint and rolls it back when the command is rejected, so a
/// rejected command leaves nothing behind while the others in its batch commit.
CommandMiddleware savepoint(WriteStore &store)
{
    return [&store](const Command &command, const CommandStep &next) {
        const auto reject = [&](const Error &error) {
            return CommandResult::rejected(metaOf(command).commandId, commandTypeName(command),
                                           error);
        };
        if (auto ok = store.beginCommand(); !ok)
            return reject(ok.error());
        CommandResult result = next(command);
        if (auto ok = store.endCommand(result.isAccepted()); !ok)
            return reject(ok.error());
        return result;
    };
}

} // namespace

class CommandBus::Writer : public QThread
{
public:
    struct Pending
    {
        Command command;
        QPromise<CommandResult> promise;
        QElapsedTimer sinceDispatch;
    };

    Writer(CommandBus *bus, const WriteStoreConfig &config) : q(bus), m_config(config) { }

    Result<void> startAndOpen()
    {
        m_opened = std::promise<Result<void>>();
        std::future<Result<void>> opened = m_opened.get_future();
        m_stopping = false;
        start();
        Result<void> result = opened.get();
        if (!result)
            wait();
        return result;
    }

    QFuture<CommandResult> enqueue(Command command)
    {
        Pending pending{std::move(command), QPromise<CommandResult>(), QElapsedTimer()};
        pending.sinceDispatch.start();
        QFuture<CommandResult> future = pending.promise.future();
        pending.promise.start();
        const QMutexLocker locker(&m_mutex);
        if (m_stopping || !isRunning()) {
            const CommandMeta &meta = metaOf(pending.command);
            pending.promise.addResult(CommandResult::rejected(
                    meta.commandId, commandTypeName(pending.command),
                    {ErrorCode::ShuttingDown,
                     QCoreApplication::translate("CommandBus", "OrderDesk is shutting down; the "
                                                               "command was not run.")}));
            pending.promise.finish();
            return future;
        }
        m_queue.push_back(std::move(pending));
        m_wake.wakeOne();
        return future;
    }

    void requestStop()
    {
        const QMutexLocker locker(&m_mutex);
        m_stopping = true;
        m_wake.wakeOne();
    }

    CommandBus *q;
    WriteStoreConfig m_config;
    CommandMetrics m_metrics;
    std::atomic<qint64> m_head{0};
    QString m_description;

protected:
    void run() override
    {
        std::unique_ptr<WriteStore> store = createWriteStore(m_config);
        Result<void> opened = store->open();
        Result<qint64> head = opened ? store->headPosition() : Result<qint64>(opened.error());
        if (!head) {
            m_opened.set_value(head.error());
            return;
        }
        m_head = *head;
        m_description = store->description();
        m_opened.set_value({});

        const QList<CommandMiddleware> middleware = {validation(), idempotency(*store),
                                                     savepoint(*store)};
        const CommandStep handler = [&store](const Command &command) {
            return executeCommand(command, *store, nowMillis());
        };
        const CommandStep pipeline = compose(middleware, handler);

        for (;;) {
            std::deque<Pending> batch;
            {
                QMutexLocker locker(&m_mutex);
                while (m_queue.empty() && !m_stopping)
                    m_wake.wait(&m_mutex);
                if (m_queue.empty())
                    break;
                while (!m_queue.empty() && batch.size() < size_t(MaxBatchSize)) {
                    batch.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
            runBatch(*store, pipeline, batch);
        }
        store->close();
    }

private:
    static CommandStep compose(const QList<CommandMiddleware> &middleware, CommandStep step)
    {
        for (auto it = middleware.crbegin(); it != middleware.crend(); ++it) {
            step = [outer = *it, inner = std::move(step)](const Command &command) {
                return outer(command, inner);
            };
        }
        return step;
    }

    void runBatch(WriteStore &store, const CommandStep &pipeline, std::deque<Pending> &batch)
    {
        std::vector<CommandResult> results;
        results.reserve(batch.size());
        const auto rejectAll = [&](const Error &error) {
            for (size_t i = 0; i < batch.size(); ++i) {
                if (i >= results.size())
                    results.push_back({});
                // A replay of a command earlier in this same batch is lost with the batch too.
                const bool committedBefore = results[i].replayed && results[i].position <= m_head;
                if (!committedBefore)
                    results[i] = CommandResult::rejected(metaOf(batch[i].command).commandId,
                                                         commandTypeName(batch[i].command), error);
            }
        };

        if (auto begun = store.beginBatch(); !begun) {
            rejectAll(begun.error());
        } else {
            for (Pending &pending : batch)
                results.push_back(pipeline(pending.command));
            if (auto committed = store.commitBatch(); !committed) {
                qCWarning(lcBus, "Commit of %zu commands failed: %s", batch.size(),
                          qPrintable(committed.error().message));
                store.rollbackBatch();
                rejectAll(committed.error());
            }
        }

        qint64 head = m_head;
        for (size_t i = 0; i < batch.size(); ++i) {
            CommandResult &result = results[i];
            if (result.isAccepted() && !result.replayed)
                head = std::max(head, result.position);
            m_metrics.record(result.commandType, batch[i].sinceDispatch.nsecsElapsed() / 1000,
                             result.isAccepted());
        }
        const bool appended = head != m_head;
        m_head = head;
        // Readers learn of the new events before the callers do, so a caller that waits for
        // its own position never waits for a wake-up that was sent before it started waiting.
        if (appended)
            Q_EMIT q->eventsAppended(head);
        for (size_t i = 0; i < batch.size(); ++i) {
            batch[i].promise.addResult(results[i]);
            batch[i].promise.finish();
        }
    }

    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Pending> m_queue;
    bool m_stopping = false;
    std::promise<Result<void>> m_opened;
};

CommandBus::CommandBus(const WriteStoreConfig &config, QObject *parent)
    : QObject(parent), d(std::make_unique<Writer>(this, config))
{
    d->setObjectName(u"OrderDesk writer"_s);
}

CommandBus::~CommandBus()
{
    stop();
}

Result<void> CommandBus::start()
{
    if (d->isRunning())
        return {};
    return d->startAndOpen();
}

void CommandBus::stop()
{
    d->requestStop();
    d->wait();
}

bool CommandBus::isRunning() const
{
    return d->isRunning();
}

QFuture<CommandResult> CommandBus::dispatch(Command command)
{
    CommandMeta &meta = metaOf(command);
    if (meta.commandId.isEmpty())
        meta.commandId = newCommandId();
    if (meta.actor.isEmpty())
        meta.actor = defaultActor();
    if (auto *create = std::get_if<CreateOrder>(&command); create && create->orderId.isEmpty())
        create->orderId = newOrderId();
    return d->enqueue(std::move(command));
}

qint64 CommandBus::headPosition() const
{
    return d->m_head;
}

QString CommandBus::storeDescription() const
{
    return d->m_description;
}

const WriteStoreConfig &CommandBus::config() const
{
    return d->m_config;
}

CommandMetrics &CommandBus::metrics()
{
    return d->m_metrics;
}

QString CommandBus::defaultActor()
{
    static const QString actor = [] {
        QString name = qEnvironmentVariable("USER");
        if (name.isEmpty())
            name = qEnvironmentVariable("USERNAME");
#ifdef Q_OS_UNIX
        if (name.isEmpty()) {
            if (const passwd *entry = getpwuid(getuid()))
                name = QString::fromLocal8Bit(entry->pw_name);
        }
#endif
        return name.isEmpty() ? u"unknown"_s : name;
    }();
    return actor;
}

} // namespace OrderDesk
