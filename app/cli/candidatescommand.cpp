#include "candidatescommand.h"

#include "anyformrequest.h"
#include "candidateexplainer.h"
#include "candidatejson.h"
#include "candidaterequestparser.h"
#include "cloudoptions.h"
#include "explanationjson.h"
#include "naturalsortkey.h"
#include "neutralise.h"
#include "providertree.h"
#include "report.h"
#include "snapshotreader.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <memory>

namespace provtree::cli {

namespace {

const QString kSharingTrait = QStringLiteral("MISC_SHARES_VIA_AGGREGATE");

QString shownName(const QString &name)
{
    constexpr qsizetype kMaxShown = 80;
    return name.size() <= kMaxShown ? neutralisedIfNeeded(name) : neutralised(name, kMaxShown);
}

// Custom names that no provider of the snapshot has: Placement refuses the request (400)
// when such a name does not exist at all, and finds nothing when it exists unused; the
// snapshot cannot tell which.
Problems unknownCustomNames(const CandidateRequest &request, const QList<ProviderData> &providers)
{
    QSet<QString> classes;
    QSet<QString> traits;
    for (const ProviderData &p : providers) {
        for (auto it = p.inventories.cbegin(); it != p.inventories.cend(); ++it)
            classes.insert(it.key());
        for (const QString &trait : p.traits)
            traits.insert(trait);
    }
    QStringList missingClasses;
    QStringList missingTraits;
    const auto checkTrait = [&](const QString &trait) {
        if (trait.startsWith(QLatin1String("CUSTOM_")) && !traits.contains(trait) && !missingTraits.contains(trait))
            missingTraits.append(trait);
    };
    for (const RequestGroup &group : request.groups) {
        for (auto it = group.resources.cbegin(); it != group.resources.cend(); ++it) {
            if (it.key().startsWith(QLatin1String("CUSTOM_")) && !classes.contains(it.key())
                && !missingClasses.contains(it.key()))
                missingClasses.append(it.key());
        }
        for (const QStringList &anyOf : group.requiredTraits)
            std::for_each(anyOf.cbegin(), anyOf.cend(), checkTrait);
        std::for_each(group.forbiddenTraits.cbegin(), group.forbiddenTraits.cend(), checkTrait);
    }
    std::for_each(request.rootRequired.cbegin(), request.rootRequired.cend(), checkTrait);
    std::for_each(request.rootForbidden.cbegin(), request.rootForbidden.cend(), checkTrait);
    Problems warnings;
    for (const QString &name : std::as_const(missingClasses)) {
        warnings.append(makeWarning(ProblemKind::InvalidResourceClass,
                                    QStringLiteral("no provider in the snapshot has an inventory of %1: Placement "
                                                   "refuses the request if the class does not exist")
                                        .arg(name)));
    }
    for (const QString &name : std::as_const(missingTraits)) {
        warnings.append(makeWarning(ProblemKind::InvalidTrait,
                                    QStringLiteral("no provider in the snapshot has the trait %1: Placement refuses "
                                                   "the request if the trait does not exist")
                                        .arg(name)));
    }
    return warnings;
}

// Where Placement 8 itself answers this request otherwise than its rules mean (the
// evaluator names its known bugs: candidateresult.h).
QString quirkNote(PlacementQuirk quirk)
{
    switch (quirk) {
    case PlacementQuirk::AccumulatedAmounts:
        return QStringLiteral("Placement 8 itself shows inflated amounts for this request and may drop some of these "
                              "candidates (two groups take one class from one provider, and group_policy is not "
                              "none)");
    case PlacementQuirk::OneAnchorForSharedOnly:
        return QStringLiteral("Placement 8 itself keeps the candidates that sharing providers alone serve for one "
                              "tree only, and loses the others'");
    case PlacementQuirk::NestedSharingProvider:
        return QStringLiteral("Placement 8 itself fails (500) on this request: a sharing provider that is not a root "
                              "serves another tree");
    }
    return {};
}

// The candidates per tree, for people: each tree named by its root, each allocation request
// on one line, its providers by name with the classes each gives (and, with granular
// groups, the groups each serves: resources_NET ...).
class CandidateText
{
public:
    CandidateText(const CandidateRequest &request, const CandidateResult &result, const QList<ProviderData> &providers)
        : m_request(request), m_result(result)
    {
        for (const ProviderData &p : providers)
            m_providers.insert(p.uuid, &p);
    }

