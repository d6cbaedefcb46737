// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "commands/commandparser.h"
#include "testsupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace OrderDesk;
using OrderDesk::TestSupport::failure;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OrderDesk::ErrorCode)

namespace {

/// What a store holds, in numbers that any change would move.
struct Snapshot
{
    QList<qint64> values;
    friend bool operator==(const Snapshot &, const Snapshot &) = default;
};

/// A plain read connection beside the bus, as another program would have.
class Reader
{
public:
    explicit Reader(const QString &path)
        : m_name(u"reader-%1"_s.arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=20000"_s);
        db.open();
    }
    ~Reader()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Reader(const Reader &) = delete;
    Reader &operator=(const Reader &) = delete;

    QVariant scalar(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        query.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(int(i), values.at(i));
        if (!query.exec() || !query.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return {};
        }
        return query.value(0);
    }

    Snapshot snapshot()
    {
        Snapshot s;
        for (const QString &sql :
             {u"SELECT count(*) FROM customers"_s, u"SELECT count(*) FROM products"_s,
              u"SELECT count(*) FROM orders"_s, u"SELECT count(*) FROM order_items"_s,
              u"SELECT count(*) FROM events"_s, u"SELECT count(*) FROM processed_commands"_s,
              u"SELECT coalesce(max(position), 0) FROM events"_s,
              u"SELECT coalesce(sum(version), 0) FROM orders"_s,
              u"SELECT coalesce(sum(total_cents), 0) FROM orders"_s,
              u"SELECT coalesce(sum(unit_price_cents + version), 0) FROM products"_s,
              u"SELECT coalesce(sum(quantity), 0) FROM order_items"_s}) {
            const QVariant value = scalar(sql);
            s.values.append(value.isValid() ? value.toLongLong() : -1);
        }
        return s;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

QStringList manyLines(int count, const QString &suffix)
{
    QStringList arguments = {u"create-order"_s, u"--customer"_s, u"C1"_s};
    for (int i = 1; i <= count; ++i)
        arguments += {u"--line"_s, u"SKU-%1:%2"_s.arg(i).arg(suffix)};
    return arguments;
}

CommandResult send(CommandBus &bus, Command command)
{
    return bus.dispatch(std::move(command)).result();
}

} // namespace

class tst_BadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rejectedAndNothingChanged_data();
    void rejectedAndNothingChanged();
    void diskFull();

private:
    /// Parses like the CLI and sends through the bus: the whole path a typed command takes.
    CommandResult run(const QStringList &arguments);

    QTemporaryDir m_dir;
    WriteStoreConfig m_config;
    std::unique_ptr<CommandBus> m_bus;
};

CommandResult tst_BadInput::run(const QStringList &arguments)
{
    const Result<Command> parsed = parseCommand(arguments);
    if (!parsed)
        return CommandResult::rejected({}, {}, parsed.error());
    return send(*m_bus, *parsed);
}

void tst_BadInput::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
    m_config.path = m_dir.filePath(u"orders.db"_s);
    m_bus = std::make_unique<CommandBus>(m_config);
    const Result<void> started = m_bus->start();
    QVERIFY2(started, failure(started));

    // One customer, a hundred products, and an order in every status.
    const QList<QStringList> setUp = [] {
        QList<QStringList> commands = {{u"register-customer"_s, u"C1"_s, u"--name"_s, u"Ada"_s,
                                        u"--email"_s, u"ada@example.com"_s}};
        for (int i = 1; i <= 100; ++i)
            commands.append({u"add-product"_s, u"SKU-%1"_s.arg(i), u"--name"_s, u"Item %1"_s.arg(i),
                             u"--price"_s, u"9.99"_s});
        for (const QString &id : {u"ORD-PENDING"_s, u"ORD-CONFIRMED"_s, u"ORD-SHIPPED"_s,
                                  u"ORD-DELIVERED"_s, u"ORD-CANCELLED"_s})
            commands.append({u"create-order"_s, u"--order-id"_s, id, u"--customer"_s, u"C1"_s,
                             u"--line"_s, u"SKU-1:2"_s});
        for (const QString &id : {u"ORD-CONFIRMED"_s, u"ORD-SHIPPED"_s, u"ORD-DELIVERED"_s})
            commands.append({u"confirm"_s, id});
        for (const QString &id : {u"ORD-SHIPPED"_s, u"ORD-DELIVERED"_s})
            commands.append({u"ship"_s, id});
        commands.append({u"deliver"_s, u"ORD-DELIVERED"_s});
        commands.append({u"cancel"_s, u"ORD-CANCELLED"_s, u"--reason"_s, u"test"_s});
        return commands;
    }();
    for (const QStringList &arguments : setUp) {
        const CommandResult result = run(arguments);
        QVERIFY2(result.isAccepted(), qPrintable(arguments.join(u' ') + u": "_s + result.message));
    }
}

