// CandidateExplainer: every rejected tree gets its first obstacle, exact. Hand-written
// clouds give one case per kind of obstacle with its exact text; random forests and
// requests check on thousands of cases that the fitting trees are exactly those where
// CandidateSearch anchors a candidate, and that removing each reported obstacle in a copy
// of the forest (or of the request) makes the tree a candidate or moves its first obstacle
// further.
#include "candidatecloud.h"
#include "candidateexplainer.h"
#include "candidateforest.h"
#include "candidateobstacles.h"
#include "candidaterequestgenerator.h"
#include "randomcandidaterequest.h"

#include <QElapsedTimer>
#include <QTest>

#include <numeric>
#include <thread>

using namespace provtree;
using namespace provtree::testing;

Q_DECLARE_METATYPE(provtree::CandidateRequest)

namespace {

const QString kShares = QStringLiteral("MISC_SHARES_VIA_AGGREGATE");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const TreeRejection *rejectionOf(const CandidateExplanation &explanation, const QString &root)
{
    for (const TreeRejection &r : explanation.rejections) {
        if (r.rootUuid == root)
            return &r;
    }
    return nullptr;
}

QString describe(const CandidateRequest &request)
{
    QStringList parts;
    for (const RequestGroup &g : request.groups) {
        QStringList items;
        for (auto it = g.resources.cbegin(); it != g.resources.cend(); ++it)
            items.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
        for (const QStringList &anyOf : g.requiredTraits)
            items.append(QStringLiteral("req(") + anyOf.join(u'|') + QLatin1Char(')'));
        for (const QString &t : g.forbiddenTraits)
            items.append(QLatin1Char('!') + t);
        for (const QStringList &anyOf : g.memberOf)
            items.append(QStringLiteral("in(") + anyOf.join(u'|') + QLatin1Char(')'));
        for (const QString &a : g.forbiddenAggregates)
            items.append(QStringLiteral("!in(") + a + QLatin1Char(')'));
        if (!g.inTree.isEmpty())
            items.append(QStringLiteral("in_tree=") + g.inTree);
        parts.append(QLatin1Char('[') + g.suffix + QStringLiteral("] ") + items.join(u' '));
    }
    parts.append(QStringLiteral("policy=%1").arg(int(request.groupPolicy)));
    if (!request.rootRequired.isEmpty() || !request.rootForbidden.isEmpty())
        parts.append(QStringLiteral("root=") + request.rootRequired.join(u',') + QStringLiteral(" !")
                     + request.rootForbidden.join(u','));
    for (const QStringList &st : request.sameSubtrees)
        parts.append(QStringLiteral("same_subtree=") + st.join(u','));
    return parts.join(QStringLiteral("; "));
}

// `request` with more for the combination to fail on: a granular group asking again for
// one class of a group with resources (amounts that add up on one provider), isolate or
// none, and sometimes a same_subtree over the granular groups.
CandidateRequest crowded(CandidateRequest request, QRandomGenerator &random)
{
    const auto source = std::find_if(request.groups.cbegin(), request.groups.cend(),
                                      [](const RequestGroup &g) { return !g.resources.isEmpty(); });
    if (source != request.groups.cend()) {
        const QStringList classes = source->resources.keys();
        const QString klass = classes.at(random.bounded(int(classes.size())));
        RequestGroup again;
        again.suffix = QStringLiteral("again");
        again.resources.insert(klass, source->resources.value(klass));
        request.groups.append(again);
        std::stable_sort(request.groups.begin(), request.groups.end(),
                         [](const RequestGroup &a, const RequestGroup &b) { return a.suffix < b.suffix; });
    }
    QStringList granular;
    for (const RequestGroup &g : std::as_const(request.groups)) {
        if (g.isGranular() && !g.resources.isEmpty())
            granular.append(g.suffix);
    }
    request.groupPolicy = random.bounded(2) ? GroupPolicy::Isolate : GroupPolicy::None;
    if (granular.size() >= 2 && random.bounded(3) == 0) {
        granular.sort();
        request.sameSubtrees.append(granular);
    }
    return request;
}

} // namespace

