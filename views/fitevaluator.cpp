#include "fitevaluator.h"

#include "candidateexplainer.h"
#include "providertree.h"
#include "providertreenotifier.h"
#include "workerpool.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace provtree {

FitEvaluator::FitEvaluator(ProviderTree &tree, QObject *parent)
    : QObject(parent), m_tree(tree), m_notifier(new ProviderTreeNotifier(tree, this)), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(kDelayMs);
    connect(m_timer, &QTimer::timeout, this, &FitEvaluator::start);
    connect(&m_job, &QFutureWatcher<Job>::finished, this, &FitEvaluator::finished);
    connect(m_notifier, &ProviderTreeNotifier::changed, this, &FitEvaluator::schedule);
}

FitEvaluator::~FitEvaluator()
{
    m_job.waitForFinished(); // it reads the tree, which may go right after this object
}

void FitEvaluator::setRequest(std::optional<CandidateRequest> request)
{
    if (request == m_request)
        return;
    m_request = std::move(request);
    ++m_requestRevision;
    if (!m_request) {
        publish(nullptr);
        // The vocabulary still follows the tree.
    }
    schedule();
}

void FitEvaluator::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (!m_active)
        m_timer->stop();
    else if (m_pending)
        m_timer->start();
    updateBusy();
}

bool FitEvaluator::isBusy() const
{
    return m_running || m_timer->isActive();
}

void FitEvaluator::schedule()
{
    m_pending = true;
    if (m_active)
        m_timer->start(); // restarted: a burst of changes waits for its end
    updateBusy();
}

void FitEvaluator::start()
{
    if (m_running || !m_pending || !m_active)
        return; // finished() starts the next one
    m_pending = false;
    m_running = true;
    ++m_started;
    // Everything the worker needs, by value: the request, the index it may reuse.
    m_job.setFuture(QtConcurrent::run(workerPool(), [&tree = m_tree, request = m_request, revision = m_requestRevision,
                                       explainer = m_explainer, sequence = m_explainerSequence,
                                       vocabulary = m_vocabulary]() mutable {
        const ProviderTree::Snapshot snapshot = tree.snapshot();
        Job job;
        job.requestRevision = revision;
        job.sequence = snapshot.sequence;
        if (explainer && sequence == snapshot.sequence) {
            job.explainer = std::move(explainer);
            job.vocabulary = std::move(vocabulary);
        } else {
            job.explainer = std::make_shared<const CandidateExplainer>(snapshot.providers);
            job.vocabulary = fitVocabulary(snapshot.providers);
        }
        if (request) {
            job.outcome = std::make_shared<const FitOutcome>(
                evaluateFit(*job.explainer, snapshot.providers, snapshot.sequence, *request));
        }
        return job;
    }));
    updateBusy();
}

void FitEvaluator::finished()
{
    m_running = false;
    Job job = m_job.result();
    m_explainer = job.explainer;
    m_explainerSequence = job.sequence;
    if (job.vocabulary != m_vocabulary) {
        m_vocabulary = job.vocabulary;
        emit vocabularyChanged();
    }
    // An outcome for a request typed over since is never shown.
    if (job.requestRevision == m_requestRevision && m_request)
        publish(job.outcome);
    if (m_pending && m_active)
        start();
    updateBusy();
}

void FitEvaluator::publish(std::shared_ptr<const FitOutcome> outcome)
{
    if (outcome == m_outcome)
        return;
    QElapsedTimer timer;
    timer.start();
    m_outcome = std::move(outcome);
    emit outcomeChanged();
    m_lastPublishMs = double(timer.nsecsElapsed()) / 1e6;
}

void FitEvaluator::updateBusy()
{
    const bool busy = isBusy();
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace provtree
