#include "inventory.h"

#include <cmath>
#include <limits>

namespace provtree {

InventoryRecord InventoryRecord::effective() const
{
    InventoryRecord r;
    r.total = totalOr0();
    r.reserved = reservedOrDefault();
    r.minUnit = minUnitOrDefault();
    r.maxUnit = maxUnitOrDefault();
    r.stepSize = stepSizeOrDefault();
    r.allocationRatio = allocationRatioOrDefault();
    return r;
}

qint64 InventoryRecord::capacity() const
{
    const double raw = double(totalOr0() - reservedOrDefault()) * allocationRatioOrDefault();
    // Python's int() truncates toward zero; clamp what a double cannot hold in qint64.
    if (!std::isfinite(raw))
        return raw > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    if (raw >= 9.2e18)
        return std::numeric_limits<qint64>::max();
    if (raw <= -9.2e18)
        return std::numeric_limits<qint64>::min();
    return qint64(std::trunc(raw));
}

namespace {
template <typename T>
bool fieldChanged(const std::optional<T> &stored, const std::optional<T> &newer)
{
    return newer.has_value() && (!stored.has_value() || *stored != *newer);
}
} // namespace

bool InventoryRecord::changedBy(const InventoryRecord &newer) const
{
    return fieldChanged(total, newer.total) || fieldChanged(reserved, newer.reserved)
        || fieldChanged(minUnit, newer.minUnit) || fieldChanged(maxUnit, newer.maxUnit)
        || fieldChanged(stepSize, newer.stepSize)
        || fieldChanged(allocationRatio, newer.allocationRatio);
}

} // namespace provtree
