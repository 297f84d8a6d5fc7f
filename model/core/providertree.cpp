#include "providertree_p.h"

#include "logging.h"
#include "neutralise.h"
#include "parallelfor.h"
#include "validation.h"

#include <QStringBuilder>
#include <QUuid>

#include <mutex>
#include <optional>

namespace provtree {

namespace {
// replaceAll() plans a change of fewer records than this after checking them, on one
// thread: a thread costs more than it saves.
constexpr qsizetype kMinRecordsBesidePlan = 4096;
} // namespace

namespace treeinternal {

Problem unknownProvider(QStringView ref)
{
    return makeError(ProblemKind::UnknownProvider,
                     QStringLiteral("no provider with uuid or name %1").arg(neutralised(ref)));
}

Problem concurrentChange(const QString &uuid)
{
    return makeError(ProblemKind::ConcurrentChange,
                     QStringLiteral("the provider was changed by someone else since this edit read it; "
                                    "look at its current state and edit again"),
                     uuid);
}

Problem outOfMemory()
{
    return makeError(ProblemKind::OutOfMemory,
                     QStringLiteral("not enough memory for this change; nothing was changed"));
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

QStringList canonicalAggregates(QStringList aggregates)
{
    // Looked at before any change: a list shared between providers stays shared.
    if (std::all_of(aggregates.cbegin(), aggregates.cend(),
                    [](const QString &aggregate) { return validation::isCanonicalUuid(aggregate); }))
        return sortedUnique(std::move(aggregates));
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

bool isNormalised(const ProviderData &record)
{
    const auto canonical = [](const QString &uuid) { return uuid.isEmpty() || validation::isCanonicalUuid(uuid); };
    return canonical(record.uuid) && canonical(record.parentUuid) && isSortedUnique(record.traits)
        && std::all_of(record.aggregates.cbegin(), record.aggregates.cend(),
                       [](const QString &aggregate) { return validation::isCanonicalUuid(aggregate); })
        && isSortedUnique(record.aggregates);
}

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

} // namespace treeinternal

using namespace treeinternal;

Result<quint64> ProviderTree::Private::commit(CommitPlan::Input input, QList<ProviderData> *removed)
{
    input.describeChanges = delivery.hasObservers();
    try {
        Result<CommitPlan> plan = CommitPlan::make(store, std::move(input));
        if (!plan.ok())
            return plan.status();
        if (plan.value().changesNothing())
            return quint64(0);
        plan.value().prepare(store);
        if (removed)
            *removed = plan.value().leavingRecords();
        const quint64 next = sequence + 1;
        // Queued before the commit, which cannot fail: an observer that reads the tree
        // waits for the lock and sees the committed state.
        if (delivery.hasObservers())
            delivery.enqueue({next, false, plan.value().takeChanges()});
        sequence = next;
        plan.value().commit(store, next);
        return next;
    } catch (const std::bad_alloc &) {
        return outOfMemory();
    }
}

template <typename Edit>
Result<bool> ProviderTree::Private::editProvider(QStringView ref, std::optional<qint64> generation, Edit &&edit)
{
    Problems warnings;
    bool changed = false;
    {
        const std::unique_lock guard(lock);
        const ProviderNode *node = store.find(ref);
        if (!node)
            return unknownProvider(ref);
        ProviderData updated = node->data;
        const Status status = edit(updated, *node);
        if (!status.ok())
            return Status(withProvider(status.problems(), node->data.uuid));
        warnings = withProvider(status.warnings(), node->data.uuid);
        changed = updated != node->data;
        if (generation)
            updated.generation = *generation;
        const Result<quint64> committed =
            commit({{updated}, {}, CommitPlan::Replacing::KeepDescendants, false, true});
        if (!committed.ok())
            return committed.status();
    }
    deliver();
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
        if (!asRoot) {
            const ProviderNode *parent = store.find(parentRef);
            if (!parent) {
                return makeError(ProblemKind::UnknownParent,
                                 QStringLiteral("parent provider %1 was not found").arg(neutralised(parentRef)),
                                 record.uuid, QStringLiteral("parent_provider_uuid"));
            }
            record.parentUuid = parent->data.uuid;
        }
        if (store.byUuid(record.uuid)) {
            return makeError(ProblemKind::DuplicateUuid,
                             QStringLiteral("provider %1 already exists").arg(record.uuid), record.uuid,
                             QStringLiteral("uuid"));
        }
        const Result<quint64> committed =
            commit({{record}, {}, CommitPlan::Replacing::KeepDescendants, false, true});
        if (!committed.ok())
            return committed.status();
        qCDebug(lcCore) << "added provider" << record.uuid;
    }
    deliver();
    return Result<QString>(record.uuid, problems);
}

namespace {

// Placement's checks for the parts an update sets, on the provider's new state.
Problems checkParts(const ProviderData &state, ProviderParts parts)
{
    Problems problems;
    if (parts.testFlag(ProviderPart::Name))
        problems += validation::checkProviderName(state.name, state.uuid);
    if (parts.testFlag(ProviderPart::Generation))
        problems += validation::checkGeneration(state.generation, state.uuid);
    if (parts.testFlag(ProviderPart::Parent) && !state.parentUuid.isEmpty())
        problems += validation::checkUuid(state.parentUuid, state.uuid, QStringLiteral("parent_provider_uuid"));
    if (parts.testFlag(ProviderPart::Inventories))
        problems += validation::checkInventories(state.inventories, state.uuid);
    if (parts & (ProviderParts(ProviderPart::Inventories) | ProviderPart::Usages))
        problems += validation::checkUsages(state.usages, state.inventories, state.uuid);
    if (parts.testFlag(ProviderPart::Traits))
        problems += validation::checkTraits(state.traits, state.uuid);
    if (parts.testFlag(ProviderPart::Aggregates))
        problems += validation::checkAggregates(state.aggregates, state.uuid);
    return problems;
}

// `current` with `state`'s `parts`. An inventory class that goes away takes its zero usage
// with it; a class still in use cannot go (Placement: 409 placement.inventory.inuse).
Result<ProviderData> updated(const ProviderData &current, const ProviderData &state, ProviderParts parts)
{
    ProviderData next = current;
    if (parts.testFlag(ProviderPart::Name))
        next.name = state.name;
    if (parts.testFlag(ProviderPart::Generation))
        next.generation = state.generation;
    if (parts.testFlag(ProviderPart::Parent))
        next.parentUuid = state.parentUuid;
    if (parts.testFlag(ProviderPart::Inventories))
        next.inventories = state.inventories;
    if (parts.testFlag(ProviderPart::Usages))
        next.usages = state.usages;
    if (parts.testFlag(ProviderPart::Traits))
        next.traits = state.traits;
    if (parts.testFlag(ProviderPart::Aggregates))
        next.aggregates = state.aggregates;
    next = normalised(std::move(next));
    Problems problems;
    if (parts.testFlag(ProviderPart::Inventories)) {
        for (auto it = next.usages.cbegin(); it != next.usages.cend(); ++it) {
            if (it.value() > 0 && !next.inventories.contains(it.key())) {
                problems.append(makeError(ProblemKind::InventoryInUse,
                                          QStringLiteral("inventory of %1 cannot be removed: %2 is in use")
                                              .arg(it.key(), QString::number(it.value())),
                                          current.uuid, QStringLiteral("inventories.") + it.key()));
            }
        }
        if (!problems.isEmpty())
            return Status(problems);
        next.usages.removeIf([&next](const auto &usage) { return !next.inventories.contains(usage.key()); });
    }
    problems += checkParts(next, parts);
    if (!Status(problems).ok())
        return Status(problems);
    return Result<ProviderData>(next, problems);
}

} // namespace

Result<ProviderTree::Applied> ProviderTree::Private::apply(const TreeEdit &edit)
{
    CommitPlan::Input input;
    input.replacing = CommitPlan::Replacing::KeepDescendants;
    input.refuseRemovingProvidersInUse = edit.refusesRemovingProvidersInUse();
    Problems problems;
    // Additions need no lock to be checked.
    for (const ProviderData &record : edit.additions()) {
        input.records.append(normalised(record));
        problems += validation::checkProvider(input.records.last());
    }
    for (const QString &uuid : edit.removals())
        input.removals.append(canonicalOrAsGiven(uuid));
    Applied applied;
    {
        const std::unique_lock guard(lock);
        if (edit.expectedTreeSequence() && sequence != *edit.expectedTreeSequence()) {
            return makeError(ProblemKind::ConcurrentChange,
                             QStringLiteral("the tree was changed by someone else since this edit read it; "
                                            "nothing was changed"));
        }
        for (const TreeEdit::Unchanged &expected : edit.expectedUnchanged()) {
            const ProviderNode *node = store.byUuid(canonicalOrAsGiven(expected.uuid));
            if (!node)
                return unknownProvider(expected.uuid);
            if (revisionOf(*node) > expected.since)
                return concurrentChange(node->data.uuid);
        }
        for (const ProviderData &record : edit.additions()) {
            if (store.byUuid(canonicalOrAsGiven(record.uuid))) {
                problems.append(makeError(ProblemKind::DuplicateUuid, QStringLiteral("the provider is already in the tree"),
                                          neutralisedIfNeeded(record.uuid), QStringLiteral("uuid")));
            }
        }
        for (const TreeEdit::Update &update : edit.updates()) {
            const ProviderNode *node = store.byUuid(canonicalOrAsGiven(update.state.uuid));
            if (!node) {
                problems.append(unknownProvider(update.state.uuid));
                continue;
            }
            const Result<ProviderData> next = updated(node->data, update.state, update.parts);
            problems += next.problems();
            if (next.ok())
                input.records.append(next.value());
        }
        if (!Status(problems).ok())
            return Status(problems);
        const Result<quint64> committed = commit(std::move(input), &applied.removed);
        if (!committed.ok())
            return committed.status();
        applied.sequence = committed.value();
    }
    deliver();
    return Result<Applied>(applied, problems);
}

Status ProviderTree::Private::populate(const QList<ProviderData> &given, bool replaceAll)
{
    // Per-record checks need no lock; each record's problems are kept apart so that they
    // are reported in record order. Records are checked and kept in the form the store
    // holds (normalised()); a list whose records all have it already (a snapshot file's, or
    // a tree's own) is shared, not copied: copying 116,000 records cost 17 MB and a tenth of
    // the checks' time.
    QList<ProviderData> records = given; // read with at() only, unless renormalised below
    std::vector<Problems> own(size_t(given.size()));
    std::vector<char> toNormalise(size_t(given.size()), false);
    const auto checkNormalised = [&](qsizetype begin, qsizetype end) {
        for (qsizetype i = begin; i < end; ++i) {
            if (isNormalised(given.at(i)))
                own[size_t(i)] = validation::checkProvider(given.at(i));
            else
                toNormalise[size_t(i)] = true;
        }
    };
    // The others, normalised and checked; false when there were none.
    const auto normaliseTheRest = [&] {
        if (std::find(toNormalise.cbegin(), toNormalise.cend(), true) == toNormalise.cend())
            return false;
        ProviderData *const normalisedRecords = records.data(); // detached here, not in the threads
        parallelFor(records.size(), 4096, [&](qsizetype begin, qsizetype end) {
            for (qsizetype i = begin; i < end; ++i) {
                if (!toNormalise[size_t(i)])
                    continue;
                normalisedRecords[i] = normalised(std::move(normalisedRecords[i]));
                own[size_t(i)] = validation::checkProvider(normalisedRecords[i]);
            }
        });
        return true;
    };
    const auto collectProblems = [&](Problems &problems, QSet<QString> &inError) {
        for (qsizetype i = 0; i < records.size(); ++i) {
            if (own[size_t(i)].isEmpty())
                continue;
            if (!Status(own[size_t(i)]).ok())
                inError.insert(records.at(i).uuid); // the uuids of records with an error of their own
            problems += own[size_t(i)];
        }
    };
    Problems problems;
    QSet<QString> inError;

    if (replaceAll) {
        // Built aside, swapped in under the lock; the old tree is freed after it. The plan
        // needs no checked record: it is made on this thread while another checks them
        // (116,000 providers: 45 ms of planning beside 50 ms of checks, one after the
        // other before).
        try {
            ProviderStore fresh;
            std::optional<Result<CommitPlan>> plan;
            const auto makePlan = [&] {
                plan = CommitPlan::make(fresh, {records, {}, CommitPlan::Replacing::DisownUnnamedDescendants, false, false});
            };
            if (records.size() >= kMinRecordsBesidePlan) {
                runSideBySide([&] { checkNormalised(0, records.size()); }, makePlan);
                if (normaliseTheRest())
                    makePlan(); // again, on the stored form (never for a file's records)
            } else {
                parallelFor(records.size(), 4096, checkNormalised);
                normaliseTheRest();
                makePlan();
            }
            collectProblems(problems, inError);
            if (!plan->ok() || !Status(problems).ok())
                return Status(problems + withoutRecordsInError(plan->problems(), inError));
            plan->value().prepare(fresh);
            plan->value().commit(fresh, 0);
            {
                const std::unique_lock guard(lock);
                const quint64 next = sequence + 1;
                if (delivery.hasObservers())
                    delivery.enqueue({next, true, {}});
                std::swap(store, fresh);
                sequence = next;
                baseRevision = next;
            }
            qCDebug(lcCore) << "tree replaced," << records.size() << "providers";
        } catch (const std::bad_alloc &) {
            return outOfMemory();
        }
        deliver();
        return Status(problems);
    }

    parallelFor(records.size(), 4096, checkNormalised); // on every core
    normaliseTheRest();
    collectProblems(problems, inError);
    const bool valid = Status(problems).ok();
    if (!valid) {
        // Tree-level problems too, for a complete report; the tree is not changed.
        const std::shared_lock guard(lock);
        const Result<CommitPlan> plan = CommitPlan::make(store, {records, {}, CommitPlan::Replacing::DisownUnnamedDescendants, false, false});
        return Status(problems + withoutRecordsInError(plan.problems(), inError));
    }
    {
        const std::unique_lock guard(lock);
        const Result<quint64> committed = commit({records, {}, CommitPlan::Replacing::DisownUnnamedDescendants, false, true});
        if (!committed.ok())
            return Status(problems + committed.problems());
        qCDebug(lcCore) << "populated" << records.size() << "providers";
    }
    deliver();
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
    return guarded([&] { return d->addProvider(name, {}, uuid, generation, true); });
}

Result<QString> ProviderTree::newChild(const QString &name, QStringView parentRef, const QString &uuid,
                                       std::optional<qint64> generation)
{
    return guarded([&] { return d->addProvider(name, parentRef, uuid, generation, false); });
}

Result<ProviderTree::Applied> ProviderTree::apply(const TreeEdit &edit)
{
    return guarded([&] { return d->apply(edit); });
}

Status ProviderTree::remove(QStringView ref)
{
    return guarded([&]() -> Status {
        {
            const std::unique_lock guard(d->lock);
            const ProviderNode *node = d->store.find(ref);
            if (!node)
                return unknownProvider(ref);
            const QString uuid = node->data.uuid;
            const Result<quint64> committed =
                d->commit({{}, {uuid}, CommitPlan::Replacing::KeepDescendants, false, true});
            if (!committed.ok())
                return committed.status();
            qCDebug(lcCore) << "removed provider" << uuid << "with its subtree";
        }
        d->deliver();
        return {};
    });
}

Status ProviderTree::rename(QStringView ref, const QString &newName, std::optional<qint64> generation)
{
    return guarded([&]() -> Status {
        Problems problems = validation::checkProviderName(newName, {});
        if (!Status(problems).ok())
            return withProvider(problems, neutralisedIfNeeded(ref));
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &node) -> Status {
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
    });
}

Status ProviderTree::reparent(QStringView ref, QStringView newParentRef, std::optional<qint64> generation)
{
    return guarded([&]() -> Status {
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &node) -> Status {
            if (newParentRef.isEmpty()) {
                data.parentUuid.clear();
                return {};
            }
            const ProviderNode *newParent = d->store.find(newParentRef);
            if (!newParent) {
                return makeError(ProblemKind::UnknownParent,
                                 QStringLiteral("parent provider %1 was not found").arg(neutralised(newParentRef)),
                                 {}, QStringLiteral("parent_provider_uuid"));
            }
            if (ProviderStore::isAncestorOrSelf(&node, newParent)) {
                return makeError(ProblemKind::Cycle,
                                 QStringLiteral("provider %1 is the provider itself or one of its descendants")
                                     .arg(newParent->data.uuid),
                                 {}, QStringLiteral("parent_provider_uuid"));
            }
            data.parentUuid = newParent->data.uuid;
            return {};
        }).status();
    });
}

