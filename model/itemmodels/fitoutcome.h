#pragma once

#include "candidateexplainer.h"
#include "candidateexplanation.h"
#include "candidaterequest.h"
#include "candidateresult.h"
#include "providerdata.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace provtree {

// What "Will it fit?" shows for one request on one state of the tree: the candidates'
// count, every root fitting or rejected with its first obstacle, and the rows the panel
// lists, prepared so that the GUI thread only swaps them in. Computed on a worker thread
// (evaluateFit()), then shared read-only (std::shared_ptr<const FitOutcome>) with the
// GUI thread's models; a plain value.
struct FitOutcome
{
    // One root of the tree as the panel lists it.
    struct Row
    {
        QString uuid;
        QString name;    // as the tree has it (views show it like the main tree does)
        QString sortKey; // naturalSortKey(name)
        bool fits = false;
        bool sharing = false;
        qsizetype rejection = -1; // in explanation.rejections, or -1 when it fits
        QString groupKey;         // fitGroupKey() of its group
    };

    quint64 sequence = 0; // the tree's state evaluated (ProviderTree::Snapshot::sequence)
    CandidateRequest request;
    qsizetype allocationRequests = 0; // in CandidateSearch::find()'s answer
    QList<PlacementQuirk> quirks;
    CandidateExplanation explanation;
    QList<Row> rows;                 // every root, in the tree's natural name order
    QHash<QString, qsizetype> rowOf; // root uuid -> row

    [[nodiscard]] bool fits(const QString &root) const;
    // The root's rejection, or null (it fits, or it is not a root of the evaluated state).
    [[nodiscard]] const TreeRejection *rejection(const QString &root) const;
};

// The key the panel filters its list by: kFitGroupKey for the fitting trees, otherwise one
// per RejectionGroup (its label, and whether it counts sharing providers).
inline const QString kFitGroupKey = QStringLiteral("fit");
[[nodiscard]] QString fitGroupKey(const RejectionGroup &group);
[[nodiscard]] QString fitGroupKey(const TreeRejection &rejection);

// Evaluates `request` on the snapshot `providers` (the one `explainer` was built from).
// Pure; callable from any thread.
[[nodiscard]] FitOutcome evaluateFit(const CandidateExplainer &explainer, const QList<ProviderData> &providers,
                                     quint64 sequence, const CandidateRequest &request);

// The resource classes and traits the snapshot's providers have, sorted, for completing a
// request. Pure; callable from any thread.
[[nodiscard]] QStringList fitVocabulary(const QList<ProviderData> &providers);

} // namespace provtree
