#pragma once

#include "problem.h"
#include "providerdata.h"
#include "treediff.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Patch files: a TreeDiff as a JSON document (README.md, "Patch files"):
//
//   {"format": "provider-tree-patch", "version": 1,
//    "summary": {"added": [uuid...], "removed": [uuid...], "changed": [uuid...]},
//    "removed_providers": [full old record...],   // snapshot record form
//    "added_providers": [full new record...],     // snapshot record form
//    "changed_providers": [{"uuid": ..., "generation": {"old": 3, "new": 4},
//                           "name": {"old": ..., "new": ...},
//                           "parent_provider_uuid": {"old": ..., "new": ...},
//                           "inventories": {"VCPU": {"added": {record}} |
//                                                   {"removed": {record}} |
//                                                   {"changed": {"total": {"old": 16, "new": 32}}}},
//                           "usages": {"VCPU": {"old": 4 | null, "new": 8 | null}},
//                           "traits": {"added": [...], "removed": [...]},
//                           "aggregates": {"added": [...], "removed": [...]}}, ...]}
//
// summary lists every affected provider's uuid once, sorted; a generation-only change is
// in changed_providers (so applying reproduces the generation) but not in the summary.
// Each "old" value is checked before anything is applied.
//
// Applying a patch to a tree is diff/patchapply.h. Thread-safety: reentrant.
namespace provtree {

inline constexpr char kPatchFormat[] = "provider-tree-patch";
inline constexpr int kPatchVersion = 1;

// The patch document for `diff` (UTF-8, indented, a newline at the end). Deterministic:
// equal diffs give equal bytes.
[[nodiscard]] QByteArray serialisePatch(const TreeDiff &diff);

// Strict parsing, like parseSnapshot(): unknown keys, wrong types, a wrong format or
// version, a summary that disagrees with the content, a list naming an item twice, a uuid
// (aggregates too) not in lower case, are Syntax problems, each located
// ("$.changed_providers[2].inventories.VCPU"); every problem is reported. A JSON syntax
// error is located "LINE:COLUMN", as the snapshot reader does. Unlike parseSnapshot(), a
// duplicate key is not refused: QJsonDocument keeps the last one. The result equals the
// diff that was serialised.
[[nodiscard]] Result<TreeDiff> parsePatch(const QByteArray &json);
// Reads and parses a file. Errors: Io (cannot read), and those of parsePatch().
[[nodiscard]] Result<TreeDiff> readPatchFile(const QString &path);

} // namespace provtree
