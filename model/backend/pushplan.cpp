#include "pushplan.h"

#include "neutralise.h"
#include "pushorder.h"
#include "pushplantext.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

// Placement facts this file relies on (openstack/placement at tag 8.0.0, the version
// Debian bookworm ships; the handlers are the same up to 1.39):
//
// - Names are unique: resource_providers has UniqueConstraint('name')
//   (placement/db/sqlalchemy/models.py); POST and PUT /resource_providers answer 409
//   placement.duplicate_name (placement/handlers/resource_provider.py). The column is
//   compared by the database's collation: case-sensitive in SQLite, usually not in MySQL,
//   so names that differ only in case are ordered as if they were the same name.
// - POST /resource_providers takes uuid, name and (1.14+) parent_provider_uuid, which must
//   exist ("parent provider UUID does not exist."); from 1.20 it answers 200 with the
//   provider, before that 201 without a body. The generation column defaults to 0.
// - PUT /resource_providers/{uuid} requires "name" (PUT_RESOURCE_PROVIDER_SCHEMA copies
//   POST's "required": ["name"]) and takes parent_provider_uuid (1.14+). It reads no
//   generation and does not change it (ResourceProvider._update_in_db never calls
//   increment_generation). Before 1.37 (allow_reparenting) a provider that has a parent
//   cannot get another one ("re-parenting a provider is not currently allowed") nor lose
//   it ("un-parenting ..."), but a root may be given a parent; sending the parent it
//   already has is no change. Any version refuses a parent inside the provider's own
//   subtree ("creating loop in the provider tree is not allowed").
// - DELETE /resource_providers/{uuid} reads no generation; it answers 409
//   placement.resource_provider.cannot_delete_parent while the provider has children and
//   placement.resource_provider.inuse while it has allocations; it removes the provider's
//   inventories, traits and aggregates with it (ResourceProvider._delete).
// - PUT .../inventories replaces the whole inventory, refuses a stale
//   resource_provider_generation with 409 placement.concurrent_update, and increments the
//   generation even when nothing changed (_set_inventory). Before 1.26 a capacity of 0 is
//   refused with 400 (_validate_inventory_capacity: <= 0, from 1.26 < 0).
// - PUT .../traits replaces the whole set, checks the generation, refuses unknown traits
//   with 400; it increments the generation only when the set changes (_set_traits).
// - PUT .../aggregates from 1.19 takes {"aggregates", "resource_provider_generation"},
//   checks it and increments the generation even when nothing changed; before 1.19 the
//   body is the bare list, no generation is checked and none is incremented
//   (placement/handlers/aggregate.py, _INCLUDE_GENERATION_VERSION).
// - PUT /resource_classes/{name} (1.7+) and PUT /traits/{name} (1.6+) create a CUSTOM_
//   name (201) or confirm it (204); standard names are refused (400).
// - DELETE of a provider with children, an inventory of a class with allocations:
//   409 (placement/errors.py codes above).

