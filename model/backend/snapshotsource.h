#pragma once

#include "treesource.h"

namespace provtree {

// A snapshot file as a TreeSource: load() reads it (all of it, or one tree of it),
// refresh() reads it again. The file is read when the operation runs, on the source's
// thread (files are read in one go; a 100,000-provider file takes well under a second).
class SnapshotSource : public TreeSource
{
    Q_OBJECT

public:
    explicit SnapshotSource(QString path, QObject *parent = nullptr);

    [[nodiscard]] QString description() const override;
    [[nodiscard]] SourceOperation *load(const QString &tree = {}) override;
    [[nodiscard]] SourceOperation *refresh(const QStringList &uuids) override;
    // Applies the patch to the file (diff/patchapply.h: every old value checked, the
    // provider's generation included) and saves it atomically. A dry run writes nothing;
    // rebase is refused (a file has no newer state to merge with).
    [[nodiscard]] PushOperation *push(const TreeDiff &patch, const PushOptions &options) override;

    [[nodiscard]] const QString &path() const { return m_path; }

private:
    QString m_path;
};

// The records of the trees that the providers named by `refs` (names or uuids) belong to,
// top-down per tree, from a valid list of records. Refs that name nothing are skipped.
[[nodiscard]] QList<ProviderData> treesOf(const QList<ProviderData> &records, const QStringList &refs);

} // namespace provtree
