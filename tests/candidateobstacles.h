#pragma once

// Test helpers for tst_candidateexplainer: which trees CandidateSearch itself anchors a
// candidate at (the oracle the explainer is judged by), and a copy of a forest (or of the
// request) with exactly one reported obstacle removed.

#include "candidateexplanation.h"
#include "candidaterequest.h"
#include "candidatesearch.h"
#include "providerdata.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <optional>

namespace provtree::testing {

// The roots of `providers` at which CandidateSearch::find() anchors at least one allocation
// request for `request` (limit aside). find() does not say where a request is anchored,
// so each root gets a trait of its own and the request requires it at the root
// (root_required filters anchors, rule 6): an answer then comes from that root alone. The
// added traits are names no request uses.
class AnchorOracle
{
public:
    explicit AnchorOracle(QList<ProviderData> providers) : m_search(marked(providers)), m_providers(providers) {}

    [[nodiscard]] bool fits(const QString &root, const CandidateRequest &request) const
    {
        CandidateRequest anchored = request;
        anchored.limit.reset();
        anchored.rootRequired.append(mark(root));
        anchored.rootRequired.sort();
        return !m_search.find(anchored).allocationRequests.isEmpty();
    }

    [[nodiscard]] QSet<QString> fitting(const CandidateRequest &request) const
    {
        QSet<QString> out;
        for (const ProviderData &p : m_providers) {
            if (p.isRoot() && fits(p.uuid, request))
                out.insert(p.uuid);
        }
        return out;
    }

private:
    static QString mark(const QString &root) { return QStringLiteral("CUSTOM_ORACLE_ANCHOR_") + root; }

    static QList<ProviderData> marked(QList<ProviderData> providers)
    {
        for (ProviderData &p : providers) {
            if (p.isRoot()) {
                p.traits.append(mark(p.uuid));
                p.traits.sort();
            }
        }
        return providers;
    }

    CandidateSearch m_search;
    QList<ProviderData> m_providers;
};

// A forest and request with one obstacle removed, and what was edited (for telling an
// obstacle the edit itself created: adding a trait that another group forbids ...).
struct RemovedObstacle
{
    QList<ProviderData> providers;
    CandidateRequest request;
    bool requestEdited = false;
    QString editedProvider; // the provider whose trait or aggregate changed
    QString editedName;     // that trait or aggregate
};

class ObstacleRemover
{
public:
    // The copy with `rejection`'s obstacle removed, or nothing for obstacles no edit of the
    // tree or the request removes (ResourcelessWithoutFilter, Unexplained).
    static std::optional<RemovedObstacle> remove(const QList<ProviderData> &providers,
                                                 const CandidateRequest &request, const TreeRejection &rejection)
    {
        RemovedObstacle out{providers, request, false, {}, {}};
        const auto provider = [&]() -> ProviderData & {
            return *std::find_if(out.providers.begin(), out.providers.end(),
                                 [&](const ProviderData &p) { return p.uuid == rejection.providerUuid; });
        };
        const auto group = [&]() -> RequestGroup & {
            return *std::find_if(out.request.groups.begin(), out.request.groups.end(),
                                 [&](const RequestGroup &g) { return g.suffix == rejection.group; });
        };
        switch (rejection.code) {
        case RejectionCode::RootLacksTrait:
            addTrait(out, provider(), rejection.traits.front());
            return out;
        case RejectionCode::RootHasForbiddenTrait:
        case RejectionCode::ForbiddenTrait:
            removeTrait(out, provider(), rejection.traits.front());
            return out;
        case RejectionCode::InTreeUnknown:
        case RejectionCode::InTreeElsewhere:
            group().inTree = rejection.rootUuid;
            out.requestEdited = true;
            return out;
        case RejectionCode::NoInventory: {
            InventoryRecord record;
            record.total = group().resources.value(rejection.resourceClass);
            record.maxUnit = record.total;
            provider().inventories.insert(rejection.resourceClass, record);
            return out;
        }
        case RejectionCode::Capacity:
        case RejectionCode::SummedCapacity:
            raiseCapacity(provider().inventories[rejection.resourceClass], rejection.used + rejection.asked);
            return out;
        case RejectionCode::MaxUnit:
        case RejectionCode::SummedMaxUnit:
            provider().inventories[rejection.resourceClass].maxUnit = rejection.asked;
            return out;
        case RejectionCode::MinUnit:
            provider().inventories[rejection.resourceClass].minUnit = rejection.asked;
            return out;
        case RejectionCode::StepSize:
            provider().inventories[rejection.resourceClass].stepSize = 1;
            return out;
        case RejectionCode::MissingTrait: {
            // A trait of the set that the group does not also forbid (Placement refuses a
            // set whose every trait is forbidden, lib.py _check_forbidden).
            const QStringList forbidden = group().forbiddenTraits;
            const auto it = std::find_if(rejection.traits.cbegin(), rejection.traits.cend(),
                                         [&](const QString &t) { return !forbidden.contains(t); });
            addTrait(out, provider(), it != rejection.traits.cend() ? *it : rejection.traits.front());
            return out;
        }
        case RejectionCode::NotInAggregate:
            addAggregate(out, provider(), rejection.aggregates.front());
            return out;
        case RejectionCode::InForbiddenAggregate:
            leaveAggregate(out, rejection.providerUuid, rejection.aggregates.front());
            return out;
        case RejectionCode::GroupPolicyIsolate:
            out.request.groupPolicy = GroupPolicy::None;
            out.requestEdited = true;
            return out;
        case RejectionCode::SameSubtree: {
            QStringList suffixes = rejection.groups;
            suffixes.sort();
            out.request.sameSubtrees.removeOne(suffixes);
            out.requestEdited = true;
            return out;
        }
        case RejectionCode::ResourcelessWithoutFilter:
        case RejectionCode::Unexplained:
            return std::nullopt;
        }
        return std::nullopt;
    }

