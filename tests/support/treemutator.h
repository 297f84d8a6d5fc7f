#pragma once

#include "cloudgenerator.h"
#include "providerdata.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <random>

namespace provtree::testsupport {

// Random edits of a valid tree that keep it valid: renames, moves, subtree removals, added
// subtrees, inventory, usage, trait, aggregate and generation edits.
class TreeMutator
{
public:
    explicit TreeMutator(quint64 seed) : m_random(seed), m_generator(seed + 1000) {}

    QList<ProviderData> mutate(QList<ProviderData> records, int edits)
    {
        for (int i = 0; i < edits && !records.isEmpty(); ++i) {
            switch (below(9)) {
            case 0: rename(records); break;
            case 1: move(records); break;
            case 2: removeSubtree(records); break;
            case 3: addSubtree(records); break;
            case 4: editInventory(records); break;
            case 5: editUsage(records); break;
            case 6: editTraits(records); break;
            case 7: editAggregates(records); break;
            default: records[pick(records)].generation += 1; break;
            }
        }
        return records;
    }

private:
    qsizetype below(qsizetype n) { return qsizetype(m_random() % quint64(n)); }
    qsizetype pick(const QList<ProviderData> &records) { return below(records.size()); }

    void rename(QList<ProviderData> &records)
    {
        records[pick(records)].name += QStringLiteral("-r%1").arg(++m_counter);
    }

    void move(QList<ProviderData> &records)
    {
        const qsizetype i = pick(records);
        const qsizetype j = pick(records);
        QHash<QString, QString> parents;
        for (const ProviderData &p : std::as_const(records))
            parents.insert(p.uuid, p.parentUuid);
        // The new parent must not be in the moved provider's subtree.
        for (QString at = records[j].uuid; !at.isEmpty(); at = parents.value(at)) {
            if (at == records[i].uuid)
                return;
        }
        records[i].parentUuid = below(5) == 0 ? QString() : records[j].uuid;
    }

    void removeSubtree(QList<ProviderData> &records)
    {
        QSet<QString> gone{records[pick(records)].uuid};
        for (bool grew = true; grew;) { // records are not top-down after moves: iterate
            grew = false;
            for (const ProviderData &p : std::as_const(records)) {
                if (!gone.contains(p.uuid) && gone.contains(p.parentUuid)) {
                    gone.insert(p.uuid);
                    grew = true;
                }
            }
        }
        records.removeIf([&](const ProviderData &p) { return gone.contains(p.uuid); });
    }

    void addSubtree(QList<ProviderData> &records)
    {
        QList<ProviderData> fresh = m_generator.cloud(1 + below(6));
        const QString prefix = QStringLiteral("new%1-").arg(++m_counter);
        const QString parent = below(3) == 0 ? QString() : records[pick(records)].uuid;
        for (ProviderData &p : fresh) {
            p.name.prepend(prefix);
            if (p.parentUuid.isEmpty())
                p.parentUuid = parent;
        }
        records.append(fresh);
    }

    void editInventory(QList<ProviderData> &records)
    {
        ProviderData &p = records[pick(records)];
        switch (below(4)) {
        case 0: {
            InventoryRecord r;
            r.total = 1 + below(100);
            p.inventories.insert(QStringLiteral("CUSTOM_DIFF_%1").arg(below(3)), r);
            break;
        }
        case 1:
            if (!p.inventories.isEmpty()) {
                const QString rc = p.inventories.firstKey();
                p.inventories.remove(rc);
                p.usages.remove(rc);
            }
            break;
        case 2:
            if (!p.inventories.isEmpty())
                p.inventories.first().total = p.inventories.first().totalOr0() + 1 + below(50);
            break;
        default:
            if (!p.inventories.isEmpty())
                p.inventories.last().allocationRatio = below(2) == 0 ? 1.5 : 16.0;
            break;
        }
    }

    void editUsage(QList<ProviderData> &records)
    {
        ProviderData &p = records[pick(records)];
        if (p.inventories.isEmpty())
            return;
        const QString rc = p.inventories.lastKey();
        if (below(3) == 0)
            p.usages.remove(rc);
        else
            p.usages.insert(rc, below(p.inventories.last().totalOr0() + 1));
    }

    void editTraits(QList<ProviderData> &records)
    {
        ProviderData &p = records[pick(records)];
        if (!p.traits.isEmpty() && below(2) == 0)
            p.traits.removeAt(below(p.traits.size()));
        else if (!p.traits.contains(QStringLiteral("CUSTOM_DIFF_TRAIT")))
            p.traits.append(QStringLiteral("CUSTOM_DIFF_TRAIT"));
        p.traits.sort();
    }

    void editAggregates(QList<ProviderData> &records)
    {
        ProviderData &p = records[pick(records)];
        if (!p.aggregates.isEmpty() && below(2) == 0)
            p.aggregates.removeAt(below(p.aggregates.size()));
        else
            p.aggregates.append(m_generator.uuid());
        p.aggregates.sort();
    }

    std::mt19937_64 m_random;
    CloudGenerator m_generator;
    int m_counter = 0;
};

} // namespace provtree::testsupport
