// provtree-pull-bench: how fast provtree pulls from a real Placement, next to what that
// server can answer at all with the same number of parallel connections.
//
//   provtree-pull-bench [--providers N] [--parallel P] [--repeat R] [--url URL]
//
// Without --url it starts its own Placement (tests/live/cloud start DIR --noauth-only:
// Debian's placement-api under uwsgi, 1 process x 8 threads, SQLite, as production serves
// it on one machine), fills it with a generated cloud of N providers through provtree's own
// push, and stops it at the end. Then, R times each (medians printed):
//   ceiling   P connections sending one cheap GET (the version document, and a provider's
//             traits) as fast as the server answers: the server's requests per second;
//   pull      provtree's pull of every provider (a list, then four reads per provider).
// The pull's requests per second against the ceiling is the figure that matters (target:
// within 1.5x). Measure a Release or RelWithDebInfo build.
#include "benchplacement.h"
#include "benchtiming.h"
#include "cloudgenerator.h"
#include "placementclient.h"
#include "placementsource.h"
#include "pushoutcome.h"
#include "treediff.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

using namespace provtree;
using provtree::bench::median;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    qsizetype providers = 1000;
    int parallel = 6;
    int repeat = 3;
    QString url;
};

double seconds(Clock::time_point since)
{
    return std::chrono::duration<double>(Clock::now() - since).count();
}

void waitFor(SourceOperation &operation)
{
    QEventLoop loop;
    QObject::connect(&operation, &SourceOperation::finished, &loop, &QEventLoop::quit);
    if (!operation.isFinished())
        loop.exec();
}

PlacementConnection connectionTo(const QString &url)
{
    PlacementConnection connection;
    connection.endpoint = url;
    connection.token = Secret(QStringLiteral("admin")); // noauth2's admin
    return connection;
}

// `count` copies of one GET over `parallel` connections: requests per second.
double ceiling(const QString &url, int parallel, const QString &path, int count)
{
    PlacementClient client(connectionTo(url));
    client.setMicroversionMinor(PlacementClient::kNewestMinor);
    client.setMaxParallel(parallel);
    QEventLoop loop;
    int answered = 0;
    int failed = 0;
    const auto start = Clock::now();
    for (int i = 0; i < count; ++i) {
        client.send({"GET", path, {}}, &loop, [&](const PlacementResponse &response) {
            failed += response.ok() ? 0 : 1;
            if (++answered == count)
                loop.quit();
        });
    }
    loop.exec();
    const double elapsed = seconds(start);
    if (failed > 0)
        std::fprintf(stderr, "ceiling: %d of %d requests failed\n", failed, count);
    return count / elapsed;
}

struct PullFigures
{
    double seconds = 0;
    quint64 requests = 0;
    qsizetype providers = 0;
};

PullFigures pull(const QString &url, int parallel)
{
    PlacementSource source(connectionTo(url));
    source.client()->setMaxParallel(parallel);
    const auto start = Clock::now();
    const std::unique_ptr<SourceOperation> operation(source.load());
    waitFor(*operation);
    PullFigures figures;
    figures.seconds = seconds(start);
    figures.requests = source.client()->requestsSent();
    if (!operation->status().ok()) {
        std::fprintf(stderr, "pull failed: %s\n", qPrintable(operation->status().firstError().toString()));
        return figures;
    }
    figures.providers = operation->loaded().providers.size();
    return figures;
}

