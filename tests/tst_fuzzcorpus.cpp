// SPDX-License-Identifier: MIT
// Every fuzzing seed and every input that once crashed a fuzz target, run through the same
// code as the fuzz targets (tests/fuzz/fuzzentries.h) in each ordinary test run, with the
// ordinary compiler: a crash found by fuzzing stays fixed.
#include "fuzz/fuzzentries.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_FuzzCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replay_data();
    void replay();
};

void tst_FuzzCorpus::replay_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("path");
    const QDir root(QStringLiteral(ORDERDESK_FUZZ_DIR));
    int count = 0;
    for (const QString &kind : {u"corpus"_s, u"regressions"_s}) {
        for (const QString &target : {u"eventcodec"_s, u"commandparser"_s}) {
            const QDir dir(root.filePath(kind + u'/' + target));
            for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
                const QString row = kind + u'/' + target + u'/' + name;
                QTest::newRow(qPrintable(row)) << target << dir.filePath(name);
                ++count;
            }
        }
    }
    QVERIFY2(count > 0, qPrintable(root.path()));
}

void tst_FuzzCorpus::replay()
{
    // The input goes through decoder or parser without crashing, and what the decoder accepts
    // encodes to something it reads back the same (the targets abort otherwise).
    QFETCH(QString, target);
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray input = file.readAll();
    const auto *data = reinterpret_cast<const uint8_t *>(input.constData());
    if (target == u"eventcodec")
        OrderDesk::Fuzz::eventCodec(data, size_t(input.size()));
    else
        OrderDesk::Fuzz::commandParser(data, size_t(input.size()));
}

QTEST_GUILESS_MAIN(tst_FuzzCorpus)
#include "tst_fuzzcorpus.moc"
