#pragma once

#include "providerdata.h"

#include <QList>
#include <QString>
#include <QStringList>

// How a document pulled from Placement keeps its two states in step with Placement: the
// base (Placement's state my edits start from) and mine (the local tree). Pure functions
// over values: no network, no widgets, no locks; callable from any thread.
namespace provtree {

class TreeDiff;
struct ThreeWayField;

// After a push: the new base and the local tree (settle()).
struct Settlement
{
    QList<ProviderData> base; // the new base, whole document
    QList<ProviderData> mine; // what the local tree becomes, whole document
    QStringList conflicted;   // providers left as they were (base and mine): a conflict
};

// The providers whose trees must be read after pushing `patch` to settle it: those the
// push touches (touchedProviders(): what it changes or removes, the parents of what it
// adds or moves) and the new roots it adds (their own trees).
[[nodiscard]] QStringList settleReadSet(const TreeDiff &patch);

// Brings base and mine up to `now`, a fresh read of Placement's trees of the providers
// `asked` (whole trees; an asked provider absent from `now` no longer exists):
//  - the base becomes Placement's state for every provider of a tree that was read (and
//    loses the providers that are gone); other providers keep their base;
//  - mine becomes rebase(base, mine, that state) (threeway.h): what the push applied is the
//    same on both sides, what it did not apply stays mine, and what others changed in
//    providers I did not change comes in; generations become Placement's;
//  - except for providers with a conflict (Placement and I changed a field differently):
//    their base and their local record stay exactly as they were, so the next push meets
//    the conflict again until it is resolved (re-applied or dropped). Local edits are
//    never lost.
// The result is what Placement holds when every planned call was applied: then mine and
// base have no difference (TreeDiff::isEmpty()).
[[nodiscard]] Settlement settle(const QList<ProviderData> &base, const QList<ProviderData> &mine,
                                const QList<ProviderData> &now, const QStringList &asked);

// Placement's state as far as `now` tells it: `now` is a fresh read of the whole trees of
// the providers `asked`, so an asked provider absent from it is gone (with what the base
// had below it), every provider of a tree it holds is as it shows, and the rest of the base
// is taken as unchanged.
[[nodiscard]] QList<ProviderData> placementAsKnown(const QList<ProviderData> &base, const QList<ProviderData> &now,
                                                   const QStringList &asked);

// What the three-way dialog lists: those of `providers` (say the ones a push changes) that
// Placement changed since the base (placementAsKnown()), each with every field (threeway.h)
// that differs between any two of the base, mine and Placement's state, so that what
// Placement changed and what a Drop would take back are both in view, conflicts marked.
// Unlike a push's own rows, which rebuild
// the pulled state from the patch and so cannot see fields the patch leaves alone, these
// start from the real base.
[[nodiscard]] QList<ThreeWayField> changesSincePull(const QList<ProviderData> &base, const QList<ProviderData> &mine,
                                                    const QList<ProviderData> &now, const QStringList &asked,
                                                    const QStringList &providers);

// Drop my changes to the providers `uuids`: each becomes exactly as `now` (Placement's
// current state of their trees) holds it, name, parent, inventories, usages, traits,
// aggregates and generation; one that `now` lacks is removed (with its local subtree).
// Applied to mine gives the new local tree; applied to the base, the new base.
[[nodiscard]] QList<ProviderData> withProvidersAsIn(const QList<ProviderData> &records,
                                                    const QList<ProviderData> &now, const QStringList &uuids);

// `records` without the providers whose parent is not among them, nor their descendants.
[[nodiscard]] QList<ProviderData> withoutOrphans(QList<ProviderData> records);

} // namespace provtree
