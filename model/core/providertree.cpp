#include "providertree.h"

#include "changedelivery.h"
#include "logging.h"
#include "neutralise.h"
#include "populateplan.h"
#include "providerstore.h"
#include "refcollision.h"
#include "validation.h"

#include <QSet>
#include <QStringBuilder>
#include <QUuid>

#include <algorithm>
#include <mutex>
#include <shared_mutex>

namespace provtree {

namespace {

Problem unknownProvider(QStringView ref)
{
    return makeError(ProblemKind::UnknownProvider,
                     QStringLiteral("no provider with uuid or name %1").arg(neutralised(ref)));
}

Problem generationConflict(const ProviderData &provider, qint64 seen)
{
    return makeError(ProblemKind::GenerationConflict,
                     QStringLiteral("provider generation is %1, the edit expected %2: someone else "
                                    "changed the provider; reload and retry")
                         .arg(provider.generation)
                         .arg(seen),
                     provider.uuid, QStringLiteral("generation"));
}

bool isSortedUnique(const QStringList &list)
{
    return std::adjacent_find(list.cbegin(), list.cend(), std::greater_equal<>()) == list.cend();
}

QStringList sortedUnique(QStringList list)
{
    if (!isSortedUnique(list)) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return list;
}

// Aggregates are uuids: compare and store them in canonical form. Invalid ones are kept as
// given, for validation to refuse with the user's text.
QStringList canonicalAggregates(QStringList aggregates)
{
    for (QString &aggregate : aggregates) {
        if (!validation::isCanonicalUuid(aggregate)) {
            if (const auto canonical = validation::canonicalUuid(aggregate))
                aggregate = *canonical;
        }
    }
    return sortedUnique(std::move(aggregates));
}

QString canonicalOrAsGiven(const QString &uuid)
{
    if (uuid.isEmpty() || validation::isCanonicalUuid(uuid))
        return uuid;
    return validation::canonicalUuid(uuid).value_or(uuid);
}

// The form the store keeps: canonical uuids, sorted traits and aggregates.
ProviderData normalised(ProviderData record)
{
    record.uuid = canonicalOrAsGiven(record.uuid);
    record.parentUuid = canonicalOrAsGiven(record.parentUuid);
    record.traits = sortedUnique(std::move(record.traits));
    record.aggregates = canonicalAggregates(std::move(record.aggregates));
    return record;
}

Problems withProvider(Problems problems, const QString &uuid)
{
    for (Problem &problem : problems) {
        if (problem.provider.isEmpty())
            problem.provider = uuid;
    }
    return problems;
}

// The tree-level problems of records that have no error of their own: an invalid record
// would only echo its own error (a bad parent uuid is also an unknown parent). Tree
// problems name a record by its uuid as given, whatever it holds (its own problems may use
// a neutralised label instead), so `inError` holds those uuids.
Problems withoutRecordsInError(const Problems &treeProblems, const QSet<QString> &inError)
{
    Problems kept;
    for (const Problem &problem : treeProblems) {
        if (!inError.contains(problem.provider))
            kept.append(problem);
    }
    return kept;
}

} // namespace

class ProviderTree::Private
{
public:
    // A change to one provider's data: `edit` changes a copy and returns its problems.
    template <typename Edit>
    Result<bool> editProvider(QStringView ref, GenerationRule rule, Edit &&edit);
    Result<QString> addProvider(const QString &name, QStringView parentRef, const QString &uuid,
                                std::optional<qint64> generation, bool asRoot);
    Status populate(const QList<ProviderData> &records, bool replaceAll);
    // Called with the write lock held: numbers the change and queues it for delivery.
    void publish(ChangeSet changes);

