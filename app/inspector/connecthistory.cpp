#include "connecthistory.h"

#include "connectdialog.h"

#include <QSettings>
#include <QUrl>

namespace provtree {

namespace {
constexpr char kClouds[] = "placement/recentClouds";
constexpr char kUrls[] = "placement/recentUrls";
constexpr char kLastWasUrl[] = "placement/lastWasUrl";

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

bool ConnectHistory::lastWasUrl()
{
    return QSettings().value(QLatin1String(kLastWasUrl), false).toBool();
}

void ConnectHistory::remember(const ConnectRequest &request)
{
    const bool byUrl = request.mode == ConnectRequest::Mode::Url;
    if (byUrl) {
        // A URL may carry user:password@: that part is a secret and is not kept.
        const QUrl url(request.url);
        prepend(kUrls, url.userInfo().isEmpty() ? request.url : url.adjusted(QUrl::RemoveUserInfo).toString());
    } else {
        prepend(kClouds, request.cloud);
    }
    QSettings().setValue(QLatin1String(kLastWasUrl), byUrl);
}

} // namespace provtree
