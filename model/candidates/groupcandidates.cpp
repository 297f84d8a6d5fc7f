#include "groupcandidates.h"

#include <algorithm>

namespace provtree::candidates {

namespace {

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

// Placement's provider_ids_matching_required_traits: the provider on its own has one trait
// of every any-of set.
bool hasRequiredTraits(const CandidateIndex &index, int provider, const std::vector<std::vector<int>> &required)
{
    return std::all_of(required.begin(), required.end(),
                       [&](const std::vector<int> &anyOf) { return index.hasAnyTrait(provider, anyOf); });
}

bool byProviderThenClass(const Alloc &a, const Alloc &b)
{
    return a.provider != b.provider ? a.provider < b.provider : a.resourceClass < b.resourceClass;
}

// The (provider, anchor) pairs that can give `amount` of `resourceClass` to the unsuffixed
// group: get_trees_matching_all's loop body for one class (research_context.py), in
// provider order.
std::vector<std::pair<int, int>> nomineesFor(const CandidateIndex &index, const ResolvedGroup &group,
                                             const AnchorFilter &anchors, int resourceClass, qint64 amount)
{
    const bool memberOf = !group.memberOf.empty();
    const bool forbiddenAggs = !group.forbiddenAggregates.empty();
    // Rule 3: the provider itself or its anchor root matches member_of on its own; neither
    // is in a forbidden aggregate (RPCandidateList.filter_by_rp_or_tree / _nor_tree). Rule 6:
    // the anchor passes root_required (filter_by_tree(anchor_root_ids)).
    const auto keep = [&](int provider, int anchor) {
        if (!anchors.accepts(index, anchor))
            return false;
        if (memberOf && !matchesMemberOf(index, provider, group.memberOf)
            && !matchesMemberOf(index, anchor, group.memberOf))
            return false;
        return !forbiddenAggs
            || (!inForbiddenAggregate(index, provider, group.forbiddenAggregates)
                && !inForbiddenAggregate(index, anchor, group.forbiddenAggregates));
    };
    std::vector<std::pair<int, int>> nominees;
    for (const CandidateIndex::Inventory &inventory : index.inventoriesOf(resourceClass)) {
        const int p = inventory.provider;
        const int root = index.root(p);
        // Rule 4: in_tree limits the providers to the named tree (get_providers_with_resource).
        if (group.inTreeRoot >= 0 && root != group.inTreeRoot)
            continue;
        if (!inventory.fits(amount)) // rule 1
            continue;
        if (keep(p, root))
            nominees.emplace_back(p, root);
        // Rule 2: a sharing provider with capacity also serves every tree it shares an
        // aggregate with, unless in_tree is given; with member_of only if it matches it
        // itself (get_rps_with_shared_capacity, anchors_for_sharing_providers).
        if (group.inTreeRoot >= 0 || !index.node(p).sharing)
            continue;
        if (memberOf && !matchesMemberOf(index, p, group.memberOf))
            continue;
        for (const int anchor : index.anchorsOf(p)) {
            if (anchor != root && keep(p, anchor))
                nominees.emplace_back(p, anchor);
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
    return std::all_of(required.begin(), required.end(), [&](int trait) { return index.hasTrait(root, trait); })
        && std::none_of(forbidden.begin(), forbidden.end(), [&](int trait) { return index.hasTrait(root, trait); });
}

void CandidateSet::clear()
{
    m_allocs.clear();
    m_allocEnd.clear();
    m_providers.clear();
    m_providerEnd.clear();
}

CandidateSet::Span CandidateSet::at(size_t i) const
{
    const size_t allocBegin = i == 0 ? 0 : m_allocEnd[i - 1];
    const size_t providerBegin = i == 0 ? 0 : m_providerEnd[i - 1];
    return {m_allocs.data() + allocBegin, m_allocEnd[i] - allocBegin, m_providers.data() + providerBegin,
            m_providerEnd[i] - providerBegin};
}

void CandidateSet::add(const Alloc *allocs, size_t allocCount, const int *providers, size_t providerCount)
{
    m_allocs.insert(m_allocs.end(), allocs, allocs + allocCount);
    m_allocEnd.push_back(uint32_t(m_allocs.size()));
    m_providers.insert(m_providers.end(), providers, providers + providerCount);
    m_providerEnd.push_back(uint32_t(m_providers.size()));
}

// Buckets (provider, anchor) pairs by anchor, class after class (a stable counting sort):
// within an anchor each class's providers are contiguous and in provider order.
void GroupNominees::bucket(int providerCount, int classes, std::vector<std::vector<std::pair<int, int>>> &perClass)
{
    m_classes = classes;
    const auto n = size_t(providerCount);
    std::vector<int> seen(n, 0); // classes seen so far per anchor
    for (int k = 0; k < classes; ++k) {
        for (const auto &[provider, anchor] : perClass[size_t(k)]) {
            int &count = seen[size_t(anchor)];
            if (count == k)
                count = k + 1;
        }
    }
    m_complete.assign(n, 0);
    for (size_t a = 0; a < n; ++a) {
        if (seen[a] == classes) {
            m_complete[a] = 1;
            ++m_offered;
        }
    }
    m_start.assign(n + 1, 0);
    for (const auto &nominees : perClass) {
        for (const auto &[provider, anchor] : nominees) {
            if (m_complete[size_t(anchor)])
                ++m_start[size_t(anchor) + 1];
        }
    }
    for (size_t i = 1; i <= n; ++i)
        m_start[i] += m_start[i - 1];
    m_entries.resize(size_t(m_start[n]));
    std::vector<int> fill(m_start.begin(), m_start.end() - 1);
    for (int k = 0; k < classes; ++k) {
        for (const auto &[provider, anchor] : perClass[size_t(k)]) {
            if (m_complete[size_t(anchor)])
                m_entries[size_t(fill[size_t(anchor)]++)] = {k, provider};
        }
    }
}

GroupNominees GroupNominees::unsuffixed(const CandidateIndex &index, const ResolvedGroup &group,
                                        const AnchorFilter &anchors, Notes &notes)
{
    GroupNominees out;
    // A resourceless unsuffixed group is refused by Placement (lib.py,
    // _check_resourceless_suffix: '' cannot be in same_subtree); were it asked, its
    // get_trees_matching_all would find nothing.
    if (group.impossibleBeforeSearch || group.resources.empty())
        return out;
    std::vector<std::vector<std::pair<int, int>>> perClass;
    for (const auto &[resourceClass, amount] : group.resources) {
        perClass.push_back(nomineesFor(index, group, anchors, resourceClass, amount));
        if (perClass.back().empty())
            return out; // ResourceProviderNotFound: no candidate at all
    }
    out.bucket(index.providerCount(), int(perClass.size()), perClass);
    // Placement's bug (PlacementQuirk::NestedSharingProvider): a sharing provider that is
    // not a root, nominated for a surviving tree while its own tree did not survive, has no
    // summary when _alloc_candidates_multiple_providers looks it up.
    for (const Entry &entry : out.m_entries) {
        const CandidateIndex::Node &node = index.node(entry.provider);
        if (node.sharing && node.parent >= 0 && !out.m_complete[size_t(node.root)])
            notes.nestedSharingProvider = true;
    }
    if (group.impossible)
        return {}; // a required any-of set no provider has: no combination will meet it
    return out;
}

GroupNominees GroupNominees::granular(const CandidateIndex &index, const ResolvedGroup &group,
                                      const AnchorFilter &anchors)
{
    GroupNominees out;
    out.m_granular = true;
    if (group.impossible)
        return out;
    std::vector<std::vector<std::pair<int, int>>> perClass(1);
    std::vector<std::pair<int, int>> &nominees = perClass.front();
    // _alloc_candidates_single_provider: the provider's own tree if its root is an
    // acceptable anchor, and, for a sharing provider, every other tree it shares an
    // aggregate with (rule 5).
    const auto offer = [&](int p) {
        const int root = index.root(p);
        if (anchors.accepts(index, root))
            nominees.emplace_back(p, root);
        if (!index.node(p).sharing)
            return;
        for (const int anchor : index.anchorsOf(p)) {
            if (anchor != root && anchors.accepts(index, anchor))
                nominees.emplace_back(p, anchor);
        }
    };
    // get_provider_ids_for_traits_and_aggs: the provider's own traits and aggregates.
    const auto matches = [&](int p) {
        return hasRequiredTraits(index, p, group.required) && !index.hasAnyTrait(p, group.forbiddenTraits)
            && matchesMemberOf(index, p, group.memberOf) && !inForbiddenAggregate(index, p, group.forbiddenAggregates);
    };
    if (group.resources.empty()) {
        // A resourceless group: get_provider_ids_matching takes the providers that match
        // its positive filters (required traits, member_of); with none of them its
        // filtered set is empty and it returns no provider at all. in_tree is only applied
        // to providers with resources (get_providers_with_resource), so not here.
        if (group.required.empty() && group.memberOf.empty())
            return out;
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
    if (nominees.empty())
        return out;
    out.bucket(index.providerCount(), 1, perClass);
    return out;
}

void GroupNominees::expand(const CandidateIndex &index, const ResolvedGroup &group, int anchor, CandidateSet &out,
                           ExpandScratch &scratch, Notes *notes) const
{
    out.clear();
    const auto begin = size_t(m_start[size_t(anchor)]);
    const auto end = size_t(m_start[size_t(anchor) + 1]);
    std::vector<Alloc> &allocs = scratch.allocs;
    if (m_granular) {
        for (size_t e = begin; e < end; ++e) {
            const int p = m_entries[e].provider;
            allocs.clear();
            for (const auto &[resourceClass, amount] : group.resources)
                allocs.push_back({p, resourceClass, amount});
            std::sort(allocs.begin(), allocs.end(), byProviderThenClass);
            out.add(allocs.data(), allocs.size(), &p, 1);
        }
        return;
    }

    // The nominees of each class at this anchor, and per nominee what it brings to the
    // trait check: a forbidden trait, and which required any-of sets it meets (a bitmask;
    // more than 64 sets are checked one by one).
    const auto classes = size_t(m_classes);
    std::vector<size_t> &first = scratch.first, &last = scratch.last, &at = scratch.at;
    first.resize(classes);
    last.resize(classes);
    at.resize(classes);
    size_t pos = begin;
    for (size_t k = 0; k < classes; ++k) {
        first[k] = pos;
        while (pos < end && m_entries[pos].klass == int(k))
            ++pos;
        last[k] = pos;
        at[k] = first[k];
    }
    const size_t sets = group.required.size();
    const bool smallMask = sets <= 64;
    const uint64_t full = sets == 0 ? 0 : sets >= 64 ? ~uint64_t(0) : (uint64_t(1) << sets) - 1;
    std::vector<uint64_t> &mask = scratch.mask;
    std::vector<char> &forbidden = scratch.forbidden;
    mask.assign(end - begin, 0);
    forbidden.assign(end - begin, 0);
    for (size_t e = begin; e < end; ++e) {
        const int p = m_entries[e].provider;
        forbidden[e - begin] = index.hasAnyTrait(p, group.forbiddenTraits);
        for (size_t j = 0; j < sets && smallMask; ++j) {
            if (index.hasAnyTrait(p, group.required[j]))
                mask[e - begin] |= uint64_t(1) << j;
        }
    }

    // Every combination of one nominee per class (itertools.product), the last class
    // turning fastest.
    std::vector<int> &chosen = scratch.chosen;
    std::vector<int> &providers = scratch.providers;
    chosen.resize(classes);
    while (true) {
        bool ok = true;
        uint64_t met = 0;
        for (size_t k = 0; k < classes; ++k) {
            chosen[k] = m_entries[at[k]].provider;
            ok = ok && !forbidden[at[k] - begin];
            met |= mask[at[k] - begin];
        }
        if (ok) {
            providers.assign(chosen.begin(), chosen.end());
            std::sort(providers.begin(), providers.end());
            providers.erase(std::unique(providers.begin(), providers.end()), providers.end());
            if (!smallMask) {
                ok = std::all_of(group.required.begin(), group.required.end(), [&](const std::vector<int> &anyOf) {
                    return std::any_of(providers.begin(), providers.end(),
                                       [&](int p) { return index.hasAnyTrait(p, anyOf); });
                });
            } else {
                ok = met == full;
            }
        }
        if (ok) {
            allocs.clear();
            for (size_t k = 0; k < classes; ++k)
                allocs.push_back({chosen[k], group.resources[k].first, group.resources[k].second});
            std::sort(allocs.begin(), allocs.end(), byProviderThenClass);
            out.add(allocs.data(), allocs.size(), providers.data(), providers.size());
            // Placement's bug (PlacementQuirk::OneAnchorForSharedOnly): equal candidates of
            // several anchors collapse into one; only one made of sharing providers alone
            // can recur for another anchor.
            if (notes && !notes->sharedOnlyForSeveralAnchors
                && std::all_of(providers.begin(), providers.end(), [&](int p) { return index.node(p).sharing; })
                && nominatedElsewhere(index, anchor, chosen))
                notes->sharedOnlyForSeveralAnchors = true;
        }
        size_t k = classes;
        while (k > 0 && ++at[k - 1] == last[k - 1]) {
            at[k - 1] = first[k - 1];
            --k;
        }
        if (k == 0)
            break;
    }
}

// Whether the combination `chosen` (a provider per class) is also a candidate of another
// anchor: every chosen provider is a nominee of its class there.
bool GroupNominees::nominatedElsewhere(const CandidateIndex &index, int anchor, const std::vector<int> &chosen) const
{
    const int p0 = chosen.front();
    std::vector<int> others = index.anchorsOf(p0);
    others.push_back(index.root(p0));
    for (const int other : others) {
        if (other == anchor || !m_complete[size_t(other)])
            continue;
        const auto begin = m_entries.begin() + m_start[size_t(other)];
        const auto end = m_entries.begin() + m_start[size_t(other) + 1];
        const bool all = std::all_of(chosen.begin(), chosen.end(), [&, k = 0](int p) mutable {
            const Entry wanted{k++, p};
            return std::binary_search(begin, end, wanted, [](const Entry &a, const Entry &b) {
                return a.klass != b.klass ? a.klass < b.klass : a.provider < b.provider;
            });
        });
        if (all)
            return true;
    }
    return false;
}

ResolvedGroup resolveGroup(const CandidateIndex &index, const RequestGroup &group)
{
    ResolvedGroup resolved;
    resolved.suffix = group.suffix;
    resolved.granular = group.isGranular();
    for (auto it = group.resources.cbegin(); it != group.resources.cend(); ++it) {
        const int id = index.classId(it.key());
        if (id < 0)
            resolved.impossibleBeforeSearch = true; // no provider has inventory of that class
        else
            resolved.resources.emplace_back(id, it.value());
    }
    std::sort(resolved.resources.begin(), resolved.resources.end());
    bool anyRequiredTraitHad = false;
    for (const QStringList &anyOf : group.requiredTraits) {
        std::vector<int> ids;
        for (const QString &trait : anyOf) {
            if (const int id = index.traitId(trait); id >= 0)
                ids.push_back(id);
        }
        if (ids.empty())
            resolved.impossible = true; // no provider has any trait of this set
        anyRequiredTraitHad = anyRequiredTraitHad || !ids.empty();
        resolved.required.push_back(std::move(ids));
    }
    if (resolved.impossible && !anyRequiredTraitHad)
        resolved.impossibleBeforeSearch = true;
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
            resolved.impossibleBeforeSearch = true; // provider_ids_matching_aggregates: set()
        resolved.memberOf.push_back(std::move(ids));
    }
    for (const QString &aggregate : group.forbiddenAggregates) {
        if (const int id = index.aggregateId(aggregate); id >= 0)
            resolved.forbiddenAggregates.push_back(id);
    }
    if (!group.inTree.isEmpty()) {
        const int provider = index.providerOf(group.inTree);
        if (provider < 0)
            resolved.impossibleBeforeSearch = true; // provider_ids_from_uuid: None
        else
            resolved.inTreeRoot = index.root(provider);
    }
    resolved.impossible = resolved.impossible || resolved.impossibleBeforeSearch;
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
