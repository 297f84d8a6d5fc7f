#pragma once

#include <QHeaderView>

namespace provtree {

// A header whose sort arrow says the order as people read it: up (▲) ascending, down (▼)
// descending ("highest first" is a down arrow). QHeaderView asks the style for the down
// indicator (QStyleOptionHeader::SortDown) when ascending and the up one when descending,
// an old GTK habit: Usage, sorted fullest first, showed ▲ beside its fullest row.
//
// GUI-thread object, like every widget.
class SortArrowHeader : public QHeaderView
{
    Q_OBJECT

public:
    explicit SortArrowHeader(Qt::Orientation orientation, QWidget *parent = nullptr);
    ~SortArrowHeader() override;

protected:
    void initStyleOptionForIndex(QStyleOptionHeader *option, int logicalIndex) const override;
};

} // namespace provtree
