// SPDX-License-Identifier: MIT
#include "domain/limits.h"
#include "domain/order.h"
#include "testsupport.h"

#include <QTest>

using namespace OrderDesk;
using OrderDesk::TestSupport::failure;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OrderDesk::OrderStatus)
Q_DECLARE_METATYPE(OrderDesk::ErrorCode)

namespace {

enum class Action { Confirm, Ship, Deliver, Cancel, ChangeLines };

const Customer customer {u"C00001"_s, u"Ada Andersen"_s, u"ada@example.com"_s, 1};

OrderLine line(const QString &sku, qint64 quantity, qint64 cents)
{
    return OrderLine {sku, u"Product "_s + sku, quantity, Money::fromCents(cents)};
}

const OrderLines twoLines = {line(u"SKU-1"_s, 2, 999), line(u"SKU-2"_s, 1, 2500)};

/// An order taken to `status` the way the store does it: by applying the events that lead there.
Order orderIn(OrderStatus status)
{
    Order order;
    qint64 now = 1'000;
    const auto apply = [&](const DomainEvent &event) {
        order.apply(event, now += 1'000);
    };
    apply(*Order::create(u"ORD-1"_s, customer, twoLines, u"EUR"_s));
    if (status == OrderStatus::Cancelled)
        apply(*order.cancel(u"customer asked"_s));
    if (status == OrderStatus::Confirmed || status == OrderStatus::Shipped
        || status == OrderStatus::Delivered)
        apply(*order.confirm());
    if (status == OrderStatus::Shipped || status == OrderStatus::Delivered)
        apply(*order.ship());
    if (status == OrderStatus::Delivered)
        apply(*order.deliver());
    return order;
}

/// Runs one decision; on success returns the event, on failure the error.
Result<DomainEvent> decide(const Order &order, Action action)
{
    const auto wrap = [](auto result) -> Result<DomainEvent> {
        if (!result)
            return result.error();
        return DomainEvent(*result);
    };
    switch (action) {
    case Action::Confirm:
        return wrap(order.confirm());
    case Action::Ship:
        return wrap(order.ship());
    case Action::Deliver:
        return wrap(order.deliver());
    case Action::Cancel:
        return wrap(order.cancel(u"no longer needed"_s));
    case Action::ChangeLines:
        return wrap(order.changeLines({line(u"SKU-3"_s, 4, 100)}));
    }
    return Error {ErrorCode::InvalidCommand, u"unknown action"_s};
}

OrderLines manyLines(int count, qint64 quantity, qint64 cents)
{
    OrderLines lines;
    for (int i = 0; i < count; ++i)
        lines.append(line(u"SKU-%1"_s.arg(i), quantity, cents));
    return lines;
}

} // namespace

Q_DECLARE_METATYPE(Action)

class tst_Order : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data();
    void transitions();
    void transitionErrorNamesTheOrder();
    void cancelReason_data();
    void cancelReason();
    void lineLimits_data();
    void lineLimits();
    void createCarriesCustomerAndTotal();
    void applyBumpsVersionAndTime();
    void applyRecordsLinesAndReason();
};

