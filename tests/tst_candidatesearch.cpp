// CandidateSearch against Placement's own functional expectations: the provider set-ups of
// placement/tests/functional/fixtures/gabbits.py rebuilt by name, and the answers of the
// gabbits (allocation-candidates*.yaml, granular*.yaml, same-subtree-deep.yaml,
// shared-resources.yaml) and of db/test_allocation_candidates.py as expected sets of
// allocation requests and summarised providers. Gabbits at microversions before 1.29 count
// summaries without nested providers; their 1.39 answers are worked out beside them.
#include "candidatecloud.h"
#include "candidatejson.h"
#include "candidatesearch.h"
#include "cloudgenerator.h"
#include "support/testrecords.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <thread>

using namespace provtree;
using namespace provtree::testing;

Q_DECLARE_METATYPE(provtree::CandidateRequest)
Q_DECLARE_METATYPE(QList<provtree::PlacementQuirk>)

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

// GranularFixture: three flat compute nodes, two sharing disks and a sharing network
// provider in aggregates A, B, C (gabbits.py's drawing).
QList<ProviderData> granularCloud()
{
    NamedCloud c;
    c.add(s("cn_left"), {}, {s("aggA")});
    for (const char *rc : {"VCPU", "SRIOV_NET_VF", "VGPU"})
        c.inventory(s("cn_left"), s(rc), 8);
    c.inventory(s("cn_left"), s("MEMORY_MB"), 4096).inventory(s("cn_left"), s("DISK_GB"), 500);
    c.inventory(s("cn_left"), s("CUSTOM_NET_MBPS"), 4000);
    c.traits(s("cn_left"), list({"HW_CPU_X86_AVX", "HW_CPU_X86_AVX2", "HW_GPU_API_DXVA", "HW_NIC_DCB_PFC", "CUSTOM_FOO"}));
    c.add(s("cn_middle"), {}, {s("aggA"), s("aggB")});
    c.inventory(s("cn_middle"), s("VCPU"), 8).inventory(s("cn_middle"), s("MEMORY_MB"), 4096);
    c.inventory(s("cn_middle"), s("SRIOV_NET_VF"), 8).inventory(s("cn_middle"), s("CUSTOM_NET_MBPS"), 4000);
    c.traits(s("cn_middle"), list({"HW_CPU_X86_AVX", "HW_CPU_X86_AVX2", "HW_CPU_X86_SSE", "HW_NIC_ACCEL_TLS"}));
    c.add(s("cn_right"), {}, {s("aggB"), s("aggC")});
    c.inventory(s("cn_right"), s("VCPU"), 8).inventory(s("cn_right"), s("MEMORY_MB"), 4096);
    c.inventory(s("cn_right"), s("DISK_GB"), 500).inventory(s("cn_right"), s("VGPU"), 8, {.maxUnit = 2});
    c.traits(s("cn_right"), list({"HW_CPU_X86_MMX", "HW_GPU_API_DXVA", "CUSTOM_DISK_SSD"}));
    c.add(s("shr_disk_1"), {}, {s("aggA")}).inventory(s("shr_disk_1"), s("DISK_GB"), 1000);
    c.traits(s("shr_disk_1"), {kShares, s("CUSTOM_DISK_SSD")});
    c.add(s("shr_disk_2"), {}, {s("aggA"), s("aggB")}).inventory(s("shr_disk_2"), s("DISK_GB"), 1000);
    c.traits(s("shr_disk_2"), {kShares});
    c.add(s("shr_net"), {}, {s("aggC")}).inventory(s("shr_net"), s("SRIOV_NET_VF"), 16);
    c.inventory(s("shr_net"), s("CUSTOM_NET_MBPS"), 40000).traits(s("shr_net"), {kShares});
    return c.providers();
}

// NUMANetworkFixture: cn1 without inventory (NUMA nodes with VCPU and MEMORY_MB, devices
// below them, two network agents), cn2 with VCPU/MEMORY_MB/DISK_GB and three NICs with
// PFs on two physnets, and a sharing disk; both computes in aggregate A with it.
// DeepNUMANetworkFixture puts cn1 and cn2 under p1 and p2 under one grandparent gp1.
QList<ProviderData> numaNetworkCloud(bool deep = false)
{
    NamedCloud c;
    c.add(s("ss1"), {}, {s("aggA")}).traits(s("ss1"), {kShares}).inventory(s("ss1"), s("DISK_GB"), 2000);
    if (deep)
        c.add(s("gp1")).add(s("p1"), s("gp1")).add(s("p2"), s("gp1"));
    c.add(s("cn1"), deep ? s("p1") : QString(), {s("aggA")}).traits(s("cn1"), {s("COMPUTE_VOLUME_MULTI_ATTACH")});
    c.add(s("numa0"), s("cn1")).traits(s("numa0"), {s("HW_NUMA_ROOT")}).inventory(s("numa0"), s("VCPU"), 4);
    c.inventory(s("numa0"), s("MEMORY_MB"), 2048, {.minUnit = 512, .stepSize = 256}).used(s("numa0"), s("VCPU"), 2);
    c.add(s("numa1"), s("cn1")).traits(s("numa1"), list({"HW_NUMA_ROOT", "CUSTOM_FOO"})).inventory(s("numa1"), s("VCPU"), 4);
    c.inventory(s("numa1"), s("MEMORY_MB"), 2048, {.minUnit = 256, .maxUnit = 1024});
    c.add(s("fpga0"), s("numa0")).inventory(s("fpga0"), s("FPGA"), 1);
    c.add(s("pgpu0"), s("numa0")).inventory(s("pgpu0"), s("VGPU"), 8);
    c.add(s("fpga1_0"), s("numa1")).inventory(s("fpga1_0"), s("FPGA"), 1);
    c.add(s("fpga1_1"), s("numa1")).inventory(s("fpga1_1"), s("FPGA"), 1);
    c.add(s("sriov_agent"), s("cn1")).traits(s("sriov_agent"), {s("CUSTOM_VNIC_TYPE_DIRECT")});
    c.add(s("esn1"), s("sriov_agent")).traits(s("esn1"), {s("CUSTOM_PHYSNET1")});
    c.inventory(s("esn1"), s("NET_BW_EGR_KILOBIT_PER_SEC"), 10000);
    c.add(s("esn2"), s("sriov_agent")).traits(s("esn2"), {s("CUSTOM_PHYSNET2")});
    c.inventory(s("esn2"), s("NET_BW_EGR_KILOBIT_PER_SEC"), 20000);
    c.add(s("ovs_agent"), s("cn1")).traits(s("ovs_agent"), {s("CUSTOM_VNIC_TYPE_NORMAL")});
    c.add(s("br_int"), s("ovs_agent")).traits(s("br_int"), {s("CUSTOM_PHYSNET0")});
    c.inventory(s("br_int"), s("NET_BW_EGR_KILOBIT_PER_SEC"), 1000);
    c.add(s("cn2"), deep ? s("p2") : QString(), {s("aggA")}).inventory(s("cn2"), s("VCPU"), 8).used(s("cn2"), s("VCPU"), 3);
    c.inventory(s("cn2"), s("MEMORY_MB"), 2048, {.minUnit = 1024, .stepSize = 128});
    c.inventory(s("cn2"), s("DISK_GB"), 1000).traits(s("cn2"), {s("CUSTOM_FOO")});
    for (const char *nic : {"nic1", "nic2", "nic3"})
        c.add(s(nic), s("cn2")).traits(s(nic), {s("CUSTOM_HW_NIC_ROOT")});
    const auto pf = [&](const char *name, const char *nic, int physnet, qint64 vfs) {
        c.add(s(name), s(nic)).traits(s(name), {QStringLiteral("CUSTOM_PHYSNET%1").arg(physnet)});
        c.inventory(s(name), s("CUSTOM_VF"), vfs);
    };
    pf("pf1_1", "nic1", 1, 4);
    pf("pf1_2", "nic1", 2, 4);
    pf("pf2_1", "nic2", 1, 2);
    pf("pf2_2", "nic2", 2, 2);
    pf("pf2_3", "nic2", 1, 2);
    pf("pf2_4", "nic2", 2, 2);
    pf("pf3_1", "nic3", 1, 8);
    return c.providers();
}

const QStringList kNumaCn1Tree = list({"cn1", "numa0", "numa1", "fpga0", "pgpu0", "fpga1_0", "fpga1_1", "sriov_agent",
                                       "esn1", "esn2", "ovs_agent", "br_int"});
const QStringList kNumaCn2Tree = list({"cn2", "nic1", "nic2", "nic3", "pf1_1", "pf1_2", "pf2_1", "pf2_2", "pf2_3",
                                       "pf2_4", "pf3_1"});

// NUMAAggregateFixture: two computes without inventory, each with two NUMA nodes (VCPU);
// ss1 shares with both (aggregate A), ss2 only with numa1_1 (aggregate C); cn2 is also in B.
QList<ProviderData> numaAggregateCloud()
{
    NamedCloud c;
    c.add(s("cn1"), {}, {s("aggA")}).add(s("cn2"), {}, {s("aggA"), s("aggB")});
    c.add(s("ss1"), {}, {s("aggA")}).add(s("ss2"), {}, {s("aggC")});
    c.add(s("numa1_1"), s("cn1"), {s("aggC")}).add(s("numa1_2"), s("cn1"));
    c.add(s("numa2_1"), s("cn2")).add(s("numa2_2"), s("cn2"));
    for (const char *numa : {"numa1_1", "numa1_2", "numa2_1", "numa2_2"})
        c.inventory(s(numa), s("VCPU"), 24, {.ratio = 16.0});
    for (const char *ss : {"ss1", "ss2"})
        c.inventory(s(ss), s("DISK_GB"), 2000, {.reserved = 100}).traits(s(ss), {kShares});
    return c.providers();
}

// shared-resources.yaml, in its three steps: a provider of CUSTOM_MAGIC with no aggregate,
// then in cn1's aggregate, then also marked MISC_SHARES_VIA_AGGREGATE.
QList<ProviderData> magicCloud(bool aggregate, bool sharing)
{
    NamedCloud c;
    c.add(s("cn1")).inventory(s("cn1"), s("VCPU"), 20).inventory(s("cn1"), s("MEMORY_MB"), 100000);
    c.add(s("cn2")).inventory(s("cn2"), s("VCPU"), 20).inventory(s("cn2"), s("MEMORY_MB"), 100000);
    c.inventory(s("cn2"), s("DISK_GB"), 100000);
    c.add(s("magic")).inventory(s("magic"), s("CUSTOM_MAGIC"), 5);
    if (aggregate)
        c.aggregates(s("magic"), {s("agg")}).aggregates(s("cn1"), {s("agg")});
    if (sharing)
        c.traits(s("magic"), {kShares});
    return c.providers();
}

} // namespace

class TestCandidateSearch : public QObject
{
    Q_OBJECT

private slots:
    void sharedStorageFixture_data();
    void sharedStorageFixture() { checkExpectation(); }
    void granularFixture_data();
    void granularFixture() { checkExpectation(); }
    void numaNetworkFixture_data();
    void numaNetworkFixture() { checkExpectation(); }
    void numaAggregateFixture_data();
    void numaAggregateFixture() { checkExpectation(); }
    void sharedResources_data();
    void sharedResources() { checkExpectation(); }
    void dbScenarios_data();
    void dbScenarios() { checkExpectation(); }
    void resourcelessGroups_data();
    void resourcelessGroups() { checkExpectation(); }
    void summariesCarryCapacityUsedTraitsParentAndRoot();
    void capacityComparesBeforeTruncation();
    void namesTheSnapshotDoesNotKnow_data();
    void namesTheSnapshotDoesNotKnow();
    void limitKeepsTheFirstInUuidOrder();
    void placementQuirks_data();
    void placementQuirks();
    void readsPlacementsOwnAnswer();
    void placementJsonRoundTrips();
    void sameCandidatesComparesSets();
    void sameCandidatesNeutralisesWhatItQuotes();
    void findFromManyThreadsAtOnce();

private:
    static void addColumns();
    static void checkExpectation();
};

// Each row: a cloud, a request, the expected allocation requests (as line()s) and the
// providers expected in provider_summaries.
void TestCandidateSearch::addColumns()
{
    QTest::addColumn<QList<ProviderData>>("cloud");
    QTest::addColumn<CandidateRequest>("request");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("summarised");
}

