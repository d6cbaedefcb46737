// SPDX-License-Identifier: MIT
#include "benchsupport.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace OrderDesk::Bench {

using namespace Qt::StringLiterals;

namespace {

QElapsedTimer &progressClock()
{
    static QElapsedTimer clock;
    return clock;
}

double statusField(QByteArrayView field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return 0;
    // /proc files report a size of 0, so atEnd() is true at once: read all, then look.
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field)) {
            // "VmRSS:\t  123456 kB"
            const QByteArray value = line.mid(field.size()).trimmed().split(' ').value(0);
            return value.toDouble() / 1024.0;
        }
    }
    return 0;
}

} // namespace

void startProgressClock()
{
    progressClock().start();
}

void progress(const QString &message)
{
    const double seconds =
        progressClock().isValid() ? double(progressClock().elapsed()) / 1000.0 : 0.0;
    std::fprintf(stderr, "[%7.1f s] %s\n", seconds, qPrintable(message));
    std::fflush(stderr);
}

double residentMegabytes()
{
    return statusField("VmRSS:");
}

double peakResidentMegabytes()
{
    return statusField("VmHWM:");
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0)
            return done();
        QEventLoop loop;
        // Wakes at least every millisecond; any event handled before that ends the wait too.
        QTimer::singleShot(1, Qt::PreciseTimer, &loop, &QEventLoop::quit);
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

double median(std::vector<double> values)
{
    return percentile(std::move(values), 50);
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = size_t(std::ceil(p / 100.0 * double(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

QString loadAverages()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return u"unknown"_s;
    const QList<QByteArray> parts = file.readAll().split(' ');
    if (parts.size() < 3)
        return u"unknown"_s;
    return QString::fromLatin1(parts[0] + ' ' + parts[1] + ' ' + parts[2]);
}

} // namespace OrderDesk::Bench
