#pragma once

#include <QString>

namespace provtree {

// Where and when a snapshot was taken, for people and for a later push or refresh: the
// optional "origin" object of a snapshot file (README.md, "Snapshot files"). Never holds a
// secret: no token, password or credential, only what identifies the cloud. Every field may
// be empty (files written by hand, or before origins existed, have none).
struct SnapshotOrigin
{
    QString source;       // "placement": pulled from the Placement API; "placement-database":
                          // read from Placement's database (PlacementDatabaseSource)

    QString cloud;        // the clouds.yaml entry it was pulled with, if any
    QString endpoint;     // Placement's URL, or the database's URL without user and password
    QString region;
    QString microversion; // the Placement microversion the pull spoke, e.g. "1.39"
    QString schema;       // a database read: the schema's alembic revision, e.g. "422ece571366"
    QString tree;         // the tree asked for (a name or uuid); empty: every tree
    QString startedAt;    // ISO 8601 UTC, when the pull read the provider list
    QString finishedAt;   // ISO 8601 UTC, when it read the last provider

    [[nodiscard]] bool isEmpty() const { return *this == SnapshotOrigin(); }
    bool operator==(const SnapshotOrigin &) const = default;
};

} // namespace provtree
