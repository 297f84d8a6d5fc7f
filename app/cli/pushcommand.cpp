#include "pushcommand.h"

#include "cloudconnect.h"
#include "cloudoptions.h"
#include "patchfile.h"
#include "placementsource.h"
#include "pushoutcome.h"
#include "report.h"

#include <memory>

namespace provtree::cli {

namespace {
const QString kDryRun = QStringLiteral("dry-run");
const QString kRebase = QStringLiteral("rebase");

bool cannotConnect(const Problem &problem)
{
    return problem.kind == ProblemKind::Unreachable || problem.kind == ProblemKind::Unauthorized
           || problem.kind == ProblemKind::Configuration;
}

void printProgressReport(const PushOutcome &outcome, const Console &console)
{
    const qsizetype total = outcome.plan.calls.size();
    const qsizetype applied = outcome.execution.applied;
    console.err << "provtree push: " << applied << " of " << total << " calls applied\n";
    for (qsizetype i = 0; i < total; ++i) {
        const char *state = i < applied ? "applied    " : i == applied ? "FAILED     " : "not applied";
        console.err << "  " << state << ' ' << (i + 1) << ". " << outcome.plan.calls.at(i).summary << '\n';
    }
}
} // namespace

void PushCommand::configure(QCommandLineParser &parser) const
{
    parser.addOption(QCommandLineOption(kDryRun, QStringLiteral("Prints the plan (every HTTP call and body); sends nothing.")));
    parser.addOption(QCommandLineOption(
        kRebase, QStringLiteral("Re-applies changes whose fields Placement did not change since the pull.")));
    parser.addPositionalArgument(QStringLiteral("PATCH"), QStringLiteral("The patch (provtree diff --json)."),
                                 QStringLiteral("PATCH"));
    addCloudOptions(parser);
}

int PushCommand::run(const QCommandLineParser &parser, const QStringList &arguments, const Console &console) const
{
    if (arguments.size() != 1) {
        console.err << "provtree push: give one PATCH (see provtree push --help)\n";
        return kExitUsage;
    }
    const QString &patchPath = arguments.first();
    const Result<TreeDiff> patch = readPatchFile(patchPath);
    for (const Problem &problem : patch.problems())
        console.err << problemLine(patchPath, problem) << '\n';
    if (!patch.ok())
        return kExitUnreadable;

    int exitCode = kExitOk;
    std::optional<PlacementConnection> connection = connectToPlacement(parser, console, exitCode);
    if (!connection)
        return exitCode;
    PlacementSource source(std::move(*connection));
    PushOptions options;
    options.dryRun = parser.isSet(kDryRun);
    options.rebase = parser.isSet(kRebase);
    const std::unique_ptr<PushOperation> push(source.push(patch.value(), options));
    waitFor(*push, console, QStringLiteral("push"));
    const PushOutcome &outcome = push->outcome();

    if (options.dryRun && !outcome.plan.isEmpty())
        console.out << outcome.plan.toText();
    if (outcome.sent)
        printProgressReport(outcome, console);
    for (const ThreeWayField &field : outcome.fields)
        console.err << "  " << field.toText() << '\n';
    const Problems errors = push->status().errors();
    for (const Problem &problem : errors)
        console.err << "provtree push: " << problem.toString() << '\n';
    if (!errors.isEmpty())
        return cannotConnect(errors.first()) ? kExitUnreadable : kExitInvalid;
    if (outcome.plan.isEmpty())
        console.err << "provtree push: Placement already holds this state; nothing to send\n";
    else if (!options.dryRun)
        console.err << "provtree push: done, " << source.description() << " holds the patched state\n";
    return kExitOk;
}

} // namespace provtree::cli
