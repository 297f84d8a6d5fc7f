#pragma once

#include "problem.h"

#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace provtree {

// The Placement database schemas provtree reads: alembic revisions of
// placement/db/sqlalchemy/alembic/versions (openstack/placement). Every one of them has the
// tables and columns PlacementDatabaseReader reads, with the meaning it gives them
// (README.md, "Reading Placement's database", has the table with the releases).
//
//   b4ed3a175331  initial (Placement 1.0.0, Stein)
//   611cd6dffd7b  block on null root_provider_id (a data check; no column changed)
//   b5c396305c25  block on null consumer (a data check)
//   422ece571366  consumer_types table, consumers.consumer_type_id (head of Placement 8.0.0)
//   a082b8bb98d0  drops redundant indexes (head after 8.0.0; no column changed)
//
// Any other revision is refused: a newer Placement may have moved data provtree would
// misread, and an unknown database is not Placement's.
class PlacementSchema
{
public:
    // The revisions above, oldest first.
    [[nodiscard]] static const QStringList &knownRevisions();

    // Reads alembic_version on `database` (open, on the calling thread) and checks it.
    // Returns the revision. Errors (ServerError): no alembic_version table or no
    // resource_providers table (not Placement's database, or before `placement-manage db
    // sync`), no or several revisions, a revision not known: the message names what was
    // found and what is known.
    [[nodiscard]] static Result<QString> check(QSqlDatabase &database);
};

} // namespace provtree
