#include "livecandidatescommand.h"

#include "candidatejson.h"
#include "candidaterequestparser.h"
#include "cloudconnect.h"
#include "placementclient.h"
#include "placementsource.h"
#include "providertree.h"

#include <QEventLoop>

namespace provtree::cli {

namespace {

// The Placement API behind one connection, for one --live run.
class ConnectedPlacement : public CandidatesCommand::LivePlacement
{
public:
    explicit ConnectedPlacement(PlacementConnection connection) : m_connection(std::move(connection)) {}

    std::optional<QList<ProviderData>> providers(const Console &console, int &exitCode) override
    {
        PlacementSource source(m_connection);
        const std::unique_ptr<SourceOperation> pull(source.load(QString()));
        waitFor(*pull, console, QStringLiteral("pull"));
        ProviderTree tree;
        const Status status = pull->status().ok() ? tree.replaceAll(pull->loaded().providers) : pull->status();
        for (const Problem &problem : status.errors())
            console.err << "provtree candidates: " << problem.toString() << '\n';
        if (!status.ok()) {
            exitCode = kExitUnreadable;
            return std::nullopt;
        }
        return tree.allData();
    }

    // GET /allocation_candidates?QUERY at 1.39 (the semantics CandidateSearch follows),
    // waited for in a local event loop.
    std::optional<CandidatesCommand::PlacementAnswer> answer(const CandidateRequest &request,
                                                             const CandidateResult &ours,
                                                             const Console &console) override
    {
        PlacementClient client(m_connection);
        client.setMicroversionMinor(PlacementClient::kNewestMinor);
        QEventLoop loop;
        PlacementResponse response;
        client.send({"GET", QStringLiteral("/allocation_candidates?") + toCandidateQuery(request), std::nullopt},
                    &loop, [&](const PlacementResponse &reply) {
                        response = reply;
                        loop.quit();
                    });
        loop.exec();
        if (!response.ok()) {
            console.err << "provtree candidates: Placement did not answer the request: " << response.problem.text()
                        << '\n';
            return std::nullopt;
        }
        const Result<CandidateResult> theirs = candidateResultFromPlacementJson(response.body.object());
        if (!theirs.ok()) {
            console.err << "provtree candidates: Placement's answer is not GET /allocation_candidates's shape: "
                        << theirs.status().firstError().text() << '\n';
            return std::nullopt;
        }
        CandidatesCommand::PlacementAnswer live;
        live.body = response.body.object();
        live.same = sameCandidates(ours, theirs.value(), &live.firstDifference);
        return live;
    }

private:
    PlacementConnection m_connection;
};

} // namespace

std::unique_ptr<CandidatesCommand::LivePlacement>
LiveCandidatesCommand::connectLive(const QCommandLineParser &parser, const Console &console, int &exitCode) const
{
    std::optional<PlacementConnection> connection = connectToPlacement(parser, console, exitCode);
    if (!connection)
        return nullptr;
    return std::make_unique<ConnectedPlacement>(std::move(*connection));
}

} // namespace provtree::cli
