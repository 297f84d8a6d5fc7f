#include "mainwindow.h"

#include "aggregatespanel.h"
#include "fithighlightproxymodel.h"
#include "fitpanel.h"
#include "inventoryview.h"
#include "inventorymodel.h"
#include "middleelidedelegate.h"
#include "namedialog.h"
#include "neutralise.h"
#include "problemspanel.h"
#include "providercopyactions.h"
#include "providerdetails.h"
#include "providerfilterproxymodel.h"
#include "providericons.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "resourcesummarypanel.h"
#include "searchcontextproxymodel.h"
#include "searchexpansionmemory.h"
#include "searchfeedback.h"
#include "sortarrowheader.h"
#include "traitspanel.h"
#include "treecolumnfitter.h"
#include "treeexpander.h"
#include "treeeditor.h"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScopedValueRollback>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace provtree {

namespace {
// A message box listing more problems than this becomes taller than the screen.
constexpr qsizetype kMaxProblemsListed = 25;
// Expanding every row, fitting columns to their content and filtering on every keystroke
// cost time proportional to the tree; past this size the window does less eagerly.
constexpr qsizetype kSmallTree = 2000;
constexpr int kExpandRootsLimit = 50;
constexpr int kExpandMatchesRows = 300; // rows a large search opens (a few screens)
// The panes' floors, set explicitly: a child's minimum size hint (a long provider name in
// the details) must not move the splitter the user placed.
constexpr int kTreeMinWidth = 280;
constexpr int kDetailsMinWidth = 440;

// The rows from the top-level row down to `index`, for comparing places in the tree.
QList<int> rowPath(QModelIndex index)
{
    QList<int> path;
    for (; index.isValid(); index = index.parent())
        path.prepend(index.row());
    return path;
}

// "error: $.providers[3].name: message" (Problem::text() is safe to show whatever the
// problem holds: provider and field may be text as a caller gave it).
QString describe(const Problem &problem)
{
    const QString severity = problem.isError() ? MainWindow::tr("error") : MainWindow::tr("warning");
    return severity + QStringLiteral(": ") + problem.text();
}

QGroupBox *section(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(content);
    return box;
}
} // namespace

MainWindow::MainWindow(ProviderTree &tree, QWidget *parent)
    : QMainWindow(parent),
      m_tree(tree),
      m_editor(new TreeEditor(tree, this)),
      m_model(new ProviderTreeModel(tree, this)),
      m_icons(new ProviderIconProxyModel(this)),
      m_fitMarks(new FitHighlightProxyModel(this)),
      m_filter(new ProviderFilterProxyModel(this)),
      m_context(new SearchContextProxyModel(*m_filter, this))
{
    // The icons and the fit marks dress the tree model's rows below the filter, the search
    // context (what the filter shows as context) above it. A view's layout asks every row it
    // lays out through each proxy above the filter: with all three above, the identity
    // proxies took two thirds of a layout of 34,000 roots. The filter reads flags and sort
    // keys from the tree model itself.
    m_icons->setSourceModel(m_model);
    m_fitMarks->setSourceModel(m_icons);
    m_filter->setSourceModel(m_fitMarks);
    [[maybe_unused]] const ProviderTreeModel *below = providerTreeModelBelow(m_context, &m_shownThrough);
    Q_ASSERT(below == m_model);

    m_prompts.askName = [this](const QString &title, const QString &label, const QString &initial) {
        return NameDialog::ask(this, title, label, initial); // wide enough for a long name
    };
    m_prompts.confirm = [this](const QString &title, const QString &question) {
        QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::Cancel, this);
        box.setTextFormat(Qt::PlainText); // the question holds provider names
        box.setDefaultButton(QMessageBox::Cancel);
        return box.exec() == QMessageBox::Yes;
    };

    createActions();

    m_banner = new QLabel;
    m_banner->setObjectName(QStringLiteral("readOnlyBanner"));
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setStyleSheet(QStringLiteral(
            "QLabel#readOnlyBanner { background: #fff4c2; color: #5a4500; border-bottom: 1px solid #e0c860;"
            " padding: 6px 10px; font-weight: bold; }"));
    m_banner->hide();

    auto *splitter = m_splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("providerSplitter"));
    QWidget *treePane = createTreePane();
    QWidget *detailsPane = createDetailsPane();
    treePane->setMinimumWidth(kTreeMinWidth);
    detailsPane->setMinimumWidth(kDetailsMinWidth);
    splitter->addWidget(treePane);
    splitter->addWidget(detailsPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({580, 700}); // the inventory table needs the room more than the tree
    splitter->setChildrenCollapsible(false);
    m_view->addAction(m_renameAction);
    m_view->addAction(m_removeAction);
    m_view->addAction(m_copyActions->copyUuidAction());
    m_view->addAction(m_copyActions->copyJsonAction());

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    // The document's problems: a dock (hidden until asked for), a count in the status bar,
    // a mark on each provider in the tree.
    m_problems = new ProblemsPanel(tree, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_problems);
    m_problems->hide();
    statusBar()->addPermanentWidget(m_problems->statusButton());
    m_icons->setProblemMarks(m_problems->model());
    connect(m_problems, &ProblemsPanel::problemActivated, this, &MainWindow::showProblem);

    // Will it fit? A dock (hidden until asked for) whose outcome marks the fitting trees.
    m_fit = new FitPanel(tree, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_fit);
    m_fit->hide();
    connect(m_fit, &FitPanel::shownOutcomeChanged, this, [this] { m_fitMarks->setOutcome(m_fit->shownOutcome()); });
    connect(m_fit, &FitPanel::providerActivated, this, &MainWindow::selectProvider);

    m_countLabel = new QLabel;
    statusBar()->addPermanentWidget(m_countLabel);
    createMenus();

    connect(m_editor->undoStack(), &QUndoStack::cleanChanged, this,
            [this](bool clean) { setWindowModified(!clean); });
    // The action as context, not the window: the stack may still signal while the window
    // is being destroyed.
    connect(m_editor->undoStack(), &QUndoStack::cleanChanged, m_unsavedChangesAction,
            [action = m_unsavedChangesAction](bool clean) { action->setEnabled(!clean); });
    connect(m_editor, &TreeEditor::replayFailed, this,
            [this](const QString &text, const Status &status) {
                reportRefusal(tr("“%1” could not be replayed; the tree keeps its current state.").arg(text),
                              status);
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::onModelReset);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateCount);

    setDocumentName(QString());
    resize(1280, 800);
    onModelReset();
    m_view->setFocus(); // keyboard first in the tree: arrows, F2, Delete
}

