#include "fitreasonsmodel.h"

#include "fithighlightproxymodel.h"

#include <QLocale>

namespace provtree {

FitReasonsModel::FitReasonsModel(QObject *parent) : QAbstractListModel(parent) {}

FitReasonsModel::~FitReasonsModel() = default;

void FitReasonsModel::setOutcome(std::shared_ptr<const FitOutcome> outcome)
{
    beginResetModel();
    m_lines.clear();
    if (outcome) {
        const QLocale locale;
        const auto number = [&locale](qsizetype n) { return locale.toString(qlonglong(n)); };
        const qsizetype all = outcome->rows.size();
        m_lines.append({all == 1 ? tr("All 1 tree") : tr("All %1 trees").arg(number(all)), QString(), all});
        const qsizetype fit = outcome->explanation.fittingRoots.size();
        m_lines.append({fit == 1 ? tr("1 tree fits") : tr("%1 trees fit").arg(number(fit)), kFitGroupKey, fit});
        for (const RejectionGroup &group : outcome->explanation.groups) {
            const qsizetype n = group.rootUuids.size();
            const QString what = group.sharingRoots ? (n == 1 ? tr("sharing provider") : tr("sharing providers"))
                                                    : (n == 1 ? tr("tree") : tr("trees"));
            // The label is neutralised text: one argument, nothing substituted into it.
            m_lines.append({tr("%1 %2: %3").arg(number(n), what, group.label), fitGroupKey(group), n});
        }
    }
    endResetModel();
}

int FitReasonsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant FitReasonsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &line = m_lines[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return line.text;
    case Qt::BackgroundRole:
        return line.key == kFitGroupKey && line.count > 0 ? QVariant(FitHighlightProxyModel::fitColour()) : QVariant();
    case GroupKeyRole:
        return line.key;
    case CountRole:
        return qlonglong(line.count);
    default:
        return {};
    }
}

} // namespace provtree