void TestCandidateSearch::sharedStorageFixture_data()
{
    addColumns();

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

// granular.yaml, allocation-candidates-mappings-sharing.yaml and
// allocation-candidates-any-traits.yaml on the GranularFixture (flat trees: only the
// providers of the requests are summarised).
void TestCandidateSearch::granularFixture_data()
{
    addColumns();
    const QList<ProviderData> cloud = granularCloud();
    const QStringList computes = {s("cn_left"), s("cn_middle"), s("cn_right")};

    QTest::newRow("different groups hit with group_policy=none")
        << cloud << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).group(s("2"), s("MEMORY_MB:1024")).policy(GroupPolicy::None))
        << list({"cn_left:MEMORY_MB=1024,VCPU=1 | 1=cn_left 2=cn_left",
                 "cn_middle:MEMORY_MB=1024,VCPU=1 | 1=cn_middle 2=cn_middle",
                 "cn_right:MEMORY_MB=1024,VCPU=1 | 1=cn_right 2=cn_right"})
        << computes;
    QTest::newRow("different groups miss with group_policy=isolate")
        << cloud
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).group(s("2"), s("MEMORY_MB:1024")).policy(GroupPolicy::Isolate))
        << QStringList() << QStringList();
    QTest::newRow("resources combine")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:3,MEMORY_MB:512"))
                                .group(s("1"), s("VCPU:1,MEMORY_MB:1024"))
                                .group(s("2"), s("VCPU:2"))
                                .policy(GroupPolicy::None))
        << list({"cn_left:MEMORY_MB=1536,VCPU=6 | =cn_left 1=cn_left 2=cn_left",
                 "cn_middle:MEMORY_MB=1536,VCPU=6 | =cn_middle 1=cn_middle 2=cn_middle",
                 "cn_right:MEMORY_MB=1536,VCPU=6 | =cn_right 1=cn_right 2=cn_right"})
        << computes;
    QTest::newRow("group policy not required with only one numbered group")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("MEMORY_MB:2048")))
        << list({"cn_left:MEMORY_MB=2048,VCPU=1 | =cn_left 1=cn_left",
                 "cn_middle:MEMORY_MB=2048,VCPU=1 | =cn_middle 1=cn_middle",
                 "cn_right:MEMORY_MB=2048,VCPU=1 | =cn_right 1=cn_right"})
        << computes;
    const QStringList sharedDisks = {
        s("cn_left:MEMORY_MB=1024,VCPU=1 shr_disk_1:DISK_GB=100 | 1=cn_left 2=shr_disk_1"),
        s("cn_left:MEMORY_MB=1024,VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_left 2=shr_disk_2"),
        s("cn_middle:MEMORY_MB=1024,VCPU=1 shr_disk_1:DISK_GB=100 | 1=cn_middle 2=shr_disk_1"),
        s("cn_middle:MEMORY_MB=1024,VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_middle 2=shr_disk_2"),
        s("cn_right:MEMORY_MB=1024,VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_right 2=shr_disk_2")};
    QTest::newRow("disk sharing isolated")
        << cloud
        << CandidateRequest(
               Ask().group(s("1"), s("VCPU:1,MEMORY_MB:1024")).group(s("2"), s("DISK_GB:100")).policy(GroupPolicy::Isolate))
        << sharedDisks << computes + list({"shr_disk_1", "shr_disk_2"});
    QTest::newRow("disk sharing non-isolated")
        << cloud
        << CandidateRequest(
               Ask().group(s("1"), s("VCPU:1,MEMORY_MB:1024")).group(s("2"), s("DISK_GB:100")).policy(GroupPolicy::None))
        << sharedDisks
               + list({"cn_left:DISK_GB=100,MEMORY_MB=1024,VCPU=1 | 1=cn_left 2=cn_left",
                       "cn_right:DISK_GB=100,MEMORY_MB=1024,VCPU=1 | 1=cn_right 2=cn_right"})
        << computes + list({"shr_disk_1", "shr_disk_2"});
    // A sharing provider serves several anchors; equal requests count once.
    QTest::newRow("disk alone") << cloud << CandidateRequest(Ask().group(s("1"), s("DISK_GB:800")))
                                << list({"shr_disk_1:DISK_GB=800 | 1=shr_disk_1", "shr_disk_2:DISK_GB=800 | 1=shr_disk_2"})
                                << list({"shr_disk_1", "shr_disk_2"});
    QTest::newRow("disk alone non-granular")
        << cloud << CandidateRequest(Ask().group({}, s("DISK_GB:800")))
        << list({"shr_disk_1:DISK_GB=800 | =shr_disk_1", "shr_disk_2:DISK_GB=800 | =shr_disk_2"})
        << list({"shr_disk_1", "shr_disk_2"});
    // cn_right has the SSD trait and local disk, but isolate keeps group 2 off its VCPU provider.
    QTest::newRow("isolated ssd")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("1"), s("VCPU:1,MEMORY_MB:1024"))
                                .group(s("2"), s("DISK_GB:100"))
                                .required({s("CUSTOM_DISK_SSD")})
                                .policy(GroupPolicy::Isolate))
        << sharedDisks.mid(0, 1) + sharedDisks.mid(2, 1) << list({"cn_left", "cn_middle", "shr_disk_1"});
    QTest::newRow("no isolation, forbid ssd")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("1"), s("VCPU:1"))
                                .group(s("2"), s("DISK_GB:100"))
                                .forbidden(s("CUSTOM_DISK_SSD"))
                                .policy(GroupPolicy::None))
        << list({"cn_left:DISK_GB=100,VCPU=1 | 1=cn_left 2=cn_left",
                 "cn_left:VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_left 2=shr_disk_2",
                 "cn_middle:VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_middle 2=shr_disk_2",
                 "cn_right:VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_right 2=shr_disk_2"})
        << computes + list({"shr_disk_2"});
    // A granular group's member_of is the provider's own aggregates.
    QTest::newRow("member_of filters")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("1"), s("VCPU:1"))
                                .group(s("2"), s("DISK_GB:100"))
                                .memberOf({s("aggC")})
                                .policy(GroupPolicy::None))
        << list({"cn_right:DISK_GB=100,VCPU=1 | 1=cn_right 2=cn_right"}) << list({"cn_right"});
    QTest::newRow("required, forbidden, member_of in")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("1"), s("VCPU:1"))
                                .forbidden(s("HW_CPU_X86_SSE"))
                                .group(s("2"), s("DISK_GB:100"))
                                .required({s("CUSTOM_DISK_SSD")})
                                .memberOf({s("aggA"), s("aggC")})
                                .policy(GroupPolicy::None))
        << list({"cn_left:VCPU=1 shr_disk_1:DISK_GB=100 | 1=cn_left 2=shr_disk_1",
                 "cn_right:DISK_GB=100,VCPU=1 | 1=cn_right 2=cn_right"})
        << list({"cn_left", "cn_right", "shr_disk_1"});
    QTest::newRow("multiple member_of")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("1"), s("VCPU:1"))
                                .group(s("2"), s("DISK_GB:100"))
                                .memberOf({s("aggB"), s("aggC")})
                                .memberOf({s("aggA")})
                                .policy(GroupPolicy::Isolate))
        << list({"cn_left:VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_left 2=shr_disk_2",
                 "cn_middle:VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_middle 2=shr_disk_2",
                 "cn_right:VCPU=1 shr_disk_2:DISK_GB=100 | 1=cn_right 2=shr_disk_2"})
        << computes + list({"shr_disk_2"});
    QTest::newRow("multiple disks, multiple networks")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("1"), s("VCPU:1"))
                                .group(s("2"), s("VGPU:1"))
                                .required({s("HW_GPU_API_DXVA")})
                                .group(s("3"), s("MEMORY_MB:1024"))
                                .group(s("4"), s("DISK_GB:100"))
                                .required({s("CUSTOM_DISK_SSD")})
                                .group(s("5"), s("DISK_GB:50"))
                                .forbidden(s("CUSTOM_DISK_SSD"))
                                .group(s("6"), s("SRIOV_NET_VF:1,CUSTOM_NET_MBPS:1000"))
                                .group(s("7"), s("SRIOV_NET_VF:2,CUSTOM_NET_MBPS:2000"))
                                .policy(GroupPolicy::None))
        << list({"cn_left:CUSTOM_NET_MBPS=3000,DISK_GB=50,MEMORY_MB=1024,SRIOV_NET_VF=3,VCPU=1,VGPU=1 "
                 "shr_disk_1:DISK_GB=100 | 1=cn_left 2=cn_left 3=cn_left 4=shr_disk_1 5=cn_left 6=cn_left 7=cn_left",
                 "cn_left:CUSTOM_NET_MBPS=3000,MEMORY_MB=1024,SRIOV_NET_VF=3,VCPU=1,VGPU=1 shr_disk_1:DISK_GB=100 "
                 "shr_disk_2:DISK_GB=50 | 1=cn_left 2=cn_left 3=cn_left 4=shr_disk_1 5=shr_disk_2 6=cn_left 7=cn_left",
                 "cn_right:DISK_GB=100,MEMORY_MB=1024,VCPU=1,VGPU=1 shr_disk_2:DISK_GB=50 "
                 "shr_net:CUSTOM_NET_MBPS=3000,SRIOV_NET_VF=3 | 1=cn_right 2=cn_right 3=cn_right 4=cn_right "
                 "5=shr_disk_2 6=shr_net 7=shr_net"})
        << list({"cn_left", "cn_right", "shr_disk_1", "shr_disk_2", "shr_net"});
    // Two groups take VF and bandwidth from one provider: their sum must fit (cn_left and
    // cn_middle have 4000 Mbps, 5000 are asked).
    QTest::newRow("combining request groups exceeds capacity")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:2,MEMORY_MB:2048,SRIOV_NET_VF:1,CUSTOM_NET_MBPS:2000"))
                                .group(s("1"), s("SRIOV_NET_VF:1,CUSTOM_NET_MBPS:3000")))
        << list({"cn_right:MEMORY_MB=2048,VCPU=2 shr_net:CUSTOM_NET_MBPS=5000,SRIOV_NET_VF=2 | =cn_right,shr_net 1=shr_net"})
        << list({"cn_right", "shr_net"});
    // ... and max_unit (cn_right's VGPU max_unit is 2).
    QTest::newRow("combining request groups exceeds max_unit")
        << cloud
        << CandidateRequest(
               Ask().group({}, s("VGPU:1")).group(s("1"), s("VGPU:1")).group(s("2"), s("VGPU:1")).policy(GroupPolicy::None))
        << list({"cn_left:VGPU=3 | =cn_left 1=cn_left 2=cn_left"}) << list({"cn_left"});
    // _satisfies_group_policy counts the granular groups only: the unsuffixed group may
    // share a provider with one of them under isolate.
    QTest::newRow("isolate leaves the unsuffixed group out")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1"))
                                .required({s("HW_CPU_X86_SSE")})
                                .group(s("1"), s("MEMORY_MB:1024"))
                                .group(s("2"), s("SRIOV_NET_VF:1"))
                                .policy(GroupPolicy::Isolate))
        << QStringList() << QStringList();
    QTest::newRow("isolate leaves the unsuffixed group out, sharing")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1"))
                                .required({s("HW_CPU_X86_SSE")})
                                .group(s("1"), s("MEMORY_MB:1024"))
                                .group(s("2"), s("DISK_GB:10"))
                                .policy(GroupPolicy::Isolate))
        << list({"cn_middle:MEMORY_MB=1024,VCPU=1 shr_disk_1:DISK_GB=10 | =cn_middle 1=cn_middle 2=shr_disk_1",
                 "cn_middle:MEMORY_MB=1024,VCPU=1 shr_disk_2:DISK_GB=10 | =cn_middle 1=cn_middle 2=shr_disk_2"})
        << list({"cn_middle", "shr_disk_1", "shr_disk_2"});
    // allocation-candidates-mappings-sharing.yaml.
    QTest::newRow("mappings: simple non granular")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1")).required({s("HW_CPU_X86_SSE")}))
        << list({"cn_middle:VCPU=1 | =cn_middle"}) << list({"cn_middle"});
    QTest::newRow("mappings: simple with shared")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1")).required({s("HW_CPU_X86_SSE")}))
        << list({"cn_middle:VCPU=1 shr_disk_1:DISK_GB=1 | =cn_middle,shr_disk_1",
                 "cn_middle:VCPU=1 shr_disk_2:DISK_GB=1 | =cn_middle,shr_disk_2"})
        << list({"cn_middle", "shr_disk_1", "shr_disk_2"});
    QTest::newRow("mappings: groups with shared")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1"))
                                .required({s("HW_CPU_X86_SSE")})
                                .group(s("_DISK_A"), s("DISK_GB:1"))
                                .group(s("_DISK_B"), s("DISK_GB:1"))
                                .policy(GroupPolicy::Isolate))
        << list({"cn_middle:VCPU=1 shr_disk_1:DISK_GB=1 shr_disk_2:DISK_GB=1 | =cn_middle _DISK_A=shr_disk_1 "
                 "_DISK_B=shr_disk_2",
                 "cn_middle:VCPU=1 shr_disk_1:DISK_GB=1 shr_disk_2:DISK_GB=1 | =cn_middle _DISK_A=shr_disk_2 "
                 "_DISK_B=shr_disk_1"})
        << list({"cn_middle", "shr_disk_1", "shr_disk_2"});
    // allocation-candidates-any-traits.yaml (1.39): the unsuffixed group's traits are met
    // by the union of its providers' traits.
    QTest::newRow("any-traits: OR, AND and NOT")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1,DISK_GB:1"))
                                .required({s("HW_GPU_API_DXVA"), s("HW_NIC_ACCEL_TLS")})
                                .required({s("HW_CPU_X86_AVX")})
                                .forbidden(s("CUSTOM_FOO")))
        << list({"cn_middle:VCPU=1 shr_disk_1:DISK_GB=1 | =cn_middle,shr_disk_1",
                 "cn_middle:VCPU=1 shr_disk_2:DISK_GB=1 | =cn_middle,shr_disk_2"})
        << list({"cn_middle", "shr_disk_1", "shr_disk_2"});
    QTest::newRow("any-traits: two OR sets")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1,DISK_GB:1"))
                                .required({s("HW_CPU_X86_MMX"), s("HW_NIC_ACCEL_TLS")})
                                .required({s("CUSTOM_DISK_SSD"), s("CUSTOM_FOO")}))
        << list({"cn_middle:VCPU=1 shr_disk_1:DISK_GB=1 | =cn_middle,shr_disk_1",
                 "cn_right:DISK_GB=1,VCPU=1 | =cn_right",
                 "cn_right:VCPU=1 shr_disk_2:DISK_GB=1 | =cn_right,shr_disk_2"})
        << list({"cn_middle", "cn_right", "shr_disk_1", "shr_disk_2"});
}

