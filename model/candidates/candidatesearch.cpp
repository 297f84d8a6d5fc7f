#include "candidatesearch.h"

#include "candidateindex.h"
#include "groupcandidates.h"

#include <QHash>

#include <algorithm>
#include <unordered_set>

namespace provtree {

using namespace candidates;

namespace {

// An allocation request as ids: consolidated allocations and, per group, its providers.
// `key` identifies it for deduplication (Placement's AllocationRequest.__eq__: the set of
// resource requests and the mappings).
struct Merged
{
    std::vector<Alloc> allocs;
    std::vector<const std::vector<int> *> mappings; // per group, in group order
};

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
        return std::all_of(providers.begin(), providers.end(),
                           [&](int p) { return index.isAncestorOrSelf(top, p); });
    });
}

// The anchor's candidates of one group: the range [first, last) of a vector sorted by anchor.
std::pair<size_t, size_t> rangeOf(const std::vector<GroupCandidate> &candidates, int anchor)
{
    const auto lower = std::lower_bound(candidates.begin(), candidates.end(), anchor,
                                        [](const GroupCandidate &c, int a) { return c.anchor < a; });
    auto upper = lower;
    while (upper != candidates.end() && upper->anchor == anchor)
        ++upper;
    return {size_t(lower - candidates.begin()), size_t(upper - candidates.begin())};
}

class Merger
{
public:
    Merger(const CandidateIndex &index, const CandidateRequest &request,
           const std::vector<ResolvedGroup> &groups, const std::vector<std::vector<GroupCandidate>> &candidates)
        : m_index(index), m_request(request), m_groups(groups), m_candidates(candidates)
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
    }

    // Every anchor present in all groups, in anchor order; stops at the limit.
    void run()
    {
        const size_t groups = m_candidates.size();
        std::vector<std::pair<size_t, size_t>> ranges(groups);
        const std::vector<GroupCandidate> &first = m_candidates.front();
        for (size_t i = 0; i < first.size() && !full();) {
            const int anchor = first[i].anchor;
            size_t next = i;
            while (next < first.size() && first[next].anchor == anchor)
                ++next;
            ranges[0] = {i, next};
            bool all = true;
            for (size_t g = 1; g < groups && all; ++g) {
                ranges[g] = rangeOf(m_candidates[g], anchor);
                all = ranges[g].first < ranges[g].second;
            }
            if (all)
                productOf(ranges);
            i = next;
        }
    }

    [[nodiscard]] const std::vector<Merged> &results() const { return m_results; }

