// SPDX-License-Identifier: MIT
#include "apiserver.h"

#include "apijson.h"
#include "apireply.h"
#include "apitoken.h"
#include "boundedtcpserver.h"
#include "commands/commandbus.h"
#include "models/whenfinished.h"
#include "projections/projector.h"
#include "prometheusmetrics.h"
#include "read/orderjson.h"
#include "read/orderqueries.h"
#include "read/readstore.h"
#include "readstorepool.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>

#include <algorithm>
#include <limits>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcHttp, "orderdesk.http")

using namespace Qt::StringLiterals;

/// What the handlers need of a request, copied out of QHttpServerRequest before any work goes
/// to another thread: Qt HTTP Server reuses (and, when the client leaves, deletes) its request
/// object.
struct ApiRequest
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path;
    /// Query parameters in their order, decoded ('+' is a space, as in forms).
    QList<std::pair<QString, QString>> query;
    QByteArray body;
    QByteArray authorization;
    QByteArray origin;
    QByteArray host;
    QByteArray ifMatch;
    QByteArray idempotencyKey;
    QByteArray contentLength;
    QHostAddress remote;
};

/// One request on its way to an answer.
struct ApiServer::Exchange
{
    std::unique_ptr<QHttpServerResponder> responder;
    QPointer<QTcpSocket> socket;
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path;
    QElapsedTimer timer;
    bool answered = false;
};

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ApiServer", text);
}

Error invalid(const QString &message)
{
    return Error {ErrorCode::InvalidRequest, message};
}

QByteArray header(const QHttpServerRequest &request, QByteArrayView name)
{
    const auto headers = request.headers();
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString decodeQueryPart(QByteArray part)
{
    part.replace('+', ' ');
    return QUrl::fromPercentEncoding(part);
}

ApiRequest copyRequest(const QHttpServerRequest &request)
{
    ApiRequest copy;
    copy.method = request.method();
    copy.path = request.url().path();
    const QByteArray query = request.url().query(QUrl::FullyEncoded).toLatin1();
    for (const QByteArray &item : query.split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        copy.query.append({decodeQueryPart(eq < 0 ? item : item.left(eq)),
                           eq < 0 ? QString() : decodeQueryPart(item.mid(eq + 1))});
    }
    copy.body = request.body();
    copy.authorization = header(request, "Authorization");
    copy.origin = header(request, "Origin");
    copy.host = header(request, "Host");
    copy.ifMatch = header(request, "If-Match").trimmed();
    copy.idempotencyKey = header(request, "Idempotency-Key").trimmed();
    copy.contentLength = header(request, "Content-Length").trimmed();
    copy.remote = request.remoteAddress();
    return copy;
}

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return u"GET"_s;
    case QHttpServerRequest::Method::Put:
        return u"PUT"_s;
    case QHttpServerRequest::Method::Delete:
        return u"DELETE"_s;
    case QHttpServerRequest::Method::Post:
        return u"POST"_s;
    case QHttpServerRequest::Method::Head:
        return u"HEAD"_s;
    case QHttpServerRequest::Method::Options:
        return u"OPTIONS"_s;
    case QHttpServerRequest::Method::Patch:
        return u"PATCH"_s;
    default:
        return u"?"_s;
    }
}

/// Whether a Host header names this machine by address or as localhost: what a program on
/// this machine sends. A web page that a DNS name was re-pointed at 127.0.0.1 for sends its own
/// name instead.
bool isLocalHostHeader(const QByteArray &value)
{
    if (value.isEmpty())
        return true; // HTTP/1.0 clients may send none
    QString host = QString::fromLatin1(value).trimmed();
    if (host.startsWith(u'[')) {
        host = host.mid(1, host.indexOf(u']') - 1);
    } else if (const qsizetype colon = host.lastIndexOf(u':'); colon >= 0) {
        host.truncate(colon);
    }
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    return !QHostAddress(host).isNull();
}

