#include "placementpull.h"

#include "logging.h"
#include "neutralise.h"
#include "placementclient.h"
#include "validation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace provtree {

struct PlacementPull::Entry
{
    ProviderData data;       // what has been read of it so far
    int reads = 0;           // how often its parts were requested
    int partsPending = 0;
    bool changedMeanwhile = false; // an answer carried another generation
    bool vanished = false;
    bool counted = false;          // in the progress already
    bool confirm = false;          // read again after the lists moved on: confirm by its summary
};

namespace {

const QString kProvidersPath = QStringLiteral("/resource_providers");

QString providerPath(const QString &uuid, const char *part = nullptr)
{
    QString path = kProvidersPath + QLatin1Char('/') + uuid;
    if (part)
        path += QLatin1Char('/') + QLatin1String(part);
    return path;
}

Problem malformed(const QString &what)
{
    return makeError(ProblemKind::ServerError,
                     QStringLiteral("Placement's answer to %1 is not what its API documents").arg(what));
}

// A provider summary of GET /resource_providers or /resource_providers/{uuid}.
std::optional<ProviderData> summaryFrom(const QJsonObject &object)
{
    const auto uuid = validation::canonicalUuid(object.value(QLatin1String("uuid")).toString());
    const QJsonValue name = object.value(QLatin1String("name"));
    const QJsonValue generation = object.value(QLatin1String("generation"));
    if (!uuid || !name.isString() || !generation.isDouble())
        return std::nullopt;
    ProviderData data;
    data.uuid = *uuid;
    data.name = name.toString();
    data.generation = generation.toInteger();
    const QJsonValue parent = object.value(QLatin1String("parent_provider_uuid"));
    if (parent.isString())
        data.parentUuid = validation::canonicalUuid(parent.toString()).value_or(parent.toString());
    return data;
}

InventoryRecord inventoryFrom(const QJsonObject &object)
{
    const auto integer = [&](const char *key) -> std::optional<qint64> {
        const QJsonValue value = object.value(QLatin1String(key));
        return value.isDouble() ? std::optional<qint64>(value.toInteger()) : std::nullopt;
    };
    InventoryRecord record;
    record.total = integer("total");
    record.reserved = integer("reserved");
    record.minUnit = integer("min_unit");
    record.maxUnit = integer("max_unit");
    record.stepSize = integer("step_size");
    const QJsonValue ratio = object.value(QLatin1String("allocation_ratio"));
    if (ratio.isDouble())
        record.allocationRatio = ratio.toDouble();
    return record.effective();
}

QStringList sortedStrings(const QJsonArray &array, bool uuids)
{
    QStringList list;
    list.reserve(array.size());
    for (const QJsonValue &value : array) {
        const QString text = value.toString();
        list.append(uuids ? validation::canonicalUuid(text).value_or(text) : text);
    }
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

} // namespace

PlacementPull::PlacementPull(PlacementClient *client, QObject *parent) : QObject(parent), m_client(client) {}

PlacementPull::~PlacementPull() = default;

void PlacementPull::start(const QString &tree)
{
    m_tree = tree;
    m_started = QDateTime::currentDateTimeUtc();
    if (m_client->microversionMinor() < PlacementClient::kOldestMinor) {
        fail(makeError(ProblemKind::Refused, QStringLiteral("the Placement microversion was not negotiated")));
        return;
    }
    if (tree.isEmpty())
        listProviders({});
    else
        findTree(tree);
}

void PlacementPull::startTrees(const QStringList &uuids)
{
    m_started = QDateTime::currentDateTimeUtc();
    if (m_client->microversionMinor() < PlacementClient::kOldestMinor) {
        fail(makeError(ProblemKind::Refused, QStringLiteral("the Placement microversion was not negotiated")));
        return;
    }
    for (const QString &uuid : uuids) {
        if (const auto canonical = validation::canonicalUuid(uuid))
            m_treesToList.append(*canonical);
    }
    m_treesToList.removeDuplicates();
    listNextTree();
}

void PlacementPull::listNextTree()
{
    // One tree at a time: a tree already listed covers every later uuid in it.
    while (!m_treesToList.isEmpty() && m_listed.contains(m_treesToList.constFirst()))
        m_treesToList.removeFirst();
    if (m_treesToList.isEmpty()) {
        emit progress(0, m_entries.size());
        feed();
        return;
    }
    const QString uuid = m_treesToList.takeFirst();
    m_listQueries.append(QStringLiteral("in_tree=") + uuid);
    const PlacementRequest request{"GET", kProvidersPath + QStringLiteral("?in_tree=") + uuid, {}};
    m_client->send(request, this, [this](const PlacementResponse &response) {
        if (stopped())
            return;
        // An unknown uuid in in_tree is a 400 (or an empty list): that provider is gone.
        if (response.status == 400 || response.status == 404) {
            listNextTree();
            return;
        }
        if (!response.ok()) {
            fail(response.problem);
            return;
        }
        if (!appendSummaries(response.body.object().value(QLatin1String("resource_providers")).toArray()))
            return;
        listNextTree();
    });
}

bool PlacementPull::appendSummaries(const QJsonArray &providers)
{
    m_entries.reserve(m_entries.size() + providers.size());
    for (const QJsonValue &value : providers) {
        const auto summary = summaryFrom(value.toObject());
        if (!summary) {
            fail(malformed(QStringLiteral("GET /resource_providers")));
            return false;
        }
        if (m_listed.contains(summary->uuid))
            continue;
        m_listed.insert(summary->uuid);
        m_entries.append(Entry{*summary});
    }
    return true;
}

void PlacementPull::cancel()
{
    if (stopped())
        return;
    fail(makeError(ProblemKind::Cancelled, QStringLiteral("the pull was cancelled; nothing was changed")));
}

void PlacementPull::findTree(const QString &tree)
{
    // in_tree wants a uuid; a name is looked up first (names are unique in Placement).
    if (const auto uuid = validation::canonicalUuid(tree)) {
        listProviders(QStringLiteral("in_tree=") + *uuid);
        return;
    }
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("name"), tree);
    const PlacementRequest request{"GET", kProvidersPath + QLatin1Char('?') + query.toString(QUrl::FullyEncoded), {}};
    m_client->send(request, this, [this, tree](const PlacementResponse &response) {
        if (stopped())
            return;
        if (!response.ok()) {
            fail(response.problem);
            return;
        }
        const QJsonArray found = response.body.object().value(QLatin1String("resource_providers")).toArray();
        const auto provider = found.isEmpty() ? std::nullopt : summaryFrom(found.first().toObject());
        if (!provider) {
            fail(makeError(ProblemKind::NotFound, QStringLiteral("Placement has no provider named or with the uuid ")
                                                      + neutralised(tree)));
            return;
        }
        listProviders(QStringLiteral("in_tree=") + provider->uuid);
    });
}

