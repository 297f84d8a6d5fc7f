#pragma once

#include "treesource.h"

#include <memory>

namespace provtree {

// One TreeSource made of two: load() and refresh() read from `reader`, push() goes through
// `pusher`. For a document read from Placement's database (PlacementDatabaseSource, fast
// and consistent, never written) whose edits are pushed through the same Placement's API
// (PlacementSource), with the generations the database showed: Placement's generation check
// then refuses a stale edit exactly as for a tree pulled through the API, and whoever holds
// the source (the inspector's document, its push flow) needs to know nothing of the split.
//
// The two must be the same Placement; nothing here can check that (the push reads the
// trees it touches through the API first, and a provider the API does not know is a
// conflict: nothing is sent). Owns both. Lives on the thread that created it, like its
// parts; every operation is one of theirs.
class SplitSource : public TreeSource
{
    Q_OBJECT

public:
    SplitSource(std::unique_ptr<TreeSource> reader, std::unique_ptr<TreeSource> pusher, QObject *parent = nullptr);
    ~SplitSource() override;

    // The reader's: "Placement database mysql+pymysql://db/placement".
    [[nodiscard]] QString description() const override;
    [[nodiscard]] SourceOperation *load(const QString &tree = {}) override;
    [[nodiscard]] SourceOperation *refresh(const QStringList &uuids) override;
    [[nodiscard]] PushOperation *push(const TreeDiff &patch, const PushOptions &options) override;
    // The pusher's.
    [[nodiscard]] QString pushRefusal() const override;
    // The pusher's description: "cloud prod (RegionOne)".
    [[nodiscard]] QString pushDescription() const override;

    [[nodiscard]] TreeSource &reader() const { return *m_reader; }
    [[nodiscard]] TreeSource &pusher() const { return *m_pusher; }

private:
    std::unique_ptr<TreeSource> m_reader;
    std::unique_ptr<TreeSource> m_pusher;
};

} // namespace provtree
