#pragma once

#include <QIdentityProxyModel>

namespace provtree {

// Row colours (CompareView::statusColor()), kind icons and a struck-out font for removed
// providers over a DiffModel; everything else passes through. One job: how a status looks
// (the model only says what it is). GUI thread only, like the views it serves.
class DiffColourProxyModel final : public QIdentityProxyModel
{
    Q_OBJECT

public:
    using QIdentityProxyModel::QIdentityProxyModel;

    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
};

} // namespace provtree
