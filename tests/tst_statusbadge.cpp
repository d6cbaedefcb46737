// SPDX-License-Identifier: MIT
#include "statusbadge.h"

#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QTest>

#include <cmath>

using namespace OrderDesk;
using namespace Qt::StringLiterals;

namespace {

/// WCAG 2 relative luminance and contrast ratio.
double luminance(const QColor &color)
{
    const auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette paletteWithWindow(const QColor &window)
{
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::Base, window);
    return palette;
}

} // namespace

class TestStatusBadge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readableInLightAndDark_data();
    void readableInLightAndDark();
    void statusesLookDifferent();
    void paintsWithinItsRect();
};

void TestStatusBadge::readableInLightAndDark_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QColor>("window");
    for (OrderStatus status : allOrderStatuses()) {
        const QByteArray key = orderStatusKey(status).toLatin1();
        QTest::newRow(QByteArray(key + " light").constData())
            << int(status) << QColor(0xf5, 0xf5, 0xf5);
        QTest::newRow(QByteArray(key + " dark").constData())
            << int(status) << QColor(0x2a, 0x2a, 0x2e);
    }
}

void TestStatusBadge::readableInLightAndDark()
{
    // Badge text keeps WCAG AA contrast (4.5:1) against its background in both palettes, and
    // the badge's border is visible against the window behind it.
    QFETCH(int, status);
    QFETCH(QColor, window);
    const QPalette palette = paletteWithWindow(window);
    const StatusBadge::Colors colors = StatusBadge::colors(OrderStatus(status), palette);
    QVERIFY2(contrast(colors.text, colors.background) >= 4.5,
             qPrintable(QString::number(contrast(colors.text, colors.background))));
    QVERIFY(colors.background != window);
    QVERIFY(colors.border.alpha() > 0 && colors.border.rgb() != window.rgb());
    QCOMPARE(StatusBadge::isDark(palette), window.lightness() < 128);
}

void TestStatusBadge::statusesLookDifferent()
{
    // Each status has a background of its own, so that colour helps tell them apart.
    for (const QColor window : {QColor(Qt::white), QColor(0x20, 0x20, 0x20)}) {
        QSet<QRgb> backgrounds;
        for (OrderStatus status : allOrderStatuses())
            backgrounds.insert(
                StatusBadge::colors(status, paletteWithWindow(window)).background.rgb());
        QCOMPARE(backgrounds.size(), allOrderStatuses().size());
    }
}

void TestStatusBadge::paintsWithinItsRect()
{
    // A badge painted into a cell stays inside the cell and paints its background there.
    QImage image(200, 40, QImage::Format_ARGB32);
    image.fill(Qt::white);
    const QRect cell(10, 5, 120, 30);
    {
        QPainter painter(&image);
        StatusBadge::paint(&painter, cell, OrderStatus::Delivered, u"Delivered"_s,
                           paletteWithWindow(Qt::white));
    }
    const QColor background =
        StatusBadge::colors(OrderStatus::Delivered, paletteWithWindow(Qt::white)).background;
    bool found = false;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixelColor(x, y) != Qt::white)
                QVERIFY2(cell.contains(x, y), qPrintable(u"%1,%2"_s.arg(x).arg(y)));
            found = found || image.pixelColor(x, y) == background;
        }
    }
    QVERIFY(found);
}

QTEST_MAIN(TestStatusBadge)
#include "tst_statusbadge.moc"
