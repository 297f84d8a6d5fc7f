#pragma once

// ProviderTree's private part, shared by its two source files: providertree.cpp (changes)
// and providertreequeries.cpp (reads). Not for other users of the core.

#include "changedelivery.h"
#include "commitplan.h"
#include "providerstore.h"
#include "providertree.h"

#include <QSet>

#include <algorithm>
#include <new>
#include <shared_mutex>

namespace provtree {

namespace treeinternal {

[[nodiscard]] Problem unknownProvider(QStringView ref);
[[nodiscard]] Problem concurrentChange(const QString &uuid);
[[nodiscard]] Problem outOfMemory();
[[nodiscard]] QStringList sortedUnique(QStringList list);
// Aggregates are uuids: compare and store them in canonical form. Invalid ones are kept as
// given, for validation to refuse with the user's text.
[[nodiscard]] QStringList canonicalAggregates(QStringList aggregates);
[[nodiscard]] QString canonicalOrAsGiven(const QString &uuid);
// The form the store keeps: canonical uuids, sorted traits and aggregates.
[[nodiscard]] ProviderData normalised(ProviderData record);
[[nodiscard]] Problems withProvider(Problems problems, const QString &uuid);
// nova's _Provider.has_inventory_changed.
[[nodiscard]] bool inventoryChanged(const Inventories &stored, const Inventories &newer);

// Runs one public call so that running out of memory becomes an OutOfMemory problem: the
// commit itself cannot fail (CommitPlan), so whatever threw, the tree is as it was.
template <typename Call>
auto guarded(Call &&call) -> decltype(call())
{
    try {
        return call();
    } catch (const std::bad_alloc &) {
        return outOfMemory();
    }
}

} // namespace treeinternal

class ProviderTree::Private
{
public:
    // A change to one provider's data: `edit` changes a copy and returns its problems.
    // Public calls run it guarded().
    template <typename Edit>
    Result<bool> editProvider(QStringView ref, std::optional<qint64> generation, Edit &&edit);

    Result<QString> addProvider(const QString &name, QStringView parentRef, const QString &uuid,
                                std::optional<qint64> generation, bool asRoot);
    Result<Applied> apply(const TreeEdit &edit);
    Status populate(const QList<ProviderData> &records, bool replaceAll);

    // With the write lock held: plans, prepares and commits one change and queues its
    // ChangeSet. Returns the ChangeSet's sequence, 0 if nothing changed; `removed`, if not
    // null, receives the providers that left.
    Result<quint64> commit(CommitPlan::Input input, QList<ProviderData> *removed = nullptr);
    // With the write lock held: the revision a provider's last change got.
    [[nodiscard]] quint64 revisionOf(const ProviderNode &node) const { return std::max(node.revision, baseRevision); }

    // Delivers queued ChangeSets, never throwing: if memory runs out while delivering, the
    // change stays queued and the next delivery takes it (late, not lost).
    void deliver() noexcept
    {
        try {
            delivery.deliver();
        } catch (const std::bad_alloc &) {
        }
    }

    mutable std::shared_mutex lock; // guards store, sequence, baseRevision
    ProviderStore store;
    quint64 sequence = 0;
    quint64 baseRevision = 0; // the revision of every provider the last replaceAll() put in
    ChangeDelivery delivery;
};

} // namespace provtree
