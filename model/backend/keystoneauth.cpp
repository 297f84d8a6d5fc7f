#include "keystoneauth.h"

#include "neutralise.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace provtree {

namespace {

const QString kName = QStringLiteral("name");
const QString kId = QStringLiteral("id");
const QString kDomain = QStringLiteral("domain");

// {"id": ID} or {"name": NAME, "domain": {"id"/"name": ...}}: how Keystone names a user or
// a project.
QJsonObject named(const QString &name, const QString &id, const QString &domainName, const QString &domainId)
{
    if (!id.isEmpty())
        return {{kId, id}};
    QJsonObject object{{kName, name}};
    if (!domainId.isEmpty())
        object.insert(kDomain, QJsonObject{{kId, domainId}});
    else if (!domainName.isEmpty())
        object.insert(kDomain, QJsonObject{{kName, domainName}});
    return object;
}

QJsonObject user(const CloudConfig &config)
{
    return named(config.userName, config.userId, config.userDomainName, config.userDomainId);
}

// `utf8` as a JSON string, quotes included, written into `out`: the secret goes from its
// Secret straight into the request body, never through a QString or QJsonObject whose
// memory nobody wipes.
void appendJsonString(QByteArray &out, const QByteArray &utf8)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

QString who(const QString &name, const QString &id)
{
    return name.isEmpty() ? QStringLiteral("id ") + neutralisedIfNeeded(id) : neutralised(name);
}

QString domainOf(const QString &name, const QString &id)
{
    if (name.isEmpty() && id.isEmpty())
        return {};
    return QStringLiteral(" (domain ") + who(name, id) + QLatin1Char(')');
}

// Keystone's {"error": {"code", "title", "message"}}.
QString keystoneMessage(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    const QString message = error.value(QStringLiteral("message")).toString().simplified();
    return message.isEmpty() ? error.value(QStringLiteral("title")).toString().simplified() : message;
}

} // namespace

Result<QUrl> keystoneTokensUrl(const QString &authUrl)
{
    QString base = authUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (base.endsWith(QLatin1String("/v2.0")))
        return makeError(ProblemKind::Configuration,
                         QStringLiteral("auth_url %1 is Keystone's v2.0 API, which Keystone no longer has: "
                                        "give the v3 URL (or the URL without a version)")
                             .arg(neutralised(authUrl, 200)),
                         {}, QStringLiteral("auth_url"));
    if (!base.endsWith(QLatin1String("/v3")))
        base += QStringLiteral("/v3");
    return QUrl(base + QStringLiteral("/auth/tokens"));
}

QByteArray keystoneAuthBody(const CloudConfig &config)
{
    // The document is built around a marker that stands for the secret, then the marker is
    // replaced by the secret's bytes.
    const QString marker = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject identity;
    switch (config.authType) {
    case AuthType::Password: {
        QJsonObject passwordUser = user(config);
        passwordUser.insert(QStringLiteral("password"), marker);
        identity = {{QStringLiteral("methods"), QJsonArray{QStringLiteral("password")}},
                    {QStringLiteral("password"), QJsonObject{{QStringLiteral("user"), passwordUser}}}};
        break;
    }
    case AuthType::ApplicationCredential: {
        QJsonObject credential{{QStringLiteral("secret"), marker}};
        if (!config.applicationCredentialId.isEmpty()) {
            credential.insert(kId, config.applicationCredentialId);
        } else {
            credential.insert(kName, config.applicationCredentialName);
            credential.insert(QStringLiteral("user"), user(config));
        }
        identity = {{QStringLiteral("methods"), QJsonArray{QStringLiteral("application_credential")}},
                    {QStringLiteral("application_credential"), credential}};
        break;
    }
    case AuthType::Token:
        identity = {{QStringLiteral("methods"), QJsonArray{QStringLiteral("token")}},
                    {QStringLiteral("token"), QJsonObject{{kId, marker}}}};
        break;
    case AuthType::Direct:
        return {};
    }
    QJsonObject auth{{QStringLiteral("identity"), identity}};
    if (config.authType != AuthType::ApplicationCredential) {
        if (!config.projectId.isEmpty() || !config.projectName.isEmpty())
            auth.insert(QStringLiteral("scope"),
                        QJsonObject{{QStringLiteral("project"), named(config.projectName, config.projectId,
                                                                      config.projectDomainName, config.projectDomainId)}});
        else if (!config.domainId.isEmpty())
            auth.insert(QStringLiteral("scope"), QJsonObject{{kDomain, QJsonObject{{kId, config.domainId}}}});
        else if (!config.domainName.isEmpty())
            auth.insert(QStringLiteral("scope"), QJsonObject{{kDomain, QJsonObject{{kName, config.domainName}}}});
    }
    const QByteArray document = QJsonDocument(QJsonObject{{QStringLiteral("auth"), auth}}).toJson(QJsonDocument::Compact);
    const QByteArray &secret = config.authType == AuthType::Password ? config.password.reveal()
                               : config.authType == AuthType::Token  ? config.token.reveal()
                                                                     : config.applicationCredentialSecret.reveal();
    const QByteArray quotedMarker = '"' + marker.toLatin1() + '"';
    const qsizetype at = document.indexOf(quotedMarker);
    QByteArray body;
    body.reserve(document.size() + 6 * secret.size() + 2); // no reallocation: no unwiped copy
    body += document.left(at);
    appendJsonString(body, secret);
    body += document.mid(at + quotedMarker.size());
    return body;
}

