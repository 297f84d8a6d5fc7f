#include "pullcommand.h"

#include "cloudoptions.h"
#include "placementsource.h"
#include "providertree.h"
#include "report.h"
#include "snapshotwriter.h"

#include <memory>

namespace provtree::cli {

namespace {
const QString kTree = QStringLiteral("tree");
} // namespace

QString PullCommand::summary() const
{
    return QStringLiteral("Reads provider trees from a live Placement into a snapshot file.");
}

void PullCommand::configure(QCommandLineParser &parser) const
{
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("o"), kOutputOption},
                                        QStringLiteral("Writes the snapshot to OUT (required)."), QStringLiteral("OUT")));
    parser.addOption(QCommandLineOption(kTree,
                                        QStringLiteral("Pulls only the tree of this provider (name or uuid)."),
                                        QStringLiteral("NAME_OR_UUID")));
    addCloudOptions(parser);
}

int PullCommand::run(const QCommandLineParser &parser, const QStringList &arguments, const Console &console) const
{
    if (!arguments.isEmpty() || parser.value(kOutputOption).isEmpty()) {
        console.err << "provtree pull: give -o OUT and no other arguments (see provtree pull --help)\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    std::optional<PlacementConnection> connection = connectToPlacement(parser, console, exitCode);
    if (!connection)
        return exitCode;
    PlacementSource source(std::move(*connection));
    const std::unique_ptr<SourceOperation> pull(source.load(parser.value(kTree)));
    waitFor(*pull, console, QStringLiteral("pull"));
    if (!pull->status().ok()) {
        for (const Problem &problem : pull->status().errors())
            console.err << "provtree pull: " << problem.toString() << '\n';
        return kExitUnreadable;
    }

    // What Placement holds goes through the core's rules like any file would.
    ProviderTree tree;
    const Status accepted = tree.replaceAll(pull->loaded().providers);
    const QString output = parser.value(kOutputOption);
    for (const Problem &problem : namedAfter(accepted.problems(), pull->loaded().providers))
        console.err << "provtree pull: " << problem.toString() << '\n';
    if (!accepted.ok())
        return kExitInvalid;
    const Status saved = saveSnapshot(tree.allData(), output, pull->loaded().origin);
    for (const Problem &problem : saved.problems())
        console.err << problemLine(output, problem) << '\n';
    if (!saved.ok())
        return kExitUnreadable;
    console.err << "provtree pull: " << tree.size() << " providers from " << source.description() << " written to "
                << displayPath(output) << '\n';
    return kExitOk;
}

} // namespace provtree::cli
