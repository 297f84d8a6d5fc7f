#include "providersortkey.h"

#include "naturalsortkey.h"
#include "providertreemodel.h"

#include <QStringBuilder>

namespace provtree {

namespace {


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
    case M::UsageColumn: // the number alone: a copy of the row's data per key is what a sort of 100,000 rows waited for
        return {cell.data(M::UsageFractionRole).toDouble(), {}};
    default: // ResourceClassesColumn, and any column added later: what it shows
        return {0.0, naturalSortKey(cell.data().toString())};
    }
}

const ProviderSortKey *ProviderSortKeyCache::find(quint64 id) const
{
    const size_t page = size_t(id / kPageSize);
    if (page >= m_pages.size() || !m_pages[page])
        return nullptr;
    const std::optional<ProviderSortKey> &slot = (*m_pages[page])[size_t(id % kPageSize)];
    return slot ? &*slot : nullptr;
}

void ProviderSortKeyCache::insert(quint64 id, ProviderSortKey key)
{
    const size_t page = size_t(id / kPageSize);
    if (page >= m_pages.size())
        m_pages.resize(page + 1);
    if (!m_pages[page])
        m_pages[page] = std::make_unique<Page>();
    (*m_pages[page])[size_t(id % kPageSize)] = std::move(key);
}

void ProviderSortKeyCache::erase(quint64 id)
{
    const size_t page = size_t(id / kPageSize);
    if (page < m_pages.size() && m_pages[page])
        (*m_pages[page])[size_t(id % kPageSize)].reset();
}

void ProviderSortKeyCache::clear()
{
    std::vector<std::unique_ptr<Page>>().swap(m_pages); // frees the memory: the next tree may number its rows elsewhere
}

} // namespace provtree
