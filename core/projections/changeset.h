// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QStringList>

namespace OrderDesk {

/// What one committed projection batch changed in the read store.
struct ChangeSet
{
    qint64 fromPosition = 0; ///< first event position in the batch
    qint64 toPosition = 0;   ///< last event position in the batch: the new checkpoint
    QStringList insertedOrderIds;
    QStringList updatedOrderIds;
    qint64 lagEvents = 0; ///< head − checkpoint right after the batch
    qint64 lagMs = 0;     ///< age of the oldest event still unprojected (0 when caught up)
    qint64 committedAt = 0;

    bool touchesOrders() const { return !insertedOrderIds.isEmpty() || !updatedOrderIds.isEmpty(); }
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::ChangeSet)
