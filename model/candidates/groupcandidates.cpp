#include "groupcandidates.h"

#include <algorithm>

namespace provtree::candidates {

namespace {

// One (provider, anchor root) pair that can give one class of the unsuffixed group
// (Placement's RPCandidate: id, root_id, rc_id; the class is the position in the group).
struct Nominee
{
    int provider;
    int anchor;
};

// Placement's provider_ids_matching_aggregates for member_of: the provider on its own is in
// at least one aggregate of every any-of list.
bool matchesMemberOf(const CandidateIndex &index, int provider, const std::vector<std::vector<int>> &memberOf)
{
    for (const std::vector<int> &anyOf : memberOf) {
        if (std::none_of(anyOf.begin(), anyOf.end(),
                         [&](int aggregate) { return index.inAggregate(provider, aggregate); }))
            return false;
    }
    return true;
}

// Placement's provider_ids_matching_aggregates([forbidden_aggs]): in any of them.
bool inForbiddenAggregate(const CandidateIndex &index, int provider, const std::vector<int> &forbidden)
{
    return std::any_of(forbidden.begin(), forbidden.end(),
                       [&](int aggregate) { return index.inAggregate(provider, aggregate); });
}

bool hasAnyTrait(const CandidateIndex &index, int provider, const std::vector<int> &traits)
{
    return std::any_of(traits.begin(), traits.end(), [&](int trait) { return index.hasTrait(provider, trait); });
}

// Placement's provider_ids_matching_required_traits: the provider on its own has one trait
// of every any-of set.
bool hasRequiredTraits(const CandidateIndex &index, int provider, const std::vector<std::vector<int>> &required)
{
    return std::all_of(required.begin(), required.end(),
                       [&](const std::vector<int> &anyOf) { return hasAnyTrait(index, provider, anyOf); });
}

// Sorts candidates by anchor, keeping the order within an anchor (a counting sort: the
// anchors are provider indexes).
void sortByAnchor(std::vector<GroupCandidate> &candidates, int providerCount)
{
    std::vector<int> start(size_t(providerCount) + 1, 0);
    for (const GroupCandidate &c : candidates)
        ++start[size_t(c.anchor) + 1];
    for (size_t i = 1; i < start.size(); ++i)
        start[i] += start[i - 1];
    std::vector<GroupCandidate> sorted(candidates.size());
    for (GroupCandidate &c : candidates) {
        const size_t at = size_t(start[size_t(c.anchor)]++);
        sorted[at] = std::move(c);
    }
    candidates = std::move(sorted);
}

// _check_traits_for_alloc_request (allocation_candidate.py): no provider of the combination
// has a forbidden trait, and the union of their traits meets every required any-of set.
bool combinationHasTraits(const CandidateIndex &index, const ResolvedGroup &group, const std::vector<int> &providers)
{
    for (const int p : providers) {
        if (hasAnyTrait(index, p, group.forbiddenTraits))
            return false;
    }
    for (const std::vector<int> &anyOf : group.required) {
        const bool met = std::any_of(providers.begin(), providers.end(),
                                     [&](int p) { return hasAnyTrait(index, p, anyOf); });
        if (!met)
            return false;
    }
    return true;
}

// The (provider, anchor) pairs that can give `amount` of `resourceClass` to the unsuffixed
// group: get_trees_matching_all's loop body for one class (research_context.py).
std::vector<Nominee> nomineesFor(const CandidateIndex &index, const ResolvedGroup &group,
                                 const AnchorFilter &anchors, int resourceClass, qint64 amount)
{
    const bool memberOf = !group.memberOf.empty();
    const bool forbiddenAggs = !group.forbiddenAggregates.empty();
    // Rule 3: the provider itself or its anchor root matches member_of on its own; neither
    // is in a forbidden aggregate (RPCandidateList.filter_by_rp_or_tree / _nor_tree).
    const auto keep = [&](int provider, int anchor) {
        if (!anchors.accepts(index, anchor))
            return false;
        if (memberOf && !matchesMemberOf(index, provider, group.memberOf)
            && !matchesMemberOf(index, anchor, group.memberOf))
            return false;
        if (forbiddenAggs && (inForbiddenAggregate(index, provider, group.forbiddenAggregates)
                              || inForbiddenAggregate(index, anchor, group.forbiddenAggregates)))
            return false;
        return true;
    };
    std::vector<Nominee> nominees;
    for (const CandidateIndex::Inventory &inventory : index.inventoriesOf(resourceClass)) {
        const int p = inventory.provider;
        const int root = index.root(p);
        // Rule 4: in_tree limits the providers to the named tree (get_providers_with_resource).
        if (group.inTreeRoot >= 0 && root != group.inTreeRoot)
            continue;
        if (!inventory.fits(amount)) // rule 1
            continue;
        if (keep(p, root))
            nominees.push_back({p, root});
        // Rule 2: a sharing provider with capacity also serves every tree it shares an
        // aggregate with, unless in_tree is given; with member_of only if it matches it
        // itself (get_rps_with_shared_capacity, anchors_for_sharing_providers).
        if (group.inTreeRoot >= 0 || !index.node(p).sharing)
            continue;
        if (memberOf && !matchesMemberOf(index, p, group.memberOf))
            continue;
        for (const int anchor : index.anchorsOf(p)) {
            if (anchor != root && keep(p, anchor))
                nominees.push_back({p, anchor});
        }
    }
    return nominees;
}

} // namespace

bool AnchorFilter::accepts(const CandidateIndex &index, int root) const
{
    if (!active)
        return true;
    if (impossible)
        return false;
    for (const int trait : required) {
        if (!index.hasTrait(root, trait))
            return false;
    }
    for (const int trait : forbidden) {
        if (index.hasTrait(root, trait))
            return false;
    }
    return true;
}

std::vector<GroupCandidate> unsuffixedCandidates(const CandidateIndex &index, const ResolvedGroup &group,
                                                 const AnchorFilter &anchors)
{
    // A resourceless unsuffixed group is refused by Placement (lib.py,
    // _check_resourceless_suffix: '' cannot be in same_subtree); were it asked, its
    // get_trees_matching_all would find nothing.
    if (group.impossible || group.resources.empty())
        return {};
    const int n = index.providerCount();
    const int classes = int(group.resources.size());

    // Per class, the nominees; an anchor survives if every class has one
    // (RPCandidateList.merge_common_trees). seen[a] counts the classes seen so far.
    std::vector<std::vector<Nominee>> perClass;
    perClass.reserve(size_t(classes));
    std::vector<int> seen(size_t(n), 0);
    for (int k = 0; k < classes; ++k) {
        const auto &[resourceClass, amount] = group.resources[size_t(k)];
        perClass.push_back(nomineesFor(index, group, anchors, resourceClass, amount));
        bool any = false;
        for (const Nominee &nominee : perClass.back()) {
            int &count = seen[size_t(nominee.anchor)];
            if (count == k) {
                count = k + 1;
                any = true;
            }
        }
        if (!any)
            return {};
    }

    // Bucket the surviving nominees by anchor, class after class (a stable counting sort):
    // within an anchor, each class's providers are then contiguous and in provider order.
    std::vector<int> start(size_t(n) + 1, 0);
    for (const std::vector<Nominee> &nominees : perClass) {
        for (const Nominee &nominee : nominees) {
            if (seen[size_t(nominee.anchor)] == classes)
                ++start[size_t(nominee.anchor) + 1];
        }
    }
    for (size_t i = 1; i < start.size(); ++i)
        start[i] += start[i - 1];
    struct Entry
    {
        int klass;
        int provider;
    };
    std::vector<Entry> entries(size_t(start.back()));
    std::vector<int> fill(start.begin(), start.end() - 1);
    for (int k = 0; k < classes; ++k) {
        for (const Nominee &nominee : perClass[size_t(k)]) {
            if (seen[size_t(nominee.anchor)] == classes)
                entries[size_t(fill[size_t(nominee.anchor)]++)] = {k, nominee.provider};
        }
    }
    perClass.clear();

    // Per anchor: every combination of one provider per class (itertools.product in
    // _alloc_candidates_multiple_providers), kept if the combination meets the traits.
    std::vector<GroupCandidate> out;
    const bool checkTraits = !group.required.empty() || !group.forbiddenTraits.empty();
    const auto width = static_cast<size_t>(classes);
    std::vector<size_t> first(width), last(width), at(width);
    std::vector<int> providers;
    for (int anchor = 0; anchor < n; ++anchor) {
        if (seen[size_t(anchor)] != classes)
            continue;
        size_t pos = size_t(start[size_t(anchor)]);
        for (int k = 0; k < classes; ++k) {
            first[size_t(k)] = pos;
            while (pos < size_t(start[size_t(anchor) + 1]) && entries[pos].klass == k)
                ++pos;
            last[size_t(k)] = pos;
            at[size_t(k)] = first[size_t(k)];
        }
        while (true) {
            providers.clear();
            for (int k = 0; k < classes; ++k)
                providers.push_back(entries[at[size_t(k)]].provider);
            std::vector<int> unique = providers;
            std::sort(unique.begin(), unique.end());
            unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
            if (!checkTraits || combinationHasTraits(index, group, unique)) {
                GroupCandidate candidate;
                candidate.anchor = anchor;
                candidate.allocs.reserve(size_t(classes));
                for (int k = 0; k < classes; ++k) {
                    const auto &[resourceClass, amount] = group.resources[size_t(k)];
                    candidate.allocs.push_back({providers[size_t(k)], resourceClass, amount});
                }
                std::sort(candidate.allocs.begin(), candidate.allocs.end(), [](const Alloc &a, const Alloc &b) {
                    return a.provider != b.provider ? a.provider < b.provider : a.resourceClass < b.resourceClass;
                });
                candidate.providers = std::move(unique);
                out.push_back(std::move(candidate));
            }
            // Next combination (the last class turns fastest).
            int k = classes - 1;
            while (k >= 0 && ++at[size_t(k)] == last[size_t(k)]) {
                at[size_t(k)] = first[size_t(k)];
                --k;
            }
            if (k < 0)
                break;
        }
    }
    return out;
}

std::vector<GroupCandidate> granularCandidates(const CandidateIndex &index, const ResolvedGroup &group,
                                               const AnchorFilter &anchors)
{
    if (group.impossible)
        return {};
    std::vector<GroupCandidate> out;
    // _alloc_candidates_single_provider: the provider's own tree if its root is an
    // acceptable anchor, and, for a sharing provider, every other tree it shares an
    // aggregate with (rule 5).
    const auto offer = [&](int p) {
        GroupCandidate candidate;
        for (const auto &[resourceClass, amount] : group.resources)
            candidate.allocs.push_back({p, resourceClass, amount});
        std::sort(candidate.allocs.begin(), candidate.allocs.end(),
                  [](const Alloc &a, const Alloc &b) { return a.resourceClass < b.resourceClass; });
        candidate.providers = {p};
        const int root = index.root(p);
        if (anchors.accepts(index, root)) {
            candidate.anchor = root;
            out.push_back(candidate);
        }
        if (!index.node(p).sharing)
            return;
        for (const int anchor : index.anchorsOf(p)) {
            if (anchor != root && anchors.accepts(index, anchor)) {
                candidate.anchor = anchor;
                out.push_back(candidate);
            }
        }
    };
    // get_provider_ids_for_traits_and_aggs: the provider's own traits and aggregates.
    const auto matches = [&](int p) {
        return hasRequiredTraits(index, p, group.required) && !hasAnyTrait(index, p, group.forbiddenTraits)
            && matchesMemberOf(index, p, group.memberOf)
            && !inForbiddenAggregate(index, p, group.forbiddenAggregates);
    };

    if (group.resources.empty()) {
        // A resourceless group: get_provider_ids_matching takes the providers that match
        // its positive filters (required traits, member_of); with none of them its
        // filtered set is empty and it returns no provider at all. in_tree is only applied
        // to providers with resources (get_providers_with_resource), so not here.
        if (group.required.empty() && group.memberOf.empty())
            return {};
        for (int p = 0; p < index.providerCount(); ++p) {
            if (matches(p))
                offer(p);
        }
    } else {
        // Walk the class with the fewest inventories; check the others per provider.
        size_t driver = 0;
        for (size_t k = 1; k < group.resources.size(); ++k) {
            if (index.inventoriesOf(group.resources[k].first).size()
                < index.inventoriesOf(group.resources[driver].first).size())
                driver = k;
        }
        const auto &[driverClass, driverAmount] = group.resources[driver];
        for (const CandidateIndex::Inventory &inventory : index.inventoriesOf(driverClass)) {
            const int p = inventory.provider;
            if (group.inTreeRoot >= 0 && index.root(p) != group.inTreeRoot)
                continue;
            if (!inventory.fits(driverAmount))
                continue;
            const bool allFit = std::all_of(group.resources.begin(), group.resources.end(), [&](const auto &r) {
                const CandidateIndex::Inventory *other = index.inventory(p, r.first);
                return other && other->fits(r.second);
            });
            if (allFit && matches(p))
                offer(p);
        }
    }
    sortByAnchor(out, index.providerCount());
    return out;
}

ResolvedGroup resolveGroup(const CandidateIndex &index, const RequestGroup &group)
{
    ResolvedGroup resolved;
    resolved.suffix = group.suffix;
    resolved.granular = group.isGranular();
    for (auto it = group.resources.cbegin(); it != group.resources.cend(); ++it) {
        const int id = index.classId(it.key());
        if (id < 0)
            resolved.impossible = true; // no provider has inventory of that class
        else
            resolved.resources.emplace_back(id, it.value());
    }
    for (const QStringList &anyOf : group.requiredTraits) {
        std::vector<int> ids;
        for (const QString &trait : anyOf) {
            if (const int id = index.traitId(trait); id >= 0)
                ids.push_back(id);
        }
        if (ids.empty())
            resolved.impossible = true; // no provider has any trait of this set
        resolved.required.push_back(std::move(ids));
    }
    for (const QString &trait : group.forbiddenTraits) {
        if (const int id = index.traitId(trait); id >= 0)
            resolved.forbiddenTraits.push_back(id);
    }
    for (const QStringList &anyOf : group.memberOf) {
        std::vector<int> ids;
        for (const QString &aggregate : anyOf) {
            if (const int id = index.aggregateId(aggregate); id >= 0)
                ids.push_back(id);
        }
        if (ids.empty())
            resolved.impossible = true; // provider_ids_matching_aggregates: set()
        resolved.memberOf.push_back(std::move(ids));
    }
    for (const QString &aggregate : group.forbiddenAggregates) {
        if (const int id = index.aggregateId(aggregate); id >= 0)
            resolved.forbiddenAggregates.push_back(id);
    }
    if (!group.inTree.isEmpty()) {
        const int provider = index.providerOf(group.inTree);
        if (provider < 0)
            resolved.impossible = true; // provider_ids_from_uuid: None
        else
            resolved.inTreeRoot = index.root(provider);
    }
    return resolved;
}

AnchorFilter resolveAnchorFilter(const CandidateIndex &index, const CandidateRequest &request)
{
    AnchorFilter filter;
    filter.active = !request.rootRequired.isEmpty() || !request.rootForbidden.isEmpty();
    for (const QString &trait : request.rootRequired) {
        const int id = index.traitId(trait);
        if (id < 0)
            filter.impossible = true;
        else
            filter.required.push_back(id);
    }
    for (const QString &trait : request.rootForbidden) {
        if (const int id = index.traitId(trait); id >= 0)
            filter.forbidden.push_back(id);
    }
    return filter;
}

} // namespace provtree::candidates
