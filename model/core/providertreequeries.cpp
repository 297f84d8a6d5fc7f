#include "providertree_p.h"

// ProviderTree's reads: each takes the shared lock once and hands out copies.
namespace provtree {

using namespace treeinternal;

bool ProviderTree::exists(QStringView ref) const
{
    const std::shared_lock guard(d->lock);
    return d->store.find(ref) != nullptr;
}

qsizetype ProviderTree::size() const
{
    const std::shared_lock guard(d->lock);
    return d->store.size();
}

std::optional<ProviderData> ProviderTree::data(QStringView ref) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return std::nullopt;
    return node->data;
}

std::optional<ProviderTree::Versioned> ProviderTree::versionedData(QStringView ref) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return std::nullopt;
    return Versioned{node->data, d->revisionOf(*node)};
}

QStringList ProviderTree::providerUuids() const
{
    const std::shared_lock guard(d->lock);
    return d->store.allUuids();
}

Result<QStringList> ProviderTree::subtreeUuids(QStringView ref) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    return ProviderStore::subtreeUuids(node);
}

Result<QStringList> ProviderTree::treeUuids(QStringView ref) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    while (node->parent)
        node = node->parent;
    return ProviderStore::subtreeUuids(node);
}

QStringList ProviderTree::rootUuids() const
{
    const std::shared_lock guard(d->lock);
    QStringList uuids;
    for (const ProviderNode *root : d->store.roots())
        uuids.append(root->data.uuid);
    return uuids;
}

Result<QStringList> ProviderTree::childUuids(QStringView ref) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    QStringList uuids;
    for (const ProviderNode *child : node->children)
        uuids.append(child->data.uuid);
    return uuids;
}

QList<ProviderData> ProviderTree::allData() const
{
    return snapshot().providers;
}

ProviderTree::Snapshot ProviderTree::snapshot() const
{
    const std::shared_lock guard(d->lock);
    Snapshot snapshot;
    snapshot.sequence = d->sequence;
    snapshot.providers.reserve(d->store.size());
    d->store.visitAllTopDown([&snapshot](const ProviderNode &node) { snapshot.providers.append(node.data); });
    return snapshot;
}

quint64 ProviderTree::forEachProvider(const std::function<void(const ProviderData &)> &visit) const
{
    const std::shared_lock guard(d->lock);
    d->store.visitAllTopDown([&visit](const ProviderNode &node) { visit(node.data); });
    return d->sequence;
}

quint64 ProviderTree::withAllProviders(const std::function<void(const std::vector<const ProviderData *> &)> &use) const
{
    const std::shared_lock guard(d->lock);
    std::vector<const ProviderData *> all;
    all.reserve(d->store.size());
    d->store.visitAllTopDown([&all](const ProviderNode &node) { all.push_back(&node.data); });
    use(all);
    return d->sequence;
}

Result<bool> ProviderTree::hasInventory(QStringView ref) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    return !node->data.inventories.isEmpty();
}

Result<bool> ProviderTree::hasInventoryChanged(QStringView ref, const Inventories &inventories) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    return inventoryChanged(node->data.inventories, inventories);
}

Result<bool> ProviderTree::haveTraitsChanged(QStringView ref, const QStringList &traits) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    return node->data.traits != sortedUnique(traits);
}

Result<bool> ProviderTree::hasTraits(QStringView ref, const QStringList &traits) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    const QStringList &have = node->data.traits;
    return std::all_of(traits.cbegin(), traits.cend(), [&have](const QString &trait) {
        return std::binary_search(have.cbegin(), have.cend(), trait);
    });
}

Result<bool> ProviderTree::haveAggregatesChanged(QStringView ref, const QStringList &aggregates) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    return node->data.aggregates != canonicalAggregates(aggregates);
}

Result<bool> ProviderTree::inAggregates(QStringView ref, const QStringList &aggregates) const
{
    const QStringList wanted = canonicalAggregates(aggregates);
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    const QStringList &have = node->data.aggregates;
    return std::all_of(wanted.cbegin(), wanted.cend(), [&have](const QString &aggregate) {
        return std::binary_search(have.cbegin(), have.cend(), aggregate);
    });
}

bool ProviderTree::hasSharingProvider(QStringView resourceClass) const
{
    static const QString kSharesViaAggregate = QStringLiteral("MISC_SHARES_VIA_AGGREGATE");
    const std::shared_lock guard(d->lock);
    bool found = false;
    d->store.visitAllTopDown([&](const ProviderNode &node) {
        found = found
            || (node.data.inventories.contains(resourceClass.toString())
                && std::binary_search(node.data.traits.cbegin(), node.data.traits.cend(), kSharesViaAggregate));
    });
    return found;
}

} // namespace provtree
