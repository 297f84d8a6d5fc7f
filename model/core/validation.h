#pragma once

#include "problem.h"
#include "providerdata.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <string_view>

// Placement's own rules for every input, in one place. Every path that changes a tree
// (core calls, snapshot files, the GUI, the CLI, backends) goes through these checks.
// Each rule cites the Placement source it follows; see validation.cpp.
// Thread-safe: pure functions over immutable tables.
namespace provtree::validation {

inline constexpr qsizetype kMaxProviderNameLength = 200;
inline constexpr qsizetype kMaxResourceClassLength = 255;
inline constexpr qsizetype kMaxTraitLength = 255;

// The canonical form (lower-case 8-4-4-4-12 hex) of a uuid, or nullopt if `text` is not one.
[[nodiscard]] std::optional<QString> canonicalUuid(QStringView text);
[[nodiscard]] bool isCanonicalUuid(QStringView text); // already lower-case 8-4-4-4-12
[[nodiscard]] bool isCanonicalUuid(std::string_view utf8); // the same, over UTF-8 bytes

// Each check returns the problems it found (errors and warnings) about one value.
// `provider` only labels the problems (Problem::provider); it is not validated here.
// checkUuid and checkAggregate accept a uuid in either case (canonicalUuid() gives the
// form to store); checkProvider, which judges a stored record, wants canonical forms.
[[nodiscard]] Problems checkUuid(QStringView uuid, const QString &provider, const QString &field);
[[nodiscard]] Problems checkProviderName(QStringView name, const QString &provider);
[[nodiscard]] Problems checkGeneration(qint64 generation, const QString &provider);
[[nodiscard]] Problems checkResourceClass(QStringView resourceClass, const QString &provider);
[[nodiscard]] Problems checkTrait(QStringView trait, const QString &provider);
[[nodiscard]] Problems checkAggregate(QStringView aggregate, const QString &provider);
// One record: ranges, the capacity rule and the "likely a mistake" warnings.
[[nodiscard]] Problems checkInventory(const QString &resourceClass, const InventoryRecord &record,
                                      const QString &provider);
[[nodiscard]] Problems checkInventories(const Inventories &inventories, const QString &provider);
// Usages: non-negative, only for classes that have inventory; above capacity is a warning.
[[nodiscard]] Problems checkUsages(const Usages &usages, const Inventories &inventories,
                                   const QString &provider);
[[nodiscard]] Problems checkTraits(const QStringList &traits, const QString &provider);
[[nodiscard]] Problems checkAggregates(const QStringList &aggregates, const QString &provider);
// Everything about one record that does not need the rest of the tree
// (uuid, parent uuid, name, generation, inventories, usages, traits, aggregates).
// Uuids, the parent uuid and aggregates must already be canonical (lower case): a
// well-formed uuid in upper case is an error naming the canonical form.
[[nodiscard]] Problems checkProvider(const ProviderData &provider);

// Warnings become errors (validate --strict).
[[nodiscard]] Problems strict(Problems problems);

// The standard lists shipped in resources/ (os-resource-classes, os-traits).
[[nodiscard]] bool isStandardResourceClass(QStringView name);
[[nodiscard]] bool isStandardTrait(QStringView name);
[[nodiscard]] const QStringList &standardResourceClasses(); // sorted
[[nodiscard]] const QStringList &standardTraits();           // sorted

} // namespace provtree::validation
