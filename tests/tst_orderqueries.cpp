// SPDX-License-Identifier: MIT
#include "events/eventcodec.h"
#include "projections/readstorebuilder.h"
#include "read/orderqueries.h"
#include "read/readstore.h"
#include "readsidesupport.h"

#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MillisPerDay = 86'400'000;
constexpr int OrderCount = 3000;

/// Names chosen to trip up text search: SQL and LIKE metacharacters, quotes, accents in both
/// cases, characters outside the BMP, and near-duplicates.
const QStringList customerNames = {
    u"Ada Lovelace"_s,
    u"Bruno M\u00fcller"_s,
    u"BRUNO M\u00dcLLER GmbH"_s,
    u"Chiara Costa"_s,
    u"100% Wool_Co"_s,
    u"Back\\slash & Sons"_s,
    u"O'Brien \"Quotes\" Ltd"_s,
    u"Zo\u00eb\U0001F600 Smiles"_s,
    u"Dmitri Petrov"_s,
    u"Elena Garc\u00eda"_s,
    u"'; DROP TABLE order_view; --"_s,
    u"Farid Okafor"_s,
    u"Greta Lindqvist"_s,
    u"Hiro Tanaka"_s,
    u"Ines Rossi"_s,
    u"Jonas Weber"_s,
    u"Kalinda Varga"_s,
    u"Luca Schmidt"_s,
    u"Maren Andersen"_s,
    u"Nikolai Ivanova"_s,
};

struct Dataset
{
    WriteStoreConfig store;
    QString readPath;
    QList<OrderRow> rows; ///< every order, as read back with plain SQL
    qint64 now = 0;
};

/// What a list query is asked for, as one data row.
struct ListRow
{
    QString name;
    OrderFilter filter;
    OrderSort sort;
};

/// SQLite's BINARY collation: UTF-8 bytes in order.
int compareText(const QString &a, const QString &b)
{
    const QByteArray x = a.toUtf8();
    const QByteArray y = b.toUtf8();
    return x < y ? -1 : (y < x ? 1 : 0);
}

int compareColumn(const OrderRow &a, const OrderRow &b, OrderColumn column)
{
    const auto number = [](qint64 x, qint64 y) {
        return x < y ? -1 : (y < x ? 1 : 0);
    };
    switch (column) {
    case OrderColumn::Id:
        return compareText(a.id, b.id);
    case OrderColumn::Customer:
        return compareText(a.customerName, b.customerName);
    case OrderColumn::Email:
        return compareText(a.customerEmail, b.customerEmail);
    case OrderColumn::Items:
        return number(a.itemCount, b.itemCount);
    case OrderColumn::Total:
        return number(a.total.cents(), b.total.cents());
    case OrderColumn::Status:
        return number(int(a.status), int(b.status));
    case OrderColumn::Created:
        return number(a.createdAt, b.createdAt);
    case OrderColumn::Updated:
        return number(a.updatedAt, b.updatedAt);
    }
    return 0;
}

/// The reference sort, written without the code under test: by the column, then by id.
bool referenceBefore(const OrderRow &a, const OrderRow &b, const OrderSort &sort)
{
    int c = compareColumn(a, b, sort.column);
    if (c == 0)
        c = compareText(a.id, b.id);
    return sort.order == Qt::AscendingOrder ? c < 0 : c > 0;
}

/// Folds ASCII letters only, as SQLite's LIKE does.
QString asciiLower(QString text)
{
    for (QChar &c : text) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + 32);
    }
    return text;
}

/// The reference filter, written without the code under test. Text of three characters or
/// more is a case-insensitive substring search (the trigram index folds case like Qt does);
/// shorter text uses LIKE, which folds ASCII letters only.
bool referenceMatches(const OrderFilter &f, const OrderRow &row)
{
    const QString text = f.text.trimmed();
    if (!text.isEmpty()) {
        const QStringList fields = {row.id, row.customerName, row.customerEmail};
        const bool found = std::any_of(fields.cbegin(), fields.cend(), [&](const QString &field) {
            return text.toUcs4().size() >= 3 ? field.contains(text, Qt::CaseInsensitive)
                                             : asciiLower(field).contains(asciiLower(text));
        });
        if (!found)
            return false;
    }
    if (!f.statuses.isEmpty() && !f.statuses.contains(row.status))
        return false;
    if (f.createdFrom && row.createdAt < *f.createdFrom)
        return false;
    if (f.createdTo && row.createdAt >= *f.createdTo)
        return false;
    if (f.minTotalCents && row.total.cents() < *f.minTotalCents)
        return false;
    if (f.maxTotalCents && row.total.cents() > *f.maxTotalCents)
        return false;
    return f.customerId.isEmpty() || f.customerId == row.customerId;
}

