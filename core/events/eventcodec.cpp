// SPDX-License-Identifier: MIT
#include "eventcodec.h"

#include "domain/limits.h"
#include "domain/overloaded.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVarLengthArray>

#include <functional>
#include <optional>

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


/// Writes the compact JSON QJsonDocument::toJson(Compact) writes for toJson(event), byte for
/// byte, without building a QJsonObject (a fifth of a command's cost): keys in the order
/// QJsonObject keeps them (sorted), strings escaped as Qt escapes them.
class CompactWriter
{
public:
    QByteArray take() { return std::move(m_out); }

    CompactWriter &begin() { return put('{'); }
    CompactWriter &end() { return put('}'); }

    CompactWriter &key(const char *name)
    {
        if (m_out.size() > 1 && m_out.back() != '{' && m_out.back() != '[')
            m_out.append(',');
        m_out.append('"').append(name).append("\":");
        return *this;
    }
    CompactWriter &field(const char *name, const QString &value)
    {
        key(name);
        return string(value);
    }
    CompactWriter &field(const char *name, qint64 value)
    {
        key(name);
        m_out.append(QByteArray::number(value));
        return *this;
    }
    CompactWriter &lines(const char *name, const OrderLines &lines)
    {
        key(name).put('[');
        bool first = true;
        for (const OrderLine &line : lines) {
            if (!first)
                m_out.append(',');
            first = false;
            begin()
                    .field("productId", line.productId)
                    .field("productName", line.productName)
                    .field("quantity", line.quantity)
                    .field("unitPriceCents", line.unitPrice.cents())
                    .end();
        }
        return put(']');
    }

private:
    CompactWriter &put(char c)
    {
        m_out.append(c);
        return *this;
    }

    CompactWriter &string(const QString &value)
    {
        static constexpr char hex[] = "0123456789abcdef";
        const auto escaped = [&](char16_t u) {
            const char text[] = {'\\', 'u', hex[u >> 12], hex[(u >> 8) & 15], hex[(u >> 4) & 15],
                                 hex[u & 15]};
            m_out.append(text, sizeof text);
        };
        m_out.append('"');
        const char16_t *p = reinterpret_cast<const char16_t *>(value.utf16());
        const char16_t *end = p + value.size();
        while (p < end) {
            const char16_t u = *p++;
            if (u < 0x80) {
                switch (u) {
                case u'"':
                    m_out.append("\\\"");
                    break;
                case u'\\':
                    m_out.append("\\\\");
                    break;
                case u'\b':
                    m_out.append("\\b");
                    break;
                case u'\f':
                    m_out.append("\\f");
                    break;
                case u'\n':
                    m_out.append("\\n");
                    break;
                case u'\r':
                    m_out.append("\\r");
                    break;
                case u'\t':
                    m_out.append("\\t");
                    break;
                default:
                    if (u < 0x20)
                        escaped(u);
                    else
                        m_out.append(char(u));
                }
            } else if (u < 0x800) {
                m_out.append(char(0xc0 | (u >> 6))).append(char(0x80 | (u & 0x3f)));
            } else if (QChar::isHighSurrogate(u) && p < end && QChar::isLowSurrogate(*p)) {
                const char32_t c = QChar::surrogateToUcs4(u, *p++);
                m_out.append(char(0xf0 | (c >> 18)))
                        .append(char(0x80 | ((c >> 12) & 0x3f)))
                        .append(char(0x80 | ((c >> 6) & 0x3f)))
                        .append(char(0x80 | (c & 0x3f)));
            } else if (QChar::isSurrogate(u)) {
                escaped(u); // a lone surrogate, as Qt writes it
            } else {
                m_out.append(char(0xe0 | (u >> 12)))
                        .append(char(0x80 | ((u >> 6) & 0x3f)))
                        .append(char(0x80 | (u & 0x3f)));
            }
        }
        m_out.append('"');
        return *this;
    }

    QByteArray m_out;
};

