#include "placementpush.h"

#include "logging.h"
#include "neutralise.h"
#include "patchapply.h"
#include "placementclient.h"
#include "placementpull.h"
#include "providertree.h"

#include <QHash>
#include <QSet>
#include <QTimer>

namespace provtree {

bool PushOutcome::hasConflicts() const
{
    return std::any_of(fields.cbegin(), fields.cend(), [](const ThreeWayField &f) { return f.isConflict(); });
}

QList<ThreeWayField> PushOutcome::conflicts() const
{
    QList<ThreeWayField> found;
    for (const ThreeWayField &field : fields) {
        if (field.isConflict())
            found.append(field);
    }
    return found;
}

QStringList touchedProviders(const TreeDiff &patch)
{
    QStringList uuids;
    for (const ProviderDiff &diff : patch.providers()) {
        if (!diff.isChange())
            continue;
        if (diff.status == DiffStatus::Added) {
            if (diff.isSubtreeRoot() && !diff.record.parentUuid.isEmpty())
                uuids.append(diff.record.parentUuid);
            continue;
        }
        uuids.append(diff.uuid);
        if (diff.parentUuid && !diff.parentUuid->newValue.isEmpty())
            uuids.append(diff.parentUuid->newValue);
    }
    uuids.removeDuplicates();
    return uuids;
}

QList<ProviderData> stateBeforePatch(const QList<ProviderData> &now, const TreeDiff &patch)
{
    QList<ProviderData> before;
    before.reserve(now.size());
    QSet<QString> seen;
    for (const ProviderData &record : now) {
        seen.insert(record.uuid);
        const ProviderDiff *diff = patch.find(record.uuid);
        if (!diff || !diff->isChange())
            before.append(record);
        else if (diff->status == DiffStatus::Removed)
            before.append(diff->record);
        else if (diff->status != DiffStatus::Added) // added: it was not there when pulled
            before.append(withChangeApplied(record, *diff, PatchDirection::Backward));
    }
    // What the patch changes or removes that Placement no longer has: as the patch saw it,
    // so that the three-way view shows it was deleted meanwhile.
    for (const ProviderDiff &diff : patch.providers()) {
        if (seen.contains(diff.uuid) || !diff.isChange() || diff.status == DiffStatus::Added)
            continue;
        if (diff.status == DiffStatus::Removed) {
            before.append(diff.record);
            continue;
        }
        ProviderData unknown;
        unknown.uuid = diff.uuid;
        unknown.name = diff.name ? diff.name->oldValue : diff.uuid;
        before.append(withChangeApplied(unknown, diff, PatchDirection::Backward));
    }
    return before;
}

namespace {

QHash<QString, qint64> generationsOf(const QList<ProviderData> &records)
{
    QHash<QString, qint64> generations;
    for (const ProviderData &record : records)
        generations.insert(record.uuid, record.generation);
    return generations;
}

QHash<QString, const ProviderData *> byUuid(const QList<ProviderData> &records)
{
    QHash<QString, const ProviderData *> index;
    for (const ProviderData &record : records)
        index.insert(record.uuid, &record);
    return index;
}

// The providers the patch touches that Placement changed since the patch was made: each
// a GenerationConflict naming the provider and both generations.
Problems staleProviders(const QList<ProviderData> &before, const QList<ProviderData> &now, const TreeDiff &patch)
{
    const auto nowByUuid = byUuid(now);
    const auto beforeByUuid = byUuid(before);
    Problems stale;
    for (const ProviderDiff &diff : patch.providers()) {
        if (!diff.isChange())
            continue;
        const ProviderData *current = nowByUuid.value(diff.uuid);
        if (diff.status == DiffStatus::Added) {
            if (current)
                stale.append(makeError(ProblemKind::GenerationConflict,
                                       QStringLiteral("%1, which the push creates, was created in Placement meanwhile")
                                           .arg(neutralised(current->name)),
                                       diff.uuid, QStringLiteral("uuid")));
            continue;
        }
        const ProviderData *pulled = beforeByUuid.value(diff.uuid);
        const QString name = neutralised(pulled ? pulled->name : diff.uuid);
        if (!current) {
            if (diff.status != DiffStatus::Removed)
                stale.append(makeError(ProblemKind::GenerationConflict,
                                       QStringLiteral("%1 was deleted in Placement since the pull").arg(name),
                                       diff.uuid, QStringLiteral("uuid")));
            continue;
        }
        if (pulled && current->generation != pulled->generation)
            stale.append(makeError(ProblemKind::GenerationConflict,
                                   QStringLiteral("%1 changed in Placement since the pull (generation %2, now %3)")
                                       .arg(name, QString::number(pulled->generation),
                                            QString::number(current->generation)),
                                   diff.uuid, QStringLiteral("generation")));
    }
    return stale;
}

// The rows worth showing: every field where Placement's value differs from the pulled
// one, and every conflict.
QList<ThreeWayField> rowsToShow(const QList<ThreeWayField> &fields)
{
    QList<ThreeWayField> rows;
    for (const ThreeWayField &field : fields) {
        if (field.isConflict() || field.now != field.pulled)
            rows.append(field);
    }
    return rows;
}

class PlacementPushOperation : public PushOperation
{
public:
    PlacementPushOperation(PlacementClient *client, TreeDiff patch, PushOptions options)
        : m_client(client), m_patch(std::move(patch)), m_options(options), m_touched(touchedProviders(m_patch))
    {
        QTimer::singleShot(0, this, &PlacementPushOperation::run);
    }