QList<OrderRow> reference(const QList<OrderRow> &rows, const OrderFilter &filter,
                          const OrderSort &sort)
{
    QList<OrderRow> matching;
    for (const OrderRow &row : rows) {
        if (referenceMatches(filter, row))
            matching.append(row);
    }
    std::sort(matching.begin(), matching.end(),
              [&](const OrderRow &a, const OrderRow &b) { return referenceBefore(a, b, sort); });
    return matching;
}

QStringList idsOf(const QList<OrderRow> &rows)
{
    QStringList ids;
    for (const OrderRow &row : rows)
        ids.append(row.id);
    return ids;
}

QString describe(const OrderFilter &f)
{
    QStringList parts;
    if (!f.text.isEmpty())
        parts.append(u"text \u201c%1\u201d"_s.arg(f.text.left(20)));
    if (!f.statuses.isEmpty())
        parts.append(u"%1 statuses"_s.arg(f.statuses.size()));
    if (f.createdFrom || f.createdTo)
        parts.append(u"created range"_s);
    if (f.minTotalCents || f.maxTotalCents)
        parts.append(u"total range"_s);
    if (!f.customerId.isEmpty())
        parts.append(u"customer"_s);
    return parts.isEmpty() ? u"no filter"_s : parts.join(u", "_s);
}

const QList<std::pair<const char *, OrderColumn>> columns = {
    {"id", OrderColumn::Id},           {"customer", OrderColumn::Customer},
    {"email", OrderColumn::Email},     {"items", OrderColumn::Items},
    {"total", OrderColumn::Total},     {"status", OrderColumn::Status},
    {"created", OrderColumn::Created}, {"updated", OrderColumn::Updated},
};

} // namespace

Q_DECLARE_METATYPE(ListRow)
Q_DECLARE_METATYPE(OrderFilter)

class tst_OrderQueries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listMatchesReference_data();
    void listMatchesReference();
    void windowsAreClampedAndContiguous();
    void filterMatchesAgreesWithSql_data();
    void filterMatchesAgreesWithSql();
    void listNeverScansOrSortsTheTable_data();
    void listNeverScansOrSortsTheTable();
    void injectionFindsOnlyLiterals_data();
    void injectionFindsOnlyLiterals();
    void getOrderHasLinesAndHistory();
    void ordersById();
    void statsMatchRows_data();
    void statsMatchRows();
    void changesListTheJournal();

private:
    /// The filters every list row is run with, over the dataset's values.
    QList<OrderFilter> filters() const;

    QTemporaryDir m_root;
    Dataset m_data;
    std::unique_ptr<ReadStore> m_store;
    std::unique_ptr<OrderQueries> m_queries;
};

