// The Placement client's own behaviour where a server misbehaves: a server that accepts a
// connection and never answers (a stuck Placement behind a load balancer) times out with a
// clear Unreachable, reads are retried and writes are not, cancelAll() answers everything
// at once, callbacks never run inside send(), and at most maxParallel requests are in
// flight. The "server" here is a plain TCP socket that says nothing: there is no Placement
// to imitate. What a real Placement answers is tst_placementlive's business.
#include "placementclient.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace std::chrono_literals;
using namespace provtree;

class tst_PlacementClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void aSilentServerTimesOutAndReadsAreRetried();
    void writesAreNeverRetried();
    void cancelAllAnswersEverythingAtOnce();
    void callbacksNeverRunInsideSend();
    void atMostMaxParallelRequestsAreInFlight();
    void aRefusedConnectionIsUnreachable();

private:
    [[nodiscard]] PlacementConnection connection() const;

    QTcpServer *m_server = nullptr;
    QList<QTcpSocket *> m_accepted;
};

void tst_PlacementClient::init()
{
    m_server = new QTcpServer(this);
    QVERIFY(m_server->listen(QHostAddress::LocalHost));
    m_accepted.clear();
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            m_accepted.append(socket); // read nothing, answer nothing
    });
}

void tst_PlacementClient::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

PlacementConnection tst_PlacementClient::connection() const
{
    PlacementConnection c;
    c.endpoint = QStringLiteral("http://127.0.0.1:%1/").arg(m_server->serverPort());
    c.token = Secret(QStringLiteral("secret-token-value"));
    return c;
}

void tst_PlacementClient::aSilentServerTimesOutAndReadsAreRetried()
{
    PlacementClient client(connection());
    client.setMicroversionMinor(39);
    client.setTimeout(300ms);
    client.setReadRetries(2);
    std::optional<PlacementResponse> answer;
    client.send({"GET", QStringLiteral("/resource_providers"), {}}, this,
                [&](const PlacementResponse &response) { answer = response; });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
    QCOMPARE(answer->status, 0);
    QCOMPARE(answer->problem.kind, ProblemKind::Unreachable);
    QVERIFY2(answer->problem.message.contains(QStringLiteral("no answer within 0.3 s")), qPrintable(answer->problem.message));
    QVERIFY2(answer->problem.message.contains(QStringLiteral("GET /resource_providers")), "names the request");
    QVERIFY2(!answer->problem.message.contains(QStringLiteral("secret-token-value")), "never the token");
    QCOMPARE(client.requestsSent(), quint64(3)); // one try and two retries
}

void tst_PlacementClient::writesAreNeverRetried()
{
    PlacementClient client(connection());
    client.setMicroversionMinor(39);
    client.setTimeout(300ms);
    client.setReadRetries(2);
    std::optional<PlacementResponse> answer;
    client.send({"PUT", QStringLiteral("/traits/CUSTOM_X"), {}}, this,
                [&](const PlacementResponse &response) { answer = response; });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
    QCOMPARE(answer->problem.kind, ProblemKind::Unreachable);
    QCOMPARE(client.requestsSent(), quint64(1)); // a write may have happened: never twice
}

void tst_PlacementClient::cancelAllAnswersEverythingAtOnce()
{
    PlacementClient client(connection());
    client.setMicroversionMinor(39);
    client.setMaxParallel(2);
    QList<ProblemKind> kinds;
    for (int i = 0; i < 5; ++i)
        client.send({"GET", QStringLiteral("/resource_providers"), {}}, this,
                    [&](const PlacementResponse &response) { kinds.append(response.problem.kind); });
    QTRY_COMPARE(m_accepted.size(), 2); // two in flight, three queued
    client.cancelAll();
    QCOMPARE(kinds, QList<ProblemKind>(5, ProblemKind::Cancelled));
    QTest::qWait(100);
    QCOMPARE(kinds.size(), 5); // never a second answer
}

void tst_PlacementClient::callbacksNeverRunInsideSend()
{
    // Even an answer known at once (nothing listens) comes from the event loop, later.
    PlacementConnection nowhere;
    nowhere.endpoint = QStringLiteral("http://127.0.0.1:1");
    PlacementClient refused(nowhere);
    refused.setReadRetries(0);
    bool called = false;
    refused.send({"GET", QStringLiteral("/"), {}}, this, [&](const PlacementResponse &) { called = true; });
    QVERIFY(!called);
    QTRY_VERIFY(called);

    PlacementClient client(connection());
    // A callback whose context is gone is never called.
    auto *context = new QObject;
    bool orphanCalled = false;
    client.send({"GET", QStringLiteral("/"), {}}, context, [&](const PlacementResponse &) { orphanCalled = true; });
    delete context;
    client.cancelAll();
    QVERIFY(!orphanCalled);
}

void tst_PlacementClient::atMostMaxParallelRequestsAreInFlight()
{
    PlacementClient client(connection());
    client.setMicroversionMinor(39);
    client.setMaxParallel(3);
    for (int i = 0; i < 10; ++i)
        client.send({"GET", QStringLiteral("/resource_providers"), {}}, this, [](const PlacementResponse &) {});
    QTRY_COMPARE(m_accepted.size(), 3);
    QTest::qWait(200);
    QCOMPARE(m_accepted.size(), 3);
    QCOMPARE(client.requestsSent(), quint64(3));
    client.cancelAll();
}

void tst_PlacementClient::aRefusedConnectionIsUnreachable()
{
    const quint16 port = m_server->serverPort();
    m_server->close(); // nothing listens there now
    PlacementConnection c;
    c.endpoint = QStringLiteral("http://127.0.0.1:%1").arg(port);
    PlacementClient client(c);
    client.setReadRetries(0);
    std::optional<Status> negotiated;
    client.negotiate(this, [&](const Status &status) { negotiated = status; });
    QTRY_VERIFY(negotiated.has_value());
    QVERIFY(!negotiated->ok());
    QCOMPARE(negotiated->firstError().kind, ProblemKind::Unreachable);
    QVERIFY(negotiated->firstError().message.contains(QStringLiteral("cannot reach Placement at http://127.0.0.1:")));
    QVERIFY(client.microversion().isEmpty());
}

QTEST_GUILESS_MAIN(tst_PlacementClient)
#include "tst_placementclient.moc"