    void cancel() override
    {
        if (isFinished())
            return;
        if (m_executor && !m_executor->isFinished())
            m_executor->cancel(); // stops before its next call; the outcome says what was applied
        else if (m_pull)
            m_pull->cancel();
        else
            done(makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user; nothing was sent")));
    }

private:
    void run()
    {
        if (isFinished())
            return;
        m_client->ensureNegotiated(this, [this](const Status &status) {
            if (isFinished())
                return;
            if (!status.ok())
                done(status);
            else
                readNow();
        });
    }

    // Reads the trees of `uuids`, then calls `next` with them.
    void readTrees(const QStringList &uuids, std::function<void(QList<ProviderData>)> next)
    {
        m_pull = new PlacementPull(m_client, this);
        connect(m_pull, &PlacementPull::finished, this, [this, next = std::move(next)] {
            PlacementPull *pull = std::exchange(m_pull, nullptr);
            pull->deleteLater();
            if (!pull->result().ok()) {
                Status status = pull->result().status();
                if (m_outcome.sent) {
                    // Placement's state after the calls is unknown: say so, never pass off
                    // the state before them as the new base.
                    m_outcome.now.providers.clear();
                    if (m_outcome.execution.failure)
                        status.append(*m_outcome.execution.failure);
                    status.append(makeError(ProblemKind::Unreachable,
                                            QStringLiteral("the calls were sent (%1 of %2 applied), but Placement's "
                                                           "state after them could not be read: pull again")
                                                .arg(QString::number(m_outcome.execution.applied),
                                                     QString::number(m_outcome.plan.calls.size()))));
                }
                done(status);
                return;
            }
            next(pull->result().value().providers);
        });
        m_pull->startTrees(uuids);
    }

    void readNow()
    {
        readTrees(m_touched, [this](QList<ProviderData> now) { plan(std::move(now)); });
    }

    void plan(QList<ProviderData> now)
    {
        m_outcome.now.providers = now;
        m_before = stateBeforePatch(now, m_patch);
        const Result<QList<ProviderData>> mine = patchedRecords(m_before, m_patch);
        if (!mine.ok()) {
            // Placement deleted a parent the patch adds or moves providers under, ...
            done(mine.status());
            return;
        }
        m_mine = mine.value();
        const Rebase merged = rebase(m_before, m_mine, now);
        m_outcome.fields = rowsToShow(merged.fields);

        QList<ProviderData> target = m_mine;
        if (m_options.rebase) {
            target = merged.merged;
        } else if (const Problems stale = staleProviders(m_before, now, m_patch); !stale.isEmpty()) {
            Problems problems = stale;
            problems.append(makeError(ProblemKind::GenerationConflict,
                                      QStringLiteral("nothing was sent: --rebase (or Re-apply) puts your changes on "
                                                     "top of Placement's where they touch other fields")));
            done(problems);
            return;
        }
        // Placement's rules, by the core, before anything is sent: a push never gets a 400
        // that the core could have known (and the plan needs valid trees).
        ProviderTree check;
        if (const Status valid = check.replaceAll(target); !valid.ok()) {
            done(valid.errors());
            return;
        }
        const Result<PushPlan> plan = makePushPlan(now, target, m_client->microversionMinor());
        if (!plan.ok()) {
            done(plan.status());
            return;
        }
        m_outcome.plan = plan.value();
        if (m_options.dryRun || m_outcome.plan.isEmpty()) {
            done(conflictStatus());
            return;
        }
        send(generationsOf(now));
    }

    void send(QHash<QString, qint64> generations)
    {
        m_outcome.sent = true;
        m_executor = new PlanExecutor(m_client, m_outcome.plan, std::move(generations), this);
        connect(m_executor, &PlanExecutor::progress, this, &SourceOperation::progress);
        connect(m_executor, &PlanExecutor::finished, this, [this] {
            m_outcome.execution = m_executor->report();
            // Whatever happened, the touched trees are read again, with the trees the push
            // created: that is the new base.
            QStringList trees = m_touched;
            for (const ProviderDiff *added : m_patch.addedSubtrees())
                trees.append(added->uuid);
            readTrees(trees, [this](QList<ProviderData> after) { sent(std::move(after)); });
        });
        m_executor->start();
    }

    void sent(QList<ProviderData> after)
    {
        m_outcome.now.providers = after;
        Status status = conflictStatus();
        if (const auto &failure = m_outcome.execution.failure) {
            status.append(*failure);
            if (!m_outcome.execution.conflictingProvider.isEmpty()) {
                // Someone wrote between our read and our write: show what they changed.
                m_outcome.fields = rowsToShow(rebase(m_before, m_mine, after).fields);
            }
        }
        done(status);
    }

    // With rebase, fields both sides changed differently kept Placement's value: each is
    // a conflict the user must see (the push of the rest still counts).
    [[nodiscard]] Status conflictStatus() const
    {
        Status status;
        for (const ThreeWayField &field : m_outcome.conflicts())
            status.append(makeError(ProblemKind::GenerationConflict,
                                    QStringLiteral("%1: Placement changed it too since the pull; its value was kept, "
                                                   "yours was not sent")
                                        .arg(neutralised(field.providerName)),
                                    field.providerUuid, field.field));
        return status;
    }

    void done(Status status)
    {
        m_outcome.now.origin.source = QStringLiteral("placement");
        finish(std::move(status), m_outcome.now);
    }

    PlacementClient *m_client; // Not owned.
    TreeDiff m_patch;
    PushOptions m_options;
    QStringList m_touched;
    QList<ProviderData> m_before;
    QList<ProviderData> m_mine;
    PlacementPull *m_pull = nullptr;         // Owned (child) while reading.
    PlanExecutor *m_executor = nullptr;      // Owned (child).
};

} // namespace

PushOperation *startPush(PlacementClient *client, const TreeDiff &patch, const PushOptions &options)
{
    return new PlacementPushOperation(client, patch, options);
}

} // namespace provtree
