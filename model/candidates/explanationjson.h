#pragma once

#include "candidateexplanation.h"

#include <QJsonArray>
#include <QJsonObject>

namespace provtree {

// An explanation as JSON, beside Placement's own answer (`provtree candidates --json`).
// Pure functions: callable from any thread.

// One rejected tree:
//   {"root": UUID, "provider": UUID or null, "code": "capacity", "reason": TEXT,
//    "group": SUFFIX (only when the obstacle is in one group; "" the unsuffixed one),
//    "resource_class", "capacity", "used", "asked", "max_unit" | "min_unit" | "step_size",
//    "traits", "aggregates", "in_tree", "groups", "amounts" (each only where the code has
//    it), "sharing_root": bool, "via_sharing": bool}
// `reason` is TreeRejection::text (names neutralised); no other field holds a name.
[[nodiscard]] QJsonObject rejectionToJson(const TreeRejection &rejection);
[[nodiscard]] QJsonArray rejectionsToJson(const QList<TreeRejection> &rejections);

// The groups: [{"reason": LABEL, "code": "capacity", "trees": N, "sharing_providers": bool}]
[[nodiscard]] QJsonArray rejectionGroupsToJson(const QList<RejectionGroup> &groups);

} // namespace provtree
