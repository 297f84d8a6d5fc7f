#include "patchfile.h"

#include "snapshotwriter.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

// Writing patch files (patchfile.h): the diff as QJson values, written in the canonical
// layout by a small writer of its own (QJsonDocument would sort the keys alphabetically
// and write an allocation ratio of 16.0 as 16).
namespace provtree {

namespace {

QString inventoryKindName(InventoryChange::Kind kind)
{
    switch (kind) {
    case InventoryChange::Kind::Added: return QStringLiteral("added");
    case InventoryChange::Kind::Removed: return QStringLiteral("removed");
    case InventoryChange::Kind::Changed: return QStringLiteral("changed");
    }
    return {};
}

QJsonValue fieldJson(InventoryField field, double value)
{
    if (field == InventoryField::AllocationRatio)
        return value;
    return qint64(value);
}

QJsonObject recordJson(const InventoryRecord &record)
{
    QJsonObject json;
    for (int i = 0; i < kInventoryFieldCount; ++i) {
        const auto field = InventoryField(i);
        json.insert(fieldName(field), fieldJson(field, fieldValue(record, field)));
    }
    return json;
}

QJsonObject providerJson(const ProviderData &p)
{
    QJsonObject inventories;
    for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it)
        inventories.insert(it.key(), recordJson(it.value()));
    QJsonObject usages;
    for (auto it = p.usages.cbegin(); it != p.usages.cend(); ++it)
        usages.insert(it.key(), it.value());
    QJsonObject json{{QStringLiteral("uuid"), p.uuid},
                     {QStringLiteral("name"), p.name},
                     {QStringLiteral("generation"), p.generation},
                     {QStringLiteral("inventories"), inventories},
                     {QStringLiteral("usages"), usages},
                     {QStringLiteral("traits"), QJsonArray::fromStringList(p.traits)},
                     {QStringLiteral("aggregates"), QJsonArray::fromStringList(p.aggregates)}};
    if (!p.parentUuid.isEmpty())
        json.insert(QStringLiteral("parent_provider_uuid"), p.parentUuid);
    return json;
}

QJsonValue optionalJson(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject oldNew(const QJsonValue &oldValue, const QJsonValue &newValue)
{
    return {{QStringLiteral("old"), oldValue}, {QStringLiteral("new"), newValue}};
}

QJsonObject addedRemoved(const QStringList &added, const QStringList &removed)
{
    QJsonObject json;
    if (!added.isEmpty())
        json.insert(QStringLiteral("added"), QJsonArray::fromStringList(added));
    if (!removed.isEmpty())
        json.insert(QStringLiteral("removed"), QJsonArray::fromStringList(removed));
    return json;
}

QJsonObject changeJson(const ProviderDiff &d)
{
    QJsonObject json{{QStringLiteral("uuid"), d.uuid}};
    if (d.generation)
        json.insert(QStringLiteral("generation"), oldNew(d.generation->oldValue, d.generation->newValue));
    if (d.name)
        json.insert(QStringLiteral("name"), oldNew(d.name->oldValue, d.name->newValue));
    if (d.parentUuid) {
        const auto uuidOrNull = [](const QString &u) {
            return u.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(u);
        };
        json.insert(QStringLiteral("parent_provider_uuid"),
                    oldNew(uuidOrNull(d.parentUuid->oldValue), uuidOrNull(d.parentUuid->newValue)));
    }
    if (!d.inventories.isEmpty()) {
        QJsonObject inventories;
        for (const InventoryChange &c : d.inventories) {
            QJsonObject body;
            if (c.kind == InventoryChange::Kind::Changed) {
                for (const InventoryFieldChange &f : c.fields)
                    body.insert(fieldName(f.field), oldNew(fieldJson(f.field, f.oldValue),
                                                           fieldJson(f.field, f.newValue)));
            } else {
                body = recordJson(c.record);
            }
            inventories.insert(c.resourceClass, QJsonObject{{inventoryKindName(c.kind), body}});
        }
        json.insert(QStringLiteral("inventories"), inventories);
    }
    if (!d.usages.isEmpty()) {
        QJsonObject usages;
        for (const UsageChange &u : d.usages)
            usages.insert(u.resourceClass, oldNew(optionalJson(u.oldValue), optionalJson(u.newValue)));
        json.insert(QStringLiteral("usages"), usages);
    }
    if (!d.traitsAdded.isEmpty() || !d.traitsRemoved.isEmpty())
        json.insert(QStringLiteral("traits"), addedRemoved(d.traitsAdded, d.traitsRemoved));
    if (!d.aggregatesAdded.isEmpty() || !d.aggregatesRemoved.isEmpty())
        json.insert(QStringLiteral("aggregates"), addedRemoved(d.aggregatesAdded, d.aggregatesRemoved));
    return json;
}


// A small writer for the patch document, in the style of the snapshot writer: keys in a
// fixed order (then sorted), 2-space indentation, empty arrays and objects as [] and {},
// integers as integers, allocation ratios in their shortest round-trip form.
class PatchWriter
{
public:
    QByteArray out;

    void value(const QJsonValue &v, int depth, bool ratio)
    {
        switch (v.type()) {
        case QJsonValue::Object: object(v.toObject(), depth, ratio); break;
        case QJsonValue::Array: array(v.toArray(), depth, ratio); break;
        case QJsonValue::Double:
            out += ratio ? formatAllocationRatio(v.toDouble()) : QByteArray::number(v.toInteger());
            break;
        case QJsonValue::String: appendJsonString(out, v.toString()); break;
        case QJsonValue::Bool: out += v.toBool() ? "true" : "false"; break;
        default: out += "null"; break;
        }
    }

private:
    void indent(int depth) { out += QByteArray(2 * depth, ' '); }

    static int rank(const QString &key)
    {
        static const QHash<QString, int> order = [] {
            const QStringList keys{
                QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("summary"),
                QStringLiteral("removed_providers"), QStringLiteral("added_providers"),
                QStringLiteral("changed_providers"), QStringLiteral("uuid"), QStringLiteral("name"),
                QStringLiteral("generation"), QStringLiteral("parent_provider_uuid"),
                QStringLiteral("inventories"), QStringLiteral("usages"), QStringLiteral("traits"),
                QStringLiteral("aggregates"), QStringLiteral("added"), QStringLiteral("removed"),
                QStringLiteral("changed"), QStringLiteral("old"), QStringLiteral("new"),
                QStringLiteral("total"), QStringLiteral("reserved"), QStringLiteral("min_unit"),
                QStringLiteral("max_unit"), QStringLiteral("step_size"), QStringLiteral("allocation_ratio")};
            QHash<QString, int> ranks;
            for (qsizetype i = 0; i < keys.size(); ++i)
                ranks.insert(keys[i], int(i));
            return ranks;
        }();
        return order.value(key, int(order.size())); // unknown keys (resource classes) last, sorted
    }

    void object(const QJsonObject &o, int depth, bool ratio)
    {
        if (o.isEmpty()) {
            out += "{}";
            return;
        }
        QStringList keys = o.keys(); // sorted; a stable sort by rank keeps that within a rank
        std::stable_sort(keys.begin(), keys.end(),
                         [](const QString &a, const QString &b) { return rank(a) < rank(b); });
        out += "{\n";
        for (qsizetype i = 0; i < keys.size(); ++i) {
            indent(depth + 1);
            value(QJsonValue(keys[i]), depth + 1, false);
            out += ": ";
            value(o.value(keys[i]), depth + 1, ratio || keys[i] == QLatin1String("allocation_ratio"));
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        indent(depth);
        out += '}';
    }

    void array(const QJsonArray &a, int depth, bool ratio)
    {
        if (a.isEmpty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (qsizetype i = 0; i < a.size(); ++i) {
            indent(depth + 1);
            value(a.at(i), depth + 1, ratio);
            out += i + 1 < a.size() ? ",\n" : "\n";
        }
        indent(depth);
        out += ']';
    }
};

} // namespace

QByteArray serialisePatch(const TreeDiff &diff)
{
    QJsonArray removed;
    QJsonArray added;
    QJsonArray changed;
    for (const ProviderDiff &d : diff.providers()) {
        if (d.status == DiffStatus::Removed)
            removed.append(providerJson(d.record));
        else if (d.status == DiffStatus::Added)
            added.append(providerJson(d.record));
        else
            changed.append(changeJson(d));
    }
    const QJsonObject summary{{QStringLiteral("added"), QJsonArray::fromStringList(diff.added())},
                              {QStringLiteral("removed"), QJsonArray::fromStringList(diff.removed())},
                              {QStringLiteral("changed"), QJsonArray::fromStringList(diff.changed())}};
    const QJsonObject root{{QStringLiteral("format"), QLatin1String(kPatchFormat)},
                           {QStringLiteral("version"), kPatchVersion},
                           {QStringLiteral("summary"), summary},
                           {QStringLiteral("removed_providers"), removed},
                           {QStringLiteral("added_providers"), added},
                           {QStringLiteral("changed_providers"), changed}};
    PatchWriter writer;
    writer.value(root, 0, false);
    writer.out += '\n';
    return writer.out;
}

} // namespace provtree
