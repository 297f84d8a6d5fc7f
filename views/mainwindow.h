#pragma once

#include "problem.h"
#include "providerdata.h"
#include "providertreeview.h"

#include <QList>
#include <QMainWindow>

#include <functional>
#include <optional>

class QAbstractProxyModel;
class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QTabWidget;
class QTimer;

namespace provtree {

class AggregatesPanel;
class FitHighlightProxyModel;
class FitPanel;
class InventoryView;
class ProblemsPanel;
class ProviderDetails;
class ProviderFilterProxyModel;
class ProviderCopyActions;
class ProviderIconProxyModel;
class ProviderTree;
class ProviderTreeModel;
class SearchContextProxyModel;
class SearchExpansionMemory;
class SearchFeedback;
class TraitsPanel;
class TreeColumnFitter;
class TreeExpander;
class TreeEditor;

// The inspector's main window: the provider tree on the left (a QTreeView over
// ProviderTreeModel, filtered and sorted by ProviderFilterProxyModel, with kind icons), the
// details of the selected provider on the right (identity, inventory, traits, aggregates).
//
// The tree's selection is the one source of "the current provider": the details pane
// shows the provider when exactly one row of the tree as shown is selected, and nothing
// (no edit possible) when none or several are, including when a search or an edit hides
// the selected row. A selection a search hid comes back when the search shows it again;
// one folded away (its ancestor collapsed) moves to the collapsed row. During a search the
// rows shown only for context are muted (SearchContextProxyModel); clearing it gives back
// the rows the user had open (SearchExpansionMemory).
//
// Every edit goes through the window's TreeEditor, whose undo stack drives Undo/Redo and
// the modified marker of the title ([*]). A refused edit shows the core's problems in an
// error box; nothing is swallowed.
//
// It knows nothing of files: File > Open, Save and Save As only emit signals; whoever
// loads and saves (app/) fills the tree, names the document and reports failures through
// showProblems(). GUI thread only; the tree may be changed from any thread (the model
// follows queued) and must outlive the window.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // What the window asks the user. Defaults are modal dialogs; tests replace them.
    struct Prompts
    {
        // A provider name (title, label, initial text); nullopt when cancelled.
        std::function<std::optional<QString>(const QString &, const QString &, const QString &)> askName;
        // A yes/no question (title, question); true to go ahead.
        std::function<bool(const QString &, const QString &)> confirm;
    };

    explicit MainWindow(ProviderTree &tree, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setPrompts(Prompts prompts);

    // What the window shows, e.g. a file name; becomes part of the window title (followed
    // by the modified marker). Raw user text is fine: it is shown, never interpreted.
    void setDocumentName(const QString &name);

    // Read-only: no edits (actions disabled, panels read-only) and a banner that says why.
    void setReadOnly(bool readOnly, const QString &banner = {});
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }
    [[nodiscard]] QString bannerText() const;

    // Tells the user why `what` (e.g. a file name) could not be used, listing `problems`
    // with their locations. Non-modal; returns at once. The box deletes itself when closed.
    void showProblems(const QString &what, const Problems &problems,
                      const QString &title = {});

    // Selects the provider `uuid` (clearing the search if it hides it), expands its
    // ancestors and scrolls to it. Returns false if it is not in the tree.
    bool selectProvider(const QString &uuid);
    // The provider the details pane shows: the only selected one (empty: none or several).
    [[nodiscard]] QString currentProvider() const { return m_current; }
    // The selected providers' uuids, in the order the tree shows them.
    [[nodiscard]] QStringList selectedProviders() const;

    // How Copy as JSON writes providers (the application's snapshot writer); until set,
    // that action is disabled.
    void setProviderSerialiser(std::function<QByteArray(const QList<ProviderData> &)> serialiser);

    // "Remove cn-01 and its 6 descendants?"
    [[nodiscard]] QString removeQuestion(const QString &uuid) const;

    // --- the edits behind the actions (through the editor; refusals shown) -------------
    void newRoot();
    void newChild();
    void renameCurrent();
    void removeCurrent();
    [[nodiscard]] Problems allocationsBlockingRemoval(const QString &uuid) const;

