#pragma once

#include "problem.h"
#include "providerdata.h"
#include "snapshotorigin.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Writing snapshot files in their canonical form, so that equal trees give equal bytes
// and a saved file diffs cleanly against the previous one (README.md, "Snapshot files"):
//  - providers depth-first, each parent before its children; roots, and the children of
//    each parent, sorted by (name, uuid) (by UTF-16 code unit, like a C-locale sort);
//  - keys in a fixed order: uuid, name, generation, parent_provider_uuid, inventories,
//    usages, traits, aggregates; inventory fields total, reserved, min_unit, max_unit,
//    step_size, allocation_ratio, all six always written (absent ones as Placement's
//    defaults); resource classes, traits and aggregates sorted;
//  - 2-space indentation, UTF-8, a newline at the end; allocation_ratio as the shortest
//    decimal that reads back to the same double, with ".0" when it is integral.
// Thread-safety: reentrant; saving a tree takes its lock once (ProviderTree::allData()).
namespace provtree {

class ProviderTree;

// The canonical document for `providers`, given in any order. Records whose parent is not
// among them are written as if they were roots (their parent_provider_uuid is kept);
// records caught in a parent cycle come last, each followed by its descendants.
// A non-empty `origin` is written after "version", its empty fields left out.
[[nodiscard]] QByteArray serialiseSnapshot(const QList<ProviderData> &providers,
                                           const SnapshotOrigin &origin = {});

// Writes the canonical document atomically (QSaveFile): on any error the file at `path`
// is left as it was and no temporary file remains. Errors: Io.
[[nodiscard]] Status saveSnapshot(const QList<ProviderData> &providers, const QString &path,
                                  const SnapshotOrigin &origin = {});
// Saves a consistent snapshot of the whole tree (ProviderTree::allData()). Errors: Io.
[[nodiscard]] Status saveSnapshot(const ProviderTree &tree, const QString &path);

// The indices of `providers` in canonical order (see above); every index appears once.
[[nodiscard]] QList<qsizetype> canonicalOrder(const QList<ProviderData> &providers);

// Appends `text` as a JSON string literal in UTF-8: quote, backslash and control characters
// escaped (\n, \t, \u0001, ...), lone surrogates (which UTF-8 cannot hold) as \u escapes so
// that they read back unchanged. The one string writer of snapshot and patch files.
void appendJsonString(QByteArray &out, QStringView text);

// "1.0", "16.0", "1.5", "0.1", "1e+20": the shortest round-trip form, ".0" when integral.
// A value that is not finite (never valid in a tree) is written as "null".
[[nodiscard]] QByteArray formatAllocationRatio(double ratio);

} // namespace provtree
