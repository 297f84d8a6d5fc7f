#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace provtree {

// One request group of GET /allocation_candidates (Placement's RequestGroup, placement/lib.py):
// the unsuffixed group (suffix "") may take its resources from several providers of one
// tree and from sharing providers; a suffixed (granular) group takes all of its resources
// from one provider.
struct RequestGroup
{
    QString suffix;                    // "" unsuffixed; "1", "_NET" ... (1.33: [a-zA-Z0-9_-]{1,64})
    QMap<QString, qint64> resources;   // resource class -> amount
    QList<QStringList> requiredTraits; // all of these, each any-of: {{A}, {B, C}} = A and (B or C);
                                       // each sorted, unique, and the list too (the parsers' form)
    QStringList forbiddenTraits;       // sorted, unique
    QList<QStringList> memberOf;       // all of these, each any-of aggregate uuids (sorted as above;
                                       // uuids as the request wrote them, see candidaterequestparser.h)
    QStringList forbiddenAggregates;   // sorted, unique
    QString inTree;                    // a provider uuid: only its tree; empty: any tree

    [[nodiscard]] bool isGranular() const { return !suffix.isEmpty(); }
    bool operator==(const RequestGroup &) const = default;
};

// How granular groups may share providers (group_policy): Unset is only valid with at most
// one granular group.
enum class GroupPolicy { Unset, None, Isolate };

// A whole GET /allocation_candidates request at microversion 1.39: its groups and the
// request-wide parameters (Placement's RequestWideParams, placement/lib.py). A plain value.
struct CandidateRequest
{
    QList<RequestGroup> groups; // the unsuffixed group first (if any), then by suffix
    GroupPolicy groupPolicy = GroupPolicy::Unset;
    std::optional<qint64> limit;    // at most this many allocation requests
    QStringList rootRequired;       // traits the root of each candidate's tree must have (sorted, unique)
    QStringList rootForbidden;      // ... and must not have (sorted, unique)
    QList<QStringList> sameSubtrees; // each: suffixes whose providers share one subtree (sorted, unique)

    bool operator==(const CandidateRequest &) const = default;
};

} // namespace provtree
