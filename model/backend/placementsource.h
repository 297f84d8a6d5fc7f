#pragma once

#include "placementconnection.h"
#include "treesource.h"

namespace provtree {

class PlacementClient;

// A live Placement as a TreeSource: load() and refresh() pull (PlacementPull), after
// negotiating the microversion on first use. Owns its PlacementClient.
//
// Lives on the thread that created it (normally the GUI thread) and never blocks it.
class PlacementSource : public TreeSource
{
    Q_OBJECT

public:
    explicit PlacementSource(PlacementConnection connection, QObject *parent = nullptr);
    ~PlacementSource() override;

    [[nodiscard]] QString description() const override;
    [[nodiscard]] SourceOperation *load(const QString &tree = {}) override;
    [[nodiscard]] SourceOperation *refresh(const QStringList &uuids) override;
    [[nodiscard]] PushOperation *push(const TreeDiff &patch, const PushOptions &options) override;

    [[nodiscard]] PlacementClient *client() const { return m_client; }

private:
    PlacementClient *m_client; // Owned (child).
};

} // namespace provtree
