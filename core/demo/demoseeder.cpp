// SPDX-License-Identifier: MIT
#include "demoseeder.h"

#include "commands/commandbus.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <deque>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

constexpr int InFlight = 256;

const QStringList firstNames = {
        u"Ada"_s,    u"Bruno"_s, u"Chiara"_s, u"Dmitri"_s, u"Elena"_s,  u"Farid"_s, u"Greta"_s,
        u"Hiro"_s,   u"Ines"_s,  u"Jonas"_s,  u"Kalinda"_s, u"Luca"_s,  u"Maren"_s, u"Nikolai"_s,
        u"Olga"_s,   u"Pablo"_s, u"Quentin"_s, u"Rosa"_s,  u"Sven"_s,   u"Tomoko"_s, u"Ulrike"_s,
        u"Viktor"_s, u"Wen"_s,   u"Xenia"_s,  u"Yusuf"_s,  u"Zofia"_s,
};
const QStringList lastNames = {
        u"Andersen"_s, u"Becker"_s,  u"Costa"_s,  u"Dubois"_s,   u"Eriksen"_s, u"Fischer"_s,
        u"Garc\u00eda"_s, u"Hoffmann"_s, u"Ivanova"_s, u"Jensen"_s, u"Kowalski"_s, u"Lindqvist"_s,
        u"M\u00fcller"_s, u"Nakamura"_s, u"Okafor"_s, u"Petrov"_s, u"Rossi"_s,    u"Schmidt"_s,
        u"Tanaka"_s,   u"Urbano"_s,  u"Varga"_s,  u"Weber"_s,    u"Yilmaz"_s,  u"Zimmermann"_s,
};
const QStringList adjectives = {
        u"Compact"_s, u"Deluxe"_s,   u"Ergonomic"_s, u"Heavy-duty"_s, u"Industrial"_s, u"Modular"_s,
        u"Portable"_s, u"Premium"_s, u"Rugged"_s,    u"Smart"_s,      u"Standard"_s,   u"Wireless"_s,
};
const QStringList nouns = {
        u"Bracket"_s, u"Cable Kit"_s, u"Desk Lamp"_s, u"Drill"_s,     u"Headset"_s,
        u"Keyboard"_s, u"Label Printer"_s, u"Monitor Arm"_s, u"Pallet Jack"_s, u"Router"_s,
        u"Scanner"_s, u"Shelf Unit"_s, u"Stapler"_s,  u"Toolbox"_s,   u"Webcam"_s,
};

QString emailPart(QString text)
{
    // Keep e-mail addresses ASCII: drop the accents the names above carry.
    text = text.normalized(QString::NormalizationForm_D).toLower();
    QString ascii;
    for (QChar c : std::as_const(text)) {
        if ((c >= u'a' && c <= u'z') || c == u'-')
            ascii.append(c);
    }
    return ascii;
}

/// What an order should go through after it is created.
enum class Fate { StayPending, Confirm, Ship, Deliver, Cancel };

Fate pickFate(QRandomGenerator &random)
{
    const int roll = int(random.bounded(100));
    if (roll < 30)
        return Fate::StayPending;
    if (roll < 55)
        return Fate::Confirm;
    if (roll < 75)
        return Fate::Ship;
    if (roll < 90)
        return Fate::Deliver;
    return Fate::Cancel;
}

/// The commands that take a new order to its fate; their order ids are filled in later.
QList<Command> followUps(Fate fate, QRandomGenerator &random)
{
    static const QStringList reasons = {u"Customer changed their mind"_s,
                                        u"Payment did not arrive"_s, u"Duplicate order"_s,
                                        u"Item no longer needed"_s};
    QList<Command> commands;
    switch (fate) {
    case Fate::StayPending:
        break;
    case Fate::Cancel:
        if (random.bounded(2) == 0)
            commands.append(ConfirmOrder{});
        commands.append(CancelOrder{{}, {}, reasons.at(random.bounded(int(reasons.size())))});
        break;
    case Fate::Deliver:
        commands.append(ConfirmOrder{});
        commands.append(ShipOrder{});
        commands.append(DeliverOrder{});
        break;
    case Fate::Ship:
        commands.append(ConfirmOrder{});
        commands.append(ShipOrder{});
        break;
    case Fate::Confirm:
        commands.append(ConfirmOrder{});
        break;
    }
    return commands;
}

/// Dispatches commands with a bounded number in flight and counts the answers.
class Pipeline
{
public:
    Pipeline(CommandBus &bus, SeedSummary &summary) : m_bus(bus), m_summary(summary) { }

    void dispatch(Command command, std::function<void(const CommandResult &)> onResult = {})
    {
        if (m_inFlight.size() >= size_t(InFlight))
            settleOldest();
        m_inFlight.push_back({m_bus.dispatch(std::move(command)), std::move(onResult)});
    }

    void drain()
    {
        while (!m_inFlight.empty())
            settleOldest();
    }

    qint64 settled() const { return m_settled; }
    std::optional<Error> storageError() const { return m_storageError; }

private:
    struct Entry
    {
        QFuture<CommandResult> future;
        std::function<void(const CommandResult &)> onResult;
    };

