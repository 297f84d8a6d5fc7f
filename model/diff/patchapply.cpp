#include "patchapply.h"

#include "neutralise.h"
#include "providertree.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <array>
#include <cmath>

namespace provtree {

namespace {

// Checks one provider's "old" values against `current`, then gives it the "new" ones.
class PatchApplier
{
public:
    Problems conflicts;

    void conflict(ProblemKind kind, const QString &uuid, const QString &field, const QString &what)
    {
        conflicts.append(makeError(kind, QStringLiteral("%1 does not match the patch (%2)").arg(neutralisedIfNeeded(field), what),
                                   neutralisedIfNeeded(uuid), neutralisedIfNeeded(field)));
    }

    // A removed provider must be exactly what the patch removes.
    void checkRemoved(const ProviderData &current, const ProviderData &old)
    {
        const ProviderData now = normalisedRecord(current);
        const auto check = [&](bool same, ProblemKind kind, const QString &field) {
            if (!same)
                conflict(kind, old.uuid, field, QStringLiteral("it would be removed"));
        };
        check(now.generation == old.generation, ProblemKind::GenerationConflict, QStringLiteral("generation"));
        check(now.name == old.name, ProblemKind::InvalidName, QStringLiteral("name"));
        check(now.parentUuid == old.parentUuid, ProblemKind::UnknownParent, QStringLiteral("parent_provider_uuid"));
        check(now.inventories == old.inventories, ProblemKind::InvalidInventory, QStringLiteral("inventories"));
        check(now.usages == old.usages, ProblemKind::InvalidUsage, QStringLiteral("usages"));
        check(now.traits == old.traits, ProblemKind::InvalidTrait, QStringLiteral("traits"));
        check(now.aggregates == old.aggregates, ProblemKind::InvalidAggregate, QStringLiteral("aggregates"));
    }

    void change(ProviderData &p, const ProviderDiff &d)
    {
        const qsizetype before = conflicts.size();
        if (d.generation && p.generation != d.generation->oldValue)
            conflict(ProblemKind::GenerationConflict, p.uuid, QStringLiteral("generation"),
                     QStringLiteral("expected %1, found %2")
                         .arg(QString::number(d.generation->oldValue), QString::number(p.generation)));
        if (d.name && p.name != d.name->oldValue)
            conflict(ProblemKind::InvalidName, p.uuid, QStringLiteral("name"), QStringLiteral("renamed meanwhile"));
        if (d.parentUuid && p.parentUuid != d.parentUuid->oldValue)
            conflict(ProblemKind::UnknownParent, p.uuid, QStringLiteral("parent_provider_uuid"),
                     QStringLiteral("moved meanwhile"));
        for (const InventoryChange &c : d.inventories)
            checkInventory(p, c);
        for (const UsageChange &u : d.usages) {
            const auto it = p.usages.constFind(u.resourceClass);
            const std::optional<qint64> now = it == p.usages.cend() ? std::nullopt : std::optional(*it);
            if (now != u.oldValue)
                conflict(ProblemKind::InvalidUsage, p.uuid, QStringLiteral("usages.") + u.resourceClass,
                         QStringLiteral("usage changed meanwhile"));
        }
        checkSet(p.uuid, p.traits, d.traitsAdded, d.traitsRemoved, QStringLiteral("traits"), ProblemKind::InvalidTrait);
        checkSet(p.uuid, p.aggregates, d.aggregatesAdded, d.aggregatesRemoved, QStringLiteral("aggregates"),
                 ProblemKind::InvalidAggregate);
        if (conflicts.size() != before)
            return;

        p = withChangeApplied(std::move(p), d, PatchDirection::Forward);
    }

private:
    static ProviderData normalisedRecord(ProviderData p)
    {
        for (auto it = p.inventories.begin(); it != p.inventories.end(); ++it)
            *it = it->effective();
        std::sort(p.traits.begin(), p.traits.end());
        std::sort(p.aggregates.begin(), p.aggregates.end());
        return p;
    }

    void checkInventory(const ProviderData &p, const InventoryChange &c)
    {
        const QString field = QStringLiteral("inventories.") + c.resourceClass;
        const auto it = p.inventories.constFind(c.resourceClass);
        switch (c.kind) {
        case InventoryChange::Kind::Added:
            if (it != p.inventories.cend())
                conflict(ProblemKind::InvalidInventory, p.uuid, field, QStringLiteral("already present"));
            return;
        case InventoryChange::Kind::Removed:
            if (it == p.inventories.cend() || it->effective() != c.record.effective())
                conflict(ProblemKind::InvalidInventory, p.uuid, field, QStringLiteral("not the record to remove"));
            return;
        case InventoryChange::Kind::Changed:
            if (it == p.inventories.cend()) {
                conflict(ProblemKind::InvalidInventory, p.uuid, field, QStringLiteral("missing"));
                return;
            }
            for (const InventoryFieldChange &f : c.fields) {
                if (fieldValue(*it, f.field) != f.oldValue)
                    conflict(ProblemKind::InvalidInventory, p.uuid, field + QLatin1Char('.') + fieldName(f.field),
                             QStringLiteral("changed meanwhile"));
            }
            return;
        }
    }

