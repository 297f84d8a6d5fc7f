// libFuzzer target for the snapshot reader (model/io/snapshotreader.h): feeds arbitrary bytes
// to parseSnapshot() and loadSnapshot() and checks what must hold for any input:
//  - no crash, no undefined behaviour, no leak (ASan, UBSan and LeakSanitizer judge);
//  - parseSnapshot() and loadSnapshot() agree: a document that does not parse never loads;
//  - on failure, every error is located (a "LINE:COLUMN" or "$..." location) and the fresh
//    tree is still empty;
//  - on success, the tree holds exactly the records parseSnapshot() returned, and its
//    canonical text (serialiseSnapshot(tree.allData())) loads into a second tree with the
//    same providers (sibling order aside: the canonical text sorts siblings), which writes
//    the same bytes again.
// A broken invariant aborts with a message naming it, so libFuzzer saves the input.
// Build and run: see README.md in this folder.
#include "providertree.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "../support/testrecords.h"
#include "fuzzinvariants.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

using namespace provtree;

namespace {

using provtree::fuzzing::check;
using provtree::fuzzing::everyErrorLocated;
using provtree::fuzzing::hasError;
using provtree::testing::sortedByUuid;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));

    const Result<QList<ProviderData>> parsed = parseSnapshot(json);
    if (!parsed.ok()) {
        check(hasError(parsed.problems()), "parseSnapshot failed without an error", parsed.problems());
        check(everyErrorLocated(parsed.problems()), "parseSnapshot error without a location",
              parsed.problems());
    }

    ProviderTree tree;
    const Status loaded = loadSnapshot(tree, json);
    if (!loaded.ok()) {
        check(everyErrorLocated(loaded.problems()), "loadSnapshot error without a location",
              loaded.problems());
        check(tree.size() == 0, "loadSnapshot failed but the tree is not empty", loaded.problems());
        return 0;
    }
    check(parsed.ok(), "loadSnapshot succeeded where parseSnapshot failed", parsed.problems());
    const QList<ProviderData> first = tree.allData();
    check(sortedByUuid(first) == sortedByUuid(parsed.value()),
          "the tree does not hold exactly the records parseSnapshot returned");
    const QByteArray canonical = serialiseSnapshot(first);

    const Result<QList<ProviderData>> reparsed = parseSnapshot(canonical);
    check(reparsed.ok(), "the canonical text does not parse", reparsed.problems());
    ProviderTree second;
    const Status reloaded = loadSnapshot(second, canonical);
    check(reloaded.ok(), "the canonical text does not load", reloaded.problems());
    // Sibling order may differ: a tree keeps the file's order, the canonical text sorts
    // siblings by (name, uuid). The data must not.
    check(sortedByUuid(second.allData()) == sortedByUuid(first),
          "the canonical text loads to a different tree");
    check(serialiseSnapshot(second.allData()) == canonical, "the canonical text is not stable");
    return 0;
}
