// SPDX-License-Identifier: MIT
#include "readstorecomparison.h"

#include "storage/sqliteconnection.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

constexpr int ShownPerTable = 5;

struct Table
{
    const char16_t *name;
    const char16_t *columns;
};

constexpr Table tables[] = {
        {u"order_view",
         u"id, customer_id, customer_name, customer_email, currency, line_count, item_count, "
         u"total_cents, status, cancel_reason, created_at, updated_at, version"},
        {u"order_line_view",
         u"order_id, line_no, product_id, product_name, quantity, unit_price_cents, subtotal_cents"},
        {u"order_history",
         u"order_id, position, stream_version, type, occurred_at, actor, command_id, detail"},
        {u"customer_view", u"id, name, email, registered_at"},
        {u"product_view", u"id, name, unit_price_cents, version, updated_at"},
        {u"status_summary", u"status, order_count, revenue_cents"},
        {u"daily_orders", u"day, order_count, revenue_cents"},
        {u"dead_letters", u"position, stream_id, type"},
};

QString describeRow(const QSqlQuery &query)
{
    QStringList values;
    const QSqlRecord record = query.record();
    for (int i = 0; i < record.count(); ++i)
        values.append(query.value(i).isNull() ? u"NULL"_s : query.value(i).toString());
    return values.join(u", "_s);
}

} // namespace

Result<ReadStoreComparison> compareReadStores(const QString &livePath, const QString &referencePath)
{
    const QString context = QCoreApplication::translate("ReadStoreComparison",
                                                        "Cannot compare the read stores");
    SqliteConnection connection(u"compare"_s);
    SqliteConnection::Options options;
    options.path = referencePath;
    options.what = QCoreApplication::translate("ReadStoreComparison", "reference read store");
    if (auto ok = connection.open(options); !ok)
        return ok.error();
    if (auto ok = checkSqliteFile(livePath, u"read store"_s); !ok)
        return ok.error();
    QSqlQuery attach(connection.database());
    attach.prepare(u"ATTACH DATABASE ? AS live"_s);
    attach.addBindValue(livePath);
    if (!attach.exec())
        return sqliteError(attach.lastError(), context);

    // One read transaction: the live store may be projecting meanwhile.
    if (auto ok = connection.exec(u"BEGIN"_s); !ok)
        return ok.error();
    ReadStoreComparison result;
    const auto checkpointOf = [&](const QString &schema) -> Result<qint64> {
        const Result<QVariant> value = connection.scalar(
                u"SELECT position FROM %1.checkpoints WHERE projection = 'orders'"_s.arg(schema));
        if (!value)
            return value.error();
        return value->toLongLong();
    };
    const Result<qint64> live = checkpointOf(u"live"_s);
    const Result<qint64> reference = checkpointOf(u"main"_s);
    if (!live || !reference) {
        std::ignore = connection.exec(u"ROLLBACK"_s);
        return live ? reference.error() : live.error();
    }
    result.liveCheckpoint = *live;
    result.referenceCheckpoint = *reference;

    for (const Table &table : tables) {
        const QString name = QString::fromUtf16(table.name);
        const QString columns = QString::fromUtf16(table.columns);
        const Result<QVariant> count =
                connection.scalar(u"SELECT count(*) FROM live.%1"_s.arg(name));
        if (!count) {
            std::ignore = connection.exec(u"ROLLBACK"_s);
            return count.error();
        }
        result.rowsCompared += count->toLongLong();
        const struct
        {
            QString from;
            QString except;
            QString label;
        } directions[] = {
                {u"live"_s, u"main"_s, u"only in the live store"_s},
                {u"main"_s, u"live"_s, u"missing from the live store"_s},
        };
        for (const auto &direction : directions) {
            QSqlQuery query(connection.database());
            query.setForwardOnly(true);
            const QString sql = u"SELECT %1 FROM %2.%3 EXCEPT SELECT %1 FROM %4.%3"_s.arg(
                    columns, direction.from, name, direction.except);
            if (!query.exec(sql)) {
                const Error error = sqliteError(query.lastError(), context);
                query.finish();
                std::ignore = connection.exec(u"ROLLBACK"_s);
                return error;
            }
            qint64 shown = 0;
            while (query.next()) {
                ++result.differenceCount;
                if (shown++ < ShownPerTable)
                    result.differences.append(u"%1: %2: %3"_s.arg(name, direction.label,
                                                                  describeRow(query)));
            }
        }
    }
    std::ignore = connection.exec(u"ROLLBACK"_s);
    return result;
}

} // namespace OrderDesk
