// provtree-placement-candidates-bench: the real Placement's own time for GET
// /allocation_candidates on a large generated cloud, next to provtree's for the same request
// on the same data (issue 11's benchmark), and whether the two answers agree.
//
//   provtree-placement-candidates-bench [--providers N] [--load api|api-per-provider|sqlite]
//                                       [--repeat R] [--seed S] [--only TEXT]
//
// It starts its own Placement (tests/live/cloud start DIR --noauth-only: Debian's
// placement-api under uwsgi with SQLite), writes the cloud of tests/support/cloudgenerator.h
// (the one provtree-candidates-bench measures) into it and times that:
//   api               through the API in bulk (support/placementloader.h: a POST and the
//                     trait and aggregate PUTs per provider, one POST /reshaper for every
//                     inventory and allocation);
//   api-per-provider  through the API as nova writes (PUT inventories per provider, PUT
//                     /allocations/{consumer} per tree);
//   sqlite            straight into Placement's tables (tests/live/placement-fill, checked
//                     against the API by tst_candidatefidelity).
// Then, per request, medians of R: Placement's answer time (the client's wall time of the
// GET, so HTTP and JSON included; the server runs one request at a time) and provtree's
// find() on the same providers. Not a test, not in CI: it needs minutes and an idle machine.
// Measure a Release or RelWithDebInfo build.
#include "benchplacement.h"
#include "benchtiming.h"
#include "candidaterequestparser.h"
#include "candidatesearch.h"
#include "cloudgenerator.h"
#include "fidelityprobe.h"
#include "placementloader.h"
#include "snapshotwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QProcess>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace provtree;
using provtree::bench::median;
using namespace provtree::testsupport;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    qsizetype providers = 1000;
    QString load = QStringLiteral("api");
    int repeat = 3;
    quint64 seed = 1;
    QString only;
};

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The requests of provtree-candidates-bench, as queries.
QList<std::pair<const char *, QString>> cases()
{
    return {
        {"flavor 4 VCPU, 8 GiB, 80 GB, AVX2",
         QStringLiteral("resources=VCPU:4,MEMORY_MB:8192,DISK_GB:80&required=HW_CPU_X86_AVX2")},
        {"flavor without the trait", QStringLiteral("resources=VCPU:4,MEMORY_MB:8192,DISK_GB:80")},
        {"flavor, limit=1000 (nova's default)",
         QStringLiteral("resources=VCPU:4,MEMORY_MB:8192,DISK_GB:80&required=HW_CPU_X86_AVX2&limit=1000")},
        {"NUMA: 2 granular PCPU groups, isolate",
         QStringLiteral("resources=DISK_GB:80&resources1=PCPU:4,MEMORY_MB:4096&required1=HW_NUMA_ROOT"
                        "&resources2=PCPU:4,MEMORY_MB:4096&required2=HW_NUMA_ROOT&group_policy=isolate")},
        {"mixed: VCPU + DISK_GB, granular PCPU", QStringLiteral("resources=VCPU:2,DISK_GB:40&resources1=PCPU:2")},
    };
}

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Placement's own GET /allocation_candidates time."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("providers"), QStringLiteral("Providers (default 1000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("load"), QStringLiteral("api, api-per-provider or sqlite (default api)."),
                      QStringLiteral("HOW")});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Repetitions (default 3)."), QStringLiteral("R")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Generator seed (default 1)."), QStringLiteral("S")});
    parser.addOption({QStringLiteral("only"), QStringLiteral("Only the requests whose name contains TEXT."),
                      QStringLiteral("TEXT")});
    parser.process(app);
    Options options;
    if (parser.isSet(QStringLiteral("providers")))
        options.providers = parser.value(QStringLiteral("providers")).toLongLong();
    if (parser.isSet(QStringLiteral("load")))
        options.load = parser.value(QStringLiteral("load"));
    if (parser.isSet(QStringLiteral("repeat")))
        options.repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());
    if (parser.isSet(QStringLiteral("seed")))
        options.seed = parser.value(QStringLiteral("seed")).toULongLong();
    options.only = parser.value(QStringLiteral("only"));
    const QStringList loads{QStringLiteral("api"), QStringLiteral("api-per-provider"), QStringLiteral("sqlite")};
    if (options.providers < 1 || !loads.contains(options.load))
        parser.showHelp(2);
    return options;
}

