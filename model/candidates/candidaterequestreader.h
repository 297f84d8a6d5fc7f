#pragma once

#include "candidaterequest.h"
#include "problem.h"
#include "pythonsyntax.h"
#include "querystring.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <utility>

// The part of the request parsers both forms share (candidaterequestparser.h has the rules
// and their sources). Thread-safe: pure functions.
namespace provtree::candidaterequest {

// GET /allocation_candidates at microversion 1.39 over decoded query parameters: every
// check Placement 8 makes, in its order, stopping at the first refusal (Placement answers
// one 400). Warnings (a parameter given twice, a name provtree does not know, an aggregate
// uuid in a form that will not match stored ones) accompany a request.
[[nodiscard]] Result<CandidateRequest> readParameters(const QueryParameters &parameters);

// The parameters of the canonical query of `request` (toCandidateQuery()).
[[nodiscard]] QueryParameters canonicalParameters(const CandidateRequest &request);

// One `resources[$S]` value, "VCPU:2,MEMORY_MB:1024", as Placement's
// util.normalize_resources_qs_param reads it: the pairs in order (a class named twice
// appears twice), or its refusal. `key` names the parameter in the problem.
using ResourceAmounts = QList<std::pair<QString, pythonsyntax::PythonInt>>;
[[nodiscard]] Result<ResourceAmounts> readResources(QStringView value, const QString &key);

// Placement's refusal of an amount, or nullopt when it is >= 1 (util.normalize_resources_qs_param).
[[nodiscard]] std::optional<Problem> amountProblem(const QString &resourceClass, QStringView amountText,
                                                   const pythonsyntax::PythonInt &amount, const QString &key);

// Whether `key` is a request group's parameter, `resources`, `required`, `member_of` or
// `in_tree` with an optional suffix (1.33: [a-zA-Z0-9_-]{1,64}); fills in both parts.
// `allowFinalNewline` follows Python's `$` (pythonsyntax::dollarSubject), as the query does.
[[nodiscard]] bool splitGroupKey(QStringView key, bool allowFinalNewline, QString *prefix, QString *suffix);
// Whether `key` is one of the request-wide parameters: limit, group_policy,
// root_required, same_subtree.
[[nodiscard]] bool isRequestWideKey(QStringView key);

} // namespace provtree::candidaterequest
