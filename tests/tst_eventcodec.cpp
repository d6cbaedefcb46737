// SPDX-License-Identifier: MIT
#include "domain/limits.h"
#include "events/eventcodec.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace OrderDesk;
using OrderDesk::TestSupport::failure;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OrderDesk::ErrorCode)
Q_DECLARE_METATYPE(OrderDesk::DomainEvent)

namespace {

OrderLine line(const QString &sku, qint64 quantity, qint64 cents)
{
    return OrderLine {sku, u"Name of "_s + sku, quantity, Money::fromCents(cents)};
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject jsonLine(const QJsonValue &quantity = 2, const QJsonValue &price = 999)
{
    return {{u"productId"_s, u"SKU-1"_s},
            {u"productName"_s, u"Drill"_s},
            {u"quantity"_s, quantity},
            {u"unitPriceCents"_s, price}};
}

/// A valid current OrderCreated payload, to be broken one field at a time.
QJsonObject orderCreated()
{
    return {{u"orderId"_s, u"ORD-1"_s},    {u"customerId"_s, u"C00001"_s},
            {u"customerName"_s, u"Ada"_s}, {u"customerEmail"_s, u"ada@example.com"_s},
            {u"currency"_s, u"EUR"_s},     {u"lines"_s, QJsonArray {jsonLine()}},
            {u"totalCents"_s, 1998}};
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    object.insert(key, value);
    return object;
}

QJsonObject without(QJsonObject object, const QString &key)
{
    object.remove(key);
    return object;
}

QJsonArray lines(int count)
{
    QJsonArray array;
    for (int i = 0; i < count; ++i) {
        QJsonObject l = jsonLine();
        l.insert(u"productId"_s, u"SKU-%1"_s.arg(i));
        array.append(l);
    }
    return array;
}

} // namespace

class tst_EventCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void schemaVersions();
    void upcastOrderCreatedV1();
    void malformed_data();
    void malformed();
    void fastPathAgrees_data();
    void fastPathAgrees();
    void fastPathAgreesOnDamage();
    void encoderWritesWhatQtWrites();
};

