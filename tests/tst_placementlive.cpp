// provtree pull and push against a real Keystone and a real Placement (the live_cloud
// fixture, tests/live/cloud): what provtree reads is what the API holds, what it pushes is
// what the API (and the real openstack CLI) reads back, a concurrent write is a conflict
// that overwrites nothing, the core refuses first what Placement would refuse with a 400,
// and failures (403, 401, a server that dies mid-pull) say what happened. No secret ever
// appears in any output, log line or file.
#include "placementsource.h"
#include "pushoutcome.h"
#include "snapshotreader.h"
#include "treediff.h"
#include "snapshotwriter.h"

#include "support/clirun.h"
#include "support/livecloud.h"
#include "support/testfiles.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace provtree;
using provtree::testing::CliRun;
using provtree::testing::LiveAnswer;
using provtree::testing::LiveCloud;
using provtree::testing::LivePlacement;
using provtree::testing::LiveRun;
using provtree::testing::provtreeRun;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString uniqueName(const char *prefix)
{
    return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject inventory(qint64 total, double ratio = 1.0, qint64 reserved = 0)
{
    return {{QStringLiteral("total"), total},
            {QStringLiteral("reserved"), reserved},
            {QStringLiteral("allocation_ratio"), ratio}};
}

// A tree made through the API, the tests' ground truth: a compute node with a NUMA child
// and a GPU child, inventories, traits (one custom), an aggregate and an allocation.
struct ApiTree
{
    QString root, numa, gpu;
    QString rootName, numaName, gpuName;
    QString aggregate;
    QString customTrait;
};

class tst_PlacementLive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void pullsATreeCreatedThroughTheApi();
    void pullsWithApplicationCredentialsAndDirectUrl();
    void pushesEditsThatTheApiAndTheOpenstackCliRead();
    void dryRunSendsNothing();
    void aPushReadsBackTheTreesItCreated();
    void aConcurrentWriteIsAConflictThatOverwritesNothing();
    void rebaseReappliesWhatPlacementDidNotChange();
    void theCoreRefusesWhatPlacementWouldRefuse_data();
    void theCoreRefusesWhatPlacementWouldRefuse();
    void aProviderChangingDuringThePullIsReadConsistently();
    void aNonAdminIsToldWhichPolicy();
    void aWrongPasswordIsUnauthorized();
    void aServerThatDiesMidPullIsAClearError();
    void candidatesAskTheLivePlacementToo();
    void noSecretInAnyOutputOrFile();

private:
    [[nodiscard]] Run provtree(const QStringList &arguments, const QProcessEnvironment &extra = {});
    [[nodiscard]] ApiTree makeTree();
    [[nodiscard]] QJsonObject api(const QByteArray &method, const QString &path, const QJsonValue &body = {},
                                  int expected = 200);
    [[nodiscard]] qint64 generationOf(const QString &uuid);
    [[nodiscard]] QString pullTree(const QString &name);
    [[nodiscard]] QString patchOf(const QString &pulled, const std::function<void(QList<ProviderData> &)> &edit);

    QTemporaryDir m_dir;
    QStringList m_outputs; // every stdout/stderr, for the secrets test
    QStringList m_files;   // every file provtree wrote
    int m_files_made = 0;
};

void tst_PlacementLive::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(LiveCloud::get().hasKeystone());
}

void tst_PlacementLive::cleanupTestCase() {}

Run tst_PlacementLive::provtree(const QStringList &arguments, const QProcessEnvironment &extra)
{
    const LiveCloud &cloud = LiveCloud::get();
    QProcessEnvironment env = LiveCloud::cleanEnvironment();
    env.insert(QStringLiteral("OS_CLIENT_CONFIG_FILE"), cloud.cloudsYaml());
    env.insert(QStringLiteral("OS_CLIENT_SECURE_FILE"), cloud.secureYaml());
    // Debug logging on: the log lines are outputs too, and must hold no secret either.
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("provtree.*.debug=true"));
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    const CliRun run = provtreeRun(arguments, {.environment = env,
                                               .workingDirectory = m_dir.path(),
                                               .timeoutMs = 120000, // a push of many calls, under load
                                               .outputs = &m_outputs});
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

QJsonObject tst_PlacementLive::api(const QByteArray &method, const QString &path, const QJsonValue &body,
                                   int expected)
{
    const LiveAnswer answer = LiveCloud::get().placement(method, path, body);
    if (answer.status != expected)
        qWarning("%s %s: %d %s", method.constData(), qPrintable(path), answer.status, answer.raw.constData());
    [&] { QCOMPARE(answer.status, expected); }();
    return answer.body.object();
}

qint64 tst_PlacementLive::generationOf(const QString &uuid)
{
    return api("GET", QStringLiteral("/resource_providers/") + uuid).value(QStringLiteral("generation")).toInteger();
}

