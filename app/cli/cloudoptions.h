#pragma once

#include <QCommandLineParser>
#include <QString>

namespace provtree::cli {

// The cloud options every command that talks to Placement takes, named as the openstack
// CLI names them (--os-cloud, --os-region-name, ...), plus --url and --token for a
// Placement without Keystone. What is not given comes from OS_* variables and clouds.yaml.
// Only their declaration: provtree's candidates command reads them without the backends
// (cloudexecutable.h); connecting with them is cloudconnect.h's.
namespace cloudoption {
inline const QString kCloud = QStringLiteral("os-cloud");
inline const QString kUrl = QStringLiteral("url");
inline const QString kToken = QStringLiteral("token");
inline const QString kRegion = QStringLiteral("os-region-name");
inline const QString kInterface = QStringLiteral("os-interface");
inline const QString kCacert = QStringLiteral("os-cacert");
inline const QString kInsecure = QStringLiteral("insecure");
} // namespace cloudoption

void addCloudOptions(QCommandLineParser &parser);

// Whether any of those options is on the command line.
[[nodiscard]] bool hasCloudOptions(const QCommandLineParser &parser);

} // namespace provtree::cli