    mutable std::shared_mutex lock; // guards store, sequence
    ProviderStore store;
    quint64 sequence = 0;
    ChangeDelivery delivery;
};

void ProviderTree::Private::publish(ChangeSet changes)
{
    changes.sequence = ++sequence;
    if (delivery.hasObservers())
        delivery.enqueue(std::move(changes));
}

template <typename Edit>
Result<bool> ProviderTree::Private::editProvider(QStringView ref, GenerationRule rule, Edit &&edit)
{
    Problems warnings;
    bool changed = false;
    {
        const std::unique_lock guard(lock);
        ProviderNode *node = store.find(ref);
        if (!node)
            return unknownProvider(ref);
        if (rule.mode() == GenerationRule::Mode::Expect && node->data.generation != rule.value())
            return generationConflict(node->data, rule.value());

        ProviderData updated = node->data;
        const Status status = edit(updated, *node);
        if (!status.ok())
            return Status(withProvider(status.problems(), node->data.uuid));
        warnings = withProvider(status.warnings(), node->data.uuid);

        changed = updated != node->data;
        if (rule.mode() == GenerationRule::Mode::SetTo)
            updated.generation = rule.value();
        else if (changed)
            updated.generation = node->data.generation + 1;
        const ProviderParts parts = differingParts(node->data, updated);
        if (parts.testFlag(ProviderPart::Name))
            store.rename(node, updated.name);
        node->data = std::move(updated);
        if (parts) {
            qCDebug(lcCore) << "provider" << node->data.uuid << "changed" << parts.toInt()
                            << "generation" << node->data.generation;
            publish({0, false, {{ProviderChange::Kind::Changed, node->data.uuid, node->data.parentUuid, {}, parts, {}}}});
        }
    }
    delivery.deliver();
    return Result<bool>(changed, warnings);
}

Result<QString> ProviderTree::Private::addProvider(const QString &name, QStringView parentRef,
                                                   const QString &uuid, std::optional<qint64> generation,
                                                   bool asRoot)
{
    ProviderData record;
    record.uuid = uuid.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : canonicalOrAsGiven(uuid);
    record.name = name;
    record.generation = generation.value_or(0);
    Problems problems = validation::checkUuid(record.uuid, record.uuid, QStringLiteral("uuid"));
    problems += validation::checkProviderName(record.name, record.uuid);
    problems += validation::checkGeneration(record.generation, record.uuid);
    if (!Status(problems).ok())
        return Status(problems);
    {
        const std::unique_lock guard(lock);
        ProviderNode *parent = nullptr;
        if (!asRoot) {
            parent = store.find(parentRef);
            if (!parent) {
                return makeError(ProblemKind::UnknownParent,
                                 QStringLiteral("parent provider %1 was not found").arg(neutralised(parentRef)),
                                 record.uuid, QStringLiteral("parent_provider_uuid"));
            }
        }
        if (store.byUuid(record.uuid)) {
            return makeError(ProblemKind::DuplicateUuid,
                             QStringLiteral("provider %1 already exists").arg(record.uuid), record.uuid,
                             QStringLiteral("uuid"));
        }
        if (const ProviderNode *holder = store.byName(record.name)) {
            return makeError(ProblemKind::DuplicateName,
                             QStringLiteral("name %1 is already used by provider %2")
                                 .arg(neutralised(record.name), holder->data.uuid),
                             record.uuid, QStringLiteral("name"));
        }
        // One string names at most one provider (refcollision.h).
        if (const QString spelled = refcollision::uuidSpelledBy(record.name, record.uuid); !spelled.isEmpty()) {
            if (const ProviderNode *owner = store.byUuid(spelled))
                return refcollision::nameIsUuidOf(record.name, owner->data.uuid, record.uuid);
        }
        if (const auto holders = refcollision::nameHoldersOf(store, record.uuid); !holders.isEmpty())
            return refcollision::uuidIsNameOf(record.uuid, holders.first()->data.uuid);
        const ProviderNode *node = store.insert(record, parent);
        qCDebug(lcCore) << "added provider" << node->data.uuid;
        publish({0, false, {{ProviderChange::Kind::Added, node->data.uuid, node->data.parentUuid, {}, {}, {}}}});
    }
    delivery.deliver();
    return Result<QString>(record.uuid, problems);
}

Status ProviderTree::Private::populate(const QList<ProviderData> &given, bool replaceAll)
{
    // Per-record checks need no lock.
    QList<ProviderData> records;
    records.reserve(given.size());
    Problems problems;
    QSet<QString> inError; // the uuids of records with an error of their own
    for (const ProviderData &record : given) {
        records.append(normalised(record));
        const Problems own = validation::checkProvider(records.last());
        if (!Status(own).ok())
            inError.insert(records.last().uuid);
        problems += own;
    }

    if (replaceAll) {
        // Built aside, swapped in under the lock; the old tree is freed after it.
        ProviderStore fresh;
        fresh.reserve(records.size());
        const Result<PopulatePlan> plan = PopulatePlan::make(fresh, records);
        if (!plan.ok() || !Status(problems).ok())
            return Status(problems + withoutRecordsInError(plan.problems(), inError));
        plan.value().commit(fresh, records, nullptr);
        {
            const std::unique_lock guard(lock);
            std::swap(store, fresh);
            qCDebug(lcCore) << "tree replaced," << store.size() << "providers";
            publish({0, true, {}});
        }
        delivery.deliver();
        return Status(problems);
    }

    {
        const std::unique_lock guard(lock);
        const Result<PopulatePlan> plan = PopulatePlan::make(store, records);
        if (!plan.ok() || !Status(problems).ok())
            return Status(problems + withoutRecordsInError(plan.problems(), inError));
        ChangeSet changes;
        plan.value().commit(store, records, delivery.hasObservers() ? &changes.changes : nullptr);
        qCDebug(lcCore) << "populated" << records.size() << "providers";
        publish(std::move(changes));
    }
    delivery.deliver();
    return Status(problems);
}

// --- ProviderTree ------------------------------------------------------------------------

ProviderTree::ProviderTree() : d(std::make_unique<Private>()) {}
ProviderTree::~ProviderTree() = default;

ProviderTree::ObserverId ProviderTree::addObserver(Observer observer)
{
    return d->delivery.add(std::move(observer));
}

void ProviderTree::removeObserver(ObserverId id)
{
    d->delivery.remove(id);
}

quint64 ProviderTree::lastSequence() const
{
    const std::shared_lock guard(d->lock);
    return d->sequence;
}

Result<QString> ProviderTree::newRoot(const QString &name, const QString &uuid, std::optional<qint64> generation)
{
    return d->addProvider(name, {}, uuid, generation, true);
}

Result<QString> ProviderTree::newChild(const QString &name, QStringView parentRef, const QString &uuid,
                                       std::optional<qint64> generation)
{
    return d->addProvider(name, parentRef, uuid, generation, false);
}

Status ProviderTree::remove(QStringView ref)
{
    {
        const std::unique_lock guard(d->lock);
        ProviderNode *node = d->store.find(ref);
        if (!node)
            return unknownProvider(ref);
        QStringList descendants = ProviderStore::subtreeUuids(node);
        descendants.removeFirst();
        const ProviderChange change{ProviderChange::Kind::Removed, node->data.uuid, node->data.parentUuid,
                                    {}, {}, descendants};
        d->store.eraseSubtree(node);
        qCDebug(lcCore) << "removed provider" << change.uuid << "and" << descendants.size() << "descendants";
        d->publish({0, false, {change}});
    }
    d->delivery.deliver();
    return {};
}

Status ProviderTree::rename(QStringView ref, const QString &newName, GenerationRule rule)
{
    Problems problems = validation::checkProviderName(newName, {});
    if (!Status(problems).ok())
        return withProvider(problems, ref.toString());
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &node) -> Status {
        const ProviderNode *holder = d->store.byName(newName);
        if (holder && holder != &node) {
            return makeError(ProblemKind::DuplicateName,
                             QStringLiteral("name %1 is already used by provider %2")
                                 .arg(neutralised(newName), holder->data.uuid),
                             {}, QStringLiteral("name"));
        }
        data.name = newName;
        return problems;
    }).status();
}