void tst_OrderQueries::initTestCase()
{
    // A log written straight into the write store, so that orders span three months (the
    // bus stamps "now") and names hold every character that could confuse a query.
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
    m_data.store = writeStoreIn(m_root.path());
    m_data.readPath = m_root.filePath(u"orders-read.db"_s);
    m_data.now = QDateTime::currentMSecsSinceEpoch();
    {
        const std::unique_ptr<WriteStore> created = createWriteStore(m_data.store);
        QVERIFY(created->open());
    }
    RawSql write(m_data.store.path);
    QVERIFY(write.exec(u"BEGIN"_s));
    QRandomGenerator random(4711);
    const qint64 start = m_data.now - 90 * MillisPerDay;
    for (qsizetype c = 0; c < customerNames.size(); ++c) {
        const QString id = u"QC%1"_s.arg(c + 1);
        QVERIFY(plantEvent(write,
                           CustomerRegistered {id, customerNames.at(c),
                                               u"customer%1@%2.example"_s.arg(c + 1).arg(
                                                   c % 2 ? u"shop"_s : u"WOOL_co"_s)},
                           1, start - 1000));
    }
    for (int p = 1; p <= 20; ++p) {
        QVERIFY(plantEvent(write,
                           ProductAdded {u"QP-%1"_s.arg(p), u"Product %1"_s.arg(p),
                                         Money::fromCents(100 * p + 99)},
                           1, start - 500));
    }
    static const QStringList oddIds = {u"ord_under_1"_s, u"ORD%PCT"_s, u"ord.dot.1"_s,
                                       u"Ord-Mixed-Case"_s};
    for (int n = 0; n < OrderCount; ++n) {
        const QString id =
            n < oddIds.size() ? oddIds.at(n) : u"ORD-Q-%1"_s.arg(n, 5, 10, QLatin1Char('0'));
        const qsizetype c = random.bounded(customerNames.size());
        const QString customer = u"QC%1"_s.arg(c + 1);
        OrderLines lines;
        const int lineCount = 1 + int(random.bounded(4));
        for (int l = 0; l < lineCount; ++l) {
            const int p = 1 + int(random.bounded(20));
            if (std::any_of(lines.cbegin(), lines.cend(), [&](const OrderLine &line) {
                    return line.productId == u"QP-%1"_s.arg(p);
                }))
                continue;
            lines.append({u"QP-%1"_s.arg(p), u"Product %1"_s.arg(p), 1 + random.bounded(5),
                          Money::fromCents(100 * p + 99)});
        }
        // Minutes only, so that many orders share a creation time and ties are broken by id.
        qint64 at = start + qint64(random.bounded(90 * 24 * 60)) * 60'000;
        qint64 version = 1;
        const CustomerRegistered who {
            customer, customerNames.at(c),
            u"customer%1@%2.example"_s.arg(c + 1).arg(c % 2 ? u"shop"_s : u"WOOL_co"_s)};
        QVERIFY(plantEvent(
            write,
            OrderCreated {id, customer, who.name, who.email, u"EUR"_s, lines, *totalOf(lines)},
            version, at));
        const auto next = [&](const DomainEvent &event) {
            at += 1 + qint64(random.bounded(3 * MillisPerDay));
            return plantEvent(write, event, ++version, at) > 0;
        };
        if (random.bounded(5) == 0) {
            OrderLines changed = lines;
            changed.first().quantity += 3;
            QVERIFY(next(OrderLinesChanged {id, changed, *totalOf(changed)}));
        }
        const int fate = int(random.bounded(10));
        if (fate >= 3)
            QVERIFY(next(OrderConfirmed {id}));
        if (fate >= 5 && fate != 9)
            QVERIFY(next(OrderShipped {id}));
        if (fate >= 7 && fate != 9)
            QVERIFY(next(OrderDelivered {id}));
        if (fate == 9 || fate == 2)
            QVERIFY(next(OrderCancelled {id, u"Reason %1"_s.arg(n % 7)}));
    }
    QVERIFY(write.exec(u"COMMIT"_s));

    WriteStoreConfig readOnly = m_data.store;
    readOnly.readOnly = true;
    const std::unique_ptr<WriteStore> events = createWriteStore(readOnly);
    QVERIFY(events->open());
    const Result<qint64> built = ReadStoreBuilder::build(*events, m_data.readPath);
    QVERIFY2(built, failure(built));

    RawSql read(m_data.readPath);
    QSqlQuery query(read.database());
    QVERIFY(query.exec(u"SELECT id, customer_id, customer_name, customer_email, currency, "
                       "line_count, item_count, total_cents, status, status_text, cancel_reason, "
                       "created_at, updated_at, version FROM order_view"_s));
    while (query.next()) {
        OrderRow row;
        row.id = query.value(0).toString();
        row.customerId = query.value(1).toString();
        row.customerName = query.value(2).toString();
        row.customerEmail = query.value(3).toString();
        row.currency = query.value(4).toString();
        row.lineCount = query.value(5).toLongLong();
        row.itemCount = query.value(6).toLongLong();
        row.total = Money::fromCents(query.value(7).toLongLong());
        row.status = OrderStatus(query.value(8).toInt());
        row.statusText = query.value(9).toString();
        row.cancelReason = query.value(10).toString();
        row.createdAt = query.value(11).toLongLong();
        row.updatedAt = query.value(12).toLongLong();
        row.version = query.value(13).toLongLong();
        m_data.rows.append(row);
    }
    QCOMPARE(m_data.rows.size(), OrderCount);

    m_store = std::make_unique<ReadStore>(m_data.readPath);
    QVERIFY(m_store->openForQueries());
    m_queries = std::make_unique<OrderQueries>(m_store->connection());
}

void tst_OrderQueries::cleanupTestCase()
{
    m_queries.reset();
    m_store.reset();
}