namespace provtree {

using pushorder::DependencyGraph;
using pushorder::OpKind;
using pushorder::Operation;

namespace {

constexpr int kNestedProviders = 14; // parent_provider_uuid, in_tree
constexpr int kAggregateGenerations = 19;
constexpr int kCapacityZero = 26;    // reserved may equal total
constexpr int kReparenting = 37;

const QLatin1StringView kCustomPrefix("CUSTOM_");

// The key under which Placement's database may compare two names (see above).
QString nameKey(const QString &name)
{
    return name.toCaseFolded();
}

Inventories effective(const Inventories &inventories)
{
    Inventories out;
    for (auto it = inventories.cbegin(); it != inventories.cend(); ++it)
        out.insert(it.key(), it.value().effective());
    return out;
}

QSet<QString> asSet(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

QStringList sortedList(QStringList list)
{
    std::sort(list.begin(), list.end());
    list.removeDuplicates();
    return list;
}

// "add A, B; change C; remove D" (each part only when it has names).
QString changeList(const QStringList &added, const QStringList &changed, const QStringList &removed)
{
    QStringList parts;
    const auto part = [&parts](const QString &verb, const QStringList &names) {
        if (names.isEmpty())
            return;
        QStringList shown;
        for (const QString &n : names)
            shown.append(neutralisedIfNeeded(n));
        parts.append(verb + QLatin1Char(' ') + shown.join(QLatin1String(", ")));
    };
    part(QStringLiteral("add"), added);
    part(QStringLiteral("change"), changed);
    part(QStringLiteral("remove"), removed);
    return parts.join(QLatin1String("; "));
}

// ---- the two states ----------------------------------------------------------------

// Problems that make a list no tree: a uuid twice, a parent not in the list, a cycle.
// The core never produces these; checked so that nothing below can loop.
Problems checkTree(const QList<ProviderData> &records, const QString &which)
{
    Problems problems;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (index.contains(records[i].uuid))
            problems.append(makeError(ProblemKind::DuplicateUuid,
                                      QStringLiteral("%1 lists provider %2 twice")
                                          .arg(which, neutralisedIfNeeded(records[i].uuid)),
                                      records[i].uuid, QStringLiteral("uuid")));
        index.insert(records[i].uuid, i);
    }
    if (!problems.isEmpty())
        return problems;
    std::vector<int> state(size_t(records.size()), 0); // 0 unknown, 1 on the walk, 2 fine
    for (qsizetype start = 0; start < records.size(); ++start) {
        QList<qsizetype> walk;
        qsizetype i = start;
        while (i >= 0 && state[size_t(i)] == 0) {
            state[size_t(i)] = 1;
            walk.append(i);
            const QString &parent = records[i].parentUuid;
            if (parent.isEmpty()) {
                i = -1;
            } else if (const auto it = index.constFind(parent); it == index.cend()) {
                problems.append(makeError(ProblemKind::UnknownParent,
                                          QStringLiteral("in %1, the parent %2 of provider %3 is not in the list")
                                              .arg(which, neutralisedIfNeeded(parent),
                                                   neutralisedIfNeeded(records[i].uuid)),
                                          records[i].uuid, QStringLiteral("parent_provider_uuid")));
                i = -1;
            } else {
                i = it.value();
            }
        }
        if (i >= 0 && state[size_t(i)] == 1)
            problems.append(makeError(ProblemKind::Cycle,
                                      QStringLiteral("in %1, provider %2 is its own ancestor")
                                          .arg(which, neutralisedIfNeeded(records[i].uuid)),
                                      records[i].uuid, QStringLiteral("parent_provider_uuid")));
        for (const qsizetype w : walk)
            state[size_t(w)] = 2;
    }
    return problems;
}

// The records depth-first, parents before children, roots and siblings by (name, uuid):
// the order in which people read a tree.
QList<const ProviderData *> readingOrder(const QList<ProviderData> &records)
{
    QHash<QString, QList<const ProviderData *>> children;
    for (const ProviderData &p : records)
        children[p.parentUuid].append(&p);
    const auto byName = [](const ProviderData *a, const ProviderData *b) {
        return std::tie(a->name, a->uuid) < std::tie(b->name, b->uuid);
    };
    for (auto &list : children)
        std::sort(list.begin(), list.end(), byName);
    QList<const ProviderData *> order;
    // A stack of what is still to visit, the next one last.
    const QList<const ProviderData *> roots = children.value(QString());
    QList<const ProviderData *> stack(roots.crbegin(), roots.crend());
    while (!stack.isEmpty()) {
        const ProviderData *p = stack.takeLast();
        order.append(p);
        const QList<const ProviderData *> kids = children.value(p->uuid);
        for (auto it = kids.crbegin(); it != kids.crend(); ++it)
            stack.append(*it);
    }
    return order;
}

// One provider of either state, and its operations' nodes (-1: none).
struct Entry
{
    const ProviderData *pulled = nullptr;
    const ProviderData *mine = nullptr;
    qsizetype position = 0;
    int create = -1, update = -1, remove = -1;

    [[nodiscard]] const QString &uuid() const { return mine ? mine->uuid : pulled->uuid; }
    [[nodiscard]] const QString &displayName() const { return mine ? mine->name : pulled->name; }
    [[nodiscard]] bool renamed() const { return pulled && mine && pulled->name != mine->name; }
    [[nodiscard]] bool moved() const { return pulled && mine && pulled->parentUuid != mine->parentUuid; }
    [[nodiscard]] bool inventoriesDiffer() const
    {
        return mine && (pulled ? effective(pulled->inventories) != effective(mine->inventories)
                               : !mine->inventories.isEmpty());
    }
    [[nodiscard]] bool traitsDiffer() const
    {
        return mine && (pulled ? asSet(pulled->traits) != asSet(mine->traits) : !mine->traits.isEmpty());
    }
    [[nodiscard]] bool aggregatesDiffer() const
    {
        return mine && (pulled ? asSet(pulled->aggregates) != asSet(mine->aggregates)
                               : !mine->aggregates.isEmpty());
    }
};

// ---- the planner -------------------------------------------------------------------

// Builds one plan; lives for one makePushPlan() call.
class Planner
{
public:
    Planner(const QList<ProviderData> &pulled, const QList<ProviderData> &mine, int minor)
        : m_pulled(pulled), m_mine(mine), m_minor(minor)
    {
    }

