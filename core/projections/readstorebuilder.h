// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QString>

#include <functional>

namespace OrderDesk {

class WriteStore;

/// Builds a complete read store in a new file from the event log, on the calling thread:
/// rows first, then aggregates, search and indexes in one go. Used to verify a live read store
/// against a rebuild and to measure rebuild speed; the Projector's live rebuild uses the same
/// projection handlers.
struct ReadStoreBuilder
{
    /// Called after each chunk with events done and events to do.
    using Progress = std::function<void(qint64 done, qint64 total)>;

    /// Projects events 1..upTo (all when upTo < 0) into a new read store at `path`, replacing
    /// any file there. Returns the position it reached.
    static Result<qint64> build(WriteStore &events, const QString &path, qint64 upTo = -1,
                                const Progress &progress = {}, int chunkSize = 20000);
};

} // namespace OrderDesk
