#include "threeway.h"

#include "neutralise.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <map>
#include <optional>

namespace provtree {

namespace {

const QString kProvider = QStringLiteral("provider");
const QString kName = QStringLiteral("name");
const QString kParent = QStringLiteral("parent_provider_uuid");
const QString kTraits = QStringLiteral("traits");
const QString kAggregates = QStringLiteral("aggregates");
const QString kInventoriesPrefix = QStringLiteral("inventories.");

QJsonValue inventoryValue(const InventoryRecord &record)
{
    const InventoryRecord r = record.effective();
    return QJsonObject{{QStringLiteral("total"), r.totalOr0()},
                       {QStringLiteral("reserved"), r.reservedOrDefault()},
                       {QStringLiteral("min_unit"), r.minUnitOrDefault()},
                       {QStringLiteral("max_unit"), r.maxUnitOrDefault()},
                       {QStringLiteral("step_size"), r.stepSizeOrDefault()},
                       {QStringLiteral("allocation_ratio"), r.allocationRatioOrDefault()}};
}

QStringList sortedUnique(QStringList list)
{
    std::sort(list.begin(), list.end());
    list.removeDuplicates();
    return list;
}

QJsonValue listValue(const QStringList &list)
{
    return QJsonArray::fromStringList(sortedUnique(list));
}

QJsonValue parentValue(const QString &parent)
{
    return parent.isEmpty() ? QJsonValue() : QJsonValue(parent);
}

// The value of `field` of `p` as a ThreeWayField shows it (Undefined: no provider).
QJsonValue fieldValue(const ProviderData *p, const QString &field)
{
    if (!p)
        return QJsonValue(QJsonValue::Undefined);
    if (field == kProvider)
        return QJsonObject{{kName, p->name}, {kParent, parentValue(p->parentUuid)}};
    if (field == kName)
        return p->name;
    if (field == kParent)
        return parentValue(p->parentUuid);
    if (field == kTraits)
        return listValue(p->traits);
    if (field == kAggregates)
        return listValue(p->aggregates);
    const QString rc = field.mid(kInventoriesPrefix.size());
    const auto it = p->inventories.constFind(rc);
    return it == p->inventories.cend() ? QJsonValue() : inventoryValue(it.value());
}

// Sets `field` of `to` to its value in `from`.
void copyField(ProviderData &to, const ProviderData &from, const QString &field)
{
    if (field == kName) {
        to.name = from.name;
    } else if (field == kParent) {
        to.parentUuid = from.parentUuid;
    } else if (field == kTraits) {
        to.traits = from.traits;
    } else if (field == kAggregates) {
        to.aggregates = from.aggregates;
    } else {
        const QString rc = field.mid(kInventoriesPrefix.size());
        if (const auto it = from.inventories.constFind(rc); it != from.inventories.cend())
            to.inventories.insert(rc, it.value());
        else
            to.inventories.remove(rc);
    }
}

// The fields of a provider, in the order rows are listed.
QStringList fieldsOf(std::initializer_list<const ProviderData *> sides)
{
    QSet<QString> classes;
    for (const ProviderData *p : sides) {
        if (p) {
            for (auto it = p->inventories.cbegin(); it != p->inventories.cend(); ++it)
                classes.insert(it.key());
        }
    }
    QStringList sorted(classes.cbegin(), classes.cend());
    std::sort(sorted.begin(), sorted.end());
    QStringList fields{kName, kParent};
    for (const QString &rc : sorted)
        fields.append(kInventoriesPrefix + rc);
    fields << kTraits << kAggregates;
    return fields;
}

int fieldRank(const QString &field)
{
    if (field == kProvider)
        return 0;
    if (field == kName)
        return 1;
    if (field == kParent)
        return 2;
    if (field == kTraits)
        return 4;
    if (field == kAggregates)
        return 5;
    return 3; // inventories, then by name
}

// One provider of any side, and where the merge stands with it.
struct Item
{
    QString uuid;
    const ProviderData *pulled = nullptr;
    const ProviderData *mine = nullptr;
    const ProviderData *now = nullptr;
    std::optional<ProviderData> merged;
    QSet<QString> mineFields;  // fields whose merged value is mine, not Placement's
    bool existenceMine = false; // merged exists or not, unlike Placement, because of me

