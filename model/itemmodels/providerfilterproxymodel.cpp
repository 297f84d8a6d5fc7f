#include "providerfilterproxymodel.h"

#include "parallelfor.h"
#include "providerkind.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "releaseonworker.h"
#include "workerpool.h"

#include <QIdentityProxyModel>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <optional>
#include <utility>

namespace provtree {

namespace {

bool anyContains(const QStringList &values, const CaseInsensitiveFinder &text)
{
    return std::any_of(values.cbegin(), values.cend(), [&text](const QString &value) { return text.isIn(value); });
}

bool anyKeyContains(const Inventories &inventories, const CaseInsensitiveFinder &text)
{
    return std::any_of(inventories.keyBegin(), inventories.keyEnd(), [&text](const QString &key) { return text.isIn(key); });
}

// The rows of `top`'s subtree, each with its parent's id, parents before their children.
// Iterative: a chain of providers can be thousands of levels deep.
std::vector<std::pair<QModelIndex, quint64>> subtreeOf(const QAbstractItemModel &model, const QModelIndex &top)
{
    std::vector<std::pair<QModelIndex, quint64>> rows;
    if (!top.isValid())
        return rows;
    rows.emplace_back(top, top.parent().internalId());
    for (size_t i = 0; i < rows.size(); ++i) {
        const QModelIndex parent = rows[i].first;
        const int children = model.rowCount(parent);
        for (int row = 0; row < children; ++row)
            rows.emplace_back(model.index(row, 0, parent), parent.internalId());
    }
    return rows;
}

// The roles that matches and sort keys are made of: marks a proxy below adds (icons,
// tooltips, colours) change neither.
bool namesSearchOrSortRoles(const QList<int> &roles)
{
    using M = ProviderTreeModel;
    return roles.isEmpty() || std::any_of(roles.begin(), roles.end(), [](int role) {
               return role == Qt::DisplayRole || role == M::ProviderDataRole || role == M::UuidRole
                   || role == M::SearchTextRole || role == M::KindRole || role == M::UsageFractionRole
                   || role == M::NameSortKeyRole;
           });
}

} // namespace

ProviderFilterProxyModel::ProviderFilterProxyModel(QObject *parent) : QAbstractProxyModel(parent)
{
    connect(&m_search, &QFutureWatcher<Answer>::finished, this, &ProviderFilterProxyModel::takeBackgroundResult);
}

ProviderFilterProxyModel::~ProviderFilterProxyModel()
{
    m_search.cancel();
    m_search.waitForFinished(); // it reads the tree, which may go right after the proxy
}

void ProviderFilterProxyModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    QAbstractProxyModel::setSourceModel(source);
    m_source = source;
    m_between.clear();
    m_treeModel = providerTreeModelBelow(source, &m_between);
    Q_ASSERT_X(!source || (m_treeModel && std::all_of(m_between.cbegin(), m_between.cend(), [](const QAbstractProxyModel *proxy) {
                                return qobject_cast<const QIdentityProxyModel *>(proxy) != nullptr;
                            })),
               "ProviderFilterProxyModel", "the source must be a ProviderTreeModel or an identity proxy of one");
    dropRows();
    m_keys.clear();
    rematchAll();
    if (source) {
        using M = QAbstractItemModel;
        using P = ProviderFilterProxyModel;
        m_sourceConnections << connect(source, &M::dataChanged, this, &P::sourceDataChanged)
                            << connect(source, &M::rowsInserted, this, &P::sourceRowsInserted)
                            << connect(source, &M::rowsAboutToBeRemoved, this, &P::sourceRowsAboutToBeRemoved)
                            << connect(source, &M::rowsRemoved, this, [this] {
                                   m_leaving.clear();
                                   reportMatchCount();
                               })
                            << connect(source, &M::rowsAboutToBeMoved, this, &P::sourceRowsAboutToBeMoved)
                            << connect(source, &M::rowsMoved, this, &P::sourceRowsMoved)
                            << connect(source, &M::modelAboutToBeReset, this, [this] {
                                   sourceChanging();
                                   beginResetModel();
                               })
                            << connect(source, &M::modelReset, this, &P::sourceReset)
                            << connect(source, &M::layoutAboutToBeChanged, this, [this] {
                                   sourceChanging();
                                   emit layoutAboutToBeChanged();
                                   m_layoutPersistent = persistentIndexList();
                               })
                            << connect(source, &M::layoutChanged, this, [this] {
                                   // Rows are ids: only the order of equal keys (or of an
                                   // unsorted proxy) can have changed.
                                   dropRows();
                                   findAgain(std::exchange(m_layoutPersistent, {}));
                                   emit layoutChanged();
                               })
                            << connect(source, &M::headerDataChanged, this, &P::headerDataChanged);
    }
    endResetModel();
    reportMatchCount();
}

