#pragma once

#include "candidateforest.h"
#include "placementclient.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace provtree::testsupport {

// Sends `requests` through `client` (its queue keeps their order; its maxParallel() bounds
// how many are in flight) and returns the answers in the same order, once all arrived.
// Blocks on a local event loop: test code only, on the client's thread.
[[nodiscard]] QList<PlacementResponse> sendAndWait(PlacementClient &client, const QList<PlacementRequest> &requests);
[[nodiscard]] PlacementResponse sendAndWait(PlacementClient &client, const PlacementRequest &request);

// How the loader writes inventories and usages.
enum class LoadMethod {
    // PUT /resource_providers/{uuid}/inventories per provider, PUT /allocations/{consumer}
    // per tree: what nova does, one provider at a time.
    PerProvider,
    // One POST /reshaper with every inventory and every tree's allocations (a few requests
    // for the whole forest instead of two per provider; the same rows in Placement).
    Bulk,
};

// What one load or wipe did.
struct LoadOutcome
{
    QString error;    // empty: done; otherwise the first refused request and Placement's answer
    int requests = 0; // HTTP requests sent
    double seconds = 0;

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

// Writes a generated forest into a real Placement through its API, and removes it again:
// custom traits and resource classes first, then each provider (parents before children,
// with their parent), its traits and aggregates, its inventories, and its usages as real
// allocations, one consumer per tree (project and user "provtree-fidelity", consumer type
// INSTANCE). Placement checks each allocation against min_unit, max_unit, step_size and
// capacity when it is written, so a usage that one allocation cannot carry (above capacity,
// off the step, above max_unit) is written against a roomier inventory first (same total
// and reserved or more, min_unit 1, max_unit and step_size open, ratio 1) and the real
// inventory is put in place afterwards: Placement keeps allocations when an inventory
// shrinks below them, as it does when an operator lowers an allocation ratio.
//
// Writes go one at a time (the SQLite behind the test's Placement fails two concurrent
// writers with "database is locked"). Test code: blocks on local event loops; call it from
// the thread that made it.
class PlacementLoader
{
public:
    // `connection`: the Placement to write to (noauth2 with token "admin" in the tests).
    explicit PlacementLoader(const PlacementConnection &connection);
    ~PlacementLoader();

    [[nodiscard]] LoadOutcome load(const CandidateForest &forest, LoadMethod method);
    // Deletes the forest's consumers, then its providers (children first). Custom traits
    // and classes stay (the next forest uses the same).
    [[nodiscard]] LoadOutcome wipe(const CandidateForest &forest);

    // The consumer holding the usages of the tree of `rootUuid` (a name-based uuid: the
    // same for the same root every time).
    [[nodiscard]] static QString consumerFor(const QString &rootUuid);
    // Whether Placement accepts `used` as one allocation against `record` (its write-time
    // check, placement/objects/allocation.py, _check_capacity_exceeded: min_unit, max_unit,
    // step_size, and used <= (total - reserved) * allocation_ratio without truncation).
    [[nodiscard]] static bool acceptsAsOneAllocation(const InventoryRecord &record, qint64 used);

private:
    [[nodiscard]] QList<PlacementRequest> createRequests(const CandidateForest &forest) const;
    [[nodiscard]] LoadOutcome sendInOrder(const QList<PlacementRequest> &requests);
    [[nodiscard]] std::optional<QHash<QString, qint64>> generations(LoadOutcome &outcome);

    std::unique_ptr<PlacementClient> m_client;
};

} // namespace provtree::testsupport
