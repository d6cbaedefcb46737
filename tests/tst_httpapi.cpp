// SPDX-License-Identifier: MIT
// The HTTP API as other systems use it: `orderdeskctl serve` in its own process on a free
// loopback port, driven by curl, a real client.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

/// What one run of a program did.
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;

    QString describe() const
    {
        return u"exit %1\nstdout: %2\nstderr: %3"_s.arg(exitCode).arg(out.left(2000), err);
    }
};

/// One HTTP answer as curl received it.
struct Response
{
    int status = 0;
    QMultiHash<QString, QString> headers; ///< names in lower case
    QByteArray body;
    QString curlError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString error() const { return json().value(u"error"_s).toString(); }
    QString header(const QString &name) const { return headers.value(name.toLower()); }
    QByteArray describe() const
    {
        return u"HTTP %1 %2 %3"_s.arg(status)
            .arg(QString::fromUtf8(body.left(1500)), curlError)
            .toUtf8();
    }
};

/// A request for curl: method, path (with the query), body, extra headers.
struct Request
{
    Request() = default;
    Request(QString m, QString p, QByteArray b = {}, QStringList h = {})
        : method(std::move(m))
        , path(std::move(p))
        , body(std::move(b))
        , headers(std::move(h))
    {
    }

    QString method = u"GET"_s;
    QString path;
    /// Sent when not null (an empty one is sent as an empty body).
    QByteArray body;
    QStringList headers;
    /// Read the body from this file instead (for bodies too large for a command line).
    QString bodyFile;
};

/// One row of the error table: a request that must be refused with this status and code, and
/// change nothing.
struct ErrorCase
{
    Request request;
    int status = 0;
    QString code;
};

/// `orderdeskctl serve` running in the background.
class Server
{
public:
    ~Server() { stop(); }

    /// Starts on 127.0.0.1 with port 0 (a free port, which the server reports) and waits until
    /// it listens. Port 0 rather than a port picked here avoids a race with other programs.
    bool start(const QString &ctl, const QProcessEnvironment &environment, const QString &dataDir,
               const QStringList &serveArguments = {})
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessEnvironment(environment);
        m_process->start(ctl,
                         QStringList {u"--json"_s, u"--data-dir"_s, dataDir, u"serve"_s,
                                      u"--listen"_s, u"127.0.0.1:0"_s}
                             + serveArguments);
        if (!m_process->waitForStarted(10'000))
            return false;
        QByteArray line;
        while (!line.contains('\n')) {
            if (!m_process->waitForReadyRead(30'000))
                return false;
            line += m_process->readAllStandardOutput();
        }
        const QJsonObject started = QJsonDocument::fromJson(line.trimmed()).object();
        m_url = started.value(u"url"_s).toString();
        return !m_url.isEmpty();
    }

    /// SIGTERM and wait: a clean stop exits 0.
    int stop()
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return m_exitCode;
        m_process->terminate();
        if (!m_process->waitForFinished(30'000)) {
            m_process->kill();
            m_process->waitForFinished();
            return m_exitCode = -1;
        }
        m_errors = QString::fromUtf8(m_process->readAllStandardError());
        return m_exitCode =
                   m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    }

    const QString &url() const { return m_url; }
    const QString &errors() const { return m_errors; }

private:
    std::unique_ptr<QProcess> m_process;
    QString m_url;
    QString m_errors;
    int m_exitCode = -1;
};

} // namespace

Q_DECLARE_METATYPE(ErrorCase)

class tst_HttpApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void createThenReadYourWrites();
    void lifecycle();
    void errors_data();
    void errors();
    void idempotentRetry();
    void listFiltersAndPages();
    void statusAndMetrics();
    void tokenRequired();
    void nonLoopbackNeedsToken();
    void oversizedBodyDropsTheConnection();
    void clientLeavesBeforeTheAnswer();
    void stopAnswersRequestsInFlight();
    void concurrentClients();

private:
    Run ctl(const QStringList &arguments);
    /// A data directory with two customers and three products.
    QString preparedDataDir();
    Response http(const QString &base, const Request &request, const QString &token = {});
    Response http(const Request &request) { return http(m_server.url(), request); }
    /// Creates an order through the API and returns its id and position.
    std::pair<QString, qint64> createOrder(const QString &customer = u"C1"_s);
    /// Creates an order and moves it on to a status (confirmed, shipped, delivered, cancelled).
    QString orderIn(const QString &status);
    qint64 headPosition();

    QTemporaryDir m_root;
    QProcessEnvironment m_environment;
    QString m_curl;
    QString m_dataDir;
    Server m_server;
    int m_dirs = 0;
};

void tst_HttpApi::initTestCase()
{
    QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
    QVERIFY2(QFileInfo(QStringLiteral(ORDERDESKCTL_PATH)).isExecutable(), ORDERDESKCTL_PATH);
    // curl is part of the test set-up (scripts/test installs it): without it this must fail,
    // not skip.
    m_curl = QStandardPaths::findExecutable(u"curl"_s);
    QVERIFY2(!m_curl.isEmpty(), "curl is needed for the HTTP API tests (apt install curl)");
    m_environment = QProcessEnvironment::systemEnvironment();
    const QString home = m_root.filePath(u"home"_s);
    m_environment.insert(u"HOME"_s, home);
    m_environment.insert(u"XDG_DATA_HOME"_s, home + u"/.local/share"_s);
    m_environment.insert(u"XDG_CONFIG_HOME"_s, home + u"/.config"_s);
    m_environment.remove(u"ORDERDESK_API_TOKEN"_s);
    m_environment.remove(u"ORDERDESK_DATABASE_URL"_s);

    m_dataDir = preparedDataDir();
    QVERIFY(!m_dataDir.isEmpty());
    QVERIFY(m_server.start(QStringLiteral(ORDERDESKCTL_PATH), m_environment, m_dataDir));
    QVERIFY2(m_server.url().startsWith(u"http://127.0.0.1:"), qPrintable(m_server.url()));
}

void tst_HttpApi::cleanupTestCase()
{
    QCOMPARE(m_server.stop(), 0);
    QVERIFY2(m_server.errors().contains(u"Stopped."), qPrintable(m_server.errors()));
    // Everything the tests did through HTTP left a read store equal to a rebuild.
    const Run verify = ctl({u"--data-dir"_s, m_dataDir, u"verify"_s});
    QVERIFY2(verify.exitCode == 0, qPrintable(verify.describe()));
}

Run tst_HttpApi::ctl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(ORDERDESKCTL_PATH), arguments);
    Run run;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        run.err = u"orderdeskctl did not finish"_s;
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QString tst_HttpApi::preparedDataDir()
{
    const QString dir = m_root.filePath(u"data-%1"_s.arg(++m_dirs));
    const QList<QStringList> setUp = {
        {u"register-customer"_s, u"C1"_s, u"--name"_s, u"Ada Lovelace"_s, u"--email"_s,
         u"ada@example.com"_s},
        {u"register-customer"_s, u"C2"_s, u"--name"_s, u"Grace Hopper"_s, u"--email"_s,
         u"grace@example.com"_s},
        {u"add-product"_s, u"SKU-1"_s, u"--name"_s, u"Drill"_s, u"--price"_s, u"9.99"_s},
        {u"add-product"_s, u"SKU-2"_s, u"--name"_s, u"Saw"_s, u"--price"_s, u"24.50"_s},
        {u"add-product"_s, u"SKU-3"_s, u"--name"_s, u"Hammer"_s, u"--price"_s, u"12"_s},
    };
    for (const QStringList &arguments : setUp) {
        const Run run = ctl(QStringList {u"--data-dir"_s, dir} + arguments);
        if (run.exitCode != 0) {
            qWarning("%s", qPrintable(run.describe()));
            return {};
        }
    }
    return dir;
}