class TestCandidateExplainer : public QObject
{
    Q_OBJECT

private slots:
    void onePerObstacle_data();
    void onePerObstacle();
    void rejectionsCarryTheNumbers();
    void groupsCountTreesPerLabel();
    void limitRejectsNothing();
    void namesAreNeutralised();
    void removingTheObstacleChangesTheOutcome();
    void fromManyThreadsAtOnce();
};

Q_DECLARE_METATYPE(QList<provtree::ProviderData>)

// One cloud and request per kind of obstacle, with the exact text and label of the tree
// named; each obstacle, removed, changes the outcome for that tree.
void TestCandidateExplainer::onePerObstacle_data()
{
    QTest::addColumn<QList<ProviderData>>("cloud");
    QTest::addColumn<CandidateRequest>("request");
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("label");

    const auto flat = [](qint64 vcpus, qint64 used, NamedCloud::Fields fields = {}) {
        NamedCloud c;
        c.add(s("cn1")).inventory(s("cn1"), s("VCPU"), vcpus, fields).used(s("cn1"), s("VCPU"), used);
        c.inventory(s("cn1"), s("MEMORY_MB"), 4096, {.minUnit = 512, .stepSize = 512});
        return c;
    };
    // A compute node whose NUMA cells give the resources; the root has the CPU traits.
    NamedCloud numa;
    numa.add(s("cn1")).traits(s("cn1"), {s("HW_CPU_X86_AVX2")});
    numa.add(s("numa0"), s("cn1")).inventory(s("numa0"), s("VCPU"), 8).inventory(s("numa0"), s("MEMORY_MB"), 4096);
    numa.add(s("numa1"), s("cn1")).inventory(s("numa1"), s("VCPU"), 8).inventory(s("numa1"), s("MEMORY_MB"), 4096);
    numa.add(s("gpu0"), s("numa1")).inventory(s("gpu0"), s("VGPU"), 4);
    numa.traits(s("numa0"), {s("HW_NUMA_ROOT"), s("CUSTOM_SLOW")}).traits(s("numa1"), {s("HW_NUMA_ROOT")});
    // cn1 and a shared disk pool in one aggregate.
    NamedCloud shared;
    shared.add(s("cn1"), {}, {s("aggA")}).inventory(s("cn1"), s("VCPU"), 8);
    shared.add(s("ss"), {}, {s("aggA"), s("aggB")}).traits(s("ss"), {kShares});
    shared.inventory(s("ss"), s("DISK_GB"), 100).used(s("ss"), s("DISK_GB"), 95);

    QTest::newRow("root lacks a root_required trait")
        << flat(8, 0).providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).rootRequired(s("HW_CPU_X86_AVX2")))
        << s("cn1") << s("root-lacks-trait") << s("cn1: lacks HW_CPU_X86_AVX2 (root_required)")
        << s("root lacks HW_CPU_X86_AVX2");
    QTest::newRow("root has a forbidden trait")
        << numa.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).rootForbidden(s("HW_CPU_X86_AVX2")))
        << s("cn1") << s("root-has-forbidden-trait")
        << s("cn1: has HW_CPU_X86_AVX2 (root_required=!HW_CPU_X86_AVX2)") << s("root has forbidden HW_CPU_X86_AVX2");
    QTest::newRow("in_tree names no provider")
        << flat(8, 0).providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).inTree(s("gone")))
        << s("cn1") << s("in-tree-unknown") << s("cn1: in_tree=gone names no provider of the snapshot")
        << s("in_tree names no provider of the snapshot");
    QTest::newRow("in_tree naming no provider fails a resourceless group too")
        << numa.providers()
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).group(s("2"), {}).required({s("HW_NUMA_ROOT")})
                                .inTree(s("gone")).sameSubtree({s("1"), s("2")}).policy(GroupPolicy::None))
        << s("cn1") << s("in-tree-unknown") << s("cn1: in_tree2=gone names no provider of the snapshot")
        << s("in_tree2 names no provider of the snapshot");
    QTest::newRow("a resourceless group without a positive filter")
        << numa.providers()
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).group(s("2"), {}).forbidden(s("CUSTOM_SLOW"))
                                .sameSubtree({s("1"), s("2")}).policy(GroupPolicy::None))
        << s("cn1") << s("resourceless-without-filter")
        << s("cn1: resources2 has no resources, required2 nor member_of2: Placement 8 finds no provider for it")
        << s("resources2 has no resources, required2 nor member_of2: Placement 8 finds no provider for it");
    {
        NamedCloud two = flat(8, 0);
        two.add(s("cn2")).inventory(s("cn2"), s("VCPU"), 8);
        QTest::newRow("in_tree names another tree")
            << two.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).inTree(s("cn2"))) << s("cn1")
            << s("in-tree") << s("cn1: in_tree allows only the tree of cn2") << s("in_tree: only the tree of cn2");
    }
    QTest::newRow("no inventory of a class")
        << flat(8, 0).providers() << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10"))) << s("cn1")
        << s("no-inventory") << s("cn1: no DISK_GB in the tree or from a sharing provider") << s("no DISK_GB");
    QTest::newRow("no inventory beside the other classes of a granular group")
        << numa.providers() << CandidateRequest(Ask().group(s("1"), s("VCPU:1,VGPU:1"))) << s("cn1")
        << s("no-inventory") << s("numa0: has VCPU but no VGPU (resources1), which takes them all from one provider")
        << s("no VGPU beside VCPU (resources1)");
    QTest::newRow("not enough capacity")
        << flat(128, 126).providers() << CandidateRequest(Ask().group({}, s("VCPU:4"))) << s("cn1") << s("capacity")
        << s("cn1: VCPU capacity 128, used 126, asked 4") << s("not enough VCPU");
    QTest::newRow("not enough capacity after reserved and allocation ratio")
        << flat(16, 54, {.reserved = 2, .ratio = 4.0}).providers() << CandidateRequest(Ask().group({}, s("VCPU:4")))
        << s("cn1") << s("capacity") << s("cn1: VCPU capacity 56, used 54, asked 4") << s("not enough VCPU");
    QTest::newRow("not enough capacity in a sharing provider")
        << shared.providers() << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10"))) << s("cn1")
        << s("capacity") << s("ss (sharing): DISK_GB capacity 100, used 95, asked 10") << s("not enough DISK_GB");
    QTest::newRow("above max_unit")
        << flat(64, 0, {.maxUnit = 16}).providers() << CandidateRequest(Ask().group({}, s("VCPU:32"))) << s("cn1")
        << s("max-unit") << s("cn1: VCPU asked 32, max_unit 16") << s("VCPU above max_unit");
    QTest::newRow("below min_unit")
        << flat(8, 0).providers() << CandidateRequest(Ask().group(s("1"), s("MEMORY_MB:256"))) << s("cn1")
        << s("min-unit") << s("cn1: MEMORY_MB asked 256, min_unit 512 (resources1)")
        << s("MEMORY_MB below min_unit (resources1)");
    QTest::newRow("not a multiple of step_size")
        << flat(8, 0).providers() << CandidateRequest(Ask().group({}, s("MEMORY_MB:1000"))) << s("cn1")
        << s("step-size") << s("cn1: MEMORY_MB asked 1000, step_size 512") << s("MEMORY_MB not a multiple of step_size");
    QTest::newRow("a granular group's provider lacks a required trait")
        << numa.providers()
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).required({s("HW_CPU_X86_AVX2")})) << s("cn1")
        << s("missing-trait") << s("numa0: lacks HW_CPU_X86_AVX2 (resources1)")
        << s("missing HW_CPU_X86_AVX2 (resources1)");
    QTest::newRow("a granular group's provider lacks every trait of an any-of set")
        << numa.providers()
        << CandidateRequest(Ask().group(s("1"), s("VGPU:1")).required({s("HW_GPU_API_VULKAN"), s("HW_GPU_CUDA_V10_0")}))
        << s("cn1") << s("missing-trait") << s("gpu0: lacks any of HW_GPU_API_VULKAN, HW_GPU_CUDA_V10_0 (resources1)")
        << s("missing any of HW_GPU_API_VULKAN, HW_GPU_CUDA_V10_0 (resources1)");
    {
        // numa0 meets the any-of set only with CUSTOM_SLOW, which the group forbids: what
        // it lacks is the other trait (removing CUSTOM_SLOW would only break the set).
        QTest::newRow("an any-of set met only through a forbidden trait")
            << numa.providers()
            << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).required({s("CUSTOM_SLOW"), s("HW_NUMA_ROOT")})
                                    .required({s("CUSTOM_SLOW"), s("HW_CPU_X86_AVX2")}).forbidden(s("CUSTOM_SLOW")))
            << s("cn1") << s("missing-trait") << s("numa0: lacks HW_CPU_X86_AVX2 (resources1)")
            << s("missing HW_CPU_X86_AVX2 (resources1)");
    }
    QTest::newRow("the unsuffixed group's providers lack a trait that a provider giving nothing has")
        << numa.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).required({s("HW_CPU_X86_AVX2")}))
        << s("cn1") << s("missing-trait")
        << s("cn1: no choice of providers for VCPU has HW_CPU_X86_AVX2; cn1 has it but gives none of them")
        << s("missing HW_CPU_X86_AVX2");
    {
        NamedCloud c = numa;
        c.traits(s("numa1"), {s("HW_NUMA_ROOT"), s("CUSTOM_GOLD")});
        QTest::newRow("the unsuffixed group's providers cannot meet two required sets together")
            << c.providers()
            << CandidateRequest(Ask().group({}, s("VCPU:1,VGPU:1")).required({s("CUSTOM_GOLD")}).required({s("CUSTOM_SLOW")}))
            << s("cn1") << s("missing-trait")
            << s("cn1: no choice of providers for VCPU, VGPU has CUSTOM_SLOW along with CUSTOM_GOLD")
            << s("missing CUSTOM_SLOW");
    }
    QTest::newRow("capacity before traits, the first provider on a tie")
        << numa.providers() << CandidateRequest(Ask().group(s("1"), s("VCPU:1,MEMORY_MB:8192")).forbidden(s("CUSTOM_SLOW")))
        << s("cn1") << s("capacity") << s("numa0: MEMORY_MB capacity 4096, used 0, asked 8192 (resources1)")
        << s("not enough MEMORY_MB (resources1)");
    {
        NamedCloud c = numa;
        c.traits(s("numa1"), {s("HW_NUMA_ROOT"), s("CUSTOM_SLOW")});
        QTest::newRow("every provider of a class has a forbidden trait")
            << c.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).forbidden(s("CUSTOM_SLOW"))) << s("cn1")
            << s("forbidden-trait")
            << s("numa0: has forbidden CUSTOM_SLOW, as every provider that can give VCPU has a forbidden trait")
            << s("forbidden CUSTOM_SLOW");
        QTest::newRow("a granular group's every provider has a forbidden trait")
            << c.providers() << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).forbidden(s("CUSTOM_SLOW")))
            << s("cn1") << s("forbidden-trait") << s("numa0: has forbidden CUSTOM_SLOW (resources1)")
            << s("forbidden CUSTOM_SLOW (resources1)");
    }
    QTest::newRow("not in a member_of aggregate")
        << shared.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).memberOf({s("aggB")})) << s("cn1")
        << s("not-in-aggregate") << s("cn1: not in aggregate aggB") << s("not in aggregate aggB");
    QTest::newRow("in none of a member_of any-of set")
        << shared.providers() << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).memberOf({s("aggB"), s("aggC")}))
        << s("cn1") << s("not-in-aggregate") << s("cn1: not in any of aggregates aggB, aggC (resources1)")
        << s("not in any of aggregates aggB, aggC (resources1)");
    QTest::newRow("in a forbidden aggregate")
        << shared.providers() << CandidateRequest(Ask().group({}, s("VCPU:1")).notMemberOf(s("aggA"))) << s("cn1")
        << s("forbidden-aggregate") << s("cn1: in forbidden aggregate aggA") << s("in forbidden aggregate aggA");
    {
        NamedCloud c = shared;
        c.used(s("ss"), s("DISK_GB"), 0);
        QTest::newRow("the sharing provider is in a forbidden aggregate")
            << c.providers() << CandidateRequest(Ask().group({}, s("VCPU:1,DISK_GB:10")).notMemberOf(s("aggB")))
            << s("cn1") << s("forbidden-aggregate") << s("ss (sharing): in forbidden aggregate aggB")
            << s("in forbidden aggregate aggB");
    }
    QTest::newRow("two granular groups, one provider, group_policy=isolate")
        << flat(8, 0).providers()
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).group(s("2"), s("VCPU:1")).policy(GroupPolicy::Isolate))
        << s("cn1") << s("group-policy-isolate")
        << s("cn1: resources1, resources2 can only be served by cn1 (group_policy=isolate)")
        << s("resources1, resources2 on one provider (group_policy=isolate)");
    QTest::newRow("three granular groups, two providers, group_policy=isolate")
        << numa.providers()
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).group(s("2"), s("VCPU:1")).group(s("3"), s("VCPU:1"))
                                .policy(GroupPolicy::Isolate))
        << s("cn1") << s("group-policy-isolate")
        << s("cn1: resources1, resources2, resources3 cannot use distinct providers (group_policy=isolate)")
        << s("resources1, resources2, resources3 cannot use distinct providers (group_policy=isolate)");
    QTest::newRow("same_subtree over sibling providers")
        << numa.providers()
        << CandidateRequest(Ask().group(s("1"), s("VCPU:1")).required({s("CUSTOM_SLOW")}).group(s("2"), s("VGPU:1"))
                                .policy(GroupPolicy::None).sameSubtree({s("1"), s("2")}))
        << s("cn1") << s("same-subtree")
        << s("cn1: no providers for resources1, resources2 lie within one subtree (same_subtree=1,2)")
        << s("same_subtree=1,2 not met");
    QTest::newRow("two groups take more than the capacity of one provider")
        << flat(8, 4).providers()
        << CandidateRequest(Ask().group({}, s("VCPU:3")).group(s("1"), s("VCPU:3")).policy(GroupPolicy::None))
        << s("cn1") << s("summed-capacity") << s("cn1: VCPU capacity 8, used 4, asked 3 (resources) + 3 (resources1)")
        << s("not enough VCPU for resources, resources1 together");
    QTest::newRow("two groups take more than max_unit of one provider")
        << flat(16, 0, {.maxUnit = 4}).providers()
        << CandidateRequest(Ask().group({}, s("VCPU:3")).group(s("1"), s("VCPU:3")).policy(GroupPolicy::None))
        << s("cn1") << s("summed-max-unit") << s("cn1: VCPU asked 3 (resources) + 3 (resources1), max_unit 4")
        << s("VCPU above max_unit for resources, resources1 together");
}

