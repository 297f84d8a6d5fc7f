#pragma once

#include "membershippanel.h"

#include <QString>
#include <QStringList>

namespace provtree {

class ProviderTree;

// The traits of one provider: a sorted list, a line edit to add one (completing standard
// traits and the CUSTOM_ traits used in the tree), Remove (button or Delete key), and,
// for the current trait, the other providers that have it. Activating one of those emits
// providerActivated() so that the window can select it.
//
// Every edit goes through the TreeEditor (one undo command each); what is shown comes
// from the core and follows its change notifications, so edits made by any path (undo,
// other threads, backends) show up. A refused trait leaves the tree unchanged and shows
// the core's message under the line edit; warnings of an accepted one show there too.
//
// GUI-thread object. `tree` and `editor` (which edits `tree`) must outlive the panel.
class TraitsPanel : public MembershipPanel
{
    Q_OBJECT

public:
    TraitsPanel(ProviderTree &tree, TreeEditor &editor, QWidget *parent = nullptr);
    ~TraitsPanel() override;

    // What the list shows (sorted), and the trait whose other providers are listed.
    [[nodiscard]] QStringList traits() const { return members(); }
    [[nodiscard]] QString currentTrait() const { return currentMember(); }

private:
    [[nodiscard]] static Kind kind();
};

} // namespace provtree
