#pragma once

class QThreadPool;

namespace provtree {

// The threads provtree's background work runs on: QtConcurrent::run(workerPool(), ...).
// Not Qt's global pool: Qt's raster engine fills and draws large areas with help from the
// global pool and waits for it, so a paint waited behind our jobs that held it (up to
// 100 ms behind the search and the rows of a 100,000-provider tree being opened). As many
// threads as cores.
[[nodiscard]] QThreadPool *workerPool();

} // namespace provtree
