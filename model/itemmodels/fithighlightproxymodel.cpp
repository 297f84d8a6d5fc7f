#include "fithighlightproxymodel.h"

#include "providertreemodel.h"

#include <QColor>

#include <vector>

namespace provtree {

FitHighlightProxyModel::FitHighlightProxyModel(QObject *parent) : QIdentityProxyModel(parent) {}

FitHighlightProxyModel::~FitHighlightProxyModel() = default;

QColor FitHighlightProxyModel::fitColour()
{
    return QColor(0xd8, 0xf0, 0xd4); // light green: readable with black text and selection
}

void FitHighlightProxyModel::setOutcome(std::shared_ptr<const FitOutcome> outcome)
{
    if (outcome == m_outcome)
        return;
    // What each root row shows now, to name only the rows whose mark changes: after an edit
    // of the tree, a few; after a new request, the trees whose answer differs.
    const int rows = rowCount();
    std::vector<std::pair<Fit, QString>> before(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        const TreeRejection *rejection = nullptr;
        before[size_t(row)].first = fitOf(index(row, 0), &rejection);
        before[size_t(row)].second = rejection ? rejection->text : QString();
    }
    m_outcome = std::move(outcome);
    std::vector<std::pair<int, int>> runs; // of adjacent changed rows
    for (int row = 0; row < rows; ++row) {
        const TreeRejection *rejection = nullptr;
        const Fit fit = fitOf(index(row, 0), &rejection);
        if (fit == before[size_t(row)].first && (rejection ? rejection->text : QString()) == before[size_t(row)].second)
            continue;
        if (!runs.empty() && runs.back().second == row - 1)
            runs.back().second = row;
        else
            runs.emplace_back(row, row);
    }
    if (runs.empty())
        return;
    // Many scattered runs (a new request): one signal from the first to the last costs a
    // proxy above less than one per run.
    if (runs.size() > kMaxRuns)
        runs = {{runs.front().first, runs.back().second}};
    const QList<int> roles{Qt::BackgroundRole, Qt::ToolTipRole, FitRole, FitReasonRole};
    for (const auto &[first, last] : runs)
        emit dataChanged(index(first, 0), index(last, columnCount() - 1), roles);
}

FitHighlightProxyModel::Fit FitHighlightProxyModel::fitOf(const QModelIndex &index,
                                                          const TreeRejection **rejection) const
{
    *rejection = nullptr;
    if (!m_outcome || index.parent().isValid())
        return NotEvaluated;
    const QString uuid = index.data(ProviderTreeModel::UuidRole).toString();
    if (m_outcome->fits(uuid))
        return Fits;
    *rejection = m_outcome->rejection(uuid);
    return *rejection ? Rejected : NotEvaluated;
}

QVariant FitHighlightProxyModel::data(const QModelIndex &index, int role) const
{
    if (role != Qt::BackgroundRole && role != Qt::ToolTipRole && role != FitRole && role != FitReasonRole)
        return QIdentityProxyModel::data(index, role);
    const TreeRejection *rejection = nullptr;
    const Fit fit = fitOf(index, &rejection);
    switch (role) {
    case FitRole:
        return int(fit);
    case FitReasonRole:
        return rejection ? rejection->text : QString();
    case Qt::BackgroundRole:
        return fit == Fits ? QVariant(fitColour()) : QIdentityProxyModel::data(index, role);
    default: // Qt::ToolTipRole
        break;
    }
    const QVariant source = QIdentityProxyModel::data(index, role);
    if (fit == NotEvaluated || index.column() != ProviderTreeModel::NameColumn)
        return source;
    const QString line = fit == Fits ? tr("Will it fit? This tree fits the request.")
                                     : tr("Will it fit? Not this tree: %1").arg(rejection->text);
    return source.toString().isEmpty() ? line : line + QStringLiteral("\n\n") + source.toString();
}

} // namespace provtree
