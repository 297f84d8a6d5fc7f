#include "treeanalysis.h"

#include <QHash>

#include <algorithm>

namespace provtree::candidates {

namespace {

bool inAny(const CandidateIndex &index, int provider, const std::vector<int> &aggregates)
{
    return std::any_of(aggregates.begin(), aggregates.end(), [&](int a) { return index.inAggregate(provider, a); });
}

// The first member_of any-of list that `provider` is in none of (lists.size() if none).
int firstUnmetList(const CandidateIndex &index, int provider, const std::vector<std::vector<int>> &lists)
{
    for (size_t i = 0; i < lists.size(); ++i) {
        if (!inAny(index, provider, lists[i]))
            return int(i);
    }
    return int(lists.size());
}

std::vector<int> ids(const QStringList &names, int (CandidateIndex::*lookup)(const QString &) const,
                     const CandidateIndex &index)
{
    std::vector<int> out;
    out.reserve(size_t(names.size()));
    for (const QString &name : names)
        out.push_back((index.*lookup)(name));
    return out;
}

// `anyOf` without the names in `forbidden`, or whole when that leaves nothing.
QStringList withoutForbidden(const QStringList &anyOf, const QStringList &forbidden)
{
    QStringList allowed = anyOf;
    allowed.removeIf([&](const QString &name) { return forbidden.contains(name); });
    return allowed.isEmpty() ? anyOf : allowed;
}

} // namespace

TreeAnalyst::TreeAnalyst(const CandidateIndex &index, const std::vector<std::vector<int>> &sharingFor,
                         const CandidateRequest &request)
    : m_index(index), m_sharingFor(sharingFor), m_request(request)
{
    for (qsizetype g = 0; g < request.groups.size(); ++g) {
        const RequestGroup &source = request.groups[g];
        ExplainGroup group;
        group.position = int(g);
        group.suffix = source.suffix;
        group.granular = source.isGranular();
        for (auto it = source.resources.cbegin(); it != source.resources.cend(); ++it) {
            group.classes.push_back(index.classId(it.key()));
            group.classNames.append(it.key());
            group.amounts.push_back(it.value());
        }
        // A required any-of set counts only its traits the group does not forbid: a
        // provider meeting it with a forbidden one fails anyway, and its obstacle is the
        // allowed trait it lacks (Placement refuses a set that is wholly forbidden; should
        // one come, it is kept whole). The same for member_of and forbidden aggregates.
        for (const QStringList &anyOf : source.requiredTraits)
            group.requiredNames.append(withoutForbidden(anyOf, source.forbiddenTraits));
        for (const QStringList &anyOf : std::as_const(group.requiredNames))
            group.required.push_back(ids(anyOf, &CandidateIndex::traitId, index));
        group.forbiddenNames = source.forbiddenTraits;
        group.forbidden = ids(source.forbiddenTraits, &CandidateIndex::traitId, index);
        group.forbidsSharing = source.forbiddenTraits.contains(QStringLiteral("MISC_SHARES_VIA_AGGREGATE"));
        for (const QStringList &anyOf : source.memberOf)
            group.memberOfNames.append(withoutForbidden(anyOf, source.forbiddenAggregates));
        for (const QStringList &anyOf : std::as_const(group.memberOfNames))
            group.memberOf.push_back(ids(anyOf, &CandidateIndex::aggregateId, index));
        group.forbiddenAggregateNames = source.forbiddenAggregates;
        group.forbiddenAggregates = ids(source.forbiddenAggregates, &CandidateIndex::aggregateId, index);
        group.inTree = source.inTree;
        if (!source.inTree.isEmpty()) {
            const int provider = index.providerOf(source.inTree);
            group.inTreeUnknown = provider < 0;
            group.inTreeRoot = provider < 0 ? -1 : index.root(provider);
        }
        if (group.granular)
            ++m_granularCount;
        m_groups.push_back(std::move(group));
    }
    m_rootRequired = ids(request.rootRequired, &CandidateIndex::traitId, index);
    m_rootForbidden = ids(request.rootForbidden, &CandidateIndex::traitId, index);
}

std::optional<TreeRejection> TreeAnalyst::analyse(int root)
{
    TreeRejection out;
    out.rootUuid = m_index.uuid(root);
    out.sharingRoot = m_index.node(root).sharing;
    if (rootFilter(root, out))
        return out;
    const bool rejected = std::any_of(m_groups.begin(), m_groups.end(), [&](const ExplainGroup &group) {
        return group.granular ? granularGroup(group, root, out) : unsuffixedGroup(group, root, out);
    }) || combination(root, out);
    if (!rejected)
        return std::nullopt;
    out.viaSharing = !out.providerUuid.isEmpty() && m_index.root(m_index.providerOf(out.providerUuid)) != root;
    return out;
}

// Rule 6 (_get_roots_with_traits): the anchor root has every root_required trait and none
// of the forbidden ones; each trait is one check, required ones first.
bool TreeAnalyst::rootFilter(int root, TreeRejection &out) const
{
    const auto reject = [&](RejectionCode code, const QString &trait, int check) {
        out.code = code;
        out.providerUuid = m_index.uuid(root);
        out.traits = {trait};
        out.progress = {0, check, 0, 0, 0};
        return true;
    };
    for (size_t i = 0; i < m_rootRequired.size(); ++i) {
        if (!m_index.hasTrait(root, m_rootRequired[i]))
            return reject(RejectionCode::RootLacksTrait, m_request.rootRequired[qsizetype(i)], int(i));
    }
    for (size_t i = 0; i < m_rootForbidden.size(); ++i) {
        if (m_index.hasTrait(root, m_rootForbidden[i]))
            return reject(RejectionCode::RootHasForbiddenTrait, m_request.rootForbidden[qsizetype(i)],
                          int(m_rootRequired.size() + i));
    }
    return false;
}

const std::vector<int> &TreeAnalyst::considered(const ExplainGroup &group, int root)
{
    const bool sharing = !group.forbidsSharing;
    if (m_consideredRoot != root || m_consideredSharing != sharing) {
        m_consideredRoot = root;
        m_consideredSharing = sharing;
        m_considered.clear();
        m_considered.push_back(root);
        for (const int p : m_index.treeMembers(root)) {
            if (p != root)
                m_considered.push_back(p);
        }
        if (sharing) {
            const std::vector<int> &others = m_sharingFor[size_t(root)];
            m_considered.insert(m_considered.end(), others.begin(), others.end());
        }
    }
    return m_considered;
}

// A granular group (rule 5): one provider of the tree, or a sharing provider reaching it,
// must pass every check. The tree's obstacle is that of the provider that got furthest
// (the first one on a tie: the root, then the tree's providers, then sharing ones).
bool TreeAnalyst::granularGroup(const ExplainGroup &group, int root, TreeRejection &out)
{
    out.hasGroup = true;
    out.group = group.suffix;
    const bool resourceless = group.classes.empty();
    // An in_tree naming no provider fails any group, a resourceless one too, before its
    // search (RequestGroupSearchContext: ResourceProviderNotFound); a known one limits only
    // the providers with resources.
    if (group.inTreeUnknown) {
        out.code = RejectionCode::InTreeUnknown;
        out.inTree = group.inTree;
        out.progress = {1, group.position, 0, 0, 0};
        return true;
    }
    // get_provider_ids_matching: without a positive filter a resourceless group's
    // filtered provider set is empty (Placement 8; candidatesearch.h's "rules that look
    // like bugs").
    if (resourceless && group.required.empty() && group.memberOf.empty()) {
        out.code = RejectionCode::ResourcelessWithoutFilter;
        out.progress = {1, group.position, 0, 0, 0};
        return true;
    }
    int best = -1;
    int bestProvider = -1;
    for (const int p : considered(group, root)) {
        const int progress = granularProgress(group, p, nullptr);
        if (progress == kPass)
            return false;
        if (progress > best) {
            best = progress;
            bestProvider = p;
        }
    }
    (void)granularProgress(group, bestProvider, &out);
    out.progress = {1, group.position, 1, 0, best};
    return true;
}

// The checks of one provider for a granular group, in order: in_tree (groups with
// resources only: get_providers_with_resource), an inventory of each class, then per class
// capacity, max_unit, min_unit, step_size (rule 1), the required any-of sets, the forbidden
// traits, member_of and forbidden aggregates (get_provider_ids_for_traits_and_aggs).
int TreeAnalyst::granularProgress(const ExplainGroup &group, int provider, TreeRejection *why) const
{
    const auto fail = [&](int at, RejectionCode code) {
        if (why) {
            why->code = code;
            why->providerUuid = m_index.uuid(provider);
        }
        return at;
    };
    int at = 0;
    if (!group.classes.empty()) {
        if (group.inTreeRoot >= 0 && m_index.root(provider) != group.inTreeRoot) {
            if (why)
                why->inTree = group.inTree;
            return fail(at, RejectionCode::InTreeElsewhere);
        }
        ++at;
    }
    for (size_t k = 0; k < group.classes.size(); ++k, ++at) {
        if (!m_index.inventory(provider, group.classes[k])) {
            if (why)
                why->resourceClass = group.classNames[qsizetype(k)];
            return fail(at, RejectionCode::NoInventory);
        }
    }
    for (size_t k = 0; k < group.classes.size(); ++k) {
        const CandidateIndex::Inventory &inventory = *m_index.inventory(provider, group.classes[k]);
        const qint64 amount = group.amounts[k];
        const bool capacity = double(inventory.used + amount) <= inventory.rawCapacity;
        const bool maxUnit = amount <= inventory.maxUnit;
        const bool minUnit = inventory.minUnit <= amount;
        // A step size below 1 fits nothing (CandidateIndex::Inventory::fits).
        const bool step = inventory.stepSize >= 1 && amount % inventory.stepSize == 0;
        const bool passed[] = {capacity, maxUnit, minUnit, step};
        for (int check = 0; check < 4; ++check, ++at) {
            if (passed[check])
                continue;
            if (why) {
                why->resourceClass = group.classNames[qsizetype(k)];
                why->capacity = inventory.capacity;
                why->used = inventory.used;
                why->asked = amount;
                why->limit = check == 1 ? inventory.maxUnit : check == 2 ? inventory.minUnit : inventory.stepSize;
            }
            static constexpr RejectionCode kCodes[] = {RejectionCode::Capacity, RejectionCode::MaxUnit,
                                                      RejectionCode::MinUnit, RejectionCode::StepSize};
            return fail(at, kCodes[check]);
        }
    }
    for (size_t j = 0; j < group.required.size(); ++j, ++at) {
        if (!m_index.hasAnyTrait(provider, group.required[j])) {
            if (why)
                why->traits = group.requiredNames[qsizetype(j)];
            return fail(at, RejectionCode::MissingTrait);
        }
    }
    for (size_t f = 0; f < group.forbidden.size(); ++f, ++at) {
        if (m_index.hasTrait(provider, group.forbidden[f])) {
            if (why)
                why->traits = {group.forbiddenNames[qsizetype(f)]};
            return fail(at, RejectionCode::ForbiddenTrait);
        }
    }
    return commonChecks(group, provider, -1, false, at, why);
}

// member_of and forbidden aggregates. For the unsuffixed group (`root` >= 0, rule 3) a
// provider of the tree (`viaRoot`) passes member_of when it or its root is in every list,
// its progress being the further of the two (the one to fix); a sharing provider of
// another tree must be in every list itself; and neither the provider nor the anchor root
// may be in a forbidden aggregate (two checks per aggregate).
int TreeAnalyst::commonChecks(const ExplainGroup &group, int provider, int root, bool viaRoot, int at,
                              TreeRejection *why) const
{
    const int lists = int(group.memberOf.size());
    if (lists > 0) {
        const int own = firstUnmetList(m_index, provider, group.memberOf);
        const int throughRoot = viaRoot ? firstUnmetList(m_index, root, group.memberOf) : -1;
        const int met = std::max(own, throughRoot);
        if (met < lists) {
            if (why) {
                why->code = RejectionCode::NotInAggregate;
                why->providerUuid = m_index.uuid(own >= throughRoot ? provider : root);
                why->aggregates = group.memberOfNames[met];
            }
            return at + met;
        }
        at += lists;
    }
    for (size_t i = 0; i < group.forbiddenAggregates.size(); ++i) {
        const int aggregate = group.forbiddenAggregates[i];
        for (const int holder : {provider, root}) {
            if (holder < 0)
                continue;
            if (m_index.inAggregate(holder, aggregate)) {
                if (why) {
                    why->code = RejectionCode::InForbiddenAggregate;
                    why->providerUuid = m_index.uuid(holder);
                    why->aggregates = {group.forbiddenAggregateNames[qsizetype(i)]};
                }
                return at;
            }
            ++at;
        }
    }
    return kPass;
}

// The unsuffixed group (rules 1-4): first every class needs a nominee in the tree (a
// provider of it, or a sharing provider reaching it); then a combination of one nominee per
// class must meet the traits.
bool TreeAnalyst::unsuffixedGroup(const ExplainGroup &group, int root, TreeRejection &out)
{
    out.hasGroup = true;
    out.group = group.suffix;
    if (group.inTreeUnknown) {
        out.code = RejectionCode::InTreeUnknown;
        out.inTree = group.inTree;
        out.progress = {1, group.position, 0, 0, 0};
        return true;
    }
    if (group.classes.empty()) { // refused by the parsers (same_subtree cannot name "")
        out.code = RejectionCode::ResourcelessWithoutFilter;
        out.progress = {1, group.position, 0, 0, 0};
        return true;
    }
    m_nominees.assign(group.classes.size(), {});
    for (size_t k = 0; k < group.classes.size(); ++k) {
        int best = -1;
        int bestProvider = -1;
        for (const int p : considered(group, root)) {
            const int progress = unsuffixedProgress(group, k, p, root, nullptr);
            if (progress == kPass)
                m_nominees[k].push_back(p);
            else if (progress > best) {
                best = progress;
                bestProvider = p;
            }
        }
        if (m_nominees[k].empty()) {
            (void)unsuffixedProgress(group, k, bestProvider, root, &out);
            out.progress = {1, group.position, 1, int(k), best};
            return true;
        }
    }
    return unsuffixedTraits(group, root, out);
}

// The checks of one provider for one class of the unsuffixed group (nomineesFor in
// groupcandidates.cpp): in_tree (a sharing provider of another tree never serves the group
// when in_tree is given), an inventory, capacity, max_unit, min_unit, step_size, then the
// aggregates.
int TreeAnalyst::unsuffixedProgress(const ExplainGroup &group, size_t klass, int provider, int root,
                                    TreeRejection *why) const
{
    const bool own = m_index.root(provider) == root;
    const auto fail = [&](int at, RejectionCode code) {
        if (why) {
            why->code = code;
            why->providerUuid = m_index.uuid(provider);
            why->resourceClass = group.classNames[qsizetype(klass)];
        }
        return at;
    };
    if (group.inTreeRoot >= 0 && (!own || root != group.inTreeRoot)) {
        if (why)
            why->inTree = group.inTree;
        return fail(0, RejectionCode::InTreeElsewhere);
    }
    const CandidateIndex::Inventory *inventory = m_index.inventory(provider, group.classes[klass]);
    if (!inventory)
        return fail(1, RejectionCode::NoInventory);
    const qint64 amount = group.amounts[klass];
    const bool passed[] = {double(inventory->used + amount) <= inventory->rawCapacity, amount <= inventory->maxUnit,
                           inventory->minUnit <= amount,
                           inventory->stepSize >= 1 && amount % inventory->stepSize == 0};
    static constexpr RejectionCode kCodes[] = {RejectionCode::Capacity, RejectionCode::MaxUnit,
                                              RejectionCode::MinUnit, RejectionCode::StepSize};
    for (int check = 0; check < 4; ++check) {
        if (passed[check])
            continue;
        if (why) {
            why->capacity = inventory->capacity;
            why->used = inventory->used;
            why->asked = amount;
            why->limit = check == 1 ? inventory->maxUnit : check == 2 ? inventory->minUnit : inventory->stepSize;
        }
        return fail(2 + check, kCodes[check]);
    }
    const int at = commonChecks(group, provider, root, own, 6, why);
    if (at != kPass && why)
        why->resourceClass = group.classNames[qsizetype(klass)];
    return at;
}

} // namespace provtree::candidates
