#include "compareview.h"

#include "diffcolourproxymodel.h"
#include "difffilterproxymodel.h"
#include "difflegend.h"
#include "differencenavigator.h"
#include "diffmodel.h"
#include "neutralise.h"
#include "revertbar.h"
#include "sidebyside.h"
#include "treeeditor.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QShowEvent>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QStringBuilder>
#include <QTableWidget>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace provtree {

namespace {

constexpr DiffStatus kDifferences[] = {DiffStatus::Added, DiffStatus::Removed, DiffStatus::Changed,
                                       DiffStatus::Moved};
// The name column takes at most this share of the tree's width: the Difference column
// beside it is what the window is for.
constexpr double kMaxNameShare = 0.45;

QWidget *titled(const QString &title, QWidget *content)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(title);
    label->setStyleSheet(QStringLiteral("font-weight: bold;"));
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}

} // namespace

CompareView::CompareView(QWidget *parent)
    : QWidget(parent),
      m_model(new DiffModel(this)),
      m_colours(new DiffColourProxyModel(this)),
      m_filter(new DiffFilterProxyModel(this)),
      m_navigator(new DifferenceNavigator(m_filter, this)),
      m_oldName(tr("old")),
      m_newName(tr("new"))
{
    m_colours->setSourceModel(m_model);
    m_filter->setSourceModel(m_colours);
    // Next and previous stop at what the filters look for, not at the ancestors shown
    // around it.
    m_navigator->setStops([this](const QModelIndex &index) { return m_filter->matches(m_filter->mapToSource(index)); });
    connect(m_filter, &DiffFilterProxyModel::filtersChanged, m_navigator, &DifferenceNavigator::invalidate);
    createActions();

    m_view = new QTreeView;
    m_view->setModel(m_filter);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(false); // the status colours are the row colours
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setTextElideMode(Qt::ElideRight); // names elide; the Difference has a tool tip
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(DiffModel::NameColumn, QHeaderView::Interactive);
    // The name column's fit measures the rows in sight and 200 around them, as the main
    // tree's does: Qt's default of 1,000 added 15 ms to a 100,000-provider comparison.
    m_view->header()->setResizeContentsPrecision(200);
    m_view->setColumnHidden(DiffModel::UuidColumn, true); // the details show it
    m_view->viewport()->installEventFilter(this); // resizes: fitColumns()
    // A name column the user sized stays as the user left it.
    connect(m_view->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == DiffModel::NameColumn && !m_fittingColumns)
            m_nameWidthByUser = true;
    });
    // The selection, not the current index, is the provider shown: focusing the tree makes
    // its first row current without selecting it, and that must not show a provider.
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CompareView::onSelectionChanged);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_view);
    splitter->addWidget(createDetails());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({700, 580});
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createToolbar());
    layout->addWidget(splitter, 1);
    setTabOrder(m_search, m_legend);
    showDetails();
    updateNavigation();
}

CompareView::~CompareView() = default;

void CompareView::setPrompts(Prompts prompts)
{
    m_revertBar->setPrompts(std::move(prompts));
}

