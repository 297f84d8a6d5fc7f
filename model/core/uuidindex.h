#pragma once

#include "uuid128.h"

#include <cstddef>
#include <memory>

namespace provtree {

struct ProviderNode;

// The store's uuid index (ProviderStore): Uuid128 -> node, a flat open-addressing table
// (power-of-two capacity, linear probing, at most half full) whose slots hold the key
// beside the pointer. A lookup reads one slot, nearly always one cache line; the
// std::unordered_map it replaces read a bucket and then a heap node: two dependent cache
// misses per cache-cold lookup, and an allocation per entry.
//
// Does not own the nodes. No locking: the store's owner guards it. insert() and remove()
// allocate nothing, so a commit (CommitPlan, phase 2) can call them once reserve() has
// made room.
class UuidIndex
{
public:
    UuidIndex() = default;
    UuidIndex(const UuidIndex &) = delete;
    UuidIndex &operator=(const UuidIndex &) = delete;
    // The moved-from index is empty.
    UuidIndex(UuidIndex &&other) noexcept;
    UuidIndex &operator=(UuidIndex &&other) noexcept;

    [[nodiscard]] size_t size() const { return m_size; }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    // Room for `count` entries in all, so that inserting up to that many allocates nothing.
    // May throw std::bad_alloc, and then changes nothing.
    void reserve(size_t count);
    // Whether `count` entries in all fit without reserve().
    [[nodiscard]] bool fits(size_t count) const { return 2 * count <= capacity(); }

    // Null when `key` is absent.
    [[nodiscard]] ProviderNode *find(const Uuid128 &key) const noexcept;
    // `key` must be absent and room reserved.
    void insert(const Uuid128 &key, ProviderNode *node) noexcept;
    // `key` must be present.
    void remove(const Uuid128 &key) noexcept;

    template <typename Visit>
    void forEachNode(Visit &&visit) const
    {
        for (size_t i = 0; i < capacity(); ++i) {
            if (m_slots[i].node)
                visit(m_slots[i].node);
        }
    }

private:
    struct Slot
    {
        Uuid128 key;
        ProviderNode *node = nullptr; // null: the slot is free
    };
    [[nodiscard]] size_t capacity() const { return m_slots ? m_mask + 1 : 0; }
    [[nodiscard]] size_t home(const Uuid128 &key) const noexcept { return Uuid128Hash{}(key) & m_mask; }

    std::unique_ptr<Slot[]> m_slots; // Owned.
    size_t m_mask = 0;               // capacity - 1
    size_t m_size = 0;
};

} // namespace provtree
