#pragma once

#include "change.h"
#include "providertree.h"

#include <QObject>

#include <memory>

namespace provtree {

class NotifierRelay;

// A thin QObject over ProviderTree's observer interface, for Qt code: `changed` is emitted
// on the notifier's own thread, once per ChangeSet, in sequence order. A ChangeSet
// delivered on that thread is emitted at once (before the edit returns) unless earlier
// ones from other threads are still waiting, which go first; one delivered on another
// thread is emitted when the event loop runs. Receivers may connect with any connection
// type. A receiver that edits the tree from its slot gets that ChangeSet after the slot
// returns, like any observer.
// Create and destroy it on its own thread (it must have an event loop to hear of other
// threads' changes). Destroying it never waits for a delivery in progress on another
// thread, and nothing is emitted after; ChangeSets not yet emitted are dropped with it.
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
    void emitPending();

    ProviderTree &m_tree; // Not owned.
    // Shared with the tree's observer, which may outlive this object by a call on another
    // thread (ProviderTree::removeObserver() does not wait for it).
    std::shared_ptr<NotifierRelay> m_relay;
    ProviderTree::ObserverId m_observer = 0;
    bool m_emitting = false; // emitPending() is running (a slot may edit the tree)
};

} // namespace provtree
