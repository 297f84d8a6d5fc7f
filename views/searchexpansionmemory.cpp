#include "searchexpansionmemory.h"

#include "providertreemodel.h"

#include <QAbstractProxyModel>
#include <QTreeView>

#include <vector>

namespace provtree {

SearchExpansionMemory::SearchExpansionMemory(QTreeView &view, QObject *parent) : QObject(parent), m_view(view) {}

SearchExpansionMemory::~SearchExpansionMemory() = default;

void SearchExpansionMemory::remember()
{
    m_expanded.clear();
    forEachExpandedRow([this](const QModelIndex &row) {
        m_expanded.insert(row.data(ProviderTreeModel::UuidRole).toString());
    });
    m_remembering = true;
}

void SearchExpansionMemory::noteExpanded(const QModelIndex &index)
{
    if (!m_remembering)
        return;
    // The user saw it through its ancestors, which the search may have opened.
    for (QModelIndex row = index; row.isValid(); row = row.parent())
        m_expanded.insert(row.data(ProviderTreeModel::UuidRole).toString());
}

void SearchExpansionMemory::noteCollapsed(const QModelIndex &index)
{
    if (m_remembering)
        m_expanded.remove(index.data(ProviderTreeModel::UuidRole).toString());
}

void SearchExpansionMemory::noteSearchRows()
{
    m_openInSearch.clear();
    if (!m_remembering)
        return;
    forEachExpandedRow([this](const QModelIndex &row) {
        const QString uuid = row.data(ProviderTreeModel::UuidRole).toString();
        if (!m_expanded.contains(uuid))
            m_openInSearch.append(uuid);
    });
}

bool SearchExpansionMemory::restore()
{
    if (!m_remembering)
        return false;
    m_remembering = false;
    // First what is open and should not be (what the search opened), then what should.
    for (const QString &uuid : std::as_const(m_openInSearch)) {
        const QModelIndex row = shownIndex(uuid);
        if (row.isValid())
            m_view.collapse(row);
    }
    m_openInSearch.clear();
    for (const QString &uuid : std::as_const(m_expanded)) {
        const QModelIndex row = shownIndex(uuid);
        if (row.isValid())
            m_view.expand(row);
    }
    m_expanded.clear();
    return true;
}

void SearchExpansionMemory::forget()
{
    m_expanded.clear();
    m_openInSearch.clear();
    m_remembering = false;
}

void SearchExpansionMemory::forEachExpandedRow(const std::function<void(const QModelIndex &)> &visit) const
{
    const QAbstractItemModel *model = m_view.model();
    if (!model)
        return;
    std::vector<QModelIndex> pending{QModelIndex()};
    while (!pending.empty()) {
        const QModelIndex parent = pending.back();
        pending.pop_back();
        for (int row = model->rowCount(parent) - 1; row >= 0; --row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (!m_view.isExpanded(index))
                continue;
            visit(index);
            pending.push_back(index);
        }
    }
}

QModelIndex SearchExpansionMemory::shownIndex(const QString &uuid) const
{
    QList<const QAbstractProxyModel *> between;
    const ProviderTreeModel *tree = providerTreeModelBelow(m_view.model(), &between);
    if (!tree)
        return {};
    QModelIndex index = tree->indexForUuid(uuid);
    for (const QAbstractProxyModel *proxy : std::as_const(between))
        index = proxy->mapFromSource(index);
    return index;
}

} // namespace provtree
