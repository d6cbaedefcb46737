// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QStringList>

namespace OrderDesk {

/// The outcome of comparing a live read store with a reference one built from the same events.
struct ReadStoreComparison
{
    qint64 liveCheckpoint = 0;
    qint64 referenceCheckpoint = 0;
    qint64 rowsCompared = 0;
    qint64 differenceCount = 0;
    /// One line per difference, at most a few per table ("order_view: only in live: …").
    QStringList differences;

    bool isEqual() const { return differenceCount == 0 && liveCheckpoint == referenceCheckpoint; }
};

/// Compares every projected row of two read stores, in one snapshot of each. Display text
/// that depends on the language the projector ran in (status_text) is left out; the status it
/// is derived from is compared.
Result<ReadStoreComparison> compareReadStores(const QString &livePath, const QString &referencePath);

} // namespace OrderDesk
