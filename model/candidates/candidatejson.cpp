#include "candidatejson.h"

#include "neutralise.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <algorithm>

namespace provtree {

namespace {

const QString kAllocationRequests = QStringLiteral("allocation_requests");
const QString kProviderSummaries = QStringLiteral("provider_summaries");
const QString kAllocations = QStringLiteral("allocations");
const QString kMappings = QStringLiteral("mappings");
const QString kResources = QStringLiteral("resources");
const QString kCapacity = QStringLiteral("capacity");
const QString kUsed = QStringLiteral("used");
const QString kTraits = QStringLiteral("traits");
const QString kParent = QStringLiteral("parent_provider_uuid");
const QString kRoot = QStringLiteral("root_provider_uuid");

QJsonArray stringArray(const QStringList &strings)
{
    QJsonArray array;
    for (const QString &s : strings)
        array.append(s);
    return array;
}

QJsonObject requestJson(const AllocationRequest &request)
{
    QJsonObject allocations;
    for (auto it = request.allocations.cbegin(); it != request.allocations.cend(); ++it) {
        QJsonObject resources;
        for (auto r = it.value().cbegin(); r != it.value().cend(); ++r)
            resources.insert(r.key(), r.value());
        allocations.insert(it.key(), QJsonObject{{kResources, resources}});
    }
    QJsonObject mappings;
    for (auto it = request.mappings.cbegin(); it != request.mappings.cend(); ++it)
        mappings.insert(it.key(), stringArray(it.value()));
    return QJsonObject{{kAllocations, allocations}, {kMappings, mappings}};
}

QJsonObject summaryJson(const ProviderSummary &summary)
{
    QJsonObject resources;
    for (auto it = summary.resources.cbegin(); it != summary.resources.cend(); ++it)
        resources.insert(it.key(), QJsonObject{{kCapacity, it.value().capacity}, {kUsed, it.value().used}});
    return QJsonObject{
        {kResources, resources},
        {kTraits, stringArray(summary.traits)},
        {kParent, summary.parentUuid.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(summary.parentUuid)},
        {kRoot, summary.rootUuid},
    };
}

// Reading: each helper fails with the JSON path of the offending value.
struct Reader
{
    Problem failure;
    bool failed = false;

    bool fail(const QString &location, const QString &what)
    {
        if (!failed) {
            failed = true;
            failure = makeError(ProblemKind::Syntax, QStringLiteral("%1 must be %2").arg(location, what));
            failure.location = location;
        }
        return false;
    }

    static QString path(const QString &base, const QString &key)
    {
        return QStringLiteral("%1.%2").arg(base, neutralisedIfNeeded(key));
    }

    bool object(const QJsonValue &value, const QString &location, QJsonObject &out)
    {
        if (!value.isObject())
            return fail(location, QStringLiteral("an object"));
        out = value.toObject();
        return true;
    }

    bool integer(const QJsonValue &value, const QString &location, qint64 &out)
    {
        const double d = value.toDouble();
        if (!value.isDouble() || d != double(qint64(d)))
            return fail(location, QStringLiteral("an integer"));
        out = qint64(d);
        return true;
    }

    bool strings(const QJsonValue &value, const QString &location, QStringList &out)
    {
        if (!value.isArray())
            return fail(location, QStringLiteral("an array of strings"));
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array[i].isString())
                return fail(QStringLiteral("%1[%2]").arg(location, QString::number(i)), QStringLiteral("a string"));
            out.append(array[i].toString());
        }
        out.sort();
        return true;
    }

    bool request(const QJsonValue &value, const QString &location, AllocationRequest &out)
    {
        QJsonObject object, allocations, mappings;
        if (!this->object(value, location, object)
            || !this->object(object.value(kAllocations), path(location, kAllocations), allocations))
            return false;
        for (auto it = allocations.constBegin(); it != allocations.constEnd(); ++it) {
            const QString at = path(path(location, kAllocations), it.key());
            QJsonObject provider, resources;
            if (!this->object(it.value(), at, provider)
                || !this->object(provider.value(kResources), path(at, kResources), resources))
                return false;
            QMap<QString, qint64> &amounts = out.allocations[it.key()];
            for (auto r = resources.constBegin(); r != resources.constEnd(); ++r) {
                qint64 amount = 0;
                if (!integer(r.value(), path(path(at, kResources), r.key()), amount))
                    return false;
                amounts.insert(r.key(), amount);
            }
        }
        // Mappings appear at 1.34; an answer without them has none.
        if (!object.contains(kMappings))
            return true;
        if (!this->object(object.value(kMappings), path(location, kMappings), mappings))
            return false;
        for (auto it = mappings.constBegin(); it != mappings.constEnd(); ++it) {
            QStringList uuids;
            if (!strings(it.value(), path(path(location, kMappings), it.key()), uuids))
                return false;
            out.mappings.insert(it.key(), uuids);
        }
        return true;
    }

