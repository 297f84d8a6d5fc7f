#pragma once

#include "command.h"
#include "placementconnection.h"

#include <QCommandLineParser>

#include <optional>

namespace provtree {
class SourceOperation;
}

namespace provtree::cli {

// The cloud options every command that talks to Placement takes, named as the openstack
// CLI names them (--os-cloud, --os-region-name, ...), plus --url and --token for a
// Placement without Keystone. What is not given comes from OS_* variables and clouds.yaml.
void addCloudOptions(QCommandLineParser &parser);

// Whether any of those options is on the command line.
[[nodiscard]] bool hasCloudOptions(const QCommandLineParser &parser);

// Resolves the cloud and authenticates (waiting for Keystone in a local event loop).
// On failure prints the problem to console.err and sets `exitCode` (kExitUnreachable or
// kExitUsage); the message never holds a secret.
[[nodiscard]] std::optional<PlacementConnection> connectToPlacement(const QCommandLineParser &parser,
                                                                    const Console &console, int &exitCode);

// Runs `operation` to its end in a local event loop, printing progress to console.err as
// "VERB: DONE/TOTAL" (a line each ~10% or 2 s; Ctrl+C is left to the shell). Returns once
// it finished.
void waitFor(SourceOperation &operation, const Console &console, const QString &verb);

} // namespace provtree::cli