Response tst_HttpApi::http(const QString &base, const Request &request, const QString &token)
{
    // -i: the status line and headers before the body. --noproxy: a proxy from the environment
    // must not stand between the test and 127.0.0.1.
    QStringList arguments = {u"-sS"_s, u"-i"_s, u"--noproxy"_s, u"*"_s,  u"--max-time"_s,
                             u"60"_s,  u"-X"_s, request.method, u"-H"_s, u"Expect:"_s};
    for (const QString &header : request.headers)
        arguments << u"-H"_s << header;
    if (!token.isEmpty())
        arguments << u"-H"_s << u"Authorization: Bearer "_s + token;
    if (!request.bodyFile.isEmpty())
        arguments << u"--data-binary"_s << u'@' + request.bodyFile;
    else if (!request.body.isNull())
        arguments << u"--data-binary"_s << u"@-"_s;
    arguments << base + request.path;

    QProcess curl;
    curl.start(m_curl, arguments);
    Response response;
    if (!curl.waitForStarted()) {
        response.curlError = curl.errorString();
        return response;
    }
    if (request.bodyFile.isEmpty() && !request.body.isNull())
        curl.write(request.body);
    curl.closeWriteChannel();
    if (!curl.waitForFinished(90'000)) {
        curl.kill();
        curl.waitForFinished();
        response.curlError = u"curl did not finish"_s;
        return response;
    }
    response.curlError = QString::fromUtf8(curl.readAllStandardError());
    const QByteArray raw = curl.readAllStandardOutput();
    const qsizetype split = raw.indexOf("\r\n\r\n");
    if (split < 0)
        return response;
    const QList<QByteArray> lines = raw.left(split).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    response.status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            response.headers.insert(QString::fromLatin1(lines.at(i).left(colon)).toLower(),
                                    QString::fromLatin1(lines.at(i).mid(colon + 1)).trimmed());
    }
    response.body = raw.mid(split + 4);
    return response;
}

std::pair<QString, qint64> tst_HttpApi::createOrder(const QString &customer)
{
    const Response created = http({u"POST"_s, u"/commands/orders"_s,
                                   u"{\"customer_id\": \"%1\", \"lines\": [{\"product_id\": "
                                   "\"SKU-1\", \"quantity\": 2}]}"_s.arg(customer)
                                       .toUtf8()});
    if (created.status != 202) {
        qWarning("%s", created.describe().constData());
        return {};
    }
    return {created.json().value(u"order_id"_s).toString(),
            created.json().value(u"position"_s).toInteger()};
}

QString tst_HttpApi::orderIn(const QString &status)
{
    const QString id = createOrder().first;
    QStringList steps;
    if (status == u"cancelled")
        steps = {u"cancel"_s};
    else if (status == u"confirmed")
        steps = {u"confirm"_s};
    else if (status == u"shipped")
        steps = {u"confirm"_s, u"ship"_s};
    else if (status == u"delivered")
        steps = {u"confirm"_s, u"ship"_s, u"deliver"_s};
    for (const QString &step : std::as_const(steps)) {
        const QByteArray body = step == u"cancel" ? "{\"reason\": \"test\"}" : QByteArray();
        const Response r = http({u"POST"_s, u"/commands/orders/%1/%2"_s.arg(id, step), body});
        if (r.status != 202) {
            qWarning("%s", r.describe().constData());
            return {};
        }
    }
    return id;
}

