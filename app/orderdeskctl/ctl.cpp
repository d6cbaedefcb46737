// SPDX-License-Identifier: MIT
#include "ctl.h"

#include "commands/commandparser.h"
#include "demo/demoseeder.h"
#include "demo/loadgenerator.h"
#include "domain/orderstatus.h"
#include "domain/validation.h"
#include "events/eventcodec.h"
#include "events/eventsummary.h"
#include "orderdesk_version.h"
#include "projections/readstorebuilder.h"
#include "read/orderjson.h"
#include "read/orderqueries.h"
#include "read/readstore.h"
#include "read/readstorecomparison.h"
#include "storage/postgresconnection.h"

#ifdef ORDERDESK_HAS_HTTP_API
#include "apiserver.h"
#include "apitoken.h"
#include "listenaddress.h"
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTemporaryDir>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Ctl", text);
}

using OrderJson::isoTime;

/// Messages quote what the user typed. Printed raw, a newline would split the one error line
/// and an escape sequence would drive the terminal, so such characters are shown escaped.
QString oneLine(const QString &text)
{
    QString line;
    line.reserve(text.size());
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n')
            line += u"\\n"_s;
        else if (u == u'\r')
            line += u"\\r"_s;
        else if (u == u'\t')
            line += u"\\t"_s;
        else if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0x2028 || u == 0x2029)
            line += u"\\u%1"_s.arg(int(u), 4, 16, QLatin1Char('0'));
        else
            line += c;
    }
    return line;
}

/// Progress lines rewrite themselves with '\r': only for people watching a terminal, never
/// into a pipe or a log, where an error stays the one line on stderr.
bool stderrIsTerminal()
{
#ifdef Q_OS_UNIX
    return ::isatty(STDERR_FILENO) == 1;
#else
    return false;
#endif
}

/// Options that come before the subcommand.
const QStringList globalValueOptions = {u"data-dir"_s, u"database-url"_s, u"durability"_s};
const QStringList globalFlags = {u"json"_s, u"help"_s, u"version"_s};

/// Parses a subcommand's own options with QCommandLineParser; reports usage errors in one line.
struct SubcommandParser
{
    QCommandLineParser parser;
    QString error;

    bool parse(const QStringList &arguments)
    {
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        if (!parser.parse(arguments)) {
            error = parser.errorText();
            return false;
        }
        if (!parser.positionalArguments().isEmpty()) {
            error = tr("Unexpected argument \u201c%1\u201d.").arg(parser.positionalArguments().first());
            return false;
        }
        return true;
    }

    /// A whole number from min to max, or nullopt with `error` set.
    std::optional<qint64> number(const QString &name, qint64 fallback, qint64 min, qint64 max)
    {
        if (!parser.isSet(name))
            return fallback;
        bool ok = false;
        const qint64 value = parser.value(name).toLongLong(&ok);
        if (!ok || value < min || value > max) {
            error = tr("--%1 must be a whole number from %2 to %3.").arg(name).arg(min).arg(max);
            return std::nullopt;
        }
        return value;
    }
};

#ifdef ORDERDESK_HAS_HTTP_API
/// Turns SIGINT and SIGTERM into a quit of the event loop, so that `serve` stops cleanly: it
/// stops listening and finishes what it started. A signal handler may only do async-signal-safe
/// things, so it writes a byte to a socket pair that the event loop watches.
class StopOnSignal
{
public:
    StopOnSignal()
    {
#ifdef Q_OS_UNIX
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fds) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(s_fds[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [] {
            char byte = 0;
            [[maybe_unused]] const ssize_t n = ::read(s_fds[0], &byte, 1);
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = [](int) {
            const char byte = 1;
            [[maybe_unused]] const ssize_t n = ::write(s_fds[1], &byte, 1);
        };
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, nullptr);
        ::sigaction(SIGTERM, &action, nullptr);
#endif
    }

    ~StopOnSignal()
    {
#ifdef Q_OS_UNIX
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        m_notifier.reset();
        ::close(s_fds[0]);
        ::close(s_fds[1]);
#endif
    }

private:
#ifdef Q_OS_UNIX
    static inline int s_fds[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
#endif
};

#endif // ORDERDESK_HAS_HTTP_API

} // namespace

Ctl::Ctl() : m_out(stdout), m_err(stderr) { }

int Ctl::printHelp()
{
    m_out << tr("Usage: orderdeskctl [--data-dir DIR] [--database-url URL] [--json]\n"
                "                   [--durability full|normal] COMMAND [ARGS]\n"
                "\n"
                "Store:\n"
                "  init                         create the data directory and the write store\n"
                "  seed [--customers N] [--products N] [--orders N] [--seed S]\n"
                "                               create demo data through the command bus\n"
                "  stats                        counts of orders, events, customers, products\n"
                "  events [--after P] [--limit N]\n"
                "                               the raw event log\n"
                "  status                       head, checkpoint, lag and dead letters\n"
                "  rebuild                      rebuild the read store from the event log\n"
                "  verify                       compare the read store with a fresh rebuild\n"
                "  load --rate R [--duration S | --count N] --acks FILE [--seed S]\n"
                "       [--in-flight N] [--open-orders N]\n"
                "                               send a random mix of commands at R per second;\n"
                "                               append each accepted command id and its event\n"
                "                               position to FILE once it is durable\n"
                "  audit ORDER                  who did what to an order, and when (event log)\n"
                "\n"
                "Queries (read store only):\n"
                "  list [--status S[,S...]] [--search TEXT] [--customer ID] [--sort COLUMN]\n"
                "       [--asc] [--limit N] [--offset N]\n"
                "                               COLUMN: id customer email items total status\n"
                "                               created updated (default: created, newest first)\n"
                "  show ORDER                   one order with its lines and history\n"
                "\n"
                "HTTP API:\n"
                "  serve [--listen HOST:PORT] [--token TOKEN]\n"
                "                               commands and queries as JSON over HTTP until\n"
                "                               SIGINT/SIGTERM; listens on 127.0.0.1:8080 by\n"
                "                               default (port 0: any free port). The token (or\n"
                "                               ORDERDESK_API_TOKEN) is required to listen on\n"
                "                               an address other than loopback.\n"
                "\n"
                "Commands (each goes through the command bus):\n"
                "  register-customer ID --name NAME --email EMAIL\n"
                "  add-product SKU --name NAME --price 12.34\n"
                "  change-price SKU --price 12.34\n"
                "  create-order --customer ID --line SKU:QTY[@PRICE] ... [--currency EUR]\n"
                "  change-lines ORDER --line SKU:QTY[@PRICE] ...\n"
                "  confirm|ship|deliver ORDER\n"
                "  cancel ORDER --reason TEXT\n"
                "  Every command also takes --command-id ID (retries return the first result),\n"
                "  --expected-version V (optimistic concurrency) and --actor NAME.\n"
                "\n"
                "The data directory defaults to %1.\n"
                "\n"
                "--database-url postgresql://user@host:port/database uses a shared PostgreSQL\n"
                "write store instead of the SQLite file (also taken from ORDERDESK_DATABASE_URL\n"
                "when neither option is given); the data directory then holds only this\n"
                "desktop's own read store. The password comes from PGPASSWORD or ~/.pgpass; one\n"
                "in the URL is used but never shown or stored.\n")
                    .arg(DataDirectory::defaultPath());
    m_out.flush();
    return Ok;
}

int Ctl::usage(const QString &message)
{
    m_err << u"orderdeskctl: "_s << oneLine(message) << u' '
          << tr("(see orderdeskctl --help)") << Qt::endl;
    return Usage;
}

int Ctl::fail(const Error &error)
{
    if (m_json) {
        printJson({{u"ok"_s, false},
                   {u"error"_s, errorCodeName(error.code)},
                   {u"message"_s, error.message}});
    }
    m_err << u"orderdeskctl: "_s << oneLine(error.message) << Qt::endl;
    return Failed;
}

void Ctl::printJson(const QJsonObject &object)
{
    m_out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) << Qt::endl;
}

