#include "validation.h"

#include "neutralise.h"

#include <QLocale>
#include <QSet>
#include <QStringBuilder>
#include <QtGlobal>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

// Every rule below names the Placement source it follows: openstack/placement at tag
// 8.0.0 (Debian bookworm's placement-api); the files cited are unchanged up to 15.0.0.
// resources/README.md lists the same rules with what a real Placement 8.0.0 answered.

namespace provtree::validation {

namespace {

// Placement's single-precision float limit for allocation_ratio
// (placement/db/constants.py, SQL_SP_FLOAT_MAX; used in placement/schemas/inventory.py).
constexpr double kMaxAllocationRatio = 3.40282e+38;

constexpr QLatin1StringView kCustomPrefix("CUSTOM_");

// ---- character classes -------------------------------------------------------------

// Placement's name character class for resource classes and traits, [A-Z0-9_]
// (placement/schemas/common.py, _RC_TRAIT_CHAR).
bool isNameChar(char16_t c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
}

char16_t codeUnit(QChar c) { return c.unicode(); }
char16_t codeUnit(char c) { return static_cast<unsigned char>(c); }

// Per ASCII character: kLowerHex for 0-9 and a-f, kUpperHex for A-F, 0 for the rest.
constexpr quint8 kLowerHex = 1;
constexpr quint8 kUpperHex = 2;
constexpr std::array<quint8, 128> kHexClass = [] {
    std::array<quint8, 128> classes{};
    for (int c = '0'; c <= '9'; ++c)
        classes[size_t(c)] = kLowerHex;
    for (int c = 'a'; c <= 'f'; ++c)
        classes[size_t(c)] = kLowerHex;
    for (int c = 'A'; c <= 'F'; ++c)
        classes[size_t(c)] = kUpperHex;
    return classes;
}();

// 8-4-4-4-12 hex digits; `lowerOnly` refuses A-F. One pass, no allocation. Over UTF-16
// (QStringView) or UTF-8 bytes (std::string_view: a byte >= 0x80 is never a hex digit).
// Without a branch per character: a load checks every uuid of every record several times.
template <typename Text>
bool hasUuidLayout(Text text, bool lowerOnly)
{
    if (text.size() != 36 || codeUnit(text[8]) != u'-' || codeUnit(text[13]) != u'-'
        || codeUnit(text[18]) != u'-' || codeUnit(text[23]) != u'-')
        return false;
    const quint8 allowed = lowerOnly ? kLowerHex : quint8(kLowerHex | kUpperHex);
    const auto hex = [&](qsizetype i) -> bool {
        const char16_t c = codeUnit(text[i]);
        return (kHexClass[c & 0x7f] & allowed) && c < 128;
    };
    bool all = true;
    for (qsizetype i = 0; i < 8; ++i)
        all &= hex(i);
    for (qsizetype i = 9; i < 13; ++i)
        all &= hex(i);
    for (qsizetype i = 14; i < 18; ++i)
        all &= hex(i);
    for (qsizetype i = 19; i < 23; ++i)
        all &= hex(i);
    for (qsizetype i = 24; i < 36; ++i)
        all &= hex(i);
    return all;
}

// Non-empty and every character in [A-Z0-9_]: the form of a standard name.
bool hasStandardForm(QStringView name)
{
    if (name.isEmpty())
        return false;
    for (const QChar ch : name) {
        if (!isNameChar(ch.unicode()))
            return false;
    }
    return true;
}

// CUSTOM_[A-Z0-9_]+ (placement/schemas/common.py, _CUSTOM_RC_TRAIT_PATTERN).
bool isCustomName(QStringView name)
{
    return name.size() > kCustomPrefix.size() && name.startsWith(kCustomPrefix)
        && hasStandardForm(name);
}

// Placement counts characters as Python does, in code points, not UTF-16 units: a
// name of 200 emoji is accepted (measured against Placement 8.0.0).
qsizetype codePointCount(QStringView text)
{
    qsizetype count = text.size();
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i].isHighSurrogate() && text[i + 1].isLowSurrogate()) {
            --count;
            ++i;
        }
    }
    return count;
}

// ---- message helpers ---------------------------------------------------------------

QString number(qint64 value)
{
    return QString::number(value);
}

QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// A field path that quotes a class name: raw when it is a well-formed name, else
// neutralised (it may hold anything a user typed).
QString fieldFor(QLatin1StringView prefix, QStringView resourceClass)
{
    if (hasStandardForm(resourceClass) && resourceClass.size() <= kMaxResourceClassLength)
        return prefix % resourceClass;
    return prefix % neutralised(resourceClass);
}

// "inventories.VCPU.total"
QString inventoryField(QStringView resourceClass, QLatin1StringView field)
{
    return fieldFor(QLatin1StringView("inventories."), resourceClass) % QLatin1Char('.') % field;
}

Problem inventoryError(const QString &resourceClass, QLatin1StringView field, QString message,
                       const QString &provider)
{
    return makeError(ProblemKind::InvalidInventory, std::move(message), provider,
                     inventoryField(resourceClass, field));
}

Problem inventoryWarning(const QString &resourceClass, QLatin1StringView field, QString message,
                         const QString &provider)
{
    return makeWarning(ProblemKind::InvalidInventory, std::move(message), provider,
                       inventoryField(resourceClass, field));
}

// Integer fields: bounds from placement/schemas/inventory.py (BASE_INVENTORY_SCHEMA:
// total 1, reserved 0, min_unit 1, max_unit 1, step_size 1 as minimum; db_const.MAX_INT,
// 0x7FFFFFFF from placement/db/constants.py, as maximum for all five).
bool checkIntegerField(const QString &resourceClass, QLatin1StringView field, qint64 value,
                       qint64 minimum, const QString &provider, Problems &out)
{
    if (value >= minimum && value <= kMaxInventoryInt)
        return true;
    out.append(inventoryError(resourceClass, field,
                              field % QStringLiteral(" (") % number(value)
                                  % QStringLiteral(") must be ") % number(minimum)
                                  % QStringLiteral(" to ") % number(kMaxInventoryInt),
                              provider));
    return false;
}

// Names of resource classes and traits: shared shape rules, kind-specific wording.
struct NameRules
{
    ProblemKind kind;
    QLatin1StringView what; // "resource class", "trait"
    qsizetype maxLength;
    bool unknownIsWarning;
    bool (*isStandard)(QStringView);
};

Problems checkName(QStringView name, const NameRules &rules, const QString &provider,
                   const QString &field)
{
    Problems out;
    if (name.isEmpty()) {
        out.append(makeError(rules.kind, rules.what % QStringLiteral(" must not be empty"),
                             provider, field));
        return out;
    }
    if (name.size() > rules.maxLength) {
        out.append(makeError(rules.kind,
                             rules.what % QLatin1Char(' ') % neutralised(name)
                                 % QStringLiteral(" is longer than ") % number(rules.maxLength)
                                 % QStringLiteral(" characters (") % number(name.size())
                                 % QLatin1Char(')'),
                             provider, field));
        return out;
    }
    if (isCustomName(name) || rules.isStandard(name))
        return out;
    if (!hasStandardForm(name) || name.startsWith(kCustomPrefix)) {
        out.append(makeError(rules.kind,
                             rules.what % QLatin1Char(' ') % neutralised(name)
                                 % QStringLiteral(" is not a valid name: only upper-case A-Z, 0-9"
                                                  " and _, custom ones CUSTOM_ and at least one more"),
                             provider, field));
        return out;
    }
    const QString message = rules.what % QLatin1Char(' ') % neutralised(name)
        % QStringLiteral(" is not a standard ") % rules.what;
    if (rules.unknownIsWarning)
        out.append(makeWarning(rules.kind,
                               message % QStringLiteral(" known to provtree (a newer Placement"
                                                        " may know it)"),
                               provider, field));
    else
        out.append(makeError(rules.kind, message % QStringLiteral(" (custom ones start with"
                                                                  " CUSTOM_)"),
                             provider, field));
    return out;
}

// Resource classes: placement/schemas/common.py RC_PATTERN for inventory keys;
// CUSTOM_RC_PATTERN and maxLength 255 in placement/schemas/resource_class.py
// (POST_RC_SCHEMA_V1_2); a class that is neither standard (placement/objects/
// resource_class.py, _resource_classes_sync from os_resource_classes.STANDARDS) nor
// created is refused by set_inventories (placement/handlers/inventory.py,
// ResourceClassNotFound -> 400).
const NameRules kResourceClassRules{ProblemKind::InvalidResourceClass,
                                    QLatin1StringView("resource class"),
                                    kMaxResourceClassLength, false, &isStandardResourceClass};