    [[nodiscard]] QString displayName() const
    {
        return mine ? mine->name : now ? now->name : pulled->name;
    }
    [[nodiscard]] QString labelText() const { return providerLabel(displayName(), uuid); }
};

// The merge of one rebase() call.
class Merger
{
public:
    Merger(const QList<ProviderData> &pulled, const QList<ProviderData> &mine, const QList<ProviderData> &now);
    Rebase run();

private:
    void mergeProvider(Item &item);
    void mergeFields(Item &item);
    void row(const Item &item, const QString &field, ThreeWayField::Outcome outcome, const QString &detail = {});
    void conflict(const Item &item, const QString &field, const QString &detail);
    // Takes back one of my changes; false when `item` has no such change of mine.
    bool revertField(Item &item, const QString &field, const QString &detail);
    bool restore(Item &item, const QString &detail);
    bool inUse();
    bool danglingParents();
    bool cycles();
    bool duplicateNames();

    std::map<QString, Item> m_items; // by uuid: a stable order
    QList<ThreeWayField> m_rows;
    QHash<QString, qsizetype> m_rowIndex; // uuid + '/' + field -> row
};

Merger::Merger(const QList<ProviderData> &pulled, const QList<ProviderData> &mine, const QList<ProviderData> &now)
{
    for (const ProviderData &p : pulled)
        m_items[p.uuid].pulled = &p;
    for (const ProviderData &p : mine)
        m_items[p.uuid].mine = &p;
    for (const ProviderData &p : now)
        m_items[p.uuid].now = &p;
    for (auto &[uuid, item] : m_items)
        item.uuid = uuid;
}

void Merger::row(const Item &item, const QString &field, ThreeWayField::Outcome outcome, const QString &detail)
{
    ThreeWayField r{item.uuid,
                    item.displayName(),
                    field,
                    fieldValue(item.pulled, field),
                    fieldValue(item.mine, field),
                    fieldValue(item.now, field),
                    outcome,
                    detail};
    const QString key = item.uuid + QLatin1Char('/') + field;
    if (const auto it = m_rowIndex.constFind(key); it != m_rowIndex.cend()) {
        m_rows[it.value()] = r;
        return;
    }
    m_rowIndex.insert(key, m_rows.size());
    m_rows.append(r);
}

void Merger::conflict(const Item &item, const QString &field, const QString &detail)
{
    row(item, field, ThreeWayField::Outcome::Conflict, detail);
}

void Merger::mergeFields(Item &item)
{
    item.merged = *item.now;
    for (const QString &field : fieldsOf({item.pulled, item.mine, item.now})) {
        const QJsonValue a = fieldValue(item.pulled, field);
        const QJsonValue m = fieldValue(item.mine, field);
        const QJsonValue n = fieldValue(item.now, field);
        if (a == m && m == n)
            continue;
        if (n == a) {
            copyField(*item.merged, *item.mine, field);
            item.mineFields.insert(field);
            row(item, field, ThreeWayField::Outcome::Mine);
        } else if (m == a) {
            row(item, field, ThreeWayField::Outcome::Placement);
        } else if (m == n) {
            row(item, field, ThreeWayField::Outcome::Same);
        } else {
            row(item, field, ThreeWayField::Outcome::Conflict);
        }
    }
}

void Merger::mergeProvider(Item &item)
{
    using Outcome = ThreeWayField::Outcome;
    if (item.pulled && item.mine && item.now) {
        mergeFields(item);
        return;
    }
    // The fields in which `side` differs from the pulled state.
    const auto changedFields = [&item](const ProviderData *side) {
        QStringList changed;
        for (const QString &field : fieldsOf({item.pulled, side})) {
            if (fieldValue(item.pulled, field) != fieldValue(side, field))
                changed.append(field);
        }
        return changed;
    };
    if (item.pulled && (item.mine || item.now)) {
        const bool iDeleted = !item.mine;
        const QStringList changed = changedFields(iDeleted ? item.now : item.mine);
        if (changed.isEmpty()) { // the delete applies
            row(item, kProvider, iDeleted ? Outcome::Mine : Outcome::Placement);
            item.existenceMine = iDeleted;
            return;
        }
        const QString detail = iDeleted ? QStringLiteral("I deleted it; Placement changed it since the pull")
                                        : QStringLiteral("Placement deleted it; I changed it");
        for (const QString &field : changed)
            conflict(item, field, detail);
        conflict(item, kProvider, detail);
        if (item.now)
            item.merged = *item.now;
        return;
    }
    if (item.pulled) { // deleted on both sides
        row(item, kProvider, Outcome::Same);
        return;
    }
    if (item.mine && item.now) { // both created it: Placement's record
        row(item, kProvider, Outcome::Same);
        item.merged = *item.now;
        for (const QString &field : fieldsOf({item.mine, item.now})) {
            if (fieldValue(item.mine, field) != fieldValue(item.now, field))
                conflict(item, field, QStringLiteral("both created this provider"));
        }
        return;
    }
    row(item, kProvider, item.mine ? Outcome::Mine : Outcome::Placement);
    item.merged = item.mine ? *item.mine : *item.now;
    item.existenceMine = item.mine != nullptr;
}

bool Merger::revertField(Item &item, const QString &field, const QString &detail)
{
    if (item.merged && item.existenceMine && !item.now) { // only I created it: it goes
        item.merged.reset();
        item.existenceMine = false;
        item.mineFields.clear();
        conflict(item, kProvider, detail);
        return true;
    }
    if (!item.merged || !item.now || !item.mineFields.contains(field))
        return false;
    copyField(*item.merged, *item.now, field);
    item.mineFields.remove(field);
    conflict(item, field, detail);
    return true;
}

bool Merger::restore(Item &item, const QString &detail)
{
    if (item.merged || !item.existenceMine || !item.now)
        return false;
    item.merged = *item.now;
    item.existenceMine = false;
    item.mineFields.clear();
    conflict(item, kProvider, detail);
    return true;
}

// Placement refuses to delete a provider with allocations, or an inventory with them.
bool Merger::inUse()
{
    bool changed = false;
    for (auto &[uuid, item] : m_items) {
        if (!item.now)
            continue;
        for (auto it = item.now->usages.cbegin(); it != item.now->usages.cend(); ++it) {
            if (it.value() <= 0)
                continue;
            const QString detail = QStringLiteral("Placement now has allocations of %1 on it (%2)")
                                       .arg(neutralisedIfNeeded(it.key()), QString::number(it.value()));
            if (!item.merged)
                changed |= restore(item, detail);
            else if (!item.merged->inventories.contains(it.key()))
                changed |= revertField(item, kInventoriesPrefix + it.key(), detail);
        }
    }
    return changed;
}

bool Merger::danglingParents()
{
    bool changed = false;
    for (auto &[uuid, item] : m_items) {
        if (!item.merged || item.merged->parentUuid.isEmpty())
            continue;
        const auto parent = m_items.find(item.merged->parentUuid);
        if (parent == m_items.end() || parent->second.merged)
            continue; // outside the lists (taken to exist), or there
        Item &p = parent->second;
        if (restore(p, QStringLiteral("Placement now has provider %1 under it")
                               .arg(providerLabel(item.merged->name, item.uuid)))) {
            changed = true;
        } else {
            changed |= revertField(item, kParent,
                                   QStringLiteral("its parent %1 is not in Placement now").arg(p.labelText()));
        }
    }
    return changed;
}

bool Merger::cycles()
{
    // Walk up from each provider; a walk that meets itself is a cycle. Among its providers,
    // the first (by uuid) whose parent is mine and that Placement has takes Placement's
    // parent back; Placement's own parents form no cycle, so there is one.
    std::map<QString, int> state; // 1 on the current walk, 2 done
    for (auto &[start, startItem] : m_items) {
        QStringList walk;
        QString uuid = start;
        for (;;) {
            const auto it = m_items.find(uuid);
            if (uuid.isEmpty() || it == m_items.end() || !it->second.merged || state[uuid] == 2)
                break;
            if (state[uuid] == 1) {
                const QStringList cycle = walk.mid(walk.indexOf(uuid));
                for (const QString &member : cycle) {
                    Item &m = m_items[member];
                    if (m.now && m.mineFields.contains(kParent)) {
                        revertField(m, kParent,
                                    QStringLiteral("with Placement's moves, my move would put it below itself"));
                        return true;
                    }
                }
                break; // not of my making: left as it is
            }
            state[uuid] = 1;
            walk.append(uuid);
            uuid = it->second.merged->parentUuid;
        }
        for (const QString &w : walk)
            state[w] = 2;
    }
    return false;
}

bool Merger::duplicateNames()
{
    QHash<QString, QList<Item *>> byName;
    for (auto &[uuid, item] : m_items) {
        if (item.merged)
            byName[item.merged->name].append(&item);
    }
    bool changed = false;
    for (const QList<Item *> &holders : std::as_const(byName)) {
        if (holders.size() < 2)
            continue;
        for (Item *item : holders) {
            const bool mineName = item->mineFields.contains(kName) || (item->existenceMine && !item->now);
            if (!mineName)
                continue;
            const Item *other = holders.first() == item ? holders[1] : holders.first();
            changed |= revertField(*item, kName,
                                   QStringLiteral("Placement now has provider %1 of that name")
                                       .arg(providerLabel(other->merged->name, other->uuid)));
        }
    }
    return changed;
}

Rebase Merger::run()
{
    for (auto &[uuid, item] : m_items)
        mergeProvider(item);
    // Each pass takes back at least one of my changes or ends: see threeway.h.
    while (inUse() || danglingParents() || cycles() || duplicateNames()) {
    }

    Rebase result;
    for (auto &[uuid, item] : m_items) {
        if (item.now)
            result.generations.insert(uuid, item.now->generation);
        if (!item.merged)
            continue;
        ProviderData record = *item.merged;
        if (item.now) {
            record.generation = item.now->generation;
            record.usages.clear();
            for (auto it = item.now->usages.cbegin(); it != item.now->usages.cend(); ++it) {
                if (record.inventories.contains(it.key()))
                    record.usages.insert(it.key(), it.value());
            }
        }
        record.traits = sortedUnique(record.traits);
        record.aggregates = sortedUnique(record.aggregates);
        result.merged.append(record);
    }
    std::stable_sort(m_rows.begin(), m_rows.end(), [](const ThreeWayField &a, const ThreeWayField &b) {
        return std::tuple(a.providerUuid, fieldRank(a.field), a.field)
             < std::tuple(b.providerUuid, fieldRank(b.field), b.field);
    });
    result.fields = m_rows;
    return result;
}

QString displayValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined: return QStringLiteral("(no provider)");
    case QJsonValue::Null: return QStringLiteral("(none)");
    case QJsonValue::String: return neutralised(value.toString());
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue &v : value.toArray())
            items.append(neutralisedIfNeeded(v.toString()));
        return QLatin1Char('[') + items.join(QLatin1String(", ")) + QLatin1Char(']');
    }
    case QJsonValue::Object:
        return neutralisedIfNeeded(QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
    default:
        return neutralisedIfNeeded(QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)));
    }
}

} // namespace

