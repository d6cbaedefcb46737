// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace OrderDesk {

/// An event as the event log stores it: the encoded payload with where, when and why it happened.
/// Positions are global, gap-free and assigned by the write store at commit.
struct EventEnvelope
{
    qint64 position = 0;
    QString streamId;
    qint64 streamVersion = 0;
    QString type;
    int schemaVersion = 0;
    QByteArray payload;
    qint64 occurredAt = 0; ///< UTC milliseconds since the epoch
    QString commandId;
    QString actor;

    friend bool operator==(const EventEnvelope &, const EventEnvelope &) = default;
};

using EventEnvelopes = QList<EventEnvelope>;

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::EventEnvelope)