// Traits: placement/schemas/trait.py (TRAIT: 1 to 255 characters; CUSTOM_TRAIT adds
// CUSTOM_TRAIT_PATTERN); placement/handlers/trait.py put_trait creates only custom traits,
// update_traits_for_resource_provider refuses a trait not in the database ("No such
// trait"); the standard ones are synced from os_traits.get_traits()
// (placement/objects/trait.py, _trait_sync). An unknown name of the standard form is a
// warning only: a newer Placement with a newer os-traits may know it.
const NameRules kTraitRules{ProblemKind::InvalidTrait, QLatin1StringView("trait"),
                            kMaxTraitLength, true, &isStandardTrait};

// The stored form of a record's uuids is canonical (the tree normalises before it
// validates): a well-formed uuid in another case is refused with the form to use.
void checkStoredUuid(QStringView uuid, const QString &provider, const QString &field,
                     Problems &out)
{
    if (isCanonicalUuid(uuid))
        return;
    if (const auto canonical = canonicalUuid(uuid)) {
        out.append(makeError(ProblemKind::InvalidUuid,
                             field % QLatin1Char(' ') % neutralised(uuid)
                                 % QStringLiteral(" must be in canonical form ")
                                 % neutralised(*canonical),
                             provider, field));
        return;
    }
    out.append(checkUuid(uuid, provider, field));
}

// Placement refuses a list naming an aggregate twice ("uniqueItems" in
// placement/schemas/aggregate.py); uuids are compared in canonical form. Sorted lists
// (the tree's) are checked without allocating.
void appendDuplicateAggregates(const QStringList &aggregates, bool allCanonical,
                               const QString &provider, Problems &out)
{
    if (aggregates.size() < 2)
        return;
    const auto appendDuplicate = [&](const QString &aggregate) {
        out.append(makeError(ProblemKind::InvalidAggregate,
                             QStringLiteral("aggregate ") % neutralised(aggregate)
                                 % QStringLiteral(" is listed more than once"),
                             provider, QStringLiteral("aggregates")));
    };
    if (allCanonical && std::is_sorted(aggregates.cbegin(), aggregates.cend())) {
        for (qsizetype i = 1; i < aggregates.size(); ++i) {
            if (aggregates[i - 1] == aggregates[i])
                appendDuplicate(aggregates[i]);
        }
        return;
    }
    QSet<QString> seen;
    seen.reserve(aggregates.size());
    for (const QString &aggregate : aggregates) {
        const QString key = canonicalUuid(aggregate).value_or(aggregate);
        if (seen.contains(key))
            appendDuplicate(aggregate);
        else
            seen.insert(key);
    }
}

} // namespace

// ---- uuids -------------------------------------------------------------------------

// Placement: placement/schemas/resource_provider.py ("format": "uuid", checked by
// placement/util.py _validate_uuid_format with oslo_utils.uuidutils.is_uuid_like), and
// create_resource_provider (placement/handlers/resource_provider.py) stores
// str(uuid.UUID(value)), the lower-case 8-4-4-4-12 form. is_uuid_like also accepts
// 32 hex digits, "{...}" and "urn:uuid:" forms; provtree takes only the 8-4-4-4-12
// layout (either case), the one every Placement response uses.
std::optional<QString> canonicalUuid(QStringView text)
{
    if (!hasUuidLayout(text, false))
        return std::nullopt;
    return text.toString().toLower();
}

bool isCanonicalUuid(QStringView text)
{
    return hasUuidLayout(text, true);
}

bool isCanonicalUuid(std::string_view utf8)
{
    return hasUuidLayout(utf8, true);
}

Problems checkUuid(QStringView uuid, const QString &provider, const QString &field)
{
    if (hasUuidLayout(uuid, false))
        return {};
    return {makeError(ProblemKind::InvalidUuid,
                      field % QLatin1Char(' ') % neutralised(uuid)
                          % QStringLiteral(" is not a uuid (8-4-4-4-12 hex digits)"),
                      provider, field)};
}

// ---- provider fields ---------------------------------------------------------------