/// The parameters of a query string, each known to the endpoint and at most once (but for
/// those that may repeat).
class QueryParameters
{
public:
    static Result<QueryParameters> from(const ApiRequest &request, const QStringList &known,
                                        const QStringList &repeatable = {})
    {
        QueryParameters parameters;
        for (const auto &[key, value] : request.query) {
            if (!known.contains(key))
                return invalid(tr("Unknown query parameter \u201c%1\u201d; this endpoint takes %2.")
                                   .arg(key.left(64), known.join(u", "_s)));
            if (parameters.m_values.contains(key) && !repeatable.contains(key))
                return invalid(tr("The query parameter %1 is given more than once.").arg(key));
            parameters.m_values.insert(key, value);
        }
        return parameters;
    }

    bool has(const QString &key) const { return m_values.contains(key); }
    QString value(const QString &key) const { return m_values.value(key); }
    QStringList values(const QString &key) const { return m_values.values(key); }

    /// A whole number from min to max; `fallback` when absent.
    Result<qint64> number(const QString &key, qint64 fallback, qint64 min, qint64 max) const
    {
        if (!has(key))
            return fallback;
        bool ok = false;
        const qint64 number = value(key).toLongLong(&ok);
        if (!ok || number < min || number > max)
            return invalid(tr("The query parameter %1 must be a whole number from %2 to %3.")
                               .arg(key)
                               .arg(min)
                               .arg(max));
        return number;
    }

private:
    QMultiHash<QString, QString> m_values;
};

/// The command id of a request: the Idempotency-Key header or the body's command_id (the two
/// must agree when both are given).
Result<QString> commandIdOf(const ApiRequest &request, const QString &bodyCommandId)
{
    const QString key = QString::fromUtf8(request.idempotencyKey);
    if (!key.isEmpty() && !bodyCommandId.isEmpty() && key != bodyCommandId)
        return invalid(tr("The Idempotency-Key header and command_id differ; give one of them, or "
                          "the same value in both."));
    return key.isEmpty() ? bodyCommandId : key;
}

/// If-Match: the version the client saw ("3" or 3); "*" or nothing: no condition.
Result<std::optional<qint64>> expectedVersionOf(const ApiRequest &request)
{
    QByteArray value = request.ifMatch;
    if (value.isEmpty() || value == "*")
        return std::optional<qint64>();
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    bool ok = false;
    const qint64 version = value.toLongLong(&ok);
    if (!ok || version < 0)
        return invalid(tr("If-Match must be the order's version as the queries show it, e.g. "
                          "If-Match: 3 (or \"3\")."));
    return std::optional<qint64>(version);
}

QString actorOf(const ApiRequest &request)
{
    return u"http:"_s + request.remote.toString();
}

ApiReply commandReply(const CommandResult &result, const QString &commandType,
                      const QString &targetId, bool conditional)
{
    if (result.isAccepted() && result.replayed
        && (result.commandType != commandType
            || (!targetId.isEmpty() && result.targetId != targetId))) {
        return ApiReply::error(
            Error {ErrorCode::IdempotencyKeyReused,
                   tr("The command id %1 was already used for %2 on %3; a new command needs a "
                      "new id.")
                       .arg(result.commandId, result.commandType, result.targetId)});
    }
    if (!result.isAccepted()) {
        int status = ApiReply::httpStatus(result.error);
        // Without If-Match the client asked for no particular version: a concurrent change is
        // then a plain conflict, not a failed precondition.
        if (result.error == ErrorCode::ConcurrentModification && !conditional)
            status = 409;
        return ApiReply::error(status, result.toError());
    }
    ApiReply reply = ApiReply::json(202,
                                    {{u"order_id"_s, result.targetId},
                                     {u"position"_s, result.position},
                                     {u"version"_s, result.version},
                                     {u"command_id"_s, result.commandId},
                                     {u"command_type"_s, result.commandType},
                                     {u"accepted_at"_s, OrderJson::isoTime(result.acceptedAt)},
                                     {u"replayed"_s, result.replayed}});
    reply.withHeader("Location",
                     "/queries/orders/" + result.targetId.toUtf8()
                         + "?min_position=" + QByteArray::number(result.position));
    return reply;
}

