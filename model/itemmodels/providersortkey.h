#pragma once

#include <QModelIndex>
#include <QString>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace provtree {

// What the provider tree is sorted by in one of ProviderTreeModel's columns, computed once
// per provider and column so that a sort compares two small values instead of asking the
// model for data and formatting it on every comparison (a sort of 100,000 providers makes
// about 1.7 million comparisons).
//
//   NameColumn             natural order (naturalSortKey), then the exact name, then the uuid
//   UuidColumn             the uuid
//   GenerationColumn       the generation
//   ResourceClassesColumn  the cell's text in natural order: by the first class, then its
//                          capacity as a number, then the next class ...
//   ChildrenColumn         the number of children
//   UsageColumn            the highest usage fraction (highestUsage()); below 0 % without inventory
//
// Keys that compare equal keep the rows in the order they had (the sort is stable); only
// the name column breaks ties itself. That is deliberate: a key may only depend on what a
// dataChanged of its own column announces, or a rename would silently invalidate the order
// of a tree sorted by generation.
//
// A plain value; thread-safe.
class ProviderSortKey
{
public:
    ProviderSortKey() = default;
    // The key of `cell`'s row in `cell`'s column, read from its model (ProviderTreeModel's
    // roles and columns; a proxy of it works too). Reads only what that column needs.
    [[nodiscard]] static ProviderSortKey forCell(const QModelIndex &cell);

    [[nodiscard]] bool operator<(const ProviderSortKey &other) const
    {
        if (m_number != other.m_number)
            return m_number < other.m_number;
        // The first code units decide most comparisons without reading the text, which
        // lives elsewhere in memory (at 100,000 providers, reading it is what costs).
        if (m_head != other.m_head)
            return m_head < other.m_head;
        return m_text < other.m_text;
    }

private:
    ProviderSortKey(double number, QString text);

    double m_number = 0.0;
    std::array<quint64, 2> m_head{}; // m_text's first 8 code units, big-endian, 0-padded
    QString m_text;
};

// Sort keys by provider id (ProviderTreeModel::ProviderIdRole), stored by id in pages of
// consecutive ids rather than a hash: ids are handed out one after another, and a sort
// looks keys up in an order that defeats any cache, so one memory access per lookup is what
// keeps a sort of 100,000 providers quick. Pages, not one array: the array's growth moved
// every key and touched fresh memory each time: most of a first sort's time, in a profile. GUI-thread
// object of its proxy (not thread-safe).
class ProviderSortKeyCache
{
public:
    // nullptr if `id` has no key.
    [[nodiscard]] const ProviderSortKey *find(quint64 id) const;
    // Stores `key` for `id`. Invalidates no pointer returned before, except `id`'s own.
    void insert(quint64 id, ProviderSortKey key);
    void erase(quint64 id);
    void clear();

private:
    static constexpr size_t kPageSize = 1024;
    using Page = std::array<std::optional<ProviderSortKey>, kPageSize>;
    std::vector<std::unique_ptr<Page>> m_pages; // by id / kPageSize; null: no key there
};

} // namespace provtree
