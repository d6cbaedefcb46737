// SPDX-License-Identifier: MIT
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// `orderdesk --screenshot`, run as docs and users run it: the built binary in its own process
/// on the offscreen platform.
class TestScreenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mainWindowWithDemoData();
    void unwritableFileFails();
    void waitForOrderGoesWithAnOrdersScreenshot();

private:
    static int run(const QStringList &arguments, QByteArray *output);
};

int TestScreenshot::run(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(ORDERDESK_PATH), arguments);
    if (!process.waitForFinished(240'000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void TestScreenshot::mainWindowWithDemoData()
{
    // With --demo on a fresh data directory, --screenshot waits for the demo data to be
    // projected and listed, saves a picture of the window and exits 0.
    QTemporaryDir directory;
    const QString file = directory.filePath(u"shots/main.png"_s);
    QByteArray output;
    const int exitCode = run({u"--data-dir"_s, directory.filePath(u"data"_s), u"--demo"_s,
                              u"--demo-orders"_s, u"150"_s, u"--screenshot"_s, file},
                             &output);
    QVERIFY2(exitCode == 0, output.constData());
    const QImage image(file);
    QVERIFY2(!image.isNull(), output.constData());
    QVERIFY(image.width() >= 800);
    QVERIFY(image.height() >= 500);
    // A real window, not a blank: many different colours (text, badges, selection).
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
}

void TestScreenshot::unwritableFileFails()
{
    // A screenshot that cannot be saved is an error: a non-zero exit and a message.
    QTemporaryDir directory;
    QByteArray output;
    const int exitCode =
        run({u"--data-dir"_s, directory.path(), u"--screenshot"_s, u"/dev/null/cannot/shot.png"_s},
            &output);
    QVERIFY(exitCode != 0);
    QVERIFY2(output.contains("orderdesk: "), output.constData());
}

void TestScreenshot::waitForOrderGoesWithAnOrdersScreenshot()
{
    // --wait-for-order holds a screenshot of the orders view; with another view it is an
    // error at once (tst_shareddesktops uses it for two windows on one server).
    QTemporaryDir directory;
    QByteArray output;
    const int exitCode =
        run({u"--data-dir"_s, directory.path(), u"--wait-for-order"_s, u"ORD-1"_s,
             u"--screenshot"_s, directory.filePath(u"d.png"_s), u"--screenshot-view"_s,
             u"dashboard"_s},
            &output);
    QVERIFY(exitCode != 0);
    QVERIFY2(output.contains("--wait-for-order"), output.constData());
}

QTEST_GUILESS_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
