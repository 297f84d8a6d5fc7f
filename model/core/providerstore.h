#pragma once

#include "providerdata.h"
#include "uuid128.h"
#include "stringkeyindex.h"
#include "uuidindex.h"

#include <QHashFunctions>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <memory>
#include <vector>

namespace provtree {

// One provider inside the store. Each node has its own heap block, owned by ProviderStore
// and indexed by the binary form of data.uuid; its address never moves, so parent/child
// pointers stay valid until the node is erased.
struct ProviderNode
{
    ProviderData data;                  // data.parentUuid mirrors `parent`
    ProviderNode *parent = nullptr;     // Not owned.
    std::vector<ProviderNode *> children; // Not owned; in insertion order.
    quint64 revision = 0;               // sequence of the ChangeSet that last changed it
};

// Hash and equality that let the maps be searched with a QStringView, without building
// a QString (C++20 heterogeneous lookup).
struct StringHash
{
    using is_transparent = void;
    size_t operator()(QStringView s) const noexcept { return qHash(s); }
    size_t operator()(const QString &s) const noexcept { return qHash(QStringView(s)); }
};
struct StringEqual
{
    using is_transparent = void;
    bool operator()(QStringView a, QStringView b) const noexcept { return a == b; }
};

// The tree's storage and indexes, with no locking and no validation: ProviderTree guards
// it and checks every edit first. Lookups are O(1); traversals are iterative, so a chain
// of any depth is safe.
//
// Changing a store in place is two-phase (see CommitPlan): everything that allocates (new
// nodes and name-index entries, built in a Staging; capacity in the maps and child lists)
// happens first and may throw; the operations marked noexcept below then allocate nothing,
// so a commit either happens completely or not at all.
class ProviderStore
{
public:
    // New nodes, allocated before a commit moves them in.
    struct Staging
    {
        std::vector<std::unique_ptr<ProviderNode>> nodes; // per record: its new node, or null
    };

    ProviderStore() = default;
    ~ProviderStore();
    ProviderStore(const ProviderStore &) = delete;
    ProviderStore &operator=(const ProviderStore &) = delete;
    // The moved-from store is empty.
    ProviderStore(ProviderStore &&other) noexcept;
    ProviderStore &operator=(ProviderStore &&other) noexcept;

    [[nodiscard]] qsizetype size() const { return qsizetype(m_nodes.size()); }
    // The index key of `canonicalUuid`, which must be a canonical uuid: the store holds
    // only records that passed validation before their commit was planned.
    [[nodiscard]] static Uuid128 keyOf(QStringView canonicalUuid);
    // By uuid in canonical form (lower case); null for any other text.
    [[nodiscard]] ProviderNode *byUuid(QStringView uuid);
    [[nodiscard]] const ProviderNode *byUuid(QStringView uuid) const;
    [[nodiscard]] ProviderNode *byName(QStringView name);
    [[nodiscard]] const ProviderNode *byName(QStringView name) const;
    // A uuid (any case) or, failing that, a name.
    [[nodiscard]] ProviderNode *find(QStringView ref);
    [[nodiscard]] const ProviderNode *find(QStringView ref) const;
    [[nodiscard]] const std::vector<ProviderNode *> &roots() const { return m_roots; }

    // --- phase 1: may throw, changes nothing observable ---------------------------------
    // Room for `extra` more nodes and `extraNames` more name-index entries without rehashing.
    void reserveExtra(qsizetype extra, qsizetype extraNames);
    // Room for `extra` more children of `parent` (the roots if null).
    void reserveChildren(ProviderNode *parent, qsizetype extra);

    // --- phase 2: allocate nothing --------------------------------------------------------
    // Takes a staged node (its key is its uuid) into the store; room must be reserved.
    ProviderNode *adopt(std::unique_ptr<ProviderNode> staged) noexcept;
    // Indexes `node` by its name, which must be free by now; room must be reserved.
    void indexName(ProviderNode *node) noexcept;
    // Appends `node` to `parent`'s children (the roots if null) and sets its parent fields;
    // room must be reserved.
    void attach(ProviderNode *node, ProviderNode *parent) noexcept;
    // Takes `node` out of its parent's children (or the roots).
    void detach(ProviderNode *node) noexcept;
    void unindexName(ProviderNode *node) noexcept;
    // Erases one node; it must be detached, or inside a detached subtree that is erased
    // completely, and unindexed.
    void erase(ProviderNode *node) noexcept;

    // `node` and its descendants, depth-first pre-order (children in order).
    template <typename Visit>
    static void visitTopDown(const ProviderNode *node, Visit &&visit);
    template <typename Visit>
    void visitAllTopDown(Visit &&visit) const;

    [[nodiscard]] static QStringList subtreeUuids(const ProviderNode *node);
    [[nodiscard]] QStringList allUuids() const;
    [[nodiscard]] static bool isAncestorOrSelf(const ProviderNode *ancestor, const ProviderNode *node);

private:
    std::vector<ProviderNode *> &siblingsOf(ProviderNode *parent) noexcept;

    void deleteNodes() noexcept;

    UuidIndex m_nodes; // Owns the nodes it points to.
    struct NameOf
    {
        QStringView operator()(const ProviderNode *node) const noexcept { return node->data.name; }
    };
    StringKeyIndex<ProviderNode *, NameOf> m_byName; // Not owning.
    std::vector<ProviderNode *> m_roots; // Not owned; in insertion order.
};

template <typename Visit>
void ProviderStore::visitTopDown(const ProviderNode *node, Visit &&visit)
{
    std::vector<const ProviderNode *> stack{node};
    while (!stack.empty()) {
        const ProviderNode *current = stack.back();
        stack.pop_back();
        visit(*current);
        for (auto it = current->children.rbegin(); it != current->children.rend(); ++it)
            stack.push_back(*it);
    }
}

template <typename Visit>
void ProviderStore::visitAllTopDown(Visit &&visit) const
{
    for (const ProviderNode *root : m_roots)
        visitTopDown(root, visit);
}

} // namespace provtree
