// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandbus.h"
#include "projections/projector.h"
#include "storage/datadirectory.h"

#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace OrderDesk {

/// orderdeskctl: every capability of OrderDesk without a window, for scripts, IT and tests.
/// Errors print one line on stderr and give a non-zero exit status (2 for usage errors).
class Ctl
{
public:
    Ctl();
    int run(const QStringList &arguments);

private:
    enum Exit { Ok = 0, Failed = 1, Usage = 2 };

    int usage(const QString &message);
    int fail(const Error &error);
    int printHelp();

    Result<void> openBus();
    Result<void> openProjector();
    /// Waits until the read store shows every event the bus wrote, with progress for long waits.
    Result<void> waitForProjection(qint64 position);
    WriteStoreConfig readOnlyStoreConfig() const;

    int init();
    int seed(const QStringList &arguments);
    int command(const QStringList &arguments);
    int events(const QStringList &arguments);
    int stats();
    int status();
    int rebuild();
    int verify();
    int list(const QStringList &arguments);
    int show(const QStringList &arguments);
    int load(const QStringList &arguments);
    int audit(const QStringList &arguments);
    int serve(const QStringList &arguments);

    void printJson(const QJsonObject &object);
    static QJsonObject resultToJson(const CommandResult &result);

    QTextStream m_out;
    QTextStream m_err;
    bool m_json = false;
    DataDirectory m_dataDirectory;
    WriteStoreConfig m_storeConfig;
    std::unique_ptr<CommandBus> m_bus;
    std::unique_ptr<Projector> m_projector;
};

} // namespace OrderDesk