// ---- Rows ----

QModelIndex ProviderFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!m_source || row < 0 || column < 0 || column >= columnCount(parent))
        return {};
    const Level &rows = level(parent.isValid() ? parent.internalId() : 0);
    return size_t(row) < rows.size() ? createIndex(row, column, quintptr(rows[size_t(row)])) : QModelIndex();
}

QModelIndex ProviderFilterProxyModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !m_source)
        return {};
    return shownIndex(sourceParentOf(child.internalId()), 0);
}

QModelIndex ProviderFilterProxyModel::sibling(int row, int column, const QModelIndex &index) const
{
    if (index.isValid() && row == index.row()) // another column of the row: every row has them all
        return column >= 0 && column < columnCount() ? createIndex(row, column, index.internalId()) : QModelIndex();
    return QAbstractProxyModel::sibling(row, column, index);
}

int ProviderFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    if (!m_source || (parent.isValid() && parent.column() != 0))
        return 0;
    return int(level(parent.isValid() ? parent.internalId() : 0).size());
}

int ProviderFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    if (!m_source || (parent.isValid() && parent.column() != 0))
        return 0;
    return m_source->columnCount();
}

// Rows built: whether there are any (during a removal they are still there while the
// counts already say what remains). Else, without a search, the source's answer, so that a
// view laying out 30,000 collapsed parents does not have each one's children sorted.
bool ProviderFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    if (!m_source || (parent.isValid() && parent.column() != 0))
        return false;
    const quint64 id = parent.isValid() ? parent.internalId() : 0;
    if (const auto it = m_levels.find(id); it != m_levels.end())
        return !it->second.empty();
    if (isSearching())
        return m_shownChildren.value(id) > 0;
    return !m_treeModel->childIdsOf(id).isEmpty();
}

// A view's layout asks every row: a tree model's rows all have the same flags, known
// without looking the row up (the identity proxies between do not change them).
Qt::ItemFlags ProviderFilterProxyModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !m_source)
        return {};
    return ProviderTreeModel::rowFlags();
}

// The columns are the source's, in its order.
QVariant ProviderFilterProxyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_source ? m_source->headerData(section, orientation, role) : QVariant();
}

QModelIndex ProviderFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !m_source)
        return {};
    return sourceIndexOf(proxyIndex.internalId(), proxyIndex.column());
}

QModelIndex ProviderFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || !m_source)
        return {};
    return shownIndex(sourceIndex.internalId(), sourceIndex.column());
}

ProviderFilterProxyModel::Level &ProviderFilterProxyModel::level(quint64 parentId) const
{
    auto it = m_levels.find(parentId);
    if (it == m_levels.end()) {
        it = m_levels.emplace(parentId, buildLevel(parentId)).first;
        renumber(it->second, 0);
    }
    return it->second;
}

