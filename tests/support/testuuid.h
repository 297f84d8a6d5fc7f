#pragma once

#include <QString>

namespace provtree::testing {

// A readable, valid, canonical uuid for test number `n`: 00000000-0000-4000-8000-00000000000n.
inline QString uuid(int n)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
}

} // namespace provtree::testing
