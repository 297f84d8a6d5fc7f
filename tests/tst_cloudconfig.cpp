// Cloud configuration as the openstack CLI reads it: where clouds.yaml and secure.yaml are
// searched, which cloud is chosen, which of the explicit options, the OS_* variables and the
// files wins for each value, and every configuration error. No server: resolveCloud() only
// reads files. The precedence rows were measured against python-openstackclient 6.0 /
// openstacksdk 0.101 (Debian bookworm): a capturing HTTP server showed the Keystone request
// `openstack token issue` sent for the same files and variables.
#include "cloudconfig.h"

#include "support/hostiletext.h"
#include "support/testfiles.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace provtree;
using namespace provtree::testing;

namespace {

// Secret values that must never be printed; each is unique so a leak is unambiguous.
const QString kPassword = QStringLiteral("pw-Zq81-never-shown");
const QString kEnvPassword = QStringLiteral("pw-env-Kx55-never-shown");
const QString kSecret = QStringLiteral("appcred-Wv42-never-shown");
const QString kToken = QStringLiteral("gAAAAA-token-Rr19-never-shown");
const QStringList kSecrets{kPassword, kEnvPassword, kSecret, kToken};

// "KEY=VALUE" entries as an environment; HOME points nowhere real, so no file of the
// machine's user can take part.
QProcessEnvironment environment(const QStringList &entries, const QString &home = QStringLiteral("/nonexistent-home"))
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), home);
    for (const QString &entry : entries) {
        const qsizetype equals = entry.indexOf(QLatin1Char('='));
        env.insert(entry.left(equals), entry.mid(equals + 1));
    }
    return env;
}

// "name=value" entries as CloudOptions: cloud, url, token, region, interface, cacert, insecure.
CloudOptions options(const QStringList &entries)
{
    CloudOptions options;
    for (const QString &entry : entries) {
        const qsizetype equals = entry.indexOf(QLatin1Char('='));
        const QString name = entry.left(equals);
        const QString value = entry.mid(equals + 1);
        if (name == QLatin1String("cloud")) options.cloud = value;
        else if (name == QLatin1String("url")) options.url = value;
        else if (name == QLatin1String("token")) options.token = Secret(value);
        else if (name == QLatin1String("region")) options.region = value;
        else if (name == QLatin1String("interface")) options.interface = value;
        else if (name == QLatin1String("cacert")) options.cacert = value;
        else if (name == QLatin1String("insecure")) options.insecure = value == QLatin1String("true");
        else qFatal("unknown option %s", qPrintable(name));
    }
    return options;
}

// A field of the result by its clouds.yaml name; secrets as their bytes (for comparison only).
QString field(const CloudConfig &config, const QString &name)
{
    const QHash<QString, QString> fields{
        {QStringLiteral("cloud"), config.cloudName},
        {QStringLiteral("auth_type"), authTypeName(config.authType)},
        {QStringLiteral("auth_url"), config.authUrl},
        {QStringLiteral("username"), config.userName},
        {QStringLiteral("user_id"), config.userId},
        {QStringLiteral("user_domain_name"), config.userDomainName},
        {QStringLiteral("user_domain_id"), config.userDomainId},
        {QStringLiteral("project_name"), config.projectName},
        {QStringLiteral("project_id"), config.projectId},
        {QStringLiteral("project_domain_name"), config.projectDomainName},
        {QStringLiteral("project_domain_id"), config.projectDomainId},
        {QStringLiteral("domain_name"), config.domainName},
        {QStringLiteral("domain_id"), config.domainId},
        {QStringLiteral("application_credential_id"), config.applicationCredentialId},
        {QStringLiteral("application_credential_name"), config.applicationCredentialName},
        {QStringLiteral("password"), QString::fromUtf8(config.password.reveal())},
        {QStringLiteral("application_credential_secret"), QString::fromUtf8(config.applicationCredentialSecret.reveal())},
        {QStringLiteral("token"), QString::fromUtf8(config.token.reveal())},
        {QStringLiteral("region"), config.region},
        {QStringLiteral("interface"), config.interface},
        {QStringLiteral("cacert"), config.cacert},
        {QStringLiteral("insecure"), config.insecure ? QStringLiteral("true") : QStringLiteral("false")},
        {QStringLiteral("placement_endpoint"), config.placementEndpoint},
    };
    if (!fields.contains(name))
        qFatal("unknown field %s", qPrintable(name));
    return fields.value(name);
}

// Everything resolveCloud() says to people: describe() and every problem, rendered.
QString everythingSaid(const Result<CloudConfig> &result)
{
    QStringList said;
    if (result.ok())
        said.append(result.value().describe());
    for (const Problem &problem : result.problems())
        said << problem.toString() << problem.message << problem.field << problem.location << problem.where();
    return said.join(QLatin1Char('\n'));
}

QString leakedSecret(const QString &text)
{
    for (const QString &secret : kSecrets) {
        if (text.contains(secret))
            return secret;
    }
    return {};
}

QString messages(const Result<CloudConfig> &result)
{
    QStringList texts;
    for (const Problem &problem : result.problems())
        texts.append(problem.toString());
    return texts.join(QLatin1Char('\n'));
}

// A cloud the precedence rows start from: every value set in clouds.yaml.
const char *const kFullCloud = R"(clouds:
  full:
    auth:
      auth_url: http://yaml.example:5000/v3
      username: yamluser
      password: pw-Zq81-never-shown
      project_name: yamlproject
      user_domain_name: YamlUserDomain
      project_domain_name: YamlProjectDomain
    region_name: YamlRegion
    interface: internal
    cacert: /yaml/ca.pem
)";

} // namespace

class TestCloudConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Writes clouds.yaml (and secure.yaml when given) into a fresh folder; the CloudFiles
    // that finds them.
    CloudFiles files(const QString &clouds, const QString &secure = {})
    {
        const QString folder = m_dir.path() + QStringLiteral("/") + QString::number(++m_folders);
        QDir().mkpath(folder);
        if (!clouds.isNull())
            writeFile(folder + QStringLiteral("/clouds.yaml"), clouds.toUtf8());
        if (!secure.isNull())
            writeFile(folder + QStringLiteral("/secure.yaml"), secure.toUtf8());
        return CloudFiles::inFolders({folder});
    }
    int m_folders = 0;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // ---- where the files are -----------------------------------------------------------

    void searchFoldersAreOpenstacksdks_data()
    {
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QStringList>("expected");
        const QString cwd = QStringLiteral("/work/here");
        QTest::newRow("defaults") << QStringList{QStringLiteral("HOME=/home/me")}
                                  << QStringList{cwd, QStringLiteral("/home/me/.config/openstack"),
                                                 QStringLiteral("/home/me/.config/openstack"),
                                                 QStringLiteral("/etc/xdg/openstack"), QStringLiteral("/etc/openstack")};
        QTest::newRow("XDG_CONFIG_HOME") << QStringList{QStringLiteral("HOME=/home/me"), QStringLiteral("XDG_CONFIG_HOME=/cfg")}
                                         << QStringList{cwd, QStringLiteral("/cfg/openstack"),
                                                        QStringLiteral("/home/me/.config/openstack"),
                                                        QStringLiteral("/etc/xdg/openstack"), QStringLiteral("/etc/openstack")};
        // platformdirs (upstream openstacksdk); bookworm's appdirs would search "openstack"
        // relative to the current folder.
        QTest::newRow("empty XDG_CONFIG_HOME is unset")
            << QStringList{QStringLiteral("HOME=/home/me"), QStringLiteral("XDG_CONFIG_HOME=")}
            << QStringList{cwd, QStringLiteral("/home/me/.config/openstack"), QStringLiteral("/home/me/.config/openstack"),
                           QStringLiteral("/etc/xdg/openstack"), QStringLiteral("/etc/openstack")};
        QTest::newRow("snap's real home") << QStringList{QStringLiteral("HOME=/home/me/snap/osc/1"), QStringLiteral("SNAP_REAL_HOME=/home/me")}
                                          << QStringList{cwd, QStringLiteral("/home/me/snap/osc/1/.config/openstack"),
                                                         QStringLiteral("/home/me/.config/openstack"),
                                                         QStringLiteral("/etc/xdg/openstack"), QStringLiteral("/etc/openstack")};
        QTest::newRow("XDG_CONFIG_DIRS") << QStringList{QStringLiteral("HOME=/home/me"), QStringLiteral("XDG_CONFIG_DIRS=/site")}
                                         << QStringList{cwd, QStringLiteral("/home/me/.config/openstack"),
                                                        QStringLiteral("/home/me/.config/openstack"),
                                                        QStringLiteral("/site/openstack"), QStringLiteral("/etc/openstack")};
        // platformdirs (multipath) joins the entries into one string, as openstacksdk uses it.
        QTest::newRow("several XDG_CONFIG_DIRS make one path")
            << QStringList{QStringLiteral("HOME=/home/me"), QStringLiteral("XDG_CONFIG_DIRS=/a:/b")}
            << QStringList{cwd, QStringLiteral("/home/me/.config/openstack"), QStringLiteral("/home/me/.config/openstack"),
                           QStringLiteral("/a/openstack:/b/openstack"), QStringLiteral("/etc/openstack")};
    }
    void searchFoldersAreOpenstacksdks()
    {
        QFETCH(QStringList, env);
        QFETCH(QStringList, expected);
        QCOMPARE(CloudFiles::searchFolders(environment(env, env.first().mid(5)), QStringLiteral("/work/here")), expected);
    }

    void candidatesInOpenstacksdksOrder()
    {
        const CloudFiles files = CloudFiles::inFolders({QStringLiteral("/a"), QStringLiteral("/b")});
        QCOMPARE(files.clouds, (QStringList{QStringLiteral("/a/clouds.yaml"), QStringLiteral("/a/clouds.yml"),
                                            QStringLiteral("/a/clouds.json"), QStringLiteral("/b/clouds.yaml"),
                                            QStringLiteral("/b/clouds.yml"), QStringLiteral("/b/clouds.json")}));
        QCOMPARE(files.secure, (QStringList{QStringLiteral("/a/secure.yaml"), QStringLiteral("/a/secure.yml"),
                                            QStringLiteral("/a/secure.json"), QStringLiteral("/b/secure.yaml"),
                                            QStringLiteral("/b/secure.yml"), QStringLiteral("/b/secure.json")}));
        QCOMPARE(files.folders(), (QStringList{QStringLiteral("/a"), QStringLiteral("/b")}));
    }

    void standardPutsTheOverrideFilesFirst()
    {
        const QProcessEnvironment env = environment({QStringLiteral("OS_CLIENT_CONFIG_FILE=/x/mine.yaml"),
                                                     QStringLiteral("OS_CLIENT_SECURE_FILE=/x/mine-secure.yaml")},
                                                    QStringLiteral("/home/me"));
        const CloudFiles files = CloudFiles::standard(env);
        QCOMPARE(files.clouds.first(), QStringLiteral("/x/mine.yaml"));
        QCOMPARE(files.secure.first(), QStringLiteral("/x/mine-secure.yaml"));
        QCOMPARE(files.clouds.at(1), QDir::currentPath() + QStringLiteral("/clouds.yaml"));
        QCOMPARE(files.clouds.last(), QStringLiteral("/etc/openstack/clouds.json"));
        QCOMPARE(files.clouds.size(), 1 + 5 * 3);
        QCOMPARE(CloudFiles::standard(environment({}, QStringLiteral("/home/me"))).clouds.first(),
                 QDir::currentPath() + QStringLiteral("/clouds.yaml"));
    }

    void osClientConfigFileIsRead()
    {
        QTemporaryDir home;
        const QString path = home.path() + QStringLiteral("/elsewhere.yaml");
        QVERIFY(writeFile(path, QByteArrayLiteral("clouds:\n  mine:\n    auth_type: admin_token\n    auth:\n"
                                                  "      endpoint: http://placement.example\n      token: t\n")));
        const QProcessEnvironment env = environment({QStringLiteral("OS_CLIENT_CONFIG_FILE=") + path}, home.path());
        const Result<CloudConfig> result = resolveCloud({}, env, CloudFiles::standard(env));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.value().cloudName, QStringLiteral("mine"));
        QCOMPARE(result.value().configFile, path);
    }

    void missingOsClientConfigFileIsAWarning()
    {
        QTemporaryDir home;
        const QProcessEnvironment env = environment({QStringLiteral("OS_CLIENT_CONFIG_FILE=/nonexistent/clouds.yaml"),
                                                     QStringLiteral("OS_AUTH_URL=http://k"), QStringLiteral("OS_USER_ID=u"),
                                                     QStringLiteral("OS_PASSWORD=p")},
                                                    home.path());
        const Result<CloudConfig> result = resolveCloud({}, env, CloudFiles::standard(env));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.problems().size(), 1);
        QCOMPARE(result.problems().first().severity, Severity::Warning);
        QCOMPARE(result.problems().first().message,
                 QStringLiteral("OS_CLIENT_CONFIG_FILE names /nonexistent/clouds.yaml, which does not exist: not read"));
    }

    // openstacksdk reads the first candidate that exists, not several; within a folder
    // clouds.yaml before clouds.yml before clouds.json; one it cannot open is skipped.
    void firstExistingFileWins_data()
    {
        QTest::addColumn<QStringList>("present"); // relative paths written, in this order
        QTest::addColumn<QString>("expected");
        QTest::newRow("earlier folder") << QStringList{QStringLiteral("b/clouds.yaml"), QStringLiteral("a/clouds.yml")}
                                        << QStringLiteral("a/clouds.yml");
        QTest::newRow("yaml before yml") << QStringList{QStringLiteral("a/clouds.yml"), QStringLiteral("a/clouds.yaml")}
                                         << QStringLiteral("a/clouds.yaml");
        QTest::newRow("yml before json") << QStringList{QStringLiteral("a/clouds.json"), QStringLiteral("a/clouds.yml")}
                                         << QStringLiteral("a/clouds.yml");
        QTest::newRow("json alone") << QStringList{QStringLiteral("b/clouds.json")} << QStringLiteral("b/clouds.json");
        QTest::newRow("a folder named clouds.yaml is skipped")
            << QStringList{QStringLiteral("a/clouds.yaml/"), QStringLiteral("b/clouds.yaml")} << QStringLiteral("b/clouds.yaml");
    }
    void firstExistingFileWins()
    {
        QFETCH(QStringList, present);
        QFETCH(QString, expected);
        QTemporaryDir root;
        for (const QString &file : present) {
            const QString path = root.path() + QLatin1Char('/') + file;
            QDir().mkpath(QFileInfo(path).path());
            if (file.endsWith(QLatin1Char('/'))) {
                QDir().mkpath(path);
                continue;
            }
            const QString name = QFileInfo(file).dir().dirName() + QFileInfo(file).suffix();
            const QByteArray content = file.endsWith(QLatin1String(".json"))
                                           ? QByteArrayLiteral("{\"clouds\": {\"") + name.toUtf8()
                                                 + QByteArrayLiteral("\": {\"auth_type\": \"none\", \"auth\": "
                                                                     "{\"endpoint\": \"http://p.example\"}}}}")
                                           : QByteArrayLiteral("clouds:\n  ") + name.toUtf8()
                                                 + QByteArrayLiteral(":\n    auth_type: none\n    auth:\n"
                                                                     "      endpoint: http://p.example\n");
            QVERIFY(writeFile(path, content));
        }
        const CloudFiles files = CloudFiles::inFolders({root.path() + QStringLiteral("/a"), root.path() + QStringLiteral("/b")});
        const Result<CloudConfig> result = resolveCloud({}, environment({}), files);
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.value().configFile, root.path() + QLatin1Char('/') + expected);
        QCOMPARE(result.value().cloudName, QFileInfo(expected).dir().dirName() + QFileInfo(expected).suffix());
        if (present.first().endsWith(QLatin1Char('/'))) {
            QCOMPARE(result.problems().size(), 1); // the folder, as a warning
            QCOMPARE(result.problems().first().severity, Severity::Warning);
            QVERIFY(result.problems().first().message.contains(QLatin1String("cannot be read")));
        }
    }

    // ---- which cloud ------------------------------------------------------------------

    void whichCloud_data()
    {
        QTest::addColumn<QString>("clouds");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QStringList>("given");
        QTest::addColumn<QString>("expectedCloud"); // "" for the OS_* cloud
        QTest::addColumn<QString>("expectedAuthUrl");
        const QString two = QStringLiteral("clouds:\n"
                                           "  one:\n    auth: {auth_url: http://one.example/v3, user_id: u, password: p}\n"
                                           "  two:\n    auth: {auth_url: http://two.example/v3, user_id: u, password: p}\n");
        const QString single = QStringLiteral("clouds:\n"
                                              "  only:\n    auth: {auth_url: http://only.example/v3, user_id: u, password: p}\n");
        QTest::newRow("OS_CLOUD") << two << QStringList{QStringLiteral("OS_CLOUD=two")} << QStringList{}
                                  << QStringLiteral("two") << QStringLiteral("http://two.example/v3");
        QTest::newRow("--os-cloud over OS_CLOUD") << two << QStringList{QStringLiteral("OS_CLOUD=two")}
                                                  << QStringList{QStringLiteral("cloud=one")} << QStringLiteral("one")
                                                  << QStringLiteral("http://one.example/v3");
        QTest::newRow("the only cloud") << single << QStringList{} << QStringList{} << QStringLiteral("only")
                                        << QStringLiteral("http://only.example/v3");
        QTest::newRow("selectors alone make no OS_* cloud")
            << single << QStringList{QStringLiteral("OS_REGION_NAME=R1"), QStringLiteral("OS_CLOUD_NAME=x")} << QStringList{}
            << QStringLiteral("only") << QStringLiteral("http://only.example/v3");
        QTest::newRow("test runner variables are not cloud variables")
            << single << QStringList{QStringLiteral("OS_TEST_TIMEOUT=60"), QStringLiteral("OS_STDOUT_CAPTURE=1"),
                                     QStringLiteral("OS_LOG_CAPTURE=1")}
            << QStringList{} << QStringLiteral("only") << QStringLiteral("http://only.example/v3");
        const QStringList variables{QStringLiteral("OS_AUTH_URL=http://env.example/v3"), QStringLiteral("OS_USER_ID=u"),
                                    QStringLiteral("OS_PASSWORD=p")};
        QTest::newRow("OS_* variables without a name make the cloud, not the only entry")
            << single << variables << QStringList{} << QString() << QStringLiteral("http://env.example/v3");
        QTest::newRow("OS_CLOUD=envvars names the OS_* cloud")
            << two << (variables + QStringList{QStringLiteral("OS_CLOUD=envvars")}) << QStringList{} << QString()
            << QStringLiteral("http://env.example/v3");
        QTest::newRow("OS_* variables without clouds.yaml") << QString() << variables << QStringList{} << QString()
                                                            << QStringLiteral("http://env.example/v3");
        QTest::newRow("a named cloud takes the variables as defaults")
            << two << (variables + QStringList{QStringLiteral("OS_CLOUD=one")}) << QStringList{} << QStringLiteral("one")
            << QStringLiteral("http://env.example/v3");
    }
    void whichCloud()
    {
        QFETCH(QString, clouds);
        QFETCH(QStringList, env);
        QFETCH(QStringList, given);
        QFETCH(QString, expectedCloud);
        QFETCH(QString, expectedAuthUrl);
        const Result<CloudConfig> result = resolveCloud(options(given), environment(env), files(clouds));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.value().cloudName, expectedCloud);
        QCOMPARE(result.value().authUrl, expectedAuthUrl);
        QCOMPARE(result.value().configFile.isEmpty(), expectedCloud.isEmpty());
    }

    // ---- which value wins ---------------------------------------------------------------

    void precedence_data()
    {
        QTest::addColumn<QString>("clouds");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QStringList>("given");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        const QString full = QString::fromUtf8(kFullCloud);
        const QStringList named{QStringLiteral("OS_CLOUD=full")};
        auto row = [&](const char *name, const QStringList &env, const QStringList &given, const char *field,
                       const QString &expected) {
            QTest::newRow(name) << full << (named + env) << given << QString::fromLatin1(field) << expected;
        };
        // The variables of the auth plugins' options win over clouds.yaml (measured).
        row("OS_AUTH_URL over auth_url", {QStringLiteral("OS_AUTH_URL=http://env.example/v3")}, {}, "auth_url",
            QStringLiteral("http://env.example/v3"));
        row("OS_USERNAME over username", {QStringLiteral("OS_USERNAME=envuser")}, {}, "username", QStringLiteral("envuser"));
        row("OS_PASSWORD over password", {QStringLiteral("OS_PASSWORD=") + kEnvPassword}, {}, "password", kEnvPassword);
        row("password from clouds.yaml", {}, {}, "password", kPassword);
        row("OS_USER_ID added", {QStringLiteral("OS_USER_ID=envuid")}, {}, "user_id", QStringLiteral("envuid"));
        row("OS_AUTH_TYPE over auth_type", {QStringLiteral("OS_AUTH_TYPE=v3token"), QStringLiteral("OS_TOKEN=t")}, {},
            "auth_type", QStringLiteral("token"));
        // Project, domain and token values: clouds.yaml wins (measured; _fix_backwards_project).
        row("project_name over OS_PROJECT_NAME", {QStringLiteral("OS_PROJECT_NAME=envproject")}, {}, "project_name",
            QStringLiteral("yamlproject"));
        row("user_domain_name over OS_USER_DOMAIN_NAME", {QStringLiteral("OS_USER_DOMAIN_NAME=EnvDomain")}, {},
            "user_domain_name", QStringLiteral("YamlUserDomain"));
        row("project_domain_name over OS_DOMAIN_NAME", {QStringLiteral("OS_DOMAIN_NAME=EnvDomain")}, {},
            "project_domain_name", QStringLiteral("YamlProjectDomain"));
        row("project_name over OS_TENANT_NAME", {QStringLiteral("OS_TENANT_NAME=envtenant")}, {}, "project_name",
            QStringLiteral("yamlproject"));
        row("OS_PROJECT_ID added", {QStringLiteral("OS_PROJECT_ID=envpid")}, {}, "project_id", QStringLiteral("envpid"));
        // Transport: options over variables over clouds.yaml.
        row("interface from clouds.yaml", {}, {}, "interface", QStringLiteral("internal"));
        row("OS_INTERFACE over interface", {QStringLiteral("OS_INTERFACE=admin")}, {}, "interface", QStringLiteral("admin"));
        row("--os-interface over OS_INTERFACE", {QStringLiteral("OS_INTERFACE=admin")}, {QStringLiteral("interface=public")},
            "interface", QStringLiteral("public"));
        row("publicURL is public", {QStringLiteral("OS_INTERFACE=publicURL")}, {}, "interface", QStringLiteral("public"));
        row("OS_CACERT over cacert", {QStringLiteral("OS_CACERT=/env/ca.pem")}, {}, "cacert", QStringLiteral("/env/ca.pem"));
        row("--os-cacert over OS_CACERT", {QStringLiteral("OS_CACERT=/env/ca.pem")}, {QStringLiteral("cacert=/opt/ca.pem")},
            "cacert", QStringLiteral("/opt/ca.pem"));
        row("OS_INSECURE is not read for a named cloud", {QStringLiteral("OS_INSECURE=true")}, {}, "insecure",
            QStringLiteral("false"));
        row("--insecure", {}, {QStringLiteral("insecure=true")}, "insecure", QStringLiteral("true"));
        // Region: options, OS_REGION_NAME, then the cloud's.
        row("region from clouds.yaml", {}, {}, "region", QStringLiteral("YamlRegion"));
        row("--os-region-name", {}, {QStringLiteral("region=YamlRegion")}, "region", QStringLiteral("YamlRegion"));
        row("--token means token auth", {}, {QStringLiteral("token=") + kToken}, "auth_type", QStringLiteral("token"));
        row("--token is the token", {}, {QStringLiteral("token=") + kToken}, "token", kToken);

        const QString tokenCloud = QStringLiteral("clouds:\n  tok:\n    auth_type: v3token\n    auth:\n"
                                                  "      auth_url: http://k.example/v3\n      token: ")
                                   + kToken + QStringLiteral("\n      project_id: yamlpid\n");
        QTest::newRow("token in clouds.yaml over OS_TOKEN")
            << tokenCloud << QStringList{QStringLiteral("OS_CLOUD=tok"), QStringLiteral("OS_TOKEN=envtoken")} << QStringList{}
            << QStringLiteral("token") << kToken;
        QTest::newRow("--token over the token in clouds.yaml")
            << tokenCloud << QStringList{QStringLiteral("OS_CLOUD=tok")} << QStringList{QStringLiteral("token=explicit")}
            << QStringLiteral("token") << QStringLiteral("explicit");

        // The OS_* cloud reads every variable, OS_INSECURE and the Placement override included.
        const QStringList variables{QStringLiteral("OS_AUTH_URL=http://env.example/v3"), QStringLiteral("OS_USERNAME=u"),
                                    QStringLiteral("OS_PASSWORD=") + kEnvPassword, QStringLiteral("OS_PROJECT_NAME=p"),
                                    QStringLiteral("OS_DOMAIN_NAME=D")};
        auto envRow = [&](const char *name, const QStringList &env, const char *field, const QString &expected) {
            QTest::newRow(name) << QString() << (variables + env) << QStringList{} << QString::fromLatin1(field) << expected;
        };
        envRow("OS_INSECURE in the OS_* cloud", {QStringLiteral("OS_INSECURE=True")}, "insecure", QStringLiteral("true"));
        envRow("OS_INSECURE=false", {QStringLiteral("OS_INSECURE=false")}, "insecure", QStringLiteral("false"));
        envRow("OS_DOMAIN_NAME is the user's domain", {}, "user_domain_name", QStringLiteral("D"));
        envRow("OS_DOMAIN_NAME is the project's domain", {}, "project_domain_name", QStringLiteral("D"));
        envRow("OS_DOMAIN_NAME is no scope with a project", {}, "domain_name", QString());
        envRow("OS_PROJECT_NAME over OS_TENANT_NAME", {QStringLiteral("OS_TENANT_NAME=t")}, "project_name", QStringLiteral("p"));
        envRow("OS_PLACEMENT_ENDPOINT_OVERRIDE", {QStringLiteral("OS_PLACEMENT_ENDPOINT_OVERRIDE=http://pl.example")},
               "placement_endpoint", QStringLiteral("http://pl.example"));
        envRow("OS_REGION_NAME", {QStringLiteral("OS_REGION_NAME=R9")}, "region", QStringLiteral("R9"));
        envRow("interface defaults to public", {}, "interface", QStringLiteral("public"));
        QTest::newRow("OS_TENANT_NAME alone") << QString()
                                              << QStringList{QStringLiteral("OS_AUTH_URL=http://e.example"),
                                                             QStringLiteral("OS_USER_ID=u"), QStringLiteral("OS_PASSWORD=p"),
                                                             QStringLiteral("OS_TENANT_NAME=t"),
                                                             QStringLiteral("OS_PROJECT_DOMAIN_ID=default")}
                                              << QStringList{} << QStringLiteral("project_name") << QStringLiteral("t");
        QTest::newRow("OS_DOMAIN_NAME without a project is a domain scope")
            << QString()
            << QStringList{QStringLiteral("OS_AUTH_URL=http://e.example"), QStringLiteral("OS_USER_ID=u"),
                           QStringLiteral("OS_PASSWORD=p"), QStringLiteral("OS_DOMAIN_NAME=D")}
            << QStringList{} << QStringLiteral("domain_name") << QStringLiteral("D");
    }
    void precedence()
    {
        QFETCH(QString, clouds);
        QFETCH(QStringList, env);
        QFETCH(QStringList, given);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        const Result<CloudConfig> result = resolveCloud(options(given), environment(env), files(clouds));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(::field(result.value(), field), expected);
    }

    // Domains nobody gave: osc-lib defaults them for password auth with identity API 3,
    // keystoneauth from default_domain_*; otherwise they are missing (measured: the CLI
    // sends none and Keystone refuses; here it is a configuration error).
    void defaultDomains_data()
    {
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("userDomainId");
        QTest::addColumn<QString>("projectDomainId");
        const QStringList base{QStringLiteral("OS_AUTH_URL=http://k.example/v3"), QStringLiteral("OS_USERNAME=u"),
                               QStringLiteral("OS_PASSWORD=p"), QStringLiteral("OS_PROJECT_NAME=pr")};
        QTest::newRow("identity API 3") << (base + QStringList{QStringLiteral("OS_IDENTITY_API_VERSION=3")})
                                        << QStringLiteral("default") << QStringLiteral("default");
        QTest::newRow("OS_DEFAULT_DOMAIN") << (base + QStringList{QStringLiteral("OS_IDENTITY_API_VERSION=3"),
                                                                  QStringLiteral("OS_DEFAULT_DOMAIN=mydom")})
                                           << QStringLiteral("mydom") << QStringLiteral("mydom");
        QTest::newRow("OS_DEFAULT_DOMAIN_ID") << (base + QStringList{QStringLiteral("OS_DEFAULT_DOMAIN_ID=d2")})
                                              << QStringLiteral("d2") << QStringLiteral("d2");
        QTest::newRow("given domains stay") << (base + QStringList{QStringLiteral("OS_IDENTITY_API_VERSION=3"),
                                                                   QStringLiteral("OS_USER_DOMAIN_ID=ud"),
                                                                   QStringLiteral("OS_PROJECT_DOMAIN_ID=pd")})
                                            << QStringLiteral("ud") << QStringLiteral("pd");
    }
    void defaultDomains()
    {
        QFETCH(QStringList, env);
        QFETCH(QString, userDomainId);
        QFETCH(QString, projectDomainId);
        const Result<CloudConfig> result = resolveCloud({}, environment(env), files(QString()));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.value().userDomainId, userDomainId);
        QCOMPARE(result.value().projectDomainId, projectDomainId);
    }

    void regions_data()
    {
        QTest::addColumn<QString>("regions");
        QTest::addColumn<QStringList>("given");
        QTest::addColumn<QString>("expectedRegion");
        QTest::addColumn<QString>("expectedAuthUrl");
        QTest::newRow("first of regions") << QStringLiteral("regions: [R1, R2]") << QStringList{} << QStringLiteral("R1")
                                          << QStringLiteral("http://k.example/v3");
        QTest::newRow("chosen of regions") << QStringLiteral("regions: [R1, R2]") << QStringList{QStringLiteral("region=R2")}
                                           << QStringLiteral("R2") << QStringLiteral("http://k.example/v3");
        QTest::newRow("comma-separated region_name") << QStringLiteral("region_name: R1,R2")
                                                     << QStringList{QStringLiteral("region=R2")} << QStringLiteral("R2")
                                                     << QStringLiteral("http://k.example/v3");
        QTest::newRow("a region's values") << QStringLiteral("regions:\n      - name: R1\n      - name: R2\n        values:\n"
                                                             "          auth: {auth_url: 'http://k2.example/v3'}")
                                           << QStringList{QStringLiteral("region=R2")} << QStringLiteral("R2")
                                           << QStringLiteral("http://k2.example/v3");
        QTest::newRow("no regions: any asked for") << QString() << QStringList{QStringLiteral("region=Rx")}
                                                   << QStringLiteral("Rx") << QStringLiteral("http://k.example/v3");
        QTest::newRow("no regions, none asked for") << QString() << QStringList{} << QString()
                                                    << QStringLiteral("http://k.example/v3");
    }
    void regions()
    {
        QFETCH(QString, regions);
        QFETCH(QStringList, given);
        QFETCH(QString, expectedRegion);
        QFETCH(QString, expectedAuthUrl);
        const QString clouds = QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k.example/v3', user_id: u, "
                                              "password: p}\n    ")
                               + regions + QLatin1Char('\n');
        const Result<CloudConfig> result = resolveCloud(options(given), environment({}), files(clouds));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.value().region, expectedRegion);
        QCOMPARE(result.value().authUrl, expectedAuthUrl);
    }

    // secure.yaml is merged into clouds.yaml deeply: auth: gains the password and keeps the rest.
    void secureFileIsMergedDeeply()
    {
        const QString clouds = QStringLiteral("clouds:\n  c:\n    auth:\n      auth_url: http://k.example/v3\n"
                                              "      username: admin\n      user_domain_name: Default\n"
                                              "      password: stale\n    region_name: R1\n");
        const QString secure = QStringLiteral("clouds:\n  c:\n    auth:\n      password: ") + kPassword
                               + QStringLiteral("\n  only-secret:\n    auth_type: none\n    auth: {endpoint: 'http://x'}\n");
        const CloudFiles both = files(clouds, secure);
        const Result<CloudConfig> result = resolveCloud(options({QStringLiteral("cloud=c")}), environment({}), both);
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(QString::fromUtf8(result.value().password.reveal()), kPassword);
        QCOMPARE(result.value().userName, QStringLiteral("admin"));
        QCOMPARE(result.value().authUrl, QStringLiteral("http://k.example/v3"));
        QCOMPARE(result.value().region, QStringLiteral("R1"));
        QVERIFY(result.value().secureFile.endsWith(QLatin1String("/secure.yaml")));
        const Result<QStringList> names = cloudNames(both);
        QVERIFY(names.ok());
        QCOMPARE(names.value(), (QStringList{QStringLiteral("c"), QStringLiteral("only-secret")}));
    }

    void authTypes_data()
    {
        QTest::addColumn<QString>("cloud"); // the entry's body
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("expected");
        const QString keystone = QStringLiteral("auth_url: http://k.example/v3");
        QTest::newRow("password") << QStringLiteral("auth_type: password\n    auth: {%1, user_id: u, password: p}").arg(keystone)
                                  << QStringList{} << QStringLiteral("password");
        QTest::newRow("v3password") << QStringLiteral("auth_type: v3password\n    auth: {%1, user_id: u, password: p}").arg(keystone)
                                    << QStringList{} << QStringLiteral("password");
        QTest::newRow("auth_plugin (old name)")
            << QStringLiteral("auth_plugin: v3token\n    auth: {%1, token: t}").arg(keystone) << QStringList{}
            << QStringLiteral("token");
        QTest::newRow("v3applicationcredential")
            << QStringLiteral("auth_type: v3applicationcredential\n    auth: {%1, application_credential_id: i, "
                              "application_credential_secret: s}")
                   .arg(keystone)
            << QStringList{} << QStringLiteral("v3applicationcredential");
        QTest::newRow("token") << QStringLiteral("auth_type: token\n    auth: {%1, token: t}").arg(keystone) << QStringList{}
                               << QStringLiteral("token");
        QTest::newRow("admin_token") << QStringLiteral("auth_type: admin_token\n    auth: {endpoint: 'http://p.example', token: t}")
                                     << QStringList{} << QStringLiteral("direct");
        QTest::newRow("token_endpoint") << QStringLiteral("auth_type: token_endpoint\n    auth: {url: 'http://p.example', token: t}")
                                        << QStringList{} << QStringLiteral("direct");
        QTest::newRow("none") << QStringLiteral("auth_type: none\n    auth: {endpoint: 'http://p.example'}") << QStringList{}
                              << QStringLiteral("direct");
        QTest::newRow("no type, a user: password") << QStringLiteral("auth: {%1, user_id: u, password: p}").arg(keystone)
                                                   << QStringList{} << QStringLiteral("password");
        QTest::newRow("no type, a token: token") << QStringLiteral("auth: {%1, token: t}").arg(keystone) << QStringList{}
                                                 << QStringLiteral("token");
        QTest::newRow("no type, OS_ENDPOINT and OS_TOKEN: admin_token")
            << QStringLiteral("auth: {%1}").arg(keystone)
            << QStringList{QStringLiteral("OS_ENDPOINT=http://p.example"), QStringLiteral("OS_TOKEN=t")}
            << QStringLiteral("direct");
    }
    void authTypes()
    {
        QFETCH(QString, cloud);
        QFETCH(QStringList, env);
        QFETCH(QString, expected);
        const Result<CloudConfig> result = resolveCloud({}, environment(env),
                                                        files(QStringLiteral("clouds:\n  c:\n    ") + cloud + QLatin1Char('\n')));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(authTypeName(result.value().authType), expected);
        if (result.value().authType == AuthType::Direct) {
            QCOMPARE(result.value().placementEndpoint, QStringLiteral("http://p.example"));
            QCOMPARE(result.value().token.isEmpty(), cloud.startsWith(QLatin1String("auth_type: none")));
        }
    }

    void directUrl()
    {
        const Result<CloudConfig> result =
            resolveCloud(options({QStringLiteral("url=http://127.0.0.1:8778"), QStringLiteral("token=") + kToken}),
                         environment({QStringLiteral("OS_CLOUD=ignored"), QStringLiteral("OS_INSECURE=true")}),
                         files(QStringLiteral("clouds: {other: {}}\n")));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.value().authType, AuthType::Direct);
        QCOMPARE(result.value().placementEndpoint, QStringLiteral("http://127.0.0.1:8778"));
        QCOMPARE(QString::fromUtf8(result.value().token.reveal()), kToken);
        QVERIFY(result.value().insecure);
        QCOMPARE(result.value().describe(),
                 QStringLiteral("Placement at http://127.0.0.1:8778, no Keystone, with a token, TLS verification off"));
        const Result<CloudConfig> fromVariable = resolveCloud(options({QStringLiteral("url=http://127.0.0.1:8778")}),
                                                              environment({QStringLiteral("OS_TOKEN=admin")}), files(QString()));
        QVERIFY2(fromVariable.ok(), qPrintable(messages(fromVariable)));
        QCOMPARE(fromVariable.value().token.reveal(), QByteArrayLiteral("admin"));
    }

    // Files as openstacksdk reads them: hyphens in keys, YAML 1.1 booleans, JSON.
    void fileDetails_data()
    {
        QTest::addColumn<QString>("clouds");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        const QString head = QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k.example/v3', user_id: u, password: p}\n");
        QTest::newRow("hyphenated keys") << QStringLiteral("clouds:\n  c:\n    auth:\n      auth-url: http://h.example/v3\n"
                                                           "      user-id: u\n      password: p\n    region-name: R\n")
                                         << QStringLiteral("auth_url") << QStringLiteral("http://h.example/v3");
        QTest::newRow("a hyphen in the cloud's name stays")
            << QStringLiteral("clouds:\n  my-cloud:\n    auth: {auth_url: 'http://k.example/v3', user_id: u, password: p}\n")
            << QStringLiteral("cloud") << QStringLiteral("my-cloud");
        QTest::newRow("verify: false") << head + QStringLiteral("    verify: false\n") << QStringLiteral("insecure")
                                       << QStringLiteral("true");
        QTest::newRow("verify: no") << head + QStringLiteral("    verify: no\n") << QStringLiteral("insecure")
                                    << QStringLiteral("true");
        QTest::newRow("verify: true") << head + QStringLiteral("    verify: true\n") << QStringLiteral("insecure")
                                      << QStringLiteral("false");
        QTest::newRow("insecure: yes") << head + QStringLiteral("    insecure: yes\n") << QStringLiteral("insecure")
                                       << QStringLiteral("true");
        QTest::newRow("insecure: 'yes' is text, not true") << head + QStringLiteral("    insecure: 'yes'\n")
                                                           << QStringLiteral("insecure") << QStringLiteral("false");
        QTest::newRow("a number is text") << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k.example/v3', "
                                                            "user_id: 12345, password: p}\n")
                                          << QStringLiteral("user_id") << QStringLiteral("12345");
        QTest::newRow("placement_endpoint_override")
            << head + QStringLiteral("    placement_endpoint_override: http://pl.example/placement\n")
            << QStringLiteral("placement_endpoint") << QStringLiteral("http://pl.example/placement");
        QTest::newRow("tenant_name is project_name") << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k', "
                                                                       "user_id: u, password: p, tenant_name: t, "
                                                                       "project_domain_id: d}\n")
                                                     << QStringLiteral("project_name") << QStringLiteral("t");
        QTest::newRow("cacert with ~") << head + QStringLiteral("    cacert: ~/ca.pem\n") << QStringLiteral("cacert")
                                       << QStringLiteral("/nonexistent-home/ca.pem");
    }
    void fileDetails()
    {
        QFETCH(QString, clouds);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        const Result<CloudConfig> result = resolveCloud({}, environment({}), files(clouds));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(::field(result.value(), field), expected);
    }

    void jsonFile()
    {
        QTemporaryDir folder;
        QVERIFY(writeFile(folder.path() + QStringLiteral("/clouds.json"),
                          QByteArrayLiteral("{\"clouds\": {\"j\": {\"verify\": false, \"auth\": {\"auth_url\": "
                                            "\"http://k.example/v3\", \"user_id\": 42, \"password\": \"p\"}}}}")));
        const Result<CloudConfig> result = resolveCloud({}, environment({}), CloudFiles::inFolders({folder.path()}));
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.value().cloudName, QStringLiteral("j"));
        QCOMPARE(result.value().userId, QStringLiteral("42"));
        QVERIFY(result.value().insecure);
    }

    // ---- errors ------------------------------------------------------------------------

    void errors_data()
    {
        QTest::addColumn<QString>("clouds");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QStringList>("given");
        QTest::addColumn<QStringList>("fragments"); // each must be in the rendered problem
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("location");      // suffix of the location: ":LINE:COLUMN"
        const QString two = QStringLiteral("clouds:\n  one: {auth_type: none, auth: {endpoint: 'http://a'}}\n"
                                           "  two: {auth_type: none, auth: {endpoint: 'http://b'}}\n");
        QTest::newRow("YAML syntax") << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: x\n  d: [\n")
                                     << QStringList{} << QStringList{}
                                     << QStringList{QStringLiteral("is not valid YAML")} << QString()
                                     << QStringLiteral(":4:");
        QTest::newRow("top level not a mapping") << QStringLiteral("- a\n- b\n") << QStringList{} << QStringList{}
                                                 << QStringList{QStringLiteral("must be a mapping")} << QString()
                                                 << QStringLiteral(":1:1");
        QTest::newRow("unknown cloud") << two << QStringList{QStringLiteral("OS_CLOUD=three")} << QStringList{}
                                       << QStringList{QStringLiteral("no cloud named \"three\""),
                                                      QStringLiteral("(it has \"one\", \"two\")")}
                                       << QString() << QString();
        QTest::newRow("unknown cloud, no file") << QString() << QStringList{} << QStringList{QStringLiteral("cloud=x")}
                                                << QStringList{QStringLiteral("no cloud named \"x\": no clouds.yaml in ")}
                                                << QString() << QString();
        QTest::newRow("several clouds, none named") << two << QStringList{} << QStringList{}
                                                    << QStringList{QStringLiteral("has 2 clouds: name one with --os-cloud or OS_CLOUD")}
                                                    << QString() << QString();
        QTest::newRow("nothing configured") << QString() << QStringList{} << QStringList{}
                                            << QStringList{QStringLiteral("no cloud configured: no clouds.yaml in ")}
                                            << QString() << QString();
        QTest::newRow("unknown region") << QStringLiteral("clouds:\n  c:\n    regions: [R1, R2]\n    auth_type: none\n"
                                                          "    auth: {endpoint: 'http://a'}\n")
                                        << QStringList{QStringLiteral("OS_REGION_NAME=r1")} << QStringList{}
                                        << QStringList{QStringLiteral("region \"r1\" is not a region of cloud \"c\", which has R1, R2")}
                                        << QStringLiteral("region_name") << QStringLiteral(":2:3");
        QTest::newRow("unsupported auth type")
            << QStringLiteral("clouds:\n  c:\n    auth_type: v3oidcpassword\n    auth: {auth_url: 'http://k'}\n")
            << QStringList{} << QStringList{}
            << QStringList{QStringLiteral("auth type \"v3oidcpassword\" is not supported; provtree supports password, "
                                          "v3password, v3applicationcredential, token, v3token, admin_token (token_endpoint) and none")}
            << QStringLiteral("auth_type") << QStringLiteral(":3:5");
        QTest::newRow("no auth_url") << QStringLiteral("clouds:\n  c:\n    auth: {user_id: u, password: p}\n") << QStringList{}
                                     << QStringList{} << QStringList{QStringLiteral("cloud \"c\" has no auth_url")}
                                     << QStringLiteral("auth_url") << QStringLiteral(":2:3");
        QTest::newRow("no user") << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k', password: p}\n")
                                 << QStringList{} << QStringList{}
                                 << QStringList{QStringLiteral("uses password auth and needs a user")}
                                 << QStringLiteral("username") << QString();
        QTest::newRow("no password") << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k', username: admin, "
                                                       "user_domain_name: Default}\n")
                                     << QStringList{} << QStringList{}
                                     << QStringList{QStringLiteral("no password for user \"admin\"")}
                                     << QStringLiteral("password") << QString();
        QTest::newRow("user without domain") << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k', username: admin, "
                                                               "password: p}\n")
                                             << QStringList{} << QStringList{}
                                             << QStringList{QStringLiteral("user \"admin\" needs its domain")}
                                             << QStringLiteral("user_domain_name") << QString();
        QTest::newRow("project without domain") << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k', user_id: u, "
                                                                  "password: p, project_name: demo}\n")
                                                << QStringList{} << QStringList{}
                                                << QStringList{QStringLiteral("project \"demo\" needs its domain")}
                                                << QStringLiteral("project_domain_name") << QString();
        QTest::newRow("application credential without secret")
            << QStringLiteral("clouds:\n  c:\n    auth_type: v3applicationcredential\n    auth: {auth_url: 'http://k', "
                              "application_credential_id: i}\n")
            << QStringList{} << QStringList{} << QStringList{QStringLiteral("no secret for the application credential")}
            << QStringLiteral("application_credential_secret") << QString();
        QTest::newRow("application credential without id or name")
            << QStringLiteral("clouds:\n  c:\n    auth_type: v3applicationcredential\n    auth: {auth_url: 'http://k', "
                              "application_credential_secret: s}\n")
            << QStringList{} << QStringList{} << QStringList{QStringLiteral("uses an application credential but names none")}
            << QStringLiteral("application_credential_id") << QString();
        QTest::newRow("application credential by name without user")
            << QStringLiteral("clouds:\n  c:\n    auth_type: v3applicationcredential\n    auth: {auth_url: 'http://k', "
                              "application_credential_name: n, application_credential_secret: s}\n")
            << QStringList{} << QStringList{}
            << QStringList{QStringLiteral("names its application credential by name, which needs a user")}
            << QStringLiteral("username") << QString();
        QTest::newRow("token auth without token")
            << QStringLiteral("clouds:\n  c:\n    auth_type: v3token\n    auth: {auth_url: 'http://k'}\n") << QStringList{}
            << QStringList{} << QStringList{QStringLiteral("uses token auth but has no token")} << QStringLiteral("token")
            << QString();
        QTest::newRow("admin_token without endpoint")
            << QStringLiteral("clouds:\n  c:\n    auth_type: admin_token\n    auth: {token: t}\n") << QStringList{}
            << QStringList{} << QStringList{QStringLiteral("names no endpoint")} << QStringLiteral("endpoint") << QString();
        QTest::newRow("admin_token without token")
            << QStringLiteral("clouds:\n  c:\n    auth_type: admin_token\n    auth: {endpoint: 'http://p'}\n") << QStringList{}
            << QStringList{} << QStringList{QStringLiteral("uses admin_token auth but has no token")} << QStringLiteral("token")
            << QString();
        QTest::newRow("--url without token") << QString() << QStringList{} << QStringList{QStringLiteral("url=http://p")}
                                             << QStringList{QStringLiteral("--url needs Placement's token")}
                                             << QStringLiteral("token") << QString();
        QTest::newRow("--url and --os-cloud") << QString() << QStringList{}
                                              << QStringList{QStringLiteral("url=http://p"), QStringLiteral("cloud=c")}
                                              << QStringList{QStringLiteral("give one of them")} << QStringLiteral("url")
                                              << QString();
        QTest::newRow("not a URL") << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'keystone:5000', user_id: u, "
                                                     "password: p}\n")
                                   << QStringList{} << QStringList{}
                                   << QStringList{QStringLiteral("auth_url \"keystone:5000\" is not an http:// or https:// URL")}
                                   << QStringLiteral("auth_url") << QString();
        QTest::newRow("bad interface") << QString()
                                       << QStringList{QStringLiteral("OS_AUTH_URL=http://k"), QStringLiteral("OS_USER_ID=u"),
                                                      QStringLiteral("OS_PASSWORD=p"), QStringLiteral("OS_INTERFACE=privat")}
                                       << QStringList{} << QStringList{QStringLiteral("interface \"privat\" is not one of")}
                                       << QStringLiteral("interface") << QString();
        QTest::newRow("verify is a path") << QStringLiteral("clouds:\n  c:\n    verify: /etc/ca.pem\n    auth_type: none\n"
                                                            "    auth: {endpoint: 'http://p'}\n")
                                          << QStringList{} << QStringList{}
                                          << QStringList{QStringLiteral("verify must be true or false")}
                                          << QStringLiteral("verify") << QStringLiteral(":3:5");
        QTest::newRow("auth is not a mapping") << QStringLiteral("clouds:\n  c:\n    auth: [a]\n") << QStringList{}
                                               << QStringList{} << QStringList{QStringLiteral("auth must be a mapping")}
                                               << QStringLiteral("auth") << QStringLiteral(":3:5");
        QTest::newRow("a value that is a list") << QStringLiteral("clouds:\n  c:\n    auth:\n      auth_url: [a, b]\n"
                                                                  "      user_id: u\n      password: p\n")
                                                << QStringList{} << QStringList{}
                                                << QStringList{QStringLiteral("auth.auth_url must be text")}
                                                << QStringLiteral("auth_url") << QStringLiteral(":4:7");
    }
    void errors()
    {
        QFETCH(QString, clouds);
        QFETCH(QStringList, env);
        QFETCH(QStringList, given);
        QFETCH(QStringList, fragments);
        QFETCH(QString, field);
        QFETCH(QString, location);
        const Result<CloudConfig> result = resolveCloud(options(given), environment(env), files(clouds));
        QVERIFY(!result.ok());
        const Problem problem = result.status().firstError();
        QCOMPARE(problem.kind, ProblemKind::Configuration);
        for (const QString &fragment : fragments)
            QVERIFY2(problem.toString().contains(fragment), qPrintable(problem.toString()));
        QCOMPARE(problem.field, field);
        if (location.isEmpty())
            QVERIFY2(problem.location.isEmpty() || problem.location.endsWith(QLatin1String("/clouds.yaml"))
                         || problem.location.contains(QLatin1String("/clouds.yaml:")),
                     qPrintable(problem.location));
        else
            QVERIFY2(problem.location.contains(QLatin1String("/clouds.yaml") + location), qPrintable(problem.location));
        QVERIFY2(unsafeCharacters(problem.toString(), false).isEmpty(), qPrintable(problem.toString()));
    }

    void jsonSyntaxErrorIsLocated()
    {
        QTemporaryDir folder;
        QVERIFY(writeFile(folder.path() + QStringLiteral("/clouds.json"), QByteArrayLiteral("{\n  \"clouds\": {,\n}")));
        const Result<CloudConfig> result = resolveCloud({}, environment({}), CloudFiles::inFolders({folder.path()}));
        QVERIFY(!result.ok());
        QCOMPARE(result.status().firstError().location, folder.path() + QStringLiteral("/clouds.json:2:14"));
        QVERIFY(result.status().firstError().message.contains(QLatin1String("is not valid JSON")));
    }

    // ---- nothing secret, nothing raw ------------------------------------------------------

    // Every way a secret can be configured, every outcome: the secret is in no message, no
    // location, no field, and not in describe().
    void secretsAreNeverShown_data()
    {
        QTest::addColumn<QString>("clouds");
        QTest::addColumn<QString>("secure");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QStringList>("given");
        const QString pw = QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k', username: u, user_domain_name: D, "
                                          "password: '%1'}\n").arg(kPassword);
        QTest::newRow("password in clouds.yaml") << pw << QString() << QStringList{} << QStringList{};
        QTest::newRow("password, bad region") << pw + QStringLiteral("    regions: [R1]\n") << QString() << QStringList{}
                                              << QStringList{QStringLiteral("region=R2")};
        QTest::newRow("password, unknown cloud") << pw << QString() << QStringList{} << QStringList{QStringLiteral("cloud=x")};
        QTest::newRow("password in secure.yaml, no project domain")
            << QStringLiteral("clouds:\n  c:\n    auth: {auth_url: 'http://k', user_id: u, project_name: p}\n")
            << QStringLiteral("clouds:\n  c:\n    auth: {password: '%1'}\n").arg(kPassword) << QStringList{} << QStringList{};
        QTest::newRow("OS_PASSWORD, no user") << QString() << QString()
                                              << QStringList{QStringLiteral("OS_AUTH_URL=http://k"),
                                                             QStringLiteral("OS_PASSWORD=") + kEnvPassword}
                                              << QStringList{};
        QTest::newRow("application credential secret")
            << QStringLiteral("clouds:\n  c:\n    auth_type: v3applicationcredential\n    auth: {auth_url: 'http://k', "
                              "application_credential_id: i, application_credential_secret: '%1'}\n")
                   .arg(kSecret)
            << QString() << QStringList{} << QStringList{};
        QTest::newRow("secret as a cloud's name") << pw << QString() << QStringList{} << QStringList{QStringLiteral("cloud=") + kPassword};
        QTest::newRow("token in clouds.yaml, not a URL")
            << QStringLiteral("clouds:\n  c:\n    auth_type: token\n    auth: {auth_url: 'k:5000', token: '%1'}\n").arg(kToken)
            << QString() << QStringList{} << QStringList{};
        QTest::newRow("--token with --url") << QString() << QString() << QStringList{}
                                            << QStringList{QStringLiteral("url=http://p"), QStringLiteral("token=") + kToken};
        QTest::newRow("--token with --url and --os-cloud")
            << QString() << QString() << QStringList{}
            << QStringList{QStringLiteral("url=http://p"), QStringLiteral("cloud=c"), QStringLiteral("token=") + kToken};
        QTest::newRow("OS_TOKEN, admin_token") << QString() << QString()
                                               << QStringList{QStringLiteral("OS_ENDPOINT=http://p"), QStringLiteral("OS_TOKEN=") + kToken}
                                               << QStringList{};
        QTest::newRow("a secret breaks the YAML") << QStringLiteral("clouds:\n  c:\n    auth: {password: '%1\n").arg(kPassword)
                                                  << QString() << QStringList{} << QStringList{};
    }
    void secretsAreNeverShown()
    {
        QFETCH(QString, clouds);
        QFETCH(QString, secure);
        QFETCH(QStringList, env);
        QFETCH(QStringList, given);
        // The secret as a cloud's name is the one case where it is the user's own name.
        const bool secretIsTheName = given.contains(QStringLiteral("cloud=") + kPassword);
        const Result<CloudConfig> result = resolveCloud(options(given), environment(env), files(clouds, secure));
        QString said = everythingSaid(result);
        if (secretIsTheName)
            said.remove(neutralised(kPassword));
        QVERIFY2(leakedSecret(said).isEmpty(), qPrintable(said));
    }

    // A name in clouds.yaml is the user's text: it is shown neutralised, exactly once per mention.
    void hostileNamesAreNeutralised_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto &[label, name] : hostileNames())
            QTest::newRow(label) << name;
    }
    void hostileNamesAreNeutralised()
    {
        QFETCH(QString, name);
        const CloudFiles two = files(QStringLiteral("clouds:\n  a: {}\n  b: {}\n"));
        const Result<CloudConfig> unknown = resolveCloud(options({QStringLiteral("cloud=") + name}), environment({}), two);
        QVERIFY(!unknown.ok());
        const QString message = unknown.status().firstError().toString();
        QVERIFY2(message.contains(neutralised(name)), qPrintable(message));
        QVERIFY2(unsafeCharacters(message, false).isEmpty(), qPrintable(message));

        const Result<CloudConfig> direct =
            resolveCloud({}, environment({QStringLiteral("OS_AUTH_URL=http://k"), QStringLiteral("OS_USERNAME=") + name,
                                          QStringLiteral("OS_USER_DOMAIN_NAME=") + name, QStringLiteral("OS_PASSWORD=p"),
                                          QStringLiteral("OS_PROJECT_NAME=") + name, QStringLiteral("OS_PROJECT_DOMAIN_ID=d")}),
                         files(QString()));
        QVERIFY2(direct.ok(), qPrintable(messages(direct)));
        const QString description = direct.value().describe();
        QCOMPARE(description.count(neutralised(name)), 3);
        QVERIFY2(unsafeCharacters(description, false).isEmpty(), qPrintable(description));
    }

    void describe_data()
    {
        QTest::addColumn<QString>("clouds");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("expected"); // %1: the clouds.yaml path
        QTest::newRow("password") << QStringLiteral("clouds:\n  devstack:\n    auth:\n      auth_url: http://10.0.0.5/identity\n"
                                                    "      username: admin\n      password: secret\n      project_name: admin\n"
                                                    "      user_domain_name: Default\n      project_domain_id: default\n"
                                                    "    region_name: RegionOne\n")
                                  << QStringList{}
                                  << QStringLiteral("cloud \"devstack\" (%1): password auth at http://10.0.0.5/identity as user "
                                                    "\"admin\" (domain \"Default\"), project \"admin\" (domain id default), "
                                                    "region RegionOne, public interface");
        QTest::newRow("application credential")
            << QStringLiteral("clouds:\n  app:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: https://k/v3\n"
                              "      application_credential_id: 21b7\n      application_credential_secret: s\n"
                              "    interface: internal\n    cacert: /etc/ssl/ca.pem\n")
            << QStringList{}
            << QStringLiteral("cloud \"app\" (%1): v3applicationcredential auth at https://k/v3 with application credential "
                              "id 21b7, any region, internal interface, CA file /etc/ssl/ca.pem");
        QTest::newRow("token, override, insecure")
            << QStringLiteral("clouds:\n  t:\n    auth_type: token\n    auth: {auth_url: 'http://k', token: x, "
                              "project_id: p1}\n    placement_endpoint_override: http://pl\n    verify: false\n")
            << QStringList{}
            << QStringLiteral("cloud \"t\" (%1): token auth at http://k, project id p1, any region, public interface, "
                              "Placement at http://pl, TLS verification off");
        QTest::newRow("OS_* variables") << QString()
                                        << QStringList{QStringLiteral("OS_AUTH_URL=http://k"), QStringLiteral("OS_USER_ID=u1"),
                                                       QStringLiteral("OS_PASSWORD=p"), QStringLiteral("OS_DOMAIN_NAME=D")}
                                        << QStringLiteral("OS_* variables: password auth at http://k as user id u1, domain "
                                                          "\"D\", any region, public interface");
    }
    void describe()
    {
        QFETCH(QString, clouds);
        QFETCH(QStringList, env);
        QFETCH(QString, expected);
        const CloudFiles written = files(clouds);
        const Result<CloudConfig> result = resolveCloud({}, environment(env), written);
        QVERIFY2(result.ok(), qPrintable(messages(result)));
        QCOMPARE(result.value().describe(), expected.contains(QLatin1String("%1")) ? expected.arg(written.clouds.first()) : expected);
    }

    void cloudNamesAreSorted()
    {
        const Result<QStringList> names = cloudNames(files(QStringLiteral("clouds:\n  zeta: {}\n  alpha: {}\n  my-cloud: {}\n")));
        QVERIFY(names.ok());
        QCOMPARE(names.value(), (QStringList{QStringLiteral("alpha"), QStringLiteral("my-cloud"), QStringLiteral("zeta")}));
        const Result<QStringList> none = cloudNames(files(QString()));
        QVERIFY(none.ok());
        QVERIFY(none.value().isEmpty());
        const Result<QStringList> broken = cloudNames(files(QStringLiteral("clouds: [\n")));
        QVERIFY(!broken.ok());
        QCOMPARE(broken.status().firstError().kind, ProblemKind::Configuration);
    }
};

QTEST_GUILESS_MAIN(TestCloudConfig)
#include "tst_cloudconfig.moc"
