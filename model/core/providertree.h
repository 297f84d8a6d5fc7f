#pragma once

#include "change.h"
#include "problem.h"
#include "providerdata.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <memory>
#include <optional>

namespace provtree {

// How an edit treats the provider's generation (Placement's optimistic concurrency).
class GenerationRule
{
public:
    // Interactive edit without a check: an accepted change bumps the generation by one.
    static GenerationRule bump() { return GenerationRule(Mode::Bump, 0); }
    // Placement's form: refused with GenerationConflict unless the provider's generation is
    // `seen`; an accepted change bumps it by one.
    static GenerationRule expect(qint64 seen) { return GenerationRule(Mode::Expect, seen); }
    // nova's form, for backends mirroring a live Placement: the generation becomes
    // `reported` whether or not the data changed.
    static GenerationRule setTo(qint64 reported) { return GenerationRule(Mode::SetTo, reported); }

    enum class Mode { Bump, Expect, SetTo };
    [[nodiscard]] Mode mode() const { return m_mode; }
    [[nodiscard]] qint64 value() const { return m_value; }

private:
    GenerationRule(Mode mode, qint64 value) : m_mode(mode), m_value(value) {}
    Mode m_mode;
    qint64 m_value;
};

// The guarded provider tree: nova's ProviderTree (nova/compute/provider_tree.py) with
// Placement's validation, O(1) lookups and change notifications.
//
// Thread-safety: every public member may be called from any thread. Each call takes the
// tree's reader/writer lock once (RAII), never calls out while holding it, and either
// applies all of its change or none (validate, then commit). Observers are called after
// the lock is released, in ChangeSet::sequence order, on the thread that made the change
// (or on a thread that was already delivering notifications).
//
// Providers are named by `ref`: a uuid (any case) or a name. A uuid match wins over a
// provider whose *name* looks like that uuid.
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

    // --- structure ------------------------------------------------------------------
    // Adds a root. `uuid` empty: a random one. `generation` absent: 0.
    // Errors: InvalidName, InvalidUuid, DuplicateUuid, DuplicateName. Returns the uuid.
    Result<QString> newRoot(const QString &name, const QString &uuid = {},
                            std::optional<qint64> generation = {});
    // Adds a child of `parentRef` as its last child. Errors as newRoot, plus UnknownParent.
    Result<QString> newChild(const QString &name, QStringView parentRef, const QString &uuid = {},
                             std::optional<qint64> generation = {});
    // Removes the provider and its whole subtree. Errors: UnknownProvider.
    Status remove(QStringView ref);
    // Renames. Errors: UnknownProvider, InvalidName, DuplicateName, GenerationConflict.
    Status rename(QStringView ref, const QString &newName, GenerationRule rule = GenerationRule::bump());
    // Makes `ref` the last child of `newParentRef` (empty: a root), like Placement's
    // reparenting (microversion 1.37). Errors: UnknownProvider, UnknownParent, Cycle,
    // GenerationConflict.
    Status reparent(QStringView ref, QStringView newParentRef,
                    GenerationRule rule = GenerationRule::bump());
    // Adds new providers and replaces existing ones (same uuid) with the given records, in
    // any order (parents may follow children). A replaced provider keeps only the
    // descendants the records also contain; the others leave the tree. Refused, changing
    // nothing, when a record is invalid, a parent is neither in the tree nor in the records
    // (UnknownParent), the records form a cycle (Cycle), or names or uuids collide.
    Status populate(const QList<ProviderData> &records);
    // Replaces the whole tree by `records` (one ChangeSet with reset = true). Same checks.
    Status replaceAll(const QList<ProviderData> &records);
    void clear();

    // --- queries ----------------------------------------------------------------------
    [[nodiscard]] bool exists(QStringView ref) const;
    [[nodiscard]] qsizetype size() const;
    [[nodiscard]] std::optional<ProviderData> data(QStringView ref) const;
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

    // --- inventories ------------------------------------------------------------------
    // Whether the provider has any inventory record. False for an unknown provider.
    [[nodiscard]] bool hasInventory(QStringView ref) const;
    // nova's rule: a class added or removed is a change; within a record, a field present
    // in `inventories` that is absent or different (by value: 16 == 16.0) in the stored
    // record is a change; a field absent from `inventories` is not. Unknown provider: true.
    [[nodiscard]] bool hasInventoryChanged(QStringView ref, const Inventories &inventories) const;
    // Replaces the provider's inventory. Returns whether it changed. Errors:
    // UnknownProvider, InvalidResourceClass, InvalidInventory, InventoryInUse (a removed
    // class still has usage), GenerationConflict.
    Result<bool> updateInventory(QStringView ref, const Inventories &inventories,
                                 GenerationRule rule = GenerationRule::bump());
    // Replaces the provider's usages (what is allocated against its inventory).
    Result<bool> updateUsages(QStringView ref, const Usages &usages,
                              GenerationRule rule = GenerationRule::bump());

    // --- traits -----------------------------------------------------------------------
    [[nodiscard]] bool haveTraitsChanged(QStringView ref, const QStringList &traits) const;
    // Replaces the provider's traits; returns whether they changed.
    Result<bool> updateTraits(QStringView ref, const QStringList &traits,
                              GenerationRule rule = GenerationRule::bump());
    Status addTraits(QStringView ref, const QStringList &traits,
                     GenerationRule rule = GenerationRule::bump());
    Status removeTraits(QStringView ref, const QStringList &traits,
                        GenerationRule rule = GenerationRule::bump());
    // True if the provider has all of `traits`. False for an unknown provider.
    [[nodiscard]] bool hasTraits(QStringView ref, const QStringList &traits) const;

    // --- aggregates -------------------------------------------------------------------
    [[nodiscard]] bool haveAggregatesChanged(QStringView ref, const QStringList &aggregates) const;
    Result<bool> updateAggregates(QStringView ref, const QStringList &aggregates,
                                  GenerationRule rule = GenerationRule::bump());
    Status addAggregates(QStringView ref, const QStringList &aggregates,
                         GenerationRule rule = GenerationRule::bump());
    Status removeAggregates(QStringView ref, const QStringList &aggregates,
                            GenerationRule rule = GenerationRule::bump());
    // True if the provider is in all of `aggregates`. False for an unknown provider.
    [[nodiscard]] bool inAggregates(QStringView ref, const QStringList &aggregates) const;

    // True if some provider has inventory of `resourceClass` and the trait
    // MISC_SHARES_VIA_AGGREGATE.
    [[nodiscard]] bool hasSharingProvider(QStringView resourceClass) const;

private:
    class Private;
    std::unique_ptr<Private> d; // Owned.
};

} // namespace provtree
