#include "providertreemodel.h"

#include "logging.h"
#include "providersortkey.h"
#include "providertree.h"
#include "providerusage.h"
#include "releaseonworker.h"
#include "workerpool.h"

#include <QAbstractProxyModel>
#include <QScopeGuard>
#include <QStringBuilder>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace provtree {

namespace {

double usageFractionOf(const ProviderData &provider)
{
    const std::optional<ClassUsage> usage = highestUsage(provider);
    return usage ? usage->fraction : -1.0;
}

// The cells of a row that a change of `parts` affects, as data() shows them: the
// smallest column range and the roles that change in it.
struct AffectedCells
{
    int firstColumn = ProviderTreeModel::NameColumn; // ProviderDataRole, which any part changes
    int lastColumn = ProviderTreeModel::NameColumn;
    QList<int> roles{ProviderTreeModel::ProviderDataRole};

    void add(int column, std::initializer_list<int> changed)
    {
        firstColumn = std::min(firstColumn, column);
        lastColumn = std::max(lastColumn, column);
        for (const int role : changed) {
            if (!roles.contains(role))
                roles.append(role);
        }
    }
};

AffectedCells affectedCells(ProviderParts parts)
{
    using M = ProviderTreeModel;
    AffectedCells cells;
    // NameColumn's tooltip names the kind, so whatever changes the kind changes it too.
    if (parts.testFlag(ProviderPart::Name))
        cells.add(M::NameColumn, {Qt::DisplayRole, Qt::ToolTipRole, M::SearchTextRole, M::NameSortKeyRole});
    if (parts.testFlag(ProviderPart::Generation))
        cells.add(M::GenerationColumn, {Qt::DisplayRole});
    if (parts.testFlag(ProviderPart::Inventories)) {
        cells.add(M::NameColumn, {Qt::ToolTipRole, M::KindRole, M::SearchTextRole});
        cells.add(M::ResourceClassesColumn, {Qt::DisplayRole, Qt::ToolTipRole});
        cells.add(M::UsageColumn, {Qt::DisplayRole, Qt::ToolTipRole, M::UsageFractionRole});
    }
    if (parts.testFlag(ProviderPart::Usages)) {
        cells.add(M::NameColumn, {Qt::ToolTipRole});
        cells.add(M::ResourceClassesColumn, {Qt::ToolTipRole});
        cells.add(M::UsageColumn, {Qt::DisplayRole, Qt::ToolTipRole, M::UsageFractionRole});
    }
    if (parts.testFlag(ProviderPart::Traits))
        cells.add(M::NameColumn, {Qt::ToolTipRole, M::KindRole, M::SearchTextRole});
    if (parts.testFlag(ProviderPart::Aggregates))
        cells.add(M::NameColumn, {M::SearchTextRole});
    if (parts.testFlag(ProviderPart::Parent)) // a root and a child of the same data differ in kind
        cells.add(M::NameColumn, {Qt::ToolTipRole, M::KindRole});
    // The row's accessible text says what its tooltip says (name, kind, usage).
    if (cells.roles.contains(Qt::ToolTipRole))
        cells.add(M::NameColumn, {Qt::AccessibleTextRole});
    std::sort(cells.roles.begin(), cells.roles.end());
    return cells;
}

} // namespace

ProviderTreeModel::ProviderTreeModel(ProviderTree &tree, QObject *parent)
    : QAbstractItemModel(parent), m_tree(tree)
{
    // Register first, then take the snapshot: ChangeSets up to its sequence are skipped.
    m_observer = m_tree.addObserver([this](const ChangeSet &changes) { receive(changes); });
    rebuild();
    connect(&m_rebuild, &QFutureWatcher<Mirror>::finished, this, &ProviderTreeModel::adoptRebuilt);
}

ProviderTreeModel::~ProviderTreeModel()
{
    m_tree.removeObserver(m_observer); // waits for a call in progress on another thread
    if (m_rebuildPending) // the walk reads the tree, which may go right after the model
        m_rebuild.waitForFinished();
}

// --- QAbstractItemModel -----------------------------------------------------------------

QModelIndex ProviderTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (parent.isValid() && (parent.model() != this || parent.column() != 0))
        return {};
    const QList<quint64> *siblings = &m_mirror.roots;
    if (parent.isValid()) {
        const Item *item = m_mirror.find(parent.internalId());
        if (!item)
            return {}; // a stale index: its provider has left the model
        siblings = &item->children;
    }
    if (row >= siblings->size())
        return {};
    return createIndex(row, column, quintptr(siblings->at(row)));
}

