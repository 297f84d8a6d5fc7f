#include "candidateforest.h"

#include "candidatenames.h"

#include <QSet>

#include <algorithm>

namespace provtree::testsupport {

namespace {

using namespace candidatenames;

const QString kAvx2 = QStringLiteral("HW_CPU_X86_AVX2");
const QString kAvx512 = QStringLiteral("HW_CPU_X86_AVX512F");
const QString kSse42 = QStringLiteral("HW_CPU_X86_SSE42");
const QString kVulkan = QStringLiteral("HW_GPU_API_VULKAN");
const QString kSsd = QStringLiteral("STORAGE_DISK_SSD");
const QString kGold = QStringLiteral("CUSTOM_GOLD");
const QString kSilver = QStringLiteral("CUSTOM_SILVER");
const QString kPhysnetA = QStringLiteral("CUSTOM_PHYSNET_A");
const QString kPhysnetB = QStringLiteral("CUSTOM_PHYSNET_B");
const QString kDirect = QStringLiteral("CUSTOM_VNIC_TYPE_DIRECT");
// On no provider: a request that requires it has no candidate, one that forbids it loses none.
const QString kUnused = QStringLiteral("CUSTOM_UNUSED");
const QString kSgx = QStringLiteral("HW_CPU_X86_SGX");

constexpr int kAggregatePool = 4;

InventoryRecord inventory(qint64 total, qint64 reserved, qint64 minUnit, qint64 maxUnit, qint64 stepSize,
                          double allocationRatio)
{
    InventoryRecord record;
    record.total = total;
    record.reserved = reserved;
    record.minUnit = minUnit;
    record.maxUnit = maxUnit;
    record.stepSize = stepSize;
    record.allocationRatio = allocationRatio;
    return record;
}

void addTrait(ProviderData &provider, const QString &trait)
{
    if (!provider.traits.contains(trait))
        provider.traits.append(trait);
}

void sortParts(ProviderData &provider)
{
    provider.traits.sort();
    provider.aggregates.sort();
}

} // namespace

CandidateForest forestFrom(QList<ProviderData> providers)
{
    CandidateForest forest;
    QSet<QString> traits;
    QSet<QString> aggregates;
    QSet<QString> classes;
    for (const ProviderData &provider : providers) {
        traits.unite(QSet<QString>(provider.traits.cbegin(), provider.traits.cend()));
        aggregates.unite(QSet<QString>(provider.aggregates.cbegin(), provider.aggregates.cend()));
        for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it)
            classes.insert(it.key());
    }
    forest.providers = std::move(providers);
    forest.traits = QStringList(traits.cbegin(), traits.cend());
    forest.traits.sort();
    forest.aggregates = QStringList(aggregates.cbegin(), aggregates.cend());
    forest.aggregates.sort();
    for (const QString &trait : std::as_const(forest.traits)) {
        if (trait.startsWith(QLatin1String("CUSTOM_")))
            forest.customTraits.append(trait);
    }
    for (const QString &resourceClass : classes) {
        if (resourceClass.startsWith(QLatin1String("CUSTOM_")))
            forest.customResourceClasses.append(resourceClass);
    }
    forest.customResourceClasses.sort();
    return forest;
}

CandidateForestGenerator::CandidateForestGenerator(quint64 seed) : m_random(seed), m_seed(seed) {}

CandidateForest CandidateForestGenerator::forest()
{
    return forestUpTo(kMaxSize);
}

CandidateForest CandidateForestGenerator::forestUpTo(qsizetype largest)
{
    return forest(m_random.between(kMinSize, std::max(kMinSize, largest)));
}

