#pragma once

#include "change.h"

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace provtree {

// Delivers a tree's ChangeSets to its observers, in sequence order, with no tree lock held.
//
// A writer enqueues its ChangeSet while it still holds the tree's write lock (so the queue
// order is the commit order), releases the lock, then calls deliver(). Only one thread
// delivers at a time; a writer that finds another thread delivering leaves its ChangeSet
// to it. An observer may edit the tree: its ChangeSet is queued and delivered after the
// current one. Thread-safe.
class ChangeDelivery
{
public:
    using Observer = std::function<void(const ChangeSet &)>;
    using ObserverId = quint64;

    ObserverId add(Observer observer);
    // After it returns, the observer is not called again (it waits for a call in progress
    // on another thread; from inside a delivery it returns at once).
    void remove(ObserverId id);
    // Cheap check so writers can skip building change lists nobody reads.
    [[nodiscard]] bool hasObservers() const { return m_observerCount.load(std::memory_order_acquire) > 0; }

    void enqueue(ChangeSet changes);
    void deliver();

private:
    void callObservers(const ChangeSet &changes);

    std::mutex m_queueMutex; // guards m_pending, m_delivering
    std::deque<ChangeSet> m_pending;
    bool m_delivering = false;
    std::atomic<std::thread::id> m_deliveringThread{};

    std::mutex m_callMutex;      // held while observers are being called
    std::mutex m_observerMutex;  // guards m_observers, m_nextId
    std::map<ObserverId, std::shared_ptr<const Observer>> m_observers;
    ObserverId m_nextId = 1;
    std::atomic<int> m_observerCount{0};
};

} // namespace provtree
