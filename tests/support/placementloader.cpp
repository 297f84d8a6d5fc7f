#include "placementloader.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

namespace provtree::testsupport {

namespace {

const QString kProject = QStringLiteral("provtree-fidelity");
const QString kConsumerType = QStringLiteral("INSTANCE");
// The namespace of the consumers' name-based uuids (any fixed uuid would do).
const QUuid kConsumerNamespace(QStringLiteral("6f1e9a52-8f0e-4a55-9d3c-3d1c2a7b0f11"));

QString providerPath(const QString &uuid, const char *part = nullptr)
{
    QString path = QStringLiteral("/resource_providers/") + uuid;
    if (part)
        path += QLatin1Char('/') + QLatin1String(part);
    return path;
}

QJsonObject inventoryJson(const InventoryRecord &record)
{
    const InventoryRecord full = record.effective();
    return QJsonObject{{QStringLiteral("total"), full.totalOr0()},
                       {QStringLiteral("reserved"), full.reservedOrDefault()},
                       {QStringLiteral("min_unit"), full.minUnitOrDefault()},
                       {QStringLiteral("max_unit"), full.maxUnitOrDefault()},
                       {QStringLiteral("step_size"), full.stepSizeOrDefault()},
                       {QStringLiteral("allocation_ratio"), full.allocationRatioOrDefault()}};
}

// A record that takes `used` as one allocation: room enough, no unit constraints.
InventoryRecord roomyFor(const InventoryRecord &record, qint64 used)
{
    InventoryRecord roomy = record.effective();
    roomy.total = std::max(roomy.totalOr0(), roomy.reservedOrDefault() + used);
    roomy.minUnit = 1;
    roomy.maxUnit = kMaxInventoryInt;
    roomy.stepSize = 1;
    roomy.allocationRatio = 1.0;
    return roomy;
}

// The inventories to write before the allocations (roomy where a usage needs it), and
// whether they differ from the provider's own.
QJsonObject loadInventories(const ProviderData &provider, bool *roomy)
{
    QJsonObject inventories;
    for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it) {
        const qint64 used = provider.usages.value(it.key());
        if (used > 0 && !PlacementLoader::acceptsAsOneAllocation(it.value(), used)) {
            *roomy = true;
            inventories.insert(it.key(), inventoryJson(roomyFor(it.value(), used)));
        } else {
            inventories.insert(it.key(), inventoryJson(it.value()));
        }
    }
    return inventories;
}

QJsonObject finalInventories(const ProviderData &provider)
{
    QJsonObject inventories;
    for (auto it = provider.inventories.cbegin(); it != provider.inventories.cend(); ++it)
        inventories.insert(it.key(), inventoryJson(it.value()));
    return inventories;
}

// root uuid -> the providers of that tree, in the forest's (top-down) order.
QList<std::pair<QString, QList<const ProviderData *>>> trees(const QList<ProviderData> &providers)
{
    QHash<QString, QString> rootOf;
    QList<std::pair<QString, QList<const ProviderData *>>> out;
    QHash<QString, qsizetype> index;
    for (const ProviderData &provider : providers) {
        const QString root = provider.isRoot() ? provider.uuid : rootOf.value(provider.parentUuid);
        rootOf.insert(provider.uuid, root);
        if (!index.contains(root)) {
            index.insert(root, out.size());
            out.append({root, {}});
        }
        out[index.value(root)].second.append(&provider);
    }
    return out;
}

// The allocations of one tree's consumer (PUT /allocations/{consumer} and POST /reshaper
// bodies), or an empty object when nothing in the tree is used.
QJsonObject treeAllocations(const QList<const ProviderData *> &tree)
{
    QJsonObject allocations;
    for (const ProviderData *provider : tree) {
        QJsonObject resources;
        for (auto it = provider->usages.cbegin(); it != provider->usages.cend(); ++it) {
            if (it.value() > 0)
                resources.insert(it.key(), it.value());
        }
        if (!resources.isEmpty())
            allocations.insert(provider->uuid, QJsonObject{{QStringLiteral("resources"), resources}});
    }
    return allocations;
}

QJsonObject consumerBody(const QJsonObject &allocations)
{
    return QJsonObject{{QStringLiteral("allocations"), allocations},
                       {QStringLiteral("project_id"), kProject},
                       {QStringLiteral("user_id"), kProject},
                       {QStringLiteral("consumer_generation"), QJsonValue::Null},
                       {QStringLiteral("consumer_type"), kConsumerType}};
}

QString describe(const PlacementRequest &request, const PlacementResponse &response)
{
    return QStringLiteral("%1 %2: HTTP %3: %4")
        .arg(QString::fromLatin1(request.method), request.path, QString::number(response.status),
             response.problem.toString());
}

} // namespace

