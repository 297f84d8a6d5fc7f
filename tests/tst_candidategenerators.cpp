// The generators behind the fidelity test of allocation candidates (issue 11): random
// provider forests and random requests. What the live comparison relies on: the same seed
// gives the same forest and requests; every forest is valid and has the shapes the
// requests aim at; every request is one Placement accepts; the loader's allocation rule is
// Placement's.
#include "candidateforest.h"
#include "candidaterequestgenerator.h"
#include "candidatesearch.h"
#include "candidaterequestparser.h"
#include "placementloader.h"
#include "validation.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace provtree;
using namespace provtree::testsupport;

namespace {

constexpr int kSeeds = 24;
constexpr int kRequestsPerForest = 200;

const QString kShares = QStringLiteral("MISC_SHARES_VIA_AGGREGATE");

// The forests of the CI run (up to 80 providers) for the first seeds, then larger ones (up
// to 150, as a longer run has them).
CandidateForest forestOf(quint64 seed)
{
    return seed <= kSeeds / 2 ? CandidateForestGenerator(seed).forestUpTo(80) : CandidateForestGenerator(seed).forest();
}

// Everything a request names, for the "only what Placement knows" checks.
struct Named
{
    QSet<QString> classes;
    QSet<QString> traits;
    QSet<QString> aggregates;
};

Named namedBy(const CandidateRequest &request)
{
    Named named;
    for (const RequestGroup &group : request.groups) {
        for (auto it = group.resources.cbegin(); it != group.resources.cend(); ++it)
            named.classes.insert(it.key());
        for (const QStringList &anyOf : group.requiredTraits) {
            for (const QString &trait : anyOf)
                named.traits.insert(trait);
        }
        for (const QString &trait : group.forbiddenTraits)
            named.traits.insert(trait);
        for (const QStringList &anyOf : group.memberOf) {
            for (const QString &aggregate : anyOf)
                named.aggregates.insert(aggregate);
        }
        for (const QString &aggregate : group.forbiddenAggregates)
            named.aggregates.insert(aggregate);
    }
    for (const QString &trait : request.rootRequired + request.rootForbidden)
        named.traits.insert(trait);
    return named;
}

// Why Placement would refuse `request` with a 400 (placement/lib.py and
// handlers/allocation_candidate.py at 1.39), or an empty string.
QString refusal(const CandidateRequest &request)
{
    static const QRegularExpression suffixPattern(QStringLiteral("^[a-zA-Z0-9_-]{1,64}$"));
    QSet<QString> suffixes;
    QSet<QString> inSubtree;
    for (const QStringList &subtree : request.sameSubtrees) {
        if (subtree.isEmpty())
            return QStringLiteral("empty same_subtree");
        for (const QString &suffix : subtree)
            inSubtree.insert(suffix);
    }
    int granular = 0;
    int withResources = 0;
    for (const RequestGroup &group : request.groups) {
        if (suffixes.contains(group.suffix))
            return QStringLiteral("two groups with suffix '%1'").arg(group.suffix);
        suffixes.insert(group.suffix);
        if (group.isGranular()) {
            ++granular;
            if (!suffixPattern.match(group.suffix).hasMatch())
                return QStringLiteral("bad suffix");
        }
        if (!group.resources.isEmpty())
            ++withResources;
        else if (!group.isGranular() || !inSubtree.contains(group.suffix))
            return QStringLiteral("resourceless group '%1' outside same_subtree").arg(group.suffix);
        for (auto it = group.resources.cbegin(); it != group.resources.cend(); ++it) {
            if (it.value() < 1)
                return QStringLiteral("amount below 1");
        }
        for (const QStringList &anyOf : group.requiredTraits) {
            if (anyOf.isEmpty())
                return QStringLiteral("empty any-of traits");
            if (std::all_of(anyOf.cbegin(), anyOf.cend(),
                            [&](const QString &trait) { return group.forbiddenTraits.contains(trait); }))
                return QStringLiteral("any-of set wholly forbidden");
        }
    }
    if (withResources == 0)
        return QStringLiteral("no group with resources");
    for (const QString &suffix : std::as_const(inSubtree)) {
        if (suffix.isEmpty() || !suffixes.contains(suffix))
            return QStringLiteral("same_subtree names '%1', no group").arg(suffix);
    }
    if (granular > 1 && request.groupPolicy == GroupPolicy::Unset)
        return QStringLiteral("group_policy missing");
    for (const QString &trait : request.rootRequired) {
        if (request.rootForbidden.contains(trait))
            return QStringLiteral("root trait both required and forbidden");
    }
    return {};
}

} // namespace

