// CloudSession against a real Keystone 22 and a real Placement 8 (the live_cloud CTest
// fixture starts them; $PROVTREE_LIVE_CLOUD names their folder and cloud.json): every way
// the openstack CLI authenticates ends in a connection Placement accepts (checked with a
// real request through PlacementClient), and every way it fails gives the right kind and a
// clear message. No output, message or log line holds a password, secret or token.
#include "cloudconfig.h"
#include "cloudsession.h"
#include "placementclient.h"

#include "support/livecloud.h"
#include "support/testfiles.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace provtree;
using namespace provtree::testing;

namespace {

// Everything logged while the suite runs (provtree.placement at debug level included).
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker locker(&g_logMutex);
        g_log.append(message);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// Keystone served over TLS: a TLS server on 127.0.0.1 that forwards each connection to the
// real Keystone, byte for byte. The certificate is signed by a CA made for the test.
class TlsForwarder : public QTcpServer
{
public:
    TlsForwarder(quint16 target, QSslCertificate certificate, QSslKey key)
        : m_target(target), m_certificate(std::move(certificate)), m_key(std::move(key))
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *client = new QSslSocket(this);
        if (!client->setSocketDescriptor(descriptor)) {
            delete client;
            return;
        }
        client->setLocalCertificate(m_certificate);
        client->setPrivateKey(m_key);
        auto *upstream = new QTcpSocket(client);
        connect(client, &QSslSocket::readyRead, upstream, [client, upstream] { upstream->write(client->readAll()); });
        connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
        connect(upstream, &QTcpSocket::disconnected, client, &QSslSocket::disconnectFromHost);
        connect(client, &QSslSocket::disconnected, client, &QObject::deleteLater);
        upstream->connectToHost(QHostAddress::LocalHost, m_target);
        client->startServerEncryption();
    }

private:
    quint16 m_target;
    QSslCertificate m_certificate;
    QSslKey m_key;
};

} // namespace

class TestCloudSession : public QObject
{
    Q_OBJECT

private:
    const LiveCloud &m_cloud = LiveCloud::get();
    QTemporaryDir m_dir;
    QStringList m_tokens; // every token a session obtained: grepped for like the passwords

    // Opens `config` and waits for the answer (at most a minute).
    Result<PlacementConnection> open(const CloudConfig &config, CloudSession *session = nullptr)
    {
        CloudSession own;
        CloudSession *used = session ? session : &own;
        std::optional<Result<PlacementConnection>> answer;
        QEventLoop loop;
        used->open(config, this, [&](const Result<PlacementConnection> &result) {
            answer = result;
            loop.quit();
        });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        if (!answer)
            return makeError(ProblemKind::Unreachable, QStringLiteral("test: no answer within a minute"));
        if (answer->ok())
            m_tokens.append(QString::fromLatin1(answer->value().token.reveal()));
        return *answer;
    }

    // A real request with the connection: Placement's answer status.
    int listProviders(const PlacementConnection &connection)
    {
        PlacementClient client(connection);
        client.setMicroversionMinor(14);
        int status = -1;
        QEventLoop loop;
        client.send({"GET", QStringLiteral("/resource_providers"), {}}, this, [&](const PlacementResponse &response) {
            status = response.status;
            loop.quit();
        });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        return status;
    }

