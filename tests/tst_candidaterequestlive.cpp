// The request parser against the real Placement 8.0.0 (the noauth Placement of the
// live_cloud fixture): every query of support/candidatequerycases.h is sent byte for byte
// to GET /allocation_candidates at microversion 1.39, and Placement answers 400 exactly
// where parseCandidateQuery() refuses and 200 everywhere else, with the same reason in
// substance. The canonical query of every accepted request gets the same answer from
// Placement as the query it came from, random canonical queries are all accepted, and the
// documented divergences are what Placement really does.
#include "candidaterequestparser.h"

#include "support/candidatequerycases.h"
#include "support/livecloud.h"
#include "support/randomcandidaterequest.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <algorithm>

using namespace provtree;
using provtree::testing::LiveAnswer;
using provtree::testing::LiveCloud;
using provtree::testing::LivePlacement;

namespace {

constexpr int kTimeoutMs = 30000;

// One answer of GET /allocation_candidates.
struct CandidatesAnswer
{
    int status = 0;
    QJsonObject body;
    QString error; // why there is no status

    // Placement's reason of a 4xx/5xx: errors[0].detail.
    [[nodiscard]] QString detail() const
    {
        return body.value(QStringLiteral("errors")).toArray().first().toObject().value(QStringLiteral("detail")).toString();
    }
};

// GET /allocation_candidates?QUERY with the query exactly as given: QUrl would normalise
// percent-encoding and reject some bytes, so the request line is written by hand (HTTP/1.0,
// so the answer ends when the server closes the connection).
CandidatesAnswer getCandidates(const QByteArray &query)
{
    const QUrl url(LiveCloud::get().noauthPlacementUrl());
    QTcpSocket socket;
    socket.connectToHost(url.host(), quint16(url.port()));
    CandidatesAnswer answer;
    if (!socket.waitForConnected(kTimeoutMs)) {
        answer.error = socket.errorString();
        return answer;
    }
    socket.write("GET /allocation_candidates?" + query + " HTTP/1.0\r\nHost: " + url.host().toLatin1()
                 + "\r\nX-Auth-Token: " + LiveCloud::get().noauthToken().toLatin1()
                 + "\r\nOpenStack-API-Version: placement 1.39\r\nAccept: application/json\r\n\r\n");
    QByteArray raw;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(kTimeoutMs))
        raw += socket.readAll();
    raw += socket.readAll();
    const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    const QList<QByteArray> statusLine = raw.left(raw.indexOf("\r\n")).split(' ');
    if (headerEnd < 0 || statusLine.size() < 2) {
        answer.error = QStringLiteral("no HTTP answer: ") + QString::fromLatin1(raw.left(200));
        return answer;
    }
    answer.status = statusLine[1].toInt();
    answer.body = QJsonDocument::fromJson(raw.mid(headerEnd + 4)).object();
    return answer;
}

// An answer as a value that ignores order: allocation requests sorted (Placement's order
// follows its database), provider summaries as they are (an object).
QByteArray comparable(const QJsonObject &body)
{
    QList<QByteArray> requests;
    for (const QJsonValue &request : body.value(QStringLiteral("allocation_requests")).toArray())
        requests.append(QJsonDocument(request.toObject()).toJson(QJsonDocument::Compact));
    std::sort(requests.begin(), requests.end());
    return requests.join('\n') + '\n'
        + QJsonDocument(body.value(QStringLiteral("provider_summaries")).toObject()).toJson(QJsonDocument::Compact);
}

QString parserReason(const Result<CandidateRequest> &parsed)
{
    return parsed.ok() ? QString() : parsed.status().firstError().message;
}

// Placement's JSON API through the fixture's client (for setting up, not for the table).
QJsonObject placementCall(const QByteArray &method, const QString &path, const QJsonValue &body = {})
{
    const LiveAnswer answer = LiveCloud::get().placement(method, path, body, LivePlacement::Noauth);
    if (answer.status < 200 || answer.status >= 300)
        qFatal("%s %s: %d %s", method.constData(), qPrintable(path), answer.status, answer.raw.constData());
    return answer.body.object();
}