class tst_CandidateGenerators : public QObject
{
    Q_OBJECT

private slots:
    void theSameSeedGivesTheSameForest();
    void forestsAreValidAndTopDown_data();
    void forestsAreValidAndTopDown();
    void forestsHaveTheShapesRequestsAimAt();
    void theLoaderWritesAUsageAsOneAllocationOnlyWherePlacementAcceptsIt_data();
    void theLoaderWritesAUsageAsOneAllocationOnlyWherePlacementAcceptsIt();
    void theSameSeedGivesTheSameRequests();
    void everyRequestIsOnePlacementAccepts();
    void requestsCoverTheParameters();
    void aSharingProviderWithoutInventoryIsNotAskedForResources();
    void aboutHalfTheRequestsHaveCandidates();
    void makeValidRepairsWhatPlacementRefuses_data();
    void makeValidRepairsWhatPlacementRefuses();
    void everyRequestReadsBackFromItsQuery();
};

void tst_CandidateGenerators::theSameSeedGivesTheSameForest()
{
    const CandidateForest a = forestOf(7);
    const CandidateForest b = forestOf(7);
    QCOMPARE(a.providers, b.providers);
    QCOMPARE(a.aggregates, b.aggregates);
    QCOMPARE(a.traits, b.traits);
    QVERIFY(forestOf(8).providers != a.providers);
    // The exact size asked for.
    QCOMPARE(CandidateForestGenerator(3).forest(57).providers.size(), 57);
}

void tst_CandidateGenerators::forestsAreValidAndTopDown_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 seed = 1; seed <= kSeeds; ++seed)
        QTest::addRow("seed %llu", seed) << seed;
}

void tst_CandidateGenerators::forestsAreValidAndTopDown()
{
    QFETCH(quint64, seed);
    const CandidateForest forest = forestOf(seed);
    QVERIFY(forest.providers.size() >= CandidateForestGenerator::kMinSize);
    QVERIFY(forest.providers.size() <= CandidateForestGenerator::kMaxSize);
    QSet<QString> uuids;
    QSet<QString> names;
    for (const ProviderData &provider : forest.providers) {
        const Problems problems = validation::checkProvider(provider);
        for (const Problem &problem : problems)
            QVERIFY2(problem.severity != Severity::Error, qPrintable(problem.toString()));
        QVERIFY2(provider.isRoot() || uuids.contains(provider.parentUuid), "a parent comes before its children");
        QVERIFY(!uuids.contains(provider.uuid));
        QVERIFY(!names.contains(provider.name));
        uuids.insert(provider.uuid);
        names.insert(provider.name);
        // As Placement gives them back: complete inventories, no zero usage, from the pools.
        for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it)
            QCOMPARE(it.value(), it.value().effective());
        for (auto it = provider.usages.cbegin(); it != provider.usages.cend(); ++it)
            QVERIFY(it.value() > 0);
        for (const QString &trait : provider.traits)
            QVERIFY2(forest.traits.contains(trait), qPrintable(trait));
        for (const QString &aggregate : provider.aggregates)
            QVERIFY(forest.aggregates.contains(aggregate));
        for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it)
            QVERIFY(validation::isStandardResourceClass(it.key()) || forest.customResourceClasses.contains(it.key()));
    }
    for (const QString &trait : forest.traits)
        QVERIFY(validation::isStandardTrait(trait) || forest.customTraits.contains(trait));
}