ApiTree tst_PlacementLive::makeTree()
{
    ApiTree t;
    t.root = newUuid();
    t.numa = newUuid();
    t.gpu = newUuid();
    t.rootName = uniqueName("live-cn-");
    t.numaName = t.rootName + QStringLiteral("_numa0");
    t.gpuName = t.rootName + QStringLiteral("_gpu0");
    t.aggregate = newUuid();
    t.customTrait = QStringLiteral("CUSTOM_LIVE_") + t.root.left(8).toUpper();

    const auto create = [&](const QString &uuid, const QString &name, const QString &parent) {
        QJsonObject body{{QStringLiteral("uuid"), uuid}, {QStringLiteral("name"), name}};
        if (!parent.isEmpty())
            body.insert(QStringLiteral("parent_provider_uuid"), parent);
        (void)api("POST", QStringLiteral("/resource_providers"), body);
    };
    create(t.root, t.rootName, {});
    create(t.numa, t.numaName, t.root);
    create(t.gpu, t.gpuName, t.root);
    (void)api("PUT", QStringLiteral("/traits/") + t.customTrait, {}, 201);
    (void)api("PUT", QStringLiteral("/resource_providers/%1/inventories").arg(t.root),
              QJsonObject{{QStringLiteral("resource_provider_generation"), 0},
                          {QStringLiteral("inventories"),
                           QJsonObject{{QStringLiteral("DISK_GB"), inventory(1000, 1.0, 10)}}}});
    (void)api("PUT", QStringLiteral("/resource_providers/%1/traits").arg(t.root),
              QJsonObject{{QStringLiteral("resource_provider_generation"), 1},
                          {QStringLiteral("traits"), QJsonArray{QStringLiteral("COMPUTE_NODE"), t.customTrait}}});
    (void)api("PUT", QStringLiteral("/resource_providers/%1/aggregates").arg(t.root),
              QJsonObject{{QStringLiteral("resource_provider_generation"), 2},
                          {QStringLiteral("aggregates"), QJsonArray{t.aggregate}}});
    QJsonObject numaInventory{{QStringLiteral("VCPU"), inventory(16, 4.0)},
                              {QStringLiteral("MEMORY_MB"), inventory(65536, 1.5, 512)}};
    (void)api("PUT", QStringLiteral("/resource_providers/%1/inventories").arg(t.numa),
              QJsonObject{{QStringLiteral("resource_provider_generation"), 0},
                          {QStringLiteral("inventories"), numaInventory}});
    (void)api("PUT", QStringLiteral("/resource_providers/%1/inventories").arg(t.gpu),
              QJsonObject{{QStringLiteral("resource_provider_generation"), 0},
                          {QStringLiteral("inventories"), QJsonObject{{QStringLiteral("VGPU"), inventory(4)}}}});
    // An allocation, so that usages are not all zero.
    const QString consumer = newUuid();
    const LiveCloud &cloud = LiveCloud::get();
    (void)api("PUT", QStringLiteral("/allocations/") + consumer,
              QJsonObject{{QStringLiteral("allocations"),
                           QJsonObject{{t.numa, QJsonObject{{QStringLiteral("resources"),
                                                             QJsonObject{{QStringLiteral("VCPU"), 6},
                                                                         {QStringLiteral("MEMORY_MB"), 4096}}}}}}},
                          {QStringLiteral("project_id"), cloud.admin().projectId},
                          {QStringLiteral("user_id"), cloud.admin().userId},
                          {QStringLiteral("consumer_generation"), QJsonValue::Null},
                          {QStringLiteral("consumer_type"), QStringLiteral("INSTANCE")}},
              204);
    return t;
}

QString tst_PlacementLive::pullTree(const QString &name)
{
    const QString path = m_dir.filePath(QStringLiteral("pulled-%1.json").arg(++m_files_made));
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--os-cloud"), LiveCloud::adminCloud(),
                              QStringLiteral("--tree"), name, QStringLiteral("-o"), path});
    if (run.exitCode != 0)
        qWarning("%s", qPrintable(run.err));
    m_files << path;
    return run.exitCode == 0 ? path : QString();
}

QString tst_PlacementLive::patchOf(const QString &pulled, const std::function<void(QList<ProviderData> &)> &edit)
{
    const Result<SnapshotDocument> document = readSnapshotDocumentFile(pulled);
    if (!document.ok())
        return {};
    QList<ProviderData> mine = document.value().providers;
    edit(mine);
    const QString edited = m_dir.filePath(QStringLiteral("edited-%1.json").arg(++m_files_made));
    if (!saveSnapshot(mine, edited).ok())
        return {};
    const QString patch = m_dir.filePath(QStringLiteral("patch-%1.json").arg(++m_files_made));
    const Run diff = provtree({QStringLiteral("diff"), pulled, edited, QStringLiteral("--json")});
    QFile file(patch);
    if (diff.exitCode > 1 || !file.open(QIODevice::WriteOnly) || file.write(diff.out.toUtf8()) < 0)
        return {};
    return patch;
}

ProviderData *find(QList<ProviderData> &records, const QString &uuid)
{
    for (ProviderData &record : records) {
        if (record.uuid == uuid)
            return &record;
    }
    return nullptr;
}

} // namespace

