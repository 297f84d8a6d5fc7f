#pragma once

#include "candidaterequest.h"
#include "candidateresult.h"
#include "providerdata.h"

#include <QList>

#include <memory>

namespace provtree {

class CandidateIndex;

// GET /allocation_candidates (microversion 1.39) evaluated against a provider snapshot as
// Placement 8 evaluates it (placement/objects/allocation_candidate.py and
// research_context.py). The constructor indexes the snapshot once; find() answers one
// request from the index, touching only the providers that have the requested classes.
//
// The rules, with the Placement function each comes from (groupcandidates.cpp,
// candidatesearch.cpp and resultbuilder.cpp repeat them beside the code):
//  1. Capacity per group (get_providers_with_resource, _capacity_check_clause): a provider
//     can give `amount` of a class if used + amount <= (total - reserved) *
//     allocation_ratio, min_unit <= amount <= max_unit and amount % step_size == 0.
//  2. Unsuffixed group (get_trees_matching_all, _alloc_candidates_multiple_providers):
//     each class may come from any provider of one tree (the anchor: the tree's root,
//     whether or not the root has inventory itself) or from a sharing provider
//     (MISC_SHARES_VIA_AGGREGATE) that shares an aggregate with any provider of that tree
//     (anchors_for_sharing_providers). Every combination of one provider per class is a
//     candidate when none of its providers has a forbidden trait and the union of their
//     traits meets every required any-of set (_check_traits_for_alloc_request): traits of
//     providers that give nothing (a resourceless root) do not count.
//  3. member_of / forbidden aggregates of the unsuffixed group (RPCandidateList
//     filter_by_rp_or_tree / filter_by_rp_nor_tree): a provider qualifies if it or its
//     anchor root is in a provider set that matches every member_of any-of list on its own;
//     it is out if it or its anchor root is in a forbidden aggregate. A sharing provider
//     joins other trees only if it matches member_of itself (get_rps_with_shared_capacity).
//  4. in_tree (RequestGroupSearchContext, get_providers_with_resource): only providers of
//     the named provider's tree give resources; the unsuffixed group then takes nothing
//     from sharing providers of other trees. A granular group's sharing provider inside
//     that tree still serves every tree it shares with (_alloc_candidates_single_provider).
//  5. Granular group (get_provider_ids_matching, _alloc_candidates_single_provider): one
//     provider gives every class and has every required trait itself (each any-of set),
//     no forbidden trait, matches member_of itself and is in no forbidden aggregate; a
//     sharing provider also serves every tree it shares an aggregate with. A resourceless
//     group (1.36) takes the providers that match its required traits or member_of (none
//     without one of them; in_tree is not applied to it: get_provider_ids_matching).
//  6. root_required / root_forbidden (_get_roots_with_traits, in_filtered_anchors): the
//     anchor root must have every required and no forbidden trait.
//  7. Merging (_merge_candidates): per anchor, every combination of one candidate per
//     group; group_policy=isolate keeps only combinations whose granular groups use
//     distinct providers (_satisfies_group_policy; the unsuffixed group may share a
//     provider with them); same_subtree keeps only combinations where one provider of the
//     listed groups is an ancestor-or-self of all of them (_satisfies_same_subtree);
//     amounts of one class from one provider are summed and checked again against
//     capacity and max_unit, not min_unit or step_size (_consolidate_allocation_requests,
//     exceeds_capacity); equal results (allocations and mappings) count once (areqs is a
//     set; AllocationRequest.__eq__).
//  8. Provider summaries (_build_provider_summaries, _merge_candidates, limit_results):
//     every provider of every tree that gives resources to a returned allocation request
//     (the provider's own tree, not the anchor's), including providers that give nothing;
//     all their classes (1.27), traits, parent and root (1.29). A tree that only anchors
//     requests served entirely by other trees' sharing providers, or that only holds a
//     resourceless group's provider, is not summarised.
//  9. limit (limit_results): at most `limit` allocation requests (a limit below 1 is no
//     limit, as Placement's truthiness test has it) and the summaries of their trees.
//     Placement takes the first N in an undefined order (or a random sample); this search
//     returns the first N in its own order: by anchor root uuid, then the groups in request
//     order, each group's candidates by provider uuid (the unsuffixed group's combinations
//     with its last class turning fastest). Compare results as sets.
//
// Placement 8 does not always follow these rules: three of its bugs, each reproduced on a
// real Placement 8.0.0, make its answer depend on Python's set order or fail. find()
// answers by the rules above and lists in CandidateResult::placementQuirks the bugs a
// request meets (PlacementQuirk, candidateresult.h):
//  - AccumulatedAmounts: e.g. a tree cn with children numa0 and numa1 (VCPU 8 each) and
//    resources=VCPU:1&resources1=VCPU:1 gave "numa0:VCPU=1 numa1:VCPU=2 | =numa1 1=numa0".
//  - OneAnchorForSharedOnly: cn1, cn2, cn3 (VCPU) and ss (DISK_GB, sharing) in one
//    aggregate, resources=DISK_GB:10&resources1=VCPU:1 gave only cn3's request of three.
//  - NestedSharingProvider: a sharing provider below root r, in the aggregate of cn1,
//    resources=VCPU:1,DISK_GB:10: HTTP 500, also when no combination has the required
//    traits, unless no provider has any of them (Placement's early return).
// Placement's rules that look like bugs but are followed here because Placement does the
// same every time: in_tree is ignored for resourceless groups; a resourceless group with
// only forbidden traits, forbidden aggregates or in_tree finds nothing.
//
// Names the snapshot does not know (classes, traits, aggregates, in_tree providers) are
// names no provider has: Placement would refuse an unknown class or trait with 400, which
// is the request parser's business. Requests at older microversions (nested-unaware
// exclude_nested_providers before 1.29) are not modelled. Placement 9+'s
// max_allocation_candidates and generation strategies only change which N it returns.
//
// Cost: the index costs O(n log n) once; find() touches only the providers that have the
// requested classes (or traits, for a resourceless group) and is otherwise linear in the
// size of its answer, which Placement's rules can make large (every combination in every
// tree); with a limit it stops after the first N.
//
// Thread-safety: the index is immutable; find() is const and keeps all its state local, so
// any number of threads may call it at once on one CandidateSearch. Copies share the index.
class CandidateSearch
{
public:
    explicit CandidateSearch(QList<ProviderData> providers);

    // The allocation requests and provider summaries Placement would return for `request`.
    [[nodiscard]] CandidateResult find(const CandidateRequest &request) const;

    // The index (for callers that look at the same snapshot, such as the explainer).
    [[nodiscard]] const CandidateIndex &index() const { return *m_index; }

private:
    std::shared_ptr<const CandidateIndex> m_index;
};

} // namespace provtree