qint64 tst_HttpApi::headPosition()
{
    return http({u"GET"_s, u"/status"_s}).json().value(u"head_position"_s).toInteger(-1);
}

void tst_HttpApi::createThenReadYourWrites()
{
    // A created order is accepted with 202 and its position; a GET that waits for that position
    // shows the order, its lines and its history at once: read-your-writes over HTTP.
    const Response created =
        http({u"POST"_s, u"/commands/orders"_s,
              R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 2},
                 {"product_id": "SKU-2", "quantity": 1, "unit_price_cents": 2000}]})"});
    QVERIFY2(created.status == 202, created.describe());
    const QJsonObject accepted = created.json();
    const QString id = accepted.value(u"order_id"_s).toString();
    const qint64 position = accepted.value(u"position"_s).toInteger();
    QVERIFY2(id.startsWith(u"ORD-"), created.describe());
    QVERIFY(position > 0);
    QCOMPARE(accepted.value(u"version"_s).toInteger(), 1);
    QCOMPARE(accepted.value(u"replayed"_s).toBool(), false);
    QCOMPARE(created.header(u"Location"_s),
             u"/queries/orders/%1?min_position=%2"_s.arg(id).arg(position));

    const Response read = http({u"GET"_s, created.header(u"Location"_s)});
    QVERIFY2(read.status == 200, read.describe());
    const QJsonObject order = read.json();
    QCOMPARE(order.value(u"id"_s).toString(), id);
    QCOMPARE(order.value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(order.value(u"customer_name"_s).toString(), u"Ada Lovelace"_s);
    QCOMPARE(order.value(u"total_cents"_s).toInteger(), 2 * 999 + 2000);
    QCOMPARE(order.value(u"version"_s).toInteger(), 1);
    QVERIFY(order.value(u"read_position"_s).toInteger() >= position);
    QCOMPARE(read.header(u"ETag"_s), u"\"1\""_s);
    const QJsonArray lines = order.value(u"lines"_s).toArray();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).toObject().value(u"product_name"_s).toString(), u"Drill"_s);
    QCOMPARE(lines.at(1).toObject().value(u"unit_price_cents"_s).toInteger(), 2000);
    const QJsonArray history = order.value(u"history"_s).toArray();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.at(0).toObject().value(u"type"_s).toString(), u"OrderCreated"_s);
    QVERIFY2(history.at(0).toObject().value(u"actor"_s).toString().startsWith(u"http:"),
             read.describe());

    // The version the client saw, as If-Match: the command applies.
    const Response confirmed =
        http({u"POST"_s, u"/commands/orders/%1/confirm"_s.arg(id), {}, {u"If-Match: \"1\""_s}});
    QVERIFY2(confirmed.status == 202, confirmed.describe());
    QCOMPARE(confirmed.json().value(u"version"_s).toInteger(), 2);
    const Response after = http({u"GET"_s, confirmed.header(u"Location"_s)});
    QCOMPARE(after.json().value(u"status"_s).toString(), u"confirmed"_s);
    QCOMPARE(after.header(u"ETag"_s), u"\"2\""_s);
}

void tst_HttpApi::lifecycle()
{
    // An order goes confirm → ship → deliver through the API; each answer names the new
    // version, and a delivered order can no longer be cancelled (409).
    const QString id = createOrder().first;
    QVERIFY(!id.isEmpty());
    qint64 version = 1;
    for (const QString &step : {u"confirm"_s, u"ship"_s, u"deliver"_s}) {
        const Response r = http({u"POST"_s, u"/commands/orders/%1/%2"_s.arg(id, step)});
        QVERIFY2(r.status == 202, r.describe());
        QCOMPARE(r.json().value(u"version"_s).toInteger(), ++version);
        QCOMPARE(r.json().value(u"command_type"_s).toString().toLower(), step + u"order"_s);
    }
    const Response cancel =
        http({u"POST"_s, u"/commands/orders/%1/cancel"_s.arg(id), R"({"reason": "too late"})"});
    QCOMPARE(cancel.status, 409);
    QCOMPARE(cancel.error(), u"CancelNotAllowed"_s);
    const Response read =
        http({u"GET"_s, u"/queries/orders/%1?min_position=%2"_s.arg(id).arg(headPosition())});
    QCOMPARE(read.json().value(u"status"_s).toString(), u"delivered"_s);
    QCOMPARE(read.json().value(u"history"_s).toArray().size(), 4);
}

