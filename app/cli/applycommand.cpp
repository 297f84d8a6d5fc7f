#include "applycommand.h"

#include "providertree.h"
#include "report.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "patchapply.h"
#include "patchfile.h"

namespace provtree::cli {

QString ApplyCommand::summary() const
{
    return QStringLiteral("Applies a patch (from provtree diff --json) to a snapshot file.");
}

void ApplyCommand::configure(QCommandLineParser &parser) const
{
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("o"), kOutputOption},
                                        QStringLiteral("Writes the patched snapshot to OUT (required)."),
                                        QStringLiteral("OUT")));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The snapshot file to patch."), QStringLiteral("FILE"));
    parser.addPositionalArgument(QStringLiteral("PATCH"), QStringLiteral("The patch file."), QStringLiteral("PATCH"));
}

int ApplyCommand::run(const QCommandLineParser &parser, const QStringList &arguments,
                      const Console &console) const
{
    if (arguments.size() != 2 || !parser.isSet(kOutputOption) || parser.value(kOutputOption).isEmpty()) {
        console.err << "provtree apply: give FILE, PATCH and -o OUT (see provtree apply --help)\n";
        return kExitUsage;
    }
    const QString &path = arguments.at(0);
    const QString &patchPath = arguments.at(1);
    ProviderTree tree;
    const Status loaded = loadSnapshotFile(tree, path);
    for (const Problem &problem : loaded.errors()) // warnings are validate's business
        console.err << problemLine(path, problem) << '\n';
    const Result<TreeDiff> patch = readPatchFile(patchPath);
    for (const Problem &problem : patch.problems())
        console.err << problemLine(patchPath, problem) << '\n';
    if (!loaded.ok() || !patch.ok())
        return kExitUnreadable;

    // Conflicts (the tree no longer matches the patch's old values) and Placement's
    // refusals of the result: the patch does not apply, nothing is written.
    const Status applied = applyPatch(tree, patch.value());
    // Each named where FILE has the provider and field that do not match.
    for (const Problem &problem : locateInSnapshotFile(applied.errors(), path))
        console.err << problemLine(path, problem) << '\n';
    if (!applied.ok())
        return kExitInvalid;

    const QString output = parser.value(kOutputOption);
    const Status saved = saveSnapshot(tree, output);
    for (const Problem &problem : saved.problems())
        console.err << problemLine(output, problem) << '\n';
    return saved.ok() ? kExitOk : kExitUnreadable;
}

} // namespace provtree::cli
