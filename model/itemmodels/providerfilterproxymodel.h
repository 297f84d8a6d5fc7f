#pragma once

#include "providerdata.h"
#include "providersortkey.h"

#include <QFutureWatcher>
#include <QList>
#include <QMetaObject>
#include <QPointer>
#include <QPromise>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <functional>

namespace provtree {

class ProviderTree;
class ProviderTreeModel;

// Filters and sorts a ProviderTreeModel: what the main tree shows.
//
// Filter: a search text keeps the providers that match it visible with their ancestors
// (recursive filtering), so that a match is always shown in its place in the tree. The
// text is split at white space into terms; a provider matches when it matches every term
// (case-insensitive, substring):
//   - a plain term matches the name, uuid, a trait, a resource class or an aggregate
//     (what ProviderTreeModel::SearchTextRole holds);
//   - "kind:TERM" matches the provider's kind label ("kind:gpu", "kind:numa");
//   - "trait:TERM" matches a trait only, "class:TERM" (or "rc:TERM") a resource class only.
// An empty text shows everything. matchCount() says how many providers match themselves
// (the ancestors shown for context do not count).
//
// Sort: QSortFilterProxyModel::sort() by any column, siblings among themselves, by
// ProviderSortKey (natural order of names: "cn-2" before "cn-10"). The keys are computed
// once per provider and kept until a dataChanged names the provider's row; a tree of
// 100,000 providers sorts without formatting a cell per comparison. Edits keep the
// order with QSortFilterProxyModel's own signals (a changed row that must move is a
// layoutChanged of its parent only).
//
// Large trees are searched on a worker (setBackgroundSearch()): the worker walks the core
// tree, the GUI thread only shows the answer, and a search typed meanwhile cancels the one
// still running; until then the proxy shows the previous search.
//
// How the caches stay right: which providers match and their sort keys are updated from
// the source model's signals through connections made before QSortFilterProxyModel's own
// (setSourceModel()), so that the base class never filters or sorts with a stale answer.
//
// Works on any source model that provides ProviderTreeModel's ProviderDataRole and
// ProviderIdRole and its columns. GUI-thread object, like its
// source model.
class ProviderFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ProviderFilterProxyModel(QObject *parent = nullptr);
    ~ProviderFilterProxyModel() override;

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    // Without a search every child is shown: answered by the source, so that a view
    // laying out 30,000 collapsed parents does not have each one's children filtered and
    // sorted (QSortFilterProxyModel's own answer maps the children).
    bool hasChildren(const QModelIndex &parent = {}) const override;

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

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const override;

private:
    struct Term
    {
        enum class Field { Any, Kind, Trait, ResourceClass };
        Field field = Field::Any;
        QString text;
    };
    [[nodiscard]] static QList<Term> termsOf(const QString &text);
    [[nodiscard]] static bool matches(const ProviderData &provider, const Term &term);
    [[nodiscard]] static bool matchesAll(const ProviderData &provider, const QList<Term> &terms);
    [[nodiscard]] bool matchesAllTerms(const QModelIndex &sourceIndex) const;
    // The uuids of `tree`'s providers that match every term; any thread.
    struct Answer
    {
        QSet<quint64> matches;   // ids (ProviderIdRole) of the providers that match every term
        QSet<quint64> ancestors; // ids of the providers with a match below them
    };
    // `ids`: the rows' ids by uuid (ProviderTreeModel::idsByUuid()); a provider the rows do
    // not show yet is left out (its insertion matches it).
    static void searchTree(QPromise<Answer> &promise, const ProviderTree *tree, const QList<Term> &terms,
                           const QHash<QString, quint64> &ids);
    [[nodiscard]] bool searchesInBackground(const QList<Term> &terms) const;
    void startBackgroundSearch();
    void takeBackgroundResult();
    // Shows `text`: the worker's answer when given, else matched here.
    void apply(const QString &text, const QList<Term> &terms, const Answer *answer);
    // The key of `sourceIndex` (provider `id`), computed and stored if not known yet.
    void ensureSortKey(quint64 id, const QModelIndex &sourceIndex) const;
    [[nodiscard]] quint64 providerId(const QModelIndex &sourceIndex) const;
    [[nodiscard]] static bool idIsInternalId(const QAbstractItemModel *model);
    [[nodiscard]] const ProviderTreeModel *treeModel() const;

    // Before QSortFilterProxyModel sees the change:
    void sourceChanging();
    void rematchAll();
    void rematchRows(const QModelIndex &parent, int first, int last, bool withDescendants);
    void forgetRows(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    // After it:
    void reportMatchCount();

    QPointer<QAbstractItemModel> m_source; // Not owned; sourceModel() as the caches know it
    bool m_idIsInternalId = false; // the source's internal ids are ProviderIdRole's ids
    QString m_text;      // shown
    QString m_requested; // asked for last; differs from m_text while the worker searches
    QList<Term> m_terms;
    QSet<quint64> m_matches; // provider ids (ProviderIdRole) that match every term
    const ProviderTree *m_searchTree = nullptr; // Not owned.
    qsizetype m_backgroundFrom = 0;
    quint64 m_sourceChanges = 0;   // counts the source's changes, to know a stale answer
    quint64 m_searchedAtChange = 0; // m_sourceChanges when the running search started
    QFutureWatcher<Answer> m_search;
    // The providers with a match below them, from the worker's answer: which rows have
    // children to show, without filtering every row's children to find out. Valid until
    // the source changes (then QSortFilterProxyModel's own answer).
    QSet<quint64> m_ancestors;
    bool m_ancestorsValid = false;
    int m_reportedMatches = 0;
    bool m_reportedSearching = false;
    mutable int m_keyColumn = -1; // the column m_keys were computed for
    mutable ProviderSortKeyCache m_keys;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace provtree