QJsonObject Ctl::resultToJson(const CommandResult &result)
{
    QJsonObject json{{u"ok"_s, result.isAccepted()},
                     {u"command_id"_s, result.commandId},
                     {u"command_type"_s, result.commandType}};
    if (result.isAccepted()) {
        json.insert(u"target_id"_s, result.targetId);
        json.insert(u"version"_s, result.version);
        json.insert(u"position"_s, result.position);
        json.insert(u"accepted_at"_s, isoTime(result.acceptedAt));
        json.insert(u"replayed"_s, result.replayed);
    } else {
        json.insert(u"error"_s, errorCodeName(result.error));
        json.insert(u"message"_s, result.message);
    }
    return json;
}

int Ctl::run(const QStringList &arguments)
{
    // Global options end at the first word that is not one of them: the subcommand.
    QString dataDir;
    QString databaseUrl;
    qsizetype i = 1;
    for (; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(u"--"))
            break;
        QString key = argument.mid(2);
        QString value;
        const qsizetype eq = key.indexOf(u'=');
        if (eq >= 0) {
            value = key.mid(eq + 1);
            key.truncate(eq);
        }
        if (globalFlags.contains(key) && eq < 0) {
            if (key == u"json")
                m_json = true;
            else if (key == u"help")
                return printHelp();
            else {
                m_out << u"orderdeskctl "_s << QLatin1StringView(ORDERDESK_VERSION);
                if (qstrlen(ORDERDESK_REVISION) > 0)
                    m_out << u" ("_s << QLatin1StringView(ORDERDESK_REVISION) << u')';
                m_out << Qt::endl;
                return Ok;
            }
        } else if (globalValueOptions.contains(key)) {
            if (eq < 0) {
                if (i + 1 >= arguments.size())
                    return usage(tr("Option --%1 needs a value.").arg(key));
                value = arguments.at(++i);
            }
            if (key == u"data-dir") {
                if (value.isEmpty())
                    return usage(tr("--data-dir needs a directory."));
                dataDir = value;
            } else if (key == u"database-url") {
                if (value.isEmpty())
                    return usage(tr("--database-url needs a postgresql:// URL."));
                databaseUrl = value;
            } else if (value == u"full") {
                m_storeConfig.durability = WriteStoreConfig::Durability::Full;
            } else if (value == u"normal") {
                m_storeConfig.durability = WriteStoreConfig::Durability::Normal;
            } else {
                return usage(tr("--durability is full or normal, not \u201c%1\u201d.").arg(value));
            }
        } else {
            return usage(tr("Unknown option \u201c%1\u201d.").arg(argument));
        }
    }
    if (i >= arguments.size())
        return usage(tr("No command given."));

    // With a database URL the data directory keeps this desktop's own read store: desktops
    // (or processes) with different data directories each project the shared log locally.
    m_dataDirectory = DataDirectory(dataDir.isEmpty() ? DataDirectory::defaultPath() : dataDir);
    m_storeConfig.path = m_dataDirectory.writeStorePath();
    // The environment is the fallback: an explicit --data-dir alone still means its SQLite file.
    if (databaseUrl.isEmpty() && dataDir.isEmpty())
        databaseUrl = qEnvironmentVariable("ORDERDESK_DATABASE_URL");
    if (!databaseUrl.isEmpty()) {
        if (const Result<PostgresSettings> settings = PostgresSettings::fromUrl(databaseUrl);
            !settings)
            return usage(settings.error().message);
        m_storeConfig.databaseUrl = databaseUrl;
    }

    const QString name = arguments.at(i);
    // Subcommand arguments, with a program name in front as QCommandLineParser expects.
    const QStringList rest = QStringList{name} + arguments.mid(i + 1);
    if (name == u"init")
        return rest.size() == 1 ? init() : usage(tr("init takes no arguments."));
    if (name == u"seed")
        return seed(rest);
    if (name == u"stats")
        return rest.size() == 1 ? stats() : usage(tr("stats takes no arguments."));
    if (name == u"events")
        return events(rest);
    if (name == u"status")
        return rest.size() == 1 ? status() : usage(tr("status takes no arguments."));
    if (name == u"rebuild")
        return rest.size() == 1 ? rebuild() : usage(tr("rebuild takes no arguments."));
    if (name == u"verify")
        return rest.size() == 1 ? verify() : usage(tr("verify takes no arguments."));
    if (name == u"list")
        return list(rest);
    if (name == u"show")
        return show(rest);
    if (name == u"load")
        return load(rest);
    if (name == u"audit")
        return audit(rest);
    if (name == u"serve")
        return serve(rest);
    if (parsableCommandNames().contains(name))
        return command(rest);
    return usage(tr("Unknown command \u201c%1\u201d.").arg(name));
}

