#include "inspector.h"

#include "mainwindow.h"
#include "snapshotreader.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QStatusBar>

namespace provtree {

namespace {

// What the title bar and messages call `path`: the sample by its purpose, files by name.
QString documentName(const QString &path)
{
    if (path == Inspector::samplePath())
        return Inspector::tr("Sample snapshot");
    return QFileInfo(path).fileName();
}

// "$.providers[3].name: provider name must be ..." (already neutralised by the core).
QString describe(const Problem &problem)
{
    const QString where = problem.location.isEmpty() ? problem.provider : problem.location;
    return where.isEmpty() ? problem.message : where + QStringLiteral(": ") + problem.message;
}

} // namespace

Inspector::Inspector(QObject *parent)
    : QObject(parent), m_window(std::make_unique<MainWindow>(m_tree))
{
    connect(m_window.get(), &MainWindow::openRequested, this, &Inspector::chooseAndOpen);
}

Inspector::~Inspector() = default;

Status Inspector::open(const QString &path)
{
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    Status status = loadSnapshotFile(m_tree, path);
    QGuiApplication::restoreOverrideCursor();

    if (!status.ok()) {
        m_window->showProblems(path == samplePath() ? documentName(path) : path,
                               status.problems());
        return status;
    }
    m_window->setDocumentName(documentName(path));
    // Warnings do not stop a load; say how many and show the first (already neutralised).
    const Problems warnings = status.warnings();
    if (warnings.isEmpty())
        m_window->statusBar()->clearMessage();
    else if (warnings.size() == 1)
        m_window->statusBar()->showMessage(tr("1 warning: %1").arg(describe(warnings.constFirst())));
    else
        m_window->statusBar()->showMessage(tr("%1 warnings (provtree validate lists them); the first: %2")
                                                   .arg(warnings.size())
                                                   .arg(describe(warnings.constFirst())));
    return status;
}

void Inspector::chooseAndOpen()
{
    const QString path = QFileDialog::getOpenFileName(
            m_window.get(), tr("Open snapshot"), QString(),
            tr("Provider tree snapshots (*.json);;All files (*)"));
    if (!path.isEmpty())
        (void)open(path);
}

} // namespace provtree