/// One read snapshot of the read store for the queries of one answer, so that a list and its
/// total (or an order and its position) agree even while the projector commits.
class ReadSnapshot
{
public:
    explicit ReadSnapshot(ReadStore &store)
        : m_store(store)
    {
        m_begun = m_store.connection().exec(u"BEGIN"_s);
    }
    ~ReadSnapshot()
    {
        if (m_begun)
            (void)m_store.connection().exec(u"ROLLBACK"_s);
    }
    const Result<void> &begun() const { return m_begun; }

private:
    ReadStore &m_store;
    Result<void> m_begun;
};

} // namespace

ApiServer::ApiServer(CommandBus &bus, Projector &projector, const QString &readStorePath,
                     QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_projector(projector)
    , m_readStorePath(readStorePath)
{
}

ApiServer::~ApiServer()
{
    close();
}

Result<void> ApiServer::listen(const ApiServerConfig &config)
{
    close();
    if (!config.token.isEmpty()) {
        if (auto ok = ApiToken::validate(config.token); !ok)
            return ok;
    } else if (!config.listen.isLoopback()) {
        return invalid(tr("Listening on %1 lets other machines send commands: that needs a token "
                          "(--token or ORDERDESK_API_TOKEN). Without one, listen on 127.0.0.1.")
                           .arg(config.listen.toString()));
    }

    // Room for a body at the limit and its headers; beyond that the connection is dropped
    // rather than buffered (BoundedTcpServer).
    auto tcp = std::make_unique<BoundedTcpServer>(
        std::max<qint64>(config.maxBodyBytes * 4, 4 * 1024 * 1024));
    // Many clients connecting at once wait in the kernel's queue rather than being refused.
    tcp->setListenBacklogSize(256);
    if (!tcp->listen(config.listen.host, config.listen.port))
        return Error {
            ErrorCode::ListenFailed,
            tr("Cannot listen on %1: %2").arg(config.listen.toString(), tcp->errorString())};
    m_config = config;
    m_config.listen.port = tcp->serverPort();
    if (!m_queries)
        m_queries = std::make_unique<ReadStorePool>(m_readStorePath, config.queryThreads);
    m_http = std::make_unique<QHttpServer>();
    installRoutes(*m_http);
    m_tcp = tcp.release();
    m_http->bind(m_tcp);
    qCInfo(lcHttp, "Listening on %s%s", qPrintable(url().toString()),
           m_config.token.isEmpty() ? "" : " (bearer token required)");
    Q_EMIT listeningChanged(true);
    return {};
}

void ApiServer::close()
{
    if (!m_http)
        return;
    // The TCP server and its connections are the HTTP server's children. Answers still on
    // their way find their connection gone and are dropped.
    m_tcp = nullptr;
    m_http.reset();
    qCInfo(lcHttp, "Stopped listening");
    Q_EMIT listeningChanged(false);
}

void ApiServer::stopAccepting()
{
    if (m_tcp)
        m_tcp->close();
}

bool ApiServer::isListening() const
{
    return m_tcp && m_tcp->isListening();
}

QUrl ApiServer::url() const
{
    if (!isListening())
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    const QHostAddress &host = m_config.listen.host;
    url.setHost(host == QHostAddress(QHostAddress::AnyIPv4) || host == QHostAddress::AnyIPv6
                        || host == QHostAddress(QHostAddress::Any)
                    ? u"127.0.0.1"_s
                    : host.toString());
    url.setPort(m_tcp->serverPort());
    return url;
}

void ApiServer::installRoutes(QHttpServer &http)
{
    using Method = QHttpServerRequest::Method;
    // Each handler copies what it needs and returns at once; see serve().
    http.route(
        u"/commands/orders"_s, Method::Post,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder),
                  [this](const ApiRequest &r, const Respond &respond) { createOrder(r, respond); });
        });
    http.route(u"/commands/orders/<arg>/<arg>"_s, Method::Post,
               [this](const QString &orderId, const QString &action,
                      const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   serve(request, std::move(responder),
                         [this, orderId, action](const ApiRequest &r, const Respond &respond) {
                             orderCommand(r, orderId, action, respond);
                         });
               });
    http.route(
        u"/queries/orders"_s, Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder),
                  [this](const ApiRequest &r, const Respond &respond) { listOrders(r, respond); });
        });
    http.route(u"/queries/orders/<arg>"_s, Method::Get,
               [this](const QString &orderId, const QHttpServerRequest &request,
                      QHttpServerResponder &&responder) {
                   serve(request, std::move(responder),
                         [this, orderId](const ApiRequest &r, const Respond &respond) {
                             getOrder(r, orderId, respond);
                         });
               });
    http.route(u"/status"_s, Method::Get,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   serve(
                       request, std::move(responder),
                       [this](const ApiRequest &r, const Respond &respond) { status(r, respond); });
               });
    http.route(
        u"/metrics"_s, Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder),
                  [this](const ApiRequest &r, const Respond &respond) { metrics(r, respond); });
        });
    http.setMissingHandler([this](const QHttpServerRequest &request,
                                  QHttpServerResponder &&responder) {
        serve(request, std::move(responder),
              [this](const ApiRequest &r, const Respond &respond) { unknownEndpoint(r, respond); });
    });
}

