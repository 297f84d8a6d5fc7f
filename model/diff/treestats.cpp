#include "treestats.h"

#include "providertree.h"

#include <QHash>

#include <limits>
#include <vector>

namespace provtree {

namespace {

qint64 saturatingAdd(qint64 a, qint64 b)
{
    qint64 sum = 0;
    if (!__builtin_add_overflow(a, b, &sum))
        return sum;
    return b > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
}

qint64 saturatingSub(qint64 a, qint64 b)
{
    qint64 difference = 0;
    if (!__builtin_sub_overflow(a, b, &difference))
        return difference;
    return b < 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
}

// Depth of every record (a root is 1), iteratively, so that deep trees need no deep stack.
std::vector<int> depths(const QList<ProviderData> &providers)
{
    const qsizetype n = providers.size();
    QHash<QString, qsizetype> indexOfUuid;
    indexOfUuid.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        indexOfUuid.insert(providers.at(i).uuid, i);
    const auto parentOf = [&](qsizetype i) {
        const ProviderData &p = providers.at(i);
        return p.isRoot() ? qsizetype(-1) : indexOfUuid.value(p.parentUuid, -1);
    };

    std::vector<int> depth(size_t(n), 0); // 0: not known yet
    std::vector<qsizetype> path;
    std::vector<bool> onPath(size_t(n), false);
    for (qsizetype start = 0; start < n; ++start) {
        // Walk up until a known depth, a root, or a record already on the path (a cycle).
        qsizetype i = start;
        int base = 0;
        while (i >= 0 && depth[size_t(i)] == 0 && !onPath[size_t(i)]) {
            path.push_back(i);
            onPath[size_t(i)] = true;
            i = parentOf(i);
        }
        if (i >= 0)
            base = depth[size_t(i)]; // 0 when the walk closed a cycle
        for (auto it = path.rbegin(); it != path.rend(); ++it) {
            depth[size_t(*it)] = ++base;
            onPath[size_t(*it)] = false;
        }
        path.clear();
    }
    return depth;
}

} // namespace

TreeStats TreeStats::compute(const QList<ProviderData> &providers)
{
    TreeStats stats;
    stats.providers = providers.size();
    for (const int depth : depths(providers))
        stats.maxDepth = std::max(stats.maxDepth, depth);

    QHash<QString, qsizetype> uuids;
    uuids.reserve(providers.size());
    for (qsizetype i = 0; i < providers.size(); ++i)
        uuids.insert(providers.at(i).uuid, i);

    for (const ProviderData &p : providers) {
        if (p.isRoot() || !uuids.contains(p.parentUuid))
            ++stats.roots;
        for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it) {
            const InventoryRecord &record = it.value();
            const qint64 capacity = record.capacity();
            const qint64 used = p.usages.value(it.key(), 0);
            ResourceClassTotals &sums = stats.resourceClasses[it.key()];
            sums.total = saturatingAdd(sums.total, record.totalOr0());
            sums.reserved = saturatingAdd(sums.reserved, record.reservedOrDefault());
            sums.capacity = saturatingAdd(sums.capacity, capacity);
            sums.used = saturatingAdd(sums.used, used);
            sums.free = saturatingAdd(sums.free, saturatingSub(capacity, used));
        }
    }
    return stats;
}

TreeStats TreeStats::compute(const ProviderTree &tree)
{
    return compute(tree.allData());
}

} // namespace provtree