MainWindow::~MainWindow()
{
    // The panels and views hold the editor and the models by reference: they go first,
    // before QObject's child deletion reaches the editor and models (created earlier).
    delete takeCentralWidget();
    qDeleteAll(findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly));
}

QWidget *MainWindow::createTreePane()
{
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Filter (Ctrl+F): name, uuid, trait, class, aggregate, kind:gpu"));
    m_search->setToolTip(tr("Shows the providers that match every word, with their ancestors.\n"
                            "A word matches a name, uuid, trait, resource class or aggregate;\n"
                            "kind:WORD, trait:WORD and class:WORD match only that. Esc clears."));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter providers"));
    // Every keystroke filters: a large tree is searched on a worker, which the next
    // keystroke cancels, so typing never waits for the search.
    m_filter->setBackgroundSearch(&m_tree, kSmallTree);
    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::applySearch);
    connect(m_filter, &ProviderFilterProxyModel::searchAboutToBeApplied, this, [this] {
        m_applyingSearch = true;
        if (m_filter->pendingSearchText().trimmed().isEmpty()) { // a cleared search, still shown
            m_closeRowsForSearch = false;
            m_expansionMemory->noteSearchRows();
        } else {
            closeRowsForSearch(); // unless done already
        }
    });
    connect(m_filter, &ProviderFilterProxyModel::searchApplied, this, &MainWindow::showAppliedSearch);
    auto *clear = new QShortcut(QKeySequence(Qt::Key_Escape), m_search, nullptr, nullptr,
                                Qt::WidgetShortcut);
    connect(clear, &QShortcut::activated, m_search, &QLineEdit::clear);
    m_searchFeedback = new SearchFeedback(*m_search, *m_filter);

    m_view = new ProviderTreeView;
    auto *sortArrows = new SortArrowHeader(Qt::Horizontal, m_view); // ▼ when highest first
    sortArrows->setSectionsMovable(true); // as QTreeView sets up its own header
    sortArrows->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->setHeader(sortArrows);
    m_view->setModel(m_context);
    m_context->setContextTextColour(SearchContextProxyModel::mutedTextColour(m_view->palette()));
    m_view->setUniformRowHeights(true); // cheap layout of large trees
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection); // several to copy
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setAccessibleName(tr("Providers"));
    // What an operator scans first comes first; the model's column order stays as it is.
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(true);
    using M = ProviderTreeModel;
    const int visualOrder[] = {M::NameColumn,       M::ResourceClassesColumn, M::UsageColumn,
                               M::GenerationColumn, M::ChildrenColumn,        M::UuidColumn};
    for (int position = 0; position < M::ColumnCount; ++position)
        header->moveSection(header->visualIndex(visualOrder[position]), position);
    // Sorted by name (natural order) until a header click sorts by its column; the proxy
    // keeps the order through edits.
    header->setSortIndicator(M::NameColumn, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    // After the sort (connected after the view's own sortByColumn): the selection in sight.
    // In a large tree the scroll lays out the rows (34,000 roots: 19 ms): in a timer's event,
    // after the sorted rows' paint.
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this] {
        if (m_tree.size() > kSmallTree)
            QTimer::singleShot(1, this, &MainWindow::scrollToSelection);
        else
            scrollToSelection();
    });
    m_columns = new TreeColumnFitter(*m_view);
    m_expander = new TreeExpander(*m_view, this);
    // What the user opens and closes during a search is kept when it is cleared.
    m_expansionMemory = new SearchExpansionMemory(*m_view, *m_expander, this);
    connect(m_view, &QTreeView::expanded, this, [this](const QModelIndex &index) {
        if (!m_autoExpanding)
            m_expansionMemory->noteExpanded(index);
    });
    connect(m_view, &QTreeView::collapsed, this, [this](const QModelIndex &index) {
        if (!m_autoExpanding)
            m_expansionMemory->noteCollapsed(index);
    });
    connect(m_expander, &TreeExpander::runningChanged, this, [this](bool running) {
        if (running)
            statusBar()->showMessage(tr("Opening rows… Collapse All (Ctrl+Shift+E) stops"));
        else
            statusBar()->clearMessage();
    });
    m_view->setItemDelegateForColumn(ProviderTreeModel::NameColumn, new MiddleElideDelegate(m_view));
    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::showContextMenu);
    // The details follow the selection, also where it changes without a selection signal
    // (rows a search or an edit removes, a re-sort, a new tree).
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::syncWithSelection);
    connect(m_context, &QAbstractItemModel::rowsRemoved, this, &MainWindow::syncWithSelection);
    connect(m_context, &QAbstractItemModel::layoutChanged, this, &MainWindow::syncWithSelection);
    connect(m_context, &QAbstractItemModel::modelReset, this, &MainWindow::syncWithSelection);
    // A selected row folded away is out of sight: the selection moves to the folded row.
    connect(m_view, &QTreeView::collapsed, this, &MainWindow::selectCollapsedIfHiding);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_searchFeedback);
    auto *pane = new QWidget;
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(6, 6, 0, 6);
    layout->addLayout(searchRow);
    layout->addWidget(m_view, 1);
    return pane;
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // A new palette (a dark theme): the muted colour must read on its backgrounds.
    if (event->type() == QEvent::PaletteChange && m_view)
        m_context->setContextTextColour(SearchContextProxyModel::mutedTextColour(m_view->palette()));
}