void CompareView::createActions()
{
    m_nextAction = new QAction(tr("&Next Difference"), this);
    m_nextAction->setShortcut(QKeySequence(Qt::Key_F7));
    m_nextAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_nextAction, &QAction::triggered, this, [this] { (void)nextDifference(); });
    m_previousAction = new QAction(tr("&Previous Difference"), this);
    m_previousAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7));
    m_previousAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_previousAction, &QAction::triggered, this, [this] { (void)previousDifference(); });
    m_findAction = new QAction(tr("&Find"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    m_closeAction = new QAction(tr("&Close"), this);
    // Esc, the platform's Close (Ctrl+W, Ctrl+F4) and Ctrl+W wherever Close is something else.
    QList<QKeySequence> close = {QKeySequence(Qt::Key_Escape)};
    close += QKeySequence::keyBindings(QKeySequence::Close);
    if (!close.contains(QKeySequence(Qt::CTRL | Qt::Key_W)))
        close.append(QKeySequence(Qt::CTRL | Qt::Key_W));
    m_closeAction->setShortcuts(close);
    m_closeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_closeAction->setEnabled(isWindow()); // follows the parent (changeEvent)
    connect(m_closeAction, &QAction::triggered, this, &QWidget::close);
    addActions({m_nextAction, m_previousAction, m_findAction, m_closeAction});
}

QWidget *CompareView::createToolbar()
{
    auto *bar = new QWidget;
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("compareSearch"));
    m_search->setPlaceholderText(tr("Find name or uuid (Ctrl+F)"));
    m_search->setAccessibleName(tr("Find a provider by name or uuid"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(200);
    m_search->setMaximumWidth(280);
    m_search->installEventFilter(this); // Esc clears it before it closes the window
    connect(m_search, &QLineEdit::textChanged, this, &CompareView::setSearchText);
    layout->addWidget(m_search);
    m_matches = new QLabel;
    m_matches->setObjectName(QStringLiteral("compareMatches"));
    m_matches->setTextFormat(Qt::PlainText);
    m_matches->setMinimumWidth(m_matches->fontMetrics().horizontalAdvance(tr("99,999 matches")));
    layout->addWidget(m_matches);

    m_legend = new DiffLegend;
    connect(m_legend, &DiffLegend::filterChanged, this, [this] { setStatusFilter(m_legend->filter()); });
    layout->addWidget(m_legend);
    m_summary = new QLabel;
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);
    layout->addStretch(1);

    m_onlyDifferences = new QCheckBox(tr("&Only differences"));
    connect(m_onlyDifferences, &QCheckBox::toggled, this, &CompareView::setOnlyDifferences);
    layout->addWidget(m_onlyDifferences);
    m_previousButton = new QPushButton(tr("◀ Previous"));
    m_previousButton->setToolTip(tr("Previous difference (Shift+F7)"));
    connect(m_previousButton, &QPushButton::clicked, m_previousAction, &QAction::trigger);
    m_nextButton = new QPushButton(tr("Next ▶"));
    m_nextButton->setToolTip(tr("Next difference (F7)"));
    connect(m_nextButton, &QPushButton::clicked, m_nextAction, &QAction::trigger);
    layout->addWidget(m_previousButton);
    layout->addWidget(m_nextButton);
    return bar;
}

QWidget *CompareView::createDetails()
{
    m_title = new QLabel;
    m_title->setTextFormat(Qt::PlainText);
    m_title->setMinimumHeight(3 * m_title->fontMetrics().lineSpacing());
    m_title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    // Long names wrap, and must not widen the pane (and move the splitter): no width of
    // their own, the height for the width they get.
    QSizePolicy wrapping(QSizePolicy::Ignored, QSizePolicy::Preferred);
    wrapping.setHeightForWidth(true);
    m_title->setSizePolicy(wrapping);

    m_revertBar = new RevertBar(*m_model);
    connect(m_revertBar, &RevertBar::failed, this, &CompareView::revertFailed);

    m_inventory = new QTableWidget(0, InventoryColumnCount);
    m_inventory->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_inventory->verticalHeader()->hide();
    m_inventory->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_inventory->verticalHeader()->setDefaultSectionSize(m_inventory->fontMetrics().height() + 6);
    // Old and new share the room equally, so that they line up for reading across.
    m_inventory->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_inventory->horizontalHeader()->setSectionResizeMode(OldColumn, QHeaderView::Stretch);
    m_inventory->horizontalHeader()->setSectionResizeMode(NewColumn, QHeaderView::Stretch);
    m_inventory->setSelectionMode(QAbstractItemView::NoSelection);

    m_traits = new QListWidget;
    m_aggregates = new QListWidget;
    auto *sets = new QSplitter(Qt::Horizontal);
    sets->addWidget(titled(tr("Traits"), m_traits));
    sets->addWidget(titled(tr("Aggregates"), m_aggregates));

    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(titled(tr("Inventory"), m_inventory));
    vertical->addWidget(sets);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    vertical->setChildrenCollapsible(false);

    auto *pane = new QWidget;
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_revertBar);
    layout->addWidget(vertical, 1);
    return pane;
}

QColor CompareView::statusColor(DiffStatus status)
{
    switch (status) {
    case DiffStatus::Added: return QColor(0xc8, 0xee, 0xc8);   // green
    case DiffStatus::Removed: return QColor(0xf6, 0xc6, 0xc6); // red
    case DiffStatus::Changed: return QColor(0xfb, 0xe2, 0xa8); // amber
    case DiffStatus::Moved: return QColor(0xdd, 0xcf, 0xf3);   // purple
    case DiffStatus::Unchanged: break;
    }
    return {};
}

QColor CompareView::changedCellColor()
{
    return statusColor(DiffStatus::Changed);
}

void CompareView::setStateNames(const QString &oldName, const QString &newName)
{
    m_oldName = oldName;
    m_newName = newName;
    m_revertBar->setOldName(oldName);
    showDetails();
}