Result<void> Ctl::openBus()
{
    // With PostgreSQL the data directory still holds this desktop's own read store.
    if (auto ok = m_dataDirectory.ensureExists(); !ok)
        return ok;
    m_bus = std::make_unique<CommandBus>(m_storeConfig);
    if (auto ok = m_bus->start(); !ok)
        return ok;
    // orderdeskctl is a whole OrderDesk: what it writes, it also projects.
    if (auto ok = openProjector(); !ok)
        return ok;
    QObject::connect(m_bus.get(), &CommandBus::eventsAppended, m_projector.get(),
                     &Projector::notifyEventsAppended, Qt::DirectConnection);
    return {};
}

WriteStoreConfig Ctl::readOnlyStoreConfig() const
{
    WriteStoreConfig config = m_storeConfig;
    config.readOnly = true;
    return config;
}

Result<void> Ctl::openProjector()
{
    ProjectorConfig config;
    config.eventLog = readOnlyStoreConfig();
    config.readStorePath = m_dataDirectory.readStorePath();
    m_projector = std::make_unique<Projector>(config);
    return m_projector->start();
}

Result<void> Ctl::waitForProjection(qint64 position)
{
    QFutureWatcher<bool> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcher<bool>::finished, &loop, &QEventLoop::quit);
    QTimer progress;
    bool shown = false;
    int failedTicks = 0;
    QString failure;
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        const ProjectionStatus s = m_projector->status();
        // The projector retries what fails, but a damaged event log or read store does not
        // heal: after a few seconds of failing, say why instead of waiting for ten minutes.
        failedTicks = s.state == ProjectionStatus::State::Failed ? failedTicks + 1 : 0;
        if (failedTicks >= 6) {
            failure = s.lastError;
            loop.quit();
            return;
        }
        if (!stderrIsTerminal())
            return;
        if (s.state == ProjectionStatus::State::Rebuilding)
            m_err << u"\r"_s << tr("Rebuilding the read store: %1% (%2 of %3 events)")
                                        .arg(s.rebuildPercent())
                                        .arg(s.rebuildDone)
                                        .arg(s.rebuildTotal);
        else
            m_err << u"\r"_s << tr("Projecting: event %1 of %2").arg(s.checkpoint).arg(position);
        m_err.flush();
        shown = true;
    });
    progress.start(500);
    // Generous: a million events take seconds, not minutes, to project.
    watcher.setFuture(m_projector->waitForPosition(position, 600'000));
    if (!watcher.isFinished())
        loop.exec();
    if (shown)
        m_err << Qt::endl;
    if (!failure.isEmpty())
        return Error{ErrorCode::StorageError,
                     tr("The read store cannot catch up with event %1: %2").arg(position).arg(failure)};
    if (!watcher.result())
        return Error{ErrorCode::Timeout,
                     tr("The read store did not catch up with event %1: %2")
                             .arg(position)
                             .arg(m_projector->status().lastError)};
    return {};
}

int Ctl::init()
{
    if (auto ok = openBus(); !ok)
        return fail(ok.error());
    if (m_json)
        printJson({{u"ok"_s, true},
                   {u"store"_s, m_bus->storeDescription()},
                   {u"data_dir"_s, m_storeConfig.databaseUrl.isEmpty()
                                           ? QJsonValue(m_dataDirectory.path())
                                           : QJsonValue()}});
    else
        m_out << tr("Write store ready: %1").arg(m_bus->storeDescription()) << Qt::endl;
    return Ok;
}

int Ctl::seed(const QStringList &arguments)
{
    SubcommandParser sub;
    sub.parser.addOptions({
            {u"customers"_s, tr("Customers to register."), u"N"_s},
            {u"products"_s, tr("Products to add."), u"N"_s},
            {u"orders"_s, tr("Orders to create."), u"N"_s},
            {u"seed"_s, tr("Random seed: the same seed gives the same data."), u"S"_s},
    });
    if (!sub.parse(arguments))
        return usage(sub.error);
    const auto orders = sub.number(u"orders"_s, 1000, 0, 100'000'000);
    const auto customers = orders ? sub.number(u"customers"_s, 200, 1, 10'000'000) : std::nullopt;
    const auto products = customers ? sub.number(u"products"_s, 60, 1, 9999) : std::nullopt;
    const auto seedValue = products ? sub.number(u"seed"_s, 1, 0, 4294967295) : std::nullopt;
    if (!seedValue)
        return usage(sub.error);
    if (auto ok = openBus(); !ok)
        return fail(ok.error());

    SeedOptions options;
    options.orders = *orders;
    options.customers = int(*customers);
    options.products = int(*products);
    options.seed = quint32(*seedValue);

    QElapsedTimer timer;
    timer.start();
    const bool showProgress = options.orders >= 10'000 && stderrIsTerminal();
    qint64 lastShown = -1;
    const auto progress = [&](qint64 done, qint64 total) {
        const qint64 percent = total > 0 ? done * 100 / total : 100;
        if (showProgress && percent != lastShown) {
            lastShown = percent;
            m_err << u"\r"_s << tr("Seeding: %1% (%2 commands)").arg(percent).arg(done);
            m_err.flush();
        }
    };
    const Result<SeedSummary> summary = DemoSeeder(*m_bus).run(options, progress);
    if (showProgress)
        m_err << Qt::endl;
    if (!summary)
        return fail(summary.error());
    if (auto ok = waitForProjection(m_bus->headPosition()); !ok)
        return fail(ok.error());
    const double seconds = double(timer.elapsed()) / 1000.0;
    if (m_json) {
        printJson({{u"ok"_s, true},
                   {u"customers_registered"_s, summary->customersRegistered},
                   {u"products_added"_s, summary->productsAdded},
                   {u"orders_created"_s, summary->ordersCreated},
                   {u"commands_accepted"_s, summary->commandsAccepted},
                   {u"commands_rejected"_s, summary->commandsRejected},
                   {u"seconds"_s, seconds}});
    } else {
        m_out << tr("Created %1 orders (%2 customers and %3 products new) with %4 commands in "
                    "%5 s.")
                         .arg(summary->ordersCreated)
                         .arg(summary->customersRegistered)
                         .arg(summary->productsAdded)
                         .arg(summary->commandsAccepted)
                         .arg(seconds, 0, 'f', 1)
              << Qt::endl;
    }
    return Ok;
}

int Ctl::command(const QStringList &arguments)
{
    const Result<Command> parsed = parseCommand(arguments);
    if (!parsed)
        return usage(parsed.error().message);
    if (auto ok = openBus(); !ok)
        return fail(ok.error());
    const CommandResult result = m_bus->dispatch(*parsed).result();
    if (result.isAccepted()) {
        if (auto ok = waitForProjection(result.position); !ok)
            return fail(ok.error());
    }
    if (m_json) {
        printJson(resultToJson(result));
    } else if (result.isAccepted()) {
        m_out << tr("%1 accepted: %2 is at version %3 (event %4)%5.")
                         .arg(result.commandType, result.targetId)
                         .arg(result.version)
                         .arg(result.position)
                         .arg(result.replayed ? tr(", answered from an earlier identical command")
                                              : QString())
              << Qt::endl;
    }
    if (!result.isAccepted()) {
        m_err << u"orderdeskctl: "_s << oneLine(result.message) << Qt::endl;
        return Failed;
    }
    return Ok;
}

int Ctl::events(const QStringList &arguments)
{
    SubcommandParser sub;
    sub.parser.addOptions({
            {u"after"_s, tr("Show events after this position."), u"P"_s},
            {u"limit"_s, tr("At most this many events."), u"N"_s},
    });
    if (!sub.parse(arguments))
        return usage(sub.error);
    const auto after = sub.number(u"after"_s, 0, 0, std::numeric_limits<qint64>::max());
    const auto limit = after ? sub.number(u"limit"_s, 100, 1, 1'000'000) : std::nullopt;
    if (!limit)
        return usage(sub.error);

    const std::unique_ptr<WriteStore> store = createWriteStore(readOnlyStoreConfig());
    if (auto ok = store->open(); !ok)
        return fail(ok.error());
    const Result<EventEnvelopes> events = store->readEvents(*after, int(*limit));
    if (!events)
        return fail(events.error());

    QJsonArray array;
    for (const EventEnvelope &e : *events) {
        if (m_json) {
            const QJsonDocument payload = QJsonDocument::fromJson(e.payload);
            array.append(QJsonObject{{u"position"_s, e.position},
                                     {u"stream_id"_s, e.streamId},
                                     {u"stream_version"_s, e.streamVersion},
                                     {u"type"_s, e.type},
                                     {u"schema_version"_s, e.schemaVersion},
                                     {u"occurred_at"_s, isoTime(e.occurredAt)},
                                     {u"command_id"_s, e.commandId},
                                     {u"actor"_s, e.actor},
                                     {u"payload"_s, payload.object()}});
        } else {
            m_out << u"%1  %2  %3  %4 v%5  %6  %7"_s.arg(e.position, 8)
                             .arg(isoTime(e.occurredAt), e.type.leftJustified(19), e.streamId)
                             .arg(e.streamVersion)
                             .arg(e.actor, QString::fromUtf8(e.payload))
                  << u'\n';
        }
    }
    if (m_json)
        printJson({{u"ok"_s, true}, {u"events"_s, array}});
    m_out.flush();
    return Ok;
}

int Ctl::stats()
{
    const std::unique_ptr<WriteStore> store = createWriteStore(readOnlyStoreConfig());
    if (auto ok = store->open(); !ok)
        return fail(ok.error());
    const Result<WriteStoreStats> stats = store->stats();
    if (!stats)
        return fail(stats.error());

    QJsonObject byStatus;
    for (OrderStatus status : allOrderStatuses())
        byStatus.insert(orderStatusKey(status), stats->ordersByStatus.value(int(status)));
    if (m_json) {
        printJson({{u"ok"_s, true},
                   {u"orders"_s, stats->orders},
                   {u"events"_s, stats->events},
                   {u"customers"_s, stats->customers},
                   {u"products"_s, stats->products},
                   {u"processed_commands"_s, stats->processedCommands},
                   {u"head_position"_s, stats->headPosition},
                   {u"total_cents"_s, stats->totalCents},
                   {u"orders_by_status"_s, byStatus}});
        return Ok;
    }
    m_out << tr("Store:      %1").arg(store->description()) << u'\n'
          << tr("Orders:     %1").arg(stats->orders) << u'\n';
    for (OrderStatus status : allOrderStatuses())
        m_out << u"  %1 %2\n"_s.arg(orderStatusDisplayText(status) + u':', -11)
                         .arg(stats->ordersByStatus.value(int(status)));
    m_out << tr("Events:     %1 (head position %2)").arg(stats->events).arg(stats->headPosition)
          << u'\n'
          << tr("Customers:  %1").arg(stats->customers) << u'\n'
          << tr("Products:   %1").arg(stats->products) << u'\n'
          << tr("Revenue:    %1 (all orders)").arg(Money::fromCents(stats->totalCents).toPlainString())
          << Qt::endl;
    return Ok;
}

int Ctl::status()
{
    const std::unique_ptr<WriteStore> events = createWriteStore(readOnlyStoreConfig());
    if (auto ok = events->open(); !ok)
        return fail(ok.error());
    const Result<qint64> head = events->headPosition();
    if (!head)
        return fail(head.error());

    ReadStore read(m_dataDirectory.readStorePath());
    const Result<void> opened = read.openForQueries();
    const Result<qint64> checkpoint = opened ? read.checkpoint() : Result<qint64>(qint64(0));
    const Result<qint64> deadLetters = opened ? read.deadLetterCount() : Result<qint64>(qint64(0));
    if (!checkpoint)
        return fail(checkpoint.error());
    if (!deadLetters)
        return fail(deadLetters.error());
    qint64 lagMs = 0;
    if (*head > *checkpoint) {
        const Result<EventEnvelopes> oldest = events->readEvents(*checkpoint, 1);
        if (oldest && !oldest->isEmpty())
            lagMs = std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch()
                                                - oldest->constFirst().occurredAt);
    }
    const qint64 lagEvents = std::max<qint64>(0, *head - *checkpoint);
    if (m_json) {
        printJson({{u"ok"_s, true},
                   {u"write_store"_s, events->description()},
                   {u"read_store"_s, read.path()},
                   {u"read_store_present"_s, opened.hasValue()},
                   {u"head_position"_s, *head},
                   {u"checkpoint"_s, *checkpoint},
                   {u"lag_events"_s, lagEvents},
                   {u"lag_ms"_s, lagMs},
                   {u"dead_letters"_s, *deadLetters}});
        return Ok;
    }
    m_out << tr("Write store:  %1").arg(events->description()) << u'\n'
          << tr("Read store:   %1%2")
                     .arg(read.path(), opened ? QString() : tr(" (missing: it is rebuilt when "
                                                               "OrderDesk next starts)"))
          << u'\n'
          << tr("Head:         %1").arg(*head) << u'\n'
          << tr("Checkpoint:   %1").arg(*checkpoint) << u'\n'
          << tr("Lag:          %1 events, %2 ms").arg(lagEvents).arg(lagMs) << u'\n'
          << tr("Dead letters: %1").arg(*deadLetters) << Qt::endl;
    return Ok;
}

