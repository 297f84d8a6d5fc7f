#pragma once

#include "candidateindex.h"
#include "candidateresult.h"
#include "groupcandidates.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <array>
#include <unordered_map>
#include <vector>

namespace provtree::candidates {

// Turns merged allocation requests (ids) into CandidateResult values (uuids and class
// names) and adds the provider summaries of their trees at the end (rule 8 of
// candidatesearch.h). Answers can hold hundreds of thousands of requests, so the parts
// that repeat (one provider's class -> amount map, a group's mapping) are built once and
// shared (Qt's implicit sharing). One builder per search; not for concurrent use.
class ResultBuilder
{
public:
    ResultBuilder(const CandidateIndex &index, const std::vector<ResolvedGroup> &groups);

    // Requests of another anchor tree follow: the parts of the previous tree will not recur
    // (only sharing providers serve several trees; their parts are kept).
    void beginAnchor();
    // One allocation request: `allocs` consolidated and sorted by provider then class;
    // `picked` the candidate of each group (for the mappings).
    void add(const Alloc *allocs, size_t count, const std::vector<CandidateSet::Span> &picked);
    [[nodiscard]] qint64 count() const { return m_result.allocationRequests.size(); }
    // The result, with the summaries of every provider of every tree that gives resources.
    [[nodiscard]] CandidateResult take();

private:
    // Up to kSmall (id, value) pairs after a leading id, as a hash key.
    static constexpr size_t kSmall = 4;
    struct SmallKey
    {
        std::array<qint64, 1 + 2 * kSmall> values{};
        bool operator==(const SmallKey &) const = default;
    };
    struct SmallKeyHash
    {
        size_t operator()(const SmallKey &key) const noexcept
        {
            return size_t(qHashRange(key.values.begin(), key.values.end()));
        }
    };

    [[nodiscard]] QMap<QString, qint64> amountsOf(const Alloc *begin, const Alloc *end);
    [[nodiscard]] QStringList uuidsOf(size_t group, const int *providers, size_t count);

    const CandidateIndex &m_index;
    const std::vector<ResolvedGroup> &m_groups;
    CandidateResult m_result;
    std::vector<char> m_summarisedRoot;
    template <typename T>
    struct Cache
    {
        std::vector<std::pair<SmallKey, T>> local; // this anchor's, searched linearly
        std::unordered_map<SmallKey, T, SmallKeyHash> shared; // sharing providers' only
    };
    template <typename T, typename Build>
    T cached(Cache<T> &cache, const SmallKey &key, bool sharing, const Build &build);

    Cache<QMap<QString, qint64>> m_amounts;
    std::vector<Cache<QStringList>> m_uuids; // per group
};

} // namespace provtree::candidates
