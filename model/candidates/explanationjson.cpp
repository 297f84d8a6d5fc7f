#include "explanationjson.h"

namespace provtree {

namespace {

QJsonArray strings(const QStringList &values)
{
    return QJsonArray::fromStringList(values);
}

QJsonValue number(qint64 value)
{
    return QJsonValue(value);
}

} // namespace

QJsonObject rejectionToJson(const TreeRejection &r)
{
    QJsonObject json{
        {QStringLiteral("root"), r.rootUuid},
        {QStringLiteral("provider"), r.providerUuid.isEmpty() ? QJsonValue() : QJsonValue(r.providerUuid)},
        {QStringLiteral("code"), rejectionCodeName(r.code)},
        {QStringLiteral("reason"), r.text},
        {QStringLiteral("sharing_root"), r.sharingRoot},
        {QStringLiteral("via_sharing"), r.viaSharing},
    };
    if (r.hasGroup)
        json.insert(QStringLiteral("group"), r.group);
    if (!r.resourceClass.isEmpty())
        json.insert(QStringLiteral("resource_class"), r.resourceClass);
    switch (r.code) {
    case RejectionCode::Capacity:
    case RejectionCode::SummedCapacity:
        json.insert(QStringLiteral("capacity"), number(r.capacity));
        json.insert(QStringLiteral("used"), number(r.used));
        json.insert(QStringLiteral("asked"), number(r.asked));
        break;
    case RejectionCode::MaxUnit:
    case RejectionCode::SummedMaxUnit:
        json.insert(QStringLiteral("asked"), number(r.asked));
        json.insert(QStringLiteral("max_unit"), number(r.limit));
        break;
    case RejectionCode::MinUnit:
        json.insert(QStringLiteral("asked"), number(r.asked));
        json.insert(QStringLiteral("min_unit"), number(r.limit));
        break;
    case RejectionCode::StepSize:
        json.insert(QStringLiteral("asked"), number(r.asked));
        json.insert(QStringLiteral("step_size"), number(r.limit));
        break;
    default:
        break;
    }
    if (!r.traits.isEmpty())
        json.insert(QStringLiteral("traits"), strings(r.traits));
    if (!r.aggregates.isEmpty())
        json.insert(QStringLiteral("aggregates"), strings(r.aggregates));
    if (!r.inTree.isEmpty())
        json.insert(QStringLiteral("in_tree"), r.inTree);
    if (!r.groups.isEmpty())
        json.insert(QStringLiteral("groups"), strings(r.groups));
    if (!r.amounts.isEmpty()) {
        QJsonArray amounts;
        for (const qint64 amount : r.amounts)
            amounts.append(number(amount));
        json.insert(QStringLiteral("amounts"), amounts);
    }
    return json;
}

QJsonArray rejectionsToJson(const QList<TreeRejection> &rejections)
{
    QJsonArray out;
    for (const TreeRejection &r : rejections)
        out.append(rejectionToJson(r));
    return out;
}

QJsonArray rejectionGroupsToJson(const QList<RejectionGroup> &groups)
{
    QJsonArray out;
    for (const RejectionGroup &g : groups) {
        out.append(QJsonObject{{QStringLiteral("reason"), g.label},
                               {QStringLiteral("code"), rejectionCodeName(g.code)},
                               {QStringLiteral("trees"), number(g.rootUuids.size())},
                               {QStringLiteral("sharing_providers"), g.sharingRoots}});
    }
    return out;
}

} // namespace provtree
