#pragma once

#include "change.h"
#include "problem.h"
#include "providerdata.h"
#include "providerstore.h"

#include <QList>

#include <unordered_set>
#include <vector>

namespace provtree {

// How populate() will apply a list of records to a store: worked out and checked in full
// before anything changes (nova's populate_from_iterable, made all-or-nothing).
//
// A record whose uuid is in the store replaces that provider; the replaced provider's
// descendants that no record names leave the tree ("disowned"). Refused when a record's
// parent is neither a record nor a provider that stays, when records form a parent cycle,
// or when uuids or names would collide.
class PopulatePlan
{
public:
    // `records` must already be normalised and individually valid; they must outlive the plan.
    [[nodiscard]] static Result<PopulatePlan> make(const ProviderStore &store,
                                                  const QList<ProviderData> &records);

    // Applies the plan; `store` must be the one it was made for, unchanged since.
    // Appends the steps to `changes` if not null.
    void commit(ProviderStore &store, const QList<ProviderData> &records,
                QList<ProviderChange> *changes) const;

private:
    std::vector<qsizetype> m_order;             // record indexes, parents first
    std::vector<qsizetype> m_recordParent;      // index of the parent record, or -1
    std::vector<const ProviderNode *> m_dropped; // disowned providers, top-down per subtree
};

// Which parts differ between two versions of one provider.
[[nodiscard]] ProviderParts differingParts(const ProviderData &before, const ProviderData &after);

} // namespace provtree