void TestCandidateExplainer::onePerObstacle()
{
    QFETCH(QList<ProviderData>, cloud);
    QFETCH(CandidateRequest, request);
    QFETCH(QString, root);
    const CandidateExplanation explanation = CandidateExplainer(cloud).explain(request);
    const TreeRejection *rejection = rejectionOf(explanation, root);
    QVERIFY(rejection);
    QTEST(rejectionCodeName(rejection->code), "code");
    QTEST(rejection->text, "text");
    QTEST(rejection->label, "label");

    // Removing it changes the outcome for the tree.
    const std::optional<RemovedObstacle> edit = ObstacleRemover::remove(cloud, request, *rejection);
    if (rejection->code == RejectionCode::ResourcelessWithoutFilter) {
        QVERIFY(!edit);
        return;
    }
    QVERIFY(edit);
    if (AnchorOracle(edit->providers).fits(root, edit->request))
        return;
    const CandidateExplanation again = CandidateExplainer(edit->providers).explain(edit->request);
    const TreeRejection *after = rejectionOf(again, root);
    QVERIFY(after);
    QVERIFY2(!(*after == *rejection), qPrintable(after->text));
    QVERIFY2(edit->requestEdited || after->progress > rejection->progress, qPrintable(after->text));
}

// The fields behind the text: the provider, the class and the numbers; the groups and each
// one's amount when amounts add up; whether a sharing provider is involved.
void TestCandidateExplainer::rejectionsCarryTheNumbers()
{
    NamedCloud c;
    c.add(s("cn1"), {}, {s("aggA")}).inventory(s("cn1"), s("VCPU"), 8).used(s("cn1"), s("VCPU"), 4);
    c.add(s("ss"), {}, {s("aggA")}).traits(s("ss"), {kShares}).inventory(s("ss"), s("DISK_GB"), 100);
    c.used(s("ss"), s("DISK_GB"), 95);
    const CandidateExplainer explainer(c.providers());

    const CandidateExplanation disk = explainer.explain(Ask().group({}, s("VCPU:1,DISK_GB:10")));
    QCOMPARE(disk.fittingRoots, QStringList());
    const TreeRejection *cn1 = rejectionOf(disk, s("cn1"));
    QVERIFY(cn1);
    QCOMPARE(cn1->code, RejectionCode::Capacity);
    QCOMPARE(cn1->providerUuid, s("ss"));
    QVERIFY(cn1->viaSharing);
    QVERIFY(!cn1->sharingRoot);
    QVERIFY(cn1->hasGroup);
    QCOMPARE(cn1->group, QString());
    QCOMPARE(cn1->resourceClass, s("DISK_GB"));
    QCOMPARE(cn1->capacity, 100);
    QCOMPARE(cn1->used, 95);
    QCOMPARE(cn1->asked, 10);
    // The pool is a tree of its own too (Placement anchors requests at it), with the same
    // obstacle, found as its own.
    const TreeRejection *pool = rejectionOf(disk, s("ss"));
    QVERIFY(pool);
    QCOMPARE(pool->code, RejectionCode::Capacity);
    QCOMPARE(pool->providerUuid, s("ss"));
    QVERIFY(pool->sharingRoot);
    QVERIFY(!pool->viaSharing);
    QCOMPARE(pool->text, s("ss: DISK_GB capacity 100, used 95, asked 10"));

    const CandidateExplanation summed =
        explainer.explain(Ask().group({}, s("VCPU:3")).group(s("1"), s("VCPU:2")).policy(GroupPolicy::None));
    cn1 = rejectionOf(summed, s("cn1"));
    QVERIFY(cn1);
    QCOMPARE(cn1->code, RejectionCode::SummedCapacity);
    QVERIFY(!cn1->hasGroup);
    QCOMPARE(cn1->groups, QStringList({QString(), s("1")}));
    QCOMPARE(cn1->amounts, QList<qint64>({3, 2}));
    QCOMPARE(cn1->asked, 5);
    QCOMPARE(cn1->capacity, 8);
    QCOMPARE(cn1->used, 4);
}

