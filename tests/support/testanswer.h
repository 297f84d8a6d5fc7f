#pragma once

#include "problem.h"

namespace provtree::testing {

// The answer of a yes/no query (ProviderTree::hasTraits, haveTraitsChanged, ...). A query
// that failed (an error such as UnknownProvider instead of an answer) is neither yes nor
// no, so QVERIFY(no(...)) cannot pass because the provider is missing.
inline bool yes(const Result<bool> &answer)
{
    return answer.ok() && answer.value();
}

inline bool no(const Result<bool> &answer)
{
    return answer.ok() && !answer.value();
}

} // namespace provtree::testing