    Result<PushPlan> run();

private:
    void index();
    [[nodiscard]] Problems refusals() const;
    void refuseUsages(const Entry &e, Problems &out) const;
    void refuseCapacityZero(const Entry &e, Problems &out) const;
    void addOperations(DependencyGraph &graph);
    void addEdges(DependencyGraph &graph) const;
    void addNameEdges(DependencyGraph &graph, qsizetype taker, int takerNode) const;
    void ensureNames(PushPlan &plan) const;
    void emitOperation(const Operation &op, PushPlan &plan);
    void emitCheck(qsizetype provider, PushPlan &plan) const;
    void emitUpdate(qsizetype provider, const QString &name, const QString &parent,
                    const QString &summary, PushPlan &plan);
    void emitAttribute(const Operation &op, PushPlan &plan);
    void addNotes(PushPlan &plan) const;
    [[nodiscard]] QString parentLabel(const QString &parentUuid) const;
    [[nodiscard]] QString temporaryName(const QString &uuid) const;
    [[nodiscard]] const Entry *byUuid(const QString &uuid) const;

    const QList<ProviderData> &m_pulled;
    const QList<ProviderData> &m_mine;
    const int m_minor;
    QList<Entry> m_entries; // reading order: my tree, then the deleted providers
    QHash<QString, qsizetype> m_byUuid;
    QHash<QString, QList<qsizetype>> m_pulledChildren; // parent uuid -> entries
    QHash<QString, QList<qsizetype>> m_pulledNameHolders; // nameKey -> entries

