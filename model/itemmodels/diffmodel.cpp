#include "diffmodel.h"

#include "displaynumber.h"
#include "inventory.h"
#include "logging.h"
#include "neutralise.h"
#include "providertreemodel.h" // Q_DECLARE_METATYPE(ProviderData)
#include "releaseonworker.h"

#include <QSet>
#include <QStringBuilder>

namespace provtree {

namespace {

constexpr int kMaxSummaryClasses = 3; // past this, the summary says "and N more"

// "VCPU total 16 → 32, reserved 0 → 2" or "+PCPU" / "−VGPU".
QStringList inventoryChanges(const Inventories &before, const Inventories &after)
{
    QStringList out;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const auto old = before.constFind(it.key());
        if (old == before.cend()) {
            out.append(u'+' + it.key());
            continue;
        }
        QStringList fields;
        for (int f = 0; f < kInventoryFieldCount; ++f) {
            const auto field = InventoryField(f);
            const double from = fieldValue(*old, field);
            const double to = fieldValue(*it, field);
            if (from != to)
                fields.append(fieldName(field) % u' ' % displayNumber(from) % QStringLiteral(" → ") % displayNumber(to));
        }
        if (!fields.isEmpty())
            out.append(it.key() % u' ' % fields.join(QStringLiteral(", ")));
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!after.contains(it.key()))
            out.append(QStringLiteral("−") + it.key());
    }
    return out;
}

// "+2 −1" for two sorted lists.
QString setChange(const QStringList &before, const QStringList &after)
{
    const QSet<QString> b(before.cbegin(), before.cend());
    const QSet<QString> a(after.cbegin(), after.cend());
    const qsizetype added = (a - b).size();
    const qsizetype removed = (b - a).size();
    QStringList parts;
    if (added)
        parts.append(u'+' + QString::number(added));
    if (removed)
        parts.append(QStringLiteral("−") + QString::number(removed));
    return parts.join(u' ');
}

} // namespace

DiffModel::DiffModel(QObject *parent) : QAbstractItemModel(parent) {}

// A comparison of 100,000 providers takes a good part of a second to build, and tens of
// milliseconds to free: that part is a worker's too.
constexpr size_t kReleaseOnWorkerFrom = 5000;

DiffModel::~DiffModel()
{
    if (m_items.size() >= kReleaseOnWorkerFrom) {
        Content rows;
        rows.m_items.swap(m_items);
        rows.m_positionByUuid.swap(m_positionByUuid);
        rows.m_oldNames.swap(m_oldNames);
        rows.m_newNames.swap(m_newNames);
        releaseOnWorker(std::move(rows));
    }
}

DiffModel::Content DiffModel::contentOf(const QList<Entry> &entries)
{
    Content content;
    content.m_items.reserve(size_t(entries.size()));
    content.m_positionByUuid.reserve(entries.size());
    for (const Entry &entry : entries) {
        const QString uuid = entry.uuid();
        if (uuid.isEmpty() || content.m_positionByUuid.contains(uuid))
            continue;
        const qsizetype position = qsizetype(content.m_items.size());
        Item item;
        item.entry = entry;
        const auto parentIt = entry.parentUuid.isEmpty() ? content.m_positionByUuid.cend()
                                                         : content.m_positionByUuid.constFind(entry.parentUuid);
        const bool root = parentIt == content.m_positionByUuid.cend();
        QList<qsizetype> &siblings = root ? content.m_roots : content.m_items[size_t(*parentIt)].children;
        item.parent = root ? -1 : *parentIt;
        item.row = int(siblings.size());
        siblings.append(position);
        content.m_items.push_back(std::move(item));
        content.m_positionByUuid.insert(uuid, position);
        if (entry.before)
            content.m_oldNames.insert(uuid, entry.before->name);
        if (entry.after)
            content.m_newNames.insert(uuid, entry.after->name);
    }
    return content;
}

DiffModel::Content DiffModel::contentOf(const TreeDiff &diff, const QList<ProviderData> &before,
                                        const QList<ProviderData> &after)
{
    if (diff.mergedTree().isEmpty() && !(before.isEmpty() && after.isEmpty()))
        qCWarning(lcCore) << "DiffModel: the diff has no merged tree (computed without it?); showing nothing";
    QHash<QString, qsizetype> beforeByUuid;
    beforeByUuid.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        beforeByUuid.insert(before.at(i).uuid, i);
    QHash<QString, qsizetype> afterByUuid;
    afterByUuid.reserve(after.size());
    for (qsizetype i = 0; i < after.size(); ++i)
        afterByUuid.insert(after.at(i).uuid, i);

    QList<Entry> entries;
    entries.reserve(diff.mergedTree().size());
    for (const MergedEntry &merged : diff.mergedTree()) {
        Entry entry;
        entry.status = merged.status;
        entry.parentUuid = merged.parentUuid;
        if (const auto it = beforeByUuid.constFind(merged.uuid); it != beforeByUuid.cend())
            entry.before = before.at(*it);
        if (const auto it = afterByUuid.constFind(merged.uuid); it != afterByUuid.cend())
            entry.after = after.at(*it);
        // The diff's own record where a state lacks one (the states should hold them all).
        if (!entry.before && !entry.after && merged.diffIndex >= 0) {
            const ProviderDiff &provider = diff.providers().at(merged.diffIndex);
            (merged.status == DiffStatus::Removed ? entry.before : entry.after) = provider.record;
        }
        if (!entry.before && !entry.after)
            continue;
        if (entry.before && entry.after)
            entry.changedParts = changedParts(*entry.before, *entry.after);
        entries.append(std::move(entry));
    }
    return contentOf(entries);
}

