#pragma once

#include "command.h"

#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace provtree::cli {

// provtree and provtree-cloud speak as one program: --version, usage and messages name
// provtree at provtree's version. Call once the QCoreApplication exists.
void nameApplicationProvtree();

// The `provtree` command line: global options (--help, --version), then a command and
// its own options. Usage errors (no command, an unknown one, a bad option) print the
// usage to stderr and give kExitUsage.
class CommandLine
{
public:
    explicit CommandLine(const Console &console) : m_console(console) {}

    void add(std::unique_ptr<Command> command);
    // provtree's: runs that need a live Placement (stand-ins, Command::needsPlacement()) go
    // to `handOff`, which runs provtree-cloud instead and returns only if it cannot
    // (cloudexecutable.h). Without one, every command runs here.
    void setHandOff(std::function<int()> handOff) { m_handOff = std::move(handOff); }
    // `arguments` as QCoreApplication::arguments() gives them (the program first).
    [[nodiscard]] int run(const QStringList &arguments) const;

private:
    [[nodiscard]] const Command *find(const QString &name) const;
    [[nodiscard]] QString usage() const;
    [[nodiscard]] int runCommand(const Command &command, const QStringList &arguments) const;

    Console m_console;
    std::vector<std::unique_ptr<Command>> m_commands; // Owned.
    std::function<int()> m_handOff;
};

} // namespace provtree::cli