    [[nodiscard]] TreeEditor *editor() const { return m_editor; }
    [[nodiscard]] ProviderTreeModel *treeModel() const { return m_model; }
    [[nodiscard]] ProviderFilterProxyModel *filterModel() const { return m_filter; }
    [[nodiscard]] QTreeView *treeView() const { return m_view; }
    // View > Expand All still opening rows (it works in slices, see TreeExpander).
    [[nodiscard]] bool isExpandingAll() const;
    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] SearchFeedback *searchFeedback() const { return m_searchFeedback; }
    // Between the tree and the details pane (its state is what the application remembers).
    [[nodiscard]] QSplitter *splitter() const { return m_splitter; }
    [[nodiscard]] ProviderDetails *details() const { return m_details; }
    [[nodiscard]] InventoryView *inventoryView() const { return m_inventory; }
    [[nodiscard]] TraitsPanel *traitsPanel() const { return m_traits; }
    [[nodiscard]] AggregatesPanel *aggregatesPanel() const { return m_aggregates; }
    [[nodiscard]] QMenu *recentMenu() const { return m_recentMenu; }
    // The Problems dock (View > Problems, the status bar's count): the document's errors
    // and warnings; activating one shows its provider and field (showProblem()).
    [[nodiscard]] ProblemsPanel *problemsPanel() const { return m_problems; }
    // "Will it fit?" (View > Will It Fit?, Ctrl+Shift+F): the dock (its outcome marks the
    // trees it fits through a FitHighlightProxyModel below the filter).
    [[nodiscard]] FitPanel *fitPanel() const { return m_fit; }
    // Selects the problem's provider and puts the keyboard on its field: the resource
    // class's cell in the inventory, the traits or aggregates list (the member the message
    // names selected), else the tree. Nothing happens when the provider is not in the tree.
    void showProblem(const Problem &problem);

    [[nodiscard]] QAction *openAction() const { return m_openAction; }
    [[nodiscard]] QAction *saveAction() const { return m_saveAction; }
    [[nodiscard]] QAction *saveAsAction() const { return m_saveAsAction; }
    [[nodiscard]] QAction *quitAction() const { return m_quitAction; }
    [[nodiscard]] QAction *compareAction() const { return m_compareAction; }
    [[nodiscard]] QAction *unsavedChangesAction() const { return m_unsavedChangesAction; }
    // A live Placement (enabled by whoever connects; off until then but Connect).
    [[nodiscard]] QAction *connectAction() const { return m_connectAction; }
    [[nodiscard]] QAction *refreshAction() const { return m_refreshAction; }
    [[nodiscard]] QAction *pushAction() const { return m_pushAction; }
    [[nodiscard]] QAction *undoAction() const { return m_undoAction; }
    [[nodiscard]] QAction *redoAction() const { return m_redoAction; }
    [[nodiscard]] QAction *newRootAction() const { return m_newRootAction; }
    [[nodiscard]] QAction *newChildAction() const { return m_newChildAction; }
    [[nodiscard]] QAction *renameAction() const { return m_renameAction; }
    [[nodiscard]] QAction *removeAction() const { return m_removeAction; }
    [[nodiscard]] QAction *copyUuidAction() const;
    [[nodiscard]] QAction *copyJsonAction() const;

signals:
    void openRequested();   // File > Open (Ctrl+O)
    void saveRequested();   // File > Save (Ctrl+S)
    void saveAsRequested(); // File > Save As (Ctrl+Shift+S)
    void compareRequested();        // File > Compare with File…
    void unsavedChangesRequested(); // File > Show Unsaved Changes (enabled while modified)
    void connectRequested(); // File > Connect to Placement… (Ctrl+Shift+O)
    void pushRequested();    // File > Push Changes… (Ctrl+Shift+P)
    void refreshRequested(); // View > Refresh (F5)

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createTreePane();
    QWidget *createDetailsPane();
    void createActions();
    void createMenus();
    void syncWithSelection();
    void reselectHiddenSelection();
    void selectCollapsedIfHiding(const QModelIndex &collapsed);
    QDockWidget *createSummaryDock();
    void onModelReset();
    // The tree view's index of a ProviderTreeModel index (through the proxies).
    [[nodiscard]] QModelIndex shownIndex(const QModelIndex &modelIndex) const;
    void scrollToSelection();
    void applySearch();
    void closeRowsForSearch();
    void showAppliedSearch();
    void openSearchResults(bool expansionRestored);
    void restoreExpansionAfterSearch();
    void expandForOverview();
    void expandFirstMatches();
    void updateActions();
    void updateCount();
    void showContextMenu(const QPoint &position);
    void openProblemBox(const QString &title, const QString &summary, const Problems &problems);
    void reportRefusal(const QString &summary, const Status &status);
    [[nodiscard]] std::optional<QString> askName(const QString &title, const QString &label,
                                                 const QString &initial);

    ProviderTree &m_tree;                        // Not owned.
    TreeEditor *m_editor;                        // Owned (QObject child).
    ProviderTreeModel *m_model;                  // Owned (QObject child).
    ProviderIconProxyModel *m_icons;             // Owned (QObject child); on m_model.
    FitHighlightProxyModel *m_fitMarks;          // Owned (QObject child); on m_icons, below m_filter.
    ProviderFilterProxyModel *m_filter;          // Owned (QObject child).
    SearchContextProxyModel *m_context;          // Owned (QObject child); above m_filter: the view's.
    QList<const QAbstractProxyModel *> m_shownThrough; // m_icons up to m_context (shownIndex())
    Prompts m_prompts;
    QString m_current;
    QStringList m_hiddenSelection; // the last selection, kept while a search hides it
    bool m_applyingSearch = false;
    bool m_closeRowsForSearch = false; // the rows remembered for a search are still open
    bool m_autoExpanding = false; // the window opens or closes rows, not the user
    QString m_documentName;
    bool m_readOnly = false;

    // Widgets: owned by their parents in the window.
    QLabel *m_banner = nullptr;
    QLineEdit *m_search = nullptr;
    SearchFeedback *m_searchFeedback = nullptr;
    ProviderTreeView *m_view = nullptr;
    TreeColumnFitter *m_columns = nullptr;
    TreeExpander *m_expander = nullptr;
    SearchExpansionMemory *m_expansionMemory = nullptr; // the rows open before the search
    QSplitter *m_splitter = nullptr;
    ProviderDetails *m_details = nullptr;
    InventoryView *m_inventory = nullptr;
    TraitsPanel *m_traits = nullptr;
    AggregatesPanel *m_aggregates = nullptr;
    QTabWidget *m_panelTabs = nullptr;
    QSplitter *m_panels = nullptr; // inventory above the traits/aggregates tabs
    QLabel *m_countLabel = nullptr;
    QMenu *m_recentMenu = nullptr;
    ProblemsPanel *m_problems = nullptr; // a dock of the window
    FitPanel *m_fit = nullptr;           // a dock of the window

    // Actions: QObject children of the window.
    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_unsavedChangesAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_pushAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_newRootAction = nullptr;
    QAction *m_newChildAction = nullptr;
    QAction *m_renameAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_expandAllAction = nullptr;
    QAction *m_collapseAllAction = nullptr;
    ProviderCopyActions *m_copyActions = nullptr;
};

} // namespace provtree
