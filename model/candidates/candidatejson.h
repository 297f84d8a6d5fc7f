#pragma once

#include "candidateresult.h"
#include "problem.h"

#include <QJsonObject>
#include <QString>

namespace provtree {

// Placement's own response shape of GET /allocation_candidates at microversion 1.39
// (placement/handlers/allocation_candidate.py, _transform_allocation_candidates):
//   {"allocation_requests": [{"allocations": {RP: {"resources": {RC: N}}},
//                             "mappings": {SUFFIX: [RP, ...]}}, ...],
//    "provider_summaries": {RP: {"resources": {RC: {"capacity": N, "used": N}},
//                                "traits": [...], "parent_provider_uuid": RP or null,
//                                "root_provider_uuid": RP}}}
// Pure functions: callable from any thread.
[[nodiscard]] QJsonObject toPlacementJson(const CandidateResult &result);

// Reads Placement's answer (the shape above) back. Mappings and traits are sorted (they are
// sets). A document of another shape fails with a Syntax problem whose location is the
// JSON path of the first offending value.
[[nodiscard]] Result<CandidateResult> candidateResultFromPlacementJson(const QJsonObject &json);

// Whether two answers are the same as Placement defines them: the same set of allocation
// requests (order and repetition aside; mappings compared as sets) and the same provider
// summaries (traits as sets). When they differ and `firstDifference` is given, it receives
// a short description of one difference (uuids and names neutralised).
[[nodiscard]] bool sameCandidates(const CandidateResult &a, const CandidateResult &b,
                                  QString *firstDifference = nullptr);

} // namespace provtree
