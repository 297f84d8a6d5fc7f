#pragma once

#include "cloudprompts.h"
#include "problem.h"
#include "snapshotorigin.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <functional>
#include <memory>

class QLabel;

namespace provtree {

class CloudSession;
class Inspector;
class LiveDocument;
class OperationProgress;
class PushFlow;
class SourceOperation;
class TreeSource;
struct CloudOptions;
struct PlacementConnection;
struct ProviderData;

// The inspector's live-Placement documents (README.md, "A live Placement"): File > Connect
// to Placement… (resolve the cloud, sign in, pull, behind a progress dialog with Cancel;
// the tree is replaced as opening a file replaces it), View > Refresh (re-pull, put my
// edits on top as one undo step, show what changed in Placement), Push Changes…
// (PushFlow; off for a document read from Placement's database without an API to push
// through: SplitSource reads the database and pushes through the API), the
// permanent status-bar label and the window title of such a document, and
// the question when its edits are not pushed.
//
// A failed or cancelled connect leaves the open tree and document exactly as they were.
// Secrets never leave the backend's Secret: the token of the Connect dialog goes straight
// into one; recent clouds and URLs are remembered (ConnectHistory), tokens never.
//
// Owned by the Inspector, which it uses through its public interface. GUI thread only; it
// never blocks it (every network step is asynchronous, no local event loop).
class CloudController : public QObject
{
    Q_OBJECT

public:
    explicit CloudController(Inspector &inspector, QObject *parent = nullptr);
    ~CloudController() override;

    // Replaces the prompts that are set in `prompts` (tests).
    void setPrompts(const CloudPrompts &prompts);
    // Where clouds.yaml, secure.yaml and OS_* variables come from (default: the process's).
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    // What the Connect dialog offers now: clouds.yaml's clouds and the remembered choices.
    [[nodiscard]] ConnectChoices connectChoices() const;

    // File > Connect to Placement…: asks about unsaved changes, then the Connect dialog,
    // then connects.
    void connectInteractively();
    // Connects as `request` says, without asking about unsaved changes; connectFinished()
    // says how it ended. Ignored while another step runs.
    void connectTo(const ConnectRequest &request);
    // View > Refresh; refreshFinished() says how it ended.
    void refresh();
    // Push Changes…; pushFinished() says how it ended.
    void push();
    // Cancels the running step, as its progress dialog's Cancel does.
    void cancel();

    [[nodiscard]] bool isActive() const { return m_document != nullptr; }
    [[nodiscard]] bool isBusy() const;
    [[nodiscard]] LiveDocument *document() const { return m_document.get(); }
    // The origin for a snapshot saved from this document (empty when none is open).
    [[nodiscard]] SnapshotOrigin origin() const;
    [[nodiscard]] QLabel *statusLabel() const { return m_statusLabel; }
    // The running step's progress (nullptr when none).
    [[nodiscard]] OperationProgress *progress() const;

    // --- for the Inspector -------------------------------------------------------------
    // Another document replaced this one (a file opened, ...).
    void endDocument();
    // The document has edits not pushed: Push… (starts the push, returns false), Save As…,
    // Discard or Cancel. True when the caller may go on.
    bool maybeKeepUnpushed();
    // Sets the undo stack's clean state from the document: clean exactly when the local
    // tree has no change against the base.
    void updateModified();

signals:
    void connectFinished(const provtree::Status &status);
    void refreshFinished(const provtree::Status &status);
    void pushFinished(const provtree::Status &status);

private:
    void connectToDatabase(const ConnectRequest &request);
    // Resolves the cloud of `options`, signs in (progress, Cancel) and calls `connected`;
    // a failure ends the connect (connectFailed(what, ...)).
    void openPlacement(const CloudOptions &options, const QString &what,
                       const std::function<void(const PlacementConnection &)> &connected);
    // Loads from `source` (which becomes the new document's if the pull succeeds).
    void startPull(std::unique_ptr<TreeSource> source, const ConnectRequest &remembered, const QString &name);
    void pulled(SourceOperation &pull, const ConnectRequest &request, const QString &name);
    void connectFailed(const QString &what, const Status &status);
    void refreshed(SourceOperation &pull);
    void stepEnded();
    void documentChanged();
    void updateActions();
    [[nodiscard]] OperationProgress *startProgress(const QString &title);

    Inspector &m_inspector;                // Not owned.
    CloudPrompts m_prompts;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    CloudSession *m_session;               // Owned (child).
    std::unique_ptr<LiveDocument> m_document;
    std::unique_ptr<TreeSource> m_newSource; // Owned: the source of a connect under way.
    QPointer<SourceOperation> m_operation; // Owned (child) while it runs.
    OperationProgress *m_progress = nullptr; // Owned (child) during a connect or refresh.
    PushFlow *m_push = nullptr;            // Owned (child) during a push.
    QLabel *m_statusLabel;                 // Owned by the window's status bar.
    bool m_connecting = false;             // from connectTo() to the end of its pull
    bool m_cancelled = false;              // Cancel before the connect's pull started
};

} // namespace provtree