QString createProvider(const QString &name, const QString &parent, const QJsonObject &inventories,
                       const QStringList &traits, const QStringList &aggregates)
{
    const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject provider{{QStringLiteral("name"), name}, {QStringLiteral("uuid"), uuid}};
    if (!parent.isEmpty())
        provider.insert(QStringLiteral("parent_provider_uuid"), parent);
    qint64 generation = placementCall("POST", QStringLiteral("/resource_providers"), provider)
                            .value(QStringLiteral("generation")).toInteger();
    const QString at = QStringLiteral("/resource_providers/") + uuid;
    generation = placementCall("PUT", at + QStringLiteral("/inventories"),
                               QJsonObject{{QStringLiteral("resource_provider_generation"), generation},
                                           {QStringLiteral("inventories"), inventories}})
                     .value(QStringLiteral("resource_provider_generation")).toInteger();
    generation = placementCall("PUT", at + QStringLiteral("/traits"),
                               QJsonObject{{QStringLiteral("resource_provider_generation"), generation},
                                           {QStringLiteral("traits"), QJsonArray::fromStringList(traits)}})
                     .value(QStringLiteral("resource_provider_generation")).toInteger();
    placementCall("PUT", at + QStringLiteral("/aggregates"),
                  QJsonObject{{QStringLiteral("resource_provider_generation"), generation},
                              {QStringLiteral("aggregates"), QJsonArray::fromStringList(aggregates)}});
    return uuid;
}

QJsonObject inventory(qint64 total)
{
    return {{QStringLiteral("total"), total}};
}

} // namespace

class tst_CandidateRequestLive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void placementAgreesWithTheParser_data();
    void placementAgreesWithTheParser();
    void canonicalQueryGetsTheSameAnswer_data();
    void canonicalQueryGetsTheSameAnswer();
    void divergencesAreWhatPlacementDoes_data();
    void divergencesAreWhatPlacementDoes();
    void randomCanonicalQueriesAreAccepted();
    void cleanupTestCase();

private:
    int m_answersWithCandidates = 0;
    int m_answersCompared = 0;
};

// The custom names the accepted queries use, and a small tree so that many answers hold
// candidates: a compute node (in aggregate 1111...) with a NUMA node (HW_NUMA_ROOT, no
// inventory) that holds a NIC and an accelerator.
void tst_CandidateRequestLive::initTestCase()
{
    for (const QByteArray &trait : testing::customTraits())
        placementCall("PUT", QStringLiteral("/traits/") + QString::fromLatin1(trait));
    for (const QByteArray &resourceClass : testing::customResourceClasses())
        placementCall("PUT", QStringLiteral("/resource_classes/") + QString::fromLatin1(resourceClass));
    const QString suffix = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    const QString root = createProvider(
        QStringLiteral("crq-cn-") + suffix, {},
        {{QStringLiteral("VCPU"), inventory(16)}, {QStringLiteral("MEMORY_MB"), inventory(16384)},
         {QStringLiteral("DISK_GB"), inventory(100)}, {QStringLiteral("PCPU"), inventory(8)}},
        {QStringLiteral("HW_CPU_X86_AVX2"), QStringLiteral("HW_CPU_X86_SSE42"), QStringLiteral("CUSTOM_CRQ_GOLD")},
        {QStringLiteral("11111111-2222-3333-4444-555555555555")});
    const QString numa = createProvider(QStringLiteral("crq-numa-") + suffix, root, {},
                                        {QStringLiteral("HW_NUMA_ROOT")}, {});
    createProvider(QStringLiteral("crq-nic-") + suffix, numa, {{QStringLiteral("SRIOV_NET_VF"), inventory(8)}},
                   {QStringLiteral("CUSTOM_CRQ_PHYSNET_A"), QStringLiteral("HW_NIC_SRIOV")}, {});
    createProvider(QStringLiteral("crq-acc-") + suffix, numa,
                   {{QStringLiteral("CUSTOM_CRQ_FPGA"), inventory(2)}, {QStringLiteral("VGPU"), inventory(4)}}, {},
                   {});
}

void tst_CandidateRequestLive::placementAgreesWithTheParser_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("reason");
    int accepted = 0;
    int refused = 0;
    for (const auto &c : testing::candidateQueryCases()) {
        QTest::newRow(c.name) << c.query << c.accepted << c.reason;
        ++(c.accepted ? accepted : refused);
    }
    qInfo("%d queries: %d accepted, %d refused", accepted + refused, accepted, refused);
}

