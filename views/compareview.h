#pragma once

#include "problem.h"
#include "providerdata.h"
#include "treediff.h"

#include <QColor>
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;
class QIdentityProxyModel;
class QSortFilterProxyModel;
class QTableWidget;
class QTreeView;

namespace provtree {

class DiffModel;
class TreeEditor;

// Two states of a provider tree side by side ("old" and "new"): one merged tree whose rows
// are coloured by status (legend and counts above it), an "only differences" filter that
// keeps the ancestors of what differs, next/previous difference (F7 / Shift+F7), and for
// the selected provider its inventory field by field (old | new, changed cells marked),
// its traits and its aggregates with added and removed ones marked.
//
// It computes nothing from files: the owner (app/) reads the states and calls setDiff().
// With an editor (setEditor(), for "unsaved changes": old = the file on disk, new = the
// edited tree), the user can revert one provider to its old state through undoable
// TreeEditor calls; every change of the editor's undo stack then asks the owner for a new
// diff (refreshRequested()). GUI thread only.
class CompareView : public QWidget
{
    Q_OBJECT

public:
    // Table columns of the side-by-side inventory.
    enum InventoryColumn { ClassColumn, FieldColumn, OldColumn, NewColumn, InventoryColumnCount };

    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    // Shows `diff` (TreeDiff::compute(before, after)); keeps the selection if the provider
    // is still there.
    void setDiff(const TreeDiff &diff, const QList<ProviderData> &before, const QList<ProviderData> &after);
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
    // Selects the next/previous differing provider top-down (false: there is none).
    bool nextDifference();
    bool previousDifference();
    bool selectProvider(const QString &uuid);
    [[nodiscard]] QString currentProvider() const { return m_current; }

    // Reverts the current provider to its old state through the editor, as one undo step:
    // name, parent, inventories, usages the old state records, traits and aggregates of a
    // changed or moved provider; an added provider is removed with its subtree; a removed
    // one is restored from its old record (its parent must be in the tree). All or
    // nothing: a refused step undoes the steps before it. A usage the old state did not
    // record cannot be removed this way.
    Status revertCurrent();

    // "2 added, 1 removed, 3 changed, 1 moved, 40 unchanged".
    [[nodiscard]] QString summaryText() const;

    [[nodiscard]] DiffModel *model() const { return m_model; }
    [[nodiscard]] QTreeView *treeView() const { return m_view; }
    [[nodiscard]] QTableWidget *inventoryTable() const { return m_inventory; }
    [[nodiscard]] QListWidget *traitsList() const { return m_traits; }
    [[nodiscard]] QListWidget *aggregatesList() const { return m_aggregates; }
    [[nodiscard]] QCheckBox *onlyDifferencesBox() const { return m_onlyDifferences; }
    [[nodiscard]] QAction *nextAction() const { return m_nextAction; }
    [[nodiscard]] QAction *previousAction() const { return m_previousAction; }
    [[nodiscard]] QPushButton *revertButton() const { return m_revertButton; }

signals:
    // The editor's undo stack moved (a revert, an undo): the owner should set a new diff.
    void refreshRequested();
    // A revert was refused (the status holds the core's problems).
    void revertFailed(const provtree::Status &status);

private:
    QWidget *createToolbar();
    QWidget *createDetails();
    void onCurrentChanged(const QModelIndex &current);
    void showDetails();
    void updateSummary();
    void updateRevert();
    bool stepDifference(int direction);

    DiffModel *m_model;                // Owned (QObject child).
    QIdentityProxyModel *m_colours;    // Owned (QObject child); colours and icons.
    QSortFilterProxyModel *m_filter;   // Owned (QObject child); only differences.
    TreeEditor *m_editor = nullptr;    // Not owned.
    QString m_current;
    QString m_oldName;
    QString m_newName;

    // Widgets: owned by their parents in the view.
    QList<QLabel *> m_legend; // one chip per status that differs
    QLabel *m_summary = nullptr;
    QCheckBox *m_onlyDifferences = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_title = nullptr;
    QTableWidget *m_inventory = nullptr;
    QListWidget *m_traits = nullptr;
    QListWidget *m_aggregates = nullptr;
    QPushButton *m_revertButton = nullptr;
    QAction *m_nextAction = nullptr;     // QObject child of the view
    QAction *m_previousAction = nullptr; // QObject child of the view
};

} // namespace provtree
