#include "refcollision.h"

#include "neutralise.h"
#include "validation.h"

namespace provtree::refcollision {

QString uuidSpelledBy(QStringView name, QStringView self)
{
    // Only a 36-character ref can be a uuid (ProviderStore::find).
    if (name.size() != 36)
        return {};
    const QString uuid = validation::canonicalUuid(name).value_or(QString());
    return uuid == self ? QString() : uuid;
}

QVarLengthArray<const ProviderNode *, 2> nameHoldersOf(const ProviderStore &store, const QString &uuid)
{
    QVarLengthArray<const ProviderNode *, 2> holders;
    if (store.size() == 0)
        return holders; // a tree built aside (replaceAll()): spares two strings per record
    for (const QString &spelling : {uuid.toLower(), uuid.toUpper()}) {
        const ProviderNode *holder = store.byName(spelling);
        if (holder && holder->data.uuid != uuid && !holders.contains(holder))
            holders.append(holder);
    }
    return holders;
}

Problem nameIsUuidOf(const QString &name, const QString &owner, const QString &provider)
{
    return makeError(ProblemKind::DuplicateName,
                     QStringLiteral("name %1 spells the uuid of provider %2: a lookup by it would find "
                                    "that provider")
                         .arg(neutralised(name), owner),
                     provider, QStringLiteral("name"));
}

Problem uuidIsNameOf(const QString &uuid, const QString &holder)
{
    return makeError(ProblemKind::DuplicateUuid,
                     QStringLiteral("uuid %1 is spelled by the name of provider %2: a lookup by that "
                                    "name would no longer find it")
                         .arg(neutralisedIfNeeded(uuid), holder),
                     uuid, QStringLiteral("uuid"));
}

} // namespace provtree::refcollision