QWidget *MainWindow::createDetailsPane()
{
    m_details = new ProviderDetails(m_tree);
    connect(m_details, &ProviderDetails::providerActivated, this, &MainWindow::selectProvider);

    m_inventory = new InventoryView(m_tree, *m_editor);

    m_traits = new TraitsPanel(m_tree, *m_editor);
    connect(m_traits, &TraitsPanel::providerActivated, this, &MainWindow::selectProvider);

    m_aggregates = new AggregatesPanel(m_tree, *m_editor);
    connect(m_aggregates, &AggregatesPanel::providerActivated, this, &MainWindow::selectProvider);

    // Traits and aggregates share one place: side by side they squeeze each other's
    // lists into unreadable columns at the target size (1280x800).
    m_panelTabs = new QTabWidget;
    m_panelTabs->setDocumentMode(true);
    m_panelTabs->addTab(m_traits, tr("&Traits"));
    m_panelTabs->addTab(m_aggregates, tr("A&ggregates"));

    auto *identity = new QWidget;
    auto *identityLayout = new QVBoxLayout(identity);
    identityLayout->setContentsMargins(6, 6, 6, 0);
    identityLayout->addWidget(m_details);

    auto *inventory = section(tr("Inventory"), m_inventory);
    auto *split = m_panels = new QSplitter(Qt::Vertical);
    split->addWidget(inventory);
    split->addWidget(m_panelTabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *pane = new QWidget;
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 6, 6);
    layout->addWidget(identity);
    layout->addWidget(split, 1);
    return pane;
}

