// SPDX-License-Identifier: MIT
#include "commands/commandparser.h"
#include "testsupport.h"

#include <QTest>

using namespace OrderDesk;
using OrderDesk::TestSupport::failure;
using namespace Qt::StringLiterals;

namespace {

QStringList words(const QString &text)
{
    return text.split(u' ', Qt::SkipEmptyParts);
}

/// The price column's value for a line without a price.
constexpr qint64 noPrice = std::numeric_limits<qint64>::min();

template<typename T> const T *as(const Result<Command> &parsed)
{
    return parsed ? std::get_if<T>(&*parsed) : nullptr;
}

} // namespace

class tst_CommandParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandNames();
    void registerCustomer();
    void addProduct();
    void changePrice();
    void createOrder();
    void createOrderMinimal();
    void changeLines();
    void orderTransitions_data();
    void orderTransitions();
    void cancel();
    void meta();
    void optionWithEquals();
    void argumentsKeptWhole();
    void lineRequest_data();
    void lineRequest();
    void invalid_data();
    void invalid();
};

void tst_CommandParser::commandNames()
{
    // Every command of the bus can be written on the command line, each under one name.
    const QStringList names = parsableCommandNames();
    QCOMPARE(names.size(), 9);
    QCOMPARE(QSet<QString>(names.cbegin(), names.cend()).size(), names.size());
    for (const QString &name : names) {
        const Result<Command> parsed = parseCommand({name});
        // Every known name is understood, even if it then misses its arguments.
        if (!parsed)
            QVERIFY2(!parsed.error().message.contains(u"Unknown command"), failure(parsed));
    }
}

void tst_CommandParser::registerCustomer()
{
    // register-customer ID --name --email becomes RegisterCustomer with those fields.
    const Result<Command> parsed =
        parseCommand({u"register-customer"_s, u"C00001"_s, u"--name"_s, u"Ada Lovelace"_s,
                      u"--email"_s, u"ada@example.com"_s});
    const auto *c = as<RegisterCustomer>(parsed);
    QVERIFY2(c, failure(parsed));
    QCOMPARE(c->customerId, u"C00001"_s);
    QCOMPARE(c->name, u"Ada Lovelace"_s);
    QCOMPARE(c->email, u"ada@example.com"_s);
    QVERIFY(c->meta.commandId.isEmpty());
    QVERIFY(!c->meta.expectedVersion);
}

void tst_CommandParser::addProduct()
{
    // add-product SKU --name --price becomes AddProduct with the exact price in cents.
    const Result<Command> parsed =
        parseCommand(words(u"add-product SKU-0001 --name Drill --price 49.99"_s));
    const auto *c = as<AddProduct>(parsed);
    QVERIFY2(c, failure(parsed));
    QCOMPARE(c->productId, u"SKU-0001"_s);
    QCOMPARE(c->name, u"Drill"_s);
    QCOMPARE(c->unitPrice, Money::fromCents(4999));
}

void tst_CommandParser::changePrice()
{
    // change-price SKU --price becomes ChangeProductPrice.
    const Result<Command> parsed = parseCommand(words(u"change-price SKU-0001 --price 5"_s));
    const auto *c = as<ChangeProductPrice>(parsed);
    QVERIFY2(c, failure(parsed));
    QCOMPARE(c->productId, u"SKU-0001"_s);
    QCOMPARE(c->newPrice, Money::fromCents(500));
}

void tst_CommandParser::createOrder()
{
    // create-order takes the customer, lines in order (optionally priced), currency and id.
    const Result<Command> parsed = parseCommand(
        words(u"create-order --customer C00001 --line SKU-0001:2 --line SKU-0002:1@9.99 "
              "--currency USD --order-id ORD-42"_s));
    const auto *c = as<CreateOrder>(parsed);
    QVERIFY2(c, failure(parsed));
    QCOMPARE(c->customerId, u"C00001"_s);
    QCOMPARE(c->currency, u"USD"_s);
    QCOMPARE(c->orderId, u"ORD-42"_s);
    QCOMPARE(c->lines.size(), 2);
    QCOMPARE(c->lines[0].productId, u"SKU-0001"_s);
    QCOMPARE(c->lines[0].quantity, 2);
    QVERIFY(!c->lines[0].unitPrice);
    QCOMPARE(c->lines[1].productId, u"SKU-0002"_s);
    QCOMPARE(c->lines[1].quantity, 1);
    QCOMPARE(c->lines[1].unitPrice, std::optional<Money>(Money::fromCents(999)));
}

