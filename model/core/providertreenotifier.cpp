#include "providertreenotifier.h"

#include <QPointer>

#include <deque>
#include <mutex>
#include <optional>

namespace provtree {

// Hands ChangeSets from whichever thread delivers them to the notifier's thread: the
// data through a queue under a std::mutex, the wake-up through a signal without
// arguments (queued when it crosses threads). Qt makes a receiver's destruction safe
// against a sender emitting on another thread, provided the sender lives: the tree's
// observer owns the relay. ThreadSanitizer sees the hand-over of the data (it cannot see
// into Qt's event queue). No thread affinity: it never receives events, and whichever
// thread lets go of it last deletes it.
class NotifierRelay : public QObject
{
    Q_OBJECT
public:
    NotifierRelay() { moveToThread(nullptr); }

    // Any thread.
    void push(const ChangeSet &changes)
    {
        {
            const std::lock_guard guard(m_mutex);
            m_pending.push_back(changes);
        }
        emit pending();
    }
    // The notifier's thread.
    [[nodiscard]] std::optional<ChangeSet> takeNext()
    {
        const std::lock_guard guard(m_mutex);
        if (m_pending.empty())
            return std::nullopt;
        std::optional<ChangeSet> next(std::move(m_pending.front()));
        m_pending.pop_front();
        return next;
    }

signals:
    void pending();

private:
    std::mutex m_mutex;
    std::deque<ChangeSet> m_pending; // in sequence order: the tree delivers one at a time
};

ProviderTreeNotifier::ProviderTreeNotifier(ProviderTree &tree, QObject *parent)
    : QObject(parent), m_tree(tree), m_relay(std::make_shared<NotifierRelay>())
{
    qRegisterMetaType<provtree::ChangeSet>();
    // Auto: direct when the ChangeSet is delivered on this thread, queued from any other.
    connect(m_relay.get(), &NotifierRelay::pending, this, &ProviderTreeNotifier::emitPending);
    m_observer = m_tree.addObserver([relay = m_relay](const ChangeSet &changes) { relay->push(changes); });
}

ProviderTreeNotifier::~ProviderTreeNotifier()
{
    m_tree.removeObserver(m_observer);
}

void ProviderTreeNotifier::emitPending()
{
    if (m_emitting)
        return; // a slot edited the tree: the loop below emits that ChangeSet next
    m_emitting = true;
    const QPointer<ProviderTreeNotifier> alive(this);
    while (std::optional<ChangeSet> next = m_relay->takeNext()) {
        emit changed(*next);
        if (!alive)
            return; // a receiver destroyed the notifier
    }
    m_emitting = false;
}

} // namespace provtree

#include "providertreenotifier.moc"
