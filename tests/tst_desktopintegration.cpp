// SPDX-License-Identifier: MIT
#include "desktopintegration.h"

#include <QImage>
#include <QPixmap>
#include <QTest>

using namespace OrderDesk;
using namespace Qt::StringLiterals;

class tst_DesktopIntegration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void applicationId();
    void iconSizes_data();
    void iconSizes();
};

void tst_DesktopIntegration::applicationId()
{
    // The id must match the installed .desktop, metainfo and icon names (resources/linux).
    QCOMPARE(OrderDesk::applicationId(), u"io.github.orderdesk.OrderDesk"_s);
}

void tst_DesktopIntegration::iconSizes_data()
{
    QTest::addColumn<int>("size");
    for (const int size : {16, 32, 48, 128, 256})
        QTest::addRow("%d px", size) << size;
}

void tst_DesktopIntegration::iconSizes()
{
    // Each size comes from its own embedded image: the resources are linked into the
    // executable and nothing is scaled up from a smaller one.
    QFETCH(int, size);
    const QIcon icon = applicationIcon();
    QVERIFY(!icon.isNull());
    QVERIFY(icon.availableSizes().contains(QSize(size, size)));
    const QImage image = icon.pixmap(QSize(size, size)).toImage();
    QCOMPARE(image.size(), QSize(size, size));
    // The clipboard's opaque blue shows below the sheet of paper, in every size.
    const QColor board = image.pixelColor(size / 2, size * 234 / 256);
    QVERIFY2(board.blue() > board.red() + 40 && board.alpha() == 255,
             qPrintable(board.name(QColor::HexArgb)));
}

QTEST_MAIN(tst_DesktopIntegration)
#include "tst_desktopintegration.moc"
