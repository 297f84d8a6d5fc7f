#pragma once

// Random GET /allocation_candidates requests that Placement accepts, in the normal form
// the parsers return (candidaterequestparser.h): for round trips through
// toCandidateQuery() and the flavor form, and for sending to a live Placement. Every name
// comes from the pools below: the standard ones exist in Placement 8.0.0 (os-traits 2.9.0,
// os-resource-classes 1.1.0); a live test creates the CUSTOM_ ones first.

#include "candidaterequest.h"

#include <QRandomGenerator>
#include <QStringList>
#include <QUuid>

#include <algorithm>

namespace provtree::testing {

inline QStringList randomRequestTraits()
{
    return {QStringLiteral("HW_CPU_X86_AVX2"),    QStringLiteral("HW_CPU_X86_SSE42"),
            QStringLiteral("HW_NIC_SRIOV"),       QStringLiteral("STORAGE_DISK_SSD"),
            QStringLiteral("COMPUTE_STATUS_DISABLED"), QStringLiteral("HW_NUMA_ROOT"),
            QStringLiteral("CUSTOM_CRQ_PHYSNET_A"), QStringLiteral("CUSTOM_CRQ_GOLD"),
            QStringLiteral("CUSTOM_CRQ_SLOW")};
}

inline QStringList randomRequestResourceClasses()
{
    return {QStringLiteral("VCPU"),   QStringLiteral("MEMORY_MB"), QStringLiteral("DISK_GB"),
            QStringLiteral("PCPU"),   QStringLiteral("SRIOV_NET_VF"), QStringLiteral("VGPU"),
            QStringLiteral("CUSTOM_CRQ_FPGA")};
}

// The CUSTOM_ names of the pools (a live test creates them with PUT /traits/{name} and
// PUT /resource_classes/{name}).
inline QStringList randomRequestCustomTraits()
{
    QStringList custom = randomRequestTraits();
    custom.removeIf([](const QString &t) { return !t.startsWith(QLatin1String("CUSTOM_")); });
    return custom;
}

inline QStringList randomRequestCustomResourceClasses()
{
    QStringList custom = randomRequestResourceClasses();
    custom.removeIf([](const QString &t) { return !t.startsWith(QLatin1String("CUSTOM_")); });
    return custom;
}

class RandomCandidateRequests
{
public:
    explicit RandomCandidateRequests(quint32 seed) : m_rng(seed) {}

    // With `emptyGroups`, a resourceless member of same_subtree may have nothing at all in
    // it (only the query form can name such a group).
    CandidateRequest next(bool emptyGroups = true)
    {
        CandidateRequest request;
        const bool unsuffixed = chance(70);
        const int granular = int(m_rng.bounded(unsuffixed ? 0 : 1, 4));
        const QStringList suffixPool{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("10"),
                                     QStringLiteral("_NET"), QStringLiteral("acc-el"),
                                     QString(64, QLatin1Char('x'))};
        QStringList suffixes = pick(suffixPool, granular);
        suffixes.sort();
        if (unsuffixed)
            request.groups.append(group(QString(), true, false));
        QStringList resourceless;
        for (const QString &suffix : std::as_const(suffixes)) {
            // A group without resources is allowed in same_subtree only, and one group at
            // least must have resources.
            const bool withResources = !request.groups.isEmpty() ? chance(75) : true;
            RequestGroup g = group(suffix, withResources, emptyGroups && !withResources && chance(30));
            if (!withResources)
                resourceless.append(suffix);
            request.groups.append(g);
        }
        if (granular > 1 || chance(20))
            request.groupPolicy = chance(50) ? GroupPolicy::Isolate : GroupPolicy::None;
        if (chance(30))
            request.limit = qint64(m_rng.bounded(1, 1000000));
        if (chance(30)) {
            QStringList traits = pick(randomRequestTraits(), int(m_rng.bounded(1, 4)));
            const int forbidden = int(m_rng.bounded(0, int(traits.size())));
            request.rootForbidden = traits.mid(0, forbidden);
            request.rootRequired = traits.mid(forbidden);
            request.rootForbidden.sort();
            request.rootRequired.sort();
        }
        // same_subtree: every resourceless group must be in one; others sometimes.
        if (!resourceless.isEmpty() || (granular > 0 && chance(30))) {
            QStringList members = resourceless;
            for (const QString &suffix : std::as_const(suffixes)) {
                if (!members.contains(suffix) && chance(50))
                    members.append(suffix);
            }
            if (members.isEmpty())
                members.append(suffixes.first());
            members.sort();
            request.sameSubtrees.append(members);
            if (chance(25))
                request.sameSubtrees.append(QStringList{members.last()});
            std::sort(request.sameSubtrees.begin(), request.sameSubtrees.end());
            request.sameSubtrees.erase(std::unique(request.sameSubtrees.begin(), request.sameSubtrees.end()),
                                       request.sameSubtrees.end());
        }
        return request;
    }

