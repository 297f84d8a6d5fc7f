// How the fidelity test judges one answer of Placement against provtree's
// (support/fidelityprobe.h, compareAnswers): equal sets agree; a difference counts as
// Placement's own defect only when provtree names that defect for the request and the
// difference has its shape, so that naming a defect can never hide a wrong answer.
#include "candidatejson.h"
#include "fidelityprobe.h"

#include <QJsonDocument>
#include <QTest>

using namespace provtree;
using namespace provtree::testsupport;

namespace {

const QString kRoot1 = QStringLiteral("00000000-0000-4000-8000-000000000001");
const QString kRoot2 = QStringLiteral("00000000-0000-4000-8000-000000000002");
const QString kShared = QStringLiteral("00000000-0000-4000-8000-000000000003");

AllocationRequest request(const QString &provider, qint64 vcpu, const QString &disk, qint64 gb)
{
    AllocationRequest r;
    r.allocations[provider][QStringLiteral("VCPU")] = vcpu;
    r.allocations[disk][QStringLiteral("DISK_GB")] = gb;
    r.mappings[QString()] = QStringList{provider, disk};
    r.mappings[QString()].sort();
    return r;
}

ProviderSummary summary(const QString &root, const QString &resourceClass, qint64 capacity)
{
    ProviderSummary s;
    s.resources[resourceClass] = ResourceSummary{capacity, 0};
    s.rootUuid = root;
    return s;
}

// Two trees sharing one disk pool: what provtree answers for VCPU:1,DISK_GB:10.
CandidateResult ours(QList<PlacementQuirk> quirks = {})
{
    CandidateResult result;
    result.allocationRequests = {request(kRoot1, 1, kShared, 10), request(kRoot2, 1, kShared, 10)};
    result.providerSummaries = {{kRoot1, summary(kRoot1, QStringLiteral("VCPU"), 8)},
                                {kRoot2, summary(kRoot2, QStringLiteral("VCPU"), 8)},
                                {kShared, summary(kShared, QStringLiteral("DISK_GB"), 100)}};
    result.placementQuirks = quirks;
    return result;
}

PlacementResponse answer(const CandidateResult &result)
{
    PlacementResponse response;
    response.status = 200;
    response.body = QJsonDocument(toPlacementJson(result));
    return response;
}

} // namespace

class tst_FidelityComparison : public QObject
{
    Q_OBJECT

private slots:
    void equalAnswersAgree();
    void aLostCombinationIsPlacementsOnlyWithTheDefectNamed();
    void anInventedCombinationIsNeverPlacements();
    void inflatedAmountsArePlacementsOnlyWithAccumulatedAmounts();
    void smallerAmountsAreNeverPlacements();
    void aDifferentSummaryIsNeverPlacements();
    void aServerErrorIsPlacementsOnlyWithNestedSharingProvider();
};

void tst_FidelityComparison::equalAnswersAgree()
{
    CandidateResult reordered = ours();
    std::reverse(reordered.allocationRequests.begin(), reordered.allocationRequests.end());
    const AnswerComparison comparison = compareAnswers(answer(reordered), ours());
    QVERIFY(comparison.agreed);
    QVERIFY(comparison.placementFoundCandidates);
}

void tst_FidelityComparison::aLostCombinationIsPlacementsOnlyWithTheDefectNamed()
{
    CandidateResult placement = ours();
    placement.allocationRequests.removeLast(); // one anchor kept (OneAnchorForSharedOnly)
    placement.providerSummaries.remove(kRoot2);
    AnswerComparison comparison = compareAnswers(answer(placement), ours());
    QVERIFY(!comparison.agreed);
    QVERIFY(!comparison.placementDefect);
    QVERIFY(!comparison.difference.isEmpty());
    comparison = compareAnswers(answer(placement), ours({PlacementQuirk::OneAnchorForSharedOnly}));
    QVERIFY(!comparison.agreed);
    QVERIFY(comparison.placementDefect);
    QCOMPARE(comparison.quirks, QStringLiteral("OneAnchorForSharedOnly"));
}

void tst_FidelityComparison::anInventedCombinationIsNeverPlacements()
{
    CandidateResult placement = ours();
    placement.allocationRequests.append(request(kRoot2, 1, kRoot1, 10)); // disk from another tree
    const AnswerComparison comparison =
        compareAnswers(answer(placement), ours({PlacementQuirk::OneAnchorForSharedOnly, PlacementQuirk::AccumulatedAmounts}));
    QVERIFY(!comparison.agreed);
    QVERIFY(!comparison.placementDefect);
}

void tst_FidelityComparison::inflatedAmountsArePlacementsOnlyWithAccumulatedAmounts()
{
    CandidateResult placement = ours();
    placement.allocationRequests[0].allocations[kShared][QStringLiteral("DISK_GB")] = 20;
    QVERIFY(!compareAnswers(answer(placement), ours({PlacementQuirk::OneAnchorForSharedOnly})).placementDefect);
    const AnswerComparison comparison = compareAnswers(answer(placement), ours({PlacementQuirk::AccumulatedAmounts}));
    QVERIFY(!comparison.agreed);
    QVERIFY(comparison.placementDefect);
}

void tst_FidelityComparison::smallerAmountsAreNeverPlacements()
{
    CandidateResult placement = ours();
    placement.allocationRequests[0].allocations[kShared][QStringLiteral("DISK_GB")] = 5;
    QVERIFY(!compareAnswers(answer(placement), ours({PlacementQuirk::AccumulatedAmounts})).placementDefect);
}

void tst_FidelityComparison::aDifferentSummaryIsNeverPlacements()
{
    CandidateResult placement = ours();
    placement.providerSummaries[kShared].resources[QStringLiteral("DISK_GB")].used = 1;
    const AnswerComparison comparison = compareAnswers(
        answer(placement), ours({PlacementQuirk::OneAnchorForSharedOnly, PlacementQuirk::AccumulatedAmounts}));
    QVERIFY(!comparison.agreed);
    QVERIFY(!comparison.placementDefect);
}

void tst_FidelityComparison::aServerErrorIsPlacementsOnlyWithNestedSharingProvider()
{
    PlacementResponse error;
    error.status = 500;
    QVERIFY(!compareAnswers(error, ours({PlacementQuirk::OneAnchorForSharedOnly})).placementDefect);
    const AnswerComparison comparison = compareAnswers(error, ours({PlacementQuirk::NestedSharingProvider}));
    QVERIFY(!comparison.agreed);
    QVERIFY(comparison.placementDefect);
    QVERIFY(comparison.difference.contains(QLatin1String("500")));
}

QTEST_GUILESS_MAIN(tst_FidelityComparison)
#include "tst_fidelitycomparison.moc"