void tst_CandidateGenerators::forestsHaveTheShapesRequestsAimAt()
{
    // Over the seeds the CI run uses, every shape occurs.
    QMap<QByteArray, int> seen;
    for (quint64 seed = 1; seed <= kSeeds; ++seed) {
        const CandidateForest forest = forestOf(seed);
        QHash<QString, const ProviderData *> byUuid;
        QSet<QString> computeAggregates;
        for (const ProviderData &provider : forest.providers) {
            byUuid.insert(provider.uuid, &provider);
            if (!provider.traits.contains(kShares)) {
                for (const QString &aggregate : provider.aggregates)
                    computeAggregates.insert(aggregate);
            }
        }
        for (const ProviderData &provider : forest.providers) {
            const ProviderData *parent = byUuid.value(provider.parentUuid);
            if (provider.traits.contains(QStringLiteral("HW_NUMA_ROOT")))
                ++seen["NUMA node"];
            if (provider.inventories.contains(QStringLiteral("VGPU")) && parent && !parent->isRoot())
                ++seen["GPU below a NUMA node"];
            if (provider.inventories.isEmpty())
                ++seen["provider without inventory"];
            if (parent && parent->parentUuid.size() && byUuid.value(parent->parentUuid)->parentUuid.size())
                ++seen["depth 4"];
            if (provider.inventories.contains(QStringLiteral("SRIOV_NET_VF")))
                ++seen["SR-IOV function"];
            if (provider.inventories.contains(QStringLiteral("CUSTOM_FPGA")))
                ++seen["custom class"];
            if (provider.isRoot() && provider.traits.contains(kShares)) {
                const bool shared = std::any_of(provider.aggregates.cbegin(), provider.aggregates.cend(),
                                                [&](const QString &a) { return computeAggregates.contains(a); });
                ++seen[QByteArray(shared ? "sharing provider shared with compute nodes" : "sharing provider shared with none")];
                if (provider.inventories.contains(QStringLiteral("VCPU")))
                    ++seen["compute node that shares"];
            }
            if (!provider.isRoot() && !provider.aggregates.isEmpty())
                ++seen["child in an aggregate"];
            if (!provider.isRoot() && provider.traits.contains(kShares))
                ++seen["sharing provider inside a tree"];
            for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it) {
                const InventoryRecord &record = it.value();
                const qint64 used = provider.usages.value(it.key());
                if (record.capacity() == 0)
                    ++seen["capacity 0"];
                if (record.allocationRatioOrDefault() != double(qint64(record.allocationRatioOrDefault())))
                    ++seen["fractional allocation ratio"];
                if (record.stepSizeOrDefault() > 1)
                    ++seen["step size"];
                if (record.minUnitOrDefault() > 1)
                    ++seen["min_unit"];
                if (record.maxUnitOrDefault() < record.totalOr0())
                    ++seen["max_unit below total"];
                if (used > 0 && used == record.capacity())
                    ++seen["full"];
                if (used > record.capacity())
                    ++seen["used above capacity"];
                if (used % record.stepSizeOrDefault() != 0)
                    ++seen["used off the step"];
            }
        }
    }
    const QList<QByteArray> shapes{"NUMA node", "GPU below a NUMA node", "provider without inventory", "depth 4",
                             "SR-IOV function", "custom class", "sharing provider shared with compute nodes",
                             "sharing provider shared with none", "compute node that shares", "child in an aggregate",
                             "sharing provider inside a tree",
                             "capacity 0", "fractional allocation ratio", "step size", "min_unit",
                             "max_unit below total", "full", "used above capacity", "used off the step"};
    for (const QByteArray &shape : shapes)
        QVERIFY2(seen.value(shape) > 0, shape.constData());
}