// granular-same-subtree.yaml, allocation-candidates-root-required.yaml,
// allocation-candidates-mappings-numa.yaml (NUMANetworkFixture) and same-subtree-deep.yaml
// (DeepNUMANetworkFixture).
void TestCandidateSearch::numaNetworkFixture_data()
{
    addColumns();
    const QList<ProviderData> cloud = numaNetworkCloud();
    const QStringList both = kNumaCn1Tree + kNumaCn2Tree;

    QTest::newRow("mappings: VCPU anywhere, whole trees summarised")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1")))
        << list({"cn2:VCPU=1 | =cn2", "numa0:VCPU=1 | =numa0", "numa1:VCPU=1 | =numa1"}) << both;
    QTest::newRow("mappings: simple isolated")
        << cloud
        << CandidateRequest(Ask().group(s("_LEFT"), s("VCPU:1")).group(s("_RIGHT"), s("VCPU:1")).policy(GroupPolicy::Isolate))
        << list({"numa0:VCPU=1 numa1:VCPU=1 | _LEFT=numa0 _RIGHT=numa1", "numa0:VCPU=1 numa1:VCPU=1 | _LEFT=numa1 _RIGHT=numa0"})
        << kNumaCn1Tree;
    // Isolate leaves the unsuffixed group free to share a provider with granular groups.
    QTest::newRow("mappings: granular plus not granular")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_NET1"), s("NET_BW_EGR_KILOBIT_PER_SEC:10"))
                                .required({s("CUSTOM_PHYSNET1")})
                                .group(s("_NET2"), s("NET_BW_EGR_KILOBIT_PER_SEC:20"))
                                .required({s("CUSTOM_PHYSNET2")})
                                .group({}, s("VCPU:1"))
                                .policy(GroupPolicy::Isolate))
        << list({"esn1:NET_BW_EGR_KILOBIT_PER_SEC=10 esn2:NET_BW_EGR_KILOBIT_PER_SEC=20 numa0:VCPU=1 | =numa0 _NET1=esn1 _NET2=esn2",
                 "esn1:NET_BW_EGR_KILOBIT_PER_SEC=10 esn2:NET_BW_EGR_KILOBIT_PER_SEC=20 numa1:VCPU=1 | =numa1 _NET1=esn1 _NET2=esn2"})
        << kNumaCn1Tree;
    QTest::newRow("mappings: both groups named where resources combine")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_BWA"), s("NET_BW_EGR_KILOBIT_PER_SEC:10"))
                                .required({s("CUSTOM_PHYSNET1")})
                                .group(s("_BWB"), s("NET_BW_EGR_KILOBIT_PER_SEC:20"))
                                .required({s("CUSTOM_PHYSNET1")})
                                .policy(GroupPolicy::None))
        << list({"esn1:NET_BW_EGR_KILOBIT_PER_SEC=30 | _BWA=esn1 _BWB=esn1"}) << kNumaCn1Tree;
    // min_unit and step_size: numa0 MEMORY_MB min 512 step 256, numa1 max 1024, cn2 min
    // 1024 step 128.
    QTest::newRow("same_subtree of one provider")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_COMPUTE1"), s("VCPU:1"))
                                .group(s("_COMPUTE2"), s("MEMORY_MB:1024"))
                                .sameSubtree({s("_COMPUTE1"), s("_COMPUTE2")})
                                .policy(GroupPolicy::None))
        << list({"numa0:MEMORY_MB=1024,VCPU=1 | _COMPUTE1=numa0 _COMPUTE2=numa0",
                 "numa1:MEMORY_MB=1024,VCPU=1 | _COMPUTE1=numa1 _COMPUTE2=numa1",
                 "cn2:MEMORY_MB=1024,VCPU=1 | _COMPUTE1=cn2 _COMPUTE2=cn2"})
        << both;
    QTest::newRow("same_subtree of one provider, isolate")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_COMPUTE1"), s("VCPU:1"))
                                .group(s("_COMPUTE2"), s("MEMORY_MB:1024"))
                                .sameSubtree({s("_COMPUTE1"), s("_COMPUTE2")})
                                .policy(GroupPolicy::Isolate))
        << QStringList() << QStringList();
    QTest::newRow("MEMORY_MB 768: step_size and min_unit")
        << cloud << CandidateRequest(Ask().group(s("1"), s("MEMORY_MB:768")))
        << list({"numa0:MEMORY_MB=768 | 1=numa0", "numa1:MEMORY_MB=768 | 1=numa1"}) << kNumaCn1Tree;
    QTest::newRow("MEMORY_MB 1152: max_unit and step_size")
        << cloud << CandidateRequest(Ask().group(s("1"), s("MEMORY_MB:1152"))) << list({"cn2:MEMORY_MB=1152 | 1=cn2"})
        << kNumaCn2Tree;
    QTest::newRow("no resourceless without same subtree")
        << cloud
        << CandidateRequest(Ask().group(s("_COMPUTE"), s("VCPU:1")).group(s("_ACCEL"), s("FPGA:1")).policy(GroupPolicy::None))
        << list({"fpga0:FPGA=1 numa0:VCPU=1 | _ACCEL=fpga0 _COMPUTE=numa0",
                 "fpga1_0:FPGA=1 numa0:VCPU=1 | _ACCEL=fpga1_0 _COMPUTE=numa0",
                 "fpga1_1:FPGA=1 numa0:VCPU=1 | _ACCEL=fpga1_1 _COMPUTE=numa0",
                 "fpga0:FPGA=1 numa1:VCPU=1 | _ACCEL=fpga0 _COMPUTE=numa1",
                 "fpga1_0:FPGA=1 numa1:VCPU=1 | _ACCEL=fpga1_0 _COMPUTE=numa1",
                 "fpga1_1:FPGA=1 numa1:VCPU=1 | _ACCEL=fpga1_1 _COMPUTE=numa1"})
        << kNumaCn1Tree;
    QTest::newRow("no resourceless with same subtree")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_COMPUTE"), s("VCPU:1"))
                                .group(s("_ACCEL"), s("FPGA:1"))
                                .sameSubtree({s("_COMPUTE"), s("_ACCEL")})
                                .policy(GroupPolicy::None))
        << list({"fpga0:FPGA=1 numa0:VCPU=1 | _ACCEL=fpga0 _COMPUTE=numa0",
                 "fpga1_0:FPGA=1 numa1:VCPU=1 | _ACCEL=fpga1_0 _COMPUTE=numa1",
                 "fpga1_1:FPGA=1 numa1:VCPU=1 | _ACCEL=fpga1_1 _COMPUTE=numa1"})
        << kNumaCn1Tree;
    const auto ports = [](const char *vfs) {
        return Ask()
            .group({}, s("VCPU:1"))
            .group(s("_NIC"), {})
            .required({s("CUSTOM_HW_NIC_ROOT")})
            .group(s("_PORT1"), QStringLiteral("CUSTOM_VF:%1").arg(QLatin1String(vfs)))
            .required({s("CUSTOM_PHYSNET1")})
            .group(s("_PORT2"), QStringLiteral("CUSTOM_VF:%1").arg(QLatin1String(vfs)))
            .required({s("CUSTOM_PHYSNET2")})
            .sameSubtree({s("_NIC"), s("_PORT1"), s("_PORT2")});
    };
    QTest::newRow("resourceful without same subtree")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1"))
                                .group(s("_PORT1"), s("CUSTOM_VF:4"))
                                .required({s("CUSTOM_PHYSNET1")})
                                .group(s("_PORT2"), s("CUSTOM_VF:4"))
                                .required({s("CUSTOM_PHYSNET2")})
                                .policy(GroupPolicy::None))
        << list({"cn2:VCPU=1 pf1_1:CUSTOM_VF=4 pf1_2:CUSTOM_VF=4 | =cn2 _PORT1=pf1_1 _PORT2=pf1_2",
                 "cn2:VCPU=1 pf1_2:CUSTOM_VF=4 pf3_1:CUSTOM_VF=4 | =cn2 _PORT1=pf3_1 _PORT2=pf1_2"})
        << kNumaCn2Tree;
    // A resourceless group (1.36) names a provider that the others must be below.
    QTest::newRow("resourceless with same subtree 4VFs")
        << cloud << CandidateRequest(ports("4").policy(GroupPolicy::None))
        << list({"cn2:VCPU=1 pf1_1:CUSTOM_VF=4 pf1_2:CUSTOM_VF=4 | =cn2 _NIC=nic1 _PORT1=pf1_1 _PORT2=pf1_2"})
        << kNumaCn2Tree;
    const QStringList twoVfs = {
        s("cn2:VCPU=1 pf1_1:CUSTOM_VF=2 pf1_2:CUSTOM_VF=2 | =cn2 _NIC=nic1 _PORT1=pf1_1 _PORT2=pf1_2"),
        s("cn2:VCPU=1 pf2_1:CUSTOM_VF=2 pf2_2:CUSTOM_VF=2 | =cn2 _NIC=nic2 _PORT1=pf2_1 _PORT2=pf2_2"),
        s("cn2:VCPU=1 pf2_1:CUSTOM_VF=2 pf2_4:CUSTOM_VF=2 | =cn2 _NIC=nic2 _PORT1=pf2_1 _PORT2=pf2_4"),
        s("cn2:VCPU=1 pf2_2:CUSTOM_VF=2 pf2_3:CUSTOM_VF=2 | =cn2 _NIC=nic2 _PORT1=pf2_3 _PORT2=pf2_2"),
        s("cn2:VCPU=1 pf2_3:CUSTOM_VF=2 pf2_4:CUSTOM_VF=2 | =cn2 _NIC=nic2 _PORT1=pf2_3 _PORT2=pf2_4")};
    QTest::newRow("resourceless with same subtree 2VFs") << cloud << CandidateRequest(ports("2").policy(GroupPolicy::None))
                                                         << twoVfs << kNumaCn2Tree;
    QTest::newRow("resourceless with same subtree 2VFs isolate")
        << cloud << CandidateRequest(ports("2").policy(GroupPolicy::Isolate)) << twoVfs << kNumaCn2Tree;
    const auto twoPlusOnePlusOne = Ask()
                                       .group({}, s("VCPU:1"))
                                       .group(s("_NIC"), {})
                                       .required({s("CUSTOM_HW_NIC_ROOT")})
                                       .group(s("_PORT1"), s("CUSTOM_VF:2"))
                                       .required({s("CUSTOM_PHYSNET1")})
                                       .group(s("_PORT2A"), s("CUSTOM_VF:1"))
                                       .required({s("CUSTOM_PHYSNET2")})
                                       .group(s("_PORT2B"), s("CUSTOM_VF:1"))
                                       .required({s("CUSTOM_PHYSNET2")})
                                       .sameSubtree({s("_NIC"), s("_PORT1"), s("_PORT2A"), s("_PORT2B")});
    QStringList isolated;
    for (const char *port1 : {"pf2_1", "pf2_3"}) {
        for (const auto &[a, b] : {std::pair{"pf2_2", "pf2_4"}, std::pair{"pf2_4", "pf2_2"}}) {
            isolated.append(QStringLiteral("cn2:VCPU=1 %1:CUSTOM_VF=2 pf2_2:CUSTOM_VF=1 pf2_4:CUSTOM_VF=1 | =cn2 _NIC=nic2 "
                                           "_PORT1=%1 _PORT2A=%2 _PORT2B=%3")
                                .arg(QLatin1String(port1), QLatin1String(a), QLatin1String(b)));
        }
    }
    QStringList together = isolated;
    together.append(s("cn2:VCPU=1 pf1_1:CUSTOM_VF=2 pf1_2:CUSTOM_VF=2 | =cn2 _NIC=nic1 _PORT1=pf1_1 _PORT2A=pf1_2 "
                      "_PORT2B=pf1_2"));
    for (const char *port1 : {"pf2_1", "pf2_3"}) {
        for (const char *both2 : {"pf2_2", "pf2_4"}) {
            together.append(QStringLiteral("cn2:VCPU=1 %1:CUSTOM_VF=2 %2:CUSTOM_VF=2 | =cn2 _NIC=nic2 _PORT1=%1 "
                                           "_PORT2A=%2 _PORT2B=%2")
                                .arg(QLatin1String(port1), QLatin1String(both2)));
        }
    }
    QTest::newRow("resourceless with same subtree 2+1+1 VFs")
        << cloud << CandidateRequest(Ask(twoPlusOnePlusOne).policy(GroupPolicy::None)) << together << kNumaCn2Tree;
    QTest::newRow("resourceless with same subtree 2+1+1 VFs isolate")
        << cloud << CandidateRequest(Ask(twoPlusOnePlusOne).policy(GroupPolicy::Isolate)) << isolated << kNumaCn2Tree;
    QTest::newRow("resourceless with same subtree same provider")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_PORT1"), s("CUSTOM_VF:8"))
                                .group(s("_PORT2"), {})
                                .required({s("CUSTOM_PHYSNET1")})
                                .sameSubtree({s("_PORT1"), s("_PORT2")})
                                .policy(GroupPolicy::None))
        << list({"pf3_1:CUSTOM_VF=8 | _PORT1=pf3_1 _PORT2=pf3_1"}) << kNumaCn2Tree;
    QTest::newRow("multiple resourceless with same subtree same provider")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_COMPUTE1"), s("VCPU:1"))
                                .group(s("_COMPUTE2"), {})
                                .required({s("CUSTOM_FOO")})
                                .group(s("_COMPUTE3"), {})
                                .required({s("HW_NUMA_ROOT")})
                                .sameSubtree({s("_COMPUTE1"), s("_COMPUTE2"), s("_COMPUTE3")})
                                .policy(GroupPolicy::None))
        << list({"numa1:VCPU=1 | _COMPUTE1=numa1 _COMPUTE2=numa1 _COMPUTE3=numa1"}) << kNumaCn1Tree;
    const auto twoFpgas = Ask()
                              .group(s("_NUMA"), {})
                              .required({s("HW_NUMA_ROOT")})
                              .group(s("_ACCEL1"), s("FPGA:1"))
                              .group(s("_ACCEL2"), s("FPGA:1"))
                              .sameSubtree({s("_NUMA"), s("_ACCEL1"), s("_ACCEL2")})
                              .policy(GroupPolicy::Isolate);
    QTest::newRow("resourceless with same subtree 2FPGAs")
        << cloud << CandidateRequest(twoFpgas)
        << list({"fpga1_0:FPGA=1 fpga1_1:FPGA=1 | _ACCEL1=fpga1_0 _ACCEL2=fpga1_1 _NUMA=numa1",
                 "fpga1_0:FPGA=1 fpga1_1:FPGA=1 | _ACCEL1=fpga1_1 _ACCEL2=fpga1_0 _NUMA=numa1"})
        << kNumaCn1Tree;
    QTest::newRow("resourceless with same subtree 2FPGAs forbidden")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_NUMA"), {})
                                .required({s("HW_NUMA_ROOT")})
                                .forbidden(s("CUSTOM_FOO"))
                                .group(s("_ACCEL1"), s("FPGA:1"))
                                .group(s("_ACCEL2"), s("FPGA:1"))
                                .sameSubtree({s("_NUMA"), s("_ACCEL1"), s("_ACCEL2")})
                                .policy(GroupPolicy::Isolate))
        << QStringList() << QStringList();
    QTest::newRow("multiple same_subtree qparams")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("_NUMA"), {})
                                .required({s("HW_NUMA_ROOT")})
                                .group(s("_COMPUTE"), s("VCPU:2,MEMORY_MB:512"))
                                .group(s("_FPGA"), s("FPGA:1"))
                                .group(s("_GPU"), s("VGPU:1"))
                                .group(s("_SRIOV"), {})
                                .required({s("CUSTOM_VNIC_TYPE_DIRECT")})
                                .group(s("_NET1"), s("NET_BW_EGR_KILOBIT_PER_SEC:100"))
                                .required({s("CUSTOM_PHYSNET1")})
                                .group(s("_NET2"), s("NET_BW_EGR_KILOBIT_PER_SEC:100"))
                                .required({s("CUSTOM_PHYSNET2")})
                                .sameSubtree({s("_NUMA"), s("_COMPUTE"), s("_GPU"), s("_FPGA")})
                                .sameSubtree({s("_SRIOV"), s("_NET1"), s("_NET2")})
                                .policy(GroupPolicy::None))
        << list({"esn1:NET_BW_EGR_KILOBIT_PER_SEC=100 esn2:NET_BW_EGR_KILOBIT_PER_SEC=100 fpga0:FPGA=1 "
                 "numa0:MEMORY_MB=512,VCPU=2 pgpu0:VGPU=1 | _COMPUTE=numa0 _FPGA=fpga0 _GPU=pgpu0 _NET1=esn1 _NET2=esn2 "
                 "_NUMA=numa0 _SRIOV=sriov_agent"})
        << kNumaCn1Tree;
    // allocation-candidates-root-required.yaml.
    QTest::newRow("root_required trait only on children")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1")).rootRequired(s("HW_NUMA_ROOT"))) << QStringList()
        << QStringList();
    QTest::newRow("root_required trait on a sharing root")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100")).rootRequired(kShares))
        << QStringList() << QStringList();
    const QStringList multiattach = {
        s("numa0:MEMORY_MB=1024,VCPU=1 ss1:DISK_GB=100 | =numa0,ss1"),
        s("numa0:MEMORY_MB=1024 numa1:VCPU=1 ss1:DISK_GB=100 | =numa0,numa1,ss1"),
        s("numa0:VCPU=1 numa1:MEMORY_MB=1024 ss1:DISK_GB=100 | =numa0,numa1,ss1"),
        s("numa1:MEMORY_MB=1024,VCPU=1 ss1:DISK_GB=100 | =numa1,ss1")};
    QTest::newRow("root_required multiattach, unsuffixed sharing")
        << cloud
        << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100")).rootRequired(s("COMPUTE_VOLUME_MULTI_ATTACH")))
        << multiattach << kNumaCn1Tree + list({"ss1"});
    QTest::newRow("root_required multiattach, granular isolate")
        << cloud
        << CandidateRequest(Ask()
                                .group(s("1"), s("VCPU:1"))
                                .group(s("2"), s("MEMORY_MB:1024"))
                                .policy(GroupPolicy::Isolate)
                                .rootRequired(s("COMPUTE_VOLUME_MULTI_ATTACH")))
        << list({"numa0:MEMORY_MB=1024 numa1:VCPU=1 | 1=numa1 2=numa0", "numa0:VCPU=1 numa1:MEMORY_MB=1024 | 1=numa0 2=numa1"})
        << kNumaCn1Tree;
    // The unsuffixed group's required trait may be on any provider that gives resources
    // (numa1 has FOO, numa0 has not); root_required only looks at the anchor root.
    QTest::newRow("required trait on a child or a root")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:100")).required({s("CUSTOM_FOO")}))
        << list({"numa1:VCPU=1 ss1:DISK_GB=100 | =numa1,ss1", "cn2:DISK_GB=100,VCPU=1 | =cn2",
                 "cn2:VCPU=1 ss1:DISK_GB=100 | =cn2,ss1"})
        << both + list({"ss1"});
    QTest::newRow("root_required trait on a child or a root")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:100")).rootRequired(s("CUSTOM_FOO")))
        << list({"cn2:DISK_GB=100,VCPU=1 | =cn2", "cn2:VCPU=1 ss1:DISK_GB=100 | =cn2,ss1"})
        << kNumaCn2Tree + list({"ss1"});
    QTest::newRow("root_required forbids a trait of children only")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:3")).rootForbidden(s("HW_NUMA_ROOT")))
        << list({"numa1:VCPU=3 | =numa1", "cn2:VCPU=3 | =cn2"}) << both;
    QTest::newRow("root_required forbids the sharing trait")
        << cloud
        << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100")).rootForbidden(kShares))
        << multiattach
               + list({"cn2:DISK_GB=100,MEMORY_MB=1024,VCPU=1 | =cn2", "cn2:MEMORY_MB=1024,VCPU=1 ss1:DISK_GB=100 | =cn2,ss1"})
        << both + list({"ss1"});
    QTest::newRow("root_required forbids both roots")
        << cloud
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100"))
                                .rootForbidden(s("CUSTOM_FOO"))
                                .rootForbidden(s("COMPUTE_VOLUME_MULTI_ATTACH")))
        << QStringList() << QStringList();
    QTest::newRow("granular required positive, root_required negative")
        << cloud
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).required({s("CUSTOM_FOO")}).rootForbidden(s("CUSTOM_FOO")))
        << list({"numa1:VCPU=1 | 1=numa1"}) << kNumaCn1Tree;
    QTest::newRow("granular required negative, root_required positive")
        << cloud
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).forbidden(s("CUSTOM_FOO")).rootRequired(s("CUSTOM_FOO")))
        << QStringList() << QStringList();

    // same-subtree-deep.yaml: cn1 and cn2 below one grandparent; one tree of 26.
    const QList<ProviderData> deep = numaNetworkCloud(true);
    const QStringList deepTree = kNumaCn1Tree + kNumaCn2Tree + list({"gp1", "p1", "p2"});
    const QStringList deepExpected = {s("cn2:VCPU=1 pf1_1:CUSTOM_VF=2 | _COMPUTE=cn2 _PORT1=pf1_1"),
                                      s("cn2:VCPU=1 pf2_1:CUSTOM_VF=2 | _COMPUTE=cn2 _PORT1=pf2_1"),
                                      s("cn2:VCPU=1 pf2_3:CUSTOM_VF=2 | _COMPUTE=cn2 _PORT1=pf2_3"),
                                      s("cn2:VCPU=1 pf3_1:CUSTOM_VF=2 | _COMPUTE=cn2 _PORT1=pf3_1")};
    QTest::newRow("deep subtree 2VFs, no foo")
        << deep
        << CandidateRequest(Ask()
                                .group(s("_COMPUTE"), s("VCPU:1"))
                                .group(s("_PORT1"), s("CUSTOM_VF:2"))
                                .required({s("CUSTOM_PHYSNET1")})
                                .sameSubtree({s("_COMPUTE"), s("_PORT1")})
                                .policy(GroupPolicy::None))
        << deepExpected << deepTree;
    QStringList withNic;
    for (const QString &expected : deepExpected) {
        const QString nic = expected.contains(s("pf1_")) ? s("nic1") : expected.contains(s("pf2_")) ? s("nic2") : s("nic3");
        withNic.append(QString(expected).replace(s(" _PORT1"), QStringLiteral(" _NIC=%1 _PORT1").arg(nic)));
    }
    QTest::newRow("deep subtree 2VFs, one compute")
        << deep
        << CandidateRequest(Ask()
                                .group(s("_COMPUTE"), s("VCPU:1"))
                                .required({s("CUSTOM_FOO")})
                                .group(s("_NIC"), {})
                                .required({s("CUSTOM_HW_NIC_ROOT")})
                                .group(s("_PORT1"), s("CUSTOM_VF:2"))
                                .required({s("CUSTOM_PHYSNET1")})
                                .sameSubtree({s("_NIC"), s("_COMPUTE")})
                                .sameSubtree({s("_NIC"), s("_PORT1")})
                                .policy(GroupPolicy::None))
        << withNic << deepTree;
}