void tst_PlacementLive::pullsATreeCreatedThroughTheApi()
{
    const ApiTree t = makeTree();
    QVERIFY2(!QTest::currentTestFailed(), "the tree could not be made through the API");
    const QString path = pullTree(t.numaName); // any provider names its whole tree
    QVERIFY(!path.isEmpty());
    const Result<SnapshotDocument> document = readSnapshotDocumentFile(path);
    QVERIFY(document.ok());
    const QList<ProviderData> &pulled = document.value().providers;
    QCOMPARE(pulled.size(), 3);

    // Field by field against what the API answers now.
    for (const ProviderData &p : pulled) {
        const QJsonObject summary = api("GET", QStringLiteral("/resource_providers/") + p.uuid);
        QCOMPARE(p.name, summary.value(QStringLiteral("name")).toString());
        QCOMPARE(p.generation, summary.value(QStringLiteral("generation")).toInteger());
        QCOMPARE(p.parentUuid, summary.value(QStringLiteral("parent_provider_uuid")).toString());
        const QJsonObject inventories =
            api("GET", QStringLiteral("/resource_providers/%1/inventories").arg(p.uuid)).value(QStringLiteral("inventories")).toObject();
        QCOMPARE(p.inventories.keys(), inventories.keys());
        for (auto it = inventories.begin(); it != inventories.end(); ++it) {
            const InventoryRecord &record = p.inventories.value(it.key());
            const QJsonObject expected = it.value().toObject();
            QCOMPARE(record.total, expected.value(QStringLiteral("total")).toInteger());
            QCOMPARE(record.reserved, expected.value(QStringLiteral("reserved")).toInteger());
            QCOMPARE(record.minUnit, expected.value(QStringLiteral("min_unit")).toInteger());
            QCOMPARE(record.maxUnit, expected.value(QStringLiteral("max_unit")).toInteger());
            QCOMPARE(record.stepSize, expected.value(QStringLiteral("step_size")).toInteger());
            QCOMPARE(record.allocationRatio, expected.value(QStringLiteral("allocation_ratio")).toDouble());
        }
        const QJsonObject usages =
            api("GET", QStringLiteral("/resource_providers/%1/usages").arg(p.uuid)).value(QStringLiteral("usages")).toObject();
        for (auto it = usages.begin(); it != usages.end(); ++it)
            QCOMPARE(p.usages.value(it.key(), 0), it.value().toInteger()); // 0: not in the file
        QStringList traits;
        for (const QJsonValue &v : api("GET", QStringLiteral("/resource_providers/%1/traits").arg(p.uuid))
                                       .value(QStringLiteral("traits")).toArray())
            traits << v.toString();
        traits.sort();
        QCOMPARE(p.traits, traits);
        QStringList aggregates;
        for (const QJsonValue &v : api("GET", QStringLiteral("/resource_providers/%1/aggregates").arg(p.uuid))
                                       .value(QStringLiteral("aggregates")).toArray())
            aggregates << v.toString();
        aggregates.sort();
        QCOMPARE(p.aggregates, aggregates);
    }
    const ProviderData *numa = nullptr;
    for (const ProviderData &p : pulled)
        numa = p.uuid == t.numa ? &p : numa;
    QVERIFY(numa);
    QCOMPARE(numa->usages.value(QStringLiteral("VCPU")), 6);

    // The origin says where and when, never who.
    const SnapshotOrigin &origin = document.value().origin;
    QCOMPARE(origin.source, QStringLiteral("placement"));
    QCOMPARE(origin.cloud, LiveCloud::adminCloud());
    QCOMPARE(origin.endpoint, LiveCloud::get().placementUrl());
    QCOMPARE(origin.region, LiveCloud::get().region());
    QCOMPARE(origin.microversion, QStringLiteral("1.39"));
    QCOMPARE(origin.tree, t.numaName);
    QVERIFY(!origin.startedAt.isEmpty());
}

void tst_PlacementLive::pullsWithApplicationCredentialsAndDirectUrl()
{
    const ApiTree t = makeTree();
    QVERIFY2(!QTest::currentTestFailed(), "the tree could not be made through the API");
    const QString viaAppCred = m_dir.filePath(QStringLiteral("appcred.json"));
    Run run = provtree({QStringLiteral("pull"), QStringLiteral("--os-cloud"), LiveCloud::appCredentialCloud(),
                        QStringLiteral("--tree"), t.root, QStringLiteral("-o"), viaAppCred});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    m_files << viaAppCred;
    const auto records = readSnapshotFile(viaAppCred);
    QVERIFY(records.ok());
    QCOMPARE(records.value().size(), 3);

    // Without Keystone: Placement's URL and a token (noauth2 takes "admin").
    const LiveCloud &cloud = LiveCloud::get();
    const QString root = newUuid();
    QCOMPARE(cloud.placement("POST", QStringLiteral("/resource_providers"),
                             QJsonObject{{QStringLiteral("uuid"), root}, {QStringLiteral("name"), uniqueName("direct-")}},
                             LivePlacement::Noauth).status,
             200);
    const QString direct = m_dir.filePath(QStringLiteral("direct.json"));
    QProcessEnvironment token;
    token.insert(QStringLiteral("OS_TOKEN"), cloud.noauthToken());
    // A URL with user:password@ (as some proxies want) works, and the password stays out.
    QUrl withUser(cloud.noauthPlacementUrl());
    withUser.setUserInfo(QStringLiteral("someone:url-password-") + root.left(8));
    run = provtree({QStringLiteral("pull"), QStringLiteral("--url"), withUser.toString(), QStringLiteral("--tree"),
                    root, QStringLiteral("-o"), direct},
                   token);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto document = readSnapshotDocumentFile(direct);
    QVERIFY(document.ok());
    QCOMPARE(document.value().origin.endpoint, cloud.noauthPlacementUrl());
    QFile file(direct);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("url-password-"));
    QVERIFY(!run.err.contains(QStringLiteral("url-password-")));
}