QString keystoneCredentials(const CloudConfig &config)
{
    switch (config.authType) {
    case AuthType::Password:
        return QStringLiteral("the credentials of user ") + who(config.userName, config.userId)
               + (config.userId.isEmpty() ? domainOf(config.userDomainName, config.userDomainId) : QString());
    case AuthType::ApplicationCredential:
        if (!config.applicationCredentialId.isEmpty())
            return QStringLiteral("application credential id ") + neutralisedIfNeeded(config.applicationCredentialId);
        return QStringLiteral("application credential ") + neutralised(config.applicationCredentialName)
               + QStringLiteral(" of user ") + who(config.userName, config.userId)
               + (config.userId.isEmpty() ? domainOf(config.userDomainName, config.userDomainId) : QString());
    case AuthType::Token:
        return QStringLiteral("the token (expired or revoked?)");
    case AuthType::Direct:
        break;
    }
    return {};
}

Problem keystoneProblem(const CloudConfig &config, const QUrl &url, int status, const QByteArray &body,
                        const QByteArray &wwwAuthenticate)
{
    const QString at = neutralisedIfNeeded(url.toDisplayString());
    const QString said = keystoneMessage(body);
    const QString says = said.isEmpty() ? QString() : QStringLiteral(": Keystone says ") + neutralised(said, 300);
    const bool fromKeystone = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).isObject()
                              || wwwAuthenticate.trimmed().startsWith("Keystone");
    if ((status == 401 || status == 403) && !fromKeystone)
        return makeError(ProblemKind::NotFound,
                         QStringLiteral("%1 answered %2, but not as Keystone answers: is auth_url Keystone's URL?")
                             .arg(at, QString::number(status)),
                         {}, QStringLiteral("auth_url"));
    switch (status) {
    case 404:
        // Keystone's own 404 ("Could not recognize Fernet token", "Could not find
        // Application Credential") is about the credentials; any other is about the URL.
        if (!fromKeystone)
            return makeError(ProblemKind::NotFound,
                             QStringLiteral("%1 answered 404; is auth_url Keystone's URL?").arg(at), {},
                             QStringLiteral("auth_url"));
        [[fallthrough]];
    case 401:
        return makeError(ProblemKind::Unauthorized,
                         QStringLiteral("Keystone at %1 refused %2 (%3)%4")
                             .arg(at, keystoneCredentials(config), QString::number(status), says));
    case 403:
        return makeError(ProblemKind::Forbidden, QStringLiteral("Keystone at %1 refused to issue a token for %2 (403)%3")
                                                     .arg(at, keystoneCredentials(config), says));
    default:
        break;
    }
    if (status >= 500)
        return makeError(ProblemKind::ServerError, QStringLiteral("Keystone at %1 failed (%2)%3")
                                                       .arg(at, QString::number(status), says));
    return makeError(ProblemKind::Refused,
                     QStringLiteral("Keystone at %1 refused the request (%2)%3").arg(at, QString::number(status), says));
}

Result<CatalogEndpoint> placementEndpointInCatalog(const QJsonObject &token, const QString &region, const QString &interface)
{
    if (!token.value(QStringLiteral("catalog")).isArray())
        return makeError(ProblemKind::NotFound,
                         QStringLiteral("Keystone's token has no service catalog: it is not scoped to a project "
                                        "(set project_name or project_id)"));
    const QJsonArray catalog = token.value(QStringLiteral("catalog")).toArray();
    QStringList services;
    QStringList offered;
    bool hasPlacement = false;
    for (const QJsonValue &serviceValue : catalog) {
        const QJsonObject service = serviceValue.toObject();
        const QString type = service.value(QStringLiteral("type")).toString();
        if (type != QLatin1String("placement")) {
            if (!type.isEmpty() && !services.contains(neutralisedIfNeeded(type)))
                services.append(neutralisedIfNeeded(type));
            continue;
        }
        hasPlacement = true;
        for (const QJsonValue &endpointValue : service.value(QStringLiteral("endpoints")).toArray()) {
            const QJsonObject endpoint = endpointValue.toObject();
            const QString endpointInterface = endpoint.value(QStringLiteral("interface")).toString();
            const QString regionId = endpoint.value(QStringLiteral("region_id")).toString();
            const QString regionName = endpoint.value(QStringLiteral("region")).toString();
            const QString url = endpoint.value(QStringLiteral("url")).toString();
            const QString where = regionId.isEmpty() ? regionName : regionId;
            if (endpointInterface == interface && !url.isEmpty()
                && (region.isEmpty() || regionId == region || regionName == region))
                return CatalogEndpoint{url, where};
            offered.append(QStringLiteral("%1 in %2").arg(neutralisedIfNeeded(endpointInterface),
                                                          where.isEmpty() ? QStringLiteral("no region")
                                                                          : neutralisedIfNeeded(where)));
        }
    }
    if (!hasPlacement) {
        services.sort();
        return makeError(ProblemKind::NotFound,
                         QStringLiteral("Keystone's catalog has no placement service (it has %1)")
                             .arg(services.isEmpty() ? QStringLiteral("none") : services.join(QStringLiteral(", "))));
    }
    const QString wanted = region.isEmpty() ? QStringLiteral("%1 interface").arg(neutralisedIfNeeded(interface))
                                            : QStringLiteral("%1 interface in region %2")
                                                  .arg(neutralisedIfNeeded(interface), neutralised(region));
    return makeError(ProblemKind::NotFound,
                     QStringLiteral("Keystone's catalog has no placement endpoint for the %1; it has %2")
                         .arg(wanted, offered.isEmpty() ? QStringLiteral("none") : offered.join(QStringLiteral(", "))));
}

} // namespace provtree
