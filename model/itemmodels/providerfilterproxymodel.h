#pragma once

#include "providerdata.h"
#include "providersortkey.h"

#include <QList>
#include <QMetaObject>
#include <QPointer>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace provtree {

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

    [[nodiscard]] QString searchText() const { return m_text; }
    // Re-filters at once when the text changes.
    void setSearchText(const QString &text);
    // Whether the search text holds a term (white space alone shows everything).
    [[nodiscard]] bool isSearching() const { return !m_terms.isEmpty(); }
    // The providers that match the search themselves; 0 when not searching. Kept up to
    // date through edits of the tree.
    [[nodiscard]] int matchCount() const { return int(m_matches.size()); }
    // Whether the source row `sourceIndex` matches the search itself (true for every row
    // when there is none), rather than being shown only as an ancestor of a match.
    [[nodiscard]] bool matchesSearch(const QModelIndex &sourceIndex) const;

signals:
    // The search text or the number of matches changed (emitted once the proxy shows it).
    void matchCountChanged();

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
    [[nodiscard]] static bool matches(const ProviderData &provider, const Term &term);
    [[nodiscard]] bool matchesAllTerms(const QModelIndex &sourceIndex) const;
    // The key of `sourceIndex` (provider `id`), computed and stored if not known yet.
    void ensureSortKey(quint64 id, const QModelIndex &sourceIndex) const;
    [[nodiscard]] quint64 providerId(const QModelIndex &sourceIndex) const;

    // Before QSortFilterProxyModel sees the change:
    void rematchAll();
    void rematchRows(const QModelIndex &parent, int first, int last, bool withDescendants);
    void forgetRows(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    // After it:
    void reportMatchCount();

    QPointer<QAbstractItemModel> m_source; // Not owned; sourceModel() as the caches know it
    QString m_text;
    QList<Term> m_terms;
    QSet<quint64> m_matches; // provider ids (ProviderIdRole) that match every term
    int m_reportedMatches = 0;
    bool m_reportedSearching = false;
    mutable int m_keyColumn = -1; // the column m_keys were computed for
    mutable ProviderSortKeyCache m_keys;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace provtree
