#include "cloudoptions.h"

#include "cloudconfig.h"
#include "cloudsession.h"
#include "treesource.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcessEnvironment>

namespace provtree::cli {

namespace {
const QString kCloud = QStringLiteral("os-cloud");
const QString kUrl = QStringLiteral("url");
const QString kToken = QStringLiteral("token");
const QString kRegion = QStringLiteral("os-region-name");
const QString kInterface = QStringLiteral("os-interface");
const QString kCacert = QStringLiteral("os-cacert");
const QString kInsecure = QStringLiteral("insecure");
} // namespace

void addCloudOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(kCloud, QStringLiteral("The cloud of clouds.yaml to use (default: OS_CLOUD)."),
                                        QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(kUrl, QStringLiteral("Placement's URL, without Keystone (with --token)."),
                                        QStringLiteral("URL")));
    parser.addOption(QCommandLineOption(
        kToken, QStringLiteral("With --url the token Placement takes, else a Keystone token (default: OS_TOKEN)."),
        QStringLiteral("TOKEN")));
    parser.addOption(QCommandLineOption(kRegion, QStringLiteral("The region (default: OS_REGION_NAME)."),
                                        QStringLiteral("REGION")));
    parser.addOption(QCommandLineOption(kInterface,
                                        QStringLiteral("public, internal or admin (default: OS_INTERFACE, public)."),
                                        QStringLiteral("INTERFACE")));
    parser.addOption(QCommandLineOption(kCacert, QStringLiteral("CA certificates to trust (PEM; default: OS_CACERT)."),
                                        QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(kInsecure, QStringLiteral("Does not verify TLS certificates (unsafe).")));
}

bool hasCloudOptions(const QCommandLineParser &parser)
{
    for (const QString &option : {kCloud, kUrl, kToken, kRegion, kInterface, kCacert, kInsecure}) {
        if (parser.isSet(option))
            return true;
    }
    return false;
}

std::optional<PlacementConnection> connectToPlacement(const QCommandLineParser &parser, const Console &console,
                                                      int &exitCode)
{
    CloudOptions options;
    options.cloud = parser.value(kCloud);
    options.url = parser.value(kUrl);
    if (parser.isSet(kToken))
        options.token = Secret(parser.value(kToken));
    options.region = parser.value(kRegion);
    options.interface = parser.value(kInterface);
    options.cacert = parser.value(kCacert);
    if (parser.isSet(kInsecure))
        options.insecure = true;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const Result<CloudConfig> config = resolveCloud(options, env, CloudFiles::standard(env));
    for (const Problem &problem : config.problems())
        console.err << "provtree: " << problem.toString() << '\n';
    if (!config.ok()) {
        exitCode = kExitUnreadable;
        return std::nullopt;
    }

    CloudSession session;
    std::optional<Result<PlacementConnection>> opened;
    QEventLoop loop;
    session.open(config.value(), &loop, [&](const Result<PlacementConnection> &result) {
        opened.emplace(result);
        loop.quit();
    });
    loop.exec();
    if (!opened->ok()) {
        for (const Problem &problem : opened->problems())
            console.err << "provtree: " << problem.toString() << '\n';
        exitCode = kExitUnreadable;
        return std::nullopt;
    }
    return opened->value();
}

void waitFor(SourceOperation &operation, const Console &console, const QString &verb)
{
    QEventLoop loop;
    QElapsedTimer sinceLine;
    sinceLine.start();
    qsizetype lastTenth = -1;
    QObject::connect(&operation, &SourceOperation::progress, &loop, [&](qsizetype done, qsizetype total) {
        const qsizetype tenth = total > 0 ? done * 10 / total : 0;
        if (tenth == lastTenth && sinceLine.elapsed() < 2000 && done != total)
            return;
        lastTenth = tenth;
        sinceLine.restart();
        console.err << verb << ": " << done << '/' << total << '\n';
        console.err.flush();
    });
    QObject::connect(&operation, &SourceOperation::finished, &loop, &QEventLoop::quit);
    if (!operation.isFinished())
        loop.exec();
}

} // namespace provtree::cli
