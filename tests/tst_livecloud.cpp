// The live test harness itself (tests/live/cloud, support/livecloud.h): the servers the
// live_cloud fixture started are a real Keystone and real Placements configured as the
// live tests expect, and cloud.json, clouds.yaml and secure.yaml describe them.
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QUuid>

#include "support/livecloud.h"
#include "support/testfiles.h"

using provtree::testing::LiveAnswer;
using provtree::testing::LiveCloud;
using provtree::testing::LivePlacement;
using provtree::testing::LiveRun;
using provtree::testing::LiveUser;

namespace {

// The endpoints of service type `type` in a token's catalog, as "interface region url".
QStringList catalogEndpoints(const QJsonDocument &token, const QString &type)
{
    QStringList endpoints;
    const QJsonArray catalog = token[QStringLiteral("token")][QStringLiteral("catalog")].toArray();
    for (const QJsonValue &service : catalog) {
        if (service[QStringLiteral("type")].toString() != type)
            continue;
        for (const QJsonValue &endpoint : service[QStringLiteral("endpoints")].toArray())
            endpoints.append(QStringList{endpoint[QStringLiteral("interface")].toString(),
                                         endpoint[QStringLiteral("region_id")].toString(),
                                         endpoint[QStringLiteral("url")].toString()}
                                 .join(QLatin1Char(' ')));
    }
    endpoints.sort();
    return endpoints;
}

QString firstErrorDetail(const LiveAnswer &answer)
{
    return answer.body[QStringLiteral("errors")][0][QStringLiteral("detail")].toString();
}

// A provider name no other test uses.
QString uniqueName(const char *prefix)
{
    return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

class tst_LiveCloud : public QObject
{
    Q_OBJECT

private slots:
    void adminPasswordAuthenticationHasPlacementInTheCatalog();
    void wrongPasswordIsRefused();
    void adminListsResourceProviders();
    void demoIsForbiddenByPlacementPolicy();
    void applicationCredentialAuthenticatesAsAdmin();
    void noauthPlacementAcceptsTokenAdmin();
    void noauthPlacementHasADatabaseOfItsOwn();
    void openstackCliSeesWhatTheApiCreated();
    void cloudsYamlAndSecureYamlWorkTogether_data();
    void cloudsYamlAndSecureYamlWorkTogether();
    void secretsAreOnlyInTheSecretFiles();
    void cleanup();

private:
    // Providers a test created, deleted again after it (the servers are shared).
    QList<std::pair<LivePlacement, QString>> m_created;
    QString createProvider(const QString &name, LivePlacement server);
};

QString tst_LiveCloud::createProvider(const QString &name, LivePlacement server)
{
    const LiveAnswer answer = LiveCloud::get().placement(
        "POST", QStringLiteral("/resource_providers"), QJsonObject{{QStringLiteral("name"), name}}, server);
    if (answer.status != 200)
        return {};
    const QString uuid = answer.body[QStringLiteral("uuid")].toString();
    m_created.append({server, uuid});
    return uuid;
}

void tst_LiveCloud::cleanup()
{
    for (const auto &[server, uuid] : std::as_const(m_created)) {
        const LiveAnswer answer =
            LiveCloud::get().placement("DELETE", QStringLiteral("/resource_providers/") + uuid, {}, server);
        QCOMPARE(answer.status, 204);
    }
    m_created.clear();
}

void tst_LiveCloud::adminPasswordAuthenticationHasPlacementInTheCatalog()
{
    const LiveCloud &cloud = LiveCloud::get();
    const LiveAnswer answer = cloud.authenticate(cloud.admin());
    QCOMPARE(answer.status, 201);
    QVERIFY(!answer.subjectToken.isEmpty());
    QCOMPARE(answer.body[QStringLiteral("token")][QStringLiteral("project")][QStringLiteral("name")].toString(),
             QStringLiteral("admin"));
    const QString url = cloud.placementUrl();
    QCOMPARE(catalogEndpoints(answer.body, QStringLiteral("placement")),
             (QStringList{QStringLiteral("admin RegionOne ") + url, QStringLiteral("internal RegionOne ") + url,
                          QStringLiteral("public RegionOne ") + url}));
    QCOMPARE(cloud.region(), QStringLiteral("RegionOne"));
    QVERIFY(catalogEndpoints(answer.body, QStringLiteral("identity"))
                .contains(QStringLiteral("public RegionOne ") + cloud.keystoneUrl()));
}

void tst_LiveCloud::wrongPasswordIsRefused()
{
    const LiveCloud &cloud = LiveCloud::get();
    LiveUser wrong = cloud.admin();
    wrong.password += QLatin1Char('x');
    const LiveAnswer answer = cloud.authenticate(wrong);
    QCOMPARE(answer.status, 401);
    QVERIFY(answer.subjectToken.isEmpty());
}

void tst_LiveCloud::adminListsResourceProviders()
{
    const QString name = uniqueName("livecloud-admin-");
    const QString uuid = createProvider(name, LivePlacement::Keystone);
    QVERIFY(!uuid.isEmpty());
    const LiveAnswer answer = LiveCloud::get().placement("GET", QStringLiteral("/resource_providers?name=") + name);
    QCOMPARE(answer.status, 200);
    const QJsonArray providers = answer.body[QStringLiteral("resource_providers")].toArray();
    QCOMPARE(providers.size(), 1);
    QCOMPARE(providers[0][QStringLiteral("uuid")].toString(), uuid);
}

void tst_LiveCloud::demoIsForbiddenByPlacementPolicy()
{
    const LiveCloud &cloud = LiveCloud::get();
    const LiveAnswer token = cloud.authenticate(cloud.demo());
    QCOMPARE(token.status, 201);
    const QJsonArray roles = token.body[QStringLiteral("token")][QStringLiteral("roles")].toArray();
    QStringList roleNames;
    for (const QJsonValue &role : roles)
        roleNames.append(role[QStringLiteral("name")].toString());
    roleNames.sort();
    // member implies reader (bootstrap's implied roles); no admin.
    QCOMPARE(roleNames, (QStringList{QStringLiteral("member"), QStringLiteral("reader")}));

    const LiveAnswer answer =
        cloud.placementWithToken(token.subjectToken, "GET", QStringLiteral("/resource_providers"));
    QCOMPARE(answer.status, 403);
    QVERIFY2(firstErrorDetail(answer).contains(QLatin1String("placement:resource_providers:list")),
             answer.raw.constData());
}

void tst_LiveCloud::applicationCredentialAuthenticatesAsAdmin()
{
    const LiveCloud &cloud = LiveCloud::get();
    const LiveAnswer answer = cloud.authenticate(cloud.appCredential());
    QCOMPARE(answer.status, 201);
    const QJsonValue token = answer.body[QStringLiteral("token")];
    QCOMPARE(token[QStringLiteral("methods")].toArray(), QJsonArray{QStringLiteral("application_credential")});
    QCOMPARE(token[QStringLiteral("user")][QStringLiteral("id")].toString(), cloud.admin().userId);
    QCOMPARE(token[QStringLiteral("project")][QStringLiteral("id")].toString(), cloud.admin().projectId);
    QCOMPARE(cloud.placementWithToken(answer.subjectToken, "GET", QStringLiteral("/resource_providers")).status,
             200);

    auto wrong = cloud.appCredential();
    wrong.secret += QLatin1Char('x');
    QCOMPARE(cloud.authenticate(wrong).status, 401);
}

void tst_LiveCloud::noauthPlacementAcceptsTokenAdmin()
{
    const LiveCloud &cloud = LiveCloud::get();
    QCOMPARE(cloud.noauthToken(), QStringLiteral("admin"));
    const LiveAnswer list =
        cloud.placement("GET", QStringLiteral("/resource_providers"), {}, LivePlacement::Noauth);
    QCOMPARE(list.status, 200);
    QVERIFY(list.body[QStringLiteral("resource_providers")].isArray());
    // The version document names the microversion the helpers speak as the newest.
    const LiveAnswer versions = cloud.placement("GET", QStringLiteral("/"), {}, LivePlacement::Noauth);
    QCOMPARE(versions.status, 200);
    QCOMPARE(versions.body[QStringLiteral("versions")][0][QStringLiteral("max_version")].toString(),
             QLatin1String(LiveCloud::kPlacementMicroversion));
}

void tst_LiveCloud::noauthPlacementHasADatabaseOfItsOwn()
{
    const LiveCloud &cloud = LiveCloud::get();
    const QString name = uniqueName("livecloud-noauth-");
    QVERIFY(!createProvider(name, LivePlacement::Noauth).isEmpty());
    const QString query = QStringLiteral("/resource_providers?name=") + name;
    QCOMPARE(cloud.placement("GET", query, {}, LivePlacement::Noauth)
                 .body[QStringLiteral("resource_providers")]
                 .toArray()
                 .size(),
             1);
    QCOMPARE(cloud.placement("GET", query).body[QStringLiteral("resource_providers")].toArray().size(), 0);
}

void tst_LiveCloud::openstackCliSeesWhatTheApiCreated()
{
    const LiveCloud &cloud = LiveCloud::get();
    const QString name = uniqueName("livecloud-cli-");
    const QString uuid = createProvider(name, LivePlacement::Keystone);
    QVERIFY(!uuid.isEmpty());

    const LiveRun admin = cloud.runOpenstack({QStringLiteral("resource"), QStringLiteral("provider"),
                                              QStringLiteral("show"), uuid, QStringLiteral("-f"),
                                              QStringLiteral("json")});
    QVERIFY2(admin.exitCode == 0, admin.err.constData());
    const QJsonDocument shown = QJsonDocument::fromJson(admin.out);
    QCOMPARE(shown[QStringLiteral("name")].toString(), name);
    QCOMPARE(shown[QStringLiteral("uuid")].toString(), uuid);

    const LiveRun list = cloud.runOpenstack({QStringLiteral("resource"), QStringLiteral("provider"),
                                             QStringLiteral("list"), QStringLiteral("--name"), name,
                                             QStringLiteral("-f"), QStringLiteral("value"), QStringLiteral("-c"),
                                             QStringLiteral("uuid")});
    QVERIFY2(list.exitCode == 0, list.err.constData());
    QCOMPARE(list.out.trimmed(), uuid.toUtf8());

    const LiveRun demo = cloud.runOpenstack(cloud.demo(), {QStringLiteral("resource"),
                                                           QStringLiteral("provider"), QStringLiteral("list")});
    QCOMPARE(demo.exitCode, 1);
    QVERIFY2(demo.err.contains("placement:resource_providers:list"), demo.err.constData());
}

void tst_LiveCloud::cloudsYamlAndSecureYamlWorkTogether_data()
{
    QTest::addColumn<QString>("cloudName");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("stderrHas");
    QTest::newRow("password") << LiveCloud::adminCloud() << 0 << QByteArray();
    QTest::newRow("application credential") << LiveCloud::appCredentialCloud() << 0 << QByteArray();
    QTest::newRow("member only") << LiveCloud::demoCloud() << 1 << QByteArray("HTTP 403");
}

void tst_LiveCloud::cloudsYamlAndSecureYamlWorkTogether()
{
    QFETCH(QString, cloudName);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, stderrHas);
    const LiveCloud &cloud = LiveCloud::get();
    // As openstacksdk reads them: the cloud from clouds.yaml, its secrets from secure.yaml.
    QProcessEnvironment environment = LiveCloud::cleanEnvironment();
    environment.insert(QStringLiteral("OS_CLIENT_CONFIG_FILE"), cloud.cloudsYaml());
    environment.insert(QStringLiteral("OS_CLIENT_SECURE_FILE"), cloud.secureYaml());
    environment.insert(QStringLiteral("OS_CLOUD"), cloudName);
    environment.insert(QStringLiteral("OS_PLACEMENT_API_VERSION"), QLatin1String(LiveCloud::kPlacementMicroversion));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral("/usr/bin/openstack"),
                  {QStringLiteral("resource"), QStringLiteral("provider"), QStringLiteral("list")});
    QVERIFY(process.waitForFinished(120000));
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitCode() == exitCode, err.constData());
    QVERIFY2(err.contains(stderrHas), err.constData());
}