void tst_CandidateGenerators::theLoaderWritesAUsageAsOneAllocationOnlyWherePlacementAcceptsIt_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("reserved");
    QTest::addColumn<qint64>("minUnit");
    QTest::addColumn<qint64>("maxUnit");
    QTest::addColumn<qint64>("stepSize");
    QTest::addColumn<double>("ratio");
    QTest::addColumn<qint64>("used");
    QTest::addColumn<bool>("accepted");
    // placement/objects/allocation.py, _check_capacity_exceeded: min_unit <= amount <=
    // max_unit, amount % step_size == 0, used <= (total - reserved) * ratio, not truncated.
    QTest::newRow("fits") << 10LL << 0LL << 1LL << 10LL << 1LL << 1.0 << 10LL << true;
    QTest::newRow("above capacity") << 10LL << 1LL << 1LL << 10LL << 1LL << 1.0 << 10LL << false;
    QTest::newRow("fraction of the ratio counts") << 10LL << 0LL << 1LL << 20LL << 1LL << 1.15 << 11LL << true;
    QTest::newRow("above the untruncated capacity") << 10LL << 0LL << 1LL << 20LL << 1LL << 1.15 << 12LL << false;
    QTest::newRow("below min_unit") << 10LL << 0LL << 4LL << 10LL << 1LL << 1.0 << 3LL << false;
    QTest::newRow("above max_unit") << 10LL << 0LL << 1LL << 4LL << 1LL << 1.0 << 5LL << false;
    QTest::newRow("off the step") << 10LL << 0LL << 1LL << 10LL << 4LL << 1.0 << 6LL << false;
    QTest::newRow("on the step") << 10LL << 0LL << 1LL << 10LL << 4LL << 1.0 << 8LL << true;
}

void tst_CandidateGenerators::theLoaderWritesAUsageAsOneAllocationOnlyWherePlacementAcceptsIt()
{
    QFETCH(qint64, total);
    QFETCH(qint64, reserved);
    QFETCH(qint64, minUnit);
    QFETCH(qint64, maxUnit);
    QFETCH(qint64, stepSize);
    QFETCH(double, ratio);
    QFETCH(qint64, used);
    QFETCH(bool, accepted);
    InventoryRecord record;
    record.total = total;
    record.reserved = reserved;
    record.minUnit = minUnit;
    record.maxUnit = maxUnit;
    record.stepSize = stepSize;
    record.allocationRatio = ratio;
    QCOMPARE(PlacementLoader::acceptsAsOneAllocation(record, used), accepted);
}

void tst_CandidateGenerators::theSameSeedGivesTheSameRequests()
{
    const CandidateForest forest = forestOf(5);
    CandidateRequestGenerator a(forest, 99);
    CandidateRequestGenerator b(forest, 99);
    CandidateRequestGenerator c(forest, 100);
    bool differs = false;
    for (int i = 0; i < 50; ++i) {
        const CandidateRequest request = a.next();
        QCOMPARE(request, b.next());
        differs = differs || request != c.next();
    }
    QVERIFY(differs);
}

void tst_CandidateGenerators::everyRequestIsOnePlacementAccepts()
{
    for (quint64 seed = 1; seed <= kSeeds; ++seed) {
        const CandidateForest forest = forestOf(seed);
        CandidateRequestGenerator generator(forest, seed);
        for (int i = 0; i < kRequestsPerForest; ++i) {
            const CandidateRequest request = generator.next();
            const QString why = refusal(request);
            QVERIFY2(why.isEmpty(), qPrintable(QStringLiteral("seed %1 request %2: %3: %4")
                                                   .arg(QString::number(seed), QString::number(i), why,
                                                        toCandidateQuery(request))));
            QVERIFY(!request.limit);
            const Named named = namedBy(request);
            // Placement knows them: standard, or created by the loader.
            for (const QString &name : named.classes) {
                QVERIFY2(validation::isStandardResourceClass(name) || forest.customResourceClasses.contains(name),
                         qPrintable(name));
            }
            for (const QString &trait : named.traits)
                QVERIFY2(forest.traits.contains(trait), qPrintable(trait));
            for (const QString &aggregate : named.aggregates)
                QVERIFY(forest.aggregates.contains(aggregate));
        }
    }
}

