#include "resultbuilder.h"

#include <algorithm>

namespace provtree::candidates {

ResultBuilder::ResultBuilder(const CandidateIndex &index, const std::vector<ResolvedGroup> &groups)
    : m_index(index), m_groups(groups), m_summarisedRoot(size_t(index.providerCount()), 0), m_uuids(groups.size())
{
}

void ResultBuilder::beginAnchor()
{
    m_amounts.local.clear();
    for (Cache<QStringList> &cache : m_uuids)
        cache.local.clear();
}

template <typename T, typename Build>
T ResultBuilder::cached(Cache<T> &cache, const SmallKey &key, bool sharing, const Build &build)
{
    if (sharing) {
        auto it = cache.shared.find(key);
        if (it == cache.shared.end())
            it = cache.shared.emplace(key, build()).first;
        return it->second;
    }
    for (const auto &[known, value] : cache.local) {
        if (known == key)
            return value;
    }
    cache.local.emplace_back(key, build());
    return cache.local.back().second;
}

QMap<QString, qint64> ResultBuilder::amountsOf(const Alloc *begin, const Alloc *end)
{
    const auto build = [&] {
        QMap<QString, qint64> amounts;
        for (const Alloc *a = begin; a != end; ++a)
            amounts.insert(m_index.className(a->resourceClass), a->amount);
        return amounts;
    };
    if (size_t(end - begin) > kSmall)
        return build();
    SmallKey key;
    key.values[0] = begin->provider;
    size_t i = 1;
    for (const Alloc *a = begin; a != end; ++a) {
        key.values[i++] = a->resourceClass + 1;
        key.values[i++] = a->amount;
    }
    return cached(m_amounts, key, m_index.node(begin->provider).sharing, build);
}

QStringList ResultBuilder::uuidsOf(size_t group, const int *providers, size_t count)
{
    const auto build = [&] {
        QStringList uuids;
        uuids.reserve(qsizetype(count));
        for (size_t i = 0; i < count; ++i)
            uuids.append(m_index.uuid(providers[i])); // in provider order, which is uuid order
        return uuids;
    };
    if (count > 2 * kSmall + 1)
        return build();
    SmallKey key;
    key.values.fill(-1);
    for (size_t i = 0; i < count; ++i)
        key.values[i] = providers[i];
    const bool sharing = std::all_of(providers, providers + count, [&](int p) { return m_index.node(p).sharing; });
    return cached(m_uuids[group], key, sharing, build);
}

void ResultBuilder::add(const Alloc *allocs, size_t count, const std::vector<CandidateSet::Span> &picked)
{
    AllocationRequest request;
    for (size_t i = 0; i < count;) {
        size_t next = i + 1;
        while (next < count && allocs[next].provider == allocs[i].provider)
            ++next;
        // Providers come in index order, which is uuid order: append at the end.
        request.allocations.insert(request.allocations.cend(), m_index.uuid(allocs[i].provider),
                                   amountsOf(allocs + i, allocs + next));
        m_summarisedRoot[size_t(m_index.root(allocs[i].provider))] = 1;
        i = next;
    }
    for (size_t g = 0; g < picked.size(); ++g)
        request.mappings.insert(m_groups[g].suffix, uuidsOf(g, picked[g].providers, picked[g].providerCount));
    m_result.allocationRequests.append(std::move(request));
}

CandidateResult ResultBuilder::take()
{
    // Rule 8: every provider of every tree that gives resources (by the provider's own
    // root, not the anchor). Providers are numbered in uuid order: insert at the end.
    for (int p = 0; p < m_index.providerCount(); ++p) {
        if (m_summarisedRoot[size_t(m_index.root(p))])
            m_result.providerSummaries.insert(m_result.providerSummaries.cend(), m_index.uuid(p), m_index.summary(p));
    }
    return std::move(m_result);
}

} // namespace provtree::candidates