void tst_Order::transitions_data()
{
    QTest::addColumn<OrderStatus>("status");
    QTest::addColumn<Action>("action");
    QTest::addColumn<ErrorCode>("error");
    QTest::addColumn<OrderStatus>("after");

    using S = OrderStatus;
    using E = ErrorCode;
    const struct
    {
        const char *name;
        Action action;
        // What the action does in each status, in allOrderStatuses() order.
        E errors[5];
    } table[] = {
        {"confirm",
         Action::Confirm,
         {E::None, E::ConfirmRequiresPending, E::ConfirmRequiresPending, E::ConfirmRequiresPending,
          E::ConfirmRequiresPending}},
        {"ship",
         Action::Ship,
         {E::ShipRequiresConfirmed, E::None, E::ShipRequiresConfirmed, E::ShipRequiresConfirmed,
          E::ShipRequiresConfirmed}},
        {"deliver",
         Action::Deliver,
         {E::DeliverRequiresShipped, E::DeliverRequiresShipped, E::None, E::DeliverRequiresShipped,
          E::DeliverRequiresShipped}},
        {"cancel",
         Action::Cancel,
         {E::None, E::None, E::None, E::CancelNotAllowed, E::CancelNotAllowed}},
        {"changeLines",
         Action::ChangeLines,
         {E::None, E::LinesLocked, E::LinesLocked, E::LinesLocked, E::LinesLocked}},
    };
    const auto target = [](Action action, S from) {
        switch (action) {
        case Action::Confirm:
            return S::Confirmed;
        case Action::Ship:
            return S::Shipped;
        case Action::Deliver:
            return S::Delivered;
        case Action::Cancel:
            return S::Cancelled;
        case Action::ChangeLines:
            return from;
        }
        return from;
    };
    const QList<S> statuses = allOrderStatuses();
    QCOMPARE(statuses.size(), 5);
    for (const auto &row : table) {
        for (qsizetype i = 0; i < statuses.size(); ++i) {
            const S status = statuses.at(i);
            QTest::addRow("%s/%s", qPrintable(orderStatusKey(status)), row.name)
                << status << row.action << row.errors[i] << target(row.action, status);
        }
    }
}

void tst_Order::transitions()
{
    // Every status x every command: allowed moves reach the right status, the others fail with
    // their own named error and leave the order as it was.
    QFETCH(OrderStatus, status);
    QFETCH(Action, action);
    QFETCH(ErrorCode, error);
    QFETCH(OrderStatus, after);

    Order order = orderIn(status);
    QCOMPARE(order.status(), status);
    const Order before = order;
    const Result<DomainEvent> decided = decide(order, action);
    if (error != ErrorCode::None) {
        QVERIFY(!decided);
        QCOMPARE(decided.error().code, error);
        QVERIFY(!decided.error().message.isEmpty());
        QCOMPARE(order, before);
        return;
    }
    QVERIFY2(decided, failure(decided));
    QCOMPARE(streamIdOf(*decided), order.id());
    order.apply(*decided, order.updatedAt() + 1);
    QCOMPARE(order.status(), after);
    QCOMPARE(order.version(), before.version() + 1);
}

void tst_Order::transitionErrorNamesTheOrder()
{
    // A refused transition tells people which order and why, not just a code.
    const Result<OrderShipped> shipped = orderIn(OrderStatus::Pending).ship();
    QVERIFY(!shipped);
    QVERIFY2(shipped.error().message.contains(u"ORD-1"), qPrintable(shipped.error().message));
    QVERIFY2(shipped.error().message.contains(u"pending"), qPrintable(shipped.error().message));
}

void tst_Order::cancelReason_data()
{
    QTest::addColumn<OrderStatus>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<ErrorCode>("error");
    QTest::addColumn<QString>("stored");

    const QString longest(Limits::MaxReasonLength, u'r');
    QTest::newRow("plain") << OrderStatus::Pending << u"customer asked"_s << ErrorCode::None
                           << u"customer asked"_s;
    QTest::newRow("trimmed") << OrderStatus::Confirmed << u"  late payment \n"_s << ErrorCode::None
                             << u"late payment"_s;
    QTest::newRow("two lines") << OrderStatus::Shipped << u"lost\nin transit"_s << ErrorCode::None
                               << u"lost\nin transit"_s;
    QTest::newRow("longest") << OrderStatus::Pending << longest << ErrorCode::None << longest;
    QTest::newRow("empty") << OrderStatus::Pending << QString() << ErrorCode::ReasonRequired
                           << QString();
    QTest::newRow("blank") << OrderStatus::Pending << u" \t\n "_s << ErrorCode::ReasonRequired
                           << QString();
    QTest::newRow("too long") << OrderStatus::Confirmed
                              << QString(Limits::MaxReasonLength + 1, u'r')
                              << ErrorCode::ReasonTooLong << QString();
    QTest::newRow("control character")
        << OrderStatus::Pending << u"bell\u0007"_s << ErrorCode::InvalidText << QString();
    // The status decides first: a delivered order cannot be cancelled whatever the reason.
    QTest::newRow("delivered, no reason")
        << OrderStatus::Delivered << QString() << ErrorCode::CancelNotAllowed << QString();
}

