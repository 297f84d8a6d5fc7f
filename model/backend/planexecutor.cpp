#include "planexecutor.h"

#include "logging.h"
#include "neutralise.h"
#include "placementclient.h"
#include "validation.h"

#include <QJsonObject>

namespace provtree {

PlanExecutor::PlanExecutor(PlacementClient *client, PushPlan plan, QHash<QString, qint64> generations, QObject *parent)
    : QObject(parent), m_client(client), m_plan(std::move(plan))
{
    m_report.generations = std::move(generations);
}

void PlanExecutor::start()
{
    emit progress(0, m_plan.calls.size());
    sendNext();
}

void PlanExecutor::cancel()
{
    m_cancelled = true; // the call in flight completes; nothing after it is sent
}

void PlanExecutor::sendNext()
{
    if (m_report.applied == m_plan.calls.size()) {
        finish();
        return;
    }
    if (m_cancelled) {
        stop(makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user before call %1 of %2")
                                                   .arg(QString::number(m_report.applied + 1),
                                                        QString::number(m_plan.calls.size()))));
        return;
    }
    const PlannedCall &call = m_plan.calls.at(m_report.applied);
    PlacementRequest request = call.request;
    if (call.sendsGeneration) {
        // The generation Placement gave last: the pulled one, or the answer to our own
        // previous write to this provider.
        QJsonObject body = request.body ? request.body->object() : QJsonObject();
        body.insert(QLatin1String("resource_provider_generation"),
                    m_report.generations.value(call.providerUuid, 0));
        request.body = QJsonDocument(body);
    }
    m_client->send(request, this, [this](const PlacementResponse &response) { answered(response); });
}

std::optional<Problem> PlanExecutor::checkProvider(const PlannedCall &call, const QJsonObject &found) const
{
    const ProviderData &expected = *call.expected;
    const qint64 generation = m_report.generations.value(call.providerUuid, expected.generation);
    const QString parent = found.value(QLatin1String("parent_provider_uuid")).toString();
    QStringList changed;
    if (found.value(QLatin1String("generation")).toInteger(-1) != generation)
        changed << QStringLiteral("generation %1 -> %2")
                       .arg(QString::number(generation),
                            QString::number(found.value(QLatin1String("generation")).toInteger(-1)));
    if (found.value(QLatin1String("name")).toString() != expected.name)
        changed << QStringLiteral("name");
    if (validation::canonicalUuid(parent).value_or(parent) != expected.parentUuid)
        changed << QStringLiteral("parent");
    if (changed.isEmpty())
        return std::nullopt;
    return makeError(ProblemKind::GenerationConflict,
                     QStringLiteral("provider %1 (%2) changed in Placement since it was read (%3); the unguarded "
                                    "call that follows was not sent")
                         .arg(call.providerUuid, neutralised(expected.name), changed.join(QStringLiteral(", "))),
                     call.providerUuid);
}

void PlanExecutor::answered(const PlacementResponse &response)
{
    const PlannedCall &call = m_plan.calls.at(m_report.applied);
    if (!response.ok()) {
        Problem problem = response.problem;
        problem.provider = call.providerUuid;
        const bool stale = response.status == 409 && (problem.kind == ProblemKind::GenerationConflict);
        stop(problem, stale ? call.providerUuid : QString());
        return;
    }
    const QJsonObject body = response.body.object();
    if (call.kind == PlannedCall::Kind::CheckProvider && call.expected) {
        if (const auto changed = checkProvider(call, body)) {
            stop(*changed, call.providerUuid);
            return;
        }
    }
    // Inventories, traits and aggregates answer resource_provider_generation; a created or
    // updated provider answers itself, with "generation" (POST from 1.20).
    const QJsonValue written = body.contains(QLatin1String("resource_provider_generation"))
                                   ? body.value(QLatin1String("resource_provider_generation"))
                                   : body.value(QLatin1String("generation"));
    if (!call.providerUuid.isEmpty() && written.isDouble() && call.kind != PlannedCall::Kind::CheckProvider)
        m_report.generations.insert(call.providerUuid, written.toInteger());
    else if (call.kind == PlannedCall::Kind::CreateProvider)
        m_report.generations.insert(call.providerUuid, 0); // before 1.20 POST has no body: new is 0
    if (call.kind == PlannedCall::Kind::DeleteProvider)
        m_report.generations.remove(call.providerUuid);
    qCDebug(lcPlacement) << "push: call" << m_report.applied + 1 << "of" << m_plan.calls.size() << "done";
    ++m_report.applied;
    emit progress(m_report.applied, m_plan.calls.size());
    sendNext();
}

void PlanExecutor::stop(Problem problem, const QString &conflictingProvider)
{
    m_report.failure = std::move(problem);
    m_report.conflictingProvider = conflictingProvider;
    finish();
}

void PlanExecutor::finish()
{
    m_finished = true;
    emit finished();
}

} // namespace provtree