QList<PlacementResponse> sendAndWait(PlacementClient &client, const QList<PlacementRequest> &requests)
{
    QList<PlacementResponse> responses(requests.size());
    if (requests.isEmpty())
        return responses;
    QEventLoop loop;
    qsizetype answered = 0;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        client.send(requests.at(i), &loop, [&, i](const PlacementResponse &response) {
            responses[i] = response;
            if (++answered == requests.size())
                loop.quit();
        });
    }
    loop.exec(); // the client never answers inside send(): the quit comes from here
    return responses;
}

PlacementResponse sendAndWait(PlacementClient &client, const PlacementRequest &request)
{
    return sendAndWait(client, QList<PlacementRequest>{request}).constFirst();
}

PlacementLoader::PlacementLoader(const PlacementConnection &connection)
    : m_client(std::make_unique<PlacementClient>(connection))
{
    m_client->setMicroversionMinor(PlacementClient::kNewestMinor);
    m_client->setMaxParallel(1);
    // One POST /reshaper carries a whole forest: thousands of providers take minutes.
    m_client->setTimeout(std::chrono::minutes(30));
}

PlacementLoader::~PlacementLoader() = default;

QString PlacementLoader::consumerFor(const QString &rootUuid)
{
    return QUuid::createUuidV5(kConsumerNamespace, rootUuid.toUtf8()).toString(QUuid::WithoutBraces);
}

bool PlacementLoader::acceptsAsOneAllocation(const InventoryRecord &record, qint64 used)
{
    const InventoryRecord full = record.effective();
    const double capacity = double(full.totalOr0() - full.reservedOrDefault()) * full.allocationRatioOrDefault();
    return used >= full.minUnitOrDefault() && used <= full.maxUnitOrDefault()
           && used % full.stepSizeOrDefault() == 0 && double(used) <= capacity;
}

LoadOutcome PlacementLoader::sendInOrder(const QList<PlacementRequest> &requests)
{
    LoadOutcome outcome;
    const QList<PlacementResponse> responses = sendAndWait(*m_client, requests);
    outcome.requests = int(requests.size());
    for (qsizetype i = 0; i < responses.size() && outcome.ok(); ++i) {
        if (!responses.at(i).ok())
            outcome.error = describe(requests.at(i), responses.at(i));
    }
    return outcome;
}

QList<PlacementRequest> PlacementLoader::createRequests(const CandidateForest &forest) const
{
    QList<PlacementRequest> requests;
    for (const QString &trait : forest.customTraits)
        requests.append({"PUT", QStringLiteral("/traits/") + trait, std::nullopt});
    for (const QString &resourceClass : forest.customResourceClasses)
        requests.append({"PUT", QStringLiteral("/resource_classes/") + resourceClass, std::nullopt});
    for (const ProviderData &provider : forest.providers) {
        QJsonObject body{{QStringLiteral("uuid"), provider.uuid}, {QStringLiteral("name"), provider.name}};
        if (!provider.isRoot())
            body.insert(QStringLiteral("parent_provider_uuid"), provider.parentUuid);
        requests.append({"POST", QStringLiteral("/resource_providers"), QJsonDocument(body)});
        // A new provider's generation is 0; each of these writes adds one.
        qint64 generation = 0;
        if (!provider.traits.isEmpty()) {
            requests.append({"PUT", providerPath(provider.uuid, "traits"),
                             QJsonDocument(QJsonObject{{QStringLiteral("resource_provider_generation"), generation++},
                                                       {QStringLiteral("traits"),
                                                        QJsonArray::fromStringList(provider.traits)}})});
        }
        if (!provider.aggregates.isEmpty()) {
            requests.append({"PUT", providerPath(provider.uuid, "aggregates"),
                             QJsonDocument(QJsonObject{{QStringLiteral("resource_provider_generation"), generation++},
                                                       {QStringLiteral("aggregates"),
                                                        QJsonArray::fromStringList(provider.aggregates)}})});
        }
    }
    return requests;
}