void tst_CommandParser::createOrderMinimal()
{
    // Left out, the order id and currency stay empty so that the bus picks them.
    const Result<Command> parsed =
        parseCommand(words(u"create-order --line SKU-1:1 --customer C1"_s));
    const auto *c = as<CreateOrder>(parsed);
    QVERIFY2(c, failure(parsed));
    QVERIFY(c->orderId.isEmpty());
    QVERIFY(c->currency.isEmpty());
    QCOMPARE(c->lines.size(), 1);
}

void tst_CommandParser::changeLines()
{
    // change-lines ORDER --line ... replaces the lines of one order.
    const Result<Command> parsed =
        parseCommand(words(u"change-lines ORD-1 --line A:3 --line B:4@0.5"_s));
    const auto *c = as<ChangeOrderLines>(parsed);
    QVERIFY2(c, failure(parsed));
    QCOMPARE(c->orderId, u"ORD-1"_s);
    QCOMPARE(c->lines.size(), 2);
    QCOMPARE(c->lines[1].productId, u"B"_s);
    QCOMPARE(c->lines[1].quantity, 4);
    QCOMPARE(c->lines[1].unitPrice, std::optional<Money>(Money::fromCents(50)));
}

void tst_CommandParser::orderTransitions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("index");
    QTest::newRow("confirm") << u"confirm"_s << int(Command(ConfirmOrder {}).index());
    QTest::newRow("ship") << u"ship"_s << int(Command(ShipOrder {}).index());
    QTest::newRow("deliver") << u"deliver"_s << int(Command(DeliverOrder {}).index());
}

void tst_CommandParser::orderTransitions()
{
    // confirm/ship/deliver ORDER become the matching command for that order.
    QFETCH(QString, name);
    QFETCH(int, index);
    const Result<Command> parsed = parseCommand({name, u"ORD-1JDXK8M3F-7Q2Z9"_s});
    QVERIFY2(parsed, failure(parsed));
    QCOMPARE(int(parsed->index()), index);
    QCOMPARE(targetIdOf(*parsed), u"ORD-1JDXK8M3F-7Q2Z9"_s);
}

void tst_CommandParser::cancel()
{
    // cancel ORDER --reason TEXT keeps the reason as one argument, spaces and all.
    const Result<Command> parsed =
        parseCommand({u"cancel"_s, u"ORD-1"_s, u"--reason"_s, u"customer asked, twice"_s});
    const auto *c = as<CancelOrder>(parsed);
    QVERIFY2(c, failure(parsed));
    QCOMPARE(c->orderId, u"ORD-1"_s);
    QCOMPARE(c->reason, u"customer asked, twice"_s);
}

void tst_CommandParser::meta()
{
    // Every command takes a command id, an expected version and an actor.
    const Result<Command> parsed =
        parseCommand(words(u"ship ORD-1 --command-id retry-1 --expected-version 3 --actor bob"_s));
    QVERIFY2(parsed, failure(parsed));
    const CommandMeta &meta = metaOf(*parsed);
    QCOMPARE(meta.commandId, u"retry-1"_s);
    QCOMPARE(meta.expectedVersion, std::optional<qint64>(3));
    QCOMPARE(meta.actor, u"bob"_s);

    const Result<Command> created =
        parseCommand(words(u"create-order --customer C1 --line A:1 --expected-version 0"_s));
    QVERIFY2(created, failure(created));
    QCOMPARE(metaOf(*created).expectedVersion, std::optional<qint64>(0));
}

