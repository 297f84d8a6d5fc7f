#include "compareview.h"

#include "diffcolourproxymodel.h"
#include "diffmodel.h"
#include "sidebyside.h"
#include "treeeditor.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSortFilterProxyModel>
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
      m_filter(new QSortFilterProxyModel(this)),
      m_oldName(tr("old")),
      m_newName(tr("new"))
{
    m_colours->setSourceModel(m_model);
    m_filter->setSourceModel(m_colours);
    m_filter->setFilterRole(DiffModel::IsDifferenceRole);
    m_filter->setRecursiveFilteringEnabled(true); // keeps the ancestors of what differs
    m_filter->setFilterKeyColumn(DiffModel::NameColumn);

    m_nextAction = new QAction(tr("&Next Difference"), this);
    m_nextAction->setShortcut(QKeySequence(Qt::Key_F7));
    m_nextAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_nextAction, &QAction::triggered, this, [this] { (void)nextDifference(); });
    m_previousAction = new QAction(tr("&Previous Difference"), this);
    m_previousAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7));
    m_previousAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_previousAction, &QAction::triggered, this, [this] { (void)previousDifference(); });
    addAction(m_nextAction);
    addAction(m_previousAction);

    m_view = new QTreeView;
    m_view->setModel(m_filter);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(false); // the status colours are the row colours
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnHidden(DiffModel::UuidColumn, true); // the details show it
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_view);
    splitter->addWidget(createDetails());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({560, 720});
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createToolbar());
    layout->addWidget(splitter, 1);
    showDetails();
}

CompareView::~CompareView() = default;

QWidget *CompareView::createToolbar()
{
    auto *bar = new QWidget;
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const DiffStatus status : kDifferences) {
        auto *chip = new QLabel;
        chip->setObjectName(QStringLiteral("legend-") + diffStatusName(status));
        chip->setTextFormat(Qt::PlainText);
        chip->setAutoFillBackground(true);
        QPalette palette = chip->palette();
        palette.setColor(QPalette::Window, statusColor(status));
        palette.setColor(QPalette::WindowText, Qt::black);
        chip->setPalette(palette);
        chip->setMargin(4);
        chip->setFrameShape(QFrame::Box);
        layout->addWidget(chip);
        m_legend.append(chip);
    }
    m_summary = new QLabel;
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);
    layout->addStretch(1);

    m_onlyDifferences = new QCheckBox(tr("&Only differences"));
    connect(m_onlyDifferences, &QCheckBox::toggled, this, &CompareView::setOnlyDifferences);
    layout->addWidget(m_onlyDifferences);
    auto *previous = new QPushButton(tr("◀ Previous"));
    previous->setToolTip(tr("Previous difference (Shift+F7)"));
    connect(previous, &QPushButton::clicked, m_previousAction, &QAction::trigger);
    auto *next = new QPushButton(tr("Next ▶"));
    next->setToolTip(tr("Next difference (F7)"));
    connect(next, &QPushButton::clicked, m_nextAction, &QAction::trigger);
    layout->addWidget(previous);
    layout->addWidget(next);
    return bar;
}

QWidget *CompareView::createDetails()
{
    m_title = new QLabel;
    m_title->setTextFormat(Qt::PlainText);
    m_title->setMinimumHeight(3 * m_title->fontMetrics().lineSpacing());
    m_title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_revertButton = new QPushButton(tr("&Revert to Old"));
    m_revertButton->setToolTip(tr("Undo this provider's differences (one undoable step)"));
    m_revertButton->hide();
    connect(m_revertButton, &QPushButton::clicked, this, [this] {
        const Status status = revertCurrent();
        if (!status.ok())
            emit revertFailed(status);
    });
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_revertButton, 0, Qt::AlignTop);

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
    layout->addLayout(titleRow);
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
    showDetails();
}

void CompareView::setDiff(const TreeDiff &diff, const QList<ProviderData> &before, const QList<ProviderData> &after)
{
    const QString current = m_current;
    m_model->setDiff(diff, before, after);
    m_view->expandAll();
    m_view->resizeColumnToContents(DiffModel::NameColumn);
    updateSummary();
    m_current.clear();
    if (current.isEmpty() || !selectProvider(current))
        showDetails();
}

void CompareView::setEditor(TreeEditor *editor)
{
    if (m_editor)
        disconnect(m_editor->undoStack(), nullptr, this, nullptr);
    m_editor = editor;
    if (m_editor) {
        connect(m_editor->undoStack(), &QUndoStack::indexChanged, this, &CompareView::refreshRequested);
    }
    updateRevert();
}

void CompareView::setOnlyDifferences(bool only)
{
    if (m_onlyDifferences->isChecked() != only)
        m_onlyDifferences->setChecked(only); // comes back here through toggled()
    m_filter->setFilterFixedString(only ? QStringLiteral("true") : QString());
    m_view->expandAll();
    if (!m_current.isEmpty())
        (void)selectProvider(m_current); // hidden if it has no difference: nothing selected
    showDetails();
}

