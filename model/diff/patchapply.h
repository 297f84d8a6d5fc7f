#pragma once

#include "problem.h"
#include "providerdata.h"
#include "treeedit.h"
#include "treediff.h"

#include <QList>

// Applying a TreeDiff (a patch, see io/patchfile.h for its file form) to a tree.
namespace provtree {

class ProviderTree;

// The records `current` becomes with `patch` applied, in any order. Every "old" value is
// checked first; each mismatch is one conflict Problem, of kind
//  - GenerationConflict for a generation,
//  - UnknownProvider for a provider to change or remove that is missing,
//  - DuplicateUuid for a provider to add that exists,
//  - UnknownParent for a parent that is not the old one, or a provider that would be left
//    under a removed one,
//  - InvalidName, InvalidInventory, InvalidUsage, InvalidTrait or InvalidAggregate for
//    that field,
// with `provider` (the uuid) and `field` ("inventories.VCPU.total") set, each through
// neutralisedIfNeeded(): a patch file's text may hold anything.
// Placement's rules are not checked here (applyPatch() does, through the core).
[[nodiscard]] Result<QList<ProviderData>> patchedRecords(const QList<ProviderData> &current,
                                                         const TreeDiff &patch);

// `record` with every field `diff` (a Changed or Moved provider's diff) changes set to its
// new value (Forward: what applying does, after patchedRecords() checked the old ones) or
// back to its old value (Backward: the state the diff was made from, as far as the diff
// tells). Traits and aggregates are exchanged as sets; fields the diff does not name stay.
// No checks.
enum class PatchDirection { Forward, Backward };
[[nodiscard]] ProviderData withChangeApplied(ProviderData record, const ProviderDiff &diff, PatchDirection direction);

// The one transaction that turns the tree `current` into `patched` (both as lists of
// records, any order): adds, updates of every part, removals of the topmost leaving providers.
[[nodiscard]] TreeEdit editFor(const QList<ProviderData> &current, const QList<ProviderData> &patched);

// Applies `patch` to `tree`, all or nothing: patchedRecords() on a snapshot of the tree, then
// editFor() as one ProviderTree::apply() that is refused (ConcurrentChange) if the tree
// changed since the snapshot. On any conflict or refusal the tree is unchanged and every
// problem is returned. Observers see precise steps, not a reset.
[[nodiscard]] Status applyPatch(ProviderTree &tree, const TreeDiff &patch);

} // namespace provtree
