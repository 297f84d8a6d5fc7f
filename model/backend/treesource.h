#pragma once

#include "problem.h"
#include "providerdata.h"
#include "snapshotorigin.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace provtree {

class TreeDiff;
class PushOperation;
struct PushOptions;

// Provider records as a source gave them, with where and when they were taken.
struct LoadedTree
{
    QList<ProviderData> providers;
    SnapshotOrigin origin;
};

// One running operation of a TreeSource (a load, a refresh, a push): its progress, a way to
// stop it, and its outcome. Owned by whoever started it (delete it, or give it a parent);
// it may be deleted at any time, which stops it. Lives on the source's thread.
class SourceOperation : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Stops the operation; it finishes with Cancelled unless it finished already. A push
    // that is stopped half-way reports what it applied (PushOutcome).
    virtual void cancel() = 0;
    [[nodiscard]] bool isFinished() const { return m_finished; }
    // After finished(): the outcome. Errors are the source's (Io, Syntax, the rules'
    // kinds for files; Unreachable, Unauthorized, Forbidden, ... for a cloud; Cancelled).
    [[nodiscard]] const Status &status() const { return m_status; }
    // A load's or refresh's records (empty for a push, or on failure).
    [[nodiscard]] const LoadedTree &loaded() const { return m_loaded; }

signals:
    // `done` of `total` steps (providers read, calls sent); `total` 0 while unknown.
    void progress(qsizetype done, qsizetype total);
    void finished();

protected:
    // For implementations: records the outcome and emits finished(), once.
    void finish(Status status, LoadedTree loaded = {});

private:
    bool m_finished = false;
    Status m_status;
    LoadedTree m_loaded;
};

// A source of provider trees and the destination of edits: a snapshot file, or a live
// Placement. The GUI and the CLI talk to sources through this interface only; what they
// receive they put into the core (ProviderTree), which checks it like any other input.
//
// Every operation is asynchronous: it returns at once, and the operation reports through
// its signals on the source's thread. One source runs one operation at a time.
class TreeSource : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // For people: "snapshot cn.json", "cloud prod (RegionOne)". Never a secret.
    [[nodiscard]] virtual QString description() const = 0;

    // Every provider (tree empty), or the whole tree of the provider named by `tree` (a
    // name or uuid). Errors: NotFound when `tree` names no provider.
    [[nodiscard]] virtual SourceOperation *load(const QString &tree = {}) = 0;
    // The current state of the trees of the given providers (a re-read after a conflict,
    // or the "now" of a push). Providers that no longer exist are simply absent.
    [[nodiscard]] virtual SourceOperation *refresh(const QStringList &uuids) = 0;
    // Applies `patch` (the diff between what load() gave and my edits) to the source, or
    // with options.dryRun only says what it would do (pushoutcome.h).
    [[nodiscard]] virtual PushOperation *push(const TreeDiff &patch, const PushOptions &options) = 0;

    // Why push() always refuses, for people (one sentence, never a secret); empty when it
    // can push. A source that is only read says so here, so that callers can turn Push off
    // before anyone edits.
    [[nodiscard]] virtual QString pushRefusal() const { return {}; }
    // Where push() sends edits when that is not where load() reads ("cloud prod
    // (RegionOne)"); empty: the same place as description(). Never a secret.
    [[nodiscard]] virtual QString pushDescription() const { return {}; }
};

} // namespace provtree
