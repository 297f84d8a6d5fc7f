#pragma once

#include "problem.h"
#include "recoveryfile.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>

class QTimer;
class QUndoStack;

namespace provtree {

class ProviderTree;
class TreeMirror;

// Keeps one session's recovery file (recoveryfile.h) in step with the unsaved edits of the
// inspector's document, so that a crash loses at most the last few seconds of work.
//
// While the undo stack is not clean, the file is written a short while after each change
// (the debounce, so a burst of edits is one write) and at the latest `maxMs` after the
// first change not yet written, however busy the user is. When the stack becomes clean
// (saved, undone back to the saved state, another document opened) the file is removed:
// what it would recover is on disk. finish() removes it too: a normal end of the session.
//
// The GUI thread only takes the state from a TreeMirror, in constant time, together with
// the document it belongs to. (A copy of the tree under the tree's lock takes about 0.1 s
// at 100,000 providers: too long for the GUI thread, and edits would wait for the lock as
// long if a worker took it.) The mirror is built by a worker at the first write of a
// document and dropped when the document is clean. Listing, serialising and writing run on
// one worker thread, one job after the other, so a removal queued after a write happens
// after it. Whoever replaces the tree with another document pauses the autosaver
// meanwhile, so that no state of the new tree is written under the old document's name.
//
// GUI thread only. The tree and the stack must outlive the autosaver.
class Autosaver : public QObject
{
    Q_OBJECT

public:
    struct Delays
    {
        int debounceMs = 2000; // after each change
        int maxMs = 30000;     // after the first change not yet written
        // The defaults, or with PROVTREE_AUTOSAVE_MS=N (tests, impatient users): at most N
        // ms after a change (maxMs = N, debounceMs no more than N).
        [[nodiscard]] static Delays fromEnvironment();
    };

    Autosaver(ProviderTree &tree, QUndoStack *stack, QString filePath, QString session,
              QObject *parent = nullptr);
    ~Autosaver() override; // finish()

    void setDelays(Delays delays);
    [[nodiscard]] Delays delays() const { return m_delays; }
    [[nodiscard]] QString filePath() const { return m_filePath; }

    // The document the edits belong to: `document`, `path`, `fileModified`, `fileSize`;
    // the other fields are filled at each write.
    void setDocument(const RecoveryInfo &document);
    // While paused (the tree is being replaced by another document), nothing is written;
    // a write due meanwhile happens when unpaused.
    void setPaused(bool paused);
    // Pauses an autosaver (nullptr: none) for the guard's lifetime.
    class Pause
    {
    public:
        explicit Pause(Autosaver *autosaver) : m_autosaver(autosaver)
        {
            if (m_autosaver)
                m_autosaver->setPaused(true);
        }
        ~Pause()
        {
            if (m_autosaver)
                m_autosaver->setPaused(false);
        }
        Pause(const Pause &) = delete;
        Pause &operator=(const Pause &) = delete;

    private:
        Autosaver *m_autosaver; // Not owned.
    };
    // Writes the current unsaved state now (after the write in progress, if any) instead of
    // waiting for the timers.
    void writeNow();
    // The end of a normal session: stops the timers, removes the file and waits until the
    // worker is done. Nothing is written afterwards.
    void finish();

    // True while a write runs in the worker.
    [[nodiscard]] bool isWriting() const { return m_writing; }
    // True while a write runs or is due (a timer is running, or it waits for the one
    // running or for setPaused(false)).
    [[nodiscard]] bool isPending() const;

signals:
    // The file holds the state taken at `written` (emitted on the GUI thread).
    void written(const QString &filePath, const QDateTime &written);
    // The file could not be written; the previous one, if any, is left as it was.
    void writeFailed(const provtree::Status &status);
    // The stack became clean and the removal of the file is queued: nothing to recover.
    void cleared();

private:
    void onStackChanged();
    void onMirrorChanged();
    void onWriteFinished();
    void queueRemoval();

    QUndoStack *m_stack;  // Not owned.
    TreeMirror *m_mirror; // Owned (QObject child).
    QString m_filePath;
    QString m_session;
    RecoveryInfo m_document;
    Delays m_delays;
    QTimer *m_debounce; // Owned (QObject child).
    QTimer *m_deadline; // Owned (QObject child).
    QThreadPool m_worker; // one thread: jobs run in the order they are queued
    QFutureWatcher<Status> m_write;
    QDateTime m_writingState; // when the state being written was taken
    bool m_clean = true;      // the stack's clean state as last seen
    bool m_unwritten = false; // a change since the last write took its state
    bool m_due = false;       // a write was due while writing or paused
    bool m_writing = false;
    bool m_paused = false;
    bool m_finished = false;
};

} // namespace provtree
