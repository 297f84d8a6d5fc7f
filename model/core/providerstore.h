#pragma once

#include "providerdata.h"

#include <QHashFunctions>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <unordered_map>
#include <vector>

namespace provtree {

// One provider inside the store. Nodes live in ProviderStore's uuid map, whose element
// addresses never move, so parent/child pointers stay valid until the node is erased.
struct ProviderNode
{
    ProviderData data;                  // data.parentUuid mirrors `parent`
    ProviderNode *parent = nullptr;     // Not owned.
    std::vector<ProviderNode *> children; // Not owned; in insertion order.
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
class ProviderStore
{
public:
    ProviderStore() = default;
    ProviderStore(const ProviderStore &) = delete;
    ProviderStore &operator=(const ProviderStore &) = delete;
    ProviderStore(ProviderStore &&) = default;
    ProviderStore &operator=(ProviderStore &&) = default;

    [[nodiscard]] qsizetype size() const { return qsizetype(m_nodes.size()); }
    [[nodiscard]] ProviderNode *byUuid(QStringView uuid);
    [[nodiscard]] const ProviderNode *byUuid(QStringView uuid) const;
    [[nodiscard]] ProviderNode *byName(QStringView name);
    [[nodiscard]] const ProviderNode *byName(QStringView name) const;
    // A uuid (any case) or, failing that, a name.
    [[nodiscard]] ProviderNode *find(QStringView ref);
    [[nodiscard]] const ProviderNode *find(QStringView ref) const;
    [[nodiscard]] const std::vector<ProviderNode *> &roots() const { return m_roots; }

    // Adds a node as the last child of `parent` (a root if null); data.parentUuid is set.
    ProviderNode *insert(ProviderData data, ProviderNode *parent);
    // Moves `node` to the end of `newParent`'s children (the roots if null).
    void move(ProviderNode *node, ProviderNode *newParent);
    void rename(ProviderNode *node, const QString &newName);
    // The name index is kept by insert/rename/erase; populate swaps names in two phases.
    void unindexName(ProviderNode *node);
    void indexName(ProviderNode *node);
    // Erases `node` and its whole subtree.
    void eraseSubtree(ProviderNode *node);
    void reserve(qsizetype count);

    // `node` and its descendants, depth-first pre-order (children in order).
    template <typename Visit>
    static void visitTopDown(const ProviderNode *node, Visit &&visit);
    template <typename Visit>
    void visitAllTopDown(Visit &&visit) const;

    [[nodiscard]] static QStringList subtreeUuids(const ProviderNode *node);
    [[nodiscard]] QStringList allUuids() const;
    [[nodiscard]] static bool isAncestorOrSelf(const ProviderNode *ancestor, const ProviderNode *node);

private:
    void detach(ProviderNode *node);
    std::vector<ProviderNode *> &siblingsOf(ProviderNode *parent);

    std::unordered_map<QString, ProviderNode, StringHash, StringEqual> m_nodes; // Owns the nodes.
    std::unordered_map<QString, ProviderNode *, StringHash, StringEqual> m_byName;
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