QList<OrderFilter> tst_OrderQueries::filters() const
{
    const qint64 day = m_data.now / MillisPerDay * MillisPerDay;
    QList<OrderFilter> f(11);
    // f[0]: no filter
    f[1].text = u"  m\u00fcller "_s; // three characters or more, padded, mixed case
    f[2].text = u"ZO"_s; // one or two characters: LIKE
    f[3].text = u"_"_s; // a LIKE wildcard, literally
    f[4].statuses = {OrderStatus::Confirmed};
    f[5].statuses = {OrderStatus::Pending, OrderStatus::Cancelled};
    f[6].createdFrom = day - 40 * MillisPerDay;
    f[6].createdTo = day - 10 * MillisPerDay;
    f[7].minTotalCents = 1500;
    f[7].maxTotalCents = 4000;
    f[8].customerId = u"QC5"_s;
    f[9].statuses = {OrderStatus::Shipped};
    f[9].createdFrom = day - 60 * MillisPerDay;
    f[9].minTotalCents = 1000;
    f[10].text = u"shop"_s;
    f[10].statuses = {OrderStatus::Delivered, OrderStatus::Shipped};
    f[10].maxTotalCents = 3000;
    return f;
}

void tst_OrderQueries::listMatchesReference_data()
{
    QTest::addColumn<ListRow>("row");
    for (const OrderFilter &filter : filters()) {
        for (const auto &[name, column] : columns) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const QString label = u"%1 %2, %3"_s.arg(
                    QLatin1StringView(name), order == Qt::AscendingOrder ? u"asc"_s : u"desc"_s,
                    describe(filter));
                QTest::newRow(qPrintable(label)) << ListRow {label, filter, {column, order}};
            }
        }
    }
}

void tst_OrderQueries::listMatchesReference()
{
    // ListOrders returns exactly the filtered rows in exactly the sorted order a plain C++
    // reference computes from all rows; its count agrees; and every row's rank is its index.
    QFETCH(ListRow, row);
    const QList<OrderRow> expected = reference(m_data.rows, row.filter, row.sort);
    QVERIFY2(!expected.isEmpty() || !row.filter.text.isEmpty(), "the filter should find rows");

    QList<OrderRow> listed;
    for (qint64 offset = 0;; offset += OrderQueries::MaxPageSize) {
        const Result<QList<OrderRow>> page =
            m_queries->listOrders(row.filter, row.sort, offset, OrderQueries::MaxPageSize);
        QVERIFY2(page, failure(page));
        listed += *page;
        if (page->size() < OrderQueries::MaxPageSize)
            break;
    }
    QCOMPARE(idsOf(listed), idsOf(expected));
    QCOMPARE(listed, expected);

    const Result<qint64> count = m_queries->countOrders(row.filter);
    QVERIFY2(count, failure(count));
    QCOMPARE(*count, expected.size());

    for (qsizetype i = 0; i < expected.size(); i += std::max<qsizetype>(1, expected.size() / 25)) {
        const SortKey key = OrderQueries::sortKeyOf(expected.at(i), row.sort);
        const Result<qint64> rank = m_queries->rankOf(row.filter, row.sort, key);
        QVERIFY2(rank, failure(rank));
        QCOMPARE(*rank, i);
        if (i > 0) {
            QVERIFY(OrderQueries::sortsBefore(OrderQueries::sortKeyOf(expected.at(i - 1), row.sort),
                                              key, row.sort));
            QVERIFY(!OrderQueries::sortsBefore(
                key, OrderQueries::sortKeyOf(expected.at(i - 1), row.sort), row.sort));
        }
    }
    if (!expected.isEmpty()) {
        const SortKey last = OrderQueries::sortKeyOf(expected.constLast(), row.sort);
        QCOMPARE(*m_queries->rankOf(row.filter, row.sort, last), expected.size() - 1);
    }
}

void tst_OrderQueries::windowsAreClampedAndContiguous()
{
    // Windows of any size and offset are slices of the one sorted list; a page never holds
    // more than MaxPageSize rows, and nonsense offsets and limits are clamped, not errors.
    const OrderSort sort {OrderColumn::Total, Qt::AscendingOrder};
    const QList<OrderRow> expected = reference(m_data.rows, {}, sort);
    QCOMPARE(m_queries->listOrders({}, sort, 0, 5000)->size(), OrderQueries::MaxPageSize);
    QCOMPARE(m_queries->listOrders({}, sort, 0, 0)->size(), 0);
    QCOMPARE(m_queries->listOrders({}, sort, 0, -7)->size(), 0);
    QCOMPARE(idsOf(*m_queries->listOrders({}, sort, -50, 3)), idsOf(expected.mid(0, 3)));
    QCOMPARE(m_queries->listOrders({}, sort, OrderCount + 10, 100)->size(), 0);
    for (const auto &[offset, limit] :
         QList<std::pair<qint64, int>> {{0, 1}, {1, 7}, {999, 2}, {2990, 100}, {1234, 333}}) {
        QCOMPARE(idsOf(*m_queries->listOrders({}, sort, offset, limit)),
                 idsOf(expected.mid(offset, limit)));
    }
}

