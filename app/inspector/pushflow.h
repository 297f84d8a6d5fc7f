#pragma once

#include "cloudprompts.h"
#include "problem.h"
#include "providerdata.h"
#include "pushoutcome.h"
#include "treediff.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;

namespace provtree {

class LiveDocument;
class OperationProgress;
class SourceOperation;
class TreeEditor;

// One Push Changes… of a live document, from start to end:
//  1. the patch: TreeDiff::compute(base, mine); nothing to do when it is empty;
//  2. a dry run (progress, Cancel), then the plan for review (prompts.reviewPlan);
//  3. the push (progress: calls done/total; Cancel stops before the next call);
//  4. Placement read back (the trees the push touched, and new roots: settleReadSet()),
//     and base and mine settled (livemerge.h settle(): the local tree takes Placement's
//     generations and what others changed in providers I did not edit, as one core
//     transaction outside the undo stack; conflicting providers stay as they were);
//  5. the result, call by call (prompts.showResult);
//  6. when Placement changed what I edited (a refusal before sending, or conflicts a
//     re-apply kept): the three-way rows (prompts.resolve; changesSincePull(): from the real
//     base, not the push's rows, which rebuild the pulled state from the patch and so miss
//     what Placement changed in fields the patch leaves alone): Re-apply runs the flow again
//     with rebase; Drop makes the listed providers Placement's now, in the local tree (one
//     undo step) and in the base; Close keeps everything.
// Local edits are never lost: only a Drop the user chose takes any back.
//
// Everything goes through the document's TreeSource: for a document read from Placement's
// database and pushed through the API (SplitSource), steps 2 and 3 talk to the API and the
// read back of step 4 reads the database, which holds each API write once it is answered.
// The dialogs name where the push goes (LiveDocument::pushName()).
//
// finished() once at the end (ok, or the problems; Cancelled when the user cancelled).
// GUI thread only. The document, editor and window must outlive the flow.
class PushFlow : public QObject
{
    Q_OBJECT

public:
    PushFlow(LiveDocument &document, TreeEditor &editor, QWidget *window, const CloudPrompts &prompts,
             QObject *parent = nullptr);
    ~PushFlow() override;

    // Called whenever the flow changed the base or the local tree (the owner updates the
    // modified marker and what shows the base).
    void setDocumentChanged(std::function<void()> changed) { m_documentChanged = std::move(changed); }

    void start(bool rebase = false);
    // Cancels the running step (as the progress dialog's Cancel does).
    void cancel();
    [[nodiscard]] OperationProgress *progress() const { return m_progress; }

signals:
    void finished(const provtree::Status &status);
    // A line for the status bar.
    void message(const QString &text);

private:
    template <typename Operation>
    void run(Operation *operation, const QString &label, const QString &unit, void (PushFlow::*next)(Operation &));
    void planned(PushOperation &operation);
    void pushed(PushOperation &operation);
    void refused(const QList<ProviderData> &now, const Status &status);
    void readBack(SourceOperation &operation);
    // Returns the providers left unresolved (conflicts).
    QStringList settleWith(const QList<ProviderData> &now, const QStringList &asked);
    void askAboutConflicts(const QList<ThreeWayField> &fields, const QList<ProviderData> &now, const Status &status);
    void drop(QStringList uuids, const QList<ProviderData> &now);
    [[nodiscard]] QString localNote() const;
    void finish(const Status &status);

    LiveDocument &m_document; // Not owned.
    TreeEditor &m_editor;     // Not owned.
    QWidget *m_window;        // Not owned.
    const CloudPrompts &m_prompts; // Not owned.
    std::function<void()> m_documentChanged;
    OperationProgress *m_progress; // Owned (child).
    QPointer<SourceOperation> m_operation; // Owned (child) while it runs.
    TreeDiff m_patch;
    bool m_rebase = false;
    PushOutcome m_outcome; // the push's (step 3)
    Status m_status;       // the push's
    QString m_settleNote;  // when settling failed: why
};

} // namespace provtree