    void checkSet(const QString &uuid, const QStringList &now, const QStringList &added,
                  const QStringList &removed, const QString &field, ProblemKind kind)
    {
        for (const QString &item : added) {
            if (now.contains(item))
                conflict(kind, uuid, field, QStringLiteral("%1 already present").arg(neutralised(item)));
        }
        for (const QString &item : removed) {
            if (!now.contains(item))
                conflict(kind, uuid, field, QStringLiteral("%1 not present").arg(neutralised(item)));
        }
    }
};

} // namespace

namespace {
// `now` without `drop`, with `take` (each once), sorted.
QStringList exchanged(const QStringList &now, const QStringList &drop, const QStringList &take)
{
    if (drop.isEmpty() && take.isEmpty())
        return now;
    QStringList result;
    for (const QString &item : now) {
        if (!drop.contains(item))
            result.append(item);
    }
    for (const QString &item : take) {
        if (!result.contains(item))
            result.append(item);
    }
    std::sort(result.begin(), result.end());
    return result;
}
} // namespace

ProviderData withChangeApplied(ProviderData p, const ProviderDiff &d, PatchDirection direction)
{
    const bool forward = direction == PatchDirection::Forward;
    const auto pick = [forward](const auto &change) { return forward ? change.newValue : change.oldValue; };
    if (d.generation)
        p.generation = pick(*d.generation);
    if (d.name)
        p.name = pick(*d.name);
    if (d.parentUuid)
        p.parentUuid = pick(*d.parentUuid);
    for (const InventoryChange &c : d.inventories) {
        const bool gone = c.kind == (forward ? InventoryChange::Kind::Removed : InventoryChange::Kind::Added);
        const bool comes = c.kind == (forward ? InventoryChange::Kind::Added : InventoryChange::Kind::Removed);
        if (gone) {
            p.inventories.remove(c.resourceClass);
        } else if (comes) {
            p.inventories.insert(c.resourceClass, c.record);
        } else {
            InventoryRecord record = p.inventories.value(c.resourceClass).effective();
            for (const InventoryFieldChange &f : c.fields)
                record = withField(record, f.field, forward ? f.newValue : f.oldValue);
            p.inventories.insert(c.resourceClass, record);
        }
    }
    for (const UsageChange &u : d.usages) {
        if (const std::optional<qint64> value = pick(u))
            p.usages.insert(u.resourceClass, *value);
        else
            p.usages.remove(u.resourceClass);
    }
    const auto set = [forward](const QStringList &now, const QStringList &added, const QStringList &removed) {
        return forward ? exchanged(now, removed, added) : exchanged(now, added, removed);
    };
    p.traits = set(p.traits, d.traitsAdded, d.traitsRemoved);
    p.aggregates = set(p.aggregates, d.aggregatesAdded, d.aggregatesRemoved);
    return p;
}

Result<QList<ProviderData>> patchedRecords(const QList<ProviderData> &current, const TreeDiff &patch)
{
    QHash<QString, qsizetype> index;
    index.reserve(current.size());
    for (qsizetype i = 0; i < current.size(); ++i)
        index.insert(current[i].uuid, i);

    QList<ProviderData> records = current;
    QSet<QString> removed;
    QList<ProviderData> added;
    PatchApplier applier;
    for (const ProviderDiff &d : patch.providers()) {
        const auto it = index.constFind(d.uuid);
        if (d.status == DiffStatus::Added) {
            if (it != index.cend())
                applier.conflict(ProblemKind::DuplicateUuid, d.uuid, QStringLiteral("uuid"),
                                 QStringLiteral("a provider to add already exists"));
            added.append(d.record);
            continue;
        }
        if (it == index.cend()) {
            applier.conflict(ProblemKind::UnknownProvider, d.uuid, QStringLiteral("uuid"),
                             QStringLiteral("no such provider"));
            continue;
        }
        if (d.status == DiffStatus::Removed) {
            applier.checkRemoved(records[*it], d.record);
            removed.insert(d.uuid);
        } else {
            applier.change(records[*it], d);
        }
    }
    QList<ProviderData> result;
    result.reserve(records.size() + added.size());
    for (const ProviderData &p : std::as_const(records)) {
        if (removed.contains(p.uuid))
            continue;
        if (removed.contains(p.parentUuid))
            applier.conflict(ProblemKind::UnknownParent, p.uuid, QStringLiteral("parent_provider_uuid"),
                             QStringLiteral("its parent would be removed"));
        result.append(p);
    }
    result.append(added);
    if (!applier.conflicts.isEmpty())
        return Status(applier.conflicts);
    return result;
}

TreeEdit editFor(const QList<ProviderData> &current, const QList<ProviderData> &patched)
{
    QHash<QString, const ProviderData *> before;
    before.reserve(current.size());
    for (const ProviderData &p : current)
        before.insert(p.uuid, &p);
    QSet<QString> staying;
    staying.reserve(patched.size());
    TreeEdit edit;
    const ProviderParts everything = ProviderParts(ProviderPart::Name) | ProviderPart::Generation
        | ProviderPart::Parent | ProviderPart::Inventories | ProviderPart::Usages | ProviderPart::Traits
        | ProviderPart::Aggregates;
    for (const ProviderData &p : patched) {
        staying.insert(p.uuid);
        const ProviderData *was = before.value(p.uuid);
        if (!was)
            edit.add(p);
        else if (*was != p)
            edit.update(p, everything);
    }
    // Only the topmost of each leaving subtree: its descendants go with it.
    for (const ProviderData &p : current) {
        if (!staying.contains(p.uuid) && (p.parentUuid.isEmpty() || staying.contains(p.parentUuid)))
            edit.remove(p.uuid);
    }
    return edit;
}

Status applyPatch(ProviderTree &tree, const TreeDiff &patch)
{
    // The patch is checked against one consistent snapshot and applied only if the tree is
    // still that snapshot: one transaction, no window for another thread's change.
    const ProviderTree::Snapshot snapshot = tree.snapshot();
    const Result<QList<ProviderData>> records = patchedRecords(snapshot.providers, patch);
    if (!records.ok())
        return records.status();
    TreeEdit edit = editFor(snapshot.providers, records.value());
    return tree.apply(edit.expectTreeUnchangedSince(snapshot.sequence)).status();
}

} // namespace provtree