void tst_PlacementLive::pushesEditsThatTheApiAndTheOpenstackCliRead()
{
    const ApiTree t = makeTree();
    QVERIFY2(!QTest::currentTestFailed(), "the tree could not be made through the API");
    const QString pulled = pullTree(t.rootName);
    QVERIFY(!pulled.isEmpty());
    const QString newChild = newUuid();
    const QString newName = t.rootName + QStringLiteral("_nic0");
    const QString patch = patchOf(pulled, [&](QList<ProviderData> &mine) {
        ProviderData *root = find(mine, t.root);
        root->inventories[QStringLiteral("DISK_GB")].total = 2000;
        root->traits.append(QStringLiteral("CUSTOM_PUSHED"));
        root->traits.sort();
        root->aggregates.clear();
        find(mine, t.gpu)->name = t.gpuName + QStringLiteral("-renamed");
        ProviderData nic;
        nic.uuid = newChild;
        nic.name = newName;
        nic.parentUuid = t.root;
        InventoryRecord bandwidth;
        bandwidth.total = 10000000;
        nic.inventories.insert(QStringLiteral("CUSTOM_LIVE_BW"), bandwidth);
        nic.traits = {QStringLiteral("CUSTOM_PHYSNET_LIVE")};
        mine.append(nic);
    });
    QVERIFY(!patch.isEmpty());
    const Run run = provtree({QStringLiteral("push"), QStringLiteral("--os-cloud"), LiveCloud::adminCloud(), patch});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("calls applied")), qPrintable(run.err));

    // Read back through the API.
    const QJsonObject disk = api("GET", QStringLiteral("/resource_providers/%1/inventories/DISK_GB").arg(t.root));
    QCOMPARE(disk.value(QStringLiteral("total")).toInteger(), 2000);
    QCOMPARE(disk.value(QStringLiteral("reserved")).toInteger(), 10); // the rest as it was
    const QJsonArray traits = api("GET", QStringLiteral("/resource_providers/%1/traits").arg(t.root))
                                  .value(QStringLiteral("traits")).toArray();
    QVERIFY(traits.contains(QStringLiteral("CUSTOM_PUSHED")));
    QVERIFY(traits.contains(t.customTrait));
    QCOMPARE(api("GET", QStringLiteral("/resource_providers/%1/aggregates").arg(t.root))
                 .value(QStringLiteral("aggregates")).toArray(),
             QJsonArray());
    QCOMPARE(api("GET", QStringLiteral("/resource_providers/") + t.gpu).value(QStringLiteral("name")).toString(),
             t.gpuName + QStringLiteral("-renamed"));
    const QJsonObject nic = api("GET", QStringLiteral("/resource_providers/") + newChild);
    QCOMPARE(nic.value(QStringLiteral("parent_provider_uuid")).toString(), t.root);

    // And through the real openstack CLI with osc-placement.
    const LiveRun inventories = LiveCloud::get().runOpenstack(
        {QStringLiteral("resource"), QStringLiteral("provider"), QStringLiteral("inventory"), QStringLiteral("list"),
         newChild, QStringLiteral("-f"), QStringLiteral("json")});
    QVERIFY2(inventories.exitCode == 0, inventories.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(inventories.out).array();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first()[QStringLiteral("resource_class")].toString(), QStringLiteral("CUSTOM_LIVE_BW"));
    QCOMPARE(rows.first()[QStringLiteral("total")].toInteger(), 10000000);
    const LiveRun nicTraits = LiveCloud::get().runOpenstack(
        {QStringLiteral("resource"), QStringLiteral("provider"), QStringLiteral("trait"), QStringLiteral("list"),
         newChild, QStringLiteral("-f"), QStringLiteral("value")});
    QVERIFY2(nicTraits.exitCode == 0, nicTraits.err.constData());
    QCOMPARE(nicTraits.out.trimmed(), QByteArray("CUSTOM_PHYSNET_LIVE"));

    // Pulling again gives exactly my edited state (generations aside), and pushing the
    // same patch again is refused: the providers moved on since it was made.
    const Run again = provtree({QStringLiteral("push"), QStringLiteral("--os-cloud"), LiveCloud::adminCloud(), patch});
    QCOMPARE(again.exitCode, 1);
}

void tst_PlacementLive::dryRunSendsNothing()
{
    const ApiTree t = makeTree();
    QVERIFY2(!QTest::currentTestFailed(), "the tree could not be made through the API");
    const QString pulled = pullTree(t.rootName);
    const QString patch = patchOf(pulled, [&](QList<ProviderData> &mine) {
        find(mine, t.numa)->inventories[QStringLiteral("VCPU")].total = 32;
    });
    const qint64 generation = generationOf(t.numa);
    const Run run = provtree(
        {QStringLiteral("push"), QStringLiteral("--os-cloud"), LiveCloud::adminCloud(), QStringLiteral("--dry-run"), patch});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("PUT /resource_providers/%1/inventories").arg(t.numa)), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("\"total\": 32")));
    QCOMPARE(generationOf(t.numa), generation);
    QCOMPARE(api("GET", QStringLiteral("/resource_providers/%1/inventories/VCPU").arg(t.numa))
                 .value(QStringLiteral("total")).toInteger(),
             16);
}

