#include "difffilterproxymodel.h"

#include "diffmodel.h"

namespace provtree {

DiffFilterProxyModel::DiffFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true); // keeps the ancestors of what matches
}

DiffFilterProxyModel::~DiffFilterProxyModel() = default;

void DiffFilterProxyModel::setOnlyDifferences(bool only)
{
    if (m_onlyDifferences == only)
        return;
    refilter([&] { m_onlyDifferences = only; });
}

void DiffFilterProxyModel::setStatusFilter(std::optional<DiffStatus> status)
{
    if (m_status == status)
        return;
    refilter([&] { m_status = status; });
}

void DiffFilterProxyModel::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (m_text == trimmed)
        return;
    refilter([&] { m_text = trimmed; });
}

void DiffFilterProxyModel::refilter(const std::function<void()> &change)
{
    // A reset, not invalidateRowsFilter(): a filter that hides thousands of rows of a big
    // tree would remove them run by run, and a tree view lays itself out again for each
    // (seconds at 10,000 providers); after a reset it lays out once. The proxy's mapping is
    // rebuilt on its own modelReset.
    beginResetModel();
    change();
    endResetModel();
    emit filtersChanged();
}

bool DiffFilterProxyModel::matches(const QModelIndex &sourceIndex) const
{
    const auto status = DiffStatus(sourceIndex.data(DiffModel::StatusRole).toInt());
    if (m_onlyDifferences && status == DiffStatus::Unchanged)
        return false;
    if (m_status && status != *m_status)
        return false;
    if (m_text.isEmpty())
        return true;
    const QModelIndex name = sourceIndex.siblingAtColumn(DiffModel::NameColumn);
    return name.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive)
           || sourceIndex.data(DiffModel::UuidRole).toString().contains(m_text, Qt::CaseInsensitive);
}

bool DiffFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    if (isFiltering() || !sourceModel())
        return QSortFilterProxyModel::hasChildren(parent);
    const QModelIndex source = mapToSource(parent);
    return (!parent.isValid() || source.isValid()) && sourceModel()->hasChildren(source);
}

int DiffFilterProxyModel::matchCount() const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source)
        return 0;
    int count = 0;
    // An explicit stack: merged trees can be deep.
    QList<QModelIndex> stack = {QModelIndex()};
    while (!stack.isEmpty()) {
        const QModelIndex parent = stack.takeLast();
        const int rows = source->rowCount(parent);
        for (int row = 0; row < rows; ++row) {
            const QModelIndex index = source->index(row, 0, parent);
            count += matches(index) ? 1 : 0;
            stack.append(index);
        }
    }
    return count;
}

bool DiffFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return matches(sourceModel()->index(sourceRow, 0, sourceParent));
}

} // namespace provtree
