// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

/// The read store's tables. The projected tables exist in two sets: the live set that queries
/// read, and a shadow set (same names with a suffix) that a rebuild fills from position 0 and
/// then swaps in by renaming, in one transaction.
namespace OrderDesk::ReadSchema {

/// Bump when the read store's layout changes: older read stores are rebuilt (they are caches).
inline constexpr int Version = 2;

/// Suffix of the shadow tables a rebuild writes.
inline constexpr char16_t RebuildSuffix[] = u"__rebuild";

/// Every projected table, without suffix; the tables a rebuild replaces.
QStringList projectedTables();

/// Tables that live outside the projection: meta, checkpoints, dead letters, change journal.
QStringList bookkeepingStatements();
/// The projected tables with the indexes projection itself needs (primary and unique keys).
/// Index names carry the store generation, so that a rebuilt set can be created next to the
/// live one and renamed over it.
QStringList projectedTableStatements(const QString &suffix, qint64 generation);
/// The indexes only queries need, named after the store generation like the others. Built
/// after a rebuild's bulk load, when that is cheapest.
QStringList queryIndexStatements(const QString &suffix, qint64 generation);
/// Statements that drop the projected tables of a suffix (their indexes go with them).
QStringList dropStatements(const QString &suffix);
/// Statements that rename the suffixed tables to the live names.
QStringList renameStatements(const QString &fromSuffix);

} // namespace OrderDesk::ReadSchema
