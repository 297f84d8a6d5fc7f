// provtree-bench: how fast a large snapshot loads, how fast lookups are, and how much
// memory a provider costs. Plain std::chrono with repetitions; every figure is the median.
//
//   provtree-bench [--size N] [--repeat R] [--seed S] [--lookups L] [--cli PATH] [--load-only]
//                  [--validate-sizes N,...]
//   provtree-bench --write-cloud FILE [--size N] [--seed S] [--compact]   (only writes the snapshot)
//
// "provtree validate, the whole process" runs the real CLI (--cli, by default the one of
// this build tree) on generated clouds of 116,000 and 8,700 providers (issue 12), indented
// as saved and compact (no whitespace), and reports start-to-exit wall time, CPU time and
// peak RSS: reading, parsing, validating, building the tree and freeing it at exit.
// --validate-sizes picks other clouds for it (CI's smoke run: a small one); --load-only
// skips the chain, save and diff sections.
//
// Measure a Release or RelWithDebInfo build: Debug and sanitizer figures mean nothing.
#include "benchtiming.h"
#include "cloudgenerator.h"
#include "processrun.h"
#include "providertree.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "treediff.h"
#include "validation.h"
#include "patchapply.h"
#include "patchfile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

using namespace provtree;
using provtree::bench::median;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    qsizetype size = 100000;
    int repeat = 5;
    quint64 seed = 1;
    qsizetype lookups = 1000000;
    QString writeCloud; // non-empty: write the generated snapshot there and stop
    bool compact = false; // --write-cloud without whitespace
    QString cli;          // the provtree executable to time
    bool loadOnly = false;
    QList<qsizetype> validateSizes{116000, 8700}; // clouds for the whole-process section
};

// Heap bytes in use: small blocks plus mmap'ed large blocks (big hash tables and arrays).
qint64 heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks) + qint64(info.hblkhd);
}

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().simplified().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : -1;
}

double seconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

// Runs `setup` (untimed) then `body` (timed), `repeat` times; the median of the bodies.
double medianSeconds(int repeat, const std::function<void()> &setup, const std::function<void()> &body)
{
    std::vector<double> runs;
    for (int i = 0; i < repeat; ++i) {
        setup();
        const auto start = Clock::now();
        body();
        runs.push_back(seconds(Clock::now() - start));
    }
    return median(runs);
}

[[noreturn]] void fail(const char *what, const Status &status)
{
    std::fprintf(stderr, "provtree-bench: %s failed\n", what);
    for (const Problem &problem : status.problems().mid(0, 10))
        std::fprintf(stderr, "  %s\n", qPrintable(problem.toString()));
    std::exit(1);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "provtree-bench: cannot read %s\n", qPrintable(path));
        std::exit(1);
    }
    return file.readAll();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "provtree-bench: cannot write %s\n", qPrintable(path));
        std::exit(1);
    }
}

