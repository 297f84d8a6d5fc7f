#include "treestatecommand.h"

#include "patchapply.h"
#include "providertree.h"
#include "treeeditor.h"

#include <QUndoStack>

namespace provtree {

Status TreeStateCommand::apply(TreeEditor &editor, const QList<ProviderData> &before, quint64 sequence,
                               const QList<ProviderData> &state, const QString &text)
{
    TreeEdit edit = editFor(before, state);
    if (edit.isEmpty())
        return {};
    const Result<ProviderTree::Applied> applied = editor.tree().apply(edit.expectTreeUnchangedSince(sequence));
    if (!applied.ok())
        return applied.status();
    // The tree as it is now, in the core's form (the step replays it exactly).
    editor.undoStack()->push(new TreeStateCommand(editor, before, editor.tree().allData(), text));
    return applied.status();
}

TreeStateCommand::TreeStateCommand(TreeEditor &editor, QList<ProviderData> before, QList<ProviderData> after,
                                   const QString &text)
    : QUndoCommand(text), m_editor(editor), m_before(std::move(before)), m_after(std::move(after))
{
}

void TreeStateCommand::redo()
{
    if (m_applied) {
        m_applied = false;
        return;
    }
    setState(m_after);
}

void TreeStateCommand::undo()
{
    setState(m_before);
}

void TreeStateCommand::setState(const QList<ProviderData> &records)
{
    const Status status = m_editor.tree().apply(editFor(m_editor.tree().allData(), records)).status();
    if (!status.ok())
        emit m_editor.replayFailed(text(), status);
}

} // namespace provtree