    // What Placement shows at the current point of the plan, for checks and summaries.
    struct Current
    {
        QString name;
        QString parent;
        qint64 generation = 0;
    };
    QHash<qsizetype, Current> m_current;
    QSet<QString> m_usedNames; // nameKey of every name of either state
    QList<QPair<qsizetype, QString>> m_temporary; // (entry, temporary name)
};

const Entry *Planner::byUuid(const QString &uuid) const
{
    const auto it = m_byUuid.constFind(uuid);
    return it == m_byUuid.cend() ? nullptr : &m_entries[it.value()];
}

void Planner::index()
{
    QHash<QString, const ProviderData *> pulledByUuid;
    for (const ProviderData &p : m_pulled)
        pulledByUuid.insert(p.uuid, &p);
    for (const ProviderData *p : readingOrder(m_mine)) {
        m_byUuid.insert(p->uuid, m_entries.size());
        m_entries.append(Entry{pulledByUuid.value(p->uuid), p, m_entries.size()});
    }
    for (const ProviderData *p : readingOrder(m_pulled)) {
        if (!m_byUuid.contains(p->uuid)) {
            m_byUuid.insert(p->uuid, m_entries.size());
            m_entries.append(Entry{p, nullptr, m_entries.size()});
        }
    }
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const Entry &e = m_entries[i];
        if (e.pulled) {
            m_pulledChildren[e.pulled->parentUuid].append(i);
            m_pulledNameHolders[nameKey(e.pulled->name)].append(i);
            m_current.insert(i, {e.pulled->name, e.pulled->parentUuid, e.pulled->generation});
            m_usedNames.insert(nameKey(e.pulled->name));
        }
        if (e.mine)
            m_usedNames.insert(nameKey(e.mine->name));
    }
}

Result<PushPlan> Planner::run()
{
    if (m_minor < kNestedProviders)
        return makeError(ProblemKind::Refused,
                         QStringLiteral("microversion 1.%1 has no nested providers: pushing needs 1.%2 or newer")
                             .arg(QString::number(m_minor), QString::number(kNestedProviders)));
    Problems problems = checkTree(m_pulled, QStringLiteral("the pulled state"));
    problems.append(checkTree(m_mine, QStringLiteral("my state")));
    if (!problems.isEmpty())
        return Status(problems);
    index();
    problems = refusals();
    if (!problems.isEmpty())
        return Status(problems);

    PushPlan plan;
    plan.microversionMinor = m_minor;
    ensureNames(plan);
    DependencyGraph graph;
    addOperations(graph);
    addEdges(graph);
    const std::optional<QList<Operation>> order = graph.sorted();
    if (!order) // pushorder.h: cannot happen with the edges addEdges() makes
        return makeError(ProblemKind::Refused,
                         QStringLiteral("internal error: the calls of this push depend on each other in a cycle"));
    for (const Operation &op : *order)
        emitOperation(op, plan);
    addNotes(plan);
    return plan;
}

// ---- refusals ----------------------------------------------------------------------

Problems Planner::refusals() const
{
    Problems out;
    for (const Entry &e : m_entries) {
        if (!e.mine) {
            // Placement refuses to delete a provider with allocations (409 inuse).
            for (auto it = e.pulled->usages.cbegin(); it != e.pulled->usages.cend(); ++it) {
                if (it.value() > 0) {
                    out.append(makeError(
                        ProblemKind::ProviderInUse,
                        QStringLiteral("provider %1 cannot be deleted: it has allocations (%2 of %3 in use)")
                            .arg(providerLabel(e.pulled->name, e.pulled->uuid), QString::number(it.value()),
                                 neutralisedIfNeeded(it.key())),
                        e.uuid(), QStringLiteral("usages")));
                    break;
                }
            }
            continue;
        }
        if (e.moved() && !e.pulled->parentUuid.isEmpty() && m_minor < kReparenting) {
            const QString where = e.mine->parentUuid.isEmpty()
                                      ? QStringLiteral("make it a root")
                                      : QStringLiteral("move it under %1").arg(parentLabel(e.mine->parentUuid));
            out.append(makeError(ProblemKind::Refused,
                                 QStringLiteral("cannot %1: provider %2 has a parent, and Placement changes or "
                                                "removes a parent only from microversion 1.%3 (this one "
                                                "speaks 1.%4; before 1.%3 only a root can be given a parent)")
                                     .arg(where, providerLabel(e.mine->name, e.mine->uuid),
                                          QString::number(kReparenting), QString::number(m_minor)),
                                 e.uuid(), QStringLiteral("parent_provider_uuid")));
        }
        refuseUsages(e, out);
        refuseCapacityZero(e, out);
    }
    return out;
}

// Usages are what consumers (nova's instances) allocate; provtree writes no allocations,
// so a push cannot make them match. An absent usage counts as 0, which is what Placement
// shows for a class without allocations.
void Planner::refuseUsages(const Entry &e, Problems &out) const
{
    QSet<QString> classes;
    for (auto it = e.mine->usages.cbegin(); it != e.mine->usages.cend(); ++it)
        classes.insert(it.key());
    if (e.pulled) {
        for (auto it = e.pulled->usages.cbegin(); it != e.pulled->usages.cend(); ++it)
            classes.insert(it.key());
    }
    QStringList sorted(classes.cbegin(), classes.cend());
    std::sort(sorted.begin(), sorted.end());
    for (const QString &rc : sorted) {
        const qint64 before = e.pulled ? e.pulled->usages.value(rc, 0) : 0;
        const qint64 after = e.mine->usages.value(rc, 0);
        if (before > 0 && !e.mine->inventories.contains(rc)) {
            out.append(makeError(ProblemKind::InventoryInUse,
                                 QStringLiteral("the inventory of %1 cannot be removed from provider %2: %3 "
                                                "of it are allocated")
                                     .arg(neutralisedIfNeeded(rc), providerLabel(e.mine->name, e.mine->uuid),
                                          QString::number(before)),
                                 e.uuid(), QStringLiteral("inventories.") + rc));
        } else if (before != after) {
            out.append(makeError(ProblemKind::Refused,
                                 QStringLiteral("the usage of %1 on provider %2 differs (pulled %3, mine %4): "
                                                "usages are the allocations of consumers, which provtree "
                                                "does not write")
                                     .arg(neutralisedIfNeeded(rc), providerLabel(e.mine->name, e.mine->uuid),
                                          QString::number(before), QString::number(after)),
                                 e.uuid(), QStringLiteral("usages.") + rc));
        }
    }
}

// Before 1.26 Placement refuses an inventory whose capacity is 0; the whole inventory is
// sent, so every record of one that changes counts.
void Planner::refuseCapacityZero(const Entry &e, Problems &out) const
{
    if (m_minor >= kCapacityZero || !e.inventoriesDiffer())
        return;
    for (auto it = e.mine->inventories.cbegin(); it != e.mine->inventories.cend(); ++it) {
        if (it.value().effective().capacity() == 0)
            out.append(makeError(ProblemKind::InvalidInventory,
                                 QStringLiteral("the inventory of %1 on provider %2 has capacity 0, which "
                                                "Placement accepts only from microversion 1.%3 (this one "
                                                "speaks 1.%4)")
                                     .arg(neutralisedIfNeeded(it.key()), providerLabel(e.mine->name, e.mine->uuid),
                                          QString::number(kCapacityZero), QString::number(m_minor)),
                                 e.uuid(), QStringLiteral("inventories.") + it.key()));
    }
}

// ---- the graph ---------------------------------------------------------------------

void Planner::addOperations(DependencyGraph &graph)
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        Entry &e = m_entries[i];
        const auto add = [&](OpKind kind) { return graph.add({kind, i, e.position}); };
        if (!e.pulled)
            e.create = add(OpKind::Create);
        else if (!e.mine)
            e.remove = add(OpKind::Delete);
        else if (e.renamed() || e.moved())
            e.update = add(OpKind::Update);
        // Attribute writes need the provider and come after its own create or update
        // (so that a CheckProvider before that update still sees the pulled generation).
        const int structural = e.create >= 0 ? e.create : e.update;
        const auto attribute = [&](OpKind kind) {
            const int node = add(kind);
            if (structural >= 0)
                graph.require(structural, node);
        };
        if (e.inventoriesDiffer())
            attribute(OpKind::Inventories);
        if (e.traitsDiffer())
            attribute(OpKind::Traits);
        if (e.aggregatesDiffer())
            attribute(OpKind::Aggregates);
    }
}

