#pragma once

#include "placementclient.h"
#include "problem.h"
#include "providerdata.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// What a push sends: the Placement calls that turn the state provtree pulled into the
// state the user edited, in an order Placement accepts. Pure functions over values: no
// network, no locks; callable from any thread.
//
// The executor (not here) sends the calls in order, stops at the first failure, puts the
// provider's current generation into each call marked sendsGeneration, learns the next
// generation from each answer, and runs each CheckProvider before the call after it.
namespace provtree {

// One call of a push plan.
struct PlannedCall
{
    enum class Kind {
        EnsureResourceClass, // PUT /resource_classes/CUSTOM_X: 201 created, 204 already there
        EnsureTrait,         // PUT /traits/CUSTOM_X: 201 created, 204 already there
        CreateProvider,      // POST /resource_providers; the provider starts at generation 0
        CheckProvider,       // GET /resource_providers/{uuid}: must still show `expected`
        UpdateProvider,      // PUT /resource_providers/{uuid}: name and parent (no generation)
        SetInventories,      // PUT .../inventories: the whole inventory
        SetTraits,           // PUT .../traits: the whole set
        SetAggregates,       // PUT .../aggregates: the whole set
        DeleteProvider,      // DELETE /resource_providers/{uuid} (no generation)
    };

    Kind kind = Kind::CheckProvider;
    // Method, path and body. Where sendsGeneration, the body is an object without
    // "resource_provider_generation": the executor adds it.
    PlacementRequest request;
    QString providerUuid; // the provider it is about; empty for classes and traits
    // For people: the provider's name in my state (the pulled one for a delete).
    QString providerName;
    // The executor puts "resource_provider_generation": the provider's current generation
    // (as pulled, 0 after its creation, then the one each answer of the plan returns).
    bool sendsGeneration = false;
    // CheckProvider only: uuid, name, generation and parent (empty: a root) that
    // GET /resource_providers/{uuid} must still show; inventories, traits and aggregates
    // are empty (that answer has none). The generation is the one the provider has at that
    // point of the plan when every earlier call did what the plan says.
    std::optional<ProviderData> expected;
    // One line for people, names neutralised: `rename provider "cn-1" (UUID) to "cn-2"`.
    QString summary;

    bool operator==(const PlannedCall &) const = default;
};

// The calls of one push, in the order to send them, and what people should know about
// them.
struct PushPlan
{
    QList<PlannedCall> calls;
    QStringList notes; // for people, names neutralised; printed after the calls
    int microversionMinor = 0; // the microversion the calls are written for: 1.N

    [[nodiscard]] bool isEmpty() const { return calls.isEmpty(); }
    // The dry run (`provtree push --dry-run`, the GUI's review): each call numbered, with
    // METHOD path, its summary and its body as indented JSON, where a generation the
    // executor fills in reads <generation of "NAME">; then the notes. Safe to print: names
    // are neutralised, and characters that could forge or hide lines are escaped in the
    // JSON (as \uXXXX, which is still the same JSON).
    [[nodiscard]] QString toText() const;
};

// The calls that make Placement show `mine` where it showed `pulled` (each a valid tree as
// the core keeps it; records matched by uuid, in any order). Generations and usages are
// not written: a difference in generation alone is no change.
//
// Order (each rule has the Placement source it follows in pushplan.cpp):
//  1. EnsureResourceClass / EnsureTrait for each CUSTOM_ class / trait that `mine` uses and
//     `pulled` does not (standard names are never created), sorted by name.
//  2. Creates, renames and moves, each provider's inventories, traits and aggregates right
//     after it (only the parts that differ; for a new provider only the non-empty ones),
//     in the order of my tree (parents first, siblings by name), except where one of these
//     has to wait:
//     - a create waits for its parent's create;
//     - a move waits for the create or move of every provider above it in my tree (so
//       the new parent is never below the provider moved: Placement refuses loops);
//     - a create or rename that takes a name another provider holds waits for the rename
//       or delete that frees it (names are unique in Placement);
//     - a delete waits until the provider's children are deleted or moved away.
//  3. Deletes, children first, as late as these rules allow.
// When names wait on each other in a cycle (two providers swap names, ...), one provider
// of the cycle is first renamed to "provtree-renaming-UUID" (its own uuid), which frees its
// name; the notes say so.
// Renames, moves and deletes are not guarded by a generation in Placement: each is
// preceded by a CheckProvider, and the notes say so.
//
// Errors (nothing planned): Refused when the microversion is older than 1.14 (nested
// providers), when it cannot move a provider that has a parent (before 1.37; field
// parent_provider_uuid), and when usages differ (field usages.RC: usages are consumers'
// allocations, which provtree does not write); ProviderInUse for deleting a provider with
// usages; InventoryInUse for removing a class with usage; InvalidInventory for an
// inventory with capacity 0 before 1.26; DuplicateUuid, UnknownParent or Cycle when a
// state is not a tree.
[[nodiscard]] Result<PushPlan> makePushPlan(const QList<ProviderData> &pulled,
                                            const QList<ProviderData> &mine, int microversionMinor);

// The name a plan gives a provider while its own name is needed by another one.
[[nodiscard]] QString temporaryProviderName(const QString &uuid);

// "ensure-resource-class", "check-provider", ... (for JSON output and logs).
[[nodiscard]] QString plannedCallKindName(PlannedCall::Kind kind);

} // namespace provtree
