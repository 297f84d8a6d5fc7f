#pragma once

#include "command.h"

namespace provtree::cli {

// `provtree candidates [--json] SNAPSHOT REQUEST`: the allocation candidates Placement 8
// would return for GET /allocation_candidates?REQUEST (microversion 1.39) on the tree of
// SNAPSHOT. REQUEST is a URL query (bare, after '?', or a whole URL) or, when it does not
// read as one, the flavor form (candidaterequestparser.h). Text: the request as a query,
// then per candidate tree each allocation request, which provider gives which class, then
// the trees that are not candidates, grouped by their first obstacle (CandidateExplainer);
// --json: Placement's own response shape plus "rejected" and "rejected_groups"
// (explanationjson.h). Exit 0 with a candidate, 1 with none, 2 when the request or the
// file is refused (the reason on stderr).
class CandidatesCommand : public Command
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("candidates"); }
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] QString syntax() const override { return QStringLiteral("SNAPSHOT REQUEST"); }
    void configure(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override;
};

} // namespace provtree::cli
