#include "sortarrowheader.h"

#include <QStyleOptionHeader>

namespace provtree {

SortArrowHeader::SortArrowHeader(Qt::Orientation orientation, QWidget *parent) : QHeaderView(orientation, parent) {}

SortArrowHeader::~SortArrowHeader() = default;

void SortArrowHeader::initStyleOptionForIndex(QStyleOptionHeader *option, int logicalIndex) const
{
    QHeaderView::initStyleOptionForIndex(option, logicalIndex);
    if (option->sortIndicator == QStyleOptionHeader::None)
        return;
    option->sortIndicator = sortIndicatorOrder() == Qt::AscendingOrder ? QStyleOptionHeader::SortUp
                                                                       : QStyleOptionHeader::SortDown;
}

} // namespace provtree
