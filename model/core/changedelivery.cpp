#include "changedelivery.h"

#include "logging.h"

#include <exception>
#include <vector>

namespace provtree {

ChangeDelivery::ObserverId ChangeDelivery::add(Observer observer)
{
    const std::lock_guard guard(m_observerMutex);
    const ObserverId id = m_nextId++;
    m_observers.emplace(id, std::make_shared<const Observer>(std::move(observer)));
    m_observerCount.fetch_add(1, std::memory_order_release);
    return id;
}

void ChangeDelivery::remove(ObserverId id)
{
    {
        const std::lock_guard guard(m_observerMutex);
        if (m_observers.erase(id) == 0)
            return;
        m_observerCount.fetch_sub(1, std::memory_order_release);
    }
    // Wait out a call that another thread may be making to it right now.
    if (m_deliveringThread.load() != std::this_thread::get_id())
        const std::lock_guard wait(m_callMutex);
}

void ChangeDelivery::enqueue(ChangeSet changes)
{
    const std::lock_guard guard(m_queueMutex);
    m_pending.push_back(std::move(changes));
}

void ChangeDelivery::deliver()
{
    {
        const std::lock_guard guard(m_queueMutex);
        if (m_delivering || m_pending.empty())
            return; // the delivering thread will pick ours up
        m_delivering = true;
    }
    m_deliveringThread.store(std::this_thread::get_id());
    for (;;) {
        ChangeSet next;
        {
            const std::lock_guard guard(m_queueMutex);
            if (m_pending.empty()) {
                m_deliveringThread.store(std::thread::id());
                m_delivering = false;
                return;
            }
            next = std::move(m_pending.front());
            m_pending.pop_front();
        }
        callObservers(next);
    }
}

void ChangeDelivery::callObservers(const ChangeSet &changes)
{
    const std::lock_guard calling(m_callMutex);
    std::vector<ObserverId> ids;
    {
        const std::lock_guard guard(m_observerMutex);
        for (const auto &entry : m_observers)
            ids.push_back(entry.first);
    }
    for (const ObserverId id : ids) {
        std::shared_ptr<const Observer> observer;
        {
            // Looked up again: an earlier observer may have removed this one.
            const std::lock_guard guard(m_observerMutex);
            const auto it = m_observers.find(id);
            if (it == m_observers.end())
                continue;
            observer = it->second;
        }
        try {
            (*observer)(changes);
        } catch (const std::exception &e) {
            qCWarning(lcCore) << "change observer threw:" << e.what();
        } catch (...) {
            qCWarning(lcCore) << "change observer threw an unknown exception";
        }
    }
}

} // namespace provtree
