// SPDX-License-Identifier: MIT
// orderdesk-bench: measures the whole pipeline next to its physical limit (raw sqlite3) and
// next to what a Qt developer would write instead (QSqlQueryModel), every ratio from figures
// of the same run. See docs/PERFORMANCE.md.
#include "benchreport.h"
#include "benchsupport.h"
#include "commandbenchmarks.h"
#include "fixtures.h"
#include "listbenchmarks.h"
#include "rawsqlite.h"
#include "rebuildbenchmark.h"

#include "projections/readstorebuilder.h"
#include "read/readstore.h"
#include "storage/datadirectory.h"
#include "write/writestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QStorageInfo>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>

#include <sqlite3.h>

#include <cstdio>
#include <optional>

using namespace OrderDesk;
using namespace OrderDesk::Bench;
using namespace Qt::StringLiterals;

namespace {

struct Settings
{
    bool quick = false;
    QString root;
    QStringList phases;
    QList<qint64> rebuildSizes;
    QList<qint64> listSizes;
    qint64 rawBatchRows = 300'000;
    /// Per kind (raw commits, serial, 256 in flight), in alternating slices.
    double commandSeconds = 6;
    int commandRounds = 6;
    double lagSeconds = 10;
    int lagRate = 1000;
    int repeats = 5;
    int scrollSteps = 200;

    bool runs(const QString &phase) const { return phases.isEmpty() || phases.contains(phase); }
};

QString sizeName(qint64 n)
{
    if (n >= 1'000'000 && n % 1'000'000 == 0)
        return u"%1m"_s.arg(n / 1'000'000);
    if (n >= 1000 && n % 1000 == 0)
        return u"%1k"_s.arg(n / 1000);
    return QString::number(n);
}

/// Runs this program again as a child (`--child ...`) and returns the JSON object it printed.
Result<QJsonObject> runChild(const QStringList &arguments, int timeoutMs = 600'000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QCoreApplication::applicationFilePath(), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return Error {ErrorCode::StorageError,
                      u"The child %1 did not finish."_s.arg(arguments.join(u' '))};
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    const QJsonDocument document = QJsonDocument::fromJson(lines.constLast());
    if (!document.isObject())
        return Error {ErrorCode::StorageError,
                      u"The child %1 printed no result."_s.arg(arguments.join(u' '))};
    const QJsonObject object = document.object();
    if (object.contains(u"error"_s) || process.exitCode() != 0)
        return Error {ErrorCode::StorageError, object.value(u"error"_s).toString()};
    return object;
}

double medianOf(const QJsonValue &array)
{
    std::vector<double> values;
    for (const QJsonValue &v : array.toArray())
        values.push_back(v.toDouble());
    return median(values);
}

/// The phases, each filling its keys of the report.
class Benchmark
{
public:
    Benchmark(const Settings &settings, BenchReport &report)
        : s(settings)
        , r(report)
    {
    }

    Result<void> raw()
    {
        const QString dir = s.root + u"/raw"_s;
        QDir().mkpath(dir);
        progress(u"raw sqlite3: %1 rows, 1000 per commit"_s.arg(s.rawBatchRows));
        // The write store's default durability: synchronous=FULL in WAL mode.
        const double rows =
            RawSqlite::batchedRowsPerSecond(dir + u"/batch.db"_s, u"FULL"_s, s.rawBatchRows);
        r.set(u"raw_sqlite_batch_rows_per_s"_s, rows);
        r.detail(u"raw_sqlite_normal_commit_per_s"_s,
                 RawSqlite::commitsPerSecond(dir + u"/commit-normal.db"_s, u"NORMAL"_s, 1));
        return {};
    }

    Result<void> commands()
    {
        const Result<CommandBenchmarks::Throughput> t = CommandBenchmarks::measureThroughput(
            s.root + u"/commands"_s, s.commandSeconds, s.commandRounds);
        if (!t)
            return t.error();
        r.set(u"raw_sqlite_commit_per_s"_s, t->rawCommitsPerSecond);
        r.set(u"cmd_serial_per_s"_s, t->serialPerSecond);
        r.set(u"cmd_concurrent_per_s"_s, t->concurrentPerSecond);
        r.detail(u"cmd_concurrent_mean_batch"_s, t->meanBatchSize);
        r.detail(u"cmd_serial_count"_s, t->serialCommands);
        r.detail(u"cmd_concurrent_count"_s, t->concurrentCommands);
        progress(u"commits/s: raw %1, serial %2, 256 in flight %3 (%4 per commit)"_s
                     .arg(t->rawCommitsPerSecond, 0, 'f', 0)
                     .arg(t->serialPerSecond, 0, 'f', 0)
                     .arg(t->concurrentPerSecond, 0, 'f', 0)
                     .arg(t->meanBatchSize, 0, 'f', 1));
        return {};
    }