    bool summary(const QJsonValue &value, const QString &location, ProviderSummary &out)
    {
        QJsonObject object, resources;
        if (!this->object(value, location, object)
            || !this->object(object.value(kResources), path(location, kResources), resources))
            return false;
        for (auto it = resources.constBegin(); it != resources.constEnd(); ++it) {
            const QString at = path(path(location, kResources), it.key());
            QJsonObject numbers;
            ResourceSummary resource;
            if (!this->object(it.value(), at, numbers) || !integer(numbers.value(kCapacity), path(at, kCapacity), resource.capacity)
                || !integer(numbers.value(kUsed), path(at, kUsed), resource.used))
                return false;
            out.resources.insert(it.key(), resource);
        }
        if (object.contains(kTraits) && !strings(object.value(kTraits), path(location, kTraits), out.traits))
            return false;
        const QJsonValue parent = object.value(kParent);
        if (!parent.isNull() && !parent.isUndefined() && !parent.isString())
            return fail(path(location, kParent), QStringLiteral("a string or null"));
        out.parentUuid = parent.toString();
        const QJsonValue root = object.value(kRoot);
        if (!root.isUndefined() && !root.isString())
            return fail(path(location, kRoot), QStringLiteral("a string"));
        out.rootUuid = root.toString();
        return true;
    }
};

QByteArray canonical(const AllocationRequest &request)
{
    AllocationRequest sorted = request;
    for (QStringList &uuids : sorted.mappings) {
        uuids.sort();
        uuids.removeDuplicates();
    }
    return QJsonDocument(requestJson(sorted)).toJson(QJsonDocument::Compact);
}

QList<QByteArray> canonicalSet(const QList<AllocationRequest> &requests)
{
    QList<QByteArray> keys;
    keys.reserve(requests.size());
    for (const AllocationRequest &request : requests)
        keys.append(canonical(request));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

ProviderSummary canonical(ProviderSummary summary)
{
    summary.traits.sort();
    summary.traits.removeDuplicates();
    return summary;
}

QString shown(const QByteArray &json)
{
    return neutralised(QString::fromUtf8(json), 400);
}

} // namespace

QJsonObject toPlacementJson(const CandidateResult &result)
{
    QJsonArray requests;
    for (const AllocationRequest &request : result.allocationRequests)
        requests.append(requestJson(request));
    QJsonObject summaries;
    for (auto it = result.providerSummaries.cbegin(); it != result.providerSummaries.cend(); ++it)
        summaries.insert(it.key(), summaryJson(it.value()));
    return QJsonObject{{kAllocationRequests, requests}, {kProviderSummaries, summaries}};
}

Result<CandidateResult> candidateResultFromPlacementJson(const QJsonObject &json)
{
    Reader reader;
    CandidateResult result;
    const QString root = QStringLiteral("$");
    const QJsonValue requests = json.value(kAllocationRequests);
    if (!requests.isArray()) {
        reader.fail(Reader::path(root, kAllocationRequests), QStringLiteral("an array"));
        return reader.failure;
    }
    const QJsonArray array = requests.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        AllocationRequest request;
        if (!reader.request(array[i], QStringLiteral("$.%1[%2]").arg(kAllocationRequests, QString::number(i)), request))
            return reader.failure;
        result.allocationRequests.append(std::move(request));
    }
    QJsonObject summaries;
    if (!reader.object(json.value(kProviderSummaries), Reader::path(root, kProviderSummaries), summaries))
        return reader.failure;
    for (auto it = summaries.constBegin(); it != summaries.constEnd(); ++it) {
        ProviderSummary summary;
        if (!reader.summary(it.value(), Reader::path(Reader::path(root, kProviderSummaries), it.key()), summary))
            return reader.failure;
        result.providerSummaries.insert(it.key(), summary);
    }
    return result;
}

bool sameCandidates(const CandidateResult &a, const CandidateResult &b, QString *firstDifference)
{
    const auto differ = [&](const QString &text) {
        if (firstDifference)
            *firstDifference = text;
        return false;
    };
    const QList<QByteArray> left = canonicalSet(a.allocationRequests);
    const QList<QByteArray> right = canonicalSet(b.allocationRequests);
    if (left != right) {
        for (const QByteArray &key : left) {
            if (!std::binary_search(right.begin(), right.end(), key))
                return differ(QStringLiteral("allocation request only in the first answer: %1").arg(shown(key)));
        }
        for (const QByteArray &key : right) {
            if (!std::binary_search(left.begin(), left.end(), key))
                return differ(QStringLiteral("allocation request only in the second answer: %1").arg(shown(key)));
        }
    }
    for (auto it = a.providerSummaries.cbegin(); it != a.providerSummaries.cend(); ++it) {
        const auto other = b.providerSummaries.constFind(it.key());
        if (other == b.providerSummaries.cend())
            return differ(QStringLiteral("provider %1 is summarised only in the first answer")
                              .arg(neutralisedIfNeeded(it.key())));
        if (canonical(it.value()) != canonical(other.value())) {
            const QByteArray first = QJsonDocument(summaryJson(canonical(it.value()))).toJson(QJsonDocument::Compact);
            const QByteArray second = QJsonDocument(summaryJson(canonical(other.value()))).toJson(QJsonDocument::Compact);
            return differ(QStringLiteral("provider %1 is summarised differently: %2 against %3")
                              .arg(neutralisedIfNeeded(it.key()), shown(first), shown(second)));
        }
    }
    for (auto it = b.providerSummaries.cbegin(); it != b.providerSummaries.cend(); ++it) {
        if (!a.providerSummaries.contains(it.key()))
            return differ(QStringLiteral("provider %1 is summarised only in the second answer")
                              .arg(neutralisedIfNeeded(it.key())));
    }
    return true;
}

} // namespace provtree
