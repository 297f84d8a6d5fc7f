#pragma once

#include "problem.h"
#include "providerstore.h"

#include <QString>
#include <QStringView>
#include <QVarLengthArray>

namespace provtree {

// The rule that one string names at most one provider, shared by every path that gives a
// provider a name or a uuid (newRoot, newChild, populate, replaceAll; rename should too).
//
// Every lookup takes a name or a uuid (nova's _find_with_lock, our ProviderStore::find),
// so a provider whose name spells another provider's uuid could not be found by that
// name (the uuid wins), and would make the other look present after its removal. nova's
// new_child refuses such a name and new_root such a uuid; we refuse both directions on
// every path. A provider may carry its own uuid as its name: nova's ironic driver names a
// node's provider by the node uuid, which is also the provider's uuid.
//
// Uuids are compared as find() compares them, ignoring case: a name spells a uuid when it
// is that uuid in any mix of cases. Limitation: the name index is exact, so for a new uuid
// only the stored names that spell it in all lower or all upper case are found; a stored
// name in mixed case is not (it can only be there from before this rule or by renaming).
//
// Stateless functions; the caller holds whatever lock guards the store it passes.
namespace refcollision {

// The (lower-case) uuid that a lookup of `name` is taken for, or empty when `name` cannot
// spell a uuid or spells `self` (the provider's own uuid).
[[nodiscard]] QString uuidSpelledBy(QStringView name, QStringView self);

// The stored providers, other than the one whose uuid is `uuid`, whose names spell `uuid`
// (see the limitation above).
[[nodiscard]] QVarLengthArray<const ProviderNode *, 2> nameHoldersOf(const ProviderStore &store,
                                                                     const QString &uuid);

// DuplicateName on field "name": `name` (given to provider `provider`) spells the uuid of
// provider `owner`.
[[nodiscard]] Problem nameIsUuidOf(const QString &name, const QString &owner, const QString &provider);
// DuplicateUuid on field "uuid": `uuid` is spelled by the name of provider `holder`.
[[nodiscard]] Problem uuidIsNameOf(const QString &uuid, const QString &holder);

} // namespace refcollision

} // namespace provtree
