#pragma once

#include "problem.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace provtree {

// clouds.yaml and secure.yaml as openstacksdk reads them, merged into one tree of
// QVariantMap / QVariantList / QString / bool (YAML 1.1 booleans as PyYAML reads them:
// true/false, yes/no, on/off, unquoted; nulls left out; every '-' in a key read as '_', as
// openstacksdk normalises keys). Internal to provtree_backend (cloudconfig.cpp); any thread.
struct CloudDocument
{
    QVariantMap root;
    QString cloudsFile; // the file read; empty when no candidate exists
    QString secureFile;
    // "FILE:LINE:COLUMN" of each value, by its path of keys (YAML only; JSON values map
    // to "FILE"). Keys are joined with pathKey().
    QHash<QString, QString> locations;

    // Where the value at `path` was written, else the closest enclosing value's place,
    // else the clouds file; empty when there is no file at all.
    [[nodiscard]] QString locationOf(const QStringList &path) const;
    [[nodiscard]] static QString pathKey(const QStringList &path);
};

// Reads the first candidate of `clouds` that exists and can be read, likewise of `secure`,
// and merges the second into the first (mergedDeeply). *.json files are JSON, the others
// YAML. Errors (Configuration, location "FILE:LINE:COLUMN"): a syntax error, a top level
// that is not a mapping. Warnings: a candidate that exists but cannot be read, skipped.
[[nodiscard]] Result<CloudDocument> readCloudDocument(const QStringList &clouds, const QStringList &secure);

// openstacksdk's merge_clouds: `overlay`'s values replace `base`'s, except that two maps
// are merged the same way, recursively.
[[nodiscard]] QVariantMap mergedDeeply(QVariantMap base, const QVariantMap &overlay);

} // namespace provtree
