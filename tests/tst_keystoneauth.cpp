// Keystone v3 authentication as data, without a server: the URL and body of POST
// /v3/auth/tokens for each auth type and scope, the placement endpoint chosen from a token's
// catalog, the messages for Keystone's refusals, and the TLS settings of a cloud. The
// talking to a real Keystone is tst_cloudsession's.
#include "cloudtls.h"
#include "keystoneauth.h"

#include "support/hostiletext.h"
#include "support/testfiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace provtree;
using namespace provtree::testing;

namespace {

const QString kPassword = QStringLiteral("pw-Zq81-never-shown");

CloudConfig passwordCloud()
{
    CloudConfig config;
    config.authType = AuthType::Password;
    config.authUrl = QStringLiteral("http://k.example:5000/v3");
    config.userName = QStringLiteral("admin");
    config.userDomainName = QStringLiteral("Default");
    config.password = Secret(kPassword);
    config.projectName = QStringLiteral("admin");
    config.projectDomainId = QStringLiteral("default");
    return config;
}

QJsonObject bodyOf(const CloudConfig &config)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(keystoneAuthBody(config), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return document.object().value(QStringLiteral("auth")).toObject();
}

// JSON written with single quotes (easier to read in C++ literals; moc cannot parse raw
// string literals with JSON in them).
QByteArray jsonBytes(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(jsonBytes(text)).object();
}

// The "token" of a real answer of Keystone 22 (bootstrap with RegionOne, a second region
// added), trimmed to what matters here.
const char *const kToken = "{"
"  'methods': ['password'],"
"  'catalog': ["
"    {'type': 'identity', 'name': 'keystone', 'endpoints': ["
"      {'interface': 'public', 'region_id': 'RegionOne', 'region': 'RegionOne', 'url': 'http://127.0.0.1:5000/v3'}]},"
"    {'type': 'placement', 'name': 'placement', 'endpoints': ["
"      {'interface': 'admin', 'region_id': 'RegionOne', 'region': 'RegionOne', 'url': 'http://10.0.0.1:8778'},"
"      {'interface': 'public', 'region_id': 'RegionOne', 'region': 'RegionOne', 'url': 'http://127.0.0.1:8778/'},"
"      {'interface': 'internal', 'region_id': 'RegionOne', 'region': 'RegionOne', 'url': 'http://10.0.0.2:8778'},"
"      {'interface': 'public', 'region_id': 'RegionTwo', 'region': 'RegionTwo', 'url': 'http://two.example:8778'}]},"
"    {'type': 'compute', 'name': 'nova', 'endpoints': []}"
"  ]"
"}";

// A self-signed CA certificate (no key): what a cacert file holds.
const char *const kCaPem = "-----BEGIN CERTIFICATE-----\n"
"MIIBizCCATGgAwIBAgIUbXaJ32sbGLiF4M7TwqE0E3slSqwwCgYIKoZIzj0EAwIw\n"
"GzEZMBcGA1UEAwwQcHJvdnRyZWUgdGVzdCBDQTAeFw0yNjEyMDExNzQyNTlaFw0z\n"
"NjExMjgxNzQyNTlaMBsxGTAXBgNVBAMMEHByb3Z0cmVlIHRlc3QgQ0EwWTATBgcq\n"
"hkjOPQIBBggqhkjOPQMBBwNCAARlql6fPlhV97oHMet+dzDlewbZVYo0rK8rqoi7\n"
"ajM5Q42urPncV6n/yQ9XY9niJdkE/ZDCef20eyOGXm9TW9IAo1MwUTAdBgNVHQ4E\n"
"FgQUVfs1X/fvD+Wf0Xd0CihaacRjJmYwHwYDVR0jBBgwFoAUVfs1X/fvD+Wf0Xd0\n"
"CihaacRjJmYwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiArkmwc\n"
"A41b6qZrIUKGpxKkrlyWqpw5EV7TLWKUAgP0fgIhANdCG5KQwS7Vw6n6EF4lG01+\n"
"Uc+YgkueowkLBPjTgB+3\n"
"-----END CERTIFICATE-----\n";

} // namespace

