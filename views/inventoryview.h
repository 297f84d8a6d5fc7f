#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QCompleter;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStringListModel;
class QTableView;

namespace provtree {

class InventoryModel;
class ProviderTree;
class TreeEditor;

// The inventory of one provider: a table (InventoryModel, UsageBarDelegate) whose field
// cells are edited in place, an error line right under it with the core's message when
// an edit is refused (cleared by the next accepted edit), "Add resource class" (a name
// that completes the standard classes and the CUSTOM_ classes used in the tree, and a
// total) and Remove for the selected row (button or Delete).
//
// Keyboard: the table is one Tab stop (arrows move between cells; Tab, Shift+Tab,
// Ctrl+Tab and Ctrl+Shift+Tab leave it), followed by the class name, the total (Enter in
// either adds the class), Add and Remove. A removal selects nothing else, so that a second
// Remove cannot take the next class by surprise.
//
// It builds its own InventoryModel over `tree` and `editor`: every edit goes through the
// editor (one undo command each) and what is shown follows the core's notifications.
//
// GUI-thread object. `tree` and `editor` (which edits `tree`) must outlive the view.
class InventoryView : public QWidget
{
    Q_OBJECT

public:
    InventoryView(ProviderTree &tree, TreeEditor &editor, QWidget *parent = nullptr);
    ~InventoryView() override;

    // The provider shown, by uuid; empty (or a uuid not in the tree) shows nothing and
    // disables adding. A provider that leaves the tree and comes back is shown again.
    void setProvider(const QString &uuid);
    [[nodiscard]] QString provider() const;

    // Read-only: no cell can be edited, nothing added or removed.
    void setReadOnly(bool readOnly);
    [[nodiscard]] bool isReadOnly() const;

    // The parts, for the window (e.g. undo wiring) and for tests.
    [[nodiscard]] InventoryModel *model() const { return m_model; }
    [[nodiscard]] QTableView *tableView() const { return m_table; }
    [[nodiscard]] QLabel *errorLabel() const { return m_error; }
    [[nodiscard]] QLineEdit *resourceClassEdit() const { return m_classEdit; }
    [[nodiscard]] QSpinBox *totalSpinBox() const { return m_total; }
    [[nodiscard]] QPushButton *addButton() const { return m_add; }
    [[nodiscard]] QPushButton *removeButton() const { return m_remove; }
    // The error line's text: the last refusal, empty when the last edit was accepted.
    [[nodiscard]] QString errorMessage() const;
    // What the class name completes to: the standard classes and the CUSTOM_ classes of
    // the tree (scanned when the name field gets focus), less those the provider has.
    [[nodiscard]] QStringList completions() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    bool tableKey(const QKeyEvent *event);
    void showError(const QString &message);
    void refreshCompletions(bool rescanTree);
    void addResourceClass();
    void removeSelected();
    void updateActions();

    InventoryModel *m_model;           // Owned (QObject child).
    QTableView *m_table = nullptr;     // Owned (widget child), as are all below.
    QLabel *m_error = nullptr;
    QLineEdit *m_classEdit = nullptr;
    QSpinBox *m_total = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_completions = nullptr;
    QStringList m_customClasses; // CUSTOM_ classes in the tree, as of the last scan
};

} // namespace provtree
