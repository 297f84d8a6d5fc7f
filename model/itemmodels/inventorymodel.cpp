#include "inventorymodel.h"

#include "displaynumber.h"
#include "providerkind.h"
#include "providertree.h"
#include "providertreenotifier.h"
#include "treeeditor.h"
#include "validation.h"

#include <QStringBuilder>

#include <algorithm>
#include <cmath>
#include <limits>

namespace provtree {

namespace {

constexpr std::array kFieldColumns{
    InventoryModel::TotalColumn,    InventoryModel::ReservedColumn, InventoryModel::MinUnitColumn,
    InventoryModel::MaxUnitColumn,  InventoryModel::StepSizeColumn, InventoryModel::AllocationRatioColumn,
};

double usageFraction(qint64 used, qint64 capacity)
{
    if (capacity > 0)
        return double(used) / double(capacity);
    return used > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

QString errorMessage(const Status &status)
{
    return status.firstError().message;
}

void appendLine(QString &text, const QString &line)
{
    if (!text.isEmpty())
        text += QLatin1Char('\n');
    text += line;
}

} // namespace

InventoryModel::InventoryModel(ProviderTree &tree, TreeEditor &editor, QObject *parent)
    : QAbstractTableModel(parent), m_tree(tree), m_editor(editor), m_notifier(new ProviderTreeNotifier(tree, this))
{
    // AutoConnection on purpose: a change made on this thread (an edit, undo) is shown
    // before the call that made it returns; one delivered on another thread is queued.
    // Either way the model re-reads the provider and shows the difference, so a queued
    // ChangeSet that is older than what the model already shows changes nothing.
    connect(m_notifier, &ProviderTreeNotifier::changed, this, &InventoryModel::onTreeChanged);
}

InventoryModel::~InventoryModel()
{
    delete m_notifier; // stop notifications before the members go
}

// --- selection and state --------------------------------------------------------------

void InventoryModel::setProvider(const QString &uuid)
{
    m_uuid = uuid;
    reload(true);
}

void InventoryModel::setReadOnly(bool readOnly)
{
    if (m_readOnly == readOnly)
        return;
    m_readOnly = readOnly;
    emit readOnlyChanged(readOnly);
}

std::optional<InventoryField> InventoryModel::fieldForColumn(int column)
{
    if (column < TotalColumn || column > AllocationRatioColumn)
        return std::nullopt;
    return InventoryField(column - TotalColumn);
}

int InventoryModel::columnForField(InventoryField field)
{
    return TotalColumn + int(field);
}

QString InventoryModel::resourceClassAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].resourceClass : QString();
}

int InventoryModel::rowForResourceClass(const QString &resourceClass) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), resourceClass,
                                     [](const Row &row, const QString &name) { return row.resourceClass < name; });
    return it != m_rows.cend() && it->resourceClass == resourceClass ? int(it - m_rows.cbegin()) : -1;
}

bool InventoryModel::isNovaField(int column) const
{
    return column == TotalColumn || column == ReservedColumn || column == MaxUnitColumn;
}

// --- edits --------------------------------------------------------------------------------

bool InventoryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || m_readOnly
        || !index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const auto field = fieldForColumn(index.column());
    if (!field)
        return false;
    bool ok = false;
    const double number = value.toDouble(&ok);
    if (!ok) {
        refuse(index, tr("%1 must be a number").arg(fieldName(*field)));
        return false;
    }
    // Infinities and NaN go to the core, which says why it refuses them.
    if (*field != InventoryField::AllocationRatio && std::isfinite(number) && number != std::trunc(number)) {
        refuse(index, tr("%1 must be a whole number").arg(fieldName(*field)));
        return false;
    }
    const QString resourceClass = m_rows[index.row()].resourceClass;
    const Status status = m_editor.setInventoryField(m_uuid, resourceClass, *field, number);
    if (!status.ok()) {
        refuse(index, status);
        return false;
    }
    reload(false); // the change may have been delivered on another thread: show it now
    accept();
    return true;
}

