// SPDX-License-Identifier: MIT
#include "lagchart.h"
#include "ringbuffer.h"

#include <QImage>
#include <QTest>

using namespace OrderDesk;

class TestLagChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ringBufferKeepsTheNewest();
    void axisTop_data();
    void axisTop();
    void memoryStaysBounded();
    void paintsWithAndWithoutSamples();
};

void TestLagChart::ringBufferKeepsTheNewest()
{
    // A full ring buffer drops its oldest value for each new one and keeps the order.
    RingBuffer<int> buffer(3);
    QVERIFY(buffer.isEmpty());
    for (int i = 1; i <= 5; ++i)
        buffer.push(i);
    QCOMPARE(buffer.size(), 3);
    QCOMPARE(buffer.at(0), 3);
    QCOMPARE(buffer.at(1), 4);
    QCOMPARE(buffer.at(2), 5);
    QCOMPARE(buffer.last(), 5);
    buffer.clear();
    QCOMPARE(buffer.size(), 0);
    buffer.push(7);
    QCOMPARE(buffer.at(0), 7);
}

void TestLagChart::axisTop_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("zero") << qint64(0) << qint64(4);
    QTest::newRow("5") << qint64(5) << qint64(8);
    QTest::newRow("10") << qint64(10) << qint64(20);
    QTest::newRow("100") << qint64(100) << qint64(100);
    QTest::newRow("101") << qint64(101) << qint64(200);
    QTest::newRow("1000") << qint64(1000) << qint64(1000);
    QTest::newRow("1874") << qint64(1874) << qint64(2000);
    QTest::newRow("8300") << qint64(8300) << qint64(10000);
}

void TestLagChart::axisTop()
{
    // Axis tops hold the largest value and split into four round steps.
    QFETCH(qint64, value);
    QFETCH(qint64, expected);
    const qint64 top = LagChart::axisTop(value, 4);
    QCOMPARE(top, expected);
    QVERIFY(top >= value);
    QCOMPARE(top % 4, 0);
}

void TestLagChart::memoryStaysBounded()
{
    // However long the window is open, the chart holds at most its capacity of samples.
    LagChart chart;
    for (qint64 i = 0; i < LagChart::Capacity * 3; ++i)
        chart.addSample({i * 100, i, i, i});
    QCOMPARE(chart.samples().size(), LagChart::Capacity);
    QCOMPARE(chart.samples().last().lagMs, LagChart::Capacity * 3 - 1);
}

void TestLagChart::paintsWithAndWithoutSamples()
{
    // The chart paints an empty state and a full minute of samples without trouble, and the
    // samples change what is drawn.
    LagChart chart;
    chart.resize(600, 300);
    chart.setNow(1'000'000);
    const QImage empty = chart.grab().toImage();
    for (qint64 t = 1'000'000 - 60'000; t <= 1'000'000; t += 250)
        chart.addSample({t, (t / 250) % 40 * 50, (t / 250) % 30, 120});
    const QImage full = chart.grab().toImage();
    QVERIFY(!empty.isNull());
    QCOMPARE(full.size(), empty.size());
    QVERIFY(full != empty);
    QVERIFY(chart.accessibleDescription().contains(QLatin1StringView("event")));
}

QTEST_MAIN(TestLagChart)
#include "tst_lagchart.moc"