class TestKeystoneAuth : public QObject
{
    Q_OBJECT

private slots:
    void tokensUrl_data()
    {
        QTest::addColumn<QString>("authUrl");
        QTest::addColumn<QString>("expected");
        QTest::newRow("with /v3") << QStringLiteral("http://k:5000/v3") << QStringLiteral("http://k:5000/v3/auth/tokens");
        QTest::newRow("with /v3/") << QStringLiteral("http://k:5000/v3/") << QStringLiteral("http://k:5000/v3/auth/tokens");
        QTest::newRow("without version") << QStringLiteral("http://k:5000") << QStringLiteral("http://k:5000/v3/auth/tokens");
        QTest::newRow("without version, slash") << QStringLiteral("https://k:5000/")
                                                << QStringLiteral("https://k:5000/v3/auth/tokens");
        QTest::newRow("devstack's path") << QStringLiteral("http://10.0.0.5/identity")
                                         << QStringLiteral("http://10.0.0.5/identity/v3/auth/tokens");
    }
    void tokensUrl()
    {
        QFETCH(QString, authUrl);
        QFETCH(QString, expected);
        const Result<QUrl> url = keystoneTokensUrl(authUrl);
        QVERIFY(url.ok());
        QCOMPARE(url.value().toString(), expected);
    }

    void tokensUrlRefusesV2()
    {
        const Result<QUrl> url = keystoneTokensUrl(QStringLiteral("http://k:5000/v2.0"));
        QVERIFY(!url.ok());
        QCOMPARE(url.status().firstError().kind, ProblemKind::Configuration);
        QVERIFY(url.status().firstError().message.contains(QLatin1String("v2.0")));
    }

    void passwordBody()
    {
        QCOMPARE(bodyOf(passwordCloud()), json("{"
"            'identity': {'methods': ['password'], 'password': {'user': {"
"                'name': 'admin', 'domain': {'name': 'Default'}, 'password': 'pw-Zq81-never-shown'}}},"
"            'scope': {'project': {'name': 'admin', 'domain': {'id': 'default'}}}}"));
    }

