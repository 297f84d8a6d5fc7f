#include "patchfile.h"

#include "jsonlocation.h"
#include "jsonreader.h"
#include "neutralise.h"
#include "providertree.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "validation.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <array>
#include <cmath>

namespace provtree {

namespace {

constexpr std::array<InventoryField, kInventoryFieldCount> kFields{
    InventoryField::Total,    InventoryField::Reserved, InventoryField::MinUnit,
    InventoryField::MaxUnit,  InventoryField::StepSize, InventoryField::AllocationRatio};

QString inventoryKindName(InventoryChange::Kind kind)
{
    switch (kind) {
    case InventoryChange::Kind::Added: return QStringLiteral("added");
    case InventoryChange::Kind::Removed: return QStringLiteral("removed");
    case InventoryChange::Kind::Changed: return QStringLiteral("changed");
    }
    return {};
}

// ---- writing -----------------------------------------------------------------------------

QJsonValue fieldJson(InventoryField field, double value)
{
    if (field == InventoryField::AllocationRatio)
        return value;
    return qint64(value);
}

QJsonObject recordJson(const InventoryRecord &record)
{
    QJsonObject json;
    for (const InventoryField field : kFields)
        json.insert(fieldName(field), fieldJson(field, fieldValue(record, field)));
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

} // namespace

namespace {

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

// ---- reading -----------------------------------------------------------------------------

namespace {

// Strict reading of the patch document; every problem is collected, located.
class PatchParser
{
public:
    Problems problems;

    void error(const QString &location, const QString &message)
    {
        Problem p = makeError(ProblemKind::Syntax, message);
        p.location = location;
        problems.append(p);
    }

    // Unknown keys are errors; `required` keys must be present.
    bool checkKeys(const QJsonObject &object, const QString &location, const QStringList &allowed,
                   const QStringList &required = {})
    {
        bool ok = true;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!allowed.contains(it.key())) {
                error(location + keyLocation(it.key()), QStringLiteral("unknown key"));
                ok = false;
            }
        }
        for (const QString &key : required) {
            if (!object.contains(key)) {
                error(location, QStringLiteral("missing key \"%1\"").arg(key));
                ok = false;
            }
        }
        return ok;
    }

    std::optional<QJsonObject> object(const QJsonValue &value, const QString &location)
    {
        if (!value.isObject()) {
            error(location, QStringLiteral("expected an object"));
            return std::nullopt;
        }
        return value.toObject();
    }

    std::optional<QJsonArray> array(const QJsonValue &value, const QString &location)
    {
        if (!value.isArray()) {
            error(location, QStringLiteral("expected an array"));
            return std::nullopt;
        }
        return value.toArray();
    }

    std::optional<QString> string(const QJsonValue &value, const QString &location)
    {
        if (!value.isString()) {
            error(location, QStringLiteral("expected a string"));
            return std::nullopt;
        }
        return value.toString();
    }

    std::optional<QString> canonicalUuid(const QJsonValue &value, const QString &location)
    {
        const auto text = string(value, location);
        if (text && !validation::isCanonicalUuid(*text)) {
            error(location, QStringLiteral("expected a lower-case uuid (8-4-4-4-12)"));
            return std::nullopt;
        }
        return text;
    }

    std::optional<qint64> integer(const QJsonValue &value, const QString &location)
    {
        const double d = value.toDouble();
        if (!value.isDouble() || std::floor(d) != d || std::abs(d) > 9.0e15) {
            error(location, QStringLiteral("expected an integer"));
            return std::nullopt;
        }
        return qint64(d);
    }

    std::optional<double> number(const QJsonValue &value, const QString &location)
    {
        if (!value.isDouble()) {
            error(location, QStringLiteral("expected a number"));
            return std::nullopt;
        }
        return value.toDouble();
    }

    // allocation_ratio is any number; the other fields are integers.
    std::optional<double> fieldNumber(InventoryField field, const QJsonValue &value, const QString &location)
    {
        if (field == InventoryField::AllocationRatio)
            return number(value, location);
        const auto n = integer(value, location);
        return n ? std::optional<double>(double(*n)) : std::nullopt;
    }