void tst_PlacementLive::aPushReadsBackTheTreesItCreated()
{
    // Through the backend interface, as the inspector uses it: a push that creates a new
    // tree reads it back, so that the new base holds it (and its generations).
    const LiveCloud &cloud = LiveCloud::get();
    PlacementConnection connection;
    connection.endpoint = cloud.noauthPlacementUrl();
    connection.token = Secret(cloud.noauthToken());
    PlacementSource source(connection);
    ProviderData root;
    root.uuid = newUuid();
    root.name = uniqueName("live-new-root-");
    InventoryRecord disk;
    disk.total = 100;
    root.inventories.insert(QStringLiteral("DISK_GB"), disk);
    ProviderData child;
    child.uuid = newUuid();
    child.name = root.name + QStringLiteral("_child");
    child.parentUuid = root.uuid;
    const std::unique_ptr<PushOperation> push(source.push(TreeDiff::compute({}, {root, child}, false), PushOptions{}));
    QSignalSpy finished(push.get(), &SourceOperation::finished);
    QVERIFY(finished.wait(60000));
    QVERIFY2(push->status().ok(), qPrintable(push->status().firstError().toString()));
    const PushOutcome &outcome = push->outcome();
    QVERIFY(outcome.sent);
    QCOMPARE(outcome.execution.applied, outcome.plan.calls.size());
    QStringList read;
    for (const ProviderData &p : outcome.now.providers)
        read << p.uuid;
    QVERIFY2(read.contains(root.uuid) && read.contains(child.uuid), "the new tree is in the read-back");
    for (const ProviderData &p : outcome.now.providers) {
        if (p.uuid == root.uuid) {
            QCOMPARE(p.inventories.value(QStringLiteral("DISK_GB")).total, 100);
            QCOMPARE(p.generation, 1); // created (0), inventory set (1)
        }
    }
}

void tst_PlacementLive::aConcurrentWriteIsAConflictThatOverwritesNothing()
{
    const ApiTree t = makeTree();
    QVERIFY2(!QTest::currentTestFailed(), "the tree could not be made through the API");
    const QString pulled = pullTree(t.rootName);
    const QString patch = patchOf(pulled, [&](QList<ProviderData> &mine) {
        find(mine, t.numa)->inventories[QStringLiteral("VCPU")].total = 64;
    });
    // Meanwhile someone (nova-compute, an operator) sets VCPU to 48.
    const qint64 generation = generationOf(t.numa);
    (void)api("PUT", QStringLiteral("/resource_providers/%1/inventories/VCPU").arg(t.numa),
              QJsonObject{{QStringLiteral("resource_provider_generation"), generation},
                          {QStringLiteral("total"), 48},
                          {QStringLiteral("allocation_ratio"), 4.0}});

    const Run run = provtree({QStringLiteral("push"), QStringLiteral("--os-cloud"), LiveCloud::adminCloud(), patch});
    QCOMPARE(run.exitCode, 1);
    // The three values of the field, side by side: pulled 16, mine 64, Placement now 48.
    const QRegularExpression row(QStringLiteral("inventories\\.VCPU: pulled \\{[^}]*\"total\":16[^}]*\\}, mine "
                                                "\\{[^}]*\"total\":64[^}]*\\}, Placement now \\{[^}]*\"total\":48"));
    QVERIFY2(row.match(run.err).hasMatch(), qPrintable(run.err));
    QVERIFY2(run.err.contains(t.numa), "names the provider");
    QVERIFY2(run.err.contains(QStringLiteral("nothing was sent")), qPrintable(run.err));
    QCOMPARE(api("GET", QStringLiteral("/resource_providers/%1/inventories/VCPU").arg(t.numa))
                 .value(QStringLiteral("total")).toInteger(),
             48);
}

void tst_PlacementLive::rebaseReappliesWhatPlacementDidNotChange()
{
    const ApiTree t = makeTree();
    QVERIFY2(!QTest::currentTestFailed(), "the tree could not be made through the API");
    const QString pulled = pullTree(t.rootName);
    const QString patch = patchOf(pulled, [&](QList<ProviderData> &mine) {
        ProviderData *numa = find(mine, t.numa);
        numa->inventories[QStringLiteral("VCPU")].total = 64;          // Placement changes it too
        numa->traits = {QStringLiteral("HW_NUMA_ROOT")};                // only I change it
        find(mine, t.gpu)->inventories[QStringLiteral("VGPU")].total = 8; // another provider
    });
    const qint64 generation = generationOf(t.numa);
    (void)api("PUT", QStringLiteral("/resource_providers/%1/inventories/VCPU").arg(t.numa),
              QJsonObject{{QStringLiteral("resource_provider_generation"), generation},
                          {QStringLiteral("total"), 48},
                          {QStringLiteral("allocation_ratio"), 4.0}});

    const Run run = provtree(
        {QStringLiteral("push"), QStringLiteral("--os-cloud"), LiveCloud::adminCloud(), QStringLiteral("--rebase"), patch});
    QCOMPARE(run.exitCode, 1); // one conflict remains, reported
    QVERIFY2(run.err.contains(QStringLiteral("inventories.VCPU")), qPrintable(run.err));
    QCOMPARE(api("GET", QStringLiteral("/resource_providers/%1/inventories/VCPU").arg(t.numa))
                 .value(QStringLiteral("total")).toInteger(),
             48); // Placement's value kept
    QCOMPARE(api("GET", QStringLiteral("/resource_providers/%1/traits").arg(t.numa)).value(QStringLiteral("traits")).toArray(),
             QJsonArray{QStringLiteral("HW_NUMA_ROOT")}); // mine re-applied
    QCOMPARE(api("GET", QStringLiteral("/resource_providers/%1/inventories/VGPU").arg(t.gpu))
                 .value(QStringLiteral("total")).toInteger(),
             8);
}

