#pragma once

#include "candidateforest.h"
#include "candidaterequest.h"
#include "seededrandom.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace provtree::testsupport {

// Generates random GET /allocation_candidates requests (microversion 1.39) against one
// candidate forest, biased so that a good share has candidates and a good share has none:
// most requests are built around one tree of the forest (amounts around what its providers
// have free, traits and aggregates it has), then varied (an amount past what is free, a
// trait it lacks, a forbidden trait it has, another tree in in_tree ...).
//
// Shapes: a flavor in the unsuffixed group; a flavor with granular device groups (VGPU,
// SR-IOV VFs with bandwidth and a physnet); NUMA-style granular groups; same_subtree with
// resourceless groups; sharing (DISK_GB or IPV4_ADDRESS beyond the tree); anything at
// random. Decorations: required traits (all-of and any-of), forbidden traits, member_of
// (all-of and any-of), forbidden aggregates, in_tree, root_required and root forbidden
// traits; group_policy none or isolate. Never limit.
//
// Every request is one Placement accepts (no 400): at least one group with resources, a
// resourceless group only when suffixed and named in a same_subtree, group_policy whenever
// there is more than one granular group, no any-of set wholly forbidden, no trait both
// required and forbidden at the root, only classes and traits the forest's Placement knows.
//
// Deterministic: the same forest and seed give the same requests on every platform. Not
// thread-safe; one generator per thread.
class CandidateRequestGenerator
{
public:
    CandidateRequestGenerator(const CandidateForest &forest, quint64 seed);

    [[nodiscard]] CandidateRequest next();

    // Makes `request` one Placement accepts (see above), changing as little as it can.
    // Exposed for the tests of the generator.
    static void makeValid(CandidateRequest &request);

private:
    struct Tree
    {
        QString root;
        QList<const ProviderData *> providers; // top-down
    };

    [[nodiscard]] CandidateRequest flavor(const Tree &tree);
    [[nodiscard]] CandidateRequest flavorWithDevices(const Tree &tree);
    [[nodiscard]] CandidateRequest numaGroups(const Tree &tree);
    [[nodiscard]] CandidateRequest sameSubtree(const Tree &tree);
    [[nodiscard]] CandidateRequest sharing(const Tree &tree);
    [[nodiscard]] CandidateRequest anything();
    void decorate(RequestGroup &group, const Tree &tree, const ProviderData *hint);
    void decorateRequest(CandidateRequest &request, const Tree &tree);
    void choosePolicy(CandidateRequest &request);

    // An amount of `resourceClass` sized against what `provider` has free: mostly one that
    // fits, sometimes exactly all, sometimes more, sometimes off its step or below min_unit.
    [[nodiscard]] qint64 amount(const ProviderData *provider, const QString &resourceClass);
    [[nodiscard]] qint64 free(const ProviderData *provider, const QString &resourceClass) const;
    // The providers of `tree` with inventory of `resourceClass`.
    [[nodiscard]] QList<const ProviderData *> holders(const Tree &tree, const QString &resourceClass) const;
    [[nodiscard]] const ProviderData *someHolder(const Tree &tree, const QString &resourceClass);
    [[nodiscard]] const Tree &someTree();
    [[nodiscard]] const Tree &someTreeWith(const QStringList &classes, int holdersAtLeast);
    [[nodiscard]] QString suffix(const QString &name, int number);

    const CandidateForest &m_forest;
    SeededRandom m_random;
    QList<Tree> m_trees;                    // the trees of the forest, sharing providers' included
    QList<const ProviderData *> m_sharing;  // the providers with MISC_SHARES_VIA_AGGREGATE and inventory
    QStringList m_classes;                  // every class in the forest, sorted
    QHash<QString, const ProviderData *> m_byUuid;
};

} // namespace provtree::testsupport
