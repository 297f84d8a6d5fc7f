#include "mainwindow.h"

#include "neutralise.h"
#include "providertree.h"
#include "providertreenotifier.h"
#include "providertreewidget.h"

#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace provtree {

namespace {
// A message box listing more problems than this becomes taller than the screen.
constexpr qsizetype kMaxProblemsListed = 20;
} // namespace

MainWindow::MainWindow(ProviderTree &tree, QWidget *parent)
    : QMainWindow(parent),
      m_tree(tree),
      m_notifier(new ProviderTreeNotifier(tree, this)),
      m_treeWidget(new ProviderTreeWidget(this)),
      m_countLabel(new QLabel(this))
{
    setCentralWidget(m_treeWidget);
    statusBar()->addPermanentWidget(m_countLabel);
    createMenus();
    setDocumentName(QString());
    resize(1000, 640);

    // Queued: the tree may be edited on another thread, and the widget must not be rebuilt
    // inside the editing call.
    connect(m_notifier, &ProviderTreeNotifier::changed, this, &MainWindow::scheduleRefresh,
            Qt::QueuedConnection);
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    m_openAction = fileMenu->addAction(tr("&Open…"), this, &MainWindow::openRequested);
    m_openAction->setShortcut(QKeySequence::Open);
    fileMenu->addSeparator();
    m_quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);
}

void MainWindow::setDocumentName(const QString &name)
{
    const QString application = tr("provtree inspector");
    setWindowTitle(name.isEmpty() ? application : tr("%1 — %2").arg(name, application));
}

void MainWindow::showProblems(const QString &what, const Problems &problems)
{
    // Rich text built here, every piece escaped: user text is never read as markup.
    QStringList lines;
    for (qsizetype i = 0; i < problems.size() && i < kMaxProblemsListed; ++i)
        lines.append(problems.at(i).toString().toHtmlEscaped()); // neutralised by the core
    if (problems.size() > kMaxProblemsListed)
        lines.append(tr("… and %1 more").arg(problems.size() - kMaxProblemsListed));
    if (lines.isEmpty())
        lines.append(tr("No details are known."));

    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot open snapshot"),
                                tr("%1 could not be opened.").arg(neutralised(what, 120)),
                                QMessageBox::Ok, this);
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(QStringLiteral("<p>") + lines.join(QStringLiteral("<br>"))
                            + QStringLiteral("</p>"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// A burst of changes arrives as a burst of queued notifications: rebuild once, after the
// last of those already queued.
void MainWindow::scheduleRefresh()
{
    if (m_refreshPending)
        return;
    m_refreshPending = true;
    QMetaObject::invokeMethod(this, &MainWindow::refresh, Qt::QueuedConnection);
}

void MainWindow::refresh()
{
    m_refreshPending = false;
    m_treeWidget->setProviders(m_tree.allData());
    const qsizetype count = m_tree.size();
    m_countLabel->setText(count == 1 ? tr("1 provider") : tr("%1 providers").arg(count));
}

} // namespace provtree