QModelIndex ProviderTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Item *item = m_mirror.find(child.internalId());
    if (!item || item->parentId == 0)
        return {};
    return indexForId(item->parentId, 0);
}

int ProviderTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_mirror.roots.size());
    if (parent.column() != 0)
        return 0;
    const Item *item = m_mirror.find(parent.internalId());
    return item ? int(item->children.size()) : 0;
}

int ProviderTreeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() && parent.column() != 0 ? 0 : ColumnCount;
}

QVariant ProviderTreeModel::data(const QModelIndex &index, int role) const
{
    // Not checkIndex()'s row check: it looks the parent up twice, and a sort asks for data
    // millions of times. An index whose provider has left is refused by the lookup below.
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::DoNotUseParent))
        return {};
    if (role == ProviderIdRole)
        return QVariant::fromValue(quint64(index.internalId()));
    const Item *found = m_mirror.find(index.internalId());
    if (!found)
        return {};
    const Item &item = *found;
    const ProviderData &p = item.data;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return p.name;
        case UuidColumn: return p.uuid;
        case GenerationColumn: return p.generation;
        case ResourceClassesColumn: return resourceSummary(p);
        case ChildrenColumn: return int(item.children.size());
        case UsageColumn: {
            const std::optional<ClassUsage> usage = highestUsage(p);
            return usage ? usagePercentText(usage->fraction) : QString();
        }
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return toolTip(item);
        if (index.column() == ResourceClassesColumn && !p.inventories.isEmpty())
            return usageLines(p).join(QLatin1Char('\n'));
        if (index.column() == UsageColumn)
            return usageToolTip(p);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == GenerationColumn || index.column() == ChildrenColumn || index.column() == UsageColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case UuidRole: return p.uuid;
    case UsageFractionRole:
        return index.column() == UsageColumn ? QVariant(item.usageFraction) : QVariant();
    }
    if (index.column() != NameColumn)
        return {}; // the row's own roles live on its item
    switch (role) {
    case Qt::AccessibleTextRole: return accessibleText(p);
    case KindRole: return int(providerKind(p));
    case ProviderDataRole: return QVariant::fromValue(p);
    case NameSortKeyRole: return item.nameKey;
    case SearchTextRole:
        return QStringList{p.name, p.uuid, p.traits.join(QLatin1Char(' ')),
                           p.inventories.keys().join(QLatin1Char(' ')), p.aggregates.join(QLatin1Char(' '))}
            .join(QLatin1Char(' '));
    }
    return {};
}

Qt::ItemFlags ProviderTreeModel::flags(const QModelIndex &index) const
{
    return checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::DoNotUseParent) ? rowFlags()
                                                                                                 : Qt::ItemFlags();
}

QVariant ProviderTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::InitialSortOrderRole)
        return section == UsageColumn ? Qt::DescendingOrder : Qt::AscendingOrder; // the fullest first
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case UuidColumn: return tr("UUID");
    case GenerationColumn: return tr("Generation");
    case ResourceClassesColumn: return tr("Resource classes");
    case ChildrenColumn: return tr("Children");
    case UsageColumn: return tr("Usage");
    }
    return {};
}

QHash<int, QByteArray> ProviderTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(UuidRole, "uuid");
    names.insert(KindRole, "kind");
    names.insert(ProviderIdRole, "providerId");
    names.insert(ProviderDataRole, "providerData");
    names.insert(SearchTextRole, "searchText");
    names.insert(UsageFractionRole, "usageFraction");
    names.insert(NameSortKeyRole, "nameSortKey");
    return names;
}

QModelIndex ProviderTreeModel::indexForUuid(QStringView uuid, int column) const
{
    const auto it = m_mirror.idByUuid.constFind(uuid.toString());
    return it == m_mirror.idByUuid.cend() ? QModelIndex() : indexForId(it.value(), column);
}

// --- following the core -----------------------------------------------------------------

