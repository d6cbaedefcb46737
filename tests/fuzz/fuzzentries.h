// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commandparser.h"
#include "commands/commandvalidation.h"
#include "events/eventcodec.h"
#include "events/eventsummary.h"

#include <QByteArray>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

/// What the fuzz targets do with one input. Shared by the libFuzzer targets and by
/// tst_fuzzcorpus, which runs every seed and every saved crash through them in each test run.
namespace OrderDesk::Fuzz {

/// The stored event types, in the order the first input byte selects them.
inline const char *const eventTypes[] = {
    "CustomerRegistered", "ProductAdded",      "ProductPriceChanged",
    "OrderCreated",       "OrderLinesChanged", "OrderConfirmed",
    "OrderShipped",       "OrderDelivered",    "OrderCancelled"};

/// Byte 0 picks the type (or, past the known ones, takes the type name from the input up to
/// the first newline), byte 1 the schema version (-1 to 3), the rest is the payload.
inline void eventCodec(const uint8_t *data, size_t size)
{
    if (size < 2)
        return;
    QByteArray payload(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2));
    QString type;
    constexpr size_t typeCount = sizeof eventTypes / sizeof *eventTypes;
    if (data[0] % (typeCount + 1) < typeCount) {
        type = QString::fromLatin1(eventTypes[data[0] % (typeCount + 1)]);
    } else {
        const qsizetype newline = payload.indexOf('\n');
        type = QString::fromUtf8(payload.left(newline < 0 ? 0 : newline));
        payload = payload.mid(newline + 1);
    }
    const int version = int(data[1] % 5) - 1;
    const Result<DomainEvent> decoded = EventCodec::decode(type, version, payload);
    if (!decoded) {
        if (decoded.error().message.isEmpty())
            std::abort(); // every refusal says why
        return;
    }
    std::ignore = eventSummary(*decoded);
    // Whatever decodes is stored again in the current version, and that must read back the
    // same: encode(decode(encode(e))) == encode(e).
    const EventCodec::Encoded once = EventCodec::encode(*decoded);
    const Result<DomainEvent> again =
        EventCodec::decode(once.type, once.schemaVersion, once.payload);
    if (!again)
        std::abort();
    const EventCodec::Encoded twice = EventCodec::encode(*again);
    if (twice.payload != once.payload || twice.type != once.type)
        std::abort();
}

/// The input is a command line, one argument per line.
inline void commandParser(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QStringList arguments;
    for (const QByteArray &line : input.split('\n'))
        arguments.append(QString::fromUtf8(line));
    if (input.isEmpty())
        arguments.clear();
    const Result<Command> parsed = parseCommand(arguments);
    if (!parsed) {
        if (parsed.error().code != ErrorCode::InvalidCommand || parsed.error().message.isEmpty())
            std::abort();
        return;
    }
    const Result<void> valid = validateCommand(*parsed);
    if (!valid && valid.error().message.isEmpty())
        std::abort();
    std::ignore = commandTypeName(*parsed);
    std::ignore = targetIdOf(*parsed);
}

} // namespace OrderDesk::Fuzz
