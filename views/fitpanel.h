#pragma once

#include "fitoutcome.h"

#include <QDockWidget>

#include <memory>

class QLabel;
class QListView;
class QSortFilterProxyModel;
class QTreeView;

namespace provtree {

class FitEvaluator;
class FitReasonsModel;
class FitTreesModel;
class ProviderTree;
class RequestField;

// "Will it fit?": a dock where the user types a GET /allocation_candidates request (the
// query or the flavor form, completing the tree's resource classes and traits) and sees,
// for the tree as it is now and after every edit, how many trees fit and why each other
// one does not: the counts per first obstacle on the left ("812 trees: not enough VCPU";
// choosing one lists only those trees), every tree with its first obstacle on the right
// (activating one emits providerActivated()). A request the parsers refuse shows their
// reason under the field, and the last accepted request stays evaluated meanwhile.
//
// The evaluation runs on a worker thread (FitEvaluator), only while the dock is visible;
// shownOutcome() is what the main tree should mark (null while hidden or without a
// request), and shownOutcomeChanged() says when it changes. toggleViewAction()
// (Ctrl+Shift+F) belongs in the window's View menu.
//
// GUI-thread object. The tree must outlive the panel.
class FitPanel : public QDockWidget
{
    Q_OBJECT

public:
    explicit FitPanel(ProviderTree &tree, QWidget *parent = nullptr);
    ~FitPanel() override;

    [[nodiscard]] RequestField *requestField() const { return m_field; }
    // Under the field: the parsers' refusal or warnings (hidden when there are none).
    [[nodiscard]] QLabel *messageLabel() const { return m_message; }
    // Beside the field: "1,189 of 3,398 trees fit", "Evaluating…".
    [[nodiscard]] QLabel *statusLabel() const { return m_status; }
    [[nodiscard]] QListView *reasonsView() const { return m_reasonsView; }
    [[nodiscard]] QTreeView *treesView() const { return m_treesView; }
    [[nodiscard]] FitReasonsModel *reasonsModel() const { return m_reasons; }
    [[nodiscard]] FitTreesModel *treesModel() const { return m_trees; }
    // The trees as the list shows them (sorted; filtered by the chosen count).
    [[nodiscard]] QSortFilterProxyModel *treesShown() const { return m_treesShown; }
    [[nodiscard]] FitEvaluator *evaluator() const { return m_evaluator; }

    [[nodiscard]] std::shared_ptr<const FitOutcome> shownOutcome() const;

    // Shows the panel, raised, with the keyboard in the request field.
    void showAndFocus();

signals:
    void shownOutcomeChanged();
    void providerActivated(const QString &uuid);

private:
    void buildUi();
    void readRequest();
    void showOutcome();
    void updateStatus();
    void filterTrees(const QModelIndex &reason);

    FitEvaluator *m_evaluator;                     // Owned (QObject child).
    FitTreesModel *m_trees;                        // Owned (QObject child).
    FitReasonsModel *m_reasons;                    // Owned (QObject child).
    QSortFilterProxyModel *m_treesShown;           // Owned (QObject child).
    RequestField *m_field = nullptr;               // Owned (child widget), as are those below.
    QLabel *m_message = nullptr;
    QLabel *m_status = nullptr;
    QListView *m_reasonsView = nullptr;
    QTreeView *m_treesView = nullptr;
    bool m_shown = false; // the dock is visible (what the main tree marks follows it)
    QString m_chosenKey;  // the count the user chose (FitReasonsModel::GroupKeyRole), kept across outcomes
    bool m_restoring = false; // showOutcome() sets the current count, not the user
};

} // namespace provtree
