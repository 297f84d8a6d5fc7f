#pragma once

#include "candidaterequest.h"
#include "candidateresult.h"
#include "command.h"
#include "providerdata.h"

#include <QJsonObject>

#include <memory>
#include <optional>

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
//
// --live (the providers and a second answer from a live Placement) is provtree-cloud's
// LiveCandidatesCommand: this class declares the option, and provtree hands such runs over
// (cloudexecutable.h).
class CandidatesCommand : public Command
{
public:
    // What the live Placement answered to the same request, compared with provtree's.
    struct PlacementAnswer
    {
        QJsonObject body;
        bool same = false;
        QString firstDifference;
    };
    // A live Placement that --live reads and asks. Each function prints why it fails to
    // console.err and then returns nothing.
    class LivePlacement
    {
    public:
        virtual ~LivePlacement() = default;
        // Every provider, pulled and loaded through the core's rules (sets `exitCode`).
        [[nodiscard]] virtual std::optional<QList<ProviderData>> providers(const Console &console, int &exitCode) = 0;
        // Its own answer to `request`, compared with `ours`.
        [[nodiscard]] virtual std::optional<PlacementAnswer> answer(const CandidateRequest &request,
                                                                    const CandidateResult &ours,
                                                                    const Console &console) = 0;
    };

    [[nodiscard]] QString name() const override { return QStringLiteral("candidates"); }
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] QString syntax() const override { return QStringLiteral("SNAPSHOT REQUEST"); }
    void configure(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override;
    [[nodiscard]] bool needsPlacement(const QCommandLineParser &parser) const override; // --live

protected:
    // Connects to the Placement of the cloud options for --live; null after printing why
    // (and setting `exitCode`). This class has none to connect to.
    [[nodiscard]] virtual std::unique_ptr<LivePlacement> connectLive(const QCommandLineParser &parser,
                                                                     const Console &console, int &exitCode) const;
};

} // namespace provtree::cli