void ApiServer::serve(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                      const Handler &handler)
{
    // The responder is kept until the answer is ready, possibly after this returns: Qt HTTP
    // Server 6.4 lets a handler answer later through it. The connection may be gone by then
    // (the client gave up, close() was called): the QPointer tells.
    auto exchange = std::make_shared<Exchange>();
    exchange->timer.start();
    exchange->socket = responder.socket();
    exchange->responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    exchange->method = request.method();
    exchange->path = request.url().path();
    ++m_pending;
    const Respond respond = [this, exchange](const ApiReply &reply) {
        write(*exchange, reply);
    };

    const ApiRequest copy = copyRequest(request);
    if (const std::optional<ApiReply> refused = refusal(copy)) {
        respond(*refused);
        return;
    }
    handler(copy, respond);
}

std::optional<ApiReply> ApiServer::refusal(const ApiRequest &request) const
{
    if (!m_config.token.isEmpty() && !ApiToken::matches(request.authorization, m_config.token)) {
        ApiReply reply = ApiReply::error(
            Error {ErrorCode::Unauthorized,
                   request.authorization.isEmpty()
                       ? tr("This server needs a token: send Authorization: Bearer <token>.")
                       : tr("The bearer token is not valid.")});
        reply.withHeader("WWW-Authenticate", "Bearer realm=\"OrderDesk\"");
        return reply;
    }
    // Browsers send Origin with what a web page sends; programs do not. Without this, any page
    // open in a browser on this machine could send commands to a server on 127.0.0.1.
    if (!request.origin.isEmpty())
        return ApiReply::error(
            Error {ErrorCode::Forbidden,
                   tr("Requests from web pages (with an Origin header) are not accepted: the "
                      "API is for programs.")});
    // Without a token the server listens on loopback only; a Host that is a name other than
    // localhost means a web page reached it through a DNS name pointed at 127.0.0.1.
    if (m_config.token.isEmpty() && !isLocalHostHeader(request.host))
        return ApiReply::error(
            Error {ErrorCode::Forbidden,
                   tr("Without a token the API answers requests for localhost or an IP address "
                      "only, not for \u201c%1\u201d.")
                       .arg(QString::fromLatin1(request.host.left(100)))});
    bool declared = false;
    const qint64 length = request.contentLength.toLongLong(&declared);
    if ((declared && length > m_config.maxBodyBytes) || request.body.size() > m_config.maxBodyBytes)
        return ApiReply::error(
            Error {ErrorCode::PayloadTooLarge,
                   tr("The request body is larger than %1 bytes.").arg(m_config.maxBodyBytes)});
    return std::nullopt;
}