void PlacementPull::listProviders(const QString &query)
{
    m_listQueries.append(query);
    const PlacementRequest request{"GET", query.isEmpty() ? kProvidersPath : kProvidersPath + QLatin1Char('?') + query, {}};
    m_client->send(request, this, [this, query](const PlacementResponse &response) {
        if (stopped())
            return;
        if (!response.ok()) {
            // in_tree with an unknown uuid is a 400 "No such resource provider".
            if (!query.isEmpty() && (response.status == 400 || response.status == 404))
                fail(makeError(ProblemKind::NotFound,
                               QStringLiteral("Placement has no provider named or with the uuid ") + neutralised(m_tree)));
            else
                fail(response.problem);
            return;
        }
        const QJsonValue list = response.body.object().value(QLatin1String("resource_providers"));
        if (!list.isArray()) {
            fail(malformed(QStringLiteral("GET /resource_providers")));
            return;
        }
        if (!query.isEmpty() && list.toArray().isEmpty()) { // in_tree of a uuid Placement does not have
            fail(makeError(ProblemKind::NotFound,
                           QStringLiteral("Placement has no provider named or with the uuid ") + neutralised(m_tree)));
            return;
        }
        if (!appendSummaries(list.toArray()))
            return;
        qCDebug(lcPlacement) << "provider list:" << m_entries.size() << "providers";
        emit progress(0, m_entries.size());
        feed();
    });
}

void PlacementPull::feed()
{
    // Enough providers in flight to keep every connection busy (four reads each), no more.
    const qsizetype window = std::max(2, m_client->maxParallel());
    while (!stopped() && m_inFlight < window && (!m_again.isEmpty() || m_next < m_entries.size())) {
        ++m_inFlight;
        if (!m_again.isEmpty())
            readSummaryThenParts(m_again.takeFirst());
        else
            readProvider(m_next++);
    }
    if (!stopped() && m_inFlight == 0 && m_again.isEmpty() && m_next == m_entries.size()) {
        if (m_verified)
            finish();
        else
            verify();
    }
}