// The edges, and why there are no others a plan needs (with the names of pushorder.h):
// - Create(X) after Create(P) when my parent P of X is new. A pulled parent exists
//   throughout: it is in my tree, so it is never deleted.
// - Move(X) (an update that changes the parent) after the create or move of every
//   provider above X in my tree. Then, when X moves under P, every provider from P up to
//   its root is where my tree has it (unchanged, created there, or moved there), so P's
//   ancestors are P's ancestors in my tree, which a tree cannot give X: Placement's loop
//   check passes. Temporary names and renames do not move anything, and deletes remove
//   only providers that are not in my tree.
// - Delete(X) after the delete or move of each pulled child of X: X is not in my tree, so
//   each child that stays has another parent there. Nothing is ever moved or created
//   under X, so X has no children when it goes.
// - Create(X) or a rename of X taking name N after the rename or delete of each pulled
//   provider Y != X whose name has N's key and changes (name edges): no other operation
//   takes N (my names are unique; temporary names are unique).
// Cycles: edges of the first kind go from a provider to one below it in my tree, so they
// form no cycle; delete edges go from a child to its pulled parent and leave deletes only
// through name edges. So every cycle has a name edge, which DependencyGraph breaks with a
// temporary name (pushorder.h).
void Planner::addEdges(DependencyGraph &graph) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const Entry &e = m_entries[i];
        if (e.create >= 0) {
            if (const Entry *parent = byUuid(e.mine->parentUuid); parent && parent->create >= 0)
                graph.require(parent->create, e.create);
            addNameEdges(graph, i, e.create);
        }
        if (e.update >= 0) {
            if (e.moved()) {
                for (const Entry *up = byUuid(e.mine->parentUuid); up; up = byUuid(up->mine->parentUuid)) {
                    if (up->create >= 0)
                        graph.require(up->create, e.update);
                    else if (up->update >= 0 && up->moved())
                        graph.require(up->update, e.update);
                }
            }
            if (e.renamed())
                addNameEdges(graph, i, e.update);
        }
        if (e.remove >= 0) {
            for (const qsizetype child : m_pulledChildren.value(e.pulled->uuid)) {
                const Entry &c = m_entries[child];
                Q_ASSERT(c.remove >= 0 || c.update >= 0); // checkTree(): my tree has no child of e
                graph.require(c.remove >= 0 ? c.remove : c.update, e.remove);
            }
        }
    }
}

void Planner::addNameEdges(DependencyGraph &graph, qsizetype taker, int takerNode) const
{
    const QString &name = m_entries[taker].mine->name;
    for (const qsizetype holder : m_pulledNameHolders.value(nameKey(name))) {
        if (holder == taker)
            continue;
        const Entry &h = m_entries[holder];
        if (h.remove >= 0)
            graph.requireName(h.remove, takerNode, holder);
        else if (h.renamed())
            graph.requireName(h.update, takerNode, holder);
        // else it keeps the name (possibly in another case): nothing this push can do.
    }
}

// ---- the calls ---------------------------------------------------------------------

