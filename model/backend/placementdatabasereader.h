#pragma once

#include "databaseurl.h"
#include "treesource.h"

#include <QStringList>

#include <atomic>
#include <functional>

namespace provtree {

// Reads the whole provider forest from Placement's database (MySQL/MariaDB, PostgreSQL or
// SQLite, through Qt SQL) with six queries: the schema's revision, the providers, their
// inventories, usages, traits and aggregates. Never writes: SQLite is opened read-only, on
// MySQL and PostgreSQL the session and the transaction are read-only (a user with SELECT on
// Placement's tables suffices).
//
// Consistency, the database's equivalent of the API pull's generation rule (placementpull.h):
// every query runs in ONE read-only transaction that sees one snapshot of the database
// (MySQL/MariaDB: START TRANSACTION WITH CONSISTENT SNAPSHOT at REPEATABLE READ, InnoDB;
// PostgreSQL: REPEATABLE READ; SQLite: one read transaction). Placement changes a provider's
// generation in the same transaction as its inventories, traits, aggregates and
// allocations, so every provider's generation matches its parts by construction, and the
// snapshot as a whole is one moment of Placement (origin.startedAt), not a span.
//
// What it reads means what Placement's API says (placement/objects): resource class and
// trait names from the resource_classes and traits tables (Placement keeps the standard
// ones there too, with their own ids); usages as the sum of the allocations of each class
// the provider has inventory of (usages of 0 left out, as the API pull does); aggregates
// as placement_aggregates' uuids.
//
// Synchronous: call read() on a worker thread (it opens its own connection there, Qt SQL
// connections belong to one thread); cancel() may be called from any thread.
class PlacementDatabaseReader
{
public:
    explicit PlacementDatabaseReader(DatabaseUrl url);

    // `done` of `total` steps (queries) are complete.
    using Progress = std::function<void(qsizetype done, qsizetype total)>;

    // Every provider (`trees` empty), or the whole trees the providers named by `trees`
    // (names or uuids) belong to. Returns the records (providers in the database's order,
    // traits and aggregates sorted) and the origin: source "placement-database", the URL
    // without user and password, the schema revision, the tree asked for (one), when the
    // snapshot was taken and when reading finished.
    // Errors: Configuration (no Qt SQL driver for the dialect), Io (an SQLite file that does
    // not exist), Unreachable (cannot connect), Unauthorized (the user or password was
    // refused: the message never repeats them), ServerError (an unknown schema, a query
    // that failed), NotFound (`notFoundIsError` and no provider matches `trees`), Cancelled.
    [[nodiscard]] Result<LoadedTree> read(const QStringList &trees, bool notFoundIsError,
                                          const Progress &progress = {});
    // Makes a running read() stop soon with Cancelled (between rows). Any thread.
    void cancel() { m_cancelled.store(true); }

    static constexpr qsizetype kSteps = 6;

private:
    DatabaseUrl m_url;
    std::atomic<bool> m_cancelled{false};
};

} // namespace provtree
