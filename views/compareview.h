#pragma once

#include "diffmodel.h"
#include "problem.h"
#include "providerdata.h"
#include "revertbar.h"
#include "treediff.h"

#include <QColor>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QIdentityProxyModel;
class QTableWidget;
class QTreeView;

namespace provtree {

class DiffFilterProxyModel;
class DiffLegend;
class DifferenceNavigator;
class TreeEditor;

// Two states of a provider tree side by side ("old" and "new"): one merged tree whose rows
// are coloured by status, a legend that counts each kind and filters to one when clicked,
// a search by name or uuid (Ctrl+F) with its number of matches, an "only differences"
// filter (filters keep the ancestors of what they show), next/previous difference (F7 /
// Shift+F7; disabled past the last / before the first), and for the selected provider its
// inventory field by field (old | new, changed cells marked, the whole side of an added or
// removed provider coloured), its traits and its aggregates with added and removed ones
// marked. As a window of its own, Esc and Ctrl+W close it.
//
// It computes nothing from files: the owner (app/) reads the states and calls setDiff().
// With an editor (setEditor(), for "unsaved changes": old = the file on disk, new = the
// edited tree), the user can revert one provider to its old state (RevertBar, RevertPlan: a
// removed one is restored with its removed subtree, and with its removed ancestors after
// asking), each as one undoable TreeEditor step; the window says beforehand what a revert
// does or why it cannot, and names providers (never uuids) when the core refuses one.
// Every change of the editor's undo stack then asks the owner for a new diff
// (refreshRequested()).
// GUI thread only.
class CompareView : public QWidget
{
    Q_OBJECT

public:
    // Table columns of the side-by-side inventory.
    enum InventoryColumn { ClassColumn, FieldColumn, OldColumn, NewColumn, InventoryColumnCount };

    // What the revert asks the user (RevertBar::Prompts); tests replace the message boxes.
    using Prompts = RevertBar::Prompts;

    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    void setPrompts(Prompts prompts);

    // Shows `diff` (TreeDiff::compute(before, after)); keeps the selection if the provider
    // is still there.
    void setDiff(const TreeDiff &diff, const QList<ProviderData> &before, const QList<ProviderData> &after);
    // The same with the rows built beforehand (DiffModel::contentOf(), e.g. on a worker
    // thread): what is left for the GUI thread is the views' reset. A merged tree of more
    // than kExpandAllRows rows opens collapsed (its roots' children shown when it has at
    // most kExpandRootsLimit roots), a smaller one expanded.
    void setContent(DiffModel::Content content);
    static constexpr qsizetype kExpandAllRows = 5000;
    static constexpr int kExpandRootsLimit = 50;
    // What the two states are called, e.g. file names ("old"/"new" by default).
    void setStateNames(const QString &oldName, const QString &newName);

    // Not owned; may be nullptr (read-only comparison, the default). Must outlive the view
    // or be reset first.
    void setEditor(TreeEditor *editor);
    [[nodiscard]] TreeEditor *editor() const { return m_editor; }

    // The row colour of a status (invalid for Unchanged: the palette's own) and its name.
    [[nodiscard]] static QColor statusColor(DiffStatus status);
    // The background of a changed cell of the inventory table (old and new).
    [[nodiscard]] static QColor changedCellColor();

    void setOnlyDifferences(bool only);
    [[nodiscard]] bool onlyDifferences() const;
    // Shows only providers of one kind (the legend's filter); nullopt: all.
    void setStatusFilter(std::optional<DiffStatus> status);
    // Shows only providers whose name or uuid contains `text` (and their ancestors).
    void setSearchText(const QString &text);
    // How many providers the search and the kind filter match (all of them without either).
    [[nodiscard]] int matchCount() const;
    // Selects the next/previous differing provider top-down among those shown (false:
    // there is none; nextAction()/previousAction() are disabled then).
    bool nextDifference();
    bool previousDifference();
    bool selectProvider(const QString &uuid);
    [[nodiscard]] QString currentProvider() const { return m_current; }