ProviderFilterProxyModel::Level ProviderFilterProxyModel::buildLevel(quint64 parentId) const
{
    Level rows;
    if (parentId == 0 && usesRootsInNameOrder()) {
        const std::vector<quint64> &byName = m_treeModel->rootsInNameOrder();
        rows.reserve(byName.size());
        const auto keep = [this, &rows](quint64 id) {
            if (isShown(id) && !m_leaving.contains(id))
                rows.push_back(id);
        };
        if (m_sortOrder == Qt::AscendingOrder)
            std::for_each(byName.cbegin(), byName.cend(), keep);
        else
            std::for_each(byName.crbegin(), byName.crend(), keep);
        return rows;
    }
    const QList<quint64> &children = m_treeModel->childIdsOf(parentId);
    rows.reserve(size_t(children.size()));
    for (const quint64 id : children) {
        if (isShown(id) && !m_leaving.contains(id))
            rows.push_back(id);
    }
    sortLevel(rows);
    return rows;
}

// By key, or in the source's order without a sort column. Each row's key is read once into
// the entries sorted, not stored: storing 30,000 keys cost more than the sort.
void ProviderFilterProxyModel::sortLevel(Level &rows) const
{
    if (rows.size() < 2)
        return;
    struct Entry
    {
        ProviderSortKey key;
        int row;
        quint64 id;
    };
    std::vector<Entry> entries;
    entries.reserve(rows.size());
    if (m_sortColumn < 0) {
        for (const quint64 id : rows)
            entries.push_back({{}, sourceRowOf(id), id});
        std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.row < b.row; });
    } else {
        for (const quint64 id : rows) {
            const ProviderSortKey *kept = m_keys.find(id);
            entries.push_back({kept ? *kept : ProviderSortKey::forCell(treeIndexOf(id, m_sortColumn)), 0, id});
        }
        // Stable: equal keys keep the order they had (a level built anew: the source's).
        const bool ascending = m_sortOrder == Qt::AscendingOrder;
        std::stable_sort(entries.begin(), entries.end(), [ascending](const Entry &a, const Entry &b) {
            return ascending ? a.key < b.key : b.key < a.key;
        });
    }
    for (size_t i = 0; i < entries.size(); ++i)
        rows[i] = entries[i].id;
}

void ProviderFilterProxyModel::renumber(const Level &rows, size_t from) const
{
    for (size_t row = from; row < rows.size(); ++row)
        m_rowOf[rows[row]] = int(row);
}

// Levels exist only below shown rows: a row that goes takes the levels below it along.
void ProviderFilterProxyModel::forgetLevels(quint64 id)
{
    std::vector<quint64> pending{id};
    while (!pending.empty()) {
        const auto it = m_levels.find(pending.back());
        pending.pop_back();
        if (it == m_levels.end())
            continue;
        for (const quint64 child : it->second) {
            m_rowOf.erase(child);
            pending.push_back(child);
        }
        m_levels.erase(it);
    }
}

QModelIndex ProviderFilterProxyModel::proxyIndexOf(quint64 id, int column) const
{
    const auto it = id ? m_rowOf.find(id) : m_rowOf.end();
    return it == m_rowOf.end() ? QModelIndex() : createIndex(it->second, column, quintptr(id));
}

QModelIndex ProviderFilterProxyModel::shownIndex(quint64 id, int column) const
{
    if (id == 0)
        return {};
    if (const auto it = m_rowOf.find(id); it != m_rowOf.end())
        return createIndex(it->second, column, quintptr(id));
    // Its ancestors up to the first one with a row, then their levels from the top down.
    std::vector<quint64> chain{id};
    for (quint64 parent = sourceParentOf(id); parent != 0 && !m_rowOf.count(parent); parent = sourceParentOf(parent))
        chain.push_back(parent);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if (!isShown(*it) || m_leaving.contains(*it))
            return {};
        (void)level(sourceParentOf(*it));
        if (!m_rowOf.count(*it))
            return {};
    }
    return createIndex(m_rowOf.at(id), column, quintptr(id));
}

bool ProviderFilterProxyModel::goesBefore(quint64 shown, quint64 id, int sourceRow) const
{
    if (m_sortColumn >= 0) {
        const ProviderSortKey &left = sortKey(shown);
        const ProviderSortKey &right = sortKey(id);
        const bool ascending = m_sortOrder == Qt::AscendingOrder;
        if (left < right)
            return ascending;
        if (right < left)
            return !ascending;
    }
    return sourceRowOf(shown) < sourceRow;
}

