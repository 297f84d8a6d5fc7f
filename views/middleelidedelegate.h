#pragma once

#include <QStyledItemDelegate>

namespace provtree {

// Elides a cell's text in the middle rather than at the end: sibling providers differ at
// the end of their names ("cn-000004_numa0", "cn-000004_numa1"), which an ellipsis at the
// end hides ("cn-000004_…" twice). For the tree's name column.
//
// GUI-thread object, like every delegate.
class MiddleElideDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideMiddle;
    }
};

} // namespace provtree
