#include "autosaver.h"

#include "treemirror.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimer>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

namespace provtree {

Autosaver::Delays Autosaver::Delays::fromEnvironment()
{
    Delays delays;
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("PROVTREE_AUTOSAVE_MS", &ok);
    if (ok && ms >= 0) {
        delays.maxMs = ms;
        delays.debounceMs = qMin(delays.debounceMs, ms);
    }
    return delays;
}

Autosaver::Autosaver(ProviderTree &tree, QUndoStack *stack, QString filePath, QString session, QObject *parent)
    : QObject(parent),
      m_stack(stack),
      m_mirror(new TreeMirror(tree, this)),
      m_filePath(std::move(filePath)),
      m_session(std::move(session)),
      m_debounce(new QTimer(this)),
      m_deadline(new QTimer(this))
{
    m_worker.setMaxThreadCount(1);
    m_worker.setExpiryTimeout(-1); // the thread waits for the next job instead of ending
    for (QTimer *timer : {m_debounce, m_deadline}) {
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, &Autosaver::writeNow);
    }
    setDelays(m_delays);
    connect(&m_write, &QFutureWatcher<Status>::finished, this, &Autosaver::onWriteFinished);
    connect(m_mirror, &TreeMirror::changed, this, &Autosaver::onMirrorChanged);
    connect(m_stack, &QUndoStack::indexChanged, this, &Autosaver::onStackChanged);
    connect(m_stack, &QUndoStack::cleanChanged, this, &Autosaver::onStackChanged);
    m_clean = m_stack->isClean();
    if (!m_clean)
        onStackChanged();
}

Autosaver::~Autosaver()
{
    finish();
}

void Autosaver::setDelays(Delays delays)
{
    m_delays = delays;
    m_debounce->setInterval(delays.debounceMs);
    m_deadline->setInterval(delays.maxMs);
}

void Autosaver::setDocument(const RecoveryInfo &document)
{
    m_document = document;
}

bool Autosaver::isPending() const
{
    return m_writing || m_due || m_debounce->isActive() || m_deadline->isActive();
}

void Autosaver::setPaused(bool paused)
{
    m_paused = paused;
    if (!m_paused && m_due)
        writeNow();
}

// indexChanged and cleanChanged both come for one undo; only the first of them to see a
// clean stack queues the removal.
void Autosaver::onStackChanged()
{
    if (m_finished)
        return;
    if (m_stack->isClean()) {
        m_unwritten = false;
        m_due = false;
        m_debounce->stop();
        m_deadline->stop();
        if (!m_clean) {
            m_clean = true;
            m_mirror->drop(); // nothing to write: no copy to keep up
            queueRemoval();
            emit cleared();
        }
        return;
    }
    m_clean = false;
    m_unwritten = true;
    m_debounce->start();
    if (!m_deadline->isActive())
        m_deadline->start();
}

// Changes of other threads arrive queued, possibly after the edit that made the stack
// dirty was seen: a write waits for them (writeNow()), and they count as unwritten.
void Autosaver::onMirrorChanged()
{
    if (m_finished || m_stack->isClean())
        return;
    if (!m_unwritten) {
        m_unwritten = true;
        m_debounce->start();
        if (!m_deadline->isActive())
            m_deadline->start();
    }
    if (m_due)
        writeNow();
}

void Autosaver::writeNow()
{
    if (m_finished || m_stack->isClean() || !m_unwritten)
        return;
    if (m_paused || m_writing || !m_mirror->isInStep()) {
        m_due = true;
        if (!m_paused)
            m_mirror->build(); // unless valid or under way; onMirrorChanged() comes back here
        return;
    }
    m_due = false;
    m_unwritten = false;
    m_debounce->stop();
    m_deadline->stop();

    RecoveryInfo info = m_document;
    info.written = QDateTime::currentDateTimeUtc();
    info.session = m_session;
    info.pid = QCoreApplication::applicationPid();
    m_writing = true;
    m_writingState = info.written;
    m_write.setFuture(QtConcurrent::run(&m_worker, [path = m_filePath, info, state = m_mirror->state()] {
        return writeRecoveryFile(path, info, state.providers());
    }));
}

void Autosaver::onWriteFinished()
{
    if (m_finished)
        return;
    m_writing = false;
    const Status status = m_write.result();
    if (!status.ok()) {
        // Tried again at the latest after maxMs, or at the next change.
        m_unwritten = true;
        if (!m_stack->isClean() && !m_deadline->isActive())
            m_deadline->start();
        emit writeFailed(status);
    } else if (!m_stack->isClean()) {
        emit written(m_filePath, m_writingState);
    }
    if (m_due)
        writeNow();
}

void Autosaver::queueRemoval()
{
    (void)QtConcurrent::run(&m_worker, [path = m_filePath] { QFile::remove(path); });
}

void Autosaver::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_debounce->stop();
    m_deadline->stop();
    queueRemoval();
    m_worker.waitForDone();
    m_writing = false;
}

} // namespace provtree
