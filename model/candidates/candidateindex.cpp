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

bool sortedContains(const std::vector<int> &sorted, int value)
{
    return std::binary_search(sorted.begin(), sorted.end(), value);
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
    QList<ProviderData> sorted = providers;
    std::sort(sorted.begin(), sorted.end(),
              [](const ProviderData &a, const ProviderData &b) { return a.uuid < b.uuid; });
    // A snapshot has unique uuids; should one come twice, the first record counts.
    sorted.erase(std::unique(sorted.begin(), sorted.end(),
                             [](const ProviderData &a, const ProviderData &b) { return a.uuid == b.uuid; }),
                 sorted.end());

    const size_t n = size_t(sorted.size());
    m_nodes.resize(n);
    m_uuids.reserve(n);
    m_summaries.resize(n);
    m_providerByUuid.reserve(qsizetype(n));
    for (size_t i = 0; i < n; ++i) {
        m_uuids.push_back(sorted[qsizetype(i)].uuid);
        m_providerByUuid.insert(m_uuids.back(), int(i));
    }
    indexNames(sorted);
    linkParents(sorted);
    indexAnchors();
}

void CandidateIndex::indexNames(const QList<ProviderData> &sorted)
{
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        const ProviderData &data = sorted[i];
        Node &node = m_nodes[size_t(i)];
        for (const QString &trait : data.traits) {
            const int id = intern(m_traitIds, trait);
            if (size_t(id) >= m_byTrait.size())
                m_byTrait.resize(size_t(id) + 1);
            node.traits.push_back(id);
            m_byTrait[size_t(id)].push_back(int(i));
        }
        std::sort(node.traits.begin(), node.traits.end());
        node.traits.erase(std::unique(node.traits.begin(), node.traits.end()), node.traits.end());
        node.sharing = data.traits.contains(kSharingTrait);
        for (const QString &aggregate : data.aggregates) {
            const int id = intern(m_aggregateIds, aggregate);
            if (size_t(id) >= m_byAggregate.size())
                m_byAggregate.resize(size_t(id) + 1);
            node.aggregates.push_back(id);
            m_byAggregate[size_t(id)].push_back(int(i));
        }
        std::sort(node.aggregates.begin(), node.aggregates.end());
        node.aggregates.erase(std::unique(node.aggregates.begin(), node.aggregates.end()),
                              node.aggregates.end());

        ProviderSummary &summary = m_summaries[size_t(i)];
        summary.traits = data.traits;
        summary.traits.sort();
        for (auto it = data.inventories.cbegin(); it != data.inventories.cend(); ++it) {
            const int id = intern(m_classIds, it.key());
            if (size_t(id) >= m_classNames.size()) {
                m_classNames.resize(size_t(id) + 1);
                m_byClass.resize(size_t(id) + 1);
            }
            m_classNames[size_t(id)] = it.key();
            const InventoryRecord record = it.value().effective();
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
            node.inventories.push_back(int(m_inventories.size()));
            m_inventories.push_back(inventory);
            m_byClass[size_t(id)].push_back(inventory);
            summary.resources.insert(it.key(), ResourceSummary{inventory.capacity, inventory.used});
        }
    }
}

void CandidateIndex::linkParents(const QList<ProviderData> &sorted)
{
    const int n = int(m_nodes.size());
    for (int i = 0; i < n; ++i)
        m_nodes[size_t(i)].parent = providerOf(sorted[i].parentUuid);
    // Roots by walking up; a parent that is missing from the snapshot, or a cycle (neither
    // passes the core's validation), makes the provider where the walk stops a root.
    std::vector<int> path;
    for (int i = 0; i < n; ++i) {
        if (m_nodes[size_t(i)].root >= 0)
            continue;
        path.clear();
        int at = i;
        while (at >= 0 && m_nodes[size_t(at)].root < 0 && int(path.size()) <= n) {
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
        for (const int a : node.aggregates)
            anchors.insert(anchors.end(), rootsByAggregate[size_t(a)].begin(), rootsByAggregate[size_t(a)].end());
        std::sort(anchors.begin(), anchors.end());
        anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
    }
}

const CandidateIndex::Inventory *CandidateIndex::inventory(int provider, int resourceClass) const
{
    for (const int at : m_nodes[size_t(provider)].inventories) {
        const Inventory &inventory = m_inventories[size_t(at)];
        if (inventory.resourceClass == resourceClass)
            return &inventory;
    }
    return nullptr;
}

bool CandidateIndex::hasTrait(int provider, int trait) const
{
    return trait >= 0 && sortedContains(m_nodes[size_t(provider)].traits, trait);
}

bool CandidateIndex::inAggregate(int provider, int aggregate) const
{
    return aggregate >= 0 && sortedContains(m_nodes[size_t(provider)].aggregates, aggregate);
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
