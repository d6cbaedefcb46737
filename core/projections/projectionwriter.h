// SPDX-License-Identifier: MIT
#pragma once

#include "domain/orderstatus.h"
#include "domain/result.h"
#include "events/eventenvelope.h"

#include <QSet>
#include <QStringList>

#include <array>

#include <memory>
#include <vector>

namespace OrderDesk {

class SqliteConnection;
class SqliteStatement;

/// The ids of the orders one batch inserted and updated, each once, in the order first seen.
struct OrderChanges
{
    QStringList inserted;
    QStringList updated;

    void markInserted(const QString &id);
    void markUpdated(const QString &id);
    /// Whether the batch has changed the order already.
    bool contains(const QString &id) const { return m_seen.contains(id); }
    void clear();

private:
    QSet<QString> m_seen;
};

/// The projection handlers: apply one event to a set of read tables. Every handler is
/// idempotent — an order row remembers the stream version it reflects and older events are
/// skipped — so applying an event twice has the effect of applying it once.
///
/// The caller owns the transaction; the writer only prepares and runs statements on the
/// connection it is given, for the live tables or for a rebuild's shadow tables.
class ProjectionWriter
{
public:
    enum class Mode {
        /// The live tables: aggregates, search index and the change journal kept up to date.
        Live,
        /// A rebuild catching up after its bulk load: like Live, without the journal (which
        /// describes the live tables only).
        Shadow,
        /// A rebuild's bulk load: rows only; finishBulkLoad() computes the rest in one go.
        Bulk,
    };

    ProjectionWriter(SqliteConnection &connection, const QString &suffix, Mode mode);
    ~ProjectionWriter();

    void setMode(Mode mode) { m_mode = mode; }
    Mode mode() const { return m_mode; }

    /// Decodes and applies one event. A failure (undecodable payload, an event for an order
    /// the read side never saw, a constraint) leaves the caller to roll back its savepoint.
    /// In Live mode the orders it inserted or updated are added to `changes`; the other modes
    /// describe tables nobody follows yet and leave it alone.
    Result<void> apply(const EventEnvelope &event, OrderChanges &changes);

    /// After a bulk load: aggregates, search index and query indexes for the given generation.
    Result<void> finishBulkLoad(qint64 generation);

private:
    struct OrderRow;
    SqliteStatement &statement(int slot);
    Result<void> run(SqliteStatement &query);
    const QString &statusText(OrderStatus status) const;

    SqliteConnection &m_connection;
    QString m_suffix;
    Mode m_mode;
    std::vector<std::unique_ptr<SqliteStatement>> m_statements;
    /// The status texts, looked up (translated) once rather than per event.
    std::array<QString, 5> m_statusTexts;
};

} // namespace OrderDesk