class Table
{
public:
    void row(const char *measure, double value, const char *unit, const char *target = "",
             int verdict = -1)
    {
        std::printf("%-44s %12.3f %-8s %-10s %s\n", measure, value, unit, target,
                    verdict < 0 ? "" : verdict ? "ok" : "MISSED");
        std::fflush(stdout);
        if (verdict == 0)
            ++m_missed;
    }
    void header(const char *title)
    {
        std::printf("\n%s\n%-44s %12s %-8s %-10s %s\n", title, "measure", "median", "unit",
                    "target", "");
    }
    [[nodiscard]] int missed() const { return m_missed; }

private:
    int m_missed = 0;
};

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Load, lookup and memory benchmark."));
    parser.addHelpOption();
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Providers (default 100000)."),
                                  QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Repetitions (default 5)."),
                                    QStringLiteral("R"), QStringLiteral("5"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Generator seed (default 1)."),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption lookups(QStringLiteral("lookups"),
                                     QStringLiteral("Lookups per measurement (default 1000000)."),
                                     QStringLiteral("L"), QStringLiteral("1000000"));
    const QCommandLineOption writeCloud(
            QStringLiteral("write-cloud"),
            QStringLiteral("Only write the generated cloud as a snapshot file, e.g. to open it in "
                           "the inspector."),
            QStringLiteral("FILE"));
    const QCommandLineOption compact(QStringLiteral("compact"),
                                     QStringLiteral("--write-cloud without whitespace between tokens."));
    const QCommandLineOption cli(QStringLiteral("cli"),
                                 QStringLiteral("The provtree executable to time (default: this build's)."),
                                 QStringLiteral("PATH"),
                                 app.applicationDirPath() + QStringLiteral("/../../app/cli/provtree"));
    const QCommandLineOption loadOnly(QStringLiteral("load-only"),
                                      QStringLiteral("Only loading, memory and lookups."));
    const QCommandLineOption validateSizes(
            QStringLiteral("validate-sizes"),
            QStringLiteral("Cloud sizes for the whole-process section (default 116000,8700; issue 12's "
                           "targets are checked at those two)."),
            QStringLiteral("N,..."), QStringLiteral("116000,8700"));
    parser.addOptions({size, repeat, seed, lookups, writeCloud, compact, cli, loadOnly, validateSizes});
    parser.process(app);
    Options options;
    options.compact = parser.isSet(compact);
    options.cli = parser.value(cli);
    options.loadOnly = parser.isSet(loadOnly);
    options.validateSizes.clear();
    for (const QString &n : parser.value(validateSizes).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool valid = false;
        options.validateSizes.append(n.toLongLong(&valid));
        if (!valid || options.validateSizes.last() < 1)
            parser.showHelp(2);
    }

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
    options.lookups = parser.value(lookups).toLongLong(&ok);
    if (!ok || options.lookups < 1)
        parser.showHelp(2);
    options.writeCloud = parser.value(writeCloud);
    return options;
}

// Lookup keys in one contiguous buffer, read in order: what is measured is the tree's
// cost (hashing, probing, the provider's cache misses), not fetching scattered keys.
struct Refs
{
    QString buffer;
    std::vector<QStringView> views;

    explicit Refs(const QStringList &refs)
    {
        buffer = refs.join(QString());
        qsizetype offset = 0;
        for (const QString &ref : refs) {
            views.push_back(QStringView(buffer).mid(offset, ref.size()));
            offset += ref.size();
        }
    }
    [[nodiscard]] qsizetype size() const { return qsizetype(views.size()); }
    [[nodiscard]] QStringView at(qsizetype i) const { return views[size_t(i)]; }
};

// ns per lookup of `refs` (cycled) through `lookup`, median of `repeat` runs.
double lookupNs(const Options &options, const Refs &refs,
                const std::function<qint64(QStringView)> &lookup)
{
    qint64 sink = 0;
    const double s = medianSeconds(options.repeat, [] {}, [&] {
        for (qsizetype i = 0; i < options.lookups; ++i)
            sink += lookup(refs.at(i % refs.size()));
    });
    if (sink == -1) // keeps the lookups from being optimised away
        std::puts("");
    return s * 1e9 / double(options.lookups);
}

int finish(const Table &table)
{
    std::printf("\n%s\n", table.missed() == 0 ? "all targets met" : "some targets MISSED (see above)");
    return 0;
}

// The same JSON without whitespace between tokens (strings left as they are).
QByteArray compacted(const QByteArray &json)
{
    QByteArray out;
    out.reserve(json.size());
    bool inString = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out.append(c);
            if (c == '\\')
                out.append(json[++i]);
            else if (c == '"')
                inString = false;
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out.append(c);
            inString = c == '"';
        }
    }
    return out;
}

// CPU time of the whole process (every thread): the parser and the core use both cores.
double processCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// Wall and process CPU milliseconds of `body`, medians of `repeat` runs after `setup`.
bench::Timing medianProcessMs(int repeat, const std::function<void()> &setup, const std::function<void()> &body)
{
    std::vector<double> wall, cpu;
    for (int i = 0; i < repeat; ++i) {
        setup();
        const auto start = Clock::now();
        const double cpuStart = processCpuMs();
        body();
        cpu.push_back(processCpuMs() - cpuStart);
        wall.push_back(seconds(Clock::now() - start) * 1e3);
    }
    return {median(wall), median(cpu)};
}

