#include "livecloud.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QUrl>

#include <utility>

namespace provtree::testing {

namespace {

constexpr int kRequestTimeoutMs = 60000;
constexpr int kOpenstackTimeoutMs = 120000;

[[noreturn]] void failRun(const QString &message)
{
    qFatal("live cloud: %s", qPrintable(message));
}

// The field `key` of `object`, which must be a non-empty string.
QString requiredString(const QJsonObject &object, const QString &key, const QString &where)
{
    const QString value = object.value(key).toString();
    if (value.isEmpty())
        failRun(QStringLiteral("%1 has no field %2: was it written by tests/live/cloud start?")
                    .arg(where, key));
    return value;
}

LiveUser readUser(const QJsonObject &cloud, const QString &key, const QString &where)
{
    const QJsonObject user = cloud.value(key).toObject();
    const QString at = where + QLatin1Char('.') + key;
    return LiveUser{requiredString(user, QStringLiteral("username"), at),
                    requiredString(user, QStringLiteral("password"), at),
                    requiredString(user, QStringLiteral("project_name"), at),
                    requiredString(user, QStringLiteral("user_domain_name"), at),
                    requiredString(user, QStringLiteral("project_domain_name"), at),
                    requiredString(user, QStringLiteral("user_id"), at),
                    requiredString(user, QStringLiteral("project_id"), at)};
}

LiveAnswer send(const QByteArray &method, const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                const QJsonValue &body)
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy); // the servers are on 127.0.0.1
    QNetworkRequest request(url);
    request.setTransferTimeout(kRequestTimeoutMs);
    request.setRawHeader("Accept", "application/json");
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QByteArray payload;
    if (body.isObject() || body.isArray()) {
        payload = body.isObject() ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    }
    QNetworkReply *reply = manager.sendCustomRequest(request, method, payload);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();

    LiveAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.raw = reply->readAll();
    answer.body = QJsonDocument::fromJson(answer.raw);
    answer.subjectToken = reply->rawHeader("X-Subject-Token");
    if (answer.status == 0)
        answer.error = reply->errorString();
    return answer; // the manager deletes the reply, its child

}

QJsonObject passwordAuthBody(const LiveUser &user)
{
    const QJsonObject identity{
        {QStringLiteral("methods"), QJsonArray{QStringLiteral("password")}},
        {QStringLiteral("password"),
         QJsonObject{{QStringLiteral("user"),
                      QJsonObject{{QStringLiteral("name"), user.username},
                                  {QStringLiteral("domain"), QJsonObject{{QStringLiteral("name"), user.userDomainName}}},
                                  {QStringLiteral("password"), user.password}}}}}};
    const QJsonObject scope{
        {QStringLiteral("project"),
         QJsonObject{{QStringLiteral("name"), user.projectName},
                     {QStringLiteral("domain"), QJsonObject{{QStringLiteral("name"), user.projectDomainName}}}}}};
    return QJsonObject{{QStringLiteral("auth"),
                        QJsonObject{{QStringLiteral("identity"), identity}, {QStringLiteral("scope"), scope}}}};
}

} // namespace

const LiveCloud &LiveCloud::get()
{
    static const LiveCloud cloud = load();
    return cloud;
}

