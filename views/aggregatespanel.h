#pragma once

#include "membershippanel.h"

#include <QString>
#include <QStringList>

namespace provtree {

class ProviderTree;

// The aggregates (uuids) of one provider: a sorted list, a line edit to add one (any case
// is accepted and stored canonical, lower-case; it completes the aggregates already used
// in the tree), Remove (button or Delete key), and, for
// the current aggregate, the other providers in it: this is how an operator sees which
// compute nodes share a storage pool. Activating one of those emits providerActivated()
// so that the window can select it.
//
// Every edit goes through the TreeEditor (one undo command each); what is shown comes
// from the core and follows its change notifications, so edits made by any path (undo,
// other threads, backends) show up. Text that is not a uuid is refused with the core's
// message under the line edit, and the tree is left unchanged.
//
// GUI-thread object. `tree` and `editor` (which edits `tree`) must outlive the panel.
class AggregatesPanel : public MembershipPanel
{
    Q_OBJECT

public:
    AggregatesPanel(ProviderTree &tree, TreeEditor &editor, QWidget *parent = nullptr);
    ~AggregatesPanel() override;

    // What the list shows (sorted canonical uuids), and the aggregate whose other members
    // are listed.
    [[nodiscard]] QStringList aggregates() const { return members(); }
    [[nodiscard]] QString currentAggregate() const { return currentMember(); }

private:
    [[nodiscard]] static Kind kind();
};

} // namespace provtree
