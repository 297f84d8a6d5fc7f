#pragma once

// Timing a whole process, as a user's shell would: start to exit, its peak memory and CPU.
#include "benchtiming.h"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

extern char **environ;

namespace provtree::bench {

struct ProcessRun
{
    double wallMs = 0;  // from spawn to exit
    double cpuMs = 0;   // user + system, all its threads (GNU time's too: a millisecond)
    double peakRssMb = 0;
    int exitCode = -1;  // -1: did not start or did not exit normally
};

// GNU time (Debian package "time"), which reports its child's peak RSS.
inline constexpr char kGnuTime[] = "/usr/bin/time";

// Runs `argv` (argv[0] a path) once, its stdout and stderr sent to /dev/null.
// The peak RSS comes from GNU time, which runs the command: a child spawned by this
// (large) process directly would report this process's peak instead (posix_spawn shares
// its memory until exec, and Linux counts that in the child's ru_maxrss). Without it,
// peakRssMb is -1.
inline ProcessRun runProcess(const std::vector<std::string> &command)
{
    const std::string rssFile = "/tmp/provtree-bench-rss-" + std::to_string(getpid());
    const bool timed = access(kGnuTime, X_OK) == 0;
    std::vector<std::string> argv = command;
    if (timed)
        argv.insert(argv.begin(), {kGnuTime, "-f", "%M", "-o", rssFile});
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
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peakRssMb = -1;
    if (FILE *file = timed ? std::fopen(rssFile.c_str(), "r") : nullptr) {
        long kb = 0;
        if (std::fscanf(file, "%ld", &kb) == 1)
            run.peakRssMb = double(kb) / 1024.0;
        std::fclose(file);
        std::remove(rssFile.c_str());
    }
    return run;
}

// The medians of `repeat` runs (the peak RSS: the largest).
inline ProcessRun medianProcessRun(int repeat, const std::vector<std::string> &argv)
{
    std::vector<double> wall, cpu;
    ProcessRun result;
    result.peakRssMb = -1;
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
