// SPDX-License-Identifier: MIT
#include "backgroundqueries.h"

#include "read/readstore.h"

#include <QtConcurrentRun>

namespace OrderDesk {

namespace {

template<typename T, typename Query>
QFuture<Result<T>> run(const QString &readStorePath, Query query)
{
    return QtConcurrent::run([readStorePath, query]() -> Result<T> {
        ReadStore store(readStorePath);
        if (auto ok = store.openForQueries(); !ok)
            return ok.error();
        OrderQueries queries(store.connection());
        return query(queries);
    });
}

} // namespace

QFuture<Result<std::optional<OrderDetails>>> BackgroundQueries::order(const QString &readStorePath,
                                                                      const QString &orderId)
{
    return run<std::optional<OrderDetails>>(
        readStorePath, [orderId](OrderQueries &queries) { return queries.getOrder(orderId); });
}

QFuture<Result<OrderStats>> BackgroundQueries::stats(const QString &readStorePath, int days)
{
    return run<OrderStats>(readStorePath,
                           [days](OrderQueries &queries) { return queries.stats(days); });
}

QFuture<Result<BackgroundQueries::Catalog>> BackgroundQueries::catalog(const QString &readStorePath)
{
    return run<Catalog>(readStorePath, [](OrderQueries &queries) -> Result<Catalog> {
        Result<QList<CustomerRow>> customers = queries.customers();
        if (!customers)
            return customers.error();
        Result<QList<ProductRow>> products = queries.products();
        if (!products)
            return products.error();
        return Catalog {std::move(*customers), std::move(*products)};
    });
}

QFuture<Result<QList<DeadLetterRow>>> BackgroundQueries::deadLetters(const QString &readStorePath)
{
    return run<QList<DeadLetterRow>>(readStorePath,
                                     [](OrderQueries &queries) { return queries.deadLetters(); });
}

} // namespace OrderDesk
