// TreeAnalyst's later stages: the traits of the unsuffixed group's combinations, and the
// combination of every group's candidates (group_policy, same_subtree, summed amounts).
#include "treeanalysis.h"

#include <algorithm>
#include <bit>
#include <unordered_map>

namespace provtree::candidates {

namespace {

// Trait checks of the unsuffixed group on a combination (_check_traits_for_alloc_request):
// the masks of the required any-of sets each nominee meets, for up to this many sets; more
// sets are checked by enumerating the combinations.
constexpr size_t kMaskSets = 64;

// The index of the first forbidden trait `provider` has, or -1.
int firstForbidden(const CandidateIndex &index, int provider, const std::vector<int> &forbidden)
{
    for (size_t f = 0; f < forbidden.size(); ++f) {
        if (index.hasTrait(provider, forbidden[f]))
            return int(f);
    }
    return -1;
}

// The first required set that none of `providers` meets (required.size() if none).
int firstUnmetSet(const CandidateIndex &index, const std::vector<int> &providers,
                  const std::vector<std::vector<int>> &required)
{
    for (size_t j = 0; j < required.size(); ++j) {
        if (std::none_of(providers.begin(), providers.end(), [&](int p) { return index.hasAnyTrait(p, required[j]); }))
            return int(j);
    }
    return int(required.size());
}

// The combination that meets the longest run of required sets from the first, one nominee
// per class: by the masks of the sets each nominee meets (a set of reachable masks per
// class, with a way back), or, past kMaskSets sets, by enumerating. Returns the run's
// length and the nominee chosen per class.
int bestTraitCombination(const CandidateIndex &index, const std::vector<std::vector<int>> &nominees,
                         const std::vector<std::vector<int>> &required, std::vector<int> &chosen)
{
    const size_t classes = nominees.size();
    chosen.assign(classes, -1);
    if (required.size() <= kMaskSets) {
        // layers[k]: mask after choosing for classes 0..k -> (mask before, provider chosen).
        std::vector<std::unordered_map<uint64_t, std::pair<uint64_t, int>>> layers(classes);
        std::vector<uint64_t> previous{0};
        for (size_t k = 0; k < classes; ++k) {
            for (const int p : nominees[k]) {
                uint64_t mask = 0;
                for (size_t j = 0; j < required.size(); ++j) {
                    if (index.hasAnyTrait(p, required[j]))
                        mask |= uint64_t(1) << j;
                }
                for (const uint64_t before : previous)
                    layers[k].try_emplace(before | mask, before, p);
            }
            previous.clear();
            for (const auto &[mask, way] : layers[k])
                previous.push_back(mask);
            std::sort(previous.begin(), previous.end()); // a deterministic choice among equals
        }
        uint64_t best = 0;
        int bestRun = -1;
        for (const uint64_t mask : previous) {
            const int run = std::min(int(std::countr_one(mask)), int(required.size()));
            if (run > bestRun) {
                bestRun = run;
                best = mask;
            }
        }
        for (size_t k = classes; k-- > 0;) {
            const auto &[before, provider] = layers[k].at(best);
            chosen[k] = provider;
            best = before;
        }
        return bestRun;
    }
    std::vector<size_t> at(classes, 0);
    std::vector<int> combination(classes);
    int bestRun = -1;
    while (true) {
        for (size_t k = 0; k < classes; ++k)
            combination[k] = nominees[k][at[k]];
        const int run = firstUnmetSet(index, combination, required);
        if (run > bestRun) {
            bestRun = run;
            chosen = combination;
        }
        size_t k = classes;
        while (k > 0 && ++at[k - 1] == nominees[k - 1].size()) {
            at[k - 1] = 0;
            --k;
        }
        if (k == 0 || bestRun == int(required.size()))
            break;
    }
    return bestRun;
}

// _satisfies_same_subtree: one of the providers is an ancestor-or-self of all of them.
bool inSameSubtree(const CandidateIndex &index, const std::vector<int> &providers)
{
    return std::any_of(providers.begin(), providers.end(), [&](int top) {
        return std::all_of(providers.begin(), providers.end(), [&](int p) { return index.isAncestorOrSelf(top, p); });
    });
}

} // namespace

// The unsuffixed group's traits on combinations of nominees (_check_traits_for_alloc_request):
// a class whose every nominee has a forbidden trait is the first obstacle (the nominee whose
// first forbidden trait comes last, so that removing it moves furthest); then the required
// sets, met by the union of the chosen nominees' traits, for the combination that meets
// the longest run of them.
bool TreeAnalyst::unsuffixedTraits(const ExplainGroup &group, int root, TreeRejection &out)
{
    std::vector<std::vector<int>> clean(m_nominees.size());
    for (size_t k = 0; k < m_nominees.size(); ++k) {
        int worst = -1;
        int worstProvider = -1;
        for (const int p : m_nominees[k]) {
            const int f = firstForbidden(m_index, p, group.forbidden);
            if (f < 0)
                clean[k].push_back(p);
            else if (f > worst) {
                worst = f;
                worstProvider = p;
            }
        }
        if (clean[k].empty()) {
            out.code = RejectionCode::ForbiddenTrait;
            out.providerUuid = m_index.uuid(worstProvider);
            out.resourceClass = group.classNames[qsizetype(k)];
            out.traits = {group.forbiddenNames[qsizetype(worst)]};
            out.progress = {1, group.position, 2, int(k), worst};
            return true;
        }
    }
    if (group.required.empty())
        return false;
    std::vector<int> chosen;
    const int run = bestTraitCombination(m_index, clean, group.required, chosen);
    if (run >= int(group.required.size()))
        return false;
    const std::vector<int> &set = group.required[size_t(run)];
    out.code = RejectionCode::MissingTrait;
    out.providerUuid = m_index.uuid(chosen.front());
    out.traits = group.requiredNames[qsizetype(run)];
    std::vector<int> distinct = chosen;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (const int p : distinct)
        out.providers.append(m_index.uuid(p));
    // Providers of the tree that have the trait but can give none of the classes: their
    // traits do not count (a resourceless root with the CPU traits, nova's usual mistake).
    for (const int p : m_index.treeMembers(root)) {
        const bool nominee = std::any_of(m_nominees.begin(), m_nominees.end(), [&](const std::vector<int> &n) {
            return std::find(n.begin(), n.end(), p) != n.end();
        });
        if (!nominee && m_index.hasAnyTrait(p, set))
            out.idleProvidersWithTrait.append(m_index.uuid(p));
    }
    out.progress = {1, group.position, 3, run, 0};
    return true;
}

void TreeAnalyst::ensureSearch()
{
    if (m_searchReady)
        return;
    m_searchReady = true;
    const AnchorFilter anchors = resolveAnchorFilter(m_index, m_request);
    Notes notes;
    for (const RequestGroup &group : m_request.groups) {
        m_resolved.push_back(resolveGroup(m_index, group));
        const ResolvedGroup &resolved = m_resolved.back();
        m_groupNominees.push_back(resolved.granular ? GroupNominees::granular(m_index, resolved, anchors)
                                                    : GroupNominees::unsuffixed(m_index, resolved, anchors, notes));
    }
    m_sets.resize(m_resolved.size());
}

// Rule 7 (_merge_candidates) on the search's own candidates of each group in this tree:
// every combination is checked as the search checks it (group_policy=isolate, each
// same_subtree, then each amount summed from several groups against capacity and max_unit);
// the obstacle is that of the combination that got furthest.
bool TreeAnalyst::combination(int root, TreeRejection &out)
{
    ensureSearch();
    const size_t groups = m_resolved.size();
    for (size_t g = 0; g < groups; ++g) {
        if (m_groupNominees[g].offers(root))
            m_groupNominees[g].expand(m_index, m_resolved[g], root, m_sets[g], m_scratch, nullptr);
        if (!m_groupNominees[g].offers(root) || m_sets[g].size() == 0) {
            out.code = RejectionCode::Unexplained;
            out.hasGroup = true;
            out.group = m_resolved[g].suffix;
            out.progress = {2, 0, 0, 0, 0};
            return true;
        }
    }
    const bool isolate = m_request.groupPolicy == GroupPolicy::Isolate && m_granularCount >= 2;
    std::vector<std::vector<size_t>> subtrees; // group positions per same_subtree
    for (const QStringList &suffixes : m_request.sameSubtrees) {
        std::vector<size_t> members;
        for (size_t g = 0; g < groups; ++g) {
            if (suffixes.contains(m_resolved[g].suffix))
                members.push_back(g);
        }
        subtrees.push_back(std::move(members));
    }
    const int structural = 1 + int(subtrees.size()); // isolate, then each same_subtree

    struct Part
    {
        Alloc alloc;
        size_t group;
    };
    std::vector<Part> parts;
    std::vector<int> scratch;
    // Progress of one combination: (structural checks passed, summed checks passed).
    const auto judge = [&](const std::vector<size_t> &at, TreeRejection *why) -> std::pair<int, int> {
        if (isolate) {
            scratch.clear();
            for (size_t g = 0; g < groups; ++g) {
                if (m_resolved[g].granular)
                    scratch.push_back(m_sets[g].at(at[g]).providers[0]);
            }
            std::sort(scratch.begin(), scratch.end());
            if (std::adjacent_find(scratch.begin(), scratch.end()) != scratch.end())
                return {0, 0};
        }
        for (size_t s = 0; s < subtrees.size(); ++s) {
            scratch.clear();
            for (const size_t g : subtrees[s]) {
                const CandidateSet::Span span = m_sets[g].at(at[g]);
                scratch.insert(scratch.end(), span.providers, span.providers + span.providerCount);
            }
            std::sort(scratch.begin(), scratch.end());
            scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
            if (!inSameSubtree(m_index, scratch))
                return {1 + int(s), 0};
        }
        parts.clear();
        for (size_t g = 0; g < groups; ++g) {
            const CandidateSet::Span span = m_sets[g].at(at[g]);
            for (size_t i = 0; i < span.allocCount; ++i)
                parts.push_back({span.allocs[i], g});
        }
        std::stable_sort(parts.begin(), parts.end(), [](const Part &a, const Part &b) {
            return a.alloc.provider != b.alloc.provider ? a.alloc.provider < b.alloc.provider
                                                        : a.alloc.resourceClass < b.alloc.resourceClass;
        });
        int summed = 0;
        for (size_t read = 0; read < parts.size();) {
            size_t next = read + 1;
            qint64 sum = parts[read].alloc.amount;
            for (; next < parts.size() && parts[next].alloc.provider == parts[read].alloc.provider
                   && parts[next].alloc.resourceClass == parts[read].alloc.resourceClass;
                 ++next)
                sum += parts[next].alloc.amount;
            if (next - read > 1) {
                const CandidateIndex::Inventory &inventory =
                    *m_index.inventory(parts[read].alloc.provider, parts[read].alloc.resourceClass);
                const bool capacity = inventory.used + sum <= inventory.capacity;
                const bool maxUnit = sum <= inventory.maxUnit;
                if (!capacity || !maxUnit) {
                    if (why) {
                        why->code = capacity ? RejectionCode::SummedMaxUnit : RejectionCode::SummedCapacity;
                        why->providerUuid = m_index.uuid(parts[read].alloc.provider);
                        why->resourceClass = m_index.className(parts[read].alloc.resourceClass);
                        why->capacity = inventory.capacity;
                        why->used = inventory.used;
                        why->asked = sum;
                        why->limit = inventory.maxUnit;
                        for (size_t i = read; i < next; ++i) {
                            why->groups.append(m_resolved[parts[i].group].suffix);
                            why->amounts.append(parts[i].alloc.amount);
                        }
                    }
                    return {structural, summed + (capacity ? 1 : 0)};
                }
                summed += 2;
            }
            read = next;
        }
        return {structural, -1}; // passes
    };

    std::vector<size_t> at(groups, 0);
    std::vector<size_t> bestAt;
    std::pair<int, int> best{-1, -1};
    while (true) {
        const std::pair<int, int> progress = judge(at, nullptr);
        if (progress.first == structural && progress.second < 0)
            return false;
        if (progress > best) {
            best = progress;
            bestAt = at;
        }
        size_t g = groups;
        while (g > 0 && ++at[g - 1] == m_sets[g - 1].size()) {
            at[g - 1] = 0;
            --g;
        }
        if (g == 0)
            break;
    }
    out.hasGroup = false;
    out.group.clear();
    out.progress = {2, 0, 0, best.first, best.second};
    if (best.first == 0) {
        explainIsolate(out);
    } else if (best.first < structural) {
        out.code = RejectionCode::SameSubtree;
        out.groups = m_request.sameSubtrees[best.first - 1];
    } else {
        (void)judge(bestAt, &out);
    }
    return true;
}

// Which granular groups cannot be spread: a pair whose only candidate is the same single
// provider, named with it; otherwise all of them together.
void TreeAnalyst::explainIsolate(TreeRejection &out) const
{
    out.code = RejectionCode::GroupPolicyIsolate;
    std::vector<size_t> granular;
    for (size_t g = 0; g < m_resolved.size(); ++g) {
        if (m_resolved[g].granular)
            granular.push_back(g);
    }
    const auto only = [&](size_t g) { return m_sets[g].size() == 1 ? m_sets[g].at(0).providers[0] : -1; };
    for (size_t i = 0; i < granular.size(); ++i) {
        for (size_t j = i + 1; j < granular.size(); ++j) {
            const int p = only(granular[i]);
            if (p >= 0 && p == only(granular[j])) {
                out.groups = {m_resolved[granular[i]].suffix, m_resolved[granular[j]].suffix};
                out.providerUuid = m_index.uuid(p);
                return;
            }
        }
    }
    for (const size_t g : granular)
        out.groups.append(m_resolved[g].suffix);
}

} // namespace provtree::candidates
