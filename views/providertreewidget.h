#pragma once

#include "providerdata.h"

#include <QHash>
#include <QList>
#include <QTreeWidget>

namespace provtree {

// A plain, read-only tree of providers: name, uuid and resource classes, one row per
// provider under its parent. A stop-gap until the real item model (ProviderTreeModel)
// arrives; it is refilled as a whole, so keep it for small and medium trees.
// GUI thread only.
class ProviderTreeWidget : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { NameColumn, UuidColumn, ResourceClassesColumn, ColumnCount };
    // The uuid of the provider a row shows, under this role of its NameColumn.
    static constexpr int UuidRole = Qt::UserRole + 1;

    explicit ProviderTreeWidget(QWidget *parent = nullptr);

    // Shows `providers` (top-down: each parent before its children, as
    // ProviderTree::allData() returns them), replacing what was shown. A record whose
    // parent is not among them is shown as a root rather than dropped.
    void setProviders(const QList<ProviderData> &providers);

    // The row of the provider `uuid`, or nullptr if it is not shown.
    [[nodiscard]] QTreeWidgetItem *itemForUuid(const QString &uuid) const;

private:
    QHash<QString, QTreeWidgetItem *> m_itemByUuid; // Not owned (the items belong to the tree).
};

} // namespace provtree
