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

// The queries read either a list of records or the tree itself; the tree is walked in
// place (ProviderTree::forEachProvider), since copying 100,000 records to look at their
// traits is what made a question about the whole tree slow.
template <typename Visit>
void forEach(const QList<ProviderData> &providers, Visit visit)
{
    for (const ProviderData &p : providers)
        visit(p);
}

template <typename Visit>
void forEach(const ProviderTree &tree, Visit visit)
{
    tree.forEachProvider(visit);
}

template <typename Providers, typename Predicate>
QList<ProviderRef> providersWhere(const Providers &providers, Predicate matches)
{
    QList<ProviderRef> out;
    forEach(providers, [&out, &matches](const ProviderData &p) {
        if (matches(p))
            out.append(ProviderRef{p.uuid, p.name});
    });
    return out;
}

QStringList sorted(const QSet<QString> &names)
{
    QStringList out(names.cbegin(), names.cend());
    out.sort();
    return out;
}

template <typename Providers>
QList<ProviderRef> providersWithTraitIn(const Providers &providers, QStringView trait)
{
    if (trait.isEmpty())
        return {};
    return providersWhere(providers, [trait](const ProviderData &p) { return sortedContains(p.traits, trait); });
}

template <typename Providers>
QList<ProviderRef> providersInAggregateIn(const Providers &providers, QStringView aggregate)
{
    const std::optional<QString> canonical = validation::canonicalUuid(aggregate);
    if (!canonical)
        return {};
    return providersWhere(providers, [&canonical](const ProviderData &p) {
        return sortedContains(p.aggregates, *canonical);
    });
}

template <typename Providers>
QStringList customResourceClassesIn(const Providers &providers)
{
    QSet<QString> names;
    forEach(providers, [&names](const ProviderData &p) {
        for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it) {
            if (it.key().startsWith(kCustomPrefix))
                names.insert(it.key());
        }
    });
    return sorted(names);
}

template <typename Providers>
QStringList customTraitsIn(const Providers &providers)
{
    QSet<QString> names;
    forEach(providers, [&names](const ProviderData &p) {
        // Sorted: the CUSTOM_ traits are one run, found by binary search.
        auto it = std::lower_bound(p.traits.cbegin(), p.traits.cend(), kCustomPrefix,
                                   [](const QString &a, QLatin1StringView b) { return a.compare(b) < 0; });
        for (; it != p.traits.cend() && it->startsWith(kCustomPrefix); ++it)
            names.insert(*it);
    });
    return sorted(names);
}

template <typename Providers>
QStringList aggregatesIn(const Providers &providers)
{
    QSet<QString> uuids;
    forEach(providers, [&uuids](const ProviderData &p) {
        for (const QString &aggregate : p.aggregates)
            uuids.insert(aggregate);
    });
    return sorted(uuids);
}

} // namespace

QList<ProviderRef> providersWithTrait(const QList<ProviderData> &providers, QStringView trait)
{
    return providersWithTraitIn(providers, trait);
}

QList<ProviderRef> providersWithTrait(const ProviderTree &tree, QStringView trait)
{
    return providersWithTraitIn(tree, trait);
}

QList<ProviderRef> providersInAggregate(const QList<ProviderData> &providers, QStringView aggregate)
{
    return providersInAggregateIn(providers, aggregate);
}

QList<ProviderRef> providersInAggregate(const ProviderTree &tree, QStringView aggregate)
{
    return providersInAggregateIn(tree, aggregate);
}

QStringList customResourceClasses(const QList<ProviderData> &providers)
{
    return customResourceClassesIn(providers);
}

QStringList customResourceClasses(const ProviderTree &tree)
{
    return customResourceClassesIn(tree);
}

QStringList customTraits(const QList<ProviderData> &providers)
{
    return customTraitsIn(providers);
}

QStringList customTraits(const ProviderTree &tree)
{
    return customTraitsIn(tree);
}

QStringList aggregates(const QList<ProviderData> &providers)
{
    return aggregatesIn(providers);
}

QStringList aggregates(const ProviderTree &tree)
{
    return aggregatesIn(tree);
}

} // namespace provtree::queries