// Rejections grouped by label, most trees first; sharing providers counted apart.
void TestCandidateExplainer::groupsCountTreesPerLabel()
{
    NamedCloud c;
    for (const char *name : {"cn1", "cn2", "cn3", "cn4", "cn5"})
        c.add(s(name)).inventory(s(name), s("VCPU"), 4);
    for (const char *name : {"cn1", "cn2", "cn3"})
        c.used(s(name), s("VCPU"), 3);
    c.traits(s("cn5"), {s("HW_CPU_X86_AVX2")});
    c.add(s("ss"), {}, {s("aggA")}).traits(s("ss"), {kShares}).inventory(s("ss"), s("DISK_GB"), 100);
    const CandidateExplanation explanation =
        CandidateExplainer(c.providers()).explain(Ask().group({}, s("VCPU:2")).required({s("HW_CPU_X86_AVX2")}));
    QCOMPARE(explanation.fittingRoots, QStringList({s("cn5")}));
    QStringList texts;
    for (const RejectionGroup &g : explanation.groups)
        texts.append(g.text());
    QCOMPARE(texts, QStringList({s("3 trees: not enough VCPU"), s("1 tree: missing HW_CPU_X86_AVX2"),
                                 s("1 sharing provider: no VCPU")}));
    QCOMPARE(explanation.groups.front().rootUuids, QStringList({s("cn1"), s("cn2"), s("cn3")}));
    QCOMPARE(explanation.groups.front().code, RejectionCode::Capacity);
    QVERIFY(explanation.groups.back().sharingRoots);
}

