// libFuzzer target for patch files (io/patchfile.h) and applying them (diff/patchapply.h):
// feeds arbitrary bytes to parsePatch() and checks what must hold for any input:
//  - no crash, no undefined behaviour, no leak (ASan, UBSan and LeakSanitizer judge);
//  - on failure, there is an error and every error is located ("LINE:COLUMN" or "$...");
//  - on success, the patch's canonical text (serialisePatch) parses to the same diff, and
//    writes the same bytes again;
//  - applied to a small fixed tree (patch-states/base.json), a parsed patch either applies
//    and the tree then holds exactly patchedRecords(base, patch), or is refused and the
//    tree is unchanged (all or nothing); it never applies where patchedRecords() found a
//    conflict.
// A broken invariant aborts with a message naming it, so libFuzzer saves the input.
// Build and run: see README.md in this folder.
#include "patchapply.h"
#include "patchfile.h"
#include "providertree.h"
#include "snapshotreader.h"
#include "../support/testrecords.h"
#include "fuzzinvariants.h"

#include <QByteArray>
#include <QFile>

#include <cstddef>
#include <cstdint>

using namespace provtree;

namespace {

using provtree::fuzzing::broken;
using provtree::fuzzing::check;
using provtree::fuzzing::everyErrorLocated;
using provtree::fuzzing::hasError;
using provtree::testing::sortedByUuid;

// The tree every patch is applied to, read once (PROVTREE_PATCH_BASE: patch-states/base.json).
const QList<ProviderData> &baseRecords()
{
    static const QList<ProviderData> records = [] {
        QFile file(QStringLiteral(PROVTREE_PATCH_BASE));
        if (!file.open(QIODevice::ReadOnly))
            broken("cannot read " PROVTREE_PATCH_BASE);
        const Result<QList<ProviderData>> parsed = parseSnapshot(file.readAll());
        check(parsed.ok(), "the base tree does not parse", parsed.problems());
        return parsed.value();
    }();
    return records;
}

void checkApplying(const TreeDiff &patch)
{
    ProviderTree tree;
    const Status populated = tree.populate(baseRecords());
    check(populated.ok(), "the base tree does not load", populated.problems());
    const QList<ProviderData> before = sortedByUuid(tree.allData());

    const Result<QList<ProviderData>> patched = patchedRecords(tree.allData(), patch);
    const Status applied = applyPatch(tree, patch);
    const QList<ProviderData> after = sortedByUuid(tree.allData());
    if (!applied.ok()) {
        check(hasError(applied.problems()), "applyPatch failed without an error", applied.problems());
        check(after == before, "a refused patch changed the tree", applied.problems());
        return;
    }
    check(patched.ok(), "applyPatch applied a patch patchedRecords() refused", patched.problems());
    check(after == sortedByUuid(patched.value()), "the applied tree is not the patched records");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));

    const Result<TreeDiff> parsed = parsePatch(json);
    if (!parsed.ok()) {
        check(hasError(parsed.problems()), "parsePatch failed without an error", parsed.problems());
        check(everyErrorLocated(parsed.problems()), "parsePatch error without a location",
              parsed.problems());
        return 0;
    }

    const QByteArray canonical = serialisePatch(parsed.value());
    const Result<TreeDiff> reparsed = parsePatch(canonical);
    check(reparsed.ok(), "the canonical text does not parse", reparsed.problems());
    check(reparsed.value() == parsed.value(), "the canonical text parses to another diff");
    check(serialisePatch(reparsed.value()) == canonical, "the canonical text is not stable");

    checkApplying(parsed.value());
    return 0;
}
