#pragma once

// Running the built `provtree` CLI from a test (PROVTREE_CLI is the executable's path,
// set per test target); snapshotDocument() for the files it reads.

#include "snapshotdocument.h"

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace provtree::testing {

struct CliRun
{
    int exitCode = -1; // -1: did not finish normally (crashed, or still running at the timeout)
    QByteArray out;
    QByteArray err;
};

// How provtreeRun() runs the CLI; the defaults are the test process's own.
struct CliOptions
{
    std::optional<QProcessEnvironment> environment; // the whole environment; none: the test's
    QString workingDirectory;                      // empty: the test's
    // A file to read stdin from, e.g. QProcess::nullDevice() (never a terminal: no password
    // prompt); empty: an open pipe nobody writes to.
    QString standardInputFile;
    int timeoutMs = 60000;
    // When set, the run's stdout and stderr (as UTF-8 text) are appended here, whether it
    // finished or not: the suites that grep every output for secrets collect them here.
    QStringList *outputs = nullptr;
};

inline CliRun provtreeRun(const QStringList &arguments, const CliOptions &options = {})
{
    QProcess process;
    if (options.environment)
        process.setProcessEnvironment(*options.environment);
    if (!options.workingDirectory.isEmpty())
        process.setWorkingDirectory(options.workingDirectory);
    if (!options.standardInputFile.isEmpty())
        process.setStandardInputFile(options.standardInputFile);
    process.start(QStringLiteral(PROVTREE_CLI), arguments);
    CliRun run;
    if (process.waitForFinished(options.timeoutMs) && process.exitStatus() == QProcess::NormalExit)
        run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput(); // what it wrote before it ended, or so far
    run.err = process.readAllStandardError();
    if (options.outputs)
        *options.outputs << QString::fromUtf8(run.out) << QString::fromUtf8(run.err);
    return run;
}

} // namespace provtree::testing