// Placement: maxLength 200 in placement/schemas/resource_provider.py
// (POST_RESOURCE_PROVIDER_SCHEMA), counted in code points; an empty name is refused by
// ResourceProvider.create (placement/objects/resource_provider.py, "name is required").
// (ResourceProvider.save has no such check: PUT with "" is accepted; provtree refuses it.)
Problems checkProviderName(QStringView name, const QString &provider)
{
    // Fast path: 1..200 UTF-16 units is 1..200 code points.
    if (!name.isEmpty() && name.size() <= kMaxProviderNameLength)
        return {};
    const qsizetype length = codePointCount(name);
    if (length >= 1 && length <= kMaxProviderNameLength)
        return {};
    return {makeError(ProblemKind::InvalidName,
                      QStringLiteral("provider name must be 1 to ") % number(kMaxProviderNameLength)
                          % QStringLiteral(" characters (got ") % number(length)
                          % QLatin1Char(')'),
                      provider, QStringLiteral("name"))};
}

// Placement: resource_providers.generation is an Integer column starting at 0
// (placement/db/sqlalchemy/models.py), only ever incremented
// (placement/objects/resource_provider.py, increment_generation).
Problems checkGeneration(qint64 generation, const QString &provider)
{
    if (generation >= 0)
        return {};
    return {makeError(ProblemKind::InvalidGeneration,
                      QStringLiteral("generation (") % number(generation)
                          % QStringLiteral(") must not be negative"),
                      provider, QStringLiteral("generation"))};
}

Problems checkResourceClass(QStringView resourceClass, const QString &provider)
{
    if (isStandardResourceClass(resourceClass)
        || (isCustomName(resourceClass) && resourceClass.size() <= kMaxResourceClassLength))
        return {}; // the success path allocates nothing
    return checkName(resourceClass, kResourceClassRules, provider,
                     fieldFor(QLatin1StringView("inventories."), resourceClass));
}

Problems checkTrait(QStringView trait, const QString &provider)
{
    if (isStandardTrait(trait) || (isCustomName(trait) && trait.size() <= kMaxTraitLength))
        return {};
    return checkName(trait, kTraitRules, provider, QStringLiteral("traits"));
}

// Placement: placement/schemas/aggregate.py (_AGGREGATES_LIST_SCHEMA: "format": "uuid",
// "uniqueItems": true). Placement stores aggregate uuids as sent (upper case stays upper
// case); provtree compares and stores them in canonical form.
Problems checkAggregate(QStringView aggregate, const QString &provider)
{
    if (hasUuidLayout(aggregate, false))
        return {};
    return {makeError(ProblemKind::InvalidAggregate,
                      QStringLiteral("aggregate ") % neutralised(aggregate)
                          % QStringLiteral(" is not a uuid (8-4-4-4-12 hex digits)"),
                      provider, QStringLiteral("aggregates"))};
}

// ---- inventories -------------------------------------------------------------------

