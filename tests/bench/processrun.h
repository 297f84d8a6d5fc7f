#pragma once

// Timing a whole process, as a user's shell would: start to exit, its peak memory and CPU.
#include "benchtiming.h"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

extern char **environ;

namespace provtree::bench {

struct ProcessRun
{
    double wallMs = 0;  // from spawn to exit
    double cpuMs = 0;   // user + system, all its threads
    double peakRssMb = 0;
    int exitCode = -1;  // -1: did not start or did not exit normally
};

// Runs `argv` (argv[0] a path) once, its stdout and stderr sent to /dev/null.
inline ProcessRun runProcess(const std::vector<std::string> &argv)
{
    std::vector<char *> args;
    for (const std::string &arg : argv)
        args.push_back(const_cast<char *>(arg.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    ProcessRun run;
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return run;
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid)
        return run;
    run.wallMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const auto ms = [](const timeval &t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    run.cpuMs = ms(usage.ru_utime) + ms(usage.ru_stime);
    run.peakRssMb = double(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KB on Linux
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

// The medians of `repeat` runs (the peak RSS: the largest).
inline ProcessRun medianProcessRun(int repeat, const std::vector<std::string> &argv)
{
    std::vector<double> wall, cpu;
    ProcessRun result;
    for (int i = 0; i < repeat; ++i) {
        const ProcessRun run = runProcess(argv);
        if (run.exitCode != 0)
            return run;
        wall.push_back(run.wallMs);
        cpu.push_back(run.cpuMs);
        result.peakRssMb = std::max(result.peakRssMb, run.peakRssMb);
    }
    result.wallMs = median(wall);
    result.cpuMs = median(cpu);
    result.exitCode = 0;
    return result;
}

} // namespace provtree::bench
