#pragma once

#include "problem.h"
#include "secret.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace provtree {

// What the user gave explicitly, on the command line or in the Connect dialog. Every field
// is optional: empty (or nullopt) means "not given", and then the OS_* variables and
// clouds.yaml decide. What is given here always wins.
struct CloudOptions
{
    QString cloud;     // --os-cloud: an entry of clouds.yaml
    QString url;       // --url: Placement's endpoint, direct mode (no Keystone)
    Secret token;      // --token: with --url Placement's X-Auth-Token, else a Keystone token
    QString region;    // --os-region-name
    QString interface; // --os-interface: public, internal or admin
    QString cacert;    // --os-cacert: a PEM file, the CAs to trust instead of the system's
    std::optional<bool> insecure; // --insecure (true) / --verify (false)
};

// Where clouds.yaml and secure.yaml are looked for: candidate paths in order, the first
// that exists and can be read is used, the rest are ignored (openstacksdk reads one clouds
// file and one secure file, never several). A plain value; tests build their own.
struct CloudFiles
{
    QStringList clouds; // clouds.yaml candidates
    QStringList secure; // secure.yaml candidates

    // Exactly where openstacksdk (openstack/config/loader.py) looks: $OS_CLIENT_CONFIG_FILE
    // (resp. $OS_CLIENT_SECURE_FILE) first, then in each of searchFolders()
    // clouds.yaml, clouds.yml, clouds.json (resp. secure.yaml, secure.yml, secure.json).
    [[nodiscard]] static CloudFiles standard(const QProcessEnvironment &env);
    // The candidates in `folders`, in openstacksdk's order of names.
    [[nodiscard]] static CloudFiles inFolders(const QStringList &folders);
    // openstacksdk's CONFIG_SEARCH_PATH: the current folder; the user's config folder
    // ($XDG_CONFIG_HOME/openstack, else ~/.config/openstack); ~/.config/openstack again
    // ($SNAP_REAL_HOME/.config/openstack under a snap); the site folder ($XDG_CONFIG_DIRS
    // + /openstack, default /etc/xdg/openstack: platformdirs joins several entries with
    // ':' into one path, which then names no folder, and so does this); /etc/openstack.
    // Duplicates are kept, as openstacksdk keeps them (harmless: the first match wins).
    [[nodiscard]] static QStringList searchFolders(const QProcessEnvironment &env,
                                                   const QString &currentFolder);
    // The distinct folders of the candidates, in order (for "looked in ..." messages).
    [[nodiscard]] QStringList folders() const;
};

enum class AuthType {
    Password,              // Keystone v3 password (password, v3password)
    ApplicationCredential, // Keystone v3 application credential (v3applicationcredential)
    Token,                 // Keystone v3 token (token, v3token)
    Direct,                // no Keystone: Placement's URL and maybe a token (--url,
                           // admin_token, token_endpoint, none)
};

// The name as clouds.yaml spells it: "password", "v3applicationcredential", "token", "direct".
[[nodiscard]] QString authTypeName(AuthType type);

// One cloud, resolved: everything needed to authenticate and find Placement. A plain value,
// any thread. Secrets are Secret (never printed); the rest is what the user configured.
struct CloudConfig
{
    QString cloudName;  // the clouds.yaml entry; empty for OS_* variables alone or --url
    QString configFile; // the clouds file it came from; empty when none
    QString secureFile; // the secure file merged into it; empty when none
    AuthType authType = AuthType::Password;

    QString authUrl;    // Keystone, as configured (with or without /v3)
    QString userName;
    QString userId;
    QString userDomainName;
    QString userDomainId;
    QString projectName;
    QString projectId;
    QString projectDomainName;
    QString projectDomainId;
    QString domainName; // a domain scope, used only when no project is given
    QString domainId;
    QString applicationCredentialId;
    QString applicationCredentialName;
    Secret password;
    Secret applicationCredentialSecret;
    Secret token;       // Keystone token (Token) or Placement's X-Auth-Token (Direct)

