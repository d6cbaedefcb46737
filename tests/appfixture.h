// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandbus.h"
#include "demo/demoseeder.h"
#include "projections/projector.h"
#include "read/orderqueries.h"
#include "read/readstore.h"
#include "storage/datadirectory.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>

#include <memory>

/// What the UI tests share: a temporary data directory with a running command bus and
/// projector, wired the way app/orderdesk wires them. Header-only, like testsupport.h.
namespace OrderDesk::TestSupport {

class AppFixture
{
    // Declared first so that they outlive the bus and the projector, which use the files.
    QTemporaryDir m_temporary;
    DataDirectory m_directory;

public:
    AppFixture()
        : m_directory(m_temporary.path())
    {
        // Settings go to the temporary directory, never to the developer's own.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           m_temporary.filePath(QStringLiteral("settings")));
    }

    /// Starts the bus and the projector. rebuildChunkSize makes rebuilds take many steps.
    bool start(int rebuildChunkSize = 20000)
    {
        WriteStoreConfig config;
        config.path = m_directory.writeStorePath();
        config.durability = WriteStoreConfig::Durability::Normal;
        bus = std::make_unique<CommandBus>(config);
        if (!bus->start())
            return false;
        ProjectorConfig projectorConfig;
        projectorConfig.eventLog = config;
        projectorConfig.readStorePath = m_directory.readStorePath();
        projectorConfig.rebuildChunkSize = rebuildChunkSize;
        projector = std::make_unique<Projector>(projectorConfig);
        QObject::connect(bus.get(), &CommandBus::eventsAppended, projector.get(),
                         &Projector::notifyEventsAppended);
        return projector->start().hasValue();
    }

    bool seed(qint64 orders, int customers = 12, int products = 10, quint32 seed = 3)
    {
        SeedOptions options;
        options.orders = orders;
        options.customers = customers;
        options.products = products;
        options.seed = seed;
        return DemoSeeder(*bus).run(options).hasValue() && caughtUp();
    }

    bool caughtUp(int timeoutMs = 30000)
    {
        return projector->waitForPosition(bus->headPosition(), timeoutMs).result();
    }

    /// Runs a query on a connection of the test's own thread.
    template<typename F> auto query(F f)
    {
        ReadStore store(m_directory.readStorePath());
        const Result<void> opened = store.openForQueries();
        Q_ASSERT(opened.hasValue());
        OrderQueries queries(store.connection());
        return f(queries);
    }

    /// The first order in the read store with this status, if any.
    std::optional<OrderRow> anyOrder(OrderStatus status)
    {
        return query([status](OrderQueries &queries) -> std::optional<OrderRow> {
            OrderFilter filter;
            filter.statuses = {status};
            const Result<QList<OrderRow>> rows = queries.listOrders(filter, {}, 0, 1);
            if (!rows || rows->isEmpty())
                return std::nullopt;
            return rows->constFirst();
        });
    }

    const DataDirectory &directory() const { return m_directory; }

    std::unique_ptr<CommandBus> bus;
    /// Declared after the bus: it stops first.
    std::unique_ptr<Projector> projector;
};

} // namespace OrderDesk::TestSupport