void tst_PlacementLive::theCoreRefusesWhatPlacementWouldRefuse_data()
{
    // Each row: an edit the core must refuse, and the same value sent straight to
    // Placement, which answers 400: a push never gets a 400 the core could have known.
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("max_unit 0") << "max_unit" << QJsonValue(0);
    QTest::newRow("step_size 0") << "step_size" << QJsonValue(0);
    QTest::newRow("min_unit 0") << "min_unit" << QJsonValue(0);
    QTest::newRow("total negative") << "total" << QJsonValue(-1);
    QTest::newRow("reserved above the column") << "reserved" << QJsonValue(qint64(2147483648LL));
    // Not here: allocation_ratio 0 and min_unit above max_unit, which Placement 8 takes
    // (the core takes them too, as tst_validation's agreement with Placement shows).
}

void tst_PlacementLive::theCoreRefusesWhatPlacementWouldRefuse()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    const ApiTree t = makeTree();
    QVERIFY2(!QTest::currentTestFailed(), "the tree could not be made through the API");
    const qint64 generation = generationOf(t.numa);

    // Placement refuses it with 400.
    QJsonObject record = inventory(16, 4.0);
    record.insert(field, value);
    if (field == QLatin1String("min_unit"))
        record.insert(QStringLiteral("max_unit"), 16);
    const LiveAnswer direct = LiveCloud::get().placement(
        "PUT", QStringLiteral("/resource_providers/%1/inventories/VCPU").arg(t.numa),
        QJsonObject{{QStringLiteral("resource_provider_generation"), generation}, {QStringLiteral("total"), record[QStringLiteral("total")]},
                    {QStringLiteral("reserved"), record[QStringLiteral("reserved")]},
                    {QStringLiteral("min_unit"), record.value(QStringLiteral("min_unit")).isUndefined() ? QJsonValue(1) : record[QStringLiteral("min_unit")]},
                    {QStringLiteral("max_unit"), record.value(QStringLiteral("max_unit")).isUndefined() ? QJsonValue(16) : record[QStringLiteral("max_unit")]},
                    {QStringLiteral("step_size"), record.value(QStringLiteral("step_size")).isUndefined() ? QJsonValue(1) : record[QStringLiteral("step_size")]},
                    {QStringLiteral("allocation_ratio"), record[QStringLiteral("allocation_ratio")]}});
    QCOMPARE(direct.status, 400);
    QCOMPARE(generationOf(t.numa), generation);

    // The same value in a patch: the push refuses it before sending anything.
    const QString pulled = pullTree(t.rootName);
    QString patchPath = patchOf(pulled, [&](QList<ProviderData> &mine) {
        InventoryRecord &vcpu = find(mine, t.numa)->inventories[QStringLiteral("VCPU")];
        vcpu.total = 17; // a valid edit whose new value the patch then replaces
        vcpu.maxUnit = 16;
    });
    QFile file(patchPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QJsonArray changed = document[QStringLiteral("changed_providers")].toArray();
    QJsonObject numa = changed.first().toObject();
    QJsonObject inventories = numa[QStringLiteral("inventories")].toObject();
    QJsonObject vcpu = inventories[QStringLiteral("VCPU")].toObject();
    QJsonObject fields = vcpu[QStringLiteral("changed")].toObject();
    const qint64 old = field == QLatin1String("total") ? 16 : field == QLatin1String("max_unit") ? 2147483647
                     : field == QLatin1String("allocation_ratio") ? 4 : field == QLatin1String("reserved") ? 0 : 1;
    fields.insert(field, QJsonObject{{QStringLiteral("old"), old}, {QStringLiteral("new"), value}});
    vcpu.insert(QStringLiteral("changed"), fields);
    inventories.insert(QStringLiteral("VCPU"), vcpu);
    numa.insert(QStringLiteral("inventories"), inventories);
    changed.replace(0, numa);
    document.insert(QStringLiteral("changed_providers"), changed);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(document).toJson());
    file.close();

    const Run run = provtree({QStringLiteral("push"), QStringLiteral("--os-cloud"), LiveCloud::adminCloud(), patchPath});
    QVERIFY2(run.exitCode == 1 || run.exitCode == 2, qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("Placement answered 400")), qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("calls applied")), "nothing was sent");
    QCOMPARE(generationOf(t.numa), generation);
}

