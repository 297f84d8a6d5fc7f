#pragma once

#include "command.h"

namespace provtree {
class TreeDiff;
}

namespace provtree::cli {

// `provtree diff [--json] [--color WHEN] OLD NEW`: loads both snapshot files (with every
// rule of a real load) and prints what changed from OLD to NEW: first one line per affected
// provider and a totals line (like `git diff --stat`), then per provider the details
// (renamed, moved, inventory fields old -> new, usages, traits and aggregates +/-,
// generation as metadata). Coloured when stdout is a terminal (--color auto), unless
// --color never. --json prints the patch document (treepatch.h) instead.
// Exit code like diff(1): 0 no difference (generation-only changes do not count), 1
// different, 2 an input does not load or the command line is wrong.
class DiffCommand : public Command
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("diff"); }
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] QString syntax() const override { return QStringLiteral("OLD NEW"); }
    void configure(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override;

    // The readable report; `colour` adds ANSI colours. Names go through neutralised().
    static void writeText(QTextStream &out, const TreeDiff &diff, bool colour);
};

} // namespace provtree::cli
