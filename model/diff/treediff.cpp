#include "treediff.h"

#include <algorithm>
#include <array>

namespace provtree {

namespace {

constexpr std::array<InventoryField, kInventoryFieldCount> kFields{
    InventoryField::Total,    InventoryField::Reserved, InventoryField::MinUnit,
    InventoryField::MaxUnit,  InventoryField::StepSize, InventoryField::AllocationRatio};

QStringList sortedCopy(QStringList list)
{
    if (!std::is_sorted(list.cbegin(), list.cend()))
        std::sort(list.begin(), list.end());
    return list;
}

// Elements of sorted `a` missing from sorted `b`, and of `b` missing from `a`, in one walk.
void setDifference(const QStringList &before, const QStringList &after, QStringList &added,
                   QStringList &removed)
{
    if (before == after)
        return;
    const QStringList a = sortedCopy(before);
    const QStringList b = sortedCopy(after);
    std::set_difference(b.cbegin(), b.cend(), a.cbegin(), a.cend(), std::back_inserter(added));
    std::set_difference(a.cbegin(), a.cend(), b.cbegin(), b.cend(), std::back_inserter(removed));
}

Inventories effectiveInventories(const Inventories &inventories)
{
    const bool complete = std::all_of(inventories.cbegin(), inventories.cend(),
                                      [](const InventoryRecord &r) { return r == r.effective(); });
    if (complete)
        return inventories; // shares storage
    Inventories result;
    for (auto it = inventories.cbegin(); it != inventories.cend(); ++it)
        result.insert(it.key(), it.value().effective());
    return result;
}

// The record as a patch carries it: complete inventory records, sorted lists.
ProviderData normalised(ProviderData record)
{
    record.inventories = effectiveInventories(record.inventories);
    record.traits = sortedCopy(record.traits);
    record.aggregates = sortedCopy(record.aggregates);
    return record;
}

// Walks two maps sorted by key in step: `removed` for keys only in `before`, `added` for
// keys only in `after`, `both` for keys in each.
template <typename Map, typename Removed, typename Added, typename Both>
void mergeByKey(const Map &before, const Map &after, Removed removed, Added added, Both both)
{
    auto a = before.cbegin();
    auto b = after.cbegin();
    while (a != before.cend() || b != after.cend()) {
        if (b == after.cend() || (a != before.cend() && a.key() < b.key())) {
            removed(a.key(), a.value());
            ++a;
        } else if (a == before.cend() || b.key() < a.key()) {
            added(b.key(), b.value());
            ++b;
        } else {
            both(a.key(), a.value(), b.value());
            ++a;
            ++b;
        }
    }
}

void diffInventories(const Inventories &before, const Inventories &after, QList<InventoryChange> &out)
{
    if (before == after)
        return;
    mergeByKey(
        before, after,
        [&out](const QString &rc, const InventoryRecord &old) {
            out.append({rc, InventoryChange::Kind::Removed, old.effective(), {}});
        },
        [&out](const QString &rc, const InventoryRecord &now) {
            out.append({rc, InventoryChange::Kind::Added, now.effective(), {}});
        },
        [&out](const QString &rc, const InventoryRecord &old, const InventoryRecord &now) {
            QList<InventoryFieldChange> fields;
            for (const InventoryField field : kFields) {
                const double oldValue = fieldValue(old, field);
                const double newValue = fieldValue(now, field);
                if (oldValue != newValue)
                    fields.append({field, oldValue, newValue});
            }
            if (!fields.isEmpty())
                out.append({rc, InventoryChange::Kind::Changed, {}, fields});
        });
}

void diffUsages(const Usages &before, const Usages &after, QList<UsageChange> &out)
{
    if (before == after)
        return;
    mergeByKey(
        before, after, [&out](const QString &rc, qint64 old) { out.append({rc, old, std::nullopt}); },
        [&out](const QString &rc, qint64 now) { out.append({rc, std::nullopt, now}); },
        [&out](const QString &rc, qint64 old, qint64 now) {
            if (old != now)
                out.append({rc, old, now});
        });
}

// The field-level differences of a provider present on both sides; status is derived.
ProviderDiff diffProvider(const ProviderData &before, const ProviderData &after)
{
    ProviderDiff diff;
    diff.uuid = after.uuid;
    if (before.name != after.name)
        diff.name = ValueChange<QString>{before.name, after.name};
    if (before.parentUuid != after.parentUuid)
        diff.parentUuid = ValueChange<QString>{before.parentUuid, after.parentUuid};
    if (before.generation != after.generation)
        diff.generation = ValueChange<qint64>{before.generation, after.generation};
    diffInventories(before.inventories, after.inventories, diff.inventories);
    diffUsages(before.usages, after.usages, diff.usages);
    setDifference(before.traits, after.traits, diff.traitsAdded, diff.traitsRemoved);
    setDifference(before.aggregates, after.aggregates, diff.aggregatesAdded, diff.aggregatesRemoved);
    return diff;
}

DiffStatus derivedStatus(const ProviderDiff &diff)
{
    if (diff.status == DiffStatus::Added || diff.status == DiffStatus::Removed)
        return diff.status;
    if (diff.parentUuid)
        return DiffStatus::Moved;
    const bool changed = diff.name || !diff.inventories.isEmpty() || !diff.usages.isEmpty()
        || !diff.traitsAdded.isEmpty() || !diff.traitsRemoved.isEmpty()
        || !diff.aggregatesAdded.isEmpty() || !diff.aggregatesRemoved.isEmpty();
    return changed ? DiffStatus::Changed : DiffStatus::Unchanged;
}

bool hasAnyDifference(const ProviderDiff &diff)
{
    return diff.status != DiffStatus::Unchanged || diff.generation.has_value();
}

} // namespace

QString diffStatusName(DiffStatus status)
{
    switch (status) {
    case DiffStatus::Unchanged: return QStringLiteral("unchanged");
    case DiffStatus::Added: return QStringLiteral("added");
    case DiffStatus::Removed: return QStringLiteral("removed");
    case DiffStatus::Changed: return QStringLiteral("changed");
    case DiffStatus::Moved: return QStringLiteral("moved");
    }
    return {};
}

namespace {

// The merged tree: every provider of either side, under its new parent if it is in the new
// tree, else under its old parent; depth-first, each sibling group sorted by (name, uuid).
// Linear apart from the sibling sorts: parents are found through `beforeIndex` (one hash
// lookup each) and a small hash of the added providers, children kept in one flat array.
QList<MergedEntry> buildMergedTree(const QList<ProviderData> &before, const QList<ProviderData> &after,
                                   const QHash<QString, qsizetype> &beforeIndex,
                                   const QList<qsizetype> &afterOfBefore, const TreeDiff &diff)
{
    // Entries 0..after.size()-1 are the new records, then the removed ones.
    QList<MergedEntry> entries;
    entries.reserve(after.size() + diff.providers().size());
    QList<qsizetype> entryOfBefore(before.size(), -1);
    QHash<QString, qsizetype> addedEntries;
    for (qsizetype i = 0; i < after.size(); ++i) {
        const ProviderData &p = after[i];
        entries.append({p.uuid, p.name, p.parentUuid, 0, DiffStatus::Unchanged, -1});
    }
    for (qsizetype b = 0; b < before.size(); ++b) {
        if (afterOfBefore[b] >= 0) {
            entryOfBefore[b] = afterOfBefore[b];
        } else {
            const ProviderData &p = before[b];
            entryOfBefore[b] = entries.size();
            entries.append({p.uuid, p.name, p.parentUuid, 0, DiffStatus::Removed, -1});
        }
    }
    for (const ProviderDiff &d : diff.providers()) {
        if (d.status == DiffStatus::Added)
            addedEntries.insert(d.uuid, -1);
    }
    for (qsizetype i = 0; i < after.size() && !addedEntries.isEmpty(); ++i) {
        const auto it = addedEntries.find(after[i].uuid);
        if (it != addedEntries.end())
            *it = i;
    }

    // Statuses: few providers differ, so look each of them up rather than every entry.
    for (qsizetype i = 0; i < diff.providers().size(); ++i) {
        const ProviderDiff &d = diff.providers()[i];
        const auto b = beforeIndex.constFind(d.uuid);
        const qsizetype e = b != beforeIndex.cend() ? entryOfBefore[*b] : addedEntries.value(d.uuid, -1);
        if (e >= 0) {
            entries[e].diffIndex = i;
            entries[e].status = d.status;
        }
    }

    const qsizetype n = entries.size();
    QList<qsizetype> parentOf(n, -1);
    QList<qsizetype> childCount(n + 1, 0);
    for (qsizetype e = 0; e < n; ++e) {
        const MergedEntry &entry = entries[e];
        if (entry.parentUuid.isEmpty())
            continue;
        const auto b = beforeIndex.constFind(entry.parentUuid);
        qsizetype parent = b != beforeIndex.cend() ? entryOfBefore[*b] : addedEntries.value(entry.parentUuid, -1);
        if (parent == e)
            parent = -1; // broken input
        parentOf[e] = parent;
        if (parent >= 0)
            ++childCount[parent];
    }
    // Children of entry e: children[first[e] .. first[e + 1]).
    QList<qsizetype> first(n + 1, 0);
    for (qsizetype e = 0; e < n; ++e)
        first[e + 1] = first[e] + childCount[e];
    QList<qsizetype> children(first[n]);
    QList<qsizetype> fill = first;
    QList<qsizetype> roots;
    for (qsizetype e = 0; e < n; ++e) {
        if (parentOf[e] < 0)
            roots.append(e);
        else
            children[fill[parentOf[e]]++] = e;
    }
    const auto byNameThenUuid = [&entries](qsizetype a, qsizetype b) {
        const MergedEntry &x = entries[a];
        const MergedEntry &y = entries[b];
        return x.name != y.name ? x.name < y.name : x.uuid < y.uuid;
    };

    QList<MergedEntry> merged;
    merged.reserve(n);
    QList<std::pair<qsizetype, int>> stack; // entry, depth; iterative: trees may be deep
    std::sort(roots.begin(), roots.end(), byNameThenUuid);
    for (auto it = roots.crbegin(); it != roots.crend(); ++it)
        stack.append({*it, 0});
    while (!stack.isEmpty()) {
        const auto [e, depth] = stack.takeLast();
        merged.append(entries[e]);
        merged.last().depth = depth;
        const auto begin = children.begin() + first[e];
        const auto end = children.begin() + first[e + 1];
        std::sort(begin, end, byNameThenUuid);
        for (auto it = end; it != begin;)
            stack.append({*--it, depth + 1});
    }
    return merged; // entries caught in a parent cycle (broken input) are left out
}

} // namespace

TreeDiff TreeDiff::compute(const QList<ProviderData> &before, const QList<ProviderData> &after,
                           bool withMergedTree)
{
    // One hash, of the old side; the new side is looked up in it.
    QHash<QString, qsizetype> beforeIndex;
    beforeIndex.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        beforeIndex.insert(before[i].uuid, i);
    QList<qsizetype> afterOfBefore(before.size(), -1);

    QList<ProviderDiff> providers;
    for (qsizetype i = 0; i < after.size(); ++i) {
        const ProviderData &now = after[i];
        const auto it = beforeIndex.constFind(now.uuid);
        if (it == beforeIndex.cend()) {
            ProviderDiff diff;
            diff.uuid = now.uuid;
            diff.status = DiffStatus::Added;
            diff.record = normalised(now);
            providers.append(std::move(diff));
            continue;
        }
        afterOfBefore[*it] = i;
        const ProviderData &old = before[*it];
        if (old == now)
            continue;
        ProviderDiff diff = diffProvider(old, now);
        diff.status = derivedStatus(diff);
        // A change names the generation it was made against, even when the edit kept it:
        // applying it (a patch, a push) then refuses a provider that changed since.
        if (diff.isChange() && !diff.generation)
            diff.generation = ValueChange<qint64>{old.generation, now.generation};
        if (hasAnyDifference(diff))
            providers.append(std::move(diff));
    }
    for (qsizetype b = 0; b < before.size(); ++b) {
        if (afterOfBefore[b] >= 0)
            continue;
        ProviderDiff diff;
        diff.uuid = before[b].uuid;
        diff.status = DiffStatus::Removed;
        diff.record = normalised(before[b]);
        providers.append(std::move(diff));
    }

    TreeDiff result = fromProviders(std::move(providers));
    if (withMergedTree)
        result.m_merged = buildMergedTree(before, after, beforeIndex, afterOfBefore, result);
    return result;
}

TreeDiff TreeDiff::fromProviders(QList<ProviderDiff> providers)
{
    TreeDiff result;
    std::sort(providers.begin(), providers.end(),
              [](const ProviderDiff &a, const ProviderDiff &b) { return a.uuid < b.uuid; });
    for (ProviderDiff &diff : providers) {
        diff.status = derivedStatus(diff);
        diff.subtreeRoot.clear();
        diff.subtreeSize = 0;
    }
    result.m_providers = std::move(providers);
    result.index();

    // Subtree tops: an added (removed) provider whose parent is not added (removed).
    QList<ProviderDiff> &list = result.m_providers;
    const auto topOf = [&](qsizetype start) {
        QList<qsizetype> path;
        qsizetype i = start;
        QString top;
        while (true) {
            ProviderDiff &diff = list[i];
            if (!diff.subtreeRoot.isEmpty()) {
                top = diff.subtreeRoot;
                break;
            }
            path.append(i);
            const qsizetype parent = result.m_byUuid.value(diff.record.parentUuid, -1);
            // Stop at the side's boundary (and, in broken input with a cycle, after n steps).
            if (parent < 0 || list[parent].status != diff.status
                || path.size() > list.size()) {
                top = diff.uuid;
                break;
            }
            i = parent;
        }
        for (const qsizetype p : std::as_const(path))
            list[p].subtreeRoot = top;
    };
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list[i].status == DiffStatus::Added || list[i].status == DiffStatus::Removed)
            topOf(i);
    }
    for (const ProviderDiff &diff : std::as_const(list)) {
        if (!diff.subtreeRoot.isEmpty())
            ++list[result.m_byUuid.value(diff.subtreeRoot)].subtreeSize;
    }
    for (const ProviderDiff &diff : std::as_const(list)) {
        if (diff.isChange())
            ++result.m_changeCount;
    }
    return result;
}