CandidateForest CandidateForestGenerator::forest(qsizetype size)
{
    CandidateForest result;
    result.seed = m_seed;
    m_aggregates.clear();
    for (int i = 0; i < kAggregatePool; ++i)
        m_aggregates.append(m_random.uuid());
    result.aggregates = m_aggregates;
    m_nestedSharingLeft = m_random.chance(30);
    result.traits = QStringList{kAvx2,     kAvx512, kSse42,  kDisabled, kNumaRoot, kVulkan, kSsd,
                                kShares,   kGold,   kSilver, kPhysnetA, kPhysnetB, kDirect, kUnused,
                                kSgx};
    result.traits.sort();
    for (const QString &trait : std::as_const(result.traits)) {
        if (trait.startsWith(QLatin1String("CUSTOM_")))
            result.customTraits.append(trait);
    }
    result.customResourceClasses = {kFpga};

    QList<ProviderData> &out = result.providers;
    addSharingProviders(out);
    while (out.size() < size)
        addHost(out, size - out.size());
    out.resize(std::min(out.size(), size)); // only when size is below the sharing providers
    for (ProviderData &provider : out)
        sortParts(provider);
    return result;
}

ProviderData CandidateForestGenerator::provider(const QString &name, const QString &parentUuid)
{
    ProviderData data;
    data.uuid = m_random.uuid();
    data.name = name;
    data.parentUuid = parentUuid;
    return data;
}

QStringList CandidateForestGenerator::someAggregates(int nonePercent, int twoPercent)
{
    const quint64 roll = m_random.below(100);
    if (roll < quint64(nonePercent))
        return {};
    return m_random.sample(m_aggregates, roll < quint64(nonePercent + twoPercent) ? 2 : 1);
}

void CandidateForestGenerator::addSharingProviders(QList<ProviderData> &out)
{
    // Disk pools, each in one aggregate mostly (then shared with the compute nodes of that
    // aggregate); one without the sharing trait is a plain root with disk.
    const qint64 disks = m_random.between(1, 3);
    for (qint64 i = 0; i < disks; ++i) {
        ProviderData pool = provider(QStringLiteral("disk-pool-%1").arg(++m_pools));
        // One random call per statement: the order of evaluation of function arguments is
        // unspecified, and the forest must be the same whatever the compiler.
        const qint64 step = m_random.chance(20) ? 10 : 1;
        const qint64 total = m_random.between(20, 200) * 10;
        const qint64 reserved = m_random.chance(30) ? 100 : 0;
        const qint64 maxUnit = m_random.chance(50) ? total : 500;
        const double ratio = m_random.chance(20) ? 1.5 : 1.0;
        pool.inventories.insert(kDisk, inventory(total, reserved, step, maxUnit, step, ratio));
        if (!m_random.chance(10))
            addTrait(pool, kShares);
        if (m_random.chance(50))
            addTrait(pool, kSsd);
        pool.aggregates = someAggregates(5, 15);
        if (pool.aggregates.isEmpty() && !pool.traits.contains(kShares))
            pool.aggregates = someAggregates(0, 0);
        use(pool);
        out.append(pool);
    }
    if (m_random.chance(50)) {
        ProviderData pool = provider(QStringLiteral("ip-pool-%1").arg(++m_pools));
        pool.inventories.insert(kIpv4, inventory(m_random.between(4, 64), 0, 1, 2147483647, 1, 1.0));
        addTrait(pool, kShares);
        pool.aggregates = someAggregates(0, 30);
        use(pool);
        out.append(pool);
    }
}