private:
    [[nodiscard]] bool full() const { return m_limit >= 0 && qint64(m_results.size()) >= m_limit; }

    // _merge_candidates: every combination of one candidate per group (itertools.product).
    void productOf(const std::vector<std::pair<size_t, size_t>> &ranges)
    {
        const size_t groups = ranges.size();
        std::vector<size_t> at(groups);
        for (size_t g = 0; g < groups; ++g)
            at[g] = ranges[g].first;
        std::vector<const GroupCandidate *> picked(groups);
        while (!full()) {
            for (size_t g = 0; g < groups; ++g)
                picked[g] = &m_candidates[g][at[g]];
            consider(picked);
            size_t g = groups;
            while (g > 0 && ++at[g - 1] == ranges[g - 1].second) {
                at[g - 1] = ranges[g - 1].first;
                --g;
            }
            if (g == 0)
                break;
        }
    }

    void consider(const std::vector<const GroupCandidate *> &picked)
    {
        if (!satisfiesGroupPolicy(picked) || !satisfiesSameSubtree(picked))
            return;
        Merged merged;
        if (!consolidate(picked, merged.allocs))
            return;
        merged.mappings.reserve(picked.size());
        for (const GroupCandidate *candidate : picked)
            merged.mappings.push_back(&candidate->providers);
        // Equal allocation requests count once (areqs is a set in _merge_candidates).
        std::vector<qint64> key;
        key.reserve(merged.allocs.size() * 3 + picked.size() * 2);
        for (const Alloc &a : merged.allocs) {
            key.push_back(a.provider);
            key.push_back(a.resourceClass);
            key.push_back(a.amount);
        }
        for (const std::vector<int> *providers : merged.mappings) {
            key.push_back(-1);
            key.insert(key.end(), providers->begin(), providers->end());
        }
        if (m_seen.insert(std::move(key)).second)
            m_results.push_back(std::move(merged));
    }

    // _satisfies_group_policy: with isolate, the granular groups' providers are distinct
    // (the unsuffixed group is not counted and may use the same providers).
    [[nodiscard]] bool satisfiesGroupPolicy(const std::vector<const GroupCandidate *> &picked) const
    {
        if (m_request.groupPolicy != GroupPolicy::Isolate || m_granularCount < 2)
            return true;
        std::vector<int> providers;
        for (size_t g = 0; g < picked.size(); ++g) {
            if (m_groups[g].granular)
                providers.insert(providers.end(), picked[g]->providers.begin(), picked[g]->providers.end());
        }
        std::sort(providers.begin(), providers.end());
        return std::adjacent_find(providers.begin(), providers.end()) == providers.end()
            && int(providers.size()) == m_granularCount;
    }

    [[nodiscard]] bool satisfiesSameSubtree(const std::vector<const GroupCandidate *> &picked) const
    {
        std::vector<int> providers;
        for (const std::vector<int> &members : m_sameSubtrees) {
            providers.clear();
            for (const int g : members)
                providers.insert(providers.end(), picked[size_t(g)]->providers.begin(),
                                 picked[size_t(g)]->providers.end());
            std::sort(providers.begin(), providers.end());
            providers.erase(std::unique(providers.begin(), providers.end()), providers.end());
            if (!inSameSubtree(m_index, providers))
                return false;
        }
        return true;
    }

    // _consolidate_allocation_requests + exceeds_capacity: amounts of one class from one
    // provider are summed; a summed amount must still fit the capacity (used + amount <=
    // int capacity) and max_unit. Amounts that were not summed passed the stricter
    // per-group check already.
    [[nodiscard]] bool consolidate(const std::vector<const GroupCandidate *> &picked, std::vector<Alloc> &out) const
    {
        for (const GroupCandidate *candidate : picked)
            out.insert(out.end(), candidate->allocs.begin(), candidate->allocs.end());
        if (picked.size() == 1)
            return true;
        std::sort(out.begin(), out.end(), [](const Alloc &a, const Alloc &b) {
            return a.provider != b.provider ? a.provider < b.provider : a.resourceClass < b.resourceClass;
        });
        size_t write = 0;
        for (size_t read = 0; read < out.size();) {
            Alloc sum = out[read];
            size_t next = read + 1;
            for (; next < out.size() && out[next].provider == sum.provider
                   && out[next].resourceClass == sum.resourceClass;
                 ++next)
                sum.amount += out[next].amount;
            if (next - read > 1) {
                const CandidateIndex::Inventory *inventory = m_index.inventory(sum.provider, sum.resourceClass);
                if (!inventory || inventory->used + sum.amount > inventory->capacity
                    || sum.amount > inventory->maxUnit)
                    return false;
            }
            out[write++] = sum;
            read = next;
        }
        out.resize(write);
        return true;
    }

    const CandidateIndex &m_index;
    const CandidateRequest &m_request;
    const std::vector<ResolvedGroup> &m_groups;
    const std::vector<std::vector<GroupCandidate>> &m_candidates;
    std::vector<std::vector<int>> m_sameSubtrees; // group indexes per same_subtree
    int m_granularCount = 0;
    qint64 m_limit = -1;
    std::unordered_set<std::vector<qint64>, KeyHash> m_seen;
    std::vector<Merged> m_results;
};

CandidateResult toResult(const CandidateIndex &index, const std::vector<ResolvedGroup> &groups,
                         const std::vector<Merged> &merged)
{
    CandidateResult result;
    result.allocationRequests.reserve(qsizetype(merged.size()));
    std::vector<char> summarised(size_t(index.providerCount()), 0);
    for (const Merged &m : merged) {
        AllocationRequest request;
        for (const Alloc &a : m.allocs) {
            request.allocations[index.uuid(a.provider)].insert(index.className(a.resourceClass), a.amount);
            summarised[size_t(index.root(a.provider))] = 1;
        }
        for (size_t g = 0; g < groups.size(); ++g) {
            QStringList uuids;
            for (const int p : *m.mappings[g])
                uuids.append(index.uuid(p)); // in provider order, which is uuid order
            request.mappings.insert(groups[g].suffix, uuids);
        }
        result.allocationRequests.append(std::move(request));
    }
    // Rule 8: every provider of every tree that gives resources (by the provider's own
    // root, not the anchor). Providers are numbered in uuid order: insert at the end.
    for (int p = 0; p < index.providerCount(); ++p) {
        if (summarised[size_t(index.root(p))])
            result.providerSummaries.insert(result.providerSummaries.cend(), index.uuid(p), index.summary(p));
    }
    return result;
}

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
    std::vector<std::vector<GroupCandidate>> candidates;
    for (const RequestGroup &group : request.groups) {
        groups.push_back(resolveGroup(index, group));
        const ResolvedGroup &resolved = groups.back();
        candidates.push_back(resolved.granular ? granularCandidates(index, resolved, anchors)
                                               : unsuffixedCandidates(index, resolved, anchors));
        // _get_by_requests: a group without candidates leaves no allocation request.
        if (candidates.back().empty())
            return {};
    }
    Merger merger(index, request, groups, candidates);
    merger.run();
    return toResult(index, groups, merger.results());
}

} // namespace provtree