void DiffModel::setContent(Content content)
{
    beginResetModel();
    m_items.swap(content.m_items);
    m_roots.swap(content.m_roots);
    m_positionByUuid.swap(content.m_positionByUuid);
    m_oldNames.swap(content.m_oldNames);
    m_newNames.swap(content.m_newNames);
    endResetModel();
    // `content` now holds the old rows, which the views have let go.
    if (content.m_items.size() >= kReleaseOnWorkerFrom)
        releaseOnWorker(std::move(content));
}

void DiffModel::setEntries(const QList<Entry> &entries)
{
    setContent(contentOf(entries));
}

void DiffModel::setDiff(const TreeDiff &diff, const QList<ProviderData> &before, const QList<ProviderData> &after)
{
    setContent(contentOf(diff, before, after));
}

ProviderParts DiffModel::changedParts(const ProviderData &before, const ProviderData &after)
{
    ProviderParts parts;
    if (before.name != after.name)
        parts |= ProviderPart::Name;
    if (before.parentUuid != after.parentUuid)
        parts |= ProviderPart::Parent;
    if (before.inventories != after.inventories) {
        // Records compare field by field, absent fields as Placement's defaults.
        bool differs = before.inventories.keys() != after.inventories.keys();
        for (auto it = after.inventories.cbegin(); !differs && it != after.inventories.cend(); ++it)
            differs = it->effective() != before.inventories.value(it.key()).effective();
        if (differs)
            parts |= ProviderPart::Inventories;
    }
    if (before.usages != after.usages)
        parts |= ProviderPart::Usages;
    if (before.traits != after.traits)
        parts |= ProviderPart::Traits;
    if (before.aggregates != after.aggregates)
        parts |= ProviderPart::Aggregates;
    return parts;
}

// --- QAbstractItemModel -----------------------------------------------------------------

QModelIndex DiffModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    if (parent.isValid() && (parent.internalId() == 0 || parent.internalId() > m_items.size()))
        return {};
    const QList<qsizetype> &siblings = parent.isValid() ? m_items[parent.internalId() - 1].children : m_roots;
    if (row >= siblings.size())
        return {};
    return createIndex(row, column, quintptr(siblings.at(row) + 1));
}

QModelIndex DiffModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0 || child.internalId() > m_items.size())
        return {};
    return indexAt(m_items[child.internalId() - 1].parent, 0);
}

int DiffModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0 || parent.internalId() == 0 || parent.internalId() > m_items.size())
        return 0;
    return int(m_items[parent.internalId() - 1].children.size());
}

int DiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() && parent.column() != 0 ? 0 : ColumnCount;
}

QVariant DiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Entry *entry = entryAt(index);
    if (!entry)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return entry->current().name;
        case UuidColumn: return entry->uuid();
        case SummaryColumn: return summaryAt(index);
        }
        return {};
    case Qt::ToolTipRole: {
        // Views read tool tips as rich text when they look like it: escape the names.
        const QString text = summaryAt(index);
        return text.isEmpty() ? QVariant() : QVariant(QStringLiteral("<p>") % text.toHtmlEscaped() % QStringLiteral("</p>"));
    }
    case StatusRole: return int(entry->status);
    case UuidRole: return entry->uuid();
    case BeforeRole: return entry->before ? QVariant::fromValue(*entry->before) : QVariant();
    case AfterRole: return entry->after ? QVariant::fromValue(*entry->after) : QVariant();
    case ChangedPartsRole: return int(entry->changedParts.toInt());
    case IsDifferenceRole: return entry->status != DiffStatus::Unchanged;
    }
    return {};
}

QVariant DiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case UuidColumn: return tr("UUID");
    case SummaryColumn: return tr("Difference");
    }
    return {};
}

QHash<int, QByteArray> DiffModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(StatusRole, "status");
    names.insert(UuidRole, "uuid");
    names.insert(BeforeRole, "before");
    names.insert(AfterRole, "after");
    names.insert(ChangedPartsRole, "changedParts");
    names.insert(IsDifferenceRole, "isDifference");
    return names;
}

