// SPDX-License-Identifier: MIT
#include "commands/commandbus.h"
#include "events/eventcodec.h"
#include "projections/projector.h"
#include "read/orderqueries.h"
#include "read/readstore.h"
#include "storage/datadirectory.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

#ifdef Q_OS_UNIX
int permissionBits(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}
#endif

} // namespace

class tst_Security : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void injectionIsStoredLiterally_data();
    void injectionIsStoredLiterally();
    void filesAreOwnerOnly();

private:
    QTemporaryDir m_dir;
    DataDirectory m_data;
    std::unique_ptr<CommandBus> m_bus;
    std::unique_ptr<Projector> m_projector;
    int m_row = 0;
};

void tst_Security::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
    m_data = DataDirectory(m_dir.path());
    WriteStoreConfig config;
    config.path = m_data.writeStorePath();
    m_bus = std::make_unique<CommandBus>(config);
    const Result<void> started = m_bus->start();
    QVERIFY2(started, failure(started));
    ProjectorConfig projection;
    projection.eventLog = config;
    projection.readStorePath = m_data.readStorePath();
    m_projector = std::make_unique<Projector>(projection);
    const Result<void> projecting = m_projector->start();
    QVERIFY2(projecting, failure(projecting));
    connect(m_bus.get(), &CommandBus::eventsAppended, m_projector.get(),
            &Projector::notifyEventsAppended, Qt::DirectConnection);
}

void tst_Security::cleanupTestCase()
{
    m_projector.reset();
    m_bus.reset();
}

void tst_Security::injectionIsStoredLiterally_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("email");

    QTest::newRow("closing quote and DROP") << u"Robert'); DROP TABLE customers;--"_s
                                            << u"x');DROP/**/TABLE/**/orders;--@example.com"_s;
    QTest::newRow("always true") << u"' OR '1'='1"_s << u"'OR'1'='1'--@example.com"_s;
    QTest::newRow("double quotes")
        << u"\"; DELETE FROM orders WHERE \"1\"=\"1"_s << u"\"x\"--@example.com"_s;
    QTest::newRow("stacked statement") << u"1; UPDATE events SET payload = '{}'"_s
                                       << u"a;UPDATE/**/events/**/SET/**/actor='x'@example.com"_s;
    QTest::newRow("UNION") << u"' UNION SELECT sql FROM sqlite_master --"_s
                           << u"'UNION/**/SELECT/**/1--@example.com"_s;
    QTest::newRow("LIKE wildcards") << u"100% _real_ \\ backslash"_s << u"%_\\@example.com"_s;
    QTest::newRow("full-text syntax")
        << u"NEAR(a b) OR \"x\" * ^col: AND -y"_s << u"NEAR(a)*^:@example.com"_s;
    QTest::newRow("shell and markup")
        << u"$(rm -rf /) `id` <script>alert(1)</script>"_s << u"$(id)<b>@example.com"_s;
    QTest::newRow("printf and Qt arg markers") << u"%1 %2 %s %n %x {0}"_s << u"%1%s@example.com"_s;
    QTest::newRow("unicode") << u"M\u00fcller \u540d\u524d \U0001F642 \U0001F469\u200d\U0001F4BB"_s
                             << u"m\u00fcller@b\u00fccher.example"_s;
}

