#pragma once

#include "caseinsensitivefinder.h"
#include "providerdata.h"
#include "providersortkey.h"

#include <QAbstractProxyModel>
#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QMetaObject>
#include <QPointer>
#include <QPromise>
#include <QSet>
#include <QStringList>

#include <functional>
#include <unordered_map>
#include <vector>

namespace provtree {

class ProviderTree;
class ProviderTreeModel;

// Filters and sorts a ProviderTreeModel: what the main tree shows.
//
// Filter: a search text keeps the providers that match it visible with their ancestors,
// so that a match is always shown in its place in the tree. The text is split at white
// space into terms; a provider matches when it matches every term (case-insensitive,
// substring):
//   - a plain term matches the name, uuid, a trait, a resource class or an aggregate
//     (what ProviderTreeModel::SearchTextRole holds);
//   - "kind:TERM" matches the provider's kind label ("kind:gpu", "kind:numa");
//   - "trait:TERM" matches a trait only, "class:TERM" (or "rc:TERM") a resource class only.
// An empty text shows everything. matchCount() says how many providers match themselves
// (the ancestors shown for context do not count).
//
// Sort: sort() by any column, siblings among themselves, by ProviderSortKey (natural order
// of names: "cn-2" before "cn-10"); equal keys keep the order they had. By name, the roots
// come in the order the tree model keeps (ProviderTreeModel::rootsInNameOrder()). An edit's
// row finds its place among its siblings by their keys, kept until a dataChanged names
// their row.
//
// Why not QSortFilterProxyModel: at 100,000 providers its sort asks for two model indexes
// per comparison, a changed search removes and inserts rows parent by parent (140 ms), and
// after a layout change for a search its recursive filter let later edits show a wrong
// tree. Here the rows are provider ids, the same as the source's internal ids, so:
//   - a parent's rows are built when a view first asks for them (the children of 30,000
//     collapsed parents are never filtered or sorted);
//   - a new search or sort is one layout change, and every row the views hold a persistent
//     index of is found again by its id;
//   - an edit is followed with precise signals: an insertion, removal or move of one row
//     (a move the views cannot follow as one, e.g. into a parent whose rows were never
//     asked for, is a removal and an insertion), or dataChanged. A source's dataChanged
//     that names only roles no search or sort reads (the marks of proxies below) is one
//     dataChanged from the first to the last of its rows as shown.
// Whether a provider is shown during a search is "it matches or a child of it is shown",
// kept as a count of shown children per provider, so a match deep down shows its
// ancestors by walking up once.
//
// Large trees are searched on a worker (setBackgroundSearch()): the worker walks the core
// tree, the GUI thread only shows the answer, and a search typed meanwhile cancels the one
// still running; until then the proxy shows the previous search.
//
// The source must be a ProviderTreeModel, or identity proxies of one (whose internal ids
// are the tree model's) that dress its rows (icons, colours, tooltips) but change neither
// their flags nor what is searched or sorted: flags and sort keys are read from the tree
// model, the rest through them. GUI-thread object, like its source model.
class ProviderFilterProxyModel : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit ProviderFilterProxyModel(QObject *parent = nullptr);
    ~ProviderFilterProxyModel() override;

