#pragma once

#include "cloudconfig.h"
#include "placementconnection.h"
#include "problem.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>

class QBuffer;
class QNetworkAccessManager;
class QNetworkReply;

namespace provtree {

// Opens a resolved cloud (cloudconfig.h): the PlacementConnection that PlacementClient
// needs. Direct mode needs no network: the endpoint and token as configured. Otherwise it
// asks Keystone v3 for a token (POST {auth_url}/v3/auth/tokens with the password, the
// application credential or the token, scoped to the project), takes it from
// X-Subject-Token, and finds Placement in the token's catalog: the endpoint of type
// "placement" for the interface and region (or the configured override). TLS as
// sslConfigurationFor() says, for Keystone and in the connection for Placement.
//
// Errors (in `done`): Configuration (a CA file that cannot be read, auth_url /v2.0),
// Unreachable (no connection, TLS failure, no answer within the timeout, a redirect; the
// message names the URL), Unauthorized (401: "Keystone at URL refused the credentials of
// user U (domain D)"), Forbidden, NotFound (auth_url is not Keystone; no placement endpoint
// for the region and interface, listing what the catalog has), Refused, ServerError (5xx,
// an answer without X-Subject-Token or JSON), Cancelled. No message holds a secret.
//
// Lives on the thread that created it (normally the GUI thread) and never blocks it.
// `done` is called on that thread, later (never from inside open()), exactly once, unless
// `context` was destroyed first or the session is destroyed first. Several opens may run at
// once. Logs each request (method, URL, status, time) to provtree.placement; never a
// secret, a token or a body.
class CloudSession : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const Result<PlacementConnection> &)>;

    explicit CloudSession(QObject *parent = nullptr);
    ~CloudSession() override;

    // Time Keystone has to answer; default 30 s.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }

    void open(const CloudConfig &config, QObject *context, Done done);
    // Answers every open under way with Cancelled, now.
    void cancel();
    [[nodiscard]] bool isOpening() const { return !m_running.isEmpty(); }

private:
    struct Pending
    {
        CloudConfig config;
        QSslConfiguration ssl;
        QPointer<QObject> context;
        bool hasContext = false;
        Done done;
        QBuffer *body = nullptr; // Owned (child); wiped when the request ends.
        qint64 startedMs = 0;
    };
    void finished(QNetworkReply *reply);
    [[nodiscard]] Result<PlacementConnection> connectionFor(QNetworkReply *reply, const Pending &pending) const;
    static void deliver(const Pending &pending, const Result<PlacementConnection> &result);
    void deliverLater(QObject *context, Done done, Result<PlacementConnection> result);
    static void wipe(QBuffer *body);

    QNetworkAccessManager *m_network = nullptr; // Owned (child).
    QHash<QNetworkReply *, Pending> m_running;  // Replies owned by m_network.
    std::chrono::milliseconds m_timeout{30000};
};

} // namespace provtree