void MainWindow::createActions()
{
    m_openAction = new QAction(tr("&Open…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openRequested);
    m_saveAction = new QAction(tr("&Save"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::saveRequested);
    m_saveAsAction = new QAction(tr("Save &As…"), this);
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveAsRequested);
    m_compareAction = new QAction(tr("Co&mpare with File…"), this);
    connect(m_compareAction, &QAction::triggered, this, &MainWindow::compareRequested);
    m_unsavedChangesAction = new QAction(tr("Show &Unsaved Changes"), this);
    m_unsavedChangesAction->setEnabled(false); // until the first edit (cleanChanged)
    connect(m_unsavedChangesAction, &QAction::triggered, this, &MainWindow::unsavedChangesRequested);
    m_connectAction = new QAction(tr("Co&nnect to Placement…"), this);
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::connectRequested);
    m_pushAction = new QAction(tr("&Push Changes…"), this);
    m_pushAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pushAction->setEnabled(false); // a document pulled from Placement enables it
    connect(m_pushAction, &QAction::triggered, this, &MainWindow::pushRequested);
    m_refreshAction = new QAction(tr("&Refresh"), this);
    m_refreshAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_refreshAction->setEnabled(false);
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refreshRequested);
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));

    m_newRootAction = new QAction(tr("New &Root Provider…"), this);
    m_newRootAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(m_newRootAction, &QAction::triggered, this, &MainWindow::newRoot);
    m_newChildAction = new QAction(tr("New &Child Provider…"), this);
    m_newChildAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    connect(m_newChildAction, &QAction::triggered, this, &MainWindow::newChild);
    m_renameAction = new QAction(tr("Re&name…"), this);
    m_renameAction->setShortcut(QKeySequence(Qt::Key_F2));
    connect(m_renameAction, &QAction::triggered, this, &MainWindow::renameCurrent);
    m_removeAction = new QAction(tr("Re&move Subtree…"), this);
    m_removeAction->setShortcut(QKeySequence::Delete);
    connect(m_removeAction, &QAction::triggered, this, &MainWindow::removeCurrent);
    // F2 and Delete act on the tree only (see the constructor): in a line edit or a panel
    // they keep their meaning.
    for (QAction *action : {m_renameAction, m_removeAction})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    m_copyActions = new ProviderCopyActions(m_tree, [this] { return selectedProviders(); }, this);

    m_findAction = new QAction(tr("&Find…"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    addAction(m_findAction);

    m_expandAllAction = new QAction(tr("E&xpand All"), this);
    m_expandAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_expandAllAction->setStatusTip(tr("Open every provider's row; a large tree opens from the top while you work"));
    connect(m_expandAllAction, &QAction::triggered, this, [this] { m_expander->expandAll(); });
    m_collapseAllAction = new QAction(tr("Co&llapse All"), this);
    m_collapseAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_collapseAllAction, &QAction::triggered, this, [this] {
        m_expander->stop();
        m_view->collapseAll();
    });
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_openAction);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    m_recentMenu->setEnabled(false); // filled by whoever knows the files
    fileMenu->addSeparator();
    fileMenu->addAction(m_saveAction);
    fileMenu->addAction(m_saveAsAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_compareAction);
    fileMenu->addAction(m_unsavedChangesAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_connectAction);
    fileMenu->addAction(m_pushAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_quitAction);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->addAction(m_undoAction);
    editMenu->addAction(m_redoAction);
    editMenu->addSeparator();
    editMenu->addAction(m_copyActions->copyUuidAction());
    editMenu->addAction(m_copyActions->copyJsonAction());
    editMenu->addSeparator();
    editMenu->addAction(m_findAction);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(m_refreshAction);
    viewMenu->addSeparator();
    viewMenu->addAction(m_expandAllAction);
    viewMenu->addAction(m_collapseAllAction);
    viewMenu->addSeparator();
    viewMenu->addAction(m_problems->toggleViewAction());
    viewMenu->addAction(createSummaryDock()->toggleViewAction());
    viewMenu->addAction(m_fit->toggleViewAction());

    QMenu *providerMenu = menuBar()->addMenu(tr("&Provider"));
    providerMenu->addAction(m_newRootAction);
    providerMenu->addAction(m_newChildAction);
    providerMenu->addSeparator();
    providerMenu->addAction(m_renameAction);
    providerMenu->addAction(m_removeAction);
}

// Per resource class, the whole tree and what the search matches; hidden until View >
// Resource Summary (hidden, it costs nothing).
QDockWidget *MainWindow::createSummaryDock()
{
    auto *dock = new QDockWidget(tr("Resource Summary"), this);
    dock->setObjectName(QStringLiteral("resourceSummaryDock"));
    dock->toggleViewAction()->setText(tr("Resource &Summary"));
    dock->setWidget(new ResourceSummaryPanel(m_tree, *m_filter, dock));
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide();
    return dock;
}

void MainWindow::setPrompts(Prompts prompts)
{
    if (prompts.askName)
        m_prompts.askName = std::move(prompts.askName);
    if (prompts.confirm)
        m_prompts.confirm = std::move(prompts.confirm);
}

void MainWindow::setDocumentName(const QString &name)
{
    m_documentName = name;
    const QString application = tr("provtree inspector");
    setWindowTitle(name.isEmpty() ? application + QStringLiteral("[*]")
                                  : tr("%1[*] — %2").arg(name, application));
}

void MainWindow::setReadOnly(bool readOnly, const QString &banner)
{
    m_readOnly = readOnly;
    m_banner->setText(banner);
    m_banner->setVisible(readOnly && !banner.isEmpty());
    m_inventory->setReadOnly(readOnly);
    m_traits->setReadOnly(readOnly);
    m_aggregates->setReadOnly(readOnly);
    updateActions();
}

QString MainWindow::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void MainWindow::showProblems(const QString &what, const Problems &problems, const QString &title)
{
    const QString name = neutralised(what, 120);
    openProblemBox(title.isEmpty() ? tr("Cannot open snapshot") : title,
                   problems.size() == 1 ? tr("%1 could not be used: 1 problem.").arg(name)
                                        : tr("%1 could not be used: %2 problems.").arg(name, QString::number(problems.size())),
                   problems);
}

