#pragma once

#include "problem.h"

#include <QMainWindow>

class QAction;
class QLabel;

namespace provtree {

class ProviderTree;
class ProviderTreeNotifier;
class ProviderTreeWidget;

// The inspector's main window: shows a ProviderTree and follows its changes. It knows
// nothing of files: File > Open only emits openRequested(); whoever loads files (app/)
// asks for the path, fills the tree and reports failures through showProblems().
// GUI thread only; the tree may be changed from any thread (changes arrive queued).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `tree` must outlive the window.
    explicit MainWindow(ProviderTree &tree, QWidget *parent = nullptr);
    ~MainWindow() override;

    // What the window shows, e.g. a file name; becomes part of the window title.
    // Raw user text is fine: it is shown, never interpreted.
    void setDocumentName(const QString &name);

    // Tells the user why `what` (e.g. a file name) could not be used, listing `problems`.
    // Non-modal; returns at once. The box deletes itself when closed.
    void showProblems(const QString &what, const Problems &problems);

    [[nodiscard]] ProviderTreeWidget *treeWidget() const { return m_treeWidget; }
    [[nodiscard]] QAction *openAction() const { return m_openAction; }
    [[nodiscard]] QAction *quitAction() const { return m_quitAction; }

signals:
    // The user asked to open another snapshot (File > Open, Ctrl+O).
    void openRequested();

private:
    void createMenus();
    void scheduleRefresh();
    void refresh();

    ProviderTree &m_tree;                        // Not owned.
    ProviderTreeNotifier *m_notifier = nullptr;  // Owned (QObject child).
    ProviderTreeWidget *m_treeWidget = nullptr;  // Owned (central widget).
    QLabel *m_countLabel = nullptr;              // Owned (status bar).
    QAction *m_openAction = nullptr;             // Owned (QObject child).
    QAction *m_quitAction = nullptr;             // Owned (QObject child).
    bool m_refreshPending = false;
};

} // namespace provtree
