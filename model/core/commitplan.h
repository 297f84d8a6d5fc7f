#pragma once

#include "change.h"
#include "problem.h"
#include "providerdata.h"
#include "providerstore.h"

#include <QList>
#include <QStringList>

#include <vector>

namespace provtree {

// How one change of a store (a populate, an edit, a removal) will be applied: worked out and
// checked in full before anything changes, then committed in two phases so that the commit
// is all or nothing even when memory runs out:
//   make()    checks everything and computes the result, the steps of the ChangeSet
//             included; reads the store only.
//   prepare() allocates everything the commit needs (new nodes, name-index entries,
//             capacity); may throw std::bad_alloc and then leaves the store as it was.
//   commit()  moves the prepared state in; allocates nothing and cannot fail.
//
// Records add new providers or replace existing ones (same uuid). What happens to the
// existing children of a replaced provider depends on `Replacing`.
class CommitPlan
{
public:
    enum class Replacing {
        // populate(): nova's populate_from_iterable. A replaced provider's descendants that no
        // record names leave the tree ("disowned").
        DisownUnnamedDescendants,
        // Edits: a record updates a provider in place; its children stay.
        KeepDescendants,
    };
    struct Input
    {
        QList<ProviderData> records; // normalised and individually valid, at most one per uuid
        QStringList removals;        // uuids of providers to remove with their subtrees
        Replacing replacing = Replacing::DisownUnnamedDescendants;
        bool refuseRemovingProvidersInUse = false;
        bool describeChanges = true; // compute the ChangeSet steps
    };

    // Refused, changing nothing, when a parent is neither in the tree (and staying) nor in the
    // records (UnknownParent), records and the tree would form a cycle (Cycle), uuids or names
    // collide (DuplicateUuid, DuplicateName), a removal is not in the tree (UnknownProvider),
    // a record lies in a removed subtree (UnknownProvider), or a removed provider has usages
    // and the input refuses that (ProviderInUse).
    [[nodiscard]] static Result<CommitPlan> make(const ProviderStore &store, Input input);

    // True when committing would change nothing (every record equals its provider).
    [[nodiscard]] bool changesNothing() const { return m_changesNothing; }
    // The steps of the ChangeSet, in commit order (if Input::describeChanges).
    [[nodiscard]] QList<ProviderChange> takeChanges() { return std::move(m_changes); }
    // The providers that leave the tree, as they are before the commit, top-down.
    [[nodiscard]] QList<ProviderData> leavingRecords() const;

    // Phase 1: allocates. `store` must be the one the plan was made for, unchanged since.
    void prepare(ProviderStore &store);
    // Phase 2: cannot fail. Every provider it adds or changes gets `revision`.
    void commit(ProviderStore &store, quint64 revision) noexcept;

private:
    QList<ProviderData> m_records; // shared with the caller: read with at(), as a detach copies them all
    std::vector<qsizetype> m_order;                // record indexes to commit, parents first
    std::vector<qsizetype> m_recordParent;         // index of the parent record, or -1
    std::vector<const ProviderNode *> m_existing;  // the provider a record replaces, or null
    std::vector<const ProviderNode *> m_treeParent; // a parent that is in the tree, or null
    std::vector<bool> m_renamed;                    // needs a name-index entry
    std::vector<const ProviderNode *> m_dropped;   // providers that leave, top-down per subtree
    std::vector<const ProviderNode *> m_droppedTops;
    QList<ProviderChange> m_changes;
    bool m_changesNothing = false;

    ProviderStore::Staging m_staging;
    std::vector<ProviderNode *> m_nodeOf; // per record: its node once committed
};

// Which parts differ between two versions of one provider.
[[nodiscard]] ProviderParts differingParts(const ProviderData &before, const ProviderData &after);

} // namespace provtree
