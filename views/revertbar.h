#pragma once

#include "problem.h"

#include <QStringList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;

namespace provtree {

class DiffModel;
class RevertPlan;
class TreeEditor;

// The revert line of an editable compare window (unsaved changes): what reverting the
// selected provider to the old state does, or why it cannot (a word-wrapped note), and the
// button that does it (Revert to …, Restore from …, Remove) as one undoable TreeEditor step
// (RevertPlan). A restore that brings back removed ancestors asks first; a refusal of the
// core is told with the providers' names. Hidden without an editor.
//
// GUI thread only. The model and the editor must outlive the bar (or the editor be reset).
class RevertBar final : public QWidget
{
    Q_OBJECT

public:
    // What the bar asks the user. Defaults are message boxes (plain text); tests replace them.
    struct Prompts
    {
        // A yes/no question (title, question); true to go ahead. Modal.
        std::function<bool(const QString &, const QString &)> confirm;
        // A revert was refused (title, summary, one line per reason). Need not block.
        std::function<void(const QString &, const QString &, const QStringList &)> refused;
    };

    explicit RevertBar(const DiffModel &model, QWidget *parent = nullptr);
    ~RevertBar() override;

    // Replaces the prompts that are set in `prompts`.
    void setPrompts(Prompts prompts);
    // Not owned; nullptr hides the bar.
    void setEditor(TreeEditor *editor);
    [[nodiscard]] TreeEditor *editor() const { return m_editor; }
    // What the old state is called ("tree.json (saved)").
    void setOldName(const QString &name);
    // The provider (a uuid of the model; empty: none) the bar is about. Call again when
    // the model or the tree changed.
    void setProvider(const QString &uuid);

    // What the button does (errors: nothing selected, not editable, blocked (Refused), the
    // user said no (Cancelled), the core's refusal). Reports nothing itself.
    Status revert();

    [[nodiscard]] QPushButton *button() const { return m_button; }
    [[nodiscard]] QString note() const;

signals:
    // The button's revert was refused; the user has been told (Prompts::refused).
    void failed(const provtree::Status &status);

private:
    [[nodiscard]] RevertPlan plan() const;
    void refresh();
    void clicked();

    const DiffModel &m_model; // Not owned.
    TreeEditor *m_editor = nullptr; // Not owned.
    Prompts m_prompts;
    QString m_oldName;
    QString m_uuid;
    QLabel *m_note;        // Owned (child).
    QPushButton *m_button; // Owned (child).
};

} // namespace provtree
