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
        if (url.ok())
            prepend(kDatabases, url.value().withoutPassword());
    } else if (byUrl) {
        // A URL may carry user:password@: that part is a secret and is not kept.
        const QUrl url(request.url);
        prepend(kUrls, url.userInfo().isEmpty() ? request.url : url.adjusted(QUrl::RemoveUserInfo).toString());
    } else {
        prepend(kClouds, request.cloud);
    }
    QSettings().setValue(QLatin1String(kLastWasUrl), byUrl);
    QSettings().setValue(QLatin1String(kLastWasDatabase), database);
}

} // namespace provtree