void tst_HttpApi::errors_data()
{
    QTest::addColumn<ErrorCase>("row");
    const auto post = [](const QString &path, const QByteArray &body,
                         const QStringList &headers = {}) {
        return Request(u"POST"_s, path, body, headers);
    };
    const auto get = [](const QString &path, const QStringList &headers = {}) {
        return Request(u"GET"_s, path, {}, headers);
    };
    const QString create = u"/commands/orders"_s;
    const auto row = [](const char *name, const Request &request, int status, const char *code) {
        QTest::newRow(name) << ErrorCase {request, status, QString::fromLatin1(code)};
    };

    // 400: not JSON, not the right shape, or a value the command validation refuses.
    row("malformed JSON", post(create, R"({"customer_id": "C1", "lines": [)"), 400,
        "InvalidRequest");
    row("empty body", post(create, ""), 400, "InvalidRequest");
    row("array body", post(create, "[1, 2]"), 400, "InvalidRequest");
    row("customer id missing", post(create, R"({"lines": []})"), 400, "InvalidRequest");
    row("customer id a number", post(create, R"({"customer_id": 7, "lines": []})"), 400,
        "InvalidRequest");
    row("lines an object", post(create, R"({"customer_id": "C1", "lines": {}})"), 400,
        "InvalidRequest");
    row("quantity a string",
        post(create,
             R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": "2"}]})"),
        400, "InvalidRequest");
    row("quantity a fraction",
        post(create,
             R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 1.5}]})"),
        400, "InvalidRequest");
    row("unknown field", post(create, R"({"customer_id": "C1", "lines": [], "priority": "high"})"),
        400, "InvalidRequest");
    row("unknown line field",
        post(
            create,
            R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 1, "price": 5}]})"),
        400, "InvalidRequest");
    row("quantity 0",
        post(create, R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 0}]})"),
        400, "InvalidQuantity");
    row("no lines", post(create, R"({"customer_id": "C1", "lines": []})"), 400, "NoLines");
    row("negative price",
        post(
            create,
            R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 1, "unit_price_cents": -5}]})"),
        400, "InvalidPrice");
    row("duplicate line",
        post(
            create,
            R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 1}, {"product_id": "SKU-1", "quantity": 2}]})"),
        400, "DuplicateLine");
    row("unknown customer",
        post(create,
             R"({"customer_id": "C404", "lines": [{"product_id": "SKU-1", "quantity": 1}]})"),
        400, "UnknownCustomer");
    row("unknown product",
        post(create,
             R"({"customer_id": "C1", "lines": [{"product_id": "SKU-404", "quantity": 1}]})"),
        400, "UnknownProduct");
    row("SQL in an id",
        post(
            create,
            R"({"customer_id": "C1'; DROP TABLE orders; --", "lines": [{"product_id": "SKU-1", "quantity": 1}]})"),
        400, "InvalidId");
    row("If-Match on create",
        post(create, R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 1}]})",
             {u"If-Match: 1"_s}),
        400, "InvalidRequest");
    row("key and command id differ",
        post(
            create,
            R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 1}], "command_id": "a"})",
            {u"Idempotency-Key: b"_s}),
        400, "InvalidRequest");
    row("bad order id", post(u"/commands/orders/ORD%20X/confirm"_s, {}), 400, "InvalidId");
    row("cancel without reason", post(u"/commands/orders/{pending}/cancel"_s, "{}"), 400,
        "ReasonRequired");
    row("cancel reason a number", post(u"/commands/orders/{pending}/cancel"_s, R"({"reason": 5})"),
        400, "InvalidRequest");
    row("confirm with a body field", post(u"/commands/orders/{pending}/confirm"_s, R"({"why": 1})"),
        400, "InvalidRequest");
    row("If-Match not a version",
        post(u"/commands/orders/{pending}/confirm"_s, {}, {u"If-Match: latest"_s}), 400,
        "InvalidRequest");
    row("page 0", get(u"/queries/orders?page=0"_s), 400, "InvalidRequest");
    row("page size not a number", get(u"/queries/orders?page_size=ten"_s), 400, "InvalidRequest");
    row("unknown status", get(u"/queries/orders?status=pending,lost"_s), 400, "InvalidRequest");
    row("unknown parameter", get(u"/queries/orders?pagesize=5"_s), 400, "InvalidRequest");
    row("sort in SQL", get(u"/queries/orders?sort=id%3B%20DROP%20TABLE%20order_view"_s), 400,
        "InvalidRequest");
    row("negative min_position", get(u"/queries/orders/{pending}?min_position=-1"_s), 400,
        "InvalidRequest");
    row("timeout too long", get(u"/queries/orders/{pending}?min_position=1&timeout_ms=60000"_s),
        400, "InvalidRequest");

    // 403: what a web page in a browser would send.
    row("from a web page", get(u"/status"_s, {u"Origin: http://evil.example"_s}), 403, "Forbidden");
    row("through a foreign host name", get(u"/status"_s, {u"Host: evil.example:8080"_s}), 403,
        "Forbidden");

    // 404: an order or an endpoint that does not exist.
    row("unknown order", get(u"/queries/orders/ORD-NOPE"_s), 404, "OrderNotFound");
    row("confirm unknown order", post(u"/commands/orders/ORD-NOPE/confirm"_s, {}), 404,
        "OrderNotFound");
    row("unknown endpoint", get(u"/orders"_s), 404, "UnknownEndpoint");
    row("unknown action", post(u"/commands/orders/{pending}/approve"_s, {}), 404,
        "UnknownEndpoint");
    row("wrong method", get(u"/commands/orders"_s), 404, "UnknownEndpoint");

    // 409: the order is not in a state for the command.
    row("ship a pending order", post(u"/commands/orders/{pending}/ship"_s, {}), 409,
        "ShipRequiresConfirmed");
    row("deliver a pending order", post(u"/commands/orders/{pending}/deliver"_s, {}), 409,
        "DeliverRequiresShipped");
    row("confirm a cancelled order", post(u"/commands/orders/{cancelled}/confirm"_s, {}), 409,
        "ConfirmRequiresPending");
    row("cancel a delivered order",
        post(u"/commands/orders/{delivered}/cancel"_s, R"({"reason": "late"})"), 409,
        "CancelNotAllowed");

    // 412: If-Match names a version the order no longer has.
    row("stale If-Match", post(u"/commands/orders/{pending}/confirm"_s, {}, {u"If-Match: 7"_s}),
        412, "ConcurrentModification");
    row("stale quoted If-Match",
        post(u"/commands/orders/{pending}/cancel"_s, R"({"reason": "x"})", {u"If-Match: \"0\""_s}),
        412, "ConcurrentModification");

    // 413: a body over the 1 MiB limit.
    Request big = post(create, {});
    big.bodyFile = u"{big}"_s;
    row("body over 1 MiB", big, 413, "PayloadTooLarge");

    // 504: a position the read store does not reach in time.
    row("position never reached",
        get(u"/queries/orders/{pending}?min_position=999999999&timeout_ms=300"_s), 504, "Timeout");
}