void TreeDiff::index()
{
    m_byUuid.clear();
    m_byUuid.reserve(m_providers.size());
    for (qsizetype i = 0; i < m_providers.size(); ++i)
        m_byUuid.insert(m_providers[i].uuid, i);
}

bool TreeDiff::hasGenerationChanges() const
{
    return std::any_of(m_providers.cbegin(), m_providers.cend(),
                       [](const ProviderDiff &d) { return d.generation && d.generation->oldValue != d.generation->newValue; });
}

const ProviderDiff *TreeDiff::find(QStringView uuid) const
{
    const auto it = m_byUuid.constFind(uuid.toString());
    return it == m_byUuid.cend() ? nullptr : &m_providers[*it];
}

namespace {

QStringList uuidsWith(const QList<ProviderDiff> &providers, bool (*pick)(const ProviderDiff &))
{
    QStringList result;
    for (const ProviderDiff &diff : providers) {
        if (pick(diff))
            result.append(diff.uuid);
    }
    return result; // providers are sorted by uuid
}

} // namespace

QStringList TreeDiff::added() const
{
    return uuidsWith(m_providers, [](const ProviderDiff &d) { return d.status == DiffStatus::Added; });
}

QStringList TreeDiff::removed() const
{
    return uuidsWith(m_providers, [](const ProviderDiff &d) { return d.status == DiffStatus::Removed; });
}

QStringList TreeDiff::changed() const
{
    return uuidsWith(m_providers, [](const ProviderDiff &d) {
        return d.status == DiffStatus::Changed || d.status == DiffStatus::Moved;
    });
}

QList<const ProviderDiff *> TreeDiff::addedSubtrees() const
{
    QList<const ProviderDiff *> result;
    for (const ProviderDiff &diff : m_providers) {
        if (diff.status == DiffStatus::Added && diff.isSubtreeRoot())
            result.append(&diff);
    }
    return result;
}

QList<const ProviderDiff *> TreeDiff::removedSubtrees() const
{
    QList<const ProviderDiff *> result;
    for (const ProviderDiff &diff : m_providers) {
        if (diff.status == DiffStatus::Removed && diff.isSubtreeRoot())
            result.append(&diff);
    }
    return result;
}

} // namespace provtree
