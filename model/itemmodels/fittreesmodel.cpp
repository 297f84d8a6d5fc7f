#include "fittreesmodel.h"

#include "fithighlightproxymodel.h"

namespace provtree {

FitTreesModel::FitTreesModel(QObject *parent) : QAbstractTableModel(parent) {}

FitTreesModel::~FitTreesModel() = default;

void FitTreesModel::setOutcome(std::shared_ptr<const FitOutcome> outcome)
{
    beginResetModel();
    m_outcome = std::move(outcome);
    endResetModel();
}

int FitTreesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_outcome ? 0 : int(m_outcome->rows.size());
}

int FitTreesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FitTreesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FitOutcome::Row &row = m_outcome->rows[index.row()];
    const TreeRejection *rejection =
        row.rejection >= 0 ? &m_outcome->explanation.rejections[row.rejection] : nullptr;
    const auto text = [&]() -> QString {
        switch (index.column()) {
        case TreeColumn:
            return row.name;
        case ResultColumn:
            if (!rejection)
                return tr("fits");
            return row.sharing ? tr("%1 (sharing provider)").arg(rejection->label) : rejection->label;
        default:
            return rejection ? rejection->text : QString();
        }
    };
    switch (role) {
    case Qt::DisplayRole:
        return text();
    case Qt::ToolTipRole:
        return index.column() == TreeColumn ? QVariant() : QVariant(text());
    case Qt::BackgroundRole:
        return row.fits ? QVariant(FitHighlightProxyModel::fitColour()) : QVariant();
    case UuidRole:
        return row.uuid;
    case GroupKeyRole:
        return row.groupKey;
    case SortRole:
        return sortText(index.row(), index.column());
    default:
        return {};
    }
}

QString FitTreesModel::sortText(int row, int column) const
{
    const FitOutcome::Row &r = m_outcome->rows[row];
    if (column == TreeColumn)
        return r.sortKey;
    if (r.rejection < 0)
        return column == ResultColumn ? tr("fits") : QString();
    const TreeRejection &rejection = m_outcome->explanation.rejections[r.rejection];
    return column == ResultColumn ? rejection.label : rejection.text;
}

QVariant FitTreesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TreeColumn:
        return tr("Tree");
    case ResultColumn:
        return tr("Result");
    case ReasonColumn:
        return tr("First obstacle");
    default:
        return {};
    }
}

} // namespace provtree