    Result<CloudConfig> resolve(const CloudOptions &options, const QStringList &variables = {}, bool withFiles = true)
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), m_dir.path());
        for (const QString &variable : variables) {
            const qsizetype equals = variable.indexOf(QLatin1Char('='));
            env.insert(variable.left(equals), variable.mid(equals + 1));
        }
        CloudFiles files;
        if (withFiles)
            files = CloudFiles{{m_cloud.cloudsYaml()}, {m_cloud.secureYaml()}};
        return resolveCloud(options, env, files);
    }

    static CloudOptions cloud(const QString &name)
    {
        CloudOptions options;
        options.cloud = name;
        return options;
    }

    // The variables of an openrc file for `user`.
    QStringList openrc(const LiveUser &user) const
    {
        return {QStringLiteral("OS_AUTH_URL=") + m_cloud.keystoneUrl(),
                QStringLiteral("OS_USERNAME=") + user.username,
                QStringLiteral("OS_PASSWORD=") + user.password,
                QStringLiteral("OS_PROJECT_NAME=") + user.projectName,
                QStringLiteral("OS_USER_DOMAIN_NAME=") + user.userDomainName,
                QStringLiteral("OS_PROJECT_DOMAIN_NAME=") + user.projectDomainName,
                QStringLiteral("OS_REGION_NAME=") + m_cloud.region(),
                QStringLiteral("OS_IDENTITY_API_VERSION=3")};
    }

    // Fails the test if `text` holds any secret of the cloud or `extra` (the failure shows
    // the text with the secret masked).
    void expectNoSecret(const QString &text, const QStringList &extra = {})
    {
        for (const QString &secret : m_cloud.secretMarkers() + extra) {
            if (!secret.isEmpty() && text.contains(secret))
                QFAIL(qPrintable(QStringLiteral("a secret is shown: ") + QString(text).replace(secret, QStringLiteral("<SECRET>"))));
        }
    }

    void expectWorks(const Result<PlacementConnection> &connection)
    {
        QVERIFY2(connection.ok(), qPrintable(connection.status().firstError().toString()));
        QCOMPARE(connection.value().endpoint, m_cloud.placementUrl());
        QVERIFY(!connection.value().token.isEmpty());
        QCOMPARE(listProviders(connection.value()), 200);
    }

    static QString rendered(const Result<PlacementConnection> &result)
    {
        QStringList texts;
        for (const Problem &problem : result.problems())
            texts << problem.toString() << problem.field << problem.location;
        return texts.join(QLatin1Char('\n'));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_cloud.hasKeystone());
        QLoggingCategory::setFilterRules(QStringLiteral("provtree.placement.debug=true"));
        g_previousHandler = qInstallMessageHandler(captureMessage);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previousHandler);
        // Every log line of the whole suite, requests included.
        QMutexLocker locker(&g_logMutex);
        QVERIFY(!g_log.isEmpty());
        QVERIFY(g_log.join(QLatin1Char('\n')).contains(QLatin1String("/v3/auth/tokens")));
        QVERIFY(!m_tokens.isEmpty());
        for (const QString &line : std::as_const(g_log))
            expectNoSecret(line, m_tokens);
    }

    // ---- what connects ----------------------------------------------------------------

    void passwordFromCloudsYamlAndSecureYaml()
    {
        const Result<CloudConfig> config = resolve(cloud(LiveCloud::adminCloud()));
        QVERIFY2(config.ok(), qPrintable(config.status().firstError().toString()));
        QCOMPARE(config.value().authType, AuthType::Password);
        QVERIFY(!config.value().password.isEmpty()); // from secure.yaml
        const Result<PlacementConnection> connection = open(config.value());
        expectWorks(connection);
        QCOMPARE(connection.value().region, m_cloud.region());
        QCOMPARE(connection.value().cloudName, LiveCloud::adminCloud());
        expectNoSecret(config.value().describe());
    }

    void applicationCredential()
    {
        const Result<CloudConfig> config = resolve(cloud(LiveCloud::appCredentialCloud()));
        QVERIFY2(config.ok(), qPrintable(config.status().firstError().toString()));
        QCOMPARE(config.value().authType, AuthType::ApplicationCredential);
        expectWorks(open(config.value()));
    }

    void applicationCredentialByNameAndUser()
    {
        const LiveUser admin = m_cloud.admin();
        const Result<CloudConfig> config =
            resolve({}, {QStringLiteral("OS_AUTH_TYPE=v3applicationcredential"),
                         QStringLiteral("OS_AUTH_URL=") + m_cloud.keystoneUrl(),
                         QStringLiteral("OS_APPLICATION_CREDENTIAL_NAME=") + m_cloud.appCredential().name,
                         QStringLiteral("OS_APPLICATION_CREDENTIAL_SECRET=") + m_cloud.appCredential().secret,
                         QStringLiteral("OS_USERNAME=") + admin.username,
                         QStringLiteral("OS_USER_DOMAIN_NAME=") + admin.userDomainName},
                    false);
        QVERIFY2(config.ok(), qPrintable(config.status().firstError().toString()));
        expectWorks(open(config.value()));
    }

    void osVariablesAlone()
    {
        const Result<CloudConfig> config = resolve({}, openrc(m_cloud.admin()), false);
        QVERIFY2(config.ok(), qPrintable(config.status().firstError().toString()));
        QVERIFY(config.value().cloudName.isEmpty());
        expectWorks(open(config.value()));
    }

    // auth_url without /v3 works too.
    void authUrlWithoutVersion()
    {
        QStringList variables = openrc(m_cloud.admin());
        variables.first() = QStringLiteral("OS_AUTH_URL=") + m_cloud.keystoneRootUrl() + QLatin1Char('/');
        const Result<CloudConfig> config = resolve({}, variables, false);
        QVERIFY2(config.ok(), qPrintable(config.status().firstError().toString()));
        expectWorks(open(config.value()));
    }

    // A token from one session authenticates the next (token auth, scoped again).
    void tokenAuth()
    {
        const Result<CloudConfig> password = resolve(cloud(LiveCloud::adminCloud()));
        QVERIFY(password.ok());
        const Result<PlacementConnection> first = open(password.value());
        QVERIFY(first.ok());
        const QString token = QString::fromLatin1(first.value().token.reveal());
        const LiveUser admin = m_cloud.admin();
        const Result<CloudConfig> config =
            resolve({}, {QStringLiteral("OS_AUTH_TYPE=v3token"), QStringLiteral("OS_AUTH_URL=") + m_cloud.keystoneUrl(),
                         QStringLiteral("OS_TOKEN=") + token, QStringLiteral("OS_PROJECT_NAME=") + admin.projectName,
                         QStringLiteral("OS_PROJECT_DOMAIN_NAME=") + admin.projectDomainName},
                    false);
        QVERIFY2(config.ok(), qPrintable(config.status().firstError().toString()));
        QCOMPARE(config.value().authType, AuthType::Token);
        const Result<PlacementConnection> second = open(config.value());
        expectWorks(second);
        QVERIFY(second.value().token.reveal() != first.value().token.reveal()); // a new token
        expectNoSecret(config.value().describe(), {token});

        // A token Keystone does not know: 401, the token not shown.
        CloudConfig forged = config.value();
        forged.token = Secret(token.left(token.size() - 4) + QStringLiteral("AAAA"));
        const Result<PlacementConnection> refused = open(forged);
        QVERIFY(!refused.ok());
        // Keystone answers 404 "Could not recognize Fernet token": still the credentials.
        QCOMPARE(refused.status().firstError().kind, ProblemKind::Unauthorized);
        QVERIFY2(refused.status().firstError().message.contains(QLatin1String("refused the token")),
                 qPrintable(rendered(refused)));
        expectNoSecret(rendered(refused), {token, QString::fromUtf8(forged.token.reveal())});
    }

    // A user without admin still gets a token and the catalog (Placement's 403 comes later).
    void nonAdminUser()
    {
        const Result<CloudConfig> config = resolve(cloud(LiveCloud::demoCloud()));
        QVERIFY(config.ok());
        const Result<PlacementConnection> connection = open(config.value());
        QVERIFY2(connection.ok(), qPrintable(rendered(connection)));
        QCOMPARE(connection.value().endpoint, m_cloud.placementUrl());
        QCOMPARE(listProviders(connection.value()), 403);
    }

    void directModeNeedsNoKeystone()
    {
        CloudOptions options;
        options.url = m_cloud.noauthPlacementUrl() + QLatin1Char('/');
        options.token = Secret(m_cloud.noauthToken());
        const Result<CloudConfig> config = resolve(options, {}, false);
        QVERIFY(config.ok());
        const Result<PlacementConnection> connection = open(config.value());
        QVERIFY2(connection.ok(), qPrintable(rendered(connection)));
        QCOMPARE(connection.value().endpoint, m_cloud.noauthPlacementUrl());
        QCOMPARE(listProviders(connection.value()), 200);
    }

    // placement_endpoint_override: Keystone authenticates, the override is Placement.
    void placementEndpointOverride()
    {
        const QString clouds = m_dir.path() + QStringLiteral("/override.yaml");
        QVERIFY(writeFile(clouds, readAll(m_cloud.cloudsYaml())
                                      + QByteArrayLiteral("  override:\n    auth_type: password\n    auth:\n      auth_url: ")
                                      + m_cloud.keystoneUrl().toUtf8() + QByteArrayLiteral("\n      user_id: ")
                                      + m_cloud.admin().userId.toUtf8()
                                      + QByteArrayLiteral("\n      project_id: ")
                                      + m_cloud.admin().projectId.toUtf8()
                                      + QByteArrayLiteral("\n    placement_endpoint_override: ")
                                      + m_cloud.noauthPlacementUrl().toUtf8() + QByteArrayLiteral("/\n")));
        QProcessEnvironment env;
        env.insert(QStringLiteral("OS_PASSWORD"), m_cloud.admin().password);
        const Result<CloudConfig> config = resolveCloud(cloud(QStringLiteral("override")), env, CloudFiles{{clouds}, {}});
        QVERIFY2(config.ok(), qPrintable(config.status().firstError().toString()));
        const Result<PlacementConnection> connection = open(config.value());
        QVERIFY2(connection.ok(), qPrintable(rendered(connection)));
        QCOMPARE(connection.value().endpoint, m_cloud.noauthPlacementUrl());
    }

    // ---- the same choice as the openstack CLI ----------------------------------------------

    // For the same clouds.yaml, secure.yaml and variables, provtree authenticates as the
    // same user on the same project as `openstack token issue` (python-openstackclient on
    // the test machine), or both are refused: the CLI's precedence, checked live, including
    // where it is surprising (clouds.yaml's project beats OS_PROJECT_NAME, OS_USERNAME beats
    // clouds.yaml's user). One deliberate difference: a project left in the variables does
    // not spoil an application credential (the CLI sends it as a scope and Keystone refuses:
    // "Application credentials cannot request a scope"); provtree uses the credential's own.
    void theOpenstackCliAgrees_data()
    {
        QTest::addColumn<QStringList>("variables");
        QTest::addColumn<bool>("onlyProvtreeConnects");
        const QString files = QStringLiteral("OS_CLIENT_CONFIG_FILE=") + m_cloud.cloudsYaml();
        const QString secure = QStringLiteral("OS_CLIENT_SECURE_FILE=") + m_cloud.secureYaml();
        const QString admin = QStringLiteral("OS_CLOUD=") + LiveCloud::adminCloud();
        QTest::newRow("a cloud") << QStringList{files, secure, admin} << false;
        QTest::newRow("OS_PROJECT_NAME loses to clouds.yaml")
            << QStringList{files, secure, admin, QStringLiteral("OS_PROJECT_NAME=") + m_cloud.demo().projectName} << false;
        QTest::newRow("OS_PROJECT_ID wins over clouds.yaml's project_name")
            << QStringList{files, secure, admin, QStringLiteral("OS_PROJECT_ID=") + m_cloud.demo().projectId} << false;
        QTest::newRow("OS_USERNAME and OS_PASSWORD win over clouds.yaml")
            << QStringList{files, secure, QStringLiteral("OS_CLOUD=") + LiveCloud::demoCloud(),
                           QStringLiteral("OS_USERNAME=") + m_cloud.admin().username,
                           QStringLiteral("OS_PASSWORD=") + m_cloud.admin().password}
            << false;
        QTest::newRow("OS_PASSWORD wins over secure.yaml")
            << QStringList{files, secure, admin, QStringLiteral("OS_PASSWORD=") + m_cloud.demo().password} << false;
        QTest::newRow("the application credential keeps its scope")
            << QStringList{files, secure, QStringLiteral("OS_CLOUD=") + LiveCloud::appCredentialCloud(),
                           QStringLiteral("OS_PROJECT_NAME=") + m_cloud.demo().projectName,
                           QStringLiteral("OS_PROJECT_DOMAIN_NAME=") + m_cloud.demo().projectDomainName}
            << true;
        QTest::newRow("variables alone") << openrc(m_cloud.demo()) << false;
        QTest::newRow("variables alone, the only cloud in clouds.yaml ignored")
            << (openrc(m_cloud.demo()) + QStringList{files, secure}) << false;
    }
    void theOpenstackCliAgrees()
    {
        QFETCH(QStringList, variables);
        QFETCH(bool, onlyProvtreeConnects);
        QProcessEnvironment env = LiveCloud::cleanEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path()); // no clouds.yaml of the user running the tests
        for (const QString &variable : variables) {
            const qsizetype equals = variable.indexOf(QLatin1Char('='));
            env.insert(variable.left(equals), variable.mid(equals + 1));
        }
        QProcess cli;
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral("/usr/bin/openstack"), {QStringLiteral("token"), QStringLiteral("issue"),
                                                          QStringLiteral("-f"), QStringLiteral("json")});
        QVERIFY(cli.waitForFinished(120000));
        const QJsonObject issued = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        const bool cliRefused = cli.exitCode() != 0;
        if (onlyProvtreeConnects) {
            QVERIFY2(cliRefused, "the openstack CLI now takes an application credential with a project");
            QVERIFY(cli.readAllStandardError().contains("Application credentials cannot request a scope"));
            const Result<CloudConfig> config = resolveCloud({}, env, CloudFiles::standard(env));
            QVERIFY(config.ok());
            const Result<PlacementConnection> connection = open(config.value());
            QVERIFY2(connection.ok(), qPrintable(rendered(connection)));
            QCOMPARE(tokenInfo(connection.value().token.reveal()).value(QStringLiteral("project")).toObject()
                         .value(QStringLiteral("id")).toString(),
                     m_cloud.appCredential().projectId);
            return;
        }
        QVERIFY2(cliRefused || issued.contains(QLatin1String("project_id")), "openstack token issue printed no project");

        const Result<CloudConfig> config = resolveCloud({}, env, CloudFiles::standard(env));
        QVERIFY2(config.ok(), qPrintable(config.status().firstError().toString()));
        const Result<PlacementConnection> connection = open(config.value());
        if (cliRefused) {
            QVERIFY2(!connection.ok(), "the CLI was refused, provtree was not");
            QCOMPARE(connection.status().firstError().kind, ProblemKind::Unauthorized);
            return;
        }
        QVERIFY2(connection.ok(), qPrintable(rendered(connection)));
        const QJsonObject mine = tokenInfo(connection.value().token.reveal());
        QCOMPARE(mine.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString(),
                 issued.value(QStringLiteral("user_id")).toString());
        QCOMPARE(mine.value(QStringLiteral("project")).toObject().value(QStringLiteral("id")).toString(),
                 issued.value(QStringLiteral("project_id")).toString());
    }

    // ---- what fails, and how it says so --------------------------------------------------

    void wrongPassword()
    {
        const LiveUser admin = m_cloud.admin();
        const QString wrong = admin.password + QStringLiteral("-wrong");
        QStringList variables = openrc(admin);
        variables[2] = QStringLiteral("OS_PASSWORD=") + wrong;
        const Result<CloudConfig> config = resolve({}, variables, false);
        QVERIFY(config.ok());
        const Result<PlacementConnection> connection = open(config.value());
        QVERIFY(!connection.ok());
        const Problem problem = connection.status().firstError();
        QCOMPARE(problem.kind, ProblemKind::Unauthorized);
        QCOMPARE(problem.message.section(QStringLiteral(" (401)"), 0, 0),
                 QStringLiteral("Keystone at %1/auth/tokens refused the credentials of user \"admin\" (domain \"Default\")")
                     .arg(m_cloud.keystoneUrl()));
        expectNoSecret(rendered(connection), {wrong});
    }

    void unknownUser()
    {
        QStringList variables = openrc(m_cloud.admin());
        variables[1] = QStringLiteral("OS_USERNAME=nobody");
        const Result<PlacementConnection> connection = open(resolve({}, variables, false).value());
        QVERIFY(!connection.ok());
        QCOMPARE(connection.status().firstError().kind, ProblemKind::Unauthorized);
        QVERIFY(connection.status().firstError().message.contains(QLatin1String("user \"nobody\" (domain \"Default\")")));
    }

    void wrongApplicationCredentialSecret()
    {
        Result<CloudConfig> config = resolve(cloud(LiveCloud::appCredentialCloud()));
        QVERIFY(config.ok());
        config.value().applicationCredentialSecret = Secret(QStringLiteral("not-the-secret-7731"));
        const Result<PlacementConnection> connection = open(config.value());
        QVERIFY(!connection.ok());
        QCOMPARE(connection.status().firstError().kind, ProblemKind::Unauthorized);
        QVERIFY(connection.status().firstError().message.contains(QStringLiteral("application credential id ")
                                                                   + m_cloud.appCredential().id));
        expectNoSecret(rendered(connection), {QStringLiteral("not-the-secret-7731")});
    }

    void wrongRegionListsTheCatalog()
    {
        QStringList variables = openrc(m_cloud.admin());
        variables[6] = QStringLiteral("OS_REGION_NAME=RegionTwo");
        const Result<PlacementConnection> connection = open(resolve({}, variables, false).value());
        QVERIFY(!connection.ok());
        const Problem problem = connection.status().firstError();
        QCOMPARE(problem.kind, ProblemKind::NotFound);
        QVERIFY2(problem.message.startsWith(QLatin1String("Keystone's catalog has no placement endpoint for the public "
                                                          "interface in region \"RegionTwo\"; it has ")),
                 qPrintable(problem.message));
        for (const char *offered : {"public in RegionOne", "internal in RegionOne", "admin in RegionOne"})
            QVERIFY2(problem.message.contains(QLatin1String(offered)), qPrintable(problem.message));
    }

    void internalInterface()
    {
        CloudOptions options = cloud(LiveCloud::adminCloud());
        options.interface = QStringLiteral("internal");
        const Result<CloudConfig> config = resolve(options);
        QVERIFY(config.ok());
        const Result<PlacementConnection> connection = open(config.value());
        QVERIFY2(connection.ok(), qPrintable(rendered(connection)));
        QVERIFY(!connection.value().endpoint.isEmpty());
    }

    // Nothing listens: what a stopped Keystone looks like.
    void keystoneNotListening()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString url = QStringLiteral("http://127.0.0.1:%1/v3").arg(probe.serverPort());
        probe.close();
        QStringList variables = openrc(m_cloud.admin());
        variables[0] = QStringLiteral("OS_AUTH_URL=") + url;
        const Result<PlacementConnection> connection = open(resolve({}, variables, false).value());
        QVERIFY(!connection.ok());
        const Problem problem = connection.status().firstError();
        QCOMPARE(problem.kind, ProblemKind::Unreachable);
        QVERIFY2(problem.message.startsWith(QStringLiteral("cannot reach Keystone at %1/auth/tokens: ").arg(url)),
                 qPrintable(problem.message));
        QVERIFY2(problem.message.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(problem.message));
    }

    // A server that accepts the connection and never answers: the timeout ends the wait.
    void keystoneSilent()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QStringList variables = openrc(m_cloud.admin());
        variables[0] = QStringLiteral("OS_AUTH_URL=http://127.0.0.1:%1/v3").arg(silent.serverPort());
        CloudSession session;
        session.setTimeout(std::chrono::milliseconds(500));
        const Result<PlacementConnection> connection = open(resolve({}, variables, false).value(), &session);
        QVERIFY(!connection.ok());
        QCOMPARE(connection.status().firstError().kind, ProblemKind::Unreachable);
        QCOMPARE(connection.status().firstError().message,
                 QStringLiteral("no answer from Keystone at http://127.0.0.1:%1/v3/auth/tokens within 0.5 s")
                     .arg(silent.serverPort()));
    }

    void notKeystone()
    {
        QStringList variables = openrc(m_cloud.admin());
        variables[0] = QStringLiteral("OS_AUTH_URL=") + m_cloud.noauthPlacementUrl();
        const Result<PlacementConnection> connection = open(resolve({}, variables, false).value());
        QVERIFY(!connection.ok());
        QVERIFY2(connection.status().firstError().message.contains(QLatin1String("is auth_url Keystone's URL?")),
                 qPrintable(rendered(connection)));
    }

    // ---- TLS ------------------------------------------------------------------------------

    void tls_data()
    {
        QTest::addColumn<bool>("withCa");
        QTest::addColumn<bool>("insecure");
        QTest::addColumn<bool>("works");
        QTest::newRow("verified against the system's CAs: refused") << false << false << false;
        QTest::newRow("verified against the cloud's CA") << true << false << true;
        QTest::newRow("insecure") << false << true << true;
    }
    void tls()
    {
        QFETCH(bool, withCa);
        QFETCH(bool, insecure);
        QFETCH(bool, works);
        if (!QSslSocket::supportsSsl())
            QFAIL("this Qt has no TLS backend");
        const QString folder = m_dir.path() + QStringLiteral("/tls");
        if (!QFileInfo::exists(folder + QStringLiteral("/server.pem")))
            QVERIFY(makeCertificates(folder));
        const QList<QSslCertificate> certificate = QSslCertificate::fromPath(folder + QStringLiteral("/server.pem"));
        QFile keyFile(folder + QStringLiteral("/server.key"));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QSslKey key(&keyFile, QSsl::Ec);
        QVERIFY(!certificate.isEmpty() && !key.isNull());
        TlsForwarder forwarder(QUrl(m_cloud.keystoneUrl()).port(), certificate.first(), key);
        QVERIFY(forwarder.listen(QHostAddress::LocalHost));

        QStringList variables = openrc(m_cloud.admin());
        variables[0] = QStringLiteral("OS_AUTH_URL=https://127.0.0.1:%1/v3").arg(forwarder.serverPort());
        CloudOptions options;
        if (withCa)
            options.cacert = folder + QStringLiteral("/ca.pem");
        if (insecure)
            options.insecure = true;
        const Result<CloudConfig> config = resolve(options, variables, false);
        QVERIFY(config.ok());
        const Result<PlacementConnection> connection = open(config.value());
        if (works) {
            expectWorks(connection);
            return;
        }
        QVERIFY(!connection.ok());
        const Problem problem = connection.status().firstError();
        QCOMPARE(problem.kind, ProblemKind::Unreachable);
        QVERIFY2(problem.message.startsWith(
                     QStringLiteral("cannot reach Keystone at https://127.0.0.1:%1/v3/auth/tokens: ").arg(forwarder.serverPort())),
                 qPrintable(problem.message));
        QVERIFY2(problem.message.contains(QLatin1String("SSL"), Qt::CaseInsensitive)
                     || problem.message.contains(QLatin1String("TLS"), Qt::CaseInsensitive),
                 qPrintable(problem.message));
    }

    // ---- the session itself ---------------------------------------------------------------

    void cancelAnswersOnceWithCancelled()
    {
        const Result<CloudConfig> config = resolve(cloud(LiveCloud::adminCloud()));
        QVERIFY(config.ok());
        CloudSession session;
        QList<Result<PlacementConnection>> answers;
        session.open(config.value(), this, [&](const Result<PlacementConnection> &result) { answers.append(result); });
        QVERIFY(session.isOpening());
        session.cancel();
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.first().status().firstError().kind, ProblemKind::Cancelled);
        QVERIFY(!session.isOpening());
        // Nothing more arrives: a second open on the same session is answered, and only it.
        bool secondAnswered = false;
        QEventLoop loop;
        session.open(config.value(), this, [&](const Result<PlacementConnection> &result) {
            secondAnswered = result.ok();
            loop.quit();
        });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY(secondAnswered);
        QCOMPARE(answers.size(), 1);
    }

    void noAnswerToADestroyedContext()
    {
        const Result<CloudConfig> config = resolve(cloud(LiveCloud::adminCloud()));
        QVERIFY(config.ok());
        CloudSession session;
        bool called = false;
        auto context = std::make_unique<QObject>();
        session.open(config.value(), context.get(), [&](const Result<PlacementConnection> &) { called = true; });
        context.reset();
        // A second open on the same session, answered after the first: when it is in, the
        // first has been delivered (or dropped) too.
        QEventLoop loop;
        session.open(config.value(), this, [&](const Result<PlacementConnection> &) { loop.quit(); });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        QTRY_VERIFY(!session.isOpening());
        QVERIFY(!called);
    }

    void neverCalledFromInsideOpen()
    {
        CloudOptions options;
        options.url = m_cloud.noauthPlacementUrl();
        options.token = Secret(m_cloud.noauthToken());
        const Result<CloudConfig> config = resolve(options, {}, false);
        QVERIFY(config.ok());
        CloudSession session;
        bool called = false;
        session.open(config.value(), this, [&](const Result<PlacementConnection> &) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }

private:
    // Keystone's own view of a token (GET /v3/auth/tokens, the token validating itself):
    // its "token" object, with user and project.
    QJsonObject tokenInfo(const QByteArray &token)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(m_cloud.keystoneUrl() + QStringLiteral("/auth/tokens")));
        request.setRawHeader("X-Auth-Token", token);
        request.setRawHeader("X-Subject-Token", token);
        QNetworkReply *reply = network.get(request);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        const QJsonObject info = QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("token")).toObject();
        delete reply;
        return info;
    }

    // A CA and a certificate for 127.0.0.1 signed by it, made with the openssl tool.
    static bool makeCertificates(const QString &folder)
    {
        QDir().mkpath(folder);
        const auto run = [&folder](const QStringList &arguments) {
            QProcess openssl;
            openssl.setWorkingDirectory(folder);
            openssl.start(QStringLiteral("openssl"), arguments);
            if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
                qWarning("openssl %s: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                         openssl.readAllStandardError().constData());
                return false;
            }
            return true;
        };
        const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                             QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
        return writeFile(folder + QStringLiteral("/san.cnf"), QByteArrayLiteral("subjectAltName=IP:127.0.0.1\n"))
               && run(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec
                      + QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                                    QStringLiteral("ca.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                                    QStringLiteral("-subj"), QStringLiteral("/CN=provtree test CA")})
               && run(QStringList{QStringLiteral("req")} + ec
                      + QStringList{QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
                                    QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")})
               && run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                       QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                       QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.pem"),
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("san.cnf")});
    }
};

QTEST_GUILESS_MAIN(TestCloudSession)
#include "tst_cloudsession.moc"