// The core calls its observers one ChangeSet at a time, in sequence order, so the inbox
// holds them in that order whichever threads deliver them. Applying them only from the
// inbox is what keeps a direct delivery on this thread from overtaking a queued one.
void ProviderTreeModel::receive(const ChangeSet &changes)
{
    bool wasEmpty = false;
    {
        const std::lock_guard guard(m_inboxMutex);
        wasEmpty = m_inbox.empty();
        m_inbox.push_back(changes);
    }
    if (QThread::currentThread() == thread())
        applyReceived();
    else if (wasEmpty) // otherwise a call already posted, or running, takes this one too
        QMetaObject::invokeMethod(this, &ProviderTreeModel::applyReceived, Qt::QueuedConnection);
}

void ProviderTreeModel::applyReceived()
{
    // Re-entered from a change made while a ChangeSet is being applied (a slot that edits
    // the tree, a nested event loop): the loop further up the stack applies it next.
    if (m_applying || m_rebuildPending)
        return;
    m_applying = true;
    const auto done = qScopeGuard([this] { m_applying = false; });
    while (!m_rebuildPending) {
        const std::optional<ChangeSet> next = takeReceived();
        if (!next)
            break;
        applyChanges(*next);
    }
}

std::optional<ChangeSet> ProviderTreeModel::takeReceived()
{
    const std::lock_guard guard(m_inboxMutex);
    if (m_inbox.empty())
        return std::nullopt;
    ChangeSet next = std::move(m_inbox.front());
    m_inbox.pop_front();
    return next;
}

void ProviderTreeModel::applyChanges(const ChangeSet &changes)
{
    if (changes.sequence <= m_seenSequence)
        return; // already part of the snapshot the model was built from
    if (changes.reset || changes.sequence != m_seenSequence + 1) {
        if (!changes.reset)
            qCWarning(lcCore) << "tree model missed changes" << m_seenSequence + 1 << "to"
                              << changes.sequence - 1 << "- rebuilding";
        if (changes.reset && m_tree.size() >= m_backgroundRebuildFrom)
            rebuildInBackground();
        else
            rebuild();
        return;
    }
    m_seenSequence = changes.sequence;
    for (const ProviderChange &change : changes.changes) {
        if (!applyChange(change))
            return; // rebuilt from the tree as it is now, which holds the remaining steps
    }
}

bool ProviderTreeModel::applyChange(const ProviderChange &change)
{
    switch (change.kind) {
    case ProviderChange::Kind::Added:
        return insertItem(change.uuid, change.parentUuid);
    case ProviderChange::Kind::Removed:
        removeItem(change.uuid);
        return true;
    case ProviderChange::Kind::Changed:
        if (change.parts.testFlag(ProviderPart::Parent) && !moveItem(change.uuid, change.parentUuid))
            return false;
        refreshItem(change.uuid, change.parts);
        return true;
    }
    return true;
}

void ProviderTreeModel::rebuild()
{
    adopt(mirrorOf(m_tree, m_nextId));
}

ProviderTreeModel::Mirror ProviderTreeModel::mirrorOf(const ProviderTree &tree, quint64 firstId)
{
    Mirror mirror;
    mirror.nextId = firstId;
    mirror.firstId = firstId;
    const qsizetype size = tree.size(); // a hint: the walk below is what counts
    mirror.items.reserve(size_t(size));
    mirror.byId.reserve(size_t(size));
    mirror.idByUuid.reserve(size);
    mirror.sequence = tree.forEachProvider([&mirror](const ProviderData &p) { // parents come first
        mirror.add(mirror.nextId++, p, p.isRoot() ? 0 : mirror.idByUuid.value(p.parentUuid));
    });
    mirror.sortRootsByName();
    return mirror;
}

void ProviderTreeModel::adopt(Mirror &&mirror)
{
    beginResetModel();
    std::swap(m_mirror, mirror);
    m_nextId = m_mirror.nextId;
    m_seenSequence = m_mirror.sequence;
    endResetModel();
    // `mirror` is the old tree now: 100,000 rows take a while to free.
    if (mirror.items.size() >= size_t(m_backgroundRebuildFrom))
        releaseOnWorker(std::move(mirror));
}

// A large tree is read on a worker while the rows show the old one; the ChangeSets that
// arrive meanwhile wait in the inbox and follow once the new rows are in (those up to the
// walk's sequence are part of it already).
void ProviderTreeModel::rebuildInBackground()
{
    m_rebuildPending = true;
    m_rebuild.setFuture(QtConcurrent::run(workerPool(), [&tree = m_tree, firstId = m_nextId] { return mirrorOf(tree, firstId); }));
}

