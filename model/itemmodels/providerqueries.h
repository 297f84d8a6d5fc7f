#pragma once

#include "providerdata.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace provtree {

class ProviderTree;

// Questions about a whole tree that the inspector asks while the user edits it: who else
// has this trait, who shares this aggregate, which custom names and aggregates are in use
// (for the completers). Pure functions: each overload taking a ProviderTree reads it once
// (ProviderTree::allData(), one lock), so its answer is consistent even while other
// threads edit the tree; the overloads taking records work on a snapshot the caller
// already holds (several questions, one read). Linear in the size of the tree.
// Thread-safe.
namespace queries {

// A provider as a list entry: enough to show it ("cn-01") and to select it (its uuid).
struct ProviderRef
{
    QString uuid;
    QString name;
    bool operator==(const ProviderRef &) const = default;
};

// The providers that have `trait` (exact, case-sensitive: traits are upper-case names),
// in the order of `providers` (for allData(): top-down, each parent before its children).
// Empty when none has it, including for an empty or malformed trait.
[[nodiscard]] QList<ProviderRef> providersWithTrait(const QList<ProviderData> &providers,
                                                    QStringView trait);
[[nodiscard]] QList<ProviderRef> providersWithTrait(const ProviderTree &tree, QStringView trait);

// The providers in `aggregate`, in the order of `providers` (top-down for a tree). The
// aggregate may be given in any case (it is compared in canonical form); text that is
// not a uuid gives an empty list.
[[nodiscard]] QList<ProviderRef> providersInAggregate(const QList<ProviderData> &providers,
                                                      QStringView aggregate);
[[nodiscard]] QList<ProviderRef> providersInAggregate(const ProviderTree &tree, QStringView aggregate);

// The CUSTOM_ resource classes with inventory on some provider, sorted, each once.
[[nodiscard]] QStringList customResourceClasses(const QList<ProviderData> &providers);
[[nodiscard]] QStringList customResourceClasses(const ProviderTree &tree);

// The CUSTOM_ traits some provider has, sorted, each once.
[[nodiscard]] QStringList customTraits(const QList<ProviderData> &providers);
[[nodiscard]] QStringList customTraits(const ProviderTree &tree);

// Every aggregate some provider is in (canonical uuids), sorted, each once.
[[nodiscard]] QStringList aggregates(const QList<ProviderData> &providers);
[[nodiscard]] QStringList aggregates(const ProviderTree &tree);

} // namespace queries
} // namespace provtree