void tst_CandidateGenerators::requestsCoverTheParameters()
{
    QMap<QByteArray, int> seen;
    for (quint64 seed = 1; seed <= 5; ++seed) {
        const CandidateForest forest = forestOf(seed);
        CandidateRequestGenerator generator(forest, seed);
        for (int i = 0; i < 100; ++i) {
            const CandidateRequest request = generator.next();
            int granular = 0;
            for (const RequestGroup &group : request.groups) {
                if (group.isGranular()) {
                    ++granular;
                    ++seen[QByteArray(group.suffix.at(0).isDigit() ? "numbered suffix" : "named suffix")];
                } else {
                    ++seen["unsuffixed group"];
                }
                if (group.resources.isEmpty())
                    ++seen["resourceless group"];
                for (const QStringList &anyOf : group.requiredTraits)
                    ++seen[QByteArray(anyOf.size() > 1 ? "required any-of" : "required")];
                if (!group.forbiddenTraits.isEmpty())
                    ++seen["forbidden trait"];
                for (const QStringList &anyOf : group.memberOf)
                    ++seen[QByteArray(anyOf.size() > 1 ? "member_of any-of" : "member_of")];
                if (!group.forbiddenAggregates.isEmpty())
                    ++seen["forbidden aggregate"];
                if (!group.inTree.isEmpty())
                    ++seen["in_tree"];
            }
            if (granular == 0)
                ++seen["no granular group"];
            if (granular > 1)
                ++seen["several granular groups"];
            if (!request.sameSubtrees.isEmpty())
                ++seen["same_subtree"];
            if (request.sameSubtrees.size() > 1)
                ++seen["two same_subtree"];
            if (!request.rootRequired.isEmpty())
                ++seen["root_required"];
            if (!request.rootForbidden.isEmpty())
                ++seen["root forbidden"];
            ++seen[QByteArray(request.groupPolicy == GroupPolicy::None      ? "group_policy none"
                              : request.groupPolicy == GroupPolicy::Isolate ? "group_policy isolate"
                                                                            : "group_policy unset")];
        }
    }
    const QList<QByteArray> parameters{
        "numbered suffix", "named suffix", "unsuffixed group", "resourceless group", "required",
        "required any-of", "forbidden trait", "member_of", "member_of any-of", "forbidden aggregate",
        "in_tree", "no granular group", "several granular groups", "same_subtree", "two same_subtree",
        "root_required", "root forbidden", "group_policy none", "group_policy isolate", "group_policy unset"};
    for (const QByteArray &parameter : parameters)
        QVERIFY2(seen.value(parameter) > 0, parameter.constData());
}

void tst_CandidateGenerators::aSharingProviderWithoutInventoryIsNotAskedForResources()
{
    // A compute node that shares and keeps its resources in NUMA children has no inventory
    // of its own: the sharing requests must pick another sharing provider (this crashed).
    CandidateForest forest = forestOf(1);
    ProviderData empty;
    empty.uuid = QStringLiteral("00000000-0000-4000-8000-000000000001");
    empty.name = QStringLiteral("shares-nothing");
    empty.traits = {kShares};
    empty.aggregates = {forest.aggregates.constFirst()};
    forest.providers.append(empty);
    CandidateRequestGenerator generator(forest, 1);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(refusal(generator.next()), QString());
}