size_t ProviderFilterProxyModel::placeFor(const Level &rows, quint64 id, int sourceRow) const
{
    return size_t(std::partition_point(rows.begin(), rows.end(),
                                       [&](quint64 shown) { return goesBefore(shown, id, sourceRow); })
                  - rows.begin());
}

void ProviderFilterProxyModel::showRow(quint64 id, quint64 parentId)
{
    if (m_rowOf.count(id))
        return; // a level built meanwhile shows it already
    const auto it = m_levels.find(parentId);
    if (it == m_levels.end())
        return; // nobody asked for those rows yet: built with it when asked
    Level &rows = it->second;
    const size_t at = placeFor(rows, id, sourceRowOf(id));
    beginInsertRows(proxyIndexOf(parentId, 0), int(at), int(at));
    rows.insert(rows.begin() + qsizetype(at), id);
    renumber(rows, at);
    endInsertRows();
}

void ProviderFilterProxyModel::hideRow(quint64 id, quint64 parentId)
{
    const auto rowIt = m_rowOf.find(id);
    const auto it = m_levels.find(parentId);
    if (rowIt == m_rowOf.end() || it == m_levels.end())
        return;
    Level &rows = it->second;
    const int row = rowIt->second;
    beginRemoveRows(proxyIndexOf(parentId, 0), row, row);
    rows.erase(rows.begin() + row);
    m_rowOf.erase(id);
    forgetLevels(id);
    renumber(rows, size_t(row));
    endRemoveRows();
}

void ProviderFilterProxyModel::rowComes(quint64 id, quint64 parentId)
{
    const quint64 top = isSearching() ? countShownChild(parentId, 1) : 0;
    if (top)
        showRow(top, sourceParentOf(top));
    else
        showRow(id, parentId);
}

void ProviderFilterProxyModel::rowGoes(quint64 id, quint64 parentId)
{
    const quint64 top = isSearching() ? countShownChild(parentId, -1) : 0;
    if (top)
        hideRow(top, sourceParentOf(top));
    else
        hideRow(id, parentId);
}

void ProviderFilterProxyModel::resortRow(quint64 id, quint64 parentId)
{
    const auto rowIt = m_rowOf.find(id);
    const auto it = m_levels.find(parentId);
    if (m_sortColumn < 0 || rowIt == m_rowOf.end() || it == m_levels.end())
        return;
    Level &rows = it->second;
    const size_t from = size_t(rowIt->second);
    rows.erase(rows.begin() + qsizetype(from));
    const size_t to = placeFor(rows, id, sourceRowOf(id));
    rows.insert(rows.begin() + qsizetype(from), id);
    if (to == from)
        return;
    const QModelIndex parent = proxyIndexOf(parentId, 0);
    beginMoveRows(parent, int(from), int(from), parent, int(to > from ? to + 1 : to));
    rows.erase(rows.begin() + qsizetype(from));
    rows.insert(rows.begin() + qsizetype(to), id);
    renumber(rows, std::min(from, to));
    endMoveRows();
}

// ---- What is shown ----

bool ProviderFilterProxyModel::isShown(quint64 id) const
{
    return !isSearching() || m_matches.contains(id) || m_shownChildren.value(id) > 0;
}

quint64 ProviderFilterProxyModel::countShownChild(quint64 parentId, int delta)
{
    quint64 top = 0;
    for (quint64 parent = parentId;; parent = sourceParentOf(parent)) {
        const bool wasShown = isShown(parent);
        int &count = m_shownChildren[parent];
        count += delta;
        if (count <= 0)
            m_shownChildren.remove(parent);
        if (parent == 0 || isShown(parent) == wasShown)
            return top;
        top = parent;
    }
}

// Children before parents: each one's shown children are counted when it is matched.
void ProviderFilterProxyModel::matchSubtree(const QModelIndex &sourceIndex)
{
    const auto rows = subtreeOf(*m_source, sourceIndex);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        const quint64 id = it->first.internalId();
        if (matchesAll(it->first.data(ProviderTreeModel::ProviderDataRole).value<ProviderData>(), m_terms))
            m_matches.insert(id);
        else
            m_matches.remove(id);
        if (it->first != sourceIndex && isShown(id))
            ++m_shownChildren[it->second];
    }
}

