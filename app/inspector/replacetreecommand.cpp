#include "replacetreecommand.h"

#include "providertree.h"
#include "treeeditor.h"

#include <QUndoStack>

namespace provtree {

Status ReplaceTreeCommand::apply(TreeEditor &editor, const QList<ProviderData> &state, const QString &text)
{
    QList<ProviderData> before = editor.tree().allData();
    Status status = editor.tree().replaceAll(state);
    if (!status.ok())
        return status;
    editor.undoStack()->push(new ReplaceTreeCommand(editor, std::move(before), state, text));
    return status;
}

ReplaceTreeCommand::ReplaceTreeCommand(TreeEditor &editor, QList<ProviderData> before, QList<ProviderData> after,
                                       const QString &text)
    : QUndoCommand(text), m_editor(editor), m_before(std::move(before)), m_after(std::move(after))
{
}

void ReplaceTreeCommand::redo()
{
    if (m_applied) {
        m_applied = false;
        return;
    }
    replace(m_after);
}

void ReplaceTreeCommand::undo()
{
    replace(m_before);
}

void ReplaceTreeCommand::replace(const QList<ProviderData> &records)
{
    const Status status = m_editor.tree().replaceAll(records);
    if (!status.ok())
        emit m_editor.replayFailed(text(), status);
}

} // namespace provtree