void tst_CandidateRequestLive::placementAgreesWithTheParser()
{
    QFETCH(QByteArray, query);
    QFETCH(bool, accepted);
    QFETCH(QByteArray, reason);
    const CandidatesAnswer answer = getCandidates(query);
    QVERIFY2(answer.status != 0, qPrintable(answer.error));
    const Result<CandidateRequest> parsed = parseCandidateQuery(QString::fromLatin1(query));
    QVERIFY2(answer.status == (parsed.ok() ? 200 : 400),
             qPrintable(QStringLiteral("Placement %1 (%2); provtree: %3")
                            .arg(QString::number(answer.status), answer.detail(),
                                 parsed.ok() ? QStringLiteral("accepted") : parserReason(parsed))));
    QCOMPARE(parsed.ok(), accepted);
    if (!accepted) {
        QVERIFY2(answer.detail().contains(QString::fromUtf8(reason)), qPrintable(answer.detail()));
        QVERIFY2(parserReason(parsed).contains(QString::fromUtf8(reason)), qPrintable(parserReason(parsed)));
    }
}

void tst_CandidateRequestLive::canonicalQueryGetsTheSameAnswer_data()
{
    QTest::addColumn<QByteArray>("query");
    for (const auto &c : testing::candidateQueryCases()) {
        if (c.accepted)
            QTest::newRow(c.name) << c.query;
    }
}

// toCandidateQuery() writes another query for the same request: Placement must find the
// same candidates for it (many queries here have some on the tree of initTestCase()).
void tst_CandidateRequestLive::canonicalQueryGetsTheSameAnswer()
{
    QFETCH(QByteArray, query);
    const Result<CandidateRequest> parsed = parseCandidateQuery(QString::fromLatin1(query));
    QVERIFY(parsed.ok());
    const QByteArray canonical = toCandidateQuery(parsed.value()).toLatin1();
    const CandidatesAnswer original = getCandidates(query);
    const CandidatesAnswer rewritten = getCandidates(canonical);
    QCOMPARE(original.status, 200);
    QVERIFY2(rewritten.status == 200, qPrintable(QString::fromLatin1(canonical) + QStringLiteral(": ")
                                                 + rewritten.detail()));
    QCOMPARE(comparable(rewritten.body), comparable(original.body));
    ++m_answersCompared;
    if (!original.body.value(QStringLiteral("allocation_requests")).toArray().isEmpty())
        ++m_answersWithCandidates;
}

void tst_CandidateRequestLive::divergencesAreWhatPlacementDoes_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<bool>("parserAccepts");
    QTest::addColumn<int>("placementStatus");
    for (const auto &d : testing::candidateQueryDivergences())
        QTest::newRow(d.name) << d.query << d.parserAccepts << d.placementStatus;
}

// Where provtree's verdict is not Placement's 200/400, Placement does what the parser's
// documentation says (a 500, an answer that ignores a malformed name, a 400 for a name
// only its database can judge).
void tst_CandidateRequestLive::divergencesAreWhatPlacementDoes()
{
    QFETCH(QByteArray, query);
    QFETCH(bool, parserAccepts);
    QFETCH(int, placementStatus);
    const CandidatesAnswer answer = getCandidates(query);
    QVERIFY2(answer.status == placementStatus, qPrintable(QString::number(answer.status) + QLatin1Char(' ')
                                                          + answer.detail()));
    QCOMPARE(parseCandidateQuery(QString::fromLatin1(query)).ok(), parserAccepts);
}

// The canonical query of random requests (every kind of group and parameter) is one that
// Placement accepts.
void tst_CandidateRequestLive::randomCanonicalQueriesAreAccepted()
{
    testing::RandomCandidateRequests random(4711);
    for (int i = 0; i < 200; ++i) {
        const QByteArray query = toCandidateQuery(random.next()).toLatin1();
        const CandidatesAnswer answer = getCandidates(query);
        QVERIFY2(answer.status == 200, qPrintable(QString::fromLatin1(query) + QStringLiteral(": ")
                                                  + QString::number(answer.status) + QLatin1Char(' ')
                                                  + answer.detail()));
    }
}

// Most comparisons must be between answers that hold candidates, or they prove little.
void tst_CandidateRequestLive::cleanupTestCase()
{
    qInfo("%d answers compared, %d with candidates", m_answersCompared, m_answersWithCandidates);
    if (m_answersCompared > 0)
        QVERIFY(m_answersWithCandidates * 2 > m_answersCompared);
}

QTEST_GUILESS_MAIN(tst_CandidateRequestLive)
#include "tst_candidaterequestlive.moc"