void CandidateForestGenerator::addHost(QList<ProviderData> &out, qsizetype budget)
{
    ProviderData root = provider(QStringLiteral("cn-%1").arg(++m_hosts, 3, 10, QLatin1Char('0')));
    for (const QString &trait : {kAvx2, kAvx512, kSse42}) {
        if (m_random.chance(55))
            addTrait(root, trait);
    }
    if (m_random.chance(10))
        addTrait(root, kDisabled);
    if (m_random.chance(25))
        addTrait(root, kGold);
    if (m_random.chance(30))
        addTrait(root, kSsd);
    if (m_random.chance(4)) // a compute node that shares its own resources too
        addTrait(root, kShares);
    root.aggregates = someAggregates(25, 25);

    const double vcpuRatio = m_random.pick(QList<double>{1.0, 2.0, 4.0, 16.0, 1.5, 1.1});
    const auto vcpu = [&](qint64 total) {
        // reserved == total (capacity 0) is valid since microversion 1.26.
        const qint64 reserved = m_random.chance(2) ? total : m_random.chance(80) ? 0 : m_random.between(1, 2);
        const qint64 maxUnit = m_random.chance(70) ? total : m_random.between(1, total);
        const qint64 step = m_random.chance(90) ? 1 : 2;
        return inventory(total, std::min(reserved, total), 1, maxUnit, step, vcpuRatio);
    };
    const auto pcpu = [&](qint64 total) { return inventory(total, 0, 1, total, 1, 1.0); };
    const auto memory = [&](qint64 total) {
        const qint64 step = m_random.pick(QList<qint64>{1, 1, 256, 512});
        const qint64 reserved = m_random.chance(50) ? 512 : 0;
        const qint64 minUnit = m_random.chance(30) ? 256 : 1;
        const qint64 maxUnit = m_random.chance(70) ? total : total / 2;
        const double ratio = m_random.pick(QList<double>{1.0, 1.0, 1.5, 0.9});
        return inventory(total, reserved, minUnit, maxUnit, step, ratio);
    };
    const auto disk = [&] {
        const qint64 total = m_random.between(2, 40) * 10;
        const qint64 reserved = m_random.chance(30) ? 5 : 0;
        const qint64 step = m_random.chance(20) ? 10 : 1;
        const double ratio = m_random.chance(20) ? 1.2 : 1.0;
        return inventory(total, reserved, 1, total, step, ratio);
    };
    const qint64 memoryMb = m_random.pick(QList<qint64>{2048, 4096, 8192, 16384, 32768});

    qsizetype left = budget - 1;
    const bool numa = left >= 2 && m_random.chance(40);
    QList<ProviderData> children;
    if (numa) {
        if (m_random.chance(75))
            root.inventories.insert(kDisk, disk());
        if (m_random.chance(20))
            root.inventories.insert(kVcpu, vcpu(m_random.between(2, 8)));
        for (int cell = 0; cell < 2; ++cell, --left) {
            ProviderData node = provider(root.name + QStringLiteral("_numa%1").arg(cell), root.uuid);
            const bool withVcpu = m_random.chance(70);
            if (withVcpu)
                node.inventories.insert(kVcpu, vcpu(m_random.between(2, 16)));
            if (!withVcpu || m_random.chance(50))
                node.inventories.insert(kPcpu, pcpu(m_random.between(2, 16)));
            node.inventories.insert(kMemory, memory(memoryMb / 2));
            if (m_random.chance(90))
                addTrait(node, kNumaRoot);
            if (m_random.chance(15))
                addTrait(node, kGold);
            if (m_random.chance(10))
                node.aggregates = someAggregates(0, 0);
            children.append(node);
        }
    } else {
        root.inventories.insert(kVcpu, vcpu(m_random.between(2, 32)));
        root.inventories.insert(kMemory, memory(memoryMb));
        if (m_random.chance(70))
            root.inventories.insert(kDisk, disk());
        if (m_random.chance(20))
            root.inventories.insert(kPcpu, pcpu(m_random.between(2, 8)));
    }
    use(root);
    out.append(root);
    for (ProviderData &node : children) {
        use(node);
        out.append(node);
    }

    // GPUs, on the root or under a NUMA node (deeper trees for same_subtree).
    if (left > 0 && m_random.chance(30)) {
        const qint64 gpus = std::min<qint64>(left, m_random.between(1, 2));
        for (qint64 i = 0; i < gpus; ++i, --left) {
            const ProviderData &parent = !children.isEmpty() && m_random.chance(60) ? m_random.pick(children) : root;
            ProviderData gpu = provider(parent.name + QStringLiteral("_gpu%1").arg(++m_children), parent.uuid);
            const qint64 total = m_random.between(1, 8);
            gpu.inventories.insert(kVgpu, inventory(total, 0, 1, total, 1, 1.0));
            if (m_random.chance(50))
                gpu.inventories.insert(kDisplayHead, inventory(m_random.between(2, 8), 0, 1, 4, 1, 1.0));
            if (m_random.chance(50))
                addTrait(gpu, kVulkan);
            if (m_random.chance(20))
                addTrait(gpu, kSilver);
            use(gpu);
            out.append(gpu);
        }
    }
    if (left > 0 && m_random.chance(35)) {
        const ProviderData parent = !children.isEmpty() && m_random.chance(30) ? m_random.pick(children) : root;
        addNic(out, parent, left);
    }
    if (left > 0 && m_random.chance(10)) {
        ProviderData fpga = provider(root.name + QStringLiteral("_fpga%1").arg(++m_children), root.uuid);
        const qint64 total = m_random.between(1, 4);
        fpga.inventories.insert(kFpga, inventory(total, 0, 1, total, 1, 1.0));
        if (m_random.chance(30))
            addTrait(fpga, kGold);
        use(fpga);
        out.append(fpga);
        --left;
    }
    if (left > 0 && m_nestedSharingLeft && m_random.chance(10)) {
        // A sharing provider inside a tree (Placement allows it; nova never makes one): its
        // disk serves every tree in its aggregate. At most one, in some forests only:
        // Placement answers many requests of such a forest with a 500 (its defect
        // NestedSharingProvider, candidateresult.h), which compares nothing else.
        m_nestedSharingLeft = false;
        ProviderData disk = provider(root.name + QStringLiteral("_shared_disk%1").arg(++m_children), root.uuid);
        const qint64 total = m_random.between(10, 50) * 10;
        disk.inventories.insert(kDisk, inventory(total, 0, 1, total, 1, 1.0));
        addTrait(disk, kShares);
        disk.aggregates = someAggregates(0, 0);
        use(disk);
        out.append(disk);
        --left;
    }
}

