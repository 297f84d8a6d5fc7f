#include "processheap.h"

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <QThread>

#include <algorithm>
#include <cstdint>
#include <latch>
#include <system_error>
#include <thread>
#include <vector>

namespace provtree::cli {

namespace {
#ifdef __GLIBC__
constexpr std::uintptr_t kHugePage = 2 * 1024 * 1024;
constexpr std::uintptr_t kArenaHeapSize = 64 * 1024 * 1024; // glibc's HEAP_MAX_SIZE, 64-bit

// Marks [begin, end) for 2 MB pages, as far as it covers whole ones.
void adviseHugePages(std::uintptr_t begin, std::uintptr_t end)
{
    const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
    if (end > first)
        madvise(reinterpret_cast<void *>(first), end - first, MADV_HUGEPAGE);
}

// The main thread's heap: grown once by `bytes`. Allocates until the heap grows (its top
// may hold some room still), then hands the blocks back to the heap's top.
void growMainHeap(qint64 bytes)
{
    mallopt(M_TOP_PAD, int(std::min<qint64>(bytes, INT32_MAX)));
    const auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
    std::vector<void *> probes;
    for (int i = 0; i < 64 && reinterpret_cast<std::uintptr_t>(sbrk(0)) == start; ++i)
        probes.push_back(malloc(64 * 1024));
    for (void *probe : probes)
        free(probe);
    mallopt(M_TOP_PAD, 128 * 1024); // glibc's default again (mallopt(3))
    adviseHugePages(start, reinterpret_cast<std::uintptr_t>(sbrk(0)));
}

// glibc gives each thread that allocates an arena of its own (up to 8 per core), whose
// heaps are reserved HEAP_MAX_SIZE bytes at a time (64 MB on 64-bit systems) at an address
// aligned to that size, and committed as they grow. An arena outlives its thread: the next
// new thread takes it over. So `count` threads, alive at once, each create one and mark
// its heap for 2 MB pages; the parser's and the checks' threads then allocate from them.
// A new heap is committed with M_TOP_PAD bytes to spare, so that it is one mapping that
// 2 MB pages fit in, not one grown a page at a time.
// (One arena for every thread would do as well for the faults, but the threads then wait
// for each other's malloc: 860 futex waits, and no second core for the parse.)
void prepareThreadArenas(int count)
{
    mallopt(M_TOP_PAD, int(kArenaHeapSize)); // glibc commits at most the heap's size
    std::latch allHaveOne(count);
    std::vector<std::thread> threads;
    try {
        for (int i = 0; i < count; ++i) {
            threads.emplace_back([&allHaveOne] {
                void *block = malloc(64);
                const auto heap = reinterpret_cast<std::uintptr_t>(block) & ~(kArenaHeapSize - 1);
                adviseHugePages(heap, heap + kArenaHeapSize);
                free(block);
                allHaveOne.arrive_and_wait(); // none ends before all have their own arena
            });
        }
    } catch (const std::system_error &) {
        for (size_t i = threads.size(); i < size_t(count); ++i)
            allHaveOne.count_down(); // no thread to be had: fewer arenas prepared
    }
    for (std::thread &thread : threads)
        thread.join();
    mallopt(M_TOP_PAD, 128 * 1024);
}
#endif
} // namespace

void prepareHeap(qint64 expectedBytes)
{
#ifdef __GLIBC__
    constexpr int kLargestHeapBlock = 32 * 1024 * 1024; // glibc's limit for M_MMAP_THRESHOLD
    static bool prepared = false; // the main thread's alone (see the header)
    if (prepared || expectedBytes < qint64(4 * kHugePage))
        return; // a few MB: the faults cost less than the settings
    prepared = true;
    mallopt(M_MMAP_THRESHOLD, kLargestHeapBlock);
    mallopt(M_TRIM_THRESHOLD, INT32_MAX); // a process that exits soon keeps what it frees
    growMainHeap(expectedBytes);
    prepareThreadArenas(std::max(1, QThread::idealThreadCount()) - 1);
#else
    Q_UNUSED(expectedBytes);
#endif
}

} // namespace provtree::cli