Status InventoryModel::addResourceClass(const QString &resourceClass, qint64 total)
{
    Status status;
    if (m_readOnly) {
        status = makeError(ProblemKind::InvalidInventory, tr("the inventory is read-only"), m_uuid);
    } else {
        InventoryRecord record;
        record.total = total;
        status = m_editor.addResourceClass(m_uuid, resourceClass, record);
    }
    if (!status.ok()) {
        refuse(QModelIndex(), status);
        return status;
    }
    reload(false);
    accept();
    return status;
}

Status InventoryModel::removeResourceClass(int row)
{
    Status status;
    if (m_readOnly)
        status = makeError(ProblemKind::InvalidInventory, tr("the inventory is read-only"), m_uuid);
    else if (row < 0 || row >= m_rows.size())
        status = makeError(ProblemKind::InvalidResourceClass, tr("no resource class in row %1").arg(row), m_uuid);
    else
        status = m_editor.removeResourceClass(m_uuid, m_rows[row].resourceClass);
    if (!status.ok()) {
        refuse(QModelIndex(), status);
        return status;
    }
    reload(false);
    accept();
    return status;
}

void InventoryModel::refuse(const QModelIndex &index, const Status &status)
{
    refuse(index, errorMessage(status));
}

void InventoryModel::refuse(const QModelIndex &index, const QString &message)
{
    if (index.isValid())
        setRefusal(Refusal{m_rows[index.row()].resourceClass, index.column(), message});
    emit editRefused(index, message);
}

void InventoryModel::clearRefusal()
{
    if (m_refusal)
        setRefusal(std::nullopt);
}

void InventoryModel::accept()
{
    setRefusal(std::nullopt);
    emit editAccepted();
}

void InventoryModel::setRefusal(std::optional<Refusal> refusal)
{
    const std::optional<Refusal> old = std::exchange(m_refusal, std::move(refusal));
    const QList<int> roles{EditErrorRole, Qt::ToolTipRole, Qt::AccessibleDescriptionRole};
    const auto notify = [&](const std::optional<Refusal> &cell) {
        const int row = cell ? rowForResourceClass(cell->resourceClass) : -1;
        if (row >= 0)
            emit dataChanged(index(row, cell->column), index(row, cell->column), roles);
    };
    notify(old);
    if (m_refusal && (!old || old->resourceClass != m_refusal->resourceClass || old->column != m_refusal->column))
        notify(m_refusal);
}

// --- following the core -----------------------------------------------------------------

void InventoryModel::onTreeChanged(const ChangeSet &changes)
{
    if (m_uuid.isEmpty())
        return;
    const bool concernsProvider = changes.reset || std::any_of(changes.changes.cbegin(), changes.changes.cend(),
        [this](const ProviderChange &change) {
            return change.uuid == m_uuid || change.removedDescendants.contains(m_uuid);
        });
    if (concernsProvider)
        reload(false);
}

void InventoryModel::reload(bool forceReset)
{
    std::optional<ProviderData> data;
    if (!m_uuid.isEmpty())
        data = m_tree.data(m_uuid);
    if (forceReset || data.has_value() != m_present)
        resetTo(std::move(data));
    else if (data && *data != m_data)
        applyDiff(*data);
}

void InventoryModel::resetTo(std::optional<ProviderData> data)
{
    beginResetModel();
    m_present = data.has_value();
    m_data = data ? std::move(*data) : ProviderData();
    m_novaManaged = m_present && isNovaManaged(m_data);
    m_refusal.reset();
    m_rows.clear();
    for (auto it = m_data.inventories.cbegin(); it != m_data.inventories.cend(); ++it)
        m_rows.append(makeRow(it.key(), it.value(), m_data.usages.value(it.key())));
    endResetModel();
    emit providerChanged(m_uuid);
}

void InventoryModel::applyDiff(const ProviderData &data)
{
    const bool novaBefore = m_novaManaged;
    m_data = data;
    m_novaManaged = isNovaManaged(data);
    removeStaleRows(data.inventories);
    insertNewRows(data);
    updateRows(data, novaBefore != m_novaManaged);
}

