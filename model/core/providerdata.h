#pragma once

#include "inventory.h"

#include <QString>
#include <QStringList>

namespace provtree {

// A point-in-time copy of one provider: a plain value. Copies share storage implicitly
// (Qt containers), so taking one is cheap and later edits of the tree never change it.
// Also the record type that populate() and snapshot files work with.
struct ProviderData
{
    QString uuid;        // canonical lower-case 8-4-4-4-12
    QString name;
    qint64 generation = 0;
    QString parentUuid;  // empty for a root
    Inventories inventories;
    Usages usages;       // only for classes present in inventories
    QStringList traits;     // sorted, unique
    QStringList aggregates; // sorted, unique, canonical uuids

    [[nodiscard]] bool isRoot() const { return parentUuid.isEmpty(); }
    bool operator==(const ProviderData &) const = default;
};

} // namespace provtree
