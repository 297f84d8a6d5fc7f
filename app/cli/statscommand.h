#pragma once

#include "command.h"

namespace provtree {
struct TreeStats;
}

namespace provtree::cli {

// `provtree stats [--json] FILE`: loads the file (with every rule of a real load) and
// prints the number of providers and roots, the maximum depth (a lone root is depth 1),
// and per resource class the total, reserved, capacity, used and free amounts summed
// over the tree. A file that does not load: its problems go to stderr, exit 1 or 2.
class StatsCommand : public Command
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("stats"); }
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] QString syntax() const override { return QStringLiteral("FILE"); }
    void configure(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override;

    static void writeText(QTextStream &out, const TreeStats &stats);
    static void writeJson(QTextStream &out, const TreeStats &stats);
};

} // namespace provtree::cli
