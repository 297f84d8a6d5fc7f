#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <array>

namespace provtree {

// Why a tree yields no allocation candidate: the kinds of obstacle CandidateExplainer
// reports, in the order it looks for them (candidateexplainer.h has the rules).
enum class RejectionCode {
    // The anchor filter (root_required): the tree's root lacks a required trait, or has a
    // forbidden one.
    RootLacksTrait,
    RootHasForbiddenTrait,
    // A group as a whole: its in_tree names no provider of the snapshot; a group without
    // resources names no required trait nor member_of, so Placement 8 finds no provider
    // for it at all.
    InTreeUnknown,
    ResourcelessWithoutFilter,
    // One provider (the one that got furthest) for one group: in_tree names another tree;
    // no inventory of the class; not enough capacity; the amount above max_unit, below
    // min_unit, not a multiple of step_size; a required trait (any-of set) missing; a
    // forbidden trait present; not in a member_of aggregate (any-of set); in a forbidden
    // aggregate.
    InTreeElsewhere,
    NoInventory,
    Capacity,
    MaxUnit,
    MinUnit,
    StepSize,
    MissingTrait,
    ForbiddenTrait,
    NotInAggregate,
    InForbiddenAggregate,
    // Every group has candidates in the tree, but no combination of them passes: the
    // granular groups cannot use distinct providers (group_policy=isolate); a same_subtree
    // cannot be met; amounts of one class that several groups take from one provider add up
    // to more than its capacity, or more than its max_unit.
    GroupPolicyIsolate,
    SameSubtree,
    SummedCapacity,
    SummedMaxUnit,
    // Never expected: the explainer's rules and the search's disagree (a test fails on it).
    Unexplained,
};

// The code as JSON and the CLI show it: "capacity", "missing-trait", "group-policy-isolate" ...
[[nodiscard]] QString rejectionCodeName(RejectionCode code);

// One rejected tree and the first obstacle found in it. A plain value.
struct TreeRejection
{
    QString rootUuid;
    // The provider the obstacle is on: the one that got furthest towards serving the group
    // (possibly a sharing provider of another tree, see viaSharing); the root for the anchor
    // filter; empty when the request itself is the obstacle (InTreeUnknown,
    // ResourcelessWithoutFilter, GroupPolicyIsolate, SameSubtree).
    QString providerUuid;
    RejectionCode code = RejectionCode::Unexplained;
    // The request group concerned ("" the unsuffixed group); meaningful when hasGroup.
    QString group;
    bool hasGroup = false;
    QString resourceClass;
    qint64 capacity = 0; // Capacity, SummedCapacity: int((total - reserved) * allocation_ratio)
    qint64 used = 0;     // Capacity, SummedCapacity
    qint64 asked = 0;    // Capacity, *Unit, StepSize, Summed*: the amount (summed: the sum)
    qint64 limit = 0;    // MaxUnit, MinUnit, StepSize, SummedMaxUnit: max_unit, min_unit, step_size
    QStringList traits;     // MissingTrait: the any-of set; ForbiddenTrait, Root*: the trait
    QStringList aggregates; // NotInAggregate: the any-of set; InForbiddenAggregate: the aggregate
    QString inTree;         // InTreeUnknown, InTreeElsewhere: the group's in_tree, as written
    QStringList groups;     // GroupPolicyIsolate, SameSubtree, Summed*: the groups involved
    QList<qint64> amounts;  // Summed*: each group's amount, as `groups`
    // Context: MissingTrait in the unsuffixed group: the providers that would give the
    // resources; ... that have the trait but give nothing (their traits do not count).
    QStringList providers;
    QStringList idleProvidersWithTrait;
    bool sharingRoot = false; // the rejected root is a sharing provider (a tree of its own)
    bool viaSharing = false;  // providerUuid is a sharing provider of another tree
    // How far the tree got, compared lexicographically: larger is further (the anchor
    // filter, then group by group, then the combination). Removing the obstacle makes the
    // tree a candidate or moves it further. For tests and for ordering near misses.
    std::array<int, 5> progress{};
    QString text;  // one line for people: "cn-12: VCPU capacity 128, used 126, asked 4" (names neutralised)
    QString label; // what trees with the same obstacle share: "not enough VCPU"

    bool operator==(const TreeRejection &) const = default;
};

// Rejected trees that share a label (and are, or are not, sharing providers).
struct RejectionGroup
{
    QString label;
    RejectionCode code = RejectionCode::Unexplained;
    bool sharingRoots = false;
    QStringList rootUuids; // in the order of the rejections
    // "812 trees: not enough VCPU", "3 sharing providers: no VCPU"
    [[nodiscard]] QString text() const;

    bool operator==(const RejectionGroup &) const = default;
};

// What CandidateExplainer::explain() finds for one request: every root of the snapshot is
// either fitting or rejected, in uuid order.
struct CandidateExplanation
{
    // Trees with at least one allocation request anchored at their root (before `limit`:
    // a tree that fits but that the limit leaves out of the answer still fits).
    QStringList fittingRoots;
    QList<TreeRejection> rejections;
    QList<RejectionGroup> groups; // the rejections by label (groupRejections())

    bool operator==(const CandidateExplanation &) const = default;
};

// Groups rejections by label and sharingRoot: trees before sharing providers (usually not a
// host anyone expects), then most trees first, then by label.
[[nodiscard]] QList<RejectionGroup> groupRejections(const QList<TreeRejection> &rejections);

} // namespace provtree