void tst_OrderQueries::filterMatchesAgreesWithSql_data()
{
    QTest::addColumn<OrderFilter>("filter");
    const QList<OrderFilter> base = filters();
    for (qsizetype i = 0; i < base.size(); ++i)
        QTest::newRow(qPrintable(u"%1: %2"_s.arg(i).arg(describe(base.at(i))))) << base.at(i);
    const QStringList texts = {u"ab"_s,
                               u"AB"_s,
                               u"\u00fc"_s,
                               u"\u00dc"_s,
                               u"M\u00dcL"_s,
                               u"%"_s,
                               u"%P"_s,
                               u"\\"_s,
                               u"\\s"_s,
                               u"'"_s,
                               u"\""_s,
                               u"\"Quotes\""_s,
                               u"wool_co"_s,
                               u"Ord-M"_s,
                               u"ord."_s,
                               u"\U0001F600"_s,
                               u"\U0001F600 S"_s,
                               u"o\u00eb\U0001F600"_s,
                               u"\u00eb\U0001F600"_s,
                               u"\u00cb\U0001F600"_s,
                               u"Garc\u00cdA"_s,
                               u"DROP TABLE"_s,
                               u"customer1@"_s};
    for (const QString &text : texts) {
        OrderFilter filter;
        filter.text = text;
        QTest::newRow(qPrintable(u"text \u201c%1\u201d"_s.arg(text))) << filter;
    }
}

void tst_OrderQueries::filterMatchesAgreesWithSql()
{
    // OrderFilter::matches(), which models use to place a changed row without a query,
    // decides every row the way the SQL does, and both agree with the reference.
    QFETCH(OrderFilter, filter);
    QStringList bySql;
    for (qint64 offset = 0;; offset += OrderQueries::MaxPageSize) {
        const auto page = m_queries->listOrders(filter, {OrderColumn::Id, Qt::AscendingOrder},
                                                offset, OrderQueries::MaxPageSize);
        QVERIFY2(page, failure(page));
        bySql += idsOf(*page);
        if (page->size() < OrderQueries::MaxPageSize)
            break;
    }
    QStringList byMatches;
    QStringList byReference;
    for (const OrderRow &row : std::as_const(m_data.rows)) {
        if (filter.matches(row))
            byMatches.append(row.id);
        if (referenceMatches(filter, row))
            byReference.append(row.id);
    }
    std::sort(byMatches.begin(), byMatches.end(),
              [](const QString &a, const QString &b) { return compareText(a, b) < 0; });
    std::sort(byReference.begin(), byReference.end(),
              [](const QString &a, const QString &b) { return compareText(a, b) < 0; });
    QCOMPARE(byMatches, bySql);
    QCOMPARE(bySql, byReference);
}

void tst_OrderQueries::listNeverScansOrSortsTheTable_data()
{
    QTest::addColumn<ListRow>("row");
    // The filters that do not search text: the list query walks an index in sort order and
    // stops after one window, whatever the table's size.
    const qint64 day = m_data.now / MillisPerDay * MillisPerDay;
    QList<OrderFilter> plain(8);
    plain[1].statuses = {OrderStatus::Shipped};
    plain[2].statuses = {OrderStatus::Pending, OrderStatus::Confirmed};
    plain[3].createdFrom = day - 30 * MillisPerDay;
    plain[3].createdTo = day;
    plain[4].minTotalCents = 1000;
    plain[4].maxTotalCents = 5000;
    plain[5].customerId = u"QC3"_s;
    plain[6].statuses = {OrderStatus::Cancelled};
    plain[6].createdFrom = day - 30 * MillisPerDay;
    plain[7].customerId = u"QC3"_s;
    plain[7].statuses = {OrderStatus::Pending};
    plain[7].maxTotalCents = 5000;
    for (const OrderFilter &filter : std::as_const(plain)) {
        for (const auto &[name, column] : columns) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const QString label = u"%1 %2, %3"_s.arg(
                    QLatin1StringView(name), order == Qt::AscendingOrder ? u"asc"_s : u"desc"_s,
                    describe(filter));
                QTest::newRow(qPrintable(label)) << ListRow {label, filter, {column, order}};
            }
        }
    }
}