// allocation-candidates-bug-1792503.yaml (NUMAAggregateFixture): member_of on the
// unsuffixed group counts a provider's own aggregates and its root's ("aggregate on root
// spans the whole tree"); a granular group only its own; sharing providers join only
// through their own aggregates.
void TestCandidateSearch::numaAggregateFixture_data()
{
    addColumns();
    const QList<ProviderData> cloud = numaAggregateCloud();
    const QStringList cn1 = list({"cn1", "numa1_1", "numa1_2"});
    const QStringList cn2 = list({"cn2", "numa2_1", "numa2_2"});
    const QStringList vcpuAll = {s("numa1_1:VCPU=1 | =numa1_1"), s("numa1_2:VCPU=1 | =numa1_2"),
                                 s("numa2_1:VCPU=1 | =numa2_1"), s("numa2_2:VCPU=1 | =numa2_2")};
    QTest::newRow("without aggregate") << cloud << CandidateRequest(Ask().group({}, s("VCPU:1"))) << vcpuAll << cn1 + cn2;
    QTest::newRow("aggregate A on the roots") << cloud << CandidateRequest(Ask().group({}, s("VCPU:1")).memberOf({s("aggA")}))
                                              << vcpuAll << cn1 + cn2;
    QTest::newRow("aggregate A granular") << cloud
                                          << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).memberOf({s("aggA")}))
                                          << QStringList() << QStringList();
    QTest::newRow("aggregate B") << cloud << CandidateRequest(Ask().group({}, s("VCPU:1")).memberOf({s("aggB")}))
                                 << vcpuAll.mid(2) << cn2;
    QTest::newRow("aggregate C on a child") << cloud << CandidateRequest(Ask().group({}, s("VCPU:1")).memberOf({s("aggC")}))
                                            << vcpuAll.mid(0, 1) << cn1;
    QTest::newRow("aggregate C granular") << cloud
                                          << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).memberOf({s("aggC")}))
                                          << list({"numa1_1:VCPU=1 | 1=numa1_1"}) << cn1;
    const auto withDisk = [](const char *numa, const char *ss) {
        return QStringLiteral("%1:VCPU=1 %2:DISK_GB=1000 | =%1,%2").arg(QLatin1String(numa), QLatin1String(ss));
    };
    QTest::newRow("shared storage")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1000")))
        << QStringList{withDisk("numa1_1", "ss1"), withDisk("numa1_2", "ss1"), withDisk("numa1_1", "ss2"),
                       withDisk("numa1_2", "ss2"), withDisk("numa2_1", "ss1"), withDisk("numa2_2", "ss1")}
        << cn1 + cn2 + list({"ss1", "ss2"});
    QTest::newRow("shared storage, aggregate A")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1000")).memberOf({s("aggA")}))
        << QStringList{withDisk("numa1_1", "ss1"), withDisk("numa1_2", "ss1"), withDisk("numa2_1", "ss1"),
                       withDisk("numa2_2", "ss1")}
        << cn1 + cn2 + list({"ss1"});
    QTest::newRow("shared storage, aggregate B")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1000")).memberOf({s("aggB")})) << QStringList()
        << QStringList();
    QTest::newRow("shared storage, aggregate C")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1000")).memberOf({s("aggC")}))
        << QStringList{withDisk("numa1_1", "ss2")} << cn1 + list({"ss2"});
    QTest::newRow("shared storage, not aggregate A")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1000")).notMemberOf(s("aggA"))) << QStringList()
        << QStringList();
    QTest::newRow("shared storage, not aggregate B")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1000")).notMemberOf(s("aggB")))
        << QStringList{withDisk("numa1_1", "ss1"), withDisk("numa1_2", "ss1"), withDisk("numa1_1", "ss2"),
                       withDisk("numa1_2", "ss2")}
        << cn1 + list({"ss1", "ss2"});
    QTest::newRow("shared storage, not aggregate C")
        << cloud << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1000")).notMemberOf(s("aggC")))
        << QStringList{withDisk("numa1_2", "ss1"), withDisk("numa2_1", "ss1"), withDisk("numa2_2", "ss1")}
        << cn1 + cn2 + list({"ss1"});
    QTest::newRow("shared storage, in A or B, not C")
        << cloud
        << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:1000")).memberOf({s("aggA"), s("aggB")}).notMemberOf(s("aggC")))
        << QStringList{withDisk("numa1_2", "ss1"), withDisk("numa2_1", "ss1"), withDisk("numa2_2", "ss1")}
        << cn1 + cn2 + list({"ss1"});
    QTest::newRow("shared storage, A, neither B nor C")
        << cloud
        << CandidateRequest(
               Ask().group({}, s("VCPU:1,DISK_GB:1000")).memberOf({s("aggA")}).notMemberOf(s("aggB")).notMemberOf(s("aggC")))
        << QStringList{withDisk("numa1_2", "ss1")} << cn1 + list({"ss1"});
}