void ProviderTreeModel::adoptRebuilt()
{
    if (!m_rebuildPending)
        return;
    Mirror mirror = m_rebuild.future().takeResult();
    m_rebuildPending = false;
    adopt(std::move(mirror));
    applyReceived();
}

// The core may already be ahead of the ChangeSet being applied (later ones are queued):
// structure follows the ChangeSets, data is the newest the core has.
ProviderData ProviderTreeModel::currentData(const QString &uuid, const QString &parentUuid) const
{
    if (auto data = m_tree.data(uuid))
        return *data;
    ProviderData placeholder; // already removed again: a later ChangeSet says so
    placeholder.uuid = uuid;
    placeholder.parentUuid = parentUuid;
    return placeholder;
}

bool ProviderTreeModel::insertItem(const QString &uuid, const QString &parentUuid)
{
    const quint64 parentId = parentUuid.isEmpty() ? 0 : m_mirror.idByUuid.value(parentUuid);
    if (!parentUuid.isEmpty() && parentId == 0) {
        qCWarning(lcCore) << "tree model: parent" << parentUuid << "unknown, rebuilding";
        rebuild();
        return false;
    }
    if (m_mirror.idByUuid.contains(uuid)) {
        qCWarning(lcCore) << "tree model: provider" << uuid << "added twice, rebuilding";
        rebuild();
        return false;
    }
    const QModelIndex parentIndex = indexForId(parentId, 0);
    const int row = int(childrenOf(parentId).size());
    beginInsertRows(parentIndex, row, row);
    const quint64 id = m_nextId++;
    addItem(id, currentData(uuid, parentUuid), parentId);
    if (parentId == 0)
        m_mirror.placeRoot(id);
    endInsertRows();
    if (parentId != 0)
        emit dataChanged(indexForId(parentId, ChildrenColumn), indexForId(parentId, ChildrenColumn), {Qt::DisplayRole});
    return true;
}

void ProviderTreeModel::removeItem(const QString &uuid)
{
    const quint64 id = m_mirror.idByUuid.value(uuid);
    if (id == 0)
        return;
    const Item &item = m_mirror.items.at(id);
    const quint64 parentId = item.parentId;
    const int row = item.row;
    beginRemoveRows(indexForId(parentId, 0), row, row);
    if (parentId == 0)
        m_mirror.unplaceRoot(id);
    QList<quint64> &siblings = childrenOf(parentId);
    siblings.removeAt(row);
    renumber(siblings, row);
    eraseItemTree(id);
    endRemoveRows();
    if (parentId != 0)
        emit dataChanged(indexForId(parentId, ChildrenColumn), indexForId(parentId, ChildrenColumn), {Qt::DisplayRole});
}

bool ProviderTreeModel::moveItem(const QString &uuid, const QString &newParentUuid)
{
    const quint64 id = m_mirror.idByUuid.value(uuid);
    const quint64 newParentId = newParentUuid.isEmpty() ? 0 : m_mirror.idByUuid.value(newParentUuid);
    if (id == 0 || (!newParentUuid.isEmpty() && newParentId == 0)) {
        qCWarning(lcCore) << "tree model: cannot move" << uuid << "under" << newParentUuid << "- rebuilding";
        rebuild();
        return false;
    }
    Item &item = m_mirror.items.at(id);
    const quint64 oldParentId = item.parentId;
    const int oldRow = item.row;
    QList<quint64> &target = childrenOf(newParentId);
    const int newRow = int(target.size()) - (oldParentId == newParentId ? 1 : 0);
    if (oldParentId == newParentId && oldRow == newRow)
        return true;
    // Qt's destination row counts the moved row too when moving within one parent.
    const int destination = oldParentId == newParentId ? newRow + 1 : newRow;
    if (!beginMoveRows(indexForId(oldParentId, 0), oldRow, oldRow, indexForId(newParentId, 0), destination)) {
        qCWarning(lcCore) << "tree model: move of" << uuid << "refused - rebuilding";
        rebuild();
        return false;
    }
    if (oldParentId == 0)
        m_mirror.unplaceRoot(id);
    QList<quint64> &source = childrenOf(oldParentId);
    source.removeAt(oldRow);
    renumber(source, oldRow);
    QList<quint64> &destinationList = childrenOf(newParentId);
    item.parentId = newParentId;
    item.row = int(destinationList.size());
    destinationList.append(id);
    if (newParentId == 0)
        m_mirror.placeRoot(id);
    endMoveRows();
    for (const quint64 parentId : {oldParentId, newParentId}) {
        if (parentId != 0 && oldParentId != newParentId)
            emit dataChanged(indexForId(parentId, ChildrenColumn), indexForId(parentId, ChildrenColumn), {Qt::DisplayRole});
    }
    return true;
}

