#include "patchfile.h"

#include "jsonlocation.h"
#include "jsonreader.h"
#include "neutralise.h"
#include "snapshotreader.h"
#include "validation.h"

#include <QFile>
#include <QScopeGuard>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

// Reading patch files (patchfile.h): QJsonDocument, then every key and type checked, with
// each problem located; the records of added and removed providers go through the snapshot
// reader, so they are read exactly as a snapshot's.
namespace provtree {

namespace {

constexpr std::array<InventoryField, kInventoryFieldCount> kFields{
    InventoryField::Total,    InventoryField::Reserved, InventoryField::MinUnit,
    InventoryField::MaxUnit,  InventoryField::StepSize, InventoryField::AllocationRatio};

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

    // A list of strings, each once; of lower-case uuids when `uuids`. A list the tree would
    // keep otherwise (a duplicate dropped, an upper-case uuid lowered) is refused: applied,
    // it would give another tree than the patch says.
    std::optional<QStringList> strings(const QJsonValue &value, const QString &location, bool uuids = false)
    {
        const auto list = array(value, location);
        if (!list)
            return std::nullopt;
        QStringList result;
        result.reserve(list->size());
        QSet<QString> seen; // summaries list thousands of uuids
        seen.reserve(list->size());
        for (qsizetype i = 0; i < list->size(); ++i) {
            const QString at = location + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
            const auto s = uuids ? canonicalUuid(list->at(i), at) : string(list->at(i), at);
            if (!s)
                return std::nullopt;
            if (seen.contains(*s)) {
                error(at, QStringLiteral("%1 is listed more than once").arg(neutralised(*s)));
                return std::nullopt;
            }
            seen.insert(*s);
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

    // o[key], when present, as {"old": X, "new": Y}, each side read by `read` (integer(),
    // string(), ...), which reports what is wrong with it.
    template <typename T, typename Read>
    std::optional<ValueChange<T>> valueChange(const QJsonObject &o, const QString &key, const QString &location,
                                              Read read)
    {
        if (!o.contains(key))
            return std::nullopt;
        const QString at = location + QLatin1Char('.') + key;
        const auto pair = oldNew(o.value(key), at);
        if (!pair)
            return std::nullopt;
        const std::optional<T> a = read(pair->first, at + QStringLiteral(".old"));
        const std::optional<T> b = read(pair->second, at + QStringLiteral(".new"));
        if (!a || !b)
            return std::nullopt;
        return ValueChange<T>{*a, *b};
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
            p.line = p.column = 0; // positions in the text above, not in the patch's
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
        // Whatever is wrong in this change names its provider, as far as the patch says.
        const auto nameProvider = qScopeGuard([&] {
            const QJsonObject name = o->value(QStringLiteral("name")).toObject();
            for (qsizetype i = before; i < problems.size(); ++i) {
                problems[i].provider = d.uuid;
                problems[i].providerName = name.value(QStringLiteral("new")).toString();
            }
        });
        d.generation = valueChange<qint64>(*o, QStringLiteral("generation"), location,
                                           [this](const QJsonValue &v, const QString &l) { return integer(v, l); });
        d.name = valueChange<QString>(*o, QStringLiteral("name"), location,
                                      [this](const QJsonValue &v, const QString &l) { return string(v, l); });
        d.parentUuid = valueChange<QString>(*o, QStringLiteral("parent_provider_uuid"), location,
                                            [this](const QJsonValue &v, const QString &l) -> std::optional<QString> {
                                                // null: a root
                                                return v.isNull() ? std::optional(QString()) : canonicalUuid(v, l);
                                            });
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
        const bool uuids = key == QLatin1String("aggregates");
        if (lists->contains(QStringLiteral("added"))) {
            if (const auto a = strings(lists->value(QStringLiteral("added")), at + QStringLiteral(".added"), uuids))
                added = *a;
        }
        if (lists->contains(QStringLiteral("removed"))) {
            if (const auto r = strings(lists->value(QStringLiteral("removed")), at + QStringLiteral(".removed"), uuids))
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
            std::tie(parser.problems.last().line, parser.problems.last().column) =
                    JsonReader::lineAndColumn(json, error.offset);
        }
        return Status(parser.problems);
    }
    if (!document.isObject()) {
        parser.error(QStringLiteral("$"), QStringLiteral("expected an object"));
        return Status(withPositions(parser.problems, json));
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
        return Status(withPositions(parser.problems, json));

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
        return Status(withPositions(parser.problems, json));
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