void tst_BadInput::cleanupTestCase()
{
    m_bus.reset();
}

void tst_BadInput::rejectedAndNothingChanged_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<ErrorCode>("error");

    const QString id65(65, u'A');
    const auto customer = [](const QString &id, const QString &name, const QString &email) {
        return QStringList {u"register-customer"_s, id, u"--name"_s, name, u"--email"_s, email};
    };
    const auto named = [&](const QString &name) {
        return customer(u"C9"_s, name, u"c9@example.com"_s);
    };
    const auto product = [](const QString &sku, const QString &price) {
        return QStringList {u"add-product"_s, sku, u"--name"_s, u"Thing"_s, u"--price"_s, price};
    };
    const auto order = [](const QStringList &lines) {
        QStringList arguments = {u"create-order"_s, u"--customer"_s, u"C1"_s};
        for (const QString &line : lines)
            arguments += {u"--line"_s, line};
        return arguments;
    };
    const auto withOrder = [](QStringList arguments, const QString &option, const QString &value) {
        return arguments << option << value;
    };

    // Empty and malformed commands
    QTest::newRow("no words at all") << QStringList() << ErrorCode::InvalidCommand;
    QTest::newRow("unknown command") << QStringList {u"drop-table"_s} << ErrorCode::InvalidCommand;
    QTest::newRow("unknown option")
        << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"--force"_s, u"1"_s}
        << ErrorCode::InvalidCommand;
    QTest::newRow("two ids") << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"ORD-SHIPPED"_s}
                             << ErrorCode::InvalidCommand;
    // Ids
    QTest::newRow("empty id") << customer(QString(), u"X"_s, u"x@example.com"_s)
                              << ErrorCode::InvalidId;
    QTest::newRow("oversized id") << customer(id65, u"X"_s, u"x@example.com"_s)
                                  << ErrorCode::InvalidId;
    QTest::newRow("SQL in an id") << customer(u"C1'; DROP TABLE customers;--"_s, u"X"_s,
                                              u"x@example.com"_s)
                                  << ErrorCode::InvalidId;
    QTest::newRow("space in an id")
        << customer(u"C 9"_s, u"X"_s, u"x@example.com"_s) << ErrorCode::InvalidId;
    QTest::newRow("id starting with a dot")
        << customer(u".C9"_s, u"X"_s, u"x@example.com"_s) << ErrorCode::InvalidId;
    QTest::newRow("non-ASCII id") << customer(u"\u00c79"_s, u"X"_s, u"x@example.com"_s)
                                  << ErrorCode::InvalidId;
    QTest::newRow("SQL in an order id")
        << QStringList {u"confirm"_s, u"ORD-1' OR '1'='1"_s} << ErrorCode::InvalidId;
    QTest::newRow("NUL in an order id")
        << QStringList {u"ship"_s, u"ORD-PENDING\u0000"_s} << ErrorCode::InvalidId;
    // Names and e-mail addresses
    QTest::newRow("empty name") << named(QString()) << ErrorCode::NameRequired;
    QTest::newRow("blank name") << named(u" \t  "_s) << ErrorCode::NameRequired;
    QTest::newRow("name of 201 characters") << named(QString(201, u'n')) << ErrorCode::NameTooLong;
    QTest::newRow("name of 1 MiB") << named(QString(1 << 20, u'n')) << ErrorCode::NameTooLong;
    QTest::newRow("bell in a name") << named(u"Ada\u0007"_s) << ErrorCode::InvalidText;
    QTest::newRow("NUL in a name") << named(u"Ada\u0000Lovelace"_s) << ErrorCode::InvalidText;
    QTest::newRow("DEL in a name") << named(u"Ada\u007f"_s) << ErrorCode::InvalidText;
    QTest::newRow("lone surrogate in a name")
        << named(u"Ada "_s + QChar(0xd800)) << ErrorCode::InvalidText;
    QTest::newRow("right-to-left override in a name")
        << named(u"Ada \u202egpj.exe"_s) << ErrorCode::InvalidText;
    QTest::newRow("zero-width space in a name") << named(u"A\u200bda"_s) << ErrorCode::InvalidText;
    QTest::newRow("unassigned code point in a name")
        << named(u"Ada \u0378"_s) << ErrorCode::InvalidText;
    QTest::newRow("line separator in a name")
        << named(u"Ada\u2028Lovelace"_s) << ErrorCode::InvalidText;
    QTest::newRow("e-mail without @")
        << customer(u"C9"_s, u"X"_s, u"x.example.com"_s) << ErrorCode::InvalidEmail;
    QTest::newRow("e-mail with two @")
        << customer(u"C9"_s, u"X"_s, u"x@y@example.com"_s) << ErrorCode::InvalidEmail;
    QTest::newRow("e-mail of 300 characters")
        << customer(u"C9"_s, u"X"_s, QString(290, u'x') + u"@example.com"_s)
        << ErrorCode::InvalidEmail;
    QTest::newRow("escape in an e-mail")
        << customer(u"C9"_s, u"X"_s, u"x\u001b[2J@example.com"_s) << ErrorCode::InvalidEmail;
    QTest::newRow("customer exists")
        << customer(u"C1"_s, u"Ada again"_s, u"a@example.com"_s) << ErrorCode::CustomerExists;
    // Prices
    QTest::newRow("negative price") << product(u"SKU-X"_s, u"-1.00"_s) << ErrorCode::InvalidPrice;
    QTest::newRow("price above the limit")
        << product(u"SKU-X"_s, u"10000000000.01"_s) << ErrorCode::InvalidPrice;
    QTest::newRow("price overflowing 64 bits")
        << product(u"SKU-X"_s, u"99999999999999999"_s) << ErrorCode::InvalidCommand;
    QTest::newRow("price with three decimals")
        << product(u"SKU-X"_s, u"1.999"_s) << ErrorCode::InvalidCommand;
    QTest::newRow("price with an exponent")
        << product(u"SKU-X"_s, u"1e3"_s) << ErrorCode::InvalidCommand;
    QTest::newRow("price NaN") << product(u"SKU-X"_s, u"nan"_s) << ErrorCode::InvalidCommand;
    QTest::newRow("product exists") << product(u"SKU-1"_s, u"1.00"_s) << ErrorCode::ProductExists;
    QTest::newRow("new price for an unknown product")
        << QStringList {u"change-price"_s, u"SKU-404"_s, u"--price"_s, u"1.00"_s}
        << ErrorCode::UnknownProduct;
    QTest::newRow("same price again")
        << QStringList {u"change-price"_s, u"SKU-1"_s, u"--price"_s, u"9.99"_s}
        << ErrorCode::PriceUnchanged;
    // Orders and their lines
    QTest::newRow("unknown customer")
        << QStringList {u"create-order"_s, u"--customer"_s, u"C404"_s, u"--line"_s, u"SKU-1:1"_s}
        << ErrorCode::UnknownCustomer;
    QTest::newRow("unknown product") << order({u"SKU-404:1"_s}) << ErrorCode::UnknownProduct;
    QTest::newRow("no lines") << order({}) << ErrorCode::NoLines;
    QTest::newRow("501 lines") << manyLines(501, u"1"_s) << ErrorCode::TooManyLines;
    QTest::newRow("100000 lines") << manyLines(100'000, u"1"_s) << ErrorCode::TooManyLines;
    QTest::newRow("quantity 0") << order({u"SKU-1:0"_s}) << ErrorCode::InvalidQuantity;
    QTest::newRow("negative quantity") << order({u"SKU-1:-5"_s}) << ErrorCode::InvalidQuantity;
    QTest::newRow("quantity above the limit")
        << order({u"SKU-1:100001"_s}) << ErrorCode::InvalidQuantity;
    QTest::newRow("largest 64-bit quantity")
        << order({u"SKU-1:9223372036854775807"_s}) << ErrorCode::InvalidQuantity;
    QTest::newRow("quantity overflowing 64 bits")
        << order({u"SKU-1:9223372036854775808"_s}) << ErrorCode::InvalidCommand;
    QTest::newRow("line without quantity") << order({u"SKU-1"_s}) << ErrorCode::InvalidCommand;
    QTest::newRow("line without product") << order({u":5"_s}) << ErrorCode::InvalidCommand;
    QTest::newRow("negative line price") << order({u"SKU-1:1@-0.01"_s}) << ErrorCode::InvalidPrice;
    QTest::newRow("total overflowing 64 bits")
        << manyLines(100, u"100000@10000000000.00"_s) << ErrorCode::MoneyOverflow;
    QTest::newRow("same product twice")
        << order({u"SKU-1:1"_s, u"SKU-2:1"_s, u"SKU-1:3"_s}) << ErrorCode::DuplicateLine;
    QTest::newRow("currency not a code")
        << withOrder(order({u"SKU-1:1"_s}), u"--currency"_s, u"euro"_s)
        << ErrorCode::InvalidCommand;
    QTest::newRow("currency in lower case")
        << withOrder(order({u"SKU-1:1"_s}), u"--currency"_s, u"eur"_s) << ErrorCode::InvalidCommand;
    QTest::newRow("order id taken")
        << withOrder(order({u"SKU-1:1"_s}), u"--order-id"_s, u"ORD-PENDING"_s)
        << ErrorCode::OrderExists;
    // Orders in the wrong state
    QTest::newRow("unknown order")
        << QStringList {u"confirm"_s, u"ORD-404"_s} << ErrorCode::OrderNotFound;
    QTest::newRow("confirm twice")
        << QStringList {u"confirm"_s, u"ORD-CONFIRMED"_s} << ErrorCode::ConfirmRequiresPending;
    QTest::newRow("ship a pending order")
        << QStringList {u"ship"_s, u"ORD-PENDING"_s} << ErrorCode::ShipRequiresConfirmed;
    QTest::newRow("deliver a confirmed order")
        << QStringList {u"deliver"_s, u"ORD-CONFIRMED"_s} << ErrorCode::DeliverRequiresShipped;
    QTest::newRow("cancel a delivered order")
        << QStringList {u"cancel"_s, u"ORD-DELIVERED"_s, u"--reason"_s, u"late"_s}
        << ErrorCode::CancelNotAllowed;
    QTest::newRow("cancel a cancelled order")
        << QStringList {u"cancel"_s, u"ORD-CANCELLED"_s, u"--reason"_s, u"again"_s}
        << ErrorCode::CancelNotAllowed;
    QTest::newRow("change the lines of a shipped order")
        << QStringList {u"change-lines"_s, u"ORD-SHIPPED"_s, u"--line"_s, u"SKU-2:1"_s}
        << ErrorCode::LinesLocked;
    QTest::newRow("change lines to none")
        << QStringList {u"change-lines"_s, u"ORD-PENDING"_s} << ErrorCode::NoLines;
    QTest::newRow("cancel without reason")
        << QStringList {u"cancel"_s, u"ORD-PENDING"_s, u"--reason"_s, u""_s}
        << ErrorCode::ReasonRequired;
    QTest::newRow("reason of 501 characters")
        << QStringList {u"cancel"_s, u"ORD-PENDING"_s, u"--reason"_s, QString(501, u'r')}
        << ErrorCode::ReasonTooLong;
    QTest::newRow("escape in a reason")
        << QStringList {u"cancel"_s, u"ORD-PENDING"_s, u"--reason"_s, u"\u001b]0;pwned\u0007"_s}
        << ErrorCode::InvalidText;
    // Metadata
    QTest::newRow("stale expected version")
        << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"--expected-version"_s, u"7"_s}
        << ErrorCode::ConcurrentModification;
    QTest::newRow("negative expected version")
        << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"--expected-version"_s, u"-1"_s}
        << ErrorCode::InvalidCommand;
    QTest::newRow("expected version overflowing 64 bits")
        << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"--expected-version"_s,
                        u"99999999999999999999"_s}
        << ErrorCode::InvalidCommand;
    QTest::newRow("command id of 129 characters")
        << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"--command-id"_s, QString(129, u'c')}
        << ErrorCode::InvalidCommand;
    QTest::newRow("newline in a command id")
        << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"--command-id"_s, u"a\nb"_s}
        << ErrorCode::InvalidCommand;
    QTest::newRow("control character in the actor")
        << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"--actor"_s, u"root\u0008\u0008"_s}
        << ErrorCode::InvalidCommand;
    QTest::newRow("actor of 201 characters")
        << QStringList {u"confirm"_s, u"ORD-PENDING"_s, u"--actor"_s, QString(201, u'a')}
        << ErrorCode::InvalidCommand;
}

