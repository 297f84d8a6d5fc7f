#include "livemerge.h"

#include "placementpush.h"
#include "threeway.h"
#include "treediff.h"

#include <QHash>
#include <QSet>

namespace provtree {

namespace {

QHash<QString, const ProviderData *> byUuid(const QList<ProviderData> &records)
{
    QHash<QString, const ProviderData *> index;
    index.reserve(records.size());
    for (const ProviderData &record : records)
        index.insert(record.uuid, &record);
    return index;
}

// The root of `uuid` in `records` (itself for a root; empty when a parent is missing or
// the parents loop).
QString rootOf(const QHash<QString, const ProviderData *> &index, QString uuid)
{
    for (qsizetype steps = 0; steps <= index.size(); ++steps) {
        const ProviderData *record = index.value(uuid);
        if (!record)
            return {};
        if (record->parentUuid.isEmpty())
            return uuid;
        uuid = record->parentUuid;
    }
    return {};
}

// Every provider of `records` at or below one of `tops`.
QSet<QString> subtrees(const QList<ProviderData> &records, const QSet<QString> &tops)
{
    QHash<QString, QStringList> children;
    for (const ProviderData &record : records)
        children[record.parentUuid].append(record.uuid);
    QSet<QString> found;
    QStringList pending(tops.cbegin(), tops.cend());
    while (!pending.isEmpty()) {
        const QString uuid = pending.takeLast();
        if (found.contains(uuid))
            continue;
        found.insert(uuid);
        pending.append(children.value(uuid));
    }
    return found;
}

} // namespace

QStringList settleReadSet(const TreeDiff &patch)
{
    QStringList uuids = touchedProviders(patch);
    for (const ProviderDiff *added : patch.addedSubtrees()) {
        if (added->record.parentUuid.isEmpty())
            uuids.append(added->uuid);
    }
    uuids.removeDuplicates();
    return uuids;
}

QList<ProviderData> withoutOrphans(QList<ProviderData> records)
{
    // A parent missing takes its whole subtree: repeat until nothing more goes (depth passes).
    for (bool removed = true; removed;) {
        QSet<QString> present;
        for (const ProviderData &record : records)
            present.insert(record.uuid);
        const qsizetype before = records.size();
        records.removeIf([&present](const ProviderData &record) {
            return !record.parentUuid.isEmpty() && !present.contains(record.parentUuid);
        });
        removed = records.size() != before;
    }
    return records;
}

QList<ProviderData> placementAsKnown(const QList<ProviderData> &base, const QList<ProviderData> &now,
                                     const QStringList &asked)
{
    const auto baseIndex = byUuid(base);
    const auto nowIndex = byUuid(now);
    // What was read: the trees in `now`, and the asked providers that are gone (with what
    // the base had below them).
    QSet<QString> readRoots;
    for (const ProviderData &record : now) {
        if (record.parentUuid.isEmpty())
            readRoots.insert(record.uuid);
    }
    QSet<QString> gone;
    for (const QString &uuid : asked) {
        if (!nowIndex.contains(uuid) && baseIndex.contains(uuid))
            gone.insert(uuid);
    }
    gone = subtrees(base, gone);

    QList<ProviderData> placement;
    for (const ProviderData &record : base) {
        const bool read = readRoots.contains(rootOf(baseIndex, record.uuid)) || nowIndex.contains(record.uuid);
        if (!read && !gone.contains(record.uuid))
            placement.append(record);
    }
    placement.append(now);
    return withoutOrphans(placement);
}

QList<ThreeWayField> changesSincePull(const QList<ProviderData> &base, const QList<ProviderData> &mine,
                                      const QList<ProviderData> &now, const QStringList &asked,
                                      const QStringList &providers)
{
    const QSet<QString> wanted(providers.cbegin(), providers.cend());
    const QList<ThreeWayField> fields = rebase(base, mine, placementAsKnown(base, now, asked)).fields;
    QSet<QString> changedByPlacement;
    for (const ThreeWayField &field : fields) {
        if (wanted.contains(field.providerUuid) && (field.isConflict() || field.now != field.pulled))
            changedByPlacement.insert(field.providerUuid);
    }
    QList<ThreeWayField> rows;
    for (const ThreeWayField &field : fields) {
        if (changedByPlacement.contains(field.providerUuid))
            rows.append(field);
    }
    return rows;
}

Settlement settle(const QList<ProviderData> &base, const QList<ProviderData> &mine, const QList<ProviderData> &now,
                  const QStringList &asked)
{
    const QList<ProviderData> placement = placementAsKnown(base, now, asked);
    const Rebase merged = rebase(base, mine, placement);
    QSet<QString> conflicted;
    for (const ThreeWayField &field : merged.fields) {
        if (field.isConflict())
            conflicted.insert(field.providerUuid);
    }

    Settlement result;
    result.conflicted = QStringList(conflicted.cbegin(), conflicted.cend());
    std::sort(result.conflicted.begin(), result.conflicted.end());
    if (conflicted.isEmpty()) {
        result.base = placement;
        result.mine = merged.merged;
        return result;
    }
    // Conflicted providers keep both their states; the rest follows Placement.
    const auto keep = [&conflicted](const QList<ProviderData> &from, const QList<ProviderData> &others) {
        QList<ProviderData> records;
        for (const ProviderData &record : others) {
            if (!conflicted.contains(record.uuid))
                records.append(record);
        }
        for (const ProviderData &record : from) {
            if (conflicted.contains(record.uuid))
                records.append(record);
        }
        return records;
    };
    result.base = keep(base, placement);
    result.mine = keep(mine, merged.merged);
    return result;
}

QList<ProviderData> withProvidersAsIn(const QList<ProviderData> &records, const QList<ProviderData> &now,
                                      const QStringList &uuids)
{
    const auto nowIndex = byUuid(now);
    const QSet<QString> chosen(uuids.cbegin(), uuids.cend());
    QList<ProviderData> result;
    result.reserve(records.size());
    QSet<QString> present;
    for (const ProviderData &record : records) {
        if (!chosen.contains(record.uuid)) {
            result.append(record);
            present.insert(record.uuid);
        } else if (const ProviderData *current = nowIndex.value(record.uuid)) {
            result.append(*current);
            present.insert(record.uuid);
        }
    }
    // Chosen providers that only Placement has (it created them, or I deleted them).
    for (const QString &uuid : uuids) {
        if (const ProviderData *current = nowIndex.value(uuid); current && !present.contains(uuid))
            result.append(*current);
    }
    return withoutOrphans(result);
}

} // namespace provtree
