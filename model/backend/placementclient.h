#pragma once

#include "placementconnection.h"
#include "placementmicroversion.h"
#include "problem.h"

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace provtree {

// One HTTP request to Placement, as a value: what a push plan lists and `--dry-run` prints.
struct PlacementRequest
{
    QByteArray method; // "GET", "PUT", "POST", "DELETE"
    QString path;      // below the endpoint, from '/', query included: "/resource_providers?in_tree=U"
    std::optional<QJsonDocument> body;

    [[nodiscard]] bool isIdempotentRead() const { return method == "GET"; }
    bool operator==(const PlacementRequest &) const = default;
};

// The answer to one PlacementRequest.
struct PlacementResponse
{
    int status = 0;       // the HTTP status; 0 when there was no answer (see problem.kind)
    QJsonDocument body;   // the body, when it is JSON
    QString errorCode;    // Placement's errors[0].code, e.g. "placement.concurrent_update"
    // Set when !ok(): Unreachable, Cancelled, Unauthorized, Forbidden, NotFound,
    // GenerationConflict (placement.concurrent_update), InventoryInUse, ProviderInUse,
    // Refused, ServerError; the message quotes Placement's detail, neutralised.
    Problem problem;

    [[nodiscard]] bool ok() const { return status >= 200 && status < 300; }
};

// An asynchronous client of one Placement endpoint (Qt Network): negotiates the
// microversion, sends requests with the token and the microversion header, at most
// maxParallel() at a time (the rest wait in a queue, in order), with a timeout each, and
// retries reads (GET) that got no answer or a 502/503/504; writes are never retried.
//
// Lives on the thread that created it (normally the GUI thread); never blocks it. Every
// callback is called on that thread, later (never from inside send()), exactly once,
// unless its context object was destroyed first. Logs requests (method, path, status,
// time) to provtree.placement; never the token or a body.
class PlacementClient : public QObject
{
    Q_OBJECT

public:
    // The microversion whose semantics this client implements (1.39, Placement 8's newest),
    // and the oldest it can work with: nested providers and `in_tree` (1.14). Features of
    // newer versions are used only when negotiated: reparenting (1.37), aggregates with a
    // generation (1.19), provider bodies from POST (1.20).
    static constexpr int kNewestMinor = kPlacementNewestMinor;
    static constexpr int kOldestMinor = kPlacementOldestMinor;

    explicit PlacementClient(PlacementConnection connection, QObject *parent = nullptr);
    ~PlacementClient() override;

    [[nodiscard]] const PlacementConnection &connection() const { return m_connection; }
    // The endpoint for people: without any user:password@, neutralised.
    [[nodiscard]] QString shownEndpoint() const;

    // Reads Placement's version document (GET /, no token needed) and picks the newest
    // microversion both sides know. Errors: Unreachable, ServerError (not a Placement
    // version document), Refused (the server's newest is older than 1.14).
    void negotiate(QObject *context, std::function<void(const Status &)> done);
    // negotiate() unless a microversion is set already; `done` is called later either way.
    void ensureNegotiated(QObject *context, std::function<void(const Status &)> done);
    // "1.39" once negotiated; empty before.
    [[nodiscard]] QString microversion() const;
    [[nodiscard]] int microversionMinor() const { return m_minor; }
    // Sets the microversion without asking the server (tests, a known server).
    void setMicroversionMinor(int minor) { m_minor = minor; }

    // Qt Network opens at most 6 connections to one host and port (HTTP/1.1), so more than
    // 6 only queue inside Qt; the default is that 6.
    void setMaxParallel(int requests);
    [[nodiscard]] int maxParallel() const { return m_maxParallel; }
    void setTimeout(std::chrono::milliseconds timeout); // per attempt; default 30 s
    void setReadRetries(int retries);    // extra attempts of a GET; default 2

    // Queues `request`; `done` is called once with the answer. Urgent requests go before
    // every queued one (a pull's re-read of a provider that keeps changing: the shorter
    // its reads take, the likelier they see one state of it).
    enum class Priority { Normal, Urgent };
    void send(const PlacementRequest &request, QObject *context,
              std::function<void(const PlacementResponse &)> done, Priority priority = Priority::Normal);
    // Answers every queued and running request with Cancelled, now.
    void cancelAll();

    // Requests sent over the network so far, retries included (for progress and benchmarks).
    [[nodiscard]] quint64 requestsSent() const { return m_sent; }

private:
    struct Pending
    {
        PlacementRequest request;
        QPointer<QObject> context;
        bool hasContext = false;
        std::function<void(const PlacementResponse &)> done;
        int attempt = 0;
        quint64 epoch = 0;
    };
    void pump();
    void start(Pending pending);
    void finished(QNetworkReply *reply);
    [[nodiscard]] PlacementResponse responseFor(QNetworkReply *reply, const PlacementRequest &request) const;
    static void deliver(Pending &pending, const PlacementResponse &response);

    PlacementConnection m_connection;
    QNetworkAccessManager *m_network = nullptr; // Owned (child).
    std::deque<Pending> m_queue;
    QHash<QNetworkReply *, Pending> m_running; // Replies owned by m_network.
    int m_minor = 0;
    int m_maxParallel = 6;
    quint64 m_cancelEpoch = 0; // cancelAll() counts up: a retry waiting from before is answered Cancelled
    std::chrono::milliseconds m_timeout{30000};
    int m_readRetries = 2;
    quint64 m_sent = 0;
};

// The Problem for an answer that is not a success: kind from the status and Placement's
// error code, message naming the request and quoting Placement's title and detail,
// neutralised. Exposed for tests.
[[nodiscard]] Problem problemForResponse(const PlacementRequest &request, int status,
                                         const QJsonDocument &body, QString *errorCode = nullptr);

} // namespace provtree