void tst_EventCodec::roundTrip_data()
{
    QTest::addColumn<DomainEvent>("event");
    QTest::addColumn<QString>("type");

    constexpr qint64 max = std::numeric_limits<qint64>::max();
    constexpr qint64 min = std::numeric_limits<qint64>::min();
    OrderLines fullOrder;
    for (int i = 0; i < Limits::MaxLines; ++i)
        fullOrder.append(line(u"SKU-%1"_s.arg(i), Limits::MaxQuantity, Limits::MaxUnitPriceCents));

    QTest::newRow("CustomerRegistered") << DomainEvent(CustomerRegistered {
        u"C00001"_s, u"Jos\u00e9 \u201cPepe\u201d M\u00fcller"_s, u"jose@example.com"_s})
                                        << u"CustomerRegistered"_s;
    QTest::newRow("ProductAdded") << DomainEvent(
        ProductAdded {u"SKU-0001"_s, u"Drill \U0001F527"_s, Money::fromCents(4999)})
                                  << u"ProductAdded"_s;
    QTest::newRow("ProductPriceChanged") << DomainEvent(
        ProductPriceChanged {u"SKU-0001"_s, Money::fromCents(4999), Money::fromCents(0)})
                                         << u"ProductPriceChanged"_s;
    // Amounts beyond 2^53 must survive JSON exactly, not as doubles.
    QTest::newRow("ProductPriceChanged, extreme amounts") << DomainEvent(
        ProductPriceChanged {u"SKU-0002"_s, Money::fromCents(min), Money::fromCents(max)})
                                                          << u"ProductPriceChanged"_s;
    QTest::newRow("OrderCreated") << DomainEvent(OrderCreated {
        u"ORD-1JDXK8M3F-7Q2Z9"_s,
        u"C00001"_s,
        u"Ada"_s,
        u"ada@example.com"_s,
        u"CHF"_s,
        {line(u"SKU-1"_s, 2, 999), line(u"SKU-2"_s, 1, 0)},
        Money::fromCents(1998)}) << u"OrderCreated"_s;
    QTest::newRow("OrderCreated, 500 lines at the limits")
        << DomainEvent(OrderCreated {u"ORD-2"_s, u"C2"_s, u"B"_s, u"b@example.com"_s, u"EUR"_s,
                                     fullOrder, Money::fromCents(9'007'199'254'740'993)})
        << u"OrderCreated"_s;
    QTest::newRow("OrderLinesChanged") << DomainEvent(
        OrderLinesChanged {u"ORD-1"_s, {line(u"SKU-3"_s, 100'000, 1)}, Money::fromCents(100'000)})
                                       << u"OrderLinesChanged"_s;
    QTest::newRow("OrderConfirmed")
        << DomainEvent(OrderConfirmed {u"ORD-1"_s}) << u"OrderConfirmed"_s;
    QTest::newRow("OrderShipped") << DomainEvent(OrderShipped {u"ORD-1"_s}) << u"OrderShipped"_s;
    QTest::newRow("OrderDelivered")
        << DomainEvent(OrderDelivered {u"ORD-1"_s}) << u"OrderDelivered"_s;
    QTest::newRow("OrderCancelled")
        << DomainEvent(OrderCancelled {u"ORD-1"_s, u"two lines\nand \"quotes\" \\ too"_s})
        << u"OrderCancelled"_s;
}

void tst_EventCodec::roundTrip()
{
    // Every event type decodes to exactly what was encoded, under its own type name and the
    // current schema version, so the event log never loses or changes a field.
    QFETCH(DomainEvent, event);
    QFETCH(QString, type);

    const EventCodec::Encoded encoded = EventCodec::encode(event);
    QCOMPARE(encoded.type, type);
    QCOMPARE(encoded.schemaVersion, EventCodec::currentSchemaVersion(type));
    QVERIFY(encoded.schemaVersion >= 1);
    QVERIFY(QJsonDocument::fromJson(encoded.payload).isObject());

    const Result<DomainEvent> decoded =
        EventCodec::decode(encoded.type, encoded.schemaVersion, encoded.payload);
    QVERIFY2(decoded, failure(decoded));
    QVERIFY(*decoded == event);
}

void tst_EventCodec::schemaVersions()
{
    // Known types have a version (OrderCreated is at 2 since it gained a currency); unknown
    // types have none.
    QCOMPARE(EventCodec::currentSchemaVersion(u"OrderCreated"_s), 2);
    QCOMPARE(EventCodec::currentSchemaVersion(u"OrderConfirmed"_s), 1);
    QCOMPARE(EventCodec::currentSchemaVersion(u"OrderExploded"_s), 0);
    QCOMPARE(EventCodec::currentSchemaVersion(QString()), 0);
}

void tst_EventCodec::upcastOrderCreatedV1()
{
    // Orders written before orders carried a currency were all in euros: a v1 payload decodes
    // as a current event with currency EUR and every other field intact.
    const QByteArray v1 =
        R"({"orderId":"ORD-OLD","customerId":"C00007","customerName":"Old Customer",
        "customerEmail":"old@example.com",
        "lines":[{"productId":"SKU-9","productName":"Stapler","quantity":3,"unitPriceCents":250}],
        "totalCents":750})";
    const Result<DomainEvent> decoded = EventCodec::decode(u"OrderCreated"_s, 1, v1);
    QVERIFY2(decoded, failure(decoded));
    const auto *created = std::get_if<OrderCreated>(&*decoded);
    QVERIFY(created);
    QCOMPARE(created->currency, u"EUR"_s);
    QCOMPARE(created->orderId, u"ORD-OLD"_s);
    QCOMPARE(created->customerId, u"C00007"_s);
    QCOMPARE(created->customerName, u"Old Customer"_s);
    QCOMPARE(created->customerEmail, u"old@example.com"_s);
    QCOMPARE(created->lines,
             OrderLines({OrderLine {u"SKU-9"_s, u"Stapler"_s, 3, Money::fromCents(250)}}));
    QCOMPARE(created->total, Money::fromCents(750));

    // The same payload read as v2 lacks its currency and is refused, not defaulted.
    const Result<DomainEvent> asV2 = EventCodec::decode(u"OrderCreated"_s, 2, v1);
    QVERIFY(!asV2);
    QCOMPARE(asV2.error().code, ErrorCode::MalformedEvent);
    QVERIFY2(asV2.error().message.contains(u"currency"), failure(asV2));
}

void tst_EventCodec::malformed_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<ErrorCode>("error");
    QTest::addColumn<QString>("mentions");

    const QString created = u"OrderCreated"_s;
    const ErrorCode bad = ErrorCode::MalformedEvent;
    const QJsonObject good = orderCreated();
    const auto withLine = [&](const QJsonObject &l) {
        return json(with(good, u"lines"_s, QJsonArray {l}));
    };

    QTest::newRow("not JSON") << created << 2 << QByteArray("{\"orderId\": ") << bad << QString();
    QTest::newRow("empty payload") << created << 2 << QByteArray() << bad << QString();
    QTest::newRow("JSON array") << created << 2 << QByteArray("[]") << bad << QString();
    QTest::newRow("JSON string") << created << 2 << QByteArray("\"ORD-1\"") << bad << QString();
    QTest::newRow("JSON null") << created << 2 << QByteArray("null") << bad << QString();
    QTest::newRow("invalid UTF-8")
        << u"OrderConfirmed"_s << 1 << QByteArray("{\"orderId\":\"ORD-\xff\xfe\"}") << bad
        << QString();
    QTest::newRow("deeply nested")
        << u"OrderConfirmed"_s << 1 << QByteArray(100'000, '[') + QByteArray(100'000, ']') << bad
        << QString();
    QTest::newRow("missing field")
        << created << 2 << json(without(good, u"customerEmail"_s)) << bad << u"customerEmail"_s;
    QTest::newRow("missing total")
        << created << 2 << json(without(good, u"totalCents"_s)) << bad << u"totalCents"_s;
    QTest::newRow("string where number")
        << created << 2 << json(with(good, u"totalCents"_s, u"1998"_s)) << bad << u"totalCents"_s;
    QTest::newRow("number where string")
        << created << 2 << json(with(good, u"orderId"_s, 42)) << bad << u"orderId"_s;
    QTest::newRow("null where string")
        << created << 2 << json(with(good, u"customerName"_s, QJsonValue::Null)) << bad
        << u"customerName"_s;
    QTest::newRow("bool where number")
        << created << 2 << json(with(good, u"totalCents"_s, true)) << bad << u"totalCents"_s;
    QTest::newRow("fractional amount")
        << created << 2 << json(with(good, u"totalCents"_s, 19.98)) << bad << u"totalCents"_s;
    QTest::newRow("huge integer")
        << u"ProductAdded"_s << 1
        << QByteArray(R"({"productId":"S","name":"N","unitPriceCents":99999999999999999999})")
        << bad << u"unitPriceCents"_s;
    QTest::newRow("one past 64 bits")
        << u"ProductAdded"_s << 1
        << QByteArray(R"({"productId":"S","name":"N","unitPriceCents":9223372036854775808})") << bad
        << u"unitPriceCents"_s;
    QTest::newRow("lines not an array")
        << created << 2 << json(with(good, u"lines"_s, u"x"_s)) << bad << u"lines"_s;
    QTest::newRow("line not an object")
        << created << 2 << json(with(good, u"lines"_s, QJsonArray {1, 2})) << bad << u"lines"_s;
    QTest::newRow("line without product")
        << created << 2 << withLine(without(jsonLine(), u"productId"_s)) << bad << u"productId"_s;
    QTest::newRow("quantity 0") << created << 2 << withLine(jsonLine(0)) << bad << u"quantity"_s;
    QTest::newRow("quantity too large")
        << created << 2 << withLine(jsonLine(Limits::MaxQuantity + 1)) << bad << u"quantity"_s;
    QTest::newRow("fractional quantity")
        << created << 2 << withLine(jsonLine(1.5)) << bad << u"quantity"_s;
    QTest::newRow("negative line price")
        << created << 2 << withLine(jsonLine(1, -1)) << bad << u"unitPriceCents"_s;
    QTest::newRow("line price above limit")
        << created << 2 << withLine(jsonLine(1, double(Limits::MaxUnitPriceCents) * 10)) << bad
        << u"unitPriceCents"_s;
    QTest::newRow("too many lines") << u"OrderLinesChanged"_s << 1
                                    << json({{u"orderId"_s, u"ORD-1"_s},
                                             {u"lines"_s, lines(Limits::MaxLines + 1)},
                                             {u"totalCents"_s, 0}})
                                    << bad << u"lines"_s;
    QTest::newRow("unknown type") << u"OrderExploded"_s << 1 << json(good)
                                  << ErrorCode::UnknownEventType << u"OrderExploded"_s;
    QTest::newRow("empty type") << QString() << 1 << json(good) << ErrorCode::UnknownEventType
                                << QString();
    QTest::newRow("schema version 0")
        << created << 0 << json(good) << ErrorCode::UnsupportedSchemaVersion << u"OrderCreated"_s;
    QTest::newRow("negative schema version")
        << created << -1 << json(good) << ErrorCode::UnsupportedSchemaVersion << QString();
    QTest::newRow("schema version from the future")
        << created << EventCodec::currentSchemaVersion(created) + 1 << json(good)
        << ErrorCode::UnsupportedSchemaVersion << u"OrderCreated"_s;
    QTest::newRow("future version of a v1 type")
        << u"OrderConfirmed"_s << 2 << QByteArray(R"({"orderId":"ORD-1"})")
        << ErrorCode::UnsupportedSchemaVersion << QString();
}

void tst_EventCodec::malformed()
{
    // A damaged or foreign payload gives a clear error that names the problem, never a crash
    // and never a half-filled event.
    QFETCH(QString, type);
    QFETCH(int, version);
    QFETCH(QByteArray, payload);
    QFETCH(ErrorCode, error);
    QFETCH(QString, mentions);

    const Result<DomainEvent> decoded = EventCodec::decode(type, version, payload);
    QVERIFY(!decoded);
    QCOMPARE(decoded.error().code, error);
    QVERIFY(!decoded.error().message.isEmpty());
    if (!mentions.isEmpty())
        QVERIFY2(decoded.error().message.contains(mentions), failure(decoded));
}

namespace {

/// decode() and the general reader give the same event, or the same error.
QByteArray disagreement(const QString &type, int version, const QByteArray &payload)
{
    const Result<DomainEvent> fast = EventCodec::decode(type, version, payload);
    const Result<DomainEvent> general = EventCodec::Detail::decodeGeneral(type, version, payload);
    if (fast.hasValue() != general.hasValue())
        return "one accepts, the other refuses: " + payload;
    if (!fast) {
        if (fast.error().code != general.error().code
            || fast.error().message != general.error().message)
            return "different errors for " + payload;
        return {};
    }
    if (!(*fast == *general))
        return "different events for " + payload;
    // Equal QStrings can still differ in null-ness, which SQL tells apart (NULL vs '').
    bool nullsDiffer = false;
    std::visit(
        [&](const auto &a) {
            using T = std::decay_t<decltype(a)>;
            const T &b = std::get<T>(*general);
            if constexpr (requires { a.orderId; })
                nullsDiffer = nullsDiffer || a.orderId.isNull() != b.orderId.isNull();
            if constexpr (requires { a.customerName; })
                nullsDiffer = nullsDiffer || a.customerName.isNull() != b.customerName.isNull();
            if constexpr (requires { a.reason; })
                nullsDiffer = nullsDiffer || a.reason.isNull() != b.reason.isNull();
        },
        *fast);
    return nullsDiffer ? "null strings differ for " + payload : QByteArray();
}

} // namespace

void tst_EventCodec::fastPathAgrees_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("payload");

    const auto row = [](const char *name, const char16_t *type, const QByteArray &payload) {
        QTest::newRow(name) << QString::fromUtf16(type) << payload;
    };
    const QByteArray good = json(orderCreated());
    row("canonical", u"OrderCreated", good);
    row("as QJsonDocument indents it", u"OrderCreated",
        QJsonDocument(orderCreated()).toJson(QJsonDocument::Indented));
    row("space after a colon", u"OrderConfirmed", R"({"orderId": "ORD-1"})");
    row("escaped quote", u"OrderCancelled", R"({"orderId":"ORD-1","reason":"say \"no\""})");
    row("escaped umlaut", u"OrderConfirmed", R"({"orderId":"ORD-\u00fc"})");
    row("raw umlaut and emoji", u"OrderConfirmed", "{\"orderId\":\"ORD-\xc3\xbc\xf0\x9f\x98\x80\"}");
    row("empty string", u"OrderCancelled", R"({"orderId":"ORD-1","reason":""})");
    row("duplicate key", u"OrderConfirmed", R"({"orderId":"A","orderId":"B"})");
    row("unknown key", u"OrderConfirmed", R"({"orderId":"A","note":[1,{"x":"y"}]})");
    row("missing key", u"OrderCancelled", R"({"orderId":"A"})");
    row("number where string", u"OrderConfirmed", R"({"orderId":7})");
    row("minus zero", u"ProductAdded", R"({"productId":"S","name":"N","unitPriceCents":-0})");
    row("leading zero", u"ProductAdded", R"({"productId":"S","name":"N","unitPriceCents":07})");
    row("fraction", u"ProductAdded", R"({"productId":"S","name":"N","unitPriceCents":7.0})");
    row("exponent", u"ProductAdded", R"({"productId":"S","name":"N","unitPriceCents":7e2})");
    row("largest", u"ProductPriceChanged",
        R"({"productId":"S","oldPriceCents":-9223372036854775808,"newPriceCents":9223372036854775807})");
    row("one past the largest", u"ProductPriceChanged",
        R"({"productId":"S","oldPriceCents":0,"newPriceCents":9223372036854775808})");
    row("one past the smallest", u"ProductPriceChanged",
        R"({"productId":"S","oldPriceCents":-9223372036854775809,"newPriceCents":0})");
    row("true", u"OrderConfirmed", R"({"orderId":true})");
    row("null", u"OrderConfirmed", R"({"orderId":null})");
    row("overlong UTF-8", u"OrderConfirmed", "{\"orderId\":\"\xc0\x80\"}");
    row("surrogate in UTF-8", u"OrderConfirmed", "{\"orderId\":\"\xed\xa0\x80\"}");
    row("beyond U+10FFFF", u"OrderConfirmed", "{\"orderId\":\"\xf4\x90\x80\x80\"}");
    row("noncharacter", u"OrderConfirmed", "{\"orderId\":\"\xef\xbf\xbe\"}");
    row("raw control character", u"OrderConfirmed", "{\"orderId\":\"a\tb\"}");
    row("non-ASCII key", u"OrderConfirmed", "{\"orderId\":\"A\",\"\xc3\xbc\":1}");
    row("trailing garbage", u"OrderConfirmed", R"({"orderId":"A"}x)");
    row("trailing newline", u"OrderConfirmed", "{\"orderId\":\"A\"}\n");
    row("byte order mark", u"OrderConfirmed", "\xef\xbb\xbf{\"orderId\":\"A\"}");
    row("unterminated", u"OrderConfirmed", R"({"orderId":"A)");
    row("deeper than lines", u"OrderConfirmed", R"({"orderId":"A","x":[[[1]]]})");
    row("empty object", u"OrderConfirmed", "{}");
    row("array root", u"OrderConfirmed", "[]");
    row("lines empty", u"OrderLinesChanged", R"({"orderId":"A","lines":[],"totalCents":0})");
    row("line not an object", u"OrderLinesChanged", R"({"orderId":"A","lines":[1],"totalCents":0})");
    row("line quantity 0", u"OrderLinesChanged", json(with(without(orderCreated(), u"customerId"_s),
                                                          u"lines"_s, QJsonArray{jsonLine(0)})));
    row("line price negative", u"OrderCreated", json(with(orderCreated(), u"lines"_s,
                                                         QJsonArray{jsonLine(1, -1)})));
    row("500 lines", u"OrderLinesChanged",
        json({{u"orderId"_s, u"A"_s}, {u"lines"_s, lines(Limits::MaxLines)}, {u"totalCents"_s, 1}}));
    row("501 lines", u"OrderLinesChanged",
        json({{u"orderId"_s, u"A"_s}, {u"lines"_s, lines(Limits::MaxLines + 1)},
              {u"totalCents"_s, 1}}));
    row("OrderCreated v1 payload as v2", u"OrderCreated", json(without(orderCreated(), u"currency"_s)));
}

