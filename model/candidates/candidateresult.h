#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace provtree {

// One allocation request of GET /allocation_candidates at microversion 1.39: what to
// allocate from which provider (provider uuid -> resource class -> amount, the body of a
// PUT /allocations/{consumer}), and which providers satisfied each request group
// (suffix -> provider uuids, "" for the unsuffixed group; the uuids sorted, as Placement's
// mappings are sets). A plain value.
struct AllocationRequest
{
    QMap<QString, QMap<QString, qint64>> allocations;
    QMap<QString, QStringList> mappings;

    bool operator==(const AllocationRequest &) const = default;
};

// One resource class of a provider summary: capacity = int((total - reserved) *
// allocation_ratio), used = the sum of the provider's allocations of that class.
struct ResourceSummary
{
    qint64 capacity = 0;
    qint64 used = 0;

    bool operator==(const ResourceSummary &) const = default;
};

// One entry of provider_summaries at 1.39: every resource class the provider has inventory
// of (1.27+), its traits (sorted), its parent (empty for a root) and its root (1.29+).
struct ProviderSummary
{
    QMap<QString, ResourceSummary> resources;
    QStringList traits;
    QString parentUuid;
    QString rootUuid;

    bool operator==(const ProviderSummary &) const = default;
};

// Requests on which Placement 8 does not follow its own rules: bugs of its code, each
// reproduced against a real Placement 8.0.0 (candidatesearch.h has the reproductions).
// CandidateSearch answers by the rules and notes which of these a request meets, so that a
// comparison with a live Placement can tell its bugs from ours.
enum class PlacementQuirk {
    // Two groups take one class from one provider and group_policy is not "none"
    // (_consolidate_allocation_requests adds the later amount into the earlier group's
    // object, which its other combinations share: copy_arr_if_needed copies only under
    // "none"). Placement shows inflated amounts in every allocation request that shares
    // that object and may drop combinations whose inflated sum exceeds the capacity.
    AccumulatedAmounts,
    // The unsuffixed group is served by sharing providers alone, identically for several
    // anchor trees, and other groups exist: Placement deduplicates the unsuffixed candidates
    // before merging (_alloc_candidates_multiple_providers returns a set whose equality
    // ignores the anchor), so it keeps such a candidate for one anchor only, chosen by
    // Python set order, and loses the combinations of the other anchors.
    OneAnchorForSharedOnly,
    // A sharing provider that is not a root gives the unsuffixed group resources in a tree
    // whose own tree is not among the candidates: Placement fails with 500 (KeyError in
    // _alloc_candidates_multiple_providers: that provider was never summarised), unless an
    // earlier group summarised its tree or found nothing (Placement searches the groups in
    // query order; CandidateRequest keeps the unsuffixed group first, as queries usually
    // have it). Noted also when the answer is empty.
    NestedSharingProvider,
};

// The answer of GET /allocation_candidates: the allocation requests (a set: Placement's
// order is not defined, so compare with sameCandidates()) and the summaries of every
// provider in the trees that give resources to them, keyed by provider uuid.
struct CandidateResult
{
    QList<AllocationRequest> allocationRequests;
    QMap<QString, ProviderSummary> providerSummaries;
    // Where Placement 8 is known to answer this request otherwise (sorted, unique; empty
    // for almost every request). Not part of Placement's answer.
    QList<PlacementQuirk> placementQuirks;
};

} // namespace provtree
