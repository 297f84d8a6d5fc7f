#include "treeeditor.h"

#include "neutralise.h"
#include "providertree.h"

#include <QLocale>
#include <QUndoCommand>
#include <QUndoStack>

namespace provtree {

namespace {

// A command whose first redo() is the edit already made by TreeEditor: QUndoStack::push
// calls redo(), which must then do nothing.
class AppliedCommand : public QUndoCommand
{
public:
    AppliedCommand(TreeEditor &editor, const QString &text) : QUndoCommand(text), m_editor(editor) {}

    void redo() final
    {
        if (m_applied) {
            m_applied = false;
            return;
        }
        report(doRedo());
    }
    void undo() final { report(doUndo()); }

protected:
    virtual Status doRedo() = 0;
    virtual Status doUndo() = 0;
    TreeEditor &m_editor;

private:
    void report(const Status &status)
    {
        if (!status.ok())
            emit m_editor.replayFailed(text(), status);
    }
    bool m_applied = true;
};

// One provider's data, before and after: undo and redo apply one or the other.
class DataCommand final : public AppliedCommand
{
public:
    DataCommand(TreeEditor &editor, const QString &text, ProviderData before, ProviderData after,
                ProviderParts parts)
        : AppliedCommand(editor, text), m_before(std::move(before)), m_after(std::move(after)), m_parts(parts)
    {
    }

private:
    Status doRedo() override { return m_editor.applyData(m_after.uuid, m_after, m_parts); }
    Status doUndo() override { return m_editor.applyData(m_before.uuid, m_before, m_parts); }
    ProviderData m_before;
    ProviderData m_after;
    ProviderParts m_parts;
};

// Providers that one side of the command has and the other has not: an added provider,
// a removed subtree, a restored provider. `put` adds the records back exactly (uuids,
// data, generations) and refuses if the first is present again; `take` removes it with
// its subtree.
class PresenceCommand final : public AppliedCommand
{
public:
    enum class Redo { Put, Take };
    PresenceCommand(TreeEditor &editor, const QString &text, QList<ProviderData> records, Redo redo)
        : AppliedCommand(editor, text), m_records(std::move(records)), m_redo(redo)
    {
    }

private:
    Status doRedo() override { return m_redo == Redo::Put ? put() : take(); }
    Status doUndo() override { return m_redo == Redo::Put ? take() : put(); }
    Status put()
    {
        const QString &uuid = m_records.first().uuid;
        if (m_editor.tree().exists(uuid)) {
            return makeError(ProblemKind::DuplicateUuid,
                             QStringLiteral("provider %1 is already in the tree").arg(uuid), uuid);
        }
        return m_editor.tree().populate(m_records);
    }
    Status take() { return m_editor.tree().remove(m_records.first().uuid); }

