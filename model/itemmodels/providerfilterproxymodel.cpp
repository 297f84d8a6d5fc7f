#include "providerfilterproxymodel.h"

#include "providerkind.h"
#include "providertreemodel.h"

#include <QRegularExpression>

#include <algorithm>

namespace provtree {

namespace {

bool anyContains(const QStringList &values, const QString &text)
{
    return std::any_of(values.cbegin(), values.cend(), [&text](const QString &value) {
        return value.contains(text, Qt::CaseInsensitive);
    });
}

} // namespace

ProviderFilterProxyModel::ProviderFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    // The filter reads the row's search text, kind and data, all derived from its
    // ProviderDataRole, which every change of the row names: QSortFilterProxyModel re-checks
    // a changed row's ancestors only when dataChanged names the filter role.
    setFilterRole(ProviderTreeModel::ProviderDataRole);
}

ProviderFilterProxyModel::~ProviderFilterProxyModel() = default;

void ProviderFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_text)
        return;
    QList<Term> terms;
    static const QRegularExpression kSpaces(QStringLiteral("\\s+"));
    const QStringList words = text.split(kSpaces, Qt::SkipEmptyParts);
    for (const QString &word : words) {
        Term term;
        term.text = word;
        const auto takePrefix = [&term, &word](QLatin1StringView prefix, Term::Field field) {
            if (!word.startsWith(prefix, Qt::CaseInsensitive) || word.size() == prefix.size())
                return false;
            term.field = field;
            term.text = word.mid(prefix.size());
            return true;
        };
        takePrefix(QLatin1StringView("kind:"), Term::Field::Kind)
            || takePrefix(QLatin1StringView("trait:"), Term::Field::Trait)
            || takePrefix(QLatin1StringView("class:"), Term::Field::ResourceClass)
            || takePrefix(QLatin1StringView("rc:"), Term::Field::ResourceClass);
        terms.append(term);
    }
    m_text = text;
    m_terms = terms;
    invalidateRowsFilter();
}

bool ProviderFilterProxyModel::matchesSearch(const QModelIndex &sourceIndex) const
{
    return sourceIndex.isValid() && filterAcceptsRow(sourceIndex.row(), sourceIndex.parent());
}

bool ProviderFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_terms.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return std::all_of(m_terms.cbegin(), m_terms.cend(),
                       [this, &index](const Term &term) { return matches(index, term); });
}

bool ProviderFilterProxyModel::matches(const QModelIndex &sourceIndex, const Term &term) const
{
    switch (term.field) {
    case Term::Field::Any:
        return sourceIndex.data(ProviderTreeModel::SearchTextRole)
            .toString()
            .contains(term.text, Qt::CaseInsensitive);
    case Term::Field::Kind: {
        const auto kind = ProviderKind(sourceIndex.data(ProviderTreeModel::KindRole).toInt());
        return kindLabel(kind).contains(term.text, Qt::CaseInsensitive);
    }
    case Term::Field::Trait:
    case Term::Field::ResourceClass: {
        const auto data = sourceIndex.data(ProviderTreeModel::ProviderDataRole).value<ProviderData>();
        return term.field == Term::Field::Trait ? anyContains(data.traits, term.text)
                                                : anyContains(data.inventories.keys(), term.text);
    }
    }
    return false;
}

} // namespace provtree
