#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace provtree {

// Filters a ProviderTreeModel by a search text, keeping the ancestors of every match
// visible (recursive filtering) so that a match is always shown in its place in the tree.
//
// The text is split at white space into terms; a provider matches when it matches every
// term (case-insensitive, substring):
//   - a plain term matches the name, uuid, a trait, a resource class or an aggregate
//     (ProviderTreeModel::SearchTextRole);
//   - "kind:TERM" matches the provider's kind label ("kind:gpu", "kind:numa");
//   - "trait:TERM" matches a trait only, "class:TERM" (or "rc:TERM") a resource class only.
// An empty text shows everything. Works on any source model that provides
// SearchTextRole, KindRole and ProviderDataRole.
//
// GUI-thread object, like its source model.
class ProviderFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ProviderFilterProxyModel(QObject *parent = nullptr);
    ~ProviderFilterProxyModel() override;

    [[nodiscard]] QString searchText() const { return m_text; }
    // Re-filters at once when the text changes.
    void setSearchText(const QString &text);
    // Whether the source row `sourceIndex` matches the search itself (true for every row
    // when there is none), rather than being shown only as an ancestor of a match.
    [[nodiscard]] bool matchesSearch(const QModelIndex &sourceIndex) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    struct Term
    {
        enum class Field { Any, Kind, Trait, ResourceClass };
        Field field = Field::Any;
        QString text;
    };
    [[nodiscard]] bool matches(const QModelIndex &sourceIndex, const Term &term) const;

    QString m_text;
    QList<Term> m_terms;
};

} // namespace provtree