// --- lookups ----------------------------------------------------------------------------

QModelIndex DiffModel::indexAt(qsizetype position, int column) const
{
    if (position < 0 || size_t(position) >= m_items.size())
        return {};
    return createIndex(m_items[size_t(position)].row, column, quintptr(position + 1));
}

QModelIndex DiffModel::indexForUuid(const QString &uuid, int column) const
{
    const auto it = m_positionByUuid.constFind(uuid);
    return it == m_positionByUuid.cend() ? QModelIndex() : indexAt(*it, column);
}

const DiffModel::Entry *DiffModel::entryAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() == 0 || index.internalId() > m_items.size())
        return nullptr;
    return &m_items[index.internalId() - 1].entry;
}

int DiffModel::count(DiffStatus status) const
{
    int n = 0;
    for (const Item &item : m_items)
        n += item.entry.status == status ? 1 : 0;
    return n;
}

QList<QModelIndex> DiffModel::topDown() const
{
    QList<QModelIndex> out;
    out.reserve(qsizetype(m_items.size()));
    // An explicit stack: trees can be deep (a chain of thousands).
    QList<qsizetype> stack(m_roots.crbegin(), m_roots.crend());
    while (!stack.isEmpty()) {
        const qsizetype position = stack.takeLast();
        out.append(indexAt(position, NameColumn));
        const QList<qsizetype> &children = m_items[size_t(position)].children;
        for (auto it = children.crbegin(); it != children.crend(); ++it)
            stack.append(*it);
    }
    return out;
}

QString DiffModel::nameOf(const QString &uuid) const
{
    return m_newNames.value(uuid, m_oldNames.value(uuid, uuid));
}

QString DiffModel::oldNameOf(const QString &uuid) const
{
    return m_oldNames.value(uuid, m_newNames.value(uuid, uuid));
}

QString DiffModel::summaryAt(const QModelIndex &index) const
{
    const Entry *entry = entryAt(index);
    if (!entry)
        return {};
    const bool moved = entry->before && entry->after && entry->changedParts.testFlag(ProviderPart::Parent);
    return summary(*entry, moved ? oldNameOf(entry->before->parentUuid) : QString(),
                   moved ? nameOf(entry->after->parentUuid) : QString());
}

QString DiffModel::summary(const Entry &entry, const QString &oldParentName, const QString &newParentName)
{
    switch (entry.status) {
    case DiffStatus::Added: return tr("added");
    case DiffStatus::Removed: return tr("removed");
    case DiffStatus::Unchanged: return {};
    case DiffStatus::Changed:
    case DiffStatus::Moved: break;
    }
    if (!entry.before || !entry.after)
        return {};
    QStringList parts;
    const ProviderParts changed = entry.changedParts;
    if (changed.testFlag(ProviderPart::Parent)) {
        // Names are user text: neutralised where they could fake or hide text.
        const QString from = neutralisedIfNeeded(oldParentName);
        const QString to = neutralisedIfNeeded(newParentName);
        const bool wasRoot = entry.before->parentUuid.isEmpty();
        const bool isRoot = entry.after->parentUuid.isEmpty();
        if (wasRoot)
            parts.append(to.isEmpty() ? tr("moved (was a root)") : tr("moved from the top (was a root) to %1").arg(to));
        else if (isRoot)
            parts.append(from.isEmpty() ? tr("moved to the top (now a root)") : tr("moved from %1 to the top (now a root)").arg(from));
        else if (from.isEmpty() || to.isEmpty())
            parts.append(tr("moved"));
        else
            parts.append(tr("moved from %1 to %2").arg(from, to));
    }
    if (changed.testFlag(ProviderPart::Name))
        parts.append(tr("renamed from %1").arg(neutralisedIfNeeded(entry.before->name)));
    if (changed.testFlag(ProviderPart::Inventories)) {
        QStringList classes = inventoryChanges(entry.before->inventories, entry.after->inventories);
        if (classes.size() > kMaxSummaryClasses) {
            const qsizetype more = classes.size() - kMaxSummaryClasses;
            classes.resize(kMaxSummaryClasses);
            classes.append(tr("%n more", nullptr, int(more)));
        }
        parts.append(classes.join(QStringLiteral("; ")));
    }
    if (changed.testFlag(ProviderPart::Usages))
        parts.append(tr("usages"));
    if (changed.testFlag(ProviderPart::Traits))
        parts.append(tr("traits %1").arg(setChange(entry.before->traits, entry.after->traits)));
    if (changed.testFlag(ProviderPart::Aggregates))
        parts.append(tr("aggregates %1").arg(setChange(entry.before->aggregates, entry.after->aggregates)));
    return parts.join(QStringLiteral("; "));
}

} // namespace provtree
