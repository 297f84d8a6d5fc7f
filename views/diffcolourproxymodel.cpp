#include "diffcolourproxymodel.h"

#include "compareview.h"
#include "diffmodel.h"
#include "providericons.h"
#include "providerkind.h"

#include <QColor>
#include <QFont>

namespace provtree {

QVariant DiffColourProxyModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::BackgroundRole) {
        const QColor color = CompareView::statusColor(DiffStatus(index.data(DiffModel::StatusRole).toInt()));
        return color.isValid() ? QVariant(color) : QVariant();
    }
    if (role == Qt::ForegroundRole && index.data(DiffModel::StatusRole).toInt() != int(DiffStatus::Unchanged))
        return QColor(Qt::black); // the light backgrounds need dark text in any palette
    if (role == Qt::DecorationRole && index.column() == DiffModel::NameColumn) {
        const QVariant after = index.data(DiffModel::AfterRole);
        const QVariant data = after.isValid() ? after : index.data(DiffModel::BeforeRole);
        return providerIcon(providerKind(data.value<ProviderData>()));
    }
    if (role == Qt::FontRole && index.data(DiffModel::StatusRole).toInt() == int(DiffStatus::Removed)) {
        QFont font;
        font.setStrikeOut(true);
        return font;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace provtree
