#pragma once

#include "change.h"
#include "providertree.h"

#include <QObject>

namespace provtree {

// A thin QObject over ProviderTree's observer interface, for Qt code: `changed` is emitted
// on the thread that delivers the change (see ProviderTree). Connect with
// Qt::QueuedConnection to receive every ChangeSet on the receiver's thread in sequence
// order. An AutoConnection is direct for changes delivered on the receiver's thread and
// queued for the others, so a direct one can overtake a queued one: a receiver that must
// see changes in order and at once on its own thread registers with the tree itself, as
// ProviderTreeModel does.
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