void tst_CommandParser::optionWithEquals()
{
    // --option=value means the same as --option value, and a value may contain '='.
    const Result<Command> parsed =
        parseCommand({u"cancel"_s, u"ORD-1"_s, u"--reason=a=b"_s, u"--expected-version=2"_s});
    const auto *c = as<CancelOrder>(parsed);
    QVERIFY2(c, failure(parsed));
    QCOMPARE(c->reason, u"a=b"_s);
    QCOMPARE(c->meta.expectedVersion, std::optional<qint64>(2));
}

void tst_CommandParser::argumentsKeptWhole()
{
    // Values are taken as given; checking them is the bus's job, so odd values still parse.
    const Result<Command> parsed = parseCommand(
        {u"register-customer"_s, u"C1"_s, u"--name"_s, u"  spaced  "_s, u"--email"_s, u""_s});
    const auto *c = as<RegisterCustomer>(parsed);
    QVERIFY2(c, failure(parsed));
    QCOMPARE(c->name, u"  spaced  "_s);
    QVERIFY(c->email.isEmpty());
}

void tst_CommandParser::lineRequest_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("sku");
    QTest::addColumn<qint64>("quantity");
    QTest::addColumn<qint64>("priceCents"); // noPrice: none given

    QTest::newRow("sku and quantity") << u"SKU-1:2"_s << true << u"SKU-1"_s << qint64(2) << noPrice;
    QTest::newRow("with price") << u"SKU-1:2@19.99"_s << true << u"SKU-1"_s << qint64(2)
                                << qint64(1999);
    QTest::newRow("whole price") << u"SKU-1:1@20"_s << true << u"SKU-1"_s << qint64(1)
                                 << qint64(2000);
    QTest::newRow("free") << u"GIFT:1@0"_s << true << u"GIFT"_s << qint64(1) << qint64(0);
    // Range checks belong to validation, so the parser passes these through.
    QTest::newRow("quantity 0 parses") << u"A:0"_s << true << u"A"_s << qint64(0) << noPrice;
    QTest::newRow("negative price parses")
        << u"A:1@-1.50"_s << true << u"A"_s << qint64(1) << qint64(-150);
    QTest::newRow("no colon") << u"SKU-1"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("no sku") << u":2"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("no quantity") << u"SKU-1:"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("word quantity")
        << u"SKU-1:two"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("fractional quantity")
        << u"SKU-1:1.5"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("quantity beyond 64 bits")
        << u"SKU-1:99999999999999999999"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("empty price") << u"SKU-1:2@"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("three decimals")
        << u"SKU-1:2@1.999"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("comma decimal")
        << u"SKU-1:2@1,99"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("price with currency")
        << u"SKU-1:2@$5"_s << false << QString() << qint64(0) << qint64(0);
    QTest::newRow("empty") << QString() << false << QString() << qint64(0) << qint64(0);
}

void tst_CommandParser::lineRequest()
{
    // "SKU:QTY[@PRICE]" lines parse exactly; anything else is InvalidCommand with the line shown.
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, sku);
    QFETCH(qint64, quantity);
    QFETCH(qint64, priceCents);

    const Result<LineRequest> line = parseLineRequest(text);
    QCOMPARE(line.hasValue(), valid);
    if (!valid) {
        QCOMPARE(line.error().code, ErrorCode::InvalidCommand);
        QVERIFY(!line.error().message.isEmpty());
        return;
    }
    QCOMPARE(line->productId, sku);
    QCOMPARE(line->quantity, quantity);
    if (priceCents == noPrice)
        QVERIFY(!line->unitPrice);
    else
        QCOMPARE(line->unitPrice, std::optional<Money>(Money::fromCents(priceCents)));
}