void ProviderFilterProxyModel::forgetSubtree(const QModelIndex &sourceIndex)
{
    for (const auto &[index, parentId] : subtreeOf(*m_source, sourceIndex)) {
        const quint64 id = index.internalId();
        m_matches.remove(id);
        m_shownChildren.remove(id);
        m_keys.erase(id);
    }
}

void ProviderFilterProxyModel::rematchAll()
{
    m_matches.clear();
    m_shownChildren.clear();
    if (!isSearching() || !m_source)
        return;
    for (int row = 0; row < m_source->rowCount(); ++row) {
        const QModelIndex root = m_source->index(row, 0);
        matchSubtree(root);
        if (isShown(root.internalId()))
            ++m_shownChildren[0];
    }
}

// ---- Sort ----

void ProviderFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    relayout(QAbstractItemModel::VerticalSortHint, [&] {
        if (column != m_sortColumn)
            m_keys.clear();
        m_sortColumn = column;
        m_sortOrder = order;
        for (auto &[parentId, rows] : m_levels) {
            if (parentId == 0 && usesRootsInNameOrder())
                rows = buildLevel(0);
            else
                sortLevel(rows);
            renumber(rows, 0);
        }
    });
}

// The tree model keeps its roots in name order (names are unique: no ties to keep).
bool ProviderFilterProxyModel::usesRootsInNameOrder() const
{
    return m_sortColumn == ProviderTreeModel::NameColumn && m_treeModel;
}

const ProviderSortKey &ProviderFilterProxyModel::sortKey(quint64 id) const
{
    if (const ProviderSortKey *key = m_keys.find(id))
        return *key;
    m_keys.insert(id, ProviderSortKey::forCell(treeIndexOf(id, m_sortColumn)));
    return *m_keys.find(id);
}

// The rows built so far, to be built again when asked. With every row of 100,000 providers
// built (a search cleared after Expand All) freeing them took 12 ms of the GUI thread.
void ProviderFilterProxyModel::dropRows()
{
    releaseOnWorker(std::exchange(m_levels, {}));
    releaseOnWorker(std::exchange(m_rowOf, {}));
}

template<typename Change>
void ProviderFilterProxyModel::relayout(QAbstractItemModel::LayoutChangeHint hint, Change change)
{
    emit layoutAboutToBeChanged({}, hint);
    const QModelIndexList held = persistentIndexList();
    change();
    findAgain(held);
    emit layoutChanged({}, hint);
}

void ProviderFilterProxyModel::findAgain(const QModelIndexList &held)
{
    QModelIndexList now;
    now.reserve(held.size());
    for (const QModelIndex &index : held)
        now.append(shownIndex(index.internalId(), index.column()));
    changePersistentIndexList(held, now);
}

// ---- Source ----

// Sort keys are read here: the proxies between only dress rows (marks, colours), and a
// sort reads every row's key.
QModelIndex ProviderFilterProxyModel::treeIndexOf(quint64 id, int column) const
{
    return m_treeModel ? m_treeModel->indexForId(id, column) : QModelIndex();
}

QModelIndex ProviderFilterProxyModel::sourceIndexOf(quint64 id, int column) const
{
    return mapUpFromTreeModel(treeIndexOf(id, column), m_between);
}

// Identity proxies above the tree model keep its shape: asked of the tree model by id.
quint64 ProviderFilterProxyModel::sourceParentOf(quint64 id) const
{
    return m_treeModel ? m_treeModel->parentIdOf(id) : 0;
}

int ProviderFilterProxyModel::sourceRowOf(quint64 id) const
{
    return m_treeModel ? m_treeModel->rowOf(id) : -1;
}

// A running search's answer may miss the change.
void ProviderFilterProxyModel::sourceChanging()
{
    ++m_sourceChanges;
}

void ProviderFilterProxyModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                                 const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    const bool searchOrSort = namesSearchOrSortRoles(roles);
    const QModelIndex parent = topLeft.parent();
    const quint64 parentId = parent.internalId();
    if (!searchOrSort) {
        shownRowsChanged(parent, topLeft, bottomRight, roles);
        return;
    }
    sourceChanging();
    const bool sortColumnChanged = m_sortColumn >= topLeft.column() && m_sortColumn <= bottomRight.column();
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex sourceRow = m_source->index(row, 0, parent);
        const quint64 id = sourceRow.internalId();
        m_keys.erase(id);
        if (isSearching()) {
            const bool wasShown = isShown(id);
            if (matchesAll(sourceRow.data(ProviderTreeModel::ProviderDataRole).value<ProviderData>(), m_terms))
                m_matches.insert(id);
            else
                m_matches.remove(id);
            if (isShown(id) != wasShown) {
                if (wasShown)
                    rowGoes(id, parentId);
                else
                    rowComes(id, parentId);
                continue;
            }
        }
        if (sortColumnChanged)
            resortRow(id, parentId);
        const QModelIndex shown = proxyIndexOf(id, topLeft.column());
        if (shown.isValid())
            emit dataChanged(shown, shown.siblingAtColumn(bottomRight.column()), roles);
    }
    reportMatchCount();
}

// Only what rows show changed, nothing searched or sorted (the marks and colours of the
// proxies below): one dataChanged from the first to the last of them as shown, wherever the
// sort put them, rather than one per row (a fit outcome, or every problem mark, names all
// 34,000 roots of a large tree).
void ProviderFilterProxyModel::shownRowsChanged(const QModelIndex &sourceParent, const QModelIndex &topLeft,
                                                const QModelIndex &bottomRight, const QList<int> &roles)
{
    const quint64 parentId = sourceParent.internalId();
    const auto level = m_levels.find(parentId);
    if (level == m_levels.end() || level->second.empty())
        return; // no view holds these rows
    const QModelIndex shownParent = parentId == 0 ? QModelIndex() : proxyIndexOf(parentId, 0);
    if (parentId != 0 && !shownParent.isValid())
        return;
    int first = int(level->second.size());
    int last = -1;
    if (topLeft.row() == 0 && bottomRight.row() >= m_source->rowCount(sourceParent) - 1) {
        first = 0; // all of them
        last = int(level->second.size()) - 1;
    } else {
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            const auto it = m_rowOf.find(m_source->index(row, 0, sourceParent).internalId());
            if (it != m_rowOf.end()) {
                first = std::min(first, it->second);
                last = std::max(last, it->second);
            }
        }
    }
    if (last >= first)
        emit dataChanged(index(first, topLeft.column(), shownParent), index(last, bottomRight.column(), shownParent), roles);
}

void ProviderFilterProxyModel::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    sourceChanging();
    const quint64 parentId = parent.internalId();
    for (int row = first; row <= last; ++row) {
        const QModelIndex sourceRow = m_source->index(row, 0, parent);
        if (isSearching())
            matchSubtree(sourceRow);
        if (isShown(sourceRow.internalId()))
            rowComes(sourceRow.internalId(), parentId);
    }
    reportMatchCount();
}

void ProviderFilterProxyModel::sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    sourceChanging();
    const quint64 parentId = parent.internalId();
    for (int row = first; row <= last; ++row) {
        const QModelIndex sourceRow = m_source->index(row, 0, parent);
        const quint64 id = sourceRow.internalId();
        for (const auto &[index, parentOfIndex] : subtreeOf(*m_source, sourceRow))
            m_leaving.insert(index.internalId());
        if (isShown(id))
            rowGoes(id, parentId);
        forgetSubtree(sourceRow);
    }
}