LiveCloud LiveCloud::load()
{
    const QString directory = qEnvironmentVariable("PROVTREE_LIVE_CLOUD");
    if (directory.isEmpty())
        failRun(QStringLiteral("PROVTREE_LIVE_CLOUD is not set: run this suite through ctest (its "
                               "live_cloud fixture starts the servers), or start them with "
                               "tests/live/cloud start DIR and set PROVTREE_LIVE_CLOUD=DIR"));
    const QString path = directory + QStringLiteral("/cloud.json");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        failRun(QStringLiteral("cannot read %1 (%2): did live_cloud_start fail? Its output says why")
                    .arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        failRun(QStringLiteral("%1 is not a JSON object (%2)").arg(path, parseError.errorString()));
    const QJsonObject json = document.object();
    if (json.value(QStringLiteral("schema")).toInt() != 1)
        failRun(QStringLiteral("%1 has another schema than 1").arg(path));

    LiveCloud cloud;
    cloud.m_mode = requiredString(json, QStringLiteral("mode"), path);
    cloud.m_directory = directory;
    cloud.m_region = requiredString(json, QStringLiteral("region"), path);
    cloud.m_noauthPlacementUrl = requiredString(json, QStringLiteral("noauth_placement_url"), path);
    cloud.m_noauthToken = requiredString(json, QStringLiteral("noauth_token"), path);
    cloud.m_noauthPlacementDatabase = requiredString(json, QStringLiteral("noauth_placement_database"), path);
    for (const auto &[key, server] : {std::pair{QStringLiteral("mariadb"), &cloud.m_mariadb},
                                      std::pair{QStringLiteral("postgresql"), &cloud.m_postgresql}}) {
        if (!json.value(key).isObject())
            continue;
        const QJsonObject database = json.value(key).toObject();
        const QJsonObject reader = database.value(QStringLiteral("reader")).toObject();
        const QString at = path + QLatin1Char('.') + key;
        *server = LiveDatabase{requiredString(database, QStringLiteral("reader_url"), at),
                               requiredString(database, QStringLiteral("reader_url_without_password"), at),
                               requiredString(reader, QStringLiteral("username"), at + QStringLiteral(".reader")),
                               requiredString(reader, QStringLiteral("password"), at + QStringLiteral(".reader")),
                               requiredString(database, QStringLiteral("host"), at),
                               database.value(QStringLiteral("port")).toInt(),
                               requiredString(database, QStringLiteral("socket"), at),
                               requiredString(json, key + QStringLiteral("_placement_url"), path)};
    }
    if (!cloud.hasKeystone()) {
        for (const QJsonValue &marker : json.value(QStringLiteral("secret_markers")).toArray())
            cloud.m_secretMarkers.append(marker.toString());
        return cloud;
    }
    cloud.m_keystoneUrl = requiredString(json, QStringLiteral("keystone_url"), path);
    cloud.m_keystoneRootUrl = requiredString(json, QStringLiteral("keystone_root_url"), path);
    cloud.m_placementUrl = requiredString(json, QStringLiteral("placement_url"), path);
    cloud.m_admin = readUser(json, QStringLiteral("admin"), path);
    cloud.m_demo = readUser(json, QStringLiteral("demo"), path);
    cloud.m_placementServiceUser = readUser(json, QStringLiteral("placement_service_user"), path);
    const QJsonObject credential = json.value(QStringLiteral("appcred")).toObject();
    const QString at = path + QStringLiteral(".appcred");
    cloud.m_appCredential = LiveAppCredential{requiredString(credential, QStringLiteral("id"), at),
                                              requiredString(credential, QStringLiteral("secret"), at),
                                              requiredString(credential, QStringLiteral("name"), at),
                                              requiredString(credential, QStringLiteral("user_id"), at),
                                              requiredString(credential, QStringLiteral("project_id"), at)};
    cloud.m_cloudsYaml = requiredString(json, QStringLiteral("clouds_yaml"), path);
    cloud.m_secureYaml = requiredString(json, QStringLiteral("secure_yaml"), path);
    const QJsonArray markers = json.value(QStringLiteral("secret_markers")).toArray();
    for (const QJsonValue &marker : markers)
        cloud.m_secretMarkers.append(marker.toString());
    if (cloud.m_secretMarkers.size() != 4 || cloud.m_secretMarkers.contains(QString()))
        failRun(QStringLiteral("%1: secret_markers should hold 4 strings").arg(path));
    return cloud;
}

bool LiveCloud::hasDatabase(LivePlacement server) const
{
    switch (server) {
    case LivePlacement::Mariadb:
        return !m_mariadb.readerUrl.isEmpty();
    case LivePlacement::Postgresql:
        return !m_postgresql.readerUrl.isEmpty();
    case LivePlacement::Keystone:
    case LivePlacement::Noauth:
        break;
    }
    return false;
}

const LiveDatabase &LiveCloud::database(LivePlacement server) const
{
    if (!hasDatabase(server))
        failRun(QStringLiteral("database() needs the live cloud in %1 started with --mariadb (MariaDB) or "
                               "--postgresql (PostgreSQL), and a Placement of one of them")
                    .arg(m_directory));
    return server == LivePlacement::Mariadb ? m_mariadb : m_postgresql;
}

void LiveCloud::requireKeystone(const char *what) const
{
    if (!hasKeystone())
        failRun(QStringLiteral("%1 needs Keystone, but the live cloud in %2 was started with "
                               "--noauth-only")
                    .arg(QLatin1String(what), m_directory));
}

const LiveUser &LiveCloud::admin() const
{
    requireKeystone("admin()");
    return m_admin;
}

const LiveUser &LiveCloud::demo() const
{
    requireKeystone("demo()");
    return m_demo;
}

const LiveUser &LiveCloud::placementServiceUser() const
{
    requireKeystone("placementServiceUser()");
    return m_placementServiceUser;
}

const LiveAppCredential &LiveCloud::appCredential() const
{
    requireKeystone("appCredential()");
    return m_appCredential;
}

const QString &LiveCloud::cloudsYaml() const
{
    requireKeystone("cloudsYaml()");
    return m_cloudsYaml;
}

const QString &LiveCloud::secureYaml() const
{
    requireKeystone("secureYaml()");
    return m_secureYaml;
}

LiveAnswer LiveCloud::authenticate(const LiveUser &user) const
{
    requireKeystone("authenticate()");
    return send("POST", QUrl(m_keystoneUrl + QStringLiteral("/auth/tokens")), {},
                passwordAuthBody(user));
}

LiveAnswer LiveCloud::authenticate(const LiveAppCredential &credential) const
{
    requireKeystone("authenticate()");
    const QJsonObject body{
        {QStringLiteral("auth"),
         QJsonObject{{QStringLiteral("identity"),
                      QJsonObject{{QStringLiteral("methods"), QJsonArray{QStringLiteral("application_credential")}},
                                  {QStringLiteral("application_credential"),
                                   QJsonObject{{QStringLiteral("id"), credential.id},
                                               {QStringLiteral("secret"), credential.secret}}}}}}}};
    return send("POST", QUrl(m_keystoneUrl + QStringLiteral("/auth/tokens")), {}, body);
}

QByteArray LiveCloud::adminToken() const
{
    // One token for the whole test executable (valid an hour): a password authentication
    // costs Keystone a tenth of a second or more.
    static QMutex lock;
    static QByteArray token;
    const QMutexLocker locker(&lock);
    if (token.isEmpty()) {
        const LiveAnswer answer = authenticate(admin());
        if (answer.status != 201 || answer.subjectToken.isEmpty())
            failRun(QStringLiteral("Keystone refused the admin's password authentication: HTTP %1 %2")
                        .arg(QString::number(answer.status), answer.error));
        token = answer.subjectToken;
    }
    return token;
}

LiveAnswer LiveCloud::placement(const QByteArray &method, const QString &path, const QJsonValue &body,
                                LivePlacement server) const
{
    if (server != LivePlacement::Keystone) {
        const QString &url = server == LivePlacement::Noauth ? m_noauthPlacementUrl : database(server).placementUrl;
        return send(method, QUrl(url + path),
                    {{"X-Auth-Token", m_noauthToken.toUtf8()},
                     {"OpenStack-API-Version", QByteArray("placement ") + kPlacementMicroversion}},
                    body);
    }
    return placementWithToken(adminToken(), method, path, body);
}

LiveAnswer LiveCloud::placementWithToken(const QByteArray &token, const QByteArray &method,
                                         const QString &path, const QJsonValue &body) const
{
    requireKeystone("placementWithToken()");
    return send(method, QUrl(m_placementUrl + path),
                {{"X-Auth-Token", token},
                 {"OpenStack-API-Version", QByteArray("placement ") + kPlacementMicroversion}},
                body);
}

LiveAnswer LiveCloud::keystone(const QByteArray &method, const QString &path, const QJsonValue &body) const
{
    return send(method, QUrl(m_keystoneUrl + path), {{"X-Auth-Token", adminToken()}}, body);
}

LiveRun LiveCloud::runOpenstack(const QStringList &arguments) const
{
    return runOpenstack(admin(), arguments);
}

LiveRun LiveCloud::runOpenstack(const LiveUser &user, const QStringList &arguments) const
{
    requireKeystone("runOpenstack()");
    QProcessEnvironment environment = cleanEnvironment();
    environment.insert(QStringLiteral("OS_AUTH_TYPE"), QStringLiteral("password"));
    environment.insert(QStringLiteral("OS_AUTH_URL"), m_keystoneUrl);
    environment.insert(QStringLiteral("OS_IDENTITY_API_VERSION"), QStringLiteral("3"));
    environment.insert(QStringLiteral("OS_USERNAME"), user.username);
    environment.insert(QStringLiteral("OS_PASSWORD"), user.password);
    environment.insert(QStringLiteral("OS_PROJECT_NAME"), user.projectName);
    environment.insert(QStringLiteral("OS_USER_DOMAIN_NAME"), user.userDomainName);
    environment.insert(QStringLiteral("OS_PROJECT_DOMAIN_NAME"), user.projectDomainName);
    environment.insert(QStringLiteral("OS_REGION_NAME"), m_region);
    environment.insert(QStringLiteral("OS_INTERFACE"), QStringLiteral("public"));
    environment.insert(QStringLiteral("OS_PLACEMENT_API_VERSION"), QLatin1String(kPlacementMicroversion));

    QProcess process;
    process.setProcessEnvironment(environment);
    // Debian's openstack runs on /usr/bin/python3 (its #! line), whatever python3 is on PATH.
    process.start(QStringLiteral("/usr/bin/openstack"), arguments);
    LiveRun run;
    const bool finished = process.waitForFinished(kOpenstackTimeoutMs);
    if (!finished) {
        process.kill();
        process.waitForFinished();
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    if (!finished)
        run.err += "\n(live cloud: openstack did not finish within two minutes, killed)\n";
    if (process.exitStatus() == QProcess::NormalExit && process.error() != QProcess::FailedToStart)
        run.exitCode = process.exitCode();
    return run;
}

QProcessEnvironment LiveCloud::cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        const QString lower = key.toLower();
        if (key.startsWith(QLatin1String("OS_")) || lower == QLatin1String("http_proxy")
            || lower == QLatin1String("https_proxy") || lower == QLatin1String("all_proxy")
            || key == QLatin1String("PYTHONHOME") || key == QLatin1String("PYTHONPATH"))
            environment.remove(key);
    }
    environment.insert(QStringLiteral("no_proxy"), QStringLiteral("127.0.0.1,localhost"));
    environment.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost"));
    return environment;
}

QStringList outputsAndFiles(const QStringList &outputs, const QStringList &files)
{
    QStringList texts = outputs;
    for (const QString &path : files) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            texts << QString::fromUtf8(file.readAll());
    }
    return texts;
}

QString firstSecretIn(const QStringList &texts, const QStringList &secrets)
{
    for (const QString &secret : secrets) {
        for (const QString &text : texts) {
            if (text.contains(secret))
                return secret;
        }
    }
    return {};
}

} // namespace provtree::testing
