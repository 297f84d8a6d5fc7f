// CandidateSearch against Placement's own functional expectations: the provider set-ups of
// placement/tests/functional/fixtures/gabbits.py rebuilt by name, and the answers of the
// gabbits (allocation-candidates*.yaml, granular*.yaml, same-subtree-deep.yaml,
// shared-resources.yaml) and of db/test_allocation_candidates.py as expected sets of
// allocation requests and summarised providers. Gabbits at microversions before 1.29 count
// summaries without nested providers; their 1.39 answers are worked out beside them.
#include "candidatecloud.h"
#include "candidatesearch.h"

#include <QTest>

using namespace provtree;
using namespace provtree::testing;

Q_DECLARE_METATYPE(provtree::CandidateRequest)

namespace {

const QString kShares = QStringLiteral("MISC_SHARES_VIA_AGGREGATE");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out.append(QString::fromUtf8(item));
    return out;
}

// SharedStorageFixture: two compute nodes (cn1 without disk, cn2 with), each with two NUMA
// children with one PF each, and two sharing storage providers, all in one aggregate.
QList<ProviderData> sharedStorageCloud()
{
    NamedCloud c;
    const QStringList agg = {s("agg")};
    c.add(s("cn1"), {}, agg).add(s("cn2"), {}, agg).add(s("ss"), {}, agg).add(s("ss2"), {}, agg);
    c.add(s("numa1_1"), s("cn1")).add(s("numa1_2"), s("cn1")).add(s("numa2_1"), s("cn2")).add(s("numa2_2"), s("cn2"));
    c.add(s("pf1_1"), s("numa1_1")).add(s("pf1_2"), s("numa1_2")).add(s("pf2_1"), s("numa2_1")).add(s("pf2_2"), s("numa2_2"));
    for (const char *cn : {"cn1", "cn2"}) {
        c.inventory(s(cn), s("VCPU"), 24, {.ratio = 16.0});
        c.inventory(s(cn), s("MEMORY_MB"), 128 * 1024, {.ratio = 1.5});
    }
    c.traits(s("cn1"), list({"HW_CPU_X86_SSE", "HW_CPU_X86_SSE2"}));
    c.inventory(s("cn2"), s("DISK_GB"), 2000, {.reserved = 100});
    for (const char *ss : {"ss", "ss2"}) {
        c.inventory(s(ss), s("DISK_GB"), 2000, {.reserved = 100});
        c.traits(s(ss), {kShares});
    }
    for (const char *pf : {"pf1_1", "pf1_2", "pf2_1", "pf2_2"})
        c.inventory(s(pf), s("SRIOV_NET_VF"), 8);
    return c.providers();
}

const QStringList kCn1Tree = list({"cn1", "numa1_1", "numa1_2", "pf1_1", "pf1_2"});
const QStringList kCn2Tree = list({"cn2", "numa2_1", "numa2_2", "pf2_1", "pf2_2"});

} // namespace

class TestCandidateSearch : public QObject
{
    Q_OBJECT

private slots:
    void placementExpectations_data();
    void placementExpectations();
    void summariesCarryCapacityUsedTraitsParentAndRoot();
};