Status ProviderTree::reparent(QStringView ref, QStringView newParentRef, GenerationRule rule)
{
    {
        const std::unique_lock guard(d->lock);
        ProviderNode *node = d->store.find(ref);
        if (!node)
            return unknownProvider(ref);
        ProviderNode *newParent = nullptr;
        if (!newParentRef.isEmpty()) {
            newParent = d->store.find(newParentRef);
            if (!newParent) {
                return makeError(ProblemKind::UnknownParent,
                                 QStringLiteral("parent provider %1 was not found").arg(neutralised(newParentRef)),
                                 node->data.uuid, QStringLiteral("parent_provider_uuid"));
            }
            if (ProviderStore::isAncestorOrSelf(node, newParent)) {
                return makeError(ProblemKind::Cycle,
                                 QStringLiteral("provider %1 is the provider itself or one of its descendants")
                                     .arg(newParent->data.uuid),
                                 node->data.uuid, QStringLiteral("parent_provider_uuid"));
            }
        }
        if (rule.mode() == GenerationRule::Mode::Expect && node->data.generation != rule.value())
            return generationConflict(node->data, rule.value());
        if (node->parent == newParent && rule.mode() != GenerationRule::Mode::SetTo)
            return {};
        const ProviderData before = node->data;
        if (node->parent != newParent)
            d->store.move(node, newParent);
        if (rule.mode() == GenerationRule::Mode::SetTo)
            node->data.generation = rule.value();
        else
            ++node->data.generation;
        const ProviderParts parts = differingParts(before, node->data);
        if (parts) {
            d->publish({0, false, {{ProviderChange::Kind::Changed, node->data.uuid, node->data.parentUuid,
                                    before.parentUuid, parts, {}}}});
        }
    }
    d->delivery.deliver();
    return {};
}

Status ProviderTree::populate(const QList<ProviderData> &records)
{
    return d->populate(records, false);
}

Status ProviderTree::replaceAll(const QList<ProviderData> &records)
{
    return d->populate(records, true);
}

void ProviderTree::clear()
{
    ProviderStore old;
    {
        const std::unique_lock guard(d->lock);
        std::swap(old, d->store);
        d->publish({0, true, {}});
    }
    d->delivery.deliver();
}

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

Result<bool> ProviderTree::hasInventory(QStringView ref) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    return !node->data.inventories.isEmpty();
}

