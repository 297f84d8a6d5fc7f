#include "fidelityprobe.h"

#include "candidatejson.h"
#include "candidaterequestgenerator.h"
#include "candidatesearch.h"
#include "fidelityquery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace provtree::testsupport {

namespace {

// `providers` without `uuid` and everything below it.
QList<ProviderData> without(const QList<ProviderData> &providers, const QString &uuid)
{
    QSet<QString> gone{uuid};
    QList<ProviderData> out;
    for (const ProviderData &provider : providers) { // top-down: a parent is seen first
        if (gone.contains(provider.uuid) || gone.contains(provider.parentUuid))
            gone.insert(provider.uuid);
        else
            out.append(provider);
    }
    return out;
}

// Every request one step smaller than `request` (a group, a trait, an aggregate, in_tree, a
// root trait, a same_subtree set or a resource class less).
QList<CandidateRequest> smallerRequests(const CandidateRequest &request)
{
    QList<CandidateRequest> out;
    const auto add = [&](CandidateRequest smaller) {
        CandidateRequestGenerator::makeValid(smaller);
        if (smaller != request && !out.contains(smaller))
            out.append(smaller);
    };
    for (qsizetype g = 0; g < request.groups.size(); ++g) {
        CandidateRequest r = request;
        r.groups.removeAt(g);
        add(r);
        const RequestGroup &group = request.groups.at(g);
        for (qsizetype i = 0; i < group.requiredTraits.size(); ++i) {
            r = request;
            r.groups[g].requiredTraits.removeAt(i);
            add(r);
        }
        for (qsizetype i = 0; i < group.forbiddenTraits.size(); ++i) {
            r = request;
            r.groups[g].forbiddenTraits.removeAt(i);
            add(r);
        }
        for (qsizetype i = 0; i < group.memberOf.size(); ++i) {
            r = request;
            r.groups[g].memberOf.removeAt(i);
            add(r);
        }
        for (qsizetype i = 0; i < group.forbiddenAggregates.size(); ++i) {
            r = request;
            r.groups[g].forbiddenAggregates.removeAt(i);
            add(r);
        }
        if (!group.inTree.isEmpty()) {
            r = request;
            r.groups[g].inTree.clear();
            add(r);
        }
        if (group.resources.size() > 1) {
            for (auto it = group.resources.cbegin(); it != group.resources.cend(); ++it) {
                r = request;
                r.groups[g].resources.remove(it.key());
                add(r);
            }
        }
    }
    for (qsizetype i = 0; i < request.rootRequired.size(); ++i) {
        CandidateRequest r = request;
        r.rootRequired.removeAt(i);
        add(r);
    }
    for (qsizetype i = 0; i < request.rootForbidden.size(); ++i) {
        CandidateRequest r = request;
        r.rootForbidden.removeAt(i);
        add(r);
    }
    for (qsizetype i = 0; i < request.sameSubtrees.size(); ++i) {
        CandidateRequest r = request;
        r.sameSubtrees.removeAt(i);
        add(r);
    }
    return out;
}

} // namespace

AnswerComparison compareAnswers(const PlacementResponse &placement, const CandidateResult &ours)
{
    AnswerComparison comparison;
    const qsizetype oursCount = ours.allocationRequests.size();
    if (placement.status != 200) {
        comparison.difference = QStringLiteral("Placement answered HTTP %1 (%2); provtree found %3 allocation requests")
                                    .arg(QString::number(placement.status), placement.problem.toString(),
                                         QString::number(oursCount));
        return comparison;
    }
    const Result<CandidateResult> theirs = candidateResultFromPlacementJson(placement.body.object());
    if (!theirs.ok()) {
        comparison.difference =
            QStringLiteral("Placement's answer does not read: %1").arg(theirs.status().firstError().toString());
        return comparison;
    }
    comparison.placementFoundCandidates = !theirs.value().allocationRequests.isEmpty();
    QString difference;
    comparison.agreed = sameCandidates(ours, theirs.value(), &difference);
    if (!comparison.agreed) {
        comparison.difference =
            QStringLiteral("provtree: %1 allocation requests, %2 summaries; Placement: %3, %4; first difference: %5")
                .arg(QString::number(oursCount), QString::number(ours.providerSummaries.size()),
                     QString::number(theirs.value().allocationRequests.size()),
                     QString::number(theirs.value().providerSummaries.size()), difference);
    }
    return comparison;
}

DisagreementMinimiser::DisagreementMinimiser(PlacementLoader &loader, PlacementClient &reader, CandidateForest forest)
    : m_loader(loader), m_reader(reader), m_forest(std::move(forest))
{
}