// One beginRemoveRows/endRemoveRows per run of adjacent rows whose class is gone.
void InventoryModel::removeStaleRows(const Inventories &inventories)
{
    for (int last = int(m_rows.size()) - 1; last >= 0; --last) {
        if (inventories.contains(m_rows[last].resourceClass))
            continue;
        int first = last;
        while (first > 0 && !inventories.contains(m_rows[first - 1].resourceClass))
            --first;
        if (m_refusal && !inventories.contains(m_refusal->resourceClass))
            m_refusal.reset();
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first;
    }
}

// Both lists are sorted and the rows are a subset of the classes now: walk them together,
// inserting each run of new classes with one beginInsertRows/endInsertRows.
void InventoryModel::insertNewRows(const ProviderData &data)
{
    const QStringList classes = data.inventories.keys();
    int row = 0;
    while (row < classes.size()) {
        if (row < m_rows.size() && m_rows[row].resourceClass == classes[row]) {
            ++row;
            continue;
        }
        int end = row + 1;
        while (end < classes.size() && (row >= m_rows.size() || classes[end] != m_rows[row].resourceClass))
            ++end;
        QList<Row> added;
        for (int i = row; i < end; ++i)
            added.append(makeRow(classes[i], data.inventories.value(classes[i]), data.usages.value(classes[i])));
        beginInsertRows({}, row, end - 1);
        m_rows.insert(row, added.size(), Row());
        std::move(added.begin(), added.end(), m_rows.begin() + row);
        endInsertRows();
        row = end;
    }
}

// One dataChanged per row that changed, over the columns (and roles) that changed.
void InventoryModel::updateRows(const ProviderData &data, bool novaChanged)
{
    for (int r = 0; r < m_rows.size(); ++r) {
        Row &old = m_rows[r];
        Row fresh = makeRow(old.resourceClass, data.inventories.value(old.resourceClass),
                            data.usages.value(old.resourceClass));
        int first = ColumnCount;
        int last = -1;
        QList<int> roles;
        const auto mark = [&](int column, std::initializer_list<int> changedRoles) {
            first = std::min(first, column);
            last = std::max(last, column);
            for (const int role : changedRoles) {
                if (!roles.contains(role))
                    roles.append(role);
            }
        };
        for (int column = 0; column < ColumnCount; ++column) {
            if (displayValue(old, column) != displayValue(fresh, column))
                mark(column, {Qt::DisplayRole, Qt::EditRole, Qt::ToolTipRole, Qt::AccessibleTextRole,
                              Qt::AccessibleDescriptionRole});
            if (old.warnings[column] != fresh.warnings[column])
                mark(column, {WarningRole, Qt::ToolTipRole, Qt::AccessibleDescriptionRole});
        }
        const qint64 oldCapacity = old.record.capacity();
        const qint64 newCapacity = fresh.record.capacity();
        if (usageFraction(old.used, oldCapacity) != usageFraction(fresh.used, newCapacity))
            mark(UsedColumn, {UsageFractionRole, Qt::ToolTipRole, Qt::AccessibleTextRole,
                              Qt::AccessibleDescriptionRole});
        else if (oldCapacity != newCapacity) // "... used of a capacity of N"
            mark(UsedColumn, {Qt::ToolTipRole, Qt::AccessibleTextRole, Qt::AccessibleDescriptionRole});
        const bool summaryChanged = rowSummary(old) != rowSummary(fresh);
        old = std::move(fresh);
        if (last >= 0)
            emit dataChanged(index(r, first), index(r, last), roles);
        if (summaryChanged)
            emit headerDataChanged(Qt::Vertical, r, r);
    }
    if (novaChanged && !m_rows.isEmpty())
        emit dataChanged(index(0, TotalColumn), index(int(m_rows.size()) - 1, MaxUnitColumn),
                         {NovaManagedRole, Qt::ToolTipRole, Qt::AccessibleDescriptionRole});
}