void TestCandidateSearch::placementExpectations_data()
{
    QTest::addColumn<QList<ProviderData>>("cloud");
    QTest::addColumn<CandidateRequest>("request");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("summarised");

    const QList<ProviderData> shared = sharedStorageCloud();
    const QStringList sharedSummaries = kCn1Tree + kCn2Tree + list({"ss", "ss2"});

    // allocation-candidates.yaml "get allocation candidates no allocations yet": each
    // compute node with DISK_GB from either sharing provider, plus cn2 alone.
    QTest::newRow("shared: compute nodes with sharing disk")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100")))
        << list({"cn1:MEMORY_MB=1024,VCPU=1 ss:DISK_GB=100 | =cn1,ss",
                 "cn1:MEMORY_MB=1024,VCPU=1 ss2:DISK_GB=100 | =cn1,ss2",
                 "cn2:DISK_GB=100,MEMORY_MB=1024,VCPU=1 | =cn2",
                 "cn2:MEMORY_MB=1024,VCPU=1 ss:DISK_GB=100 | =cn2,ss",
                 "cn2:MEMORY_MB=1024,VCPU=1 ss2:DISK_GB=100 | =cn2,ss2"})
        << sharedSummaries;
    // "... with required trait": only cn1 has SSE; at 1.29+ its whole tree is summarised.
    QTest::newRow("shared: required trait on the compute node")
        << shared
        << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100")).required({s("HW_CPU_X86_SSE")}))
        << list({"cn1:MEMORY_MB=1024,VCPU=1 ss:DISK_GB=100 | =cn1,ss",
                 "cn1:MEMORY_MB=1024,VCPU=1 ss2:DISK_GB=100 | =cn1,ss2"})
        << kCn1Tree + list({"ss", "ss2"});
    QTest::newRow("shared: two required traits")
        << shared
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100"))
                                .required({s("HW_CPU_X86_SSE")})
                                .required({s("HW_CPU_X86_SSE2")}))
        << list({"cn1:MEMORY_MB=1024,VCPU=1 ss:DISK_GB=100 | =cn1,ss",
                 "cn1:MEMORY_MB=1024,VCPU=1 ss2:DISK_GB=100 | =cn1,ss2"})
        << kCn1Tree + list({"ss", "ss2"});
    // "... with forbidden trait": no candidate with cn1.
    QTest::newRow("shared: forbidden trait")
        << shared
        << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100")).forbidden(s("HW_CPU_X86_SSE")))
        << list({"cn2:DISK_GB=100,MEMORY_MB=1024,VCPU=1 | =cn2",
                 "cn2:MEMORY_MB=1024,VCPU=1 ss:DISK_GB=100 | =cn2,ss",
                 "cn2:MEMORY_MB=1024,VCPU=1 ss2:DISK_GB=100 | =cn2,ss2"})
        << kCn2Tree + list({"ss", "ss2"});
    // "... with required trait and no matching".
    QTest::newRow("shared: required trait nobody has")
        << shared
        << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100")).required({s("HW_CPU_X86_SSE3")}))
        << QStringList() << QStringList();
    // "... with root and parent uuid" (1.29): 2 requests, 10 summaries.
    QTest::newRow("shared: VCPU only, whole trees summarised")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1"))) << list({"cn1:VCPU=1 | =cn1", "cn2:VCPU=1 | =cn2"})
        << kCn1Tree + kCn2Tree;
    // "... only nested provider new microversion": 4 requests, 10 summaries.
    QTest::newRow("shared: nested providers only")
        << shared << CandidateRequest(Ask().group({}, s("SRIOV_NET_VF:4")))
        << list({"pf1_1:SRIOV_NET_VF=4 | =pf1_1", "pf1_2:SRIOV_NET_VF=4 | =pf1_2", "pf2_1:SRIOV_NET_VF=4 | =pf2_1",
                 "pf2_2:SRIOV_NET_VF=4 | =pf2_2"})
        << kCn1Tree + kCn2Tree;
    // "... root and nested new microversion": a tree spreads the unsuffixed group.
    const QStringList rootAndNested = {s("cn1:VCPU=1 pf1_1:SRIOV_NET_VF=4 | =cn1,pf1_1"),
                                       s("cn1:VCPU=1 pf1_2:SRIOV_NET_VF=4 | =cn1,pf1_2"),
                                       s("cn2:VCPU=1 pf2_1:SRIOV_NET_VF=4 | =cn2,pf2_1"),
                                       s("cn2:VCPU=1 pf2_2:SRIOV_NET_VF=4 | =cn2,pf2_2")};
    QTest::newRow("shared: root and nested") << shared << CandidateRequest(Ask().group({}, s("VCPU:1,SRIOV_NET_VF:4")))
                                             << rootAndNested << kCn1Tree + kCn2Tree;
    // "... nested limit" (story/2005859): one request, the summaries of its tree only.
    // Which one is ours to choose: the first anchor in uuid order, then provider order.
    QTest::newRow("shared: limit keeps the summaries of the kept trees")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1,SRIOV_NET_VF:4")).limit(1))
        << list({"cn1:VCPU=1 pf1_1:SRIOV_NET_VF=4 | =cn1,pf1_1"}) << kCn1Tree;
    // "... shared and nested old microversion" asked at 1.39: every PF with the disk of
    // cn2 (its own tree only) or of either sharing provider.
    QTest::newRow("shared: sharing disk with nested VFs")
        << shared << CandidateRequest(Ask().group({}, s("DISK_GB:10,SRIOV_NET_VF:4")))
        << list({"pf1_1:SRIOV_NET_VF=4 ss:DISK_GB=10 | =pf1_1,ss", "pf1_1:SRIOV_NET_VF=4 ss2:DISK_GB=10 | =pf1_1,ss2",
                 "pf1_2:SRIOV_NET_VF=4 ss:DISK_GB=10 | =pf1_2,ss", "pf1_2:SRIOV_NET_VF=4 ss2:DISK_GB=10 | =pf1_2,ss2",
                 "cn2:DISK_GB=10 pf2_1:SRIOV_NET_VF=4 | =cn2,pf2_1", "cn2:DISK_GB=10 pf2_2:SRIOV_NET_VF=4 | =cn2,pf2_2",
                 "pf2_1:SRIOV_NET_VF=4 ss:DISK_GB=10 | =pf2_1,ss", "pf2_1:SRIOV_NET_VF=4 ss2:DISK_GB=10 | =pf2_1,ss2",
                 "pf2_2:SRIOV_NET_VF=4 ss:DISK_GB=10 | =pf2_2,ss", "pf2_2:SRIOV_NET_VF=4 ss2:DISK_GB=10 | =pf2_2,ss2"})
        << sharedSummaries;
    // "... in tree with root" / "with child": in_tree names any provider of the tree.
    QTest::newRow("shared: in_tree root") << shared
                                          << CandidateRequest(Ask().group({}, s("VCPU:1,SRIOV_NET_VF:4")).inTree(s("cn1")))
                                          << rootAndNested.mid(0, 2) << kCn1Tree;
    QTest::newRow("shared: in_tree child") << shared
                                           << CandidateRequest(Ask().group({}, s("VCPU:1,SRIOV_NET_VF:4")).inTree(s("pf1_2")))
                                           << rootAndNested.mid(0, 2) << kCn1Tree;
    // "... in tree with shared 1/2/3": in_tree keeps sharing providers of other trees out.
    QTest::newRow("shared: in_tree without local disk")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10")).inTree(s("cn1"))) << QStringList()
        << QStringList();
    QTest::newRow("shared: in_tree with local disk")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10")).inTree(s("cn2")))
        << list({"cn2:DISK_GB=10,VCPU=1 | =cn2"}) << kCn2Tree;
    QTest::newRow("shared: in_tree of a sharing provider")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10")).inTree(s("ss"))) << QStringList()
        << QStringList();
    // Granular in_tree: "in_tree root/child granular root/child resource".
    QTest::newRow("shared: granular in_tree root, root resource")
        << shared << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).inTree(s("cn1"))) << list({"cn1:VCPU=1 | 1=cn1"})
        << kCn1Tree;
    QTest::newRow("shared: granular in_tree child, root resource")
        << shared << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).inTree(s("pf1_1"))) << list({"cn1:VCPU=1 | 1=cn1"})
        << kCn1Tree;
    QTest::newRow("shared: granular in_tree child, child resource")
        << shared << CandidateRequest(Ask().group(s("1"), s("SRIOV_NET_VF:4")).inTree(s("pf1_1")))
        << list({"pf1_1:SRIOV_NET_VF=4 | 1=pf1_1", "pf1_2:SRIOV_NET_VF=4 | 1=pf1_2"}) << kCn1Tree;
    // "... in tree granular local storage nonexistent / exists".
    QTest::newRow("shared: granular in_tree without local disk")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("DISK_GB:10")).inTree(s("cn1")))
        << QStringList() << QStringList();
    QTest::newRow("shared: granular in_tree with local disk")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("DISK_GB:10")).inTree(s("cn2")))
        << list({"cn2:DISK_GB=10,VCPU=1 | =cn2 1=cn2"}) << kCn2Tree;
    // "... in tree granular shared storage": the sharing provider named by in_tree1 still
    // serves both compute nodes.
    QTest::newRow("shared: granular in_tree of a sharing provider")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("DISK_GB:10")).inTree(s("ss")))
        << list({"cn1:VCPU=1 ss:DISK_GB=10 | =cn1 1=ss", "cn2:VCPU=1 ss:DISK_GB=10 | =cn2 1=ss"})
        << kCn1Tree + kCn2Tree + list({"ss"});
    // "... in tree unnumbered compute granular disk from shared storage only / or local".
    QTest::newRow("shared: unsuffixed in_tree, granular disk from sharing providers")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1")).inTree(s("cn1")).group(s("1"), s("DISK_GB:10")))
        << list({"cn1:VCPU=1 ss:DISK_GB=10 | =cn1 1=ss", "cn1:VCPU=1 ss2:DISK_GB=10 | =cn1 1=ss2"})
        << kCn1Tree + list({"ss", "ss2"});
    QTest::newRow("shared: unsuffixed in_tree, granular disk local or shared")
        << shared << CandidateRequest(Ask().group({}, s("VCPU:1")).inTree(s("cn2")).group(s("1"), s("DISK_GB:10")))
        << list({"cn2:DISK_GB=10,VCPU=1 | =cn2 1=cn2", "cn2:VCPU=1 ss:DISK_GB=10 | =cn2 1=ss",
                 "cn2:VCPU=1 ss2:DISK_GB=10 | =cn2 1=ss2"})
        << kCn2Tree + list({"ss", "ss2"});
    // "... in tree granular compute and granular shared storage".
    QTest::newRow("shared: two granular groups with in_tree")
        << shared
        << CandidateRequest(Ask()
                                .group(s("1"), s("VCPU:1"))
                                .inTree(s("cn1"))
                                .group(s("2"), s("DISK_GB:10"))
                                .inTree(s("ss"))
                                .policy(GroupPolicy::None))
        << list({"cn1:VCPU=1 ss:DISK_GB=10 | 1=cn1 2=ss"}) << kCn1Tree + list({"ss"});
}

