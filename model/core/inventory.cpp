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

QString fieldName(InventoryField field)
{
    switch (field) {
    case InventoryField::Total: return QStringLiteral("total");
    case InventoryField::Reserved: return QStringLiteral("reserved");
    case InventoryField::MinUnit: return QStringLiteral("min_unit");
    case InventoryField::MaxUnit: return QStringLiteral("max_unit");
    case InventoryField::StepSize: return QStringLiteral("step_size");
    case InventoryField::AllocationRatio: return QStringLiteral("allocation_ratio");
    }
    return {};
}

double fieldValue(const InventoryRecord &record, InventoryField field)
{
    switch (field) {
    case InventoryField::Total: return double(record.totalOr0());
    case InventoryField::Reserved: return double(record.reservedOrDefault());
    case InventoryField::MinUnit: return double(record.minUnitOrDefault());
    case InventoryField::MaxUnit: return double(record.maxUnitOrDefault());
    case InventoryField::StepSize: return double(record.stepSizeOrDefault());
    case InventoryField::AllocationRatio: return record.allocationRatioOrDefault();
    }
    return 0;
}

InventoryRecord withField(InventoryRecord record, InventoryField field, double value)
{
    // Out-of-range values are clamped (validation then refuses them), never UB.
    const auto integral = [value] {
        if (!(std::abs(value) < 9.2e18))
            return value > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
        return qint64(std::llround(value));
    };
    switch (field) {
    case InventoryField::Total: record.total = integral(); break;
    case InventoryField::Reserved: record.reserved = integral(); break;
    case InventoryField::MinUnit: record.minUnit = integral(); break;
    case InventoryField::MaxUnit: record.maxUnit = integral(); break;
    case InventoryField::StepSize: record.stepSize = integral(); break;
    case InventoryField::AllocationRatio: record.allocationRatio = value; break;
    }
    return record;
}

} // namespace provtree