void tst_OrderQueries::listNeverScansOrSortsTheTable()
{
    // The query plan of every list query without text uses an index for the rows and for
    // their order: no plain "SCAN order_view" and no temporary B-tree to sort them. (A text
    // filter of three or more characters goes through the trigram index instead: that plan
    // looks the matches up by rowid and sorts them in a temporary B-tree, which costs as much
    // as there are matches, not rows. Shorter text is a LIKE on the rows the sort index walks,
    // which stops after one window when matches are common and may walk far when rare.)
    QFETCH(ListRow, row);
    const Result<QStringList> plan = m_queries->explainList(row.filter, row.sort);
    QVERIFY2(plan, failure(plan));
    QVERIFY(!plan->isEmpty());
    for (const QString &step : *plan) {
        QVERIFY2(!(step.startsWith(u"SCAN order_view") && !step.contains(u"INDEX")),
                 qPrintable(plan->join(u" / "_s)));
        QVERIFY2(!step.contains(u"TEMP B-TREE"), qPrintable(plan->join(u" / "_s)));
    }
}

void tst_OrderQueries::injectionFindsOnlyLiterals_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("drop table") << u"'; DROP TABLE order_view; --"_s;
    QTest::newRow("or 1=1") << u"\" OR 1=1 --"_s;
    QTest::newRow("fts syntax") << u"id:* OR customer_name:a NEAR(b c)"_s;
    QTest::newRow("fts quotes") << u"\"\"\""_s;
    QTest::newRow("percent") << u"%"_s;
    QTest::newRow("percent x3") << u"%%%"_s;
    QTest::newRow("underscore") << u"_"_s;
    QTest::newRow("underscores x3") << u"___"_s;
    QTest::newRow("backslash") << u"\\"_s;
    QTest::newRow("backslash escape") << u"\\%"_s;
    QTest::newRow("single quote") << u"'"_s;
    QTest::newRow("double quote") << u"\""_s;
    QTest::newRow("quotes") << u"O'Brien \"Q"_s;
    QTest::newRow("control characters") << u"\u0001\u0002\u001b[2J\u007f"_s;
    QTest::newRow("line breaks") << u"a\r\nb"_s;
    QTest::newRow("very long") << QString(10'000, u'x');
    QTest::newRow("very long quotes") << QString(5'000, u'\'');
    QTest::newRow("lone surrogate") << QString(QChar(0xd800));
}

void tst_OrderQueries::injectionFindsOnlyLiterals()
{
    // Hostile text in any text field of the filter is a literal: it finds the rows that
    // contain it and nothing else, and it breaks nothing (table and counts unchanged).
    QFETCH(QString, text);
    RawSql read(m_data.readPath);
    for (int field = 0; field < 2; ++field) {
        OrderFilter filter;
        (field == 0 ? filter.text : filter.customerId) = text;
        for (const auto &[name, column] : columns) {
            const OrderSort sort {column, Qt::AscendingOrder};
            const Result<QList<OrderRow>> rows = m_queries->listOrders(filter, sort, 0, 1000);
            QVERIFY2(rows, failure(rows));
            const QList<OrderRow> expected = reference(m_data.rows, filter, sort);
            QCOMPARE(idsOf(*rows), idsOf(expected.mid(0, 1000)));
            const Result<qint64> count = m_queries->countOrders(filter);
            QVERIFY2(count, failure(count));
            QCOMPARE(*count, expected.size());
            QVERIFY(m_queries->rankOf(filter, sort, {QVariant(text), text}));
        }
        QVERIFY(m_queries->getOrder(text));
        QVERIFY(m_queries->ordersById({text}));
    }
    QVERIFY(read.hasTable(u"order_view"_s));
    QCOMPARE(read.count(u"order_view"_s), OrderCount);
    QCOMPARE(*m_queries->countOrders({}), OrderCount);
}

