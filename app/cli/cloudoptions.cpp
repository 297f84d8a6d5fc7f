#include "cloudoptions.h"

#include "treesource.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcessEnvironment>

namespace provtree::cli {

namespace {
const QString kUrl = QStringLiteral("url");
const QString kToken = QStringLiteral("token");
} // namespace

void addCloudOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(kUrl, QStringLiteral("Placement's URL, without Keystone (with --token)."),
                                        QStringLiteral("URL")));
    parser.addOption(QCommandLineOption(kToken, QStringLiteral("The token for --url (default: OS_TOKEN)."),
                                        QStringLiteral("TOKEN")));
}

std::optional<PlacementConnection> connectToPlacement(const QCommandLineParser &parser, const Console &console,
                                                      int &exitCode)
{
    PlacementConnection connection;
    connection.endpoint = parser.value(kUrl);
    connection.token = Secret(parser.isSet(kToken) ? parser.value(kToken)
                                                   : QProcessEnvironment::systemEnvironment().value(QStringLiteral("OS_TOKEN")));
    if (connection.endpoint.isEmpty()) {
        console.err << "provtree: no cloud given (--url)\n";
        exitCode = kExitUsage;
        return std::nullopt;
    }
    return connection;
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
