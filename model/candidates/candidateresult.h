#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace provtree {

// One allocation request of GET /allocation_candidates at microversion 1.39: what to
// allocate from which provider (provider uuid -> resource class -> amount, the body of a
// PUT /allocations/{consumer}), and which providers satisfied each request group
// (suffix -> provider uuids, "" for the unsuffixed group; the uuids sorted, as Placement's
// mappings are sets). A plain value.
struct AllocationRequest
{
    QMap<QString, QMap<QString, qint64>> allocations;
    QMap<QString, QStringList> mappings;

    bool operator==(const AllocationRequest &) const = default;
};

// One resource class of a provider summary: capacity = int((total - reserved) *
// allocation_ratio), used = the sum of the provider's allocations of that class.
struct ResourceSummary
{
    qint64 capacity = 0;
    qint64 used = 0;

    bool operator==(const ResourceSummary &) const = default;
};

// One entry of provider_summaries at 1.39: every resource class the provider has inventory
// of (1.27+), its traits (sorted), its parent (empty for a root) and its root (1.29+).
struct ProviderSummary
{
    QMap<QString, ResourceSummary> resources;
    QStringList traits;
    QString parentUuid;
    QString rootUuid;

    bool operator==(const ProviderSummary &) const = default;
};

// The answer of GET /allocation_candidates: the allocation requests (a set: Placement's
// order is not defined, so compare with sameCandidates()) and the summaries of every
// provider in the trees that give resources to them, keyed by provider uuid.
struct CandidateResult
{
    QList<AllocationRequest> allocationRequests;
    QMap<QString, ProviderSummary> providerSummaries;
};

} // namespace provtree
