#pragma once

#include <QThread>
#include <QtGlobal>

#include <algorithm>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace provtree {

// Calls work(begin, end) on consecutive ranges that together cover [0, count), one range
// per core (QThread::idealThreadCount()), each on its own thread except the first, which
// runs on the caller's; returns when all have returned. Fewer ranges when a range would
// hold less than `minPerRange` items: a thread costs tens of microseconds.
// `work` must be safe to call concurrently for disjoint ranges (it may write to item i of
// a shared, already allocated array only for i in its own range). If calls throw, the
// exception of the first range that threw is rethrown, after every thread has ended.
// For CPU-bound work before a lock is taken: it takes no lock itself.
template <typename Work>
void parallelFor(qsizetype count, qsizetype minPerRange, const Work &work)
{
    const qsizetype ranges = std::clamp<qsizetype>(count / std::max<qsizetype>(minPerRange, 1), 1,
                                                   std::max(1, QThread::idealThreadCount()));
    if (ranges == 1) {
        work(qsizetype(0), count);
        return;
    }
    const auto begin = [&](qsizetype range) { return count * range / ranges; };
    std::vector<std::exception_ptr> errors(static_cast<size_t>(ranges));
    const auto run = [&](qsizetype range) {
        try {
            work(begin(range), begin(range + 1));
        } catch (...) {
            errors[size_t(range)] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    try {
        for (qsizetype range = 1; range < ranges; ++range)
            threads.emplace_back(run, range);
    } catch (...) {
        // No thread to be had: the ranges not started run here.
        for (qsizetype range = qsizetype(threads.size()) + 1; range < ranges; ++range)
            run(range);
    }
    run(0);
    for (std::thread &thread : threads)
        thread.join();
    for (const std::exception_ptr &error : errors) {
        if (error)
            std::rethrow_exception(error);
    }
}

// Calls first() on a thread of its own and second() on the caller's, and returns when both
// have returned: two independent steps on two cores. If both throw, second()'s exception
// is rethrown, else first()'s, after both have ended. Without a thread to be had, both run
// on the caller's, first() first. Like parallelFor(), for CPU-bound work that takes no
// lock.
template <typename First, typename Second>
void runSideBySide(const First &first, const Second &second)
{
    std::exception_ptr firstError;
    std::thread thread;
    try {
        thread = std::thread([&] {
            try {
                first();
            } catch (...) {
                firstError = std::current_exception();
            }
        });
    } catch (const std::system_error &) {
        first();
        second();
        return;
    }
    std::exception_ptr secondError;
    try {
        second();
    } catch (...) {
        secondError = std::current_exception();
    }
    thread.join();
    if (secondError)
        std::rethrow_exception(secondError);
    if (firstError)
        std::rethrow_exception(firstError);
}

} // namespace provtree