    std::optional<QStringList> strings(const QJsonValue &value, const QString &location)
    {
        const auto list = array(value, location);
        if (!list)
            return std::nullopt;
        QStringList result;
        for (qsizetype i = 0; i < list->size(); ++i) {
            const auto s = string(list->at(i), location + QStringLiteral("[%1]").arg(i));
            if (!s)
                return std::nullopt;
            result.append(*s);
        }
        return result;
    }

    // {"old": X, "new": Y} with both present.
    std::optional<std::pair<QJsonValue, QJsonValue>> oldNew(const QJsonValue &value, const QString &location)
    {
        const auto o = object(value, location);
        if (!o || !checkKeys(*o, location, {QStringLiteral("old"), QStringLiteral("new")},
                             {QStringLiteral("old"), QStringLiteral("new")}))
            return std::nullopt;
        return std::pair{o->value(QStringLiteral("old")), o->value(QStringLiteral("new"))};
    }

    // Full provider records, read by the snapshot reader (same strictness, same normal form).
    QList<ProviderData> records(const QJsonValue &value, const QString &key, DiffStatus status,
                                QList<ProviderDiff> &out)
    {
        const QString location = QStringLiteral("$.") + key;
        const auto list = array(value, location);
        if (!list)
            return {};
        const QJsonObject snapshot{{QStringLiteral("format"), QLatin1String(kSnapshotFormat)},
                                   {QStringLiteral("version"), kSnapshotVersion},
                                   {QStringLiteral("providers"), *list}};
        const Result<QList<ProviderData>> parsed =
            parseSnapshot(QJsonDocument(snapshot).toJson(QJsonDocument::Compact));
        for (Problem p : parsed.problems()) {
            if (p.location.startsWith(QLatin1String("$.providers")))
                p.location.replace(0, int(qstrlen("$.providers")), location);
            problems.append(p);
        }
        if (!parsed.ok())
            return {};
        for (const ProviderData &record : parsed.value()) {
            ProviderDiff d;
            d.uuid = record.uuid;
            d.status = status;
            d.record = record;
            out.append(d);
        }
        return parsed.value();
    }

    void inventoryChange(ProviderDiff &d, const QString &resourceClass, const QJsonValue &value,
                         const QString &location)
    {
        const auto o = object(value, location);
        if (!o)
            return;
        if (o->size() != 1) {
            error(location, QStringLiteral("expected one of \"added\", \"removed\", \"changed\""));
            return;
        }
        const QString kind = o->constBegin().key();
        const QString bodyLocation = location + keyLocation(kind);
        const auto body = object(o->constBegin().value(), bodyLocation);
        if (!body)
            return;
        InventoryChange change;
        change.resourceClass = resourceClass;
        QStringList names;
        for (const InventoryField f : kFields)
            names.append(fieldName(f));
        if (kind == QLatin1String("added") || kind == QLatin1String("removed")) {
            change.kind = kind == QLatin1String("added") ? InventoryChange::Kind::Added
                                                         : InventoryChange::Kind::Removed;
            if (!checkKeys(*body, bodyLocation, names, names))
                return;
            for (const InventoryField f : kFields) {
                const QString name = fieldName(f);
                const auto v = fieldNumber(f, body->value(name), bodyLocation + keyLocation(name));
                if (!v)
                    return;
                change.record = withField(change.record, f, *v);
            }
        } else if (kind == QLatin1String("changed")) {
            change.kind = InventoryChange::Kind::Changed;
            if (!checkKeys(*body, bodyLocation, names) || body->isEmpty()) {
                if (body->isEmpty())
                    error(bodyLocation, QStringLiteral("expected at least one field"));
                return;
            }
            for (const InventoryField f : kFields) {
                const QString name = fieldName(f);
                if (!body->contains(name))
                    continue;
                const QString at = bodyLocation + keyLocation(name);
                const auto pair = oldNew(body->value(name), at);
                if (!pair)
                    return;
                const auto a = fieldNumber(f, pair->first, at + QStringLiteral(".old"));
                const auto b = fieldNumber(f, pair->second, at + QStringLiteral(".new"));
                if (!a || !b)
                    return;
                change.fields.append({f, *a, *b});
            }
        } else {
            error(bodyLocation, QStringLiteral("expected one of \"added\", \"removed\", \"changed\""));
            return;
        }
        d.inventories.append(change);
    }

