#pragma once

#include <QFlags>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace provtree {

// Which parts of a provider an edit touched.
enum class ProviderPart : unsigned {
    Name = 1u << 0,
    Generation = 1u << 1,
    Inventories = 1u << 2,
    Usages = 1u << 3,
    Traits = 1u << 4,
    Aggregates = 1u << 5,
    Parent = 1u << 6, // moved to another parent (or to/from root)
};
Q_DECLARE_FLAGS(ProviderParts, ProviderPart)
Q_DECLARE_OPERATORS_FOR_FLAGS(ProviderParts)

// One step of a change, in the order it happened: replaying the steps of a ChangeSet on a
// mirror of the tree (e.g. an item model's row index) brings the mirror up to date.
struct ProviderChange
{
    enum class Kind {
        Added,   // `uuid` appended as the last child of `parentUuid` (last root if empty)
        Removed, // `uuid` and its whole subtree (`removedDescendants`, top-down) left the tree
        Changed, // `parts` of `uuid` changed; with Parent it moved from `oldParentUuid`
                 // to become the last child of `parentUuid`
    };
    Kind kind = Kind::Changed;
    QString uuid;
    QString parentUuid;
    QString oldParentUuid;          // Changed with ProviderPart::Parent only
    ProviderParts parts;            // Changed only
    QStringList removedDescendants; // Removed only

    bool operator==(const ProviderChange &) const = default;
};

// Everything one core call changed. `sequence` grows by one per ChangeSet of a tree, so a
// consumer on another thread can tell it has seen every change, in order.
struct ChangeSet
{
    quint64 sequence = 0;
    bool reset = false; // the whole tree was replaced: consumers rebuild, `changes` is empty
    QList<ProviderChange> changes;
};

} // namespace provtree

Q_DECLARE_METATYPE(provtree::ChangeSet)
