#pragma once

#include "candidateindex.h"
#include "candidaterequest.h"

#include <QString>

#include <vector>

namespace provtree::candidates {

// The internals of CandidateSearch::find(), shared by its two source files. Pure functions
// over a const CandidateIndex: callable from any thread.

// One amount of one class from one provider (Placement's AllocationRequestResource).
struct Alloc
{
    int provider = -1;
    int resourceClass = -1;
    qint64 amount = 0;
};

// One way to satisfy one request group within one anchor tree (Placement's
// AllocationRequest before merging): its allocations, sorted by provider then class, and
// the providers of its mapping, sorted.
struct GroupCandidate
{
    int anchor = -1;
    std::vector<Alloc> allocs;
    std::vector<int> providers;
};

// A request group with its names replaced by index ids. A name the snapshot does not know
// is a name no provider has: `impossible` says the group cannot be satisfied at all.
struct ResolvedGroup
{
    QString suffix;
    bool granular = false;
    std::vector<std::pair<int, qint64>> resources; // class id, amount
    std::vector<std::vector<int>> required;        // each an any-of set of trait ids
    std::vector<int> forbiddenTraits;
    std::vector<std::vector<int>> memberOf;        // each an any-of set of aggregate ids
    std::vector<int> forbiddenAggregates;
    int inTreeRoot = -1;                           // -1: any tree
    bool impossible = false;
};

// The request-wide part: root_required / root_forbidden as trait ids.
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

// The candidates of one group, sorted by anchor (then in provider order): the unsuffixed
// group's (resources from several providers of a tree and sharing providers) and a
// granular group's (one provider).
[[nodiscard]] std::vector<GroupCandidate> unsuffixedCandidates(const CandidateIndex &index,
                                                               const ResolvedGroup &group,
                                                               const AnchorFilter &anchors);
[[nodiscard]] std::vector<GroupCandidate> granularCandidates(const CandidateIndex &index,
                                                             const ResolvedGroup &group,
                                                             const AnchorFilter &anchors);

} // namespace provtree::candidates
