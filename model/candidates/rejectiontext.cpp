#include "rejectiontext.h"

#include "neutralise.h"

namespace provtree::candidates {

namespace {

// A name from the request (class, trait, aggregate, suffix): the parsers allow only
// harmless characters, but a request built by code may hold anything.
QString safe(const QString &text)
{
    return neutralisedIfNeeded(text);
}

QString joined(const QStringList &items, const QString &separator = QStringLiteral(", "))
{
    QStringList out;
    out.reserve(items.size());
    for (const QString &item : items)
        out.append(safe(item));
    return out.join(separator);
}

// The query parameter of a group: resources, resources1, resources_NET.
QString groupKey(const QString &suffix)
{
    return QStringLiteral("resources") + safe(suffix);
}

QString groupKeys(const QStringList &suffixes)
{
    QStringList keys;
    for (const QString &suffix : suffixes)
        keys.append(groupKey(suffix));
    return keys.join(QStringLiteral(", "));
}

// "HW_X" or "any of A, B"; with `one` and `many`: "aggregate X", "any of aggregates X, Y".
QString anyOf(const QStringList &names, const QString &one = {}, const QString &many = {})
{
    if (names.size() == 1)
        return one + safe(names.front());
    return QStringLiteral("any of ") + many + joined(names);
}

// The required sets before `count` as "A, (B or C)".
QString earlierSets(const QList<QStringList> &sets, int count)
{
    QStringList out;
    for (int j = 0; j < count && j < sets.size(); ++j) {
        if (sets[j].size() == 1)
            out.append(safe(sets[j].front()));
        else
            out.append(QLatin1Char('(') + joined(sets[j], QStringLiteral(" or ")) + QLatin1Char(')'));
    }
    return out.join(QStringLiteral(", "));
}

QString number(qint64 value)
{
    return QString::number(value);
}

// "4 (resources) + 4 (resources1)"
QString summedParts(const TreeRejection &r)
{
    QStringList parts;
    for (qsizetype i = 0; i < r.groups.size() && i < r.amounts.size(); ++i)
        parts.append(number(r.amounts[i]) + QStringLiteral(" (") + groupKey(r.groups[i]) + QLatin1Char(')'));
    return parts.join(QStringLiteral(" + "));
}

} // namespace

QString shownName(const QString &name)
{
    constexpr qsizetype kMaxShown = 80;
    return name.size() <= kMaxShown ? neutralisedIfNeeded(name) : neutralised(name, kMaxShown);
}

RejectionText::RejectionText(const CandidateIndex &index, const std::vector<QString> &names,
                             const CandidateRequest &request)
    : m_index(index), m_names(names), m_request(request)
{
}

QString RejectionText::name(const QString &uuid) const
{
    const int provider = m_index.providerOf(uuid);
    return provider < 0 ? safe(uuid) : shownName(m_names[size_t(provider)]);
}

QString RejectionText::who(const TreeRejection &r) const
{
    return name(r.providerUuid) + (r.viaSharing ? QStringLiteral(" (sharing)") : QString());
}

QString RejectionText::groupTag(const TreeRejection &r) const
{
    return r.hasGroup && !r.group.isEmpty() ? QStringLiteral(" (") + groupKey(r.group) + QLatin1Char(')') : QString();
}

const RequestGroup *RejectionText::group(const TreeRejection &r) const
{
    for (const RequestGroup &g : m_request.groups) {
        if (r.hasGroup && g.suffix == r.group)
            return &g;
    }
    return nullptr;
}

void RejectionText::describe(TreeRejection &r) const
{
    const QString root = name(r.rootUuid);
    const QString tag = groupTag(r);
    const QString rc = safe(r.resourceClass);
    const QString suffix = safe(r.group);
    const RequestGroup *g = group(r);
    const QString trait = r.traits.isEmpty() ? QString() : safe(r.traits.front());
    const bool sharingServes = g && g->inTree.isEmpty()
        && !g->forbiddenTraits.contains(QStringLiteral("MISC_SHARES_VIA_AGGREGATE"));
    const QString sharingToo = sharingServes ? QStringLiteral(" or from a sharing provider") : QString();
    switch (r.code) {
    case RejectionCode::RootLacksTrait:
        r.text = root + QStringLiteral(": lacks ") + trait + QStringLiteral(" (root_required)");
        r.label = QStringLiteral("root lacks ") + trait;
        return;
    case RejectionCode::RootHasForbiddenTrait:
        r.text = root + QStringLiteral(": has ") + trait + QStringLiteral(" (root_required=!") + trait + QLatin1Char(')');
        r.label = QStringLiteral("root has forbidden ") + trait;
        return;
    case RejectionCode::InTreeUnknown:
        r.label = QStringLiteral("in_tree") + suffix + QStringLiteral(" names no provider of the snapshot");
        r.text = root + QStringLiteral(": in_tree") + suffix + QLatin1Char('=') + safe(r.inTree)
            + QStringLiteral(" names no provider of the snapshot");
        return;
    case RejectionCode::ResourcelessWithoutFilter:
        r.label = groupKey(r.group) + QStringLiteral(" has no resources, required") + suffix
            + QStringLiteral(" nor member_of") + suffix + QStringLiteral(": Placement 8 finds no provider for it");
        r.text = root + QStringLiteral(": ") + r.label;
        return;
    case RejectionCode::InTreeElsewhere: {
        const int inTree = m_index.providerOf(r.inTree);
        const QString other = inTree < 0 ? safe(r.inTree) : name(m_index.uuid(m_index.root(inTree)));
        r.label = QStringLiteral("in_tree") + suffix + QStringLiteral(": only the tree of ") + other;
        r.text = root + QStringLiteral(": in_tree") + suffix + QStringLiteral(" allows only the tree of ") + other;
        return;
    }
    case RejectionCode::NoInventory: {
        QStringList before;
        if (g && g->isGranular()) {
            for (auto it = g->resources.cbegin(); it != g->resources.cend() && it.key() != r.resourceClass; ++it)
                before.append(it.key());
        }
        if (before.isEmpty()) {
            r.text = root + QStringLiteral(": no ") + rc + QStringLiteral(" in the tree") + sharingToo + tag;
            r.label = QStringLiteral("no ") + rc + tag;
        } else {
            r.text = who(r) + QStringLiteral(": has ") + joined(before) + QStringLiteral(" but no ") + rc + tag
                + QStringLiteral(", which takes them all from one provider");
            r.label = QStringLiteral("no ") + rc + QStringLiteral(" beside ") + joined(before) + tag;
        }
        return;
    }
    case RejectionCode::Capacity:
        r.text = who(r) + QStringLiteral(": ") + rc + QStringLiteral(" capacity ") + number(r.capacity)
            + QStringLiteral(", used ") + number(r.used) + QStringLiteral(", asked ") + number(r.asked) + tag;
        r.label = QStringLiteral("not enough ") + rc + tag;
        return;
    case RejectionCode::MaxUnit:
    case RejectionCode::MinUnit:
    case RejectionCode::StepSize: {
        const bool max = r.code == RejectionCode::MaxUnit;
        const bool min = r.code == RejectionCode::MinUnit;
        const QString field = max ? QStringLiteral("max_unit") : min ? QStringLiteral("min_unit") : QStringLiteral("step_size");
        r.text = who(r) + QStringLiteral(": ") + rc + QStringLiteral(" asked ") + number(r.asked) + QStringLiteral(", ")
            + field + QLatin1Char(' ') + number(r.limit) + tag;
        r.label = rc
            + (max ? QStringLiteral(" above max_unit") : min ? QStringLiteral(" below min_unit")
                   : QStringLiteral(" not a multiple of step_size"))
            + tag;
        return;
    }
    case RejectionCode::MissingTrait: {
        const QString wanted = anyOf(r.traits);
        r.label = QStringLiteral("missing ") + wanted + tag;
        if (g && !g->isGranular()) {
            const int run = r.progress[3];
            r.text = root + QStringLiteral(": no choice of providers for ") + joined(g->resources.keys())
                + QStringLiteral(" has ") + wanted;
            if (run > 0)
                r.text += QStringLiteral(" along with ") + earlierSets(g->requiredTraits, run);
            if (!r.idleProvidersWithTrait.isEmpty()) {
                QStringList idle;
                for (const QString &uuid : std::as_const(r.idleProvidersWithTrait))
                    idle.append(name(uuid));
                r.text += QStringLiteral("; ") + idle.join(QStringLiteral(", "))
                    + (idle.size() == 1 ? QStringLiteral(" has it but gives none of them")
                                        : QStringLiteral(" have it but give none of them"));
            }
        } else {
            r.text = who(r) + QStringLiteral(": lacks ") + wanted + tag;
        }
        return;
    }
    case RejectionCode::ForbiddenTrait:
        r.label = QStringLiteral("forbidden ") + trait + tag;
        r.text = who(r) + QStringLiteral(": has forbidden ") + trait + tag;
        if (g && !g->isGranular())
            r.text += QStringLiteral(", as every provider that can give ") + rc + QStringLiteral(" has a forbidden trait");
        return;
    case RejectionCode::NotInAggregate:
        r.label = QStringLiteral("not in ") + anyOf(r.aggregates, QStringLiteral("aggregate "), QStringLiteral("aggregates ")) + tag;
        r.text = who(r) + QStringLiteral(": ") + r.label;
        return;
    case RejectionCode::InForbiddenAggregate:
        r.label = QStringLiteral("in forbidden aggregate ") + joined(r.aggregates) + tag;
        r.text = who(r) + QStringLiteral(": ") + r.label;
        return;
    case RejectionCode::GroupPolicyIsolate:
        if (!r.providerUuid.isEmpty()) {
            r.label = groupKeys(r.groups) + QStringLiteral(" on one provider (group_policy=isolate)");
            r.text = root + QStringLiteral(": ") + groupKeys(r.groups) + QStringLiteral(" can only be served by ")
                + who(r) + QStringLiteral(" (group_policy=isolate)");
        } else {
            r.label = groupKeys(r.groups) + QStringLiteral(" cannot use distinct providers (group_policy=isolate)");
            r.text = root + QStringLiteral(": ") + r.label;
        }
        return;
    case RejectionCode::SameSubtree:
        r.label = QStringLiteral("same_subtree=") + joined(r.groups, QStringLiteral(",")) + QStringLiteral(" not met");
        r.text = root + QStringLiteral(": no providers for ") + groupKeys(r.groups)
            + QStringLiteral(" lie within one subtree (same_subtree=") + joined(r.groups, QStringLiteral(","))
            + QLatin1Char(')');
        return;
    case RejectionCode::SummedCapacity:
        r.label = QStringLiteral("not enough ") + rc + QStringLiteral(" for ") + groupKeys(r.groups)
            + QStringLiteral(" together");
        r.text = who(r) + QStringLiteral(": ") + rc + QStringLiteral(" capacity ") + number(r.capacity)
            + QStringLiteral(", used ") + number(r.used) + QStringLiteral(", asked ") + summedParts(r);
        return;
    case RejectionCode::SummedMaxUnit:
        r.label = rc + QStringLiteral(" above max_unit for ") + groupKeys(r.groups) + QStringLiteral(" together");
        r.text = who(r) + QStringLiteral(": ") + rc + QStringLiteral(" asked ") + summedParts(r)
            + QStringLiteral(", max_unit ") + number(r.limit);
        return;
    case RejectionCode::Unexplained:
        r.label = QStringLiteral("no reason found (a bug in provtree)");
        r.text = root + QStringLiteral(": no candidate, and ") + r.label;
        return;
    }
}

} // namespace provtree::candidates