void tst_HttpApi::errors()
{
    // Each bad request gets its status and error code in a JSON body with a message for
    // people, and changes nothing: the event log's head stays where it was.
    QFETCH(ErrorCase, row);
    Request request = row.request;
    for (const QString &status : {u"pending"_s, u"cancelled"_s, u"delivered"_s}) {
        const QString placeholder = u'{' + status + u'}';
        if (request.path.contains(placeholder)) {
            const QString id = status == u"pending" ? createOrder().first : orderIn(status);
            QVERIFY(!id.isEmpty());
            request.path.replace(placeholder, id);
        }
    }
    if (request.bodyFile == u"{big}") {
        request.bodyFile = m_root.filePath(u"big.json"_s);
        QFile file(request.bodyFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray padding(1024 * 1024, ' ');
        file.write(R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 1}])");
        file.write(padding);
        file.write("}");
    }

    const qint64 before = headPosition();
    QVERIFY(before > 0);
    const Response response = http(request);
    QVERIFY2(response.status == row.status, response.describe());
    QVERIFY2(response.header(u"Content-Type"_s).startsWith(u"application/json"),
             response.describe());
    QCOMPARE(response.error(), row.code);
    QVERIFY2(response.json().value(u"message"_s).toString().size() > 10, response.describe());
    QCOMPARE(headPosition(), before);
}

void tst_HttpApi::idempotentRetry()
{
    // A client that retries with the same Idempotency-Key (or command_id) gets the first
    // answer again, marked replayed, and no second order; the key cannot be reused for another
    // command.
    const QByteArray body =
        R"({"customer_id": "C2", "lines": [{"product_id": "SKU-3", "quantity": 1}]})";
    const Request request(u"POST"_s, u"/commands/orders"_s, body,
                          {u"Idempotency-Key: shop-order-4711"_s});
    const Response first = http(request);
    QVERIFY2(first.status == 202, first.describe());
    const Response second = http(request);
    QVERIFY2(second.status == 202, second.describe());
    QCOMPARE(second.json().value(u"replayed"_s).toBool(), true);
    QCOMPARE(second.json().value(u"order_id"_s), first.json().value(u"order_id"_s));
    QCOMPARE(second.json().value(u"position"_s), first.json().value(u"position"_s));
    QCOMPARE(second.json().value(u"command_id"_s).toString(), u"shop-order-4711"_s);

    // The same id as command_id in the body is the same command.
    const QByteArray withId =
        R"({"customer_id": "C2", "lines": [{"product_id": "SKU-3", "quantity": 1}], "command_id": "shop-order-4711"})";
    const Response third = http({u"POST"_s, u"/commands/orders"_s, withId});
    QVERIFY2(third.status == 202, third.describe());
    QCOMPARE(third.json().value(u"order_id"_s), first.json().value(u"order_id"_s));

    const QString id = first.json().value(u"order_id"_s).toString();
    const Response list = http({u"GET"_s, u"/queries/orders?customer_id=C2&page_size=100"_s});
    qsizetype copies = 0;
    for (const QJsonValue &order : list.json().value(u"orders"_s).toArray())
        copies += order.toObject().value(u"id"_s).toString() == id ? 1 : 0;
    QCOMPARE(copies, 1);

    const Response reused = http({u"POST"_s,
                                  u"/commands/orders/%1/confirm"_s.arg(id),
                                  {},
                                  {u"Idempotency-Key: shop-order-4711"_s}});
    QCOMPARE(reused.status, 409);
    QCOMPARE(reused.error(), u"IdempotencyKeyReused"_s);
}