// A row that stays shown between two built levels is one move, which keeps the views'
// selection and expanded rows below it; anything else hides it here and shows it there.
void ProviderFilterProxyModel::sourceRowsAboutToBeMoved(const QModelIndex &parent, int first, int last,
                                                        const QModelIndex &destination, int destinationRow)
{
    sourceChanging();
    const quint64 parentId = parent.internalId();
    const quint64 destinationId = destination.internalId();
    for (int row = first; row <= last; ++row) {
        PendingMove move;
        move.id = m_source->index(row, 0, parent).internalId();
        if (isShown(move.id)) {
            // Its old parent stays shown, and its new one is shown with its rows built.
            const auto into = m_levels.find(destinationId);
            if (first == last && parentId != destinationId && m_rowOf.count(move.id) && into != m_levels.end()
                && (!isSearching() || parentId == 0 || m_matches.contains(parentId)
                    || m_shownChildren.value(parentId) > 1)) {
                move.at = placeFor(into->second, move.id, destinationRow);
                const int from = m_rowOf.at(move.id);
                move.asOneMove = beginMoveRows(proxyIndexOf(parentId, 0), from, from, proxyIndexOf(destinationId, 0),
                                               int(move.at));
            }
            if (move.asOneMove && isSearching())
                (void)countShownChild(parentId, -1);
            else if (!move.asOneMove)
                rowGoes(move.id, parentId);
        }
        m_moving.push_back(move);
    }
}

void ProviderFilterProxyModel::sourceRowsMoved(const QModelIndex &parent, int, int, const QModelIndex &destination, int)
{
    const quint64 parentId = parent.internalId();
    const quint64 destinationId = destination.internalId();
    const std::vector<PendingMove> moves = std::exchange(m_moving, {});
    for (const PendingMove &move : moves) {
        if (!isShown(move.id))
            continue;
        if (!move.asOneMove) {
            rowComes(move.id, destinationId);
            continue;
        }
        if (isSearching())
            (void)countShownChild(destinationId, 1); // shown already: its rows are built
        Level &from = m_levels.at(parentId);
        Level &into = m_levels.at(destinationId);
        const size_t row = size_t(m_rowOf.at(move.id));
        from.erase(from.begin() + qsizetype(row));
        renumber(from, row);
        into.insert(into.begin() + qsizetype(move.at), move.id);
        renumber(into, move.at);
        endMoveRows();
    }
    reportMatchCount();
}

void ProviderFilterProxyModel::sourceReset()
{
    dropRows();
    m_keys.clear();
    m_leaving.clear();
    m_moving.clear();
    // A large new tree is searched on the worker; its rows have new ids, so nothing
    // matches until the answer is in.
    if (searchesInBackground(m_terms)) {
        m_matches.clear();
        m_shownChildren.clear();
        startBackgroundSearch();
    } else {
        rematchAll();
    }
    endResetModel();
    reportMatchCount();
}

// ---- Search ----

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
    return m_searchTree && m_treeModel && !terms.isEmpty() && m_searchTree->size() >= m_backgroundFrom;
}

void ProviderFilterProxyModel::startBackgroundSearch()
{
    m_search.cancel();
    m_searchedAtChange = m_sourceChanges;
    m_search.setFuture(QtConcurrent::run(workerPool(), &ProviderFilterProxyModel::searchTree, m_searchTree,
                                         termsOf(m_requested), m_treeModel->idsByUuid()));
}