QByteArray compactJson(const DomainEvent &event)
{
    CompactWriter w;
    std::visit(Overloaded{
                       [&](const CustomerRegistered &e) {
                           w.begin()
                                   .field("customerId", e.customerId)
                                   .field("email", e.email)
                                   .field("name", e.name)
                                   .end();
                       },
                       [&](const ProductAdded &e) {
                           w.begin()
                                   .field("name", e.name)
                                   .field("productId", e.productId)
                                   .field("unitPriceCents", e.unitPrice.cents())
                                   .end();
                       },
                       [&](const ProductPriceChanged &e) {
                           w.begin()
                                   .field("newPriceCents", e.newPrice.cents())
                                   .field("oldPriceCents", e.oldPrice.cents())
                                   .field("productId", e.productId)
                                   .end();
                       },
                       [&](const OrderCreated &e) {
                           w.begin()
                                   .field("currency", e.currency)
                                   .field("customerEmail", e.customerEmail)
                                   .field("customerId", e.customerId)
                                   .field("customerName", e.customerName)
                                   .lines("lines", e.lines)
                                   .field("orderId", e.orderId)
                                   .field("totalCents", e.total.cents())
                                   .end();
                       },
                       [&](const OrderLinesChanged &e) {
                           w.begin()
                                   .lines("lines", e.lines)
                                   .field("orderId", e.orderId)
                                   .field("totalCents", e.total.cents())
                                   .end();
                       },
                       [&](const OrderConfirmed &e) { w.begin().field("orderId", e.orderId).end(); },
                       [&](const OrderShipped &e) { w.begin().field("orderId", e.orderId).end(); },
                       [&](const OrderDelivered &e) { w.begin().field("orderId", e.orderId).end(); },
                       [&](const OrderCancelled &e) {
                           w.begin().field("orderId", e.orderId).field("reason", e.reason).end();
                       },
               },
               event);
    return w.take();
}

/// The payloads EventCodec::encode() writes, read without building a QJsonDocument: compact
/// JSON (no whitespace), objects, arrays, integers and strings without escapes. Anything else -
/// whitespace, escapes, fractions, exponents, true/false/null, duplicate keys, empty strings,
/// doubtful UTF-8 - makes it give up, and the payload goes to the general reader, which then
/// decides. So it never accepts what the general reader refuses or reads anything differently;
/// it only makes the common case (the projector reads every event of the log) cheap.
namespace Canonical {

struct Node
{
    enum Kind : quint8 { String, Integer, Object, Array };
    Kind kind = String;
    QByteArrayView key;
    QByteArrayView text;
    qint64 integer = 0;
    int firstChild = -1;
    int lastChild = -1;
    int next = -1;
    int children = 0;
};

class Reader
{
public:
    explicit Reader(QByteArrayView json)
        : m_p(reinterpret_cast<const uchar *>(json.data()))
        , m_end(reinterpret_cast<const uchar *>(json.data()) + json.size())
    {
    }

    /// The root object's node, or -1 when the payload is not in the canonical form.
    int parse()
    {
        if (m_p == m_end || *m_p != '{')
            return -1;
        const int root = value(0);
        return root >= 0 && m_p == m_end ? root : -1;
    }

    const Node &node(int index) const { return m_nodes[index]; }

    /// The member of an object by name, or nullptr.
    const Node *member(int object, QByteArrayView key) const
    {
        for (int child = m_nodes[object].firstChild; child >= 0; child = m_nodes[child].next) {
            if (m_nodes[child].key == key)
                return &m_nodes[child];
        }
        return nullptr;
    }

private:
    static constexpr int MaxDepth = 3;

    int add(Node::Kind kind)
    {
        m_nodes.append(Node {});
        m_nodes.last().kind = kind;
        return int(m_nodes.size() - 1);
    }

    int value(int depth)
    {
        if (m_p == m_end)
            return -1;
        switch (*m_p) {
        case '"':
            return string();
        case '{':
            return depth < MaxDepth ? container(Node::Object, '}', depth) : -1;
        case '[':
            return depth < MaxDepth ? container(Node::Array, ']', depth) : -1;
        default:
            return (*m_p == '-' || (*m_p >= '0' && *m_p <= '9')) ? integer() : -1;
        }
    }

    bool text(QByteArrayView &out)
    {
        const uchar *start = ++m_p;
        while (m_p < m_end && *m_p != '"') {
            const uchar c = *m_p;
            if (c == '\\' || c < 0x20)
                return false;
            if (c < 0x80) {
                ++m_p;
                continue;
            }
            if (!utf8Character())
                return false;
        }
        if (m_p == m_end || m_p == start)
            return false; // unterminated, or empty (left to the general reader)
        out = QByteArrayView(reinterpret_cast<const char *>(start), m_p - start);
        ++m_p;
        return true;
    }

