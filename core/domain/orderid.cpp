// SPDX-License-Identifier: MIT
#include "orderid.h"

#include <QDateTime>
#include <QMutex>
#include <QRandomGenerator>
#include <QUuid>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString base32(quint64 value, int digits)
{
    static constexpr char16_t alphabet[] = u"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    QString text(digits, u'0');
    for (int i = digits - 1; i >= 0; --i) {
        text[i] = QChar(alphabet[value & 31]);
        value >>= 5;
    }
    return text;
}

} // namespace

QString newOrderId()
{
    // Within one millisecond the random part counts up, so ids stay ordered and distinct.
    static QMutex mutex;
    static qint64 lastMillis = 0;
    static quint32 lastRandom = 0;
    constexpr quint32 randomMask = (1u << 25) - 1;

    const QMutexLocker locker(&mutex);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    quint32 random = QRandomGenerator::system()->generate() & randomMask;
    qint64 millis = now;
    if (now <= lastMillis) {
        millis = lastMillis;
        random = (lastRandom + 1) & randomMask;
        if (random == 0)
            ++millis;
    }
    lastMillis = millis;
    lastRandom = random;
    return orderIdFrom(millis, random);
}

QString orderIdFrom(qint64 millis, quint32 randomBits)
{
    return u"ORD-"_s + base32(quint64(millis), 9) + u'-' + base32(randomBits & ((1u << 25) - 1), 5);
}

QString newCommandId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace OrderDesk