void tst_OrderQueries::getOrderHasLinesAndHistory()
{
    // GetOrder returns the order with its lines in line order and its history in event order,
    // and nothing (not an error) for an id the read store does not have.
    RawSql read(m_data.readPath);
    for (qsizetype i = 0; i < m_data.rows.size(); i += 97) {
        const OrderRow &row = m_data.rows.at(i);
        const Result<std::optional<OrderDetails>> details = m_queries->getOrder(row.id);
        QVERIFY2(details, failure(details));
        QVERIFY(details->has_value());
        const OrderDetails &d = **details;
        QCOMPARE(d.order, row);
        QStringList lines;
        qint64 items = 0;
        qint64 total = 0;
        for (const OrderLineRow &line : d.lines) {
            lines.append(u"%1|%2|%3|%4|%5"_s.arg(line.productId, line.productName)
                             .arg(line.quantity)
                             .arg(line.unitPrice.cents())
                             .arg(line.subtotal.cents()));
            QCOMPARE(line.subtotal.cents(), line.quantity * line.unitPrice.cents());
            items += line.quantity;
            total += line.subtotal.cents();
        }
        QCOMPARE(lines,
                 read.rows(u"SELECT product_id, product_name, quantity, unit_price_cents, "
                           "subtotal_cents FROM order_line_view WHERE order_id = ? "
                           "ORDER BY line_no"_s,
                           {row.id}));
        QCOMPARE(qint64(d.lines.size()), row.lineCount);
        QCOMPARE(items, row.itemCount);
        QCOMPARE(total, row.total.cents());

        QCOMPARE(d.history.size(), row.version);
        QCOMPARE(d.history.constFirst().type, u"OrderCreated"_s);
        QCOMPARE(d.history.constFirst().occurredAt, row.createdAt);
        QCOMPARE(d.history.constLast().occurredAt, row.updatedAt);
        for (qsizetype h = 0; h < d.history.size(); ++h) {
            QCOMPARE(d.history.at(h).streamVersion, h + 1);
            QVERIFY(h == 0 || d.history.at(h).position > d.history.at(h - 1).position);
            QCOMPARE(d.history.at(h).actor, u"test"_s);
        }
        if (row.status == OrderStatus::Cancelled)
            QCOMPARE(d.history.constLast().detail, row.cancelReason);
    }
    const Result<std::optional<OrderDetails>> missing = m_queries->getOrder(u"ORD-NOPE"_s);
    QVERIFY2(missing, failure(missing));
    QVERIFY(!missing->has_value());
}

void tst_OrderQueries::ordersById()
{
    // Rows by id, in chunks under SQLite's parameter limit: all that exist, none twice.
    QStringList ids;
    for (const OrderRow &row : std::as_const(m_data.rows))
        ids.append(row.id);
    ids.append(u"ORD-NOPE"_s);
    const Result<QList<OrderRow>> rows = m_queries->ordersById(ids);
    QVERIFY2(rows, failure(rows));
    QCOMPARE(rows->size(), OrderCount);
    QStringList found = idsOf(*rows);
    found.sort();
    ids.removeLast();
    ids.sort();
    QCOMPARE(found, ids);
    QCOMPARE(m_queries->ordersById({})->size(), 0);
}

void tst_OrderQueries::statsMatchRows_data()
{
    QTest::addColumn<int>("days");
    QTest::newRow("a week") << 7;
    QTest::newRow("30 days") << 30;
    QTest::newRow("a year") << 365;
    QTest::newRow("today only") << 1;
}

void tst_OrderQueries::statsMatchRows()
{
    // OrderStats: orders and revenue per status over all rows, and per creation day over the
    // last `days` days, oldest first, agree with the rows themselves.
    QFETCH(int, days);
    const Result<OrderStats> stats = m_queries->stats(days);
    QVERIFY2(stats, failure(stats));
    QCOMPARE(stats->byStatus.size(), 5);
    for (qsizetype s = 0; s < 5; ++s) {
        const StatusSummaryRow &summary = stats->byStatus.at(s);
        QCOMPARE(summary.status, OrderStatus(s));
        qint64 count = 0;
        qint64 revenue = 0;
        for (const OrderRow &row : std::as_const(m_data.rows)) {
            if (row.status == summary.status) {
                ++count;
                revenue += row.total.cents();
            }
        }
        QCOMPARE(summary.orders, count);
        QCOMPARE(summary.revenue.cents(), revenue);
    }

    const qint64 today = QDateTime::currentMSecsSinceEpoch() / MillisPerDay;
    std::map<qint64, std::pair<qint64, qint64>> perDay;
    for (const OrderRow &row : std::as_const(m_data.rows)) {
        const qint64 day = row.createdAt / MillisPerDay;
        if (day > today - days) {
            ++perDay[day].first;
            perDay[day].second += row.total.cents();
        }
    }
    QCOMPARE(stats->perDay.size(), qsizetype(perDay.size()));
    qsizetype i = 0;
    for (const auto &[day, figures] : perDay) {
        const DailyOrdersRow &row = stats->perDay.at(i++);
        QCOMPARE(row.day, day);
        QCOMPARE(row.orders, figures.first);
        QCOMPARE(row.revenue.cents(), figures.second);
    }
}