void timingRow(Table &table, const char *measure, const bench::Timing &timing, const char *target = "",
               int verdict = -1)
{
    table.row(measure, timing.wallMs, "ms", target, verdict);
    table.row("    (CPU time, all threads)", timing.cpuMs, "ms");
}

// Issue 12: `provtree validate FILE` from start to exit, on generated clouds of 116,000 and
// 8,700 providers, as saved (indented) and compact.
void measureValidateProcess(const Options &options, const QTemporaryDir &dir, Table &table)
{
    table.header("provtree validate, the whole process (spawned; wall and CPU: medians; RSS: peak)");
    if (!QFile::exists(options.cli)) {
        std::printf("(no provtree executable at %s: skipped; see --cli)\n", qPrintable(options.cli));
        return;
    }
    // Issue 12's targets, for the compact file.
    const auto targetMs = [](qsizetype size) { return size == 116000 ? 350.0 : size == 8700 ? 20.0 : -1.0; };
    for (const qsizetype size : options.validateSizes) {
        const double target = targetMs(size);
        const QByteArray indented = serialiseSnapshot(testsupport::CloudGenerator(options.seed).cloud(size));
        for (const bool compact : {false, true}) {
            const QString path = dir.filePath(QStringLiteral("validate-%1%2.json").arg(size).arg(compact ? QStringLiteral("-compact") : QString()));
            const QByteArray bytes = compact ? compacted(indented) : indented;
            writeAll(path, bytes);
            const bench::ProcessRun run = bench::medianProcessRun(options.repeat, {options.cli.toStdString(), "validate",
                                                                                  path.toStdString()});
            if (run.exitCode != 0) {
                std::fprintf(stderr, "provtree-bench: %s validate %s failed\n", qPrintable(options.cli), qPrintable(path));
                std::exit(1);
            }
            std::printf("  %lld providers, %s, %.1f MB:\n", static_cast<long long>(size),
                        compact ? "compact" : "indented", double(bytes.size()) / 1e6);
            const bool checked = compact && target > 0;
            const QByteArray targetText = QByteArray("<= ") + QByteArray::number(target) + " ms";
            table.row("    wall", run.wallMs, "ms", checked ? targetText.constData() : "",
                      checked ? run.wallMs <= target : -1);
            table.row("    CPU time (user + system)", run.cpuMs, "ms");
            table.row("    peak RSS", run.peakRssMb, "MB");
        }
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app);
    if (!options.writeCloud.isEmpty()) {
        const QList<ProviderData> cloud = testsupport::CloudGenerator(options.seed).cloud(options.size);
        if (options.compact)
            writeAll(options.writeCloud, compacted(serialiseSnapshot(cloud)));
        else if (const Status status = saveSnapshot(cloud, options.writeCloud); !status.ok())
            fail("writing the cloud", status);
        return 0;
    }
    Table table;

    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "provtree-bench: no temporary directory\n");
        return 1;
    }
    const QString cloudPath = dir.filePath(QStringLiteral("cloud.json"));
    const QString chainPath = dir.filePath(QStringLiteral("chain.json"));
    const double n = double(options.size);

    QStringList uuidList;
    QStringList nameList;
    {
        testsupport::CloudGenerator generator(options.seed);
        const QList<ProviderData> cloud = generator.cloud(options.size);
        writeAll(cloudPath, serialiseSnapshot(cloud));
        writeAll(chainPath, serialiseSnapshot(generator.chain(options.size)));
        // Random providers to look up.
        std::mt19937_64 random(options.seed);
        const qsizetype refCount = std::min<qsizetype>(options.size, 100000);
        for (qsizetype i = 0; i < refCount; ++i) {
            const ProviderData &p = cloud.at(qsizetype(random() % quint64(cloud.size())));
            uuidList.append(p.uuid);
            nameList.append(p.name);
        }
    }
    const Refs uuidRefs(uuidList);
    const Refs nameRefs(nameList);
    uuidList.clear();
    nameList.clear();
    const QByteArray cloudBytes = readAll(cloudPath);

    std::printf("provtree-bench: %lld providers (seed %llu), snapshot %.1f MB, %d repetitions, "
                "medians\n",
                static_cast<long long>(options.size), static_cast<unsigned long long>(options.seed),
                double(cloudBytes.size()) / 1e6, options.repeat);

    measureValidateProcess(options, dir, table);

    table.header("Loading, in this process: the parts (wall; CPU time of all threads below)");
    {
        QByteArray bytes;
        const bench::Timing read = medianProcessMs(options.repeat, [&] { bytes.clear(); },
                                                   [&] { bytes = readAll(cloudPath); });
        timingRow(table, "read the file", read);
        Result<QList<ProviderData>> parsed = Status();
        const bench::Timing parse = medianProcessMs(options.repeat, [&] { parsed = Status(); }, [&] {
            parsed = parseSnapshot(cloudBytes);
            if (!parsed.ok())
                fail("parsing the snapshot", parsed.status());
        });
        timingRow(table, "parse (bytes -> records, format checked)", parse);
        const bench::Timing validate = medianProcessMs(options.repeat, [] {}, [&] {
            qsizetype errors = 0;
            for (const ProviderData &record : parsed.value())
                errors += Status(validation::checkProvider(record)).ok() ? 0 : 1;
            if (errors)
                std::exit(1);
        });
        timingRow(table, "validate each record (one thread, alone)", validate);
        std::unique_ptr<ProviderTree> tree;
        const bench::Timing insert = medianProcessMs(options.repeat, [&] {
            tree.reset();
            tree = std::make_unique<ProviderTree>();
        }, [&] {
            if (const Status status = tree->replaceAll(parsed.value()); !status.ok())
                fail("replaceAll", status);
        });
        timingRow(table, "replaceAll (validate + tree rules + insert)", insert);
        const bench::Timing destroy = medianProcessMs(options.repeat, [&] {
            tree = std::make_unique<ProviderTree>();
            if (!tree->replaceAll(parsed.value()).ok())
                std::exit(1);
        }, [&] { tree.reset(); });
        timingRow(table, "free the tree", destroy);
    }

    table.header("Loading");
    {
        std::unique_ptr<ProviderTree> tree;
        const double load = medianSeconds(options.repeat, [&] {
            tree.reset(); // destruction is not timed
            tree = std::make_unique<ProviderTree>();
        }, [&] {
            const Status status = loadSnapshot(*tree, cloudBytes);
            if (!status.ok())
                fail("loading the snapshot", status);
        });
        table.row("load and validate (bytes -> tree)", load, "s", "<= 1.5 s", load <= 1.5);

        const double loadFile = medianSeconds(options.repeat, [&] {
            tree.reset();
            tree = std::make_unique<ProviderTree>();
        }, [&] {
            const Status status = loadSnapshotFile(*tree, cloudPath);
            if (!status.ok())
                fail("loading the snapshot file", status);
        });
        table.row("load file (read + parse + validate)", loadFile, "s");

        const double parse = medianSeconds(options.repeat, [] {}, [&] {
            const Result<QList<ProviderData>> parsed = parseSnapshot(cloudBytes);
            if (!parsed.ok())
                fail("parsing the snapshot", parsed.status());
        });
        table.row("  parse only (bytes -> records)", parse, "s");

        const Result<QList<ProviderData>> parsed = parseSnapshot(cloudBytes);
        if (!parsed.ok())
            fail("parsing the snapshot", parsed.status());
        const double populate = medianSeconds(options.repeat, [&] {
            tree.reset();
            tree = std::make_unique<ProviderTree>();
        }, [&] {
            const Status status = tree->populate(parsed.value());
            if (!status.ok())
                fail("populate", status);
        });
        table.row("  populate only (records -> empty tree)", populate, "s");

        const double replace = medianSeconds(options.repeat, [] {}, [&] {
            const Status status = tree->replaceAll(parsed.value());
            if (!status.ok())
                fail("replaceAll", status);
        });
        table.row("  replaceAll (records -> full tree)", replace, "s");

        const double destroy = medianSeconds(options.repeat, [&] {
            tree = std::make_unique<ProviderTree>();
            if (!tree->populate(parsed.value()).ok())
                std::exit(1);
        }, [&] { tree.reset(); });
        table.row("  destroy a full tree", destroy, "s");
    }

    table.header("Memory (tree built from the file, parsed records freed)");
    {
        malloc_trim(0);
        const qint64 heapBefore = heapInUse();
        const qint64 rssBefore = residentBytes();
        auto tree = std::make_unique<ProviderTree>();
        if (const Status status = loadSnapshotFile(*tree, cloudPath); !status.ok())
            fail("loading the snapshot file", status);
        malloc_trim(0);
        const double heap = double(heapInUse() - heapBefore);
        const double rss = double(residentBytes() - rssBefore);
        table.row("heap per provider (mallinfo2)", heap / n, "bytes", "<= 1536",
                  heap / n <= 1536.0);
        table.row("RSS growth per provider", rss / n, "bytes");
        table.row("heap for the whole tree", heap / 1e6, "MB");

        table.header("Queries on the loaded tree");
        std::printf("(random hits among %lld providers; at 100,000 the tree's tens of MB are far larger "
                    "than the caches, so a lookup is cache-cold; \"hot\": the same 64 providers again and "
                    "again)\n",
                    static_cast<long long>(uuidRefs.size()));
        const double dataByUuid = lookupNs(options, uuidRefs, [&](QStringView ref) {
            const auto data = tree->data(ref);
            return data ? data->generation : 0;
        });
        table.row("data(uuid)", dataByUuid, "ns", "<= 1000 ns", dataByUuid <= 1000.0);
        const double byUuid = lookupNs(options, uuidRefs, [&](QStringView ref) {
            return qint64(tree->exists(ref));
        });
        table.row("exists(uuid)", byUuid, "ns", "<= 250 ns", byUuid <= 250.0);
        QStringList hotList;
        for (qsizetype i = 0; i < std::min<qsizetype>(64, uuidRefs.size()); ++i)
            hotList.append(uuidRefs.at(i).toString());
        const Refs hotRefs(hotList);
        const double byUuidHot = lookupNs(options, hotRefs, [&](QStringView ref) {
            return qint64(tree->exists(ref));
        });
        table.row("exists(uuid), hot", byUuidHot, "ns");
        const double dataByName = lookupNs(options, nameRefs, [&](QStringView ref) {
            const auto data = tree->data(ref);
            return data ? data->generation : 0;
        });
        table.row("data(name)", dataByName, "ns", "<= 1000 ns", dataByName <= 1000.0);
        const double byName = lookupNs(options, nameRefs, [&](QStringView ref) {
            return qint64(tree->exists(ref));
        });
        table.row("exists(name)", byName, "ns", "<= 1000 ns", byName <= 1000.0);

        qsizetype seen = 0;
        const double traversal = medianSeconds(options.repeat, [] {}, [&] {
            seen = tree->providerUuids().size();
        });
        if (seen != options.size) {
            std::fprintf(stderr, "provtree-bench: providerUuids() returned %lld uuids\n",
                         static_cast<long long>(seen));
            return 1;
        }
        table.row("providerUuids() (whole tree, top-down)", traversal * 1e3, "ms");
        const double allData = medianSeconds(options.repeat, [] {}, [&] {
            seen = tree->allData().size();
        });
        table.row("allData() (whole tree)", allData * 1e3, "ms");

        const QString savePath = dir.filePath(QStringLiteral("saved.json"));
        const double save = medianSeconds(options.repeat, [] {}, [&] {
            if (const Status status = saveSnapshot(*tree, savePath); !status.ok())
                fail("saving", status);
        });
        table.row("save (tree -> file)", save, "s");
    }
    if (options.loadOnly)
        return finish(table);

    table.header("A chain as deep as the tree is large");
    {
        std::unique_ptr<ProviderTree> tree;
        const double chain = medianSeconds(options.repeat, [&] {
            tree.reset();
            tree = std::make_unique<ProviderTree>();
        }, [&] {
            const Status status = loadSnapshotFile(*tree, chainPath);
            if (!status.ok())
                fail("loading the chain", status);
        });
        table.row("load chain file", chain, "s");
        const double traversal = medianSeconds(options.repeat, [] {}, [&] {
            if (tree->providerUuids().size() != options.size)
                std::exit(1);
        });
        table.row("providerUuids() of the chain", traversal * 1e3, "ms");
        const double destroy = medianSeconds(1, [] {}, [&] { tree.reset(); });
        table.row("destroy the chain", destroy * 1e3, "ms");
    }

    table.header("Comparing two states (diff, patch)");
    {
        // B: A with about 3 % of its providers edited (inventory, traits, renames,
        // generations), 50 leaf providers removed, and 1,000 new providers attached.
        testsupport::CloudGenerator generator(options.seed);
        QList<ProviderData> before = generator.cloud(options.size);
        QList<ProviderData> after = before;
        QSet<QString> parents;
        for (const ProviderData &p : before)
            parents.insert(p.parentUuid);
        qsizetype removedLeaves = 0;
        for (qsizetype i = 0; i < after.size(); ++i) {
            ProviderData &p = after[i];
            if (i % 40 == 0 && !p.inventories.isEmpty())
                p.inventories.first().total = p.inventories.first().totalOr0() + 8;
            if (i % 97 == 0)
                p.traits = QStringList{QStringLiteral("CUSTOM_BENCH")} + p.traits;
            if (i % 250 == 0)
                p.name += QStringLiteral("-renamed");
            if (i % 10 == 0)
                p.generation += 1;
        }
        for (qsizetype i = after.size() - 1; i >= 0 && removedLeaves < 50; i -= 7) {
            if (!parents.contains(after[i].uuid)) {
                after.removeAt(i);
                ++removedLeaves;
            }
        }
        const QString attachTo = after.first().uuid;
        QList<ProviderData> fresh = testsupport::CloudGenerator(options.seed + 1).cloud(std::min<qsizetype>(1000, options.size));
        for (ProviderData &p : fresh) {
            p.name.prepend(QStringLiteral("bench-new-"));
            if (p.parentUuid.isEmpty())
                p.parentUuid = attachTo;
        }
        after.append(fresh);
        // As two loaded files are: no storage shared between the sides.
        const auto reparsed = [](const QList<ProviderData> &records) {
            const Result<QList<ProviderData>> parsed = parseSnapshot(serialiseSnapshot(records));
            if (!parsed.ok())
                fail("reparsing a side", parsed.status());
            return parsed.value();
        };
        const QList<ProviderData> generated = before;
        before = reparsed(generated);
        after = reparsed(after);

        TreeDiff diff;
        const double plain = medianSeconds(options.repeat, [] {}, [&] {
            diff = TreeDiff::compute(before, after, false);
        });
        table.row("diff 2 trees (records -> TreeDiff)", plain, "s", "<= 0.5 s", plain <= 0.5);
        const double merged = medianSeconds(options.repeat, [] {}, [&] {
            diff = TreeDiff::compute(before, after, true);
        });
        table.row("  with the merged tree (for a view)", merged, "s", "<= 0.5 s", merged <= 0.5);
        std::printf("  (%lld providers differ: %lld added, %lld removed, %lld changed)\n",
                    static_cast<long long>(diff.providers().size()),
                    static_cast<long long>(diff.added().size()),
                    static_cast<long long>(diff.removed().size()),
                    static_cast<long long>(diff.changed().size()));
        const double same = medianSeconds(options.repeat, [] {}, [&] {
            if (!TreeDiff::compute(before, before, false).isEmpty())
                std::exit(1);
        });
        table.row("  diff of a tree with itself", same, "s");

        QByteArray patch;
        const double write = medianSeconds(options.repeat, [] {}, [&] { patch = serialisePatch(diff); });
        table.row("serialise the patch", write * 1e3, "ms");
        const double read = medianSeconds(options.repeat, [] {}, [&] {
            if (!parsePatch(patch).ok())
                std::exit(1);
        });
        table.row("parse the patch", read * 1e3, "ms");

        std::unique_ptr<ProviderTree> tree;
        const double apply = medianSeconds(options.repeat, [&] {
            tree = std::make_unique<ProviderTree>();
            if (!tree->populate(before).ok())
                std::exit(1);
        }, [&] {
            if (const Status status = applyPatch(*tree, diff); !status.ok())
                fail("applying the patch", status);
        });
        table.row("apply the patch (check + one transaction)", apply, "s");
        if (serialiseSnapshot(tree->allData()) != serialiseSnapshot(after)) {
            std::fprintf(stderr, "provtree-bench: the patched tree is not the new tree\n");
            return 1;
        }
    }

    return finish(table);
}