int Ctl::rebuild()
{
    if (auto ok = openProjector(); !ok)
        return fail(ok.error());
    QEventLoop loop;
    bool completed = false;
    QString message;
    QObject::connect(m_projector.get(), &Projector::rebuildFinished, &loop,
                     [&](bool done, const QString &text) {
                         completed = done;
                         message = text;
                         loop.quit();
                     });
    QTimer progress;
    bool shown = false;
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        const ProjectionStatus s = m_projector->status();
        if (s.state != ProjectionStatus::State::Rebuilding || m_json || !stderrIsTerminal())
            return;
        shown = true;
        m_err << u"\r"_s
              << tr("Rebuilding: %1% (%2 of %3 events, %4 events/s, about %5 s left)   ")
                         .arg(s.rebuildPercent())
                         .arg(s.rebuildDone)
                         .arg(s.rebuildTotal)
                         .arg(s.rebuildEventsPerSecond)
                         .arg((s.rebuildEtaMs + 999) / 1000);
        m_err.flush();
    });
    progress.start(250);
    QElapsedTimer timer;
    timer.start();
    m_projector->rebuild();
    loop.exec();
    if (shown)
        m_err << Qt::endl;
    if (!completed)
        return fail({ErrorCode::StorageError, message});
    const ProjectionStatus s = m_projector->status();
    if (m_json) {
        printJson({{u"ok"_s, true},
                   {u"checkpoint"_s, s.checkpoint},
                   {u"seconds"_s, double(timer.elapsed()) / 1000.0}});
    } else {
        m_out << message << u' '
              << tr("(%1 s)").arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1) << Qt::endl;
    }
    return Ok;
}