// Fills an empty Placement with a generated cloud through provtree's own push.
bool fill(const QString &url, qsizetype providers)
{
    QList<ProviderData> cloud = testsupport::CloudGenerator(1).cloud(providers);
    for (ProviderData &provider : cloud)
        provider.usages.clear(); // usages are allocations: provtree does not write them
    PlacementSource source(connectionTo(url));
    const auto start = Clock::now();
    const std::unique_ptr<PushOperation> push(source.push(TreeDiff::compute({}, cloud, false), PushOptions{}));
    waitFor(*push);
    if (!push->status().ok()) {
        std::fprintf(stderr, "fill failed: %s\n", qPrintable(push->status().firstError().toString()));
        return false;
    }
    const double elapsed = seconds(start);
    std::printf("fill (provtree push, one call at a time): %lld providers, %lld calls in %.1f s (%.0f calls/s)\n",
                static_cast<long long>(providers), static_cast<long long>(push->outcome().plan.calls.size()), elapsed,
                push->outcome().plan.calls.size() / elapsed);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("providers"), QStringLiteral("Providers in the cloud (default 1000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("parallel"), QStringLiteral("Parallel connections (default 6)."), QStringLiteral("P")});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Repetitions, medians printed (default 3)."), QStringLiteral("R")});
    parser.addOption({QStringLiteral("url"), QStringLiteral("An already filled noauth2 Placement to use."), QStringLiteral("URL")});
    parser.process(app);
    Options options;
    if (parser.isSet(QStringLiteral("providers")))
        options.providers = parser.value(QStringLiteral("providers")).toLongLong();
    if (parser.isSet(QStringLiteral("parallel")))
        options.parallel = parser.value(QStringLiteral("parallel")).toInt();
    if (parser.isSet(QStringLiteral("repeat")))
        options.repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());
    options.url = parser.value(QStringLiteral("url"));

    bench::BenchPlacement placement(QStringLiteral(PROVTREE_LIVE_SCRIPT));
    const bool started = options.url.isEmpty();
    if (started) {
        if (!placement.start())
            return 1;
        options.url = placement.url();
    }
    if (started && !fill(options.url, options.providers))
        return 1;

    // A provider to read the traits of: the first of a pull.
    const PullFigures first = pull(options.url, options.parallel);
    if (first.providers == 0)
        return 1;
    PlacementSource probe(connectionTo(options.url));
    const std::unique_ptr<SourceOperation> list(probe.load());
    waitFor(*list);
    const QString provider = QStringLiteral("/resource_providers/") + list->loaded().providers.first().uuid;

    // The ceilings: the version document (no database, the server's bare request rate) and
    // each of the four reads a pull makes per provider, one provider over and over. A
    // perfect client pulling 1 + 4n requests can go no faster than the mix of the four:
    // their harmonic mean. The pull against that mix is the client's efficiency.
    const int count = int(std::min<quint64>(std::max<quint64>(first.requests / 2, 1000), 4000));
    const QStringList parts{QStringLiteral("/inventories"), QStringLiteral("/usages"), QStringLiteral("/traits"),
                            QStringLiteral("/aggregates")};
    std::vector<double> versionRates, mixRates, pullSeconds, pullRates;
    std::vector<std::vector<double>> partRates(parts.size());
    for (int r = 0; r < options.repeat; ++r) {
        versionRates.push_back(ceiling(options.url, options.parallel, QStringLiteral("/"), count));
        double secondsPerRequest = 0;
        for (qsizetype p = 0; p < parts.size(); ++p) {
            partRates[p].push_back(ceiling(options.url, options.parallel, provider + parts.at(p), count));
            secondsPerRequest += 1.0 / partRates[p].back() / parts.size();
        }
        mixRates.push_back(1.0 / secondsPerRequest);
        const PullFigures figures = pull(options.url, options.parallel);
        pullSeconds.push_back(figures.seconds);
        pullRates.push_back(figures.requests / figures.seconds);
    }
    const double pullRate = median(pullRates);
    std::printf("Placement at %s, %lld providers, %d parallel connections, medians of %d:\n",
                qPrintable(options.url), static_cast<long long>(first.providers), options.parallel, options.repeat);
    std::printf("  ceiling, GET / (version document, no database)  %8.0f requests/s\n", median(versionRates));
    for (qsizetype p = 0; p < parts.size(); ++p)
        std::printf("  ceiling, GET /resource_providers/{uuid}%-12s %8.0f requests/s\n", qPrintable(parts.at(p)),
                    median(partRates[p]));
    std::printf("  ceiling, the pull's mix of those four           %8.0f requests/s\n", median(mixRates));
    std::printf("  pull of every provider: %.2f s, %llu requests,  %8.0f requests/s\n", median(pullSeconds),
                static_cast<unsigned long long>(first.requests), pullRate);
    std::printf("  ceiling / pull: %.2fx against the mix, %.2fx against GET /; target <= 1.5x\n",
                median(mixRates) / pullRate, median(versionRates) / pullRate);
    return 0;
}
