#include "candidateindex.h"

#include <algorithm>

namespace provtree {

namespace {

const QString kSharingTrait = QStringLiteral("MISC_SHARES_VIA_AGGREGATE");

int intern(QHash<QString, int> &ids, const QString &name)
{
    const auto it = ids.constFind(name);
    if (it != ids.constEnd())
        return it.value();
    const int id = int(ids.size());
    ids.insert(name, id);
    return id;
}

} // namespace

bool CandidateIndex::Inventory::fits(qint64 amount) const
{
    // A step size below 1 cannot pass Placement's validation; SQL's "amount % 0" is NULL,
    // which fails the condition, so such a record fits nothing.
    if (stepSize < 1)
        return false;
    return double(used + amount) <= rawCapacity && minUnit <= amount && amount <= maxUnit
        && amount % stepSize == 0;
}

CandidateIndex::CandidateIndex(const QList<ProviderData> &providers)
{
    // Number the providers in uuid order: every list below is then in uuid order too,
    // which gives searches a deterministic order without sorting strings again.
    std::vector<int> order(size_t(providers.size()));
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return providers[a].uuid < providers[b].uuid; });
    // A snapshot has unique uuids; should one come twice, one record counts.
    order.erase(std::unique(order.begin(), order.end(),
                            [&](int a, int b) { return providers[a].uuid == providers[b].uuid; }),
                order.end());

    const size_t n = order.size();
    m_nodes.resize(n);
    m_uuids.reserve(n);
    m_summaries.resize(n);
    m_providerByUuid.reserve(qsizetype(n));
    for (size_t i = 0; i < n; ++i) {
        m_uuids.push_back(providers[order[i]].uuid);
        m_providerByUuid.insert(m_uuids.back(), int(i));
    }
    indexNames(providers, order);
    linkParents(providers, order);
    indexAnchors();
}

void CandidateIndex::indexNames(const QList<ProviderData> &providers, const std::vector<int> &order)
{
    for (size_t i = 0; i < order.size(); ++i) {
        const ProviderData &data = providers[order[i]];
        Node &node = m_nodes[i];
        node.traitsBegin = uint32_t(m_traits.size());
        for (const QString &trait : data.traits) {
            const int id = intern(m_traitIds, trait);
            if (size_t(id) >= m_byTrait.size())
                m_byTrait.resize(size_t(id) + 1);
            m_traits.push_back(id);
            m_byTrait[size_t(id)].push_back(int(i));
        }
        std::sort(m_traits.begin() + node.traitsBegin, m_traits.end());
        m_traits.erase(std::unique(m_traits.begin() + node.traitsBegin, m_traits.end()), m_traits.end());
        node.traitsEnd = uint32_t(m_traits.size());
        node.sharing = data.traits.contains(kSharingTrait);
        node.aggregatesBegin = uint32_t(m_aggregates.size());
        for (const QString &aggregate : data.aggregates) {
            const int id = intern(m_aggregateIds, aggregate);
            if (size_t(id) >= m_byAggregate.size())
                m_byAggregate.resize(size_t(id) + 1);
            m_aggregates.push_back(id);
            m_byAggregate[size_t(id)].push_back(int(i));
        }
        std::sort(m_aggregates.begin() + node.aggregatesBegin, m_aggregates.end());
        m_aggregates.erase(std::unique(m_aggregates.begin() + node.aggregatesBegin, m_aggregates.end()),
                           m_aggregates.end());
        node.aggregatesEnd = uint32_t(m_aggregates.size());

        ProviderSummary &summary = m_summaries[i];
        // Shared, not copied; a snapshot's traits are sorted (ProviderData), others are
        // sorted here.
        summary.traits = data.traits;
        if (!std::is_sorted(summary.traits.cbegin(), summary.traits.cend()))
            summary.traits.sort();
        node.inventoriesBegin = uint32_t(m_inventories.size());
        for (auto it = data.inventories.cbegin(); it != data.inventories.cend(); ++it) {
            const int id = intern(m_classIds, it.key());
            if (size_t(id) >= m_classNames.size()) {
                m_classNames.resize(size_t(id) + 1);
                m_byClass.resize(size_t(id) + 1);
                m_classNames[size_t(id)] = it.key();
            }
            const InventoryRecord &record = it.value();
            Inventory inventory;
            inventory.provider = int(i);
            inventory.resourceClass = id;
            inventory.used = data.usages.value(it.key(), 0);
            inventory.rawCapacity = double(record.totalOr0() - record.reservedOrDefault())
                * record.allocationRatioOrDefault();
            inventory.capacity = record.capacity();
            inventory.minUnit = record.minUnitOrDefault();
            inventory.maxUnit = record.maxUnitOrDefault();
            inventory.stepSize = record.stepSizeOrDefault();
            m_inventories.push_back(inventory);
            m_byClass[size_t(id)].push_back(inventory);
            // Inventories iterate in key order: append at the end.
            summary.resources.insert(summary.resources.cend(), it.key(), ResourceSummary{inventory.capacity, inventory.used});
        }
        node.inventoriesEnd = uint32_t(m_inventories.size());
    }
}

