#include "providerfilterproxymodel.h"

#include "parallelfor.h"
#include "providerkind.h"
#include "providertree.h"
#include "providertreemodel.h"

#include <QIdentityProxyModel>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

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
    connect(&m_search, &QFutureWatcher<Answer>::finished, this, &ProviderFilterProxyModel::takeBackgroundResult);
}

ProviderFilterProxyModel::~ProviderFilterProxyModel()
{
    m_search.cancel();
    m_search.waitForFinished(); // it reads the tree, which may go right after the proxy
}

void ProviderFilterProxyModel::setSourceModel(QAbstractItemModel *source)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    m_source = source;
    m_idIsInternalId = idIsInternalId(source);
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
                                              || role == M::KindRole || role == M::UsageFractionRole
                                              || role == M::NameSortKeyRole;
                                      }))
                                   return;
                               sourceChanging();
                               sourceDataChanged(topLeft, bottomRight);
                           })
                << connect(source, &QAbstractItemModel::rowsInserted, this,
                           [this](const QModelIndex &parent, int first, int last) {
                               sourceChanging();
                               rematchRows(parent, first, last, true);
                           })
                << connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                           [this](const QModelIndex &parent, int first, int last) {
                               sourceChanging();
                               forgetRows(parent, first, last);
                           })
                << connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this,
                           &ProviderFilterProxyModel::sourceChanging)
                << connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this,
                           &ProviderFilterProxyModel::sourceChanging)
                << connect(source, &QAbstractItemModel::modelReset, this, [this] {
                       sourceChanging();
                       m_keys.clear();
                       // A large new tree is searched on the worker; its rows have new ids,
                       // so nothing matches until the answer is in.
                       if (searchesInBackground(m_terms)) {
                           m_matches.clear();
                           startBackgroundSearch();
                       } else {
                           rematchAll();
                       }
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

QList<ProviderFilterProxyModel::Term> ProviderFilterProxyModel::termsOf(const QString &text)
{
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
    return terms;
}

// A running search's answer may miss the change, and the ancestors it gave may be wrong now.
void ProviderFilterProxyModel::sourceChanging()
{
    ++m_sourceChanges;
    m_ancestorsValid = false;
}

void ProviderFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_requested)
        return;
    m_requested = text;
    m_search.cancel(); // its answer is for a text no longer wanted
    const QList<Term> terms = termsOf(text);
    if (searchesInBackground(terms)) {
        startBackgroundSearch();
        m_reportedMatches = -1; // "Searching…"
        reportMatchCount();
        return;
    }
    apply(text, terms, nullptr);
}

void ProviderFilterProxyModel::setBackgroundSearch(const ProviderTree *tree, qsizetype fromProviders)
{
    m_searchTree = tree;
    m_backgroundFrom = fromProviders;
}

bool ProviderFilterProxyModel::searchesInBackground(const QList<Term> &terms) const
{
    return m_searchTree && treeModel() && !terms.isEmpty() && m_searchTree->size() >= m_backgroundFrom;
}

// The worker reads the core tree, by uuid; the rows carry the tree model's ids
// (ProviderIdRole), which that model hands over. Proxies between it and this one keep its
// rows.
const ProviderTreeModel *ProviderFilterProxyModel::treeModel() const
{
    return providerTreeModelBelow(m_source);
}

void ProviderFilterProxyModel::startBackgroundSearch()
{
    m_search.cancel();
    m_searchedAtChange = m_sourceChanges;
    m_search.setFuture(QtConcurrent::run(&ProviderFilterProxyModel::searchTree, m_searchTree,
                                         termsOf(m_requested), treeModel()->idsByUuid()));
}

// The providers are matched on every core (the GUI thread waits for input meanwhile);
// then one pass in the walk's depth-first order, where the providers above the one visited
// are the path to it: a match marks that path (up to the first provider already marked)
// as its ancestors.
void ProviderFilterProxyModel::searchTree(QPromise<Answer> &promise, const ProviderTree *tree, const QList<Term> &terms,
                                          const QHash<QString, quint64> &ids)
{
    struct Step
    {
        QString uuid;
        bool marked = false;
    };
    const auto insertId = [&ids](QSet<quint64> &into, const QString &uuid) {
        if (const quint64 id = ids.value(uuid))
            into.insert(id);
    };
    Answer answer;
    bool canceled = false;
    tree->withAllProviders([&](const std::vector<const ProviderData *> &all) {
        std::vector<char> matched(all.size(), 0);
        parallelFor(qsizetype(all.size()), 4096, [&](qsizetype begin, qsizetype end) {
            for (qsizetype i = begin; i < end; ++i) {
                if (i % 1024 == 0 && promise.isCanceled())
                    return;
                matched[size_t(i)] = matchesAll(*all[size_t(i)], terms);
            }
        });
        if ((canceled = promise.isCanceled()))
            return;
        QList<Step> path;
        for (size_t i = 0; i < all.size(); ++i) {
            const ProviderData &provider = *all[i];
            while (!path.isEmpty() && path.constLast().uuid != provider.parentUuid)
                path.removeLast();
            if (matched[i]) {
                insertId(answer.matches, provider.uuid);
                for (auto step = path.rbegin(); step != path.rend() && !step->marked; ++step) {
                    step->marked = true;
                    insertId(answer.ancestors, step->uuid);
                }
            }
            path.append({provider.uuid, false});
        }
    });
    if (!canceled)
        promise.addResult(std::move(answer));
}