// Writes the forest into the Placement at `url` (whose files are in `cloudDir`).
bool load(const Options &options, const CandidateForest &forest, const QString &url, const QString &cloudDir)
{
    const auto start = Clock::now();
    if (options.load == QLatin1String("sqlite")) {
        const QString snapshot = cloudDir + QStringLiteral("/cloud-snapshot.json");
        if (!saveSnapshot(forest.providers, snapshot).ok())
            return false;
        const double written = secondsSince(start);
        const int status = QProcess::execute(QStringLiteral(PROVTREE_FILL_SCRIPT),
                                             {QStringLiteral("fill"), cloudDir + QStringLiteral("/noauth-placement/placement.db"),
                                              snapshot});
        if (status != 0)
            return false;
        std::printf("load (sqlite): %.1f s (snapshot written in %.1f s)\n", secondsSince(start), written);
        return true;
    }
    PlacementConnection connection;
    connection.endpoint = url;
    connection.token = Secret(QStringLiteral("admin"));
    PlacementLoader loader(connection);
    const LoadOutcome outcome =
        loader.load(forest, options.load == QLatin1String("api") ? LoadMethod::Bulk : LoadMethod::PerProvider);
    if (!outcome.ok()) {
        std::fprintf(stderr, "load failed: %s\n", qPrintable(outcome.error));
        return false;
    }
    std::printf("load (%s): %.1f s, %d requests (%.1f ms a request, %.1f ms a provider)\n", qPrintable(options.load),
                outcome.seconds, outcome.requests, outcome.seconds * 1e3 / outcome.requests,
                outcome.seconds * 1e3 / double(forest.providers.size()));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app);

    bench::BenchPlacement placement(QStringLiteral(PROVTREE_LIVE_SCRIPT));
    if (!placement.start())
        return 1;
    const QString url = placement.url();
    const QString cloudDir = placement.directory();

    const CandidateForest forest = forestFrom(CloudGenerator(options.seed).cloud(options.providers));
    std::printf("provtree-placement-candidates-bench: %lld providers (seed %llu), Placement at %s\n",
                static_cast<long long>(forest.providers.size()), static_cast<unsigned long long>(options.seed),
                qPrintable(url));
    if (!load(options, forest, url, cloudDir))
        return 1;

    PlacementConnection connection;
    connection.endpoint = url;
    connection.token = Secret(QStringLiteral("admin"));
    PlacementClient client(connection);
    client.setMicroversionMinor(PlacementClient::kNewestMinor);
    client.setMaxParallel(1);
    client.setTimeout(std::chrono::minutes(30));
    const auto indexStart = Clock::now();
    const CandidateSearch search(forest.providers);
    std::printf("provtree's index: %.0f ms\n\n", secondsSince(indexStart) * 1e3);

    std::printf("%-40s %12s %12s %10s %s\n", "request (medians)", "Placement", "provtree", "requests", "answers");
    int disagreements = 0;
    for (const auto &[name, query] : cases()) {
        if (!QString::fromLatin1(name).contains(options.only))
            continue;
        const Result<CandidateRequest> request = parseCandidateQuery(query);
        if (!request.ok())
            return 1;
        std::vector<double> placementSeconds, provtreeSeconds;
        PlacementResponse answer;
        CandidateResult ours;
        for (int r = 0; r < options.repeat; ++r) {
            const auto asked = Clock::now();
            answer = sendAndWait(client, {"GET", QStringLiteral("/allocation_candidates?") + query, std::nullopt});
            placementSeconds.push_back(secondsSince(asked));
            ours = {};
            const auto found = Clock::now();
            ours = search.find(request.value());
            provtreeSeconds.push_back(secondsSince(found));
        }
        // With a limit, Placement and provtree each return some N of the candidates.
        const AnswerComparison comparison = compareAnswers(answer, ours);
        const bool limited = request.value().limit.has_value();
        const char *verdict = comparison.agreed ? "agree"
                              : limited         ? "limited (not compared)"
                              : comparison.placementDefect ? "differ as a known Placement defect"
                                                           : "DISAGREE";
        if (!comparison.agreed && !limited && !comparison.placementDefect) {
            ++disagreements;
            std::fprintf(stderr, "%s: %s\n", name, qPrintable(comparison.difference));
        }
        std::printf("%-40s %9.0f ms %9.1f ms %10lld %s\n", name, median(placementSeconds) * 1e3,
                    median(provtreeSeconds) * 1e3, static_cast<long long>(ours.allocationRequests.size()), verdict);
    }
    return disagreements == 0 ? 0 : 1;
}