    void settleOldest()
    {
        Entry entry = std::move(m_inFlight.front());
        m_inFlight.pop_front();
        const CommandResult result = entry.future.result();
        ++m_settled;
        ++(result.isAccepted() ? m_summary.commandsAccepted : m_summary.commandsRejected);
        if (int(result.error) >= int(ErrorCode::StorageError) && !m_storageError)
            m_storageError = result.toError();
        if (entry.onResult)
            entry.onResult(result);
    }

    CommandBus &m_bus;
    SeedSummary &m_summary;
    std::deque<Entry> m_inFlight;
    qint64 m_settled = 0;
    std::optional<Error> m_storageError;
};

} // namespace

Result<SeedSummary> DemoSeeder::run(const SeedOptions &options, const Progress &progress,
                                    const std::atomic<bool> *cancel)
{
    if (options.customers < 1 || options.products < 1 || options.orders < 0)
        return Error{ErrorCode::InvalidCommand,
                     QCoreApplication::translate("DemoSeeder",
                                                 "Demo data needs at least one customer and one "
                                                 "product.")};
    QRandomGenerator random(options.seed);
    SeedSummary summary;
    Pipeline pipeline(m_bus, summary);
    // Each order takes about two commands on average; the estimate only drives progress.
    const qint64 planned = options.customers + options.products + options.orders * 2;
    const auto report = [&] {
        if (progress)
            progress(pipeline.settled(), std::max(planned, pipeline.settled()));
    };
    const auto cancelled = [&] { return cancel && cancel->load(); };

    for (int i = 1; i <= options.customers; ++i) {
        const QString first = firstNames.at(random.bounded(int(firstNames.size())));
        const QString last = lastNames.at(random.bounded(int(lastNames.size())));
        const QString email = u"%1.%2%3@example.com"_s.arg(emailPart(first), emailPart(last)).arg(i);
        pipeline.dispatch(RegisterCustomer{{}, u"C%1"_s.arg(i, 5, 10, QLatin1Char('0')),
                                           first + u' ' + last, email},
                          [&](const CommandResult &r) {
                              summary.customersRegistered += r.isAccepted() ? 1 : 0;
                          });
    }
    for (int i = 1; i <= options.products; ++i) {
        const QString name = adjectives.at(random.bounded(int(adjectives.size()))) + u' '
                + nouns.at(random.bounded(int(nouns.size())));
        // Prices from 1.00 to 500.00, most of them "…9.99"-ish like a real catalog.
        const Money price = Money::fromCents(qint64(random.bounded(1, 500)) * 100 - 1);
        pipeline.dispatch(AddProduct{{}, u"SKU-%1"_s.arg(i, 4, 10, QLatin1Char('0')), name, price},
                          [&](const CommandResult &r) {
                              summary.productsAdded += r.isAccepted() ? 1 : 0;
                          });
    }
    // Orders need their customers and products to exist.
    pipeline.drain();
    report();

    // Each order's next step waits for the previous one's answer: the order of a stream
    // matters, while different orders interleave freely.
    std::deque<std::pair<QString, QList<Command>>> pendingFollowUps;
    std::function<void()> pumpFollowUps = [&] {
        while (!pendingFollowUps.empty()) {
            auto [orderId, commands] = std::move(pendingFollowUps.front());
            pendingFollowUps.pop_front();
            Command command = commands.takeFirst();
            std::visit(
                    [&](auto &c) {
                        if constexpr (requires { c.orderId; })
                            c.orderId = orderId;
                    },
                    command);
            pipeline.dispatch(std::move(command), [&, orderId, commands](const CommandResult &r) {
                if (r.isAccepted() && !commands.isEmpty())
                    pendingFollowUps.emplace_back(orderId, commands);
            });
        }
    };

    for (qint64 n = 0; n < options.orders && !cancelled(); ++n) {
        CreateOrder create;
        create.customerId = u"C%1"_s.arg(random.bounded(options.customers) + 1, 5, 10,
                                         QLatin1Char('0'));
        const int lineCount = 1 + int(random.bounded(4)) + (random.bounded(10) == 0 ? 4 : 0);
        for (int l = 0; l < lineCount; ++l) {
            const int product = int(random.bounded(options.products)) + 1;
            const QString sku = u"SKU-%1"_s.arg(product, 4, 10, QLatin1Char('0'));
            const bool duplicate =
                    std::any_of(create.lines.cbegin(), create.lines.cend(),
                                [&](const LineRequest &r) { return r.productId == sku; });
            if (!duplicate)
                create.lines.append(LineRequest{sku, 1 + qint64(random.bounded(9)), std::nullopt});
        }
        const QList<Command> next = followUps(pickFate(random), random);
        pipeline.dispatch(std::move(create), [&, next](const CommandResult &r) {
            if (!r.isAccepted())
                return;
            ++summary.ordersCreated;
            if (!next.isEmpty())
                pendingFollowUps.emplace_back(r.targetId, next);
        });
        pumpFollowUps();
        if (n % 1000 == 0)
            report();
        if (auto error = pipeline.storageError())
            return *error;
    }
    // Settle what is in flight; the answers may queue further steps of the same orders.
    for (;;) {
        pipeline.drain();
        if (pendingFollowUps.empty() || cancelled())
            break;
        pumpFollowUps();
    }
    report();
    if (auto error = pipeline.storageError())
        return *error;
    if (cancelled())
        return Error{ErrorCode::Cancelled,
                     QCoreApplication::translate("DemoSeeder", "Creating demo data was cancelled.")};
    return summary;
}

} // namespace OrderDesk
