#pragma once

#include "change.h"
#include "problem.h"
#include "providerdata.h"
#include "treeedit.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace provtree {

// The guarded provider tree: nova's ProviderTree (nova/compute/provider_tree.py) with
// Placement's validation, O(1) lookups and change notifications.
//
// Thread-safety: every public member may be called from any thread. Each call takes the
// tree's reader/writer lock once (RAII), never calls out while holding it, and either
// applies all of its change or none (validate, then commit; see CommitPlan: the commit
// itself allocates nothing, so even std::bad_alloc leaves the tree as it was and is
// reported as OutOfMemory). Observers are called after the lock is released, in
// ChangeSet::sequence order, on the thread that made the change (or on a thread that was
// already delivering notifications).
//
// Generations are Placement's: a provider's generation is what Placement reported, and
// only a caller that passes one (`generation`, as nova's `generation=` argument, or
// ProviderPart::Generation in a TreeEdit) changes it. Edits never bump it. Optimistic
// concurrency between threads uses the core's own per-provider revision instead
// (versionedData(), TreeEdit::expectUnchangedSince()).
//
// Providers are named by `ref`: a uuid (any case) or a name. One string names at most one
// provider: a name may not spell another provider's uuid, in any case, nor a uuid another
// provider's name (refcollision.h; nova refuses both, since its lookups take either too).
// A provider may be named by its own uuid (as nova's ironic driver names node providers).
// Should a name still spell another provider's uuid (see refcollision.h's limitation), the
// uuid match wins.
//
// Errors are returned as Problems (never thrown); messages quote input only through
// neutralised(). Warnings (values Placement accepts but that are likely mistakes)
// accompany success.
class ProviderTree
{
public:
    ProviderTree();
    ~ProviderTree();
    ProviderTree(const ProviderTree &) = delete;
    ProviderTree &operator=(const ProviderTree &) = delete;

    // --- change notifications -------------------------------------------------------
    using Observer = std::function<void(const ChangeSet &)>;
    using ObserverId = quint64;
    // The observer may call back into the tree, even to edit it (its own change is then
    // delivered after the current one returns). An edit returns once its ChangeSet has
    // reached every observer, so an observer must not wait for another thread that may be
    // editing this tree. Details: ChangeDelivery (changedelivery.h).
    ObserverId addObserver(Observer observer);
    // Never waits: no call of `id` begins after it returns; one in progress on another
    // thread may still be running and keeps the observer's function object alive.
    void removeObserver(ObserverId id);
    [[nodiscard]] quint64 lastSequence() const;

    // --- transactions -----------------------------------------------------------------
    struct Applied
    {
        // The ChangeSet's sequence number, which is also the new revision of every provider
        // the edit added or changed; 0 if the edit changed nothing.
        quint64 sequence = 0;
        // What the edit's removals took out of the tree, top-down, as it was (for undo).
        QList<ProviderData> removed;
    };
    // Applies every step of `edit` or none, under one write lock, as one ChangeSet.
    // Errors: those of the steps (UnknownProvider, DuplicateUuid, UnknownParent, Cycle,
    // DuplicateName, the validation kinds, InventoryInUse, ProviderInUse), of the
    // preconditions (ConcurrentChange), and OutOfMemory.
    Result<Applied> apply(const TreeEdit &edit);