// Classes and traits: only CUSTOM_ names can be created (Placement refuses others), and
// only those the pulled state does not use (those exist already).
void Planner::ensureNames(PushPlan &plan) const
{
    QSet<QString> pulledClasses, pulledTraits, classes, traits;
    for (const ProviderData &p : m_pulled) {
        for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it)
            pulledClasses.insert(it.key());
        pulledTraits.unite(asSet(p.traits));
    }
    for (const ProviderData &p : m_mine) {
        for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it) {
            if (it.key().startsWith(kCustomPrefix) && !pulledClasses.contains(it.key()))
                classes.insert(it.key());
        }
        for (const QString &t : p.traits) {
            if (t.startsWith(kCustomPrefix) && !pulledTraits.contains(t))
                traits.insert(t);
        }
    }
    const auto add = [&plan](PlannedCall::Kind kind, const QString &collection, const QString &what,
                             const QSet<QString> &names) {
        for (const QString &name : sortedList(QStringList(names.cbegin(), names.cend()))) {
            PlannedCall call;
            call.kind = kind;
            call.request = {"PUT", QStringLiteral("/%1/%2").arg(collection, name), std::nullopt};
            call.summary = QStringLiteral("make sure %1 %2 exists").arg(what, neutralisedIfNeeded(name));
            plan.calls.append(call);
        }
    };
    add(PlannedCall::Kind::EnsureResourceClass, QStringLiteral("resource_classes"),
        QStringLiteral("resource class"), classes);
    add(PlannedCall::Kind::EnsureTrait, QStringLiteral("traits"), QStringLiteral("trait"), traits);
}

QString Planner::parentLabel(const QString &parentUuid) const
{
    const Entry *parent = byUuid(parentUuid);
    QString name = parent ? parent->displayName() : QString();
    if (parent) {
        const auto it = m_current.constFind(m_byUuid.value(parentUuid));
        if (it != m_current.cend())
            name = it->name;
    }
    return providerLabel(name, parentUuid);
}

QString Planner::temporaryName(const QString &uuid) const
{
    const QString base = temporaryProviderName(uuid);
    QString name = base;
    for (int n = 2; m_usedNames.contains(nameKey(name)); ++n)
        name = base + QLatin1Char('-') + QString::number(n);
    return name;
}

void Planner::emitCheck(qsizetype provider, PushPlan &plan) const
{
    const Entry &e = m_entries[provider];
    const Current &now = m_current[provider];
    ProviderData expected;
    expected.uuid = e.uuid();
    expected.name = now.name;
    expected.parentUuid = now.parent;
    expected.generation = now.generation;
    PlannedCall call;
    call.kind = PlannedCall::Kind::CheckProvider;
    call.request = {"GET", QStringLiteral("/resource_providers/") + e.uuid(), std::nullopt};
    call.providerUuid = e.uuid();
    call.providerName = e.displayName();
    call.expected = expected;
    call.summary = QStringLiteral("check that provider %1 still has generation %2, name %3 and %4")
                       .arg(providerLabel(now.name, e.uuid()), QString::number(now.generation), neutralised(now.name),
                            now.parent.isEmpty() ? QStringLiteral("no parent")
                                                 : QStringLiteral("parent ") + parentLabel(now.parent));
    plan.calls.append(call);
}

void Planner::emitUpdate(qsizetype provider, const QString &name, const QString &parent,
                         const QString &summary, PushPlan &plan)
{
    emitCheck(provider, plan);
    const Entry &e = m_entries[provider];
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("parent_provider_uuid"), parent.isEmpty() ? QJsonValue() : QJsonValue(parent)}};
    PlannedCall call;
    call.kind = PlannedCall::Kind::UpdateProvider;
    call.request = {"PUT", QStringLiteral("/resource_providers/") + e.uuid(), QJsonDocument(body)};
    call.providerUuid = e.uuid();
    call.providerName = e.displayName();
    call.summary = summary;
    plan.calls.append(call);
    m_current[provider].name = name;
    m_current[provider].parent = parent;
}

