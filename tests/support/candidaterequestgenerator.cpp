#include "candidaterequestgenerator.h"

#include "candidatenames.h"

#include <QSet>

#include <algorithm>

namespace provtree::testsupport {

namespace {

using namespace candidatenames;

QStringList sortedUnique(QStringList list)
{
    list.sort();
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

// The parsers' normal form of a list of sets (candidaterequest.h): each set sorted and
// without repeats, the list sorted and without repeats (`required=A&required=A` is A once).
void normalise(QList<QStringList> &sets)
{
    for (QStringList &set : sets)
        set = sortedUnique(set);
    sets.removeIf([](const QStringList &set) { return set.isEmpty(); });
    std::sort(sets.begin(), sets.end());
    sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
}

bool isResourceless(const RequestGroup &group)
{
    return group.resources.isEmpty();
}

bool isEmpty(const RequestGroup &group)
{
    return group.resources.isEmpty() && group.requiredTraits.isEmpty() && group.forbiddenTraits.isEmpty()
           && group.memberOf.isEmpty() && group.forbiddenAggregates.isEmpty() && group.inTree.isEmpty();
}

} // namespace

CandidateRequestGenerator::CandidateRequestGenerator(const CandidateForest &forest, quint64 seed)
    : m_forest(forest), m_random(seed)
{
    QHash<QString, QString> rootOf;
    QHash<QString, qsizetype> treeIndex;
    QSet<QString> classes;
    for (const ProviderData &provider : forest.providers) {
        m_byUuid.insert(provider.uuid, &provider);
        const QString root = provider.isRoot() ? provider.uuid : rootOf.value(provider.parentUuid);
        rootOf.insert(provider.uuid, root);
        if (!treeIndex.contains(root)) {
            treeIndex.insert(root, m_trees.size());
            m_trees.append(Tree{root, {}});
        }
        m_trees[treeIndex.value(root)].providers.append(&provider);
        if (provider.traits.contains(kShares) && !provider.inventories.isEmpty())
            m_sharing.append(&provider);
        for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it)
            classes.insert(it.key());
    }
    m_classes = sortedUnique(QStringList(classes.cbegin(), classes.cend()));
}

qint64 CandidateRequestGenerator::free(const ProviderData *provider, const QString &resourceClass) const
{
    const InventoryRecord record = provider->inventories.value(resourceClass);
    return record.capacity() - provider->usages.value(resourceClass);
}

QList<const ProviderData *> CandidateRequestGenerator::holders(const Tree &tree, const QString &resourceClass) const
{
    QList<const ProviderData *> out;
    for (const ProviderData *provider : tree.providers) {
        if (provider->inventories.contains(resourceClass))
            out.append(provider);
    }
    return out;
}

const ProviderData *CandidateRequestGenerator::someHolder(const Tree &tree, const QString &resourceClass)
{
    const QList<const ProviderData *> candidates = holders(tree, resourceClass);
    return candidates.isEmpty() ? nullptr : m_random.pick(candidates);
}

const CandidateRequestGenerator::Tree &CandidateRequestGenerator::someTree()
{
    // Mostly a compute tree (one with CPUs); now and then any, sharing providers included.
    if (m_random.chance(90)) {
        QList<qsizetype> compute;
        for (qsizetype i = 0; i < m_trees.size(); ++i) {
            if (!holders(m_trees.at(i), kVcpu).isEmpty() || !holders(m_trees.at(i), kPcpu).isEmpty())
                compute.append(i);
        }
        if (!compute.isEmpty())
            return m_trees.at(m_random.pick(compute));
    }
    return m_random.pick(m_trees);
}

const CandidateRequestGenerator::Tree &CandidateRequestGenerator::someTreeWith(const QStringList &classes,
                                                                              int holdersAtLeast)
{
    // Mostly a tree the shape fits (devices for device groups, two CPU providers for NUMA
    // groups); otherwise, or when there is none, any.
    if (m_random.chance(85)) {
        QList<qsizetype> fitting;
        for (qsizetype i = 0; i < m_trees.size(); ++i) {
            qsizetype count = 0;
            for (const QString &resourceClass : classes)
                count += holders(m_trees.at(i), resourceClass).size();
            if (count >= holdersAtLeast)
                fitting.append(i);
        }
        if (!fitting.isEmpty())
            return m_trees.at(m_random.pick(fitting));
    }
    return someTree();
}

QString CandidateRequestGenerator::suffix(const QString &name, int number)
{
    // Numbered (1.25) and named (1.33) suffixes, distinct within a request by construction.
    return m_random.chance(50) ? QString::number(number) : QLatin1Char('_') + name;
}

qint64 CandidateRequestGenerator::amount(const ProviderData *provider, const QString &resourceClass)
{
    if (!provider || !provider->inventories.contains(resourceClass)) {
        const qint64 unit = resourceClass == kMemory ? 512 : resourceClass == kBandwidth ? 1000 : 1;
        return unit * m_random.between(1, 4);
    }
    const InventoryRecord record = provider->inventories.value(resourceClass).effective();
    const qint64 step = record.stepSizeOrDefault();
    const qint64 minUnit = record.minUnitOrDefault();
    const qint64 maxUnit = record.maxUnitOrDefault();
    const qint64 available = std::max<qint64>(0, free(provider, resourceClass));
    const qint64 ceiling = std::min(available, maxUnit);
    const auto onStep = [&](qint64 value) {
        value -= value % step;
        if (value < minUnit)
            value = minUnit + (step - minUnit % step) % step;
        return std::max<qint64>(1, value);
    };
    const quint64 roll = m_random.below(100);
    if (roll < 80)
        return onStep(m_random.between(1, std::max<qint64>(1, ceiling)));
    if (roll < 88)
        return onStep(std::max<qint64>(1, ceiling)); // all that one allocation may take
    if (roll < 94)
        return available + m_random.between(1, std::max<qint64>(1, step * 3)); // more than is free
    if (roll < 96)
        return maxUnit < kMaxInventoryInt ? maxUnit + step : onStep(ceiling); // above max_unit
    if (roll < 98)
        return step > 1 ? onStep(ceiling) + 1 : m_random.between(1, 3); // off the step
    return minUnit > 1 ? minUnit - 1 : 1; // below min_unit
}

void CandidateRequestGenerator::decorate(RequestGroup &group, const Tree &tree, const ProviderData *hint)
{
    // Mostly what the hint (the provider the group is aimed at) has, or lacks when
    // forbidden, so that a decoration narrows the candidates more often than it empties them.
    const QStringList &pool = m_forest.traits;
    const QStringList hintTraits = hint ? hint->traits : QStringList();
    const QStringList hintAggregates = hint ? hint->aggregates : QStringList();
    if (m_random.chance(20))
        group.requiredTraits.append({!hintTraits.isEmpty() ? m_random.pick(hintTraits) : m_random.pick(pool)});
    if (m_random.chance(5))
        group.requiredTraits.append({m_random.pick(pool)});
    if (m_random.chance(8)) {
        const QString first = !hintTraits.isEmpty() && m_random.chance(60) ? m_random.pick(hintTraits) : m_random.pick(pool);
        const QString second = m_random.pick(pool);
        group.requiredTraits.append(sortedUnique({first, second}));
    }
    if (m_random.chance(12)) {
        const QString trait = m_random.pick(pool);
        if (!hintTraits.contains(trait) || m_random.chance(30))
            group.forbiddenTraits.append(trait);
    }
    if (m_random.chance(10)) {
        const ProviderData *root = m_byUuid.value(tree.root);
        QStringList near = hintAggregates;
        if (near.isEmpty() && root)
            near = root->aggregates;
        group.memberOf.append({!near.isEmpty() && m_random.chance(80) ? m_random.pick(near)
                                                                      : m_random.pick(m_forest.aggregates)});
    }
    if (m_random.chance(4))
        group.memberOf.append(m_random.sample(m_forest.aggregates, 2));
    if (m_random.chance(8)) {
        const QString aggregate = m_random.pick(m_forest.aggregates);
        if (!hintAggregates.contains(aggregate) || m_random.chance(30))
            group.forbiddenAggregates.append(aggregate);
    }
    if (m_random.chance(6)) {
        const quint64 roll = m_random.below(100);
        if (roll < 50)
            group.inTree = tree.root;
        else if (roll < 80)
            group.inTree = m_random.pick(tree.providers)->uuid; // any provider names its tree
        else if (roll < 95)
            group.inTree = m_random.pick(m_trees).root;
        else
            group.inTree = m_random.uuid(); // no such provider: no candidates
    }
    group.forbiddenTraits = sortedUnique(group.forbiddenTraits);
    group.forbiddenAggregates = sortedUnique(group.forbiddenAggregates);
}

void CandidateRequestGenerator::decorateRequest(CandidateRequest &request, const Tree &tree)
{
    const ProviderData *root = m_byUuid.value(tree.root);
    const QStringList rootTraits = root ? root->traits : QStringList();
    if (m_random.chance(12)) {
        request.rootRequired.append(!rootTraits.isEmpty() && m_random.chance(70) ? m_random.pick(rootTraits)
                                                                                 : m_random.pick(m_forest.traits));
    }
    if (m_random.chance(12)) { // nova forbids disabled compute nodes so
        const QString trait = m_random.chance(60) ? kDisabled : m_random.pick(m_forest.traits);
        if (!rootTraits.contains(trait) || m_random.chance(30))
            request.rootForbidden.append(trait);
    }
}

void CandidateRequestGenerator::choosePolicy(CandidateRequest &request)
{
    const auto granular = std::count_if(request.groups.cbegin(), request.groups.cend(),
                                        [](const RequestGroup &group) { return group.isGranular(); });
    const quint64 roll = m_random.below(100);
    if (granular > 1)
        request.groupPolicy = roll < 50 ? GroupPolicy::None : GroupPolicy::Isolate;
    else if (granular == 1)
        request.groupPolicy = roll < 50 ? GroupPolicy::Unset : roll < 75 ? GroupPolicy::None : GroupPolicy::Isolate;
    else
        request.groupPolicy = roll < 80 ? GroupPolicy::Unset : roll < 90 ? GroupPolicy::None : GroupPolicy::Isolate;
}

CandidateRequest CandidateRequestGenerator::flavor(const Tree &tree)
{
    RequestGroup group;
    const bool hasPcpu = !holders(tree, kPcpu).isEmpty();
    const bool hasVcpu = !holders(tree, kVcpu).isEmpty();
    const QString cpu = (hasPcpu && m_random.chance(30)) || !hasVcpu ? kPcpu : kVcpu;
    group.resources.insert(cpu, amount(someHolder(tree, cpu), cpu));
    if (m_random.chance(85))
        group.resources.insert(kMemory, amount(someHolder(tree, kMemory), kMemory));
    if (m_random.chance(70)) {
        const ProviderData *disk = someHolder(tree, kDisk);
        if ((!disk || m_random.chance(30)) && !m_sharing.isEmpty())
            disk = m_random.pick(m_sharing);
        group.resources.insert(kDisk, amount(disk, kDisk));
    }
    decorate(group, tree, m_byUuid.value(tree.root));
    CandidateRequest request;
    request.groups.append(group);
    decorateRequest(request, tree);
    choosePolicy(request);
    return request;
}

CandidateRequest CandidateRequestGenerator::flavorWithDevices(const Tree &tree)
{
    CandidateRequest request = flavor(tree);
    const qint64 devices = m_random.between(1, 2);
    int number = 0;
    // The kinds of device the tree has (now and then any kind).
    QList<int> kinds;
    for (const QString &resourceClass : {kVgpu, kVf, kFpga}) {
        if (!holders(tree, resourceClass).isEmpty() || m_random.chance(15))
            kinds.append(resourceClass == kVgpu ? 0 : resourceClass == kVf ? 1 : 2);
    }
    if (kinds.isEmpty())
        kinds = {0, 1, 2};
    for (qint64 i = 0; i < devices; ++i) {
        RequestGroup group;
        const int kind = m_random.pick(kinds);
        if (kind == 0) {
            group.suffix = suffix(QStringLiteral("GPU%1").arg(i), ++number);
            const ProviderData *gpu = someHolder(tree, kVgpu);
            group.resources.insert(kVgpu, amount(gpu, kVgpu));
            if (gpu && gpu->inventories.contains(kDisplayHead) && m_random.chance(50))
                group.resources.insert(kDisplayHead, amount(gpu, kDisplayHead));
            decorate(group, tree, gpu);
        } else if (kind == 1) {
            group.suffix = suffix(QStringLiteral("NIC%1").arg(i), ++number);
            const ProviderData *nic = someHolder(tree, kVf);
            group.resources.insert(kVf, amount(nic, kVf));
            if (m_random.chance(50))
                group.resources.insert(kBandwidth, amount(nic, kBandwidth));
            if (nic && m_random.chance(70)) {
                const QStringList physnets = nic->traits.filter(QStringLiteral("CUSTOM_PHYSNET_"));
                if (!physnets.isEmpty())
                    group.requiredTraits.append({physnets.constFirst()});
            }
            decorate(group, tree, nic);
        } else {
            group.suffix = suffix(QStringLiteral("ACCEL%1").arg(i), ++number);
            const ProviderData *fpga = someHolder(tree, kFpga);
            group.resources.insert(kFpga, amount(fpga, kFpga));
            decorate(group, tree, fpga);
        }
        request.groups.append(group);
    }
    choosePolicy(request);
    return request;
}

CandidateRequest CandidateRequestGenerator::numaGroups(const Tree &tree)
{
    CandidateRequest request;
    if (m_random.chance(60)) {
        RequestGroup disk;
        const ProviderData *holder = someHolder(tree, kDisk);
        if ((!holder || m_random.chance(30)) && !m_sharing.isEmpty())
            holder = m_random.pick(m_sharing);
        disk.resources.insert(kDisk, amount(holder, kDisk));
        decorate(disk, tree, m_byUuid.value(tree.root));
        request.groups.append(disk);
    }
    const qint64 cells = m_random.between(1, 3);
    for (qint64 cell = 0; cell < cells; ++cell) {
        RequestGroup group;
        group.suffix = suffix(QStringLiteral("NUMA%1").arg(cell), int(cell) + 1);
        const QString cpu = !holders(tree, kPcpu).isEmpty() && m_random.chance(40) ? kPcpu : kVcpu;
        const ProviderData *node = someHolder(tree, cpu);
        group.resources.insert(cpu, amount(node, cpu));
        if (m_random.chance(80))
            group.resources.insert(kMemory, amount(node && node->inventories.contains(kMemory) ? node
                                                                                               : someHolder(tree, kMemory),
                                                   kMemory));
        if (m_random.chance(30))
            group.requiredTraits.append({kNumaRoot});
        decorate(group, tree, node);
        request.groups.append(group);
    }
    decorateRequest(request, tree);
    choosePolicy(request);
    return request;
}

CandidateRequest CandidateRequestGenerator::sameSubtree(const Tree &tree)
{
    // The anchor: a provider with descendants; the other groups: providers below it (or,
    // now and then, anywhere in the tree: then there is no common subtree).
    QHash<QString, QList<const ProviderData *>> below; // uuid -> its descendants
    for (const ProviderData *provider : tree.providers) {
        for (QString up = provider->parentUuid; !up.isEmpty(); up = m_byUuid.value(up)->parentUuid)
            below[up].append(provider);
    }
    QList<const ProviderData *> anchors;
    for (const ProviderData *provider : tree.providers) {
        if (below.contains(provider->uuid))
            anchors.append(provider);
    }
    if (anchors.isEmpty())
        return flavorWithDevices(tree);
    const ProviderData *anchor = m_random.pick(anchors);

    CandidateRequest request;
    if (m_random.chance(50))
        request.groups.append(flavor(tree).groups.constFirst());
    RequestGroup top;
    top.suffix = suffix(QStringLiteral("ANCHOR"), 1);
    if (m_random.chance(60) || anchor->inventories.isEmpty()) {
        // Resourceless: the group only names the subtree's top, by a trait (or an aggregate).
        if (!anchor->traits.isEmpty() && m_random.chance(80))
            top.requiredTraits.append({m_random.pick(anchor->traits)});
        else if (!anchor->aggregates.isEmpty() && m_random.chance(50))
            top.memberOf.append({m_random.pick(anchor->aggregates)});
        else
            top.requiredTraits.append({m_random.pick(m_forest.traits)});
    } else {
        const QString resourceClass = anchor->inventories.firstKey();
        top.resources.insert(resourceClass, amount(anchor, resourceClass));
    }
    decorate(top, tree, anchor);
    request.groups.append(top);
    QStringList subtree{top.suffix};

    const qint64 members = m_random.between(1, 2);
    for (qint64 i = 0; i < members; ++i) {
        QList<const ProviderData *> pool = m_random.chance(80) ? below.value(anchor->uuid) : tree.providers;
        pool.removeIf([](const ProviderData *provider) { return provider->inventories.isEmpty(); });
        RequestGroup group;
        group.suffix = suffix(QStringLiteral("MEMBER%1").arg(i), int(i) + 2);
        if (pool.isEmpty()) {
            group.requiredTraits.append({m_random.pick(m_forest.traits)}); // resourceless too
        } else {
            const ProviderData *member = m_random.pick(pool);
            const QString resourceClass = m_random.pick(member->inventories.keys());
            group.resources.insert(resourceClass, amount(member, resourceClass));
            decorate(group, tree, member);
        }
        request.groups.append(group);
        subtree.append(group.suffix);
    }
    request.sameSubtrees.append(subtree);
    if (m_random.chance(10)) // a second same_subtree over part of the same groups
        request.sameSubtrees.append(m_random.sample(subtree, 2));
    decorateRequest(request, tree);
    choosePolicy(request);
    return request;
}

CandidateRequest CandidateRequestGenerator::sharing(const Tree &tree)
{
    if (m_sharing.isEmpty())
        return flavor(tree);
    const ProviderData *pool = m_random.pick(m_sharing);
    // A tree in one of the pool's aggregates, if there is one.
    QList<const Tree *> near;
    for (const Tree &candidate : std::as_const(m_trees)) {
        for (const ProviderData *provider : candidate.providers) {
            const bool shares = std::any_of(provider->aggregates.cbegin(), provider->aggregates.cend(),
                                            [&](const QString &aggregate) { return pool->aggregates.contains(aggregate); });
            if (shares && provider != pool) {
                near.append(&candidate);
                break;
            }
        }
    }
    const Tree &target = near.isEmpty() || m_random.chance(15) ? tree : *m_random.pick(near);
    const QString resourceClass = pool->inventories.firstKey();

    CandidateRequest request;
    RequestGroup group;
    const QString cpu = holders(target, kVcpu).isEmpty() ? kPcpu : kVcpu;
    group.resources.insert(cpu, amount(someHolder(target, cpu), cpu));
    if (m_random.chance(50))
        group.resources.insert(kMemory, amount(someHolder(target, kMemory), kMemory));
    if (m_random.chance(70)) {
        group.resources.insert(resourceClass, amount(pool, resourceClass));
    } else {
        // The example of microversion 1.31: this class from that sharing provider.
        RequestGroup shared;
        shared.suffix = suffix(QStringLiteral("SHARED"), 1);
        shared.resources.insert(resourceClass, amount(pool, resourceClass));
        if (m_random.chance(70))
            shared.inTree = pool->uuid;
        decorate(shared, target, pool);
        request.groups.append(shared);
    }
    decorate(group, target, m_byUuid.value(target.root));
    request.groups.prepend(group);
    decorateRequest(request, target);
    choosePolicy(request);
    return request;
}

CandidateRequest CandidateRequestGenerator::anything()
{
    CandidateRequest request;
    const qint64 groups = m_random.between(1, 3);
    const bool unsuffixed = m_random.chance(70);
    for (qint64 i = 0; i < groups; ++i) {
        const Tree &tree = m_random.pick(m_trees);
        RequestGroup group;
        if (i > 0 || !unsuffixed)
            group.suffix = suffix(QStringLiteral("ANY%1").arg(i), int(i) + 1);
        const qint64 classes = m_random.between(1, 3);
        for (qint64 c = 0; c < classes; ++c) {
            const QString resourceClass = m_random.pick(m_classes);
            const ProviderData *holder = someHolder(tree, resourceClass);
            group.resources.insert(resourceClass, amount(holder, resourceClass));
        }
        decorate(group, tree, m_random.pick(tree.providers));
        request.groups.append(group);
    }
    decorateRequest(request, m_random.pick(m_trees));
    choosePolicy(request);
    return request;
}

CandidateRequest CandidateRequestGenerator::next()
{
    const quint64 shape = m_random.below(100);
    CandidateRequest request = shape < 28   ? flavor(someTree())
                               : shape < 48 ? flavorWithDevices(someTreeWith({kVgpu, kVf, kFpga}, 1))
                               : shape < 62 ? numaGroups(someTreeWith({kVcpu, kPcpu}, 3))
                               : shape < 78 ? sameSubtree(someTreeWith({kVgpu, kVf, kFpga, kPcpu}, 2))
                               : shape < 92 ? sharing(someTree())
                                            : anything();
    makeValid(request);
    return request;
}

void CandidateRequestGenerator::makeValid(CandidateRequest &request)
{
    // Tidy each group: positive amounts, sorted lists, no any-of set wholly forbidden
    // (Placement: "Conflicting required and forbidden traits", lib.py, _check_forbidden).
    for (RequestGroup &group : request.groups) {
        group.resources.removeIf([](const auto &entry) { return entry.value() < 1; });
        normalise(group.requiredTraits);
        for (const QStringList &anyOf : std::as_const(group.requiredTraits)) {
            const bool allForbidden = std::all_of(anyOf.cbegin(), anyOf.cend(), [&](const QString &trait) {
                return group.forbiddenTraits.contains(trait);
            });
            if (allForbidden)
                group.forbiddenTraits.removeIf([&](const QString &trait) { return anyOf.contains(trait); });
        }
        group.forbiddenTraits = sortedUnique(group.forbiddenTraits);
        normalise(group.memberOf);
        group.forbiddenAggregates = sortedUnique(group.forbiddenAggregates);
    }
    // One group per suffix; an unsuffixed group needs resources (it cannot be in a
    // same_subtree), empty groups go.
    QSet<QString> seen;
    request.groups.removeIf([&](const RequestGroup &group) {
        const bool drop = isEmpty(group) || seen.contains(group.suffix) || (!group.isGranular() && isResourceless(group));
        seen.insert(group.suffix);
        return drop;
    });
    // same_subtree names existing suffixed groups only (lib.py, _check_actual_suffix).
    QSet<QString> suffixes;
    for (const RequestGroup &group : std::as_const(request.groups))
        suffixes.insert(group.suffix);
    for (QStringList &subtree : request.sameSubtrees)
        subtree.removeIf([&](const QString &suffix) { return suffix.isEmpty() || !suffixes.contains(suffix); });
    normalise(request.sameSubtrees);
    // A resourceless group must be in a same_subtree (lib.py, _check_resourceless_suffix).
    QSet<QString> inSubtree;
    for (const QStringList &subtree : std::as_const(request.sameSubtrees)) {
        for (const QString &suffix : subtree)
            inSubtree.insert(suffix);
    }
    request.groups.removeIf(
        [&](const RequestGroup &group) { return isResourceless(group) && !inSubtree.contains(group.suffix); });
    // At least one group with resources (lib.py, _check_for_one_resources).
    const bool anyResources = std::any_of(request.groups.cbegin(), request.groups.cend(),
                                          [](const RequestGroup &group) { return !isResourceless(group); });
    if (!anyResources) {
        if (request.groups.isEmpty() || request.groups.constFirst().isGranular())
            request.groups.prepend(RequestGroup{});
        request.groups.first().resources.insert(kVcpu, 1);
    }
    // group_policy is required with more than one granular group (handlers/allocation_candidate.py).
    const auto granular = std::count_if(request.groups.cbegin(), request.groups.cend(),
                                        [](const RequestGroup &group) { return group.isGranular(); });
    if (granular > 1 && request.groupPolicy == GroupPolicy::Unset)
        request.groupPolicy = GroupPolicy::None;
    // root_required: no trait both required and forbidden (lib.py, RequestWideParams.from_request).
    request.rootRequired = sortedUnique(request.rootRequired);
    request.rootForbidden = sortedUnique(request.rootForbidden);
    request.rootForbidden.removeIf([&](const QString &trait) { return request.rootRequired.contains(trait); });
    // The unsuffixed group first, then by suffix.
    std::stable_sort(request.groups.begin(), request.groups.end(),
                     [](const RequestGroup &a, const RequestGroup &b) { return a.suffix < b.suffix; });
}

} // namespace provtree::testsupport
