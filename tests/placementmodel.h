#pragma once

// Placement's rules for the calls a push plan makes, as an in-memory model (for
// tst_pushplan): the oracle that says whether a plan, sent in order by an executor that
// fills in generations and runs the checks, would be accepted call by call, and what
// Placement would show afterwards. Each rule names the Placement 8.0.0 code it follows
// (see also model/backend/pushplan.cpp). Not a stand-in for the real server in tests that
// talk to a cloud: those run the real one.

#include "pushplan.h"
#include "validation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QStringList>

#include <algorithm>

namespace provtree::testing {

class PlacementModel
{
public:
    // `caseInsensitiveNames`: names compare as MySQL's default collation does.
    PlacementModel(const QList<ProviderData> &state, int minor, bool caseInsensitiveNames = false)
        : m_minor(minor), m_caseInsensitive(caseInsensitiveNames)
    {
        for (const ProviderData &p : state) {
            m_rps.insert(p.uuid, {p.name, p.parentUuid, p.generation, p.inventories,
                                  QSet<QString>(p.traits.cbegin(), p.traits.cend()),
                                  QSet<QString>(p.aggregates.cbegin(), p.aggregates.cend())});
            for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it)
                m_classes.insert(it.key());
            m_traits.unite(QSet<QString>(p.traits.cbegin(), p.traits.cend()));
            m_known.insert(p.uuid, p.generation);
        }
    }

    // Sends the plan's calls in order as the executor does; the first refusal, as
    // "call N (KIND): why", or an empty string when every call was accepted.
    QString run(const PushPlan &plan)
    {
        for (qsizetype i = 0; i < plan.calls.size(); ++i) {
            const QString why = apply(plan.calls[i]);
            if (!why.isEmpty())
                return QStringLiteral("call %1 (%2): %3")
                    .arg(QString::number(i + 1), plannedCallKindName(plan.calls[i].kind), why);
        }
        return {};
    }

    // What Placement shows now, in the form ProviderData comparisons need: complete
    // inventory records, sorted lists, no usages; generations as Placement has them.
    QList<ProviderData> state() const
    {
        QList<ProviderData> out;
        for (auto it = m_rps.cbegin(); it != m_rps.cend(); ++it)
            out.append(record(it.key(), it.value()));
        return out;
    }

    // `records` in the form state() has (generations set to 0 when `withGenerations` is
    // false), sorted by uuid.
    static QList<ProviderData> comparable(QList<ProviderData> records, bool withGenerations = false)
    {
        for (ProviderData &p : records) {
            Inventories complete;
            for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it)
                complete.insert(it.key(), it.value().effective());
            p.inventories = complete;
            p.usages.clear();
            std::sort(p.traits.begin(), p.traits.end());
            std::sort(p.aggregates.begin(), p.aggregates.end());
            if (!withGenerations)
                p.generation = 0;
        }
        std::sort(records.begin(), records.end(),
                  [](const ProviderData &a, const ProviderData &b) { return a.uuid < b.uuid; });
        return records;
    }

