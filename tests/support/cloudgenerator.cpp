#include "cloudgenerator.h"

#include <algorithm>

namespace provtree::testsupport {

namespace {

// Hosts that share one rack aggregate (and one shared storage pool).
constexpr qsizetype kHostsPerRack = 40;

InventoryRecord record(qint64 total, qint64 reserved, double allocationRatio, qint64 maxUnit = 0)
{
    InventoryRecord r;
    r.total = total;
    r.reserved = reserved;
    r.minUnit = 1;
    r.maxUnit = maxUnit > 0 ? maxUnit : total;
    r.stepSize = 1;
    r.allocationRatio = allocationRatio;
    return r;
}

QStringList sortedUnique(QStringList list)
{
    list.sort();
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

const QStringList &cpuTraits()
{
    static const QStringList traits{
        QStringLiteral("HW_CPU_HYPERTHREADING"), QStringLiteral("HW_CPU_X86_AESNI"),
        QStringLiteral("HW_CPU_X86_AVX"),        QStringLiteral("HW_CPU_X86_AVX2"),
        QStringLiteral("HW_CPU_X86_AVX512F"),    QStringLiteral("HW_CPU_X86_BMI"),
        QStringLiteral("HW_CPU_X86_BMI2"),       QStringLiteral("HW_CPU_X86_F16C"),
        QStringLiteral("HW_CPU_X86_FMA3"),       QStringLiteral("HW_CPU_X86_MMX"),
        QStringLiteral("HW_CPU_X86_SSE"),        QStringLiteral("HW_CPU_X86_SSE2"),
        QStringLiteral("HW_CPU_X86_SSE42"),      QStringLiteral("HW_CPU_X86_VMX"),
    };
    return traits;
}

const QStringList &computeTraits()
{
    static const QStringList traits{
        QStringLiteral("COMPUTE_ARCH_X86_64"),          QStringLiteral("COMPUTE_DEVICE_TAGGING"),
        QStringLiteral("COMPUTE_IMAGE_TYPE_QCOW2"),     QStringLiteral("COMPUTE_IMAGE_TYPE_RAW"),
        QStringLiteral("COMPUTE_NET_ATTACH_INTERFACE"), QStringLiteral("COMPUTE_NET_VIF_MODEL_VIRTIO"),
        QStringLiteral("COMPUTE_TRUSTED_CERTS"),        QStringLiteral("COMPUTE_VOLUME_EXTEND"),
        QStringLiteral("COMPUTE_VOLUME_MULTI_ATTACH"),
    };
    return traits;
}

const QStringList &gpuTraits()
{
    static const QStringList traits{
        QStringLiteral("HW_GPU_API_OPENGL_V4_5"),     QStringLiteral("HW_GPU_API_VULKAN"),
        QStringLiteral("HW_GPU_MAX_DISPLAY_HEADS_4"), QStringLiteral("HW_GPU_RESOLUTION_W3840H2160"),
    };
    return traits;
}

} // namespace

CloudGenerator::CloudGenerator(quint64 seed) : m_random(seed) {}

quint64 CloudGenerator::below(quint64 bound)
{
    return bound == 0 ? 0 : m_random() % bound;
}

QStringList CloudGenerator::pick(const QStringList &pool, qsizetype count)
{
    QStringList picked;
    for (qsizetype i = 0; i < count; ++i)
        picked.append(pool.at(qsizetype(below(quint64(pool.size())))));
    return picked; // callers sort and deduplicate
}

QString CloudGenerator::uuid()
{
    quint64 high = m_random();
    quint64 low = m_random();
    high = (high & ~quint64(0xf000)) | 0x4000;                            // version 4
    low = (low & ~(quint64(0xc) << 60)) | (quint64(0x8) << 60);           // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    QString text(36, QLatin1Char('-'));
    int nibble = 0;
    for (int i = 0; i < 36; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            continue;
        const quint64 word = nibble < 16 ? high : low;
        const int shift = 60 - 4 * (nibble % 16);
        text[i] = QLatin1Char(kHex[(word >> shift) & 0xf]);
        ++nibble;
    }
    return text;
}

ProviderData CloudGenerator::child(const ProviderData &parent, const QString &name)
{
    ProviderData provider;
    provider.uuid = uuid();
    provider.name = name;
    provider.generation = qint64(below(20));
    provider.parentUuid = parent.uuid;
    return provider;
}

void CloudGenerator::maybeUse(ProviderData &provider)
{
    // Most providers are partly used; some are nearly full (over 80 %), some idle.
    if (chance(30))
        return;
    const bool nearlyFull = chance(10);
    for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it) {
        const qint64 capacity = it.value().capacity();
        if (capacity <= 0)
            continue;
        const qint64 used = nearlyFull ? capacity - qint64(below(quint64(capacity / 10 + 1)))
                                       : qint64(below(quint64(capacity * 7 / 10 + 1)));
        if (used > 0)
            provider.usages.insert(it.key(), used);
    }
}

void CloudGenerator::addHost(QList<ProviderData> &out, qsizetype budget, const QString &rackAggregate)
{
    const QString host = QStringLiteral("cn-%1").arg(++m_hosts, 6, 10, QLatin1Char('0'));
    const qint64 cores = 16 * qint64(1 + below(6));
    const qint64 memoryMb = 65536 * qint64(1 + below(12));

    ProviderData root;
    root.uuid = uuid();
    root.name = host;
    root.generation = qint64(below(100));
    root.inventories.insert(QStringLiteral("VCPU"), record(cores, 0, 4.0));
    root.inventories.insert(QStringLiteral("MEMORY_MB"), record(memoryMb, 4096, 1.5));
    root.inventories.insert(QStringLiteral("DISK_GB"),
                            record(480 * qint64(1 + below(16)), 50, 1.0));
    root.traits = sortedUnique(pick(cpuTraits(), 6) + pick(computeTraits(), 5)
                               + QStringList{QStringLiteral("COMPUTE_NODE")});
    root.aggregates = {rackAggregate};
    maybeUse(root);
    out.append(root);
    qsizetype left = budget - 1;

    const qsizetype numaCells = qsizetype(below(3)); // 0, 1 or 2
    for (qsizetype cell = 0; cell < numaCells && left > 0; ++cell, --left) {
        ProviderData numa = child(root, host + QStringLiteral("_numa%1").arg(cell));
        numa.inventories.insert(QStringLiteral("VCPU"), record(cores / 4, 0, 4.0));
        numa.inventories.insert(QStringLiteral("PCPU"), record(cores / 4, 0, 1.0));
        numa.inventories.insert(QStringLiteral("MEMORY_MB"), record(memoryMb / 2, 1024, 1.0));
        numa.traits = {QStringLiteral("HW_NUMA_ROOT")};
        maybeUse(numa);
        out.append(numa);
    }

    const qsizetype gpus = chance(25) ? qsizetype(1 + below(2)) : 0;
    for (qsizetype gpu = 0; gpu < gpus && left > 0; ++gpu, --left) {
        ProviderData device = child(root, host + QStringLiteral("_pci_0000_%1_00_0")
                                                    .arg(0x3b + 0x74 * gpu, 2, 16, QLatin1Char('0')));
        device.inventories.insert(QStringLiteral("VGPU"), record(16, 0, 1.0));
        device.inventories.insert(QStringLiteral("VGPU_DISPLAY_HEAD"), record(64, 0, 1.0));
        device.traits = sortedUnique(gpuTraits() + QStringList{QStringLiteral("CUSTOM_NVIDIA_35")});
        maybeUse(device);
        out.append(device);
    }

    if (left > 0 && chance(60)) {
        const bool sriov = chance(30);
        ProviderData nic = child(root, host + (sriov ? QStringLiteral(":NIC Switch agent:ens5f0")
                                                     : QStringLiteral(":Open vSwitch agent:br-ex")));
        const qint64 kbps = sriov ? 25000000 : 10000000;
        nic.inventories.insert(QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC"), record(kbps, 0, 1.0));
        nic.inventories.insert(QStringLiteral("NET_BW_IGR_KILOBIT_PER_SEC"), record(kbps, 0, 1.0));
        nic.traits = sriov ? QStringList{QStringLiteral("CUSTOM_PHYSNET_SRIOV1"),
                                         QStringLiteral("CUSTOM_VNIC_TYPE_DIRECT")}
                           : QStringList{QStringLiteral("CUSTOM_PHYSNET_PUBLIC"),
                                         QStringLiteral("CUSTOM_VNIC_TYPE_NORMAL")};
        maybeUse(nic);
        out.append(nic);
    }
}

void CloudGenerator::addStoragePool(QList<ProviderData> &out, const QString &rackAggregate)
{
    ProviderData pool;
    pool.uuid = uuid();
    pool.name = QStringLiteral("ceph-pool-%1").arg(++m_pools, 4, 10, QLatin1Char('0'));
    pool.generation = qint64(below(500));
    pool.inventories.insert(QStringLiteral("DISK_GB"), record(204800, 2048, 1.0, 20480));
    pool.traits = {QStringLiteral("MISC_SHARES_VIA_AGGREGATE"), QStringLiteral("STORAGE_DISK_SSD")};
    pool.aggregates = {rackAggregate};
    maybeUse(pool);
    out.append(pool);
}

QList<ProviderData> CloudGenerator::cloud(qsizetype count)
{
    QList<ProviderData> out;
    out.reserve(count);
    QString rackAggregate;
    qsizetype hostsInRack = kHostsPerRack;
    while (out.size() < count) {
        if (hostsInRack == kHostsPerRack) {
            rackAggregate = uuid();
            hostsInRack = 0;
            addStoragePool(out, rackAggregate);
            continue;
        }
        addHost(out, count - out.size(), rackAggregate);
        ++hostsInRack;
    }
    return out;
}

QList<ProviderData> CloudGenerator::chain(qsizetype depth)
{
    QList<ProviderData> out;
    out.reserve(depth);
    for (qsizetype level = 0; level < depth; ++level) {
        ProviderData link;
        link.uuid = uuid();
        link.name = QStringLiteral("chain-%1").arg(level);
        link.parentUuid = level == 0 ? QString() : out.constLast().uuid;
        link.inventories.insert(QStringLiteral("VCPU"), record(4, 0, 1.0));
        out.append(link);
    }
    return out;
}

} // namespace provtree::testsupport
