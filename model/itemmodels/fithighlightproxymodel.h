#pragma once

#include "fitoutcome.h"

#include <QColor>
#include <QIdentityProxyModel>

#include <memory>

namespace provtree {

// Marks the trees of "Will it fit?" in the main tree: over a model with ProviderTreeModel's
// UuidRole, each top-level row (a tree's root) of a tree that fits gets a light green
// background (Qt::BackgroundRole, every column), and every root row says in FitRole
// whether its tree fits, in FitReasonRole why not, and in its name's tooltip both, before
// the source's tooltip. Rows below the roots and everything else pass through unchanged;
// the columns and rows are the source's, so the proxy can sit anywhere in a chain.
//
// setOutcome() changes only data: a dataChanged per run of adjacent root rows whose mark
// changed (after an edit usually a few rows), or past kMaxRuns runs one from the first to
// the last, naming the roles above, none of which a filter or sort above it reads.
// GUI-thread object.
class FitHighlightProxyModel : public QIdentityProxyModel
{
    Q_OBJECT

public:
    enum Role {
        FitRole = Qt::UserRole + 64, // int (Fit), on every column of a root row
        FitReasonRole,               // QString: TreeRejection::text; empty unless Rejected
    };
    enum Fit { NotEvaluated = 0, Fits = 1, Rejected = 2 };
    static constexpr size_t kMaxRuns = 16;

    explicit FitHighlightProxyModel(QObject *parent = nullptr);
    ~FitHighlightProxyModel() override;

    // What to mark; nullptr marks nothing. Roots the outcome does not know (added since
    // it was computed) are NotEvaluated.
    void setOutcome(std::shared_ptr<const FitOutcome> outcome);
    [[nodiscard]] const std::shared_ptr<const FitOutcome> &outcome() const { return m_outcome; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The background of a fitting tree (also used by the panel's list).
    [[nodiscard]] static QColor fitColour();

private:
    [[nodiscard]] Fit fitOf(const QModelIndex &index, const TreeRejection **rejection) const;

    std::shared_ptr<const FitOutcome> m_outcome;
};

} // namespace provtree
