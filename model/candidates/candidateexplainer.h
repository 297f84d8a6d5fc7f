#pragma once

#include "candidateexplanation.h"
#include "candidaterequest.h"
#include "candidatesearch.h"
#include "providerdata.h"

#include <QList>

#include <memory>

namespace provtree {

// "Why is there no valid host?": for every tree of a snapshot that yields no allocation
// candidate for a request, the first obstacle, short and exact (issue 11, item 3).
//
// A tree is a candidate when at least one allocation request of CandidateSearch::find()
// is anchored at its root (before `limit`, which only chooses among fitting trees; a
// request made of other trees' sharing providers alone counts for every tree it is anchored
// at). Every root of the snapshot is either fitting or rejected; a sharing provider that is
// a root is a tree like any other, since Placement anchors requests at it too (a pool alone
// can serve a DISK_GB-only request): its rejection is marked sharingRoot and counted apart
// ("3 sharing providers: no VCPU"), as it is usually not a host anyone expects.
//
// The obstacle is looked for in the order CandidateSearch decides (candidatesearch.h's
// rules, each with its Placement source):
//  1. the anchor filter (rule 6): the root lacks a root_required trait, or has a
//     forbidden one;
//  2. each request group in request order, unsuffixed first:
//     a. the group as a whole: in_tree naming no provider (any group, a resourceless one
//        too: RequestGroupSearchContext); a resourceless group without required traits
//        or member_of (rule 5: Placement 8 finds nothing for it);
//     b. per provider that could serve it in this tree (the root, the tree's providers,
//        then sharing providers of other trees that reach it; a granular group needs one
//        provider for all its classes, the unsuffixed group a provider per class), its
//        checks in order: in_tree; an inventory of each class; then per class capacity
//        (used + asked <= (total - reserved) * allocation_ratio), max_unit, min_unit,
//        step_size; for a granular group the required any-of sets (each without the
//        traits the group forbids: a provider meeting one only with a forbidden trait
//        lacks an allowed one) and the forbidden traits on the provider itself; member_of (the unsuffixed group: the provider or its
//        root, rule 3) and forbidden aggregates (the provider, and for the unsuffixed group
//        the anchor root). When no provider passes, the obstacle is that of the provider
//        that got furthest (on a tie the first in the order above): removing it moves that
//        provider, and so the tree, further;
//     c. the unsuffixed group's traits on combinations of one provider per class (rule 2):
//        a class whose every provider has a forbidden trait; then the required any-of sets
//        met by the union of the chosen providers' traits (traits of providers that give
//        nothing do not count), for the combination that meets the longest run of them;
//  3. the combination of every group's candidates in the tree (rule 7), on the search's
//     own candidates: group_policy=isolate, each same_subtree, then each amount several
//     groups take of one class from one provider, against capacity and max_unit; the
//     obstacle of the combination that got furthest.
// So removing the reported obstacle (raising the capacity, adding the trait, ...) makes the
// tree a candidate or moves its first obstacle to a later one (TreeRejection::progress
// grows), unless the request contradicts itself (a trait one group requires and the root
// filter forbids, an aggregate both required and forbidden: the edit then meets the other
// half); tst_candidateexplainer checks this on thousands of random forests and requests,
// and the fitting trees against CandidateSearch itself (PROVTREE_EXPLAIN_FORESTS=300 runs
// 7,500 requests and ~66,000 removals instead of the default 60 forests). Obstacles of the request rather
// than the tree (in_tree, group_policy, same_subtree) change when the request does.
//
// Cost: like find() without a limit, plus a pass over each rejected tree's providers per
// group; about as long as find() on a whole cloud.
//
// Thread-safety: immutable after construction; explain() is const and keeps its state
// local, so any number of threads may call it at once. Copies share the snapshot.
class CandidateExplainer
{
public:
    explicit CandidateExplainer(QList<ProviderData> providers);

    // The search over the same snapshot (for the candidates themselves).
    [[nodiscard]] const CandidateSearch &search() const;

    // Every root of the snapshot, fitting or rejected with its first obstacle, and the
    // rejections grouped. A request without groups explains nothing (every list empty).
    [[nodiscard]] CandidateExplanation explain(const CandidateRequest &request) const;

private:
    struct Data;
    std::shared_ptr<const Data> m_data;
};

} // namespace provtree
