#include "fidelityprobe.h"

#include "candidatejson.h"
#include "candidaterequestgenerator.h"
#include "candidatesearch.h"
#include "candidaterequestparser.h"

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

QString quirkNames(const QList<PlacementQuirk> &quirks)
{
    QStringList names;
    for (const PlacementQuirk quirk : quirks) {
        switch (quirk) {
        case PlacementQuirk::AccumulatedAmounts:
            names.append(QStringLiteral("AccumulatedAmounts"));
            break;
        case PlacementQuirk::OneAnchorForSharedOnly:
            names.append(QStringLiteral("OneAnchorForSharedOnly"));
            break;
        case PlacementQuirk::NestedSharingProvider:
            names.append(QStringLiteral("NestedSharingProvider"));
            break;
        }
    }
    return names.join(QStringLiteral(", "));
}

namespace {

// `inflated` is `request` with some amounts made larger (AccumulatedAmounts).
bool isInflated(const AllocationRequest &inflated, const AllocationRequest &request)
{
    if (inflated.mappings != request.mappings || inflated.allocations.keys() != request.allocations.keys())
        return false;
    for (auto provider = request.allocations.cbegin(); provider != request.allocations.cend(); ++provider) {
        const QMap<QString, qint64> &theirs = inflated.allocations.value(provider.key());
        if (theirs.keys() != provider->keys())
            return false;
        for (auto amount = provider->cbegin(); amount != provider->cend(); ++amount) {
            if (theirs.value(amount.key()) < amount.value())
                return false;
        }
    }
    return true;
}

// Whether Placement's answer differs from provtree's only as the named defects make it differ.
bool hasTheDefectsShape(const PlacementResponse &placement, const CandidateResult *theirs, const CandidateResult &ours)
{
    const QList<PlacementQuirk> &quirks = ours.placementQuirks;
    if (quirks.isEmpty())
        return false;
    if (placement.status != 200)
        return placement.status == 500 && quirks.contains(PlacementQuirk::NestedSharingProvider);
    if (!theirs)
        return false;
    const bool accumulates = quirks.contains(PlacementQuirk::AccumulatedAmounts);
    for (const AllocationRequest &request : theirs->allocationRequests) {
        const bool known = ours.allocationRequests.contains(request)
                           || (accumulates && std::any_of(ours.allocationRequests.cbegin(), ours.allocationRequests.cend(),
                                                          [&](const AllocationRequest &own) { return isInflated(request, own); }));
        if (!known)
            return false;
    }
    for (auto summary = theirs->providerSummaries.cbegin(); summary != theirs->providerSummaries.cend(); ++summary) {
        if (ours.providerSummaries.value(summary.key()) != summary.value())
            return false;
    }
    return true;
}

} // namespace

AnswerComparison compareAnswers(const PlacementResponse &placement, const CandidateResult &ours)
{
    AnswerComparison comparison;
    const qsizetype oursCount = ours.allocationRequests.size();
    std::optional<CandidateResult> theirs;
    if (placement.status != 200) {
        comparison.difference = QStringLiteral("Placement answered HTTP %1 (%2); provtree found %3 allocation requests")
                                    .arg(QString::number(placement.status), placement.problem.toString(),
                                         QString::number(oursCount));
    } else {
        const Result<CandidateResult> read = candidateResultFromPlacementJson(placement.body.object());
        if (!read.ok()) {
            comparison.difference =
                QStringLiteral("Placement's answer does not read: %1").arg(read.status().firstError().toString());
            return comparison;
        }
        theirs = read.value();
        comparison.placementFoundCandidates = !theirs->allocationRequests.isEmpty();
        QString difference;
        comparison.agreed = sameCandidates(ours, *theirs, &difference);
        if (comparison.agreed)
            return comparison;
        comparison.difference =
            QStringLiteral("provtree: %1 allocation requests, %2 summaries; Placement: %3, %4; first difference: %5")
                .arg(QString::number(oursCount), QString::number(ours.providerSummaries.size()),
                     QString::number(theirs->allocationRequests.size()),
                     QString::number(theirs->providerSummaries.size()), difference);
    }
    comparison.placementDefect = hasTheDefectsShape(placement, theirs ? &*theirs : nullptr, ours);
    comparison.quirks = quirkNames(ours.placementQuirks);
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
        const QString query = toCandidateQuery(request);
        const PlacementResponse answer =
            sendAndWait(m_reader, {"GET", QStringLiteral("/allocation_candidates?") + query, std::nullopt});
        const CandidateResult ours = CandidateSearch(providers).find(request);
        const AnswerComparison comparison = compareAnswers(answer, ours);
        if (!comparison.agreed && !comparison.placementDefect) {
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
    // the request, then subtrees, then each provider's parts; twice, as a part dropped late
    // can make a tree that had to stay droppable.
    for (int round = 0; round < 2 && current.probes < maxProbes; ++round) {
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
            // Copies: a successful try replaces current.providers.
            const QStringList traits = current.providers.at(i).traits;
            for (const QString &trait : traits) {
                candidate = current.providers;
                candidate[i].traits.removeOne(trait);
                tryProviders(current, candidate, maxProbes);
            }
            const QStringList aggregates = current.providers.at(i).aggregates;
            for (const QString &aggregate : aggregates) {
                candidate = current.providers;
                candidate[i].aggregates.removeOne(aggregate);
                tryProviders(current, candidate, maxProbes);
            }
        }
    }
    return current;
}

} // namespace provtree::testsupport
