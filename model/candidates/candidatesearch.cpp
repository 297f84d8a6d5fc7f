#include "candidatesearch.h"

#include "candidateindex.h"
#include "groupcandidates.h"
#include "resultbuilder.h"

#include <QHash>

#include <algorithm>
#include <unordered_set>

namespace provtree {

using namespace candidates;

namespace {

struct KeyHash
{
    size_t operator()(const std::vector<qint64> &key) const noexcept
    {
        return size_t(qHashRange(key.begin(), key.end()));
    }
};

// _satisfies_same_subtree / _check_same_subtree (allocation_candidate.py): the providers
// of the listed groups are all below (or at) one of them.
bool inSameSubtree(const CandidateIndex &index, const std::vector<int> &providers)
{
    if (providers.size() <= 1)
        return true;
    return std::any_of(providers.begin(), providers.end(), [&](int top) {
        return std::all_of(providers.begin(), providers.end(), [&](int p) { return index.isAncestorOrSelf(top, p); });
    });
}

// _merge_candidates (allocation_candidate.py), one anchor tree at a time: every
// combination of one candidate per group, filtered by group_policy and same_subtree,
// consolidated, checked against capacity again and handed to the ResultBuilder.
class Merger
{
public:
    Merger(const CandidateIndex &index, const CandidateRequest &request, const std::vector<ResolvedGroup> &groups,
           ResultBuilder &builder)
        : m_index(index), m_request(request), m_groups(groups), m_builder(builder)
    {
        QHash<QString, int> bySuffix;
        for (size_t g = 0; g < groups.size(); ++g) {
            bySuffix.insert(groups[g].suffix, int(g));
            if (groups[g].granular)
                ++m_granularCount;
        }
        // same_subtree names suffixes; one that names no group matches nothing
        // (mappings.get(suffix) is None) and the parser refuses it anyway.
        for (const QStringList &suffixes : request.sameSubtrees) {
            std::vector<int> members;
            for (const QString &suffix : suffixes) {
                if (const int g = bySuffix.value(suffix, -1); g >= 0)
                    members.push_back(g);
            }
            m_sameSubtrees.push_back(std::move(members));
        }
        const qint64 limit = request.limit.value_or(0);
        m_limit = limit > 0 ? limit : -1; // limit_results: "if self._limit and ..."
        m_picked.resize(groups.size());
    }

    [[nodiscard]] bool full() const { return m_limit >= 0 && m_builder.count() >= m_limit; }
    // Whether a combination summed amounts of one class from one provider while the
    // group_policy was not "none" (PlacementQuirk::AccumulatedAmounts).
    [[nodiscard]] bool summedUnderSharedObjects() const { return m_summedUnderSharedObjects; }

    // Every combination of the anchor's candidates of each group (itertools.product).
    void merge(const std::vector<CandidateSet> &sets)
    {
        const size_t groups = sets.size();
        std::vector<size_t> at(groups, 0);
        while (!full()) {
            for (size_t g = 0; g < groups; ++g)
                m_picked[g] = sets[g].at(at[g]);
            consider();
            size_t g = groups;
            while (g > 0 && ++at[g - 1] == sets[g - 1].size()) {
                at[g - 1] = 0;
                --g;
            }
            if (g == 0)
                break;
        }
    }

private:
    void consider()
    {
        if (!satisfiesGroupPolicy() || !satisfiesSameSubtree() || !consolidate())
            return;
        // Equal allocation requests count once (areqs is a set in _merge_candidates). Within
        // one anchor, different combinations never give equal requests (their mappings or
        // amounts differ); across anchors only requests made of sharing providers alone can
        // recur, since any other provider serves its own tree only.
        if (std::all_of(m_merged.begin(), m_merged.end(), [&](const Alloc &a) { return m_index.node(a.provider).sharing; })
            && !firstTime())
            return;
        m_builder.add(m_merged.data(), m_merged.size(), m_picked);
    }

    [[nodiscard]] bool firstTime()
    {
        std::vector<qint64> key;
        for (const Alloc &a : m_merged) {
            key.push_back(a.provider);
            key.push_back(a.resourceClass);
            key.push_back(a.amount);
        }
        for (const CandidateSet::Span &span : m_picked) {
            key.push_back(-1);
            key.insert(key.end(), span.providers, span.providers + span.providerCount);
        }
        return m_seen.insert(std::move(key)).second;
    }

    // _satisfies_group_policy: with isolate, the granular groups' providers are distinct
    // (the unsuffixed group is not counted and may use the same providers).
    [[nodiscard]] bool satisfiesGroupPolicy()
    {
        if (m_request.groupPolicy != GroupPolicy::Isolate || m_granularCount < 2)
            return true;
        m_scratch.clear();
        for (size_t g = 0; g < m_picked.size(); ++g) {
            if (m_groups[g].granular)
                m_scratch.push_back(m_picked[g].providers[0]);
        }
        std::sort(m_scratch.begin(), m_scratch.end());
        return std::adjacent_find(m_scratch.begin(), m_scratch.end()) == m_scratch.end();
    }

    [[nodiscard]] bool satisfiesSameSubtree()
    {
        for (const std::vector<int> &members : m_sameSubtrees) {
            m_scratch.clear();
            for (const int g : members) {
                const CandidateSet::Span &span = m_picked[size_t(g)];
                m_scratch.insert(m_scratch.end(), span.providers, span.providers + span.providerCount);
            }
            std::sort(m_scratch.begin(), m_scratch.end());
            m_scratch.erase(std::unique(m_scratch.begin(), m_scratch.end()), m_scratch.end());
            if (!inSameSubtree(m_index, m_scratch))
                return false;
        }
        return true;
    }

