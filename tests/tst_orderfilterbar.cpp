// SPDX-License-Identifier: MIT
#include "orderfilterbar.h"

#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace OrderDesk;
using namespace Qt::StringLiterals;

class TestOrderFilterBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typingIsDebounced();
    void statusTogglesAndDates();
    void escapeClearsEverything();
    void stateRoundTrips();
};

void TestOrderFilterBar::typingIsDebounced()
{
    // A burst of typing becomes one filter change, after the pause, with the whole text.
    OrderFilterBar bar;
    bar.show();
    QSignalSpy changed(&bar, &OrderFilterBar::filterChanged);
    QTest::keyClicks(bar.searchField(), u"ada"_s);
    QCOMPARE(changed.count(), 0);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().value<OrderFilter>().text, u"ada"_s);
    // Enter does not wait.
    QTest::keyClicks(bar.searchField(), u"m"_s);
    QTest::keyClick(bar.searchField(), Qt::Key_Return);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(bar.filter().text, u"adam"_s);
}

void TestOrderFilterBar::statusTogglesAndDates()
{
    // Status toggles add their status; a date preset sets a range from the start of a local
    // day; "Between…" takes both ends inclusive.
    OrderFilterBar bar;
    bar.show();
    QTest::mouseClick(bar.statusButton(OrderStatus::Shipped), Qt::LeftButton);
    QTest::mouseClick(bar.statusButton(OrderStatus::Pending), Qt::LeftButton);
    QCOMPARE(bar.filter().statuses,
             QList<OrderStatus>({OrderStatus::Pending, OrderStatus::Shipped}));

    bar.dateRangeBox()->setCurrentIndex(1); // today
    const qint64 today = QDate::currentDate().startOfDay().toMSecsSinceEpoch();
    QCOMPARE(bar.filter().createdFrom, std::optional<qint64>(today));
    QVERIFY(!bar.filter().createdTo);

    bar.dateRangeBox()->setCurrentIndex(4); // between
    const OrderFilter custom = bar.filter();
    QVERIFY(custom.createdFrom && custom.createdTo);
    QCOMPARE(*custom.createdTo, QDate::currentDate().addDays(1).startOfDay().toMSecsSinceEpoch());
    QVERIFY(*custom.createdFrom < *custom.createdTo);
}

void TestOrderFilterBar::escapeClearsEverything()
{
    // Esc (the clear button's shortcut) empties the search, the toggles and the dates at once.
    OrderFilterBar bar;
    bar.show();
    bar.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&bar));
    QTest::keyClicks(bar.searchField(), u"x"_s);
    QTest::mouseClick(bar.statusButton(OrderStatus::Cancelled), Qt::LeftButton);
    bar.dateRangeBox()->setCurrentIndex(2);
    QVERIFY(!bar.filter().isEmpty());
    QSignalSpy changed(&bar, &OrderFilterBar::filterChanged);
    QTest::keyClick(bar.searchField(), Qt::Key_Escape);
    QVERIFY(bar.filter().isEmpty());
    QCOMPARE(bar.searchField()->text(), QString());
    QCOMPARE(changed.count(), 1);
}

void TestOrderFilterBar::stateRoundTrips()
{
    // What is saved in the settings comes back the same.
    OrderFilterBar bar;
    bar.searchField()->setText(u"becker"_s);
    bar.statusButton(OrderStatus::Confirmed)->setChecked(true);
    bar.dateRangeBox()->setCurrentIndex(3);
    const QVariantMap state = bar.saveState();

    OrderFilterBar restored;
    restored.restoreState(state);
    QCOMPARE(restored.filter(), bar.filter());
    QCOMPARE(restored.saveState(), state);
}

QTEST_MAIN(TestOrderFilterBar)
#include "tst_orderfilterbar.moc"
