#pragma once

// What the benchmarks share to time themselves: medians of repeated runs, wall and CPU time.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace provtree::bench {

// The median (the mean of the middle two for an even count; 0 for none).
inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n == 0 ? 0.0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// CPU time of this thread: on a shared machine it is far steadier than wall time.
inline double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

struct Timing
{
    double wallMs = 0;
    double cpuMs = 0;
};

// Wall and CPU milliseconds of `body` (after `setup`, untimed), medians of `repeat` runs.
inline Timing medianMs(int repeat, const std::function<void()> &setup, const std::function<void()> &body)
{
    std::vector<double> wall, cpu;
    for (int i = 0; i < repeat; ++i) {
        setup();
        const auto start = std::chrono::steady_clock::now();
        const double cpuStart = threadCpuMs();
        body();
        cpu.push_back(threadCpuMs() - cpuStart);
        wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return {median(wall), median(cpu)};
}

inline Timing medianMs(int repeat, const std::function<void()> &body)
{
    return medianMs(repeat, [] {}, body);
}

} // namespace provtree::bench