    // _consolidate_allocation_requests + exceeds_capacity: amounts of one class from one
    // provider are summed; a summed amount must still fit the capacity (used + amount <=
    // int capacity) and max_unit (not min_unit or step_size). Amounts that were not summed
    // passed the stricter per-group check already.
    [[nodiscard]] bool consolidate()
    {
        m_merged.clear();
        for (const CandidateSet::Span &span : m_picked)
            m_merged.insert(m_merged.end(), span.allocs, span.allocs + span.allocCount);
        if (m_picked.size() == 1)
            return true; // sorted by provider then class already, no class twice
        std::sort(m_merged.begin(), m_merged.end(), [](const Alloc &a, const Alloc &b) {
            return a.provider != b.provider ? a.provider < b.provider : a.resourceClass < b.resourceClass;
        });
        size_t write = 0;
        for (size_t read = 0; read < m_merged.size();) {
            Alloc sum = m_merged[read];
            size_t next = read + 1;
            for (; next < m_merged.size() && m_merged[next].provider == sum.provider
                   && m_merged[next].resourceClass == sum.resourceClass;
                 ++next)
                sum.amount += m_merged[next].amount;
            if (next - read > 1) {
                if (m_request.groupPolicy != GroupPolicy::None)
                    m_summedUnderSharedObjects = true;
                const CandidateIndex::Inventory *inventory = m_index.inventory(sum.provider, sum.resourceClass);
                if (!inventory || inventory->used + sum.amount > inventory->capacity || sum.amount > inventory->maxUnit)
                    return false;
            }
            m_merged[write++] = sum;
            read = next;
        }
        m_merged.resize(write);
        return true;
    }

    const CandidateIndex &m_index;
    const CandidateRequest &m_request;
    const std::vector<ResolvedGroup> &m_groups;
    ResultBuilder &m_builder;
    std::vector<std::vector<int>> m_sameSubtrees; // group indexes per same_subtree
    int m_granularCount = 0;
    qint64 m_limit = -1;
    std::vector<CandidateSet::Span> m_picked;
    std::vector<Alloc> m_merged;
    std::vector<int> m_scratch;
    std::unordered_set<std::vector<qint64>, KeyHash> m_seen;
    bool m_summedUnderSharedObjects = false;
};

} // namespace

CandidateSearch::CandidateSearch(QList<ProviderData> providers)
    : m_index(std::make_shared<const CandidateIndex>(providers))
{
}

CandidateResult CandidateSearch::find(const CandidateRequest &request) const
{
    const CandidateIndex &index = *m_index;
    if (request.groups.isEmpty())
        return {};
    const AnchorFilter anchors = resolveAnchorFilter(index, request);
    if (anchors.active && anchors.impossible)
        return {};
    std::vector<ResolvedGroup> groups;
    std::vector<GroupNominees> nominees;
    Notes notes;
    for (const RequestGroup &group : request.groups) {
        groups.push_back(resolveGroup(index, group));
        const ResolvedGroup &resolved = groups.back();
        nominees.push_back(resolved.granular ? GroupNominees::granular(index, resolved, anchors)
                                             : GroupNominees::unsuffixed(index, resolved, anchors, notes));
        // _get_by_requests: a group without candidates leaves no allocation request. Groups
        // are searched in request order: a nested sharing provider met by an earlier
        // unsuffixed group has made Placement fail already.
        if (!nominees.back().offersAny()) {
            CandidateResult none;
            if (notes.nestedSharingProvider)
                none.placementQuirks.append(PlacementQuirk::NestedSharingProvider);
            return none;
        }
    }

    // Anchor by anchor in uuid order (rule 9's order): each group's candidates in that tree,
    // then their combinations.
    ResultBuilder builder(index, groups);
    Merger merger(index, request, groups, builder);
    std::vector<CandidateSet> sets(groups.size());
    ExpandScratch scratch;
    const bool checkSharedOnly = groups.size() > 1;
    for (int anchor = 0; anchor < index.providerCount() && !merger.full(); ++anchor) {
        if (!std::all_of(nominees.begin(), nominees.end(), [&](const GroupNominees &g) { return g.offers(anchor); }))
            continue;
        bool all = true;
        for (size_t g = 0; g < groups.size() && all; ++g) {
            nominees[g].expand(index, groups[g], anchor, sets[g], scratch, checkSharedOnly ? &notes : nullptr);
            all = sets[g].size() > 0;
        }
        if (all) {
            builder.beginAnchor();
            merger.merge(sets);
        }
    }
    CandidateResult result = builder.take();
    // Placement's known bugs that this request meets (PlacementQuirk); the list is sorted.
    if (merger.summedUnderSharedObjects())
        result.placementQuirks.append(PlacementQuirk::AccumulatedAmounts);
    if (notes.sharedOnlyForSeveralAnchors)
        result.placementQuirks.append(PlacementQuirk::OneAnchorForSharedOnly);
    if (notes.nestedSharingProvider)
        result.placementQuirks.append(PlacementQuirk::NestedSharingProvider);
    return result;
}

} // namespace provtree