void TestCandidateSearch::placementExpectations()
{
    QFETCH(QList<ProviderData>, cloud);
    QFETCH(CandidateRequest, request);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, summarised);

    const CandidateResult result = CandidateSearch(cloud).find(request);
    QCOMPARE(lines(result), sortedLines(expected));
    summarised.sort();
    QCOMPARE(testing::summarised(result), summarised);
}

// allocation-candidates.yaml "... no allocations yet" and "... with root and parent uuid":
// capacity = int((total - reserved) * allocation_ratio), every class (1.27), traits,
// parent (null for a root) and root (1.29).
void TestCandidateSearch::summariesCarryCapacityUsedTraitsParentAndRoot()
{
    QList<ProviderData> cloud = sharedStorageCloud();
    for (ProviderData &p : cloud) {
        if (p.uuid == s("cn2"))
            p.usages.insert(s("VCPU"), 7);
    }
    const CandidateResult result = CandidateSearch(cloud).find(Ask().group({}, s("VCPU:1")));
    const ProviderSummary cn1 = result.providerSummaries.value(s("cn1"));
    QCOMPARE(cn1.resources.value(s("VCPU")), (ResourceSummary{384, 0}));        // 24 * 16.0
    QCOMPARE(cn1.resources.value(s("MEMORY_MB")), (ResourceSummary{196608, 0})); // 128 Gi * 1.5
    QCOMPARE(cn1.resources.size(), 2);
    QCOMPARE(cn1.traits, list({"HW_CPU_X86_SSE", "HW_CPU_X86_SSE2"}));
    QCOMPARE(cn1.parentUuid, QString());
    QCOMPARE(cn1.rootUuid, s("cn1"));
    const ProviderSummary cn2 = result.providerSummaries.value(s("cn2"));
    QCOMPARE(cn2.resources.value(s("DISK_GB")), (ResourceSummary{1900, 0})); // 2000 - 100
    QCOMPARE(cn2.resources.value(s("VCPU")), (ResourceSummary{384, 7}));
    const ProviderSummary pf = result.providerSummaries.value(s("pf1_2"));
    QCOMPARE(pf.parentUuid, s("numa1_2"));
    QCOMPARE(pf.rootUuid, s("cn1"));
    QCOMPARE(pf.resources.value(s("SRIOV_NET_VF")), (ResourceSummary{8, 0}));
    const ProviderSummary numa = result.providerSummaries.value(s("numa1_1"));
    QVERIFY(numa.resources.isEmpty()); // a provider without inventory is summarised too
    QCOMPARE(numa.rootUuid, s("cn1"));
}

QTEST_GUILESS_MAIN(TestCandidateSearch)
#include "tst_candidatesearch.moc"