int Ctl::verify()
{
    // Check the event log, bring the read store up to date, then compare it, at its
    // checkpoint, with a store rebuilt from scratch up to the same event.
    const std::unique_ptr<WriteStore> events = createWriteStore(readOnlyStoreConfig());
    if (auto ok = events->open(); !ok)
        return fail(ok.error());
    if (auto ok = events->checkIntegrity(); !ok)
        return fail(ok.error());
    if (auto ok = openProjector(); !ok)
        return fail(ok.error());
    const Result<qint64> head = events->headPosition();
    if (!head)
        return fail(head.error());
    if (auto ok = waitForProjection(*head); !ok)
        return fail(ok.error());
    m_projector->stop();

    QTemporaryDir scratch;
    if (!scratch.isValid())
        return fail({ErrorCode::StorageUnavailable, tr("Cannot create a temporary directory.")});
    const QString referencePath = scratch.filePath(u"reference-read.db"_s);
    Result<ReadStoreComparison> comparison = Error{};
    // Another process may still be projecting: compare at whatever checkpoint the live store
    // has, and try again if it moved while the reference was being built.
    for (int attempt = 0; attempt < 3; ++attempt) {
        ReadStore live(m_dataDirectory.readStorePath());
        if (auto ok = live.openForQueries(); !ok)
            return fail(ok.error());
        const Result<qint64> checkpoint = live.checkpoint();
        if (!checkpoint)
            return fail(checkpoint.error());
        live.close();
        const Result<qint64> built = ReadStoreBuilder::build(*events, referencePath, *checkpoint);
        if (!built)
            return fail(built.error());
        comparison = compareReadStores(m_dataDirectory.readStorePath(), referencePath);
        if (!comparison)
            return fail(comparison.error());
        if (comparison->liveCheckpoint == comparison->referenceCheckpoint)
            break;
    }
    const ReadStoreComparison &c = *comparison;
    if (m_json) {
        printJson({{u"ok"_s, c.isEqual()},
                   {u"checkpoint"_s, c.liveCheckpoint},
                   {u"rows_compared"_s, c.rowsCompared},
                   {u"differences"_s, c.differenceCount},
                   {u"examples"_s, QJsonArray::fromStringList(c.differences)}});
    } else if (c.isEqual()) {
        m_out << tr("The read store matches a rebuild from the event log: %1 rows compared at "
                    "event %2.")
                         .arg(c.rowsCompared)
                         .arg(c.liveCheckpoint)
              << Qt::endl;
    } else {
        for (const QString &difference : c.differences)
            m_out << difference << u'\n';
        m_err << u"orderdeskctl: "_s
              << (c.liveCheckpoint != c.referenceCheckpoint
                          ? tr("The read store kept moving during the comparison; try again.")
                          : tr("The read store differs from a rebuild in %1 rows.")
                                    .arg(c.differenceCount))
              << Qt::endl;
    }
    return c.isEqual() ? Ok : Failed;
}