void CandidateForestGenerator::addNic(QList<ProviderData> &out, const ProviderData &parent, qsizetype &left)
{
    // An agent provider without inventory (as neutron's), its physical functions below it;
    // with one provider left, the function hangs from the parent directly.
    ProviderData agent = provider(parent.name + QStringLiteral(":NIC Switch agent:%1").arg(++m_children), parent.uuid);
    const bool withAgent = left >= 2;
    if (withAgent) {
        if (m_random.chance(20))
            addTrait(agent, kDirect);
        out.append(agent);
        --left;
    }
    const qint64 functions = std::min<qint64>(left, m_random.between(1, 2));
    for (qint64 i = 0; i < functions; ++i, --left) {
        ProviderData pf = provider(parent.name + QStringLiteral(":ens%1f%2").arg(m_children).arg(i),
                                   withAgent ? agent.uuid : parent.uuid);
        const qint64 vfs = m_random.between(2, 16);
        pf.inventories.insert(kVf, inventory(vfs, 0, 1, vfs, 1, 1.0));
        if (m_random.chance(70)) {
            const qint64 kbps = m_random.pick(QList<qint64>{1000000, 10000000});
            const qint64 step = m_random.chance(30) ? 1000 : 1;
            pf.inventories.insert(kBandwidth, inventory(kbps, 0, 1, kbps, step, 1.0));
        }
        addTrait(pf, m_random.chance(60) ? kPhysnetA : kPhysnetB);
        if (m_random.chance(70))
            addTrait(pf, kDirect);
        if (m_random.chance(10))
            pf.aggregates = someAggregates(0, 0);
        use(pf);
        out.append(pf);
    }
}

void CandidateForestGenerator::use(ProviderData &provider)
{
    for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it) {
        const InventoryRecord &record = it.value();
        const qint64 capacity = record.capacity();
        const qint64 step = record.stepSizeOrDefault();
        const quint64 roll = m_random.below(100);
        qint64 used = 0;
        if (roll < 45) {
            continue;
        } else if (roll < 90) {
            used = m_random.between(0, capacity);
        } else if (roll < 95) {
            used = capacity; // full
        } else if (roll < 98) {
            used = capacity + m_random.between(1, 4); // overcommitted (the inventory shrank)
        } else {
            used = m_random.between(1, std::max<qint64>(1, capacity)); // maybe off the step
        }
        if (roll < 95)
            used -= used % step;
        if (used > 0)
            provider.usages.insert(it.key(), used);
    }
}

} // namespace provtree::testsupport
