#pragma once

#include "candidaterequest.h"

#include <QString>
#include <QStringList>

namespace provtree::testsupport {

// The query string (without '?') of GET /allocation_candidates for `request`, as the
// fidelity test's own writer: every all-of trait of a group in one `required{S}`, each any-of
// set as `required{S}=in:...`, forbidden traits as `!T`; each member_of set as its own
// parameter (`in:` for any-of), forbidden aggregates as `!in:...`; one `same_subtree` per
// set. The names in the forests' requests are URL-safe, so nothing is escaped. Thread-safe.
[[nodiscard]] inline QString fidelityQuery(const CandidateRequest &request)
{
    QStringList parts;
    for (const RequestGroup &group : request.groups) {
        const QString &s = group.suffix;
        if (!group.resources.isEmpty()) {
            QStringList amounts;
            for (auto it = group.resources.cbegin(); it != group.resources.cend(); ++it)
                amounts.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
            parts.append(QStringLiteral("resources") + s + QLatin1Char('=') + amounts.join(QLatin1Char(',')));
        }
        QStringList allOf;
        for (const QStringList &anyOf : group.requiredTraits) {
            if (anyOf.size() == 1)
                allOf.append(anyOf.constFirst());
            else
                parts.append(QStringLiteral("required") + s + QStringLiteral("=in:") + anyOf.join(QLatin1Char(',')));
        }
        for (const QString &trait : group.forbiddenTraits)
            allOf.append(QLatin1Char('!') + trait);
        if (!allOf.isEmpty())
            parts.append(QStringLiteral("required") + s + QLatin1Char('=') + allOf.join(QLatin1Char(',')));
        for (const QStringList &anyOf : group.memberOf) {
            parts.append(QStringLiteral("member_of") + s + QLatin1Char('=')
                         + (anyOf.size() == 1 ? anyOf.constFirst() : QStringLiteral("in:") + anyOf.join(QLatin1Char(','))));
        }
        if (!group.forbiddenAggregates.isEmpty())
            parts.append(QStringLiteral("member_of") + s + QStringLiteral("=!in:")
                         + group.forbiddenAggregates.join(QLatin1Char(',')));
        if (!group.inTree.isEmpty())
            parts.append(QStringLiteral("in_tree") + s + QLatin1Char('=') + group.inTree);
    }
    if (request.groupPolicy != GroupPolicy::Unset)
        parts.append(QStringLiteral("group_policy=")
                     + (request.groupPolicy == GroupPolicy::None ? QStringLiteral("none") : QStringLiteral("isolate")));
    if (request.limit)
        parts.append(QStringLiteral("limit=") + QString::number(*request.limit));
    QStringList root = request.rootRequired;
    for (const QString &trait : request.rootForbidden)
        root.append(QLatin1Char('!') + trait);
    if (!root.isEmpty())
        parts.append(QStringLiteral("root_required=") + root.join(QLatin1Char(',')));
    for (const QStringList &subtree : request.sameSubtrees)
        parts.append(QStringLiteral("same_subtree=") + subtree.join(QLatin1Char(',')));
    return parts.join(QLatin1Char('&'));
}

} // namespace provtree::testsupport