    // Total raised until int((total - reserved) * allocation_ratio) >= needed.
    static void raiseCapacity(InventoryRecord &record, qint64 needed)
    {
        const double ratio = record.allocationRatioOrDefault();
        qint64 total = record.reservedOrDefault() + qint64(std::ceil(double(needed) / ratio));
        record.total = std::max(total, record.totalOr0());
        while (record.capacity() < needed)
            record.total = ++total;
    }

private:
    static void addTrait(RemovedObstacle &out, ProviderData &p, const QString &trait)
    {
        p.traits.append(trait);
        p.traits.sort();
        p.traits.removeDuplicates();
        out.editedProvider = p.uuid;
        out.editedName = trait;
    }

    static void removeTrait(RemovedObstacle &out, ProviderData &p, const QString &trait)
    {
        p.traits.removeAll(trait);
        out.editedProvider = p.uuid;
        out.editedName = trait;
    }

    static void addAggregate(RemovedObstacle &out, ProviderData &p, const QString &aggregate)
    {
        p.aggregates.append(aggregate);
        p.aggregates.sort();
        p.aggregates.removeDuplicates();
        out.editedProvider = p.uuid;
        out.editedName = aggregate;
    }

    // The provider leaves the aggregate, and everything it shared through it goes on being
    // shared through a new aggregate that every member of the old one joins: the obstacle
    // is the forbidden membership, not the sharing it carried.
    static void leaveAggregate(RemovedObstacle &out, const QString &uuid, const QString &aggregate)
    {
        const QString fresh = QUuid::createUuid().toString(QUuid::WithoutBraces);
        for (ProviderData &p : out.providers) {
            if (!p.aggregates.contains(aggregate))
                continue;
            p.aggregates.append(fresh);
            if (p.uuid == uuid)
                p.aggregates.removeAll(aggregate);
            p.aggregates.sort();
        }
        out.editedProvider = uuid;
        out.editedName = aggregate;
    }
};

// Whether `after` may be an obstacle the edit itself created: one about the trait or
// aggregate it added or removed (another group forbids the trait added, requires the one
// removed ...).
inline bool createdByTheEdit(const RemovedObstacle &edit, const TreeRejection &after)
{
    return !edit.editedName.isEmpty()
        && (after.traits.contains(edit.editedName) || after.aggregates.contains(edit.editedName));
}

} // namespace provtree::testing
