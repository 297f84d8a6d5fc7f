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

// Calls `visit` for rows first..last of `parent` and, if `withDescendants`, for every row
// below them. Iterative: a chain of providers can be thousands of levels deep.
template<typename Visit>
void forEachRow(const QAbstractItemModel &model, const QModelIndex &parent, int first, int last,
                bool withDescendants, Visit visit)
{
    QList<QModelIndex> pending;
    for (int row = last; row >= first; --row)
        pending.append(model.index(row, 0, parent));
    while (!pending.isEmpty()) {
        const QModelIndex index = pending.takeLast();
        if (!index.isValid())
            continue;
        visit(index);
        if (!withDescendants)
            continue;
        for (int row = model.rowCount(index) - 1; row >= 0; --row)
            pending.append(model.index(row, 0, index));
    }
}

bool anyKeyContains(const Inventories &inventories, const QString &text)
{
    for (auto it = inventories.keyBegin(); it != inventories.keyEnd(); ++it) {
        if (it->contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
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

void ProviderFilterProxyModel::setSourceModel(QAbstractItemModel *source)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    m_source = source;
    m_keys.clear();
    rematchAll();
    if (source) {
        // First in line: the caches follow the change before the base class reads them.
        m_sourceConnections
                << connect(source, &QAbstractItemModel::dataChanged, this,
                           [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                  const QList<int> &roles) {
                               // Marks a proxy below adds (icons, tooltips, colours) change
                               // neither matches nor sort keys: only these roles feed them.
                               using M = ProviderTreeModel;
                               if (!roles.isEmpty()
                                   && std::none_of(roles.begin(), roles.end(), [](int role) {
                                          return role == Qt::DisplayRole || role == M::ProviderDataRole
                                              || role == M::UuidRole || role == M::SearchTextRole
                                              || role == M::KindRole;
                                      }))
                                   return;
                               sourceDataChanged(topLeft, bottomRight);
                           })
                << connect(source, &QAbstractItemModel::rowsInserted, this,
                           [this](const QModelIndex &parent, int first, int last) {
                               rematchRows(parent, first, last, true);
                           })
                << connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                           &ProviderFilterProxyModel::forgetRows)
                << connect(source, &QAbstractItemModel::modelReset, this, [this] {
                       m_keys.clear();
                       rematchAll();
                   });
    }
    QSortFilterProxyModel::setSourceModel(source);
    if (source) {
        // Last in line: the count is reported once the proxy shows the change.
        for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
            m_sourceConnections << connect(source, signal, this, &ProviderFilterProxyModel::reportMatchCount);
        }
        m_sourceConnections
                << connect(source, &QAbstractItemModel::dataChanged, this, &ProviderFilterProxyModel::reportMatchCount)
                << connect(source, &QAbstractItemModel::modelReset, this, &ProviderFilterProxyModel::reportMatchCount);
    }
    reportMatchCount();
}

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
    rematchAll();
    invalidateRowsFilter();
    // The text changed even when the count did not (the feedback says which search it is).
    m_reportedMatches = -1;
    reportMatchCount();
}

bool ProviderFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    if (isSearching() || !sourceModel())
        return QSortFilterProxyModel::hasChildren(parent);
    const QModelIndex source = mapToSource(parent);
    if (parent.isValid() && !source.isValid())
        return false;
    return sourceModel()->hasChildren(source);
}

bool ProviderFilterProxyModel::matchesSearch(const QModelIndex &sourceIndex) const
{
    return sourceIndex.isValid() && filterAcceptsRow(sourceIndex.row(), sourceIndex.parent());
}

bool ProviderFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_terms.isEmpty())
        return true;
    return m_matches.contains(providerId(sourceModel()->index(sourceRow, 0, sourceParent)));
}