void ProviderTreeModel::refreshItem(const QString &uuid, ProviderParts parts)
{
    const quint64 id = m_mirror.idByUuid.value(uuid);
    if (id == 0)
        return;
    Item &item = m_mirror.items.at(id);
    const QString oldName = item.data.name;
    item.data = currentData(uuid, item.data.parentUuid);
    if (item.data.name != oldName) { // the core may already hold a later rename
        if (item.parentId == 0)
            m_mirror.unplaceRoot(id);
        item.nameKey = ProviderSortKey::nameKeyText(item.data.name, item.data.uuid);
        if (item.parentId == 0)
            m_mirror.placeRoot(id);
    }
    item.usageFraction = usageFractionOf(item.data);
    if (!parts)
        return;
    const AffectedCells cells = affectedCells(parts);
    emit dataChanged(indexForId(id, cells.firstColumn), indexForId(id, cells.lastColumn), cells.roles);
}

void ProviderTreeModel::addItem(quint64 id, const ProviderData &data, quint64 parentId)
{
    m_mirror.add(id, data, parentId);
}

void ProviderTreeModel::Mirror::add(quint64 id, const ProviderData &data, quint64 parentId)
{
    QList<quint64> &siblings = childrenOf(parentId);
    Item &item = items[id];
    Q_ASSERT(id >= firstId); // ids only grow
    if (id - firstId >= byId.size())
        byId.resize(size_t(id - firstId) + 1, nullptr);
    byId[size_t(id - firstId)] = &item;
    item.data = data;
    item.nameKey = ProviderSortKey::nameKeyText(data.name, data.uuid);
    item.usageFraction = usageFractionOf(data);
    item.parentId = parentId;
    item.row = int(siblings.size());
    siblings.append(id);
    idByUuid.insert(data.uuid, id);
}

void ProviderTreeModel::Mirror::sortRootsByName()
{
    rootsByName.assign(roots.cbegin(), roots.cend());
    std::sort(rootsByName.begin(), rootsByName.end(),
              [this](quint64 left, quint64 right) { return find(left)->nameKey < find(right)->nameKey; });
}

void ProviderTreeModel::Mirror::placeRoot(quint64 id)
{
    const QString &key = items.at(id).nameKey;
    rootsByName.insert(std::lower_bound(rootsByName.begin(), rootsByName.end(), key,
                                        [this](quint64 root, const QString &k) { return items.at(root).nameKey < k; }),
                       id);
}

void ProviderTreeModel::Mirror::unplaceRoot(quint64 id)
{
    const QString &key = items.at(id).nameKey;
    const auto it = std::lower_bound(rootsByName.begin(), rootsByName.end(), key,
                                     [this](quint64 root, const QString &k) { return items.at(root).nameKey < k; });
    if (it != rootsByName.end() && *it == id)
        rootsByName.erase(it);
}

void ProviderTreeModel::eraseItemTree(quint64 id)
{
    QList<quint64> stack{id};
    while (!stack.isEmpty()) {
        const quint64 current = stack.takeLast();
        const auto it = m_mirror.items.find(current);
        stack.append(it->second.children);
        m_mirror.idByUuid.remove(it->second.data.uuid);
        m_mirror.byId[size_t(current - m_mirror.firstId)] = nullptr;
        m_mirror.items.erase(it);
    }
}

quint64 ProviderTreeModel::parentIdOf(quint64 id) const
{
    const Item *item = m_mirror.find(id);
    return item ? item->parentId : 0;
}

int ProviderTreeModel::rowOf(quint64 id) const
{
    const Item *item = m_mirror.find(id);
    return item ? item->row : -1;
}

const QList<quint64> &ProviderTreeModel::childIdsOf(quint64 id) const
{
    static const QList<quint64> kNone;
    if (id == 0)
        return m_mirror.roots;
    const Item *item = m_mirror.find(id);
    return item ? item->children : kNone;
}

