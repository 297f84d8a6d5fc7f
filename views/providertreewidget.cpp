#include "providertreewidget.h"

#include <QHeaderView>

namespace provtree {

namespace {
// Expanding every row costs time proportional to the tree; past this size only the roots'
// children are shown and the user expands the rest.
constexpr qsizetype kExpandAllLimit = 1000;
constexpr int kColumnGap = 16; // pixels
} // namespace

ProviderTreeWidget::ProviderTreeWidget(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Name"), tr("UUID"), tr("Resource classes")});
    setUniformRowHeights(true); // cheap layout of large trees
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    header()->setStretchLastSection(true);
}

void ProviderTreeWidget::setProviders(const QList<ProviderData> &providers)
{
    setUpdatesEnabled(false);
    m_itemByUuid.clear();
    clear();

    m_itemByUuid.reserve(providers.size());
    QList<QTreeWidgetItem *> roots;
    for (const ProviderData &provider : providers) {
        const QStringList row{provider.name, provider.uuid,
                              QStringList(provider.inventories.keys()).join(QStringLiteral(", "))};
        QTreeWidgetItem *parentItem = provider.isRoot() ? nullptr
                                                        : m_itemByUuid.value(provider.parentUuid);
        auto *item = parentItem ? new QTreeWidgetItem(parentItem, row) // owned by parentItem
                                : new QTreeWidgetItem(row);            // owned by the tree below
        item->setData(NameColumn, UuidRole, provider.uuid);
        item->setToolTip(NameColumn, provider.name);
        if (!parentItem)
            roots.append(item);
        m_itemByUuid.insert(provider.uuid, item);
    }
    addTopLevelItems(roots);

    if (providers.size() <= kExpandAllLimit)
        expandAll();
    else
        expandToDepth(0);
    // Fit the columns to their text (or title, when empty), with a gap before the next.
    for (int column = 0; column < ColumnCount - 1; ++column)
        setColumnWidth(column, qMax(sizeHintForColumn(column), header()->sectionSizeHint(column))
                                   + kColumnGap);
    setUpdatesEnabled(true);
}

QTreeWidgetItem *ProviderTreeWidget::itemForUuid(const QString &uuid) const
{
    return m_itemByUuid.value(uuid);
}

} // namespace provtree
