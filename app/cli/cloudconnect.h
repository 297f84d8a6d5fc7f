#pragma once

#include "command.h"
#include "placementconnection.h"

#include <QCommandLineParser>

#include <optional>

namespace provtree {
class SourceOperation;
}

namespace provtree::cli {

// Resolves the cloud of the cloud options (cloudoptions.h) and authenticates (waiting for
// Keystone in a local event loop). On failure prints the problem to console.err and sets
// `exitCode` (kExitUnreadable); the message never holds a secret.
[[nodiscard]] std::optional<PlacementConnection> connectToPlacement(const QCommandLineParser &parser,
                                                                    const Console &console, int &exitCode);

// Runs `operation` to its end in a local event loop, printing progress to console.err as
// "VERB: DONE/TOTAL" (a line each ~10% or 2 s; Ctrl+C is left to the shell). Returns once
// it finished.
void waitFor(SourceOperation &operation, const Console &console, const QString &verb);

} // namespace provtree::cli