// shared-resources.yaml: a provider shares only with the trait and a common aggregate.
void TestCandidateSearch::sharedResources_data()
{
    addColumns();
    const CandidateRequest request = Ask().group({}, s("VCPU:1,CUSTOM_MAGIC:1"));
    QTest::newRow("no aggregate") << magicCloud(false, false) << request << QStringList() << QStringList();
    QTest::newRow("aggregate, not shared") << magicCloud(true, false) << request << QStringList() << QStringList();
    QTest::newRow("shared") << magicCloud(true, true) << request << list({"cn1:VCPU=1 magic:CUSTOM_MAGIC=1 | =cn1,magic"})
                            << list({"cn1", "magic"});
}

// Scenarios of placement/tests/functional/db/test_allocation_candidates.py (requests of
// VCPU 1, MEMORY_MB 64, DISK_GB 1500 unless they say otherwise).
void TestCandidateSearch::dbScenarios_data()
{
    addColumns();
    // test_simple_tree_of_providers: cn (VCPU, MEMORY_MB) with two NUMA cells, one PF each;
    // only pf1 has HW_NIC_OFFLOAD_GENEVE.
    NamedCloud tree;
    tree.add(s("cn")).inventory(s("cn"), s("VCPU"), 16).inventory(s("cn"), s("MEMORY_MB"), 32768);
    tree.add(s("cn_numa0"), s("cn")).add(s("cn_numa1"), s("cn"));
    tree.add(s("cn_numa0_pf0"), s("cn_numa0")).inventory(s("cn_numa0_pf0"), s("SRIOV_NET_VF"), 8);
    tree.add(s("cn_numa1_pf1"), s("cn_numa1")).inventory(s("cn_numa1_pf1"), s("SRIOV_NET_VF"), 8);
    tree.traits(s("cn_numa1_pf1"), {s("HW_NIC_OFFLOAD_GENEVE")});
    const QStringList treeAll = list({"cn", "cn_numa0", "cn_numa1", "cn_numa0_pf0", "cn_numa1_pf1"});
    QTest::newRow("simple tree") << tree.providers() << CandidateRequest(Ask().group({}, s("VCPU:2,MEMORY_MB:256,SRIOV_NET_VF:1")))
                                 << list({"cn:MEMORY_MB=256,VCPU=2 cn_numa0_pf0:SRIOV_NET_VF=1 | =cn,cn_numa0_pf0",
                                          "cn:MEMORY_MB=256,VCPU=2 cn_numa1_pf1:SRIOV_NET_VF=1 | =cn,cn_numa1_pf1"})
                                 << treeAll;
    const CandidateRequest geneve =
        Ask().group({}, s("VCPU:2,MEMORY_MB:256,SRIOV_NET_VF:1")).required({s("HW_NIC_OFFLOAD_GENEVE")});
    QTest::newRow("simple tree, required trait on one PF")
        << tree.providers() << geneve << list({"cn:MEMORY_MB=256,VCPU=2 cn_numa1_pf1:SRIOV_NET_VF=1 | =cn,cn_numa1_pf1"})
        << treeAll;
    QTest::newRow("simple tree, children only")
        << tree.providers() << CandidateRequest(Ask().group({}, s("SRIOV_NET_VF:1")))
        << list({"cn_numa0_pf0:SRIOV_NET_VF=1 | =cn_numa0_pf0", "cn_numa1_pf1:SRIOV_NET_VF=1 | =cn_numa1_pf1"}) << treeAll;
    tree.used(s("cn_numa1_pf1"), s("SRIOV_NET_VF"), 8);
    QTest::newRow("simple tree, the PF with the trait is full")
        << tree.providers() << geneve << QStringList() << QStringList();

    // test_forbidden_trait_in_unnamed_group_with_split_rcs_on_nested_tree / _in_nested_tree:
    // a forbidden trait counts only on providers that give resources.
    NamedCloud foo;
    foo.add(s("cn1")).inventory(s("cn1"), s("VCPU"), 2);
    foo.add(s("cn1_c1"), s("cn1")).inventory(s("cn1_c1"), s("SRIOV_NET_VF"), 2).traits(s("cn1_c1"), {s("CUSTOM_FOO")});
    foo.add(s("cn2")).inventory(s("cn2"), s("VCPU"), 2);
    foo.add(s("cn2_c1"), s("cn2")).inventory(s("cn2_c1"), s("SRIOV_NET_VF"), 2);
    QTest::newRow("forbidden trait on a provider that gives a class")
        << foo.providers() << CandidateRequest(Ask().group({}, s("VCPU:1,SRIOV_NET_VF:1")).forbidden(s("CUSTOM_FOO")))
        << list({"cn2:VCPU=1 cn2_c1:SRIOV_NET_VF=1 | =cn2,cn2_c1"}) << list({"cn2", "cn2_c1"});
    QTest::newRow("forbidden trait on a provider that gives nothing")
        << foo.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).forbidden(s("CUSTOM_FOO")))
        << list({"cn1:VCPU=1 | =cn1", "cn2:VCPU=1 | =cn2"}) << list({"cn1", "cn1_c1", "cn2", "cn2_c1"});

    // test_common_rc: the compute node's own disk or the sharing provider's.
    NamedCloud common;
    common.add(s("cn"), {}, {s("agg1")}).inventory(s("cn"), s("VCPU"), 24).inventory(s("cn"), s("MEMORY_MB"), 2048);
    common.inventory(s("cn"), s("DISK_GB"), 1600);
    common.add(s("ss"), {}, {s("agg1")}).traits(s("ss"), {kShares}).inventory(s("ss"), s("DISK_GB"), 2000);
    QTest::newRow("common class") << common.providers() << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:64,DISK_GB:1500")))
                                  << list({"cn:DISK_GB=1500,MEMORY_MB=64,VCPU=1 | =cn",
                                           "cn:MEMORY_MB=64,VCPU=1 ss:DISK_GB=1500 | =cn,ss"})
                                  << list({"cn", "ss"});
    QTest::newRow("common class, only the sharing provider has enough")
        << common.providers() << CandidateRequest(Ask().group({}, s("VCPU:1,MEMORY_MB:64,DISK_GB:1800")))
        << list({"cn:MEMORY_MB=64,VCPU=1 ss:DISK_GB=1800 | =cn,ss"}) << list({"cn", "ss"});
    // test_common_rc_traits_split (bug 1724633, Placement's documented behaviour): required
    // traits are met by the union of the providers, even when no single DISK_GB provider
    // has both.
    NamedCloud split;
    split.add(s("cn"), {}, {s("agg1")}).inventory(s("cn"), s("VCPU"), 24).inventory(s("cn"), s("MEMORY_MB"), 2048);
    split.inventory(s("cn"), s("DISK_GB"), 1600).traits(s("cn"), list({"HW_CPU_X86_SSE", "STORAGE_DISK_SSD"}));
    split.add(s("ss"), {}, {s("agg1")}).traits(s("ss"), {kShares, s("CUSTOM_RAID")}).inventory(s("ss"), s("DISK_GB"), 1600);
    QTest::newRow("traits split between compute and sharing provider")
        << split.providers()
        << CandidateRequest(Ask()
                                .group({}, s("VCPU:1,MEMORY_MB:64,DISK_GB:1500"))
                                .required({s("HW_CPU_X86_SSE")})
                                .required({s("STORAGE_DISK_SSD")})
                                .required({s("CUSTOM_RAID")}))
        << list({"cn:MEMORY_MB=64,VCPU=1 ss:DISK_GB=1500 | =cn,ss"}) << list({"cn", "ss"});

    // test_two_sharing_indirectly_connected_*: cn1 links two sharing providers that do not
    // share an aggregate with each other; only cn1's tree anchors both.
    NamedCloud indirect;
    indirect.add(s("ss1"), {}, {s("agg1")}).traits(s("ss1"), {kShares}).inventory(s("ss1"), s("DISK_GB"), 1600);
    indirect.add(s("cn1"), {}, {s("agg1"), s("agg2")}).inventory(s("cn1"), s("VCPU"), 24).inventory(s("cn1"), s("MEMORY_MB"), 2048);
    indirect.add(s("ss2"), {}, {s("agg2")}).traits(s("ss2"), {kShares}).inventory(s("ss2"), s("IPV4_ADDRESS"), 24);
    indirect.inventory(s("ss2"), s("SRIOV_NET_VF"), 16);
    QTest::newRow("two sharing providers linked by a compute node that gives nothing")
        << indirect.providers() << CandidateRequest(Ask().group({}, s("IPV4_ADDRESS:2,SRIOV_NET_VF:1,DISK_GB:1500")))
        << list({"ss1:DISK_GB=1500 ss2:IPV4_ADDRESS=2,SRIOV_NET_VF=1 | =ss1,ss2"}) << list({"ss1", "ss2"});
    QTest::newRow("two sharing providers linked by a compute node that gives VCPU")
        << indirect.providers() << CandidateRequest(Ask().group({}, s("VCPU:2,IPV4_ADDRESS:2,SRIOV_NET_VF:1,DISK_GB:1500")))
        << list({"cn1:VCPU=2 ss1:DISK_GB=1500 ss2:IPV4_ADDRESS=2,SRIOV_NET_VF=1 | =cn1,ss1,ss2"})
        << list({"cn1", "ss1", "ss2"});

    // test_all_sharing_providers_no_rc_overlap / test_all_sharing_providers: sharing
    // providers anchor each other's trees (each is a root in the other's aggregate); the
    // equal requests of the two anchors count once.
    NamedCloud sharingOnly;
    sharingOnly.add(s("ss1"), {}, {s("agg1")}).traits(s("ss1"), {kShares}).inventory(s("ss1"), s("IPV4_ADDRESS"), 24);
    sharingOnly.add(s("ss2"), {}, {s("agg1")}).traits(s("ss2"), {kShares}).inventory(s("ss2"), s("DISK_GB"), 1600);
    QTest::newRow("sharing providers only, no class in common")
        << sharingOnly.providers() << CandidateRequest(Ask().group({}, s("IPV4_ADDRESS:2,DISK_GB:1500")))
        << list({"ss1:IPV4_ADDRESS=2 ss2:DISK_GB=1500 | =ss1,ss2"}) << list({"ss1", "ss2"});
    sharingOnly.inventory(s("ss1"), s("SRIOV_NET_VF"), 16).inventory(s("ss1"), s("DISK_GB"), 1600);
    sharingOnly.inventory(s("ss2"), s("SRIOV_NET_VF"), 16);
    QTest::newRow("sharing providers only")
        << sharingOnly.providers() << CandidateRequest(Ask().group({}, s("IPV4_ADDRESS:2,SRIOV_NET_VF:1,DISK_GB:1500")))
        << list({"ss1:DISK_GB=1500,IPV4_ADDRESS=2,SRIOV_NET_VF=1 | =ss1",
                 "ss1:IPV4_ADDRESS=2,SRIOV_NET_VF=1 ss2:DISK_GB=1500 | =ss1,ss2",
                 "ss1:DISK_GB=1500,IPV4_ADDRESS=2 ss2:SRIOV_NET_VF=1 | =ss1,ss2",
                 "ss1:IPV4_ADDRESS=2 ss2:DISK_GB=1500,SRIOV_NET_VF=1 | =ss1,ss2"})
        << list({"ss1", "ss2"});
    // test_two_non_sharing_connect_to_one_sharing_different_aggregate.
    NamedCloud twoAggregates;
    twoAggregates.add(s("cn1"), {}, {s("agg1")}).inventory(s("cn1"), s("VCPU"), 24).inventory(s("cn1"), s("MEMORY_MB"), 2048);
    twoAggregates.add(s("cn2"), {}, {s("agg2")}).inventory(s("cn2"), s("VCPU"), 24).inventory(s("cn2"), s("MEMORY_MB"), 2048);
    twoAggregates.add(s("ss1"), {}, {s("agg1"), s("agg2")}).traits(s("ss1"), {kShares}).inventory(s("ss1"), s("DISK_GB"), 1600);
    QTest::newRow("one sharing provider in two aggregates")
        << twoAggregates.providers() << CandidateRequest(Ask().group({}, s("VCPU:2,DISK_GB:1500")))
        << list({"cn1:VCPU=2 ss1:DISK_GB=1500 | =cn1,ss1", "cn2:VCPU=2 ss1:DISK_GB=1500 | =cn2,ss1"})
        << list({"cn1", "cn2", "ss1"});

    // _create_nested_trees + test_nested_result_*: two compute nodes with two PFs each.
    NamedCloud nested;
    for (const char *cn : {"cn1", "cn2"}) {
        const QString c = s(cn);
        nested.add(c, {}, {c == s("cn1") ? s("agg1") : s("agg2")}).inventory(c, s("VCPU"), 16);
        nested.add(c + s("_numa0"), c).add(c + s("_numa1"), c);
        nested.add(c + s("_numa0_pf0"), c + s("_numa0")).inventory(c + s("_numa0_pf0"), s("SRIOV_NET_VF"), 8);
        nested.add(c + s("_numa1_pf1"), c + s("_numa1")).inventory(c + s("_numa1_pf1"), s("SRIOV_NET_VF"), 8);
    }
    const QStringList nestedAll = list({"cn1", "cn1_numa0", "cn1_numa1", "cn1_numa0_pf0", "cn1_numa1_pf1", "cn2",
                                        "cn2_numa0", "cn2_numa1", "cn2_numa0_pf0", "cn2_numa1_pf1"});
    const auto twoNets = [](qint64 second, GroupPolicy policy) {
        return CandidateRequest(Ask()
                                    .group({}, s("VCPU:2"))
                                    .group(s("_NET1"), s("SRIOV_NET_VF:1"))
                                    .group(s("_NET2"), QStringLiteral("SRIOV_NET_VF:%1").arg(second))
                                    .policy(policy));
    };
    QStringList split1;
    for (const char *cn : {"cn1", "cn2"}) {
        const QString c = s(cn);
        split1.append(QStringLiteral("%1:VCPU=2 %1_numa0_pf0:SRIOV_NET_VF=1 %1_numa1_pf1:SRIOV_NET_VF=1 | =%1 "
                                     "_NET1=%1_numa0_pf0 _NET2=%1_numa1_pf1").arg(c));
        split1.append(QStringLiteral("%1:VCPU=2 %1_numa0_pf0:SRIOV_NET_VF=1 %1_numa1_pf1:SRIOV_NET_VF=1 | =%1 "
                                     "_NET1=%1_numa1_pf1 _NET2=%1_numa0_pf0").arg(c));
    }
    QStringList together = split1;
    for (const char *cn : {"cn1", "cn2"}) {
        for (const char *pf : {"_numa0_pf0", "_numa1_pf1"}) {
            together.append(QStringLiteral("%1:VCPU=2 %1%2:SRIOV_NET_VF=2 | =%1 _NET1=%1%2 _NET2=%1%2")
                                .arg(s(cn), s(pf)));
        }
    }
    QTest::newRow("nested result suffix mappings, isolate")
        << nested.providers() << twoNets(1, GroupPolicy::Isolate) << split1 << nestedAll;
    QTest::newRow("nested result suffix mappings, none")
        << nested.providers() << twoNets(1, GroupPolicy::None) << together << nestedAll;
    QStringList differentAmounts;
    for (const char *cn : {"cn1", "cn2"}) {
        for (const auto &[a, b] : {std::pair{"_numa0_pf0", "_numa1_pf1"}, std::pair{"_numa1_pf1", "_numa0_pf0"}}) {
            differentAmounts.append(QStringLiteral("%1:VCPU=2 %1%2:SRIOV_NET_VF=1 %1%3:SRIOV_NET_VF=2 | =%1 _NET1=%1%2 "
                                                   "_NET2=%1%3")
                                        .arg(s(cn), s(a), s(b)));
        }
    }
    QTest::newRow("nested result different amounts, isolate")
        << nested.providers() << twoNets(2, GroupPolicy::Isolate) << differentAmounts << nestedAll;
}

