#pragma once

#include "problem.h"

#include <QDockWidget>
#include <QPointer>
#include <QToolButton>

class QSortFilterProxyModel;
class QTreeView;

namespace provtree {

class ProblemsModel;
class ProviderTree;

// The Problems panel: a dock listing every error and warning of the open document
// (ProblemsModel, which follows the tree) with its severity, provider, field, message and
// where the file has it (line:column), sortable by any column (errors first, then in file
// order, to begin with; names in natural order). Activating a row (double-click, Enter)
// emits problemActivated(): whoever shows the providers selects it and its field.
//
// Its status button says how many there are ("3 errors, 12 warnings") and opens and
// raises the panel when clicked; the window places it (QStatusBar::addPermanentWidget(),
// which takes it over) right after creating the panel. toggleViewAction() (Ctrl+Shift+M)
// belongs in the window's View menu.
//
// GUI-thread object. The tree must outlive the panel.
class ProblemsPanel : public QDockWidget
{
    Q_OBJECT

public:
    explicit ProblemsPanel(ProviderTree &tree, QWidget *parent = nullptr);
    ~ProblemsPanel() override;

    [[nodiscard]] ProblemsModel *model() const { return m_model; }
    [[nodiscard]] QTreeView *view() const { return m_view; }
    [[nodiscard]] QToolButton *statusButton() const { return m_statusButton; }

    // Shows the panel, raised above docks that share its place, with the keyboard in its
    // list (on the first row when none is current).
    void showAndFocus();

signals:
    // The user activated a row: the problem as the model has it.
    void problemActivated(const provtree::Problem &problem);

private:
    void updateStatus();
    void activate(const QModelIndex &index);

    ProblemsModel *m_model;                // Owned (QObject child).
    QSortFilterProxyModel *m_sorted;       // Owned (QObject child).
    QTreeView *m_view = nullptr;           // Owned (child widget).
    QPointer<QToolButton> m_statusButton;  // Owned by where it is placed (made as a child of this).
};

} // namespace provtree
