#include "providerusage.h"

#include <cmath>
#include <limits>

namespace provtree {

std::optional<ClassUsage> highestUsage(const ProviderData &provider)
{
    std::optional<ClassUsage> highest;
    for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it) {
        ClassUsage usage;
        usage.resourceClass = it.key();
        usage.used = provider.usages.value(it.key());
        usage.capacity = it.value().capacity();
        if (usage.capacity > 0)
            usage.fraction = double(usage.used) / double(usage.capacity);
        else
            usage.fraction = usage.used > 0 ? std::numeric_limits<double>::infinity() : 0.0;
        if (!highest || usage.fraction > highest->fraction)
            highest = usage;
    }
    return highest;
}

QString usagePercentText(double fraction)
{
    if (std::isinf(fraction))
        return QStringLiteral("∞ %");
    return QStringLiteral("%1 %").arg(std::lround(fraction * 100.0));
}

} // namespace provtree
