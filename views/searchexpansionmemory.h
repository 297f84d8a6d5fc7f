#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>

class QModelIndex;
class QTreeView;

namespace provtree {

// What the user had open in the provider tree before a search, given back when the search
// is cleared. A search removes the rows it hides, and QTreeView forgets that a removed row
// was expanded: the rows a cleared search brought back came back collapsed.
//
// remember() notes the providers (by uuid) whose rows are expanded, before a search
// changes the rows. While it remembers, what the user opens and closes meanwhile
// (noteExpanded(), noteCollapsed()) counts too: a row opened during the search stays open,
// with the rows above it through which the user saw it; a row closed stays closed.
// Just before the search is cleared, noteSearchRows() takes the rows open then (the
// search's rows, fewer than the tree's); restore(), after it, gives the tree the state
// remembered (those rows expanded, the others the search had open collapsed) and forgets.
//
// Works on a view whose model is a ProviderTreeModel or proxies (QAbstractProxyModel) over
// one. GUI-thread object; the view must outlive it.
class SearchExpansionMemory : public QObject
{
    Q_OBJECT

public:
    explicit SearchExpansionMemory(QTreeView &view, QObject *parent = nullptr);
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
    // noted then.
    bool restore();
    // A new tree: the rows remembered are gone.
    void forget();

private:
    // Calls `visit` for every expanded row of the view, parents before their children.
    void forEachExpandedRow(const std::function<void(const QModelIndex &)> &visit) const;
    [[nodiscard]] QModelIndex shownIndex(const QString &uuid) const;

    QTreeView &m_view; // Not owned.
    QSet<QString> m_expanded; // uuids
    QStringList m_openInSearch; // uuids: open during the search, not in m_expanded
    bool m_remembering = false;
};

} // namespace provtree
