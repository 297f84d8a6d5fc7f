// provtree-candidates-bench: how fast CandidateSearch answers GET /allocation_candidates on a
// large generated cloud (issue 11: a typical flavor against 100,000 providers in <= 100 ms).
// The index is built once and timed apart; every figure is the median of the repetitions.
//
//   provtree-candidates-bench [--size N] [--repeat R] [--seed S]
//
// Measure a Release or RelWithDebInfo build: Debug and sanitizer figures mean nothing.
#include "benchtiming.h"
#include "candidatesearch.h"
#include "cloudgenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

using namespace provtree;
using namespace provtree::bench;

namespace {

struct Options
{
    qsizetype size = 100000;
    int repeat = 5;
    quint64 seed = 1;
    QString only; // run only the cases whose name contains this
};

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("GET /allocation_candidates evaluation benchmark."));
    parser.addHelpOption();
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Providers (default 100000)."),
                                  QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Repetitions (default 5)."),
                                    QStringLiteral("R"), QStringLiteral("5"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Generator seed (default 1)."),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption only(QStringLiteral("only"), QStringLiteral("Run only the cases whose name contains TEXT."),
                                  QStringLiteral("TEXT"));
    parser.addOptions({size, repeat, seed, only});
    parser.process(app);
    Options options;
    bool ok = true;
    options.size = parser.value(size).toLongLong(&ok);
    if (!ok || options.size < 1)
        parser.showHelp(2);
    options.repeat = parser.value(repeat).toInt(&ok);
    if (!ok || options.repeat < 1)
        parser.showHelp(2);
    options.seed = parser.value(seed).toULongLong(&ok);
    if (!ok)
        parser.showHelp(2);
    options.only = parser.value(only);
    return options;
}

RequestGroup group(const QString &suffix, std::initializer_list<std::pair<const char *, qint64>> resources)
{
    RequestGroup g;
    g.suffix = suffix;
    for (const auto &[name, amount] : resources)
        g.resources.insert(QString::fromLatin1(name), amount);
    return g;
}

struct Case
{
    const char *name;
    CandidateRequest request;
};

std::vector<Case> cases()
{
    std::vector<Case> out;
    // A typical flavor: resources=VCPU:4,MEMORY_MB:8192,DISK_GB:80&required=HW_CPU_X86_AVX2
    CandidateRequest flavor;
    flavor.groups = {group({}, {{"VCPU", 4}, {"MEMORY_MB", 8192}, {"DISK_GB", 80}})};
    flavor.groups[0].requiredTraits = {{QStringLiteral("HW_CPU_X86_AVX2")}};
    out.push_back({"flavor 4 VCPU, 8 GiB, 80 GB, AVX2", flavor});
    CandidateRequest plain = flavor;
    plain.groups[0].requiredTraits.clear();
    out.push_back({"flavor without the trait", plain});
    CandidateRequest limited = flavor;
    limited.limit = 1000; // nova's default max_placement_results
    out.push_back({"flavor, limit=1000 (nova's default)", limited});
    // A pinned two-cell NUMA flavor: resources=DISK_GB:80&resources1=PCPU:4,MEMORY_MB:4096
    // &required1=HW_NUMA_ROOT&resources2=... (same)&group_policy=isolate
    CandidateRequest numa;
    numa.groups = {group({}, {{"DISK_GB", 80}}), group(QStringLiteral("1"), {{"PCPU", 4}, {"MEMORY_MB", 4096}}),
                   group(QStringLiteral("2"), {{"PCPU", 4}, {"MEMORY_MB", 4096}})};
    numa.groups[1].requiredTraits = {{QStringLiteral("HW_NUMA_ROOT")}};
    numa.groups[2].requiredTraits = {{QStringLiteral("HW_NUMA_ROOT")}};
    numa.groupPolicy = GroupPolicy::Isolate;
    out.push_back({"NUMA: 2 granular PCPU groups, isolate", numa});
    // One granular PCPU group and an unsuffixed VCPU/disk part, as nova asks for a mixed
    // (shared + dedicated CPU) flavor.
    CandidateRequest mixed;
    mixed.groups = {group({}, {{"VCPU", 2}, {"DISK_GB", 40}}), group(QStringLiteral("1"), {{"PCPU", 2}})};
    out.push_back({"mixed: VCPU + DISK_GB, granular PCPU", mixed});
    return out;
}

// The generated cloud puts VCPU and MEMORY_MB both on each compute node and on its NUMA
// children, so the unsuffixed group of a flavor has up to 3 x 3 x (1 + pools) combinations
// per host, all of which Placement returns too. nova reports VCPU and MEMORY_MB on the
// compute node only: this copy keeps them there (the NUMA children keep PCPU).
QList<ProviderData> novaStyle(QList<ProviderData> cloud)
{
    for (ProviderData &p : cloud) {
        if (!p.traits.contains(QStringLiteral("HW_NUMA_ROOT")))
            continue;
        for (const QString &resourceClass : {QStringLiteral("VCPU"), QStringLiteral("MEMORY_MB")}) {
            p.inventories.remove(resourceClass);
            p.usages.remove(resourceClass);
        }
    }
    return cloud;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app);
    const QList<ProviderData> cloud = testsupport::CloudGenerator(options.seed).cloud(options.size);
    std::printf("provtree-candidates-bench: %lld providers (seed %llu), %d repetitions, medians\n\n",
                static_cast<long long>(options.size), static_cast<unsigned long long>(options.seed),
                options.repeat);

    int missed = 0;
    const auto run = [&](const char *title, const QList<ProviderData> &providers) {
        std::printf("%s\n", title);
        std::unique_ptr<CandidateSearch> search;
        const Timing build = medianMs(options.repeat, [&] { search.reset(); }, [&] {
            search = std::make_unique<CandidateSearch>(providers);
        });
        std::printf("%-44s %10s %10s\n", "", "wall", "cpu");
        std::printf("%-44s %7.1f ms %7.1f ms\n\n", "index (CandidateSearch constructor)", build.wallMs, build.cpuMs);

        // The target is judged on CPU time: wall time on a shared machine measures the others.
        const bool full = options.size >= 100000;
        std::printf("%-44s %10s %10s %10s %10s %-10s %s\n", "find()", "wall", "cpu", "requests", "summaries",
                    "target", "");
        for (const Case &c : cases()) {
            if (!QString::fromLatin1(c.name).contains(options.only))
                continue;
            CandidateResult result;
            // The previous answer is freed before the clock starts: find() is timed, not ~QList.
            const Timing t = medianMs(options.repeat, [&] { result = {}; }, [&] { result = search->find(c.request); });
            const bool ok = t.cpuMs <= 100.0;
            if (full && !ok)
                ++missed;
            std::printf("%-44s %7.1f ms %7.1f ms %10lld %10lld %-10s %s\n", c.name, t.wallMs, t.cpuMs,
                        static_cast<long long>(result.allocationRequests.size()),
                        static_cast<long long>(result.providerSummaries.size()), full ? "<= 100 ms" : "",
                        full ? (ok ? "ok" : "MISSED") : "");
        }
        std::printf("\n");
    };
    run("Generated cloud (tests/support/cloudgenerator.h)", cloud);
    run("The same with VCPU and MEMORY_MB on compute nodes only (as nova reports them)", novaStyle(cloud));
    return missed == 0 ? 0 : 1;
}
