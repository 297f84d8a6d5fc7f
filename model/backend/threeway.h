#pragma once

#include "providerdata.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>

// Conflicts after a push met a newer Placement: three states of the same providers — what my
// edits started from (pulled), my edits (mine), and a fresh read of Placement (now) —
// compared per provider and field, and my edits re-applied on top of Placement's state
// where that can be done without overwriting what someone else changed.
// Pure functions over values: no network, no locks; callable from any thread.
namespace provtree {

// One field of one provider in the three states: a row of the three-way view, or (when
// isConflict()) one conflict the CLI reports.
struct ThreeWayField
{
    enum class Outcome {
        Mine,      // only I changed it: the merge takes my value
        Placement, // only Placement changed it: the merge takes Placement's value
        Same,      // both changed it to the same value
        Conflict,  // both changed it differently, or my change no longer fits Placement's
                   // tree (see detail): the merge keeps Placement's value, my change is dropped
    };

    QString providerUuid;
    QString providerName; // for people: my name, else Placement's, else the pulled one
    // "name", "parent_provider_uuid", "inventories.<CLASS>" (the whole record of one
    // class), "traits", "aggregates", or "provider" (whether it exists at all).
    QString field;
    // The values, ready to show. Undefined: the provider does not exist on that side.
    // name: a string; parent_provider_uuid: a uuid, null for a root; inventories.<CLASS>:
    // {total, reserved, min_unit, max_unit, step_size, allocation_ratio} (absent fields at
    // Placement's defaults), null when the provider has no inventory of that class;
    // traits, aggregates: sorted arrays; provider: {name, parent_provider_uuid}.
    QJsonValue pulled;
    QJsonValue mine;
    QJsonValue now;
    Outcome outcome = Outcome::Same;
    QString detail; // why, when it is not plain "both changed it"; names neutralised

    [[nodiscard]] bool isConflict() const { return outcome == Outcome::Conflict; }
    // One line for people, every part neutralised:
    // provider "cn-1" (UUID), traits: pulled [A], mine [A, B], Placement now [] (DETAIL)
    [[nodiscard]] QString toText() const;
    bool operator==(const ThreeWayField &) const = default;
};

// "mine", "placement", "same", "conflict".
[[nodiscard]] QString outcomeName(ThreeWayField::Outcome outcome);

// My edits on top of Placement's current state.
struct Rebase
{
    // The providers as they should be now: Placement's records with my changes applied
    // where the rule below allows, sorted by uuid. Generations and usages are Placement's
    // (a provider only I created keeps mine: it has none in Placement yet).
    QList<ProviderData> merged;
    // Every field that differs between any two of the three states, by provider (uuid)
    // and field (in the order above, classes sorted).
    QList<ThreeWayField> fields;
    // uuid -> generation in Placement now, for every provider it has.
    QHash<QString, qint64> generations;

    [[nodiscard]] QList<ThreeWayField> conflicts() const;
    [[nodiscard]] bool hasConflicts() const;
};

// Three-way merge of the providers a conflict concerns. The three lists describe the same
// providers (for example one tree, or the providers of a failed push with their parents and
// children); a provider missing from a list does not exist on that side, and a parent
// named by none of the lists is taken to exist outside them.
//
// The rule, per provider and field (name, parent_provider_uuid, inventories.<CLASS>,
// traits, aggregates; compared by value: an absent inventory field equals its default,
// sets in any order):
//  - Placement unchanged since the pull (now == pulled): my value (Mine).
//  - I did not change it (mine == pulled): Placement's value (Placement).
//  - both changed it to the same value: that value (Same).
//  - both changed it differently: Placement's value; a conflict.
// Whether a provider exists follows the same rule, with changes to its fields counting:
//  - I deleted it, Placement did not change its fields: it goes (Mine). Placement changed
//    a field: it stays as Placement has it; a conflict per field Placement changed, and one
//    for "provider".
//  - Placement deleted it, I did not change its fields: it goes (Placement). I changed a
//    field: it stays gone; a conflict per field I changed, and one for "provider".
//  - Only I created it: it comes (Mine). Only Placement did: it comes (Placement). Both
//    (the same uuid): Placement's record, a conflict per field that differs.
// Generation and usage differences are no change (nova's allocations move both).
// Then my changes that no longer fit Placement's tree give way, each a conflict whose
// detail says why, until the merged providers are a valid tree:
//  - my removal of an inventory class that has allocations now, and my delete of a
//    provider that has allocations now (Placement would refuse both);
//  - my delete of a provider that Placement now has children under (it stays);
//  - my move (or creation) of a provider under a parent that Placement deleted (its
//    parent stays Placement's; a provider only I created is dropped, and so are the ones
//    I created under it);
//  - my moves that, with Placement's, would make a cycle (the first such provider in uuid
//    order keeps Placement's parent);
//  - my name (or new provider) where Placement now has another provider of that name.
// Each step takes back one of my changes, so the merge ends; with all of them taken back
// it is Placement's own tree.
[[nodiscard]] Rebase rebase(const QList<ProviderData> &pulled, const QList<ProviderData> &mine,
                            const QList<ProviderData> &now);

} // namespace provtree