void tst_Order::cancelReason()
{
    // A cancellation needs a real, bounded reason, and the reason is stored as given (trimmed).
    QFETCH(OrderStatus, status);
    QFETCH(QString, reason);
    QFETCH(ErrorCode, error);
    QFETCH(QString, stored);

    Order order = orderIn(status);
    const Result<OrderCancelled> cancelled = order.cancel(reason);
    if (error != ErrorCode::None) {
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, error);
        return;
    }
    QVERIFY2(cancelled, failure(cancelled));
    QCOMPARE(cancelled->reason, stored);
    order.apply(*cancelled, 99'000);
    QCOMPARE(order.cancelReason(), stored);
}

void tst_Order::lineLimits_data()
{
    QTest::addColumn<OrderLines>("lines");
    QTest::addColumn<ErrorCode>("error");
    QTest::addColumn<qint64>("total");

    constexpr qint64 maxPrice = Limits::MaxUnitPriceCents;
    constexpr qint64 maxQuantity = Limits::MaxQuantity;
    QTest::newRow("two lines") << twoLines << ErrorCode::None << qint64(2 * 999 + 2500);
    QTest::newRow("free item") << OrderLines {line(u"GIFT"_s, 1, 0)} << ErrorCode::None
                               << qint64(0);
    QTest::newRow("no lines") << OrderLines() << ErrorCode::NoLines << qint64(0);
    QTest::newRow("500 lines") << manyLines(Limits::MaxLines, 1, 100) << ErrorCode::None
                               << qint64(Limits::MaxLines * 100);
    QTest::newRow("501 lines") << manyLines(Limits::MaxLines + 1, 1, 100) << ErrorCode::TooManyLines
                               << qint64(0);
    QTest::newRow("quantity 1") << OrderLines {line(u"A"_s, 1, 5)} << ErrorCode::None << qint64(5);
    QTest::newRow("quantity max") << OrderLines {line(u"A"_s, maxQuantity, 5)} << ErrorCode::None
                                  << maxQuantity * 5;
    QTest::newRow("quantity 0") << OrderLines {line(u"A"_s, 0, 5)} << ErrorCode::InvalidQuantity
                                << qint64(0);
    QTest::newRow("quantity max+1")
        << OrderLines {line(u"A"_s, maxQuantity + 1, 5)} << ErrorCode::InvalidQuantity << qint64(0);
    QTest::newRow("negative quantity")
        << OrderLines {line(u"A"_s, -1, 5)} << ErrorCode::InvalidQuantity << qint64(0);
    QTest::newRow("negative price")
        << OrderLines {line(u"A"_s, 1, -1)} << ErrorCode::InvalidPrice << qint64(0);
    QTest::newRow("price above limit")
        << OrderLines {line(u"A"_s, 1, maxPrice + 1)} << ErrorCode::InvalidPrice << qint64(0);
    QTest::newRow("duplicate product")
        << OrderLines {line(u"A"_s, 1, 5), line(u"B"_s, 1, 5), line(u"A"_s, 2, 5)}
        << ErrorCode::DuplicateLine << qint64(0);
    // One line at the limits is 10^17 cents; 92 of them still fit in 64 bits, 93 do not.
    QTest::newRow("largest total that fits")
        << manyLines(92, maxQuantity, maxPrice) << ErrorCode::None << 92 * maxQuantity * maxPrice;
    QTest::newRow("total overflow")
        << manyLines(100, maxQuantity, maxPrice) << ErrorCode::MoneyOverflow << qint64(0);
}