    void setSourceModel(QAbstractItemModel *sourceModel) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // -1: the source's order.
    [[nodiscard]] int sortColumn() const { return m_sortColumn; }
    [[nodiscard]] Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // The search shown. A search still running on the worker is pendingSearchText().
    [[nodiscard]] QString searchText() const { return m_text; }
    [[nodiscard]] QString pendingSearchText() const { return m_requested; }
    [[nodiscard]] bool isSearchPending() const { return m_requested != m_text; }
    // Re-filters when the text changes: at once, or once the worker has the answer.
    void setSearchText(const QString &text);
    // Searches of `tree` (the tree the source model shows) with at least `fromProviders`
    // providers run on a worker thread. The tree must outlive the proxy; nullptr: never.
    void setBackgroundSearch(const ProviderTree *tree, qsizetype fromProviders = 5000);
    // Whether the search text holds a term (white space alone shows everything).
    [[nodiscard]] bool isSearching() const { return !m_terms.isEmpty(); }
    // The providers that match the search themselves; 0 when not searching. Kept up to
    // date through edits of the tree.
    [[nodiscard]] int matchCount() const { return int(m_matches.size()); }
    // Whether the source row `sourceIndex` matches the search itself (true for every row
    // when there is none), rather than being shown only as an ancestor of a match.
    [[nodiscard]] bool matchesSearch(const QModelIndex &sourceIndex) const;
    // Whether a provider matches the search shown (true for every one when there is none):
    // a value of its own, for any thread.
    [[nodiscard]] std::function<bool(const ProviderData &)> searchPredicate() const;

signals:
    // The search text or the number of matches changed (emitted once the proxy shows it).
    void matchCountChanged();
    // A new search is about to change the rows, and has changed them (before
    // setSearchText() returns, or when the worker's answer is in).
    void searchAboutToBeApplied();
    void searchApplied();

private:
    struct Term
    {
        enum class Field { Any, Kind, Trait, ResourceClass };
        Field field = Field::Any;
        CaseInsensitiveFinder text;
    };
    [[nodiscard]] static QList<Term> termsOf(const QString &text);
    [[nodiscard]] static bool matches(const ProviderData &provider, const Term &term);
    [[nodiscard]] static bool matchesAll(const ProviderData &provider, const QList<Term> &terms);
    // What a search shows: the matches, and how many shown children each provider has
    // (key 0: the roots).
    struct Answer
    {
        QSet<quint64> matches;
        QHash<quint64, int> shownChildren;
    };
    // `ids`: the rows' ids by uuid (ProviderTreeModel::idsByUuid()); a provider the rows do
    // not show yet is left out (its insertion matches it). Any thread.
    static void searchTree(QPromise<Answer> &promise, const ProviderTree *tree, const QList<Term> &terms,
                           const QHash<QString, quint64> &ids);
    [[nodiscard]] bool searchesInBackground(const QList<Term> &terms) const;
    void startBackgroundSearch();
    void takeBackgroundResult();
    // Shows `text`: the worker's answer when given, else matched here.
    void apply(const QString &text, const QList<Term> &terms, Answer *answer);
    // One layout change in which `change` alters what is shown or its order; the rows held
    // by persistent indexes are found again by id.
    template<typename Change>
    void relayout(QAbstractItemModel::LayoutChangeHint hint, Change change);
    // Points the persistent indexes `held` had at the rows now shown for their ids.
    void findAgain(const QModelIndexList &held);
    // Forgets the rows built (freed on a worker).
    void dropRows();

    // The rows: which children of a parent are shown, in order. Built on demand, only for
    // shown parents; m_rowOf has the row of every provider in a built level.
    using Level = std::vector<quint64>;
    [[nodiscard]] Level &level(quint64 parentId) const;
    [[nodiscard]] Level buildLevel(quint64 parentId) const;
    void sortLevel(Level &rows) const;
    void renumber(const Level &rows, size_t from) const;
    void forgetLevels(quint64 id);
    [[nodiscard]] QModelIndex proxyIndexOf(quint64 id, int column) const;
    // The position among `rows` where `id` belongs; `sourceRow`: its row in the source,
    // which orders equal keys.
    [[nodiscard]] size_t placeFor(const Level &rows, quint64 id, int sourceRow) const;
    // Whether `shown` goes before `id` (source row `sourceRow`) in the order shown.
    [[nodiscard]] bool goesBefore(quint64 shown, quint64 id, int sourceRow) const;
    // The row shown for `id`, with the levels above it built as needed; invalid if hidden.
    [[nodiscard]] QModelIndex shownIndex(quint64 id, int column) const;
    // Shows `id` under `parentId` (if that parent's rows are built), or hides it: one
    // insertion or removal.
    void showRow(quint64 id, quint64 parentId);
    void hideRow(quint64 id, quint64 parentId);
    // Provider `id` under `parentId` comes to be shown, or stops being shown. During a
    // search that is counted up its ancestors, and the topmost provider that comes (goes)
    // with it is the one row inserted (removed).
    void rowComes(quint64 id, quint64 parentId);
    void rowGoes(quint64 id, quint64 parentId);
    // Puts a shown row whose sort key changed in its place: one move.
    void resortRow(quint64 id, quint64 parentId);

