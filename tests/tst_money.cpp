// SPDX-License-Identifier: MIT
#include "domain/money.h"

#include <QLocale>
#include <QTest>

using namespace OrderDesk;
using namespace Qt::StringLiterals;

class tst_Money : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addition_data();
    void addition();
    void multiplication_data();
    void multiplication();
    void plainText_data();
    void plainText();
    void parsing_data();
    void parsing();
    void display();
};

void tst_Money::addition_data()
{
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::addColumn<bool>("fits");
    QTest::addColumn<qint64>("sum");

    constexpr qint64 max = std::numeric_limits<qint64>::max();
    constexpr qint64 min = std::numeric_limits<qint64>::min();
    QTest::newRow("small") << qint64(150) << qint64(275) << true << qint64(425);
    QTest::newRow("negative") << qint64(-500) << qint64(200) << true << qint64(-300);
    QTest::newRow("at the top") << max - 1 << qint64(1) << true << max;
    QTest::newRow("past the top") << max << qint64(1) << false << qint64(0);
    QTest::newRow("past the bottom") << min << qint64(-1) << false << qint64(0);
}

void tst_Money::addition()
{
    // Sums that fit are exact; sums that would wrap are refused instead.
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    QFETCH(bool, fits);
    QFETCH(qint64, sum);
    const std::optional<Money> result = Money::fromCents(a).checkedAdd(Money::fromCents(b));
    QCOMPARE(result.has_value(), fits);
    if (fits)
        QCOMPARE(result->cents(), sum);
}

void tst_Money::multiplication_data()
{
    QTest::addColumn<qint64>("cents");
    QTest::addColumn<qint64>("factor");
    QTest::addColumn<bool>("fits");
    QTest::addColumn<qint64>("product");

    QTest::newRow("line subtotal") << qint64(1999) << qint64(3) << true << qint64(5997);
    QTest::newRow("zero") << qint64(1999) << qint64(0) << true << qint64(0);
    QTest::newRow("largest price x largest quantity")
            << qint64(1'000'000'000'000) << qint64(100'000) << true << qint64(100'000'000'000'000'000);
    QTest::newRow("overflow") << qint64(1'000'000'000'000) << qint64(10'000'000) << false << qint64(0);
}

void tst_Money::multiplication()
{
    // quantity x unit price is exact or refused, never wrapped.
    QFETCH(qint64, cents);
    QFETCH(qint64, factor);
    QFETCH(bool, fits);
    QFETCH(qint64, product);
    const std::optional<Money> result = Money::fromCents(cents).checkedMultiply(factor);
    QCOMPARE(result.has_value(), fits);
    if (fits)
        QCOMPARE(result->cents(), product);
}

void tst_Money::plainText_data()
{
    QTest::addColumn<qint64>("cents");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << u"0.00"_s;
    QTest::newRow("cents only") << qint64(7) << u"0.07"_s;
    QTest::newRow("whole") << qint64(123456) << u"1234.56"_s;
    QTest::newRow("negative") << qint64(-50) << u"-0.50"_s;
    QTest::newRow("most negative") << std::numeric_limits<qint64>::min()
                                   << u"-92233720368547758.08"_s;
}

void tst_Money::plainText()
{
    // Amounts print exactly, including the extremes.
    QFETCH(qint64, cents);
    QFETCH(QString, text);
    QCOMPARE(Money::fromCents(cents).toPlainString(), text);
}

void tst_Money::parsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("cents");
    QTest::newRow("whole") << u"12"_s << true << qint64(1200);
    QTest::newRow("one decimal") << u"12.3"_s << true << qint64(1230);
    QTest::newRow("two decimals") << u"12.34"_s << true << qint64(1234);
    QTest::newRow("negative") << u"-0.50"_s << true << qint64(-50);
    QTest::newRow("spaces") << u" 5.00 "_s << true << qint64(500);
    QTest::newRow("three decimals") << u"1.234"_s << false << qint64(0);
    QTest::newRow("exponent") << u"1e5"_s << false << qint64(0);
    QTest::newRow("grouping") << u"1,000.00"_s << false << qint64(0);
    QTest::newRow("empty") << QString() << false << qint64(0);
    QTest::newRow("dot only") << u"."_s << false << qint64(0);
    QTest::newRow("trailing dot") << u"3."_s << false << qint64(0);
    QTest::newRow("too many digits") << u"123456789012345678"_s << false << qint64(0);
    QTest::newRow("largest amount") << u"92233720368547758.07"_s << true
                                    << std::numeric_limits<qint64>::max();
    QTest::newRow("one cent too many") << u"92233720368547758.08"_s << false << qint64(0);
    QTest::newRow("17 digits beyond 64 bits") << u"99999999999999999"_s << false << qint64(0);
    QTest::newRow("negative beyond 64 bits") << u"-99999999999999999.99"_s << false << qint64(0);
    QTest::newRow("letters") << u"12abc"_s << false << qint64(0);
}

void tst_Money::parsing()
{
    // Only plain decimal amounts with at most two decimals are accepted.
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, cents);
    const std::optional<Money> money = Money::fromPlainString(text);
    QCOMPARE(money.has_value(), valid);
    if (valid)
        QCOMPARE(money->cents(), cents);
}

void tst_Money::display()
{
    // Display keeps every digit (no double rounding) and uses the locale's separators.
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const QLocale german(QLocale::German, QLocale::Germany);
    QCOMPARE(Money::fromCents(123456789).toDisplayString(u"EUR"_s, english),
             u"1,234,567.89\u00a0\u20ac"_s);
    QCOMPARE(Money::fromCents(123456789).toDisplayString(u"EUR"_s, german),
             u"1.234.567,89\u00a0\u20ac"_s);
    QCOMPARE(Money::fromCents(9'007'199'254'740'993).toDisplayString(u"CHF"_s, english),
             u"90,071,992,547,409.93\u00a0CHF"_s);
}

QTEST_GUILESS_MAIN(tst_Money)
#include "tst_money.moc"