void tst_CandidateGenerators::aboutHalfTheRequestsHaveCandidates()
{
    // As the CI run makes them (five forests, 100 requests each), judged by provtree's
    // evaluator: both outcomes common, so that agreement means something either way.
    int with = 0;
    int total = 0;
    for (quint64 seed = 1; seed <= 5; ++seed) {
        const CandidateForest forest = CandidateForestGenerator(seed).forestUpTo(80);
        const CandidateSearch search(forest.providers);
        CandidateRequestGenerator generator(forest, seed);
        for (int i = 0; i < 100; ++i, ++total)
            with += search.find(generator.next()).allocationRequests.isEmpty() ? 0 : 1;
    }
    qInfo("%d of %d requests have candidates", with, total);
    QVERIFY(with * 10 >= total * 3);
    QVERIFY(with * 10 <= total * 7);
}

void tst_CandidateGenerators::makeValidRepairsWhatPlacementRefuses_data()
{
    QTest::addColumn<CandidateRequest>("request");
    const auto group = [](const QString &suffix, const QMap<QString, qint64> &resources) {
        RequestGroup g;
        g.suffix = suffix;
        g.resources = resources;
        return g;
    };
    {
        CandidateRequest r;
        r.groups = {group(QStringLiteral("1"), {{QStringLiteral("VCPU"), 1}}),
                    group(QStringLiteral("2"), {{QStringLiteral("VGPU"), 1}})};
        QTest::newRow("two granular groups without group_policy") << r;
    }
    {
        CandidateRequest r;
        RequestGroup g = group({}, {{QStringLiteral("VCPU"), 1}});
        g.requiredTraits = {{QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B")}};
        g.forbiddenTraits = {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B")};
        r.groups = {g};
        QTest::newRow("any-of set wholly forbidden") << r;
    }
    {
        CandidateRequest r;
        RequestGroup g = group(QStringLiteral("_X"), {});
        g.requiredTraits = {{QStringLiteral("HW_NUMA_ROOT")}};
        r.groups = {group({}, {{QStringLiteral("VCPU"), 1}}), g};
        QTest::newRow("resourceless group outside same_subtree") << r;
    }
    {
        CandidateRequest r;
        RequestGroup g = group(QStringLiteral("_X"), {});
        g.requiredTraits = {{QStringLiteral("HW_NUMA_ROOT")}};
        r.groups = {g};
        r.sameSubtrees = {{QStringLiteral("_X"), QStringLiteral("_GONE")}};
        QTest::newRow("no resources anywhere, same_subtree names a missing group") << r;
    }
    {
        CandidateRequest r;
        r.groups = {group({}, {{QStringLiteral("VCPU"), 1}})};
        r.rootRequired = {QStringLiteral("CUSTOM_A")};
        r.rootForbidden = {QStringLiteral("CUSTOM_A")};
        QTest::newRow("root trait required and forbidden") << r;
    }
}

void tst_CandidateGenerators::makeValidRepairsWhatPlacementRefuses()
{
    QFETCH(CandidateRequest, request);
    QVERIFY(!refusal(request).isEmpty());
    CandidateRequestGenerator::makeValid(request);
    QCOMPARE(refusal(request), QString());
}

void tst_CandidateGenerators::everyRequestReadsBackFromItsQuery()
{
    // The test sends toCandidateQuery(request) to Placement and gives `request` to provtree:
    // the two must be the same request, so the generator's requests are in the parser's
    // normal form and the query means exactly them.
    for (quint64 seed = 1; seed <= 5; ++seed) {
        const CandidateForest forest = forestOf(seed);
        CandidateRequestGenerator generator(forest, seed);
        for (int i = 0; i < kRequestsPerForest; ++i) {
            const CandidateRequest request = generator.next();
            const QString query = toCandidateQuery(request);
            const Result<CandidateRequest> read = parseCandidateQuery(query);
            QVERIFY2(read.ok(), qPrintable(query + QStringLiteral(": ") + read.status().firstError().toString()));
            QVERIFY2(read.value() == request, qPrintable(query));
        }
    }
}

QTEST_GUILESS_MAIN(tst_CandidateGenerators)
#include "tst_candidategenerators.moc"