namespace {

// nova's _Provider.has_inventory_changed.
bool inventoryChanged(const Inventories &stored, const Inventories &newer)
{
    if (stored.size() != newer.size())
        return true;
    for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
        const auto match = newer.constFind(it.key());
        if (match == newer.cend() || it.value().changedBy(match.value()))
            return true;
    }
    return false;
}

} // namespace

Result<bool> ProviderTree::hasInventoryChanged(QStringView ref, const Inventories &inventories) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    return inventoryChanged(node->data.inventories, inventories);
}

Result<bool> ProviderTree::updateInventory(QStringView ref, const Inventories &inventories, GenerationRule rule)
{
    const Problems checked = validation::checkInventories(inventories, {});
    if (!Status(checked).ok())
        return Status(withProvider(checked, ref.toString()));
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &) -> Status {
        Problems problems = checked;
        for (auto it = data.usages.cbegin(); it != data.usages.cend(); ++it) {
            if (it.value() > 0 && !inventories.contains(it.key())) {
                problems.append(makeError(ProblemKind::InventoryInUse,
                                          QStringLiteral("inventory of %1 cannot be removed: %2 is in use")
                                              .arg(it.key())
                                              .arg(it.value()),
                                          {}, QStringLiteral("inventories.") + it.key()));
            }
        }
        if (!Status(problems).ok())
            return problems;
        if (!inventoryChanged(data.inventories, inventories))
            return problems; // nova keeps the stored record when nothing changed
        data.inventories = inventories;
        data.usages.removeIf([&](const auto &usage) { return !inventories.contains(usage.key()); });
        return problems + validation::checkUsages(data.usages, data.inventories, {});
    });
}

Result<bool> ProviderTree::updateUsages(QStringView ref, const Usages &usages, GenerationRule rule)
{
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &) -> Status {
        const Problems problems = validation::checkUsages(usages, data.inventories, {});
        if (Status(problems).ok())
            data.usages = usages;
        return problems;
    });
}

Result<bool> ProviderTree::haveTraitsChanged(QStringView ref, const QStringList &traits) const
{
    const std::shared_lock guard(d->lock);
    const ProviderNode *node = d->store.find(ref);
    if (!node)
        return unknownProvider(ref);
    return node->data.traits != sortedUnique(traits);
}

Result<bool> ProviderTree::updateTraits(QStringView ref, const QStringList &traits, GenerationRule rule)
{
    const Problems checked = validation::checkTraits(traits, {});
    if (!Status(checked).ok())
        return Status(withProvider(checked, ref.toString()));
    const QStringList wanted = sortedUnique(traits);
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &) -> Status {
        data.traits = wanted;
        return checked;
    });
}

Status ProviderTree::addTraits(QStringView ref, const QStringList &traits, GenerationRule rule)
{
    if (traits.isEmpty())
        return {}; // nova: nothing to add or remove, so no provider is looked up
    const Problems checked = validation::checkTraits(traits, {});
    if (!Status(checked).ok())
        return withProvider(checked, ref.toString());
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &) -> Status {
        data.traits = sortedUnique(data.traits + traits);
        return checked;
    }).status();
}

Status ProviderTree::removeTraits(QStringView ref, const QStringList &traits, GenerationRule rule)
{
    if (traits.isEmpty())
        return {}; // nova: nothing to add or remove, so no provider is looked up
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &) -> Status {
        data.traits.removeIf([&](const QString &trait) { return traits.contains(trait); });
        return {};
    }).status();
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

Result<bool> ProviderTree::updateAggregates(QStringView ref, const QStringList &aggregates, GenerationRule rule)
{
    const QStringList wanted = canonicalAggregates(aggregates);
    const Problems checked = validation::checkAggregates(wanted, {});
    if (!Status(checked).ok())
        return Status(withProvider(checked, ref.toString()));
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &) -> Status {
        data.aggregates = wanted;
        return checked;
    });
}

Status ProviderTree::addAggregates(QStringView ref, const QStringList &aggregates, GenerationRule rule)
{
    const QStringList added = canonicalAggregates(aggregates);
    const Problems checked = validation::checkAggregates(added, {});
    if (!Status(checked).ok())
        return withProvider(checked, ref.toString());
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &) -> Status {
        data.aggregates = sortedUnique(data.aggregates + added);
        return checked;
    }).status();
}

Status ProviderTree::removeAggregates(QStringView ref, const QStringList &aggregates, GenerationRule rule)
{
    const QStringList removed = canonicalAggregates(aggregates);
    return d->editProvider(ref, rule, [&](ProviderData &data, const ProviderNode &) -> Status {
        data.aggregates.removeIf([&](const QString &aggregate) { return removed.contains(aggregate); });
        return {};
    }).status();
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
