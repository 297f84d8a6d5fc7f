#include "cloudconfig.h"

#include "clouddocument.h"
#include "neutralise.h"

#include <QDir>
#include <QUrl>

namespace provtree {

namespace {

// openstacksdk's YAML_SUFFIXES + JSON_SUFFIXES, in its order.
const char *const kSuffixes[] = {".yaml", ".yml", ".json"};

QStringList candidates(const QStringList &folders, const QString &stem)
{
    QStringList files;
    for (const QString &folder : folders) {
        for (const char *suffix : kSuffixes)
            files.append(folder + QLatin1Char('/') + stem + QLatin1String(suffix));
    }
    return files;
}

// os.path.expanduser("~"): $HOME.
QString homeFolder(const QProcessEnvironment &env)
{
    const QString home = env.value(QStringLiteral("HOME"));
    return home.isEmpty() ? QDir::homePath() : home;
}

} // namespace

QString authTypeName(AuthType type)
{
    switch (type) {
    case AuthType::Password: return QStringLiteral("password");
    case AuthType::ApplicationCredential: return QStringLiteral("v3applicationcredential");
    case AuthType::Token: return QStringLiteral("token");
    case AuthType::Direct: return QStringLiteral("direct");
    }
    return {};
}

QStringList CloudFiles::searchFolders(const QProcessEnvironment &env, const QString &currentFolder)
{
    const QString home = homeFolder(env);
    // platformdirs' user_config_dir: $XDG_CONFIG_HOME unless empty, else ~/.config.
    const QString xdgConfigHome = env.value(QStringLiteral("XDG_CONFIG_HOME")).trimmed();
    const QString userConfig = (xdgConfigHome.isEmpty() ? home + QStringLiteral("/.config") : xdgConfigHome)
                               + QStringLiteral("/openstack");
    const QString snapRealHome = env.value(QStringLiteral("SNAP_REAL_HOME"));
    const QString unixConfig = (snapRealHome.isEmpty() ? home : snapRealHome) + QStringLiteral("/.config/openstack");
    // platformdirs' site_config_dir with multipath: every entry of $XDG_CONFIG_DIRS (default
    // /etc/xdg) + /openstack, joined with ':' into one string that loader.py then uses as one
    // folder.
    QString xdgConfigDirs = env.value(QStringLiteral("XDG_CONFIG_DIRS"));
    if (xdgConfigDirs.trimmed().isEmpty())
        xdgConfigDirs = QStringLiteral("/etc/xdg");
    QStringList siteFolders;
    for (QString folder : xdgConfigDirs.split(QLatin1Char(':'))) {
        if (folder.startsWith(QLatin1Char('~')))
            folder = home + folder.mid(1);
        siteFolders.append(folder + QStringLiteral("/openstack"));
    }
    return {currentFolder, userConfig, unixConfig, siteFolders.join(QLatin1Char(':')),
            QStringLiteral("/etc/openstack")};
}

CloudFiles CloudFiles::inFolders(const QStringList &folders)
{
    return {candidates(folders, QStringLiteral("clouds")), candidates(folders, QStringLiteral("secure"))};
}

CloudFiles CloudFiles::standard(const QProcessEnvironment &env)
{
    CloudFiles files = inFolders(searchFolders(env, QDir::currentPath()));
    const QString configFile = env.value(QStringLiteral("OS_CLIENT_CONFIG_FILE"));
    if (!configFile.isEmpty())
        files.clouds.prepend(configFile);
    const QString secureFile = env.value(QStringLiteral("OS_CLIENT_SECURE_FILE"));
    if (!secureFile.isEmpty())
        files.secure.prepend(secureFile);
    return files;
}

QStringList CloudFiles::folders() const
{
    QStringList found;
    for (const QString &file : clouds) {
        const qsizetype slash = file.lastIndexOf(QLatin1Char('/'));
        const QString folder = slash > 0 ? file.left(slash) : QStringLiteral(".");
        if (!found.contains(folder))
            found.append(folder);
    }
    return found;
}

namespace {
// A URL for people: a password in it (user:password@) never shows.
QString shownUrl(const QString &url)
{
    return neutralisedIfNeeded(QUrl(url).toDisplayString());
}
} // namespace

QString CloudConfig::describe() const
{
    QString text;
    if (!cloudName.isEmpty())
        text = QStringLiteral("cloud ") + neutralised(cloudName);
    else if (authType == AuthType::Direct && configFile.isEmpty())
        text = QStringLiteral("Placement");
    else
        text = QStringLiteral("OS_* variables");
    if (!configFile.isEmpty()) {
        text += QStringLiteral(" (") + neutralisedIfNeeded(configFile);
        if (!secureFile.isEmpty())
            text += QStringLiteral(", secrets from ") + neutralisedIfNeeded(secureFile);
        text += QLatin1Char(')');
    }
    if (authType == AuthType::Direct) {
        text += QStringLiteral(" at ") + shownUrl(placementEndpoint)
                + (token.isEmpty() ? QStringLiteral(", no Keystone, no token")
                                   : QStringLiteral(", no Keystone, with a token"));
    } else {
        text += QStringLiteral(": %1 auth at %2").arg(authTypeName(authType), shownUrl(authUrl));
        const auto named = [](const QString &name, const QString &id) -> QString {
            return name.isEmpty() ? QStringLiteral("id ") + neutralisedIfNeeded(id) : neutralised(name);
        };
        const auto inDomain = [](const QString &name, const QString &id) -> QString {
            if (name.isEmpty() && id.isEmpty())
                return QString();
            return QStringLiteral(" (domain ")
                   + (name.isEmpty() ? QStringLiteral("id ") + neutralisedIfNeeded(id) : neutralised(name))
                   + QLatin1Char(')');
        };
        if (authType == AuthType::ApplicationCredential)
            text += QStringLiteral(" with application credential ")
                    + named(applicationCredentialName, applicationCredentialId);
        if (!userName.isEmpty() || !userId.isEmpty())
            text += QStringLiteral(" as user ") + named(userName, userId) + inDomain(userDomainName, userDomainId);
        if (!projectName.isEmpty() || !projectId.isEmpty())
            text += QStringLiteral(", project ") + named(projectName, projectId)
                    + inDomain(projectDomainName, projectDomainId);
        else if (!domainName.isEmpty() || !domainId.isEmpty())
            text += QStringLiteral(", domain ") + named(domainName, domainId);
        text += region.isEmpty() ? QStringLiteral(", any region")
                                 : QStringLiteral(", region ") + neutralisedIfNeeded(region);
        text += QStringLiteral(", %1 interface").arg(neutralisedIfNeeded(interface));
        if (!placementEndpoint.isEmpty())
            text += QStringLiteral(", Placement at ") + shownUrl(placementEndpoint);
    }
    if (!cacert.isEmpty())
        text += QStringLiteral(", CA file ") + neutralisedIfNeeded(cacert);
    if (insecure)
        text += QStringLiteral(", TLS verification off");
    return text;
}

Result<QStringList> cloudNames(const CloudFiles &files)
{
    Result<CloudDocument> document = readCloudDocument(files.clouds, files.secure);
    if (!document.ok())
        return document.status();
    const QVariant clouds = document.value().root.value(QStringLiteral("clouds"));
    if (clouds.isValid() && clouds.typeId() != QMetaType::QVariantMap) {
        Problem problem = makeError(ProblemKind::Configuration, QStringLiteral("clouds: must be a mapping of cloud names"));
        problem.location = document.value().locationOf({QStringLiteral("clouds")});
        return problem;
    }
    return {clouds.toMap().keys(), document.problems()};
}

} // namespace provtree
