// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"
#include "read/orderqueries.h"

#include <QFuture>

namespace OrderDesk {

/// The read-store queries widgets need, each run on the thread pool with a connection opened
/// inside the job (a connection belongs to its thread), so that no query, however slow the disk,
/// runs on the GUI thread. Take the results back with whenFinished(future, guard, …).
class BackgroundQueries
{
public:
    /// Customers and products for choosers and completers.
    struct Catalog
    {
        QList<CustomerRow> customers;
        QList<ProductRow> products;
    };

    static QFuture<Result<std::optional<OrderDetails>>> order(const QString &readStorePath,
                                                              const QString &orderId);
    static QFuture<Result<OrderStats>> stats(const QString &readStorePath, int days);
    static QFuture<Result<Catalog>> catalog(const QString &readStorePath);
    static QFuture<Result<QList<DeadLetterRow>>> deadLetters(const QString &readStorePath);
};

} // namespace OrderDesk
