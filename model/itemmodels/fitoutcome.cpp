#include "fitoutcome.h"

#include "naturalsortkey.h"

#include <QSet>

#include <algorithm>

namespace provtree {

namespace {

QString groupKey(bool sharing, const QString &label)
{
    return (sharing ? QLatin1Char('s') : QLatin1Char('t')) + label;
}

} // namespace

bool FitOutcome::fits(const QString &root) const
{
    const qsizetype row = rowOf.value(root, -1);
    return row >= 0 && rows[row].fits;
}

const TreeRejection *FitOutcome::rejection(const QString &root) const
{
    const qsizetype row = rowOf.value(root, -1);
    if (row < 0 || rows[row].rejection < 0)
        return nullptr;
    return &explanation.rejections[rows[row].rejection];
}

QString fitGroupKey(const RejectionGroup &group)
{
    return groupKey(group.sharingRoots, group.label);
}

QString fitGroupKey(const TreeRejection &rejection)
{
    return groupKey(rejection.sharingRoot, rejection.label);
}

FitOutcome evaluateFit(const CandidateExplainer &explainer, const QList<ProviderData> &providers, quint64 sequence,
                       const CandidateRequest &request)
{
    FitOutcome outcome;
    outcome.sequence = sequence;
    outcome.request = request;
    const CandidateResult result = explainer.search().find(request);
    outcome.allocationRequests = result.allocationRequests.size();
    outcome.quirks = result.placementQuirks;
    outcome.explanation = explainer.explain(request);

    QHash<QString, qsizetype> rejectionOf;
    for (qsizetype i = 0; i < outcome.explanation.rejections.size(); ++i)
        rejectionOf.insert(outcome.explanation.rejections[i].rootUuid, i);
    const QSet<QString> fitting(outcome.explanation.fittingRoots.cbegin(), outcome.explanation.fittingRoots.cend());
    for (const ProviderData &p : providers) {
        if (!p.isRoot())
            continue;
        FitOutcome::Row row;
        row.uuid = p.uuid;
        row.name = p.name;
        row.sortKey = naturalSortKey(p.name);
        row.fits = fitting.contains(p.uuid);
        row.rejection = rejectionOf.value(p.uuid, -1);
        if (row.rejection >= 0) {
            const TreeRejection &r = outcome.explanation.rejections[row.rejection];
            row.sharing = r.sharingRoot;
            row.groupKey = fitGroupKey(r);
        } else {
            row.groupKey = kFitGroupKey;
        }
        outcome.rows.append(std::move(row));
    }
    std::sort(outcome.rows.begin(), outcome.rows.end(), [](const FitOutcome::Row &a, const FitOutcome::Row &b) {
        return a.sortKey != b.sortKey ? a.sortKey < b.sortKey : a.uuid < b.uuid;
    });
    outcome.rowOf.reserve(outcome.rows.size());
    for (qsizetype i = 0; i < outcome.rows.size(); ++i)
        outcome.rowOf.insert(outcome.rows[i].uuid, i);
    return outcome;
}

QStringList fitVocabulary(const QList<ProviderData> &providers)
{
    QSet<QString> names;
    for (const ProviderData &p : providers) {
        for (auto it = p.inventories.keyBegin(); it != p.inventories.keyEnd(); ++it)
            names.insert(*it);
        for (const QString &trait : p.traits)
            names.insert(trait);
    }
    QStringList out(names.cbegin(), names.cend());
    out.sort();
    return out;
}

} // namespace provtree