    // --- structure ------------------------------------------------------------------
    // Adds a root. `uuid` empty: a random one. `generation` absent: 0.
    // Errors: InvalidName, InvalidUuid, DuplicateUuid (also: `uuid` is another provider's
    // name), DuplicateName (also: `name` spells another provider's uuid). Returns the uuid.
    // nova's new_root and new_child refuse some of these collisions and let others by
    // (new_root a name, new_child a name when a uuid is given); we refuse all of them.
    Result<QString> newRoot(const QString &name, const QString &uuid = {},
                            std::optional<qint64> generation = {});
    // Adds a child of `parentRef` as its last child. Errors as newRoot, plus UnknownParent.
    Result<QString> newChild(const QString &name, QStringView parentRef, const QString &uuid = {},
                             std::optional<qint64> generation = {});
    // Removes the provider and its whole subtree. Errors: UnknownProvider.
    Status remove(QStringView ref);
    // Renames. Errors: UnknownProvider, InvalidName, DuplicateName (also for a name that
    // spells another provider's uuid, refcollision.h).
    Status rename(QStringView ref, const QString &newName, std::optional<qint64> generation = {});
    // Makes `ref` the last child of `newParentRef` (empty: a root), like Placement's
    // reparenting (microversion 1.37). Errors: UnknownProvider, UnknownParent, Cycle.
    Status reparent(QStringView ref, QStringView newParentRef, std::optional<qint64> generation = {});
    // Adds new providers and replaces existing ones (same uuid) with the given records, in
    // any order (parents may follow children). A replaced provider keeps only the
    // descendants the records also contain; the others leave the tree. Refused, changing
    // nothing, when a record is invalid, a parent is neither in the tree nor in the records
    // (UnknownParent), the records form a cycle (Cycle), or names or uuids collide, also
    // with each other: a name spelling the uuid of a record or of a provider that stays,
    // or a uuid spelled by the name of a provider that stays (DuplicateName/DuplicateUuid,
    // as newRoot). nova's populate_from_iterable checks no names at all; we keep one rule
    // for every way in, so a snapshot file cannot bring in what newChild would refuse.
    // A replaced provider keeps its place among its siblings. nova's populate_from_iterable
    // removes and re-adds it, so there it becomes the last child; sibling order carries no
    // meaning in Placement, and keeping the place spares every view a row move for each
    // provider a refresh replaces.
    Status populate(const QList<ProviderData> &records);
    // Replaces the whole tree by `records` (one ChangeSet with reset = true). Same checks.
    Status replaceAll(const QList<ProviderData> &records);
    void clear();

    // --- queries ----------------------------------------------------------------------
    [[nodiscard]] bool exists(QStringView ref) const;
    [[nodiscard]] qsizetype size() const;
    [[nodiscard]] std::optional<ProviderData> data(QStringView ref) const;
    // The provider's data with its revision (the sequence of the last change to it), read
    // together, for an edit that must not overwrite a change it has not seen.
    struct Versioned
    {
        ProviderData data;
        quint64 revision = 0;
    };
    [[nodiscard]] std::optional<Versioned> versionedData(QStringView ref) const;
    // All providers' uuids, top-down (each parent before its children, depth-first).
    [[nodiscard]] QStringList providerUuids() const;
    // The uuids of `ref` and its descendants, top-down. Error: UnknownProvider.
    [[nodiscard]] Result<QStringList> subtreeUuids(QStringView ref) const;
    // The uuids of the whole tree `ref` belongs to (from its root), top-down.
    [[nodiscard]] Result<QStringList> treeUuids(QStringView ref) const;
    [[nodiscard]] QStringList rootUuids() const;
    // The direct children of `ref`, in order. Error: UnknownProvider.
    [[nodiscard]] Result<QStringList> childUuids(QStringView ref) const;
    // Every provider's data, top-down, taken under one lock: a consistent snapshot.
    [[nodiscard]] QList<ProviderData> allData() const;
    // allData() with the sequence number of the last change it includes, taken under one
    // lock: an observer registered before the call skips ChangeSets up to `sequence`.
    struct Snapshot
    {
        quint64 sequence = 0;
        QList<ProviderData> providers; // top-down
    };
    [[nodiscard]] Snapshot snapshot() const;
    // Calls `visit` with every provider's data, depth first in the tree's order (a provider,
    // then its subtree, then its next sibling), under one shared lock and without
    // copying it: a question about all 100,000 providers (which custom traits exist) costs
    // a walk, not allData()'s copy of every record. `visit` must not call the tree (it
    // would wait for its own lock) and must not keep the reference. Returns the sequence
    // number of the last change the walk saw (as Snapshot::sequence).
    quint64 forEachProvider(const std::function<void(const ProviderData &)> &visit) const;
    // forEachProvider() for work spread over threads: calls `use` once with every
    // provider, in the same order, under one shared lock; the same rules apply to `use`
    // and to any thread it starts (done before it returns).
    quint64 withAllProviders(const std::function<void(const std::vector<const ProviderData *> &)> &use) const;