QList<quint64> &ProviderTreeModel::childrenOf(quint64 parentId)
{
    return m_mirror.childrenOf(parentId);
}

QList<quint64> &ProviderTreeModel::Mirror::childrenOf(quint64 parentId)
{
    return parentId == 0 ? roots : items.at(parentId).children;
}

void ProviderTreeModel::renumber(const QList<quint64> &siblings, int from)
{
    for (int row = from; row < siblings.size(); ++row)
        m_mirror.items.at(siblings[row]).row = row;
}

QModelIndex ProviderTreeModel::indexForId(quint64 id, int column) const
{
    if (id == 0)
        return {};
    const Item *item = m_mirror.find(id);
    return item ? createIndex(item->row, column, quintptr(id)) : QModelIndex();
}

QString ProviderTreeModel::resourceSummary(const ProviderData &data) const
{
    QStringList parts;
    for (auto it = data.inventories.cbegin(); it != data.inventories.cend(); ++it)
        parts.append(it.key() % QLatin1Char(' ') % QString::number(it.value().capacity()));
    return parts.join(QStringLiteral(", "));
}

// "VCPU: 12 used of 32", one per resource class.
QStringList ProviderTreeModel::usageLines(const ProviderData &data) const
{
    QStringList lines;
    for (auto it = data.inventories.cbegin(); it != data.inventories.cend(); ++it) {
        lines.append(it.key() % QStringLiteral(": ") % QString::number(data.usages.value(it.key()))
                     % QStringLiteral(" used of ") % QString::number(it.value().capacity()));
    }
    return lines;
}

// "Highest usage: VCPU, 14 used of 16 (88 %)".
QString ProviderTreeModel::usageToolTip(const ProviderData &data) const
{
    const std::optional<ClassUsage> usage = highestUsage(data);
    if (!usage)
        return {};
    return tr("Highest usage: %1, %2 used of %3 (%4)")
            .arg(usage->resourceClass, QString::number(usage->used), QString::number(usage->capacity),
                 usagePercentText(usage->fraction));
}

// What a screen reader says for the row: "cn-01_numa0, NUMA node, MEMORY_MB 90 % used, ...".
QString ProviderTreeModel::accessibleText(const ProviderData &data) const
{
    QString text = data.name % QStringLiteral(", ") % kindLabel(providerKind(data));
    for (auto it = data.inventories.cbegin(); it != data.inventories.cend(); ++it) {
        const qint64 capacity = it.value().capacity();
        const qint64 used = data.usages.value(it.key());
        text += QStringLiteral(", ") % it.key() % QLatin1Char(' ');
        if (capacity > 0)
            text += tr("%1 % used").arg(std::lround(double(used) * 100.0 / double(capacity)));
        else
            text += used > 0 ? tr("over capacity") : tr("no capacity");
    }
    return text;
}

QString ProviderTreeModel::toolTip(const Item &item) const
{
    const ProviderData &p = item.data;
    QString tip = QStringLiteral("<b>") % p.name.toHtmlEscaped() % QStringLiteral("</b> (")
        % kindLabel(providerKind(p)) % QStringLiteral(")<br>") % p.uuid;
    for (const QString &line : usageLines(p))
        tip += QStringLiteral("<br>") % line;
    if (!p.traits.isEmpty())
        tip += QStringLiteral("<br>") % p.traits.join(QStringLiteral(", "));
    return tip;
}

const ProviderTreeModel *providerTreeModelBelow(const QAbstractItemModel *model,
                                                QList<const QAbstractProxyModel *> *between)
{
    while (const auto *proxy = qobject_cast<const QAbstractProxyModel *>(model)) {
        if (between)
            between->prepend(proxy);
        model = proxy->sourceModel();
    }
    return qobject_cast<const ProviderTreeModel *>(model);
}

QModelIndex mapUpFromTreeModel(QModelIndex index, const QList<const QAbstractProxyModel *> &between)
{
    for (const QAbstractProxyModel *proxy : between)
        index = proxy->mapFromSource(index);
    return index;
}

QModelIndex mapDownToTreeModel(QModelIndex index, const QList<const QAbstractProxyModel *> &between)
{
    for (auto proxy = between.crbegin(); proxy != between.crend(); ++proxy)
        index = (*proxy)->mapToSource(index);
    return index;
}

} // namespace provtree