InventoryModel::Row InventoryModel::makeRow(const QString &resourceClass, const InventoryRecord &record,
                                            qint64 used) const
{
    Row row;
    row.resourceClass = resourceClass;
    row.record = record.effective();
    row.used = used;
    Problems problems = validation::checkInventory(resourceClass, row.record, m_uuid);
    problems.append(validation::checkUsages({{resourceClass, used}}, {{resourceClass, row.record}}, m_uuid));
    for (const Problem &problem : std::as_const(problems)) {
        int column = ResourceClassColumn;
        if (problem.field.startsWith(QLatin1StringView("usages."))) {
            column = UsedColumn;
        } else {
            for (const int fieldColumn : kFieldColumns) {
                if (problem.field.endsWith(QLatin1Char('.') % fieldName(*fieldForColumn(fieldColumn))))
                    column = fieldColumn;
            }
        }
        appendLine(row.warnings[column], problem.message);
    }
    return row;
}

// --- QAbstractItemModel -----------------------------------------------------------------

int InventoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InventoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InventoryModel::displayValue(const Row &row, int column) const
{
    const InventoryRecord &r = row.record;
    switch (column) {
    case ResourceClassColumn: return row.resourceClass;
    case TotalColumn: return r.totalOr0();
    case ReservedColumn: return r.reservedOrDefault();
    case MinUnitColumn: return r.minUnitOrDefault();
    case MaxUnitColumn: return r.maxUnitOrDefault();
    case StepSizeColumn: return r.stepSizeOrDefault();
    case AllocationRatioColumn: return r.allocationRatioOrDefault();
    case CapacityColumn: return r.capacity();
    case UsedColumn: return row.used;
    case FreeColumn: return r.capacity() - row.used; // capacity and usage are >= 0 in a valid tree
    }
    return {};
}

QVariant InventoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return displayValue(row, column);
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::TextAlignmentRole:
        if (column == ResourceClassColumn)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case WarningRole:
        return row.warnings[column];
    case NovaManagedRole:
        return m_novaManaged && isNovaField(column);
    case UsageFractionRole:
        if (column == UsedColumn)
            return usageFraction(row.used, row.record.capacity());
        return {};
    case EditErrorRole:
        if (m_refusal && m_refusal->column == column && m_refusal->resourceClass == row.resourceClass)
            return m_refusal->message;
        return QString();
    case ResourceClassRole:
        return row.resourceClass;
    case Qt::AccessibleTextRole:
        return accessibleText(row, column);
    case Qt::AccessibleDescriptionRole: // what the tooltip says beyond the text
        return column == ResourceClassColumn ? row.warnings[column] : toolTip(row, column);
    }
    return {};
}

// A screen reader reads a cell alone: it says its class and field, as in "VCPU total 32",
// "VCPU allocation ratio 4", "VCPU used 112 of 128, 88 %".
QString InventoryModel::accessibleText(const Row &row, int column) const
{
    const QString value = displayText(row, column);
    switch (column) {
    case ResourceClassColumn: return row.resourceClass;
    case CapacityColumn: return tr("%1 capacity %2").arg(row.resourceClass, value);
    case FreeColumn: return tr("%1 free %2").arg(row.resourceClass, value);
    case UsedColumn:
        return tr("%1 used %2 of %3, %4")
            .arg(row.resourceClass, value, QString::number(row.record.capacity()), usageText(row));
    }
    const auto field = fieldForColumn(column);
    return field ? row.resourceClass % QLatin1Char(' ') % accessibleFieldName(*field) % QLatin1Char(' ') % value
                 : QString();
}

// The row as one sentence, for the row's header: "VCPU, total 32, used 14, 88 %", with the
// capacity when it differs from the total ("VCPU, total 32, capacity 128, used 112, 88 %").
QString InventoryModel::rowSummary(const Row &row) const
{
    const qint64 total = row.record.totalOr0();
    const qint64 capacity = row.record.capacity();
    QString text = tr("%1, total %2").arg(row.resourceClass, QString::number(total));
    if (capacity != total)
        text += tr(", capacity %1").arg(capacity);
    return text + tr(", used %1, %2").arg(QString::number(row.used), usageText(row));
}

