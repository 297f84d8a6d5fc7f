#pragma once

// Test helpers for tst_candidatesearch: provider clouds written by name, requests built
// step by step, and allocation requests written as one line each, so that expectations
// read like Placement's gabbits.
//
// In these clouds a provider's uuid is its name and an aggregate's uuid is its name:
// CandidateSearch never parses uuids, and names make the expectations readable.

#include "candidaterequest.h"
#include "candidateresult.h"
#include "providerdata.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <optional>

namespace provtree::testing {

// A provider cloud built by name; providers() gives the snapshot.
class NamedCloud
{
public:
    // A provider; `parent` empty for a root.
    NamedCloud &add(const QString &name, const QString &parent = {}, const QStringList &aggregates = {})
    {
        ProviderData p;
        p.uuid = name;
        p.name = name;
        p.parentUuid = parent;
        p.aggregates = aggregates;
        p.aggregates.sort();
        m_index.insert(name, m_providers.size());
        m_providers.append(p);
        return *this;
    }

    struct Fields
    {
        qint64 reserved = 0;
        double ratio = 1.0;
        qint64 minUnit = 1;
        qint64 maxUnit = kMaxInventoryInt;
        qint64 stepSize = 1;
    };

    NamedCloud &inventory(const QString &name, const QString &resourceClass, qint64 total, Fields fields)
    {
        InventoryRecord r;
        r.total = total;
        r.reserved = fields.reserved;
        r.allocationRatio = fields.ratio;
        r.minUnit = fields.minUnit;
        r.maxUnit = fields.maxUnit;
        r.stepSize = fields.stepSize;
        at(name).inventories.insert(resourceClass, r);
        return *this;
    }
    NamedCloud &inventory(const QString &name, const QString &resourceClass, qint64 total)
    {
        return inventory(name, resourceClass, total, Fields{});
    }

    NamedCloud &used(const QString &name, const QString &resourceClass, qint64 amount)
    {
        at(name).usages.insert(resourceClass, amount);
        return *this;
    }

    NamedCloud &traits(const QString &name, QStringList traits)
    {
        traits.sort();
        at(name).traits = traits;
        return *this;
    }

    NamedCloud &aggregates(const QString &name, QStringList aggregates)
    {
        aggregates.sort();
        at(name).aggregates = aggregates;
        return *this;
    }

    [[nodiscard]] QList<ProviderData> providers() const { return m_providers; }

private:
    ProviderData &at(const QString &name) { return m_providers[m_index.value(name)]; }

    QList<ProviderData> m_providers;
    QHash<QString, qsizetype> m_index;
};

// "VCPU:1,MEMORY_MB:1024" as a class -> amount map (test shorthand, not Placement's parser).
inline QMap<QString, qint64> amounts(const QString &text)
{
    QMap<QString, qint64> out;
    for (const QString &item : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList parts = item.split(QLatin1Char(':'));
        out.insert(parts.value(0), parts.value(1).toLongLong());
    }
    return out;
}

// A CandidateRequest built step by step; group modifiers apply to the last group added.
class Ask
{
public:
    // A group; suffix "" is the unsuffixed group. `resources` as in amounts().
    Ask &group(const QString &suffix, const QString &resources)
    {
        RequestGroup g;
        g.suffix = suffix;
        g.resources = amounts(resources);
        m_request.groups.append(g);
        return *this;
    }
    Ask &required(const QStringList &anyOf)
    {
        last().requiredTraits.append(anyOf);
        return *this;
    }
    Ask &forbidden(const QString &trait)
    {
        last().forbiddenTraits.append(trait);
        last().forbiddenTraits.sort();
        return *this;
    }
    Ask &memberOf(const QStringList &anyOf)
    {
        last().memberOf.append(anyOf);
        return *this;
    }
    Ask &notMemberOf(const QString &aggregate)
    {
        last().forbiddenAggregates.append(aggregate);
        last().forbiddenAggregates.sort();
        return *this;
    }
    Ask &inTree(const QString &provider)
    {
        last().inTree = provider;
        return *this;
    }
    Ask &policy(GroupPolicy policy)
    {
        m_request.groupPolicy = policy;
        return *this;
    }
    Ask &limit(qint64 limit)
    {
        m_request.limit = limit;
        return *this;
    }
    Ask &rootRequired(const QString &trait)
    {
        m_request.rootRequired.append(trait);
        return *this;
    }
    Ask &rootForbidden(const QString &trait)
    {
        m_request.rootForbidden.append(trait);
        return *this;
    }
    Ask &sameSubtree(const QStringList &suffixes)
    {
        m_request.sameSubtrees.append(suffixes);
        return *this;
    }
    operator CandidateRequest() const { return m_request; } // NOLINT: the point of the builder

private:
    RequestGroup &last() { return m_request.groups.last(); }
    CandidateRequest m_request;
};

// One allocation request as one line: "cn1:MEMORY_MB=1024,VCPU=1 ss:DISK_GB=100 | =cn1,ss 1=pf1"
// (providers and classes sorted, then the mappings: SUFFIX=providers, "" for unsuffixed).
inline QString line(const AllocationRequest &request)
{
    QStringList parts;
    for (auto it = request.allocations.cbegin(); it != request.allocations.cend(); ++it) {
        QStringList amounts;
        for (auto r = it.value().cbegin(); r != it.value().cend(); ++r)
            amounts.append(QStringLiteral("%1=%2").arg(r.key(), QString::number(r.value())));
        parts.append(QStringLiteral("%1:%2").arg(it.key(), amounts.join(QLatin1Char(','))));
    }
    QStringList mappings;
    for (auto it = request.mappings.cbegin(); it != request.mappings.cend(); ++it) {
        QStringList uuids = it.value();
        uuids.sort();
        mappings.append(QStringLiteral("%1=%2").arg(it.key(), uuids.join(QLatin1Char(','))));
    }
    return parts.join(QLatin1Char(' ')) + QStringLiteral(" | ") + mappings.join(QLatin1Char(' '));
}

// The allocation requests as sorted lines (a set: Placement's order is not defined).
inline QStringList lines(const CandidateResult &result)
{
    QStringList out;
    for (const AllocationRequest &request : result.allocationRequests)
        out.append(line(request));
    out.sort();
    return out;
}

// Expected lines as line() writes them: providers and mappings sorted, whatever order the
// test wrote them in.
inline QStringList sortedLines(const QStringList &expected)
{
    QStringList out;
    for (const QString &text : expected) {
        const qsizetype bar = text.indexOf(QStringLiteral(" | "));
        QStringList allocations = text.left(bar).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QStringList mappings = text.mid(bar + 3).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        allocations.sort();
        // By suffix, as line() has them ("" first): "=" sorts after digits.
        std::sort(mappings.begin(), mappings.end(), [](const QString &a, const QString &b) {
            return a.section(QLatin1Char('='), 0, 0) < b.section(QLatin1Char('='), 0, 0);
        });
        out.append(allocations.join(QLatin1Char(' ')) + QStringLiteral(" | ") + mappings.join(QLatin1Char(' ')));
    }
    out.sort();
    return out;
}

// The summarised providers, sorted.
inline QStringList summarised(const CandidateResult &result)
{
    return result.providerSummaries.keys();
}

} // namespace provtree::testing