// Placement 8.0.0, placement/handlers/inventory.py: _extract_inventories fills absent
// fields from INVENTORY_DEFAULTS (reserved 0, min_unit 1, max_unit MAX_INT, step_size 1,
// allocation_ratio 1.0); "total" is required by the schema. _validate_inventory_capacity
// refuses capacity < 0 at microversion >= 1.26 (<= 0 before), capacity being
// int((total - reserved) * allocation_ratio) (placement/objects/inventory.py,
// Inventory.capacity), truncated toward zero: total 16, reserved 17, ratio 0.5 gives
// int(-0.5) == 0 and is accepted. Nothing compares min_unit, max_unit or step_size with
// each other or with total; those only constrain allocations
// (placement/objects/allocation.py, _check_capacity_exceeded).
Problems checkInventory(const QString &resourceClass, const InventoryRecord &record,
                        const QString &provider)
{
    Problems out = checkResourceClass(resourceClass, provider);
    bool fieldsValid = true;
    if (!record.total) {
        out.append(inventoryError(resourceClass, QLatin1StringView("total"),
                                  QStringLiteral("total is required"), provider));
        fieldsValid = false;
    } else {
        fieldsValid &= checkIntegerField(resourceClass, QLatin1StringView("total"), *record.total,
                                         1, provider, out);
    }
    const qint64 reserved = record.reservedOrDefault();
    const qint64 minUnit = record.minUnitOrDefault();
    const qint64 maxUnit = record.maxUnitOrDefault();
    const qint64 stepSize = record.stepSizeOrDefault();
    const double ratio = record.allocationRatioOrDefault();
    fieldsValid &= checkIntegerField(resourceClass, QLatin1StringView("reserved"), reserved, 0,
                                     provider, out);
    fieldsValid &= checkIntegerField(resourceClass, QLatin1StringView("min_unit"), minUnit, 1,
                                     provider, out);
    fieldsValid &= checkIntegerField(resourceClass, QLatin1StringView("max_unit"), maxUnit, 1,
                                     provider, out);
    fieldsValid &= checkIntegerField(resourceClass, QLatin1StringView("step_size"), stepSize, 1,
                                     provider, out);

    // allocation_ratio: "type": "number", "maximum": SQL_SP_FLOAT_MAX, no minimum
    // (placement/schemas/inventory.py). Python's JSON parser reads NaN and Infinity:
    // Infinity fails the maximum, while NaN and -Infinity pass the schema and make
    // Inventory.capacity raise (Placement 8.0.0 answers 500); provtree refuses them.
    const QLatin1StringView ratioField("allocation_ratio");
    if (!std::isfinite(ratio)) {
        out.append(inventoryError(resourceClass, ratioField,
                                  QStringLiteral("allocation_ratio must be a finite number"),
                                  provider));
        fieldsValid = false;
    } else if (ratio > kMaxAllocationRatio) {
        out.append(inventoryError(resourceClass, ratioField,
                                  QStringLiteral("allocation_ratio (") % number(ratio)
                                      % QStringLiteral(") must not exceed ")
                                      % number(kMaxAllocationRatio),
                                  provider));
        fieldsValid = false;
    }
    if (!fieldsValid)
        return out;

    const qint64 total = *record.total;
    const qint64 capacity = record.capacity();
    if (capacity < 0) {
        if (reserved > total)
            out.append(inventoryError(resourceClass, QLatin1StringView("reserved"),
                                      QStringLiteral("reserved (") % number(reserved)
                                          % QStringLiteral(") must not exceed total (")
                                          % number(total) % QLatin1Char(')'),
                                      provider));
        else
            out.append(inventoryError(resourceClass, ratioField,
                                      QStringLiteral("allocation_ratio (") % number(ratio)
                                          % QStringLiteral(") makes capacity negative (")
                                          % number(capacity) % QLatin1Char(')'),
                                      provider));
        return out;
    }

    // Accepted by Placement, but almost certainly mistakes: warnings.
    if (reserved > total)
        out.append(inventoryWarning(resourceClass, QLatin1StringView("reserved"),
                                    QStringLiteral("reserved (") % number(reserved)
                                        % QStringLiteral(") exceeds total (") % number(total)
                                        % QStringLiteral("); capacity is ") % number(capacity),
                                    provider));
    if (ratio < 0)
        out.append(inventoryWarning(resourceClass, ratioField,
                                    QStringLiteral("allocation_ratio (") % number(ratio)
                                        % QStringLiteral(") is negative"),
                                    provider));
    else if (ratio == 0)
        out.append(inventoryWarning(resourceClass, ratioField,
                                    QStringLiteral("allocation_ratio 0 leaves no capacity"),
                                    provider));
    if (minUnit > maxUnit)
        out.append(inventoryWarning(resourceClass, QLatin1StringView("min_unit"),
                                    QStringLiteral("min_unit (") % number(minUnit)
                                        % QStringLiteral(") exceeds max_unit (") % number(maxUnit)
                                        % QStringLiteral("): no allocation can fit"),
                                    provider));
    // max_unit 2147483647 is Placement's default, "no limit": not a mistake.
    if (maxUnit > total && maxUnit != kMaxInventoryInt)
        out.append(inventoryWarning(resourceClass, QLatin1StringView("max_unit"),
                                    QStringLiteral("max_unit (") % number(maxUnit)
                                        % QStringLiteral(") exceeds total (") % number(total)
                                        % QLatin1Char(')'),
                                    provider));
    if (stepSize > total)
        out.append(inventoryWarning(resourceClass, QLatin1StringView("step_size"),
                                    QStringLiteral("step_size (") % number(stepSize)
                                        % QStringLiteral(") exceeds total (") % number(total)
                                        % QLatin1Char(')'),
                                    provider));
    return out;
}

Problems checkInventories(const Inventories &inventories, const QString &provider)
{
    Problems out;
    for (auto it = inventories.cbegin(); it != inventories.cend(); ++it)
        out.append(checkInventory(it.key(), it.value(), provider));
    return out;
}

