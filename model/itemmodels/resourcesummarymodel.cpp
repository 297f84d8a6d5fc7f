#include "resourcesummarymodel.h"

#include "displaynumber.h"

#include <QStringBuilder>

#include <cmath>
#include <limits>

namespace provtree {

namespace {

double usageFraction(const ResourceClassTotals &totals)
{
    if (totals.capacity > 0)
        return double(totals.used) / double(totals.capacity);
    return totals.used > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

} // namespace

ResourceSummaryModel::ResourceSummaryModel(QObject *parent) : QAbstractTableModel(parent) {}

ResourceSummaryModel::~ResourceSummaryModel() = default;

void ResourceSummaryModel::setTotals(const QMap<QString, ResourceClassTotals> &totals)
{
    if (totals.keys() != m_classes) {
        beginResetModel();
        m_totals = totals;
        m_classes = totals.keys();
        endResetModel();
        return;
    }
    const QMap<QString, ResourceClassTotals> old = std::exchange(m_totals, totals);
    for (int row = 0; row < m_classes.size(); ++row) {
        if (old.value(m_classes[row]) != m_totals.value(m_classes[row])) {
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1),
                             {Qt::DisplayRole, ValueRole, Qt::ToolTipRole, Qt::AccessibleTextRole, UsageFractionRole});
        }
    }
}

int ResourceSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_classes.size());
}

int ResourceSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResourceSummaryModel::value(const ResourceClassTotals &totals, int column)
{
    switch (column) {
    case TotalColumn: return totals.total;
    case ReservedColumn: return totals.reserved;
    case CapacityColumn: return totals.capacity;
    case UsedColumn: return totals.used;
    case FreeColumn: return totals.free;
    }
    return {};
}

// "88 %"; past the capacity "103 %, over capacity".
QString ResourceSummaryModel::usageText(const ResourceClassTotals &totals)
{
    if (totals.capacity <= 0)
        return totals.used > 0 ? tr("over capacity") : tr("0 %");
    const long percent = std::lround(usageFraction(totals) * 100.0);
    return totals.used > totals.capacity ? tr("%1 %, over capacity").arg(percent) : tr("%1 %").arg(percent);
}

// "VCPU, total 1,200, capacity 4,800, used 2,100, free 2,700, 44 %"
QString ResourceSummaryModel::summary(const QString &resourceClass, const ResourceClassTotals &totals)
{
    return tr("%1, total %2, capacity %3, used %4, free %5, %6")
        .arg(resourceClass, groupedNumber(totals.total), groupedNumber(totals.capacity),
             groupedNumber(totals.used), groupedNumber(totals.free), usageText(totals));
}

QVariant ResourceSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &resourceClass = m_classes[index.row()];
    const ResourceClassTotals totals = m_totals.value(resourceClass);
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return column == ResourceClassColumn ? resourceClass : groupedNumber(value(totals, column).toLongLong());
    case ValueRole:
        return value(totals, column);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(column == ResourceClassColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                                 : Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole: { // "VCPU capacity 4,800"; the class cell says the whole row
        if (column == ResourceClassColumn)
            return summary(resourceClass, totals);
        QString text = resourceClass % QLatin1Char(' ')
            % headerData(column, Qt::Horizontal, Qt::DisplayRole).toString().toLower() % QLatin1Char(' ')
            % groupedNumber(value(totals, column).toLongLong());
        if (column == UsedColumn)
            text += QStringLiteral(", ") % usageText(totals);
        return text;
    }
    case UsageFractionRole:
        return column == UsedColumn ? QVariant(usageFraction(totals)) : QVariant();
    }
    return {};
}

QVariant ResourceSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CapacityColumn: return tr("Sum over the providers of (total - reserved) x allocation ratio");
        case FreeColumn: return tr("capacity - used, summed; negative when overcommitted");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ResourceClassColumn: return tr("Resource class");
    case TotalColumn: return tr("Total");
    case ReservedColumn: return tr("Reserved");
    case CapacityColumn: return tr("Capacity");
    case UsedColumn: return tr("Used");
    case FreeColumn: return tr("Free");
    }
    return {};
}

} // namespace provtree
