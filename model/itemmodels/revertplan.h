#pragma once

#include "problem.h"
#include "providerdata.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace provtree {

class DiffModel;
class ProviderTree;
class TreeEditor;

// What "revert to the old state" does to one provider of a compare window's merged tree
// (DiffModel), worked out before the user is asked, so that the window can say what will
// happen, why it cannot, and ask first where it reaches beyond the selected provider:
//  - a removed provider is restored whole: itself and every removed provider below it in
//    the merged tree, exactly as the old state holds them (inventories, usages, traits,
//    aggregates, generations), and, if its parent was removed too, the removed ancestors
//    up to one that is in the tree (needsConfirmation(): the question names them);
//  - an added provider is removed with its subtree;
//  - a changed or moved provider gets its old name, parent, inventories, usages, traits
//    and aggregates.
// Each is one core transaction and one undo step (apply()). What the core would refuse
// for reasons the plan can see (a name another provider has now, an old parent that is
// not in the tree, a provider below that was moved there, allocations) blocks it instead,
// with blockedReason() saying why by the providers' names.
//
// Every text is plain and names providers by name through neutralisedIfNeeded(), never
// by uuid. A value; made and used on the GUI thread (it reads the model and the tree).
class RevertPlan
{
public:
    enum class Action { None, Restore, Remove, Revert };

    // The plan for the provider `uuid` of `model`, checked against `tree` (the tree the
    // editor edits: the model's new state). `oldName` is what the old state is called
    // ("tree.json (saved)").
    [[nodiscard]] static RevertPlan make(const DiffModel &model, const QString &uuid, const ProviderTree &tree,
                                         const QString &oldName);

    [[nodiscard]] Action action() const { return m_action; }
    [[nodiscard]] bool isPossible() const { return m_action != Action::None && m_blocked.isEmpty(); }
    // Why it cannot be done (empty when it can, or when there is nothing to do).
    [[nodiscard]] QString blockedReason() const { return m_blocked; }
    // What it will do, one sentence ("Restores cn-01 with its 6 removed descendants.").
    [[nodiscard]] QString description() const { return m_description; }
    // The undo step's text ("Restore cn-01 and 6 descendants").
    [[nodiscard]] QString undoText() const { return m_undoText; }
    // Restore only: removed ancestors come back too; the user is asked first (question()).
    [[nodiscard]] bool needsConfirmation() const { return !m_ancestors.isEmpty(); }
    [[nodiscard]] QString question() const;
    // Restore only: the records put back, top-down.
    [[nodiscard]] const QList<ProviderData> &records() const { return m_records; }

    // Does it through `editor` (whose tree is the one make() checked), as one undo step.
    [[nodiscard]] Status apply(TreeEditor &editor) const;

    // The refusal of apply() for people: a title ("Cannot Restore"), a summary ("cn-01 could
    // not be restored.") and one line per problem ("cn-01: another provider has that name
    // now."), providers named by name where the core's messages name them by uuid.
    [[nodiscard]] QString title() const;
    [[nodiscard]] QString summary() const;
    [[nodiscard]] QStringList explain(const Status &status, const DiffModel &model) const;

private:
    Action m_action = Action::None;
    QString m_uuid;
    QString m_name;     // shown (neutralised)
    QString m_blocked;
    QString m_description;
    QString m_undoText;
    QStringList m_ancestors; // shown names, top-down
    qsizetype m_descendants = 0;
    QList<ProviderData> m_records;
    ProviderData m_before; // Revert: the old state
    ProviderData m_after;  // Revert: the provider as shown
};

} // namespace provtree