// Placement: allocations need inventory of their class (placement/objects/allocation.py,
// _check_capacity_exceeded raises InvalidInventory when a class has none) and are whole
// numbers >= 1 (placement/schemas/allocation.py); a provider's usage is their sum, so
// >= 0. Changing inventory below the current usage is accepted with a log warning
// (placement/objects/resource_provider.py, _update_inventory_for_provider and
// ResourceProvider.set_inventory: "now over-capacity"), hence a warning here.
Problems checkUsages(const Usages &usages, const Inventories &inventories,
                     const QString &provider)
{
    Problems out;
    for (auto it = usages.cbegin(); it != usages.cend(); ++it) {
        const QString &resourceClass = it.key();
        const qint64 used = it.value();
        if (used < 0) {
            out.append(makeError(ProblemKind::InvalidUsage,
                                 QStringLiteral("usage (") % number(used)
                                     % QStringLiteral(") must not be negative"),
                                 provider, fieldFor(QLatin1StringView("usages."), resourceClass)));
            continue;
        }
        const auto inventory = inventories.constFind(resourceClass);
        if (inventory == inventories.cend()) {
            out.append(makeError(ProblemKind::InvalidUsage,
                                 QStringLiteral("usage of ") % neutralised(resourceClass)
                                     % QStringLiteral(" without inventory of that class"),
                                 provider, fieldFor(QLatin1StringView("usages."), resourceClass)));
            continue;
        }
        const qint64 capacity = inventory->capacity();
        // A record without total or with negative capacity is the inventory check's error.
        if (inventory->total && capacity >= 0 && used > capacity)
            out.append(makeWarning(ProblemKind::InvalidUsage,
                                   QStringLiteral("usage (") % number(used)
                                       % QStringLiteral(") exceeds capacity (") % number(capacity)
                                       % QLatin1Char(')'),
                                   provider, fieldFor(QLatin1StringView("usages."), resourceClass)));
    }
    return out;
}

Problems checkTraits(const QStringList &traits, const QString &provider)
{
    Problems out;
    for (const QString &trait : traits)
        out.append(checkTrait(trait, provider));
    return out;
}

Problems checkAggregates(const QStringList &aggregates, const QString &provider)
{
    Problems out;
    bool allCanonical = true;
    for (const QString &aggregate : aggregates) {
        allCanonical = allCanonical && isCanonicalUuid(aggregate);
        out.append(checkAggregate(aggregate, provider));
    }
    appendDuplicateAggregates(aggregates, allCanonical, provider, out);
    return out;
}

Problems checkProvider(const ProviderData &provider)
{
    // Label problems by the uuid when it is one, else by the (neutralised) text we have.
    QString label = provider.uuid;
    if (!isCanonicalUuid(provider.uuid)) {
        label = canonicalUuid(provider.uuid)
                    .value_or(neutralised(provider.uuid.isEmpty() ? provider.name : provider.uuid));
    }
    Problems out;
    checkStoredUuid(provider.uuid, label, QStringLiteral("uuid"), out);
    if (!provider.parentUuid.isEmpty())
        checkStoredUuid(provider.parentUuid, label, QStringLiteral("parent_provider_uuid"), out);
    out.append(checkProviderName(provider.name, label));
    out.append(checkGeneration(provider.generation, label));
    out.append(checkInventories(provider.inventories, label));
    out.append(checkUsages(provider.usages, provider.inventories, label));
    out.append(checkTraits(provider.traits, label));
    bool allCanonical = true;
    for (const QString &aggregate : provider.aggregates) {
        if (isCanonicalUuid(aggregate))
            continue;
        allCanonical = false;
        if (const auto canonical = canonicalUuid(aggregate))
            out.append(makeError(ProblemKind::InvalidAggregate,
                                 QStringLiteral("aggregate ") % neutralised(aggregate)
                                     % QStringLiteral(" must be in canonical form ")
                                     % neutralised(*canonical),
                                 label, QStringLiteral("aggregates")));
        else
            out.append(checkAggregate(aggregate, label));
    }
    appendDuplicateAggregates(provider.aggregates, allCanonical, label, out);
    return out;
}

Problems strict(Problems problems)
{
    for (Problem &problem : problems)
        problem.severity = Severity::Error;
    return problems;
}

} // namespace provtree::validation