void tst_Security::injectionIsStoredLiterally()
{
    // Text that SQL, full-text search, LIKE, a shell or a format string would interpret is
    // stored, projected, searched for and read back exactly as it was typed, in every field.
    QFETCH(QString, text);
    QFETCH(QString, email);
    const int n = ++m_row;
    const QString customerId = u"C%1"_s.arg(n);
    const QString sku = u"SKU-%1"_s.arg(n);
    const QString orderId = u"ORD-%1"_s.arg(n);
    const QString commandId = text.left(120);
    const auto send = [this](Command command) {
        return m_bus->dispatch(std::move(command)).result();
    };

    CommandResult r = send(RegisterCustomer {{}, customerId, text, email});
    QVERIFY2(r.isAccepted(), qPrintable(r.message));
    r = send(AddProduct {{}, sku, text, Money::fromCents(1234)});
    QVERIFY2(r.isAccepted(), qPrintable(r.message));
    r = send(CreateOrder {
        {commandId, std::nullopt, text}, orderId, customerId, {{sku, 2, std::nullopt}}, {}});
    QVERIFY2(r.isAccepted(), qPrintable(r.message));
    // A retry with the same (hostile) command id is recognized, not run again.
    QVERIFY(
        send(
            CreateOrder {
                {commandId, std::nullopt, text}, orderId, customerId, {{sku, 2, std::nullopt}}, {}})
            .replayed);
    r = send(CancelOrder {{{}, std::nullopt, text}, orderId, text});
    QVERIFY2(r.isAccepted(), qPrintable(r.message));
    QVERIFY(m_projector->waitForPosition(r.position, 20'000).result());

    // The write store, read as any other program would.
    const QString write = m_data.writeStorePath();
    QCOMPARE(scalar(write, u"SELECT name FROM customers WHERE id = ?"_s, {customerId}).toString(),
             text);
    QCOMPARE(scalar(write, u"SELECT email FROM customers WHERE id = ?"_s, {customerId}).toString(),
             email);
    QCOMPARE(scalar(write, u"SELECT name FROM products WHERE id = ?"_s, {sku}).toString(), text);
    QCOMPARE(
        scalar(write, u"SELECT cancel_reason FROM orders WHERE id = ?"_s, {orderId}).toString(),
        text);
    QCOMPARE(scalar(write, u"SELECT command_type FROM processed_commands WHERE command_id = ?"_s,
                    {commandId})
                 .toString(),
             u"CreateOrder"_s);
    QCOMPARE(scalar(write, u"SELECT count(*) FROM events WHERE actor = ?"_s, {text}).toInt(), 2);
    QCOMPARE(scalar(write, u"SELECT stream_id FROM events WHERE command_id = ?"_s, {commandId})
                 .toString(),
             orderId);
    // The event payload decodes to the same text.
    const QByteArray payload = scalar(write, u"SELECT payload FROM events WHERE stream_id = ?"_s,
                                      {customerStreamId(customerId)})
                                   .toString()
                                   .toUtf8();
    const Result<DomainEvent> decoded = EventCodec::decode(u"CustomerRegistered"_s, 1, payload);
    QVERIFY2(decoded, failure(decoded));
    QCOMPARE(std::get<CustomerRegistered>(*decoded).name, text);
    QCOMPARE(std::get<CustomerRegistered>(*decoded).email, email);

    // The read store, through the query handlers.
    ReadStore read(m_data.readStorePath());
    QVERIFY(read.openForQueries());
    OrderQueries queries(read.connection());
    const Result<std::optional<OrderDetails>> details = queries.getOrder(orderId);
    QVERIFY2(details, failure(details));
    QVERIFY(details->has_value());
    const OrderDetails &d = **details;
    QCOMPARE(d.order.customerName, text);
    QCOMPARE(d.order.customerEmail, email);
    QCOMPARE(d.order.cancelReason, text);
    QCOMPARE(d.lines.size(), 1);
    QCOMPARE(d.lines.constFirst().productName, text);
    QCOMPARE(d.history.size(), 2);
    QCOMPARE(d.history.constFirst().commandId, commandId);
    QCOMPARE(d.history.constFirst().actor, text);
    QCOMPARE(d.history.constLast().actor, text);

    // Searching for the text finds that order and no error; filters take it as a value.
    for (const QString &needle : {text, email}) {
        OrderFilter filter;
        filter.text = needle;
        const Result<QList<OrderRow>> found = queries.listOrders(filter, {}, 0, 100);
        QVERIFY2(found, failure(found));
        QVERIFY2(std::any_of(found->cbegin(), found->cend(),
                             [&](const OrderRow &row) { return row.id == orderId; }),
                 qPrintable(needle));
        const Result<qint64> count = queries.countOrders(filter);
        QVERIFY2(count && *count >= 1, qPrintable(needle));
    }
    OrderFilter byCustomer;
    byCustomer.customerId = text;
    const Result<QList<OrderRow>> none = queries.listOrders(byCustomer, {}, 0, 100);
    QVERIFY2(none, failure(none));
    QVERIFY(none->isEmpty());

    // Nothing was dropped, deleted or rewritten on either side.
    QCOMPARE(scalar(write, u"SELECT count(*) FROM customers"_s).toInt(), n);
    QCOMPARE(scalar(write, u"SELECT count(*) FROM orders"_s).toInt(), n);
    QCOMPARE(scalar(write, u"SELECT count(*) FROM events WHERE payload = '{}'"_s).toInt(), 0);
    QCOMPARE(scalar(m_data.readStorePath(), u"SELECT count(*) FROM order_view"_s).toInt(), n);
}

void tst_Security::filesAreOwnerOnly()
{
    // The data directory and every file of both stores are for their owner only, whatever the
    // umask: they hold customers' names and e-mail addresses.
#ifdef Q_OS_UNIX
    const mode_t oldMask = ::umask(0);
    const auto restoreMask = qScopeGuard([oldMask] { ::umask(oldMask); });
    QTemporaryDir root;
    const DataDirectory data(root.filePath(u"nested/orderdesk"_s));
    QVERIFY(data.ensureExists());
    WriteStoreConfig config;
    config.path = data.writeStorePath();
    CommandBus bus(config);
    QVERIFY(bus.start());
    ProjectorConfig projection;
    projection.eventLog = config;
    projection.readStorePath = data.readStorePath();
    Projector projector(projection);
    QVERIFY(projector.start());
    const CommandResult r =
        bus.dispatch(RegisterCustomer {{}, u"C1"_s, u"Ada"_s, u"a@example.com"_s}).result();
    QVERIFY(r.isAccepted());
    projector.notifyEventsAppended(r.position);
    QVERIFY(projector.waitForPosition(r.position, 20'000).result());

    QCOMPARE(permissionBits(data.path()), 0700);
    const QStringList files = QDir(data.path()).entryList(QDir::Files | QDir::Hidden);
    QVERIFY2(files.contains(u"orders.db"_s) && files.contains(u"orders-read.db"_s)
                 && files.contains(u"orders-read.db-wal"_s),
             qPrintable(files.join(u", ")));
    for (const QString &file : files)
        QVERIFY2(permissionBits(data.path() + u'/' + file) == 0600, qPrintable(file));
#else
    QSKIP("Unix permission bits only");
#endif
}

QTEST_GUILESS_MAIN(tst_Security)
#include "tst_security.moc"
