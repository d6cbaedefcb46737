// SPDX-License-Identifier: MIT
#include "commandrunner.h"

#include "models/whenfinished.h"

#include "commands/commandbus.h"
#include "projections/projector.h"

#include <QLoggingCategory>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcCommands, "orderdesk.ui.commands")

CommandRunner::CommandRunner(CommandBus &bus, Projector &projector, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_projector(projector)
{
}

void CommandRunner::setReadYourWrites(bool on)
{
    if (on == m_readYourWrites)
        return;
    m_readYourWrites = on;
    Q_EMIT readYourWritesChanged(on);
}

QString CommandRunner::rejectionText(const CommandResult &result)
{
    if (result.error == ErrorCode::ConcurrentModification)
        return tr("This order was changed by someone else \u2014 reload and try again.");
    if (!result.message.isEmpty())
        return result.message;
    return tr("The command was refused (%1).").arg(errorCodeName(result.error));
}

void CommandRunner::run(Command command)
{
    setBusy(true);
    const bool waitForReadModel = m_readYourWrites;
    whenFinished(m_bus.dispatch(std::move(command)), this,
                 [this, waitForReadModel](const CommandResult &result) {
                     if (!result.isAccepted()) {
                         qCInfo(lcCommands, "%s rejected: %s", qPrintable(result.commandType),
                                qPrintable(result.message));
                         Q_EMIT rejected(result, rejectionText(result));
                         setBusy(false);
                         return;
                     }
                     Q_EMIT accepted(result);
                     if (!waitForReadModel) {
                         setBusy(false);
                         return;
                     }
                     Q_EMIT waitingForReadModel(result);
                     QElapsedTimer waited;
                     waited.start();
                     whenFinished(
                         m_projector.waitForPosition(result.position, ReadYourWritesTimeoutMs),
                         this, [this, result, waited](bool reached) {
                             Q_EMIT readModelReached(result, reached, waited.elapsed());
                             setBusy(false);
                         });
                 });
}

void CommandRunner::setBusy(bool busy)
{
    const bool wasBusy = isBusy();
    m_busy += busy ? 1 : -1;
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}

} // namespace OrderDesk
