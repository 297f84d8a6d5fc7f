#include "providertreeview.h"

#include <QScopedValueRollback>

namespace provtree {

ProviderTreeView::ProviderTreeView(QWidget *parent) : QTreeView(parent) {}

ProviderTreeView::~ProviderTreeView() = default;

void ProviderTreeView::collapseAllLayingOutLater()
{
    {
        const QScopedValueRollback later(m_layingOutLater, true);
        collapseAll(); // ends with doItemsLayout()
    }
    scheduleDelayedItemsLayout();
}

void ProviderTreeView::doItemsLayout()
{
    if (!m_layingOutLater)
        QTreeView::doItemsLayout();
}

} // namespace provtree
