// SPDX-License-Identifier: MIT
#pragma once

#include "commands/commands.h"
#include "domain/result.h"
#include "listenaddress.h"

#include <QMap>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace OrderDesk {

class CommandBus;
class Projector;
class BoundedTcpServer;
class ReadStore;
class ReadStorePool;
struct ApiReply;
struct ApiRequest;

struct ApiServerConfig
{
    ListenAddress listen;
    /// When set, every request must carry "Authorization: Bearer <token>". Required for an
    /// address other than loopback.
    QString token;
    /// Larger request bodies are answered 413.
    qint64 maxBodyBytes = 1024 * 1024;
    /// The longest a GET with min_position waits for the read store.
    int maxWaitMs = 10'000;
    /// Threads that run read-store queries.
    int queryThreads = 3;
};

/// The HTTP API: commands and queries as JSON over HTTP, on the same command bus, projector and
/// read store as the window and orderdeskctl, built on Qt HTTP Server.
///
///   POST /commands/orders                         CreateOrder            → 202
///   POST /commands/orders/{id}/confirm|ship|deliver|cancel                → 202
///   GET  /queries/orders/{id}[?min_position=P]    one order, lines, history
///   GET  /queries/orders?customer_id=&status=&q=&page=&page_size=&sort=&order=
///   GET  /status                                  the projector's status and lag
///   GET  /metrics                                 Prometheus text format
///
/// The server thread (the thread the ApiServer lives on) only parses, checks and writes:
/// commands go to the bus's writer thread, queries to a pool of threads with their own read-only
/// connections, and waits for a position to the projector; their results come back to this
/// thread (whenFinished) to be written, unless the client has gone meanwhile.
class ApiServer : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultPageSize = 20;
    /// Larger page sizes are clamped to this; the answer says which size was used.
    static constexpr int MaxPageSize = 100;

    /// The bus and the projector must outlive the server.
    ApiServer(CommandBus &bus, Projector &projector, const QString &readStorePath,
              QObject *parent = nullptr);
    ~ApiServer() override;

    /// Starts listening (after closing what listened before). Refuses an address other than
    /// loopback without a token, a token that is too short, and an address it cannot bind.
    Result<void> listen(const ApiServerConfig &config);
    /// Takes no new connections; those open are still answered. For a shutdown that lets the
    /// requests already taken finish (pendingRequests(), requestFinished()) before close().
    void stopAccepting();
    /// Stops listening and drops the open connections; answers still being worked on are not
    /// sent.
    void close();
    bool isListening() const;
    /// What clients connect to, with the port actually bound: http://127.0.0.1:8080.
    QUrl url() const;
    const ApiServerConfig &config() const { return m_config; }
    /// Requests received and not yet answered.
    int pendingRequests() const { return m_pending; }
    /// Answers sent so far, by HTTP status.
    const QMap<int, qint64> &responseCounts() const { return m_responses; }

Q_SIGNALS:
    void listeningChanged(bool listening);
    /// A request was answered, or its client went away before the answer was ready.
    void requestFinished();

private:
    using Respond = std::function<void(const ApiReply &)>;
    using Handler = std::function<void(const ApiRequest &, const Respond &)>;
    struct Exchange;

    void installRoutes(QHttpServer &http);
    void serve(const QHttpServerRequest &request, QHttpServerResponder &&responder,
               const Handler &handler);
    void write(Exchange &exchange, const ApiReply &reply);
    /// The answer for a request that must not go further: no valid token, a browser, too large.
    std::optional<ApiReply> refusal(const ApiRequest &request) const;

    void createOrder(const ApiRequest &request, const Respond &respond);
    void orderCommand(const ApiRequest &request, const QString &orderId, const QString &action,
                      const Respond &respond);
    void getOrder(const ApiRequest &request, const QString &orderId, const Respond &respond);
    void listOrders(const ApiRequest &request, const Respond &respond);
    void status(const ApiRequest &request, const Respond &respond);
    void metrics(const ApiRequest &request, const Respond &respond);
    void unknownEndpoint(const ApiRequest &request, const Respond &respond);

    void dispatch(Command command, const QString &targetId, bool conditional,
                  const Respond &respond);
    void query(std::function<Result<ApiReply>(ReadStore &)> job, const Respond &respond);

    CommandBus &m_bus;
    Projector &m_projector;
    QString m_readStorePath;
    ApiServerConfig m_config;
    std::unique_ptr<ReadStorePool> m_queries;
    std::unique_ptr<QHttpServer> m_http;
    BoundedTcpServer *m_tcp = nullptr;
    int m_pending = 0;
    QMap<int, qint64> m_responses;
};

} // namespace OrderDesk