void tst_BadInput::rejectedAndNothingChanged()
{
    // Every kind of bad command gets its own error code and a message, and leaves the store
    // exactly as it was: same rows, same events, same versions.
    QFETCH(QStringList, arguments);
    QFETCH(ErrorCode, error);
    Reader reader(m_config.path);
    const Snapshot before = reader.snapshot();
    QVERIFY(!before.values.contains(-1));

    const CommandResult result = run(arguments);
    QCOMPARE(errorCodeName(result.error), errorCodeName(error));
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(reader.snapshot(), before);
}

void tst_BadInput::diskFull()
{
    // When the disk fills up, the commands that no longer fit are rejected with StorageFull
    // and a clear message; every command accepted before or alongside them is stored, nothing
    // rejected is; the bus keeps answering, and once there is room again commands go through.
    QTemporaryDir dir;
    WriteStoreConfig config;
    config.path = dir.filePath(u"orders.db"_s);
    {
        CommandBus bus(config);
        QVERIFY(bus.start());
        QVERIFY(
            send(bus, RegisterCustomer {{}, u"C1"_s, u"Ada"_s, u"ada@example.com"_s}).isAccepted());
        QVERIFY(
            send(bus, AddProduct {{}, u"SKU-1"_s, u"Drill"_s, Money::fromCents(999)}).isAccepted());
    }
    qint64 pages = 0;
    {
        Reader reader(config.path);
        pages = reader.scalar(u"PRAGMA page_count"_s).toLongLong();
    }
    QVERIFY(pages > 0);
    config.maxPageCount = int(pages + 8);

    CommandBus bus(config);
    QVERIFY(bus.start());
    const auto newOrder = [](int i) {
        return CreateOrder {{}, {}, u"C1"_s, {{u"SKU-1"_s, 1 + i % 9, std::nullopt}}, {}};
    };
    QStringList accepted;
    QStringList rejected;
    const auto check = [&](const CommandResult &result) {
        if (result.isAccepted()) {
            accepted.append(result.commandId);
            return true;
        }
        rejected.append(result.commandId);
        return errorCodeName(result.error) == u"StorageFull" && result.message.contains(u"full");
    };
    // One at a time until the store is full...
    for (int i = 0; i < 1000 && rejected.isEmpty(); ++i) {
        const CommandResult result = send(bus, newOrder(i));
        QVERIFY2(check(result), qPrintable(result.message));
    }
    QCOMPARE(rejected.size(), 1);
    QVERIFY(accepted.size() > 1);
    // ...then many at once, so that the limit is hit inside a group commit: SQLite rolls the
    // whole transaction back, and none of the group may be stored or reported accepted.
    QList<QFuture<CommandResult>> futures;
    for (int i = 0; i < 50; ++i)
        futures.append(bus.dispatch(newOrder(i)));
    for (QFuture<CommandResult> &future : futures) {
        const CommandResult result = future.result();
        QVERIFY2(check(result) && !result.isAccepted(), qPrintable(result.message));
    }

    // The bus still answers: with the same clear error while the disk is full.
    const CommandResult more = send(bus, ConfirmOrder {{}, u"ORD-NONE"_s});
    QVERIFY(!more.isAccepted());
    QVERIFY(bus.isRunning());
    {
        Reader reader(config.path);
        QCOMPARE(reader.scalar(u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
        QCOMPARE(reader.scalar(u"SELECT count(*) FROM orders"_s).toLongLong(), accepted.size());
        QCOMPARE(reader.scalar(u"SELECT count(*) FROM events"_s).toLongLong(), accepted.size() + 2);
        QCOMPARE(reader.scalar(u"SELECT coalesce(max(position), 0) FROM events"_s).toLongLong(),
                 accepted.size() + 2);
        for (const QString &id : std::as_const(accepted)) {
            QCOMPARE(
                reader
                    .scalar(u"SELECT count(*) FROM processed_commands WHERE command_id = ?"_s, {id})
                    .toLongLong(),
                1);
        }
        for (const QString &id : std::as_const(rejected)) {
            QCOMPARE(reader.scalar(u"SELECT count(*) FROM events WHERE command_id = ?"_s, {id})
                         .toLongLong(),
                     0);
        }
    }
    bus.stop();

    // Room again (the limit lifted, as when space was freed): the same process carries on.
    config.maxPageCount = 0;
    CommandBus roomy(config);
    QVERIFY(roomy.start());
    const CommandResult created =
        send(roomy, CreateOrder {{}, {}, u"C1"_s, {{u"SKU-1"_s, 1, std::nullopt}}, {}});
    QVERIFY2(created.isAccepted(), qPrintable(created.message));
    QCOMPARE(created.position, qint64(accepted.size() + 3));
}

QTEST_GUILESS_MAIN(tst_BadInput)
#include "tst_badinput.moc"