void tst_Order::lineLimits()
{
    // Creating an order and changing a pending order's lines enforce the same limits, so no
    // order can be stored that the other path would refuse.
    QFETCH(OrderLines, lines);
    QFETCH(ErrorCode, error);
    QFETCH(qint64, total);

    const Result<OrderCreated> created = Order::create(u"ORD-2"_s, customer, lines, u"EUR"_s);
    const Result<OrderLinesChanged> changed = orderIn(OrderStatus::Pending).changeLines(lines);
    if (error != ErrorCode::None) {
        QVERIFY(!created);
        QCOMPARE(created.error().code, error);
        QVERIFY(!created.error().message.isEmpty());
        QVERIFY(!changed);
        QCOMPARE(changed.error().code, error);
        return;
    }
    QVERIFY2(created, failure(created));
    QCOMPARE(created->total.cents(), total);
    QCOMPARE(created->lines, lines);
    QVERIFY2(changed, failure(changed));
    QCOMPARE(changed->total.cents(), total);
    QCOMPARE(changed->lines, lines);
}

void tst_Order::createCarriesCustomerAndTotal()
{
    // The creation event carries everything the read side shows: customer name, e-mail, lines.
    const Result<OrderCreated> created = Order::create(u"ORD-9"_s, customer, twoLines, u"CHF"_s);
    QVERIFY(created);
    QCOMPARE(created->orderId, u"ORD-9"_s);
    QCOMPARE(created->customerId, customer.id);
    QCOMPARE(created->customerName, customer.name);
    QCOMPARE(created->customerEmail, customer.email);
    QCOMPARE(created->currency, u"CHF"_s);
    QCOMPARE(created->lines, twoLines);
    QCOMPARE(created->total, Money::fromCents(4498));
}

void tst_Order::applyBumpsVersionAndTime()
{
    // Each applied event is one version and moves updatedAt; createdAt stays the creation time.
    Order order;
    QCOMPARE(order.version(), 0);
    order.apply(*Order::create(u"ORD-3"_s, customer, twoLines, u"EUR"_s), 5'000);
    QCOMPARE(order.id(), u"ORD-3"_s);
    QCOMPARE(order.status(), OrderStatus::Pending);
    QCOMPARE(order.version(), 1);
    QCOMPARE(order.createdAt(), 5'000);
    QCOMPARE(order.updatedAt(), 5'000);

    order.apply(*order.confirm(), 7'000);
    QCOMPARE(order.version(), 2);
    QCOMPARE(order.createdAt(), 5'000);
    QCOMPARE(order.updatedAt(), 7'000);

    order.apply(*order.ship(), 9'000);
    order.apply(*order.deliver(), 12'000);
    QCOMPARE(order.status(), OrderStatus::Delivered);
    QCOMPARE(order.version(), 4);
    QCOMPARE(order.createdAt(), 5'000);
    QCOMPARE(order.updatedAt(), 12'000);
}

void tst_Order::applyRecordsLinesAndReason()
{
    // Changing lines replaces them and the total; cancelling keeps the reason for display.
    Order order = orderIn(OrderStatus::Pending);
    const OrderLines newLines = {line(u"SKU-7"_s, 3, 1'000)};
    order.apply(*order.changeLines(newLines), 50'000);
    QCOMPARE(order.lines(), newLines);
    QCOMPARE(order.total(), Money::fromCents(3'000));
    QCOMPARE(order.status(), OrderStatus::Pending);
    QCOMPARE(order.version(), 2);

    order.apply(*order.cancel(u"  wrong size "_s), 60'000);
    QCOMPARE(order.status(), OrderStatus::Cancelled);
    QCOMPARE(order.cancelReason(), u"wrong size"_s);
    QCOMPARE(order.version(), 3);
    QCOMPARE(order.updatedAt(), 60'000);
}

QTEST_GUILESS_MAIN(tst_Order)
#include "tst_order.moc"