Status ProviderTree::populate(const QList<ProviderData> &records)
{
    return guarded([&] { return d->populate(records, false); });
}

Status ProviderTree::replaceAll(const QList<ProviderData> &records)
{
    return guarded([&] { return d->populate(records, true); });
}

void ProviderTree::clear()
{
    ProviderStore old;
    {
        const std::unique_lock guard(d->lock);
        const quint64 next = d->sequence + 1;
        if (d->delivery.hasObservers())
            d->delivery.enqueue({next, true, {}}); // nothing changed yet if this throws
        std::swap(old, d->store);
        d->sequence = next;
        d->baseRevision = next;
    }
    d->deliver();
}


Result<bool> ProviderTree::updateInventory(QStringView ref, const Inventories &inventories,
                                          std::optional<qint64> generation)
{
    return guarded([&]() -> Result<bool> {
        const Problems checked = validation::checkInventories(inventories, {});
        if (!Status(checked).ok())
            return Status(withProvider(checked, neutralisedIfNeeded(ref)));
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &) -> Status {
            if (!inventoryChanged(data.inventories, inventories))
                return checked; // nova keeps the stored record when nothing changed
            ProviderData state;
            state.inventories = inventories;
            const Result<ProviderData> next = updated(data, state, ProviderPart::Inventories);
            if (next.ok())
                data = next.value();
            return next.status();
        });
    });
}

