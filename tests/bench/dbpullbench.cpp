// provtree-db-pull-bench: how fast provtree reads a large Placement's database (issue 12,
// part 1), SQLite and MariaDB, next to the API pull's requests per second.
//
//   provtree-db-pull-bench [--sizes 10000,100000] [--check N] [--repeat R] [--seed S]
//
// It starts two real Placements (tests/live/cloud start DIR --noauth-only --mariadb: one on
// SQLite, one on a real MariaDB; both schemas made by Placement's own migrations), then:
//   1. checks the shape of the generated rows: a cloud of N providers (tests/support/
//      cloudgenerator.h, default 200) written through the API (support/placementloader.h),
//      and another written straight into the tables (tests/live/placement-fill); on both
//      databases the database pull must equal the API pull, and Placement's API must read the
//      rows written with SQL back as the generated records (generation 1). The API pull's
//      requests per second are measured here;
//   2. grows the cloud with SQL to each size and times the database pull (medians of R,
//      through PlacementDatabaseSource: worker thread, one snapshot transaction), printing
//      beside it what an API pull of that size would take at the measured rate.
// Exit status 1 if a server does not start or a check fails. Not a test, not in CI (minutes,
// an idle machine). Measure a Release or RelWithDebInfo build.
#include "benchplacement.h"
#include "benchtiming.h"
#include "candidateforest.h"
#include "cloudgenerator.h"
#include "placementclient.h"
#include "placementdatabasesource.h"
#include "placementloader.h"
#include "placementsource.h"
#include "snapshotwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QProcess>

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
    QList<qsizetype> sizes{10000, 100000};
    qsizetype check = 200;
    int repeat = 3;
    quint64 seed = 1;
};

// One Placement and its database: where to send API calls, what to read, where to write rows.
struct Target
{
    const char *name;
    QString apiUrl;
    QString readUrl;   // SQLAlchemy URL for provtree (MariaDB: the SELECT-only reader)
    QString fillUrl;   // placement-fill's target (MariaDB: Placement's own user)
    double apiRequestsPerSecond = 0;
};

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

PlacementConnection connectionTo(const QString &url)
{
    PlacementConnection connection;
    connection.endpoint = url;
    connection.token = Secret(QStringLiteral("admin")); // noauth2's admin
    return connection;
}

// Runs a source's load() to its end; the records sorted by uuid, or nothing on failure.
std::optional<QList<ProviderData>> loadAll(TreeSource &source)
{
    const std::unique_ptr<SourceOperation> operation(source.load());
    QEventLoop loop;
    QObject::connect(operation.get(), &SourceOperation::finished, &loop, &QEventLoop::quit);
    if (!operation->isFinished())
        loop.exec();
    if (!operation->status().ok()) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(source.description()),
                     qPrintable(operation->status().firstError().toString()));
        return std::nullopt;
    }
    QList<ProviderData> providers = operation->loaded().providers;
    std::sort(providers.begin(), providers.end(), [](const ProviderData &a, const ProviderData &b) { return a.uuid < b.uuid; });
    return providers;
}

std::optional<QList<ProviderData>> databasePull(const Target &target)
{
    PlacementDatabaseSource source(DatabaseUrl::parse(target.readUrl).value());
    return loadAll(source);
}

bool fillWithSql(const Target &target, const QList<ProviderData> &providers, const QString &snapshot)
{
    if (!saveSnapshot(providers, snapshot).ok())
        return false;
    QProcess fill;
    fill.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    fill.start(QStringLiteral(PROVTREE_FILL_SCRIPT), {QStringLiteral("fill"), target.fillUrl, snapshot});
    return fill.waitForFinished(-1) && fill.exitStatus() == QProcess::NormalExit && fill.exitCode() == 0;
}

// The first provider whose records differ, for a message; empty when equal.
QString firstDifference(const QList<ProviderData> &left, const QList<ProviderData> &right)
{
    if (left.size() != right.size())
        return QStringLiteral("%1 providers against %2").arg(left.size()).arg(right.size());
    for (qsizetype i = 0; i < left.size(); ++i) {
        if (!(left.at(i) == right.at(i)))
            return QStringLiteral("provider %1 (%2)").arg(left.at(i).uuid, left.at(i).name);
    }
    return {};
}