    /// One well-formed UTF-8 character of two to four bytes, without surrogates.
    bool utf8Character()
    {
        const uchar c = *m_p;
        int length = 0;
        uchar low = 0x80;
        uchar high = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            length = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            length = 3;
            if (c == 0xe0)
                low = 0xa0;
            else if (c == 0xed)
                high = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            length = 4;
            if (c == 0xf0)
                low = 0x90;
            else if (c == 0xf4)
                high = 0x8f;
        } else {
            return false;
        }
        if (m_end - m_p < length || m_p[1] < low || m_p[1] > high)
            return false;
        for (int i = 2; i < length; ++i) {
            if (m_p[i] < 0x80 || m_p[i] > 0xbf)
                return false;
        }
        m_p += length;
        return true;
    }

    int string()
    {
        QByteArrayView view;
        if (!text(view))
            return -1;
        const int index = add(Node::String);
        m_nodes[index].text = view;
        return index;
    }

    int integer()
    {
        const bool negative = *m_p == '-';
        if (negative)
            ++m_p;
        if (m_p == m_end || *m_p < '0' || *m_p > '9')
            return -1;
        if (*m_p == '0' && (negative || (m_p + 1 < m_end && m_p[1] >= '0' && m_p[1] <= '9')))
            return -1; // -0 and leading zeros
        quint64 magnitude = 0;
        const quint64 limit = negative ? quint64(std::numeric_limits<qint64>::max()) + 1
                                       : quint64(std::numeric_limits<qint64>::max());
        for (; m_p < m_end && *m_p >= '0' && *m_p <= '9'; ++m_p) {
            const quint64 digit = *m_p - '0';
            if (magnitude > (limit - digit) / 10)
                return -1;
            magnitude = magnitude * 10 + digit;
        }
        if (m_p < m_end && *m_p != ',' && *m_p != '}' && *m_p != ']')
            return -1; // a fraction or an exponent
        const int index = add(Node::Integer);
        m_nodes[index].integer = negative ? qint64(0 - magnitude) : qint64(magnitude);
        return index;
    }

    int container(Node::Kind kind, char close, int depth)
    {
        const int index = add(kind);
        ++m_p;
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return index;
        }
        for (;;) {
            QByteArrayView key;
            if (kind == Node::Object) {
                if (m_p == m_end || *m_p != '"' || !text(key) || m_p == m_end || *m_p != ':')
                    return -1;
                for (const uchar c : QByteArrayView(key)) {
                    if (c >= 0x80)
                        return -1;
                }
                if (member(index, key))
                    return -1; // a duplicate key
                ++m_p;
            }
            const int child = value(depth + 1);
            if (child < 0)
                return -1;
            Node &parent = m_nodes[index];
            m_nodes[child].key = key;
            if (parent.lastChild < 0)
                parent.firstChild = child;
            else
                m_nodes[parent.lastChild].next = child;
            parent.lastChild = child;
            ++parent.children;
            if (m_p == m_end)
                return -1;
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p != close)
                return -1;
            ++m_p;
            return index;
        }
    }

    const uchar *m_p;
    const uchar *m_end;
    QVarLengthArray<Node, 48> m_nodes;
};

/// Typed fields of one object; the first field that is missing or of another type or range
/// makes ok() false (and the general reader then words the error).
class Fields
{
public:
    Fields(const Reader &reader, int object)
        : m_reader(reader)
        , m_object(object)
    {
    }

    QString string(QByteArrayView key)
    {
        const Node *n = m_reader.member(m_object, key);
        if (!n || n->kind != Node::String) {
            m_ok = false;
            return {};
        }
        return QString::fromUtf8(n->text);
    }

    qint64 integer(QByteArrayView key, qint64 minimum, qint64 maximum)
    {
        const Node *n = m_reader.member(m_object, key);
        if (!n || n->kind != Node::Integer || n->integer < minimum || n->integer > maximum) {
            m_ok = false;
            return 0;
        }
        return n->integer;
    }

    Money money(QByteArrayView key)
    {
        return Money::fromCents(
            integer(key, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()));
    }

