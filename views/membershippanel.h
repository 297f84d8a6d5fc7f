#pragma once

#include "change.h"
#include "problem.h"
#include "providerdata.h"
#include "providerqueries.h"
#include "treeeditor.h"

#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QWidget>

class QCompleter;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStringListModel;
class QTreeWidget;

namespace provtree {

class ProviderTree;
class ProviderTreeNotifier;

// The panel of one provider's memberships of one kind (its traits, its aggregates): a
// sorted list, a line edit to add one (with a completer), Remove (button or Delete key),
// and, for the current member, the other providers that share it. Activating one of those
// emits providerActivated() so that the window can select it.
//
// Every edit goes through the TreeEditor (one undo command each, several removals in one
// macro); what is shown comes from the core and follows its change notifications, so
// edits made by any path (undo, other threads, backends) show up. A refused edit leaves
// the tree unchanged and shows the core's message under the line edit until the user's
// next accepted edit (of any panel, or an undo); what there is to say about an accepted
// one shows there too. Remove leaves nothing selected (the current item moves to a
// neighbour), so that pressing it twice never removes more than the user chose.
//
// What differs between kinds (which list of ProviderData, how typed text is normalised and
// added, which query finds the others, names and texts) comes in a Kind that a subclass
// hands to the constructor: data and plain functions rather than virtual functions, so that
// the panel is complete, and reads the tree, inside its own constructor. The subclass gives
// the getters its kind's names.
//
// GUI-thread object. `tree` and `editor` (which edits `tree`) must outlive the panel.
class MembershipPanel : public QWidget
{
    Q_OBJECT

public:
    ~MembershipPanel() override;

    // The provider shown, by uuid; empty (or a uuid not in the tree) shows nothing and
    // disables the panel. If the provider leaves the tree and comes back (undo), it is
    // shown again.
    void setProvider(const QString &uuid);
    [[nodiscard]] QString provider() const { return m_uuid; }

    // Read-only: nothing can be added or removed; browsing other providers still works.
    void setReadOnly(bool readOnly);
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }

    // The text under the line edit (the last refusal or warning), empty if none.
    [[nodiscard]] QString message() const;

signals:
    // The user activated another provider in the "other providers" list.
    void providerActivated(const QString &uuid);

protected:
    // One kind of membership. The functions are called on the GUI thread; each reads the
    // tree (or edits it through the editor) once.
    struct Kind
    {
        // What adding the user's text did.
        struct Added
        {
            bool accepted = false;
            QString member; // as the list shows it (the text normalised)
            Status message; // what to show under the line edit (errors or warnings)
        };

        ProviderPart part;                          // the part of a ProviderChange that concerns it
        QStringList ProviderData::*members;         // the provider's list (sorted)
        QStringList (*completions)(const ProviderTree &tree); // what the line edit offers, sorted
        // The providers that have `member`, the one shown included, in tree order.
        QList<queries::ProviderRef> (*sharing)(const ProviderTree &tree, QStringView member);
        // Adds what the user typed (trimmed, not empty) to the provider `uuid`.
        Added (*add)(TreeEditor &editor, const QString &uuid, const QString &text);
        // Removes the members as one undo step.
        Status (TreeEditor::*remove)(const QString &uuid, const QStringList &members);

        // Object names (tests and style sheets find the widgets by them) and texts,
        // already translated.
        QString listName;
        QString editName;
        QString listAccessibleName;
        QString editAccessibleName;
        QString addAccessibleName;
        QString removeAccessibleName;
        QString editPlaceholder;
        QString removeToolTip;
        QString othersAccessibleName;
        QString selectHint;   // the caption while no member is current
        QString noOthers;     // the caption when nobody else has it; %1 the member
        QString othersTitle;  // the caption above the others; %1 the member, %2 how many
    };

    // Builds the panel and reads the tree, showing no provider.
    MembershipPanel(ProviderTree &tree, TreeEditor &editor, Kind kind, QWidget *parent);

    // What the list shows (sorted), and the member whose other providers are listed.
    [[nodiscard]] QStringList members() const;
    [[nodiscard]] QString currentMember() const;

    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum RefreshFlag { RefreshOwn = 1, RefreshOthers = 2, RefreshCompleter = 4, RefreshAll = 7 };

    void buildUi();
    void onTreeChanged(const ChangeSet &changes);
    void scheduleRefresh(int what);
    void refresh(int what);
    void showMembers(const QStringList &members);
    void showOthers();
    void updateCompleter();
    void showCompletions(const QStringList &names);
    void addFromEdit();
    void removeSelected();
    void showStatus(const Status &status);
    void updateActions();

    ProviderTree &m_tree;                       // Not owned.
    TreeEditor &m_editor;                       // Not owned.
    const Kind m_kind;
    ProviderTreeNotifier *m_notifier = nullptr; // Owned (QObject child).
    QListWidget *m_list = nullptr;              // Owned (child widget).
    QLineEdit *m_edit = nullptr;                // Owned (child widget).
    QPushButton *m_addButton = nullptr;         // Owned (child widget).
    QPushButton *m_removeButton = nullptr;      // Owned (child widget).
    QLabel *m_messageLabel = nullptr;           // Owned (child widget).
    QLabel *m_othersCaption = nullptr;          // Owned (child widget).
    QTreeWidget *m_others = nullptr;            // Owned (child widget).
    QCompleter *m_completer = nullptr;          // Owned (QObject child).
    QStringListModel *m_completions = nullptr;  // Owned (QObject child).
    QString m_uuid;
    bool m_present = false;   // m_uuid is in the tree
    bool m_readOnly = false;
    int m_pendingRefresh = 0; // RefreshFlags not yet applied
    QFutureWatcher<QStringList> m_completionJob; // a large tree's names, gathered on a worker
    bool m_completionsStale = false; // the tree changed while the job ran
};

} // namespace provtree
