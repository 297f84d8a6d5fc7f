#include "providerkind.h"

#include <algorithm>

namespace provtree {

namespace {

bool hasTrait(const ProviderData &p, QLatin1StringView trait)
{
    return std::binary_search(p.traits.cbegin(), p.traits.cend(), QString(trait));
}

bool anyTraitStartsWith(const ProviderData &p, QLatin1StringView prefix)
{
    return std::any_of(p.traits.cbegin(), p.traits.cend(),
                       [prefix](const QString &t) { return t.startsWith(prefix); });
}

bool anyClassStartsWith(const ProviderData &p, QLatin1StringView prefix)
{
    const auto keys = p.inventories.keys();
    return std::any_of(keys.cbegin(), keys.cend(), [prefix](const QString &rc) { return rc.startsWith(prefix); });
}

bool hasClass(const ProviderData &p, QLatin1StringView rc)
{
    return p.inventories.contains(QString(rc));
}

bool hasComputeClasses(const ProviderData &p)
{
    return hasClass(p, QLatin1StringView("VCPU")) || hasClass(p, QLatin1StringView("PCPU"))
        || hasClass(p, QLatin1StringView("MEMORY_MB"));
}

} // namespace

ProviderKind providerKind(const ProviderData &p)
{
    if (hasTrait(p, QLatin1StringView("MISC_SHARES_VIA_AGGREGATE")))
        return ProviderKind::Sharing;
    if (hasClass(p, QLatin1StringView("VGPU")) || hasClass(p, QLatin1StringView("PGPU"))
        || anyTraitStartsWith(p, QLatin1StringView("HW_GPU_")))
        return ProviderKind::Gpu;
    if (anyClassStartsWith(p, QLatin1StringView("NET_BW_"))
        || anyClassStartsWith(p, QLatin1StringView("NET_PACKET_RATE_"))
        || hasClass(p, QLatin1StringView("SRIOV_NET_VF"))
        || anyTraitStartsWith(p, QLatin1StringView("CUSTOM_PHYSNET_"))
        || anyTraitStartsWith(p, QLatin1StringView("CUSTOM_VNIC_TYPE_")))
        return ProviderKind::Network;
    if (hasTrait(p, QLatin1StringView("HW_NUMA_ROOT")) || (!p.isRoot() && hasComputeClasses(p)))
        return ProviderKind::NumaNode;
    if (p.isRoot() && (hasComputeClasses(p) || anyTraitStartsWith(p, QLatin1StringView("COMPUTE_"))))
        return ProviderKind::ComputeNode;
    return ProviderKind::Other;
}

QString kindLabel(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::ComputeNode: return QStringLiteral("compute node");
    case ProviderKind::NumaNode: return QStringLiteral("NUMA node");
    case ProviderKind::Gpu: return QStringLiteral("GPU");
    case ProviderKind::Network: return QStringLiteral("network / bandwidth");
    case ProviderKind::Sharing: return QStringLiteral("sharing provider");
    case ProviderKind::Other: return QStringLiteral("provider");
    }
    return QStringLiteral("provider");
}

bool isNovaManaged(const ProviderData &p)
{
    return hasTrait(p, QLatin1StringView("OWNER_NOVA")) || providerKind(p) == ProviderKind::ComputeNode;
}

} // namespace provtree
