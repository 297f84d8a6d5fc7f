#include "providerstore.h"

#include <algorithm>

namespace provtree {

ProviderStore::~ProviderStore()
{
    deleteNodes();
}

ProviderStore::ProviderStore(ProviderStore &&other) noexcept
    : m_nodes(std::move(other.m_nodes)), m_byName(std::move(other.m_byName)), m_roots(std::move(other.m_roots))
{
    other.m_roots.clear();
}

ProviderStore &ProviderStore::operator=(ProviderStore &&other) noexcept
{
    if (this != &other) {
        deleteNodes();
        m_nodes = std::move(other.m_nodes);
        m_byName = std::move(other.m_byName);
        m_roots = std::move(other.m_roots);
        other.m_roots.clear();
    }
    return *this;
}

void ProviderStore::deleteNodes() noexcept
{
    m_nodes.forEachNode([](ProviderNode *node) { delete node; });
    m_nodes = UuidIndex();
}

Uuid128 ProviderStore::keyOf(QStringView canonicalUuid)
{
    const std::optional<Uuid128> key = Uuid128::parse(canonicalUuid);
    Q_ASSERT(key);
    return key.value_or(Uuid128{});
}

ProviderNode *ProviderStore::byUuid(QStringView uuid)
{
    return const_cast<ProviderNode *>(std::as_const(*this).byUuid(uuid));
}

const ProviderNode *ProviderStore::byUuid(QStringView uuid) const
{
    if (m_nodes.empty())
        return nullptr; // a tree being built aside (replaceAll()) asks for each of its records
    const std::optional<Uuid128> key = Uuid128::parse(uuid);
    if (!key)
        return nullptr;
    return m_nodes.find(*key);
}

ProviderNode *ProviderStore::byName(QStringView name)
{
    return const_cast<ProviderNode *>(std::as_const(*this).byName(name));
}

const ProviderNode *ProviderStore::byName(QStringView name) const
{
    ProviderNode *const *node = m_byName.find(name);
    return node ? *node : nullptr;
}

ProviderNode *ProviderStore::find(QStringView ref)
{
    return const_cast<ProviderNode *>(std::as_const(*this).find(ref));
}

const ProviderNode *ProviderStore::find(QStringView ref) const
{
    // A uuid in any case: its bits are the same. Only a 36-character ref can be a uuid, so
    // names fail the parse at once.
    if (const std::optional<Uuid128> key = Uuid128::parse(ref, Uuid128::Case::Either)) {
        if (const ProviderNode *node = m_nodes.find(*key))
            return node;
    }
    return byName(ref);
}

namespace {

// Grows geometrically, so a long run of one-provider edits costs amortised O(1) each.
template <typename Index>
void reserveIndex(Index &index, size_t extra)
{
    const size_t needed = index.size() + extra;
    if (!index.fits(needed))
        index.reserve(std::max(needed, 2 * index.size()));
}

} // namespace

void ProviderStore::reserveExtra(qsizetype extra, qsizetype extraNames)
{
    reserveIndex(m_nodes, size_t(extra));
    reserveIndex(m_byName, size_t(extraNames));
}

void ProviderStore::reserveChildren(ProviderNode *parent, qsizetype extra)
{
    auto &siblings = siblingsOf(parent);
    const size_t needed = siblings.size() + size_t(extra);
    if (needed > siblings.capacity())
        siblings.reserve(std::max(needed, 2 * siblings.size()));
}

ProviderNode *ProviderStore::adopt(std::unique_ptr<ProviderNode> staged) noexcept
{
    ProviderNode *node = staged.release();
    m_nodes.insert(keyOf(node->data.uuid), node);
    return node;
}

void ProviderStore::indexName(ProviderNode *node) noexcept
{
    [[maybe_unused]] ProviderNode *const *holder = m_byName.insert(node);
    Q_ASSERT(!holder);
}

void ProviderStore::attach(ProviderNode *node, ProviderNode *parent) noexcept
{
    auto &siblings = siblingsOf(parent);
    Q_ASSERT(siblings.size() < siblings.capacity());
    siblings.push_back(node);
    node->parent = parent;
    node->data.parentUuid = parent ? parent->data.uuid : QString();
}

void ProviderStore::detach(ProviderNode *node) noexcept
{
    auto &siblings = siblingsOf(node->parent);
    siblings.erase(std::find(siblings.begin(), siblings.end(), node));
}

void ProviderStore::unindexName(ProviderNode *node) noexcept
{
    ProviderNode *const *holder = m_byName.find(node->data.name);
    if (holder && *holder == node)
        m_byName.remove(node->data.name);
}

void ProviderStore::erase(ProviderNode *node) noexcept
{
    m_nodes.remove(keyOf(node->data.uuid));
    delete node;
}

QStringList ProviderStore::subtreeUuids(const ProviderNode *node)
{
    QStringList uuids;
    visitTopDown(node, [&uuids](const ProviderNode &n) { uuids.append(n.data.uuid); });
    return uuids;
}

QStringList ProviderStore::allUuids() const
{
    QStringList uuids;
    uuids.reserve(size());
    visitAllTopDown([&uuids](const ProviderNode &n) { uuids.append(n.data.uuid); });
    return uuids;
}

bool ProviderStore::isAncestorOrSelf(const ProviderNode *ancestor, const ProviderNode *node)
{
    for (; node; node = node->parent) {
        if (node == ancestor)
            return true;
    }
    return false;
}

std::vector<ProviderNode *> &ProviderStore::siblingsOf(ProviderNode *parent) noexcept
{
    return parent ? parent->children : m_roots;
}

} // namespace provtree
