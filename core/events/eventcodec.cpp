// SPDX-License-Identifier: MIT
#include "eventcodec.h"

#include "domain/limits.h"
#include "domain/overloaded.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>

namespace OrderDesk::EventCodec {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("EventCodec", text);
}

// Schema history. Bump a version only together with an upcaster from the previous one.
//   OrderCreated v1: no "currency" (every order was in EUR). v2: "currency" added.
struct TypeInfo
{
    QLatin1StringView type;
    int current;
};
constexpr TypeInfo typeInfos[] = {
        {"CustomerRegistered"_L1, 1}, {"ProductAdded"_L1, 1},   {"ProductPriceChanged"_L1, 1},
        {"OrderCreated"_L1, 2},       {"OrderLinesChanged"_L1, 1}, {"OrderConfirmed"_L1, 1},
        {"OrderShipped"_L1, 1},       {"OrderDelivered"_L1, 1}, {"OrderCancelled"_L1, 1},
};

using Upcaster = std::function<QJsonObject(QJsonObject)>;

/// The step that turns version `from` of `type` into version from + 1.
Upcaster upcasterFor(QStringView type, int from)
{
    if (type == u"OrderCreated" && from == 1) {
        return [](QJsonObject payload) {
            payload.insert(u"currency"_s, QString::fromUtf16(DefaultCurrency));
            return payload;
        };
    }
    return {};
}

QJsonArray linesToJson(const OrderLines &lines)
{
    QJsonArray array;
    for (const OrderLine &line : lines) {
        array.append(QJsonObject{
                {u"productId"_s, line.productId},
                {u"productName"_s, line.productName},
                {u"quantity"_s, line.quantity},
                {u"unitPriceCents"_s, line.unitPrice.cents()},
        });
    }
    return array;
}

QJsonObject toJson(const DomainEvent &event)
{
    return std::visit(
            Overloaded{
                    [](const CustomerRegistered &e) {
                        return QJsonObject{{u"customerId"_s, e.customerId},
                                           {u"name"_s, e.name},
                                           {u"email"_s, e.email}};
                    },
                    [](const ProductAdded &e) {
                        return QJsonObject{{u"productId"_s, e.productId},
                                           {u"name"_s, e.name},
                                           {u"unitPriceCents"_s, e.unitPrice.cents()}};
                    },
                    [](const ProductPriceChanged &e) {
                        return QJsonObject{{u"productId"_s, e.productId},
                                           {u"oldPriceCents"_s, e.oldPrice.cents()},
                                           {u"newPriceCents"_s, e.newPrice.cents()}};
                    },
                    [](const OrderCreated &e) {
                        return QJsonObject{{u"orderId"_s, e.orderId},
                                           {u"customerId"_s, e.customerId},
                                           {u"customerName"_s, e.customerName},
                                           {u"customerEmail"_s, e.customerEmail},
                                           {u"currency"_s, e.currency},
                                           {u"lines"_s, linesToJson(e.lines)},
                                           {u"totalCents"_s, e.total.cents()}};
                    },
                    [](const OrderLinesChanged &e) {
                        return QJsonObject{{u"orderId"_s, e.orderId},
                                           {u"lines"_s, linesToJson(e.lines)},
                                           {u"totalCents"_s, e.total.cents()}};
                    },
                    [](const OrderConfirmed &e) { return QJsonObject{{u"orderId"_s, e.orderId}}; },
                    [](const OrderShipped &e) { return QJsonObject{{u"orderId"_s, e.orderId}}; },
                    [](const OrderDelivered &e) { return QJsonObject{{u"orderId"_s, e.orderId}}; },
                    [](const OrderCancelled &e) {
                        return QJsonObject{{u"orderId"_s, e.orderId}, {u"reason"_s, e.reason}};
                    },
            },
            event);
}

/// Reads typed fields out of a payload and remembers the first thing that was wrong with it.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object) : m_object(object) { }

    QString string(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (!value.isString()) {
            fail(key, tr("a string"));
            return {};
        }
        return value.toString();
    }

    qint64 integer(const QString &key, qint64 minimum, qint64 maximum)
    {
        return integerOf(m_object.value(key), key, minimum, maximum);
    }

    Money money(const QString &key)
    {
        return Money::fromCents(integer(key, std::numeric_limits<qint64>::min(),
                                        std::numeric_limits<qint64>::max()));
    }

    OrderLines lines(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (!value.isArray() || value.toArray().size() > Limits::MaxLines) {
            fail(key, tr("an array of at most %1 lines").arg(Limits::MaxLines));
            return {};
        }
        OrderLines lines;
        for (const QJsonValue &item : value.toArray()) {
            if (!item.isObject()) {
                fail(key, tr("an array of line objects"));
                return {};
            }
            FieldReader line(item.toObject());
            OrderLine parsed;
            parsed.productId = line.string(u"productId"_s);
            parsed.productName = line.string(u"productName"_s);
            parsed.quantity = line.integer(u"quantity"_s, Limits::MinQuantity, Limits::MaxQuantity);
            parsed.unitPrice = Money::fromCents(
                    line.integer(u"unitPriceCents"_s, 0, Limits::MaxUnitPriceCents));
            if (!line.ok()) {
                m_error = line.m_error;
                return {};
            }
            lines.append(parsed);
        }
        return lines;
    }

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