void tst_PlacementLive::aProviderChangingDuringThePullIsReadConsistently()
{
    // One provider of a tree changes all through the pull: round i sets its VCPU total to i
    // (one generation), then its traits to [CUSTOM_ROUND_<i mod 10>] (the next). Any consistent state
    // of it has, at generation 2i - 1, total i and trait i - 1, at 2i total i and trait i. A pull that mixed answers of two generations breaks that.
    const LiveCloud &cloud = LiveCloud::get();
    const QString root = newUuid();
    const QString rootName = uniqueName("live-busy-");
    const auto post = [&](const QString &uuid, const QString &name, const QString &parent) {
        QJsonObject body{{QStringLiteral("uuid"), uuid}, {QStringLiteral("name"), name}};
        if (!parent.isEmpty())
            body.insert(QStringLiteral("parent_provider_uuid"), parent);
        return cloud.placement("POST", QStringLiteral("/resource_providers"), body, LivePlacement::Noauth).status;
    };
    QCOMPARE(post(root, rootName, {}), 200);
    for (int i = 0; i < 60; ++i) // siblings, so that the pull takes a while
        QCOMPARE(post(newUuid(), rootName + QStringLiteral("_c%1").arg(i), root), 200);
    const QString busy = newUuid();
    QCOMPARE(post(busy, rootName + QStringLiteral("_busy"), root), 200);
    for (int i = 0; i < 10; ++i) // round i uses CUSTOM_ROUND_<i mod 10>
        QCOMPARE(cloud.placement("PUT", QStringLiteral("/traits/CUSTOM_ROUND_%1").arg(i), {}, LivePlacement::Noauth).status / 100, 2);

    QProcess writer;
    writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    writer.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import json, sys, time, urllib.request\n"
                                 "url, uuid = sys.argv[1], sys.argv[2]\n"
                                 "def put(path, body):\n"
                                 "    r = urllib.request.Request(url + path, method='PUT', data=json.dumps(body).encode(),\n"
                                 "        headers={'X-Auth-Token': 'admin', 'OpenStack-API-Version': 'placement 1.39',\n"
                                 "                 'Content-Type': 'application/json'})\n"
                                 "    return json.load(urllib.request.urlopen(r))['resource_provider_generation']\n"
                                 "g = 0\n"
                                 "for i in range(1, 100):\n"
                                 "    g = put('/resource_providers/%s/inventories' % uuid, {'resource_provider_generation': g,\n"
                                 "        'inventories': {'VCPU': {'total': i}}})\n"
                                 "    g = put('/resource_providers/%s/traits' % uuid, {'resource_provider_generation': g,\n"
                                 "        'traits': ['CUSTOM_ROUND_%d' % (i % 10)]})\n"
                                 "    time.sleep(0.05)\n"),
                  cloud.noauthPlacementUrl(), busy});
    QVERIFY(writer.waitForStarted());
    QProcessEnvironment token;
    token.insert(QStringLiteral("OS_TOKEN"), cloud.noauthToken());
    int consistentPulls = 0;
    int refusedPulls = 0;
    int reread = 0;
    // waitForFinished(0) lets QProcess notice the writer's end (no event loop runs here).
    while (!writer.waitForFinished(0) && writer.state() != QProcess::NotRunning && consistentPulls + refusedPulls < 60) {
        const QString output = m_dir.filePath(QStringLiteral("busy-%1.json").arg(++m_files_made));
        const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--url"), cloud.noauthPlacementUrl(),
                                  QStringLiteral("--tree"), root, QStringLiteral("-o"), output},
                                 token);
        reread += run.err.count(QStringLiteral("changed during the pull; reading it again"));
        if (run.exitCode != 0) {
            // A provider that never holds still for a read is a clear refusal, never a mix.
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(run.err.contains(QStringLiteral("changed during each of")), qPrintable(run.err.right(400)));
            ++refusedPulls;
            continue;
        }
        const auto records = readSnapshotFile(output);
        QVERIFY(records.ok());
        bool found = false;
        for (const ProviderData &p : records.value()) {
            if (p.uuid != busy)
                continue;
            found = true;
            const qint64 g = p.generation;
            const qint64 total = p.inventories.value(QStringLiteral("VCPU")).totalOr0();
            const QString trait = p.traits.value(0);
            const qint64 round = (g + 1) / 2; // generations start at 0: round i ends at 2i
            QCOMPARE(total, round);
            QCOMPARE(trait, g <= 1 ? QString()
                                   : QStringLiteral("CUSTOM_ROUND_%1").arg((g % 2 == 0 ? round : round - 1) % 10));
        }
        QVERIFY(found);
        ++consistentPulls;
    }
    if (writer.state() != QProcess::NotRunning)
        QVERIFY(writer.waitForFinished(60000));
    QCOMPARE(writer.exitCode(), 0);
    QVERIFY(consistentPulls >= 1);
    QVERIFY2(reread >= 1, "the writes were meant to catch the pull mid-read");
    qInfo("%d pulls during the writes consistent, %d refused (the provider never held still); %d re-reads",
          consistentPulls, refusedPulls, reread);
}

// provtree candidates --live: the providers pulled from the live Placement, the same
// request asked of it, both answers compared. in_tree keeps the candidates to this test's
// tree, whatever the suites beside it do to the shared servers meanwhile.
void tst_PlacementLive::candidatesAskTheLivePlacementToo()
{
    const ApiTree t = makeTree();
    QVERIFY2(!QTest::currentTestFailed(), "the tree could not be made through the API");
    const QString fits = QStringLiteral("resources=VCPU:2&in_tree=%1").arg(t.root);
    Run run = provtree({QStringLiteral("candidates"), QStringLiteral("--live"), QStringLiteral("--os-cloud"),
                        LiveCloud::adminCloud(), QStringLiteral("--json"), fits});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QVERIFY2(json.value(QStringLiteral("placement_agrees")).toBool(), qPrintable(run.err));
    const QJsonArray ours = json.value(QStringLiteral("allocation_requests")).toArray();
    const QJsonArray theirs =
        json.value(QStringLiteral("placement")).toObject().value(QStringLiteral("allocation_requests")).toArray();
    QVERIFY(!ours.isEmpty());
    QCOMPARE(theirs.size(), ours.size());
    QVERIFY(run.out.contains(t.numa)); // the NUMA node gives the VCPU

    // More than the tree has: no candidate on either side, exit 1.
    const QString tooMuch = QStringLiteral("resources=VCPU:100000&in_tree=%1").arg(t.root);
    run = provtree({QStringLiteral("candidates"), QStringLiteral("--live"), QStringLiteral("--os-cloud"),
                    LiveCloud::adminCloud(), tooMuch});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains(QStringLiteral("the live Placement: 0 allocation requests, the same answer")),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("not enough VCPU")), qPrintable(run.out));
}