void tst_LiveCloud::secretsAreOnlyInTheSecretFiles()
{
    const LiveCloud &cloud = LiveCloud::get();
    const QByteArray clouds = provtree::testing::readAll(cloud.cloudsYaml());
    const QByteArray secure = provtree::testing::readAll(cloud.secureYaml());
    QVERIFY(clouds.contains("provtree-appcred"));
    // The random part of the admin's, demo's and the credential's secrets: in secure.yaml,
    // never in clouds.yaml (the placement service user's is in neither).
    const QStringList markers = cloud.secretMarkers();
    QCOMPARE(markers.size(), 4);
    for (const QString &marker : markers) {
        QVERIFY(!clouds.contains(marker.toUtf8()));
        const bool isServiceUser = cloud.placementServiceUser().password.contains(marker);
        QCOMPARE(secure.contains(marker.toUtf8()), !isServiceUser);
    }
    // Passwords carry characters that need escaping in JSON, YAML and URLs, as real ones do.
    for (const QChar c : {QLatin1Char('"'), QLatin1Char('\\'), QLatin1Char('%'), QLatin1Char('#'), QLatin1Char(' ')})
        QVERIFY(cloud.admin().password.contains(c));
    QVERIFY(cloud.admin().password.contains(QChar(0xe9)));
}

QTEST_GUILESS_MAIN(tst_LiveCloud)
#include "tst_livecloud.moc"
