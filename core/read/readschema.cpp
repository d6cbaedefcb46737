// SPDX-License-Identifier: MIT
#include "readschema.h"

namespace OrderDesk::ReadSchema {

using namespace Qt::StringLiterals;

QStringList projectedTables()
{
    return {u"order_view"_s,    u"order_line_view"_s, u"order_history"_s,
            u"customer_view"_s, u"product_view"_s,    u"status_summary"_s,
            u"daily_orders"_s,  u"order_id_search"_s, u"order_term"_s,
            u"order_term_search"_s};
}

QStringList bookkeepingStatements()
{
    return {
            u"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            " WITHOUT ROWID"_s,
            u"CREATE TABLE IF NOT EXISTS checkpoints ("
            " projection TEXT PRIMARY KEY,"
            " position INTEGER NOT NULL,"
            " updated_at INTEGER NOT NULL) WITHOUT ROWID"_s,
            u"CREATE TABLE IF NOT EXISTS dead_letters ("
            " position INTEGER PRIMARY KEY,"
            " stream_id TEXT NOT NULL,"
            " type TEXT NOT NULL,"
            " schema_version INTEGER NOT NULL,"
            " error TEXT NOT NULL,"
            " attempts INTEGER NOT NULL,"
            " recorded_at INTEGER NOT NULL)"_s,
            // One row per order a projection batch changed, with the values that decide where
            // the order sorts and which filters it matches as they were before the batch. Item
            // models read it to update themselves incrementally from one consistent snapshot.
            u"CREATE TABLE IF NOT EXISTS order_changes ("
            " seq INTEGER PRIMARY KEY,"
            " position INTEGER NOT NULL,"
            " order_id TEXT NOT NULL,"
            " existed INTEGER NOT NULL,"
            " old_status INTEGER,"
            " old_total_cents INTEGER,"
            " old_item_count INTEGER,"
            " old_updated_at INTEGER)"_s,
            u"CREATE INDEX IF NOT EXISTS order_changes_position ON order_changes (position)"_s,
    };
}

QStringList projectedTableStatements(const QString &s, qint64 generation)
{
    const QString g = QString::number(generation);
    return {
            u"CREATE TABLE order_view%1 ("
            " id TEXT NOT NULL,"
            " customer_id TEXT NOT NULL,"
            " customer_name TEXT NOT NULL,"
            " customer_email TEXT NOT NULL,"
            " currency TEXT NOT NULL,"
            " line_count INTEGER NOT NULL,"
            " item_count INTEGER NOT NULL,"
            " total_cents INTEGER NOT NULL,"
            " status INTEGER NOT NULL,"
            " status_text TEXT NOT NULL,"
            " cancel_reason TEXT,"
            " created_at INTEGER NOT NULL,"
            " updated_at INTEGER NOT NULL,"
            " version INTEGER NOT NULL)"_s.arg(s),
            u"CREATE UNIQUE INDEX order_view_id_g%2 ON order_view%1 (id)"_s.arg(s, g),
            u"CREATE TABLE order_line_view%1 ("
            " order_id TEXT NOT NULL,"
            " line_no INTEGER NOT NULL,"
            " product_id TEXT NOT NULL,"
            " product_name TEXT NOT NULL,"
            " quantity INTEGER NOT NULL,"
            " unit_price_cents INTEGER NOT NULL,"
            " subtotal_cents INTEGER NOT NULL,"
            " PRIMARY KEY (order_id, line_no)) WITHOUT ROWID"_s.arg(s),
            u"CREATE TABLE order_history%1 ("
            " order_id TEXT NOT NULL,"
            " position INTEGER NOT NULL,"
            " stream_version INTEGER NOT NULL,"
            " type TEXT NOT NULL,"
            " occurred_at INTEGER NOT NULL,"
            " actor TEXT NOT NULL,"
            " command_id TEXT NOT NULL,"
            " detail TEXT NOT NULL,"
            " PRIMARY KEY (order_id, position)) WITHOUT ROWID"_s.arg(s),
            u"CREATE TABLE customer_view%1 ("
            " id TEXT PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " email TEXT NOT NULL,"
            " registered_at INTEGER NOT NULL) WITHOUT ROWID"_s.arg(s),
            u"CREATE TABLE product_view%1 ("
            " id TEXT PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " unit_price_cents INTEGER NOT NULL,"
            " version INTEGER NOT NULL,"
            " updated_at INTEGER NOT NULL) WITHOUT ROWID"_s.arg(s),
            u"CREATE TABLE status_summary%1 ("
            " status INTEGER PRIMARY KEY,"
            " order_count INTEGER NOT NULL,"
            " revenue_cents INTEGER NOT NULL)"_s.arg(s),
            u"INSERT INTO status_summary%1 (status, order_count, revenue_cents)"
            " VALUES (0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0), (4, 0, 0)"_s.arg(s),
            u"CREATE TABLE daily_orders%1 ("
            " day INTEGER PRIMARY KEY,"
            " order_count INTEGER NOT NULL,"
            " revenue_cents INTEGER NOT NULL)"_s.arg(s),
            // Substring search on id, name and e-mail: trigram indexes answer "contains"
            // queries of three or more characters. Contentless, so they survive the rename that
            // swaps a rebuilt set in. Order ids are indexed per order (rowids are order_view's).
            // Names and e-mails repeat across a customer's orders, so each distinct one is
            // indexed once: order_term holds them (kind 0: a customer name, 1: an e-mail) and
            // order_term_search is their index; the orders of a matching term are found
            // through the indexes on customer_name and customer_email. (Trigram-indexing every
            // order's name and e-mail took two thirds of a rebuild's index work.)
            u"CREATE VIRTUAL TABLE order_id_search%1 USING fts5("
            " id, content='', tokenize='trigram', columnsize=0)"_s.arg(s),
            u"CREATE TABLE order_term%1 ("
            " kind INTEGER NOT NULL,"
            " term TEXT NOT NULL)"_s.arg(s),
            u"CREATE UNIQUE INDEX order_term_g%2 ON order_term%1 (kind, term)"_s.arg(s, g),
            u"CREATE VIRTUAL TABLE order_term_search%1 USING fts5("
            " term, content='', tokenize='trigram', columnsize=0)"_s.arg(s),
    };
}

QStringList queryIndexStatements(const QString &s, qint64 generation)
{
    const QString g = QString::number(generation);
    const struct
    {
        const char16_t *name;
        const char16_t *columns;
    } indexes[] = {
            {u"created", u"created_at, id"},
            {u"updated", u"updated_at, id"},
            {u"total", u"total_cents, id"},
            {u"items", u"item_count, id"},
            {u"customer", u"customer_name, id"},
            {u"email", u"customer_email, id"},
            {u"status", u"status, id"},
            {u"status_created", u"status, created_at, id"},
            {u"customer_id", u"customer_id, created_at, id"},
    };
    QStringList statements;
    for (const auto &index : indexes) {
        statements.append(u"CREATE INDEX IF NOT EXISTS order_view_%1_g%2 ON order_view%3 (%4)"_s.arg(
                QString::fromUtf16(index.name), g, s, QString::fromUtf16(index.columns)));
    }
    return statements;
}

QStringList dropStatements(const QString &suffix)
{
    QStringList statements;
    for (const QString &table : projectedTables())
        statements.append(u"DROP TABLE IF EXISTS %1%2"_s.arg(table, suffix));
    return statements;
}

QStringList renameStatements(const QString &fromSuffix)
{
    QStringList statements;
    for (const QString &table : projectedTables())
        statements.append(u"ALTER TABLE %1%2 RENAME TO %1"_s.arg(table, fromSuffix));
    return statements;
}

} // namespace OrderDesk::ReadSchema
