#pragma once

#include "candidateindex.h"
#include "candidaterequest.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace provtree::candidates {

// The internals of CandidateSearch::find(): one request group's search. Pure functions and
// values over a const CandidateIndex, callable from any thread.

// One amount of one class from one provider (Placement's AllocationRequestResource).
struct Alloc
{
    int provider = -1;
    int resourceClass = -1;
    qint64 amount = 0;
};

// A request group with its names replaced by index ids. A name the snapshot does not know
// is a name no provider has: `impossible` says the group cannot be satisfied at all.
struct ResolvedGroup
{
    QString suffix;
    bool granular = false;
    std::vector<std::pair<int, qint64>> resources; // class id, amount; sorted by class id
    std::vector<std::vector<int>> required;        // each an any-of set of trait ids
    std::vector<int> forbiddenTraits;
    std::vector<std::vector<int>> memberOf;        // each an any-of set of aggregate ids
    std::vector<int> forbiddenAggregates;
    int inTreeRoot = -1;                           // -1: any tree
    bool impossible = false;
    // Impossible, and Placement knows it before it searches: an unknown class, aggregate or
    // in_tree, or required traits no provider has any of (_get_by_one_request's early
    // return). A required any-of set no provider has beside a trait some provider has is
    // found out only when providers are combined, after the search (NestedSharingProvider).
    bool impossibleBeforeSearch = false;
};

// root_required / root_forbidden as trait ids (Placement's anchor filter).
struct AnchorFilter
{
    bool active = false;
    std::vector<int> required;
    std::vector<int> forbidden;
    bool impossible = false; // a required root trait no provider has

    [[nodiscard]] bool accepts(const CandidateIndex &index, int root) const;
};

[[nodiscard]] ResolvedGroup resolveGroup(const CandidateIndex &index, const RequestGroup &group);
[[nodiscard]] AnchorFilter resolveAnchorFilter(const CandidateIndex &index, const CandidateRequest &request);

// Candidates of one group within one anchor tree (Placement's AllocationRequests of one
// group before merging), stored flat so that a search reuses one buffer for every anchor.
class CandidateSet
{
public:
    struct Span
    {
        const Alloc *allocs;
        size_t allocCount;
        const int *providers; // the mapping: sorted, unique
        size_t providerCount;
    };

    void clear();
    [[nodiscard]] size_t size() const { return m_allocEnd.size(); }
    [[nodiscard]] Span at(size_t i) const;
    // Appends a candidate; `allocs` sorted by provider then class, `providers` sorted unique.
    void add(const Alloc *allocs, size_t allocCount, const int *providers, size_t providerCount);

private:
    std::vector<Alloc> m_allocs;
    std::vector<uint32_t> m_allocEnd;
    std::vector<int> m_providers;
    std::vector<uint32_t> m_providerEnd;
};

// What the unsuffixed group's search noticed about Placement's known bugs
// (PlacementQuirk, candidateresult.h).
struct Notes
{
    bool sharedOnlyForSeveralAnchors = false; // OneAnchorForSharedOnly, if other groups exist
    bool nestedSharingProvider = false;       // NestedSharingProvider
};

// Buffers GroupNominees::expand() reuses from one anchor to the next (one per search).
struct ExpandScratch
{
    std::vector<Alloc> allocs;
    std::vector<size_t> first, last, at;
    std::vector<uint64_t> mask;
    std::vector<char> forbidden;
    std::vector<int> chosen, providers;
};

// One group's nominees, bucketed by anchor root: which providers can give which class of
// the group (unsuffixed) or the whole group (granular) for each anchor tree. Built once per
// search in O(providers with the classes); expand() then yields an anchor's candidates.
class GroupNominees
{
public:
    // Placement's get_trees_matching_all and its filters (rules 1-4, 6 of candidatesearch.h).
    static GroupNominees unsuffixed(const CandidateIndex &index, const ResolvedGroup &group,
                                    const AnchorFilter &anchors, Notes &notes);
    // Placement's get_provider_ids_matching + _alloc_candidates_single_provider (rules 1, 4-6).
    static GroupNominees granular(const CandidateIndex &index, const ResolvedGroup &group,
                                  const AnchorFilter &anchors);

    // Whether the group can have a candidate in the tree of `anchor` (every class has a
    // nominee there).
    [[nodiscard]] bool offers(int anchor) const { return !m_complete.empty() && m_complete[size_t(anchor)]; }
    [[nodiscard]] bool offersAny() const { return m_offered > 0; }

    // The group's candidates within the tree of `anchor`, replacing `out`'s content. For the
    // unsuffixed group every combination of one nominee per class that meets the traits
    // (_alloc_candidates_multiple_providers, _check_traits_for_alloc_request).
    void expand(const CandidateIndex &index, const ResolvedGroup &group, int anchor, CandidateSet &out,
                ExpandScratch &scratch, Notes *notes) const;

private:
    struct Entry
    {
        int klass; // position in ResolvedGroup::resources (0 for a granular group)
        int provider;
    };

    void bucket(int providerCount, int classes, std::vector<std::vector<std::pair<int, int>>> &perClass);
    [[nodiscard]] bool nominatedElsewhere(const CandidateIndex &index, int anchor, const std::vector<int> &chosen) const;

    bool m_granular = false;
    int m_classes = 0;
    int m_offered = 0;
    std::vector<int> m_start;     // per anchor (and one past the last): first entry
    std::vector<Entry> m_entries; // by anchor, then class, then provider
    std::vector<char> m_complete; // per anchor
};

} // namespace provtree::candidates