private:
    qint64 integerOf(const QJsonValue &value, const QString &key, qint64 minimum, qint64 maximum)
    {
        // Integers that fit in 64 bits are kept exact by QJsonValue; anything else (a fraction,
        // an exponent beyond the range) is refused rather than rounded.
        const qint64 integer = value.toInteger(std::numeric_limits<qint64>::min());
        const bool exact = value.isDouble() && value.toVariant().userType() == QMetaType::LongLong;
        if (!exact || integer < minimum || integer > maximum) {
            fail(key, tr("an integer from %1 to %2").arg(minimum).arg(maximum));
            return 0;
        }
        return integer;
    }

    void fail(const QString &key, const QString &expected)
    {
        if (m_error.isEmpty())
            m_error = tr("field \u201c%1\u201d must be %2").arg(key, expected);
    }

    QJsonObject m_object;
    QString m_error;
};

Result<DomainEvent> fromJson(QStringView type, const QJsonObject &o)
{
    FieldReader r(o);
    DomainEvent event;
    if (type == u"CustomerRegistered") {
        event = CustomerRegistered{r.string(u"customerId"_s), r.string(u"name"_s),
                                   r.string(u"email"_s)};
    } else if (type == u"ProductAdded") {
        event = ProductAdded{r.string(u"productId"_s), r.string(u"name"_s),
                             r.money(u"unitPriceCents"_s)};
    } else if (type == u"ProductPriceChanged") {
        event = ProductPriceChanged{r.string(u"productId"_s), r.money(u"oldPriceCents"_s),
                                    r.money(u"newPriceCents"_s)};
    } else if (type == u"OrderCreated") {
        event = OrderCreated{r.string(u"orderId"_s),       r.string(u"customerId"_s),
                             r.string(u"customerName"_s),  r.string(u"customerEmail"_s),
                             r.string(u"currency"_s),      r.lines(u"lines"_s),
                             r.money(u"totalCents"_s)};
    } else if (type == u"OrderLinesChanged") {
        event = OrderLinesChanged{r.string(u"orderId"_s), r.lines(u"lines"_s),
                                  r.money(u"totalCents"_s)};
    } else if (type == u"OrderConfirmed") {
        event = OrderConfirmed{r.string(u"orderId"_s)};
    } else if (type == u"OrderShipped") {
        event = OrderShipped{r.string(u"orderId"_s)};
    } else if (type == u"OrderDelivered") {
        event = OrderDelivered{r.string(u"orderId"_s)};
    } else if (type == u"OrderCancelled") {
        event = OrderCancelled{r.string(u"orderId"_s), r.string(u"reason"_s)};
    } else {
        return Error{ErrorCode::UnknownEventType,
                     tr("Unknown event type \u201c%1\u201d.").arg(type)};
    }
    if (!r.ok())
        return Error{ErrorCode::MalformedEvent,
                     tr("Malformed %1 event: %2.").arg(type, r.error())};
    return event;
}

} // namespace

int currentSchemaVersion(const QString &type)
{
    for (const TypeInfo &info : typeInfos) {
        if (type == info.type)
            return info.current;
    }
    return 0;
}

Encoded encode(const DomainEvent &event)
{
    const QString type = eventTypeName(event);
    return {type, currentSchemaVersion(type),
            QJsonDocument(toJson(event)).toJson(QJsonDocument::Compact)};
}

Result<DomainEvent> decode(const QString &type, int schemaVersion, const QByteArray &payload)
{
    const int current = currentSchemaVersion(type);
    if (current == 0)
        return Error{ErrorCode::UnknownEventType,
                     tr("Unknown event type \u201c%1\u201d.").arg(type.left(100))};
    if (schemaVersion < 1 || schemaVersion > current)
        return Error{ErrorCode::UnsupportedSchemaVersion,
                     tr("%1 schema version %2 is not supported by this version of OrderDesk "
                        "(it reads versions 1 to %3).")
                             .arg(type)
                             .arg(schemaVersion)
                             .arg(current)};

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return Error{ErrorCode::MalformedEvent,
                     tr("Malformed %1 event: the payload is not a JSON object (%2).")
                             .arg(type, parseError.error != QJsonParseError::NoError
                                                ? parseError.errorString()
                                                : tr("wrong JSON type"))};

    QJsonObject object = document.object();
    for (int version = schemaVersion; version < current; ++version) {
        const Upcaster upcast = upcasterFor(type, version);
        Q_ASSERT_X(upcast, "EventCodec::decode", "every schema bump needs an upcaster");
        object = upcast(std::move(object));
    }
    return fromJson(type, object);
}

} // namespace OrderDesk::EventCodec
