#pragma once

#include "candidateexplanation.h"
#include "candidateindex.h"
#include "candidaterequest.h"
#include "groupcandidates.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace provtree::candidates {

// The internals of CandidateExplainer::explain(): why one anchor tree has no candidate.
// One TreeAnalyst per explain() call (it keeps scratch buffers and, once a tree gets that
// far, the search's own per-group candidates); the index is only read.

// A request group with its names kept beside their index ids (-1: no provider has it), so
// that an obstacle can name what the snapshot does not know. Required any-of sets and
// member_of lists leave out what the group forbids (TreeAnalyst's constructor says why).
struct ExplainGroup
{
    int position = 0; // in CandidateRequest::groups
    QString suffix;
    bool granular = false;
    std::vector<int> classes; // in the request's order (by name)
    QStringList classNames;
    std::vector<qint64> amounts;
    std::vector<std::vector<int>> required;
    QList<QStringList> requiredNames;
    std::vector<int> forbidden;
    QStringList forbiddenNames;
    std::vector<std::vector<int>> memberOf;
    QList<QStringList> memberOfNames;
    std::vector<int> forbiddenAggregates;
    QStringList forbiddenAggregateNames;
    QString inTree;        // as the request wrote it
    int inTreeRoot = -1;   // its tree; -1 without in_tree or when inTreeUnknown
    bool inTreeUnknown = false;
    // The group forbids MISC_SHARES_VIA_AGGREGATE: sharing providers of other trees can never
    // serve it, so they are not looked at (the tree's own providers are).
    bool forbidsSharing = false;
};

class TreeAnalyst
{
public:
    // `sharingFor[root]`: the sharing providers of other trees whose aggregates reach the
    // tree of `root` (Placement's anchors_for_sharing_providers, inverted), in index order.
    TreeAnalyst(const CandidateIndex &index, const std::vector<std::vector<int>> &sharingFor,
                const CandidateRequest &request);

    // The first obstacle of the tree of `root` (uuids and numbers filled in, text and label
    // not), or nothing when at least one allocation request is anchored there.
    [[nodiscard]] std::optional<TreeRejection> analyse(int root);

private:
    // A provider's progress through one group's checks: the index of the first check it
    // fails, or kPass.
    static constexpr int kPass = 1 << 30;

    bool rootFilter(int root, TreeRejection &out) const;
    bool granularGroup(const ExplainGroup &group, int root, TreeRejection &out);
    bool unsuffixedGroup(const ExplainGroup &group, int root, TreeRejection &out);
    bool unsuffixedTraits(const ExplainGroup &group, int root, TreeRejection &out);
    bool combination(int root, TreeRejection &out);
    void explainIsolate(TreeRejection &out) const;

    [[nodiscard]] int granularProgress(const ExplainGroup &group, int provider, TreeRejection *why) const;
    [[nodiscard]] int unsuffixedProgress(const ExplainGroup &group, size_t klass, int provider, int root,
                                         TreeRejection *why) const;
    [[nodiscard]] int commonChecks(const ExplainGroup &group, int provider, int root, bool viaRoot, int at,
                                   TreeRejection *why) const;
    // The providers that may serve `group` in the tree of `root`: the root, its other
    // providers, then the sharing providers of other trees that reach it.
    [[nodiscard]] const std::vector<int> &considered(const ExplainGroup &group, int root);
    void ensureSearch();

    const CandidateIndex &m_index;
    const std::vector<std::vector<int>> &m_sharingFor;
    const CandidateRequest &m_request;
    std::vector<ExplainGroup> m_groups;
    std::vector<int> m_rootRequired, m_rootForbidden; // -1: no provider has it
    int m_granularCount = 0;

    std::vector<int> m_considered;
    int m_consideredRoot = -1;
    bool m_consideredSharing = false;
    std::vector<std::vector<int>> m_nominees; // per class of the unsuffixed group being analysed

    // The search's own per-group candidates, built when a tree first reaches the combination.
    bool m_searchReady = false;
    std::vector<ResolvedGroup> m_resolved;
    std::vector<GroupNominees> m_groupNominees;
    std::vector<CandidateSet> m_sets;
    ExpandScratch m_scratch;
};

} // namespace provtree::candidates
