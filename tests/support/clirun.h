#pragma once

// Running the built `provtree` CLI from a test (PROVTREE_CLI is the executable's path,
// set per test target); snapshotDocument() for the files it reads.

#include "snapshotdocument.h"

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace provtree::testing {

struct CliRun
{
    int exitCode = -1; // -1: did not finish normally
    QByteArray out;
    QByteArray err;
};

inline CliRun provtreeRun(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(PROVTREE_CLI), arguments);
    CliRun run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace provtree::testing
