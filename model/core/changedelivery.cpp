#include "changedelivery.h"

#include "logging.h"

#include <QScopeGuard>

#include <exception>
#include <utility>

namespace provtree {

namespace {

// Logging may allocate; a failure to log must not end the delivery.
void warnObserverThrew(const char *what) noexcept
{
    try {
        if (what)
            qCWarning(lcCore) << "change observer threw:" << what;
        else
            qCWarning(lcCore) << "change observer threw an unknown exception";
    } catch (...) {
    }
}

} // namespace

struct ChangeDelivery::Entry
{
    explicit Entry(Observer o) : observer(std::move(o)) {}
    const Observer observer;
    bool removed = false; // guarded by m_observerMutex: once set, no call of it begins
};

ChangeDelivery::ChangeDelivery() = default;
ChangeDelivery::~ChangeDelivery() = default;

ChangeDelivery::ObserverId ChangeDelivery::add(Observer observer)
{
    auto entry = std::make_shared<Entry>(std::move(observer));
    const std::lock_guard guard(m_observerMutex);
    const ObserverId id = m_nextId++;
    m_observers.emplace(id, std::move(entry));
    m_observerCount.fetch_add(1, std::memory_order_release);
    return id;
}

void ChangeDelivery::remove(ObserverId id)
{
    // Released after the lock: it may be the last reference, and the observer may own
    // anything (whose destructor might even call back into this class).
    std::shared_ptr<Entry> removed;
    const std::lock_guard guard(m_observerMutex);
    const auto it = m_observers.find(id);
    if (it == m_observers.end())
        return;
    it->second->removed = true;
    removed = std::move(it->second);
    m_observers.erase(it);
    m_observerCount.fetch_sub(1, std::memory_order_release);
}

void ChangeDelivery::enqueue(ChangeSet changes)
{
    const std::lock_guard guard(m_queueMutex);
    m_pending.push_back(std::move(changes));
    ++m_enqueued;
}

void ChangeDelivery::deliver()
{
    std::unique_lock lock(m_queueMutex);
    const quint64 mine = m_enqueued; // everything queued before this call
    const std::thread::id self = std::this_thread::get_id();
    if (m_deliverer == self) {
        // From inside an observer: what it queued follows the current ChangeSet, in this
        // turn (nobody else would deliver it: this thread is not waiting for anyone).
        m_turnEnd = m_enqueued;
        return;
    }
    if (m_deliverer != std::thread::id()) {
        ++m_waiting;
        const auto notWaiting = qScopeGuard([this] { --m_waiting; });
        m_progress.wait(lock, [&] { return m_delivered >= mine || m_deliverer == std::thread::id(); });
    }
    if (m_delivered >= mine)
        return;

    // This thread's turn: the ChangeSets queued by now, plus those its observers queue.
    m_deliverer = self;
    m_turnEnd = m_enqueued;
    // Ends the turn on every way out, exceptions included: a turn that stopped half-way
    // must not keep every later ChangeSet waiting.
    const auto endTurn = qScopeGuard([&] {
        if (!lock.owns_lock())
            lock.lock();
        m_deliverer = std::thread::id();
        if (m_waiting > 0)
            m_progress.notify_all(); // one of them takes the next turn
    });
    while (m_delivered < m_turnEnd) {
        lock.unlock();
        // Allocates, so before the ChangeSet leaves the queue: if it throws, the ChangeSet
        // stays first and the next turn delivers it.
        const Snapshot observers = currentObservers();
        lock.lock();
        const ChangeSet next = std::move(m_pending.front());
        m_pending.pop_front();
        lock.unlock();
        callObservers(next, observers);
        lock.lock();
        ++m_delivered;
        if (m_waiting > 0)
            m_progress.notify_all(); // the writer of `next` may be waiting for it
    }
}

ChangeDelivery::Snapshot ChangeDelivery::currentObservers() const
{
    Snapshot observers;
    const std::lock_guard guard(m_observerMutex);
    observers.reserve(m_observers.size());
    for (const auto &entry : m_observers)
        observers.push_back(entry.second);
    return observers;
}

void ChangeDelivery::callObservers(const ChangeSet &changes, const Snapshot &observers) const noexcept
{
    for (const std::shared_ptr<Entry> &entry : observers) {
        {
            // The call begins here or never: remove() sets the flag under the same lock.
            const std::lock_guard guard(m_observerMutex);
            if (entry->removed)
                continue;
        }
        try {
            entry->observer(changes);
        } catch (const std::exception &e) {
            warnObserverThrew(e.what());
        } catch (...) {
            warnObserverThrew(nullptr);
        }
    }
}

} // namespace provtree
