#pragma once

#include "problem.h"
#include "providerdata.h"

#include <QList>
#include <QString>
#include <QUndoCommand>

namespace provtree {

class TreeEditor;

// One undo step that replaces the whole tree: recovering autosaved edits puts the recovered
// state over the original document, and undo takes the document back to the original.
// Each way is one core call (ProviderTree::replaceAll: validated, all or nothing, one
// reset notification), so no other thread sees half of it.
//
// Like TreeEditor's own commands, it is applied before it is pushed (a refused state leaves
// the tree and the stack as they were), and a replay the core refuses later is reported
// through TreeEditor::replayFailed. It lives on the editor's undo stack without a TreeEditor
// entry point of its own, so it needs no change to the editor. GUI thread only.
class ReplaceTreeCommand final : public QUndoCommand
{
public:
    // Replaces the editor's tree with `state` and pushes the step on the editor's stack.
    // Errors: those of ProviderTree::replaceAll() (nothing is pushed then).
    [[nodiscard]] static Status apply(TreeEditor &editor, const QList<ProviderData> &state, const QString &text);

    void redo() override;
    void undo() override;

private:
    ReplaceTreeCommand(TreeEditor &editor, QList<ProviderData> before, QList<ProviderData> after, const QString &text);
    void replace(const QList<ProviderData> &records);

    TreeEditor &m_editor; // Not owned.
    QList<ProviderData> m_before;
    QList<ProviderData> m_after;
    bool m_applied = true; // the first redo() is the replacement apply() made
};

} // namespace provtree