void ApiServer::write(Exchange &exchange, const ApiReply &reply)
{
    if (exchange.answered)
        return;
    exchange.answered = true;
    --m_pending;
    ++m_responses[reply.status];
    const qint64 micros = exchange.timer.nsecsElapsed() / 1000;
    if (!exchange.socket || exchange.socket->state() != QAbstractSocket::ConnectedState) {
        qCDebug(lcHttp, "%s %s: %d not sent, the client has gone (%lld us)",
                qPrintable(methodName(exchange.method)), qPrintable(exchange.path), reply.status,
                qlonglong(micros));
    } else {
        QHttpServerResponder &responder = *exchange.responder;
        responder.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
        responder.writeHeader("Content-Type", reply.contentType);
        responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
        responder.writeHeader("Cache-Control", "no-store");
        for (const auto &[name, value] : reply.headers)
            responder.writeHeader(name, value);
        responder.writeBody(reply.body);
        // Hand the answer to the kernel now rather than on the next turn of the event loop,
        // so that close() right after it (a shutdown) does not discard it with the socket.
        exchange.socket->flush();
        qCDebug(lcHttp, "%s %s: %d (%lld us)", qPrintable(methodName(exchange.method)),
                qPrintable(exchange.path), reply.status, qlonglong(micros));
    }
    Q_EMIT requestFinished();
}

void ApiServer::dispatch(Command command, const QString &targetId, bool conditional,
                         const Respond &respond)
{
    const QString type = commandTypeName(command);
    whenFinished(m_bus.dispatch(std::move(command)), this,
                 [respond, type, targetId, conditional](const CommandResult &result) {
                     respond(commandReply(result, type, targetId, conditional));
                 });
}

void ApiServer::query(std::function<Result<ApiReply>(ReadStore &)> job, const Respond &respond)
{
    whenFinished(m_queries->run<ApiReply>(std::move(job)), this,
                 [respond](const Result<ApiReply> &reply) {
                     respond(reply ? *reply : ApiReply::error(reply.error()));
                 });
}

void ApiServer::createOrder(const ApiRequest &request, const Respond &respond)
{
    const Result<QJsonObject> body = ApiJson::parseObject(request.body, false);
    if (!body)
        return respond(ApiReply::error(body.error()));
    Result<CreateOrder> command = ApiJson::createOrder(*body);
    if (!command)
        return respond(ApiReply::error(command.error()));
    if (!request.ifMatch.isEmpty())
        return respond(ApiReply::error(invalid(
            tr("If-Match applies to commands on an existing order, not to creating one."))));
    const Result<QString> commandId = commandIdOf(request, command->meta.commandId);
    if (!commandId)
        return respond(ApiReply::error(commandId.error()));
    command->meta.commandId = *commandId;
    command->meta.actor = actorOf(request);
    dispatch(std::move(*command), QString(), false, respond);
}

void ApiServer::orderCommand(const ApiRequest &request, const QString &orderId,
                             const QString &action, const Respond &respond)
{
    static const QStringList actions = {u"confirm"_s, u"ship"_s, u"deliver"_s, u"cancel"_s};
    if (!actions.contains(action))
        return unknownEndpoint(request, respond);
    const bool cancel = action == u"cancel";
    const Result<QJsonObject> body = ApiJson::parseObject(request.body, !cancel);
    if (!body)
        return respond(ApiReply::error(body.error()));
    const QStringList fields =
        cancel ? QStringList {u"reason"_s, u"command_id"_s} : QStringList {u"command_id"_s};
    if (auto ok = ApiJson::onlyFields(*body, fields); !ok)
        return respond(ApiReply::error(ok.error()));
    const Result<QString> bodyCommandId = ApiJson::optionalString(*body, u"command_id"_s);
    if (!bodyCommandId)
        return respond(ApiReply::error(bodyCommandId.error()));
    const Result<QString> commandId = commandIdOf(request, *bodyCommandId);
    if (!commandId)
        return respond(ApiReply::error(commandId.error()));
    const Result<std::optional<qint64>> expected = expectedVersionOf(request);
    if (!expected)
        return respond(ApiReply::error(expected.error()));

    CommandMeta meta;
    meta.commandId = *commandId;
    meta.expectedVersion = *expected;
    meta.actor = actorOf(request);
    Command command;
    if (action == u"confirm") {
        command = ConfirmOrder {meta, orderId};
    } else if (action == u"ship") {
        command = ShipOrder {meta, orderId};
    } else if (action == u"deliver") {
        command = DeliverOrder {meta, orderId};
    } else {
        // A missing reason is an empty one: the command's own validation says what is wrong.
        const Result<QString> reason = ApiJson::optionalString(*body, u"reason"_s);
        if (!reason)
            return respond(ApiReply::error(reason.error()));
        command = CancelOrder {meta, orderId, *reason};
    }
    dispatch(std::move(command), orderId, expected->has_value(), respond);
}

