// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QtGlobal>

#include <atomic>
#include <functional>

namespace OrderDesk {

class CommandBus;

/// How much demo data to create. The same seed gives the same customers, catalog, order lines
/// and statuses every time.
struct SeedOptions
{
    int customers = 200;
    int products = 60;
    qint64 orders = 1000;
    quint32 seed = 1;
};

struct SeedSummary
{
    qint64 customersRegistered = 0;
    qint64 productsAdded = 0;
    qint64 ordersCreated = 0;
    qint64 commandsAccepted = 0;
    qint64 commandsRejected = 0;
};

/// Creates realistic demo data (names, e-mails, a product catalog, orders in every status)
/// through the command bus, like any other client: no back door into the store. Keeps many
/// commands in flight so that the bus can commit them in groups.
class DemoSeeder
{
public:
    /// Called now and then with the commands done and the commands planned.
    using Progress = std::function<void(qint64 done, qint64 total)>;

    explicit DemoSeeder(CommandBus &bus) : m_bus(bus) { }

    /// Blocks until every command is answered. Customers and products that exist already are
    /// reused, so seeding a store twice adds orders only. Stops early (Cancelled) when
    /// `cancel` becomes true.
    Result<SeedSummary> run(const SeedOptions &options, const Progress &progress = {},
                            const std::atomic<bool> *cancel = nullptr);

private:
    CommandBus &m_bus;
};

} // namespace OrderDesk