    QString region;     // empty: the first placement endpoint of the interface, any region
    QString interface = QStringLiteral("public");
    QString cacert;     // empty: the system's CAs
    bool insecure = false;
    // Placement's URL: in Direct mode the endpoint; otherwise, when set, used instead of the
    // catalog's (clouds.yaml placement_endpoint_override), after authenticating.
    QString placementEndpoint;

    // One line for people (status bar, --verbose, error context); never a secret.
    // "cloud \"devstack\" (/home/me/.config/openstack/clouds.yaml): password auth at
    //  http://10.0.0.5/identity as user \"admin\" (domain \"Default\"), project \"admin\"
    //  (domain \"Default\"), region RegionOne, public interface"
    [[nodiscard]] QString describe() const;
};

// Resolves the cloud to connect to the way the openstack CLI (python-openstackclient 6 on
// openstacksdk) does, measured against it:
//
// - Which cloud: `--url` (options.url) is direct mode and reads no clouds.yaml; else
//   options.cloud, else $OS_CLOUD names a clouds.yaml entry; else, when OS_* variables are
//   set (any but OS_CLOUD, OS_REGION_NAME, OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE,
//   OS_CLOUD_NAME and OS_TEST*, OS_STD*, OS_LOG*), they alone make the cloud (openstacksdk's
//   "envvars"); else the only entry of clouds.yaml; several entries and no name is an error.
// - secure.yaml is merged into clouds.yaml first (maps deeply, so auth: adds the password).
// - A named cloud's values meet the OS_* variables as the CLI's option defaults: the
//   variables win for auth_url, username, user_id, password, application_credential_id /
//   _name / _secret, auth_type, interface and cacert; but the entry wins for project,
//   tenant, domain and token values (openstacksdk's _fix_backwards_project prefers the
//   entry's auth: section), and OS_INSECURE is not read for a named cloud at all.
// - Region: options, $OS_REGION_NAME, then the entry's region_name / regions (the first);
//   when the entry lists regions, the one asked for must be one of them.
// - Auth type: auth_type (auth_plugin) as above; else admin_token when an endpoint
//   (OS_ENDPOINT, OS_URL, auth.endpoint) and a token are given, password when a user is,
//   token when a token is (osc-lib's choice). An explicit options.token turns a cloud without
//   a token-based type into token auth.
// - Domains: user_domain_* / project_domain_* as given, else domain_name / domain_id when a
//   project is given (openstacksdk), else default_domain_id / _name; for password auth with
//   identity_api_version 3 also $OS_DEFAULT_DOMAIN (default "default"), as osc-lib does.
// - verify: false or insecure: true (in the entry) turns TLS verification off.
// - placement_endpoint_override (else placement_endpoint) in the entry, or in the OS_*
//   cloud OS_PLACEMENT_ENDPOINT_OVERRIDE / OS_PLACEMENT_ENDPOINT, replaces the catalog's
//   endpoint, as openstacksdk does.
//
// Errors, all ProblemKind::Configuration, none quoting a secret, file text neutralised:
// a syntax error in a file (location file:line:column), an unknown cloud (the known names),
// several clouds and none named, an unknown region (the valid ones), an unsupported auth
// type (the supported ones), and what the auth type needs but is missing (auth_url, user,
// password, secret, token, user or project domain; Problem::field names it, e.g.
// "password", so a dialog can ask for just that). Warnings: a candidate file that exists
// but cannot be read (skipped, as openstacksdk skips it); OS_CLIENT_CONFIG_FILE or
// OS_CLIENT_SECURE_FILE naming a file that does not exist.
//
// Reads files: call it where a little file I/O is acceptable (it is what the CLI does on
// start, and a dialog on OK). Thread-safe.
[[nodiscard]] Result<CloudConfig> resolveCloud(const CloudOptions &options, const QProcessEnvironment &env,
                                               const CloudFiles &files);

// The entries of clouds.yaml (with secure.yaml merged), sorted, for the Connect dialog's
// picker. Empty when no file exists. Errors: as resolveCloud's file errors.
[[nodiscard]] Result<QStringList> cloudNames(const CloudFiles &files);

} // namespace provtree