void ApiServer::getOrder(const ApiRequest &request, const QString &orderId, const Respond &respond)
{
    const Result<QueryParameters> parameters =
        QueryParameters::from(request, {u"min_position"_s, u"timeout_ms"_s});
    if (!parameters)
        return respond(ApiReply::error(parameters.error()));
    const Result<qint64> minPosition =
        parameters->number(u"min_position"_s, 0, 0, std::numeric_limits<qint64>::max());
    const Result<qint64> timeoutMs =
        parameters->number(u"timeout_ms"_s, m_config.maxWaitMs, 0, m_config.maxWaitMs);
    if (!minPosition)
        return respond(ApiReply::error(minPosition.error()));
    if (!timeoutMs)
        return respond(ApiReply::error(timeoutMs.error()));

    std::function<Result<ApiReply>(ReadStore &)> job =
        [orderId](ReadStore &store) -> Result<ApiReply> {
        const ReadSnapshot snapshot(store);
        if (!snapshot.begun())
            return snapshot.begun().error();
        OrderQueries queries(store.connection());
        const Result<std::optional<OrderDetails>> details = queries.getOrder(orderId);
        if (!details)
            return details.error();
        if (!details->has_value())
            return ApiReply::error(
                Error {ErrorCode::OrderNotFound,
                       tr("There is no order %1 in the read store.").arg(orderId.left(80))});
        const Result<qint64> checkpoint = store.checkpoint();
        if (!checkpoint)
            return checkpoint.error();
        QJsonObject json = OrderJson::orderDetails(**details);
        json.insert(u"read_position"_s, *checkpoint);
        ApiReply reply = ApiReply::json(200, json);
        reply.withHeader("ETag", '"' + QByteArray::number((*details)->order.version) + '"');
        return reply;
    };
    if (*minPosition == 0)
        return query(std::move(job), respond);

    // Read your writes: the 202 of a command carries its position; wait (bounded) until the
    // read store has projected it, then query.
    const qint64 position = *minPosition;
    const int wait = int(*timeoutMs);
    whenFinished(m_projector.waitForPosition(position, wait), this,
                 [this, job, respond, position, wait](bool reached) {
                     if (reached)
                         return query(job, respond);
                     const ProjectionStatus s = m_projector.status();
                     respond(ApiReply::error(
                         Error {ErrorCode::Timeout,
                                tr("The read store did not reach event %1 within %2 ms; it has "
                                   "projected up to event %3 (projector %4).")
                                    .arg(position)
                                    .arg(wait)
                                    .arg(s.checkpoint)
                                    .arg(ApiJson::projectionStateKey(s.state))}));
                 });
}

