// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandresult.h"
#include "commands/commands.h"

#include <QElapsedTimer>
#include <QObject>

namespace OrderDesk {

class CommandBus;
class Projector;

/// Sends the window's commands through the bus and reports what became of them: accepted (at
/// once, when the result is durable) or rejected, in plain words. With read-your-writes on, it
/// then waits until the read model has projected the command's events, so that the UI shows
/// the user's own change when it refreshes; with it off, the change shows up whenever the
/// projection gets there.
class CommandRunner : public QObject
{
    Q_OBJECT

public:
    /// How long read-your-writes waits for the projector before giving up.
    static constexpr int ReadYourWritesTimeoutMs = 5000;

    CommandRunner(CommandBus &bus, Projector &projector, QObject *parent = nullptr);

    bool readYourWrites() const { return m_readYourWrites; }
    void setReadYourWrites(bool on);
    /// True while a command is in flight or, with read-your-writes, being waited for.
    bool isBusy() const { return m_busy > 0; }

    void run(Command command);

    /// The sentence shown for a rejected command.
    static QString rejectionText(const CommandResult &result);

Q_SIGNALS:
    void accepted(const OrderDesk::CommandResult &result);
    void rejected(const OrderDesk::CommandResult &result, const QString &message);
    /// Read-your-writes: the command was accepted and the UI now waits for the read model.
    void waitingForReadModel(const OrderDesk::CommandResult &result);
    /// Read-your-writes: the read model reached the command's events (or did not in time).
    void readModelReached(const OrderDesk::CommandResult &result, bool reached, qint64 waitedMs);
    void busyChanged(bool busy);
    void readYourWritesChanged(bool on);

private:
    void setBusy(bool busy);

    CommandBus &m_bus;
    Projector &m_projector;
    bool m_readYourWrites = true;
    int m_busy = 0;
};

} // namespace OrderDesk
