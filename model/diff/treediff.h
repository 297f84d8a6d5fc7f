#pragma once

#include "inventory.h"
#include "providerdata.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// Comparing two states of a provider tree (README.md, "Comparing two states").
//
// TreeDiff::compute() takes two value snapshots (e.g. ProviderTree::allData() before and
// after, or two snapshot files' records) and reports, keyed by provider uuid, what differs.
// Pure and reentrant: no locks, no widgets, no I/O. Linear in the number of providers.
//
// The same TreeDiff is what a patch file holds: serialisePatch() writes it and
// parsePatch() reads it back, equal ProviderDiff lists (io/patchfile.h); applyPatch()
// applies it to a tree (diff/patchapply.h).
namespace provtree {

// What happened to one provider, as a view shows it.
enum class DiffStatus {
    Unchanged, // nothing but (perhaps) its generation changed
    Added,     // only in the new tree
    Removed,   // only in the old tree
    Changed,   // in both; name, inventory, usages, traits or aggregates differ
    Moved,     // in both, under another parent (it may also have other changes)
};

// "unchanged", "added", "removed", "changed", "moved".
[[nodiscard]] QString diffStatusName(DiffStatus status);

// An old and a new value of one field.
template <typename T>
struct ValueChange
{
    T oldValue;
    T newValue;
    bool operator==(const ValueChange &) const = default;
};

// One field of one inventory record whose effective value (absent: Placement's default)
// differs. Compared by value, so 16 and 16.0 are equal. Integral fields hold exact integers.
struct InventoryFieldChange
{
    InventoryField field = InventoryField::Total;
    double oldValue = 0;
    double newValue = 0;
    bool operator==(const InventoryFieldChange &) const = default;
};

// One resource class of one provider whose inventory differs.
struct InventoryChange
{
    enum class Kind { Added, Removed, Changed };
    QString resourceClass;
    Kind kind = Kind::Changed;
    // Added: the new record; Removed: the old record (each complete: effective()).
    // Changed: empty, see `fields`.
    InventoryRecord record;
    QList<InventoryFieldChange> fields; // Changed only, in InventoryField order
    bool operator==(const InventoryChange &) const = default;
};

// One resource class whose usage differs; an absent value means "no usage recorded".
struct UsageChange
{
    QString resourceClass;
    std::optional<qint64> oldValue;
    std::optional<qint64> newValue;
    bool operator==(const UsageChange &) const = default;
};

// Everything that differs for one provider.
struct ProviderDiff
{
    QString uuid;
    DiffStatus status = DiffStatus::Unchanged;

    // Added: the full new record. Removed: the full old record. Otherwise default.
    ProviderData record;
    // Added/Removed: the uuid of the top of the added/removed subtree this provider belongs
    // to (its own uuid when it is that top), and on the top only the number of providers in
    // that subtree (itself included; 0 on the others). Otherwise empty and 0.
    QString subtreeRoot;
    qsizetype subtreeSize = 0;

    // Changed/Moved/Unchanged only. Each set when that field differs.
    std::optional<ValueChange<QString>> name;
    std::optional<ValueChange<QString>> parentUuid;   // set: reparented (status Moved)
    // Metadata: never makes it "changed". Set when the generation differs, and on every
    // Changed or Moved provider (old == new when the edit kept it): the generation the
    // change was made against, which applying it checks (optimistic concurrency).
    std::optional<ValueChange<qint64>> generation;
    QList<InventoryChange> inventories;                // by resource class
    QList<UsageChange> usages;                         // by resource class
    QStringList traitsAdded, traitsRemoved;            // sorted
    QStringList aggregatesAdded, aggregatesRemoved;    // sorted

    // True for Added, Removed, and for any difference other than the generation.
    [[nodiscard]] bool isChange() const { return status != DiffStatus::Unchanged; }
    // The top of an added or removed subtree (named once, with its size).
    [[nodiscard]] bool isSubtreeRoot() const
    {
        return (status == DiffStatus::Added || status == DiffStatus::Removed) && subtreeRoot == uuid;
    }
    bool operator==(const ProviderDiff &) const = default;
};

// One provider of the merged tree (every provider of either side), for a compare view.
struct MergedEntry
{
    QString uuid;
    QString name;       // the new name; the old one for a removed provider
    QString parentUuid; // the new parent if the provider is in the new tree, else the old one
    int depth = 0;      // 0 for a root of the merged tree
    DiffStatus status = DiffStatus::Unchanged;
    qsizetype diffIndex = -1; // index into TreeDiff::providers(), -1 when nothing differs
    bool operator==(const MergedEntry &) const = default;
};

// The differences between an old and a new list of provider records.
//
// Records are matched by uuid (compare canonical, lower-case uuids: what the tree, the
// snapshot reader and the generator produce). Inputs are expected to be valid trees
// (unique uuids, no cycles); on broken input the result is defined but not meaningful.
class TreeDiff
{
public:
    TreeDiff() = default;

    // Compares `before` with `after`, given in any order. O(n) expected time.
    // mergedTree() is filled only when `withMergedTree` (the CLI and patches don't need it).
    [[nodiscard]] static TreeDiff compute(const QList<ProviderData> &before,
                                          const QList<ProviderData> &after,
                                          bool withMergedTree = true);

    // Builds a diff from ProviderDiffs (what parsePatch() does): sorts them by uuid and
    // derives statuses and subtree roots/sizes from the records. No merged tree.
    [[nodiscard]] static TreeDiff fromProviders(QList<ProviderDiff> providers);

    // True when no provider is added, removed, changed or moved. Generation-only
    // differences may remain (hasGenerationChanges()).
    [[nodiscard]] bool isEmpty() const { return m_changeCount == 0; }
    [[nodiscard]] bool hasGenerationChanges() const;

    // Every provider that differs in any way, generation-only ones included, sorted by uuid.
    [[nodiscard]] const QList<ProviderDiff> &providers() const { return m_providers; }
    // The diff of `uuid`, or nullptr when nothing about it differs. O(1). The pointer (like
    // those of addedSubtrees() and removedSubtrees()) is valid while this TreeDiff lives.
    [[nodiscard]] const ProviderDiff *find(QStringView uuid) const;

    // Sorted uuid lists for the patch summary: every provider of an added or removed
    // subtree; "changed" holds Changed and Moved providers (not generation-only ones).
    [[nodiscard]] QStringList added() const;
    [[nodiscard]] QStringList removed() const;
    [[nodiscard]] QStringList changed() const;
    // The tops of added / removed subtrees (each named once; see ProviderDiff::subtreeSize).
    [[nodiscard]] QList<const ProviderDiff *> addedSubtrees() const;
    [[nodiscard]] QList<const ProviderDiff *> removedSubtrees() const;

    // Every provider of either side, top-down (each parent before its children,
    // depth-first), roots and siblings sorted by (name, uuid). Empty for a diff built by
    // fromProviders() or compute(..., false).
    [[nodiscard]] const QList<MergedEntry> &mergedTree() const { return m_merged; }

    // Equal ProviderDiff lists (the merged tree is not compared).
    bool operator==(const TreeDiff &other) const { return m_providers == other.m_providers; }

private:
    void index();

    QList<ProviderDiff> m_providers;  // sorted by uuid
    QHash<QString, qsizetype> m_byUuid;
    QList<MergedEntry> m_merged;
    qsizetype m_changeCount = 0;
};

} // namespace provtree