void tst_HttpApi::listFiltersAndPages()
{
    // The list pages through a filtered result with total and total_pages, clamps page_size to
    // 100, and every filter reaches the read store.
    QString last;
    qint64 position = 0;
    for (int i = 0; i < 5; ++i)
        std::tie(last, position) = createOrder(u"C2"_s);
    QVERIFY(!last.isEmpty());
    QVERIFY(http({u"GET"_s, u"/queries/orders/%1?min_position=%2"_s.arg(last).arg(position)}).status
            == 200);

    const Response all = http({u"GET"_s, u"/queries/orders?customer_id=C2&page_size=500"_s});
    QVERIFY2(all.status == 200, all.describe());
    const qint64 total = all.json().value(u"total"_s).toInteger();
    QVERIFY(total >= 5);
    QCOMPARE(all.json().value(u"page_size"_s).toInteger(), 100);
    QCOMPARE(all.json().value(u"orders"_s).toArray().size(), total);
    for (const QJsonValue &order : all.json().value(u"orders"_s).toArray())
        QCOMPARE(order.toObject().value(u"customer_id"_s).toString(), u"C2"_s);

    const Response page = http(
        {u"GET"_s, u"/queries/orders?customer_id=C2&page=2&page_size=2&sort=created&order=asc"_s});
    QVERIFY2(page.status == 200, page.describe());
    const QJsonObject p = page.json();
    QCOMPARE(p.value(u"page"_s).toInteger(), 2);
    QCOMPARE(p.value(u"page_size"_s).toInteger(), 2);
    QCOMPARE(p.value(u"total"_s).toInteger(), total);
    QCOMPARE(p.value(u"total_pages"_s).toInteger(), (total + 1) / 2);
    QCOMPARE(p.value(u"orders"_s).toArray().size(), 2);
    QCOMPARE(p.value(u"orders"_s).toArray().at(0).toObject().value(u"id"_s),
             all.json().value(u"orders"_s).toArray().at(total - 3).toObject().value(u"id"_s));

    const Response beyond = http({u"GET"_s, u"/queries/orders?customer_id=C2&page=1000"_s});
    QCOMPARE(beyond.status, 200);
    QCOMPARE(beyond.json().value(u"orders"_s).toArray().size(), 0);

    const Response search = http({u"GET"_s, u"/queries/orders?q=grace%20hop&status=pending"_s});
    QVERIFY2(search.status == 200, search.describe());
    QVERIFY(search.json().value(u"total"_s).toInteger() >= 5);
    for (const QJsonValue &order : search.json().value(u"orders"_s).toArray()) {
        QCOMPARE(order.toObject().value(u"customer_name"_s).toString(), u"Grace Hopper"_s);
        QCOMPARE(order.toObject().value(u"status"_s).toString(), u"pending"_s);
    }
    const Response none = http({u"GET"_s, u"/queries/orders?q=%27%20OR%201%3D1%20--"_s});
    QCOMPARE(none.status, 200);
    QCOMPARE(none.json().value(u"total"_s).toInteger(), 0);
    QCOMPARE(none.json().value(u"total_pages"_s).toInteger(), 0);
}

void tst_HttpApi::statusAndMetrics()
{
    // /status reports the projector's state and lag as JSON; /metrics the commands, latency,
    // lag and event rate in Prometheus text format.
    const auto [id, position] = createOrder();
    QVERIFY(!id.isEmpty());
    QVERIFY(http({u"GET"_s, u"/queries/orders/%1?min_position=%2"_s.arg(id).arg(position)}).status
            == 200);

    const Response status = http({u"GET"_s, u"/status"_s});
    QVERIFY2(status.status == 200, status.describe());
    const QJsonObject s = status.json();
    QCOMPARE(s.value(u"state"_s).toString(), u"running"_s);
    QVERIFY(s.value(u"checkpoint"_s).toInteger() >= position);
    QVERIFY(s.value(u"head_position"_s).toInteger() >= position);
    for (const QString &key : {u"lag_events"_s, u"lag_ms"_s, u"events_per_second"_s,
                               u"command_visible_ms"_s, u"dead_letters"_s, u"write_store"_s})
        QVERIFY2(s.contains(key), qPrintable(key));

    const Response metrics = http({u"GET"_s, u"/metrics"_s});
    QVERIFY2(metrics.status == 200, metrics.describe());
    QVERIFY2(metrics.header(u"Content-Type"_s).startsWith(u"text/plain; version=0.0.4"),
             metrics.describe());
    const QString text = QString::fromUtf8(metrics.body);
    const QRegularExpression accepted(
        uR"(^orderdesk_commands_total\{type="CreateOrder",result="accepted"\} (\d+)$)"_s,
        QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = accepted.match(text);
    QVERIFY2(match.hasMatch(), metrics.describe());
    QVERIFY(match.captured(1).toLongLong() >= 1);
    for (const QString &line :
         {u"# TYPE orderdesk_commands_total counter"_s,
          u"orderdesk_commands_total{type=\"ShipOrder\",result=\"rejected\"}"_s,
          u"orderdesk_command_duration_seconds{type=\"CreateOrder\",quantile=\"0.99\"}"_s,
          u"orderdesk_command_duration_seconds_count{type=\"CreateOrder\"}"_s,
          u"orderdesk_projection_lag_events "_s, u"orderdesk_projection_lag_seconds "_s,
          u"orderdesk_projection_events_per_second "_s,
          u"orderdesk_projection_state{state=\"running\"} 1"_s,
          u"orderdesk_http_responses_total{code=\"202\"}"_s})
        QVERIFY2(text.contains(line), qPrintable(line + u"\n"_s + text));
    // Every sample line is "name{labels} value" or "name value".
    const QRegularExpression sample(uR"(^[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$)"_s);
    for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts)) {
        if (!line.startsWith(u'#'))
            QVERIFY2(sample.match(line).hasMatch(), qPrintable(line));
    }
}

