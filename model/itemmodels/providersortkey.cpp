#include "providersortkey.h"

#include "naturalsortkey.h"
#include "providertreemodel.h"
#include "providerusage.h"

#include <QStringBuilder>

namespace provtree {

namespace {

// Ids far below the first one stored are rare (a tree model numbers its rows as it builds
// them); some room below spares moving every slot when one comes.
constexpr quint64 kRoomBelow = 1024;

} // namespace

ProviderSortKey::ProviderSortKey(double number, QString text) : m_number(number), m_text(std::move(text))
{
    for (qsizetype i = 0; i < 8 && i < m_text.size(); ++i)
        m_head[size_t(i / 4)] |= quint64(m_text.at(i).unicode()) << (16 * (3 - i % 4));
}

ProviderSortKey ProviderSortKey::forCell(const QModelIndex &cell)
{
    using M = ProviderTreeModel;
    switch (cell.column()) {
    case M::NameColumn: {
        const QString name = cell.data().toString();
        // U+0000 sorts before every character a key holds, so "cn-1" stays before "cn-1a".
        return {0.0, naturalSortKey(name) % QChar(0) % name % QChar(0) % cell.data(M::UuidRole).toString()};
    }
    case M::UuidColumn:
        return {0.0, cell.data(M::UuidRole).toString()};
    case M::GenerationColumn:
    case M::ChildrenColumn:
        return {cell.data().toDouble(), {}};
    case M::UsageColumn: {
        const auto provider = cell.siblingAtColumn(M::NameColumn).data(M::ProviderDataRole).value<ProviderData>();
        const std::optional<ClassUsage> usage = highestUsage(provider);
        return {usage ? usage->fraction : -1.0, {}};
    }
    default: // ResourceClassesColumn, and any column added later: what it shows
        return {0.0, naturalSortKey(cell.data().toString())};
    }
}

const ProviderSortKey *ProviderSortKeyCache::find(quint64 id) const
{
    if (id < m_base || id - m_base >= m_slots.size())
        return nullptr;
    const std::optional<ProviderSortKey> &slot = m_slots[size_t(id - m_base)];
    return slot ? &*slot : nullptr;
}

void ProviderSortKeyCache::insert(quint64 id, ProviderSortKey key)
{
    if (m_slots.empty())
        m_base = id > kRoomBelow ? id - kRoomBelow : 0;
    if (id < m_base) {
        const quint64 newBase = id > kRoomBelow ? id - kRoomBelow : 0;
        m_slots.insert(m_slots.begin(), size_t(m_base - newBase), std::nullopt);
        m_base = newBase;
    }
    const size_t index = size_t(id - m_base);
    if (index >= m_slots.size())
        m_slots.resize(std::max(index + 1, m_slots.size() * 3 / 2));
    m_slots[index] = std::move(key);
}

void ProviderSortKeyCache::erase(quint64 id)
{
    if (id >= m_base && id - m_base < m_slots.size())
        m_slots[size_t(id - m_base)].reset();
}

void ProviderSortKeyCache::clear()
{
    m_slots = {}; // frees the memory: the next tree may number its rows elsewhere
    m_base = 0;
}

} // namespace provtree
