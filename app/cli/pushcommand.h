#pragma once

#include "command.h"

namespace provtree::cli {

// provtree push PATCH [--dry-run] [--rebase] [cloud options]: sends a patch (the diff
// between a pulled snapshot and an edited one, from provtree diff --json) to a live
// Placement as a plan of API calls, guarded by generations. --dry-run prints the plan.
// Exit codes: 0 everything applied (or planned); 1 conflicts or refusals (each reported
// with provider, field and the three values; what was applied and what was not);
// 2 cannot connect, authenticate or read the patch.
class PushCommand : public Command
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("push"); }
    [[nodiscard]] QString summary() const override { return summaryText(); }
    // Also provtree's stand-in's (cloudcommandstandin.h).
    [[nodiscard]] static QString summaryText()
    {
        return QStringLiteral("Sends a patch to a live Placement (calls guarded by generations).");
    }
    [[nodiscard]] QString syntax() const override { return QStringLiteral("PATCH"); }
    void configure(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override;
};

} // namespace provtree::cli
