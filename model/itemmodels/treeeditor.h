#pragma once

#include "change.h"
#include "inventory.h"
#include "problem.h"
#include "providerdata.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QUndoStack;

namespace provtree {

class ProviderTree;

// Every interactive edit of the inspector: one core transaction (ProviderTree::apply) per
// edit, recorded on an undo stack with a readable text ("Set VCPU total on cn-01 to 64";
// names and other user text in it through neutralisedIfNeeded(), as the Edit menu shows it).
//
// An edit reads the provider with its revision and applies only if nobody changed it since
// (ConcurrentChange otherwise: another thread, a live backend); only an accepted edit is
// pushed, so a refused edit returns the core's problems and leaves neither the tree nor the
// stack changed. Undo and redo are one transaction each too, and restore exactly the state
// they recorded (generations included: they are Placement's and edits never change them);
// if the tree changed meanwhile so that one no longer applies (say a name is taken now),
// `replayFailed` reports it and the tree keeps its current state.
//
// GUI-thread object. The tree must outlive the editor.
class TreeEditor : public QObject
{
    Q_OBJECT

public:
    explicit TreeEditor(ProviderTree &tree, QObject *parent = nullptr);
    ~TreeEditor() override;

    [[nodiscard]] ProviderTree &tree() const { return m_tree; }
    [[nodiscard]] QUndoStack *undoStack() const { return m_stack; } // Owned (QObject child).

    // --- inventories -----------------------------------------------------------------
    Status setInventoryField(const QString &uuid, const QString &resourceClass, InventoryField field,
                             double value);
    Status addResourceClass(const QString &uuid, const QString &resourceClass, const InventoryRecord &record);
    Status removeResourceClass(const QString &uuid, const QString &resourceClass);
    Status setUsage(const QString &uuid, const QString &resourceClass, qint64 used);

    // --- traits and aggregates --------------------------------------------------------
    Status addTrait(const QString &uuid, const QString &trait);
    Status removeTrait(const QString &uuid, const QString &trait);
    Status removeTraits(const QString &uuid, const QStringList &traits); // one undo step
    Status addAggregate(const QString &uuid, const QString &aggregate);
    Status removeAggregate(const QString &uuid, const QString &aggregate);
    Status removeAggregates(const QString &uuid, const QStringList &aggregates); // one undo step

    // --- structure --------------------------------------------------------------------
    // An empty parent makes a root. Returns the new provider's uuid.
    Result<QString> addProvider(const QString &name, const QString &parentUuid = {});
    Status rename(const QString &uuid, const QString &name);
    Status reparent(const QString &uuid, const QString &newParentUuid);
    // Removes the provider with its subtree; undo restores all of it (uuids, inventories,
    // usages, traits, aggregates, generations). Like Placement, refuses a subtree in which a
    // provider has usages (ProviderInUse): clear them first.
    Status removeSubtree(const QString &uuid);
    // Puts back one provider that is no longer in the tree, exactly as `record` holds it
    // (uuid, name, generation, inventories, usages, traits, aggregates) under its recorded
    // parent, which must exist. Undo removes it again.
    Status restoreProvider(const ProviderData &record);
    // Puts back several providers that are no longer in the tree, exactly as recorded, in
    // one transaction and as one undo step named `text` (a removed subtree with the
    // removed ancestors it needs, say). Each record's parent is in the tree or among the
    // records. All or nothing: errors as ProviderTree::apply() (DuplicateUuid for one that
    // is back, DuplicateName, UnknownParent, ...). Undo removes them again.
    Status restoreProviders(const QList<ProviderData> &records, const QString &text);
    // Gives the provider, shown to the user as `shown`, every part of `target` but its
    // generation (name, parent, inventories, usages, traits, aggregates), as one step named
    // `text`. Refused with ConcurrentChange if the provider is no longer `shown`.
    Status setProvider(const ProviderData &shown, const ProviderData &target, const QString &text);

    // Applies `state`'s `parts` to the provider through the core in one transaction (what
    // undo and redo do), whatever changed since.
    Status applyData(const ProviderData &state, ProviderParts parts);

signals:
    void replayFailed(const QString &commandText, const provtree::Status &status);

private:
    // Reads the provider with its revision, lets `change` edit a copy (it may refuse),
    // applies the copy if the provider is still at that revision, and pushes a command that
    // can restore either version.
    Status editData(const QString &uuid, ProviderParts parts, const QString &text,
                    const std::function<Status(ProviderData &)> &change);
    // Applies the copy as one transaction and pushes the command.
    Status commitData(const ProviderData &before, quint64 revision, const ProviderData &after,
                      ProviderParts parts, const QString &text);
    QString nameOf(const QString &uuid) const;

    ProviderTree &m_tree; // Not owned.
    QUndoStack *m_stack;  // Owned (QObject child).
};

} // namespace provtree

Q_DECLARE_METATYPE(provtree::Status)
