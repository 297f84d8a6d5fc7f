#include "treemirror.h"

#include "providertree.h"
#include "providertreenotifier.h"
#include "workerpool.h"

#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace provtree {

qsizetype TreeMirror::State::size() const
{
    qsizetype size = 0;
    for (const auto &bucket : m_buckets)
        size += bucket.size();
    return size;
}

QList<ProviderData> TreeMirror::State::providers() const
{
    QList<ProviderData> providers;
    providers.reserve(size());
    for (const auto &bucket : m_buckets) {
        for (auto it = bucket.cbegin(); it != bucket.cend(); ++it)
            providers.append(it.value());
    }
    return providers;
}

void TreeMirror::State::put(const ProviderData &provider)
{
    bucket(provider.uuid).insert(provider.uuid, provider);
}

void TreeMirror::State::take(const QString &uuid)
{
    bucket(uuid).remove(uuid);
}

QHash<QString, ProviderData> &TreeMirror::State::bucket(const QString &uuid)
{
    return m_buckets[qHash(uuid) % kBuckets];
}

TreeMirror::TreeMirror(ProviderTree &tree, QObject *parent)
    : QObject(parent), m_tree(tree), m_notifier(new ProviderTreeNotifier(tree, this))
{
    connect(m_notifier, &ProviderTreeNotifier::changed, this, &TreeMirror::apply);
    connect(&m_building, &QFutureWatcher<Built>::finished, this, &TreeMirror::onBuilt);
}

TreeMirror::~TreeMirror()
{
    m_building.waitForFinished(); // the job reads the tree
}

bool TreeMirror::isInStep() const
{
    return m_valid && m_sequence == m_tree.lastSequence();
}

void TreeMirror::build()
{
    if (m_isBuilding && m_discard)
        m_wanted = true;
    if (m_valid || m_isBuilding)
        return;
    m_isBuilding = true;
    m_pending.clear();
    // Provider by provider, so that the tree's lock is never held for long: the ChangeSets
    // from `sequence` on are kept meanwhile (apply()) and bring the copy up to date.
    m_building.setFuture(QtConcurrent::run(workerPool(), [&tree = m_tree] {
        Built built;
        built.sequence = tree.lastSequence();
        const QStringList uuids = tree.providerUuids();
        for (auto &bucket : built.state.m_buckets)
            bucket.reserve(uuids.size() / kBuckets + uuids.size() / (4 * kBuckets) + 8);
        for (const QString &uuid : uuids) {
            if (const std::optional<ProviderData> data = tree.data(uuid))
                built.state.put(*data);
        }
        return built;
    }));
}

void TreeMirror::drop()
{
    m_valid = false;
    m_state = State();
    m_pending.clear();
    if (m_isBuilding) {
        m_discard = true;
        m_wanted = false;
    }
}

void TreeMirror::onBuilt()
{
    m_isBuilding = false;
    Built built = m_building.result();
    if (m_discard) {
        m_discard = false;
        if (std::exchange(m_wanted, false))
            build();
        return;
    }
    m_state = std::move(built.state);
    m_sequence = built.sequence;
    m_valid = true;
    const QList<ChangeSet> pending = std::exchange(m_pending, {});
    for (const ChangeSet &changes : pending) {
        if (!m_valid)
            break; // a gap: invalid again
        follow(changes);
    }
    emit changed();
}

void TreeMirror::apply(const ChangeSet &changes)
{
    if (m_isBuilding) {
        if (changes.reset) {
            // The copy may be of the tree before the reset; whoever asked still wants one.
            m_pending.clear();
            m_wanted = m_wanted || !m_discard;
            m_discard = true;
        } else if (!m_discard) {
            m_pending.append(changes);
        }
        return;
    }
    if (!m_valid)
        return; // nothing to follow: build() starts from the tree as it is then
    follow(changes);
    emit changed();
}

// Each changed provider gets its newest data, so a ChangeSet already included in the copy
// (or older than it) changes nothing when applied again.
void TreeMirror::follow(const ChangeSet &changes)
{
    if (changes.sequence <= m_sequence)
        return;
    if (changes.reset || changes.sequence != m_sequence + 1) {
        drop(); // another document, or a missed change: start over at the next build()
        return;
    }
    m_sequence = changes.sequence;
    for (const ProviderChange &change : changes.changes) {
        switch (change.kind) {
        case ProviderChange::Kind::Added:
        case ProviderChange::Kind::Changed:
            if (const std::optional<ProviderData> data = m_tree.data(change.uuid))
                m_state.put(*data);
            break; // gone already: a later ChangeSet says so
        case ProviderChange::Kind::Removed:
            m_state.take(change.uuid);
            for (const QString &descendant : change.removedDescendants)
                m_state.take(descendant);
            break;
        }
    }
}

} // namespace provtree
