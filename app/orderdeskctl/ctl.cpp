// SPDX-License-Identifier: MIT
#include "ctl.h"

#include "commands/commandparser.h"
#include "demo/demoseeder.h"
#include "domain/orderstatus.h"
#include "events/eventcodec.h"
#include "orderdesk_version.h"
#include "storage/postgresconnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Ctl", text);
}

QString isoTime(qint64 millis)
{
    return QDateTime::fromMSecsSinceEpoch(millis, Qt::UTC).toString(Qt::ISODateWithMs);
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

} // namespace

Ctl::Ctl() : m_out(stdout), m_err(stderr) { }

int Ctl::printHelp()
{
    m_out << tr("Usage: orderdeskctl [--data-dir DIR | --database-url URL] [--json]\n"
                "                   [--durability full|normal] COMMAND [ARGS]\n"
                "\n"
                "Store:\n"
                "  init                         create the data directory and the write store\n"
                "  seed [--customers N] [--products N] [--orders N] [--seed S]\n"
                "                               create demo data through the command bus\n"
                "  stats                        counts of orders, events, customers, products\n"
                "  events [--after P] [--limit N]\n"
                "                               the raw event log\n"
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
                "write store instead of the SQLite file (also taken from ORDERDESK_DATABASE_URL).\n"
                "The password comes from PGPASSWORD or ~/.pgpass; one in the URL is used but\n"
                "never shown or stored.\n")
                    .arg(DataDirectory::defaultPath());
    m_out.flush();
    return Ok;
}

int Ctl::usage(const QString &message)
{
    m_err << u"orderdeskctl: "_s << message << u' '
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
    m_err << u"orderdeskctl: "_s << error.message << Qt::endl;
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

    m_dataDirectory = DataDirectory(dataDir.isEmpty() ? DataDirectory::defaultPath() : dataDir);
    m_storeConfig.path = m_dataDirectory.writeStorePath();
    if (!databaseUrl.isEmpty() && !dataDir.isEmpty())
        return usage(tr("--data-dir and --database-url exclude each other."));
    // The environment is the fallback: an explicit --data-dir still means the SQLite file.
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
    if (parsableCommandNames().contains(name))
        return command(rest);
    return usage(tr("Unknown command \u201c%1\u201d.").arg(name));
}

Result<void> Ctl::openBus()
{
    if (m_storeConfig.databaseUrl.isEmpty()) {
        if (auto ok = m_dataDirectory.ensureExists(); !ok)
            return ok;
    }
    m_bus = std::make_unique<CommandBus>(m_storeConfig);
    return m_bus->start();
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
    const bool showProgress = options.orders >= 10'000;
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
        m_err << u"orderdeskctl: "_s << result.message << Qt::endl;
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

    WriteStoreConfig config = m_storeConfig;
    config.readOnly = true;
    const std::unique_ptr<WriteStore> store = createWriteStore(config);
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
    WriteStoreConfig config = m_storeConfig;
    config.readOnly = true;
    const std::unique_ptr<WriteStore> store = createWriteStore(config);
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

} // namespace OrderDesk