    // Reverts the current provider to its old state through the editor, as one undo step
    // (RevertPlan: what it does per status, and what blocks it). A plan that brings back
    // removed ancestors asks first (Prompts::confirm; Cancelled when the user says no).
    // Errors: why it cannot be done, or the core's refusal; nothing changes then.
    Status revertCurrent();

    // "2 added, 1 removed, 3 changed, 1 moved, 40 unchanged".
    [[nodiscard]] QString summaryText() const;
    // The details' header: "cn-01_numa1 — moved\nUUID\nmoved from cn-01 to cn-02".
    [[nodiscard]] QString detailsTitle() const;
    // What the revert button would do, or why it cannot (empty without an editor).
    [[nodiscard]] QString revertNote() const;

    [[nodiscard]] DiffModel *model() const { return m_model; }
    [[nodiscard]] QTreeView *treeView() const { return m_view; }
    [[nodiscard]] QTableWidget *inventoryTable() const { return m_inventory; }
    [[nodiscard]] QListWidget *traitsList() const { return m_traits; }
    [[nodiscard]] QListWidget *aggregatesList() const { return m_aggregates; }
    [[nodiscard]] QCheckBox *onlyDifferencesBox() const { return m_onlyDifferences; }
    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] QLabel *matchLabel() const { return m_matches; }
    [[nodiscard]] DiffLegend *legend() const { return m_legend; }
    [[nodiscard]] QAction *nextAction() const { return m_nextAction; }
    [[nodiscard]] QAction *previousAction() const { return m_previousAction; }
    [[nodiscard]] QPushButton *nextButton() const { return m_nextButton; }
    [[nodiscard]] QPushButton *previousButton() const { return m_previousButton; }
    // Esc and Ctrl+W: closes the view while it is a window of its own (disabled otherwise,
    // so that Esc in a dialog that embeds it reaches the dialog).
    [[nodiscard]] QAction *closeAction() const { return m_closeAction; }
    [[nodiscard]] QPushButton *revertButton() const;

signals:
    // The editor's undo stack moved (a revert, an undo): the owner should set a new diff.
    void refreshRequested();
    // A revert was refused (the status holds the core's problems); the view has told the
    // user already (Prompts::refused).
    void revertFailed(const provtree::Status &status);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createToolbar();
    QWidget *createDetails();
    void createActions();
    void onSelectionChanged();
    void filterChanged(const QString &keep);
    void showDetails();
    void updateSummary();
    void updateMatchCount();
    void updateNavigation();
    void fitColumns();
    void expandForOverview();

    DiffModel *m_model;                // Owned (QObject child).
    QIdentityProxyModel *m_colours;    // Owned (QObject child); colours and icons.
    DiffFilterProxyModel *m_filter;    // Owned (QObject child); kind, search, only differences.
    DifferenceNavigator *m_navigator;  // Owned (QObject child); over m_filter.
    TreeEditor *m_editor = nullptr;    // Not owned.
    QString m_current;
    QString m_oldName;
    QString m_newName;
    bool m_fittingColumns = false;
    bool m_nameWidthByUser = false; // then fitColumns() leaves the name column alone

    // Widgets: owned by their parents in the view.
    DiffLegend *m_legend = nullptr;
    QLabel *m_summary = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_matches = nullptr;
    QCheckBox *m_onlyDifferences = nullptr;
    QPushButton *m_previousButton = nullptr;
    QPushButton *m_nextButton = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_title = nullptr;
    RevertBar *m_revertBar = nullptr;
    QTableWidget *m_inventory = nullptr;
    QListWidget *m_traits = nullptr;
    QListWidget *m_aggregates = nullptr;
    // Actions: QObject children of the view.
    QAction *m_nextAction = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_closeAction = nullptr;
};

} // namespace provtree
