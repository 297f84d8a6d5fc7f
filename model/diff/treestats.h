#pragma once

#include "providerdata.h"

#include <QList>
#include <QMap>
#include <QString>

namespace provtree {

class ProviderTree;

// Sums over every inventory record of one resource class in a tree. Sums saturate at the
// limits of qint64 instead of overflowing (allocation ratios can make capacity huge).
struct ResourceClassTotals
{
    qint64 total = 0;
    qint64 reserved = 0;
    qint64 capacity = 0; // per record InventoryRecord::capacity(): (total - reserved) * ratio, truncated
    qint64 used = 0;     // the usages against the class
    qint64 free = 0;     // capacity - used, per record, summed (negative when overcommitted)

    bool operator==(const ResourceClassTotals &) const = default;
};

// Counts and capacity of a whole tree (or forest), for `provtree stats`.
// A value; computing it does not touch the tree after taking its snapshot.
struct TreeStats
{
    qsizetype providers = 0;
    qsizetype roots = 0;
    // The number of providers on the longest root-to-leaf path: a lone root has depth 1,
    // a root with children depth 2; an empty tree depth 0.
    int maxDepth = 0;
    QMap<QString, ResourceClassTotals> resourceClasses; // sorted by name

    // From records in any order. A record whose parent is not among them counts as a root;
    // records in a parent cycle get the depth of the cycle's length (no endless loop).
    [[nodiscard]] static TreeStats compute(const QList<ProviderData> &providers);
    // From a consistent snapshot of the tree (ProviderTree::allData()).
    [[nodiscard]] static TreeStats compute(const ProviderTree &tree);

    bool operator==(const TreeStats &) const = default;
};

} // namespace provtree