// Resourceless granular groups (1.36), as Placement 8.0.0 answered them (checked against a
// real server): only a positive filter (required traits, member_of) finds providers, and
// in_tree does not apply to them (get_provider_ids_matching never looks at it without
// resources).
void TestCandidateSearch::resourcelessGroups_data()
{
    addColumns();
    NamedCloud c;
    c.add(s("cn1")).inventory(s("cn1"), s("VCPU"), 8).add(s("nic1"), s("cn1")).traits(s("nic1"), {s("CUSTOM_NIC")});
    c.add(s("cn2"), {}, {s("a")}).inventory(s("cn2"), s("VCPU"), 8);
    c.add(s("nic2"), s("cn2")).traits(s("nic2"), {s("CUSTOM_NIC")});
    const QList<ProviderData> cloud = c.providers();
    const auto ask = [] {
        return Ask().group(s("_A"), s("VCPU:1")).group(s("_N"), {}).sameSubtree({s("_A"), s("_N")}).policy(GroupPolicy::None);
    };
    QTest::newRow("in_tree is not applied")
        << cloud << CandidateRequest(ask().required({s("CUSTOM_NIC")}).inTree(s("cn1")))
        << list({"cn1:VCPU=1 | _A=cn1 _N=nic1", "cn2:VCPU=1 | _A=cn2 _N=nic2"})
        << list({"cn1", "nic1", "cn2", "nic2"});
    QTest::newRow("a forbidden trait alone finds nothing")
        << cloud << CandidateRequest(ask().forbidden(s("CUSTOM_NIC"))) << QStringList() << QStringList();
    QTest::newRow("in_tree alone finds nothing")
        << cloud << CandidateRequest(ask().inTree(s("cn1"))) << QStringList() << QStringList();
    QTest::newRow("member_of") << cloud << CandidateRequest(ask().memberOf({s("a")}))
                               << list({"cn2:VCPU=1 | _A=cn2 _N=cn2"}) << list({"cn2", "nic2"});
    QTest::newRow("a forbidden aggregate alone finds nothing")
        << cloud << CandidateRequest(ask().notMemberOf(s("a"))) << QStringList() << QStringList();
}

