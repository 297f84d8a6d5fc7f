#pragma once

#include "candidateforest.h"
#include "candidaterequest.h"
#include "candidateresult.h"
#include "placementclient.h"
#include "placementloader.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace provtree::testsupport {

// How one answer of Placement compares with provtree's.
struct AnswerComparison
{
    bool agreed = false;
    bool placementFoundCandidates = false;
    QString difference; // when not agreed: what differs, for people
    // When not agreed: provtree names a defect of Placement 8 that this request meets
    // (CandidateResult::placementQuirks) and Placement's answer differs from provtree's only
    // as that defect makes it differ. `quirks` names them.
    bool placementDefect = false;
    QString quirks;
};

// Compares Placement's answer to GET /allocation_candidates (status and body) with
// provtree's CandidateResult as sets (sameCandidates()). When they differ and provtree
// names Placement defects the request meets (candidateresult.h, PlacementQuirk), the
// difference counts as Placement's only if it has the defects' shape: a 500 only with
// NestedSharingProvider; otherwise every allocation request of Placement's is provtree's
// own, or (AccumulatedAmounts) one of provtree's with the same providers and mappings and
// larger amounts, and every provider summary of Placement's is provtree's (the defects drop
// combinations and inflate amounts; they never invent providers). Thread-safe.
[[nodiscard]] AnswerComparison compareAnswers(const PlacementResponse &placement, const CandidateResult &ours);

// The names of `quirks`, for messages ("AccumulatedAmounts, OneAnchorForSharedOnly").
[[nodiscard]] QString quirkNames(const QList<PlacementQuirk> &quirks);

// A disagreement made small: the fewest providers and request parameters that still make
// Placement and provtree answer differently, with both answers.
struct Reproduction
{
    QList<ProviderData> providers;
    CandidateRequest request;
    QString query;
    QString difference;
    QByteArray placementAnswer; // Placement's body, compact JSON
    QByteArray provtreeAnswer;  // provtree's answer in Placement's shape
    int probes = 0;             // loads and requests it took
};

// Shrinks a disagreement between provtree and a live Placement, greedily: it drops whole
// trees, then request parameters (groups, traits, aggregates, in_tree, root traits,
// same_subtree sets, resource classes), then subtrees, then each provider's usages, traits
// and aggregates, keeping each step only if the answers still differ. Each probe writes the
// candidate forest into the empty Placement, asks, compares and wipes it again (a few
// requests per provider). Test code: blocks; call it from the thread of `reader`.
class DisagreementMinimiser
{
public:
    // `forest`: the forest of the disagreement (its custom traits and classes are created
    // by each load); `reader`: a client of the same Placement as `loader`.
    DisagreementMinimiser(PlacementLoader &loader, PlacementClient &reader, CandidateForest forest);

    // Nullopt when the answers agree (at the first probe already, or a load failed).
    [[nodiscard]] std::optional<Reproduction> minimise(const CandidateRequest &request, int maxProbes = 200);

private:
    // The difference for `providers` and `request`, or nullopt when they agree; fills the
    // answers of the reproduction.
    [[nodiscard]] std::optional<QString> probe(const QList<ProviderData> &providers, const CandidateRequest &request,
                                               Reproduction *answers);
    bool tryProviders(Reproduction &current, const QList<ProviderData> &candidate, int maxProbes);
    bool tryRequest(Reproduction &current, CandidateRequest candidate, int maxProbes);

    PlacementLoader &m_loader;
    PlacementClient &m_reader;
    CandidateForest m_forest;
};

} // namespace provtree::testsupport
