#include "processheap.h"

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cstdint>
#include <vector>

namespace provtree::cli {

void prepareHeap(qint64 expectedBytes)
{
#ifdef __GLIBC__
    constexpr qint64 kHugePage = 2 * 1024 * 1024;
    constexpr int kLargestHeapBlock = 32 * 1024 * 1024; // glibc's limit for M_MMAP_THRESHOLD
    static bool prepared = false; // the main thread's alone (see the header)
    if (prepared || expectedBytes < 4 * kHugePage)
        return; // a few MB: the faults cost less than the settings
    prepared = true;
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, kLargestHeapBlock);
    mallopt(M_TRIM_THRESHOLD, INT32_MAX); // a process that exits soon keeps what it frees
    // The heap's next growth is by expectedBytes at once: allocate until it happens (the top
    // of the heap may hold some room still), then hand the blocks back to the heap's top.
    mallopt(M_TOP_PAD, int(std::min<qint64>(expectedBytes, INT32_MAX)));
    const auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
    std::vector<void *> probes;
    for (int i = 0; i < 64 && reinterpret_cast<std::uintptr_t>(sbrk(0)) == start; ++i)
        probes.push_back(malloc(64 * 1024));
    for (void *probe : probes)
        free(probe);
    mallopt(M_TOP_PAD, 128 * 1024); // glibc's default again
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t first = (start + kHugePage - 1) & ~std::uintptr_t(kHugePage - 1);
    if (end > first)
        madvise(reinterpret_cast<void *>(first), end - first, MADV_HUGEPAGE);
#else
    Q_UNUSED(expectedBytes);
#endif
}

} // namespace provtree::cli