private:
    struct Rp
    {
        QString name;
        QString parent;
        qint64 generation = 0;
        Inventories inventories;
        QSet<QString> traits;
        QSet<QString> aggregates;
    };

    static ProviderData record(const QString &uuid, const Rp &rp)
    {
        ProviderData p;
        p.uuid = uuid;
        p.name = rp.name;
        p.parentUuid = rp.parent;
        p.generation = rp.generation;
        p.inventories = rp.inventories;
        p.traits = QStringList(rp.traits.cbegin(), rp.traits.cend());
        p.aggregates = QStringList(rp.aggregates.cbegin(), rp.aggregates.cend());
        return comparable({p}, true).first();
    }

    QString key(const QString &name) const { return m_caseInsensitive ? name.toCaseFolded() : name; }

    // uniq_resource_providers0name (placement/db/sqlalchemy/models.py).
    bool nameTaken(const QString &name, const QString &except) const
    {
        for (auto it = m_rps.cbegin(); it != m_rps.cend(); ++it) {
            if (it.key() != except && key(it->name) == key(name))
                return true;
        }
        return false;
    }

    bool inSubtree(QString uuid, const QString &root) const
    {
        while (!uuid.isEmpty()) {
            if (uuid == root)
                return true;
            uuid = m_rps.value(uuid).parent;
        }
        return false;
    }

    static bool onlyKeys(const QJsonObject &o, const QStringList &allowed)
    {
        const QStringList keys = o.keys();
        return std::all_of(keys.cbegin(), keys.cend(), [&](const QString &k) { return allowed.contains(k); });
    }

    // The executor's part: the generation it puts into a guarded write. It knows what the
    // plan's earlier answers said, which in this model is what Placement has.
    qint64 knownGeneration(const QString &uuid) const { return m_known.value(uuid, -1); }

    QString apply(const PlannedCall &call)
    {
        const PlacementRequest &r = call.request;
        const QString rpPath = QStringLiteral("/resource_providers/") + call.providerUuid;
        const auto body = [&]() { return r.body ? r.body->object() : QJsonObject(); };
        switch (call.kind) {
        case PlannedCall::Kind::EnsureResourceClass:
        case PlannedCall::Kind::EnsureTrait: {
            // PUT /resource_classes/{name} (1.7+), PUT /traits/{name} (1.6+): CUSTOM_ only.
            const bool isClass = call.kind == PlannedCall::Kind::EnsureResourceClass;
            const QString prefix = isClass ? QStringLiteral("/resource_classes/") : QStringLiteral("/traits/");
            if (r.method != "PUT" || !r.path.startsWith(prefix) || r.body)
                return QStringLiteral("not PUT %1NAME without a body").arg(prefix);
            const QString name = r.path.mid(prefix.size());
            if (!name.startsWith(QLatin1String("CUSTOM_")))
                return QStringLiteral("400: only CUSTOM_ names can be created");
            (isClass ? m_classes : m_traits).insert(name);
            return {};
        }
        case PlannedCall::Kind::CreateProvider: {
            const QJsonObject b = body();
            if (r.method != "POST" || r.path != QLatin1String("/resource_providers")
                || !onlyKeys(b, {QStringLiteral("uuid"), QStringLiteral("name"), QStringLiteral("parent_provider_uuid")}))
                return QStringLiteral("not POST /resource_providers with uuid, name, parent_provider_uuid");
            const QString uuid = b.value(QLatin1String("uuid")).toString();
            const QString parent = b.value(QLatin1String("parent_provider_uuid")).toString();
            if (uuid != call.providerUuid || m_rps.contains(uuid))
                return QStringLiteral("409: uuid exists");
            if (nameTaken(b.value(QLatin1String("name")).toString(), {}))
                return QStringLiteral("409 placement.duplicate_name");
            if (!parent.isEmpty() && !m_rps.contains(parent))
                return QStringLiteral("400: parent provider UUID does not exist.");
            m_rps.insert(uuid, {b.value(QLatin1String("name")).toString(), parent, 0, {}, {}, {}});
            m_known.insert(uuid, 0);
            return {};
        }
        case PlannedCall::Kind::CheckProvider: {
            if (r.method != "GET" || r.path != rpPath || r.body || !call.expected)
                return QStringLiteral("not GET /resource_providers/{uuid} with an expectation");
            if (!m_rps.contains(call.providerUuid))
                return QStringLiteral("404");
            const Rp &rp = m_rps[call.providerUuid];
            if (call.expected->name != rp.name || call.expected->parentUuid != rp.parent
                || call.expected->generation != rp.generation || call.expected->uuid != call.providerUuid)
                return QStringLiteral("the check expects another provider than Placement shows");
            return {};
        }
        case PlannedCall::Kind::UpdateProvider: {
            const QJsonObject b = body();
            if (r.method != "PUT" || r.path != rpPath || !b.contains(QLatin1String("name"))
                || !onlyKeys(b, {QStringLiteral("name"), QStringLiteral("parent_provider_uuid")}))
                return QStringLiteral("not PUT /resource_providers/{uuid} with name (required) and parent");
            if (!m_rps.contains(call.providerUuid))
                return QStringLiteral("404");
            Rp &rp = m_rps[call.providerUuid];
            const QString name = b.value(QLatin1String("name")).toString();
            if (nameTaken(name, call.providerUuid))
                return QStringLiteral("409 placement.duplicate_name");
            QString parent = rp.parent;
            if (b.contains(QLatin1String("parent_provider_uuid"))) {
                // ResourceProvider._update_in_db (placement/objects/resource_provider.py).
                parent = b.value(QLatin1String("parent_provider_uuid")).toString();
                if (!parent.isEmpty()) {
                    if (!m_rps.contains(parent))
                        return QStringLiteral("400: parent provider UUID does not exist.");
                    if (!rp.parent.isEmpty() && rp.parent != parent && m_minor < 37)
                        return QStringLiteral("400: re-parenting a provider is not currently allowed.");
                    if (inSubtree(parent, call.providerUuid))
                        return QStringLiteral("400: creating loop in the provider tree is not allowed.");
                } else if (!rp.parent.isEmpty() && m_minor < 37) {
                    return QStringLiteral("400: un-parenting a provider is not currently allowed.");
                }
            }
            if (name == rp.name && parent == rp.parent)
                return QStringLiteral("a write that changes nothing");
            rp.name = name;
            rp.parent = parent;
            return {};
        }
        case PlannedCall::Kind::SetInventories:
        case PlannedCall::Kind::SetTraits:
        case PlannedCall::Kind::SetAggregates:
            return applyAttribute(call);
        case PlannedCall::Kind::DeleteProvider: {
            if (r.method != "DELETE" || r.path != rpPath || r.body)
                return QStringLiteral("not DELETE /resource_providers/{uuid}");
            if (!m_rps.contains(call.providerUuid))
                return QStringLiteral("404");
            for (const Rp &other : std::as_const(m_rps)) {
                if (other.parent == call.providerUuid)
                    return QStringLiteral("409 placement.resource_provider.cannot_delete_parent");
            }
            m_rps.remove(call.providerUuid);
            return {};
        }
        }
        return QStringLiteral("unknown kind");
    }

    QString applyAttribute(const PlannedCall &call)
    {
        const PlacementRequest &r = call.request;
        if (r.method != "PUT" || !r.body || !m_rps.contains(call.providerUuid))
            return QStringLiteral("not PUT with a body to an existing provider");
        Rp &rp = m_rps[call.providerUuid];
        const QString base = QStringLiteral("/resource_providers/") + call.providerUuid;
        const bool guarded = call.kind != PlannedCall::Kind::SetAggregates || m_minor >= 19;
        if (call.sendsGeneration != guarded)
            return QStringLiteral("sendsGeneration is %1 for this call").arg(call.sendsGeneration ? 1 : 0);
        QJsonObject b = r.body->object();
        if (guarded) {
            if (b.contains(QLatin1String("resource_provider_generation")))
                return QStringLiteral("the plan's body carries a generation itself");
            b.insert(QStringLiteral("resource_provider_generation"), knownGeneration(call.providerUuid));
            if (b.value(QLatin1String("resource_provider_generation")).toInteger() != rp.generation)
                return QStringLiteral("409 placement.concurrent_update");
        }
        bool changed = false;
        if (call.kind == PlannedCall::Kind::SetInventories) {
            if (r.path != base + QStringLiteral("/inventories") || !onlyKeys(b, {QStringLiteral("inventories"), QStringLiteral("resource_provider_generation")}))
                return QStringLiteral("bad inventories call");
            Inventories inventories;
            const QJsonObject all = b.value(QLatin1String("inventories")).toObject();
            for (auto it = all.constBegin(); it != all.constEnd(); ++it) {
                if (!m_classes.contains(it.key()) && !validation::isStandardResourceClass(it.key()))
                    return QStringLiteral("400: unknown resource class");
                const QJsonObject o = it.value().toObject();
                if (o.size() != 6 || !o.value(QLatin1String("total")).isDouble())
                    return QStringLiteral("an inventory record without its six fields");
                InventoryRecord rec;
                rec.total = o.value(QLatin1String("total")).toInteger();
                rec.reserved = o.value(QLatin1String("reserved")).toInteger();
                rec.minUnit = o.value(QLatin1String("min_unit")).toInteger();
                rec.maxUnit = o.value(QLatin1String("max_unit")).toInteger();
                rec.stepSize = o.value(QLatin1String("step_size")).toInteger();
                rec.allocationRatio = o.value(QLatin1String("allocation_ratio")).toDouble();
                if (rec.capacity() < 0 || (m_minor < 26 && rec.capacity() == 0))
                    return QStringLiteral("400: capacity");
                inventories.insert(it.key(), rec);
            }
            Inventories before;
            for (auto it = rp.inventories.cbegin(); it != rp.inventories.cend(); ++it)
                before.insert(it.key(), it.value().effective());
            changed = before != inventories;
            rp.inventories = inventories;
            ++rp.generation; // _set_inventory increments it even when nothing changed
        } else if (call.kind == PlannedCall::Kind::SetTraits) {
            if (r.path != base + QStringLiteral("/traits") || !onlyKeys(b, {QStringLiteral("traits"), QStringLiteral("resource_provider_generation")}))
                return QStringLiteral("bad traits call");
            QSet<QString> traits;
            for (const QJsonValue &t : b.value(QLatin1String("traits")).toArray()) {
                if (!m_traits.contains(t.toString()) && !validation::isStandardTrait(t.toString()))
                    return QStringLiteral("400: No such trait");
                traits.insert(t.toString());
            }
            changed = traits != rp.traits;
            if (changed) // _set_traits returns early when nothing changes
                ++rp.generation;
            rp.traits = traits;
        } else {
            if (r.path != base + QStringLiteral("/aggregates"))
                return QStringLiteral("bad aggregates path");
            QJsonArray list;
            if (guarded) {
                if (!onlyKeys(b, {QStringLiteral("aggregates"), QStringLiteral("resource_provider_generation")}))
                    return QStringLiteral("bad aggregates body");
                list = b.value(QLatin1String("aggregates")).toArray();
                ++rp.generation;
            } else {
                if (!r.body->isArray())
                    return QStringLiteral("before 1.19 the body is a bare list");
                list = r.body->array();
            }
            QSet<QString> aggregates;
            for (const QJsonValue &a : list)
                aggregates.insert(a.toString());
            if (aggregates.size() != list.size())
                return QStringLiteral("400: uniqueItems");
            changed = aggregates != rp.aggregates;
            rp.aggregates = aggregates;
        }
        if (!changed)
            return QStringLiteral("a write that changes nothing");
        m_known.insert(call.providerUuid, rp.generation); // from the answer
        return {};
    }

    QMap<QString, Rp> m_rps;
    QSet<QString> m_classes;
    QSet<QString> m_traits;
    QHash<QString, qint64> m_known; // the executor's generations
    int m_minor;
    bool m_caseInsensitive;
};

} // namespace provtree::testing
