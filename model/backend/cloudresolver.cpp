// resolveCloud(): the chosen cloud's values (cloudchoice.h chooses it) from the explicit
// options, the OS_* variables and the entry, in the order the openstack CLI lets them win
// (cloudconfig.h), and what each auth type needs.
#include "cloudconfig.h"

#include "cloudchoice.h"
#include "neutralise.h"

#include <QUrl>

#include <initializer_list>

namespace provtree {

namespace {

using Keys = std::initializer_list<const char *>;

// openstacksdk's get_boolean(): a boolean, or text that is "true" in any case.
bool isTrue(const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool();
    return value.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

// Works out one CloudConfig. One object per resolveCloud() call.
class CloudResolver
{
public:
    CloudResolver(const CloudOptions &options, const QProcessEnvironment &env, const CloudFiles &files)
        : m_options(options), m_env(env), m_files(files)
    {
    }

    Result<CloudConfig> resolve()
    {
        if (!m_options.url.isEmpty())
            return finish(resolveDirectUrl());
        Result<ChosenCloud> chosen = chooseCloud(m_options, m_env, m_files);
        if (!chosen.ok())
            return chosen.status();
        m_chosen = chosen.value();
        m_warnings = chosen.problems();
        m_config.cloudName = m_chosen.name;
        m_config.region = m_chosen.region;
        if (!m_chosen.fromVariables) {
            m_config.configFile = m_chosen.document.cloudsFile;
            m_config.secureFile = m_chosen.document.secureFile;
        }
        if (chooseAuthType())
            resolveValues();
        return finish({});
    }

private:
    Result<CloudConfig> finish(Status status)
    {
        Status all = std::move(status);
        all.append(m_errors);
        if (!all.ok()) {
            all.append(m_warnings);
            return all;
        }
        return {m_config, m_warnings};
    }

    // An error about the chosen cloud, located at `path` in its entry (at the entry itself
    // when empty); no location for the OS_* variables or --url.
    void fail(const QString &message, const QString &field = {}, const QStringList &path = {})
    {
        m_errors.append(configurationError(message, field, m_chosen.locationOf(path)));
    }

    // --- sources -------------------------------------------------------------------------

    QString variable(Keys names) const { return osVariable(m_env, names); }

    // The entry's value of the first of `keys` that has one, looked up in auth: first,
    // then at the top of the entry (openstacksdk accepts both). Empty is unset.
    QString entry(Keys keys)
    {
        for (const bool inAuth : {true, false}) {
            const QVariantMap section = inAuth ? m_chosen.entry.value(QStringLiteral("auth")).toMap() : m_chosen.entry;
            for (const char *key : keys) {
                const QVariant value = section.value(QLatin1String(key));
                if (!value.isValid())
                    continue;
                QStringList path{QLatin1String(key)};
                if (inAuth)
                    path.prepend(QStringLiteral("auth"));
                if (value.typeId() == QMetaType::QVariantMap || value.typeId() == QMetaType::QVariantList) {
                    fail(QStringLiteral("%1 must be text, not a list or mapping").arg(path.join(QLatin1Char('.'))),
                         QLatin1String(key), path);
                    return {};
                }
                const QString text = value.typeId() == QMetaType::Bool
                                         ? (value.toBool() ? QStringLiteral("True") : QStringLiteral("False"))
                                         : value.toString();
                if (!text.isEmpty())
                    return text;
            }
        }
        return {};
    }

    // The two orders the openstack CLI has: a variable wins over the entry for the options
    // its auth plugins define, the entry wins for project, domain and token values.
    QString variableFirst(Keys names, Keys keys)
    {
        const QString value = variable(names);
        return value.isEmpty() ? entry(keys) : value;
    }
    QString entryFirst(Keys keys, Keys names)
    {
        const QString value = entry(keys);
        return value.isEmpty() ? variable(names) : value;
    }

    // --- auth type -----------------------------------------------------------------------

    bool chooseAuthType()
    {
        QString type = variableFirst({"OS_AUTH_TYPE"}, {"auth_type", "auth_plugin"});
        const QString endpoint = variableFirst({"OS_ENDPOINT", "OS_URL"}, {"endpoint", "url"});
        const QString token = entryFirst({"token", "auth_token"}, {"OS_TOKEN", "OS_AUTH_TOKEN"});
        if (type.isEmpty()) {
            // osc-lib's choice when nothing says: admin_token for an endpoint and a token
            // (python-openstackclient), password for a user, token for a token.
            if (!endpoint.isEmpty() && (!token.isEmpty() || !m_options.token.isEmpty()))
                type = QStringLiteral("admin_token");
            else if (!m_options.token.isEmpty())
                type = QStringLiteral("token");
            else if (!entryFirst({"username", "user_name", "user_id"}, {"OS_USERNAME", "OS_USER_NAME", "OS_USER_ID"}).isEmpty())
                type = QStringLiteral("password");
            else if (!token.isEmpty())
                type = QStringLiteral("token");
            else
                type = QStringLiteral("password");
        }
        const QString lower = type.toLower();
        if (lower == QLatin1String("password") || lower == QLatin1String("v3password"))
            m_config.authType = AuthType::Password;
        else if (lower == QLatin1String("v3applicationcredential"))
            m_config.authType = AuthType::ApplicationCredential;
        else if (lower == QLatin1String("token") || lower == QLatin1String("v3token"))
            m_config.authType = AuthType::Token;
        else if (lower == QLatin1String("admin_token") || lower == QLatin1String("token_endpoint")
                 || lower == QLatin1String("none"))
            m_config.authType = AuthType::Direct;
        else {
            fail(QStringLiteral("auth type %1 is not supported; provtree supports password, v3password, "
                                "v3applicationcredential, token, v3token, admin_token (token_endpoint) and none")
                     .arg(neutralised(type)),
                 QStringLiteral("auth_type"), {QStringLiteral("auth_type")});
            return false;
        }
        // A token given on the command line or in the dialog means token auth.
        if (!m_options.token.isEmpty() && m_config.authType != AuthType::Direct)
            m_config.authType = AuthType::Token;
        m_noToken = lower == QLatin1String("none");
        m_config.placementEndpoint = endpoint;
        return true;
    }

    // --- values --------------------------------------------------------------------------

    void resolveValues()
    {
        resolveTransport();
        if (m_config.authType == AuthType::Direct) {
            resolveDirect();
            return;
        }
        m_config.placementEndpoint = entry({"placement_endpoint_override", "placement_endpoint"});
        m_config.authUrl = variableFirst({"OS_AUTH_URL"}, {"auth_url"});
        if (m_config.authUrl.isEmpty())
            fail(QStringLiteral("%1 has no auth_url: set auth.auth_url or OS_AUTH_URL to Keystone's URL").arg(source()),
                 QStringLiteral("auth_url"), {});
        else
            checkUrl(m_config.authUrl, QStringLiteral("auth_url"));
        if (!m_config.placementEndpoint.isEmpty())
            checkUrl(m_config.placementEndpoint, QStringLiteral("placement_endpoint_override"));
        m_config.userName = variableFirst({"OS_USERNAME", "OS_USER_NAME"}, {"username", "user_name"});
        m_config.userId = variableFirst({"OS_USER_ID"}, {"user_id"});
        m_config.userDomainName = entryFirst({"user_domain_name"}, {"OS_USER_DOMAIN_NAME"});
        m_config.userDomainId = entryFirst({"user_domain_id"}, {"OS_USER_DOMAIN_ID"});
        switch (m_config.authType) {
        case AuthType::Password:
            m_config.password = Secret(variableFirst({"OS_PASSWORD"}, {"password"}));
            resolveScope();
            checkPassword();
            break;
        case AuthType::ApplicationCredential:
            m_config.applicationCredentialId = variableFirst({"OS_APPLICATION_CREDENTIAL_ID"}, {"application_credential_id"});
            m_config.applicationCredentialName =
                variableFirst({"OS_APPLICATION_CREDENTIAL_NAME"}, {"application_credential_name"});
            m_config.applicationCredentialSecret =
                Secret(variableFirst({"OS_APPLICATION_CREDENTIAL_SECRET"}, {"application_credential_secret"}));
            checkApplicationCredential();
            break;
        case AuthType::Token:
            m_config.token = m_options.token.isEmpty() ? Secret(entryFirst({"token", "auth_token"}, {"OS_TOKEN", "OS_AUTH_TOKEN"}))
                                                       : m_options.token;
            resolveScope();
            if (m_config.token.isEmpty())
                fail(QStringLiteral("%1 uses token auth but has no token: set auth.token, OS_TOKEN or --token").arg(source()),
                     QStringLiteral("token"), {});
            break;
        case AuthType::Direct:
            break;
        }
    }

    void resolveTransport()
    {
        m_config.interface = m_options.interface.isEmpty()
                                 ? variableFirst({"OS_INTERFACE"}, {"interface", "endpoint_type"})
                                 : m_options.interface;
        if (m_config.interface.isEmpty())
            m_config.interface = QStringLiteral("public");
        if (m_config.interface.endsWith(QLatin1String("URL"))) // keystoneauth reads publicURL as public
            m_config.interface.chop(3);
        static const QStringList interfaces{QStringLiteral("public"), QStringLiteral("internal"), QStringLiteral("admin")};
        if (!interfaces.contains(m_config.interface))
            fail(QStringLiteral("interface %1 is not one of public, internal, admin").arg(neutralised(m_config.interface)),
                 QStringLiteral("interface"), {});
        m_config.cacert =
            expandedHome(m_options.cacert.isEmpty() ? variableFirst({"OS_CACERT"}, {"cacert"}) : m_options.cacert);
        if (m_options.insecure) {
            m_config.insecure = *m_options.insecure;
            return;
        }
        const QVariant verify = m_chosen.entry.value(QStringLiteral("verify"));
        if (verify.isValid() && verify.typeId() != QMetaType::Bool
            && verify.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) != 0
            && verify.toString().compare(QLatin1String("false"), Qt::CaseInsensitive) != 0)
            fail(QStringLiteral("verify must be true or false; name a CA file with cacert"), QStringLiteral("verify"),
                 {QStringLiteral("verify")});
        m_config.insecure = isTrue(m_chosen.entry.value(QStringLiteral("insecure")))
                            || (verify.isValid() && !isTrue(verify));
    }

    void resolveDirect()
    {
        if (m_config.placementEndpoint.isEmpty()) {
            fail(QStringLiteral("%1 uses auth type %2 but names no endpoint: set auth.endpoint or OS_ENDPOINT to "
                                "Placement's URL")
                     .arg(source(), m_noToken ? QStringLiteral("none") : QStringLiteral("admin_token")),
                 QStringLiteral("endpoint"), {});
            return;
        }
        checkUrl(m_config.placementEndpoint, QStringLiteral("endpoint"));
        if (m_noToken)
            return;
        m_config.token = m_options.token.isEmpty() ? Secret(entryFirst({"token", "auth_token"}, {"OS_TOKEN", "OS_AUTH_TOKEN"}))
                                                   : m_options.token;
        if (m_config.token.isEmpty())
            fail(QStringLiteral("%1 uses admin_token auth but has no token: set auth.token, OS_TOKEN or --token").arg(source()),
                 QStringLiteral("token"), {});
    }

    // Project or domain scope, and the domains of user and project.
    void resolveScope()
    {
        m_config.projectName = entryFirst({"project_name", "tenant_name"}, {"OS_PROJECT_NAME", "OS_TENANT_NAME"});
        m_config.projectId = entryFirst({"project_id", "tenant_id"}, {"OS_PROJECT_ID", "OS_TENANT_ID"});
        m_config.projectDomainName = entryFirst({"project_domain_name"}, {"OS_PROJECT_DOMAIN_NAME"});
        m_config.projectDomainId = entryFirst({"project_domain_id"}, {"OS_PROJECT_DOMAIN_ID"});
        const QString domainName = entryFirst({"domain_name"}, {"OS_DOMAIN_NAME"});
        const QString domainId = entryFirst({"domain_id"}, {"OS_DOMAIN_ID"});
        const bool projectScoped = !m_config.projectName.isEmpty() || !m_config.projectId.isEmpty();
        if (!projectScoped) {
            // openstacksdk: domain_* without a project asks for a domain-scoped token.
            m_config.domainName = domainName;
            m_config.domainId = domainId;
        } else {
            // openstacksdk's _handle_domain_id: one domain_* for both user and project.
            fillDomain(m_config.userDomainName, m_config.userDomainId, domainName, domainId);
            fillDomain(m_config.projectDomainName, m_config.projectDomainId, domainName, domainId);
        }
        // osc-lib: with identity_api_version 3, password auth defaults both domains to
        // OS_DEFAULT_DOMAIN ("default").
        const QString identityVersion = variableFirst({"OS_IDENTITY_API_VERSION"}, {"identity_api_version"});
        if (m_config.authType == AuthType::Password && identityVersion == QLatin1String("3")) {
            const QString fallback = m_env.value(QStringLiteral("OS_DEFAULT_DOMAIN"), QStringLiteral("default"));
            fillDomain(m_config.userDomainName, m_config.userDomainId, {}, fallback);
            fillDomain(m_config.projectDomainName, m_config.projectDomainId, {}, fallback);
        }
        // keystoneauth's generic plugins: default_domain_id / _name for both.
        const QString defaultName = variableFirst({"OS_DEFAULT_DOMAIN_NAME"}, {"default_domain_name"});
        const QString defaultId = variableFirst({"OS_DEFAULT_DOMAIN_ID"}, {"default_domain_id"});
        fillDomain(m_config.userDomainName, m_config.userDomainId, defaultName, defaultId);
        fillDomain(m_config.projectDomainName, m_config.projectDomainId, defaultName, defaultId);
        if (!m_config.projectName.isEmpty() && m_config.projectId.isEmpty() && m_config.projectDomainName.isEmpty()
            && m_config.projectDomainId.isEmpty())
            fail(QStringLiteral("project %1 needs its domain: set project_domain_name or project_domain_id "
                                "(OS_PROJECT_DOMAIN_NAME), or give project_id")
                     .arg(neutralised(m_config.projectName)),
                 QStringLiteral("project_domain_name"), {});
    }

    static void fillDomain(QString &name, QString &id, const QString &fallbackName, const QString &fallbackId)
    {
        if (!name.isEmpty() || !id.isEmpty())
            return;
        name = fallbackName;
        id = fallbackName.isEmpty() ? fallbackId : QString();
    }

    void checkUser(const QString &needs)
    {
        if (m_config.userName.isEmpty() && m_config.userId.isEmpty()) {
            fail(QStringLiteral("%1 %2 a user: set auth.username or auth.user_id (OS_USERNAME, OS_USER_ID)")
                     .arg(source(), needs),
                 QStringLiteral("username"), {});
        } else if (m_config.userId.isEmpty() && m_config.userDomainName.isEmpty() && m_config.userDomainId.isEmpty()) {
            fail(QStringLiteral("user %1 needs its domain: set user_domain_name or user_domain_id (OS_USER_DOMAIN_NAME), "
                                "or give user_id")
                     .arg(neutralised(m_config.userName)),
                 QStringLiteral("user_domain_name"), {});
        }
    }

    void checkPassword()
    {
        checkUser(QStringLiteral("uses password auth and needs"));
        if (m_config.password.isEmpty())
            fail(QStringLiteral("no password for %1: set auth.password (in clouds.yaml or secure.yaml) or OS_PASSWORD")
                     .arg(m_config.userName.isEmpty() ? QStringLiteral("the user") : QStringLiteral("user ") + neutralised(m_config.userName)),
                 QStringLiteral("password"), {});
    }

    void checkApplicationCredential()
    {
        if (m_config.applicationCredentialId.isEmpty()) {
            if (m_config.applicationCredentialName.isEmpty())
                fail(QStringLiteral("%1 uses an application credential but names none: set "
                                    "auth.application_credential_id (OS_APPLICATION_CREDENTIAL_ID)")
                         .arg(source()),
                     QStringLiteral("application_credential_id"), {});
            else
                checkUser(QStringLiteral("names its application credential by name, which needs"));
        }
        if (m_config.applicationCredentialSecret.isEmpty())
            fail(QStringLiteral("no secret for the application credential: set auth.application_credential_secret "
                                "(in clouds.yaml or secure.yaml) or OS_APPLICATION_CREDENTIAL_SECRET"),
                 QStringLiteral("application_credential_secret"), {});
    }

    void checkUrl(const QString &text, const QString &field)
    {
        const QUrl url(text, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            fail(QStringLiteral("%1 %2 is not an http:// or https:// URL").arg(field, neutralised(text)), field, {});
    }

    // os.path.expanduser(), as openstacksdk applies it to cacert.
    QString expandedHome(const QString &path) const
    {
        if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
            return m_env.value(QStringLiteral("HOME")) + path.mid(1);
        return path;
    }

    // What the values came from, for messages: cloud "x", the OS_* variables, --url.
    QString source() const
    {
        if (m_chosen.fromVariables)
            return QStringLiteral("the OS_* variables");
        return QStringLiteral("cloud ") + neutralised(m_config.cloudName);
    }

    // --- --url ---------------------------------------------------------------------------

    Status resolveDirectUrl()
    {
        if (!m_options.cloud.isEmpty())
            return configurationError(QStringLiteral("--url connects to Placement directly and --os-cloud through "
                                                     "Keystone: give one of them"),
                                      QStringLiteral("url"));
        m_config.authType = AuthType::Direct;
        m_config.placementEndpoint = m_options.url;
        m_config.token = m_options.token.isEmpty() ? Secret(variable({"OS_TOKEN", "OS_AUTH_TOKEN"})) : m_options.token;
        m_config.region = m_options.region.isEmpty() ? variable({"OS_REGION_NAME"}) : m_options.region;
        m_config.cacert = expandedHome(m_options.cacert.isEmpty() ? variable({"OS_CACERT"}) : m_options.cacert);
        m_config.insecure = m_options.insecure ? *m_options.insecure : isTrue(variable({"OS_INSECURE"}));
        checkUrl(m_options.url, QStringLiteral("--url"));
        if (m_config.token.isEmpty())
            fail(QStringLiteral("--url needs Placement's token: --token or OS_TOKEN"), QStringLiteral("token"));
        return {};
    }

    const CloudOptions &m_options;
    const QProcessEnvironment &m_env;
    const CloudFiles &m_files;
    ChosenCloud m_chosen;
    bool m_noToken = false;     // auth type none
    CloudConfig m_config;
    Problems m_errors;
    Problems m_warnings;
};

} // namespace

Result<CloudConfig> resolveCloud(const CloudOptions &options, const QProcessEnvironment &env, const CloudFiles &files)
{
    return CloudResolver(options, env, files).resolve();
}

} // namespace provtree