    QRandomGenerator &generator() { return m_rng; }

private:
    bool chance(int percent) { return int(m_rng.bounded(100)) < percent; }

    QStringList pick(QStringList pool, int count)
    {
        QStringList out;
        while (out.size() < count && !pool.isEmpty())
            out.append(pool.takeAt(int(m_rng.bounded(int(pool.size())))));
        return out;
    }

    QString uuid()
    {
        const QString text = QUuid::fromRfc4122(randomBytes(16)).toString(QUuid::WithoutBraces);
        return chance(10) ? text.toUpper() : text; // kept as written, as Placement does
    }

    QByteArray randomBytes(int n)
    {
        QByteArray bytes(n, Qt::Uninitialized);
        for (char &c : bytes)
            c = char(m_rng.bounded(256));
        return bytes;
    }

    RequestGroup group(const QString &suffix, bool withResources, bool empty)
    {
        RequestGroup g;
        g.suffix = suffix;
        if (empty)
            return g;
        if (withResources) {
            for (const QString &rc : pick(randomRequestResourceClasses(), int(m_rng.bounded(1, 4)))) {
                const qint64 amount = chance(5) ? qint64(m_rng.bounded(1, 1 << 30)) * (qint64(1) << 32)
                                                : qint64(m_rng.bounded(1, 65536));
                g.resources.insert(rc, amount);
            }
        }
        // Traits: single and any-of sets; forbidden ones never cover a whole set.
        QStringList traits = pick(randomRequestTraits(), int(m_rng.bounded(0, 6)));
        while (!traits.isEmpty() && chance(60)) {
            const int size = chance(60) ? 1 : int(m_rng.bounded(2, 4));
            QStringList anyOf = pick(traits, size);
            anyOf.sort();
            g.requiredTraits.append(anyOf);
            if (chance(30))
                break;
        }
        for (const QString &trait : std::as_const(traits)) {
            if (!chance(30))
                continue;
            const bool coversASet = std::any_of(g.requiredTraits.cbegin(), g.requiredTraits.cend(),
                                                [&](const QStringList &anyOf) {
                                                    return std::all_of(anyOf.cbegin(), anyOf.cend(),
                                                                       [&](const QString &t) {
                                                                           return t == trait
                                                                               || g.forbiddenTraits.contains(t);
                                                                       });
                                                });
            if (!coversASet)
                g.forbiddenTraits.append(trait);
        }
        std::sort(g.requiredTraits.begin(), g.requiredTraits.end());
        g.requiredTraits.erase(std::unique(g.requiredTraits.begin(), g.requiredTraits.end()), g.requiredTraits.end());
        g.forbiddenTraits.sort();
        for (int i = int(m_rng.bounded(0, 3)); i > 0; --i) {
            QStringList anyOf;
            for (int j = int(m_rng.bounded(1, 4)); j > 0; --j)
                anyOf.append(uuid());
            anyOf.sort();
            g.memberOf.append(anyOf);
        }
        std::sort(g.memberOf.begin(), g.memberOf.end());
        for (int i = int(m_rng.bounded(0, 3)); i > 0 && chance(40); --i)
            g.forbiddenAggregates.append(uuid());
        g.forbiddenAggregates.sort();
        if (chance(15))
            g.inTree = uuid();
        const bool nothing = g.resources.isEmpty() && g.requiredTraits.isEmpty() && g.forbiddenTraits.isEmpty()
            && g.memberOf.isEmpty() && g.forbiddenAggregates.isEmpty() && g.inTree.isEmpty();
        if (nothing) // only `empty` groups have nothing in them
            g.requiredTraits.append(QStringList{randomRequestTraits().at(int(m_rng.bounded(9)))});
        return g;
    }

    QRandomGenerator m_rng;
};

} // namespace provtree::testing
