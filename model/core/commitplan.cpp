#include "commitplan.h"

#include "neutralise.h"
#include "parallelfor.h"
#include "refcollision.h"
#include "stringkeyindex.h"

#include <QStringBuilder>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace provtree {

namespace {

// prepare() stages fewer new nodes than this on the caller's thread alone: a thread costs
// more than it saves, and edits stage one or a few.
constexpr qsizetype kMinNodesPerThread = 8192;

// Record i's uuid or name: the key of a record index.
struct RecordKey
{
    const QList<ProviderData> *records = nullptr; // Not owned.
    QString ProviderData::*field = nullptr;
    QStringView operator()(qsizetype i) const noexcept { return (*records)[i].*field; }
};
using IndexByString = StringKeyIndex<qsizetype, RecordKey>;

// The child records of each record, in record order, in one array (one list per record
// cost an allocation for every parent: a tenth of planning 116,000 providers).
class ChildLists
{
public:
    // `parentOf[i]`: the index of record i's parent record, or -1.
    explicit ChildLists(const std::vector<qsizetype> &parentOf) : m_begin(parentOf.size() + 1, 0)
    {
        for (const qsizetype parent : parentOf) {
            if (parent >= 0)
                ++m_begin[size_t(parent) + 1];
        }
        for (size_t i = 1; i < m_begin.size(); ++i)
            m_begin[i] += m_begin[i - 1];
        m_children.resize(m_begin.back());
        std::vector<size_t> filled(m_begin.begin(), m_begin.end() - 1);
        for (size_t i = 0; i < parentOf.size(); ++i) {
            if (parentOf[i] >= 0)
                m_children[filled[size_t(parentOf[i])]++] = qsizetype(i);
        }
    }
    [[nodiscard]] std::pair<const qsizetype *, const qsizetype *> of(qsizetype record) const
    {
        const qsizetype *data = m_children.data();
        return {data + m_begin[size_t(record)], data + m_begin[size_t(record) + 1]};
    }

private:
    std::vector<size_t> m_begin; // record i's children: m_children[m_begin[i], m_begin[i + 1])
    std::vector<qsizetype> m_children;
};

// Indexes records by uuid; a uuid given twice is refused.
IndexByString indexByUuid(const QList<ProviderData> &records, Problems &problems)
{
    IndexByString index(RecordKey{&records, &ProviderData::uuid});
    index.reserve(size_t(records.size()));
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (index.insert(i)) {
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
            if (recordIndex.contains(node->data.uuid))
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

// Explicitly removed subtrees, top-down. A removal inside another removal is skipped, and
// so is a descendant that a record names: it moves out before its old subtree goes.
void removedSubtrees(const ProviderStore &store, const QStringList &removals, const IndexByString &recordIndex,
                     bool refuseInUse, std::vector<const ProviderNode *> &dropped, Problems &problems)
{
    std::unordered_set<const ProviderNode *> seen(dropped.begin(), dropped.end());
    for (const QString &uuid : removals) {
        const ProviderNode *top = store.byUuid(uuid);
        if (!top) {
            problems.append(makeError(ProblemKind::UnknownProvider,
                                      QStringLiteral("provider %1 to remove is not in the tree").arg(neutralised(uuid)),
                                      neutralisedIfNeeded(uuid), QStringLiteral("uuid")));
            continue;
        }
        if (seen.contains(top))
            continue;
        std::vector<const ProviderNode *> stack{top};
        while (!stack.empty()) {
            const ProviderNode &node = *stack.back();
            stack.pop_back();
            if (&node != top && (seen.contains(&node) || recordIndex.contains(node.data.uuid)))
                continue; // removed already (a descendant named first), or moves out
            seen.insert(&node);
            dropped.push_back(&node);
            stack.insert(stack.end(), node.children.rbegin(), node.children.rend());
            const auto inUse = std::find_if(node.data.usages.cbegin(), node.data.usages.cend(),
                                            [](qint64 used) { return used > 0; });
            if (refuseInUse && inUse != node.data.usages.cend()) {
                // Placement: DELETE /resource_providers/{uuid} answers 409 "Unable to delete
                // resource provider ...: Resource provider has allocations."
                problems.append(makeError(ProblemKind::ProviderInUse,
                                          QStringLiteral("provider %1 cannot be removed: it has allocations "
                                                         "(%2 of %3 in use); clear its usages first")
                                              .arg(neutralised(node.data.name), QString::number(*inUse), inUse.key()),
                                          node.data.uuid, QStringLiteral("usages.") + inUse.key()));
            }
        }
    }
}

// With records updating providers in place, a record may be moved below one of its own
// existing descendants. Follows the final chain of parents (a record's new parent, another
// provider's current one) from each record up to a root; each provider is walked once.
// Records not reached from a root are already reported by reportCycles().
void reportCyclesThroughTree(const ProviderStore &store, const QList<ProviderData> &records,
                             const IndexByString &recordIndex, const std::vector<bool> &reached,
                             Problems &problems)
{
    const auto finalParent = [&](QStringView uuid) -> QStringView {
        if (const qsizetype *record = recordIndex.find(uuid))
            return records[*record].parentUuid;
        const ProviderNode *node = store.byUuid(uuid);
        return node && node->parent ? QStringView(node->parent->data.uuid) : QStringView();
    };
    std::unordered_set<QStringView, StringHash, StringEqual> acyclic;
    std::unordered_set<QStringView, StringHash, StringEqual> path;
    for (qsizetype start = 0; start < records.size(); ++start) {
        if (!reached[size_t(start)])
            continue;
        path.clear();
        QStringView current = records[start].uuid;
        path.insert(current);
        bool cycle = false;
        for (current = finalParent(current); !current.isEmpty() && !acyclic.contains(current);
             current = finalParent(current)) {
            if (!path.insert(current).second) {
                cycle = true;
                break;
            }
        }
        if (cycle) {
            problems.append(makeError(ProblemKind::Cycle, QStringLiteral("provider would be its own ancestor"),
                                      records[start].uuid, QStringLiteral("parent_provider_uuid")));
            continue;
        }
        acyclic.insert(path.begin(), path.end());
    }
}

} // namespace

Result<CommitPlan> CommitPlan::make(const ProviderStore &store, Input input)
{
    Problems problems;
    CommitPlan plan;
    plan.m_records = std::move(input.records);
    const QList<ProviderData> &records = plan.m_records;
    const qsizetype count = records.size();
    const IndexByString recordIndex = indexByUuid(records, problems);
    if (input.replacing == Replacing::DisownUnnamedDescendants)
        plan.m_dropped = disowned(store, records, recordIndex);
    removedSubtrees(store, input.removals, recordIndex, input.refuseRemovingProvidersInUse, plan.m_dropped, problems);
    const std::unordered_set<const ProviderNode *> dropped(plan.m_dropped.begin(), plan.m_dropped.end());

    // Which provider each record replaces; none may be one that leaves.
    plan.m_existing.assign(size_t(count), nullptr);
    for (qsizetype i = 0; i < count; ++i) {
        const ProviderNode *existing = store.byUuid(records[i].uuid);
        if (existing && dropped.contains(existing)) {
            problems.append(makeError(ProblemKind::UnknownProvider,
                                      QStringLiteral("provider is removed by the same change"),
                                      records[i].uuid, QStringLiteral("uuid")));
        }
        plan.m_existing[size_t(i)] = existing;
    }

    // Parents: another record, or a provider that stays in the tree.
    plan.m_recordParent.assign(size_t(count), -1);
    plan.m_treeParent.assign(size_t(count), nullptr);
    std::vector<qsizetype> rootRecords;
    for (qsizetype i = 0; i < count; ++i) {
        const ProviderData &record = records[i];
        if (record.parentUuid.isEmpty()) {
            rootRecords.push_back(i);
            continue;
        }
        if (const qsizetype *parentRecord = recordIndex.find(record.parentUuid)) {
            plan.m_recordParent[size_t(i)] = *parentRecord;
            continue;
        }
        const ProviderNode *parent = store.byUuid(record.parentUuid);
        if (!parent || dropped.contains(parent)) {
            const QString why = !parent ? QString()
                : input.replacing == Replacing::DisownUnnamedDescendants
                ? QStringLiteral(" (it leaves the tree: its parent is replaced and the records omit it)")
                : QStringLiteral(" (it is removed by the same change)");
            problems.append(makeError(ProblemKind::UnknownParent,
                                      QStringLiteral("parent provider %1 was not found").arg(record.parentUuid) + why,
                                      record.uuid, QStringLiteral("parent_provider_uuid")));
            continue;
        }
        plan.m_treeParent[size_t(i)] = parent;
        rootRecords.push_back(i); // attaches to an existing provider
    }

    // Parents before children (breadth-first, siblings in record order); what is never
    // reached hangs from a cycle.
    const ChildLists children(plan.m_recordParent);
    std::vector<qsizetype> queue(rootRecords.begin(), rootRecords.end());
    queue.reserve(size_t(count) + rootRecords.size());
    std::vector<bool> reached(size_t(count), false);
    plan.m_order.reserve(size_t(count));
    for (size_t next = 0; next < queue.size(); ++next) {
        const qsizetype i = queue[next];
        if (reached[size_t(i)])
            continue; // a duplicate uuid can list a record twice
        reached[size_t(i)] = true;
        plan.m_order.push_back(i);
        const auto [first, last] = children.of(i);
        queue.insert(queue.end(), first, last);
    }
    reportCycles(records, plan.m_recordParent, reached, problems);
    if (input.replacing == Replacing::KeepDescendants)
        reportCyclesThroughTree(store, records, recordIndex, reached, problems);

    // Names: unique among the records and against the providers that stay.
    IndexByString nameIndex(RecordKey{&records, &ProviderData::name});
    nameIndex.reserve(size_t(count));
    plan.m_renamed.assign(size_t(count), false);
    for (qsizetype i = 0; i < count; ++i) {
        const ProviderData &record = records[i];
        const ProviderNode *existing = plan.m_existing[size_t(i)];
        plan.m_renamed[size_t(i)] = !existing || existing->data.name != record.name;
        if (nameIndex.insert(i)) {
            problems.append(makeError(ProblemKind::DuplicateName,
                                      QStringLiteral("name %1 is used by more than one provider")
                                          .arg(neutralised(record.name)),
                                      record.uuid, QStringLiteral("name")));
            continue;
        }
        const ProviderNode *holder = store.byName(record.name);
        if (holder && holder->data.uuid != record.uuid && !dropped.contains(holder)
            && !recordIndex.contains(holder->data.uuid)) {
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
            if (recordIndex.contains(spelled) || (owner && !dropped.contains(owner)))
                problems.append(refcollision::nameIsUuidOf(record.name, spelled, record.uuid));
        }
        if (!existing) {
            for (const ProviderNode *holder : refcollision::nameHoldersOf(store, record.uuid)) {
                if (!dropped.contains(holder) && !recordIndex.contains(holder->data.uuid))
                    problems.append(refcollision::uuidIsNameOf(record.uuid, holder->data.uuid));
            }
        }
    }
    if (!problems.isEmpty())
        return Status(std::move(problems));

    // Records that change nothing are left out; the steps are described in commit order.
    std::vector<qsizetype> changing;
    changing.reserve(plan.m_order.size());
    for (const qsizetype i : plan.m_order) {
        const ProviderData &record = records[i];
        const ProviderNode *existing = plan.m_existing[size_t(i)];
        if (!existing) {
            changing.push_back(i);
            if (input.describeChanges)
                plan.m_changes.append({ProviderChange::Kind::Added, record.uuid, record.parentUuid, {}, {}, {}});
            continue;
        }
        const ProviderParts parts = differingParts(existing->data, record);
        if (!parts)
            continue;
        changing.push_back(i);
        if (input.describeChanges) {
            plan.m_changes.append({ProviderChange::Kind::Changed, record.uuid, record.parentUuid,
                                   parts.testFlag(ProviderPart::Parent) ? existing->data.parentUuid : QString(),
                                   parts, {}});
        }
    }
    plan.m_order = std::move(changing);

    // Only the topmost of each leaving subtree is detached; the rest goes with it. Records
    // below a disowned provider have moved out by then.
    for (const ProviderNode *node : plan.m_dropped) {
        if (dropped.contains(node->parent))
            continue;
        plan.m_droppedTops.push_back(node);
        if (!input.describeChanges)
            continue;
        QStringList descendants;
        std::vector<const ProviderNode *> stack(node->children.rbegin(), node->children.rend());
        while (!stack.empty()) {
            const ProviderNode *current = stack.back();
            stack.pop_back();
            if (recordIndex.contains(current->data.uuid))
                continue; // moves out before the subtree goes
            descendants.append(current->data.uuid);
            stack.insert(stack.end(), current->children.rbegin(), current->children.rend());
        }
        plan.m_changes.append({ProviderChange::Kind::Removed, node->data.uuid, node->data.parentUuid, {}, {},
                               descendants});
    }
    plan.m_changesNothing = plan.m_order.empty() && plan.m_dropped.empty();
    return plan;
}

QList<ProviderData> CommitPlan::leavingRecords() const
{
    QList<ProviderData> records;
    records.reserve(qsizetype(m_dropped.size()));
    for (const ProviderNode *node : m_dropped)
        records.append(node->data);
    return records;
}

void CommitPlan::prepare(ProviderStore &store)
{
    const auto moves = [this](qsizetype i) {
        const ProviderNode *existing = m_existing[size_t(i)];
        return !existing || existing->data.parentUuid != m_records.at(i).parentUuid;
    };
    // How many children each parent gains: tree providers (null: the roots) and new records.
    std::unordered_map<ProviderNode *, qsizetype> treeParentGains;
    std::vector<qsizetype> recordGains(size_t(m_records.size()), 0);
    qsizetype added = 0;
    qsizetype named = 0;
    for (const qsizetype i : m_order) {
        added += m_existing[size_t(i)] ? 0 : 1;
        named += m_renamed[size_t(i)] ? 1 : 0;
        if (!moves(i))
            continue;
        const qsizetype parent = m_recordParent[size_t(i)];
        if (parent < 0)
            ++treeParentGains[const_cast<ProviderNode *>(m_treeParent[size_t(i)])];
        else if (m_existing[size_t(parent)])
            ++treeParentGains[const_cast<ProviderNode *>(m_existing[size_t(parent)])];
        else
            ++recordGains[size_t(parent)];
    }
    m_staging.nodes.resize(size_t(m_records.size()));
    // On every core when there are many: allocating and filling 116,000 new nodes took a
    // third of a snapshot's replaceAll (`provtree validate`), the other core idle.
    parallelFor(qsizetype(m_order.size()), kMinNodesPerThread, [&](qsizetype begin, qsizetype end) {
        for (qsizetype k = begin; k < end; ++k) {
            const qsizetype i = m_order[size_t(k)];
            if (m_existing[size_t(i)])
                continue;
            auto staged = std::make_unique<ProviderNode>();
            staged->data = m_records.at(i);
            staged->children.reserve(size_t(recordGains[size_t(i)]));
            m_staging.nodes[size_t(i)] = std::move(staged);
        }
    });
    store.reserveExtra(added, named);
    for (const auto &[parent, gain] : treeParentGains)
        store.reserveChildren(parent, gain);
    m_nodeOf.assign(size_t(m_records.size()), nullptr);
}

void CommitPlan::commit(ProviderStore &store, quint64 revision) noexcept
{
    // Names move between providers: drop the old ones first, index the new ones after.
    for (const ProviderNode *node : m_dropped)
        store.unindexName(const_cast<ProviderNode *>(node));
    for (const qsizetype i : m_order) {
        if (m_existing[size_t(i)] && m_renamed[size_t(i)])
            store.unindexName(const_cast<ProviderNode *>(m_existing[size_t(i)]));
    }

    for (const qsizetype i : m_order) {
        const ProviderData &record = m_records.at(i);
        const qsizetype parentRecord = m_recordParent[size_t(i)];
        ProviderNode *parent = parentRecord >= 0
            ? (m_nodeOf[size_t(parentRecord)] ? m_nodeOf[size_t(parentRecord)]
                                               : const_cast<ProviderNode *>(m_existing[size_t(parentRecord)]))
            : const_cast<ProviderNode *>(m_treeParent[size_t(i)]);
        ProviderNode *node = const_cast<ProviderNode *>(m_existing[size_t(i)]);
        if (!node) {
            node = store.adopt(std::move(m_staging.nodes[size_t(i)]));
            store.attach(node, parent);
        } else {
            if (node->data.parentUuid != record.parentUuid) {
                store.detach(node);
                store.attach(node, parent);
            }
            node->data = record;
        }
        node->revision = revision;
        m_nodeOf[size_t(i)] = node;
        if (m_renamed[size_t(i)])
            store.indexName(node);
    }

    for (const ProviderNode *top : m_droppedTops)
        store.detach(const_cast<ProviderNode *>(top));
    for (const ProviderNode *node : m_dropped)
        store.erase(const_cast<ProviderNode *>(node));
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
