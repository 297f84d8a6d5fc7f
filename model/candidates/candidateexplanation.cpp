#include "candidateexplanation.h"

#include <QHash>

#include <algorithm>

namespace provtree {

QString rejectionCodeName(RejectionCode code)
{
    switch (code) {
    case RejectionCode::RootLacksTrait:
        return QStringLiteral("root-lacks-trait");
    case RejectionCode::RootHasForbiddenTrait:
        return QStringLiteral("root-has-forbidden-trait");
    case RejectionCode::InTreeUnknown:
        return QStringLiteral("in-tree-unknown");
    case RejectionCode::ResourcelessWithoutFilter:
        return QStringLiteral("resourceless-without-filter");
    case RejectionCode::InTreeElsewhere:
        return QStringLiteral("in-tree");
    case RejectionCode::NoInventory:
        return QStringLiteral("no-inventory");
    case RejectionCode::Capacity:
        return QStringLiteral("capacity");
    case RejectionCode::MaxUnit:
        return QStringLiteral("max-unit");
    case RejectionCode::MinUnit:
        return QStringLiteral("min-unit");
    case RejectionCode::StepSize:
        return QStringLiteral("step-size");
    case RejectionCode::MissingTrait:
        return QStringLiteral("missing-trait");
    case RejectionCode::ForbiddenTrait:
        return QStringLiteral("forbidden-trait");
    case RejectionCode::NotInAggregate:
        return QStringLiteral("not-in-aggregate");
    case RejectionCode::InForbiddenAggregate:
        return QStringLiteral("forbidden-aggregate");
    case RejectionCode::GroupPolicyIsolate:
        return QStringLiteral("group-policy-isolate");
    case RejectionCode::SameSubtree:
        return QStringLiteral("same-subtree");
    case RejectionCode::SummedCapacity:
        return QStringLiteral("summed-capacity");
    case RejectionCode::SummedMaxUnit:
        return QStringLiteral("summed-max-unit");
    case RejectionCode::Unexplained:
        return QStringLiteral("unexplained");
    }
    return {};
}

QString RejectionGroup::text() const
{
    const qsizetype n = rootUuids.size();
    const char *what = sharingRoots ? (n == 1 ? "sharing provider" : "sharing providers") : (n == 1 ? "tree" : "trees");
    return QString::number(n) + QLatin1Char(' ') + QLatin1String(what) + QStringLiteral(": ") + label;
}

QList<RejectionGroup> groupRejections(const QList<TreeRejection> &rejections)
{
    QList<RejectionGroup> groups;
    QHash<QString, qsizetype> byKey;
    for (const TreeRejection &r : rejections) {
        const QString key = (r.sharingRoot ? QLatin1Char('s') : QLatin1Char('t')) + r.label;
        auto it = byKey.constFind(key);
        if (it == byKey.constEnd()) {
            it = byKey.insert(key, groups.size());
            groups.append({r.label, r.code, r.sharingRoot, {}});
        }
        groups[it.value()].rootUuids.append(r.rootUuid);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const RejectionGroup &a, const RejectionGroup &b) {
        if (a.sharingRoots != b.sharingRoots)
            return !a.sharingRoots;
        if (a.rootUuids.size() != b.rootUuids.size())
            return a.rootUuids.size() > b.rootUuids.size();
        return a.label < b.label;
    });
    return groups;
}

} // namespace provtree
