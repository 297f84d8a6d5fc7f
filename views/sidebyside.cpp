#include "sidebyside.h"

#include "compareview.h"
#include "displaynumber.h"
#include "neutralise.h"
#include "treediff.h"

#include <QHeaderView>
#include <QListWidget>
#include <QSet>
#include <QTableWidget>

namespace provtree {

namespace {

QString valueText(double value, InventoryField field)
{
    return field == InventoryField::AllocationRatio ? displayNumber(value) : QString::number(qint64(value));
}

QTableWidgetItem *cell(const QString &text, const QColor &background = {})
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (background.isValid()) {
        item->setBackground(background);
        item->setForeground(QColor(Qt::black));
    }
    return item;
}

} // namespace

void fillInventoryTable(QTableWidget *table, const ProviderData *before, const ProviderData *after,
                        const QString &oldName, const QString &newName, bool onlyDifferences)
{
    table->clearSpans();
    table->clearContents();
    table->setRowCount(0);
    // The states' names can be long file names (user text: neutralised where it needs it):
    // elided in the middle, whole in the tool tip.
    const QString oldHeader = neutralisedIfNeeded(oldName);
    const QString newHeader = neutralisedIfNeeded(newName);
    table->setHorizontalHeaderLabels({CompareView::tr("Resource class"), CompareView::tr("Field"), oldHeader, newHeader});
    table->horizontalHeader()->setTextElideMode(Qt::ElideMiddle);
    table->horizontalHeaderItem(CompareView::OldColumn)->setToolTip(oldHeader);
    table->horizontalHeaderItem(CompareView::NewColumn)->setToolTip(newHeader);
    QStringList classes;
    if (before)
        classes += before->inventories.keys();
    if (after)
        classes += after->inventories.keys();
    classes.sort();
    classes.removeDuplicates();
    const QString none = QStringLiteral("—");
    for (const QString &resourceClass : classes) {
        const bool inOld = before && before->inventories.contains(resourceClass);
        const bool inNew = after && after->inventories.contains(resourceClass);
        const InventoryRecord oldRecord = inOld ? before->inventories.value(resourceClass) : InventoryRecord();
        const InventoryRecord newRecord = inNew ? after->inventories.value(resourceClass) : InventoryRecord();
        const int first = table->rowCount();
        for (int f = 0; f <= kInventoryFieldCount; ++f) {
            const bool isUsage = f == kInventoryFieldCount;
            const auto field = InventoryField(isUsage ? 0 : f);
            const QString oldText = !inOld  ? none
                                    : isUsage ? QString::number(before->usages.value(resourceClass))
                                              : valueText(fieldValue(oldRecord, field), field);
            const QString newText = !inNew  ? none
                                    : isUsage ? QString::number(after->usages.value(resourceClass))
                                              : valueText(fieldValue(newRecord, field), field);
            // A class only on one side is marked as added or removed, and so is the whole
            // inventory of a provider that is only on one side (added or removed).
            QColor oldColor, newColor;
            if (!inOld)
                newColor = CompareView::statusColor(DiffStatus::Added);
            else if (!inNew)
                oldColor = CompareView::statusColor(DiffStatus::Removed);
            else if (oldText != newText)
                oldColor = newColor = CompareView::changedCellColor();
            // "Only differences" applies to the fields too (but not to one-sided providers).
            if (onlyDifferences && before && after && !oldColor.isValid() && !newColor.isValid())
                continue;
            const int row = table->rowCount();
            table->insertRow(row);
            table->setItem(row, CompareView::ClassColumn, cell(row == first ? resourceClass : QString()));
            table->setItem(row, CompareView::FieldColumn, cell(isUsage ? CompareView::tr("used") : fieldName(field)));
            table->setItem(row, CompareView::OldColumn, cell(oldText, oldColor));
            table->setItem(row, CompareView::NewColumn, cell(newText, newColor));
        }
        if (table->rowCount() - first > 1)
            table->setSpan(first, CompareView::ClassColumn, table->rowCount() - first, 1);
    }
    // The first difference in view: changed classes may sort below many unchanged ones.
    for (int row = 0; row < table->rowCount(); ++row) {
        QTableWidgetItem *item = table->item(row, CompareView::NewColumn);
        QTableWidgetItem *old = table->item(row, CompareView::OldColumn);
        if (item->background().style() != Qt::NoBrush || old->background().style() != Qt::NoBrush) {
            table->scrollToItem(table->item(row, CompareView::FieldColumn), QAbstractItemView::PositionAtTop);
            break;
        }
    }
}

void fillSetList(QListWidget *list, const QStringList &before, const QStringList &after)
{
    list->clear();
    const QSet<QString> old(before.cbegin(), before.cend());
    const QSet<QString> now(after.cbegin(), after.cend());
    QStringList all = before + after;
    all.sort();
    all.removeDuplicates();
    const QListWidgetItem *firstChange = nullptr; // shown: long trait lists hide it otherwise
    for (const QString &value : all) {
        const bool added = !old.contains(value);
        const bool removed = !now.contains(value);
        const QString mark = added ? QStringLiteral("+ ") : removed ? QStringLiteral("− ") : QStringLiteral("   ");
        auto *item = new QListWidgetItem(mark + value, list);
        item->setData(Qt::UserRole, added ? int(DiffStatus::Added) : removed ? int(DiffStatus::Removed)
                                                                             : int(DiffStatus::Unchanged));
        if (added || removed) {
            item->setBackground(CompareView::statusColor(added ? DiffStatus::Added : DiffStatus::Removed));
            item->setForeground(QColor(Qt::black));
            if (!firstChange)
                firstChange = item;
        }
    }
    if (firstChange)
        list->scrollToItem(firstChange, QAbstractItemView::PositionAtCenter);
}

} // namespace provtree
