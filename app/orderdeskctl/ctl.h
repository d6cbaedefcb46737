// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandbus.h"
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

    int init();
    int seed(const QStringList &arguments);
    int command(const QStringList &arguments);
    int events(const QStringList &arguments);
    int stats();

    void printJson(const QJsonObject &object);
    static QJsonObject resultToJson(const CommandResult &result);

    QTextStream m_out;
    QTextStream m_err;
    bool m_json = false;
    DataDirectory m_dataDirectory;
    WriteStoreConfig m_storeConfig;
    std::unique_ptr<CommandBus> m_bus;
};

} // namespace OrderDesk
