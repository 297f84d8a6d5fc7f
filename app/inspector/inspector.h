#pragma once

#include "autosaver.h"
#include "providertree.h"
#include "recoveryfile.h"

#include <QFuture>
#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace provtree {

class CloudController;
class CompareView;
class CrashedSession;
class MainWindow;
class RecoverySession;
struct RecoveryOffer;
enum class RecoveryChoice;

// The inspector application: owns the tree and its main window, and is the one place that
// reads and writes snapshot files for the GUI (views never touch files): Open (menu,
// command line, drag and drop, recent files), Save and Save As (atomic, canonical), the
// prompt before unsaved changes are lost, the read-only sample, and crash recovery (once
// enableRecovery() is called: autosaving unsaved edits, offering a crashed session's back).
//
// The sample built into the inspector opens read-only: it has no file to save to, so
// editing starts after Save As. Recent files live in QSettings (organisation and
// application names as set by main()). GUI thread only.
class Inspector : public QObject
{
    Q_OBJECT

public:
    // The snapshot built into the inspector, shown when no file is given.
    static QString samplePath() { return QStringLiteral(":/provtree/sample-snapshot.json"); }
    static constexpr int kMaxRecentFiles = 8;

    // What the inspector asks the user. Defaults are modal dialogs; tests replace them.
    struct Prompts
    {
        std::function<QString()> openPath;                 // empty: cancelled
        std::function<QString(const QString &)> savePath;  // (suggested path); empty: cancelled
        // Unsaved changes to the named document: Save, Discard or Cancel.
        std::function<QMessageBox::StandardButton(const QString &)> unsavedChanges;
    };

    explicit Inspector(QObject *parent = nullptr);
    ~Inspector() override;

    void setPrompts(Prompts prompts);
    // The file File > Compare with File… compares with (default: a file dialog); empty:
    // cancelled. Separate from Prompts so that existing aggregate initialisers stay complete.
    void setComparePathPrompt(std::function<QString()> prompt) { m_comparePath = std::move(prompt); }

    // Files at least this large load in a worker thread behind a (window-modal) progress
    // dialog, so that the window keeps painting; smaller ones load at once. 0: always.
    void setBackgroundLoadThreshold(qint64 bytes) { m_backgroundLoadBytes = bytes; }

    // Replaces the tree by the snapshot at `path` (a file or a Qt resource path), without
    // asking about unsaved changes. On failure the tree and the document are left as they
    // were, the window lists the problems (non-modal), and the problems are returned.
    Status open(const QString &path);
    // What the user's Open does: asks about unsaved changes first (false: cancelled or
    // failed).
    bool openInteractively(const QString &path);
    // Replaces the tree by `records` as a new document named `name` without a file (a pull
    // from Placement), as open() replaces it by a file, without asking about unsaved
    // changes. Errors: those of ProviderTree::replaceAll(); the tree and the document are
    // left as they were then (nothing is shown: the caller reports).
    Status openState(const QList<ProviderData> &records, const QString &name);

    // Save: to the current file; the sample (no file) goes through Save As.
    bool save();
    bool saveAs();
    // Writes the tree to `path` (atomic) and makes it the document. Failures are shown.
    Status saveTo(const QString &path);
    // Asks what to do with unsaved changes; true when the caller may go on.
    bool maybeSave();