void CandidateIndex::linkParents(const QList<ProviderData> &providers, const std::vector<int> &order)
{
    const int n = int(m_nodes.size());
    for (int i = 0; i < n; ++i)
        m_nodes[size_t(i)].parent = providerOf(providers[order[size_t(i)]].parentUuid);
    // Roots by walking up; a parent that is missing from the snapshot, or a cycle (neither
    // passes the core's validation), makes the provider where the walk stops a root.
    std::vector<int> path;
    for (int i = 0; i < n; ++i) {
        if (m_nodes[size_t(i)].root >= 0)
            continue;
        path.clear();
        int at = i;
        while (at >= 0 && m_nodes[size_t(at)].root < 0) {
            path.push_back(at);
            m_nodes[size_t(at)].root = -2; // on the current path
            at = m_nodes[size_t(at)].parent;
        }
        int root;
        if (at < 0) {
            root = path.back();
        } else if (m_nodes[size_t(at)].root == -2) { // a cycle: cut it at `at`
            m_nodes[size_t(at)].parent = -1;
            root = at;
        } else {
            root = m_nodes[size_t(at)].root;
        }
        for (const int p : path)
            m_nodes[size_t(p)].root = root;
    }
    m_treeMembers.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
        Node &node = m_nodes[size_t(i)];
        m_treeMembers[size_t(node.root)].push_back(i);
        ProviderSummary &summary = m_summaries[size_t(i)];
        summary.parentUuid = node.parent >= 0 ? m_uuids[size_t(node.parent)] : QString();
        summary.rootUuid = m_uuids[size_t(node.root)];
    }
}

void CandidateIndex::indexAnchors()
{
    // Per aggregate, the roots of its members (the anchors it offers), sorted and unique.
    std::vector<std::vector<int>> rootsByAggregate(m_byAggregate.size());
    for (size_t a = 0; a < m_byAggregate.size(); ++a) {
        std::vector<int> &roots = rootsByAggregate[a];
        for (const int member : m_byAggregate[a])
            roots.push_back(root(member));
        std::sort(roots.begin(), roots.end());
        roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    }
    m_anchors.resize(m_nodes.size());
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        const Node &node = m_nodes[i];
        if (!node.sharing)
            continue;
        std::vector<int> &anchors = m_anchors[i];
        for (uint32_t at = node.aggregatesBegin; at < node.aggregatesEnd; ++at) {
            const int a = m_aggregates[at];
            anchors.insert(anchors.end(), rootsByAggregate[size_t(a)].begin(), rootsByAggregate[size_t(a)].end());
        }
        std::sort(anchors.begin(), anchors.end());
        anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
    }
}

const CandidateIndex::Inventory *CandidateIndex::inventory(int provider, int resourceClass) const
{
    const Node &node = m_nodes[size_t(provider)];
    for (uint32_t at = node.inventoriesBegin; at < node.inventoriesEnd; ++at) {
        if (m_inventories[at].resourceClass == resourceClass)
            return &m_inventories[at];
    }
    return nullptr;
}

bool CandidateIndex::hasTrait(int provider, int trait) const
{
    const Node &node = m_nodes[size_t(provider)];
    return trait >= 0 && std::binary_search(m_traits.begin() + node.traitsBegin, m_traits.begin() + node.traitsEnd, trait);
}

bool CandidateIndex::hasAnyTrait(int provider, const std::vector<int> &traits) const
{
    return std::any_of(traits.begin(), traits.end(), [&](int trait) { return hasTrait(provider, trait); });
}

bool CandidateIndex::inAggregate(int provider, int aggregate) const
{
    const Node &node = m_nodes[size_t(provider)];
    return aggregate >= 0
        && std::binary_search(m_aggregates.begin() + node.aggregatesBegin, m_aggregates.begin() + node.aggregatesEnd,
                              aggregate);
}

const std::vector<int> &CandidateIndex::anchorsOf(int sharingProvider) const
{
    return m_anchors[size_t(sharingProvider)];
}

bool CandidateIndex::isAncestorOrSelf(int ancestor, int provider) const
{
    for (int at = provider; at >= 0; at = m_nodes[size_t(at)].parent) {
        if (at == ancestor)
            return true;
    }
    return false;
}

} // namespace provtree
