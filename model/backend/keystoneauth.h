#pragma once

#include "cloudconfig.h"
#include "problem.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace provtree {

// Keystone v3 authentication as plain functions: the request (URL and body) for a
// CloudConfig, and the answer read back (the placement endpoint of the catalog, the
// problem for a refusal). CloudSession (cloudsession.h) sends and receives; these decide.
// Pure, thread-safe.

// `{auth_url}/auth/tokens`, with /v3 appended unless auth_url ends with it (a trailing '/'
// ignored): "http://k:5000" and "http://k:5000/v3/" both give "http://k:5000/v3/auth/tokens",
// "http://h/identity" gives "http://h/identity/v3/auth/tokens". Errors (Configuration):
// auth_url ends with /v2.0 (Keystone v2 is gone; provtree speaks v3).
[[nodiscard]] Result<QUrl> keystoneTokensUrl(const QString &authUrl);

// The JSON body of POST /v3/auth/tokens for `config` (Password, ApplicationCredential or
// Token; not Direct): the identity method with user (id, or name + domain), the secret, and
// the scope: the project (id, or name + domain), else the domain, else none (Keystone then
// scopes to the user's default project). Application credentials carry their own scope, so
// none is sent. Holds the secret: the caller sends it and wipes it (QByteArray::fill).
[[nodiscard]] QByteArray keystoneAuthBody(const CloudConfig &config);

// Who Keystone refused, for a 401 message: user "admin" (domain "Default"), application
// credential id 21b7..., the token. Never a secret; names neutralised.
[[nodiscard]] QString keystoneCredentials(const CloudConfig &config);

// The Problem for a Keystone answer that is not 201: 401 Unauthorized ("Keystone at URL
// refused the credentials of user ... (domain ...)"), and so is Keystone's own 404 (an
// unknown token or application credential); 403 Forbidden; another 404 NotFound (auth_url
// is not Keystone v3); other 4xx Refused, 5xx ServerError; Keystone's own message quoted,
// neutralised. A 401 or 403 that does not come from Keystone (neither its error document
// {"error": {...}} nor its `WWW-Authenticate: Keystone uri=...` header; say, a Placement
// behind auth_url) is NotFound: it says nothing about the credentials.
[[nodiscard]] Problem keystoneProblem(const CloudConfig &config, const QUrl &url, int status, const QByteArray &body,
                                      const QByteArray &wwwAuthenticate = {});

// One endpoint of Keystone's service catalog.
struct CatalogEndpoint
{
    QString url;
    QString region; // region_id (else the older region); may be empty
};

// The endpoint of type "placement" for `interface` and, when not empty, `region` (matched
// against region_id and region) in the token's catalog (`token` is the "token" object of
// Keystone's answer); the first such endpoint in catalog order. Errors (NotFound): no
// catalog (an unscoped token), no placement service (lists the services there are), no
// endpoint for the interface and region (lists the placement endpoints there are:
// interface and region of each).
[[nodiscard]] Result<CatalogEndpoint> placementEndpointInCatalog(const QJsonObject &token, const QString &region,
                                                                 const QString &interface);

} // namespace provtree
