#include "inspector.h"

#include "backgroundwork.h"
#include "cloudcontroller.h"
#include "compareview.h"
#include "diffmodel.h"
#include "livedocument.h"
#include "mainwindow.h"
#include "neutralise.h"
#include "problemsmodel.h"
#include "problemspanel.h"
#include "providertreemodel.h"
#include "recoverydialog.h"
#include "recoveryoffer.h"
#include "recoverysession.h"
#include "replacetreecommand.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "treediff.h"
#include "treeeditor.h"
#include "workerpool.h"

#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLocale>
#include <QMenu>
#include <QMimeData>
#include <QProgressDialog>
#include <QScopeGuard>
#include <QScopedValueRollback>
#include <QSettings>
#include <QStatusBar>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

namespace provtree {

namespace {

constexpr char kRecentFilesKey[] = "recentFiles";

// What the title bar and messages call `path`: the sample by its purpose, files by name.
QString documentName(const QString &path)
{
    if (path == Inspector::samplePath())
        return Inspector::tr("Sample snapshot");
    return QFileInfo(path).fileName();
}

// "$.providers[3].name: provider name must be ..." (safe to show: Problem::text()).
QString describe(const Problem &problem)
{
    return problem.text();
}

// Places the document's problems where the file at `path` (just saved) has them. A file
// of `backgroundBytes` or more is read again in a worker (100,000 providers take a good
// part of a second): the places of the file that was open are wrong in this one, so none
// are shown until the worker is done; its result is taken if the file is still the
// document's and unchanged (`documentPath` says which file the document is then).
void locateProblemsIn(ProblemsModel *problems, const QString &path, qint64 backgroundBytes,
                      const std::function<QString()> &documentPath)
{
    if (problems->problems().isEmpty())
        return;
    Problems unlocated = problems->problems();
    for (Problem &p : unlocated) {
        p.location.clear();
        p.line = p.column = 0;
    }
    const QFileInfo written(path);
    if (written.size() < backgroundBytes) {
        problems->setFileProblems(locateInSnapshotFile(unlocated, path));
        return;
    }
    problems->setFileProblems({});
    auto *watcher = new QFutureWatcher<Problems>(problems); // goes with the model
    QObject::connect(watcher, &QFutureWatcherBase::finished, problems, [=] {
        watcher->deleteLater();
        const QFileInfo now(path);
        if (documentPath() == path && now.lastModified() == written.lastModified() && now.size() == written.size())
            problems->setFileProblems(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(workerPool(), [unlocated, path] { return locateInSnapshotFile(unlocated, path); }));
}

// A comparison built off the GUI thread: the rows of the merged tree and what reading
// the old state found.
struct PreparedComparison
{
    Status status;
    DiffModel::Content content;
};

// The snapshot at `oldPath` (old) against `after()` (new), as a compare window shows them.
// Any thread.
PreparedComparison prepareComparison(const QString &oldPath, const std::function<QList<ProviderData>()> &after)
{
    const Result<QList<ProviderData>> before = readSnapshotFile(oldPath);
    if (!before.ok())
        return {before.status(), {}};
    const QList<ProviderData> now = after();
    return {before.status(), DiffModel::contentOf(TreeDiff::compute(before.value(), now), before.value(), now)};
}

// `work` (a PreparedComparison) at once when the files are smaller than `threshold` bytes,
// else on a worker behind a cancellable progress dialog (nullopt: cancelled), `busy` set
// meanwhile and the worker's future left in `pending`.
template<typename Work>
std::optional<PreparedComparison> runComparison(qint64 bytes, qint64 threshold, QWidget *window, const QString &label,
                                                Work work, bool &busy, QFuture<void> &pending)
{
    if (bytes < threshold)
        return work();
    const QScopedValueRollback comparing(busy, true);
    return runWithProgress(window, Inspector::tr("Compare"), label, std::move(work), &pending);
}

// The first local .json file among dropped urls, or empty.
QString droppedSnapshot(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
            return url.toLocalFile();
    }
    return {};
}

} // namespace

Inspector::Inspector(QObject *parent)
    : QObject(parent), m_window(std::make_unique<MainWindow>(m_tree))
{
    MainWindow *window = m_window.get();
    m_prompts.openPath = [window] {
        return QFileDialog::getOpenFileName(window, tr("Open snapshot"), QString(),
                                            tr("Provider tree snapshots (*.json);;All files (*)"));
    };
    m_prompts.savePath = [window](const QString &suggested) {
        return QFileDialog::getSaveFileName(window, tr("Save snapshot as"), suggested,
                                            tr("Provider tree snapshots (*.json);;All files (*)"));
    };
    m_prompts.unsavedChanges = [window](const QString &name) {
        return QMessageBox::warning(window, tr("Unsaved changes"),
                                    tr("%1 has unsaved changes. Save them?").arg(name),
                                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                    QMessageBox::Save);
    };

    // Copy as JSON writes what a snapshot file holds (views know nothing of JSON).
    window->setProviderSerialiser([](const QList<ProviderData> &records) { return serialiseSnapshot(records); });
    connect(window, &MainWindow::openRequested, this, &Inspector::chooseAndOpen);
    connect(window, &MainWindow::saveRequested, this, [this] { (void)save(); });
    connect(window, &MainWindow::saveAsRequested, this, [this] { (void)saveAs(); });
    m_comparePath = [window] {
        return QFileDialog::getOpenFileName(window, tr("Compare with snapshot"), QString(),
                                            tr("Provider tree snapshots (*.json);;All files (*)"));
    };
    connect(window, &MainWindow::compareRequested, this, [this] {
        const QString path = m_comparePath();
        if (!path.isEmpty())
            (void)compareWithFile(path);
    });
    connect(window, &MainWindow::unsavedChangesRequested, this, [this] { (void)showUnsavedChanges(); });
    m_recoveryPrompt = [window](const RecoveryOffer &offer) {
        RecoveryDialog dialog(offer, window);
        dialog.exec();
        return dialog.choice();
    };
    window->setAcceptDrops(true);
    window->installEventFilter(this);
    updateRecentMenu();
    m_cloud = std::make_unique<CloudController>(*this);
}

Inspector::~Inspector()
{
    m_backgroundWork.waitForFinished(); // a cancelled comparison may still read the tree
    m_window->removeEventFilter(this);
    // The unsaved-changes window asks the cloud for its base whenever the editor's stack
    // moves, which it does while the window goes: detached first.
    closeCompareView();
    m_cloud.reset();
    // The end of a normal session (the close was accepted, or whoever owns the inspector
    // ends it): nothing is left to recover. Before the window goes: the autosaver watches
    // its undo stack.
    recoveredStateSettled();
    m_autosaver.reset();
    m_session.reset();
}

void Inspector::setPrompts(Prompts prompts)
{
    if (prompts.openPath)
        m_prompts.openPath = std::move(prompts.openPath);
    if (prompts.savePath)
        m_prompts.savePath = std::move(prompts.savePath);
    if (prompts.unsavedChanges)
        m_prompts.unsavedChanges = std::move(prompts.unsavedChanges);
}

Status Inspector::open(const QString &path)
{
    const bool sample = path == samplePath();
    m_window->statusBar()->showMessage(tr("Opening %1…").arg(documentName(path)));
    m_window->statusBar()->repaint();
    // An autosave snapshot of the new tree would be written under the old document's name.
    const Autosaver::Pause pause(m_autosaver.get());
    // The load checks the tree: the Problems panel takes what it found.
    const ProblemsModel::Loading loading(m_window->problemsPanel()->model());
    Status status = load(path);
    if (!status.ok()) {
        m_window->statusBar()->clearMessage();
        m_window->showProblems(sample ? documentName(path) : path, status.problems());
        return status;
    }
    // The commands on the stack name providers of the tree that is gone, and a comparison
    // shows a tree that is gone.
    closeCompareView();
    m_window->editor()->undoStack()->clear();
    setDocument(sample ? QString() : path, sample);
    if (!sample)
        addRecentFile(path);

    // Warnings do not stop a load: the Problems panel lists them, the status bar counts them.
    m_window->problemsPanel()->model()->setDocumentProblems(status.problems());
    // A large tree's rows are still being built on a worker: say so until they are in.
    ProviderTreeModel *rows = m_window->treeModel();
    if (rows->isRebuilding()) {
        m_window->statusBar()->showMessage(tr("Opening %1: building %2 rows…")
                                                   .arg(documentName(path), QString::number(m_tree.size())));
        connect(rows, &QAbstractItemModel::modelReset, m_window->statusBar(), &QStatusBar::clearMessage,
                Qt::SingleShotConnection);
    } else {
        m_window->statusBar()->clearMessage();
    }
    return status;
}

// Loading takes the tree's lock once and notifies from the loading thread; every model and
// panel receives notifications queued on the GUI thread, so a worker may load.
Status Inspector::load(const QString &path)
{
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const auto restoreCursor = qScopeGuard([] { QGuiApplication::restoreOverrideCursor(); });
    if (path == samplePath() || QFileInfo(path).size() < m_backgroundLoadBytes)
        return loadSnapshotFile(m_tree, path);

    QProgressDialog progress(tr("Opening %1…").arg(documentName(path)), QString(), 0, 0, m_window.get());
    progress.setWindowTitle(tr("Opening snapshot"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    progress.setCancelButton(nullptr); // a half-loaded tree does not exist: loading is all or nothing
    QFutureWatcher<Status> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcher<Status>::finished, &loop, &QEventLoop::quit);
    m_loading = true;
    watcher.setFuture(QtConcurrent::run(workerPool(), [this, path] { return loadSnapshotFile(m_tree, path); }));
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    m_loading = false;
    return watcher.result();
}

Status Inspector::openState(const QList<ProviderData> &records, const QString &name)
{
    const Autosaver::Pause pause(m_autosaver.get());
    const ProblemsModel::Loading loading(m_window->problemsPanel()->model());
    Status status = m_tree.replaceAll(records);
    if (!status.ok())
        return status;
    m_window->problemsPanel()->model()->setDocumentProblems(status.problems());
    closeCompareView();
    m_window->editor()->undoStack()->clear();
    setDocument(QString(), false);
    m_window->setDocumentName(name);
    m_window->statusBar()->clearMessage();
    return status;
}

bool Inspector::openInteractively(const QString &path)
{
    if (path.isEmpty() || !maybeSave())
        return false;
    return open(path).ok();
}

void Inspector::chooseAndOpen()
{
    if (!maybeSave())
        return;
    const QString path = m_prompts.openPath();
    if (!path.isEmpty())
        (void)open(path);
}

bool Inspector::save()
{
    if (m_path.isEmpty())
        return saveAs();
    return saveTo(m_path).ok();
}

bool Inspector::saveAs()
{
    const QString suggested = !m_path.isEmpty()          ? m_path
                            : !m_suggestedPath.isEmpty() ? m_suggestedPath
                                                         : QDir::home().filePath(QStringLiteral("provider-tree.json"));
    const QString path = m_prompts.savePath(suggested);
    return !path.isEmpty() && saveTo(path).ok();
}

Status Inspector::saveTo(const QString &path)
{
    const bool live = m_cloud->isActive();
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    Status status = live ? saveSnapshot(m_tree.allData(), path, m_cloud->origin()) : saveSnapshot(m_tree, path);
    QGuiApplication::restoreOverrideCursor();
    if (!status.ok()) {
        m_window->showProblems(path, status.problems(), tr("Cannot save snapshot"));
        return status;
    }
    if (live) {
        // A copy: the document stays the cloud's, its edits still to push.
        addRecentFile(path);
        m_window->statusBar()->showMessage(tr("Saved a copy to %1 (with where and when it was pulled); "
                                              "the changes are not pushed.").arg(documentName(path)), 10000);
        return status;
    }
    m_window->editor()->undoStack()->setClean();
    // The unsaved changes are saved now: that comparison compares with a file that changed.
    if (m_compare && m_compare->editor())
        closeCompareView();
    setDocument(path, false);
    addRecentFile(path);
    locateProblemsIn(m_window->problemsPanel()->model(), path, m_backgroundLoadBytes, [this] { return m_path; });
    m_window->statusBar()->showMessage(tr("Saved %1").arg(documentName(path)), 5000);
    return status;
}

bool Inspector::isModified() const
{
    return !m_window->editor()->undoStack()->isClean();
}

bool Inspector::maybeSave()
{
    if (!isModified())
        return true;
    if (m_cloud->isActive())
        return m_cloud->maybeKeepUnpushed();
    const QString name = m_isSample ? documentName(samplePath()) : documentName(m_path);
    switch (m_prompts.unsavedChanges(name)) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

void Inspector::setDocument(const QString &path, bool isSample)
{
    m_cloud->endDocument();
    m_path = path;
    m_isSample = isSample;
    m_window->setDocumentName(isSample ? documentName(samplePath()) : documentName(path));
    m_window->setWindowFilePath(path);
    m_window->setReadOnly(isSample, tr("Sample snapshot — read-only. Save As… to edit a copy."));
    m_window->setWindowModified(isModified());

    m_suggestedPath.clear();
    m_document = RecoveryInfo();
    if (isSample) {
        m_document.document = RecoveryInfo::Document::Sample;
    } else if (!path.isEmpty()) {
        const QFileInfo file(path);
        m_document.document = RecoveryInfo::Document::File;
        m_document.path = file.absoluteFilePath();
        m_document.fileModified = file.lastModified().toUTC(); // the worker converts no time zones
        m_document.fileSize = file.size();
    }
    if (m_autosaver)
        m_autosaver->setDocument(m_document);
}

QStringList Inspector::recentFiles() const
{
    return QSettings().value(QLatin1String(kRecentFilesKey)).toStringList();
}

void Inspector::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    QSettings().setValue(QLatin1String(kRecentFilesKey), files);
    updateRecentMenu();
}

void Inspector::updateRecentMenu()
{
    QMenu *menu = m_window->recentMenu();
    menu->clear();
    const QStringList files = recentFiles();
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        // The file name is shown as a menu text: escape '&' so it is not a mnemonic.
        QString name = QFileInfo(path).fileName();
        name.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction *action = menu->addAction(tr("&%1 %2").arg(QString::number(i + 1), name));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { (void)openInteractively(path); });
    }
    if (!files.isEmpty()) {
        menu->addSeparator();
        menu->addAction(tr("&Clear List"), this, [this] {
            QSettings().remove(QLatin1String(kRecentFilesKey));
            updateRecentMenu();
        });
    }
    menu->setEnabled(!files.isEmpty());
}

CompareView *Inspector::compareView() const
{
    return m_compare.data();
}

void Inspector::closeCompareView()
{
    if (!m_compare)
        return;
    // Detached first: the window is deleted later, and must not follow the editor meanwhile.
    m_compare->setEditor(nullptr);
    m_compare->close();
}

CompareView *Inspector::openCompareView(const QString &title, const QString &oldName, const QString &newName)
{
    closeCompareView();
    // A child of the main window, so the window owns it, but a window of its own.
    auto *view = new CompareView(m_window.get());
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->setWindowTitle(title);
    view->setStateNames(oldName, newName);
    view->addAction(m_window->quitAction()); // Ctrl+Q there too (Esc and Ctrl+W close it)
    view->resize(1280, 800);
    m_compare = view;
    return view;
}

Status Inspector::compareFiles(const QString &oldPath, const QString &newPath)
{
    if (m_comparing)
        return makeError(ProblemKind::Cancelled, tr("a comparison is being prepared already"));
    const auto work = [oldPath, newPath] {
        const Result<QList<ProviderData>> after = readSnapshotFile(newPath);
        PreparedComparison prepared = after.ok() ? prepareComparison(oldPath, [&after] { return after.value(); })
                                                 : PreparedComparison{readSnapshotFile(oldPath).status(), {}};
        prepared.status.append(after.problems()); // the old file's problems first, then the new one's
        return prepared;
    };
    const QString oldName = neutralisedIfNeeded(documentName(oldPath));
    const QString newName = neutralisedIfNeeded(documentName(newPath));
    std::optional<PreparedComparison> prepared
            = runComparison(std::max(QFileInfo(oldPath).size(), QFileInfo(newPath).size()), m_backgroundLoadBytes,
                            m_window.get(), tr("Comparing %1 with %2…").arg(oldName, newName), work, m_comparing,
                            m_backgroundWork);
    if (!prepared)
        return makeError(ProblemKind::Cancelled, tr("cancelled by the user"));
    if (!prepared->status.ok())
        return prepared->status;
    CompareView *view = openCompareView(tr("%1 → %2 — Compare").arg(oldName, newName), oldName, newName);
    view->setContent(std::move(prepared->content));
    view->show();
    return prepared->status;
}

// A large file is read and compared on a worker thread (100,000 providers take seconds),
// behind a progress dialog that can cancel; the tree is read there too, as it is then.
Status Inspector::compareWithFile(const QString &path)
{
    if (m_comparing)
        return makeError(ProblemKind::Cancelled, tr("a comparison is being prepared already"));
    const ProviderTree &tree = m_tree; // outlives the work: ~Inspector() waits for it
    const auto work = [path, &tree] { return prepareComparison(path, [&tree] { return tree.allData(); }); };
    const QString name = neutralisedIfNeeded(documentName(path));
    std::optional<PreparedComparison> prepared
            = runComparison(QFileInfo(path).size(), m_backgroundLoadBytes, m_window.get(),
                            tr("Comparing %1 with the current tree…").arg(name), work, m_comparing, m_backgroundWork);
    if (!prepared)
        return makeError(ProblemKind::Cancelled, tr("cancelled by the user"));
    if (!prepared->status.ok()) {
        m_window->showProblems(path, prepared->status.problems(), tr("Cannot compare"));
        return prepared->status;
    }
    const QString current =
            tr("current (%1)").arg(neutralisedIfNeeded(m_isSample ? documentName(samplePath()) : documentName(m_path)));
    CompareView *view = openCompareView(tr("%1 → current tree — Compare").arg(name), name, current);
    view->setContent(std::move(prepared->content));
    view->show();
    return prepared->status;
}

CompareView *Inspector::compareStates(const QList<ProviderData> &before, const QList<ProviderData> &after,
                                      const QString &title, const QString &oldName, const QString &newName)
{
    CompareView *view = openCompareView(title, oldName, newName);
    view->setDiff(TreeDiff::compute(before, after), before, after);
    view->show();
    return view;
}

void Inspector::baseChanged()
{
    if (m_compare && m_compare->editor())
        emit m_compare->refreshRequested();
}

Status Inspector::showUnsavedChanges()
{
    if (const LiveDocument *live = m_cloud->document()) {
        // Pulled from Placement: unsaved means not pushed, the base plays the file's part.
        const CloudController *cloud = m_cloud.get();
        const QString name = neutralisedIfNeeded(live->name());
        openChangesView(tr("Changes not pushed to %1").arg(name), tr("%1 (pulled)").arg(name),
                        [cloud] { return cloud->document() ? cloud->document()->base() : QList<ProviderData>(); });
        return {};
    }
    const QString path = m_isSample ? samplePath() : m_path;
    if (path.isEmpty())
        return {};
    const Result<QList<ProviderData>> onDisk = readSnapshotFile(path);
    if (!onDisk.ok()) {
        m_window->showProblems(path, onDisk.problems(), tr("Cannot compare"));
        return onDisk.status();
    }
    const QString name = neutralisedIfNeeded(documentName(path));
    const QList<ProviderData> saved = onDisk.value();
    openChangesView(tr("Unsaved changes to %1").arg(name), tr("%1 (saved)").arg(name), [saved] { return saved; });
    return onDisk.status();
}

void Inspector::openChangesView(const QString &title, const QString &oldName,
                                const std::function<QList<ProviderData>()> &old)
{
    CompareView *view = openCompareView(title, oldName, tr("edited"));
    view->setEditor(m_window->editor());
    const auto refresh = [this, view, old] {
        const QList<ProviderData> before = old();
        const QList<ProviderData> now = m_tree.allData();
        view->setDiff(TreeDiff::compute(before, now), before, now);
    };
    connect(view, &CompareView::refreshRequested, view, refresh); // refusals: the view tells the user
    refresh();
    view->show();
}

Status Inspector::enableRecovery()
{
    return enableRecovery(RecoverySession::defaultDirectory(), Autosaver::Delays::fromEnvironment());
}

Status Inspector::enableRecovery(const QString &directory, Autosaver::Delays delays)
{
    if (m_session)
        return {};
    Result<std::unique_ptr<RecoverySession>> session = RecoverySession::start(directory);
    if (!session.ok())
        return session.status();
    m_session = std::move(session.value());
    m_autosaver = std::make_unique<Autosaver>(m_tree, m_window->editor()->undoStack(), m_session->filePath(),
                                              m_session->id());
    m_autosaver->setDelays(delays);
    m_autosaver->setDocument(m_document);
    // A status message, not a box: a full disk would otherwise bring one up every 30 s.
    connect(m_autosaver.get(), &Autosaver::writeFailed, this, [this](const Status &status) {
        m_window->statusBar()->showMessage(tr("Autosave failed: %1").arg(describe(status.firstError())));
    });
    connect(m_autosaver.get(), &Autosaver::written, this, &Inspector::recoveredStateSettled);
    connect(m_autosaver.get(), &Autosaver::cleared, this, &Inspector::recoveredStateSettled);
    return {};
}

void Inspector::setRecoveryPrompt(std::function<RecoveryChoice(const RecoveryOffer &)> prompt)
{
    m_recoveryPrompt = std::move(prompt);
}

bool Inspector::offerRecovery()
{
    if (!m_session)
        return false;
    std::vector<CrashedSession> crashed = CrashedSession::find(m_session->directory(), m_session->id());
    for (CrashedSession &session : crashed) {
        QGuiApplication::setOverrideCursor(Qt::WaitCursor);
        const Result<RecoveryOffer> offer = RecoveryOffer::prepare(session.filePath(), samplePath());
        QGuiApplication::restoreOverrideCursor();
        if (!offer.ok()) {
            m_window->showProblems(session.filePath(), offer.problems(), tr("Cannot read recovery file"));
            continue; // kept: perhaps a later version reads it
        }
        switch (m_recoveryPrompt(offer.value())) {
        case RecoveryChoice::Recover:
            if (!recover(offer.value()))
                return false;
            m_recoveredFrom = std::make_unique<CrashedSession>(std::move(session));
            return true;
        case RecoveryChoice::Discard:
            if (!session.discard()) {
                m_window->statusBar()->showMessage(
                        tr("Cannot delete the recovery file %1").arg(neutralisedIfNeeded(session.filePath())));
            }
            break;
        case RecoveryChoice::Later:
            session.keep();
            // Nothing else shows that they are still there.
            m_window->statusBar()->showMessage(
                    tr("The unsaved changes of %1 are kept: they are offered again at the next start.")
                            .arg(RecoveryDialog::documentName(offer.value())));
            break;
        }
    }
    return false;
}

bool Inspector::recover(const RecoveryOffer &offer)
{
    if (!maybeSave())
        return false;
    bool opened = false;
    if (offer.hasOriginal())
        opened = open(offer.originalState == RecoveryOffer::Original::Sample ? samplePath() : offer.info.path).ok();
    if (!opened) {
        const Autosaver::Pause pause(m_autosaver.get());
        closeCompareView();
        m_window->editor()->undoStack()->clear();
        m_tree.clear();
        setDocument(QString(), false);
        m_window->setDocumentName(tr("Untitled"));
        if (offer.info.document == RecoveryInfo::Document::File)
            m_suggestedPath = offer.info.path;
    }
    const QString when = QLocale().toString(offer.info.written.toLocalTime(), QLocale::ShortFormat);
    const Status status = ReplaceTreeCommand::apply(*m_window->editor(), offer.recovered,
                                                    tr("Recover Unsaved Changes of %1").arg(when));
    if (!status.ok()) {
        m_window->showProblems(offer.recoveryFile, status.problems(), tr("Cannot recover"));
        return false;
    }
    if (m_autosaver)
        m_autosaver->writeNow(); // the crashed session's file goes once ours holds the state
    m_window->statusBar()->showMessage(
            tr("Recovered the unsaved changes saved %1: Save keeps them, Undo takes them back.").arg(when));
    return true;
}

// This session's own recovery file holds the recovered state now, or the document is clean
// (saved, undone, replaced) or the session ends: the crashed session's file has served.
void Inspector::recoveredStateSettled()
{
    if (!m_recoveredFrom)
        return;
    (void)m_recoveredFrom->discard();
    m_recoveredFrom.reset();
}

bool Inspector::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_window.get())
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Close:
        if (m_loading || m_comparing || m_cloud->isBusy() || !maybeSave()) {
            event->ignore();
            return true;
        }
        break;
    case QEvent::DragEnter: {
        auto *drag = static_cast<QDragEnterEvent *>(event);
        if (!droppedSnapshot(drag->mimeData()).isEmpty()) {
            drag->acceptProposedAction();
            return true;
        }
        break;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        const QString path = droppedSnapshot(drop->mimeData());
        if (!path.isEmpty() && !m_loading) {
            drop->acceptProposedAction();
            // Not inside the drop: the prompt and the load must not run in the drag's loop.
            QMetaObject::invokeMethod(this, [this, path] { (void)openInteractively(path); },
                                      Qt::QueuedConnection);
            return true;
        }
        break;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace provtree
