#pragma once

// Provider records and problem lists for tests, written and read compactly.

#include "problem.h"
#include "providerdata.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace provtree::testing {

// A record with just a uuid, a name and a parent (empty: a root); the rest at defaults.
inline ProviderData providerRecord(const QString &uuid, const QString &name, const QString &parentUuid = {})
{
    ProviderData p;
    p.uuid = uuid;
    p.name = name;
    p.parentUuid = parentUuid;
    return p;
}

// The records sorted by uuid: for comparing record lists whose order does not matter.
inline QList<ProviderData> sortedByUuid(QList<ProviderData> records)
{
    std::sort(records.begin(), records.end(),
              [](const ProviderData &a, const ProviderData &b) { return a.uuid < b.uuid; });
    return records;
}

// One Problem::toString() line per problem, for a failure message.
inline QString problemLines(const Problems &problems)
{
    QStringList lines;
    for (const Problem &p : problems)
        lines.append(p.toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace provtree::testing
