#pragma once

#include "databaseurl.h"
#include "treesource.h"

namespace provtree {

// Placement's database as a TreeSource, for reading only: load() and refresh() read the
// provider forest with PlacementDatabaseReader on a worker thread of their own (the
// caller's thread never waits for the database), with its progress and Cancel. push() is
// refused: writes go through Placement's API with generations (PlacementSource, composed
// with this source by SplitSource), never into its database.
//
// Lives on the thread that created it (normally the GUI thread) and never blocks it, but
// for a moment when an operation is deleted while its query runs (it stops between rows).
class PlacementDatabaseSource : public TreeSource
{
    Q_OBJECT

public:
    // `url` with its password, if the database needs one (withPassword()).
    explicit PlacementDatabaseSource(DatabaseUrl url, QObject *parent = nullptr);

    // "Placement database mysql+pymysql://db:3306/placement": never the user or password.
    [[nodiscard]] QString description() const override { return descriptionOf(m_url); }
    [[nodiscard]] static QString descriptionOf(const DatabaseUrl &url);
    // Errors: those of PlacementDatabaseReader::read(), NotFound when `tree` names nothing.
    [[nodiscard]] SourceOperation *load(const QString &tree = {}) override;
    // The trees of `uuids` as the database holds them now; uuids it lacks are left out.
    [[nodiscard]] SourceOperation *refresh(const QStringList &uuids) override;
    // Always finishes with Refused (pushRefusal()), sending nothing: a database is read,
    // never written. SplitSource pairs this source with a PlacementSource that pushes.
    [[nodiscard]] PushOperation *push(const TreeDiff &patch, const PushOptions &options) override;
    [[nodiscard]] QString pushRefusal() const override;

    [[nodiscard]] const DatabaseUrl &url() const { return m_url; }

private:
    DatabaseUrl m_url;
};

} // namespace provtree
