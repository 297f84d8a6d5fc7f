// ChangeDelivery on its own: bounded turns, removal that never waits, exception safety.
// The threads are stepped with semaphores; a bounded wait (kPatience) appears only where
// the old behaviour deadlocked, so that such a regression fails instead of hanging.
//
// This suite replaces the global operator new (see the end of the file) to make one
// allocation fail on demand; that is why it is an executable of its own.
#include "changedelivery.h"

#include <QScopeGuard>
#include <QTest>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <semaphore>
#include <stdexcept>
#include <thread>

using namespace provtree;
using namespace std::chrono_literals;

namespace {

// Long enough never to expire when the code under test is right; only a broken removal
// (one that waits for the call it is removing) lets it run out.
constexpr auto kPatience = 10s;

thread_local bool t_failNextAllocation = false;

// Runs `function` with the next allocation on this thread failing (std::bad_alloc).
template <typename Function>
void withFailingAllocation(Function function)
{
    t_failNextAllocation = true;
    const auto disarm = qScopeGuard([] { t_failNextAllocation = false; });
    function();
}

ChangeSet changeSet(quint64 sequence)
{
    return ChangeSet{sequence, false, {}};
}

QList<quint64> sequences(quint64 first, quint64 last)
{
    QList<quint64> all;
    for (quint64 s = first; s <= last; ++s)
        all.append(s);
    return all;
}

// The sequences an observer saw, from any thread.
class Seen
{
public:
    void append(quint64 sequence)
    {
        const std::lock_guard guard(m_mutex);
        m_sequences.append(sequence);
    }
    [[nodiscard]] bool contains(quint64 sequence) const
    {
        const std::lock_guard guard(m_mutex);
        return m_sequences.contains(sequence);
    }
    [[nodiscard]] QList<quint64> all() const
    {
        const std::lock_guard guard(m_mutex);
        return m_sequences;
    }

private:
    mutable std::mutex m_mutex;
    QList<quint64> m_sequences;
};

} // namespace

class TestChangeDelivery : public QObject
{
    Q_OBJECT

private slots:
    void deliversEveryChangeSetOnceInOrder()
    {
        ChangeDelivery delivery;
        Seen first;
        Seen second;
        delivery.add([&](const ChangeSet &changes) { first.append(changes.sequence); });
        delivery.add([&](const ChangeSet &changes) { second.append(changes.sequence); });
        delivery.enqueue(changeSet(1));
        delivery.enqueue(changeSet(2));
        delivery.deliver();
        delivery.deliver(); // nothing left
        delivery.enqueue(changeSet(3));
        delivery.deliver();
        QCOMPARE(first.all(), sequences(1, 3));
        QCOMPARE(second.all(), sequences(1, 3));
    }

    // The main thread's turn covers what was queued when it began. A writer that queues
    // more meanwhile waits for the turn to end, delivers its own ChangeSets, and returns
    // only after they have reached the observer. Before turns, the main thread delivered
    // for as long as the writer kept writing (here: all of its ChangeSets).
    void aWriterThatKeepsWritingDoesNotKeepAnotherThreadDelivering()
    {
        constexpr quint64 kWrites = 200;
        ChangeDelivery delivery;
        Seen seen;
        std::binary_semaphore writerMayStart(0);
        std::counting_semaphore<> writerQueued(0);
        std::atomic<int> deliveredByMain{0};
        const std::thread::id mainThread = std::this_thread::get_id();
        delivery.add([&](const ChangeSet &changes) {
            seen.append(changes.sequence);
            if (std::this_thread::get_id() != mainThread)
                return;
            ++deliveredByMain;
            if (changes.sequence == 1)
                writerMayStart.release();
            // Returns only once the writer has queued another ChangeSet: a thread that
            // delivered everything queued would never find the queue empty.
            writerQueued.acquire();
        });
        std::atomic<int> returnedBeforeDelivered{0};
        std::thread writer([&] {
            writerMayStart.acquire();
            for (quint64 s = 2; s <= kWrites + 1; ++s) {
                delivery.enqueue(changeSet(s));
                writerQueued.release();
                delivery.deliver();
                if (!seen.contains(s))
                    ++returnedBeforeDelivered;
            }
            writerQueued.release(kWrites + 1); // frees the main thread if it is still delivering
        });

        delivery.enqueue(changeSet(1));
        delivery.deliver();
        const int mainDelivered = deliveredByMain.load();
        writer.join();

        QCOMPARE(mainDelivered, 1);
        QCOMPARE(returnedBeforeDelivered.load(), 0);
        QCOMPARE(seen.all(), sequences(1, kWrites + 1));
    }