void TestCandidateSearch::checkExpectation()
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

// Rule 1: the per-group check compares used + amount with (total - reserved) * ratio
// before truncation; the summary shows int() of it. 3 * 1.5 = 4.5: 4 fit, 5 do not.
void TestCandidateSearch::capacityComparesBeforeTruncation()
{
    NamedCloud c;
    c.add(s("cn")).inventory(s("cn"), s("VCPU"), 4, {.reserved = 1, .ratio = 1.5}).used(s("cn"), s("VCPU"), 1);
    const CandidateSearch search(c.providers());
    QCOMPARE(lines(search.find(Ask().group({}, s("VCPU:3")))), list({"cn:VCPU=3 | =cn"}));
    QCOMPARE(lines(search.find(Ask().group({}, s("VCPU:4")))), QStringList());
    QCOMPARE(search.find(Ask().group({}, s("VCPU:1"))).providerSummaries.value(s("cn")).resources.value(s("VCPU")),
             (ResourceSummary{4, 1}));
}

void TestCandidateSearch::namesTheSnapshotDoesNotKnow_data()
{
    QTest::addColumn<CandidateRequest>("request");
    QTest::addColumn<QStringList>("expected");
    const QStringList cn1 = list({"cn1:VCPU=1 | =cn1"});
    QTest::newRow("class") << CandidateRequest(Ask().group({}, s("VCPU:1,CUSTOM_NOPE:1"))) << QStringList();
    QTest::newRow("granular class") << CandidateRequest(Ask().group(s("1"), s("CUSTOM_NOPE:1"))) << QStringList();
    QTest::newRow("required trait") << CandidateRequest(Ask().group({}, s("VCPU:1")).required({s("CUSTOM_NOPE")}))
                                    << QStringList();
    QTest::newRow("one of any-of known")
        << CandidateRequest(Ask().group({}, s("VCPU:1")).required({s("CUSTOM_NOPE"), s("HW_CPU_X86_SSE")})) << cn1;
    QTest::newRow("forbidden trait") << CandidateRequest(Ask().group({}, s("VCPU:1")).forbidden(s("CUSTOM_NOPE")))
                                     << list({"cn1:VCPU=1 | =cn1", "cn2:VCPU=1 | =cn2"});
    QTest::newRow("member_of") << CandidateRequest(Ask().group({}, s("VCPU:1")).memberOf({s("nope")})) << QStringList();
    QTest::newRow("forbidden aggregate") << CandidateRequest(Ask().group({}, s("VCPU:1")).notMemberOf(s("nope")))
                                         << list({"cn1:VCPU=1 | =cn1", "cn2:VCPU=1 | =cn2"});
    QTest::newRow("in_tree") << CandidateRequest(Ask().group({}, s("VCPU:1")).inTree(s("nope"))) << QStringList();
    QTest::newRow("root_required") << CandidateRequest(Ask().group({}, s("VCPU:1")).rootRequired(s("CUSTOM_NOPE")))
                                   << QStringList();
    QTest::newRow("root forbidden") << CandidateRequest(Ask().group({}, s("VCPU:1")).rootForbidden(s("CUSTOM_NOPE")))
                                    << list({"cn1:VCPU=1 | =cn1", "cn2:VCPU=1 | =cn2"});
}

// Placement refuses unknown classes and traits (400); a snapshot cannot know which custom
// names a Placement has, so a name no provider has matches nothing (and a forbidden one
// excludes nothing).
void TestCandidateSearch::namesTheSnapshotDoesNotKnow()
{
    QFETCH(CandidateRequest, request);
    QFETCH(QStringList, expected);
    QList<ProviderData> cloud = sharedStorageCloud();
    const CandidateResult result = CandidateSearch(cloud).find(request);
    QCOMPARE(lines(result), expected);
}

// Rule 9: the first N of this search's order (anchor root uuid, then each group's
// candidates by provider uuid); summaries only of the trees kept. A limit below 1 is none.
void TestCandidateSearch::limitKeepsTheFirstInUuidOrder()
{
    const CandidateSearch search(sharedStorageCloud());
    const Ask ask = Ask().group({}, s("VCPU:1,MEMORY_MB:1024,DISK_GB:100"));
    const CandidateResult two = search.find(Ask(ask).limit(2));
    QCOMPARE(lines(two), sortedLines(list({"cn1:MEMORY_MB=1024,VCPU=1 ss:DISK_GB=100 | =cn1,ss",
                                            "cn1:MEMORY_MB=1024,VCPU=1 ss2:DISK_GB=100 | =cn1,ss2"})));
    QStringList kept = kCn1Tree + list({"ss", "ss2"});
    kept.sort();
    QCOMPARE(testing::summarised(two), kept);
    const CandidateResult three = search.find(Ask(ask).limit(3));
    QCOMPARE(three.allocationRequests.size(), 3);
    QCOMPARE(line(three.allocationRequests.last()), s("cn2:DISK_GB=100,MEMORY_MB=1024,VCPU=1 | =cn2"));
    QCOMPARE(search.find(Ask(ask).limit(0)).allocationRequests.size(), 5);
    QCOMPARE(search.find(Ask(ask).limit(99)).allocationRequests.size(), 5);
}

// Placement 8's own bugs, each reproduced against a real Placement 8.0.0 (the answers it
// gave are in the comments); the search answers by the rules and names the quirk.
void TestCandidateSearch::placementQuirks_data()
{
    QTest::addColumn<QList<ProviderData>>("cloud");
    QTest::addColumn<CandidateRequest>("request");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QList<PlacementQuirk>>("quirks");

    NamedCloud numa;
    numa.add(s("cn")).add(s("numa0"), s("cn")).add(s("numa1"), s("cn"));
    numa.inventory(s("numa0"), s("VCPU"), 8).inventory(s("numa1"), s("VCPU"), 8);
    // resources=VCPU:1&resources1=VCPU:1 on Placement 8.0.0 answered
    //   numa0:VCPU=1 numa1:VCPU=2 | =numa1 1=numa0   and   numa0:VCPU=2 numa1:VCPU=1 | =numa0 1=numa1
    // (plus the two single-provider requests): the unsuffixed group's numa1 object had
    // been raised to 2 by the combination numa1 + numa1.
    const QStringList overlap = {s("numa0:VCPU=2 | =numa0 1=numa0"), s("numa0:VCPU=1 numa1:VCPU=1 | =numa0 1=numa1"),
                                 s("numa0:VCPU=1 numa1:VCPU=1 | =numa1 1=numa0"), s("numa1:VCPU=2 | =numa1 1=numa1")};
    QTest::newRow("one class from one provider in two groups, policy unset")
        << numa.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("VCPU:1"))) << overlap
        << QList<PlacementQuirk>{PlacementQuirk::AccumulatedAmounts};
    QTest::newRow("... isolate")
        << numa.providers()
        << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("VCPU:1")).policy(GroupPolicy::Isolate)) << overlap
        << QList<PlacementQuirk>{PlacementQuirk::AccumulatedAmounts};
    // group_policy=none copies the object first (copy_arr_if_needed): Placement is right.
    QTest::newRow("... none")
        << numa.providers()
        << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("VCPU:1")).policy(GroupPolicy::None)) << overlap
        << QList<PlacementQuirk>{};
    QTest::newRow("... isolate, but never the same provider")
        << numa.providers()
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).group(s("2"), s("VCPU:1")).policy(GroupPolicy::Isolate))
        << list({"numa0:VCPU=1 numa1:VCPU=1 | 1=numa0 2=numa1", "numa0:VCPU=1 numa1:VCPU=1 | 1=numa1 2=numa0"})
        << QList<PlacementQuirk>{};

    NamedCloud shared;
    for (const char *cn : {"cn1", "cn2", "cn3"})
        shared.add(s(cn), {}, {s("a")}).inventory(s(cn), s("VCPU"), 8);
    shared.add(s("ss"), {}, {s("a")}).inventory(s("ss"), s("DISK_GB"), 100).traits(s("ss"), {kShares});
    // resources=DISK_GB:10&resources1=VCPU:1 on Placement 8.0.0 answered only
    //   cn3:VCPU=1 ss:DISK_GB=10 | =ss 1=cn3
    QTest::newRow("unsuffixed group served by a sharing provider alone, with a granular group")
        << shared.providers() << CandidateRequest(Ask().group({}, s("DISK_GB:10")).group(s("1"), s("VCPU:1")))
        << list({"cn1:VCPU=1 ss:DISK_GB=10 | =ss 1=cn1", "cn2:VCPU=1 ss:DISK_GB=10 | =ss 1=cn2",
                 "cn3:VCPU=1 ss:DISK_GB=10 | =ss 1=cn3"})
        << QList<PlacementQuirk>{PlacementQuirk::OneAnchorForSharedOnly};
    QTest::newRow("... alone (no other group: the same answer)")
        << shared.providers() << CandidateRequest(Ask().group({}, s("DISK_GB:10"))) << list({"ss:DISK_GB=10 | =ss"})
        << QList<PlacementQuirk>{};
    QTest::newRow("... the other way round (granular sharing: right)")
        << shared.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("DISK_GB:10")))
        << list({"cn1:VCPU=1 ss:DISK_GB=10 | =cn1 1=ss", "cn2:VCPU=1 ss:DISK_GB=10 | =cn2 1=ss",
                 "cn3:VCPU=1 ss:DISK_GB=10 | =cn3 1=ss"})
        << QList<PlacementQuirk>{};

    // root_required leaves the sharing provider one anchor only: nothing collapses
    // (Placement 8.0.0 answered exactly this).
    NamedCloud oneAnchor;
    oneAnchor.add(s("cn1"), {}, {s("a")}).inventory(s("cn1"), s("VCPU"), 8).traits(s("cn1"), {s("CUSTOM_CN")});
    oneAnchor.add(s("cn2"), {}, {s("b")}).inventory(s("cn2"), s("VCPU"), 8).traits(s("cn2"), {s("CUSTOM_CN")});
    oneAnchor.add(s("ss"), {}, {s("a")}).inventory(s("ss"), s("DISK_GB"), 100).traits(s("ss"), {kShares});
    QTest::newRow("... for one anchor only")
        << oneAnchor.providers()
        << CandidateRequest(Ask().group({}, s("DISK_GB:10")).group(s("1"), s("VCPU:1")).rootRequired(s("CUSTOM_CN")))
        << list({"cn1:VCPU=1 ss:DISK_GB=10 | =ss 1=cn1"}) << QList<PlacementQuirk>{};

    NamedCloud nested;
    nested.add(s("cn1"), {}, {s("a")}).inventory(s("cn1"), s("VCPU"), 8);
    nested.add(s("r")).traits(s("r"), {s("CUSTOM_R")});
    nested.add(s("ss"), s("r"), {s("a")}).inventory(s("ss"), s("DISK_GB"), 100).traits(s("ss"), {kShares});
    // resources=VCPU:1,DISK_GB:10 on Placement 8.0.0: 500 (KeyError in
    // _alloc_candidates_multiple_providers).
    QTest::newRow("sharing provider below a root serves another tree")
        << nested.providers() << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10")))
        << list({"cn1:VCPU=1 ss:DISK_GB=10 | =cn1,ss"}) << QList<PlacementQuirk>{PlacementQuirk::NestedSharingProvider};
    // resources=VCPU:1,DISK_GB:10&resources1=PCPU:1: 500 too, although the granular group
    // finds nothing (Placement searches the groups in query order and fails in the first);
    // with resources1 first in the query it answered with nothing.
    QTest::newRow("... and a later group finds nothing")
        << nested.providers() << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10")).group(s("1"), s("PCPU:1")))
        << QStringList() << QList<PlacementQuirk>{PlacementQuirk::NestedSharingProvider};
    // Required traits no combination can meet: Placement checks them only when it combines
    // providers, after the failing lookup, unless no provider has any of them (fidelity
    // seed 11, requests 201 and 222, minimised).
    QTest::newRow("... a required any-of set no provider has, beside a trait one has")
        << nested.providers()
        << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10")).required({s("CUSTOM_R")}).required(
               {s("CUSTOM_SILVER"), s("CUSTOM_GOLD")}))
        << QStringList() << QList<PlacementQuirk>{PlacementQuirk::NestedSharingProvider};
    QTest::newRow("... required traits no provider has (Placement returns early)")
        << nested.providers()
        << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10")).required({s("CUSTOM_SILVER"), s("CUSTOM_GOLD")}))
        << QStringList() << QList<PlacementQuirk>{};
    // resources=VCPU:1&resources1=DISK_GB:10 was answered correctly.
    QTest::newRow("... in a granular group")
        << nested.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).group(s("1"), s("DISK_GB:10")))
        << list({"cn1:VCPU=1 ss:DISK_GB=10 | =cn1 1=ss"}) << QList<PlacementQuirk>{};
}

