#pragma once

#include "problem.h"
#include "providerdata.h"

#include <QList>
#include <QString>
#include <QUndoCommand>

namespace provtree {

class TreeEditor;

// One undo step that sets the whole tree to a state computed from it: a refresh putting my
// edits on top of Placement's new state, dropping my changes to some providers. Each way
// is one core transaction (editFor(): adds, updates and removals, not a reset, so the
// views keep their selection and expansion), checked against the tree as it was when the
// state was computed (a change meanwhile is a ConcurrentChange, and nothing happens).
//
// Like ReplaceTreeCommand, it is applied before it is pushed, and a replay the core
// refuses later is reported through TreeEditor::replayFailed. GUI thread only.
class TreeStateCommand final : public QUndoCommand
{
public:
    // Makes the editor's tree `state` (its providers, generations included) and pushes the
    // step, unless the tree is `state` already (nothing is pushed then). `before` is the
    // tree the state was computed from, `sequence` the tree's sequence then
    // (ProviderTree::snapshot()). Errors: those of ProviderTree::apply().
    [[nodiscard]] static Status apply(TreeEditor &editor, const QList<ProviderData> &before, quint64 sequence,
                                      const QList<ProviderData> &state, const QString &text);

    void redo() override;
    void undo() override;

private:
    TreeStateCommand(TreeEditor &editor, QList<ProviderData> before, QList<ProviderData> after, const QString &text);
    void setState(const QList<ProviderData> &records);

    TreeEditor &m_editor; // Not owned.
    QList<ProviderData> m_before;
    QList<ProviderData> m_after;
    bool m_applied = true; // the first redo() is the change apply() made
};

} // namespace provtree