void PlacementPull::verify()
{
    // Placement reads a provider's generation and then the part in two queries, without a
    // transaction: a write in between gives an answer with the new part and the old
    // generation, which no per-answer check can see. So once every provider is read, the
    // provider lists are read again: a provider whose generation moved since its parts
    // were read may hold such a mix, and is read again and confirmed by its summary.
    m_verifying = m_listQueries;
    m_generationsNow.clear();
    verifyNext();
}

void PlacementPull::verifyNext()
{
    if (m_verifying.isEmpty()) {
        compareGenerations();
        return;
    }
    const QString query = m_verifying.takeFirst();
    const PlacementRequest request{"GET", query.isEmpty() ? kProvidersPath : kProvidersPath + QLatin1Char('?') + query, {}};
    m_client->send(request, this, [this](const PlacementResponse &response) {
        if (stopped())
            return;
        if (!response.ok() && response.status != 400 && response.status != 404) {
            fail(response.problem);
            return;
        }
        for (const QJsonValue &value : response.body.object().value(QLatin1String("resource_providers")).toArray()) {
            if (const auto summary = summaryFrom(value.toObject()))
                m_generationsNow.insert(summary->uuid, summary->generation);
        }
        verifyNext();
    });
}

void PlacementPull::compareGenerations()
{
    QList<qsizetype> changed;
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        Entry &entry = m_entries[i];
        if (entry.vanished)
            continue;
        const auto now = m_generationsNow.constFind(entry.data.uuid);
        if (now == m_generationsNow.cend())
            entry.vanished = true; // deleted since it was read
        else if (*now != entry.data.generation)
            changed.append(i);
    }
    m_verified = true;
    if (changed.isEmpty()) {
        finish();
        return;
    }
    // Few providers change during a pull: each is read again and confirmed by its own
    // summary afterwards (two round trips), rather than by another whole list.
    qCDebug(lcPlacement) << changed.size() << "providers changed while they were read; reading them again";
    for (const qsizetype index : std::as_const(changed))
        m_entries[index].confirm = true;
    m_again = changed;
    feed();
}

void PlacementPull::readProvider(qsizetype index)
{
    Entry &entry = m_entries[index];
    ++entry.reads;
    entry.partsPending = kPartCount;
    entry.changedMeanwhile = false;
    static constexpr const char *kPaths[kPartCount] = {"inventories", "usages", "traits", "aggregates"};
    const auto priority = entry.reads > 1 ? PlacementClient::Priority::Urgent : PlacementClient::Priority::Normal;
    for (int part = 0; part < kPartCount; ++part) {
        const PlacementRequest request{"GET", providerPath(entry.data.uuid, kPaths[part]), {}};
        m_client->send(
            request, this, [this, index, part](const PlacementResponse &response) { partRead(index, Part(part), response); },
            priority);
    }
}

void PlacementPull::partRead(qsizetype index, Part part, const PlacementResponse &response)
{
    if (stopped())
        return;
    Entry &entry = m_entries[index];
    --entry.partsPending;
    if (response.status == 404) {
        entry.vanished = true; // deleted since the list: not part of the snapshot
    } else if (!response.ok()) {
        fail(response.problem);
        return;
    } else {
        const QJsonObject body = response.body.object();
        // Every part answers with the provider's generation (aggregates from 1.19 on).
        const QJsonValue generation = body.value(QLatin1String("resource_provider_generation"));
        if (generation.isDouble() && generation.toInteger() != entry.data.generation)
            entry.changedMeanwhile = true;
        switch (part) {
        case InventoriesPart: {
            entry.data.inventories.clear();
            const QJsonObject inventories = body.value(QLatin1String("inventories")).toObject();
            for (auto it = inventories.begin(); it != inventories.end(); ++it)
                entry.data.inventories.insert(it.key(), inventoryFrom(it.value().toObject()));
            break;
        }
        case UsagesPart: {
            entry.data.usages.clear();
            const QJsonObject usages = body.value(QLatin1String("usages")).toObject();
            for (auto it = usages.begin(); it != usages.end(); ++it) {
                if (it.value().toInteger() != 0)
                    entry.data.usages.insert(it.key(), it.value().toInteger());
            }
            break;
        }
        case TraitsPart:
            entry.data.traits = sortedStrings(body.value(QLatin1String("traits")).toArray(), false);
            break;
        case AggregatesPart:
            entry.data.aggregates = sortedStrings(body.value(QLatin1String("aggregates")).toArray(), true);
            break;
        case kPartCount:
            break;
        }
    }
    if (entry.partsPending > 0)
        return;
    if (entry.vanished) {
        providerDone(index);
        return;
    }
    if (!entry.changedMeanwhile) {
        if (entry.confirm)
            confirmProvider(index);
        else
            providerDone(index);
        return;
    }
    if (entry.reads >= kMaxReads) {
        failBusy(entry.data);
        return;
    }
    readSummaryThenParts(index);
}