    std::optional<qint64> optionalInteger(const QJsonValue &value, const QString &location)
    {
        return value.isNull() ? std::nullopt : integer(value, location);
    }

    void change(const QJsonValue &value, const QString &location, QList<ProviderDiff> &out)
    {
        const auto o = object(value, location);
        if (!o)
            return;
        const qsizetype before = problems.size();
        checkKeys(*o, location,
                  {QStringLiteral("uuid"), QStringLiteral("generation"), QStringLiteral("name"),
                   QStringLiteral("parent_provider_uuid"), QStringLiteral("inventories"),
                   QStringLiteral("usages"), QStringLiteral("traits"), QStringLiteral("aggregates")},
                  {QStringLiteral("uuid")});
        ProviderDiff d;
        if (const auto uuid = canonicalUuid(o->value(QStringLiteral("uuid")), location + QStringLiteral(".uuid")))
            d.uuid = *uuid;
        if (o->contains(QStringLiteral("generation"))) {
            const QString at = location + QStringLiteral(".generation");
            if (const auto pair = oldNew(o->value(QStringLiteral("generation")), at)) {
                const auto a = integer(pair->first, at + QStringLiteral(".old"));
                const auto b = integer(pair->second, at + QStringLiteral(".new"));
                if (a && b)
                    d.generation = ValueChange<qint64>{*a, *b};
            }
        }
        if (o->contains(QStringLiteral("name"))) {
            const QString at = location + QStringLiteral(".name");
            if (const auto pair = oldNew(o->value(QStringLiteral("name")), at)) {
                const auto a = string(pair->first, at + QStringLiteral(".old"));
                const auto b = string(pair->second, at + QStringLiteral(".new"));
                if (a && b)
                    d.name = ValueChange<QString>{*a, *b};
            }
        }
        if (o->contains(QStringLiteral("parent_provider_uuid"))) {
            const QString at = location + QStringLiteral(".parent_provider_uuid");
            if (const auto pair = oldNew(o->value(QStringLiteral("parent_provider_uuid")), at)) {
                const auto read = [&](const QJsonValue &v, const QString &l) -> std::optional<QString> {
                    return v.isNull() ? std::optional<QString>(QString()) : canonicalUuid(v, l);
                };
                const auto a = read(pair->first, at + QStringLiteral(".old"));
                const auto b = read(pair->second, at + QStringLiteral(".new"));
                if (a && b)
                    d.parentUuid = ValueChange<QString>{*a, *b};
            }
        }
        if (o->contains(QStringLiteral("inventories"))) {
            const QString at = location + QStringLiteral(".inventories");
            if (const auto inv = object(o->value(QStringLiteral("inventories")), at)) {
                for (auto it = inv->constBegin(); it != inv->constEnd(); ++it)
                    inventoryChange(d, it.key(), it.value(), at + keyLocation(it.key()));
            }
        }
        if (o->contains(QStringLiteral("usages"))) {
            const QString at = location + QStringLiteral(".usages");
            if (const auto usages = object(o->value(QStringLiteral("usages")), at)) {
                for (auto it = usages->constBegin(); it != usages->constEnd(); ++it) {
                    const QString l = at + keyLocation(it.key());
                    if (const auto pair = oldNew(it.value(), l)) {
                        d.usages.append({it.key(), optionalInteger(pair->first, l + QStringLiteral(".old")),
                                         optionalInteger(pair->second, l + QStringLiteral(".new"))});
                    }
                }
            }
        }
        addedRemovedLists(*o, QStringLiteral("traits"), location, d.traitsAdded, d.traitsRemoved);
        addedRemovedLists(*o, QStringLiteral("aggregates"), location, d.aggregatesAdded,
                          d.aggregatesRemoved);
        if (problems.size() == before)
            out.append(d);
    }

