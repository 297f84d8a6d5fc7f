#include "treeeditor.h"

#include "neutralise.h"
#include "providertree.h"

#include <QLocale>
#include <QSet>
#include <QUuid>
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
    Status doRedo() override { return m_editor.applyData(m_after, m_parts); }
    Status doUndo() override { return m_editor.applyData(m_before, m_parts); }
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
    // One transaction each; add() refuses a uuid that is back in the tree.
    Status put()
    {
        TreeEdit edit;
        for (const ProviderData &record : std::as_const(m_records))
            edit.add(record);
        return m_editor.tree().apply(edit).status();
    }
    // The tops of the records (those whose parent is not among them) go with their subtrees.
    Status take()
    {
        QSet<QString> uuids;
        for (const ProviderData &record : std::as_const(m_records))
            uuids.insert(record.uuid);
        TreeEdit edit;
        for (const ProviderData &record : std::as_const(m_records)) {
            if (!uuids.contains(record.parentUuid))
                edit.remove(record.uuid);
        }
        return m_editor.tree().apply(edit).status();
    }

    QList<ProviderData> m_records; // top-down: each record's parent in the tree or before it
    Redo m_redo;
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
    return neutralisedIfNeeded(data ? data->name : uuid);
}

Status TreeEditor::applyData(const ProviderData &state, ProviderParts parts)
{
    return m_tree.apply(TreeEdit().update(state, parts)).status();
}

Status TreeEditor::editData(const QString &uuid, ProviderParts parts, const QString &text,
                            const std::function<Status(ProviderData &)> &change)
{
    const auto before = m_tree.versionedData(uuid);
    if (!before)
        return unknown(uuid);
    ProviderData after = before->data;
    Status status = change(after);
    if (!status.ok())
        return status;
    status.append(commitData(before->data, before->revision, after, parts, text).problems());
    return status;
}

Status TreeEditor::commitData(const ProviderData &before, quint64 revision, const ProviderData &after,
                              ProviderParts parts, const QString &text)
{
    if (after == before)
        return {}; // nothing to do, nothing to undo
    // One transaction, checked against the revision read: a concurrent change (another
    // thread, a live backend) makes the edit a conflict instead of being overwritten.
    const auto applied = m_tree.apply(TreeEdit().update(after, parts).expectUnchangedSince(before.uuid, revision));
    if (!applied.ok() || applied.value().sequence == 0)
        return applied.status();
    // Undo restores the stored form (canonical uuids, sorted lists), whatever `after` held.
    const auto stored = m_tree.data(before.uuid);
    m_stack->push(new DataCommand(*this, text, before, stored ? *stored : after, parts));
    return applied.status();
}

Status TreeEditor::setInventoryField(const QString &uuid, const QString &resourceClass, InventoryField field,
                                     double value)
{
    const QString text = tr("Set %1 %2 on %3 to %4")
                             .arg(neutralisedIfNeeded(resourceClass), fieldName(field), nameOf(uuid), number(value));
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
    const QString text = tr("Add %1 inventory to %2").arg(neutralisedIfNeeded(resourceClass), nameOf(uuid));
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
    const QString text = tr("Remove %1 inventory from %2").arg(neutralisedIfNeeded(resourceClass), nameOf(uuid));
    return editData(uuid, ProviderPart::Inventories | ProviderPart::Usages, text, [&](ProviderData &data) -> Status {
        data.inventories.remove(resourceClass);
        if (data.usages.value(resourceClass) == 0)
            data.usages.remove(resourceClass); // a class in use stays: the core refuses it
        return {};
    });
}

Status TreeEditor::setUsage(const QString &uuid, const QString &resourceClass, qint64 used)
{
    const QString text = tr("Set %1 usage on %2 to %3").arg(neutralisedIfNeeded(resourceClass), nameOf(uuid), QString::number(used));
    return editData(uuid, ProviderPart::Usages, text, [&](ProviderData &data) -> Status {
        data.usages.insert(resourceClass, used);
        return {};
    });
}

