#include "placementclient.h"

#include "logging.h"
#include "neutralise.h"
#include "replytimeout.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>

namespace provtree {

namespace {


QString describeRequest(const PlacementRequest &request)
{
    // A path holds uuids and classes, but a query may quote a name the user typed.
    return QString::fromLatin1(request.method) + QLatin1Char(' ') + neutralisedIfNeeded(request.path);
}

// Placement's own error document, {"errors": [{"status", "title", "detail", "code"}]}, or
// keystonemiddleware's, {"error": {"code", "title", "message"}}.
struct ErrorDocument
{
    QString title;
    QString detail;
    QString code;
};

ErrorDocument parseErrorDocument(const QJsonDocument &body)
{
    ErrorDocument document;
    const QJsonObject root = body.object();
    const QJsonArray errors = root.value(QLatin1String("errors")).toArray();
    if (!errors.isEmpty()) {
        const QJsonObject first = errors.first().toObject();
        document.title = first.value(QLatin1String("title")).toString();
        document.detail = first.value(QLatin1String("detail")).toString();
        document.code = first.value(QLatin1String("code")).toString();
    } else if (root.value(QLatin1String("error")).isObject()) {
        const QJsonObject error = root.value(QLatin1String("error")).toObject();
        document.title = error.value(QLatin1String("title")).toString();
        document.detail = error.value(QLatin1String("message")).toString();
    }
    // Placement's details begin with webob's generic sentence and a blank line; the
    // second paragraph is the one that says what happened.
    const qsizetype split = document.detail.indexOf(QLatin1String("\n\n"));
    if (split >= 0 && split + 2 < document.detail.size())
        document.detail = document.detail.mid(split + 2);
    document.detail = document.detail.simplified();
    return document;
}

ProblemKind kindFor(int status, const QString &code)
{
    if (code == QLatin1String("placement.concurrent_update"))
        return ProblemKind::GenerationConflict;
    if (code == QLatin1String("placement.inventory.inuse"))
        return ProblemKind::InventoryInUse;
    if (code == QLatin1String("placement.resource_provider.inuse"))
        return ProblemKind::ProviderInUse;
    if (code == QLatin1String("placement.duplicate_name"))
        return ProblemKind::DuplicateName;
    switch (status) {
    case 401: return ProblemKind::Unauthorized;
    case 403: return ProblemKind::Forbidden;
    case 404: return ProblemKind::NotFound;
    default: break;
    }
    return status >= 500 ? ProblemKind::ServerError : ProblemKind::Refused;
}

// What to tell the user beyond Placement's own words.
QString adviceFor(int status, const QString &detail)
{
    switch (status) {
    case 401:
        return QStringLiteral("the token was refused: it expired, or the credentials are wrong");
    case 403: {
        // "Policy does not allow placement:resource_providers:list to be performed."
        static const QRegularExpression rule(QStringLiteral("Policy does not allow (\\S+) to be performed"));
        const QRegularExpressionMatch match = rule.match(detail);
        if (match.hasMatch())
            return QStringLiteral("the policy rule ") + neutralisedIfNeeded(match.captured(1))
                   + QStringLiteral(" does not allow it for this user (Placement's defaults give it to the admin role)");
        return QStringLiteral("a policy does not allow it for this user");
    }
    default:
        break;
    }
    if (status >= 500)
        return QStringLiteral("the server failed; its log says why");
    return {};
}

} // namespace

Problem problemForResponse(const PlacementRequest &request, int status, const QJsonDocument &body,
                           QString *errorCode)
{
    const ErrorDocument document = parseErrorDocument(body);
    if (errorCode)
        *errorCode = document.code;
    QString message = QStringLiteral("Placement answered %1 to %2").arg(QString::number(status), describeRequest(request));
    if (!document.detail.isEmpty())
        message += QStringLiteral(": ") + neutralised(document.detail, 300);
    else if (!document.title.isEmpty())
        message += QStringLiteral(": ") + neutralised(document.title, 120);
    if (!document.code.isEmpty() && document.code != QLatin1String("placement.undefined_code"))
        message += QStringLiteral(" [") + neutralisedIfNeeded(document.code) + QLatin1Char(']');
    const QString advice = adviceFor(status, document.detail);
    if (!advice.isEmpty())
        message += QStringLiteral(" (") + advice + QLatin1Char(')');
    return makeError(kindFor(status, document.code), message);
}

PlacementClient::PlacementClient(PlacementConnection connection, QObject *parent)
    : QObject(parent), m_connection(std::move(connection)), m_network(new QNetworkAccessManager(this))
{
    while (m_connection.endpoint.endsWith(QLatin1Char('/')))
        m_connection.endpoint.chop(1);
}

PlacementClient::~PlacementClient()
{
    // Callbacks must not run into a half-destroyed client: drop them, then abort.
    m_queue.clear();
    const QHash<QNetworkReply *, Pending> running = std::exchange(m_running, {});
    for (QNetworkReply *reply : running.keys()) {
        reply->disconnect(this);
        reply->abort();
    }
}

QString PlacementClient::shownEndpoint() const
{
    // A URL may carry user:password@ (some proxies want it): never in a message.
    return neutralisedIfNeeded(QUrl(m_connection.endpoint).adjusted(QUrl::RemoveUserInfo).toString());
}

QString PlacementClient::microversion() const
{
    return m_minor > 0 ? QStringLiteral("1.%1").arg(m_minor) : QString();
}

void PlacementClient::setMaxParallel(int requests)
{
    m_maxParallel = std::max(1, requests);
    pump();
}

void PlacementClient::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
}

