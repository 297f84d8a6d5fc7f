#pragma once

#include "providerdata.h"
#include "seededrandom.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace provtree::testsupport {

// A small provider forest for comparing allocation candidates with the real Placement,
// with what a request may name besides the providers themselves.
struct CandidateForest
{
    quint64 seed = 0;
    QList<ProviderData> providers; // top-down: every parent before its children
    QStringList aggregates;        // the aggregate pool (uuids); some are on no provider
    QStringList traits;            // the trait pool; some are on no provider
    QStringList customTraits;      // the CUSTOM_ traits of the pool (Placement must know them)
    QStringList customResourceClasses; // the CUSTOM_ classes of the providers
};

// `providers` (any valid records, a CloudGenerator cloud say) as a forest: the pools are
// what the providers have (traits, aggregates, custom classes and traits).
[[nodiscard]] CandidateForest forestFrom(QList<ProviderData> providers);

// Generates random provider forests for GET /allocation_candidates (issue 11's fidelity
// test): compute nodes without and with NUMA children (VCPU, PCPU, MEMORY_MB), GPUs (VGPU,
// on the root or under a NUMA node), SR-IOV NICs (an inventory-less agent provider with
// physical functions below: SRIOV_NET_VF, NET_BW_EGR_KILOBIT_PER_SEC, physnet traits), a
// custom accelerator class, and sharing providers (DISK_GB, IPV4_ADDRESS with
// MISC_SHARES_VIA_AGGREGATE) in aggregates shared with some compute nodes, and in some
// forests one inside a tree. Traits come from
// a small pool and aggregates from a pool of four, so that required and forbidden traits
// and member_of hit often. Inventories vary reserved, min_unit, max_unit, step_size and the
// allocation ratio (fractional ratios included: capacity truncates); usages are random,
// a few at or above capacity or off the step size.
//
// Every record is complete as Placement returns it (all six inventory fields, usages
// without zeros, sorted traits and aggregates) and valid by Placement's rules (errors;
// usage above capacity is only a warning there too), so a forest loaded into Placement and
// pulled back compares equal except for generations.
//
// Deterministic: the same seed and size give the same forest on every platform. Not
// thread-safe; one generator per thread.
class CandidateForestGenerator
{
public:
    static constexpr qsizetype kMinSize = 20;
    static constexpr qsizetype kMaxSize = 150;

    explicit CandidateForestGenerator(quint64 seed);

    // A forest of a random size in [kMinSize, kMaxSize].
    [[nodiscard]] CandidateForest forest();
    // A forest of a random size in [kMinSize, largest] (kMinSize if largest is smaller).
    [[nodiscard]] CandidateForest forestUpTo(qsizetype largest);
    // A forest of exactly `size` providers (at least 4: the sharing providers come first).
    [[nodiscard]] CandidateForest forest(qsizetype size);

private:
    void addSharingProviders(QList<ProviderData> &out);
    void addHost(QList<ProviderData> &out, qsizetype budget);
    void addNic(QList<ProviderData> &out, const ProviderData &parent, qsizetype &left);
    ProviderData provider(const QString &name, const QString &parentUuid = {});
    void use(ProviderData &provider);
    [[nodiscard]] QStringList someAggregates(int nonePercent, int twoPercent);

    SeededRandom m_random;
    quint64 m_seed;
    QStringList m_aggregates; // this forest's pool
    bool m_nestedSharingLeft = false; // this forest may still get a sharing provider inside a tree
    int m_hosts = 0;
    int m_children = 0;
    int m_pools = 0;
};

} // namespace provtree::testsupport