int Ctl::list(const QStringList &arguments)
{
    SubcommandParser sub;
    sub.parser.addOptions({
            {u"status"_s, tr("Only orders in these statuses (comma-separated)."), u"S"_s},
            {u"search"_s, tr("Text in the order id, customer name or e-mail."), u"TEXT"_s},
            {u"customer"_s, tr("Only this customer's orders."), u"ID"_s},
            {u"sort"_s, tr("Sort column."), u"COLUMN"_s},
            {u"asc"_s, tr("Ascending order (default: descending).")},
            {u"limit"_s, tr("At most this many orders."), u"N"_s},
            {u"offset"_s, tr("Skip this many orders."), u"N"_s},
    });
    if (!sub.parse(arguments))
        return usage(sub.error);
    const auto limit = sub.number(u"limit"_s, 20, 1, OrderQueries::MaxPageSize);
    const auto offset = limit ? sub.number(u"offset"_s, 0, 0, std::numeric_limits<qint64>::max())
                              : std::nullopt;
    if (!offset)
        return usage(sub.error);

    OrderFilter filter;
    filter.text = sub.parser.value(u"search"_s);
    filter.customerId = sub.parser.value(u"customer"_s);
    if (sub.parser.isSet(u"status"_s)) {
        for (const QString &key : sub.parser.value(u"status"_s).split(u',', Qt::SkipEmptyParts)) {
            const std::optional<OrderStatus> status = orderStatusFromKey(key.trimmed());
            if (!status)
                return usage(tr("Unknown status \u201c%1\u201d (pending, confirmed, shipped, "
                                "delivered, cancelled).")
                                     .arg(key));
            filter.statuses.append(*status);
        }
    }
    OrderSort sort;
    sort.order = sub.parser.isSet(u"asc"_s) ? Qt::AscendingOrder : Qt::DescendingOrder;
    if (sub.parser.isSet(u"sort"_s)) {
        static const QStringList columns = {u"id"_s,    u"customer"_s, u"email"_s,
                                            u"items"_s, u"total"_s,    u"status"_s,
                                            u"created"_s, u"updated"_s};
        const qsizetype index = columns.indexOf(sub.parser.value(u"sort"_s));
        if (index < 0)
            return usage(tr("Unknown sort column \u201c%1\u201d.").arg(sub.parser.value(u"sort"_s)));
        sort.column = OrderColumn(index);
    }

    ReadStore read(m_dataDirectory.readStorePath());
    if (auto ok = read.openForQueries(); !ok)
        return fail(ok.error());
    OrderQueries queries(read.connection());
    const Result<QList<OrderRow>> rows = queries.listOrders(filter, sort, *offset, int(*limit));
    const Result<qint64> total = rows ? queries.countOrders(filter) : Result<qint64>(rows.error());
    if (!total)
        return fail(total.error());
    if (m_json) {
        QJsonArray array;
        for (const OrderRow &row : *rows)
            array.append(OrderJson::orderRow(row));
        printJson({{u"ok"_s, true}, {u"total"_s, *total}, {u"orders"_s, array}});
        return Ok;
    }
    const QLocale locale;
    for (const OrderRow &row : *rows) {
        m_out << u"%1  %2  %3  %4  %5  %6\n"_s.arg(row.id, -20)
                         .arg(row.customerName.left(24), -24)
                         .arg(row.itemCount, 5)
                         .arg(row.total.toDisplayString(row.currency, locale), 16)
                         .arg(orderStatusDisplayText(row.status), -10)
                         .arg(QDateTime::fromMSecsSinceEpoch(row.createdAt)
                                      .toString(u"yyyy-MM-dd HH:mm"_s));
    }
    m_out << tr("%1 of %2 orders").arg(rows->size()).arg(*total) << Qt::endl;
    return Ok;
}

int Ctl::show(const QStringList &arguments)
{
    if (arguments.size() != 2 || arguments.at(1).startsWith(u"--"))
        return usage(tr("show needs exactly one order id."));
    ReadStore read(m_dataDirectory.readStorePath());
    if (auto ok = read.openForQueries(); !ok)
        return fail(ok.error());
    OrderQueries queries(read.connection());
    const Result<std::optional<OrderDetails>> details = queries.getOrder(arguments.at(1));
    if (!details)
        return fail(details.error());
    if (!details->has_value())
        return fail({ErrorCode::OrderNotFound,
                     tr("There is no order %1 in the read store.").arg(arguments.at(1))});
    const OrderDetails &d = **details;
    if (m_json) {
        QJsonObject json = OrderJson::orderDetails(d);
        json.insert(u"ok"_s, true);
        printJson(json);
        return Ok;
    }
    const QLocale locale;
    m_out << tr("Order %1 (version %2)").arg(d.order.id).arg(d.order.version) << u'\n'
          << tr("Customer: %1 <%2> (%3)")
                     .arg(d.order.customerName, d.order.customerEmail, d.order.customerId)
          << u'\n'
          << tr("Status:   %1").arg(orderStatusDisplayText(d.order.status));
    if (!d.order.cancelReason.isEmpty())
        m_out << u" \u2014 "_s << d.order.cancelReason;
    m_out << u'\n';
    for (const OrderLineRow &line : d.lines) {
        m_out << u"  %1 x %2 (%3) @ %4 = %5\n"_s.arg(line.quantity, 6)
                         .arg(line.productName, line.productId,
                              line.unitPrice.toDisplayString(d.order.currency, locale),
                              line.subtotal.toDisplayString(d.order.currency, locale));
    }
    m_out << tr("Total:    %1").arg(d.order.total.toDisplayString(d.order.currency, locale))
          << u"\n"_s << tr("History:") << u'\n';
    for (const OrderHistoryEntry &entry : d.history) {
        m_out << u"  %1  %2  %3  %4\n"_s.arg(isoTime(entry.occurredAt), entry.type.leftJustified(18),
                                            entry.actor, entry.detail);
    }
    m_out.flush();
    return Ok;
}