    [[nodiscard]] QString filePath() const { return m_path; } // empty: the sample or nothing
    [[nodiscard]] bool isSample() const { return m_isSample; }
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] QStringList recentFiles() const;

    // --- comparing two states (one compare window at a time; a new one replaces it) ---
    // Old and new are snapshot files (`provtree-inspector --compare OLD NEW`). Errors: those
    // of readSnapshotFile(); nothing opens then. The problems are not shown (callers do).
    // Files of the background-load threshold are read and compared on a worker, as in
    // compareWithFile() (Cancelled when the user cancels).
    Status compareFiles(const QString &oldPath, const QString &newPath);
    // File > Compare with File…: the snapshot at `path` (old) with the current tree (new),
    // as the tree is now (the window does not follow later edits). Problems are shown.
    // A file of at least the background-load threshold is read and compared on a worker
    // behind a progress dialog (the window keeps answering); Cancel there returns a
    // Cancelled error and opens nothing. Refused (Cancelled) while one is being prepared.
    Status compareWithFile(const QString &path);
    // File > Show Unsaved Changes: the document as saved (old; the sample for the sample)
    // with the edited tree (new). It follows every edit, undo and redo, and can revert one
    // provider through the window's editor. Problems are shown.
    Status showUnsavedChanges();
    // Two states given as records (a refresh: the last pull and Placement now); the window
    // does not follow later edits.
    CompareView *compareStates(const QList<ProviderData> &before, const QList<ProviderData> &after,
                               const QString &title, const QString &oldName, const QString &newName);
    // The open compare window, or nullptr. Owned by the main window (a separate window).
    [[nodiscard]] CompareView *compareView() const;
    // The base of a live document changed (a push, a refresh): the unsaved-changes window
    // compares with the new one.
    void baseChanged();

    // Live Placement documents: File > Connect to Placement…, View > Refresh, Push Changes…
    [[nodiscard]] CloudController *cloud() const { return m_cloud.get(); }

    // --- crash recovery (README.md, "Crash recovery") ---------------------------------
    // Starts a recovery session in `directory` (RecoverySession) and autosaves the unsaved
    // edits of every document to its file (Autosaver). Off until called: main() calls it
    // with the defaults (RecoverySession::defaultDirectory(), Delays::fromEnvironment());
    // tests call it with a temporary directory. Errors: Io; the inspector works on without
    // recovery then.
    Status enableRecovery();
    Status enableRecovery(const QString &directory, Autosaver::Delays delays);
    // Offers the recovery files of crashed sessions (CrashedSession::find), newest first, one
    // at a time, through the recovery prompt (a RecoveryDialog by default): Recover applies
    // one and ends the round (the others wait for the next start), Discard deletes the file,
    // Decide Later keeps it. A file that cannot be read is reported and kept. Returns true
    // when a state was recovered. Needs enableRecovery().
    bool offerRecovery();
    // Recover: asks about unsaved changes first, opens the offer's original (a new, untitled
    // document when it has none or it no longer opens: Save As then suggests the original's
    // path), and puts the recovered state over it as one undo step, unsaved. The crashed
    // session's file is deleted once this session's own recovery file holds the state (or
    // the document is clean again, or the inspector ends normally).
    // Returns false, with the reason shown, when cancelled or refused.
    bool recover(const RecoveryOffer &offer);
    void setRecoveryPrompt(std::function<RecoveryChoice(const RecoveryOffer &)> prompt);
    [[nodiscard]] Autosaver *autosaver() const { return m_autosaver.get(); }
    [[nodiscard]] RecoverySession *recoverySession() const { return m_session.get(); }

    [[nodiscard]] MainWindow *window() const { return m_window.get(); }
    [[nodiscard]] const ProviderTree &tree() const { return m_tree; }

protected:
    // The window's close (ask about unsaved changes) and drops of .json files.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    Status load(const QString &path);
    void chooseAndOpen();
    void setDocument(const QString &path, bool isSample);
    void recoveredStateSettled();
    void addRecentFile(const QString &path);
    void updateRecentMenu();
    CompareView *openCompareView(const QString &title, const QString &oldName, const QString &newName);
    // The changes view that follows edits: `old()` (asked again at every edit) against the tree.
    void openChangesView(const QString &title, const QString &oldName, const std::function<QList<ProviderData>()> &old);
    void closeCompareView();

    ProviderTree m_tree;                  // Owned; declared first so it outlives the window.
    std::unique_ptr<MainWindow> m_window; // Owned.
    Prompts m_prompts;
    std::function<QString()> m_comparePath;
    QString m_path;
    bool m_isSample = false;
    bool m_loading = false;
    bool m_comparing = false; // a comparison is being prepared on a worker
    QFuture<void> m_backgroundWork; // the last worker's; the destructor waits for it
    QPointer<CompareView> m_compare; // Owned by m_window (QObject child); deleted on close.
    qint64 m_backgroundLoadBytes = 4 * 1024 * 1024; // about 4,000 providers

    // Crash recovery (the pointers are null until enableRecovery()).
    RecoveryInfo m_document; // the document for recovery files: kind, path, time and size on disk
    QString m_suggestedPath; // Save As of an untitled document recovered from a file
    std::function<RecoveryChoice(const RecoveryOffer &)> m_recoveryPrompt;
    std::unique_ptr<RecoverySession> m_session;      // Owned.
    std::unique_ptr<Autosaver> m_autosaver;          // Owned.
    std::unique_ptr<CrashedSession> m_recoveredFrom; // Owned; deleted once our own file holds its state.

    std::unique_ptr<CloudController> m_cloud; // Owned; uses the window (reset first).
};

} // namespace provtree
