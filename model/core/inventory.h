#pragma once

#include <QMap>
#include <QString>

#include <cstdint>
#include <optional>

namespace provtree {

// Placement's upper bound for every integer inventory field (a signed 32-bit column).
inline constexpr qint64 kMaxInventoryInt = 2147483647;

// One inventory record of one resource class, as a caller gave it: each field may be
// absent. Absent fields take Placement's defaults when the record is used (effective()),
// which matters for nova's has-inventory-changed rule (an absent field is no change).
struct InventoryRecord
{
    std::optional<qint64> total;
    std::optional<qint64> reserved;
    std::optional<qint64> minUnit;
    std::optional<qint64> maxUnit;
    std::optional<qint64> stepSize;
    std::optional<double> allocationRatio;

    // Placement's defaults (placement/handlers/inventory.py): reserved 0, min_unit 1,
    // max_unit 2147483647, step_size 1, allocation_ratio 1.0. total has no default.
    static constexpr qint64 kDefaultReserved = 0;
    static constexpr qint64 kDefaultMinUnit = 1;
    static constexpr qint64 kDefaultMaxUnit = kMaxInventoryInt;
    static constexpr qint64 kDefaultStepSize = 1;
    static constexpr double kDefaultAllocationRatio = 1.0;

    [[nodiscard]] qint64 totalOr0() const { return total.value_or(0); }
    [[nodiscard]] qint64 reservedOrDefault() const { return reserved.value_or(kDefaultReserved); }
    [[nodiscard]] qint64 minUnitOrDefault() const { return minUnit.value_or(kDefaultMinUnit); }
    [[nodiscard]] qint64 maxUnitOrDefault() const { return maxUnit.value_or(kDefaultMaxUnit); }
    [[nodiscard]] qint64 stepSizeOrDefault() const { return stepSize.value_or(kDefaultStepSize); }
    [[nodiscard]] double allocationRatioOrDefault() const
    {
        return allocationRatio.value_or(kDefaultAllocationRatio);
    }

    // The same record with every absent field set to Placement's default.
    [[nodiscard]] InventoryRecord effective() const;

    // Placement's capacity: int((total - reserved) * allocation_ratio), truncated toward zero
    // (placement/objects/inventory.py, Inventory.capacity).
    [[nodiscard]] qint64 capacity() const;

    // nova's rule, per record: true if `newer` sets a field this record lacks, or sets a
    // field to a different value. Fields absent from `newer` are not a change.
    [[nodiscard]] bool changedBy(const InventoryRecord &newer) const;

    bool operator==(const InventoryRecord &) const = default;
};

// The six fields of an inventory record, in Placement's order.
enum class InventoryField { Total, Reserved, MinUnit, MaxUnit, StepSize, AllocationRatio };
inline constexpr int kInventoryFieldCount = 6;

// Placement's JSON name of a field: "total", "reserved", "min_unit", ...
[[nodiscard]] QString fieldName(InventoryField field);
// The field's effective value (absent: Placement's default), as a double for the ratio.
[[nodiscard]] double fieldValue(const InventoryRecord &record, InventoryField field);
// A copy of `record` with `field` set to `value` (integral fields take llround(value)).
[[nodiscard]] InventoryRecord withField(InventoryRecord record, InventoryField field, double value);

// Resource class name -> record. Ordered, so iteration and saved files are stable.
using Inventories = QMap<QString, InventoryRecord>;
// Resource class name -> amount allocated (consumed) against that class.
using Usages = QMap<QString, qint64>;

} // namespace provtree