    // --- inventories ------------------------------------------------------------------
    // The yes/no queries below (hasInventory, hasInventoryChanged, haveTraitsChanged,
    // hasTraits, haveAggregatesChanged, inAggregates) fail with UnknownProvider for an
    // unknown provider, as nova's raise ValueError: no answer would be true of a provider
    // that is not there.

    // Whether the provider has any inventory record.
    [[nodiscard]] Result<bool> hasInventory(QStringView ref) const;
    // nova's rule: a class added or removed is a change; within a record, a field present
    // in `inventories` that is absent or different (by value: 16 == 16.0) in the stored
    // record is a change; a field absent from `inventories` is not.
    [[nodiscard]] Result<bool> hasInventoryChanged(QStringView ref, const Inventories &inventories) const;
    // Replaces the provider's inventory. Returns whether it changed; `generation`, if given,
    // becomes the provider's generation either way (nova). Errors: UnknownProvider,
    // InvalidResourceClass, InvalidInventory, InventoryInUse (a removed class still has usage).
    Result<bool> updateInventory(QStringView ref, const Inventories &inventories,
                                 std::optional<qint64> generation = {});
    // Replaces the provider's usages (what is allocated against its inventory).
    Result<bool> updateUsages(QStringView ref, const Usages &usages, std::optional<qint64> generation = {});

    // --- traits -----------------------------------------------------------------------
    // Whether `traits` (as a set) differ from the provider's.
    [[nodiscard]] Result<bool> haveTraitsChanged(QStringView ref, const QStringList &traits) const;
    // Replaces the provider's traits; returns whether they changed.
    Result<bool> updateTraits(QStringView ref, const QStringList &traits, std::optional<qint64> generation = {});
    // Add or remove some traits, leaving the others. An empty `traits` does nothing and
    // succeeds without looking at the provider, even an unknown one, as nova's
    // add_traits/remove_traits return first (its libvirt driver passes whatever CPU traits
    // it found, maybe none). Unlike addAggregates/removeAggregates: nova's look the
    // provider up even for an empty list, and so do ours.
    Status addTraits(QStringView ref, const QStringList &traits, std::optional<qint64> generation = {});
    Status removeTraits(QStringView ref, const QStringList &traits, std::optional<qint64> generation = {});
    // Whether the provider has all of `traits` (true for an empty list).
    [[nodiscard]] Result<bool> hasTraits(QStringView ref, const QStringList &traits) const;

    // --- aggregates -------------------------------------------------------------------
    // Whether `aggregates` (as a set of uuids, any case) differ from the provider's.
    [[nodiscard]] Result<bool> haveAggregatesChanged(QStringView ref, const QStringList &aggregates) const;
    Result<bool> updateAggregates(QStringView ref, const QStringList &aggregates,
                                  std::optional<qint64> generation = {});
    // Add or remove some aggregates, leaving the others. UnknownProvider for an unknown
    // provider even when `aggregates` is empty (nova's add_aggregates/remove_aggregates have
    // no early return, unlike add_traits/remove_traits).
    Status addAggregates(QStringView ref, const QStringList &aggregates, std::optional<qint64> generation = {});
    Status removeAggregates(QStringView ref, const QStringList &aggregates, std::optional<qint64> generation = {});
    // Whether the provider is in all of `aggregates` (true for an empty list).
    [[nodiscard]] Result<bool> inAggregates(QStringView ref, const QStringList &aggregates) const;

    // True if some provider has inventory of `resourceClass` and the trait
    // MISC_SHARES_VIA_AGGREGATE.
    [[nodiscard]] bool hasSharingProvider(QStringView resourceClass) const;

private:
    class Private;
    std::unique_ptr<Private> d; // Owned.
};

} // namespace provtree
