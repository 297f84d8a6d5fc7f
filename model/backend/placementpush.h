#pragma once

#include "pushoutcome.h"
#include "treediff.h"

namespace provtree {

class PlacementClient;

// Pushes `patch` (the diff between a pulled state and my edits) to Placement:
//  1. reads Placement's current state of the trees the patch touches ("now");
//  2. rebuilds the pulled state of those providers from now and the patch's old values,
//     and my state by applying the patch to it;
//  3. without rebase: refuses (GenerationConflict per provider, nothing sent) when a
//     provider the patch touches has another generation now than the patch was made
//     against; with rebase: merges (threeway.h) and pushes the merge, reporting conflicts;
//  4. plans (pushplan.h) from now to the target and, unless a dry run, sends the plan
//     (PlanExecutor), stopping at the first failure;
//  5. reads the touched trees again, with the trees it created, so that `now` is what
//     Placement holds after it; when that read fails, `now` is empty and the status says so.
// Status: ok when everything was applied (or planned) without conflict. Errors: the
// client's, GenerationConflict (the three-way rows say where), the plan's refusals, and
// the failing call's problem. Local edits are never touched: only the outcome is reported.
[[nodiscard]] PushOperation *startPush(PlacementClient *client, const TreeDiff &patch, const PushOptions &options);

// The uuids whose trees a push of `patch` has to read: every provider it changes or
// removes, and the parents that added or moved providers go under.
[[nodiscard]] QStringList touchedProviders(const TreeDiff &patch);

// The pulled state of the providers in `now` as the patch saw it: each provider the patch
// changes with the patch's old values of the fields it changes (and of its generation),
// each it removes as the patch's record of it; the others as they are now. Providers the
// patch removes that are gone now are absent; those it adds are absent.
[[nodiscard]] QList<ProviderData> stateBeforePatch(const QList<ProviderData> &now, const TreeDiff &patch);

} // namespace provtree