    void addedRemovedLists(const QJsonObject &o, const QString &key, const QString &location,
                           QStringList &added, QStringList &removed)
    {
        if (!o.contains(key))
            return;
        const QString at = location + QLatin1Char('.') + key;
        const auto lists = object(o.value(key), at);
        if (!lists || !checkKeys(*lists, at, {QStringLiteral("added"), QStringLiteral("removed")}))
            return;
        if (lists->contains(QStringLiteral("added"))) {
            if (const auto a = strings(lists->value(QStringLiteral("added")), at + QStringLiteral(".added")))
                added = *a;
        }
        if (lists->contains(QStringLiteral("removed"))) {
            if (const auto r = strings(lists->value(QStringLiteral("removed")), at + QStringLiteral(".removed")))
                removed = *r;
        }
        std::sort(added.begin(), added.end());
        std::sort(removed.begin(), removed.end());
    }
};

} // namespace

Result<TreeDiff> parsePatch(const QByteArray &json)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    PatchParser parser;
    if (parseError.error != QJsonParseError::NoError) {
        // Locate it exactly as the snapshot reader does ("LINE:COLUMN", its messages).
        try {
            JsonReader reader(json);
            reader.skipValue();
            reader.expectEnd();
            parser.error(QStringLiteral("1:1"), parseError.errorString()); // QJsonDocument's own limits
        } catch (const JsonSyntaxError &error) {
            parser.error(JsonReader::lineColumn(json, error.offset), QString::fromLatin1(error.message));
        }
        return Status(parser.problems);
    }
    if (!document.isObject()) {
        parser.error(QStringLiteral("$"), QStringLiteral("expected an object"));
        return Status(parser.problems);
    }
    const QJsonObject root = document.object();
    const QStringList keys{QStringLiteral("format"),   QStringLiteral("version"),
                           QStringLiteral("summary"),  QStringLiteral("removed_providers"),
                           QStringLiteral("added_providers"), QStringLiteral("changed_providers")};
    parser.checkKeys(root, QStringLiteral("$"), keys, keys);
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kPatchFormat))
        parser.error(QStringLiteral("$.format"), QStringLiteral("expected \"provider-tree-patch\""));
    if (!root.value(QStringLiteral("version")).isDouble()
        || root.value(QStringLiteral("version")).toDouble() != kPatchVersion)
        parser.error(QStringLiteral("$.version"), QStringLiteral("expected 1"));

    QList<ProviderDiff> providers;
    parser.records(root.value(QStringLiteral("removed_providers")), QStringLiteral("removed_providers"),
                   DiffStatus::Removed, providers);
    parser.records(root.value(QStringLiteral("added_providers")), QStringLiteral("added_providers"),
                   DiffStatus::Added, providers);
    if (const auto changes = parser.array(root.value(QStringLiteral("changed_providers")),
                                          QStringLiteral("$.changed_providers"))) {
        for (qsizetype i = 0; i < changes->size(); ++i)
            parser.change(changes->at(i), QStringLiteral("$.changed_providers[%1]").arg(i), providers);
    }
    if (!parser.problems.isEmpty())
        return Status(parser.problems);

    QSet<QString> seen;
    for (const ProviderDiff &d : std::as_const(providers)) {
        if (seen.contains(d.uuid))
            parser.error(QStringLiteral("$"), QStringLiteral("provider %1 appears twice").arg(neutralised(d.uuid)));
        seen.insert(d.uuid);
    }
    TreeDiff diff = TreeDiff::fromProviders(std::move(providers));

    // The summary must say what the content says.
    const QString at = QStringLiteral("$.summary");
    if (const auto summary = parser.object(root.value(QStringLiteral("summary")), at)) {
        const QStringList parts{QStringLiteral("added"), QStringLiteral("removed"), QStringLiteral("changed")};
        parser.checkKeys(*summary, at, parts, parts);
        const std::array<QStringList, 3> expected{diff.added(), diff.removed(), diff.changed()};
        for (int i = 0; i < 3; ++i) {
            const QString l = at + QLatin1Char('.') + parts[i];
            const auto listed = parser.strings(summary->value(parts[i]), l);
            if (listed && *listed != expected[size_t(i)])
                parser.error(l, QStringLiteral("does not match the providers the patch changes"));
        }
    }
    if (!parser.problems.isEmpty())
        return Status(parser.problems);
    return diff;
}

Result<TreeDiff> readPatchFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ProblemKind::Io, QStringLiteral("cannot read %1: %2")
                                              .arg(neutralised(path), neutralised(file.errorString())));
    }
    return parsePatch(file.readAll());
}

} // namespace provtree
