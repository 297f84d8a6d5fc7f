#pragma once

#include "change.h"
#include "providerdata.h"

#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <array>

namespace provtree {

class ProviderTree;
class ProviderTreeNotifier;

// A copy of a tree's providers that its owner keeps in step with the tree's ChangeSets and
// can hand to another thread in constant time: the providers are spread over 256
// implicitly shared hashes (by uuid), so taking state() copies 256 pointers, and the next
// change detaches only the hash it touches (about 1/256 of the providers).
//
// It is how the autosaver gives its worker a consistent state of 100,000 providers without
// copying them on the GUI thread (ProviderTree::allData() takes about 0.1 s) and without
// a worker holding the tree's lock for that long while the user edits.
//
// The copy is built on demand (build()), in a worker thread that reads the tree provider by
// provider (a moment's lock each); ChangeSets that arrive meanwhile are kept and applied
// afterwards, each changed provider with its newest data, so the result is the tree as it
// is then. Like ProviderTreeModel, it follows the ChangeSets in sequence; a reset (another
// document) or a gap makes it invalid until the next build(). drop() frees it.
//
// Owner's thread only; a State may be read on any thread. The tree must outlive the mirror.
class TreeMirror : public QObject
{
    Q_OBJECT

public:
    static constexpr int kBuckets = 256;

    // The providers at one moment: a value, cheap to copy, safe to read on any thread.
    class State
    {
    public:
        [[nodiscard]] qsizetype size() const;
        // Every provider, in no particular order (serialiseSnapshot() orders them).
        [[nodiscard]] QList<ProviderData> providers() const;

    private:
        friend class TreeMirror;
        void put(const ProviderData &provider);
        void take(const QString &uuid);
        [[nodiscard]] QHash<QString, ProviderData> &bucket(const QString &uuid);

        std::array<QHash<QString, ProviderData>, kBuckets> m_buckets;
    };

    explicit TreeMirror(ProviderTree &tree, QObject *parent = nullptr);
    ~TreeMirror() override; // waits for a build in progress

    // Valid: state() is the tree as of sequence().
    [[nodiscard]] bool isValid() const { return m_valid; }
    [[nodiscard]] bool isBuilding() const { return m_isBuilding; }
    // Valid and no change of the tree still to follow (takes the tree's lock for a moment).
    [[nodiscard]] bool isInStep() const;
    [[nodiscard]] State state() const { return m_state; }
    // The sequence of the last ChangeSet the state follows.
    [[nodiscard]] quint64 sequence() const { return m_sequence; }

    // Starts building the state unless it is valid or being built; changed() says when it
    // is valid.
    void build();
    // Forgets the state (and its memory); a build in progress is abandoned.
    void drop();

signals:
    // The state followed a ChangeSet, or became valid.
    void changed();

private:
    struct Built
    {
        State state;
        quint64 sequence = 0;
    };

    void apply(const ChangeSet &changes);
    void follow(const ChangeSet &changes);
    void onBuilt();

    ProviderTree &m_tree;             // Not owned.
    ProviderTreeNotifier *m_notifier; // Owned (QObject child).
    State m_state;
    quint64 m_sequence = 0;
    bool m_valid = false;
    bool m_isBuilding = false;  // until onBuilt() (the job may be done before its signal comes)
    bool m_discard = false;     // the build in progress is out of date (a reset, a drop())
    bool m_wanted = false;      // build() was called meanwhile: start again when it ends
    QList<ChangeSet> m_pending; // arrived while building
    QFutureWatcher<Built> m_building;
};

} // namespace provtree