    QList<ProviderData> m_records; // top-down
    Redo m_redo;
};

class ReparentCommand final : public AppliedCommand
{
public:
    ReparentCommand(TreeEditor &editor, const QString &text, QString uuid, QString oldParent, QString newParent)
        : AppliedCommand(editor, text), m_uuid(std::move(uuid)), m_oldParent(std::move(oldParent)),
          m_newParent(std::move(newParent))
    {
    }

private:
    Status doRedo() override { return m_editor.tree().reparent(m_uuid, m_newParent); }
    Status doUndo() override { return m_editor.tree().reparent(m_uuid, m_oldParent); }
    QString m_uuid;
    QString m_oldParent;
    QString m_newParent;
};

Problem unknown(const QString &uuid)
{
    return makeError(ProblemKind::UnknownProvider, QStringLiteral("no provider %1").arg(neutralised(uuid)), uuid);
}

QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace

TreeEditor::TreeEditor(ProviderTree &tree, QObject *parent)
    : QObject(parent), m_tree(tree), m_stack(new QUndoStack(this))
{
    qRegisterMetaType<provtree::Status>();
}

TreeEditor::~TreeEditor() = default;

QString TreeEditor::nameOf(const QString &uuid) const
{
    const auto data = m_tree.data(uuid);
    return data ? data->name : uuid;
}

Status TreeEditor::applyData(const QString &uuid, const ProviderData &state, ProviderParts parts,
                             std::optional<qint64> seenGeneration)
{
    // With a seen generation, each core call is checked against it (Placement's optimistic
    // concurrency) and the expectation follows our own bumps; without, undo/redo restore
    // their state whatever happened since.
    std::optional<qint64> expected = seenGeneration;
    const auto rule = [&expected] { return expected ? GenerationRule::expect(*expected) : GenerationRule::bump(); };
    const auto follow = [&expected](bool changed) {
        if (expected && changed)
            ++*expected;
    };
    Status status;
    const auto run = [&](const Result<bool> &result) {
        status.append(result.problems());
        if (result.ok())
            follow(result.value());
        return result.ok();
    };
    if (parts.testFlag(ProviderPart::Name)) {
        const auto current = m_tree.data(uuid);
        const bool renames = current && current->name != state.name;
        const Status renamed = m_tree.rename(uuid, state.name, rule());
        status.append(renamed.problems());
        if (!renamed.ok())
            return status;
        follow(renames);
    }
    if (parts.testFlag(ProviderPart::Inventories) && !run(m_tree.updateInventory(uuid, state.inventories, rule())))
        return status;
    if (parts.testFlag(ProviderPart::Usages) && !run(m_tree.updateUsages(uuid, state.usages, rule())))
        return status;
    if (parts.testFlag(ProviderPart::Traits) && !run(m_tree.updateTraits(uuid, state.traits, rule())))
        return status;
    if (parts.testFlag(ProviderPart::Aggregates) && !run(m_tree.updateAggregates(uuid, state.aggregates, rule())))
        return status;
    return status;
}

Status TreeEditor::editData(const QString &uuid, ProviderParts parts, const QString &text,
                            const std::function<Status(ProviderData &)> &change)
{
    const auto before = m_tree.data(uuid);
    if (!before)
        return unknown(uuid);
    ProviderData after = *before;
    Status status = change(after);
    if (!status.ok())
        return status;
    if (after == *before)
        return status; // nothing to do, nothing to undo
    // One generation-checked core call per part: a concurrent change (another thread, a
    // live backend) makes the edit a conflict instead of overwriting it.
    status.append(applyData(uuid, after, parts, before->generation).problems());
    if (!status.ok())
        return status;
    m_stack->push(new DataCommand(*this, text, *before, after, parts));
    return status;
}

Status TreeEditor::setInventoryField(const QString &uuid, const QString &resourceClass, InventoryField field,
                                     double value)
{
    const QString text = tr("Set %1 %2 on %3 to %4")
                             .arg(resourceClass, fieldName(field), nameOf(uuid), number(value));
    return editData(uuid, ProviderPart::Inventories, text, [&](ProviderData &data) -> Status {
        const auto it = data.inventories.find(resourceClass);
        if (it == data.inventories.end()) {
            return makeError(ProblemKind::InvalidResourceClass,
                             tr("%1 has no inventory of %2").arg(neutralised(data.name), neutralised(resourceClass)),
                             uuid);
        }
        *it = withField(it->effective(), field, value);
        return {};
    });
}

Status TreeEditor::addResourceClass(const QString &uuid, const QString &resourceClass, const InventoryRecord &record)
{
    const QString text = tr("Add %1 inventory to %2").arg(resourceClass, nameOf(uuid));
    return editData(uuid, ProviderPart::Inventories, text, [&](ProviderData &data) -> Status {
        if (data.inventories.contains(resourceClass)) {
            return makeError(ProblemKind::InvalidResourceClass,
                             tr("%1 already has inventory of %2").arg(neutralised(data.name), neutralised(resourceClass)),
                             uuid);
        }
        data.inventories.insert(resourceClass, record.effective());
        return {};
    });
}

Status TreeEditor::removeResourceClass(const QString &uuid, const QString &resourceClass)
{
    const QString text = tr("Remove %1 inventory from %2").arg(resourceClass, nameOf(uuid));
    return editData(uuid, ProviderPart::Inventories | ProviderPart::Usages, text, [&](ProviderData &data) -> Status {
        data.inventories.remove(resourceClass);
        if (data.usages.value(resourceClass) == 0)
            data.usages.remove(resourceClass); // a class in use stays: the core refuses it
        return {};
    });
}

Status TreeEditor::setUsage(const QString &uuid, const QString &resourceClass, qint64 used)
{
    const QString text = tr("Set %1 usage on %2 to %3").arg(resourceClass, nameOf(uuid)).arg(used);
    return editData(uuid, ProviderPart::Usages, text, [&](ProviderData &data) -> Status {
        data.usages.insert(resourceClass, used);
        return {};
    });
}

Status TreeEditor::addTrait(const QString &uuid, const QString &trait)
{
    return editData(uuid, ProviderPart::Traits, tr("Add trait %1 to %2").arg(trait, nameOf(uuid)),
                    [&](ProviderData &data) -> Status {
                        if (!data.traits.contains(trait)) {
                            data.traits.append(trait);
                            data.traits.sort();
                        }
                        return {};
                    });
}

Status TreeEditor::removeTrait(const QString &uuid, const QString &trait)
{
    return editData(uuid, ProviderPart::Traits, tr("Remove trait %1 from %2").arg(trait, nameOf(uuid)),
                    [&](ProviderData &data) -> Status {
                        data.traits.removeAll(trait);
                        return {};
                    });
}

Status TreeEditor::addAggregate(const QString &uuid, const QString &aggregate)
{
    const QString canonical = aggregate.trimmed().toLower();
    return editData(uuid, ProviderPart::Aggregates, tr("Add %1 to aggregate %2").arg(nameOf(uuid), canonical),
                    [&](ProviderData &data) -> Status {
                        if (!data.aggregates.contains(canonical)) {
                            data.aggregates.append(canonical);
                            data.aggregates.sort();
                        }
                        return {};
                    });
}

Status TreeEditor::removeAggregate(const QString &uuid, const QString &aggregate)
{
    return editData(uuid, ProviderPart::Aggregates, tr("Remove %1 from aggregate %2").arg(nameOf(uuid), aggregate),
                    [&](ProviderData &data) -> Status {
                        data.aggregates.removeAll(aggregate);
                        return {};
                    });
}

Status TreeEditor::rename(const QString &uuid, const QString &name)
{
    return editData(uuid, ProviderPart::Name, tr("Rename %1 to %2").arg(nameOf(uuid), name),
                    [&](ProviderData &data) -> Status {
                        data.name = name;
                        return {};
                    });
}

Result<QString> TreeEditor::addProvider(const QString &name, const QString &parentUuid)
{
    const auto added = parentUuid.isEmpty() ? m_tree.newRoot(name) : m_tree.newChild(name, parentUuid);
    if (!added.ok())
        return added;
    const auto record = m_tree.data(added.value());
    if (!record)
        return added; // removed again by another thread at once: nothing to undo
    const QString text = parentUuid.isEmpty() ? tr("Add root provider %1").arg(name)
                                              : tr("Add provider %1 under %2").arg(name, nameOf(parentUuid));
    m_stack->push(new PresenceCommand(*this, text, {*record}, PresenceCommand::Redo::Put));
    return added;
}

Status TreeEditor::reparent(const QString &uuid, const QString &newParentUuid)
{
    const auto before = m_tree.data(uuid);
    if (!before)
        return unknown(uuid);
    if (before->parentUuid == newParentUuid)
        return {};
    Status status = m_tree.reparent(uuid, newParentUuid);
    if (!status.ok())
        return status;
    const QString text = newParentUuid.isEmpty() ? tr("Make %1 a root provider").arg(before->name)
                                                 : tr("Move %1 under %2").arg(before->name, nameOf(newParentUuid));
    m_stack->push(new ReparentCommand(*this, text, uuid, before->parentUuid, newParentUuid));
    return status;
}

Status TreeEditor::removeSubtree(const QString &uuid)
{
    const auto uuids = m_tree.subtreeUuids(uuid);
    if (!uuids.ok())
        return uuids.status();
    // Read before removing, for undo; the tree may change between the reads only through
    // other threads, and then remove() below still removes what is there.
    QList<ProviderData> subtree;
    for (const QString &member : uuids.value()) {
        if (auto data = m_tree.data(member))
            subtree.append(*data);
    }
    Status status = m_tree.remove(uuid);
    if (!status.ok())
        return status;
    const QString text = subtree.size() == 1
        ? tr("Remove %1").arg(subtree.first().name)
        : subtree.size() == 2 ? tr("Remove %1 and 1 descendant").arg(subtree.first().name)
                              : tr("Remove %1 and %2 descendants").arg(subtree.first().name).arg(subtree.size() - 1);
    m_stack->push(new PresenceCommand(*this, text, subtree, PresenceCommand::Redo::Take));
    return status;
}

Status TreeEditor::restoreProvider(const ProviderData &record)
{
    if (m_tree.exists(record.uuid)) {
        return makeError(ProblemKind::DuplicateUuid,
                         tr("provider %1 is already in the tree").arg(neutralised(record.uuid)), record.uuid);
    }
    // populate() would replace an existing provider; the check above keeps this an addition.
    Status status = m_tree.populate({record});
    if (!status.ok())
        return status;
    m_stack->push(new PresenceCommand(*this, tr("Restore %1").arg(record.name), {record},
                                      PresenceCommand::Redo::Put));
    return status;
}

} // namespace provtree
