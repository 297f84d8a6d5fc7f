#pragma once

#include "problem.h"
#include "pushplan.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

namespace provtree {

class PlacementClient;
struct PlacementResponse;

// What sending a plan did.
struct ExecutionReport
{
    qsizetype applied = 0;          // the calls that succeeded, counted from the first
    std::optional<Problem> failure; // why call number `applied` failed; none when all succeeded
    // The provider the failing call was about, when Placement's state of it was not the one
    // the plan expected (a 409 for a stale generation, or a CheckProvider that found it
    // changed): the caller re-reads it for a three-way view.
    QString conflictingProvider;
    QHash<QString, qint64> generations; // each provider's generation after the last write to it
};

// Sends a PushPlan's calls one after another, in the plan's (dependency) order, and stops
// at the first failure. Guarded writes get "resource_provider_generation" from the
// generations it tracks: the pulled ones at first, then each answer's. A CheckProvider
// reads the provider and refuses to go on (GenerationConflict) when its generation, name or
// parent is not what the plan expects, so that an unguarded rename, move or delete never
// overwrites a change it has not seen. Writes are never retried (the client retries reads).
//
// Lives on the client's thread. start() once.
class PlanExecutor : public QObject
{
    Q_OBJECT

public:
    // `generations`: each existing provider's generation as pulled (what the plan's guarded
    // writes start from); new providers get theirs from Placement's answer to their POST.
    PlanExecutor(PlacementClient *client, PushPlan plan, QHash<QString, qint64> generations,
                 QObject *parent = nullptr);

    void start();
    // Stops before the next call; the report says what was applied (Cancelled).
    void cancel();

    [[nodiscard]] const PushPlan &plan() const { return m_plan; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] const ExecutionReport &report() const { return m_report; }

signals:
    void progress(qsizetype done, qsizetype total);
    void finished();

private:
    void sendNext();
    void answered(const PlacementResponse &response);
    [[nodiscard]] std::optional<Problem> checkProvider(const PlannedCall &call, const QJsonObject &found) const;
    void stop(Problem problem, const QString &conflictingProvider = {});
    void finish();

    PlacementClient *m_client; // Not owned.
    PushPlan m_plan;
    ExecutionReport m_report;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace provtree
