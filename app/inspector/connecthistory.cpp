#include "connecthistory.h"

#include "connectdialog.h"
#include "databaseurl.h"

#include <QSettings>
#include <QUrl>

namespace provtree {

namespace {
constexpr char kClouds[] = "placement/recentClouds";
constexpr char kUrls[] = "placement/recentUrls";
constexpr char kLastWasUrl[] = "placement/lastWasUrl";
constexpr char kDatabases[] = "placement/recentDatabases";
constexpr char kLastWasDatabase[] = "placement/lastWasDatabase";
// An array of {database (URL without password), cloud or url}: plain text in the file.
constexpr char kDatabasePush[] = "placement/databasePush";

void prepend(const char *key, const QString &value)
{
    QSettings settings;
    QStringList list = settings.value(QLatin1String(key)).toStringList();
    list.removeAll(value);
    list.prepend(value);
    while (list.size() > ConnectHistory::kMaxEntries)
        list.removeLast();
    settings.setValue(QLatin1String(key), list);
}

// A URL may carry user:password@: that part is a secret and is not kept.
QString withoutUserInfo(const QString &text)
{
    const QUrl url(text);
    return url.userInfo().isEmpty() ? text : url.adjusted(QUrl::RemoveUserInfo).toString();
}

void rememberPush(const QString &database, const PushThrough &push)
{
    QHash<QString, PushThrough> all = ConnectHistory::databasePush();
    PushThrough kept = push;
    kept.token.clear();
    kept.url = withoutUserInfo(kept.url);
    all.insert(database, kept);
    QSettings settings;
    const QStringList offered = settings.value(QLatin1String(kDatabases)).toStringList(); // newest first
    settings.remove(QLatin1String(kDatabasePush));
    settings.beginWriteArray(QLatin1String(kDatabasePush));
    int index = 0;
    for (const QString &url : offered) { // only for the databases still offered
        const auto it = all.constFind(url);
        if (it == all.cend())
            continue;
        settings.setArrayIndex(index++);
        settings.setValue(QStringLiteral("database"), url);
        if (it->mode == PushThrough::Mode::Cloud)
            settings.setValue(QStringLiteral("cloud"), it->cloud);
        else if (it->mode == PushThrough::Mode::Url)
            settings.setValue(QStringLiteral("url"), it->url);
    }
    settings.endArray();
}
} // namespace

QStringList ConnectHistory::recentClouds()
{
    return QSettings().value(QLatin1String(kClouds)).toStringList();
}

QStringList ConnectHistory::recentUrls()
{
    return QSettings().value(QLatin1String(kUrls)).toStringList();
}

QStringList ConnectHistory::recentDatabases()
{
    return QSettings().value(QLatin1String(kDatabases)).toStringList();
}

QHash<QString, PushThrough> ConnectHistory::databasePush()
{
    QHash<QString, PushThrough> targets;
    QSettings settings;
    const int size = settings.beginReadArray(QLatin1String(kDatabasePush));
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        PushThrough push;
        if (settings.contains(QStringLiteral("cloud"))) {
            push.mode = PushThrough::Mode::Cloud;
            push.cloud = settings.value(QStringLiteral("cloud")).toString();
        } else if (settings.contains(QStringLiteral("url"))) {
            push.mode = PushThrough::Mode::Url;
            push.url = settings.value(QStringLiteral("url")).toString();
        }
        targets.insert(settings.value(QStringLiteral("database")).toString(), push);
    }
    settings.endArray();
    return targets;
}

bool ConnectHistory::lastWasDatabase()
{
    return QSettings().value(QLatin1String(kLastWasDatabase), false).toBool();
}

bool ConnectHistory::lastWasUrl()
{
    return QSettings().value(QLatin1String(kLastWasUrl), false).toBool();
}

void ConnectHistory::remember(const ConnectRequest &request)
{
    const bool byUrl = request.mode == ConnectRequest::Mode::Url;
    const bool database = request.mode == ConnectRequest::Mode::Database;
    if (database) {
        // Only a URL that parses is remembered, and without its password.
        const Result<DatabaseUrl> url = DatabaseUrl::parse(request.databaseUrl);
        if (url.ok()) {
            prepend(kDatabases, url.value().withoutPassword());
            rememberPush(url.value().withoutPassword(), request.push);
        }
        if (request.push.mode == PushThrough::Mode::Url) // offered again for either use
            prepend(kUrls, withoutUserInfo(request.push.url));
    } else if (byUrl) {
        prepend(kUrls, withoutUserInfo(request.url));
    } else {
        prepend(kClouds, request.cloud);
    }
    QSettings().setValue(QLatin1String(kLastWasUrl), byUrl);
    QSettings().setValue(QLatin1String(kLastWasDatabase), database);
}

} // namespace provtree