void tst_HttpApi::tokenRequired()
{
    // With a token configured, a request without it or with another one is refused (401, and
    // the command is not run); with it, the request goes through.
    const QString token = u"s3cret-token-for-the-tests-0123456789"_s;
    const QString dir = preparedDataDir();
    Server server;
    QVERIFY(
        server.start(QStringLiteral(ORDERDESKCTL_PATH), m_environment, dir, {u"--token"_s, token}));
    const Request create(
        u"POST"_s, u"/commands/orders"_s,
        R"({"customer_id": "C1", "lines": [{"product_id": "SKU-1", "quantity": 1}]})");

    const Response missing = http(server.url(), create);
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.error(), u"Unauthorized"_s);
    QVERIFY2(missing.header(u"WWW-Authenticate"_s).startsWith(u"Bearer"), missing.describe());
    const Response wrong = http(server.url(), create, token + u'x');
    QCOMPARE(wrong.status, 401);
    const Response status = http(server.url(), {u"GET"_s, u"/status"_s}, u"not-the-token-at-all"_s);
    QCOMPARE(status.status, 401);
    const Response metrics = http(server.url(), {u"GET"_s, u"/metrics"_s});
    QCOMPARE(metrics.status, 401);

    const Response authorized = http(server.url(), {u"GET"_s, u"/status"_s}, token);
    QVERIFY2(authorized.status == 200, authorized.describe());
    QCOMPARE(authorized.json().value(u"head_position"_s).toInteger(), 5);
    const Response created = http(server.url(), create, token);
    QVERIFY2(created.status == 202, created.describe());
    QCOMPARE(created.json().value(u"position"_s).toInteger(), 6);
    QCOMPARE(server.stop(), 0);

    // The token may also come from the environment.
    QProcessEnvironment environment = m_environment;
    environment.insert(u"ORDERDESK_API_TOKEN"_s, token);
    QVERIFY(server.start(QStringLiteral(ORDERDESKCTL_PATH), environment, dir));
    QCOMPARE(http(server.url(), {u"GET"_s, u"/status"_s}).status, 401);
    QCOMPARE(http(server.url(), {u"GET"_s, u"/status"_s}, token).status, 200);
    QCOMPARE(server.stop(), 0);
}

