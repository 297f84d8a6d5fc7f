#pragma once

#include "providerdata.h"

#include <QString>

#include <optional>

namespace provtree {

// How full a provider is: its most used resource class, as the tree's Usage column shows
// and sorts it (an operator looks for the hot spots).
struct ClassUsage
{
    QString resourceClass;
    qint64 used = 0;
    qint64 capacity = 0; // InventoryRecord::capacity(): (total - reserved) * ratio, truncated
    // used / capacity; +infinity when something is used of a capacity of 0 or less.
    double fraction = 0.0;
};

// The resource class with the highest usage fraction (the first in class order among
// equals); nullopt for a provider without inventory. Pure function, thread-safe.
[[nodiscard]] std::optional<ClassUsage> highestUsage(const ProviderData &provider);

// "88 %", "∞ %" (used of no capacity): the fraction as the tree shows it.
[[nodiscard]] QString usagePercentText(double fraction);

} // namespace provtree