// The providers are matched on every core (the GUI thread waits for input meanwhile);
// then one pass in the walk's depth-first order, where the providers above the one visited
// are the path to it: a match shows that path up to the first provider already shown, and
// each provider that comes to be shown counts as a shown child of its parent. Ids are
// looked up only for what is shown (a uuid hash lookup for each of 100,000 providers
// took a third of a selective search).
void ProviderFilterProxyModel::searchTree(QPromise<Answer> &promise, const ProviderTree *tree, const QList<Term> &terms,
                                          const QHash<QString, quint64> &ids)
{
    struct Step
    {
        const ProviderData *provider = nullptr;
        std::optional<quint64> id; // looked up when needed; 0: not in the rows yet
        bool shown = false;

        quint64 rowId(const QHash<QString, quint64> &ids)
        {
            if (!id)
                id = ids.value(provider->uuid);
            return *id;
        }
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
        std::vector<Step> path;
        for (size_t i = 0; i < all.size(); ++i) {
            if (i % 4096 == 0 && (canceled = promise.isCanceled()))
                return;
            const ProviderData &provider = *all[i];
            while (!path.empty() && path.back().provider->uuid != provider.parentUuid)
                path.pop_back();
            Step step{&provider, std::nullopt, false};
            if (!matched[i]) {
                path.push_back(step);
                continue;
            }
            const quint64 parentId = path.empty() ? 0 : path.back().rowId(ids);
            // A provider the rows do not show yet (or below one) is left out: its insertion
            // matches it.
            if (step.rowId(ids) != 0 && (path.empty() || parentId != 0)) {
                answer.matches.insert(*step.id);
                step.shown = true;
                ++answer.shownChildren[parentId];
                for (auto above = path.rbegin(); above != path.rend() && !above->shown; ++above) {
                    above->shown = true;
                    const auto next = std::next(above);
                    ++answer.shownChildren[next == path.rend() ? 0 : next->rowId(ids)];
                }
            }
            path.push_back(step);
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
    Answer answer = future.result();
    apply(m_requested, termsOf(m_requested), &answer);
}

// One layout change: the rows are built again when asked, and the rows held by persistent
// indexes (the views' selection and expanded rows) are found by id.
void ProviderFilterProxyModel::apply(const QString &text, const QList<Term> &terms, Answer *answer)
{
    emit searchAboutToBeApplied();
    relayout(QAbstractItemModel::NoLayoutChangeHint, [&] {
        m_text = text;
        m_requested = text;
        m_terms = terms;
        if (answer) {
            releaseOnWorker(std::exchange(m_matches, std::move(answer->matches)));
            releaseOnWorker(std::exchange(m_shownChildren, std::move(answer->shownChildren)));
        } else {
            rematchAll();
        }
        dropRows();
    });
    // The text changed even when the count did not (the feedback says which search it is).
    m_reportedMatches = -1;
    reportMatchCount();
    emit searchApplied();
}

bool ProviderFilterProxyModel::matchesSearch(const QModelIndex &sourceIndex) const
{
    return sourceIndex.isValid() && (!isSearching() || m_matches.contains(sourceIndex.internalId()));
}

QList<ProviderFilterProxyModel::Term> ProviderFilterProxyModel::termsOf(const QString &text)
{
    QList<Term> terms;
    static const QRegularExpression kSpaces(QStringLiteral("\\s+"));
    const QStringList words = text.split(kSpaces, Qt::SkipEmptyParts);
    for (const QString &word : words) {
        Term::Field field = Term::Field::Any;
        QString text = word;
        const auto takePrefix = [&](QLatin1StringView prefix, Term::Field prefixed) {
            if (!word.startsWith(prefix, Qt::CaseInsensitive) || word.size() == prefix.size())
                return false;
            field = prefixed;
            text = word.mid(prefix.size());
            return true;
        };
        takePrefix(QLatin1StringView("kind:"), Term::Field::Kind)
            || takePrefix(QLatin1StringView("trait:"), Term::Field::Trait)
            || takePrefix(QLatin1StringView("class:"), Term::Field::ResourceClass)
            || takePrefix(QLatin1StringView("rc:"), Term::Field::ResourceClass);
        terms.append(Term{field, CaseInsensitiveFinder(text)});
    }
    return terms;
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
        return term.text.isIn(provider.name) || term.text.isIn(provider.uuid)
            || anyContains(provider.traits, term.text)
            || anyKeyContains(provider.inventories, term.text)
            || anyContains(provider.aggregates, term.text);
    case Term::Field::Kind:
        return term.text.isIn(kindLabel(providerKind(provider)));
    case Term::Field::Trait:
        return anyContains(provider.traits, term.text);
    case Term::Field::ResourceClass:
        return anyKeyContains(provider.inventories, term.text);
    }
    return false;
}

std::function<bool(const ProviderData &)> ProviderFilterProxyModel::searchPredicate() const
{
    return [terms = m_terms](const ProviderData &provider) { return matchesAll(provider, terms); };
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