void tst_HttpApi::nonLoopbackNeedsToken()
{
    // Listening where other machines can connect needs a token: without one (or with one too
    // short to be safe) serve refuses to start with one clear line and exit status 2.
    const QString dir = preparedDataDir();
    const QList<QStringList> refused = {
        {u"serve"_s, u"--listen"_s, u"0.0.0.0:0"_s},
        {u"serve"_s, u"--listen"_s, u"[::]:0"_s},
        {u"serve"_s, u"--listen"_s, u"0.0.0.0:0"_s, u"--token"_s, u"short"_s},
        {u"serve"_s, u"--listen"_s, u"example.com:80"_s},
        {u"serve"_s, u"--listen"_s, u"127.0.0.1:99999"_s},
        {u"serve"_s, u"--listen"_s, u"8080"_s},
    };
    for (const QStringList &arguments : refused) {
        const Run run = ctl(QStringList {u"--data-dir"_s, dir} + arguments);
        QVERIFY2(run.exitCode == 2, qPrintable(arguments.join(u' ') + u'\n' + run.describe()));
        QVERIFY2(run.err.startsWith(u"orderdeskctl: "), qPrintable(run.describe()));
        QCOMPARE(run.err.count(u'\n'), 1);
        QVERIFY(run.out.isEmpty());
    }
    const Run noToken = ctl({u"--data-dir"_s, dir, u"serve"_s, u"--listen"_s, u"0.0.0.0:0"_s});
    QVERIFY2(noToken.err.contains(u"token"), qPrintable(noToken.describe()));

    // With a token it starts on every interface, and the token is required there.
    const QString token = u"another-token-for-the-tests-42"_s;
    QProcessEnvironment environment = m_environment;
    environment.insert(u"ORDERDESK_API_TOKEN"_s, token);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ORDERDESKCTL_PATH),
                  {u"--json"_s, u"--data-dir"_s, dir, u"serve"_s, u"--listen"_s, u"0.0.0.0:0"_s});
    QVERIFY(process.waitForReadyRead(30'000));
    const QJsonObject started =
        QJsonDocument::fromJson(process.readAllStandardOutput().trimmed()).object();
    QCOMPARE(started.value(u"token_required"_s).toBool(), true);
    const QString url = started.value(u"url"_s).toString();
    QVERIFY2(url.startsWith(u"http://127.0.0.1:"), qPrintable(url));
    QCOMPARE(http(url, {u"GET"_s, u"/status"_s}).status, 401);
    QCOMPARE(http(url, {u"GET"_s, u"/status"_s}, token).status, 200);
    process.terminate();
    QVERIFY(process.waitForFinished(30'000));
    QCOMPARE(process.exitCode(), 0);
}

void tst_HttpApi::oversizedBodyDropsTheConnection()
{
    // A body far beyond the limit is not buffered: the connection is closed (or answered 413)
    // and the server goes on serving.
    const QString path = m_root.filePath(u"huge.json"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray chunk(1024 * 1024, 'x');
        for (int i = 0; i < 24; ++i)
            file.write(chunk);
    }
    Request request(u"POST"_s, u"/commands/orders"_s);
    request.bodyFile = path;
    const qint64 before = headPosition();
    QVERIFY(before > 0);
    const Response response = http(request);
    QVERIFY2(response.status == 413 || response.status == 0, response.describe());
    QCOMPARE(headPosition(), before);
    QCOMPARE(http({u"GET"_s, u"/status"_s}).status, 200);
}

void tst_HttpApi::clientLeavesBeforeTheAnswer()
{
    // A client that gives up while its answer is being worked on (here: a wait for a position
    // that never comes) does not disturb the server: the answer is dropped, the next requests
    // are served.
    const QString id = createOrder().first;
    QVERIFY(!id.isEmpty());
    QProcess impatient;
    impatient.start(
        m_curl,
        {u"-sS"_s, u"--noproxy"_s, u"*"_s, u"--max-time"_s, u"0.3"_s,
         m_server.url() + u"/queries/orders/%1?min_position=999999999&timeout_ms=1000"_s.arg(id)});
    QVERIFY(impatient.waitForFinished(30'000));
    QCOMPARE(impatient.exitCode(), 28); // curl: operation timed out
    // This wait ends after the abandoned one did.
    const Response later =
        http({u"GET"_s, u"/queries/orders/%1?min_position=999999999&timeout_ms=1500"_s.arg(id)});
    QCOMPARE(later.status, 504);
    QCOMPARE(http({u"GET"_s, u"/queries/orders/%1"_s.arg(id)}).status, 200);
}

void tst_HttpApi::stopAnswersRequestsInFlight()
{
    // SIGTERM stops taking connections but answers the requests already taken before the
    // process exits (0).
    const QString dir = preparedDataDir();
    Server server;
    QVERIFY(server.start(QStringLiteral(ORDERDESKCTL_PATH), m_environment, dir));
    QProcess waiting;
    waiting.start(m_curl,
                  {u"-sS"_s, u"--noproxy"_s, u"*"_s, u"-o"_s, u"/dev/null"_s, u"-w"_s,
                   u"%{http_code}"_s,
                   server.url() + u"/queries/orders/X?min_position=99&timeout_ms=1000"_s});
    QVERIFY(waiting.waitForStarted());
    // The waiting request and the one asking for the metrics.
    QTRY_VERIFY(http(server.url(), {u"GET"_s, u"/metrics"_s})
                    .body.contains("\norderdesk_http_requests_in_flight 2\n"));
    QCOMPARE(server.stop(), 0);
    QVERIFY(waiting.waitForFinished(30'000));
    QCOMPARE(waiting.readAllStandardOutput(), QByteArray("504"));
}

void tst_HttpApi::concurrentClients()
{
    // 64 clients creating orders at once, each with its own connection: every one is accepted
    // with its own order, and afterwards the read store equals a rebuild from the event log.
    const QString dir = preparedDataDir();
    Server server;
    QVERIFY(server.start(QStringLiteral(ORDERDESKCTL_PATH), m_environment, dir));
    constexpr int Clients = 64;
    std::vector<std::unique_ptr<QProcess>> clients;
    for (int i = 0; i < Clients; ++i) {
        auto curl = std::make_unique<QProcess>();
        curl->start(m_curl,
                    {u"-sS"_s, u"--noproxy"_s, u"*"_s, u"--max-time"_s, u"120"_s, u"-w"_s,
                     u"\n%{http_code}"_s, u"-X"_s, u"POST"_s, u"--data-binary"_s,
                     u"{\"customer_id\": \"C%1\", \"lines\": [{\"product_id\": "
                     "\"SKU-%2\", \"quantity\": %3}]}"_s.arg(i % 2 + 1)
                         .arg(i % 3 + 1)
                         .arg(i + 1),
                     server.url() + u"/commands/orders"_s});
        clients.push_back(std::move(curl));
    }
    QSet<QString> ids;
    qint64 lastPosition = 0;
    for (const auto &curl : clients) {
        QVERIFY(curl->waitForFinished(180'000));
        // The body, then the status that -w writes on a line of its own.
        const QByteArray output = curl->readAllStandardOutput();
        const qsizetype split = output.lastIndexOf('\n');
        QVERIFY2(output.mid(split + 1) == "202",
                 QByteArray(output + curl->readAllStandardError()).constData());
        const QJsonObject accepted = QJsonDocument::fromJson(output.left(split)).object();
        ids.insert(accepted.value(u"order_id"_s).toString());
        lastPosition = std::max(lastPosition, accepted.value(u"position"_s).toInteger());
    }
    QCOMPARE(ids.size(), Clients);
    QCOMPARE(lastPosition, 5 + Clients);

    // Read your writes for the last of them, then the whole list: all 64 are there.
    const QString any = *ids.cbegin();
    QCOMPARE(http(server.url(),
                  {u"GET"_s, u"/queries/orders/%1?min_position=%2"_s.arg(any).arg(lastPosition)})
                 .status,
             200);
    const Response list = http(server.url(), {u"GET"_s, u"/queries/orders?page_size=100"_s});
    QCOMPARE(list.json().value(u"total"_s).toInteger(), Clients);
    QSet<QString> listed;
    for (const QJsonValue &order : list.json().value(u"orders"_s).toArray())
        listed.insert(order.toObject().value(u"id"_s).toString());
    QCOMPARE(listed, ids);

    QCOMPARE(server.stop(), 0);
    const Run verify = ctl({u"--data-dir"_s, dir, u"verify"_s});
    QVERIFY2(verify.exitCode == 0, qPrintable(verify.describe()));
    QVERIFY2(verify.out.contains(u"matches a rebuild"), qPrintable(verify.describe()));
}

QTEST_GUILESS_MAIN(tst_HttpApi)
#include "tst_httpapi.moc"
