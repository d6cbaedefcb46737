// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"
#include "events.h"

#include <QByteArray>
#include <QString>

/// JSON encoding of events, with a schema version per type. Decoding upcasts older versions step
/// by step to the current one, so handlers only ever see current events. Malformed payloads give
/// an Error, never a crash.
namespace OrderDesk::EventCodec {

struct Encoded
{
    QString type;
    int schemaVersion = 0;
    QByteArray payload;
};

/// The current schema version of a type; 0 for an unknown type.
int currentSchemaVersion(const QString &type);
Encoded encode(const DomainEvent &event);
Result<DomainEvent> decode(const QString &type, int schemaVersion, const QByteArray &payload);

namespace Detail {
/// The payload encode() writes, written through QJsonDocument: for tests that hold the two to
/// the same bytes.
QByteArray encodeGeneral(const DomainEvent &event);
/// decode() without its fast path for the canonical payloads encode() writes: every payload
/// through QJsonDocument. For tests that hold the two to the same results.
Result<DomainEvent> decodeGeneral(const QString &type, int schemaVersion,
                                  const QByteArray &payload);
} // namespace Detail

} // namespace OrderDesk::EventCodec
