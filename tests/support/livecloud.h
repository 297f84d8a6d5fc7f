#pragma once

// The real Keystone and Placement servers of a live test run (tests/live/cloud), for the
// suites that CTest runs inside the `live_cloud` fixture (provtree_live_test() in
// tests/CMakeLists.txt sets PROVTREE_LIVE_CLOUD to the folder holding cloud.json).

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace provtree::testing {

// A Keystone user with a role on one project (cloud.json's admin, demo and
// placement_service_user). The password is a test secret: never print it.
struct LiveUser
{
    QString username;
    QString password;
    QString projectName;
    QString userDomainName;
    QString projectDomainName;
    QString userId;
    QString projectId;
};

// An application credential of the admin user (auth type v3applicationcredential).
struct LiveAppCredential
{
    QString id;
    QString secret;
    QString name;
    QString userId;
    QString projectId;
};

// One HTTP answer. status is 0 when no HTTP answer came (refused, timed out); error then
// says why.
struct LiveAnswer
{
    int status = 0;
    QJsonDocument body; // null unless the body was JSON
    QByteArray raw;
    QByteArray subjectToken; // Keystone's X-Subject-Token header, if any
    QString error;
};

// One run of a program to its end. exitCode is -1 when it did not finish normally.
struct LiveRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Which Placement a request goes to: the one behind Keystone (with the admin's token), the
// noauth2 one (token `admin`, no Keystone, SQLite), or a noauth2 one keeping its data in
// MariaDB (`cloud start --mariadb`) or PostgreSQL (`cloud start --postgresql`).
enum class LivePlacement { Keystone, Noauth, Mariadb, Postgresql };

// A database server of `tests/live/cloud start --mariadb` or `--postgresql`, and its
// SELECT-only reader.
struct LiveDatabase
{
    QString readerUrl;                // SQLAlchemy URL with the reader's password, percent-encoded
    QString readerUrlWithoutPassword; // the same without it
    QString readerUser;               // provtree_reader
    QString readerPassword;           // a test secret: never print it
    QString host;
    int port = 0;
    QString socket;                   // MariaDB: its socket file; PostgreSQL: its socket folder
    QString placementUrl;             // the noauth Placement on this database
};

// What tests/live/cloud start wrote (DIR/cloud.json), and a small synchronous client to
// arrange and inspect server state directly, bypassing provtree: the tests' ground truth.
//
// get() fails the test run (qFatal, naming what is missing) when PROVTREE_LIVE_CLOUD is not
// set or its cloud.json cannot be read or lacks a field: a live test never runs, nor
// skips, without its servers. The requests block on a local event loop (test code only);
// call them from the thread the test runs in (each call makes its own network manager).
class LiveCloud
{
public:
    // The Placement microversion of placement() and runOpenstack(): Placement 8.0's newest.
    static constexpr const char *kPlacementMicroversion = "1.39";

    // The cloud of this test run, read on first use.
    [[nodiscard]] static const LiveCloud &get();

    // "full", or "noauth-only" (only the noauth Placement; the Keystone parts are empty
    // and the calls that need them fail the run).
    [[nodiscard]] bool hasKeystone() const { return m_mode == QLatin1String("full"); }
    [[nodiscard]] const QString &directory() const { return m_directory; }
    [[nodiscard]] const QString &region() const { return m_region; }
    // The auth URL as clouds.yaml and OS_AUTH_URL carry it (ends in /v3).
    [[nodiscard]] const QString &keystoneUrl() const { return m_keystoneUrl; }
    // Keystone without the version: it answers its version document there.
    [[nodiscard]] const QString &keystoneRootUrl() const { return m_keystoneRootUrl; }
    [[nodiscard]] const QString &placementUrl() const { return m_placementUrl; }
    [[nodiscard]] const QString &noauthPlacementUrl() const { return m_noauthPlacementUrl; }
    [[nodiscard]] const QString &noauthToken() const { return m_noauthToken; }
    // The noauth Placement's SQLite database as its placement.conf names it.
    [[nodiscard]] const QString &noauthPlacementDatabase() const { return m_noauthPlacementDatabase; }
    // Whether the cloud was started with the database server of `server` (Mariadb:
    // --mariadb, Postgresql: --postgresql); database() fails the run if not.
    [[nodiscard]] bool hasDatabase(LivePlacement server) const;
    [[nodiscard]] const LiveDatabase &database(LivePlacement server) const;
    [[nodiscard]] const LiveUser &admin() const;
    [[nodiscard]] const LiveUser &demo() const;
    [[nodiscard]] const LiveUser &placementServiceUser() const;
    [[nodiscard]] const LiveAppCredential &appCredential() const;
    // DIR/clouds.yaml (no secrets) and DIR/secure.yaml (the passwords and the
    // application credential secret of its clouds).
    [[nodiscard]] const QString &cloudsYaml() const;
    [[nodiscard]] const QString &secureYaml() const;
    // The clouds in clouds.yaml: provtree-admin (password), provtree-demo (password, only
    // `member`: Placement answers 403), provtree-appcred (v3applicationcredential).
    [[nodiscard]] static QString adminCloud() { return QStringLiteral("provtree-admin"); }
    [[nodiscard]] static QString demoCloud() { return QStringLiteral("provtree-demo"); }
    [[nodiscard]] static QString appCredentialCloud() { return QStringLiteral("provtree-appcred"); }
    // What to grep outputs, logs and files for: the random part of every password and
    // secret of this run (present whether the secret leaks raw or escaped). Tokens are
    // not in it: grep for the ones a test obtained.
    [[nodiscard]] const QStringList &secretMarkers() const { return m_secretMarkers; }

    // Keystone v3 password authentication scoped to the user's project: 201 with the
    // token in subjectToken and the catalog in the body.
    [[nodiscard]] LiveAnswer authenticate(const LiveUser &user) const;
    // Keystone v3 application credential authentication (the credential's own scope).
    [[nodiscard]] LiveAnswer authenticate(const LiveAppCredential &credential) const;
    // A token of the admin user on project admin (fails the run if Keystone refuses).
    [[nodiscard]] QByteArray adminToken() const;

    // A Placement API call at kPlacementMicroversion; body: an object or array, or
    // undefined/null for none.
    [[nodiscard]] LiveAnswer placement(const QByteArray &method, const QString &path,
                                       const QJsonValue &body = {},
                                       LivePlacement server = LivePlacement::Keystone) const;
    // The same to the Placement behind Keystone with a token of the test's choice.
    [[nodiscard]] LiveAnswer placementWithToken(const QByteArray &token, const QByteArray &method,
                                                const QString &path,
                                                const QJsonValue &body = {}) const;
    // A Keystone API call (path below /v3) with the admin's token.
    [[nodiscard]] LiveAnswer keystone(const QByteArray &method, const QString &path,
                                      const QJsonValue &body = {}) const;

    // The real `openstack` CLI (python3-openstackclient, osc-placement) as `user` (the
    // admin by default) through OS_* variables, OS_PLACEMENT_API_VERSION=1.39, in an
    // environment without the caller's OS_* variables. Two minutes at most.
    [[nodiscard]] LiveRun runOpenstack(const QStringList &arguments) const;
    [[nodiscard]] LiveRun runOpenstack(const LiveUser &user, const QStringList &arguments) const;

    // The test process's environment without OS_* variables, proxies, PYTHONHOME and
    // PYTHONPATH: where a test starts before it adds the cloud options it means (a
    // developer's OS_CLOUD or http_proxy must not change what a test talks to, nor another
    // Python's paths break Debian's openstack).
    [[nodiscard]] static QProcessEnvironment cleanEnvironment();

private:
    LiveCloud() = default;
    static LiveCloud load();
    void requireKeystone(const char *what) const;

    QString m_mode;
    QString m_directory;
    QString m_region;
    QString m_keystoneUrl;
    QString m_keystoneRootUrl;
    QString m_placementUrl;
    QString m_noauthPlacementUrl;
    QString m_noauthToken;
    QString m_noauthPlacementDatabase;
    LiveDatabase m_mariadb;
    LiveDatabase m_postgresql;
    LiveUser m_admin;
    LiveUser m_demo;
    LiveUser m_placementServiceUser;
    LiveAppCredential m_appCredential;
    QString m_cloudsYaml;
    QString m_secureYaml;
    QStringList m_secretMarkers;
};

// The texts to grep for secrets: `outputs` and the contents of the `files` that exist.
[[nodiscard]] QStringList outputsAndFiles(const QStringList &outputs, const QStringList &files);
// The first of `secrets` found in any of `texts` (empty when none is): never print it, only
// whether it was found.
[[nodiscard]] QString firstSecretIn(const QStringList &texts, const QStringList &secrets);

} // namespace provtree::testing