void PlacementClient::setReadRetries(int retries)
{
    m_readRetries = std::max(0, retries);
}

void PlacementClient::negotiate(QObject *context, std::function<void(const Status &)> done)
{
    const PlacementRequest root{"GET", QStringLiteral("/"), {}};
    send(root, context, [this, root, done = std::move(done)](const PlacementResponse &response) {
        if (!response.ok()) {
            done(response.problem);
            return;
        }
        // {"versions": [{"id": "v1.0", "max_version": "1.39", "min_version": "1.0", ...}]}
        const QJsonArray versions = response.body.object().value(QLatin1String("versions")).toArray();
        static const QRegularExpression form(QStringLiteral("^1\\.(\\d{1,3})$"));
        int newest = -1;
        for (const QJsonValue &version : versions) {
            const QRegularExpressionMatch match =
                form.match(version.toObject().value(QLatin1String("max_version")).toString());
            if (match.hasMatch())
                newest = std::max(newest, match.captured(1).toInt());
        }
        if (newest < 0) {
            done(makeError(ProblemKind::ServerError,
                           QStringLiteral("%1 did not answer with Placement's version document: is it a Placement endpoint?")
                               .arg(shownEndpoint())));
            return;
        }
        if (newest < kOldestMinor) {
            done(makeError(ProblemKind::Refused,
                           QStringLiteral("Placement at %1 speaks up to microversion 1.%2; provtree needs 1.%3 "
                                          "(nested resource providers)")
                               .arg(shownEndpoint(), QString::number(newest),
                                    QString::number(kOldestMinor))));
            return;
        }
        m_minor = std::min(newest, kNewestMinor);
        qCDebug(lcPlacement) << "negotiated microversion" << microversion() << "server offers up to 1." << newest;
        done({});
    });
}

void PlacementClient::ensureNegotiated(QObject *context, std::function<void(const Status &)> done)
{
    if (m_minor == 0) {
        negotiate(context, std::move(done));
        return;
    }
    QTimer::singleShot(0, context ? context : this, [done = std::move(done)] { done({}); });
}

void PlacementClient::send(const PlacementRequest &request, QObject *context,
                           std::function<void(const PlacementResponse &)> done, Priority priority)
{
    Pending pending{request, context, context != nullptr, std::move(done), 0, m_cancelEpoch};
    if (priority == Priority::Urgent)
        m_queue.push_front(std::move(pending));
    else
        m_queue.push_back(std::move(pending));
    // Start on the next turn of the event loop, so that `done` never runs inside send().
    QTimer::singleShot(0, this, &PlacementClient::pump);
}