std::optional<QHash<QString, qint64>> PlacementLoader::generations(LoadOutcome &outcome)
{
    const PlacementRequest list{"GET", QStringLiteral("/resource_providers"), std::nullopt};
    const PlacementResponse response = sendAndWait(*m_client, list);
    ++outcome.requests;
    if (!response.ok()) {
        outcome.error = describe(list, response);
        return std::nullopt;
    }
    QHash<QString, qint64> out;
    const QJsonArray providers = response.body.object().value(QLatin1String("resource_providers")).toArray();
    for (const QJsonValue &provider : providers) {
        const QJsonObject object = provider.toObject();
        out.insert(object.value(QLatin1String("uuid")).toString(),
                   object.value(QLatin1String("generation")).toInteger());
    }
    return out;
}

LoadOutcome PlacementLoader::load(const CandidateForest &forest, LoadMethod method)
{
    QElapsedTimer timer;
    timer.start();
    QList<PlacementRequest> requests = createRequests(forest);

    // Generations after createRequests(): one per trait and aggregate write.
    const auto generationAfterCreate = [](const ProviderData &provider) {
        return qint64(provider.traits.isEmpty() ? 0 : 1) + qint64(provider.aggregates.isEmpty() ? 0 : 1);
    };
    QList<const ProviderData *> roomy; // written roomy first: their own inventories come last
    QJsonObject reshapedInventories;
    for (const ProviderData &provider : forest.providers) {
        if (provider.inventories.isEmpty())
            continue;
        bool needsRoom = false;
        const QJsonObject inventories = loadInventories(provider, &needsRoom);
        if (needsRoom)
            roomy.append(&provider);
        const QJsonObject body{{QStringLiteral("resource_provider_generation"), generationAfterCreate(provider)},
                               {QStringLiteral("inventories"), inventories}};
        if (method == LoadMethod::PerProvider)
            requests.append({"PUT", providerPath(provider.uuid, "inventories"), QJsonDocument(body)});
        else
            reshapedInventories.insert(provider.uuid, body);
    }
    QJsonObject consumers;
    for (const auto &[root, tree] : trees(forest.providers)) {
        const QJsonObject allocations = treeAllocations(tree);
        if (allocations.isEmpty())
            continue;
        if (method == LoadMethod::PerProvider) {
            requests.append({"PUT", QStringLiteral("/allocations/") + consumerFor(root),
                             QJsonDocument(consumerBody(allocations))});
        } else {
            consumers.insert(consumerFor(root), consumerBody(allocations));
        }
    }
    if (method == LoadMethod::Bulk && !reshapedInventories.isEmpty()) {
        requests.append({"POST", QStringLiteral("/reshaper"),
                         QJsonDocument(QJsonObject{{QStringLiteral("inventories"), reshapedInventories},
                                                   {QStringLiteral("allocations"), consumers}})});
    }
    LoadOutcome outcome = sendInOrder(requests);

    if (outcome.ok() && !roomy.isEmpty()) {
        const auto now = generations(outcome);
        if (now) {
            QList<PlacementRequest> shrink;
            QJsonObject inventories;
            for (const ProviderData *provider : std::as_const(roomy)) {
                const QJsonObject body{{QStringLiteral("resource_provider_generation"), now->value(provider->uuid)},
                                       {QStringLiteral("inventories"), finalInventories(*provider)}};
                if (method == LoadMethod::PerProvider)
                    shrink.append({"PUT", providerPath(provider->uuid, "inventories"), QJsonDocument(body)});
                else
                    inventories.insert(provider->uuid, body);
            }
            if (method == LoadMethod::Bulk) {
                shrink.append({"POST", QStringLiteral("/reshaper"),
                               QJsonDocument(QJsonObject{{QStringLiteral("inventories"), inventories},
                                                         {QStringLiteral("allocations"), QJsonObject()}})});
            }
            const LoadOutcome shrunk = sendInOrder(shrink);
            outcome.requests += shrunk.requests;
            outcome.error = shrunk.error;
        }
    }
    outcome.seconds = double(timer.nsecsElapsed()) / 1e9;
    return outcome;
}

LoadOutcome PlacementLoader::wipe(const CandidateForest &forest)
{
    QElapsedTimer timer;
    timer.start();
    QList<PlacementRequest> requests;
    for (const auto &[root, tree] : trees(forest.providers)) {
        if (!treeAllocations(tree).isEmpty())
            requests.append({"DELETE", QStringLiteral("/allocations/") + consumerFor(root), std::nullopt});
    }
    for (auto it = forest.providers.crbegin(); it != forest.providers.crend(); ++it)
        requests.append({"DELETE", providerPath(it->uuid), std::nullopt});
    LoadOutcome outcome = sendInOrder(requests);
    outcome.seconds = double(timer.nsecsElapsed()) / 1e9;
    return outcome;
}

} // namespace provtree::testsupport