    // Whether a provider is shown: always without a search; else when it matches or a child
    // of it is shown.
    [[nodiscard]] bool isShown(quint64 id) const;
    // Counts one shown child more or less under `parentId` and on up while that changes
    // whether a parent is shown; returns the topmost provider that changed (0: none).
    quint64 countShownChild(quint64 parentId, int delta);
    // Matches `id` and its descendants and counts their shown children (a subtree that came in).
    void matchSubtree(const QModelIndex &sourceIndex);
    void forgetSubtree(const QModelIndex &sourceIndex);
    void rematchAll();

    // Source model access by id.
    [[nodiscard]] QModelIndex sourceIndexOf(quint64 id, int column = 0) const;
    [[nodiscard]] QModelIndex treeIndexOf(quint64 id, int column) const;
    [[nodiscard]] quint64 sourceParentOf(quint64 id) const;
    [[nodiscard]] int sourceRowOf(quint64 id) const;
    [[nodiscard]] const ProviderSortKey &sortKey(quint64 id) const;
    [[nodiscard]] bool usesRootsInNameOrder() const;

    // Source signals.
    void sourceChanging();
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void shownRowsChanged(const QModelIndex &sourceParent, const QModelIndex &topLeft, const QModelIndex &bottomRight,
                          const QList<int> &roles);
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeMoved(const QModelIndex &parent, int first, int last, const QModelIndex &destination,
                                  int destinationRow);
    void sourceRowsMoved(const QModelIndex &parent, int first, int last, const QModelIndex &destination,
                         int destinationRow);
    void sourceReset();
    void reportMatchCount();

    QPointer<QAbstractItemModel> m_source; // Not owned; sourceModel() as the rows know it
    QPointer<const ProviderTreeModel> m_treeModel; // Not owned; at the bottom of m_source
    QList<const QAbstractProxyModel *> m_between; // identity proxies from the tree model up
    QString m_text;      // shown
    QString m_requested; // asked for last; differs from m_text while the worker searches
    QList<Term> m_terms;
    QSet<quint64> m_matches;          // provider ids that match every term
    QHash<quint64, int> m_shownChildren; // while searching: shown children by parent id (0: roots)
    const ProviderTree *m_searchTree = nullptr; // Not owned.
    qsizetype m_backgroundFrom = 0;
    quint64 m_sourceChanges = 0;    // counts the source's changes, to know a stale answer
    quint64 m_searchedAtChange = 0; // m_sourceChanges when the running search started
    QFutureWatcher<Answer> m_search;
    int m_reportedMatches = 0;
    bool m_reportedSearching = false;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    mutable ProviderSortKeyCache m_keys; // for m_sortColumn
    mutable std::unordered_map<quint64, Level> m_levels; // by parent id (0: the roots)
    mutable std::unordered_map<quint64, int> m_rowOf;    // every provider in a built level
    QSet<quint64> m_leaving; // rows the source is removing: no level built meanwhile shows them
    // A move the source announced: one move here too (into `at` of its new parent's rows),
    // or hidden at once and shown when the source has moved it.
    struct PendingMove
    {
        quint64 id = 0;
        bool asOneMove = false;
        size_t at = 0;
    };
    std::vector<PendingMove> m_moving;
    QModelIndexList m_layoutPersistent; // a source layout change's persistent indexes, meanwhile
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace provtree
