#pragma once

#include "cloudconfig.h"
#include "clouddocument.h"

#include <QVariantMap>

#include <initializer_list>

namespace provtree {

// Which cloud resolveCloud() reads, before any of its values: a clouds.yaml entry (with
// secure.yaml merged) or the OS_* variables as a cloud of their own, with the region chosen
// and that region's values applied. Internal to provtree_backend (cloudresolver.cpp uses
// it); a plain value, any thread.
struct ChosenCloud
{
    CloudDocument document; // the files read
    QString name;           // the entry; empty for the OS_* variables
    bool fromVariables = false;
    QVariantMap entry;      // the cloud's values (OS_AUTH_URL as auth_url for the variables)
    QString region;         // empty when none is configured or asked for

    // Where `path` (keys below the entry, e.g. {"auth", "auth_url"}) is written, else the
    // closest enclosing value's place: "FILE:LINE:COLUMN"; empty for the OS_* variables.
    [[nodiscard]] QString locationOf(const QStringList &path) const;
};

// Chooses as cloudconfig.h describes (options.cloud, OS_CLOUD, the OS_* variables, the only
// entry; the region from options, OS_REGION_NAME, the entry's regions). Errors
// (Configuration): the files' errors, clouds: or the entry or its auth: not a mapping, an
// unknown cloud, several clouds and none named, nothing configured, a region the entry
// does not list. Warnings: the files' warnings, OS_CLIENT_CONFIG_FILE or
// OS_CLIENT_SECURE_FILE naming no file.
[[nodiscard]] Result<ChosenCloud> chooseCloud(const CloudOptions &options, const QProcessEnvironment &env,
                                              const CloudFiles &files);

// The first of the variables `names` that is set and not empty (osc-lib's utils.env():
// empty is unset).
[[nodiscard]] QString osVariable(const QProcessEnvironment &env, std::initializer_list<const char *> names);

// A Configuration error naming `field` at `location`.
[[nodiscard]] Problem configurationError(const QString &message, const QString &field = {},
                                         const QString &location = {});

} // namespace provtree
