#include "placementschema.h"

#include "neutralise.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace provtree {

namespace {

Problem unknownSchema(const QString &found)
{
    return makeError(ProblemKind::ServerError,
                     QStringLiteral("the database %1; provtree reads Placement's schema at the alembic revisions %2")
                         .arg(found, PlacementSchema::knownRevisions().join(QStringLiteral(", "))));
}

} // namespace

const QStringList &PlacementSchema::knownRevisions()
{
    static const QStringList revisions{
        QStringLiteral("b4ed3a175331"), QStringLiteral("611cd6dffd7b"), QStringLiteral("b5c396305c25"),
        QStringLiteral("422ece571366"), QStringLiteral("a082b8bb98d0"),
    };
    return revisions;
}

Result<QString> PlacementSchema::check(QSqlDatabase &database)
{
    // A failed SELECT aborts a PostgreSQL transaction: ask the catalogue, not the table.
    const QStringList tables = database.tables();
    if (!tables.contains(QLatin1String("alembic_version")) || !tables.contains(QLatin1String("resource_providers")))
        return unknownSchema(QStringLiteral("has no Placement tables (alembic_version, resource_providers): "
                                            "not Placement's database, or `placement-manage db sync` never ran"));
    QSqlQuery query(database);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT version_num FROM alembic_version")))
        return unknownSchema(QStringLiteral("cannot be asked its alembic_version"));
    QStringList found;
    while (query.next())
        found.append(query.value(0).toString());
    if (found.size() != 1)
        return unknownSchema(QStringLiteral("has %1 alembic revisions (%2), not one")
                                 .arg(found.size())
                                 .arg(neutralisedIfNeeded(found.join(QStringLiteral(", ")))));
    if (!knownRevisions().contains(found.constFirst()))
        return unknownSchema(QStringLiteral("is at the unknown alembic revision %1").arg(neutralisedIfNeeded(found.constFirst())));
    return found.constFirst();
}

} // namespace provtree