void ProviderFilterProxyModel::takeBackgroundResult()
{
    const QFuture<Answer> future = m_search.future();
    if (future.isCanceled() || future.resultCount() == 0)
        return; // a newer search is running, or none is wanted
    // The source changed while the worker read the tree: its answer may be stale for the
    // rows that changed. Edits while typing are rare; ask again.
    if (m_sourceChanges != m_searchedAtChange) {
        startBackgroundSearch();
        return;
    }
    const Answer answer = future.result();
    apply(m_requested, termsOf(m_requested), &answer);
}

void ProviderFilterProxyModel::apply(const QString &text, const QList<Term> &terms, const Answer *answer)
{
    emit searchAboutToBeApplied();
    m_text = text;
    m_requested = text;
    m_terms = terms;
    m_ancestorsValid = false; // until the rows show them: mappings not yet refiltered still show the last search
    if (answer) {
        m_matches = answer->matches;
        m_ancestors = answer->ancestors;
    } else {
        m_ancestors.clear();
        rematchAll();
    }
    // Clearing: one layout change rather than an insertion per run of rows. A search keeps
    // the precise removals and insertions (up to 140 ms at 100,000 providers where a layout
    // change takes 25 ms): after a layout change for a search, QSortFilterProxyModel let
    // later edits show a wrong tree (tst_providerfilterproxymodel's random edits).
    if (terms.isEmpty())
        invalidate();
    else
        invalidateRowsFilter();
    m_ancestorsValid = answer != nullptr;
    // The text changed even when the count did not (the feedback says which search it is).
    m_reportedMatches = -1;
    reportMatchCount();
    emit searchApplied();
}

bool ProviderFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    if (!sourceModel())
        return false;
    if (isSearching() && m_ancestorsValid && parent.isValid()) {
        const QModelIndex source = mapToSource(parent);
        return source.isValid() && m_ancestors.contains(providerId(source));
    }
    if (isSearching())
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

std::function<bool(const ProviderData &)> ProviderFilterProxyModel::searchPredicate() const
{
    return [terms = m_terms](const ProviderData &provider) { return matchesAll(provider, terms); };
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

// A sort compares half a million pairs of rows at 100,000 providers: reading the id from
// the index itself, rather than through data() down the proxies, is what keeps it short.
quint64 ProviderFilterProxyModel::providerId(const QModelIndex &sourceIndex) const
{
    if (m_idIsInternalId)
        return sourceIndex.internalId();
    return sourceIndex.data(ProviderTreeModel::ProviderIdRole).toULongLong();
}

// ProviderTreeModel's indexes carry the provider id as their internal id, and
// QIdentityProxyModel keeps a source index's internal pointer in its own.
bool ProviderFilterProxyModel::idIsInternalId(const QAbstractItemModel *model)
{
    QList<const QAbstractProxyModel *> between;
    return providerTreeModelBelow(model, &between)
        && std::all_of(between.cbegin(), between.cend(), [](const QAbstractProxyModel *proxy) {
               return qobject_cast<const QIdentityProxyModel *>(proxy) != nullptr;
           });
}

// One copy of the row's data for all terms; no text is built (a search of 100,000
// providers looks at each once).
bool ProviderFilterProxyModel::matchesAllTerms(const QModelIndex &sourceIndex) const
{
    return matchesAll(sourceIndex.data(ProviderTreeModel::ProviderDataRole).value<ProviderData>(), m_terms);
}

bool ProviderFilterProxyModel::matchesAll(const ProviderData &provider, const QList<Term> &terms)
{
    return std::all_of(terms.cbegin(), terms.cend(), [&provider](const Term &term) { return matches(provider, term); });
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