// limit chooses among fitting trees: a tree the answer leaves out still fits.
void TestCandidateExplainer::limitRejectsNothing()
{
    NamedCloud c;
    c.add(s("cn1")).inventory(s("cn1"), s("VCPU"), 4).add(s("cn2")).inventory(s("cn2"), s("VCPU"), 4);
    const CandidateExplainer explainer(c.providers());
    const CandidateRequest request = Ask().group({}, s("VCPU:1")).limit(1);
    QCOMPARE(explainer.search().find(request).allocationRequests.size(), 1);
    const CandidateExplanation explanation = explainer.explain(request);
    QCOMPARE(explanation.fittingRoots, QStringList({s("cn1"), s("cn2")}));
    QVERIFY(explanation.rejections.isEmpty());
    QVERIFY(explanation.groups.isEmpty());
}

// A provider name cannot forge or hide a line of the explanation.
void TestCandidateExplainer::namesAreNeutralised()
{
    const QString hostile = QStringLiteral("cn1\n%1 \u202e fake: fits");
    ProviderData root;
    root.uuid = s("3f2a0c1e-0000-4000-8000-000000000001");
    root.name = hostile;
    InventoryRecord vcpu;
    vcpu.total = 4;
    root.inventories.insert(s("VCPU"), vcpu);
    const CandidateExplanation explanation = CandidateExplainer({root}).explain(Ask().group({}, s("VCPU:8")));
    QCOMPARE(explanation.rejections.size(), 1);
    const QString text = explanation.rejections.front().text;
    QCOMPARE(text, s("\"cn1\\n%1 \\u202e fake: fits\": VCPU capacity 4, used 0, asked 8"));
    QVERIFY(!text.contains(QLatin1Char('\n')));
    QVERIFY(!text.contains(QChar(0x202e)));
}