void CompareView::setDiff(const TreeDiff &diff, const QList<ProviderData> &before, const QList<ProviderData> &after)
{
    setContent(DiffModel::contentOf(diff, before, after));
}

void CompareView::setContent(DiffModel::Content content)
{
    const QString current = m_current;
    m_model->setContent(std::move(content));
    expandForOverview();
    fitColumns();
    updateSummary();
    updateMatchCount();
    m_current.clear();
    if (current.isEmpty() || !selectProvider(current))
        showDetails();
    updateNavigation();
}

void CompareView::setEditor(TreeEditor *editor)
{
    if (m_editor)
        disconnect(m_editor->undoStack(), nullptr, this, nullptr);
    m_editor = editor;
    if (m_editor)
        connect(m_editor->undoStack(), &QUndoStack::indexChanged, this, &CompareView::refreshRequested);
    m_revertBar->setEditor(editor);
}

void CompareView::setOnlyDifferences(bool only)
{
    if (m_onlyDifferences->isChecked() != only)
        m_onlyDifferences->setChecked(only); // comes back here through toggled()
    const QString keep = m_current; // the filter resets the view's selection
    m_filter->setOnlyDifferences(only);
    filterChanged(keep);
}

bool CompareView::onlyDifferences() const
{
    return m_onlyDifferences->isChecked();
}

void CompareView::setStatusFilter(std::optional<DiffStatus> status)
{
    if (m_legend->filter() != status)
        m_legend->setFilter(status);
    const QString keep = m_current;
    m_filter->setStatusFilter(status);
    filterChanged(keep);
}

void CompareView::setSearchText(const QString &text)
{
    if (m_search->text() != text)
        m_search->setText(text); // comes back here through textChanged()
    const QString keep = m_current;
    m_filter->setSearchText(text);
    filterChanged(keep);
}

int CompareView::matchCount() const
{
    return m_filter->matchCount();
}

// Every row of a small merged tree; of a large one the roots' children when there are few
// roots, else nothing: QTreeView lays out every expanded row, which takes the GUI thread
// hundreds of milliseconds at 100,000 rows. Next difference (F7) opens the way to each.
void CompareView::expandForOverview()
{
    if (m_model->size() <= kExpandAllRows)
        m_view->expandAll();
    else if (m_filter->rowCount() <= kExpandRootsLimit)
        m_view->expandToDepth(0);
}

// After any filter changed: everything shown is expanded, the provider selected before
// (`keep`) stays selected if it is still shown (else nothing is: never another provider),
// and the count, the details and the navigation follow.
void CompareView::filterChanged(const QString &keep)
{
    m_view->expandAll();
    if (keep.isEmpty() || !selectProvider(keep)) {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->selectionModel()->clearSelection();
        m_current.clear();
    }
    updateMatchCount();
    showDetails();
    updateNavigation();
}

// "12 matches", "1 match", "no match" while the search or the kind filter is on.
void CompareView::updateMatchCount()
{
    if (m_filter->searchText().isEmpty() && !m_filter->statusFilter()) {
        m_matches->clear();
        return;
    }
    const int n = m_filter->matchCount();
    m_matches->setText(n == 0 ? tr("no match") : n == 1 ? tr("1 match") : tr("%1 matches").arg(QLocale().toString(n)));
}

QString CompareView::summaryText() const
{
    QStringList parts;
    for (const DiffStatus status : kDifferences)
        parts.append(tr("%1 %2").arg(QString::number(m_model->count(status)), diffStatusName(status)));
    parts.append(tr("%1 unchanged").arg(m_model->count(DiffStatus::Unchanged)));
    return parts.join(QStringLiteral(", "));
}

void CompareView::updateSummary()
{
    for (const DiffStatus status : kDifferences)
        m_legend->setCount(status, m_model->count(status));
    m_summary->setText(tr("%1 unchanged").arg(m_model->count(DiffStatus::Unchanged)));
    m_summary->setToolTip(summaryText());
}

bool CompareView::selectProvider(const QString &uuid)
{
    const QModelIndex proxy = m_filter->mapFromSource(m_colours->mapFromSource(m_model->indexForUuid(uuid)));
    if (!proxy.isValid()) {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->selectionModel()->clearSelection();
        m_current.clear();
        showDetails();
        updateNavigation();
        return false;
    }
    for (QModelIndex up = proxy.parent(); up.isValid(); up = up.parent())
        m_view->expand(up);
    m_view->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(proxy);
    if (m_current != uuid) { // the row was selected already (no selectionChanged)
        m_current = uuid;
        showDetails();
        updateNavigation();
    }
    return true;
}

