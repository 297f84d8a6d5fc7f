#pragma once

#include "command.h"

namespace provtree::cli {

// provtree pull [--tree NAME_OR_UUID] -o SNAPSHOT [cloud options | --db URL]: reads provider
// trees from a live Placement, or read-only from its database, into a snapshot file (with its
// origin: endpoint, region, microversion or schema, time). Exit codes: 0 written; 1 what Placement holds breaks the snapshot rules; 2 cannot
// connect, authenticate, read or write.
class PullCommand : public Command
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("pull"); }
    [[nodiscard]] QString summary() const override { return summaryText(); }
    // Also provtree's stand-in's (cloudcommandstandin.h).
    [[nodiscard]] static QString summaryText()
    {
        return QStringLiteral("Reads provider trees from a live Placement (or its database) into a snapshot file.");
    }
    [[nodiscard]] QString syntax() const override { return QString(); }
    void configure(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override;
};

} // namespace provtree::cli