// `summary` is plain text; the problems become an escaped list (their texts are already
// neutralised by the core), so user text is never read as markup.
void MainWindow::openProblemBox(const QString &title, const QString &summary, const Problems &problems)
{
    QStringList lines;
    for (qsizetype i = 0; i < problems.size() && i < kMaxProblemsListed; ++i)
        lines.append(QStringLiteral("<li>") + describe(problems.at(i)).toHtmlEscaped() + QStringLiteral("</li>"));
    QString details = lines.isEmpty() ? tr("No details are known.")
                                      : QStringLiteral("<ul style=\"margin-left: 0; -qt-list-indent: 1;\">")
                              + lines.join(QString()) + QStringLiteral("</ul>");
    if (problems.size() > kMaxProblemsListed)
        details += tr("<p>… and %1 more (<tt>provtree validate</tt> lists them all).</p>")
                           .arg(problems.size() - kMaxProblemsListed);

    auto *box = new QMessageBox(QMessageBox::Warning, title, summary, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("problemsBox"));
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(details);
    // Long locations need room; the default box wraps them into an unreadable column.
    box->setStyleSheet(QStringLiteral("QLabel#qt_msgbox_informativelabel { min-width: 640px; }"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::reportRefusal(const QString &summary, const Status &status)
{
    openProblemBox(tr("Edit refused"), summary, status.errors().isEmpty() ? status.problems() : status.errors());
}

QModelIndex MainWindow::shownIndex(const QModelIndex &modelIndex) const
{
    return mapUpFromTreeModel(modelIndex, m_shownThrough);
}

bool MainWindow::selectProvider(const QString &uuid)
{
    QModelIndex source = m_model->indexForUuid(uuid);
    if (!source.isValid())
        return false;
    QModelIndex index = shownIndex(source);
    if (!index.isValid()) { // hidden by the search
        m_search->clear();
        applySearch();
        index = shownIndex(source);
    }
    const QScopedValueRollback autoExpanding(m_autoExpanding, true); // it only shows the row
    for (QModelIndex up = index.parent(); up.isValid(); up = up.parent())
        m_view->expand(up);
    m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

QStringList MainWindow::selectedProviders() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(ProviderTreeModel::NameColumn);
    std::vector<std::pair<QList<int>, QModelIndex>> placed; // each row's place, computed once
    placed.reserve(size_t(rows.size()));
    for (const QModelIndex &row : rows)
        placed.emplace_back(rowPath(row), row);
    std::sort(placed.begin(), placed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList uuids;
    uuids.reserve(rows.size());
    for (const auto &[path, row] : placed)
        uuids.append(row.data(ProviderTreeModel::UuidRole).toString());
    return uuids;
}

QAction *MainWindow::copyUuidAction() const
{
    return m_copyActions->copyUuidAction();
}

QAction *MainWindow::copyJsonAction() const
{
    return m_copyActions->copyJsonAction();
}

void MainWindow::setProviderSerialiser(std::function<QByteArray(const QList<ProviderData> &)> serialiser)
{
    m_copyActions->setSerialiser(std::move(serialiser));
}

// The details pane shows the only selected provider of the tree as shown, or nothing:
// an edit can only land on a provider the user selected and sees.
void MainWindow::syncWithSelection()
{
    // Unordered: Select All of 100,000 rows must not sort them on every change.
    const QModelIndexList selected = m_view->selectionModel()->selectedRows(ProviderTreeModel::NameColumn);
    if (!selected.isEmpty()) {
        m_hiddenSelection.clear();
        for (const QModelIndex &row : selected)
            m_hiddenSelection.append(row.data(ProviderTreeModel::UuidRole).toString());
    } else if (!m_applyingSearch) { // the user's or an edit's doing, not a search's
        m_hiddenSelection.clear();
    }
    m_copyActions->setSelectionSize(selected.size());
    const QString uuid = selected.size() == 1 ? selected.constFirst().data(ProviderTreeModel::UuidRole).toString()
                                              : QString();
    if (uuid != m_current || m_details->provider() != uuid) {
        m_current = uuid;
        m_details->setProvider(uuid);
        m_inventory->setProvider(uuid);
        m_traits->setProvider(uuid);
        m_aggregates->setProvider(uuid);
        m_panels->setVisible(!uuid.isEmpty()); // the details pane's hint says what to do
    }
    updateActions();
}

void MainWindow::selectCollapsedIfHiding(const QModelIndex &collapsed)
{
    if (m_autoExpanding)
        return; // the window keeps the selection in sight itself
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    const bool hides = std::any_of(selected.cbegin(), selected.cend(), [&collapsed](QModelIndex row) {
        for (row = row.parent(); row.isValid(); row = row.parent()) {
            if (row == collapsed)
                return true;
        }
        return false;
    });
    if (hides)
        m_view->selectionModel()->setCurrentIndex(collapsed, QItemSelectionModel::ClearAndSelect
                                                                     | QItemSelectionModel::Rows);
}

void MainWindow::scrollToSelection()
{
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    if (!selected.isEmpty())
        m_view->scrollTo(selected.constFirst());
}

// After a search: the selection it hid, if it shows it again and nothing else is selected.
void MainWindow::reselectHiddenSelection()
{
    if (m_hiddenSelection.isEmpty() || m_view->selectionModel()->hasSelection())
        return;
    QItemSelection selection;
    QModelIndex first;
    for (const QString &uuid : std::as_const(m_hiddenSelection)) {
        const QModelIndex index = shownIndex(m_model->indexForUuid(uuid));
        if (!index.isValid())
            continue;
        selection.select(index, index);
        if (!first.isValid())
            first = index;
    }
    if (selection.isEmpty())
        return;
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
}

void MainWindow::onModelReset()
{
    m_current.clear();
    m_hiddenSelection.clear();
    m_expansionMemory->forget(); // the rows of another tree
    m_closeRowsForSearch = false;
    expandForOverview();
    m_columns->fit();
    updateCount();
    // A new tree opens on its first provider, so the details pane is never empty for long.
    const QModelIndex first = m_context->index(0, 0);
    if (first.isValid())
        m_view->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect
                                                                 | QItemSelectionModel::Rows);
    syncWithSelection();
}

bool MainWindow::isExpandingAll() const
{
    return m_expander->isRunning();
}

// Every row of a small tree; the roots' children of a large one with few roots. Expanding
// costs QTreeView time quadratic in the rows it lays out, so a cloud of thousands of
// compute nodes opens collapsed.
void MainWindow::expandForOverview()
{
    const QScopedValueRollback autoExpanding(m_autoExpanding, true);
    if (m_tree.size() <= kSmallTree)
        m_view->expandAll();
    else if (m_filter->rowCount() <= kExpandRootsLimit)
        m_view->expandToDepth(0);
}

void MainWindow::applySearch()
{
    m_expander->stop(); // another search opens its own rows
    // Before the search hides rows, whose expansion the view would forget.
    if (!m_search->text().isEmpty() && !m_filter->isSearching() && !m_expansionMemory->isRemembering()) {
        m_expansionMemory->remember();
        m_closeRowsForSearch = true;
        // While the worker searches a large tree, in an event of its own: this one has
        // walked every open row, the search's will change the layout. A timer's, so that
        // the letter typed is painted and timers due run first.
        if (m_tree.size() > kSmallTree)
            QTimer::singleShot(1, this, &MainWindow::closeRowsForSearch);
    }
    m_filter->setSearchText(m_search->text()); // shown at once, or when the worker has the answer
}

// The first search over the rows the user had open (remembered, and given back when it is
// cleared) opens its own rows (openSearchResults()). Closing the user's first spares the
// search's layout change and the view's next layout the open rows and all they show (after
// Expand All, 100,000 rows: over 100 ms each, for each search typed).
void MainWindow::closeRowsForSearch()
{
    if (!std::exchange(m_closeRowsForSearch, false))
        return; // closed already, or the search was cleared
    m_expander->stop(); // as a collapse signal does
    // After Expand All, 30,000 collapsed signals, none of them the user's: 7 ms.
    const QSignalBlocker quiet(m_view);
    m_view->collapseAllLayingOutLater();
}

void MainWindow::showAppliedSearch()
{
    // Right after the filter's layout change, before anything (a selection coming back
    // scrolls to it) has the view lay its rows out again: each row restored is only noted.
    const bool restored = !m_filter->isSearching() && m_expansionMemory->isRemembering();
    if (restored)
        restoreExpansionAfterSearch();
    m_applyingSearch = false;
    // A large tree's rows are laid out again for the selection coming back and the view's
    // scroll: that comes after a paint, in an event of its own, so that neither part keeps
    // the window waiting long (a search cleared after Expand All: 18 and 22 ms). A timer's:
    // a queued call would come before the paint, whose events wait at low priority.
    if (m_tree.size() > kSmallTree)
        QTimer::singleShot(1, this, [this, restored] { openSearchResults(restored); });
    else
        openSearchResults(restored);
}

// The rows the user had open before the search and opened during it; the current row
// stays selected, and its ancestors open so that it stays in sight (a selection the search
// hid comes back after, scrolled to).
void MainWindow::restoreExpansionAfterSearch()
{
    const QScopedValueRollback autoExpanding(m_autoExpanding, true);
    m_expansionMemory->restore();
    const QModelIndex current = m_current.isEmpty() ? QModelIndex() : shownIndex(m_model->indexForUuid(m_current));
    for (QModelIndex up = current.parent(); up.isValid(); up = up.parent())
        m_view->expand(up);
}

void MainWindow::openSearchResults(bool expansionRestored)
{
    reselectHiddenSelection();
    const QScopedValueRollback autoExpanding(m_autoExpanding, true);
    const QString text = m_filter->searchText();
    if (text.trimmed().isEmpty()) {
        if (!expansionRestored)
            expandForOverview();
    } else if (m_tree.size() <= kSmallTree || m_filter->rowCount() <= kExpandRootsLimit) {
        m_view->expandAll(); // show every match in its place
    } else {
        expandFirstMatches();
    }
    const QModelIndex current = m_current.isEmpty() ? QModelIndex() : shownIndex(m_model->indexForUuid(m_current));
    if (current.isValid())
        m_view->scrollTo(current);
    else if (!text.trimmed().isEmpty())
        m_view->scrollToTop(); // the matches from the first, not where the last view was
    m_columns->scheduleFit(); // other rows in sight (expandAll() says nothing of them)
    updateCount();
}

// A search with many matches in a large tree: the first rows are opened down to their
// matches, so that matches are in sight at once; opening every one of thousands of
// ancestors would stall the window. The filter shows only matches and their ancestors,
// so every child it shows leads to a match.
void MainWindow::expandFirstMatches()
{
    int budget = kExpandMatchesRows;
    std::vector<QModelIndex> pending;
    const QAbstractItemModel *shown = m_view->model();
    for (int row = shown->rowCount() - 1; row >= 0; --row)
        pending.push_back(shown->index(row, 0));
    while (!pending.empty() && budget > 0) { // depth first, in the order shown
        const QModelIndex index = pending.back();
        pending.pop_back();
        const int children = shown->rowCount(index);
        if (children == 0)
            continue;
        m_view->expand(index);
        budget -= children;
        for (int row = children - 1; row >= 0; --row)
            pending.push_back(shown->index(row, 0, index));
    }
}

void MainWindow::updateActions()
{
    const bool editable = !m_readOnly;
    const bool hasCurrent = !m_current.isEmpty() && m_tree.exists(m_current);
    m_newRootAction->setEnabled(editable);
    m_newChildAction->setEnabled(editable && hasCurrent);
    m_renameAction->setEnabled(editable && hasCurrent);
    m_removeAction->setEnabled(editable && hasCurrent);
    // The stack's own actions follow canUndo/canRedo; a read-only document has an empty
    // stack, so they are disabled there anyway.
}

void MainWindow::updateCount()
{
    const qsizetype count = m_tree.size();
    QString text = count == 1 ? tr("1 provider") : tr("%1 providers").arg(count);
    if (!m_filter->searchText().trimmed().isEmpty())
        text = tr("%1 — filtered").arg(text);
    m_countLabel->setText(text);
}

// A right click on a row outside the selection selects it; on a selected row it keeps the
// selection (copy several); on empty space it clears it. The menu acts on the selection.
void MainWindow::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    QItemSelectionModel *selection = m_view->selectionModel();
    if (!index.isValid())
        selection->clearSelection();
    else if (!selection->isRowSelected(index.row(), index.parent()))
        selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("providerContextMenu"));
    menu.addAction(m_newChildAction);
    menu.addAction(m_renameAction);
    menu.addAction(m_removeAction);
    menu.addSeparator();
    menu.addAction(m_copyActions->copyUuidAction());
    menu.addAction(m_copyActions->copyJsonAction());
    const QModelIndex row = index.siblingAtColumn(ProviderTreeModel::NameColumn);
    if (row.isValid() && m_view->model()->hasChildren(row)) {
        menu.addSeparator();
        menu.addAction(tr("E&xpand Subtree"), m_expander, [expander = m_expander, row = QPersistentModelIndex(row)] {
            if (row.isValid())
                expander->expandSubtree(row);
        });
        menu.addAction(tr("Co&llapse Subtree"), m_view, [view = m_view, row = QPersistentModelIndex(row)] {
            if (row.isValid())
                view->collapse(row);
        });
    }
    menu.addSeparator();
    menu.addAction(m_newRootAction);
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

std::optional<QString> MainWindow::askName(const QString &title, const QString &label, const QString &initial)
{
    return m_prompts.askName(title, label, initial);
}

void MainWindow::newRoot()
{
    if (m_readOnly)
        return;
    const std::optional<QString> name = askName(tr("New root provider"), tr("Name:"), QString());
    if (!name)
        return;
    const Result<QString> added = m_editor->addProvider(*name);
    if (!added.ok())
        return reportRefusal(tr("The new root provider was refused."), added.status());
    selectProvider(added.value());
}

void MainWindow::newChild()
{
    const std::optional<ProviderData> parent = m_tree.data(m_current);
    if (m_readOnly || !parent)
        return;
    const std::optional<QString> name
            = askName(tr("New child of %1").arg(neutralisedIfNeeded(parent->name)), tr("Name of the new child provider:"), QString());
    if (!name)
        return;
    const Result<QString> added = m_editor->addProvider(*name, parent->uuid);
    if (!added.ok())
        return reportRefusal(tr("The new child provider was refused."), added.status());
    selectProvider(added.value());
}

void MainWindow::renameCurrent()
{
    const std::optional<ProviderData> provider = m_tree.data(m_current);
    if (m_readOnly || !provider)
        return;
    const std::optional<QString> name = askName(tr("Rename provider"), tr("New name:"), provider->name);
    if (!name || *name == provider->name)
        return;
    const Status status = m_editor->rename(provider->uuid, *name);
    if (!status.ok())
        reportRefusal(tr("Renaming %1 was refused.").arg(neutralised(provider->name)), status);
}

QString MainWindow::removeQuestion(const QString &uuid) const
{
    const std::optional<ProviderData> provider = m_tree.data(uuid);
    const Result<QStringList> subtree = m_tree.subtreeUuids(uuid);
    if (!provider || !subtree.ok())
        return {};
    const qsizetype descendants = subtree.value().size() - 1;
    const QString name = neutralisedIfNeeded(provider->name); // a newline could fake a line
    if (descendants == 0)
        return tr("Remove %1?").arg(name);
    if (descendants == 1)
        return tr("Remove %1 and its descendant?").arg(name);
    return tr("Remove %1 and its %2 descendants?").arg(name, QString::number(descendants));
}

// The providers of `uuid`'s subtree that have allocations, one problem each (the core's
// refusal, asked before the removal).
Problems MainWindow::allocationsBlockingRemoval(const QString &uuid) const
{
    Problems problems;
    const Result<QStringList> subtree = m_tree.subtreeUuids(uuid);
    for (const QString &member : subtree.ok() ? subtree.value() : QStringList()) {
        const std::optional<ProviderData> provider = m_tree.data(member);
        if (!provider)
            continue;
        for (auto usage = provider->usages.cbegin(); usage != provider->usages.cend(); ++usage) {
            if (usage.value() <= 0)
                continue;
            Problem problem;
            problem.kind = ProblemKind::ProviderInUse;
            problem.provider = member;
            problem.providerName = provider->name; // the box names it, the uuid beside it
            problem.field = QStringLiteral("usages.") + usage.key();
            problem.message = tr("cannot be removed: it has allocations (%1 of %2 in use); clear its usages first")
                                      .arg(QString::number(usage.value()), usage.key());
            problems.append(problem);
            break;
        }
    }
    return problems;
}

void MainWindow::removeCurrent()
{
    const QString uuid = m_current;
    const QString question = removeQuestion(uuid);
    if (m_readOnly || question.isEmpty())
        return;
    // Said before the question, not after a yes: the core refuses a provider with
    // allocations (as Placement does), whatever the answer.
    if (const Problems inUse = allocationsBlockingRemoval(uuid); !inUse.isEmpty()) {
        openProblemBox(tr("Edit refused"), tr("Removing the provider was refused."), inUse);
        return;
    }
    if (!m_prompts.confirm(tr("Remove provider"), question))
        return;
    const Status status = m_editor->removeSubtree(uuid);
    if (!status.ok())
        reportRefusal(tr("Removing the provider was refused."), status);
}

void MainWindow::showProblem(const Problem &problem)
{
    if (!selectProvider(problem.provider))
        return;
    const QString &field = problem.field;
    if (field.startsWith(QLatin1String("inventories.")) || field.startsWith(QLatin1String("usages."))) {
        // "inventories.VCPU.reserved": the class's row, the field's cell; "usages.VCPU": Used.
        const bool usage = field.startsWith(QLatin1String("usages."));
        QStringList parts = field.split(QLatin1Char('.'));
        std::optional<InventoryField> cell;
        for (int f = 0; !usage && parts.size() > 2 && f < kInventoryFieldCount; ++f) {
            if (parts.last() == fieldName(InventoryField(f)))
                cell = InventoryField(f);
        }
        const QString resourceClass = parts.mid(1, parts.size() - (cell ? 2 : 1)).join(QLatin1Char('.'));
        QAbstractItemModel *rows = m_inventory->tableView()->model();
        const QModelIndexList found = rows->match(rows->index(0, 0), InventoryModel::ResourceClassRole,
                                                  resourceClass, 1, Qt::MatchExactly);
        if (!found.isEmpty()) {
            const int column = usage ? InventoryModel::UsedColumn
                                     : cell ? InventoryModel::columnForField(*cell) : InventoryModel::ResourceClassColumn;
            m_inventory->tableView()->setCurrentIndex(found.first().siblingAtColumn(column));
            m_inventory->tableView()->setFocus(Qt::OtherFocusReason);
            return;
        }
    } else if (field == QLatin1String("traits") || field == QLatin1String("aggregates")) {
        QWidget *panel = field == QLatin1String("traits") ? static_cast<QWidget *>(m_traits) : m_aggregates;
        m_panelTabs->setCurrentWidget(panel);
        if (auto *list = panel->findChild<QListWidget *>()) {
            // The message quotes the member it is about (neutralised()).
            for (int row = 0; row < list->count(); ++row) {
                if (problem.message.contains(neutralised(list->item(row)->text())))
                    list->setCurrentRow(row);
            }
            list->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
    m_view->setFocus(Qt::OtherFocusReason);
}

} // namespace provtree
