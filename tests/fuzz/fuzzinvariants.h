#pragma once

// What the fuzz targets share: stopping at a broken invariant with a message that names it
// (so libFuzzer saves the input), and the questions they ask of every result's problems.

#include "problem.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace provtree::fuzzing {

[[noreturn]] inline void broken(const char *invariant, const Problems &problems = {})
{
    std::fprintf(stderr, "invariant broken: %s\n", invariant);
    for (const Problem &p : problems)
        std::fprintf(stderr, "  %s\n", qUtf8Printable(p.toString()));
    std::abort();
}

inline void check(bool holds, const char *invariant, const Problems &problems = {})
{
    if (!holds)
        broken(invariant, problems);
}

inline bool hasError(const Problems &problems)
{
    return std::any_of(problems.cbegin(), problems.cend(), [](const Problem &p) { return p.isError(); });
}

// Every error has a location ("LINE:COLUMN" or "$...").
inline bool everyErrorLocated(const Problems &problems)
{
    return std::none_of(problems.cbegin(), problems.cend(),
                        [](const Problem &p) { return p.isError() && p.location.isEmpty(); });
}

} // namespace provtree::fuzzing
