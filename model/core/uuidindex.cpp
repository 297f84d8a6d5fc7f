#include "uuidindex.h"

#include <QtGlobal>

#include <algorithm>
#include <bit>
#include <utility>

namespace provtree {

UuidIndex::UuidIndex(UuidIndex &&other) noexcept
    : m_slots(std::move(other.m_slots)), m_mask(std::exchange(other.m_mask, 0)), m_size(std::exchange(other.m_size, 0))
{
}

UuidIndex &UuidIndex::operator=(UuidIndex &&other) noexcept
{
    m_slots = std::move(other.m_slots);
    m_mask = std::exchange(other.m_mask, 0);
    m_size = std::exchange(other.m_size, 0);
    return *this;
}

void UuidIndex::reserve(size_t count)
{
    if (fits(count))
        return;
    const size_t wanted = std::bit_ceil(std::max<size_t>(16, 2 * count));
    UuidIndex grown;
    grown.m_slots = std::make_unique<Slot[]>(wanted); // may throw: nothing changed yet
    grown.m_mask = wanted - 1;
    for (size_t i = 0; i < capacity(); ++i) {
        if (m_slots[i].node)
            grown.insert(m_slots[i].key, m_slots[i].node);
    }
    *this = std::move(grown);
}

ProviderNode *UuidIndex::find(const Uuid128 &key) const noexcept
{
    if (m_size == 0)
        return nullptr;
    for (size_t i = home(key);; i = (i + 1) & m_mask) {
        const Slot &slot = m_slots[i];
        if (!slot.node || slot.key == key)
            return slot.node;
    }
}

void UuidIndex::insert(const Uuid128 &key, ProviderNode *node) noexcept
{
    Q_ASSERT(fits(m_size + 1) && node);
    size_t i = home(key);
    while (m_slots[i].node) {
        Q_ASSERT(!(m_slots[i].key == key));
        i = (i + 1) & m_mask;
    }
    m_slots[i] = {key, node};
    ++m_size;
}

void UuidIndex::remove(const Uuid128 &key) noexcept
{
    size_t hole = home(key);
    while (!(m_slots[hole].key == key && m_slots[hole].node)) {
        Q_ASSERT(m_slots[hole].node);
        hole = (hole + 1) & m_mask;
    }
    --m_size;
    // Backward-shift deletion: entries after the hole that may live there move back, so no
    // probe sequence is cut short and no tombstones are left.
    for (size_t next = (hole + 1) & m_mask; m_slots[next].node; next = (next + 1) & m_mask) {
        const size_t wanted = home(m_slots[next].key);
        // It stays if its home lies cyclically in (hole, next].
        const bool stays = hole <= next ? (hole < wanted && wanted <= next) : (hole < wanted || wanted <= next);
        if (!stays) {
            m_slots[hole] = m_slots[next];
            hole = next;
        }
    }
    m_slots[hole] = Slot{};
}

} // namespace provtree
