#pragma once

#include "change.h"
#include "providerdata.h"

#include <QList>
#include <QString>

#include <optional>

namespace provtree {

// One edit of a ProviderTree as a value: the steps of one user action (an edit of several
// parts of a provider, a subtree removal, a restore, a revert, a patch). ProviderTree::apply()
// checks every step and precondition under one write lock, then commits all of them or none,
// and publishes one ChangeSet.
//
// Each provider appears in at most one add() or update() step. Providers are named by uuid.
// A plain value: build it on any thread.
class TreeEdit
{
public:
    // Sets the `parts` of provider `state.uuid` to `state`'s values: Name, Parent (moves it to
    // be the last child of state.parentUuid, a root if empty), Inventories, Usages, Traits,
    // Aggregates, Generation. Without Generation the provider keeps its generation: it is
    // Placement's, and a local edit never invents one. Children stay where they are.
    TreeEdit &update(const ProviderData &state, ProviderParts parts);
    // Adds a provider that is not in the tree, exactly as `record` holds it (uuid, name,
    // generation, ...) as the last child of its parent, which is in the tree or added by an
    // earlier or later add() of this edit.
    TreeEdit &add(const ProviderData &record);
    // Removes the provider and its subtree, except for descendants that an update() of the
    // same edit moves elsewhere.
    TreeEdit &remove(const QString &uuid);
    // Precondition: the provider is in the tree and nobody changed it since the change
    // numbered `sequence` (the revision from ProviderTree::versionedData(), or the sequence
    // of a ProviderTree::snapshot()). Otherwise the edit is a ConcurrentChange.
    TreeEdit &expectUnchangedSince(const QString &uuid, quint64 sequence);
    // Precondition: nothing in the tree changed since the change numbered `sequence` (a
    // ProviderTree::snapshot()'s): for edits computed from the whole tree, like a patch.
    TreeEdit &expectTreeUnchangedSince(quint64 sequence);
    // Interactive edits follow Placement: a provider with usages (allocations) cannot be
    // removed (ProviderInUse). Snapshots and patches that describe a state do not set this.
    TreeEdit &refuseRemovingProvidersInUse(bool refuse = true);

    struct Update
    {
        ProviderData state;
        ProviderParts parts;
    };
    struct Unchanged
    {
        QString uuid;
        quint64 since = 0;
    };
    [[nodiscard]] const QList<Update> &updates() const { return m_updates; }
    [[nodiscard]] const QList<ProviderData> &additions() const { return m_additions; }
    [[nodiscard]] const QStringList &removals() const { return m_removals; }
    [[nodiscard]] const QList<Unchanged> &expectedUnchanged() const { return m_unchanged; }
    [[nodiscard]] std::optional<quint64> expectedTreeSequence() const { return m_treeSequence; }
    [[nodiscard]] bool refusesRemovingProvidersInUse() const { return m_refuseInUse; }
    [[nodiscard]] bool isEmpty() const { return m_updates.isEmpty() && m_additions.isEmpty() && m_removals.isEmpty(); }

private:
    QList<Update> m_updates;
    QList<ProviderData> m_additions;
    QStringList m_removals;
    QList<Unchanged> m_unchanged;
    std::optional<quint64> m_treeSequence;
    bool m_refuseInUse = false;
};

inline TreeEdit &TreeEdit::update(const ProviderData &state, ProviderParts parts)
{
    m_updates.append({state, parts});
    return *this;
}

inline TreeEdit &TreeEdit::add(const ProviderData &record)
{
    m_additions.append(record);
    return *this;
}

inline TreeEdit &TreeEdit::remove(const QString &uuid)
{
    m_removals.append(uuid);
    return *this;
}

inline TreeEdit &TreeEdit::expectUnchangedSince(const QString &uuid, quint64 sequence)
{
    m_unchanged.append({uuid, sequence});
    return *this;
}

inline TreeEdit &TreeEdit::expectTreeUnchangedSince(quint64 sequence)
{
    m_treeSequence = sequence;
    return *this;
}

inline TreeEdit &TreeEdit::refuseRemovingProvidersInUse(bool refuse)
{
    m_refuseInUse = refuse;
    return *this;
}

} // namespace provtree
