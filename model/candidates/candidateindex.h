#pragma once

#include "candidateresult.h"
#include "providerdata.h"

#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

namespace provtree {

// The immutable index CandidateSearch answers from: one provider snapshot with its names
// interned to small integers, providers numbered in uuid order (so that walking indexes
// walks uuids), and the lists a search starts from (providers per resource class, per
// trait, per aggregate; the anchors of every sharing provider; the members of every tree),
// built once in O(n log n). It mirrors what Placement reads from its tables; the rules of
// the search live in groupcandidates.cpp and candidatesearch.cpp.
//
// Built on any thread; afterwards only const members are used, so any number of threads
// may read it at once.
class CandidateIndex
{
public:
    explicit CandidateIndex(const QList<ProviderData> &providers);

    // One inventory record with Placement's defaults applied.
    struct Inventory
    {
        int provider = -1;
        int resourceClass = -1;
        qint64 used = 0;
        // (total - reserved) * allocation_ratio before truncation: the per-group query
        // compares used + amount with it as a float (research_context.py,
        // _capacity_check_clause).
        double rawCapacity = 0;
        // int(rawCapacity): the provider summary's capacity, which the check of merged
        // requests uses (allocation_candidate.py, _build_provider_summaries;
        // research_context.py, RequestWideSearchContext.exceeds_capacity).
        qint64 capacity = 0;
        qint64 minUnit = 1;
        qint64 maxUnit = 0;
        qint64 stepSize = 1;

        // Whether `amount` of this class fits for one request group: Placement's
        // get_providers_with_resource (research_context.py): used + amount <= (total -
        // reserved) * allocation_ratio, min_unit <= amount <= max_unit, amount % step_size
        // == 0.
        [[nodiscard]] bool fits(qint64 amount) const;
    };

    struct Node
    {
        int parent = -1; // -1 for a root (or a provider whose parent is not in the snapshot)
        int root = -1;
        bool sharing = false; // has MISC_SHARES_VIA_AGGREGATE
        // Ranges of the flat lists: sorted trait ids, sorted aggregate ids, inventories.
        uint32_t traitsBegin = 0, traitsEnd = 0;
        uint32_t aggregatesBegin = 0, aggregatesEnd = 0;
        uint32_t inventoriesBegin = 0, inventoriesEnd = 0;
    };

    [[nodiscard]] int providerCount() const { return int(m_nodes.size()); }
    [[nodiscard]] const Node &node(int provider) const { return m_nodes[size_t(provider)]; }
    [[nodiscard]] const QString &uuid(int provider) const { return m_uuids[size_t(provider)]; }
    [[nodiscard]] int root(int provider) const { return m_nodes[size_t(provider)].root; }
    [[nodiscard]] int providerOf(const QString &uuid) const { return m_providerByUuid.value(uuid, -1); }

    // Interned names; -1 when no provider of the snapshot has that name.
    [[nodiscard]] int classId(const QString &name) const { return m_classIds.value(name, -1); }
    [[nodiscard]] int traitId(const QString &name) const { return m_traitIds.value(name, -1); }
    [[nodiscard]] int aggregateId(const QString &uuid) const { return m_aggregateIds.value(uuid, -1); }
    [[nodiscard]] const QString &className(int id) const { return m_classNames[size_t(id)]; }

    // The inventories of one class, in provider order.
    [[nodiscard]] const std::vector<Inventory> &inventoriesOf(int resourceClass) const
    {
        return m_byClass[size_t(resourceClass)];
    }
    // The inventory of `resourceClass` on `provider`, or null.
    [[nodiscard]] const Inventory *inventory(int provider, int resourceClass) const;

    [[nodiscard]] bool hasTrait(int provider, int trait) const;
    // Whether `provider` has at least one of `traits` (an any-of set, or a forbidden list).
    [[nodiscard]] bool hasAnyTrait(int provider, const std::vector<int> &traits) const;
    [[nodiscard]] bool inAggregate(int provider, int aggregate) const;
    // Providers that have `trait` / are in `aggregate`, in provider order.
    [[nodiscard]] const std::vector<int> &providersWithTrait(int trait) const
    {
        return m_byTrait[size_t(trait)];
    }
    [[nodiscard]] const std::vector<int> &providersInAggregate(int aggregate) const
    {
        return m_byAggregate[size_t(aggregate)];
    }

    // The roots of every tree that has a provider in an aggregate of `sharingProvider`
    // (its own root included when it is in an aggregate at all), sorted: Placement's
    // anchors_for_sharing_providers (research_context.py). Empty for other providers.
    [[nodiscard]] const std::vector<int> &anchorsOf(int sharingProvider) const;

    // The providers of the tree whose root is `root`, in provider order.
    [[nodiscard]] const std::vector<int> &treeMembers(int root) const
    {
        return m_treeMembers[size_t(root)];
    }

    // The provider's summary at 1.39, prepared once (implicitly shared: copies are cheap).
    [[nodiscard]] const ProviderSummary &summary(int provider) const { return m_summaries[size_t(provider)]; }

    // True if `ancestor` is `provider` or one of its ancestors.
    [[nodiscard]] bool isAncestorOrSelf(int ancestor, int provider) const;

private:
    void indexNames(const QList<ProviderData> &providers, const std::vector<int> &order);
    void linkParents(const QList<ProviderData> &providers, const std::vector<int> &order);
    void indexAnchors();

    std::vector<Node> m_nodes;
    std::vector<QString> m_uuids;
    std::vector<ProviderSummary> m_summaries;
    QHash<QString, int> m_providerByUuid;

    QHash<QString, int> m_classIds;
    QHash<QString, int> m_traitIds;
    QHash<QString, int> m_aggregateIds;
    std::vector<QString> m_classNames;

    std::vector<int> m_traits;                // per provider's range, sorted ids
    std::vector<int> m_aggregates;            // per provider's range, sorted ids
    std::vector<Inventory> m_inventories;     // all, in provider order
    std::vector<std::vector<Inventory>> m_byClass;
    std::vector<std::vector<int>> m_byTrait;
    std::vector<std::vector<int>> m_byAggregate;
    std::vector<std::vector<int>> m_anchors;  // per provider; empty unless sharing
    std::vector<std::vector<int>> m_treeMembers; // per provider; empty unless a root
};

} // namespace provtree