Result<bool> ProviderTree::updateUsages(QStringView ref, const Usages &usages, std::optional<qint64> generation)
{
    return guarded([&]() -> Result<bool> {
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &) -> Status {
            ProviderData state;
            state.usages = usages;
            const Result<ProviderData> next = updated(data, state, ProviderPart::Usages);
            if (next.ok())
                data = next.value();
            return next.status();
        });
    });
}

Result<bool> ProviderTree::updateTraits(QStringView ref, const QStringList &traits, std::optional<qint64> generation)
{
    return guarded([&]() -> Result<bool> {
        const Problems checked = validation::checkTraits(traits, {});
        if (!Status(checked).ok())
            return Status(withProvider(checked, neutralisedIfNeeded(ref)));
        const QStringList wanted = sortedUnique(traits);
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &) -> Status {
            data.traits = wanted;
            return checked;
        });
    });
}

Status ProviderTree::addTraits(QStringView ref, const QStringList &traits, std::optional<qint64> generation)
{
    return guarded([&]() -> Status {
        if (traits.isEmpty())
            return {}; // nova: nothing to add or remove, so no provider is looked up
        const Problems checked = validation::checkTraits(traits, {});
        if (!Status(checked).ok())
            return withProvider(checked, neutralisedIfNeeded(ref));
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &) -> Status {
            data.traits = sortedUnique(data.traits + traits);
            return checked;
        }).status();
    });
}