void tst_PlacementLive::aNonAdminIsToldWhichPolicy()
{
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--os-cloud"), LiveCloud::demoCloud(),
                              QStringLiteral("-o"), m_dir.filePath(QStringLiteral("demo.json"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("placement:resource_providers:list")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("403")), qPrintable(run.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("demo.json"))));
}

void tst_PlacementLive::aWrongPasswordIsUnauthorized()
{
    QProcessEnvironment wrong;
    const QString password = QStringLiteral("wrong-") + newUuid();
    wrong.insert(QStringLiteral("OS_PASSWORD"), password); // the variable wins over secure.yaml
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--os-cloud"), LiveCloud::adminCloud(),
                              QStringLiteral("-o"), m_dir.filePath(QStringLiteral("wrong.json"))},
                             wrong);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("refused the credentials")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("admin")), "names the user");
    QVERIFY2(!run.err.contains(password) && !run.out.contains(password), "never the password, not even a wrong one");
}

void tst_PlacementLive::aServerThatDiesMidPullIsAClearError()
{
    // A Placement of this test's own, to stop while provtree reads it.
    QTemporaryDir serverDir;
    QVERIFY(serverDir.isValid());
    const QString script = QStringLiteral(PROVTREE_LIVE_SCRIPT);
    const QString dir = serverDir.filePath(QStringLiteral("cloud"));
    QProcess start;
    start.start(script, {QStringLiteral("start"), dir, QStringLiteral("--noauth-only")});
    QVERIFY(start.waitForFinished(120000));
    QVERIFY2(start.exitCode() == 0, start.readAllStandardError().constData());
    const auto stop = qScopeGuard([&] { QProcess::execute(script, {QStringLiteral("stop"), dir}); });
    QFile json(dir + QStringLiteral("/cloud.json"));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QString url = QJsonDocument::fromJson(json.readAll())[QStringLiteral("noauth_placement_url")].toString();

    // Enough providers that reading them takes a while (four requests each).
    QProcess fill;
    fill.start(QStringLiteral("/usr/bin/python3"),
               {QStringLiteral("-c"),
                QStringLiteral("import json, sys, urllib.request\n"
                               "for i in range(300):\n"
                               "    request = urllib.request.Request(sys.argv[1] + '/resource_providers', method='POST',\n"
                               "        data=json.dumps({'name': 'mid-%d' % i}).encode(), headers={'X-Auth-Token': 'admin',\n"
                               "        'OpenStack-API-Version': 'placement 1.39', 'Content-Type': 'application/json'})\n"
                               "    print(urllib.request.urlopen(request).status)\n"),
                url});
    QVERIFY(fill.waitForFinished(120000));
    const QList<QByteArray> statuses = fill.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(statuses.size(), 300);
    QVERIFY2(statuses.count("200") == 300, statuses.first().constData());

    // An older snapshot at the output path must survive the failed pull.
    const QString output = m_dir.filePath(QStringLiteral("mid-pull.json"));
    {
        QFile old(output);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write(serialiseSnapshot({}));
    }
    const QByteArray before = serialiseSnapshot({});

    QProcess pull;
    QProcessEnvironment env = LiveCloud::cleanEnvironment();
    env.insert(QStringLiteral("OS_TOKEN"), QStringLiteral("admin"));
    pull.setProcessEnvironment(env);
    pull.setReadChannel(QProcess::StandardError);
    pull.start(QStringLiteral(PROVTREE_CLI), {QStringLiteral("pull"), QStringLiteral("--url"), url, QStringLiteral("-o"), output});
    // The list is read (progress "pull: 0/300"), the providers are being read: stop it now.
    QByteArray err;
    while (!err.contains("pull: 0/") && pull.waitForReadyRead(30000))
        err += pull.readAllStandardError();
    QVERIFY2(err.contains("pull: 0/"), err.constData());
    QCOMPARE(QProcess::execute(script, {QStringLiteral("stop"), dir}), 0);
    QVERIFY(pull.waitForFinished(120000));
    err += pull.readAllStandardError();
    QCOMPARE(pull.exitCode(), 2);
    QVERIFY2(err.contains("cannot reach Placement"), err.constData());
    QVERIFY2(!err.contains(" written to "), err.constData());
    QFile after(output);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), before);
    m_outputs << QString::fromUtf8(err);
}

void tst_PlacementLive::noSecretInAnyOutputOrFile()
{
    // Runs last (Qt Test keeps declaration order): every output of this suite so far, with
    // debug logging on, and every snapshot file written.
    QVERIFY(m_outputs.size() > 10);
    const QStringList secrets = LiveCloud::get().secretMarkers();
    const QStringList texts = testing::outputsAndFiles(m_outputs, m_files);
    for (const QString &secret : std::as_const(secrets))
        QVERIFY(secret.size() >= 8);
    QVERIFY2(testing::firstSecretIn(texts, secrets).isEmpty(), "a secret reached an output or a file");
    // Keystone's fernet tokens (the ones provtree obtained are not known here) all begin
    // with the fernet version byte and timestamp, base64url: "gAAAAA".
    static const QRegularExpression token(QStringLiteral("gAAAAA[A-Za-z0-9_=-]{20,}"));
    for (const QString &text : std::as_const(texts))
        QVERIFY2(!token.match(text).hasMatch(), "a token reached an output or a file");
}

QTEST_GUILESS_MAIN(tst_PlacementLive)
#include "tst_placementlive.moc"
