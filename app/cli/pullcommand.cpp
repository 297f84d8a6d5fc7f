#include "pullcommand.h"

#include "cloudconnect.h"
#include "cloudoptions.h"
#include "databaseurl.h"
#include "passwordprompt.h"
#include "placementdatabasesource.h"
#include "placementsource.h"
#include "providertree.h"
#include "report.h"
#include "snapshotwriter.h"

#include <QProcessEnvironment>

#include <memory>

namespace provtree::cli {

namespace {
const QString kTree = QStringLiteral("tree");
const QString kDatabase = QStringLiteral("db");

// Placement's database of --db: its URL, with the password from the URL, else
// PROVTREE_DB_PASSWORD, else typed at a no-echo prompt (a terminal only).
std::unique_ptr<TreeSource> databaseSource(const QString &text, const Console &console)
{
    Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    if (!url.ok()) {
        for (const Problem &problem : url.problems())
            console.err << "provtree pull: " << problem.toString() << '\n';
        return nullptr;
    }
    console.err.flush(); // what was printed comes before a prompt on stderr
    const DatabaseUrl &parsed = url.value();
    return std::make_unique<PlacementDatabaseSource>(withPassword(parsed, QProcessEnvironment::systemEnvironment(), [&] {
        return promptPassword(QStringLiteral("Password for %1 at %2: ").arg(parsed.user, parsed.redacted()));
    }));
}

// The Placement API of the cloud options.
std::unique_ptr<TreeSource> apiSource(const QCommandLineParser &parser, const Console &console, int &exitCode)
{
    std::optional<PlacementConnection> connection = connectToPlacement(parser, console, exitCode);
    if (!connection)
        return nullptr;
    return std::make_unique<PlacementSource>(std::move(*connection));
}
} // namespace

void PullCommand::configure(QCommandLineParser &parser) const
{
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("o"), kOutputOption},
                                        QStringLiteral("Writes the snapshot to OUT (required)."), QStringLiteral("OUT")));
    parser.addOption(QCommandLineOption(kTree,
                                        QStringLiteral("Pulls only the tree of this provider (name or uuid)."),
                                        QStringLiteral("NAME_OR_UUID")));
    parser.addOption(QCommandLineOption(
        kDatabase,
        QStringLiteral("Reads Placement's database instead of its API (read-only): URL as placement.conf's "
                       "[placement_database] connection, e.g. mysql+pymysql://USER:PASSWORD@HOST/placement; "
                       "the password from URL, else PROVTREE_DB_PASSWORD, else a prompt. Not with cloud options."),
        QStringLiteral("URL")));
    addCloudOptions(parser);
}

int PullCommand::run(const QCommandLineParser &parser, const QStringList &arguments, const Console &console) const
{
    if (!arguments.isEmpty() || parser.value(kOutputOption).isEmpty()) {
        console.err << "provtree pull: give -o OUT and no other arguments (see provtree pull --help)\n";
        return kExitUsage;
    }
    const bool fromDatabase = parser.isSet(kDatabase);
    if (fromDatabase && hasCloudOptions(parser)) {
        console.err << "provtree pull: give --db or cloud options, not both (see provtree pull --help)\n";
        return kExitUsage;
    }
    int exitCode = kExitUsage;
    const std::unique_ptr<TreeSource> source = fromDatabase ? databaseSource(parser.value(kDatabase), console)
                                                            : apiSource(parser, console, exitCode);
    if (!source)
        return exitCode;
    const std::unique_ptr<SourceOperation> pull(source->load(parser.value(kTree)));
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
    console.err << "provtree pull: " << tree.size() << " providers from " << source->description() << " written to "
                << displayPath(output) << '\n';
    return kExitOk;
}

} // namespace provtree::cli