    // What an observer queues is delivered after the current ChangeSet, by the same turn.
    void anObserversOwnChangesFollowInTheSameTurn()
    {
        ChangeDelivery delivery;
        Seen seen;
        QList<quint64> seenWhenNestedDeliverReturned;
        delivery.add([&](const ChangeSet &changes) {
            seen.append(changes.sequence);
            if (changes.sequence == 1) {
                delivery.enqueue(changeSet(2));
                delivery.deliver(); // returns at once: this thread is delivering
                seenWhenNestedDeliverReturned = seen.all();
            }
        });
        delivery.enqueue(changeSet(1));
        delivery.deliver();
        QCOMPARE(seenWhenNestedDeliverReturned, sequences(1, 1));
        QCOMPARE(seen.all(), sequences(1, 2));
    }

    // The former deadlock: the observer, while being called, waits for the thread that is
    // removing it. remove() used to wait for that call to end.
    void removeDoesNotWaitForTheCallItRemoves()
    {
        ChangeDelivery delivery;
        std::binary_semaphore calling(0);
        std::binary_semaphore removeReturned(0);
        std::atomic<int> calls{0};
        std::atomic<bool> sawRemoveReturn{false};
        const auto id = delivery.add([&](const ChangeSet &) {
            if (++calls > 1)
                return;
            calling.release();
            sawRemoveReturn = removeReturned.try_acquire_for(kPatience);
        });
        std::thread deliverer([&] {
            delivery.enqueue(changeSet(1));
            delivery.deliver();
            delivery.enqueue(changeSet(2));
            delivery.deliver();
        });
        calling.acquire();
        delivery.remove(id);
        removeReturned.release();
        deliverer.join();
        QVERIFY2(sawRemoveReturn, "remove() waited for the call in progress");
        QCOMPARE(calls.load(), 1); // not called for ChangeSet 2
    }

    // Nor for another observer's call; and the removed one is skipped for the rest of the
    // ChangeSet being delivered (its call had not begun).
    void removeDoesNotWaitForAnotherObserversCall()
    {
        ChangeDelivery delivery;
        std::binary_semaphore calling(0);
        std::binary_semaphore removeReturned(0);
        std::atomic<bool> sawRemoveReturn{false};
        std::atomic<int> removedCalls{0};
        delivery.add([&](const ChangeSet &) {
            calling.release();
            sawRemoveReturn = removeReturned.try_acquire_for(kPatience);
        });
        const auto removed = delivery.add([&](const ChangeSet &) { ++removedCalls; });
        std::thread deliverer([&] {
            delivery.enqueue(changeSet(1));
            delivery.deliver();
        });
        calling.acquire();
        delivery.remove(removed);
        removeReturned.release();
        deliverer.join();
        QVERIFY2(sawRemoveReturn, "remove() waited for another observer's call");
        QCOMPARE(removedCalls.load(), 0);
    }

    // What lets an owner free its state right after remove(): the call in progress keeps
    // the observer (and what it owns) alive until it returns; then it is destroyed.
    void aRemovedObserverKeepsWhatItOwnsUntilItsCallReturns()
    {
        ChangeDelivery delivery;
        std::binary_semaphore calling(0);
        std::binary_semaphore removeReturned(0);
        auto state = std::make_shared<int>(0);
        const std::weak_ptr<int> watch = state;
        const auto id = delivery.add([state, &calling, &removeReturned](const ChangeSet &) {
            calling.release();
            (void)removeReturned.try_acquire_for(kPatience);
            ++*state; // after remove() returned: must still be alive
        });
        state.reset(); // the observer owns it now
        std::thread deliverer([&] {
            delivery.enqueue(changeSet(1));
            delivery.deliver();
        });
        calling.acquire();
        delivery.remove(id);
        const bool aliveDuringCall = !watch.expired();
        removeReturned.release();
        deliverer.join();
        QVERIFY(aliveDuringCall);
        QVERIFY(watch.expired()); // released once the call returned
        QVERIFY(!delivery.hasObservers());
    }

