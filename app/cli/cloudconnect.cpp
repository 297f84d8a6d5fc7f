#include "cloudconnect.h"

#include "cloudconfig.h"
#include "cloudoptions.h"
#include "cloudsession.h"
#include "treesource.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcessEnvironment>

namespace provtree::cli {

std::optional<PlacementConnection> connectToPlacement(const QCommandLineParser &parser, const Console &console,
                                                      int &exitCode)
{
    using namespace cloudoption;
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