void PlacementClient::pump()
{
    while (!m_queue.empty() && m_running.size() < m_maxParallel) {
        Pending next = std::move(m_queue.front());
        m_queue.pop_front();
        if (next.hasContext && !next.context)
            continue; // nobody is waiting for it any more
        start(std::move(next));
    }
}

void PlacementClient::start(Pending pending)
{
    QNetworkRequest request(QUrl(m_connection.endpoint + pending.request.path));
    request.setSslConfiguration(m_connection.ssl);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "provtree/" PROVTREE_VERSION);
    if (m_minor > 0)
        request.setRawHeader("OpenStack-API-Version", "placement " + microversion().toLatin1());
    // The version document needs no token; everything else does.
    if (!m_connection.token.isEmpty() && pending.request.path != QLatin1String("/"))
        request.setRawHeader("X-Auth-Token", m_connection.token.reveal());
    QByteArray body;
    if (pending.request.body) {
        body = pending.request.body->toJson(QJsonDocument::Compact);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, pending.request.method, body);
    ++m_sent;
    qCDebug(lcPlacement).noquote() << "sending" << pending.request.method << pending.request.path;
    m_running.insert(reply, std::move(pending));

    abortAfter(reply, m_timeout);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
}

PlacementResponse PlacementClient::responseFor(QNetworkReply *reply, const PlacementRequest &request) const
{
    PlacementResponse response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray raw = reply->readAll();
    if (!raw.isEmpty())
        response.body = QJsonDocument::fromJson(raw);
    if (response.status == 0) {
        const QString why = timedOut(reply)
                                ? QStringLiteral("no answer within %1 s").arg(m_timeout.count() / 1000.0)
                                : reply->errorString();
        response.problem = makeError(ProblemKind::Unreachable,
                                     QStringLiteral("cannot reach Placement at %1 (%2): %3")
                                         .arg(shownEndpoint(), describeRequest(request),
                                              neutralisedIfNeeded(why)));
    } else if (!response.ok()) {
        response.problem = problemForResponse(request, response.status, response.body, &response.errorCode);
    }
    return response;
}

void PlacementClient::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    auto found = m_running.find(reply);
    if (found == m_running.end())
        return; // cancelled: already answered
    Pending pending = std::move(found.value());
    m_running.erase(found);
    const PlacementResponse response = responseFor(reply, pending.request);
    qCDebug(lcPlacement).noquote() << "answered" << pending.request.method << pending.request.path << response.status;

    const bool transient = response.status == 0 || response.status == 502 || response.status == 503
                           || response.status == 504;
    if (transient && pending.request.isIdempotentRead() && pending.attempt < m_readRetries) {
        ++pending.attempt;
        qCDebug(lcPlacement).noquote() << "retrying" << pending.request.method << pending.request.path
                                       << "attempt" << pending.attempt + 1;
        // A short pause that grows, so a restarting server has time to come back.
        QTimer::singleShot(200 * pending.attempt, this, [this, pending = std::move(pending)]() mutable {
            if (pending.epoch != m_cancelEpoch) {
                PlacementResponse cancelled;
                cancelled.problem = makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user"));
                deliver(pending, cancelled);
                return;
            }
            m_queue.push_front(std::move(pending));
            pump();
        });
        pump();
        return;
    }
    deliver(pending, response);
    pump();
}

void PlacementClient::deliver(Pending &pending, const PlacementResponse &response)
{
    if (pending.hasContext && !pending.context)
        return;
    pending.done(response);
}

void PlacementClient::cancelAll()
{
    ++m_cancelEpoch;
    std::deque<Pending> queued = std::exchange(m_queue, {});
    QHash<QNetworkReply *, Pending> running = std::exchange(m_running, {});
    for (QNetworkReply *reply : running.keys())
        reply->abort(); // its finished() finds nothing in m_running: answered here
    PlacementResponse response;
    response.problem = makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user"));
    for (Pending &pending : running)
        deliver(pending, response);
    for (Pending &pending : queued)
        deliver(pending, response);
}

} // namespace provtree
