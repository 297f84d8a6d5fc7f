#pragma once

#include "providerdata.h"

#include <QString>
#include <QStringList>

class QListWidget;
class QTableWidget;

// One provider's two states side by side, for the details of a CompareView: widgets filled
// from its old and its new record (either may be absent: a provider added or removed), with
// what differs coloured as the view colours its rows (CompareView::statusColor()).
// GUI thread only.
namespace provtree {

// Fills `table` (CompareView::InventoryColumn columns) with one row per resource class and
// inventory field, and "used": the old and the new value, headed `oldName` and `newName`.
// A class on one side only is marked added or removed (so is every class of a provider on
// one side only: an added or removed provider), differing cells changed; with
// `onlyDifferences`, fields that do not differ are left out (not those of a one-sided
// provider). Scrolls to the first difference: changed classes may sort below many
// unchanged ones.
void fillInventoryTable(QTableWidget *table, const ProviderData *before, const ProviderData *after,
                        const QString &oldName, const QString &newName, bool onlyDifferences);

// Fills `list` with the union of two sorted lists (traits, aggregates): "+ X" added
// (green), "− X" removed (red), "   X" in both; Qt::UserRole holds the int(DiffStatus).
// Scrolls to the first change: long lists hide it otherwise.
void fillSetList(QListWidget *list, const QStringList &before, const QStringList &after);

} // namespace provtree