void PlacementPull::confirmProvider(qsizetype index)
{
    const PlacementRequest request{"GET", providerPath(m_entries.at(index).data.uuid), {}};
    m_client->send(request, this, [this, index](const PlacementResponse &response) {
        if (stopped())
            return;
        Entry &entry = m_entries[index];
        if (response.status == 404) {
            entry.vanished = true;
        } else if (!response.ok()) {
            fail(response.problem);
            return;
        } else if (response.body.object().value(QLatin1String("generation")).toInteger(-1) != entry.data.generation) {
            if (entry.reads >= kMaxReads) {
                failBusy(entry.data);
                return;
            }
            readSummaryThenParts(index); // it moved on while its parts were read
            return;
        }
        providerDone(index);
    }, PlacementClient::Priority::Urgent);
}

void PlacementPull::failBusy(const ProviderData &busy)
{
    fail(makeError(ProblemKind::ConcurrentChange,
                   QStringLiteral("provider %1 (%2) changed during each of %3 reads; try again later")
                       .arg(busy.uuid, neutralised(busy.name), QString::number(kMaxReads))));
}

void PlacementPull::readSummaryThenParts(qsizetype index)
{
    // It changed since it was listed: read its summary for the new generation (and name
    // and parent), then all four parts again. A provider that keeps changing (a burst of
    // allocations) is given a growing pause from the third read on, 0.1 s doubling, so that
    // the burst can pass; the other providers are read meanwhile.
    ++m_rereads;
    const Entry &entry = m_entries.at(index);
    qCDebug(lcPlacement) << "provider" << entry.data.uuid << "changed during the pull; reading it again";
    const auto reread = [this, index] {
        if (stopped())
            return;
        const PlacementRequest request{"GET", providerPath(m_entries.at(index).data.uuid), {}};
        m_client->send(
            request, this, [this, index](const PlacementResponse &response) { summaryRead(index, response); },
            PlacementClient::Priority::Urgent);
    };
    if (entry.reads < 2)
        reread();
    else
        QTimer::singleShot(100 << (entry.reads - 2), this, reread);
}

void PlacementPull::summaryRead(qsizetype index, const PlacementResponse &response)
{
    if (stopped())
        return;
    Entry &entry = m_entries[index];
    if (response.status == 404) {
        entry.vanished = true;
        providerDone(index);
        return;
    }
    if (!response.ok()) {
        fail(response.problem);
        return;
    }
    const auto summary = summaryFrom(response.body.object());
    if (!summary || summary->uuid != entry.data.uuid) {
        fail(malformed(QStringLiteral("GET ") + providerPath(entry.data.uuid)));
        return;
    }
    entry.data.name = summary->name;
    entry.data.parentUuid = summary->parentUuid;
    entry.data.generation = summary->generation;
    readProvider(index);
}

void PlacementPull::providerDone(qsizetype index)
{
    --m_inFlight;
    Entry &entry = m_entries[index];
    if (!entry.counted) {
        entry.counted = true;
        ++m_done;
        emit progress(m_done, m_entries.size());
    }
    feed();
}

void PlacementPull::fail(Problem problem)
{
    m_result.emplace(Status(std::move(problem)));
    m_client->cancelAll(); // answers this pull's outstanding reads, which are ignored now
    emit finished();
}

void PlacementPull::finish()
{
    PulledTree pulled;
    pulled.providers.reserve(m_entries.size());
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.vanished)
            ++pulled.vanished;
        else
            pulled.providers.append(entry.data);
    }
    pulled.rereads = m_rereads;
    const PlacementConnection &connection = m_client->connection();
    pulled.origin.source = QStringLiteral("placement");
    pulled.origin.cloud = connection.cloudName;
    // A URL may carry user:password@: never into a file.
    pulled.origin.endpoint = QUrl(connection.endpoint).adjusted(QUrl::RemoveUserInfo).toString();
    pulled.origin.region = connection.region;
    pulled.origin.microversion = m_client->microversion();
    pulled.origin.tree = m_tree;
    pulled.origin.startedAt = m_started.toString(Qt::ISODate);
    pulled.origin.finishedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    qCDebug(lcPlacement) << "pulled" << pulled.providers.size() << "providers," << m_rereads << "read again,"
                         << pulled.vanished << "vanished";
    m_result.emplace(std::move(pulled));
    emit finished();
}

} // namespace provtree
