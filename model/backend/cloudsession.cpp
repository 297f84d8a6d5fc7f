#include "cloudsession.h"

#include "cloudtls.h"
#include "keystoneauth.h"
#include "logging.h"
#include "neutralise.h"
#include "replytimeout.h"

#include <QBuffer>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslSocket>
#include <QTimer>

namespace provtree {

namespace {


QString withoutTrailingSlash(QString url)
{
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return url;
}

QString shown(const QUrl &url)
{
    return neutralisedIfNeeded(url.toDisplayString());
}

} // namespace

CloudSession::CloudSession(QObject *parent) : QObject(parent), m_network(new QNetworkAccessManager(this)) {}

CloudSession::~CloudSession()
{
    // Nobody is called back from a half-destroyed session: drop the callbacks, then abort.
    const QHash<QNetworkReply *, Pending> running = std::exchange(m_running, {});
    for (auto it = running.begin(); it != running.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        wipe(it->body);
    }
}

void CloudSession::open(const CloudConfig &config, QObject *context, Done done)
{
    Result<QSslConfiguration> ssl = sslConfigurationFor(config);
    if (!ssl.ok()) {
        deliverLater(context, std::move(done), ssl.status());
        return;
    }
    if (config.authType == AuthType::Direct) {
        PlacementConnection connection{withoutTrailingSlash(config.placementEndpoint), config.token, ssl.value(),
                                       config.cloudName, config.region};
        qCDebug(lcPlacement).noquote() << "direct Placement endpoint" << shown(QUrl(connection.endpoint));
        deliverLater(context, std::move(done), std::move(connection));
        return;
    }
    const Result<QUrl> url = keystoneTokensUrl(config.authUrl);
    if (!url.ok()) {
        deliverLater(context, std::move(done), url.status());
        return;
    }
    if (url.value().scheme() == QLatin1String("https") && !QSslSocket::supportsSsl()) {
        deliverLater(context, std::move(done),
                     makeError(ProblemKind::Unreachable, QStringLiteral("cannot reach Keystone at %1: this Qt has no TLS "
                                                                        "backend")
                                                             .arg(shown(url.value()))));
        return;
    }

    QNetworkRequest request(url.value());
    request.setSslConfiguration(ssl.value());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "provtree/" PROVTREE_VERSION);
    // The body holds the password: it goes to auth_url and nowhere else.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    auto *body = new QBuffer(this); // Owned (child); wiped and deleted when the request ends.
    body->buffer() = keystoneAuthBody(config); // moved in: no other copy of the secret
    body->open(QIODevice::ReadOnly);
    QNetworkReply *reply = m_network->post(request, body);
    m_running.insert(reply, Pending{config, ssl.value(), context, context != nullptr, std::move(done), body,
                                    QDateTime::currentMSecsSinceEpoch()});
    qCDebug(lcPlacement).noquote() << "POST" << shown(url.value()) << "(Keystone," << authTypeName(config.authType)
                                   << "auth)";

    abortAfter(reply, m_timeout);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
}

void CloudSession::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    const auto found = m_running.constFind(reply);
    if (found == m_running.constEnd())
        return; // cancelled: already answered
    const Pending pending = *found;
    m_running.erase(found);
    wipe(pending.body);
    const Result<PlacementConnection> result = connectionFor(reply, pending);
    qCDebug(lcPlacement).noquote() << "POST" << shown(reply->url()) << "answered"
                                   << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() << "in"
                                   << QDateTime::currentMSecsSinceEpoch() - pending.startedMs << "ms";
    if (result.ok())
        qCDebug(lcPlacement).noquote() << "Placement endpoint" << neutralisedIfNeeded(result.value().endpoint)
                                       << "region" << neutralisedIfNeeded(result.value().region);
    deliver(pending, result);
}

Result<PlacementConnection> CloudSession::connectionFor(QNetworkReply *reply, const Pending &pending) const
{
    const QUrl url = reply->url();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (timedOut(reply))
        return makeError(ProblemKind::Unreachable, QStringLiteral("no answer from Keystone at %1 within %2 s")
                                                       .arg(shown(url), QString::number(m_timeout.count() / 1000.0)));
    if (status == 0)
        return makeError(ProblemKind::Unreachable, QStringLiteral("cannot reach Keystone at %1: %2")
                                                       .arg(shown(url), neutralised(reply->errorString(), 300)));
    const QByteArray body = reply->readAll();
    if (status >= 300 && status < 400) {
        const QUrl target = url.resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
        return makeError(ProblemKind::Configuration,
                         QStringLiteral("Keystone at %1 redirects to %2 (%3): set auth_url to the URL it names")
                             .arg(shown(url), shown(target), QString::number(status)),
                         {}, QStringLiteral("auth_url"));
    }
    if (status < 200 || status >= 300)
        return keystoneProblem(pending.config, url, status, body, reply->rawHeader("WWW-Authenticate"));
    const QByteArray subjectToken = reply->rawHeader("X-Subject-Token");
    const QJsonObject token = QJsonDocument::fromJson(body).object().value(QStringLiteral("token")).toObject();
    if (subjectToken.isEmpty() || token.isEmpty())
        return makeError(ProblemKind::ServerError,
                         QStringLiteral("%1 answered %2 without a token (no X-Subject-Token or no JSON token): is "
                                        "auth_url Keystone's URL?")
                             .arg(shown(url), QString::number(status)));
    PlacementConnection connection;
    connection.token = Secret(QString::fromLatin1(subjectToken));
    connection.ssl = pending.ssl;
    connection.cloudName = pending.config.cloudName;
    connection.region = pending.config.region;
    if (!pending.config.placementEndpoint.isEmpty()) {
        connection.endpoint = withoutTrailingSlash(pending.config.placementEndpoint);
        return connection;
    }
    const Result<CatalogEndpoint> endpoint =
        placementEndpointInCatalog(token, pending.config.region, pending.config.interface);
    if (!endpoint.ok())
        return endpoint.status();
    connection.endpoint = withoutTrailingSlash(endpoint.value().url);
    if (connection.region.isEmpty())
        connection.region = endpoint.value().region;
    return connection;
}

void CloudSession::cancel()
{
    const QHash<QNetworkReply *, Pending> running = std::exchange(m_running, {});
    for (auto it = running.begin(); it != running.end(); ++it) {
        it.key()->abort(); // its finished() finds nothing in m_running: answered here
        wipe(it->body);
    }
    const Result<PlacementConnection> cancelled = makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user"));
    for (const Pending &pending : running)
        deliver(pending, cancelled);
}

void CloudSession::deliver(const Pending &pending, const Result<PlacementConnection> &result)
{
    if (pending.hasContext && !pending.context)
        return;
    pending.done(result);
}

void CloudSession::deliverLater(QObject *context, Done done, Result<PlacementConnection> result)
{
    Pending pending{{}, {}, context, context != nullptr, std::move(done), nullptr, 0};
    QTimer::singleShot(0, this, [pending = std::move(pending), result = std::move(result)] { deliver(pending, result); });
}

void CloudSession::wipe(QBuffer *body)
{
    if (!body)
        return;
    body->close();
    body->buffer().fill('\0');
    body->deleteLater();
}

} // namespace provtree
