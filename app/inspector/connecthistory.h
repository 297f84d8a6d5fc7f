#pragma once

#include <QHash>
#include <QStringList>

namespace provtree {

struct ConnectRequest;
struct PushThrough;

// The clouds and URLs File > Connect to Placement… connected to, newest first, in
// QSettings (organisation and application names as main() sets them), and the Placement
// databases read with where each was pushed through. Only names and URLs:
// never a token, a password or anything else a request carries. GUI thread only.
class ConnectHistory
{
public:
    static constexpr int kMaxEntries = 8;

    [[nodiscard]] static QStringList recentClouds();
    [[nodiscard]] static QStringList recentUrls();
    // Placement database URLs, with the user but never the password.
    [[nodiscard]] static QStringList recentDatabases();
    // Per database URL of recentDatabases(): the cloud or URL (without user info) its
    // edits were last pushed through, or none. Never a token.
    [[nodiscard]] static QHash<QString, PushThrough> databasePush();
    [[nodiscard]] static bool lastWasDatabase();
    // Whether the last connection was by URL (the dialog opens there).
    [[nodiscard]] static bool lastWasUrl();
    // Puts the request's cloud or URL first.
    static void remember(const ConnectRequest &request);
};

} // namespace provtree