void Planner::emitOperation(const Operation &op, PushPlan &plan)
{
    const qsizetype i = op.provider;
    const Entry &e = m_entries[i];
    switch (op.kind) {
    case OpKind::TemporaryName: {
        const QString temporary = temporaryName(e.uuid());
        m_temporary.append({i, temporary});
        emitUpdate(i, temporary, m_current[i].parent,
                   QStringLiteral("rename provider %1 to %2 for now, to free its name")
                       .arg(providerLabel(m_current[i].name, e.uuid()), neutralised(temporary)),
                   plan);
        return;
    }
    case OpKind::Update: {
        const QString from = providerLabel(m_current[i].name, e.uuid());
        const QString where = e.mine->parentUuid.isEmpty()
                                  ? QStringLiteral("to the top (no parent)")
                                  : QStringLiteral("under ") + parentLabel(e.mine->parentUuid);
        QString summary;
        if (e.renamed() && e.moved())
            summary = QStringLiteral("rename provider %1 to %2 and move it %3").arg(from, neutralised(e.mine->name), where);
        else if (e.renamed())
            summary = QStringLiteral("rename provider %1 to %2").arg(from, neutralised(e.mine->name));
        else
            summary = QStringLiteral("move provider %1 %2").arg(from, where);
        emitUpdate(i, e.mine->name, e.mine->parentUuid, summary, plan);
        return;
    }
    case OpKind::Create: {
        QJsonObject body{{QStringLiteral("uuid"), e.mine->uuid}, {QStringLiteral("name"), e.mine->name}};
        if (!e.mine->parentUuid.isEmpty())
            body.insert(QStringLiteral("parent_provider_uuid"), e.mine->parentUuid);
        PlannedCall call;
        call.kind = PlannedCall::Kind::CreateProvider;
        call.request = {"POST", QStringLiteral("/resource_providers"), QJsonDocument(body)};
        call.providerUuid = e.uuid();
        call.providerName = e.mine->name;
        call.summary = e.mine->parentUuid.isEmpty()
                           ? QStringLiteral("create root provider %1").arg(providerLabel(e.mine->name, e.uuid()))
                           : QStringLiteral("create provider %1 under %2")
                                 .arg(providerLabel(e.mine->name, e.uuid()), parentLabel(e.mine->parentUuid));
        plan.calls.append(call);
        m_current.insert(i, {e.mine->name, e.mine->parentUuid, 0});
        return;
    }
    case OpKind::Delete: {
        emitCheck(i, plan);
        PlannedCall call;
        call.kind = PlannedCall::Kind::DeleteProvider;
        call.request = {"DELETE", QStringLiteral("/resource_providers/") + e.uuid(), std::nullopt};
        call.providerUuid = e.uuid();
        call.providerName = e.pulled->name;
        call.summary = QStringLiteral("delete provider %1").arg(providerLabel(m_current[i].name, e.uuid()));
        plan.calls.append(call);
        m_current.remove(i);
        return;
    }
    case OpKind::Inventories:
    case OpKind::Traits:
    case OpKind::Aggregates:
        emitAttribute(op, plan);
        return;
    }
}

QJsonObject inventoryJson(const InventoryRecord &record)
{
    const InventoryRecord r = record.effective();
    return {{QStringLiteral("total"), r.totalOr0()},
            {QStringLiteral("reserved"), r.reservedOrDefault()},
            {QStringLiteral("min_unit"), r.minUnitOrDefault()},
            {QStringLiteral("max_unit"), r.maxUnitOrDefault()},
            {QStringLiteral("step_size"), r.stepSizeOrDefault()},
            {QStringLiteral("allocation_ratio"), r.allocationRatioOrDefault()}};
}