// Step 1 on one target: database pull equals API pull; the SQL-written rows read back
// through the API as generated. Measures the API pull's requests per second.
bool checkShape(Target &target, const QList<ProviderData> &writtenWithSql)
{
    PlacementSource api(connectionTo(target.apiUrl));
    const auto started = Clock::now();
    const auto fromApi = loadAll(api);
    const double apiSeconds = secondsSince(started);
    const auto fromDatabase = databasePull(target);
    if (!fromApi || !fromDatabase)
        return false;
    target.apiRequestsPerSecond = double(api.client()->requestsSent()) / apiSeconds;
    std::printf("%-8s check: API pull of %lld providers: %llu requests in %.2f s (%.0f requests/s)\n", target.name,
                static_cast<long long>(fromApi->size()), static_cast<unsigned long long>(api.client()->requestsSent()),
                apiSeconds, target.apiRequestsPerSecond);
    if (const QString difference = firstDifference(*fromDatabase, *fromApi); !difference.isEmpty()) {
        std::fprintf(stderr, "%s: the database pull differs from the API pull: %s\n", target.name, qPrintable(difference));
        return false;
    }
    QHash<QString, ProviderData> byUuid;
    for (const ProviderData &provider : *fromApi)
        byUuid.insert(provider.uuid, provider);
    for (ProviderData expected : writtenWithSql) {
        expected.generation = 1; // placement-fill's
        for (InventoryRecord &record : expected.inventories)
            record = record.effective();
        if (!(byUuid.value(expected.uuid) == expected)) {
            std::fprintf(stderr, "%s: Placement reads the SQL-written %s (%s) otherwise than generated\n", target.name,
                         qPrintable(expected.uuid), qPrintable(expected.name));
            return false;
        }
    }
    std::printf("%-8s check: database pull == API pull (%lld providers); the %lld written with SQL read back as "
                "generated\n",
                target.name, static_cast<long long>(fromDatabase->size()), static_cast<long long>(writtenWithSql.size()));
    return true;
}

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("sizes"), QStringLiteral("Cloud sizes, ascending (default 10000,100000)."),
                      QStringLiteral("N,N")});
    parser.addOption({QStringLiteral("check"), QStringLiteral("Providers of the shape check (default 200)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Repetitions, medians printed (default 3)."),
                      QStringLiteral("R")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("The generator's seed (default 1)."), QStringLiteral("S")});
    parser.process(app);
    Options options;
    if (parser.isSet(QStringLiteral("sizes"))) {
        options.sizes.clear();
        for (const QString &size : parser.value(QStringLiteral("sizes")).split(QLatin1Char(',')))
            options.sizes.append(size.toLongLong());
    }
    if (parser.isSet(QStringLiteral("check")))
        options.check = std::max<qsizetype>(1, parser.value(QStringLiteral("check")).toLongLong());
    if (parser.isSet(QStringLiteral("repeat")))
        options.repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());
    if (parser.isSet(QStringLiteral("seed")))
        options.seed = parser.value(QStringLiteral("seed")).toULongLong();
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app);
    bench::BenchPlacement placement(QStringLiteral(PROVTREE_LIVE_SCRIPT));
    if (!placement.start({QStringLiteral("--mariadb")}))
        return 1;
    const QJsonObject mariadb = placement.cloud().value(QStringLiteral("mariadb")).toObject();
    const QJsonObject writer = mariadb.value(QStringLiteral("placement_user")).toObject();
    std::vector<Target> targets{
        {"SQLite", placement.url(), placement.cloud().value(QStringLiteral("noauth_placement_database")).toString(),
         placement.directory() + QStringLiteral("/noauth-placement/placement.db")},
        {"MariaDB", placement.cloud().value(QStringLiteral("mariadb_placement_url")).toString(),
         mariadb.value(QStringLiteral("reader_url")).toString(),
         QStringLiteral("mysql+pymysql://%1:%2@%3:%4/%5")
             .arg(writer.value(QStringLiteral("username")).toString(), writer.value(QStringLiteral("password")).toString(),
                  mariadb.value(QStringLiteral("host")).toString())
             .arg(mariadb.value(QStringLiteral("port")).toInt())
             .arg(mariadb.value(QStringLiteral("database")).toString())},
    };
    const QString snapshot = placement.directory() + QStringLiteral("/generated.json");

    // 1. The shape of the generated rows, against clouds written through the API.
    testsupport::CloudGenerator generator(options.seed);
    const testsupport::CandidateForest throughApi = testsupport::forestFrom(generator.cloud(options.check));
    const QList<ProviderData> throughSql = generator.cloud(options.check);
    for (Target &target : targets) {
        testsupport::PlacementLoader loader(connectionTo(target.apiUrl));
        const testsupport::LoadOutcome loaded = loader.load(throughApi, testsupport::LoadMethod::Bulk);
        if (!loaded.ok()) {
            std::fprintf(stderr, "%s: load through the API failed: %s\n", target.name, qPrintable(loaded.error));
            return 1;
        }
        if (!fillWithSql(target, throughSql, snapshot) || !checkShape(target, throughSql))
            return 1;
    }

    // 2. Larger clouds, written with SQL.
    qsizetype total = 2 * options.check;
    std::printf("\n%-8s %10s %12s %14s %16s %18s\n", "database", "providers", "fill (SQL)", "DB pull", "providers/s",
                "API pull at rate");
    for (const qsizetype size : options.sizes) {
        if (size <= total)
            continue;
        const QList<ProviderData> more = generator.cloud(size - total);
        total = size;
        for (const Target &target : targets) {
            const auto filling = Clock::now();
            if (!fillWithSql(target, more, snapshot))
                return 1;
            const double fillSeconds = secondsSince(filling);
            std::vector<double> pullSeconds;
            qsizetype read = 0;
            for (int r = 0; r < options.repeat; ++r) {
                const auto started = Clock::now();
                const auto pulled = databasePull(target);
                pullSeconds.push_back(secondsSince(started));
                if (!pulled)
                    return 1;
                read = pulled->size();
            }
            // A pull asks 4 requests per provider and a list or two.
            const double apiEstimate = (4.0 * double(read) + 2) / target.apiRequestsPerSecond;
            std::printf("%-8s %10lld %10.1f s %12.2f s %16.0f %13.0f s (%.0f requests/s)\n", target.name,
                        static_cast<long long>(read), fillSeconds, median(pullSeconds), double(read) / median(pullSeconds),
                        apiEstimate, target.apiRequestsPerSecond);
            std::fflush(stdout);
        }
    }
    return 0;
}