bool ProviderFilterProxyModel::lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const
{
    if (sourceLeft.column() != m_keyColumn) {
        m_keys.clear();
        m_keyColumn = sourceLeft.column();
    }
    const quint64 left = providerId(sourceLeft);
    const quint64 right = providerId(sourceRight);
    ensureSortKey(left, sourceLeft);
    ensureSortKey(right, sourceRight);
    return *m_keys.find(left) < *m_keys.find(right);
}

void ProviderFilterProxyModel::ensureSortKey(quint64 id, const QModelIndex &sourceIndex) const
{
    if (!m_keys.find(id))
        m_keys.insert(id, ProviderSortKey::forCell(sourceIndex));
}

quint64 ProviderFilterProxyModel::providerId(const QModelIndex &sourceIndex) const
{
    return sourceIndex.data(ProviderTreeModel::ProviderIdRole).toULongLong();
}

// One copy of the row's data for all terms; no text is built (a search of 100,000
// providers looks at each once).
bool ProviderFilterProxyModel::matchesAllTerms(const QModelIndex &sourceIndex) const
{
    const auto data = sourceIndex.data(ProviderTreeModel::ProviderDataRole).value<ProviderData>();
    return std::all_of(m_terms.cbegin(), m_terms.cend(),
                       [&data](const Term &term) { return matches(data, term); });
}

// A plain term matches what ProviderTreeModel::SearchTextRole holds; a term has no white
// space, so matching each field alone is the same as matching their joined text.
bool ProviderFilterProxyModel::matches(const ProviderData &provider, const Term &term)
{
    switch (term.field) {
    case Term::Field::Any:
        return provider.name.contains(term.text, Qt::CaseInsensitive)
            || provider.uuid.contains(term.text, Qt::CaseInsensitive)
            || anyContains(provider.traits, term.text)
            || anyKeyContains(provider.inventories, term.text)
            || anyContains(provider.aggregates, term.text);
    case Term::Field::Kind:
        return kindLabel(providerKind(provider)).contains(term.text, Qt::CaseInsensitive);
    case Term::Field::Trait:
        return anyContains(provider.traits, term.text);
    case Term::Field::ResourceClass:
        return anyKeyContains(provider.inventories, term.text);
    }
    return false;
}

void ProviderFilterProxyModel::rematchAll()
{
    m_matches.clear();
    if (m_terms.isEmpty() || !m_source)
        return;
    const int roots = m_source->rowCount();
    if (roots > 0)
        rematchRows({}, 0, roots - 1, true);
}

void ProviderFilterProxyModel::rematchRows(const QModelIndex &parent, int first, int last, bool withDescendants)
{
    if (m_terms.isEmpty() || !m_source)
        return;
    forEachRow(*m_source, parent, first, last, withDescendants, [this](const QModelIndex &index) {
        const quint64 id = providerId(index);
        if (matchesAllTerms(index))
            m_matches.insert(id);
        else
            m_matches.remove(id);
    });
}

void ProviderFilterProxyModel::forgetRows(const QModelIndex &parent, int first, int last)
{
    if (!m_source)
        return;
    forEachRow(*m_source, parent, first, last, true, [this](const QModelIndex &index) {
        const quint64 id = providerId(index);
        m_matches.remove(id);
        m_keys.erase(id);
    });
}

void ProviderFilterProxyModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!m_source || !topLeft.isValid() || !bottomRight.isValid())
        return;
    const QModelIndex parent = topLeft.parent();
    forEachRow(*m_source, parent, topLeft.row(), bottomRight.row(), false,
               [this](const QModelIndex &index) { m_keys.erase(providerId(index)); });
    rematchRows(parent, topLeft.row(), bottomRight.row(), false);
}

void ProviderFilterProxyModel::reportMatchCount()
{
    if (isSearching() == m_reportedSearching && matchCount() == m_reportedMatches)
        return;
    m_reportedSearching = isSearching();
    m_reportedMatches = matchCount();
    emit matchCountChanged();
}

} // namespace provtree