    void write(QTextStream &out) const;

private:
    [[nodiscard]] QString name(const QString &uuid) const
    {
        const ProviderData *p = m_providers.value(uuid);
        return p ? shownName(p->name) : uuid;
    }
    [[nodiscard]] QString rootOf(const QString &uuid) const
    {
        return m_result.providerSummaries.value(uuid).rootUuid;
    }
    [[nodiscard]] bool isSharing(const QString &uuid) const
    {
        const ProviderData *p = m_providers.value(uuid);
        return p && p->traits.contains(kSharingTrait);
    }
    [[nodiscard]] QString treeOf(const AllocationRequest &request) const;
    [[nodiscard]] QString line(const AllocationRequest &request, const QString &tree) const;
    [[nodiscard]] bool nameLess(const QString &a, const QString &b) const
    {
        const QString x = name(a), y = name(b);
        if (const int order = naturalCompare(x, y); order != 0)
            return order < 0;
        return x != y ? x < y : a < b;
    }

    const CandidateRequest &m_request;
    const CandidateResult &m_result;
    QHash<QString, const ProviderData *> m_providers; // Not owned.
};

// The tree a request is a candidate of: the root of its providers that are not sharing
// providers; a request served by sharing providers alone is listed under theirs.
QString CandidateText::treeOf(const AllocationRequest &request) const
{
    QStringList own;
    QStringList all;
    for (auto it = request.allocations.cbegin(); it != request.allocations.cend(); ++it) {
        all.append(rootOf(it.key()));
        if (!isSharing(it.key()))
            own.append(rootOf(it.key()));
    }
    QStringList roots = own.isEmpty() ? all : own;
    roots.sort();
    roots.removeDuplicates();
    return roots.join(u',');
}

QString CandidateText::line(const AllocationRequest &request, const QString &tree) const
{
    const bool granular = std::any_of(m_request.groups.cbegin(), m_request.groups.cend(),
                                      [](const RequestGroup &g) { return g.isGranular(); });
    QStringList uuids = request.allocations.keys();
    std::sort(uuids.begin(), uuids.end(), [&](const QString &a, const QString &b) { return nameLess(a, b); });
    QStringList parts;
    for (const QString &uuid : std::as_const(uuids)) {
        QString part = name(uuid);
        QStringList labels;
        if (granular) {
            for (auto it = request.mappings.cbegin(); it != request.mappings.cend(); ++it) {
                if (it.value().contains(uuid))
                    labels.append(QStringLiteral("resources") + it.key());
            }
        }
        // A sharing provider of another tree (or a tree of its own).
        if (!tree.split(u',').contains(rootOf(uuid))) {
            labels.append(rootOf(uuid) == uuid ? QStringLiteral("sharing")
                                               : QStringLiteral("sharing, in ") + name(rootOf(uuid)));
        }
        if (!labels.isEmpty())
            part += QStringLiteral(" (") + labels.join(QLatin1String(", ")) + QLatin1Char(')');
        QStringList amounts;
        const QMap<QString, qint64> &resources = request.allocations.value(uuid);
        for (auto it = resources.cbegin(); it != resources.cend(); ++it)
            amounts.append(it.key() + QLatin1Char(' ') + QString::number(it.value()));
        parts.append(part + QStringLiteral(": ") + amounts.join(QLatin1String(", ")));
    }
    return parts.join(QLatin1String("; "));
}

void CandidateText::write(QTextStream &out) const
{
    QMap<QString, QStringList> linesByTree;
    for (const AllocationRequest &request : m_result.allocationRequests) {
        const QString tree = treeOf(request);
        linesByTree[tree].append(line(request, tree));
    }
    QStringList trees = linesByTree.keys();
    std::sort(trees.begin(), trees.end(), [&](const QString &a, const QString &b) {
        return nameLess(a.section(u',', 0, 0), b.section(u',', 0, 0));
    });
    const auto count = [](qsizetype n, const char *one, const char *many) -> QString {
        return QString::number(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
    };
    out << count(m_result.allocationRequests.size(), "allocation request", "allocation requests") << " in "
        << count(trees.size(), "tree", "trees") << '\n';
    for (const QString &tree : std::as_const(trees)) {
        QStringList lines = linesByTree.value(tree);
        lines.sort();
        QStringList roots;
        for (const QString &root : tree.split(u','))
            roots.append(name(root) + QStringLiteral(" (") + root + QLatin1Char(')'));
        out << '\n' << roots.join(QLatin1String(" + ")) << ": "
            << count(lines.size(), "allocation request", "allocation requests") << '\n';
        for (qsizetype i = 0; i < lines.size(); ++i)
            out << "  " << (i + 1) << ". " << lines[i] << '\n';
    }
}

// The trees that are not candidates, for people: the groups of obstacles with their counts,
// each with its first trees by name and the first obstacle of each (--json lists them all).
class RejectionListing
{
public:
    static constexpr qsizetype kTreesPerGroup = 10;

    RejectionListing(const CandidateExplanation &explanation, const QList<ProviderData> &providers)
        : m_explanation(explanation)
    {
        for (const ProviderData &p : providers) {
            if (p.isRoot())
                m_names.insert(p.uuid, shownName(p.name));
        }
        for (const TreeRejection &r : explanation.rejections)
            m_rejections.insert(r.rootUuid, &r);
    }

    void write(QTextStream &out) const
    {
        const qsizetype rejected = m_explanation.rejections.size();
        if (rejected == 0)
            return;
        out << '\n' << rejected << (rejected == 1 ? " tree is not a candidate" : " trees are not candidates");
        if (!m_explanation.fittingRoots.isEmpty())
            out << " (" << m_explanation.fittingRoots.size() << " fit)";
        out << ":\n";
        for (const RejectionGroup &group : m_explanation.groups) {
            out << "  " << group.text() << '\n';
            QStringList roots = group.rootUuids;
            std::sort(roots.begin(), roots.end(), [&](const QString &a, const QString &b) {
                const QString &x = m_names[a], &y = m_names[b];
                if (const int order = naturalCompare(x, y); order != 0)
                    return order < 0;
                return x != y ? x < y : a < b;
            });
            for (qsizetype i = 0; i < roots.size() && i < kTreesPerGroup; ++i) {
                out << "    " << m_names[roots[i]] << " (" << roots[i]
                    << "): " << m_rejections.value(roots[i])->text << '\n';
            }
            if (roots.size() > kTreesPerGroup)
                out << "    ... and " << (roots.size() - kTreesPerGroup) << " more (--json lists every tree)\n";
        }
    }

private:
    const CandidateExplanation &m_explanation;
    QHash<QString, QString> m_names;                   // root uuid -> shown name
    QHash<QString, const TreeRejection *> m_rejections; // Not owned.
};

const QString kLive = QStringLiteral("live");

// The providers of a snapshot file, through the core's rules.
std::optional<QList<ProviderData>> readProviders(const QString &path, const Console &console, int &exitCode)
{
    ProviderTree tree;
    const Status status = loadSnapshotFile(tree, path);
    for (const Problem &problem : status.errors())
        console.err << problemLine(path, problem) << '\n';
    if (!status.ok()) {
        exitCode = kExitUnreadable; // 1 means "no candidate" here
        return std::nullopt;
    }
    return tree.allData();
}

} // namespace

QString CandidatesCommand::summary() const
{
    return QStringLiteral("Lists the allocation candidates Placement would return for a request.");
}

bool CandidatesCommand::needsPlacement(const QCommandLineParser &parser) const
{
    return parser.isSet(kLive);
}

std::unique_ptr<CandidatesCommand::LivePlacement>
CandidatesCommand::connectLive(const QCommandLineParser &parser, const Console &console, int &exitCode) const
{
    Q_UNUSED(parser);
    // provtree hands --live runs to provtree-cloud (needsPlacement()), whose command connects.
    console.err << "provtree candidates: --live is answered by provtree-cloud, not by this executable\n";
    exitCode = kExitUsage;
    return nullptr;
}

void CandidatesCommand::configure(QCommandLineParser &parser) const
{
    parser.addOption(jsonOption());
    parser.addOption(QCommandLineOption(
        kLive, QStringLiteral("Pulls the providers from a live Placement instead of SNAPSHOT (cloud options as for pull) "
                              "and asks that Placement too: both answers, compared.")));
    addCloudOptions(parser);
    parser.addPositionalArgument(QStringLiteral("SNAPSHOT"), QStringLiteral("A snapshot file."), QStringLiteral("SNAPSHOT"));
    parser.addPositionalArgument(
        QStringLiteral("REQUEST"),
        QStringLiteral("GET /allocation_candidates's query (resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2, "
                       "or a whole URL), or a flavor (\"VCPU=4,MEMORY_MB=8192 trait:HW_CPU_X86_AVX2=required\")."),
        QStringLiteral("REQUEST"));
}

int CandidatesCommand::run(const QCommandLineParser &parser, const QStringList &arguments,
                           const Console &console) const
{
    const bool live = parser.isSet(kLive);
    if (arguments.size() != (live ? 1 : 2)) {
        console.err << "provtree candidates: give a SNAPSHOT and a REQUEST, or --live and a REQUEST "
                       "(see provtree candidates --help)\n";
        return kExitUsage;
    }
    const QString path = live ? QString() : arguments.at(0);
    // The request first: a typo in it is found without reading a large file.
    const AnyFormRequest read = readAnyFormRequest(arguments.constLast());
    if (!read.result.ok()) {
        console.err << "provtree candidates: the request (read as a " << read.formName()
                    << ") is refused: " << read.result.status().firstError().text() << '\n';
        return kExitUsage;
    }
    const CandidateRequest &request = read.result.value();

    int exitCode = kExitOk;
    std::unique_ptr<LivePlacement> livePlacement = live ? connectLive(parser, console, exitCode) : nullptr;
    if (live && !livePlacement)
        return exitCode;
    const std::optional<QList<ProviderData>> loaded =
        live ? livePlacement->providers(console, exitCode) : readProviders(path, console, exitCode);
    if (!loaded)
        return exitCode;
    const QList<ProviderData> &providers = *loaded;

    for (const Problem &warning : read.result.problems() + unknownCustomNames(request, providers))
        console.err << "provtree candidates: " << warning.toString() << '\n';

    const CandidateExplainer explainer(providers);
    const CandidateResult result = explainer.search().find(request);
    for (const PlacementQuirk quirk : result.placementQuirks)
        console.err << "provtree candidates: note: " << quirkNote(quirk) << '\n';
    // Every tree that is not a candidate, with the first obstacle found in it.
    const CandidateExplanation explanation = explainer.explain(request);
    // Asked after the pull: a provider that changed in between can make the answers differ.
    std::optional<PlacementAnswer> placement;
    if (livePlacement) {
        placement = livePlacement->answer(request, result, console);
        if (!placement)
            return kExitUnreadable;
        if (!placement->same) {
            console.err << "provtree candidates: the live Placement answers otherwise: " << placement->firstDifference
                        << (result.placementQuirks.isEmpty() ? "" : " (a known defect of Placement's, noted above)")
                        << '\n';
        }
    }
    if (parser.isSet(jsonOption())) {
        QJsonObject json = toPlacementJson(result);
        json.insert(QStringLiteral("rejected"), rejectionsToJson(explanation.rejections));
        json.insert(QStringLiteral("rejected_groups"), rejectionGroupsToJson(explanation.groups));
        if (placement) {
            json.insert(QStringLiteral("placement"), placement->body);
            json.insert(QStringLiteral("placement_agrees"), placement->same);
        }
        writeJson(console.out, json);
    } else {
        console.out << "request: " << toCandidateQuery(request) << '\n';
        if (result.allocationRequests.isEmpty())
            console.out << "no allocation candidates\n";
        else
            CandidateText(request, result, providers).write(console.out);
        RejectionListing(explanation, providers).write(console.out);
        if (placement) {
            const qsizetype theirs = placement->body.value(QStringLiteral("allocation_requests")).toArray().size();
            console.out << "\nthe live Placement: " << theirs
                        << (theirs == 1 ? " allocation request, " : " allocation requests, ")
                        << (placement->same ? "the same answer\n" : "a different answer (see stderr)\n");
        }
    }
    return result.allocationRequests.isEmpty() ? kExitInvalid : kExitOk;
}

} // namespace provtree::cli
