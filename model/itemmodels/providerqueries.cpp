#include "providerqueries.h"

#include "providertree.h"
#include "validation.h"

#include <QSet>

#include <algorithm>

namespace provtree::queries {

namespace {

const QLatin1StringView kCustomPrefix("CUSTOM_");

// Stored trait and aggregate lists are sorted and unique (ProviderData's contract), so a
// membership test is a binary search.
bool sortedContains(const QStringList &sorted, QStringView value)
{
    return std::binary_search(sorted.cbegin(), sorted.cend(), value,
                              [](QStringView a, QStringView b) { return a.compare(b) < 0; });
}

template <typename Predicate>
QList<ProviderRef> providersWhere(const QList<ProviderData> &providers, Predicate matches)
{
    QList<ProviderRef> out;
    for (const ProviderData &p : providers) {
        if (matches(p))
            out.append(ProviderRef{p.uuid, p.name});
    }
    return out;
}

QStringList sorted(const QSet<QString> &names)
{
    QStringList out(names.cbegin(), names.cend());
    out.sort();
    return out;
}

} // namespace

QList<ProviderRef> providersWithTrait(const QList<ProviderData> &providers, QStringView trait)
{
    if (trait.isEmpty())
        return {};
    return providersWhere(providers, [trait](const ProviderData &p) {
        return sortedContains(p.traits, trait);
    });
}

QList<ProviderRef> providersWithTrait(const ProviderTree &tree, QStringView trait)
{
    return providersWithTrait(tree.allData(), trait);
}

QList<ProviderRef> providersInAggregate(const QList<ProviderData> &providers, QStringView aggregate)
{
    const std::optional<QString> canonical = validation::canonicalUuid(aggregate);
    if (!canonical)
        return {};
    return providersWhere(providers, [&canonical](const ProviderData &p) {
        return sortedContains(p.aggregates, *canonical);
    });
}

QList<ProviderRef> providersInAggregate(const ProviderTree &tree, QStringView aggregate)
{
    return providersInAggregate(tree.allData(), aggregate);
}

QStringList customResourceClasses(const QList<ProviderData> &providers)
{
    QSet<QString> names;
    for (const ProviderData &p : providers) {
        for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it) {
            if (it.key().startsWith(kCustomPrefix))
                names.insert(it.key());
        }
    }
    return sorted(names);
}

QStringList customResourceClasses(const ProviderTree &tree)
{
    return customResourceClasses(tree.allData());
}

QStringList customTraits(const QList<ProviderData> &providers)
{
    QSet<QString> names;
    for (const ProviderData &p : providers) {
        // Sorted: the CUSTOM_ traits are one run, found by binary search.
        auto it = std::lower_bound(p.traits.cbegin(), p.traits.cend(), kCustomPrefix,
                                   [](const QString &a, QLatin1StringView b) { return a.compare(b) < 0; });
        for (; it != p.traits.cend() && it->startsWith(kCustomPrefix); ++it)
            names.insert(*it);
    }
    return sorted(names);
}

QStringList customTraits(const ProviderTree &tree)
{
    return customTraits(tree.allData());
}

QStringList aggregates(const QList<ProviderData> &providers)
{
    QSet<QString> uuids;
    for (const ProviderData &p : providers) {
        for (const QString &aggregate : p.aggregates)
            uuids.insert(aggregate);
    }
    return sorted(uuids);
}

QStringList aggregates(const ProviderTree &tree)
{
    return aggregates(tree.allData());
}

} // namespace provtree::queries