    // Ids win over names, as keystoneauth sends them; the scope follows what is given.
    void bodies_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("user and project by id") << 0 << jsonBytes("{"
"            'identity': {'methods': ['password'], 'password': {'user': {'id': 'u1', 'password': 'pw-Zq81-never-shown'}}},"
"            'scope': {'project': {'id': 'p1'}}}");
        QTest::newRow("domain scope") << 1 << jsonBytes("{"
"            'identity': {'methods': ['password'], 'password': {'user': {'id': 'u1', 'password': 'pw-Zq81-never-shown'}}},"
"            'scope': {'domain': {'name': 'D'}}}");
        QTest::newRow("unscoped") << 2 << jsonBytes("{"
"            'identity': {'methods': ['password'], 'password': {'user': {'id': 'u1', 'password': 'pw-Zq81-never-shown'}}}}");
        QTest::newRow("application credential by id, no scope") << 3 << jsonBytes("{"
"            'identity': {'methods': ['application_credential'],"
"                         'application_credential': {'id': 'ac1', 'secret': 's3'}}}");
        QTest::newRow("application credential by name") << 4 << jsonBytes("{"
"            'identity': {'methods': ['application_credential'],"
"                         'application_credential': {'name': 'mine', 'secret': 's3',"
"                                                    'user': {'name': 'demo', 'domain': {'id': 'default'}}}}}");
        QTest::newRow("token") << 5 << jsonBytes("{"
"            'identity': {'methods': ['token'], 'token': {'id': 'tok'}},"
"            'scope': {'project': {'name': 'demo', 'domain': {'name': 'Default'}}}}");
    }
    void bodies()
    {
        QFETCH(int, variant);
        QFETCH(QByteArray, expected);
        CloudConfig config;
        config.authUrl = QStringLiteral("http://k");
        config.userId = QStringLiteral("u1");
        config.userName = QStringLiteral("ignored-when-id");
        config.password = Secret(kPassword);
        switch (variant) {
        case 0:
            config.projectId = QStringLiteral("p1");
            config.projectName = QStringLiteral("ignored-when-id");
            break;
        case 1:
            config.domainName = QStringLiteral("D");
            break;
        case 2:
            break;
        case 3:
            config.authType = AuthType::ApplicationCredential;
            config.applicationCredentialId = QStringLiteral("ac1");
            config.applicationCredentialSecret = Secret(QStringLiteral("s3"));
            config.projectName = QStringLiteral("not sent: the credential has its scope");
            break;
        case 4:
            config.authType = AuthType::ApplicationCredential;
            config.applicationCredentialName = QStringLiteral("mine");
            config.applicationCredentialSecret = Secret(QStringLiteral("s3"));
            config.userId.clear();
            config.userName = QStringLiteral("demo");
            config.userDomainId = QStringLiteral("default");
            break;
        case 5:
            config.authType = AuthType::Token;
            config.token = Secret(QStringLiteral("tok"));
            config.projectName = QStringLiteral("demo");
            config.projectDomainName = QStringLiteral("Default");
            break;
        }
        QCOMPARE(bodyOf(config), QJsonDocument::fromJson(expected).object());
    }

    // The secret is spliced into the body as bytes: any text survives as JSON.
    void secretsAreJsonEscaped_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c");
        QTest::newRow("control characters") << QStringLiteral("a\nb\tc\x01");
        QTest::newRow("non-ASCII") << QStringLiteral("mot-de-passe-été-\u5bc6\u7801");
        QTest::newRow("looks like JSON") << QStringLiteral("\",\"methods\":[\"token\"]}");
        QTest::newRow("empty") << QString();
    }
    void secretsAreJsonEscaped()
    {
        QFETCH(QString, secret);
        CloudConfig config = passwordCloud();
        config.password = Secret(secret);
        const QJsonObject auth = bodyOf(config);
        QCOMPARE(auth.value(QStringLiteral("identity")).toObject().value(QStringLiteral("password")).toObject()
                     .value(QStringLiteral("user")).toObject().value(QStringLiteral("password")).toString(),
                 secret);
        QCOMPARE(auth.value(QStringLiteral("identity")).toObject().value(QStringLiteral("methods")).toArray(),
                 QJsonArray{QStringLiteral("password")});
    }

    void catalog_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("interface");
        QTest::addColumn<QString>("expectedUrl");
        QTest::addColumn<QString>("expectedRegion");
        QTest::newRow("public, any region: the first") << QString() << QStringLiteral("public")
                                                       << QStringLiteral("http://127.0.0.1:8778/") << QStringLiteral("RegionOne");
        QTest::newRow("public in RegionTwo") << QStringLiteral("RegionTwo") << QStringLiteral("public")
                                             << QStringLiteral("http://two.example:8778") << QStringLiteral("RegionTwo");
        QTest::newRow("internal") << QStringLiteral("RegionOne") << QStringLiteral("internal")
                                  << QStringLiteral("http://10.0.0.2:8778") << QStringLiteral("RegionOne");
        QTest::newRow("admin") << QString() << QStringLiteral("admin") << QStringLiteral("http://10.0.0.1:8778")
                               << QStringLiteral("RegionOne");
    }
    void catalog()
    {
        QFETCH(QString, region);
        QFETCH(QString, interface);
        QFETCH(QString, expectedUrl);
        QFETCH(QString, expectedRegion);
        const Result<CatalogEndpoint> endpoint = placementEndpointInCatalog(json(kToken), region, interface);
        QVERIFY(endpoint.ok());
        QCOMPARE(endpoint.value().url, expectedUrl);
        QCOMPARE(endpoint.value().region, expectedRegion);
    }

    void catalogWithOnlyTheOldRegionField()
    {
        const QJsonObject token = json("{'catalog': [{'type': 'placement', 'endpoints': ["
"            {'interface': 'public', 'region': 'Old', 'url': 'http://old.example'}]}]}");
        const Result<CatalogEndpoint> endpoint = placementEndpointInCatalog(token, QStringLiteral("Old"), QStringLiteral("public"));
        QVERIFY(endpoint.ok());
        QCOMPARE(endpoint.value().url, QStringLiteral("http://old.example"));
    }

    void catalogErrors_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unscoped: no catalog") << jsonBytes("{'methods': ['password']}") << QString()
                                              << QStringLiteral("Keystone's token has no service catalog: it is not scoped "
                                                                "to a project (set project_name or project_id)");
        QTest::newRow("no placement") << jsonBytes("{'catalog': [{'type': 'identity'}, {'type': 'compute'}]}")
                                      << QString()
                                      << QStringLiteral("Keystone's catalog has no placement service (it has compute, identity)");
        QTest::newRow("unknown region") << jsonBytes(kToken) << QStringLiteral("RegionThree")
                                        << QStringLiteral("Keystone's catalog has no placement endpoint for the public "
                                                          "interface in region \"RegionThree\"; it has admin in RegionOne, "
                                                          "public in RegionOne, internal in RegionOne, public in RegionTwo");
    }
    void catalogErrors()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, region);
        QFETCH(QString, expected);
        const Result<CatalogEndpoint> endpoint =
            placementEndpointInCatalog(QJsonDocument::fromJson(token).object(), region, QStringLiteral("public"));
        QVERIFY(!endpoint.ok());
        QCOMPARE(endpoint.status().firstError().kind, ProblemKind::NotFound);
        QCOMPARE(endpoint.status().firstError().message, expected);
    }

    void refusals_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("401") << 401 << int(ProblemKind::Unauthorized)
                             << QStringLiteral("Keystone at http://k.example:5000/v3/auth/tokens refused the credentials of "
                                               "user \"admin\" (domain \"Default\") (401): Keystone says \"The request you "
                                               "have made requires authentication.\"");
        QTest::newRow("403") << 403 << int(ProblemKind::Forbidden)
                             << QStringLiteral("Keystone at http://k.example:5000/v3/auth/tokens refused to issue a token for "
                                               "the credentials of user \"admin\" (domain \"Default\") (403): Keystone says "
                                               "\"The request you have made requires authentication.\"");
        // Keystone's own 404: an unknown token or application credential.
        QTest::newRow("404 from Keystone") << 404 << int(ProblemKind::Unauthorized)
                             << QStringLiteral("Keystone at http://k.example:5000/v3/auth/tokens refused the credentials of "
                                               "user \"admin\" (domain \"Default\") (404): Keystone says \"The request you "
                                               "have made requires authentication.\"");
        QTest::newRow("400") << 400 << int(ProblemKind::Refused)
                             << QStringLiteral("Keystone at http://k.example:5000/v3/auth/tokens refused the request (400): "
                                               "Keystone says \"The request you have made requires authentication.\"");
        QTest::newRow("503") << 503 << int(ProblemKind::ServerError)
                             << QStringLiteral("Keystone at http://k.example:5000/v3/auth/tokens failed (503): Keystone says "
                                               "\"The request you have made requires authentication.\"");
    }
    void refusals()
    {
        QFETCH(int, status);
        QFETCH(int, kind);
        QFETCH(QString, expected);
        const QByteArray body = jsonBytes(
            "{'error': {'code': 401, 'title': 'Unauthorized', 'message': 'The request you have made requires authentication.'}}");
        const Problem problem = keystoneProblem(passwordCloud(), QUrl(QStringLiteral("http://k.example:5000/v3/auth/tokens")),
                                                status, body);
        QCOMPARE(int(problem.kind), kind);
        QCOMPARE(problem.message, expected);
        QVERIFY(!problem.toString().contains(kPassword));
    }

    // A 401 from something that is not Keystone (a Placement at auth_url) is about the URL.
    void refusalNotFromKeystone_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("wwwAuthenticate");
        QTest::addColumn<int>("kind");
        QTest::newRow("Placement's 401") << jsonBytes("{'message': 'This server could not verify...', 'code': '401 Unauthorized'}")
                                         << QByteArray() << int(ProblemKind::NotFound);
        QTest::newRow("empty 401") << QByteArray() << QByteArray() << int(ProblemKind::NotFound);
        QTest::newRow("Keystone's header alone") << QByteArray() << QByteArrayLiteral("Keystone uri=\"http://k/v3\"")
                                                 << int(ProblemKind::Unauthorized);
        QTest::newRow("Keystone's document alone") << jsonBytes("{'error': {'code': 401}}") << QByteArray()
                                                   << int(ProblemKind::Unauthorized);
    }

    void notFoundNotFromKeystone()
    {
        const Problem problem = keystoneProblem(passwordCloud(), QUrl(QStringLiteral("http://k/identity/v3/auth/tokens")),
                                                404, QByteArrayLiteral("<p>The requested URL was not found</p>"));
        QCOMPARE(problem.kind, ProblemKind::NotFound);
        QCOMPARE(problem.field, QStringLiteral("auth_url"));
        QCOMPARE(problem.message,
                 QStringLiteral("http://k/identity/v3/auth/tokens answered 404; is auth_url Keystone's URL?"));
    }
    void refusalNotFromKeystone()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, wwwAuthenticate);
        QFETCH(int, kind);
        const Problem problem = keystoneProblem(passwordCloud(), QUrl(QStringLiteral("http://p:8778/v3/auth/tokens")), 401,
                                                body, wwwAuthenticate);
        QCOMPARE(int(problem.kind), kind);
        if (kind == int(ProblemKind::NotFound))
            QCOMPARE(problem.message, QStringLiteral("http://p:8778/v3/auth/tokens answered 401, but not as Keystone "
                                                     "answers: is auth_url Keystone's URL?"));
    }

    void whoWasRefused_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<QString>("expected");
        QTest::newRow("user by id") << 0 << QStringLiteral("the credentials of user id u1");
        QTest::newRow("application credential by id") << 1 << QStringLiteral("application credential id ac1");
        QTest::newRow("application credential by name") << 2 << QStringLiteral("application credential \"mine\" of user "
                                                                               "\"demo\" (domain id default)");
        QTest::newRow("token") << 3 << QStringLiteral("the token (expired or revoked?)");
    }
    void whoWasRefused()
    {
        QFETCH(int, variant);
        QFETCH(QString, expected);
        CloudConfig config;
        config.password = Secret(kPassword);
        config.applicationCredentialSecret = Secret(kPassword);
        config.token = Secret(kPassword);
        switch (variant) {
        case 0:
            config.userId = QStringLiteral("u1");
            break;
        case 1:
            config.authType = AuthType::ApplicationCredential;
            config.applicationCredentialId = QStringLiteral("ac1");
            break;
        case 2:
            config.authType = AuthType::ApplicationCredential;
            config.applicationCredentialName = QStringLiteral("mine");
            config.userName = QStringLiteral("demo");
            config.userDomainId = QStringLiteral("default");
            break;
        case 3:
            config.authType = AuthType::Token;
            break;
        }
        QCOMPARE(keystoneCredentials(config), expected);
    }

    // Keystone's message is server text: neutralised like any other.
    void keystoneMessageIsNeutralised_data()
    {
        QTest::addColumn<QString>("text");
        for (const auto &[label, text] : hostileNames())
            QTest::newRow(label) << text;
    }
    void keystoneMessageIsNeutralised()
    {
        QFETCH(QString, text);
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                                           QJsonObject{{QStringLiteral("message"), text}}}})
                                    .toJson();
        CloudConfig config = passwordCloud();
        config.userName = text;
        const Problem problem = keystoneProblem(config, QUrl(QStringLiteral("http://k/v3/auth/tokens")), 401, body);
        QVERIFY2(unsafeCharacters(problem.toString(), false).isEmpty(), qPrintable(problem.toString()));
        QVERIFY(problem.message.contains(neutralised(text.simplified())));
    }

    void tls()
    {
        QTemporaryDir dir;
        const QString ca = dir.path() + QStringLiteral("/ca.pem");
        QVERIFY(writeFile(ca, QByteArray(kCaPem)));
        const QString notPem = dir.path() + QStringLiteral("/not.pem");
        QVERIFY(writeFile(notPem, QByteArrayLiteral("hello")));

        CloudConfig config;
        Result<QSslConfiguration> ssl = sslConfigurationFor(config);
        QVERIFY(ssl.ok());
        QCOMPARE(ssl.value().peerVerifyMode(), QSslConfiguration::defaultConfiguration().peerVerifyMode());
        QCOMPARE(ssl.value().caCertificates(), QSslConfiguration::defaultConfiguration().caCertificates());

        config.cacert = ca;
        ssl = sslConfigurationFor(config);
        QVERIFY(ssl.ok());
        QCOMPARE(ssl.value().caCertificates(), QSslCertificate::fromData(QByteArray(kCaPem)));

        config.insecure = true; // wins over cacert, as in openstacksdk
        ssl = sslConfigurationFor(config);
        QVERIFY(ssl.ok());
        QCOMPARE(ssl.value().peerVerifyMode(), QSslSocket::VerifyNone);

        config.insecure = false;
        for (const QString &bad : QStringList{notPem, dir.path() + QStringLiteral("/missing.pem")}) {
            config.cacert = bad;
            ssl = sslConfigurationFor(config);
            QVERIFY(!ssl.ok());
            QCOMPARE(ssl.status().firstError().kind, ProblemKind::Configuration);
            QCOMPARE(ssl.status().firstError().field, QStringLiteral("cacert"));
            QVERIFY(ssl.status().firstError().message.contains(bad));
        }
    }
};

QTEST_GUILESS_MAIN(TestKeystoneAuth)
#include "tst_keystoneauth.moc"
