// SPDX-License-Identifier: MIT
#include "fixtures.h"

#include "domain/orderid.h"

#include "domain/orderstatus.h"
#include "events/eventcodec.h"
#include "events/events.h"
#include "write/writestore.h"

#include <QElapsedTimer>
#include <QFile>

#include <cmath>
#include <random>
#include <vector>

namespace OrderDesk::Bench::Fixtures {

using namespace Qt::StringLiterals;

namespace {

const char16_t *const firstNames[] = {
    u"Ada",    u"Bruno",  u"Chiara",  u"Dmitri", u"\u00c9lodie", u"Farah",      u"Gustav",
    u"Hana",   u"Igor",   u"Jana",    u"Kenji",  u"Lena",        u"Mateo",      u"Nora",
    u"Oskar",  u"Priya",  u"Quentin", u"Rosa",   u"S\u00f8ren",  u"Tom\u00e1s", u"Ulla",
    u"Vera",   u"Wiktor", u"Xiu",     u"Yara",   u"Zo\u00eb",    u"Amara",      u"Bj\u00f6rn",
    u"Carmen", u"David",  u"Emma",    u"Felix",  u"Greta",       u"Hugo",       u"Ines",
    u"Jonas",  u"Karin",  u"Luca",    u"Mia",    u"Nils",
};
const char16_t *const lastNames[] = {
    u"Lovelace",
    u"M\u00fcller",
    u"Costa",
    u"Nakamura",
    u"Okafor",
    u"Schmidt",
    u"Garc\u00eda",
    u"Rossi",
    u"Novak",
    u"Dubois",
    u"Jensen",
    u"Kowalski",
    u"Silva",
    u"Hansen",
    u"Petrov",
    u"Moreau",
    u"Fischer",
    u"Brown",
    u"Ivanova",
    u"Larsen",
    u"Berg",
    u"Weber",
    u"Santos",
    u"Martin",
    u"Lindqvist",
    u"Horvat",
    u"Meyer",
    u"Ricci",
    u"Kaya",
    u"Tanaka",
    u"Keller",
    u"Bauer",
    u"Nowak",
    u"Popescu",
    u"Andersen",
    u"Fontaine",
    u"Moretti",
    u"Svensson",
    u"Wagner",
    u"Ferreira",
    u"Kov\u00e1\u010d",
    u"Jovanovi\u0107",
    u"Eriksen",
    u"Laine",
    u"Virtanen",
    u"O'Brien",
    u"MacLeod",
    u"Zimmermann",
    u"Richter",
    u"Vogel",
};
const char16_t *const domains[] = {u"example.com", u"mail.example.org", u"shop.test",
                                   u"example.net"};
const char16_t *const adjectives[] = {u"Cordless",  u"Compact", u"Heavy-Duty", u"Ergonomic",
                                      u"Stainless", u"Folding", u"Digital",    u"Classic",
                                      u"Wireless",  u"Premium"};
const char16_t *const nouns[] = {u"Drill",    u"Stapler",    u"Desk Lamp", u"Office Chair",
                                 u"Monitor",  u"Kettle",     u"Backpack",  u"Notebook",
                                 u"Headset",  u"Toolbox",    u"Shelf",     u"Printer",
                                 u"Scanner",  u"Whiteboard", u"Router",    u"Label Maker",
                                 u"Tape Gun", u"Cable Set",  u"Bin",       u"Calculator"};
const char16_t *const reasons[] = {u"Customer changed their mind", u"Duplicate order",
                                   u"Payment failed", u"Out of stock",
                                   u"Delivery address not served"};

constexpr qint64 StartMillis = 1'735'689'600'000; // 2025-01-01T00:00:00Z

class Random
{
public:
    explicit Random(quint32 seed)
        : m_engine(seed)
    {
    }
    quint32 next() { return quint32(m_engine()); }
    int below(int n) { return int(next() % quint32(n)); }
    double unit() { return double(next()) / 4294967296.0; }

private:
    std::mt19937 m_engine;
};

/// Lower-case ASCII letters of a name, for e-mail addresses.
QString mailPart(const QString &name)
{
    QString out;
    for (const QChar c : name.normalized(QString::NormalizationForm_D)) {
        if (c.unicode() < 128 && c.isLetter())
            out += c.toLower();
    }
    return out;
}

/// A command id shaped like the bus's (a UUID), from the fixture's random numbers.
QString commandId(Random &random)
{
    const QString hex = u"%1%2%3%4"_s.arg(random.next(), 8, 16, QLatin1Char('0'))
                            .arg(random.next(), 8, 16, QLatin1Char('0'))
                            .arg(random.next(), 8, 16, QLatin1Char('0'))
                            .arg(random.next(), 8, 16, QLatin1Char('0'));
    return hex.mid(0, 8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4)
        + u'-' + hex.mid(20, 12);
}

struct OpenOrder
{
    QString id;
    qint64 version = 1;
    OrderStatus status = OrderStatus::Pending;
};

} // namespace

QString searchedSurname()
{
    return u"m\u00fcller"_s;
}

Catalog Catalog::make(int customers, int products, quint32 seed)
{
    Random random(seed);
    Catalog catalog;
    for (int i = 0; i < customers; ++i) {
        const QString first = QString::fromUtf16(firstNames[random.below(std::size(firstNames))]);
        const QString last = QString::fromUtf16(lastNames[random.below(std::size(lastNames))]);
        const QString domain = QString::fromUtf16(domains[random.below(std::size(domains))]);
        catalog.customers.append(
            {u"C%1"_s.arg(i + 1, 5, 10, QLatin1Char('0')), first + u' ' + last,
             mailPart(first) + u'.' + mailPart(last) + QString::number(i + 1) + u'@' + domain});
    }
    for (int i = 0; i < products; ++i) {
        const QString name = QString::fromUtf16(adjectives[random.below(std::size(adjectives))])
            + u' ' + QString::fromUtf16(nouns[random.below(std::size(nouns))]);
        catalog.products.append({u"SKU-%1"_s.arg(i + 1, 4, 10, QLatin1Char('0')), name,
                                 Money::fromCents(199 + random.below(49'800))});
    }
    return catalog;
}

Result<LogSummary> writeEventLog(const QString &path, const LogOptions &options,
                                 const Progress &progress)
{
    QElapsedTimer timer;
    timer.start();
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        QFile::remove(path + suffix);
    WriteStoreConfig config;
    config.path = path;
    // A fixture need not survive a power cut; its file is as any write store's otherwise.
    config.durability = WriteStoreConfig::Durability::Normal;
    const std::unique_ptr<WriteStore> store = createWriteStore(config);
    if (auto ok = store->open(); !ok)
        return ok.error();

    const Catalog catalog = Catalog::make(options.customers, options.products, options.seed);
    Random random(options.seed * 7919 + 1);
    LogSummary summary;
    qint64 now = StartMillis;
    constexpr int EventsPerTransaction = 20'000;
    int inTransaction = 0;
    const QString actors[] = {u"anna"_s, u"ben"_s, u"carla"_s, u"dev"_s, u"erik"_s, u"fatima"_s};

    if (auto ok = store->beginBatch(); !ok)
        return ok.error();
    const auto append = [&](const DomainEvent &event, qint64 streamVersion) -> Result<void> {
        const EventCodec::Encoded encoded = EventCodec::encode(event);
        EventEnvelope envelope;
        envelope.streamId = streamIdOf(event);
        envelope.streamVersion = streamVersion;
        envelope.type = encoded.type;
        envelope.schemaVersion = encoded.schemaVersion;
        envelope.payload = encoded.payload;
        // A command every 1 to 29 seconds: a 1M-order log spans about a year.
        now += 1000 + random.below(28'000);
        envelope.occurredAt = now;
        envelope.commandId = commandId(random);
        envelope.actor = actors[random.below(std::size(actors))];
        if (auto position = store->appendEvent(envelope); !position)
            return position.error();
        ++summary.events;
        if (++inTransaction == EventsPerTransaction) {
            inTransaction = 0;
            if (auto ok = store->commitBatch(); !ok)
                return ok;
            if (progress)
                progress(summary.events);
            return store->beginBatch();
        }
        return {};
    };
    const auto done = [&] {
        return (options.events > 0 && summary.events >= options.events)
            || (options.orders > 0 && summary.orders >= options.orders && options.events <= 0);
    };

    for (const CatalogCustomer &c : catalog.customers) {
        if (done())
            break;
        if (auto ok = store->insertCustomer({c.id, c.name, c.email, 1}); !ok)
            return ok.error();
        if (auto ok = append(CustomerRegistered {c.id, c.name, c.email}, 1); !ok)
            return ok.error();
    }
    for (const CatalogProduct &p : catalog.products) {
        if (done())
            break;
        if (auto ok = store->saveProduct({p.id, p.name, p.price, 1}, true); !ok)
            return ok.error();
        if (auto ok = append(ProductAdded {p.id, p.name, p.price}, 1); !ok)
            return ok.error();
    }

    const auto makeLines = [&] {
        const int weights[] = {40, 30, 20, 10};
        int pick = random.below(100);
        int count = 1;
        for (int w : weights) {
            if (pick < w)
                break;
            pick -= w;
            ++count;
        }
        OrderLines lines;
        for (int i = 0; i < count; ++i) {
            const CatalogProduct &p =
                catalog.products.at(random.below(int(catalog.products.size())));
            lines.append(OrderLine {p.id, p.name, 1 + random.below(5), p.price});
        }
        return lines;
    };

    // Open orders in the order they were created; finished ones leave a gap (an empty id)
    // until the list is compacted.
    std::vector<OpenOrder> open;
    qint64 gaps = 0;
    QMap<int, qint64> closed;
    // The next step of an order comes soon after the last one, as at a real desk: its
    // distance from the newest order is drawn from an exponential distribution with this mean
    // (about half a day of orders at this log's pace), so old orders are touched rarely.
    constexpr double MeanAge = 2000;
    const auto pickOpen = [&]() -> OpenOrder * {
        for (int attempt = 0; attempt < 8; ++attempt) {
            const auto age = qint64(-std::log(1.0 - random.unit()) * MeanAge);
            const qint64 index = qint64(open.size()) - 1 - age;
            OpenOrder &order = open[size_t(index >= 0 ? index : random.below(int(open.size())))];
            if (!order.id.isEmpty())
                return &order;
        }
        return nullptr;
    };
    while (!done()) {
        const bool mayCreate = options.orders <= 0 || summary.orders < options.orders;
        OpenOrder *picked = nullptr;
        if (qint64(open.size()) > gaps && (!mayCreate || random.unit() < 0.5))
            picked = pickOpen();
        if (picked) {
            OpenOrder &order = *picked;
            const double r = random.unit();
            std::optional<DomainEvent> event;
            OrderStatus next = order.status;
            switch (order.status) {
            case OrderStatus::Pending:
                if (r < 0.8) {
                    event = OrderConfirmed {order.id};
                    next = OrderStatus::Confirmed;
                } else if (r < 0.9) {
                    event = OrderCancelled {
                        order.id, QString::fromUtf16(reasons[random.below(std::size(reasons))])};
                    next = OrderStatus::Cancelled;
                } else {
                    const OrderLines lines = makeLines();
                    event = OrderLinesChanged {order.id, lines, totalOf(lines).value_or(Money())};
                }
                break;
            case OrderStatus::Confirmed:
                if (r < 0.9) {
                    event = OrderShipped {order.id};
                    next = OrderStatus::Shipped;
                } else {
                    event = OrderCancelled {
                        order.id, QString::fromUtf16(reasons[random.below(std::size(reasons))])};
                    next = OrderStatus::Cancelled;
                }
                break;
            default:
                event = OrderDelivered {order.id};
                next = OrderStatus::Delivered;
                break;
            }
            if (auto ok = append(*event, ++order.version); !ok)
                return ok.error();
            order.status = next;
            if (next == OrderStatus::Delivered || next == OrderStatus::Cancelled) {
                ++closed[int(next)];
                order.id.clear();
                if (++gaps > qint64(open.size()) / 2) {
                    std::erase_if(open, [](const OpenOrder &o) { return o.id.isEmpty(); });
                    gaps = 0;
                }
            }
            continue;
        }
        const CatalogCustomer &customer =
            catalog.customers.at(random.below(int(catalog.customers.size())));
        const OrderLines lines = makeLines();
        const QString id = orderIdFrom(now, random.next());
        const QString currency = random.below(10) == 0 ? u"USD"_s : u"EUR"_s;
        if (auto ok = append(OrderCreated {id, customer.id, customer.name, customer.email, currency,
                                           lines, totalOf(lines).value_or(Money())},
                             1);
            !ok)
            return ok.error();
        ++summary.orders;
        open.push_back({id, 1, OrderStatus::Pending});
    }
    if (auto ok = store->commitBatch(); !ok)
        return ok.error();
    store->close();
    for (const OpenOrder &order : open) {
        if (!order.id.isEmpty())
            ++summary.ordersByStatus[int(order.status)];
    }
    for (auto it = closed.cbegin(); it != closed.cend(); ++it)
        summary.ordersByStatus[it.key()] += it.value();
    summary.seconds = double(timer.nsecsElapsed()) / 1e9;
    return summary;
}

} // namespace OrderDesk::Bench::Fixtures
