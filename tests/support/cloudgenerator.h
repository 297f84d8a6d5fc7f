#pragma once

#include "providerdata.h"

#include <QList>
#include <QString>

#include <random>

namespace provtree::testsupport {

// Generates realistic provider trees for benchmarks and property tests: compute nodes
// (VCPU, MEMORY_MB, DISK_GB and CPU traits) with NUMA-cell children (VCPU, PCPU,
// MEMORY_MB), GPU children (VGPU, VGPU_DISPLAY_HEAD), bandwidth children of a Neutron
// agent-style name (NET_BW_EGR/IGR_KILOBIT_PER_SEC, CUSTOM_PHYSNET_* traits), and shared
// storage pools (DISK_GB + MISC_SHARES_VIA_AGGREGATE) in the aggregate of their rack.
// Every record is valid by Placement's rules, names and uuids are unique, traits and
// aggregates are sorted, and some providers carry usages (a few above 80 %).
//
// Deterministic: the same seed and calls give the same records on every platform (no
// std::uniform_*_distribution, whose output differs between standard libraries).
// Not thread-safe; use one generator per thread. serialiseSnapshot() (snapshotwriter.h)
// turns the records into a snapshot document.
class CloudGenerator
{
public:
    explicit CloudGenerator(quint64 seed = 1);

    // Exactly `count` providers, top-down (parents before children).
    [[nodiscard]] QList<ProviderData> cloud(qsizetype count);

    // One root and `depth - 1` descendants, each the only child of the one before:
    // the deepest tree there is, top-down. Each link has a small VCPU inventory.
    [[nodiscard]] QList<ProviderData> chain(qsizetype depth);

    // A random canonical (lower-case, version 4) uuid.
    [[nodiscard]] QString uuid();

private:
    void addHost(QList<ProviderData> &out, qsizetype budget, const QString &rackAggregate);
    void addStoragePool(QList<ProviderData> &out, const QString &rackAggregate);
    ProviderData child(const ProviderData &parent, const QString &name);
    void maybeUse(ProviderData &provider);
    [[nodiscard]] quint64 below(quint64 bound); // uniform-ish in [0, bound)
    [[nodiscard]] bool chance(int percent) { return below(100) < quint64(percent); }
    [[nodiscard]] QStringList pick(const QStringList &pool, qsizetype count);

    std::mt19937_64 m_random;
    qsizetype m_hosts = 0;
    qsizetype m_pools = 0;
};

} // namespace provtree::testsupport