void tst_EventCodec::fastPathAgrees()
{
    // The fast path for the payloads the codec itself writes reads every payload exactly as the
    // general JSON reader does: the same event, or the same error.
    QFETCH(QString, type);
    QFETCH(QByteArray, payload);
    const QByteArray problem = disagreement(type, EventCodec::currentSchemaVersion(type), payload);
    QVERIFY2(problem.isEmpty(), problem.constData());
}

void tst_EventCodec::fastPathAgreesOnDamage()
{
    // The same holds for thousands of damaged payloads: encoded events with bytes changed,
    // dropped or doubled (a fixed seed, so a failure can be replayed).
    const QList<DomainEvent> events = {
        OrderCreated {u"ORD-1JDXK8M3F-7Q2Z9"_s, u"C00001"_s, u"Zo\u00eb M\u00fcller"_s,
                      u"zoe@example.com"_s, u"EUR"_s,
                      {line(u"SKU-1"_s, 2, 999), line(u"SKU-2"_s, 1, 0)}, Money::fromCents(1998)},
        OrderCancelled {u"ORD-1"_s, u"Out of stock"_s},
        ProductPriceChanged {u"SKU-9"_s, Money::fromCents(-5), Money::fromCents(123456789)},
    };
    QRandomGenerator random(20261127);
    const char replacements[] = "{}[]:,\"\\-0123456789eE.tnf \x80\xc3\xbf";
    int checked = 0;
    for (const DomainEvent &event : events) {
        const EventCodec::Encoded encoded = EventCodec::encode(event);
        for (int i = 0; i < 2000; ++i) {
            QByteArray payload = encoded.payload;
            const int at = int(random.bounded(payload.size()));
            switch (random.bounded(3)) {
            case 0:
                payload[at] = replacements[random.bounded(int(sizeof replacements) - 1)];
                break;
            case 1:
                payload.remove(at, 1);
                break;
            default:
                payload.insert(at, payload.at(at));
                break;
            }
            const QByteArray problem = disagreement(encoded.type, encoded.schemaVersion, payload);
            QVERIFY2(problem.isEmpty(), problem.constData());
            ++checked;
        }
    }
    QCOMPARE(checked, 6000);
}