void Planner::emitAttribute(const Operation &op, PushPlan &plan)
{
    const qsizetype i = op.provider;
    const Entry &e = m_entries[i];
    const QString path = QStringLiteral("/resource_providers/") + e.uuid();
    PlannedCall call;
    call.providerUuid = e.uuid();
    call.providerName = e.mine->name;
    call.sendsGeneration = true;
    const QString who = providerLabel(e.mine->name, e.uuid());
    QStringList added, changed, removed;
    const auto diffSets = [&](const QStringList &before, const QStringList &after) {
        const QSet<QString> a = asSet(before), b = asSet(after);
        added = sortedList(QStringList((b - a).cbegin(), (b - a).cend()));
        removed = sortedList(QStringList((a - b).cbegin(), (a - b).cend()));
    };
    switch (op.kind) {
    case OpKind::Inventories: {
        QJsonObject inventories;
        for (auto it = e.mine->inventories.cbegin(); it != e.mine->inventories.cend(); ++it) {
            inventories.insert(it.key(), inventoryJson(it.value()));
            if (!e.pulled || !e.pulled->inventories.contains(it.key()))
                added.append(it.key());
            else if (e.pulled->inventories.value(it.key()).effective() != it.value().effective())
                changed.append(it.key());
        }
        if (e.pulled) {
            for (auto it = e.pulled->inventories.cbegin(); it != e.pulled->inventories.cend(); ++it) {
                if (!e.mine->inventories.contains(it.key()))
                    removed.append(it.key());
            }
        }
        call.kind = PlannedCall::Kind::SetInventories;
        call.request = {"PUT", path + QStringLiteral("/inventories"),
                        QJsonDocument(QJsonObject{{QStringLiteral("inventories"), inventories}})};
        call.summary = QStringLiteral("set the inventories of provider %1: %2")
                           .arg(who, changeList(added, changed, removed));
        break;
    }
    case OpKind::Traits: {
        diffSets(e.pulled ? e.pulled->traits : QStringList(), e.mine->traits);
        call.kind = PlannedCall::Kind::SetTraits;
        call.request = {"PUT", path + QStringLiteral("/traits"),
                        QJsonDocument(QJsonObject{
                            {QStringLiteral("traits"), QJsonArray::fromStringList(sortedList(e.mine->traits))}})};
        call.summary = QStringLiteral("set the traits of provider %1: %2").arg(who, changeList(added, {}, removed));
        break;
    }
    case OpKind::Aggregates: {
        diffSets(e.pulled ? e.pulled->aggregates : QStringList(), e.mine->aggregates);
        const QJsonArray list = QJsonArray::fromStringList(sortedList(e.mine->aggregates));
        call.kind = PlannedCall::Kind::SetAggregates;
        call.summary = QStringLiteral("set the aggregates of provider %1: %2").arg(who, changeList(added, {}, removed));
        if (m_minor >= kAggregateGenerations) {
            call.request = {"PUT", path + QStringLiteral("/aggregates"),
                            QJsonDocument(QJsonObject{{QStringLiteral("aggregates"), list}})};
        } else {
            // Before 1.19: a bare list, no generation read or written; guarded by a check.
            emitCheck(i, plan);
            call.request = {"PUT", path + QStringLiteral("/aggregates"), QJsonDocument(list)};
            call.sendsGeneration = false;
            plan.calls.append(call);
            return;
        }
        break;
    }
    default:
        Q_UNREACHABLE();
    }
    plan.calls.append(call);
    ++m_current[i].generation; // each of these writes changes something: +1
}

void Planner::addNotes(PushPlan &plan) const
{
    const auto has = [&plan](auto predicate) {
        return std::any_of(plan.calls.cbegin(), plan.calls.cend(), predicate);
    };
    if (has([](const PlannedCall &c) { return c.sendsGeneration; }))
        plan.notes.append(pushplantext::generationNote());
    if (has([](const PlannedCall &c) {
            return c.kind == PlannedCall::Kind::UpdateProvider || c.kind == PlannedCall::Kind::DeleteProvider;
        }))
        plan.notes.append(pushplantext::unguardedNote());
    if (m_minor < kAggregateGenerations && has([](const PlannedCall &c) {
            return c.kind == PlannedCall::Kind::SetAggregates;
        }))
        plan.notes.append(pushplantext::oldAggregatesNote(m_minor));
    for (const auto &[provider, temporary] : m_temporary) {
        const Entry &e = m_entries[provider];
        plan.notes.append(pushplantext::temporaryNameNote(providerLabel(e.pulled->name, e.uuid()), neutralised(temporary),
                                                          e.mine ? neutralised(e.mine->name) : QString()));
    }
}

} // namespace

QString temporaryProviderName(const QString &uuid)
{
    return QStringLiteral("provtree-renaming-") + uuid;
}

QString plannedCallKindName(PlannedCall::Kind kind)
{
    switch (kind) {
    case PlannedCall::Kind::EnsureResourceClass: return QStringLiteral("ensure-resource-class");
    case PlannedCall::Kind::EnsureTrait: return QStringLiteral("ensure-trait");
    case PlannedCall::Kind::CreateProvider: return QStringLiteral("create-provider");
    case PlannedCall::Kind::CheckProvider: return QStringLiteral("check-provider");
    case PlannedCall::Kind::UpdateProvider: return QStringLiteral("update-provider");
    case PlannedCall::Kind::SetInventories: return QStringLiteral("set-inventories");
    case PlannedCall::Kind::SetTraits: return QStringLiteral("set-traits");
    case PlannedCall::Kind::SetAggregates: return QStringLiteral("set-aggregates");
    case PlannedCall::Kind::DeleteProvider: return QStringLiteral("delete-provider");
    }
    return {};
}

Result<PushPlan> makePushPlan(const QList<ProviderData> &pulled, const QList<ProviderData> &mine,
                              int microversionMinor)
{
    return Planner(pulled, mine, microversionMinor).run();
}

} // namespace provtree
