#include "providerstore.h"

#include <algorithm>

namespace provtree {

ProviderNode *ProviderStore::byUuid(QStringView uuid)
{
    const auto it = m_nodes.find(uuid);
    return it == m_nodes.end() ? nullptr : &it->second;
}

const ProviderNode *ProviderStore::byUuid(QStringView uuid) const
{
    const auto it = m_nodes.find(uuid);
    return it == m_nodes.end() ? nullptr : &it->second;
}

ProviderNode *ProviderStore::byName(QStringView name)
{
    const auto it = m_byName.find(name);
    return it == m_byName.end() ? nullptr : it->second;
}

const ProviderNode *ProviderStore::byName(QStringView name) const
{
    const auto it = m_byName.find(name);
    return it == m_byName.end() ? nullptr : it->second;
}

ProviderNode *ProviderStore::find(QStringView ref)
{
    return const_cast<ProviderNode *>(std::as_const(*this).find(ref));
}

const ProviderNode *ProviderStore::find(QStringView ref) const
{
    // Only a 36-character ref can be a uuid: names skip the uuid map.
    if (ref.size() == 36) {
        if (const ProviderNode *node = byUuid(ref))
            return node;
        // Uuids are stored lower-case.
        if (const ProviderNode *node = byUuid(ref.toString().toLower()))
            return node;
    }
    return byName(ref);
}

ProviderNode *ProviderStore::insert(ProviderData data, ProviderNode *parent)
{
    data.parentUuid = parent ? parent->data.uuid : QString();
    const QString key = data.uuid;
    auto [it, inserted] = m_nodes.try_emplace(key);
    Q_ASSERT(inserted);
    ProviderNode *node = &it->second;
    node->data = std::move(data);
    node->parent = parent;
    siblingsOf(parent).push_back(node);
    indexName(node);
    return node;
}

void ProviderStore::move(ProviderNode *node, ProviderNode *newParent)
{
    detach(node);
    node->parent = newParent;
    node->data.parentUuid = newParent ? newParent->data.uuid : QString();
    siblingsOf(newParent).push_back(node);
}

void ProviderStore::rename(ProviderNode *node, const QString &newName)
{
    unindexName(node);
    node->data.name = newName;
    indexName(node);
}

void ProviderStore::unindexName(ProviderNode *node)
{
    const auto it = m_byName.find(QStringView(node->data.name));
    if (it != m_byName.end() && it->second == node)
        m_byName.erase(it);
}

void ProviderStore::indexName(ProviderNode *node)
{
    m_byName.insert_or_assign(node->data.name, node);
}

void ProviderStore::eraseSubtree(ProviderNode *node)
{
    detach(node);
    std::vector<ProviderNode *> doomed;
    visitTopDown(node, [&doomed](const ProviderNode &n) { doomed.push_back(const_cast<ProviderNode *>(&n)); });
    for (ProviderNode *n : doomed) {
        unindexName(n);
        const QString uuid = n->data.uuid; // a copy: erasing destroys the node that holds it
        m_nodes.erase(uuid);
    }
}

void ProviderStore::reserve(qsizetype count)
{
    m_nodes.reserve(size_t(count));
    m_byName.reserve(size_t(count));
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

void ProviderStore::detach(ProviderNode *node)
{
    auto &siblings = siblingsOf(node->parent);
    siblings.erase(std::find(siblings.begin(), siblings.end(), node));
}

std::vector<ProviderNode *> &ProviderStore::siblingsOf(ProviderNode *parent)
{
    return parent ? parent->children : m_roots;
}

} // namespace provtree