void tst_EventCodec::encoderWritesWhatQtWrites()
{
    // The codec's own JSON writer writes exactly the bytes QJsonDocument writes for the same
    // event, whatever its text holds: every ASCII character (controls, quotes, backslashes),
    // Latin, CJK, emoji, a lone surrogate; and every event type.
    QString everything;
    for (char16_t c = 1; c < 0x80; ++c)
        everything += QChar(c);
    everything += u"\u00fc\u00e9\u20ac\u2028\u6f22\uffff"_s + QString::fromUtf8("\xf0\x9f\x98\x80")
        + QChar(0xd800) + u"x"_s + QChar(0xdc00);
    QRandomGenerator random(7);
    QList<DomainEvent> events = {
        CustomerRegistered {u"C1"_s, everything, u"a@b.c"_s},
        ProductAdded {u"SKU-1"_s, everything, Money::fromCents(std::numeric_limits<qint64>::min())},
        ProductPriceChanged {u"SKU-1"_s, Money::fromCents(-1),
                             Money::fromCents(std::numeric_limits<qint64>::max())},
        OrderCreated {u"ORD-1"_s, u"C1"_s, everything, everything, u"EUR"_s,
                      {line(u"SKU-1"_s, 2, 999), OrderLine {u"S\"2"_s, everything, 1, Money()}},
                      Money::fromCents(1998)},
        OrderCreated {u"ORD-2"_s, u""_s, QString(), u""_s, u""_s, {}, Money()},
        OrderLinesChanged {u"ORD-1"_s, {line(u"SKU-3"_s, 100'000, 1)}, Money::fromCents(100'000)},
        OrderConfirmed {u"ORD-1"_s},
        OrderShipped {everything},
        OrderDelivered {u"ORD-1"_s},
        OrderCancelled {u"ORD-1"_s, everything},
    };
    for (int i = 0; i < 200; ++i) {
        QString text;
        for (int n = int(random.bounded(20)); n > 0; --n)
            text += QChar(char16_t(random.bounded(0x10000)));
        events.append(OrderCancelled {text, text});
    }
    for (const DomainEvent &event : std::as_const(events)) {
        const QByteArray ours = EventCodec::encode(event).payload;
        const QByteArray qts = EventCodec::Detail::encodeGeneral(event);
        QCOMPARE(ours, qts);
    }
}

QTEST_GUILESS_MAIN(tst_EventCodec)
#include "tst_eventcodec.moc"
