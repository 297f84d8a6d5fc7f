#pragma once

#include <QHashFunctions>
#include <QHashSeed>
#include <QStringView>
#include <QtGlobal>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <memory>
#include <utility>

namespace provtree {

// A hash index of values whose string keys live outside it: the store's name index (a
// node's data.name) and CommitPlan's indexes of records by uuid and by name. A flat table
// (power-of-two capacity, linear probing, at most half full, backward-shift removal)
// whose slots hold the key's hash beside the value; `keyOf(value)` reads the key only when
// the hashes match. Unlike std::unordered_map<QString, ...> it copies no key, allocates no
// node per entry and hashes a key once per insert or lookup.
//
// insert() and remove() allocate nothing, so a commit (CommitPlan, phase 2) may call them
// once reserve() has made room. A value's key must not change while it is in the index.
// No locking: the owner guards it. Hashes are seeded per process (QHashSeed), as QHash's.
template <typename Value, typename KeyOf>
class StringKeyIndex
{
public:
    explicit StringKeyIndex(KeyOf keyOf = KeyOf()) : m_keyOf(std::move(keyOf)) {}
    StringKeyIndex(const StringKeyIndex &) = delete;
    StringKeyIndex &operator=(const StringKeyIndex &) = delete;
    // The moved-from index is empty.
    StringKeyIndex(StringKeyIndex &&other) noexcept
        : m_keyOf(other.m_keyOf), m_slots(std::move(other.m_slots)), m_mask(std::exchange(other.m_mask, 0)),
          m_size(std::exchange(other.m_size, 0))
    {
    }
    StringKeyIndex &operator=(StringKeyIndex &&other) noexcept
    {
        m_keyOf = other.m_keyOf;
        m_slots = std::move(other.m_slots);
        m_mask = std::exchange(other.m_mask, 0);
        m_size = std::exchange(other.m_size, 0);
        return *this;
    }

    [[nodiscard]] size_t size() const { return m_size; }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    // Whether `count` entries in all fit without reserve().
    [[nodiscard]] bool fits(size_t count) const { return 2 * count <= capacity(); }
    // Room for `count` entries in all. May throw std::bad_alloc, and then changes nothing.
    void reserve(size_t count)
    {
        if (fits(count))
            return;
        const size_t wanted = std::bit_ceil(std::max<size_t>(16, 2 * count));
        StringKeyIndex grown(m_keyOf);
        grown.m_slots = std::make_unique<Slot[]>(wanted);
        grown.m_mask = wanted - 1;
        for (size_t i = 0; i < capacity(); ++i) {
            if (m_slots[i].hash)
                grown.place(m_slots[i]);
        }
        *this = std::move(grown);
    }

    // The value whose key is `key`; null when there is none.
    [[nodiscard]] const Value *find(QStringView key) const noexcept
    {
        if (m_size == 0)
            return nullptr;
        const size_t hash = hashOf(key);
        for (size_t i = hash & m_mask; m_slots[i].hash; i = (i + 1) & m_mask) {
            if (m_slots[i].hash == hash && m_keyOf(m_slots[i].value) == key)
                return &m_slots[i].value;
        }
        return nullptr;
    }
    [[nodiscard]] bool contains(QStringView key) const noexcept { return find(key) != nullptr; }
    // Adds `value` unless a value with an equal key is there already: returns that value,
    // or null when `value` was added. Room must be reserved.
    const Value *insert(Value value) noexcept
    {
        Q_ASSERT(fits(m_size + 1));
        const size_t hash = hashOf(m_keyOf(value));
        size_t i = hash & m_mask;
        for (; m_slots[i].hash; i = (i + 1) & m_mask) {
            if (m_slots[i].hash == hash && m_keyOf(m_slots[i].value) == m_keyOf(value))
                return &m_slots[i].value;
        }
        m_slots[i] = {hash, std::move(value)};
        ++m_size;
        return nullptr;
    }
    // Removes the value whose key is `key`, which must be there.
    void remove(QStringView key) noexcept
    {
        const size_t hash = hashOf(key);
        size_t hole = hash & m_mask;
        while (!(m_slots[hole].hash == hash && m_keyOf(m_slots[hole].value) == key)) {
            Q_ASSERT(m_slots[hole].hash);
            hole = (hole + 1) & m_mask;
        }
        --m_size;
        // Entries after the hole that may live there move back: no probe sequence is cut
        // short, and no tombstones are left.
        for (size_t next = (hole + 1) & m_mask; m_slots[next].hash; next = (next + 1) & m_mask) {
            const size_t home = m_slots[next].hash & m_mask;
            // It stays if its home lies cyclically in (hole, next].
            const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
            if (!stays) {
                m_slots[hole] = std::move(m_slots[next]);
                hole = next;
            }
        }
        m_slots[hole] = Slot{};
    }

private:
    struct Slot
    {
        size_t hash = 0; // 0: the slot is free (hashOf() never returns 0)
        Value value{};
    };
    [[nodiscard]] size_t capacity() const { return m_slots ? m_mask + 1 : 0; }
    // The top bit set: never 0, and the probe start (the low bits) keeps all its bits.
    [[nodiscard]] static size_t hashOf(QStringView key) noexcept
    {
        static const size_t seed = QHashSeed::globalSeed();
        return qHash(key, seed) | (size_t(1) << (8 * sizeof(size_t) - 1));
    }
    void place(const Slot &slot) noexcept
    {
        size_t i = slot.hash & m_mask;
        while (m_slots[i].hash)
            i = (i + 1) & m_mask;
        m_slots[i] = slot;
        ++m_size;
    }

    KeyOf m_keyOf;
    std::unique_ptr<Slot[]> m_slots; // Owned.
    size_t m_mask = 0;               // capacity - 1
    size_t m_size = 0;
};

} // namespace provtree
