#include "populateplan.h"

#include "neutralise.h"
#include "refcollision.h"

#include <QStringBuilder>

#include <deque>
#include <unordered_map>

namespace provtree {

namespace {

using IndexByString = std::unordered_map<QStringView, qsizetype, StringHash, StringEqual>;

// Indexes records by uuid; a uuid given twice is refused.
IndexByString indexByUuid(const QList<ProviderData> &records, Problems &problems)
{
    IndexByString index;
    index.reserve(size_t(records.size()));
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (!index.try_emplace(records[i].uuid, i).second) {
            problems.append(makeError(ProblemKind::DuplicateUuid,
                                      QStringLiteral("uuid %1 is given more than once").arg(records[i].uuid),
                                      records[i].uuid, QStringLiteral("uuid")));
        }
    }
    return index;
}

// The existing descendants of replaced providers that no record names: they leave the tree.
std::vector<const ProviderNode *> disowned(const ProviderStore &store,
                                           const QList<ProviderData> &records,
                                           const IndexByString &recordIndex)
{
    std::vector<const ProviderNode *> dropped;
    std::vector<const ProviderNode *> stack;
    for (const ProviderData &record : records) {
        const ProviderNode *replaced = store.byUuid(record.uuid);
        if (!replaced)
            continue;
        stack.assign(replaced->children.rbegin(), replaced->children.rend());
        while (!stack.empty()) {
            const ProviderNode *node = stack.back();
            stack.pop_back();
            if (recordIndex.contains(QStringView(node->data.uuid)))
                continue; // replaced itself; its own record's turn handles its subtree
            dropped.push_back(node);
            stack.insert(stack.end(), node->children.rbegin(), node->children.rend());
        }
    }
    return dropped;
}

// Records never reached from a root hang from a cycle, or below a record whose parent is
// unknown (already reported). Each chain is walked once.
void reportCycles(const QList<ProviderData> &records, const std::vector<qsizetype> &recordParent,
                  const std::vector<bool> &reached, Problems &problems)
{
    enum class State : char { Unknown, OnPath, Cycle, Orphan, Reached };
    std::vector<State> state(recordParent.size(), State::Unknown);
    for (size_t i = 0; i < state.size(); ++i)
        state[i] = reached[i] ? State::Reached : State::Unknown;
    std::vector<qsizetype> path;
    for (qsizetype start = 0; start < records.size(); ++start) {
        path.clear();
        qsizetype i = start;
        while (i >= 0 && state[size_t(i)] == State::Unknown) {
            state[size_t(i)] = State::OnPath;
            path.push_back(i);
            i = recordParent[size_t(i)];
        }
        const bool inCycle = i >= 0 && (state[size_t(i)] == State::OnPath || state[size_t(i)] == State::Cycle);
        for (const qsizetype j : path) {
            state[size_t(j)] = inCycle ? State::Cycle : State::Orphan;
            if (inCycle) {
                problems.append(makeError(ProblemKind::Cycle,
                                          QStringLiteral("provider is part of (or below) a parent cycle"),
                                          records[j].uuid, QStringLiteral("parent_provider_uuid")));
            }
        }
    }
}

} // namespace