    void aThrowingObserverStopsNeitherOthersNorLaterChangeSets_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("logged");
        QTest::newRow("std::exception") << 0 << QStringLiteral("change observer threw: broken observer");
        QTest::newRow("std::bad_alloc") << 1 << QStringLiteral("change observer threw: std::bad_alloc");
        QTest::newRow("not an std::exception") << 2 << QStringLiteral("change observer threw an unknown exception");
    }
    void aThrowingObserverStopsNeitherOthersNorLaterChangeSets()
    {
        QFETCH(int, kind);
        QFETCH(QString, logged);
        ChangeDelivery delivery;
        Seen before;
        Seen thrower;
        Seen after;
        delivery.add([&](const ChangeSet &changes) { before.append(changes.sequence); });
        delivery.add([&](const ChangeSet &changes) {
            thrower.append(changes.sequence);
            switch (kind) {
            case 0:
                throw std::runtime_error("broken observer");
            case 1:
                throw std::bad_alloc();
            default:
                throw 42;
            }
        });
        delivery.add([&](const ChangeSet &changes) { after.append(changes.sequence); });
        for (int i = 0; i < 3; ++i)
            QTest::ignoreMessage(QtWarningMsg, qUtf8Printable(logged));
        delivery.enqueue(changeSet(1));
        delivery.enqueue(changeSet(2));
        delivery.deliver();
        delivery.enqueue(changeSet(3));
        delivery.deliver();
        QCOMPARE(before.all(), sequences(1, 3));
        QCOMPARE(thrower.all(), sequences(1, 3));
        QCOMPARE(after.all(), sequences(1, 3));
    }

    // The first allocation deliver() makes is the list of observers to call. When it
    // fails, the exception reaches the caller, nothing of that ChangeSet was delivered, and
    // the next deliver() delivers it and what follows. (Before: the ChangeSet was lost and
    // the turn never ended, so nothing was delivered again.)
    void anAllocationFailureWhileDeliveringLosesNothing()
    {
        ChangeDelivery delivery;
        Seen seen;
        delivery.add([&](const ChangeSet &changes) { seen.append(changes.sequence); });
        delivery.enqueue(changeSet(1));
        QVERIFY_THROWS_EXCEPTION(std::bad_alloc, withFailingAllocation([&] { delivery.deliver(); }));
        QCOMPARE(seen.all(), QList<quint64>());
        delivery.enqueue(changeSet(2));
        delivery.deliver();
        QCOMPARE(seen.all(), sequences(1, 2));
    }

    // A turn that ends with an exception hands over like any other: the writer waiting
    // for its ChangeSet (or about to) delivers what the failed turn left.
    void anotherThreadTakesOverAFailedTurn()
    {
        ChangeDelivery delivery;
        Seen seen;
        std::binary_semaphore writerMayStart(0);
        std::binary_semaphore writerQueued(0);
        const std::thread::id mainThread = std::this_thread::get_id();
        delivery.add([&](const ChangeSet &changes) {
            seen.append(changes.sequence);
            if (std::this_thread::get_id() == mainThread && changes.sequence == 1) {
                // An observer of ours queues ChangeSet 2 (so this turn goes on) while the
                // writer queues 3 and waits for it.
                delivery.enqueue(changeSet(2));
                delivery.deliver();
                writerMayStart.release();
                writerQueued.acquire();
                t_failNextAllocation = true; // the list of observers for ChangeSet 2
            }
        });
        std::thread writer([&] {
            writerMayStart.acquire();
            delivery.enqueue(changeSet(3));
            writerQueued.release();
            delivery.deliver();
        });
        delivery.enqueue(changeSet(1));
        QVERIFY_THROWS_EXCEPTION(std::bad_alloc, delivery.deliver());
        t_failNextAllocation = false;
        writer.join();
        QCOMPARE(seen.all(), sequences(1, 3));
    }
};

// --- failure injection ------------------------------------------------------------------
// Every form of the global operator new and delete, on malloc and free (so the sanitizers'
// bookkeeping stays consistent): only the plain forms can be told to fail, by
// t_failNextAllocation on the calling thread.

namespace {

void *allocate(std::size_t size, std::size_t alignment)
{
    if (t_failNextAllocation) {
        t_failNextAllocation = false;
        throw std::bad_alloc();
    }
    void *memory = nullptr;
    if (alignment <= alignof(std::max_align_t))
        memory = std::malloc(size ? size : 1);
    else if (posix_memalign(&memory, alignment, size ? size : 1) != 0)
        memory = nullptr;
    if (!memory)
        throw std::bad_alloc();
    return memory;
}

void *allocateOrNull(std::size_t size, std::size_t alignment) noexcept
{
    try {
        return allocate(size, alignment);
    } catch (...) {
        return nullptr;
    }
}

constexpr std::size_t kPlain = alignof(std::max_align_t);

} // namespace

void *operator new(std::size_t size) { return allocate(size, kPlain); }
void *operator new[](std::size_t size) { return allocate(size, kPlain); }
void *operator new(std::size_t size, const std::nothrow_t &) noexcept { return allocateOrNull(size, kPlain); }
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept { return allocateOrNull(size, kPlain); }
void *operator new(std::size_t size, std::align_val_t a) { return allocate(size, std::size_t(a)); }
void *operator new[](std::size_t size, std::align_val_t a) { return allocate(size, std::size_t(a)); }
void *operator new(std::size_t size, std::align_val_t a, const std::nothrow_t &) noexcept
{
    return allocateOrNull(size, std::size_t(a));
}
void *operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t &) noexcept
{
    return allocateOrNull(size, std::size_t(a));
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept { std::free(p); }

QTEST_GUILESS_MAIN(TestChangeDelivery)
#include "tst_changedelivery.moc"
