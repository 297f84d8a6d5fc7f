#include "cloudoptions.h"

namespace provtree::cli {

void addCloudOptions(QCommandLineParser &parser)
{
    using namespace cloudoption;
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
    using namespace cloudoption;
    for (const QString &option : {kCloud, kUrl, kToken, kRegion, kInterface, kCacert, kInsecure}) {
        if (parser.isSet(option))
            return true;
    }
    return false;
}

} // namespace provtree::cli