QString ThreeWayField::toText() const
{
    QString text = QStringLiteral("provider %1, %2: pulled %3, mine %4, Placement now %5")
                       .arg(providerLabel(providerName, providerUuid), neutralisedIfNeeded(field), displayValue(pulled),
                            displayValue(mine), displayValue(now));
    if (!detail.isEmpty())
        text += QStringLiteral(" (") + detail + QLatin1Char(')');
    return text;
}

QString outcomeName(ThreeWayField::Outcome outcome)
{
    switch (outcome) {
    case ThreeWayField::Outcome::Mine: return QStringLiteral("mine");
    case ThreeWayField::Outcome::Placement: return QStringLiteral("placement");
    case ThreeWayField::Outcome::Same: return QStringLiteral("same");
    case ThreeWayField::Outcome::Conflict: return QStringLiteral("conflict");
    }
    return {};
}

QList<ThreeWayField> Rebase::conflicts() const
{
    QList<ThreeWayField> out;
    std::copy_if(fields.cbegin(), fields.cend(), std::back_inserter(out),
                 [](const ThreeWayField &f) { return f.isConflict(); });
    return out;
}

bool Rebase::hasConflicts() const
{
    return std::any_of(fields.cbegin(), fields.cend(), [](const ThreeWayField &f) { return f.isConflict(); });
}

Rebase rebase(const QList<ProviderData> &pulled, const QList<ProviderData> &mine, const QList<ProviderData> &now)
{
    return Merger(pulled, mine, now).run();
}

} // namespace provtree