void TestCandidateSearch::placementQuirks()
{
    QFETCH(QList<ProviderData>, cloud);
    QFETCH(CandidateRequest, request);
    QFETCH(QStringList, expected);
    QFETCH(QList<PlacementQuirk>, quirks);
    const CandidateResult result = CandidateSearch(cloud).find(request);
    QCOMPARE(lines(result), sortedLines(expected));
    QCOMPARE(result.placementQuirks, quirks);
}

namespace {

// Placement 8.0.0's answer to resources=VCPU:1&resources1=DISK_GB:10 (1.39) on the cloud of
// readsPlacementsOwnAnswer(), as it sent it.
const char kPlacementAnswer[] = R"({"allocation_requests": [{"allocations": {"056c095b-6532-59c6-8e97-730926c6df3f": {"resources": {"VCPU": 1}}, "1c8b3375-a836-5722-9e30-570df2fe82e5": {"resources": {"DISK_GB": 10}}}, "mappings": {"": ["056c095b-6532-59c6-8e97-730926c6df3f"], "1": ["1c8b3375-a836-5722-9e30-570df2fe82e5"]}}, {"allocations": {"ee2bd76c-fbdc-54e7-bbf2-0c23cf859000": {"resources": {"VCPU": 1}}, "1c8b3375-a836-5722-9e30-570df2fe82e5": {"resources": {"DISK_GB": 10}}}, "mappings": {"": ["ee2bd76c-fbdc-54e7-bbf2-0c23cf859000"], "1": ["1c8b3375-a836-5722-9e30-570df2fe82e5"]}}], "provider_summaries": {"056c095b-6532-59c6-8e97-730926c6df3f": {"resources": {"VCPU": {"capacity": 8, "used": 3}, "MEMORY_MB": {"capacity": 5376, "used": 0}}, "traits": [], "parent_provider_uuid": null, "root_provider_uuid": "056c095b-6532-59c6-8e97-730926c6df3f"}, "ee2bd76c-fbdc-54e7-bbf2-0c23cf859000": {"resources": {"VCPU": {"capacity": 8, "used": 0}}, "traits": ["HW_CPU_X86_AVX2"], "parent_provider_uuid": null, "root_provider_uuid": "ee2bd76c-fbdc-54e7-bbf2-0c23cf859000"}, "88714f58-feb8-5137-8ae5-aa8cc62b6245": {"resources": {"PCPU": {"capacity": 4, "used": 0}}, "traits": [], "parent_provider_uuid": "ee2bd76c-fbdc-54e7-bbf2-0c23cf859000", "root_provider_uuid": "ee2bd76c-fbdc-54e7-bbf2-0c23cf859000"}, "1c8b3375-a836-5722-9e30-570df2fe82e5": {"resources": {"DISK_GB": {"capacity": 100, "used": 0}}, "traits": ["MISC_SHARES_VIA_AGGREGATE"], "parent_provider_uuid": null, "root_provider_uuid": "1c8b3375-a836-5722-9e30-570df2fe82e5"}}})";

QJsonObject placementAnswer()
{
    return QJsonDocument::fromJson(QByteArray(kPlacementAnswer)).object();
}

// The cloud Placement answered kPlacementAnswer on.
QList<ProviderData> answeredCloud()
{
    const QString cn1 = s("056c095b-6532-59c6-8e97-730926c6df3f");
    const QString cn2 = s("ee2bd76c-fbdc-54e7-bbf2-0c23cf859000");
    const QString numa = s("88714f58-feb8-5137-8ae5-aa8cc62b6245");
    const QString ss = s("1c8b3375-a836-5722-9e30-570df2fe82e5");
    const QString agg = s("f51c8790-beb9-59ed-bd38-01349e344ab9");
    NamedCloud c;
    c.add(cn1, {}, {agg}).inventory(cn1, s("VCPU"), 8).used(cn1, s("VCPU"), 3);
    c.inventory(cn1, s("MEMORY_MB"), 4096, {.reserved = 512, .ratio = 1.5});
    c.add(cn2, {}, {agg}).inventory(cn2, s("VCPU"), 8).traits(cn2, {s("HW_CPU_X86_AVX2")});
    c.add(numa, cn2).inventory(numa, s("PCPU"), 4);
    c.add(ss, {}, {agg}).inventory(ss, s("DISK_GB"), 100).traits(ss, {kShares});
    return c.providers();
}

} // namespace

// candidateResultFromPlacementJson() reads what Placement sends, and the search gives the
// same set on the same cloud.
void TestCandidateSearch::readsPlacementsOwnAnswer()
{
    const Result<CandidateResult> read = candidateResultFromPlacementJson(placementAnswer());
    QVERIFY2(read.ok(), qPrintable(problemLines(read.problems())));
    QCOMPARE(read.value().allocationRequests.size(), 2);
    QCOMPARE(read.value().providerSummaries.size(), 4);
    const ProviderSummary numa = read.value().providerSummaries.value(s("88714f58-feb8-5137-8ae5-aa8cc62b6245"));
    QCOMPARE(numa.parentUuid, s("ee2bd76c-fbdc-54e7-bbf2-0c23cf859000"));
    QCOMPARE(numa.resources.value(s("PCPU")), (ResourceSummary{4, 0}));

    const CandidateResult ours =
        CandidateSearch(answeredCloud()).find(Ask().group({}, s("VCPU:1")).group(s("1"), s("DISK_GB:10")));
    QString difference;
    QVERIFY2(sameCandidates(ours, read.value(), &difference), qPrintable(difference));

    // A summary that differs is found: MEMORY_MB's capacity int((4096 - 512) * 1.5) = 5376.
    CandidateResult changed = read.value();
    changed.providerSummaries[s("056c095b-6532-59c6-8e97-730926c6df3f")].resources[s("MEMORY_MB")].capacity = 5377;
    QVERIFY(!sameCandidates(ours, changed, &difference));
    QVERIFY2(difference.contains(s("056c095b-6532-59c6-8e97-730926c6df3f")), qPrintable(difference));
}

// toPlacementJson() writes Placement's 1.39 shape; reading it back gives the same result.
void TestCandidateSearch::placementJsonRoundTrips()
{
    const CandidateResult result =
        CandidateSearch(answeredCloud()).find(Ask().group({}, s("VCPU:1")).group(s("1"), s("DISK_GB:10")));
    const QJsonObject json = toPlacementJson(result);
    QCOMPARE(json.keys(), list({"allocation_requests", "provider_summaries"}));
    const QJsonObject first = json.value(s("allocation_requests")).toArray().first().toObject();
    QCOMPARE(first.keys(), list({"allocations", "mappings"}));
    QCOMPARE(first.value(s("mappings")).toObject().value(s("1")).toArray().first().toString(),
             s("1c8b3375-a836-5722-9e30-570df2fe82e5"));
    const QJsonObject root =
        json.value(s("provider_summaries")).toObject().value(s("056c095b-6532-59c6-8e97-730926c6df3f")).toObject();
    QVERIFY(root.value(s("parent_provider_uuid")).isNull());
    QCOMPARE(root.value(s("resources")).toObject().value(s("VCPU")).toObject(),
             (QJsonObject{{s("capacity"), 8}, {s("used"), 3}}));

    const Result<CandidateResult> back = candidateResultFromPlacementJson(json);
    QVERIFY(back.ok());
    QVERIFY(sameCandidates(result, back.value()));
    QCOMPARE(back.value().providerSummaries, result.providerSummaries);

    QJsonObject broken = json;
    QJsonArray requests = broken.value(s("allocation_requests")).toArray();
    QJsonObject request = requests.first().toObject();
    request.insert(s("allocations"), QJsonArray());
    requests[0] = request;
    broken.insert(s("allocation_requests"), requests);
    const Result<CandidateResult> refused = candidateResultFromPlacementJson(broken);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.problems().first().location, s("$.allocation_requests[0].allocations"));
}

// Placement's order is undefined and mappings are sets: only the set counts.
void TestCandidateSearch::sameCandidatesComparesSets()
{
    AllocationRequest a;
    a.allocations[s("cn")][s("VCPU")] = 1;
    a.allocations[s("ss")][s("DISK_GB")] = 10;
    a.mappings[QString()] = list({"cn", "ss"});
    AllocationRequest b;
    b.allocations[s("cn")][s("VCPU")] = 2;
    b.mappings[QString()] = list({"cn"});
    CandidateResult left;
    left.allocationRequests = {a, b};
    CandidateResult right;
    AllocationRequest aShuffled = a;
    aShuffled.mappings[QString()] = list({"ss", "cn"});
    right.allocationRequests = {b, aShuffled};
    QVERIFY(sameCandidates(left, right));
    right.allocationRequests.append(b); // repeated: still the same set
    QVERIFY(sameCandidates(left, right));

    QString difference;
    right.allocationRequests.removeAll(b);
    QVERIFY(!sameCandidates(left, right, &difference));
    QVERIFY2(difference.startsWith(s("allocation request only in the first answer")), qPrintable(difference));
    QVERIFY2(difference.contains(s("\"VCPU\":2")) || difference.contains(s("\\\"VCPU\\\":2")), qPrintable(difference));

    ProviderSummary summary;
    summary.traits = list({"B", "A"});
    left.providerSummaries.insert(s("cn"), summary);
    right = left;
    right.providerSummaries[s("cn")].traits = list({"A", "B"});
    QVERIFY(sameCandidates(left, right));
    right.providerSummaries.insert(s("other"), summary);
    QVERIFY(!sameCandidates(left, right, &difference));
    QCOMPARE(difference, s("provider other is summarised only in the second answer"));
}

// A difference quotes keys from another program's answer: they pass through the
// neutraliser (a newline cannot forge a line in a log).
void TestCandidateSearch::sameCandidatesNeutralisesWhatItQuotes()
{
    CandidateResult left;
    left.providerSummaries.insert(s("evil\nerror: forged"), ProviderSummary{});
    QString difference;
    QVERIFY(!sameCandidates(left, CandidateResult{}, &difference));
    QVERIFY2(!difference.contains(QLatin1Char('\n')), qPrintable(difference));
    QVERIFY2(difference.contains(s("\\n")), qPrintable(difference));
}

// find() is const and keeps its state local: threads share one search.
void TestCandidateSearch::findFromManyThreadsAtOnce()
{
    testsupport::CloudGenerator generator(7);
    const CandidateSearch search(generator.cloud(3000));
    const CandidateRequest flavor = Ask().group({}, s("VCPU:2,MEMORY_MB:2048,DISK_GB:20"));
    const CandidateRequest numa =
        Ask().group({}, s("DISK_GB:20")).group(s("1"), s("PCPU:2,MEMORY_MB:1024")).group(s("2"), s("PCPU:2")).policy(GroupPolicy::Isolate);
    const QStringList flavorLines = lines(search.find(flavor));
    const QStringList numaLines = lines(search.find(numa));
    QVERIFY(flavorLines.size() > 10);
    QVERIFY(!numaLines.isEmpty());
    std::vector<QStringList> seen(8);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < seen.size(); ++t)
        threads.emplace_back([&, t] { seen[t] = lines(search.find(t % 2 ? numa : flavor)); });
    for (std::thread &thread : threads)
        thread.join();
    for (size_t t = 0; t < seen.size(); ++t)
        QCOMPARE(seen[t], t % 2 ? numaLines : flavorLines);
}

QTEST_GUILESS_MAIN(TestCandidateSearch)
#include "tst_candidatesearch.moc"
