#pragma once

// An item model as text, for comparing what a view shows with what a test expects.

#include <QAbstractItemModel>
#include <QStringList>

namespace provtree::testing {

// Every row under `parent`, depth-first, as its column-0 text indented by two spaces a level.
inline QStringList visibleRows(const QAbstractItemModel &model, const QModelIndex &parent = {}, int depth = 0)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        rows.append(QString(depth * 2, QLatin1Char(' ')) + index.data().toString());
        rows.append(visibleRows(model, index, depth + 1));
    }
    return rows;
}

} // namespace provtree::testing
