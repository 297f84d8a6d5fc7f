#pragma once

#include <QtGlobal>

namespace provtree::cli {

// Prepares glibc's malloc for a command that builds one large tree and then exits: a fresh
// process page-faults every page of its heap, and on a virtual machine a fault costs
// microseconds (116,000 providers: 39,000 faults in 4 KB pages, a third of the time of
// `provtree validate`). This asks for the memory once, in one piece that the kernel may
// back with 2 MB pages (transparent huge pages, "madvise" mode), and has every thread
// allocate from it:
//  - one malloc arena for all threads: the parser's and validation's threads otherwise
//    allocate from arenas of their own, in 4 KB pages;
//  - the heap grows once by `expectedBytes` and is marked MADV_HUGEPAGE; blocks up to
//    32 MB come from it too (not from mmap), and memory freed is kept, not trimmed.
// Pages are still only backed when touched: a generous estimate costs address space, not
// memory (at most one 2 MB page more). A low one only means the rest comes in 4 KB pages.
// Call it from the main thread before the work starts; only the first call counts. It
// changes malloc's settings for the rest of the process, so only short-lived commands
// should. A no-op where malloc is not glibc's.
void prepareHeap(qint64 expectedBytes);

} // namespace provtree::cli