bool CompareView::nextDifference()
{
    const QString next = m_navigator->next(m_current);
    return !next.isEmpty() && selectProvider(next);
}

bool CompareView::previousDifference()
{
    const QString previous = m_navigator->previous(m_current);
    return !previous.isEmpty() && selectProvider(previous);
}

void CompareView::updateNavigation()
{
    const bool hasNext = !m_navigator->next(m_current).isEmpty();
    const bool hasPrevious = !m_navigator->previous(m_current).isEmpty();
    m_nextAction->setEnabled(hasNext);
    m_previousAction->setEnabled(hasPrevious);
    m_nextButton->setEnabled(hasNext);
    m_previousButton->setEnabled(hasPrevious);
}

void CompareView::onSelectionChanged()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    m_current = rows.isEmpty() ? QString() : rows.constFirst().data(DiffModel::UuidRole).toString();
    showDetails();
    updateNavigation();
}

// The name column fits the names, up to a share of the width; the Difference column
// (stretched, the last) gets the rest, and shows what does not fit in its tool tip.
void CompareView::fitColumns()
{
    if (m_nameWidthByUser)
        return;
    const QScopedValueRollback fitting(m_fittingColumns, true);
    m_view->resizeColumnToContents(DiffModel::NameColumn);
    const int wanted = m_view->columnWidth(DiffModel::NameColumn);
    const int room = int(m_view->viewport()->width() * kMaxNameShare);
    if (room > 0 && wanted > room)
        m_view->setColumnWidth(DiffModel::NameColumn, room);
}

QString CompareView::detailsTitle() const
{
    return m_title->text();
}

void CompareView::showDetails()
{
    const QModelIndex index = m_model->indexForUuid(m_current);
    const DiffModel::Entry *entry = m_model->entryAt(index);
    if (!entry) {
        m_title->setText(tr("Select a provider to compare its %1 and %2 state.")
                                 .arg(neutralisedIfNeeded(m_oldName), neutralisedIfNeeded(m_newName)));
        fillInventoryTable(m_inventory, nullptr, nullptr, m_oldName, m_newName, onlyDifferences());
        m_traits->clear();
        m_aggregates->clear();
        m_revertBar->setProvider({});
        return;
    }
    const ProviderData &data = entry->current();
    QString title = neutralisedIfNeeded(data.name) % QStringLiteral(" — ") % diffStatusName(entry->status) % u'\n'
                    % data.uuid;
    const QString summary = m_model->summaryAt(index);
    if (!summary.isEmpty() && entry->status != DiffStatus::Added && entry->status != DiffStatus::Removed)
        title += u'\n' + summary;
    m_title->setText(title);
    m_title->setToolTip(title);
    const ProviderData *before = entry->before ? &*entry->before : nullptr;
    const ProviderData *after = entry->after ? &*entry->after : nullptr;
    fillInventoryTable(m_inventory, before, after, m_oldName, m_newName, onlyDifferences());
    fillSetList(m_traits, before ? before->traits : QStringList(), after ? after->traits : QStringList());
    fillSetList(m_aggregates, before ? before->aggregates : QStringList(),
                after ? after->aggregates : QStringList());
    m_revertBar->setProvider(m_current);
}

QString CompareView::revertNote() const
{
    return m_revertBar->note();
}

QPushButton *CompareView::revertButton() const
{
    return m_revertBar->button();
}

Status CompareView::revertCurrent()
{
    return m_revertBar->revert();
}

void CompareView::changeEvent(QEvent *event)
{
    // Esc and Ctrl+W close a window; embedded in a dialog, Esc is the dialog's.
    if (event->type() == QEvent::ParentChange) // also what setWindowFlags() sends
        m_closeAction->setEnabled(isWindow());
    QWidget::changeEvent(event);
}

void CompareView::showEvent(QShowEvent *event)
{
    // A window of its own starts in the tree (arrows, F7; Ctrl+F reaches the search), not
    // in the first field. Embedded, the dialog decides.
    if (isWindow() && !event->spontaneous() && !isAncestorOf(QApplication::focusWidget()))
        m_view->setFocus(Qt::OtherFocusReason);
    QWidget::showEvent(event);
}

bool CompareView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    if (watched == m_search && !m_search->text().isEmpty()) {
        // Esc with a search clears the search; the next one closes the window.
        if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
            auto *key = static_cast<QKeyEvent *>(event);
            if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier) {
                if (event->type() == QEvent::KeyPress)
                    m_search->clear();
                event->accept();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace provtree
