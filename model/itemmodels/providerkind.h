#pragma once

#include "providerdata.h"

#include <QString>

namespace provtree {

// What a provider is, as an operator would name it, derived from its inventories, traits
// and position (Placement itself has no such field). Used for icons, filters and hints.
enum class ProviderKind {
    ComputeNode, // a root with VCPU/PCPU/MEMORY_MB or COMPUTE_* traits
    NumaNode,    // HW_NUMA_ROOT, or a child with VCPU/PCPU/MEMORY_MB
    Gpu,         // VGPU/PGPU inventory or HW_GPU_* traits
    Network,     // NET_BW_* / NET_PACKET_RATE_* inventory, SR-IOV or physnet traits
    Sharing,     // MISC_SHARES_VIA_AGGREGATE (e.g. shared storage)
    Other,
};

[[nodiscard]] ProviderKind providerKind(const ProviderData &provider);
[[nodiscard]] QString kindLabel(ProviderKind kind); // "compute node", "NUMA node", ...
// Whether nova's resource tracker owns this provider and rewrites some of its
// inventory fields (total, reserved, max_unit) on every periodic update.
[[nodiscard]] bool isNovaManaged(const ProviderData &provider);

} // namespace provtree
