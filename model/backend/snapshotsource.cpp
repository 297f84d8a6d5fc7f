#include "snapshotsource.h"

#include "neutralise.h"
#include "patchapply.h"
#include "providertree.h"
#include "pushoutcome.h"
#include "snapshotwriter.h"
#include "snapshotreader.h"
#include "validation.h"

#include <QFileInfo>
#include <QHash>
#include <QTimer>

namespace provtree {

namespace {

// Reads the file on the next turn of the event loop, so that the caller can connect to
// the operation's signals first.
class FileReadOperation : public SourceOperation
{
public:
    FileReadOperation(QString path, QStringList trees, bool wholeFileWhenEmpty, QObject *parent)
        : SourceOperation(parent), m_path(std::move(path)), m_trees(std::move(trees)),
          m_wholeFileWhenEmpty(wholeFileWhenEmpty)
    {
        QTimer::singleShot(0, this, &FileReadOperation::run);
    }

    void cancel() override { finish(makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user"))); }

private:
    void run()
    {
        if (isFinished())
            return;
        Result<SnapshotDocument> document = readSnapshotDocumentFile(m_path);
        if (!document.ok()) {
            finish(document.status());
            return;
        }
        const SnapshotOrigin &origin = document.value().origin;
        if (m_trees.isEmpty() && m_wholeFileWhenEmpty) {
            finish({}, LoadedTree{std::move(document.value().providers), origin});
            return;
        }
        QList<ProviderData> selected = treesOf(document.value().providers, m_trees);
        if (selected.isEmpty() && m_wholeFileWhenEmpty) {
            finish(makeError(ProblemKind::NotFound, QStringLiteral("%1 has no provider named or with the uuid %2")
                                                        .arg(neutralised(m_path, 200), neutralised(m_trees.value(0)))));
            return;
        }
        finish({}, LoadedTree{std::move(selected), origin});
    }

    QString m_path;
    QStringList m_trees;
    bool m_wholeFileWhenEmpty;
};

class FilePatchOperation : public PushOperation
{
public:
    FilePatchOperation(QString path, TreeDiff patch, PushOptions options)
        : m_path(std::move(path)), m_patch(std::move(patch)), m_options(options)
    {
        QTimer::singleShot(0, this, &FilePatchOperation::run);
    }

    void cancel() override { finish(makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user"))); }

private:
    void run()
    {
        if (isFinished())
            return;
        if (m_options.rebase) {
            finish(makeError(ProblemKind::Refused, QStringLiteral("a snapshot file is patched as it is: rebase "
                                                                  "applies only to a live Placement")));
            return;
        }
        Result<SnapshotDocument> document = readSnapshotDocumentFile(m_path);
        if (!document.ok()) {
            finish(document.status());
            return;
        }
        ProviderTree tree;
        if (const Status loaded = tree.replaceAll(document.value().providers); !loaded.ok()) {
            finish(loaded);
            return;
        }
        if (const Status applied = applyPatch(tree, m_patch); !applied.ok()) {
            finish(applied);
            return;
        }
        m_outcome.plan.notes.append(QStringLiteral("write the patched tree to ") + neutralised(m_path, 200));
        LoadedTree patched{tree.allData(), document.value().origin};
        if (!m_options.dryRun) {
            if (const Status saved = saveSnapshot(patched.providers, m_path, patched.origin); !saved.ok()) {
                finish(saved);
                return;
            }
            m_outcome.sent = true;
        }
        m_outcome.now = patched;
        finish({}, std::move(patched));
    }

    QString m_path;
    TreeDiff m_patch;
    PushOptions m_options;
};

} // namespace

QList<ProviderData> treesOf(const QList<ProviderData> &records, const QStringList &refs)
{
    QHash<QString, qsizetype> byUuid, byName;
    QHash<QString, QList<qsizetype>> children;
    for (qsizetype i = 0; i < records.size(); ++i) {
        byUuid.insert(records.at(i).uuid, i);
        byName.insert(records.at(i).name, i);
        children[records.at(i).parentUuid].append(i);
    }
    QList<ProviderData> selected;
    QSet<qsizetype> rootsTaken;
    for (const QString &ref : refs) {
        const auto uuid = validation::canonicalUuid(ref);
        qsizetype at = uuid && byUuid.contains(*uuid) ? byUuid.value(*uuid) : byName.value(ref, -1);
        if (at < 0)
            continue;
        // Up to the root; a cycle (never in a valid tree) stops at the first repeat.
        QSet<qsizetype> seen{at};
        while (!records.at(at).parentUuid.isEmpty() && byUuid.contains(records.at(at).parentUuid)) {
            at = byUuid.value(records.at(at).parentUuid);
            if (seen.contains(at))
                break;
            seen.insert(at);
        }
        if (rootsTaken.contains(at))
            continue;
        rootsTaken.insert(at);
        QList<qsizetype> stack{at};
        while (!stack.isEmpty()) {
            const qsizetype next = stack.takeLast();
            selected.append(records.at(next));
            const QList<qsizetype> below = children.value(records.at(next).uuid);
            for (auto it = below.crbegin(); it != below.crend(); ++it)
                stack.append(*it);
        }
    }
    return selected;
}

SnapshotSource::SnapshotSource(QString path, QObject *parent) : TreeSource(parent), m_path(std::move(path)) {}

QString SnapshotSource::description() const
{
    return QStringLiteral("snapshot ") + neutralisedIfNeeded(QFileInfo(m_path).fileName());
}

SourceOperation *SnapshotSource::load(const QString &tree)
{
    return new FileReadOperation(m_path, tree.isEmpty() ? QStringList() : QStringList{tree}, true, nullptr);
}

SourceOperation *SnapshotSource::refresh(const QStringList &uuids)
{
    return new FileReadOperation(m_path, uuids, false, nullptr);
}

PushOperation *SnapshotSource::push(const TreeDiff &patch, const PushOptions &options)
{
    return new FilePatchOperation(m_path, patch, options);
}

} // namespace provtree