Status TreeEditor::addTrait(const QString &uuid, const QString &trait)
{
    return editData(uuid, ProviderPart::Traits, tr("Add trait %1 to %2").arg(neutralisedIfNeeded(trait), nameOf(uuid)),
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
    return editData(uuid, ProviderPart::Traits, tr("Remove trait %1 from %2").arg(neutralisedIfNeeded(trait), nameOf(uuid)),
                    [&](ProviderData &data) -> Status {
                        data.traits.removeAll(trait);
                        return {};
                    });
}

Status TreeEditor::removeTraits(const QString &uuid, const QStringList &traits)
{
    if (traits.size() == 1)
        return removeTrait(uuid, traits.first());
    return editData(uuid, ProviderPart::Traits, tr("Remove %n trait(s) from %1", nullptr, int(traits.size())).arg(nameOf(uuid)),
                    [&](ProviderData &data) -> Status {
                        data.traits.removeIf([&traits](const QString &trait) { return traits.contains(trait); });
                        return {};
                    });
}

Status TreeEditor::addAggregate(const QString &uuid, const QString &aggregate)
{
    const QString canonical = aggregate.trimmed().toLower();
    return editData(uuid, ProviderPart::Aggregates, tr("Add %1 to aggregate %2").arg(nameOf(uuid), neutralisedIfNeeded(canonical)),
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
    return editData(uuid, ProviderPart::Aggregates, tr("Remove %1 from aggregate %2").arg(nameOf(uuid), neutralisedIfNeeded(aggregate)),
                    [&](ProviderData &data) -> Status {
                        data.aggregates.removeAll(aggregate);
                        return {};
                    });
}

Status TreeEditor::removeAggregates(const QString &uuid, const QStringList &aggregates)
{
    if (aggregates.size() == 1)
        return removeAggregate(uuid, aggregates.first());
    return editData(uuid, ProviderPart::Aggregates,
                    tr("Remove %1 from %n aggregate(s)", nullptr, int(aggregates.size())).arg(nameOf(uuid)),
                    [&](ProviderData &data) -> Status {
                        data.aggregates.removeIf([&aggregates](const QString &a) { return aggregates.contains(a); });
                        return {};
                    });
}

Status TreeEditor::rename(const QString &uuid, const QString &name)
{
    return editData(uuid, ProviderPart::Name, tr("Rename %1 to %2").arg(nameOf(uuid), neutralisedIfNeeded(name)),
                    [&](ProviderData &data) -> Status {
                        data.name = name;
                        return {};
                    });
}

Result<QString> TreeEditor::addProvider(const QString &name, const QString &parentUuid)
{
    ProviderData record;
    record.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.name = name;
    record.parentUuid = parentUuid;
    const auto added = m_tree.apply(TreeEdit().add(record));
    if (!added.ok())
        return added.status();
    const QString text = parentUuid.isEmpty() ? tr("Add root provider %1").arg(neutralisedIfNeeded(name))
                                              : tr("Add provider %1 under %2").arg(neutralisedIfNeeded(name), nameOf(parentUuid));
    m_stack->push(new PresenceCommand(*this, text, {record}, PresenceCommand::Redo::Put));
    return Result<QString>(record.uuid, added.problems());
}

Status TreeEditor::reparent(const QString &uuid, const QString &newParentUuid)
{
    const auto before = m_tree.versionedData(uuid);
    if (!before)
        return unknown(uuid);
    const QString text = newParentUuid.isEmpty() ? tr("Make %1 a root provider").arg(neutralisedIfNeeded(before->data.name))
                                                 : tr("Move %1 under %2").arg(neutralisedIfNeeded(before->data.name), nameOf(newParentUuid));
    ProviderData after = before->data;
    after.parentUuid = newParentUuid;
    return commitData(before->data, before->revision, after, ProviderPart::Parent, text);
}

Status TreeEditor::removeSubtree(const QString &uuid)
{
    // One transaction; the core hands back what it removed, exactly as it was, for undo.
    const auto removed = m_tree.apply(TreeEdit().remove(uuid).refuseRemovingProvidersInUse());
    if (!removed.ok())
        return removed.status();
    const QList<ProviderData> &subtree = removed.value().removed;
    if (subtree.isEmpty())
        return removed.status();
    const QString name = neutralisedIfNeeded(subtree.first().name);
    const QString text = subtree.size() == 1 ? tr("Remove %1").arg(name)
        : subtree.size() == 2                ? tr("Remove %1 and 1 descendant").arg(name)
                                             : tr("Remove %1 and %2 descendants").arg(name, QString::number(subtree.size() - 1));
    m_stack->push(new PresenceCommand(*this, text, subtree, PresenceCommand::Redo::Take));
    return removed.status();
}

Status TreeEditor::restoreProvider(const ProviderData &record)
{
    return restoreProviders({record}, tr("Restore %1").arg(neutralisedIfNeeded(record.name)));
}

Status TreeEditor::restoreProviders(const QList<ProviderData> &records, const QString &text)
{
    if (records.isEmpty())
        return {};
    // add() keeps this an addition: a provider that is back in the tree is DuplicateUuid.
    TreeEdit edit;
    for (const ProviderData &record : records)
        edit.add(record);
    const auto restored = m_tree.apply(edit);
    if (!restored.ok())
        return restored.status();
    m_stack->push(new PresenceCommand(*this, text, records, PresenceCommand::Redo::Put));
    return restored.status();
}

Status TreeEditor::setProvider(const ProviderData &shown, const ProviderData &target, const QString &text)
{
    const auto current = m_tree.versionedData(shown.uuid);
    if (!current)
        return unknown(shown.uuid);
    if (current->data != shown) {
        return makeError(ProblemKind::ConcurrentChange,
                         tr("the provider changed since it was shown; look at its current state and try again"),
                         shown.uuid);
    }
    const ProviderParts parts = ProviderParts(ProviderPart::Name) | ProviderPart::Parent | ProviderPart::Inventories
        | ProviderPart::Usages | ProviderPart::Traits | ProviderPart::Aggregates;
    return commitData(current->data, current->revision, target, parts, text);
}

} // namespace provtree