Result<PopulatePlan> PopulatePlan::make(const ProviderStore &store, const QList<ProviderData> &records)
{
    Problems problems;
    PopulatePlan plan;
    const IndexByString recordIndex = indexByUuid(records, problems);
    plan.m_dropped = disowned(store, records, recordIndex);
    const std::unordered_set<const ProviderNode *> dropped(plan.m_dropped.begin(), plan.m_dropped.end());

    // Parents: another record, or a provider that stays in the tree.
    const qsizetype count = records.size();
    plan.m_recordParent.assign(size_t(count), -1);
    std::vector<std::vector<qsizetype>> childRecords(static_cast<size_t>(count));
    std::vector<qsizetype> rootRecords;
    for (qsizetype i = 0; i < count; ++i) {
        const ProviderData &record = records[i];
        if (record.parentUuid.isEmpty()) {
            rootRecords.push_back(i);
            continue;
        }
        if (const auto it = recordIndex.find(QStringView(record.parentUuid)); it != recordIndex.end()) {
            plan.m_recordParent[size_t(i)] = it->second;
            childRecords[size_t(it->second)].push_back(i);
            continue;
        }
        const ProviderNode *parent = store.byUuid(record.parentUuid);
        if (!parent || dropped.contains(parent)) {
            const QString why = parent ? QStringLiteral(" (it leaves the tree: its parent is replaced and the records omit it)")
                                       : QString();
            problems.append(makeError(ProblemKind::UnknownParent,
                                      QStringLiteral("parent provider %1 was not found").arg(record.parentUuid) + why,
                                      record.uuid, QStringLiteral("parent_provider_uuid")));
            continue;
        }
        rootRecords.push_back(i); // attaches to an existing provider
    }

    // Parents before children (breadth-first, siblings in record order); what is never
    // reached hangs from a cycle.
    std::deque<qsizetype> queue(rootRecords.begin(), rootRecords.end());
    std::vector<bool> reached(size_t(count), false);
    plan.m_order.reserve(size_t(count));
    while (!queue.empty()) {
        const qsizetype i = queue.front();
        queue.pop_front();
        if (reached[size_t(i)])
            continue; // a duplicate uuid can list a record twice
        reached[size_t(i)] = true;
        plan.m_order.push_back(i);
        queue.insert(queue.end(), childRecords[size_t(i)].begin(), childRecords[size_t(i)].end());
    }
    reportCycles(records, plan.m_recordParent, reached, problems);

    // Names: unique among the records and against the providers that stay.
    IndexByString nameIndex;
    nameIndex.reserve(size_t(count));
    for (qsizetype i = 0; i < count; ++i) {
        const ProviderData &record = records[i];
        if (!nameIndex.try_emplace(record.name, i).second) {
            problems.append(makeError(ProblemKind::DuplicateName,
                                      QStringLiteral("name %1 is used by more than one provider")
                                          .arg(neutralised(record.name)),
                                      record.uuid, QStringLiteral("name")));
            continue;
        }
        const ProviderNode *holder = store.byName(record.name);
        if (holder && holder->data.uuid != record.uuid && !dropped.contains(holder)
            && !recordIndex.contains(QStringView(holder->data.uuid))) {
            problems.append(makeError(ProblemKind::DuplicateName,
                                      QStringLiteral("name %1 is already used by provider %2")
                                          .arg(neutralised(record.name), holder->data.uuid),
                                      record.uuid, QStringLiteral("name")));
        }
        // One string names at most one provider (refcollision.h): a name may not spell the
        // uuid of a record or of a provider that stays, nor the uuid be spelled by a name
        // that stays (a replaced provider's new name is checked with its record).
        if (const QString spelled = refcollision::uuidSpelledBy(record.name, record.uuid); !spelled.isEmpty()) {
            const ProviderNode *owner = store.byUuid(spelled);
            if (recordIndex.contains(QStringView(spelled)) || (owner && !dropped.contains(owner)))
                problems.append(refcollision::nameIsUuidOf(record.name, spelled, record.uuid));
        }
        for (const ProviderNode *holder : refcollision::nameHoldersOf(store, record.uuid)) {
            if (!dropped.contains(holder) && !recordIndex.contains(QStringView(holder->data.uuid)))
                problems.append(refcollision::uuidIsNameOf(record.uuid, holder->data.uuid));
        }
    }

    if (!problems.isEmpty())
        return Status(std::move(problems));
    return plan;
}

void PopulatePlan::commit(ProviderStore &store, const QList<ProviderData> &records,
                          QList<ProviderChange> *changes) const
{
    // Names move between providers: drop every old name first, index the new ones after.
    for (const ProviderNode *node : m_dropped)
        store.unindexName(const_cast<ProviderNode *>(node));
    for (const qsizetype i : m_order) {
        if (ProviderNode *replaced = store.byUuid(records[i].uuid))
            store.unindexName(replaced);
    }
    store.reserve(store.size() + records.size());

    for (const qsizetype i : m_order) {
        const ProviderData &record = records[i];
        ProviderNode *parent = record.parentUuid.isEmpty() ? nullptr : store.byUuid(record.parentUuid);
        ProviderNode *existing = store.byUuid(record.uuid);
        if (!existing) {
            store.insert(record, parent);
            if (changes)
                changes->append({ProviderChange::Kind::Added, record.uuid, record.parentUuid, {}, {}, {}});
            continue;
        }
        const ProviderData before = existing->data;
        if (existing->parent != parent)
            store.move(existing, parent);
        existing->data = record;
        existing->data.parentUuid = parent ? parent->data.uuid : QString();
        store.indexName(existing);
        const ProviderParts parts = differingParts(before, existing->data);
        if (changes && parts) {
            changes->append({ProviderChange::Kind::Changed, record.uuid, existing->data.parentUuid,
                             parts.testFlag(ProviderPart::Parent) ? before.parentUuid : QString(), parts, {}});
        }
    }

    // Disowned providers go last: any record that lived below them has moved out by now.
    // Only the topmost of each disowned subtree is erased (with its subtree).
    const std::unordered_set<const ProviderNode *> dropped(m_dropped.begin(), m_dropped.end());
    std::vector<ProviderNode *> tops;
    for (const ProviderNode *node : m_dropped) {
        if (!dropped.contains(node->parent))
            tops.push_back(const_cast<ProviderNode *>(node));
    }
    for (ProviderNode *top : tops) {
        if (changes) {
            QStringList descendants = ProviderStore::subtreeUuids(top);
            descendants.removeFirst();
            changes->append({ProviderChange::Kind::Removed, top->data.uuid, top->data.parentUuid, {}, {},
                             descendants});
        }
        store.eraseSubtree(top);
    }
}

ProviderParts differingParts(const ProviderData &before, const ProviderData &after)
{
    ProviderParts parts;
    parts.setFlag(ProviderPart::Name, before.name != after.name);
    parts.setFlag(ProviderPart::Generation, before.generation != after.generation);
    parts.setFlag(ProviderPart::Parent, before.parentUuid != after.parentUuid);
    parts.setFlag(ProviderPart::Inventories, before.inventories != after.inventories);
    parts.setFlag(ProviderPart::Usages, before.usages != after.usages);
    parts.setFlag(ProviderPart::Traits, before.traits != after.traits);
    parts.setFlag(ProviderPart::Aggregates, before.aggregates != after.aggregates);
    return parts;
}

} // namespace provtree
