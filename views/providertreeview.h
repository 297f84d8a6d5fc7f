#pragma once

#include <QTreeView>

namespace provtree {

// The main window's provider tree: a QTreeView that can also close every row and leave
// laying out the rows for later (collapseAllLayingOutLater()).
//
// QTreeView::collapseAll() lays out the top-level rows at once. When a search closes the
// rows after Expand All of 100,000 providers, closing the 30,000 open rows takes 22 to 32 ms
// and laying out the 34,000 roots 15 to 17 ms more: too much for one event.
//
// GUI-thread object, like every widget.
class ProviderTreeView : public QTreeView
{
    Q_OBJECT

public:
    explicit ProviderTreeView(QWidget *parent = nullptr);
    ~ProviderTreeView() override;

    // As collapseAll() (the collapsed signals included), with the layout in an event of its
    // own; until then every query of the view lays its rows out first, as after any change
    // of its model.
    void collapseAllLayingOutLater();

    void doItemsLayout() override;

private:
    bool m_layingOutLater = false;
};

} // namespace provtree