// "88 %"; past the capacity "103 %, over capacity"; nothing to use: "over capacity".
QString InventoryModel::usageText(const Row &row) const
{
    const qint64 capacity = row.record.capacity();
    if (capacity <= 0)
        return row.used > 0 ? tr("over capacity") : tr("0 %");
    const long percent = std::lround(double(row.used) * 100.0 / double(capacity));
    return row.used > capacity ? tr("%1 %, over capacity").arg(percent) : tr("%1 %").arg(percent);
}

QString InventoryModel::displayText(const Row &row, int column) const
{
    const QVariant value = displayValue(row, column);
    return column == AllocationRatioColumn ? displayNumber(value.toDouble()) : value.toString();
}

QString InventoryModel::accessibleFieldName(InventoryField field)
{
    switch (field) {
    case InventoryField::Total: return tr("total");
    case InventoryField::Reserved: return tr("reserved");
    case InventoryField::MinUnit: return tr("min unit");
    case InventoryField::MaxUnit: return tr("max unit");
    case InventoryField::StepSize: return tr("step size");
    case InventoryField::AllocationRatio: return tr("allocation ratio");
    }
    return {};
}

QString InventoryModel::toolTip(const Row &row, int column) const
{
    QString tip;
    if (column == ResourceClassColumn)
        tip = row.resourceClass; // whole: the cell may elide it
    if (m_refusal && m_refusal->column == column && m_refusal->resourceClass == row.resourceClass)
        appendLine(tip, tr("Edit refused: %1").arg(m_refusal->message));
    if (!row.warnings[column].isEmpty())
        appendLine(tip, tr("Warning: %1").arg(row.warnings[column]));
    if (m_novaManaged && isNovaField(column)) {
        appendLine(tip, tr("nova's resource tracker manages this provider and rewrites %1 on its next "
                           "update: an edit here will not stick.")
                            .arg(fieldName(*fieldForColumn(column))));
    }
    if (column == UsedColumn) {
        const qint64 capacity = row.record.capacity();
        QString usage = tr("%1 used of a capacity of %2").arg(QString::number(row.used), QString::number(capacity));
        if (capacity > 0)
            usage += QStringLiteral(" (%1 %)").arg(double(row.used) * 100.0 / double(capacity), 0, 'f', 1);
        appendLine(tip, usage);
    }
    return tip;
}

QVariant InventoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        // Each row's header is its class (a screen reader names the row by it when moving
        // up and down), and its accessible text the whole row in one sentence.
        if (section < 0 || section >= m_rows.size())
            return {};
        if (role == Qt::DisplayRole)
            return m_rows[section].resourceClass;
        if (role == Qt::AccessibleTextRole)
            return rowSummary(m_rows[section]);
        return {};
    }
    if (role == Qt::AccessibleTextRole) { // one line, as it is said
        QString text = headerData(section, orientation, Qt::DisplayRole).toString();
        return text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CapacityColumn: return tr("(total - reserved) x allocation ratio, truncated, as Placement computes it");
        case FreeColumn: return tr("capacity - used; negative when the provider is overcommitted");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ResourceClassColumn: return tr("Resource class");
    case TotalColumn: return tr("Total");
    case ReservedColumn: return tr("Reserved");
    // Two lines: the words are wider than the numbers below them (mostly 1 for min_unit).
    case MinUnitColumn: return tr("Min\nunit");
    case MaxUnitColumn: return tr("Max\nunit");
    case StepSizeColumn: return tr("Step");
    case AllocationRatioColumn: return tr("Ratio");
    case CapacityColumn: return tr("Capacity");
    case UsedColumn: return tr("Used");
    case FreeColumn: return tr("Free");
    }
    return {};
}

Qt::ItemFlags InventoryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (!m_readOnly && fieldForColumn(index.column()))
        flags |= Qt::ItemIsEditable;
    return flags;
}

QHash<int, QByteArray> InventoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(WarningRole, "warning");
    names.insert(NovaManagedRole, "novaManaged");
    names.insert(UsageFractionRole, "usageFraction");
    names.insert(EditErrorRole, "editError");
    names.insert(ResourceClassRole, "resourceClass");
    return names;
}

} // namespace provtree
