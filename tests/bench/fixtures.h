// SPDX-License-Identifier: MIT
#pragma once

#include "domain/money.h"
#include "domain/result.h"

#include <QList>
#include <QMap>
#include <QString>

#include <functional>

/// Event logs for the benchmark, made quickly and honestly: the events a real desk would have
/// written (customers and a catalog registered, orders created, confirmed, shipped, delivered,
/// cancelled, lines changed), encoded by the real codec and appended through
/// WriteStore::appendEvent in big transactions, without running each command through the bus.
namespace OrderDesk::Bench::Fixtures {

struct CatalogCustomer
{
    QString id;
    QString name;
    QString email;
};

struct CatalogProduct
{
    QString id;
    QString name;
    Money price;
};

/// Customers and products, the same for the same seed. Names come from pools of first and last
/// names, with non-ASCII ones among them (Müller, Søren, Élodie).
struct Catalog
{
    QList<CatalogCustomer> customers;
    QList<CatalogProduct> products;

    static Catalog make(int customers, int products, quint32 seed);
};

struct LogOptions
{
    /// Stop after exactly this many events (when > 0) ...
    qint64 events = 0;
    /// ... or after this many orders were created (when > 0).
    qint64 orders = 0;
    int customers = 2000;
    int products = 200;
    quint32 seed = 1;
};

struct LogSummary
{
    qint64 events = 0;
    qint64 orders = 0;
    /// Orders by their final status (OrderStatus as int).
    QMap<int, qint64> ordersByStatus;
    double seconds = 0;
};

using Progress = std::function<void(qint64 events)>;

/// Writes a new write store at `path` (replacing one there) holding the log the options ask for:
/// reference data first, then orders whose lifecycles interleave as they would at a real desk.
/// The write side's reference tables (customers, products) are filled too; its current-state
/// order tables are not, since nothing the benchmark measures reads them.
Result<LogSummary> writeEventLog(const QString &path, const LogOptions &options,
                                 const Progress &progress = {});

/// The surname the filter benchmark searches for, and how often the fixture gives it out.
QString searchedSurname();

} // namespace OrderDesk::Bench::Fixtures
