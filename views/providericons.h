#pragma once

#include "providerkind.h"

#include <QIcon>
#include <QIdentityProxyModel>

namespace provtree {

// The icon of a provider kind, drawn with QPainter at 16, 24, 32 and 48 pixels, so it
// stays crisp at any item size. Cached; GUI thread only (needs a QGuiApplication).
[[nodiscard]] QIcon providerIcon(ProviderKind kind);

// Adds each provider's kind icon (Qt::DecorationRole) to the first column of a model that
// provides ProviderTreeModel::KindRole; everything else passes through unchanged.
// GUI-thread object.
class ProviderIconProxyModel : public QIdentityProxyModel
{
    Q_OBJECT

public:
    explicit ProviderIconProxyModel(QObject *parent = nullptr);
    ~ProviderIconProxyModel() override;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace provtree
