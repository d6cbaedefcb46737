// SPDX-License-Identifier: MIT
#include "projections/laghistogram.h"

#include <QTest>

using namespace OrderDesk;

namespace {

/// One percentile asked of a histogram filled with some samples.
struct PercentileRow
{
    const char *name;
    int capacity;
    QList<qint64> samples; ///< added in this order
    int percentile;
    qint64 expected;
};

QList<qint64> oneTo(qint64 n)
{
    QList<qint64> values;
    for (qint64 i = 1; i <= n; ++i)
        values.append(i);
    return values;
}

QList<qint64> reversed(QList<qint64> values)
{
    std::reverse(values.begin(), values.end());
    return values;
}

} // namespace

Q_DECLARE_METATYPE(PercentileRow)

class tst_LagHistogram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void percentile_data();
    void percentile();
    void keepsTheMostRecentSamples();
    void clearForgetsEverything();
};

void tst_LagHistogram::percentile_data()
{
    QTest::addColumn<PercentileRow>("row");
    const QList<PercentileRow> rows = {
        {"empty p50", 16, {}, 50, 0},
        {"empty p99", 16, {}, 99, 0},
        {"one sample p0", 16, {42}, 0, 42},
        {"one sample p50", 16, {42}, 50, 42},
        {"one sample p100", 16, {42}, 100, 42},
        // Nearest rank: the smallest sample with at least p% of the samples at or below it.
        {"1..100 p50", 100, oneTo(100), 50, 50},
        {"1..100 p95", 100, oneTo(100), 95, 95},
        {"1..100 p99", 100, oneTo(100), 99, 99},
        {"1..100 p100", 100, oneTo(100), 100, 100},
        {"1..100 p1", 100, oneTo(100), 1, 1},
        {"1..100 p0 is the minimum", 100, oneTo(100), 0, 1},
        {"order of arrival does not matter", 100, reversed(oneTo(100)), 95, 95},
        {"1..10 p50", 16, oneTo(10), 50, 5},
        {"1..10 p95 rounds up", 16, oneTo(10), 95, 10},
        {"1..10 p91 rounds up", 16, oneTo(10), 91, 10},
        {"1..10 p90", 16, oneTo(10), 90, 9},
        {"1..3 p50 rounds up", 16, oneTo(3), 50, 2},
        {"ties", 16, {7, 7, 7, 7, 1}, 50, 7},
        {"outlier only in the tail", 100, QList<qint64>(99, 3) << 5000, 99, 3},
        {"outlier at p100", 100, QList<qint64>(99, 3) << 5000, 100, 5000},
        {"zero lag", 16, {0, 0, 0}, 99, 0},
        {"out of range above", 16, oneTo(10), 150, 10},
        {"out of range below", 16, oneTo(10), -5, 1},
        // Past its capacity the histogram holds the newest samples only: 11..20.
        {"ring keeps newest p50", 10, oneTo(20), 50, 15},
        {"ring keeps newest p0", 10, oneTo(20), 0, 11},
        {"ring keeps newest p100", 10, oneTo(20), 100, 20},
        {"capacity below one holds one", 0, {5, 9}, 50, 9},
    };
    for (const PercentileRow &row : rows)
        QTest::newRow(row.name) << row;
}

void tst_LagHistogram::percentile()
{
    // Percentiles of the command lag are nearest-rank over the samples the ring holds.
    QFETCH(PercentileRow, row);
    LagHistogram histogram(row.capacity);
    for (qint64 sample : std::as_const(row.samples))
        histogram.add(sample);
    QCOMPARE(histogram.percentile(row.percentile), row.expected);
    // Asking does not change what is held.
    QCOMPARE(histogram.percentile(row.percentile), row.expected);
}

void tst_LagHistogram::keepsTheMostRecentSamples()
{
    // A rolling window: old samples age out one by one as new ones arrive, so a past spike
    // stops dominating the tail once enough calm samples followed it.
    LagHistogram histogram(4);
    for (qint64 sample : {1000, 1000, 1000, 1000})
        histogram.add(sample);
    QCOMPARE(histogram.size(), 4);
    QCOMPARE(histogram.percentile(50), 1000);
    histogram.add(1);
    histogram.add(2);
    QCOMPARE(histogram.size(), 4);
    QCOMPARE(histogram.percentile(50), 2);
    QCOMPARE(histogram.percentile(100), 1000);
    histogram.add(3);
    histogram.add(4);
    QCOMPARE(histogram.percentile(100), 4);
    QCOMPARE(histogram.percentile(0), 1);
}

void tst_LagHistogram::clearForgetsEverything()
{
    // After clear() the histogram behaves like a new one, ring position included.
    LagHistogram histogram(3);
    for (qint64 sample : {5, 6, 7, 8})
        histogram.add(sample);
    histogram.clear();
    QCOMPARE(histogram.size(), 0);
    QCOMPARE(histogram.percentile(50), 0);
    for (qint64 sample : {1, 2, 3, 4})
        histogram.add(sample);
    QCOMPARE(histogram.size(), 3);
    QCOMPARE(histogram.percentile(0), 2);
    QCOMPARE(histogram.percentile(100), 4);
}

QTEST_GUILESS_MAIN(tst_LagHistogram)
#include "tst_laghistogram.moc"