Status ProviderTree::removeTraits(QStringView ref, const QStringList &traits, std::optional<qint64> generation)
{
    return guarded([&]() -> Status {
        if (traits.isEmpty())
            return {}; // nova: nothing to add or remove, so no provider is looked up
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &) -> Status {
            data.traits.removeIf([&](const QString &trait) { return traits.contains(trait); });
            return {};
        }).status();
    });
}

Result<bool> ProviderTree::updateAggregates(QStringView ref, const QStringList &aggregates, std::optional<qint64> generation)
{
    return guarded([&]() -> Result<bool> {
        const QStringList wanted = canonicalAggregates(aggregates);
        const Problems checked = validation::checkAggregates(wanted, {});
        if (!Status(checked).ok())
            return Status(withProvider(checked, neutralisedIfNeeded(ref)));
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &) -> Status {
            data.aggregates = wanted;
            return checked;
        });
    });
}

Status ProviderTree::addAggregates(QStringView ref, const QStringList &aggregates, std::optional<qint64> generation)
{
    return guarded([&]() -> Status {
        const QStringList added = canonicalAggregates(aggregates);
        const Problems checked = validation::checkAggregates(added, {});
        if (!Status(checked).ok())
            return withProvider(checked, neutralisedIfNeeded(ref));
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &) -> Status {
            data.aggregates = sortedUnique(data.aggregates + added);
            return checked;
        }).status();
    });
}

Status ProviderTree::removeAggregates(QStringView ref, const QStringList &aggregates, std::optional<qint64> generation)
{
    return guarded([&]() -> Status {
        const QStringList removed = canonicalAggregates(aggregates);
        return d->editProvider(ref, generation, [&](ProviderData &data, const ProviderNode &) -> Status {
            data.aggregates.removeIf([&](const QString &aggregate) { return removed.contains(aggregate); });
            return {};
        }).status();
    });
}

} // namespace provtree