// The property the explanations must have, on random forests and requests: the fitting
// trees are exactly where the search anchors candidates; every other root is rejected once;
// and for each rejection, the forest (or request) with that obstacle removed makes the tree
// a candidate, or gives it another first obstacle that lies further on (or that the edit
// itself created: a trait added that another group forbids).
void TestCandidateExplainer::removingTheObstacleChangesTheOutcome()
{
    const int forests = qEnvironmentVariableIntValue("PROVTREE_EXPLAIN_FORESTS") > 0
        ? qEnvironmentVariableIntValue("PROVTREE_EXPLAIN_FORESTS")
        : 60;
    constexpr int kRequestsPerForest = 25;
    constexpr int kFixesPerRequest = 6;
    const QSet<RejectionCode> common{RejectionCode::RootLacksTrait, RejectionCode::InTreeElsewhere,
                                     RejectionCode::InTreeUnknown,  RejectionCode::NoInventory,
                                     RejectionCode::Capacity,       RejectionCode::StepSize,
                                     RejectionCode::MaxUnit,        RejectionCode::MissingTrait};
    QMap<QString, int> byCode;
    int cases = 0, rejected = 0, fixed = 0, becameCandidate = 0, movedFurther = 0, createdByEdit = 0,
        requestEdits = 0, unfixable = 0;
    QElapsedTimer timer;
    timer.start();
    for (int f = 0; f < forests; ++f) {
        testsupport::CandidateForestGenerator forestGenerator(quint64(1000 + f));
        const testsupport::CandidateForest forest = forestGenerator.forest();
        testsupport::CandidateRequestGenerator requests(forest, quint64(7000 + f));
        RandomCandidateRequests wild(quint32(9000 + f));
        const CandidateExplainer explainer(forest.providers);
        const AnchorOracle oracle(forest.providers);
        for (int r = 0; r < kRequestsPerForest; ++r) {
            const CandidateRequest request = r % 5 == 4 ? wild.next(r % 2 == 0)
                : r % 5 >= 2                            ? crowded(requests.next(), wild.generator())
                                                        : requests.next();
            ++cases;
            const CandidateExplanation explanation = explainer.explain(request);
            const QString where = QStringLiteral("forest %1, request %2: %3").arg(QString::number(f), QString::number(r), describe(request));
            const QSet<QString> expected = oracle.fitting(request);
            const QSet<QString> fitting(explanation.fittingRoots.cbegin(), explanation.fittingRoots.cend());
            QVERIFY2(fitting == expected, qPrintable(where));
            qsizetype roots = 0;
            for (const ProviderData &p : forest.providers)
                roots += p.isRoot() ? 1 : 0;
            QCOMPARE(explanation.fittingRoots.size() + explanation.rejections.size(), roots);
            qsizetype grouped = 0;
            for (const RejectionGroup &g : explanation.groups)
                grouped += g.rootUuids.size();
            QCOMPARE(grouped, explanation.rejections.size());

            rejected += int(explanation.rejections.size());
            const qsizetype step = std::max<qsizetype>(1, explanation.rejections.size() / kFixesPerRequest);
            for (qsizetype i = 0; i < explanation.rejections.size(); ++i) {
                const TreeRejection &before = explanation.rejections[i];
                // A sample of each request's rejections, and every one of the rarer kinds.
                if (i % step != 0 && common.contains(before.code))
                    continue;
                const QString at = where + QStringLiteral("\n  tree ") + before.rootUuid + QStringLiteral(": ")
                    + before.text + QStringLiteral(" [") + rejectionCodeName(before.code) + QLatin1Char(']');
                QVERIFY2(before.code != RejectionCode::Unexplained, qPrintable(at));
                QVERIFY2(!before.text.isEmpty() && !before.label.isEmpty(), qPrintable(at));
                ++byCode[rejectionCodeName(before.code)];
                const std::optional<RemovedObstacle> edit = ObstacleRemover::remove(forest.providers, request, before);
                if (!edit) {
                    ++unfixable;
                    continue;
                }
                ++fixed;
                requestEdits += edit->requestEdited ? 1 : 0;
                if (AnchorOracle(edit->providers).fits(before.rootUuid, edit->request)) {
                    ++becameCandidate;
                    continue;
                }
                const CandidateExplanation again = CandidateExplainer(edit->providers).explain(edit->request);
                const TreeRejection *after = rejectionOf(again, before.rootUuid);
                QVERIFY2(after, qPrintable(at + QStringLiteral("\n  fits after the edit, but the oracle says not")));
                const QString change = at + QStringLiteral("\n  after: ") + after->text + QStringLiteral(" [")
                    + rejectionCodeName(after->code) + QLatin1Char(']');
                QVERIFY2(!(*after == before), qPrintable(change + QStringLiteral("\n  (unchanged)")));
                if (edit->requestEdited) {
                    ++movedFurther;
                } else if (after->progress > before.progress) {
                    ++movedFurther;
                } else {
                    QVERIFY2(createdByTheEdit(*edit, *after), qPrintable(change + QStringLiteral("\n  (not further)")));
                    if (qEnvironmentVariableIsSet("PROVTREE_EXPLAIN_VERBOSE"))
                        qInfo("%s", qPrintable(change));
                    ++createdByEdit;
                }
            }
        }
    }
    qInfo("%d requests on %d forests, %d rejected trees; %d obstacles removed: %d trees became candidates, "
          "%d moved further (%d by editing the request), %d met an obstacle the edit created; %d not removable; %lld ms",
          cases, forests, rejected, fixed, becameCandidate, movedFurther, requestEdits, createdByEdit, unfixable,
          timer.elapsed());
    QStringList counts;
    for (auto it = byCode.cbegin(); it != byCode.cend(); ++it)
        counts.append(it.key() + QLatin1Char('=') + QString::number(it.value()));
    qInfo("checked per code: %s", qPrintable(counts.join(QStringLiteral(", "))));
}

// One explainer, many threads: each gets the answer one thread alone gets.
void TestCandidateExplainer::fromManyThreadsAtOnce()
{
    testsupport::CandidateForestGenerator forestGenerator(42);
    const testsupport::CandidateForest forest = forestGenerator.forest(150);
    testsupport::CandidateRequestGenerator requests(forest, 43);
    QList<CandidateRequest> batch;
    for (int i = 0; i < 40; ++i)
        batch.append(requests.next());
    const CandidateExplainer explainer(forest.providers);
    QList<CandidateExplanation> expected;
    for (const CandidateRequest &request : std::as_const(batch))
        expected.append(explainer.explain(request));
    std::vector<int> mismatches(8, 0);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (qsizetype i = 0; i < batch.size(); ++i) {
                const qsizetype at = (i + qsizetype(t) * 5) % batch.size();
                if (!(explainer.explain(batch[at]) == expected[at]))
                    ++mismatches[t];
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(std::accumulate(mismatches.begin(), mismatches.end(), 0), 0);
}

QTEST_GUILESS_MAIN(TestCandidateExplainer)
#include "tst_candidateexplainer.moc"
