#pragma once

#include <QtGlobal>

namespace provtree::cli {

// Prepares glibc's malloc for a command that builds one large tree and then exits: a fresh
// process page-faults every page of its heap, and on a virtual machine a fault costs
// microseconds (116,000 providers: 39,000 faults in 4 KB pages, a third of the time of
// `provtree validate`). This asks for the memory in large pieces that the kernel
// may back with 2 MB pages (transparent huge pages, "madvise" mode):
//  - the main heap grows once by `expectedBytes` and is marked MADV_HUGEPAGE; blocks up to
//    32 MB come from it too (not from mmap), and memory freed is kept, not trimmed;
//  - the malloc arenas the worker threads will use (one per further core) are created
//    beforehand, each committed whole (64 MB) and marked the same way: the parser's and
//    validation's threads otherwise allocate from arenas that grow a page at a time.
// Pages are still only backed when touched: a generous estimate costs address space, not
// memory (at most one 2 MB page more). A low one only means the rest comes in 4 KB pages.
// Call it from the main thread before the work starts; only the first call counts. It
// changes malloc's settings for the rest of the process, so only short-lived commands
// should. A no-op where malloc is not glibc's.
void prepareHeap(qint64 expectedBytes);

} // namespace provtree::cli
