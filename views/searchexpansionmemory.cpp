#include "searchexpansionmemory.h"

#include "providerfilterproxymodel.h"
#include "providertreemodel.h"
#include "treeexpander.h"

#include <QIdentityProxyModel>
#include <QTreeView>

#include <algorithm>

namespace provtree {

SearchExpansionMemory::SearchExpansionMemory(QTreeView &view, TreeExpander &expander, QObject *parent)
    : QObject(parent), m_view(view), m_expander(expander)
{
    m_tree = providerTreeModelBelow(view.model(), &m_between);
    m_idsKept = std::all_of(m_between.cbegin(), m_between.cend(), [](const QAbstractProxyModel *proxy) {
        return qobject_cast<const QIdentityProxyModel *>(proxy) || qobject_cast<const ProviderFilterProxyModel *>(proxy);
    });
}

SearchExpansionMemory::~SearchExpansionMemory() = default;

void SearchExpansionMemory::remember()
{
    // Listed first, then hashed into a set of the right size.
    QList<quint64> expanded;
    forEachExpandedRow([&expanded](quint64 id) { expanded.append(id); });
    m_expanded = QSet<quint64>(expanded.cbegin(), expanded.cend());
    m_remembering = true;
}

void SearchExpansionMemory::noteExpanded(const QModelIndex &index)
{
    if (!m_remembering)
        return;
    // The user saw it through its ancestors, which the search may have opened.
    for (QModelIndex row = index; row.isValid(); row = row.parent())
        m_expanded.insert(idOf(row));
}

void SearchExpansionMemory::noteCollapsed(const QModelIndex &index)
{
    if (m_remembering)
        m_expanded.remove(idOf(index));
}

void SearchExpansionMemory::noteSearchRows()
{
    m_openInSearch.clear();
    if (!m_remembering)
        return;
    forEachExpandedRow([this](quint64 id) {
        if (!m_expanded.contains(id))
            m_openInSearch.append(id);
    });
}

bool SearchExpansionMemory::restore()
{
    if (!m_remembering)
        return false;
    m_remembering = false;
    // First what is open and should not be (what the search opened), then what should.
    for (const quint64 id : std::as_const(m_openInSearch)) {
        const QModelIndex row = shownIndex(id);
        if (row.isValid())
            m_view.collapse(row);
    }
    m_openInSearch.clear();
    if (m_expanded.size() <= kOpenedAtOnce) {
        for (const quint64 id : std::as_const(m_expanded)) {
            const QModelIndex row = shownIndex(id);
            if (row.isValid())
                m_view.expand(row);
        }
    } else {
        m_expander.expandWhere([this, expanded = m_expanded](const QModelIndex &row) {
            return expanded.contains(idOf(row));
        });
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

void SearchExpansionMemory::forEachExpandedRow(const std::function<void(quint64)> &visit) const
{
    const QAbstractItemModel *model = m_view.model();
    if (!m_tree || !model)
        return;
    // Down the rows the view lays out, in its order: indexBelow() reads the view's own list
    // of them, where a walk of the model asked every row through every proxy (with uuids,
    // 100,000 open rows took 106 ms that way). A row is open when the row below it is its
    // child: QTreeView::isExpanded() asked each row's flags through the proxies and looked
    // it up twice, two thirds of the walk after Expand All.
    QModelIndex row = model->index(0, 0);
    quint64 rowId = idOf(row);
    while (row.isValid()) {
        const QModelIndex below = m_view.indexBelow(row);
        const quint64 belowId = idOf(below);
        if (belowId != 0 && m_tree->parentIdOf(belowId) == rowId)
            visit(rowId);
        row = below;
        rowId = belowId;
    }
}

quint64 SearchExpansionMemory::idOf(const QModelIndex &row) const
{
    if (m_idsKept)
        return row.internalId();
    const QModelIndex source = mapDownToTreeModel(row, m_between);
    return source.isValid() ? source.internalId() : 0;
}

QModelIndex SearchExpansionMemory::shownIndex(quint64 id) const
{
    return m_tree ? mapUpFromTreeModel(m_tree->indexForId(id), m_between) : QModelIndex();
}

} // namespace provtree