    Result<void> rebuild()
    {
        QJsonObject details;
        double largestRate = 0;
        for (qint64 size : s.rebuildSizes) {
            const QString name = sizeName(size);
            const QString dir = s.root + u"/rebuild-"_s + name;
            QDir().mkpath(dir);
            const DataDirectory directory(dir);
            progress(u"rebuild %1: writing an event log of %2 events"_s.arg(name).arg(size));
            Fixtures::LogOptions options;
            options.events = size;
            const Result<Fixtures::LogSummary> log =
                Fixtures::writeEventLog(directory.writeStorePath(), options, [&](qint64 events) {
                    if (events % 200'000 == 0)
                        progress(u"  %1 / %2 events"_s.arg(events).arg(size));
                });
            if (!log)
                return log.error();
            progress(u"rebuild %1: %2 events (%3 orders) written in %4 s; rebuilding"_s.arg(name)
                         .arg(log->events)
                         .arg(log->orders)
                         .arg(log->seconds, 0, 'f', 1));
            const Result<RebuildBenchmark::Figures> figures =
                RebuildBenchmark::rebuild(directory.writeStorePath(), directory.readStorePath());
            if (!figures)
                return figures.error();
            if (figures->events != log->events || figures->orders != log->orders)
                return Error {ErrorCode::StorageError,
                              u"The rebuilt read store has %1 orders up to %2, not %3 up to %4."_s
                                  .arg(figures->orders)
                                  .arg(figures->events)
                                  .arg(log->orders)
                                  .arg(log->events)};
            progress(u"rebuild %1: %2 s, %3 events/s"_s.arg(name)
                         .arg(figures->seconds, 0, 'f', 2)
                         .arg(figures->eventsPerSecond, 0, 'f', 0));
            r.set(u"rebuild_s_"_s + name, figures->seconds);
            largestRate = figures->eventsPerSecond;
            details.insert(name,
                           QJsonObject {{u"events"_s, log->events},
                                        {u"orders"_s, log->orders},
                                        {u"seconds"_s, figures->seconds},
                                        {u"events_per_s"_s, figures->eventsPerSecond},
                                        {u"fixture_seconds"_s, log->seconds}});
            QFile::remove(directory.writeStorePath());
            ReadStore::removeFiles(directory.readStorePath());
        }
        if (largestRate > 0)
            r.set(u"rebuild_events_per_s"_s, largestRate);
        r.detail(u"rebuild"_s, details);
        return {};
    }

    Result<void> lag()
    {
        const Result<CommandBenchmarks::Lag> lag =
            CommandBenchmarks::measureLag(s.root + u"/lag"_s, s.lagRate, s.lagSeconds);
        if (!lag)
            return lag.error();
        r.set(u"lag_p50_ms"_s, lag->p50Ms);
        r.set(u"lag_p99_ms"_s, lag->p99Ms);
        r.detail(u"lag"_s,
                 QJsonObject {{u"rate_per_s"_s, s.lagRate},
                              {u"seconds"_s, s.lagSeconds},
                              {u"achieved_per_s"_s, lag->achievedPerSecond},
                              {u"commands"_s, lag->commands},
                              {u"rejected"_s, lag->rejected},
                              {u"not_visible"_s, lag->notVisible},
                              {u"max_ms"_s, lag->maxMs},
                              {u"dispatch_to_visible_p99_ms"_s, lag->dispatchToVisibleP99Ms},
                              {u"projector_p99_ms"_s, lag->projectorP99Ms}});
        progress(u"lag: p50 %1 ms, p99 %2 ms (dispatch -> visible p99 %3 ms)"_s
                     .arg(lag->p50Ms, 0, 'f', 1)
                     .arg(lag->p99Ms, 0, 'f', 1)
                     .arg(lag->dispatchToVisibleP99Ms, 0, 'f', 1));
        return {};
    }

    /// The data directories with N orders that the list phases read.
    Result<void> listFixtures()
    {
        QJsonObject details;
        for (qint64 size : s.listSizes) {
            const QString name = sizeName(size);
            const DataDirectory directory(s.root + u"/list-"_s + name);
            if (auto ok = directory.ensureExists(); !ok)
                return ok;
            progress(u"list %1: writing an event log with %2 orders"_s.arg(name).arg(size));
            Fixtures::LogOptions options;
            options.orders = size;
            const Result<Fixtures::LogSummary> log =
                Fixtures::writeEventLog(directory.writeStorePath(), options, [&](qint64 events) {
                    if (events % 400'000 == 0)
                        progress(u"  %1 events"_s.arg(events));
                });
            if (!log)
                return log.error();
            progress(u"list %1: %2 events written in %3 s; building the read store"_s.arg(name)
                         .arg(log->events)
                         .arg(log->seconds, 0, 'f', 1));
            WriteStoreConfig config;
            config.path = directory.writeStorePath();
            config.readOnly = true;
            const std::unique_ptr<WriteStore> events = createWriteStore(config);
            if (auto ok = events->open(); !ok)
                return ok;
            QElapsedTimer timer;
            timer.start();
            const Result<qint64> built = ReadStoreBuilder::build(
                *events, directory.readStorePath(), -1, [&](qint64 done, qint64 total) {
                    if (done % 400'000 < 20'000)
                        progress(u"  %1 / %2 events"_s.arg(done).arg(total));
                });
            if (!built)
                return built.error();
            const double seconds = double(timer.nsecsElapsed()) / 1e9;
            progress(u"list %1: read store built in %2 s (%3 events/s)"_s.arg(name)
                         .arg(seconds, 0, 'f', 1)
                         .arg(double(*built) / seconds, 0, 'f', 0));
            QJsonObject statuses;
            for (auto it = log->ordersByStatus.cbegin(); it != log->ordersByStatus.cend(); ++it)
                statuses.insert(QString::number(it.key()), it.value());
            details.insert(name,
                           QJsonObject {{u"orders"_s, log->orders},
                                        {u"events"_s, log->events},
                                        {u"orders_by_status"_s, statuses},
                                        {u"fixture_seconds"_s, log->seconds},
                                        {u"builder_seconds"_s, seconds},
                                        {u"builder_events_per_s"_s, double(*built) / seconds}});
        }
        r.detail(u"list_fixtures"_s, details);
        return {};
    }

    Result<void> list()
    {
        QJsonObject details;
        const qint64 largest = s.listSizes.constLast();
        for (qint64 size : s.listSizes) {
            const QString name = sizeName(size);
            const DataDirectory directory(s.root + u"/list-"_s + name);
            const bool last = size == largest;
            progress(u"list %1: OrderListModel%2"_s.arg(
                name, last ? u", filter and scrolling"_s : QString()));
            QStringList arguments = {u"--child"_s,   u"list-model"_s,
                                     u"--store"_s,   directory.readStorePath(),
                                     u"--repeats"_s, QString::number(s.repeats)};
            if (last)
                arguments += {u"--filter"_s, u"--scroll-steps"_s, QString::number(s.scrollSteps)};
            const Result<QJsonObject> child = runChild(arguments);
            if (!child)
                return child.error();
            if (child->value(u"rows"_s).toInteger() != size)
                return Error {
                    ErrorCode::StorageError,
                    u"The list showed %1 rows, not %2."_s.arg(child->value(u"rows"_s).toInteger())
                        .arg(size)};
            const double firstRows = medianOf(child->value(u"first_rows_ms"_s));
            if (size == 10'000 || size == 100'000 || size == 1'000'000)
                r.set(u"list_first_rows_ms_"_s + name, firstRows);
            if (last && size == 1'000'000) {
                r.set(u"list_filter_ms_1m"_s, medianOf(child->value(u"filter_ms"_s)));
                r.set(u"list_scroll_rss_mb_1m"_s, child->value(u"rss_mb"_s).toDouble());
            }
            details.insert(name, *child);
            progress(u"list %1: first rows %2 ms (median)"_s.arg(name).arg(firstRows, 0, 'f', 1));
        }
        r.detail(u"list"_s, details);
        return {};
    }

    Result<void> qsqlquerymodel()
    {
        const qint64 size = s.listSizes.constLast();
        const QString name = sizeName(size);
        const DataDirectory directory(s.root + u"/list-"_s + name);
        progress(
            u"list %1: plain QSqlQueryModel, first rows and fetching to the bottom"_s.arg(name));
        const Result<QJsonObject> child =
            runChild({u"--child"_s, u"qsqlquerymodel"_s, u"--store"_s, directory.readStorePath()});
        if (!child)
            return child.error();
        if (size == 1'000'000) {
            r.set(u"qsqlquerymodel_first_rows_ms_1m"_s,
                  child->value(u"first_rows_ms"_s).toDouble());
            r.set(u"qsqlquerymodel_scroll_rss_mb_1m"_s, child->value(u"rss_mb"_s).toDouble());
        }
        QJsonObject details = *child;
        details.insert(u"orders"_s, size);
        r.detail(u"qsqlquerymodel"_s, details);
        return {};
    }

    Result<void> coldStart()
    {
        const qint64 size = s.listSizes.constLast();
        const DataDirectory directory(s.root + u"/list-"_s + sizeName(size));
        const QString app = QStringLiteral(ORDERDESK_APP_PATH);
        QJsonObject details;
        std::vector<double> runs;
        for (int i = 0; i < 3; ++i) {
            const QString image = s.root + u"/cold-start.png"_s;
            QFile::remove(image);
            QProcess process;
            process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
            process.setProcessEnvironment(env);
            progress(u"cold start: orderdesk --screenshot on %1 orders (run %2)"_s.arg(size).arg(
                    i + 1));
            QElapsedTimer timer;
            timer.start();
            process.start(app, {u"--data-dir"_s, directory.path(), u"--screenshot"_s, image});
            process.waitForFinished(120'000);
            const double ms = elapsedMs(timer);
            if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0
                || !QFile::exists(image))
                return Error {ErrorCode::StorageError,
                              u"orderdesk --screenshot failed on %1."_s.arg(directory.path())};
            runs.push_back(ms);
        }
        details.insert(u"method"_s, u"orderdesk --screenshot (offscreen)"_s);
        details.insert(u"runs_ms"_s, QJsonArray {runs[0], runs[1], runs[2]});
        details.insert(u"orders"_s, size);
        if (size == 1'000'000)
            r.set(u"cold_start_ms"_s, median(runs));
        r.detail(u"cold_start"_s, details);
        return {};
    }

private:
    const Settings &s;
    BenchReport &r;
};

QJsonObject machine(const QString &root)
{
    const QStorageInfo storage(root);
    return {
        {u"cores"_s, QThread::idealThreadCount()},
        {u"cpu"_s, QSysInfo::currentCpuArchitecture()},
        {u"kernel"_s, QSysInfo::kernelVersion()},
        {u"os"_s, QSysInfo::prettyProductName()},
        {u"filesystem"_s, QString::fromUtf8(storage.fileSystemType())},
        {u"device"_s, QString::fromUtf8(storage.device())},
        {u"sqlite"_s, QString::fromLatin1(sqlite3_libversion())},
        {u"qt"_s, QString::fromLatin1(qVersion())},
        {u"build_type"_s, QStringLiteral(ORDERDESK_BENCH_BUILD_TYPE)},
    };
}

int runChildMode(const QCommandLineParser &parser, const QCommandLineOption &child,
                 const QCommandLineOption &store, const QCommandLineOption &repeats,
                 const QCommandLineOption &filter, const QCommandLineOption &scrollSteps,
                 const QCommandLineOption &events, const QCommandLineOption &orders)
{
    const QString kind = parser.value(child);
    if (kind == u"list-model") {
        ListBenchmarks::ListOptions options;
        options.readStorePath = parser.value(store);
        options.repeats = parser.value(repeats).toInt();
        options.filter = parser.isSet(filter);
        options.scrollSteps = parser.value(scrollSteps).toInt();
        return ListBenchmarks::runOrderListModel(options);
    }
    if (kind == u"qsqlquerymodel")
        return ListBenchmarks::runQSqlQueryModel(parser.value(store));
    // For profiling one part alone (callgrind, perf): make a log, rebuild it, build it.
    const DataDirectory directory(parser.value(store));
    if (kind == u"fixture") {
        Fixtures::LogOptions options;
        options.events = parser.value(events).toLongLong();
        options.orders = parser.value(orders).toLongLong();
        std::ignore = directory.ensureExists();
        const Result<Fixtures::LogSummary> log =
            Fixtures::writeEventLog(directory.writeStorePath(), options);
        if (!log)
            return std::fprintf(stderr, "%s\n", qPrintable(log.error().message)), 1;
        std::printf("{\"events\":%lld,\"orders\":%lld,\"seconds\":%f}\n", log->events, log->orders,
                    log->seconds);
        return 0;
    }
    if (kind == u"commands") {
        const Result<double> rate = CommandBenchmarks::createOrders(
                directory.path(), int(parser.value(orders).toLongLong()));
        if (!rate)
            return std::fprintf(stderr, "%s\n", qPrintable(rate.error().message)), 1;
        std::printf("{\"commands_per_s\":%f}\n", *rate);
        return 0;
    }
    if (kind == u"rebuild") {
        const Result<RebuildBenchmark::Figures> figures =
            RebuildBenchmark::rebuild(directory.writeStorePath(), directory.readStorePath());
        if (!figures)
            return std::fprintf(stderr, "%s\n", qPrintable(figures.error().message)), 1;
        std::printf("{\"events\":%lld,\"orders\":%lld,\"seconds\":%f,\"events_per_s\":%f}\n",
                    figures->events, figures->orders, figures->seconds, figures->eventsPerSecond);
        return 0;
    }
    if (kind == u"build") {
        WriteStoreConfig config;
        config.path = directory.writeStorePath();
        config.readOnly = true;
        const std::unique_ptr<WriteStore> log = createWriteStore(config);
        if (auto ok = log->open(); !ok)
            return std::fprintf(stderr, "%s\n", qPrintable(ok.error().message)), 1;
        QElapsedTimer timer;
        timer.start();
        const Result<qint64> built = ReadStoreBuilder::build(*log, directory.readStorePath());
        if (!built)
            return std::fprintf(stderr, "%s\n", qPrintable(built.error().message)), 1;
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        std::printf("{\"events\":%lld,\"seconds\":%f,\"events_per_s\":%f}\n", *built, seconds,
                    double(*built) / seconds);
        return 0;
    }
    std::fprintf(stderr, "unknown child %s\n", qPrintable(kind));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"orderdesk-bench"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Measures OrderDesk against raw SQLite and a plain QSqlQueryModel. Progress goes to "
        "stderr, the table to stdout."_s);
    parser.addHelpOption();
    const QCommandLineOption quick(
        u"quick"_s, u"Small sizes and short phases (a smoke run; 1M sizes skipped)."_s);
    const QCommandLineOption json(u"json"_s, u"Write the figures as one JSON object to FILE."_s,
                                  u"FILE"_s);
    const QCommandLineOption dataDir(u"data-dir"_s,
                                     u"Where the fixtures go (default: a temporary directory "
                                     "removed at the end). Fixtures are left in D."_s,
                                     u"D"_s);
    const QCommandLineOption only(u"only"_s,
                                  u"Run only these phases (comma-separated): raw, commands, "
                                  "rebuild, lag, list, qsqlquerymodel, coldstart."_s,
                                  u"PHASES"_s);
    const QCommandLineOption child(u"child"_s, u"(internal) run one measurement in this process."_s,
                                   u"KIND"_s);
    const QCommandLineOption store(u"store"_s, u"(internal) the store a child measures."_s,
                                   u"PATH"_s);
    const QCommandLineOption repeats(u"repeats"_s, u"(internal)"_s, u"N"_s, u"5"_s);
    const QCommandLineOption filter(u"filter"_s, u"(internal)"_s);
    const QCommandLineOption scrollSteps(u"scroll-steps"_s, u"(internal)"_s, u"N"_s, u"0"_s);
    const QCommandLineOption events(u"events"_s, u"(internal)"_s, u"N"_s, u"0"_s);
    const QCommandLineOption orders(u"orders"_s, u"(internal)"_s, u"N"_s, u"0"_s);
    parser.addOptions(
        {quick, json, dataDir, only, child, store, repeats, filter, scrollSteps, events, orders});
    parser.process(app);

    // Progress is the benchmark's own; the product's informational messages stay quiet.
    QLoggingCategory::setFilterRules(u"orderdesk.*.info=false\norderdesk.*.debug=false"_s);
    startProgressClock();
    if (parser.isSet(child))
        return runChildMode(parser, child, store, repeats, filter, scrollSteps, events, orders);

    Settings settings;
    settings.quick = parser.isSet(quick);
    if (parser.isSet(only))
        settings.phases = parser.value(only).split(u',', Qt::SkipEmptyParts);
    if (settings.quick) {
        settings.rebuildSizes = {10'000, 100'000};
        settings.listSizes = {10'000, 100'000};
        settings.rawBatchRows = 50'000;
        settings.commandSeconds = 1;
        settings.commandRounds = 2;
        settings.lagSeconds = 2;
        settings.repeats = 2;
        settings.scrollSteps = 20;
    } else {
        settings.rebuildSizes = {10'000, 100'000, 1'000'000};
        settings.listSizes = {10'000, 100'000, 1'000'000};
    }
    std::optional<QTemporaryDir> temporary;
    if (parser.isSet(dataDir)) {
        settings.root = QDir(parser.value(dataDir)).absolutePath();
        QDir().mkpath(settings.root);
    } else {
        temporary.emplace();
        settings.root = temporary->path();
    }

    BenchReport report;
    report.detail(u"machine"_s, machine(settings.root));
    report.detail(u"load_average_start"_s, loadAverages());
    report.detail(u"quick"_s, settings.quick);
    report.detail(u"started_at"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    progress(u"orderdesk-bench%1 in %2; load average %3"_s.arg(
        settings.quick ? u" --quick"_s : QString(), settings.root, loadAverages()));

    Benchmark benchmark(settings, report);
    const struct
    {
        QString name;
        Result<void> (Benchmark::*run)();
    } phases[] = {
        {u"raw"_s, &Benchmark::raw},
        {u"commands"_s, &Benchmark::commands},
        {u"rebuild"_s, &Benchmark::rebuild},
        {u"lag"_s, &Benchmark::lag},
        {u"list"_s, &Benchmark::listFixtures},
        {u"list"_s, &Benchmark::list},
        {u"qsqlquerymodel"_s, &Benchmark::qsqlquerymodel},
        {u"coldstart"_s, &Benchmark::coldStart},
    };
    QElapsedTimer total;
    total.start();
    int status = 0;
    bool fixturesMade = false;
    for (const auto &phase : phases) {
        const bool needsFixtures = phase.name == u"qsqlquerymodel" || phase.name == u"coldstart";
        if (!settings.runs(phase.name))
            continue;
        if (needsFixtures && !fixturesMade && !settings.runs(u"list"_s)) {
            // Run alone, these phases need the list's data directories.
            if (auto ok = benchmark.listFixtures(); !ok) {
                progress(u"list fixtures failed: "_s + ok.error().message);
                status = 1;
                break;
            }
        }
        fixturesMade = fixturesMade || phase.name == u"list" || needsFixtures;
        if (auto ok = (benchmark.*phase.run)(); !ok) {
            progress(u"%1 failed: %2"_s.arg(phase.name, ok.error().message));
            status = 1;
        }
    }
    report.computeRatios();
    report.detail(u"load_average_end"_s, loadAverages());
    report.detail(u"total_seconds"_s, double(total.elapsed()) / 1000.0);
    progress(u"done in %1 s; load average %2"_s.arg(double(total.elapsed()) / 1000.0, 0, 'f', 0)
                 .arg(loadAverages()));

    std::printf("%s", qPrintable(report.table()));
    std::printf("\n%s\n",
                QJsonDocument(report.toJson().value(u"details"_s).toObject())
                    .toJson(QJsonDocument::Indented)
                    .constData());
    if (parser.isSet(json)) {
        QFile file(parser.value(json));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented)) < 0) {
            std::fprintf(stderr, "Cannot write %s\n", qPrintable(parser.value(json)));
            return 1;
        }
    }
    return status;
}
