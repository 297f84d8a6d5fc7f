#pragma once

#include "command.h"

namespace provtree::cli {

// provtree-cloud, the executable installed beside provtree that runs the commands talking
// to a live Placement (pull, push, candidates --live). Only it links QtNetwork, QtSql,
// yaml-cpp and the backends: loading them took a third of provtree's start-up (about 10 ms
// of 25), which every other command paid. provtree hands such a run over by exec: the
// same process (pid, streams, environment) goes on as provtree-cloud with the same
// arguments, and its exit code is provtree's.
//
// Replaces this process with provtree-cloud, given `argv` (main's, unchanged). Returns only
// when that cannot be done, after printing why to console.err: kExitUnreadable.
[[nodiscard]] int runCloudExecutable(char *argv[], const Console &console);

} // namespace provtree::cli
