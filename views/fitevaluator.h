#pragma once

#include "candidaterequest.h"
#include "fitoutcome.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QTimer;

namespace provtree {

class CandidateExplainer;
class ProviderTree;
class ProviderTreeNotifier;

// Keeps "Will it fit?" current: evaluates the request against the tree on a worker thread
// (QtConcurrent) whenever either changes, and publishes the outcome on the GUI thread.
//
// - At most one evaluation runs at a time. Changes while one runs are remembered; when it
//   ends, the next one starts with the newest request and tree. An outcome for a request
//   that has been replaced meanwhile is dropped, never shown; one for an older state of
//   the tree is shown (it is the request the user sees) and followed by a fresh one.
// - Changes are gathered for kDelayMs (typing, an undo macro, a backend syncing), so a
//   burst costs one evaluation.
// - The worker takes the tree's snapshot itself; the index over it (CandidateExplainer,
//   the expensive part) is kept and reused while the tree has not changed, so a new
//   request on the same tree costs only the evaluation.
// - Inactive (the panel hidden), nothing runs; changes are evaluated on activation.
// The GUI thread only parses (the caller) and swaps the prepared outcome in: at 10,000
// providers a publish takes a few milliseconds (lastPublishMs(), measured by the tests).
//
// GUI-thread object. The tree must outlive it; the destructor waits for an evaluation in
// progress (it reads the tree).
class FitEvaluator : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDelayMs = 150;

    explicit FitEvaluator(ProviderTree &tree, QObject *parent = nullptr);
    ~FitEvaluator() override;

    // The request to evaluate; nullopt evaluates nothing and clears the outcome.
    void setRequest(std::optional<CandidateRequest> request);
    [[nodiscard]] const std::optional<CandidateRequest> &request() const { return m_request; }
    void setActive(bool active);
    [[nodiscard]] bool isActive() const { return m_active; }

    // The newest outcome for the current request (null: none yet, or no request).
    [[nodiscard]] const std::shared_ptr<const FitOutcome> &outcome() const { return m_outcome; }
    // The tree's resource classes and traits (for completion), as of the last evaluation.
    [[nodiscard]] const QStringList &vocabulary() const { return m_vocabulary; }
    // True while an evaluation runs or waits to start.
    [[nodiscard]] bool isBusy() const;
    // Evaluations started so far, and how long the last publish held the GUI thread
    // (every direct receiver of outcomeChanged() included).
    [[nodiscard]] int evaluationsStarted() const { return m_started; }
    [[nodiscard]] double lastPublishMs() const { return m_lastPublishMs; }

signals:
    void outcomeChanged();
    void vocabularyChanged();
    void busyChanged(bool busy);

private:
    struct Job
    {
        std::shared_ptr<const CandidateExplainer> explainer;
        quint64 sequence = 0;
        QStringList vocabulary;
        std::shared_ptr<const FitOutcome> outcome;
        quint64 requestRevision = 0;
    };

    void schedule();
    void start();
    void finished();
    void publish(std::shared_ptr<const FitOutcome> outcome);
    void updateBusy();

    ProviderTree &m_tree;                       // Not owned.
    ProviderTreeNotifier *m_notifier = nullptr; // Owned (QObject child).
    QTimer *m_timer = nullptr;                  // Owned (QObject child).
    QFutureWatcher<Job> m_job;
    bool m_running = false; // m_job runs or its result is on its way (finished() is queued)
    bool m_pending = true;  // something changed since the last evaluation started
    bool m_active = false;
    bool m_busy = false;
    std::optional<CandidateRequest> m_request;
    quint64 m_requestRevision = 0;
    // The last index built, and the tree state it was built from (reused while current).
    std::shared_ptr<const CandidateExplainer> m_explainer;
    quint64 m_explainerSequence = 0;
    std::shared_ptr<const FitOutcome> m_outcome;
    QStringList m_vocabulary;
    int m_started = 0;
    double m_lastPublishMs = 0;
};

} // namespace provtree
