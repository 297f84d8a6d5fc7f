#pragma once

#include "inventorymodel.h"
#include "treestats.h"

#include <QAbstractTableModel>
#include <QList>
#include <QMap>
#include <QString>

namespace provtree {

// Per resource class sums over a set of providers (TreeStats::resourceClasses: a whole
// tree, or the providers a search matches) as a table: one row per class, sorted by name;
// total, reserved, capacity, used and free. The used column carries the usage fraction
// under InventoryModel's UsageFractionRole, so that UsageBarDelegate draws the same bar
// and percentage as in the inventory table.
//
// The number columns show their sums with the digits grouped as the locale groups them
// (groupedNumber(): "1,234,567"; an item view would leave the groups out of a number),
// the numbers themselves under ValueRole.
//
// setTotals() shows new sums: rows whose sums changed get one dataChanged each (the whole
// row); a different set of classes resets the model (a class appearing in or leaving a
// whole tree is rare).
//
// GUI-thread object.
class ResourceSummaryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ResourceClassColumn, TotalColumn, ReservedColumn, CapacityColumn, UsedColumn, FreeColumn, ColumnCount };
    // double, on UsedColumn: used / capacity (+infinity when something is used of nothing).
    static constexpr int UsageFractionRole = InventoryModel::UsageFractionRole;
    // qint64, on the number columns: the sum their text shows.
    static constexpr int ValueRole = InventoryModel::ResourceClassRole + 1;

    explicit ResourceSummaryModel(QObject *parent = nullptr);
    ~ResourceSummaryModel() override;

    void setTotals(const QMap<QString, ResourceClassTotals> &totals);
    [[nodiscard]] const QMap<QString, ResourceClassTotals> &totals() const { return m_totals; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] static QVariant value(const ResourceClassTotals &totals, int column);
    [[nodiscard]] static QString usageText(const ResourceClassTotals &totals);
    [[nodiscard]] static QString summary(const QString &resourceClass, const ResourceClassTotals &totals);

    QMap<QString, ResourceClassTotals> m_totals;
    QStringList m_classes; // m_totals' keys, for rows
};

} // namespace provtree