void ApiServer::listOrders(const ApiRequest &request, const Respond &respond)
{
    const Result<QueryParameters> parameters = QueryParameters::from(
        request,
        {u"customer_id"_s, u"status"_s, u"q"_s, u"page"_s, u"page_size"_s, u"sort"_s, u"order"_s},
        {u"status"_s});
    if (!parameters)
        return respond(ApiReply::error(parameters.error()));
    OrderFilter filter;
    filter.customerId = parameters->value(u"customer_id"_s);
    filter.text = parameters->value(u"q"_s);
    for (const QString &statuses : parameters->values(u"status"_s)) {
        for (const QString &key : statuses.split(u',', Qt::SkipEmptyParts)) {
            const std::optional<OrderStatus> status = orderStatusFromKey(key.trimmed());
            if (!status)
                return respond(ApiReply::error(invalid(
                    tr("Unknown status \u201c%1\u201d (pending, confirmed, shipped, delivered, "
                       "cancelled).")
                        .arg(key.left(32)))));
            if (!filter.statuses.contains(*status))
                filter.statuses.append(*status);
        }
    }
    const Result<qint64> page = parameters->number(u"page"_s, 1, 1, 1'000'000'000);
    if (!page)
        return respond(ApiReply::error(page.error()));
    // Larger pages are clamped rather than refused: the answer's page_size says what was used.
    const Result<qint64> requestedSize =
        parameters->number(u"page_size"_s, DefaultPageSize, 1, 1'000'000'000);
    if (!requestedSize)
        return respond(ApiReply::error(requestedSize.error()));
    const int pageSize = int(std::min<qint64>(*requestedSize, MaxPageSize));

    OrderSort sort;
    static const QStringList columns = {u"id"_s,    u"customer"_s, u"email"_s,   u"items"_s,
                                        u"total"_s, u"status"_s,   u"created"_s, u"updated"_s};
    if (parameters->has(u"sort"_s)) {
        const qsizetype column = columns.indexOf(parameters->value(u"sort"_s));
        if (column < 0)
            return respond(
                ApiReply::error(invalid(tr("sort is one of %1.").arg(columns.join(u", "_s)))));
        sort.column = OrderColumn(column);
    }
    if (parameters->has(u"order"_s)) {
        const QString order = parameters->value(u"order"_s);
        if (order != u"asc" && order != u"desc")
            return respond(ApiReply::error(invalid(tr("order is asc or desc."))));
        sort.order = order == u"asc" ? Qt::AscendingOrder : Qt::DescendingOrder;
    }

    const qint64 pageNumber = *page;
    query(
        [filter, sort, pageNumber, pageSize](ReadStore &store) -> Result<ApiReply> {
            const ReadSnapshot snapshot(store);
            if (!snapshot.begun())
                return snapshot.begun().error();
            OrderQueries queries(store.connection());
            const Result<qint64> total = queries.countOrders(filter);
            if (!total)
                return total.error();
            const Result<QList<OrderRow>> rows =
                queries.listOrders(filter, sort, (pageNumber - 1) * pageSize, pageSize);
            if (!rows)
                return rows.error();
            const Result<qint64> checkpoint = store.checkpoint();
            if (!checkpoint)
                return checkpoint.error();
            QJsonArray orders;
            for (const OrderRow &row : *rows)
                orders.append(OrderJson::orderRow(row));
            return ApiReply::json(200,
                                  {{u"orders"_s, orders},
                                   {u"total"_s, *total},
                                   {u"page"_s, pageNumber},
                                   {u"page_size"_s, pageSize},
                                   {u"total_pages"_s, (*total + pageSize - 1) / pageSize},
                                   {u"read_position"_s, *checkpoint}});
        },
        respond);
}

void ApiServer::status(const ApiRequest &request, const Respond &respond)
{
    if (!request.query.isEmpty())
        return respond(ApiReply::error(invalid(tr("/status takes no query parameters."))));
    QJsonObject json = ApiJson::projectionStatus(m_projector.status());
    json.insert(u"write_store"_s, m_bus.storeDescription());
    respond(ApiReply::json(200, json));
}

void ApiServer::metrics(const ApiRequest &request, const Respond &respond)
{
    if (!request.query.isEmpty())
        return respond(ApiReply::error(invalid(tr("/metrics takes no query parameters."))));
    ApiReply reply;
    reply.contentType = PrometheusMetrics::contentType();
    // This answer is counted once it is written; the counts are those before it.
    reply.body = PrometheusMetrics::render(
        {m_bus.metrics().snapshot(), m_projector.status(), m_responses, m_pending});
    respond(reply);
}

void ApiServer::unknownEndpoint(const ApiRequest &request, const Respond &respond)
{
    respond(ApiReply::error(Error {ErrorCode::UnknownEndpoint,
                                   tr("There is no endpoint %1 %2.")
                                       .arg(methodName(request.method), request.path.left(200))}));
}

} // namespace OrderDesk