void tst_CommandParser::invalid_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("nothing") << QStringList() << u"No command"_s;
    QTest::newRow("unknown command") << words(u"frobnicate ORD-1"_s) << u"frobnicate"_s;
    QTest::newRow("wrong case") << words(u"Confirm ORD-1"_s) << u"Confirm"_s;
    QTest::newRow("option as command") << words(u"--confirm ORD-1"_s) << u"--confirm"_s;
    QTest::newRow("missing order id") << words(u"confirm"_s) << u"order id"_s;
    QTest::newRow("two order ids") << words(u"ship ORD-1 ORD-2"_s) << u"order id"_s;
    QTest::newRow("missing customer id")
        << words(u"register-customer --name A --email a@b"_s) << u"customer id"_s;
    QTest::newRow("missing sku") << words(u"add-product --name A --price 1"_s) << u"SKU"_s;
    QTest::newRow("missing price") << words(u"add-product SKU-1 --name Drill"_s) << u"--price"_s;
    QTest::newRow("missing new price") << words(u"change-price SKU-1"_s) << u"--price"_s;
    QTest::newRow("missing reason value") << words(u"cancel ORD-1 --reason"_s) << u"--reason"_s;
    QTest::newRow("missing line value")
        << words(u"create-order --customer C1 --line"_s) << u"--line"_s;
    QTest::newRow("missing value at the end")
        << words(u"confirm ORD-1 --expected-version"_s) << u"--expected-version"_s;
    QTest::newRow("repeated option")
        << words(u"cancel ORD-1 --reason a --reason b"_s) << u"--reason"_s;
    QTest::newRow("repeated with equals")
        << words(u"create-order --customer=C1 --customer=C2 --line A:1"_s) << u"--customer"_s;
    QTest::newRow("repeated command id")
        << words(u"confirm ORD-1 --command-id a --command-id b"_s) << u"--command-id"_s;
    QTest::newRow("option of another command")
        << words(u"confirm ORD-1 --reason late"_s) << u"--reason"_s;
    QTest::newRow("unknown option with value")
        << words(u"ship ORD-1 --carrier dhl"_s) << u"--carrier"_s;
    // A misspelt flag is reported as unknown, not as an option missing its value.
    QTest::newRow("unknown option at the end")
        << words(u"confirm ORD-1 --verbose"_s) << u"does not take the option --verbose"_s;
    QTest::newRow("bare double dash") << words(u"confirm ORD-1 --"_s) << u"--"_s;
    QTest::newRow("positional for create-order")
        << words(u"create-order ORD-1 --customer C1 --line A:1"_s) << u"positional"_s;
    QTest::newRow("bad line syntax")
        << words(u"create-order --customer C1 --line SKU-1=2"_s) << u"SKU-1=2"_s;
    QTest::newRow("bad line quantity")
        << words(u"change-lines ORD-1 --line SKU-1:many"_s) << u"many"_s;
    QTest::newRow("bad line price")
        << words(u"create-order --customer C1 --line A:1@1.999"_s) << u"1.999"_s;
    QTest::newRow("bad price") << words(u"add-product SKU-1 --name N --price 1,50"_s) << u"1,50"_s;
    QTest::newRow("price beyond 64 bits")
        << words(u"add-product SKU-1 --name N --price 99999999999999999"_s)
        << u"99999999999999999"_s;
    QTest::newRow("price with exponent") << words(u"change-price SKU-1 --price 1e3"_s) << u"1e3"_s;
    QTest::newRow("empty price") << QStringList {u"change-price"_s, u"SKU-1"_s, u"--price"_s,
                                                 QString()}
                                 << u"--price"_s;
    QTest::newRow("bad expected version")
        << words(u"confirm ORD-1 --expected-version two"_s) << u"two"_s;
    QTest::newRow("fractional expected version")
        << words(u"confirm ORD-1 --expected-version 1.5"_s) << u"1.5"_s;
}

void tst_CommandParser::invalid()
{
    // Anything that is not a well-formed command is InvalidCommand with a message that names
    // what is wrong, never a crash or a half-parsed command.
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Result<Command> parsed = parseCommand(arguments);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code, ErrorCode::InvalidCommand);
    QVERIFY2(parsed.error().message.contains(mentions), failure(parsed));
    QVERIFY(!parsed.error().message.contains(u'\n'));
}

QTEST_GUILESS_MAIN(tst_CommandParser)
#include "tst_commandparser.moc"
