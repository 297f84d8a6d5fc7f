#pragma once

#include "workerpool.h"

#include <QThreadPool>

#include <memory>
#include <type_traits>
#include <utility>

namespace provtree {

// Destroys `value` on a worker (workerPool()): the rows of 100,000 providers take tens of
// milliseconds to free, which the GUI thread must not wait for. `value` must hold nothing
// that another thread still uses without a lock (implicitly shared Qt data is fine: its
// reference counts are atomic).
template<typename T>
void releaseOnWorker(T &&value)
{
    static_assert(!std::is_lvalue_reference_v<T>, "hand the value over: std::move(value)");
    auto doomed = std::make_shared<std::decay_t<T>>(std::forward<T>(value));
    workerPool()->start([doomed = std::move(doomed)]() mutable { doomed.reset(); });
}

} // namespace provtree