std::optional<QString> DisagreementMinimiser::probe(const QList<ProviderData> &providers,
                                                    const CandidateRequest &request, Reproduction *answers)
{
    CandidateForest forest = m_forest;
    forest.providers = providers;
    const LoadOutcome loaded = m_loader.load(forest, LoadMethod::Bulk);
    std::optional<QString> difference;
    if (loaded.ok()) {
        const QString query = fidelityQuery(request);
        const PlacementResponse answer =
            sendAndWait(m_reader, {"GET", QStringLiteral("/allocation_candidates?") + query, std::nullopt});
        const CandidateResult ours = CandidateSearch(providers).find(request);
        const AnswerComparison comparison = compareAnswers(answer, ours);
        if (!comparison.agreed) {
            difference = comparison.difference;
            answers->query = query;
            answers->placementAnswer = answer.body.toJson(QJsonDocument::Compact);
            answers->provtreeAnswer = QJsonDocument(toPlacementJson(ours)).toJson(QJsonDocument::Compact);
        }
    } else {
        qWarning("minimiser: the load failed: %s", qPrintable(loaded.error));
    }
    const LoadOutcome wiped = m_loader.wipe(forest);
    if (!wiped.ok())
        qWarning("minimiser: the wipe failed: %s", qPrintable(wiped.error));
    return difference;
}

bool DisagreementMinimiser::tryProviders(Reproduction &current, const QList<ProviderData> &candidate, int maxProbes)
{
    if (current.probes >= maxProbes || candidate == current.providers)
        return false;
    ++current.probes;
    Reproduction answers = current;
    const std::optional<QString> difference = probe(candidate, current.request, &answers);
    if (!difference)
        return false;
    current = answers;
    current.providers = candidate;
    current.difference = *difference;
    return true;
}

bool DisagreementMinimiser::tryRequest(Reproduction &current, CandidateRequest candidate, int maxProbes)
{
    if (current.probes >= maxProbes)
        return false;
    ++current.probes;
    Reproduction answers = current;
    const std::optional<QString> difference = probe(current.providers, candidate, &answers);
    if (!difference)
        return false;
    current = answers;
    current.request = std::move(candidate);
    current.difference = *difference;
    return true;
}

std::optional<Reproduction> DisagreementMinimiser::minimise(const CandidateRequest &request, int maxProbes)
{
    Reproduction current;
    current.providers = m_forest.providers;
    current.request = request;
    current.probes = 1;
    const std::optional<QString> first = probe(current.providers, request, &current);
    if (!first)
        return std::nullopt;
    current.difference = *first;

    // Whole trees (halves of them first, then quarters ..., as delta debugging does), then
    // the request, then subtrees, then each provider's parts.
    QStringList roots;
    for (const ProviderData &provider : std::as_const(current.providers)) {
        if (provider.isRoot())
            roots.append(provider.uuid);
    }
    for (qsizetype chunk = std::max<qsizetype>(1, roots.size() / 2); chunk >= 1; chunk /= 2) {
        for (qsizetype start = 0; start < roots.size();) {
            QList<ProviderData> candidate = current.providers;
            for (qsizetype i = start; i < std::min(roots.size(), start + chunk); ++i)
                candidate = without(candidate, roots.at(i));
            if (tryProviders(current, candidate, maxProbes))
                roots.remove(start, std::min(chunk, roots.size() - start));
            else
                start += chunk;
        }
        if (chunk == 1)
            break;
    }
    for (bool smaller = true; smaller && current.probes < maxProbes;) {
        smaller = false;
        for (const CandidateRequest &candidate : smallerRequests(current.request)) {
            if (tryRequest(current, candidate, maxProbes)) {
                smaller = true;
                break;
            }
        }
    }
    for (qsizetype i = current.providers.size() - 1; i >= 0; --i) {
        if (i < current.providers.size() && !current.providers.at(i).isRoot())
            tryProviders(current, without(current.providers, current.providers.at(i).uuid), maxProbes);
    }
    for (qsizetype i = 0; i < current.providers.size(); ++i) {
        QList<ProviderData> candidate = current.providers;
        if (!candidate[i].usages.isEmpty()) {
            candidate[i].usages.clear();
            tryProviders(current, candidate, maxProbes);
        }
        for (const QString &trait : current.providers.at(i).traits) {
            candidate = current.providers;
            candidate[i].traits.removeOne(trait);
            tryProviders(current, candidate, maxProbes);
        }
        for (const QString &aggregate : current.providers.at(i).aggregates) {
            candidate = current.providers;
            candidate[i].aggregates.removeOne(aggregate);
            tryProviders(current, candidate, maxProbes);
        }
    }
    return current;
}

} // namespace provtree::testsupport