bool CompareView::onlyDifferences() const
{
    return m_onlyDifferences->isChecked();
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
    for (qsizetype i = 0; i < m_legend.size(); ++i) {
        const DiffStatus status = kDifferences[i];
        m_legend[i]->setText(tr("%1: %2").arg(diffStatusName(status), QString::number(m_model->count(status))));
    }
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
        return false;
    }
    for (QModelIndex up = proxy.parent(); up.isValid(); up = up.parent())
        m_view->expand(up);
    m_view->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(proxy);
    return true;
}

bool CompareView::nextDifference()
{
    return stepDifference(+1);
}

bool CompareView::previousDifference()
{
    return stepDifference(-1);
}

// Walks the merged tree top-down from the current row (before the first or after the last
// one when nothing is selected) to the next row that differs. No wrapping around.
bool CompareView::stepDifference(int direction)
{
    const QList<QModelIndex> rows = m_model->topDown();
    qsizetype position = direction > 0 ? -1 : rows.size();
    if (!m_current.isEmpty()) {
        const QModelIndex current = m_model->indexForUuid(m_current);
        position = rows.indexOf(current);
    }
    for (qsizetype i = position + direction; i >= 0 && i < rows.size(); i += direction) {
        if (rows.at(i).data(DiffModel::IsDifferenceRole).toBool())
            return selectProvider(rows.at(i).data(DiffModel::UuidRole).toString());
    }
    return false;
}

void CompareView::onCurrentChanged(const QModelIndex &current)
{
    m_current = current.isValid() ? current.data(DiffModel::UuidRole).toString() : QString();
    showDetails();
}

void CompareView::showDetails()
{
    const DiffModel::Entry *entry = m_model->entryAt(m_model->indexForUuid(m_current));
    if (!entry) {
        m_title->setText(tr("Select a provider to compare its %1 and %2 state.").arg(m_oldName, m_newName));
        fillInventoryTable(m_inventory, nullptr, nullptr, m_oldName, m_newName, onlyDifferences());
        m_traits->clear();
        m_aggregates->clear();
        updateRevert();
        return;
    }
    const ProviderData &data = entry->current();
    // Plain text (the label never interprets it), so names are shown as they are.
    QString title = data.name % QStringLiteral(" — ") % diffStatusName(entry->status) % u'\n' % data.uuid;
    const QString summary = DiffModel::summary(*entry);
    if (!summary.isEmpty() && entry->status != DiffStatus::Added && entry->status != DiffStatus::Removed)
        title += u'\n' + summary;
    m_title->setText(title);
    const ProviderData *before = entry->before ? &*entry->before : nullptr;
    const ProviderData *after = entry->after ? &*entry->after : nullptr;
    fillInventoryTable(m_inventory, before, after, m_oldName, m_newName, onlyDifferences());
    fillSetList(m_traits, before ? before->traits : QStringList(), after ? after->traits : QStringList());
    fillSetList(m_aggregates, before ? before->aggregates : QStringList(),
                after ? after->aggregates : QStringList());
    updateRevert();
}

void CompareView::updateRevert()
{
    m_revertButton->setVisible(m_editor != nullptr);
    const DiffModel::Entry *entry = m_model->entryAt(m_model->indexForUuid(m_current));
    const bool revertible = entry && m_editor
                            && entry->status != DiffStatus::Unchanged;
    m_revertButton->setEnabled(revertible);
    if (entry && entry->status == DiffStatus::Added)
        m_revertButton->setText(tr("&Remove (Not on Disk)"));
    else if (entry && entry->status == DiffStatus::Removed)
        m_revertButton->setText(tr("&Restore from %1").arg(m_oldName));
    else
        m_revertButton->setText(tr("&Revert to %1").arg(m_oldName));
}

Status CompareView::revertCurrent()
{
    const DiffModel::Entry *entry = m_model->entryAt(m_model->indexForUuid(m_current));
    if (!entry)
        return makeError(ProblemKind::UnknownProvider, tr("No provider is selected."));
    if (!m_editor)
        return makeError(ProblemKind::UnknownProvider, tr("This comparison cannot be edited."), entry->uuid());
    switch (entry->status) {
    case DiffStatus::Unchanged: return {};
    case DiffStatus::Removed: return m_editor->restoreProvider(*entry->before); // its parent must be there
    case DiffStatus::Added: return m_editor->removeSubtree(entry->uuid());
    case DiffStatus::Changed:
    case DiffStatus::Moved: break;
    }
    // One undo step, one core transaction; refused if the provider changed since the diff.
    const ProviderData before = *entry->before; // copies: the edit replaces the diff
    const ProviderData after = *entry->after;
    return m_editor->setProvider(after, before, tr("Revert %1 to %2").arg(after.name, m_oldName));
}

} // namespace provtree
