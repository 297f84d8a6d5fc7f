#pragma once

#include "change.h"
#include "providertree.h"

#include <QObject>

namespace provtree {

// A thin QObject over ProviderTree's observer interface, for Qt code: `changed` is emitted
// on the thread that changed the tree. Connect with Qt::QueuedConnection (or AutoConnection
// from a receiver living in another thread) to receive it on the receiver's thread; the
// ChangeSet sequence numbers arrive in order either way.
// The tree must outlive the notifier.
class ProviderTreeNotifier : public QObject
{
    Q_OBJECT
public:
    explicit ProviderTreeNotifier(ProviderTree &tree, QObject *parent = nullptr);
    ~ProviderTreeNotifier() override;

signals:
    void changed(const provtree::ChangeSet &changes);

private:
    ProviderTree &m_tree; // Not owned.
    ProviderTree::ObserverId m_observer = 0;
};

} // namespace provtree