void tst_OrderQueries::changesListTheJournal()
{
    // The change journal lists, per projected batch, each order it changed once, with the
    // values that decide sorting and filtering as they were before the batch.
    const QString dir = m_root.filePath(u"journal"_s);
    QVERIFY(QDir().mkpath(dir));
    const WriteStoreConfig store = writeStoreIn(dir);
    const auto bus = startedBus(store);
    QVERIFY(bus);
    Projector projector(projectorFor(store, dir));
    QObject::connect(bus.get(), &CommandBus::eventsAppended, &projector,
                     &Projector::notifyEventsAppended, Qt::DirectConnection);
    QVERIFY(projector.start());
    const QString failed = addReferenceData(*bus);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const auto accepted = [&](Command command) {
        const CommandResult result = send(*bus, std::move(command));
        if (!result.isAccepted())
            qWarning("%s", qPrintable(result.message));
        return result;
    };
    const CommandResult a =
        accepted(CreateOrder {{}, u"ORD-A"_s, u"C1"_s, {{u"SKU-1"_s, 2, {}}}, {}});
    const CommandResult b =
        accepted(CreateOrder {{}, u"ORD-B"_s, u"C2"_s, {{u"SKU-2"_s, 1, {}}}, {}});
    QVERIFY(a.isAccepted() && b.isAccepted());
    QVERIFY(waitUntilProjected(projector, b.position));
    const qint64 before = b.position;

    // One batch: A confirmed and its lines... (locked once confirmed, so lines first), B
    // shipped after confirming, C created and confirmed.
    projector.pause();
    QTRY_COMPARE(projector.status().state, ProjectionStatus::State::Paused);
    QVERIFY(accepted(ChangeOrderLines {{}, u"ORD-A"_s, {{u"SKU-3"_s, 5, {}}}}).isAccepted());
    QVERIFY(accepted(ConfirmOrder {{}, u"ORD-A"_s}).isAccepted());
    QVERIFY(accepted(ConfirmOrder {{}, u"ORD-B"_s}).isAccepted());
    QVERIFY(accepted(ShipOrder {{}, u"ORD-B"_s}).isAccepted());
    QVERIFY(
        accepted(CreateOrder {{}, u"ORD-C"_s, u"C3"_s, {{u"SKU-1"_s, 1, {}}}, {}}).isAccepted());
    const CommandResult last = accepted(ConfirmOrder {{}, u"ORD-C"_s});
    QVERIFY(last.isAccepted());
    projector.resume();
    QVERIFY(waitUntilProjected(projector, last.position));

    ReadStore reader(projector.config().readStorePath);
    QVERIFY(reader.openForQueries());
    OrderQueries queries(reader.connection());
    QCOMPARE(*queries.changesHorizon(), 0);
    QCOMPARE(*queries.checkpoint(), last.position);

    const auto describeChanges = [](const QList<OrderChange> &changes) {
        QStringList lines;
        for (const OrderChange &c : changes) {
            lines.append(c.existed ? u"%1 existed: status %2, total %3, items %4"_s.arg(c.orderId)
                                         .arg(int(c.oldStatus))
                                         .arg(c.oldTotalCents)
                                         .arg(c.oldItemCount)
                                   : u"%1 new"_s.arg(c.orderId));
        }
        return lines;
    };
    const Result<QList<OrderChange>> first = queries.changes(0, before);
    QVERIFY2(first, failure(first));
    QCOMPARE(describeChanges(*first), QStringList({u"ORD-A new"_s, u"ORD-B new"_s}));
    QCOMPARE(first->at(0).position, a.position);

    const Result<QList<OrderChange>> batch = queries.changes(before, last.position);
    QVERIFY2(batch, failure(batch));
    QCOMPARE(describeChanges(*batch),
             QStringList({u"ORD-A existed: status 0, total 1998, items 2"_s,
                          u"ORD-B existed: status 0, total 2500, items 1"_s, u"ORD-C new"_s}));
    const Result<std::optional<OrderDetails>> orderA = queries.getOrder(u"ORD-A"_s);
    QVERIFY(orderA && orderA->has_value());
    for (const OrderChange &change : *batch) {
        QVERIFY(change.position > before && change.position <= last.position);
        if (change.orderId == u"ORD-A")
            QCOMPARE(change.oldUpdatedAt, (*orderA)->history.constFirst().occurredAt);
    }
    QCOMPARE(queries.changes(last.position, last.position + 100)->size(), 0);
    QCOMPARE(queries.changes(before, before)->size(), 0);
}

QTEST_GUILESS_MAIN(tst_OrderQueries)
#include "tst_orderqueries.moc"