    OrderLines lines(QByteArrayView key)
    {
        const Node *n = m_reader.member(m_object, key);
        if (!n || n->kind != Node::Array || n->children > Limits::MaxLines) {
            m_ok = false;
            return {};
        }
        OrderLines lines;
        lines.reserve(n->children);
        for (int child = n->firstChild; child >= 0 && m_ok; child = m_reader.node(child).next) {
            if (m_reader.node(child).kind != Node::Object) {
                m_ok = false;
                break;
            }
            Fields line(m_reader, child);
            OrderLine parsed;
            parsed.productId = line.string("productId");
            parsed.productName = line.string("productName");
            parsed.quantity = line.integer("quantity", Limits::MinQuantity, Limits::MaxQuantity);
            parsed.unitPrice =
                Money::fromCents(line.integer("unitPriceCents", 0, Limits::MaxUnitPriceCents));
            m_ok = m_ok && line.ok();
            lines.append(std::move(parsed));
        }
        return lines;
    }

    bool ok() const { return m_ok; }

private:
    const Reader &m_reader;
    int m_object;
    bool m_ok = true;
};

/// The event, when the payload is in the canonical form of the current schema version and
/// every field is there and valid; nullopt otherwise.
std::optional<DomainEvent> decode(QStringView type, const QByteArray &payload)
{
    Reader reader(payload);
    const int root = reader.parse();
    if (root < 0)
        return std::nullopt;
    Fields f(reader, root);
    DomainEvent event;
    if (type == u"OrderCreated") {
        OrderCreated e;
        e.orderId = f.string("orderId");
        e.customerId = f.string("customerId");
        e.customerName = f.string("customerName");
        e.customerEmail = f.string("customerEmail");
        e.currency = f.string("currency");
        e.lines = f.lines("lines");
        e.total = f.money("totalCents");
        event = std::move(e);
    } else if (type == u"OrderConfirmed") {
        event = OrderConfirmed {f.string("orderId")};
    } else if (type == u"OrderShipped") {
        event = OrderShipped {f.string("orderId")};
    } else if (type == u"OrderDelivered") {
        event = OrderDelivered {f.string("orderId")};
    } else if (type == u"OrderCancelled") {
        event = OrderCancelled {f.string("orderId"), f.string("reason")};
    } else if (type == u"OrderLinesChanged") {
        OrderLinesChanged e;
        e.orderId = f.string("orderId");
        e.lines = f.lines("lines");
        e.total = f.money("totalCents");
        event = std::move(e);
    } else if (type == u"CustomerRegistered") {
        event = CustomerRegistered {f.string("customerId"), f.string("name"), f.string("email")};
    } else if (type == u"ProductAdded") {
        event = ProductAdded {f.string("productId"), f.string("name"), f.money("unitPriceCents")};
    } else if (type == u"ProductPriceChanged") {
        event = ProductPriceChanged {f.string("productId"), f.money("oldPriceCents"),
                                     f.money("newPriceCents")};
    } else {
        return std::nullopt;
    }
    if (!f.ok())
        return std::nullopt;
    return event;
}

} // namespace Canonical

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
    return {type, currentSchemaVersion(type), compactJson(event)};
}

namespace {

/// Why a type and schema version cannot be read, if they cannot.
std::optional<Error> versionError(const QString &type, int schemaVersion)
{
    const int current = currentSchemaVersion(type);
    if (current == 0)
        return Error {ErrorCode::UnknownEventType,
                      tr("Unknown event type \u201c%1\u201d.").arg(type.left(100))};
    if (schemaVersion < 1 || schemaVersion > current)
        return Error {ErrorCode::UnsupportedSchemaVersion,
                      tr("%1 schema version %2 is not supported by this version of OrderDesk "
                         "(it reads versions 1 to %3).")
                          .arg(type)
                          .arg(schemaVersion)
                          .arg(current)};
    return std::nullopt;
}

} // namespace

Result<DomainEvent> decode(const QString &type, int schemaVersion, const QByteArray &payload)
{
    if (std::optional<Error> error = versionError(type, schemaVersion))
        return *error;
    if (schemaVersion == currentSchemaVersion(type)) {
        if (std::optional<DomainEvent> event = Canonical::decode(type, payload))
            return std::move(*event);
    }
    return Detail::decodeGeneral(type, schemaVersion, payload);
}

namespace Detail {

QByteArray encodeGeneral(const DomainEvent &event)
{
    return QJsonDocument(toJson(event)).toJson(QJsonDocument::Compact);
}

Result<DomainEvent> decodeGeneral(const QString &type, int schemaVersion, const QByteArray &payload)
{
    if (std::optional<Error> error = versionError(type, schemaVersion))
        return *error;
    const int current = currentSchemaVersion(type);
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

} // namespace Detail

} // namespace OrderDesk::EventCodec