int Ctl::load(const QStringList &arguments)
{
    SubcommandParser sub;
    sub.parser.addOptions({
            {u"rate"_s, tr("Commands per second."), u"R"_s},
            {u"duration"_s, tr("Stop after this many seconds."), u"S"_s},
            {u"count"_s, tr("Stop after this many commands."), u"N"_s},
            {u"acks"_s, tr("Append acknowledged command ids to this file."), u"FILE"_s},
            {u"seed"_s, tr("Random seed."), u"S"_s},
            {u"in-flight"_s, tr("Commands in flight at most."), u"N"_s},
            {u"open-orders"_s, tr("Orders kept open at most."), u"N"_s},
    });
    if (!sub.parse(arguments))
        return usage(sub.error);
    if (!sub.parser.isSet(u"rate"_s))
        return usage(tr("load needs --rate R (commands per second)."));
    const QString acksPath = sub.parser.value(u"acks"_s);
    if (acksPath.isEmpty())
        return usage(tr("load needs --acks FILE."));
    if (sub.parser.isSet(u"duration"_s) && sub.parser.isSet(u"count"_s))
        return usage(tr("load takes --duration or --count, not both."));
    const auto rate = sub.number(u"rate"_s, 100, 1, 1'000'000);
    const auto duration = rate ? sub.number(u"duration"_s, -1, 1, 31'536'000) : std::nullopt;
    const auto count = duration ? sub.number(u"count"_s, -1, 1, 1'000'000'000'000) : std::nullopt;
    const auto seedValue = count ? sub.number(u"seed"_s, 1, 0, 4294967295) : std::nullopt;
    const auto inFlight = seedValue ? sub.number(u"in-flight"_s, 256, 1, 100'000) : std::nullopt;
    const auto openOrders = inFlight ? sub.number(u"open-orders"_s, 500, 1, 10'000'000)
                                     : std::nullopt;
    if (!openOrders)
        return usage(sub.error);

    QFile acks(acksPath);
    if (!acks.open(QIODevice::WriteOnly | QIODevice::Append,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return fail({ErrorCode::StorageUnavailable,
                     tr("Cannot open %1: %2.").arg(acksPath, acks.errorString())});
    if (auto ok = openBus(); !ok)
        return fail(ok.error());

    LoadOptions options;
    options.rate = double(*rate);
    options.durationMs = *duration < 0 ? -1 : *duration * 1000;
    options.count = *count;
    options.seed = quint32(*seedValue);
    options.maxInFlight = int(*inFlight);
    options.maxOpenOrders = int(*openOrders);
    LoadGenerator generator(*m_bus, m_storeConfig, options);

    // An id goes to the file only once its result says accepted, which the bus hands out only
    // after the commit; each batch of them reaches the disk before the next is written.
    QByteArray pending;
    std::optional<Error> ackError;
    const auto writeAcks = [&] {
        if (pending.isEmpty() || ackError)
            return;
        bool ok = acks.write(pending) == pending.size() && acks.flush();
#ifdef Q_OS_UNIX
        ok = ok && ::fsync(acks.handle()) == 0;
#endif
        if (!ok)
            ackError = Error{ErrorCode::StorageUnavailable,
                             tr("Cannot write to %1: %2.").arg(acksPath, acks.errorString())};
        pending.clear();
    };
    QTimer ackTimer;
    ackTimer.setSingleShot(true);
    ackTimer.setInterval(10);
    QObject::connect(&ackTimer, &QTimer::timeout, &generator, writeAcks);
    QObject::connect(&generator, &LoadGenerator::commandAnswered, &generator,
                     [&](const CommandResult &result) {
                         if (!result.isAccepted())
                             return;
                         pending += result.commandId.toUtf8() + ' '
                                 + QByteArray::number(result.position) + '\n';
                         if (!ackTimer.isActive())
                             ackTimer.start();
                     });
    if (auto ok = generator.prepare(); !ok) {
        writeAcks(); // the catalog commands accepted before the failure
        return fail(ok.error());
    }
    QEventLoop loop;
    QObject::connect(&generator, &LoadGenerator::finished, &loop, &QEventLoop::quit);
    generator.start();
    loop.exec();
    ackTimer.stop();
    writeAcks();
    if (ackError)
        return fail(*ackError);
    if (auto ok = waitForProjection(m_bus->headPosition()); !ok)
        return fail(ok.error());

    const LoadSummary &s = generator.summary();
    const double seconds = double(s.elapsedMs) / 1000.0;
    QJsonObject rejectedBy;
    QStringList reasons;
    for (auto it = s.rejectedBy.cbegin(); it != s.rejectedBy.cend(); ++it) {
        rejectedBy.insert(errorCodeName(it.key()), it.value());
        reasons.append(u"%1 %2"_s.arg(errorCodeName(it.key())).arg(it.value()));
    }
    if (m_json) {
        printJson({{u"ok"_s, true},
                   {u"dispatched"_s, s.dispatched},
                   {u"accepted"_s, s.accepted},
                   {u"rejected"_s, s.rejected},
                   {u"rejected_by"_s, rejectedBy},
                   {u"seconds"_s, seconds},
                   {u"head_position"_s, m_bus->headPosition()}});
    } else {
        m_out << tr("Sent %1 commands in %2 s (%3 per second): %4 accepted, %5 rejected%6.")
                         .arg(s.dispatched)
                         .arg(seconds, 0, 'f', 1)
                         .arg(double(s.dispatched) / seconds, 0, 'f', 0)
                         .arg(s.accepted)
                         .arg(s.rejected)
                         .arg(reasons.isEmpty() ? QString()
                                                : u" ("_s + reasons.join(u", "_s) + u')')
              << Qt::endl;
    }
    return Ok;
}

int Ctl::audit(const QStringList &arguments)
{
    if (arguments.size() != 2 || arguments.at(1).startsWith(u"--"))
        return usage(tr("audit needs exactly one order id."));
    const Result<QString> orderId = Validation::id(arguments.at(1), tr("Order id"));
    if (!orderId)
        return fail(orderId.error());
    const std::unique_ptr<WriteStore> store = createWriteStore(readOnlyStoreConfig());
    if (auto ok = store->open(); !ok)
        return fail(ok.error());
    const Result<EventEnvelopes> events = store->streamEvents(*orderId);
    if (!events)
        return fail(events.error());
    if (events->isEmpty())
        return fail({ErrorCode::OrderNotFound,
                     tr("There is no order %1 in the event log.").arg(*orderId)});

    QJsonArray array;
    if (!m_json)
        m_out << tr("Audit trail of %1 (%2 events, times in UTC):").arg(*orderId).arg(events->size())
              << u'\n';
    for (const EventEnvelope &e : *events) {
        const Result<DomainEvent> decoded = EventCodec::decode(e.type, e.schemaVersion, e.payload);
        const QString summary = decoded ? eventSummary(*decoded)
                                        : tr("(cannot be read: %1)").arg(decoded.error().message);
        if (m_json) {
            array.append(QJsonObject{{u"position"_s, e.position},
                                     {u"version"_s, e.streamVersion},
                                     {u"occurred_at"_s, isoTime(e.occurredAt)},
                                     {u"type"_s, e.type},
                                     {u"actor"_s, e.actor},
                                     {u"command_id"_s, e.commandId},
                                     {u"summary"_s, summary}});
        } else {
            m_out << oneLine(u"  %1  v%2  %3  %4  %5  %6"_s.arg(isoTime(e.occurredAt))
                                     .arg(e.streamVersion)
                                     .arg(e.type.leftJustified(17), e.actor, e.commandId, summary))
                  << u'\n';
        }
    }
    if (m_json)
        printJson({{u"ok"_s, true}, {u"order_id"_s, *orderId}, {u"events"_s, array}});
    m_out.flush();
    return Ok;
}

#ifndef ORDERDESK_HAS_HTTP_API
int Ctl::serve(const QStringList &)
{
    return usage(tr("This orderdeskctl was built without the HTTP API (it needs Qt HTTP Server "
                    "6.4)."));
}
#else
int Ctl::serve(const QStringList &arguments)
{
    SubcommandParser sub;
    sub.parser.addOptions({
            {u"listen"_s, tr("Address and port to listen on (default 127.0.0.1:8080)."),
             u"HOST:PORT"_s},
            {u"token"_s, tr("Bearer token clients must send (default: ORDERDESK_API_TOKEN)."),
             u"TOKEN"_s},
    });
    if (!sub.parse(arguments))
        return usage(sub.error);
    const Result<ListenAddress> address = ListenAddress::parse(
            sub.parser.isSet(u"listen"_s) ? sub.parser.value(u"listen"_s) : u"127.0.0.1:8080"_s);
    if (!address)
        return usage(address.error().message);
    // The environment is the better place: a command line is visible to every user (ps).
    const QString token = sub.parser.isSet(u"token"_s) ? sub.parser.value(u"token"_s)
                                                       : qEnvironmentVariable("ORDERDESK_API_TOKEN");
    if (!token.isEmpty()) {
        if (auto ok = ApiToken::validate(token); !ok)
            return usage(ok.error().message);
    } else if (!address->isLoopback()) {
        return usage(tr("Listening on %1 would let other machines send commands: give a token "
                        "(--token or ORDERDESK_API_TOKEN), or listen on 127.0.0.1.")
                             .arg(address->toString()));
    }

    if (auto ok = openBus(); !ok)
        return fail(ok.error());
    ApiServer server(*m_bus, *m_projector, m_dataDirectory.readStorePath());
    ApiServerConfig config;
    config.listen = *address;
    config.token = token;
    const StopOnSignal stopOnSignal;
    if (auto ok = server.listen(config); !ok)
        return fail(ok.error());
    const QString url = server.url().toString();
    if (m_json) {
        printJson({{u"ok"_s, true},
                   {u"url"_s, url},
                   {u"port"_s, server.url().port()},
                   {u"token_required"_s, !token.isEmpty()},
                   {u"write_store"_s, m_bus->storeDescription()}});
    } else {
        m_out << tr("Serving the OrderDesk API on %1%2 (write store: %3). Stop with Ctrl+C.")
                         .arg(url,
                              token.isEmpty() ? QString() : tr(", bearer token required"),
                              m_bus->storeDescription())
              << Qt::endl;
    }

    QCoreApplication::exec();

    // Stop taking connections, give the requests already taken a moment to be answered, then
    // close the rest and finish the commands still queued.
    server.stopAccepting();
    if (server.pendingRequests() > 0) {
        QEventLoop loop;
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        QObject::connect(&server, &ApiServer::requestFinished, &loop, [&] {
            if (server.pendingRequests() == 0)
                loop.quit();
        });
        loop.exec();
    }
    server.close();
    m_bus->stop();
    m_err << tr("Stopped.") << Qt::endl;
    return Ok;
}
#endif

} // namespace OrderDesk
