// provtree-explain-bench: how long CandidateExplainer takes to explain every tree of a large
// generated cloud, next to CandidateSearch::find() for the same request (the GUI's "Will
// it fit?" runs both on a worker after every edit). Medians of the repetitions, wall and
// CPU time of the calling thread.
//
//   provtree-explain-bench [--size N] [--repeat R] [--seed S]
//
// Measure a Release or RelWithDebInfo build: Debug and sanitizer figures mean nothing.
#include "benchtiming.h"
#include "candidateexplainer.h"
#include "candidaterequestparser.h"
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

// Typical requests, in the query form nova logs them.
const char *const kRequests[] = {
    "resources=VCPU:4,MEMORY_MB:8192,DISK_GB:80&required=HW_CPU_X86_AVX2",
    "resources=VCPU:4,MEMORY_MB:8192,DISK_GB:80",
    "resources=VCPU:64,MEMORY_MB:262144",
    ("resources=DISK_GB:80&resources1=PCPU:4,MEMORY_MB:4096&required1=HW_NUMA_ROOT"
     "&resources2=PCPU:4,MEMORY_MB:4096&required2=HW_NUMA_ROOT&group_policy=isolate"),
    "resources=VCPU:2,DISK_GB:40&resources1=PCPU:2",
    "resources=VCPU:2&resources1=VGPU:1&root_required=!COMPUTE_STATUS_DISABLED",
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CandidateExplainer benchmark."));
    parser.addHelpOption();
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Providers (default 100000)."),
                                  QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Repetitions (default 5)."),
                                    QStringLiteral("R"), QStringLiteral("5"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Generator seed (default 1)."),
                                  QStringLiteral("S"), QStringLiteral("1"));
    parser.addOptions({size, repeat, seed});
    parser.process(app);
    const qsizetype n = parser.value(size).toLongLong();
    const int repeats = std::max(1, parser.value(repeat).toInt());
    const QList<ProviderData> cloud = testsupport::CloudGenerator(parser.value(seed).toULongLong()).cloud(n);
    std::printf("provtree-explain-bench: %lld providers, %d repetitions, medians (wall / cpu)\n\n",
                static_cast<long long>(n), repeats);

    std::unique_ptr<CandidateExplainer> explainer;
    const Timing build = medianMs(repeats, [&] { explainer = std::make_unique<CandidateExplainer>(cloud); });
    std::printf("CandidateExplainer constructor (index + names): %.1f / %.1f ms\n\n", build.wallMs, build.cpuMs);
    for (const char *text : kRequests) {
        const Result<CandidateRequest> request = parseCandidateQuery(QString::fromLatin1(text));
        if (!request.ok()) {
            std::printf("refused: %s\n", text);
            return 2;
        }
        CandidateResult result;
        CandidateExplanation explanation;
        const Timing find = medianMs(repeats, [&] { result = explainer->search().find(request.value()); });
        const Timing explain = medianMs(repeats, [&] { explanation = explainer->explain(request.value()); });
        std::printf("%s\n  find()    %8.1f / %8.1f ms  %lld allocation requests\n"
                    "  explain() %8.1f / %8.1f ms  %lld trees fit, %lld rejected in %lld groups\n",
                    text, find.wallMs, find.cpuMs, static_cast<long long>(result.allocationRequests.size()),
                    explain.wallMs, explain.cpuMs, static_cast<long long>(explanation.fittingRoots.size()),
                    static_cast<long long>(explanation.rejections.size()),
                    static_cast<long long>(explanation.groups.size()));
        for (qsizetype i = 0; i < explanation.groups.size() && i < 4; ++i)
            std::printf("    %s\n", qPrintable(explanation.groups[i].text()));
    }
    return 0;
}
