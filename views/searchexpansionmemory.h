#pragma once

#include <QObject>
#include <QList>
#include <QSet>

#include <functional>

class QAbstractProxyModel;
class QModelIndex;
class QTreeView;

namespace provtree {

class ProviderTreeModel;
class TreeExpander;

// What the user had open in the provider tree before a search, given back when the search
// is cleared. A search removes the rows it hides, and QTreeView forgets that a removed row
// was expanded: the rows a cleared search brought back came back collapsed.
//
// remember() notes the providers whose rows are open (expanded, their children in sight;
// a row without children that QTreeView::expandAll() marked expanded shows nothing, and is
// not noted), before a search changes the rows. While it remembers, what the user opens
// and closes meanwhile (noteExpanded(), noteCollapsed()) counts too: a row opened during
// the search stays open, with the rows above it through which the user saw it; a row
// closed stays closed.
// Just before the search is cleared, noteSearchRows() takes the rows open then (the
// search's rows, fewer than the tree's); restore(), after it, gives the tree the state
// remembered (those rows expanded, the others the search had open collapsed) and forgets.
// Thousands of rows (after Expand All) open by slices through the window's TreeExpander, as
// Expand All itself does: the view lays out 100,000 open rows in one go in 150 ms.
//
// Providers are noted by the tree model's ids: reading and hashing uuids was half of the
// 70 ms this took after Expand All. A reset of the tree model numbers its rows anew:
// forget() then.
//
// Works on a view whose model is a ProviderTreeModel or proxies (QAbstractProxyModel) over
// one. GUI-thread object; the view and that model must outlive it.
class SearchExpansionMemory : public QObject
{
    Q_OBJECT

public:
    SearchExpansionMemory(QTreeView &view, TreeExpander &expander, QObject *parent = nullptr);
    ~SearchExpansionMemory() override;

    // Notes the rows expanded now (the view walked down its expanded rows only).
    void remember();
    [[nodiscard]] bool isRemembering() const { return m_remembering; }
    // The user's doing while it remembers (nothing otherwise); `index` of the view's model.
    void noteExpanded(const QModelIndex &index);
    void noteCollapsed(const QModelIndex &index);
    // Just before the search is cleared: notes the rows open in it that the user did not
    // have open (walking the search's rows, not the whole tree's).
    void noteSearchRows();
    // Expands the rows of the providers it remembers and collapses those noteSearchRows()
    // found, then forgets. Returns false (and does nothing) when it remembered nothing.
    // Cheap while the view's layout is pending (after a layout change): each row is only
    // noted then. Past kOpenedAtOnce rows, the expander opens them (a new search stops it).
    bool restore();
    static constexpr qsizetype kOpenedAtOnce = 2000;
    // A new tree (a reset of the tree model): the rows remembered are gone.
    void forget();

private:
    // Calls `visit` with the id of every expanded row the view shows with its children
    // (below expanded rows only), parents before their children.
    void forEachExpandedRow(const std::function<void(quint64)> &visit) const;
    // The tree model's id of `row` (of the view's model), and back.
    [[nodiscard]] quint64 idOf(const QModelIndex &row) const;
    [[nodiscard]] QModelIndex shownIndex(quint64 id) const;

    QTreeView &m_view;         // Not owned.
    TreeExpander &m_expander; // Not owned.
    const ProviderTreeModel *m_tree = nullptr;  // below the view's model; not owned
    QList<const QAbstractProxyModel *> m_between; // from the tree model up to the view's model
    // The proxies between keep the tree model's ids as their indexes' internal ids (identity
    // proxies and ProviderFilterProxyModel do): an index's id is read, not mapped down.
    bool m_idsKept = false;
    QSet<quint64> m_expanded;        // ids
    QList<quint64> m_openInSearch;   // ids: open during the search, not in m_expanded
    bool m_remembering = false;
};

} // namespace provtree
