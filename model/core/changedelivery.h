#pragma once

#include "change.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace provtree {

// Delivers a tree's ChangeSets to its observers, in sequence order, with no tree lock held.
//
// A writer enqueues its ChangeSet while it still holds the tree's write lock (so the queue
// order is the commit order), releases the lock, then calls deliver(). One thread at a time
// delivers (has the turn), one ChangeSet after the other, so observers are never called by
// two threads at once. A turn is bounded: it covers the ChangeSets queued when the thread
// took it, plus those its own observers queue; the rest is handed to the threads that
// queued them (they are waiting in deliver(), or about to call it). So a thread that keeps
// writing delivers its own ChangeSets and cannot keep another thread delivering them.
//
// Thread-safe: every member may be called from any thread, also from inside an observer.
// The one rule for observers: an observer must not wait for another thread that may be
// changing the same tree (joining it, or taking a lock it holds while it edits). That
// thread may be waiting in deliver() for this delivery to finish: neither would go on.
class ChangeDelivery
{
public:
    using Observer = std::function<void(const ChangeSet &)>;
    using ObserverId = quint64;

    ChangeDelivery();
    ~ChangeDelivery();
    ChangeDelivery(const ChangeDelivery &) = delete;
    ChangeDelivery &operator=(const ChangeDelivery &) = delete;

    // The observer is called for every ChangeSet whose delivery begins after add() returns
    // (so possibly for changes committed before: a consumer that also reads the tree skips
    // sequences it has seen). Observers are called in the order they were added. An
    // exception an observer throws is logged and dropped: the other observers and the
    // later ChangeSets are delivered as if it had returned.
    ObserverId add(Observer observer);

    // Never waits. After remove() returns, no call of the observer begins: not for a later
    // ChangeSet, and not for the rest of the one being delivered. A call that began earlier
    // on another thread may still be running when remove() returns; remove() does not wait
    // for it (the call may itself be waiting for the thread that removes it). The observer's
    // function object, and everything it owns, stays alive until such a call has returned;
    // it is destroyed on the thread that lets go of it last: the one calling remove(), or
    // the delivering thread once it has finished the current ChangeSet.
    // So an observer must own what it uses (capture a std::shared_ptr), not point into an
    // object that its owner destroys after remove(): ProviderTreeNotifier emits through a
    // relay object its observer owns for this reason. Unknown ids are ignored.
    void remove(ObserverId id);

    // Cheap check so writers can skip building change lists nobody reads.
    [[nodiscard]] bool hasObservers() const { return m_observerCount.load(std::memory_order_acquire) > 0; }

    // Queues `changes` after the ChangeSets queued before. If it throws (std::bad_alloc),
    // nothing was queued.
    void enqueue(ChangeSet changes);

    // Returns once every ChangeSet queued before the call has reached every observer,
    // delivered by this thread or by another one; meanwhile it may wait for another
    // thread's turn to end (a bounded number of ChangeSets). Called from inside an observer
    // it returns at once: what that observer queued is delivered after the current
    // ChangeSet, in the same turn, before the outermost deliver() returns.
    // If collecting the observers to call throws (std::bad_alloc), deliver() ends its turn
    // and rethrows, having delivered none of that ChangeSet: it stays first in the queue
    // and the next deliver() on any thread delivers it.
    void deliver();

private:
    struct Entry;
    using Snapshot = std::vector<std::shared_ptr<Entry>>;

    [[nodiscard]] Snapshot currentObservers() const;
    void callObservers(const ChangeSet &changes, const Snapshot &observers) const noexcept;

    mutable std::mutex m_queueMutex; // guards the members up to m_waiting
    std::condition_variable m_progress; // a ChangeSet was delivered, or a turn ended
    std::deque<ChangeSet> m_pending;
    quint64 m_enqueued = 0;  // ChangeSets queued so far
    quint64 m_delivered = 0; // ChangeSets delivered so far; m_pending holds the rest
    quint64 m_turnEnd = 0;   // the current turn ends when m_delivered reaches it
    std::thread::id m_deliverer; // whose turn it is; none: nobody delivers
    int m_waiting = 0;           // threads waiting in deliver()

    mutable std::mutex m_observerMutex; // guards m_observers, m_nextId, Entry::removed
    std::map<ObserverId, std::shared_ptr<Entry>> m_observers;
    ObserverId m_nextId = 1;
    std::atomic<int> m_observerCount{0};
};

} // namespace provtree
