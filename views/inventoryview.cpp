#include "inventoryview.h"

#include "inventorymodel.h"
#include "numbercolumns.h"
#include "providerqueries.h"
#include "treeeditor.h"
#include "usagebardelegate.h"
#include "validation.h"

#include <QApplication>
#include <QCompleter>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStringListModel>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace provtree {

namespace {
// The rows the table keeps in view however the window's splitters and docks squeeze it.
constexpr int kMinVisibleRows = 3;
} // namespace

InventoryView::InventoryView(ProviderTree &tree, TreeEditor &editor, QWidget *parent)
    : QWidget(parent), m_model(new InventoryModel(tree, editor, this))
{
    buildUi();
    connect(m_model, &InventoryModel::editRefused, this,
            [this](const QModelIndex &, const QString &message) { showError(message); });
    connect(m_model, &InventoryModel::editAccepted, this, [this] { showError({}); });
    connect(m_model, &InventoryModel::providerChanged, this, [this] {
        showError({});
        refreshCompletions(false);
        updateActions();
    });
    connect(m_model, &InventoryModel::rowsInserted, this, &InventoryView::updateActions);
    connect(m_model, &InventoryModel::rowsRemoved, this, &InventoryView::updateActions);
    connect(m_model, &InventoryModel::modelReset, this, &InventoryView::updateActions);
    // A refusal is about the edit the user tried; once any later edit of theirs is accepted
    // (here, in another panel, an undo), it is out of date. Changes that do not come from
    // the user (a backend, another thread) leave it standing.
    connect(editor.undoStack(), &QUndoStack::indexChanged, this, [this] {
        m_model->clearRefusal();
        showError({});
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InventoryView::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &InventoryView::updateActions);
    updateActions();
}

InventoryView::~InventoryView() = default;

void InventoryView::buildUi()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("inventoryTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new UsageBarDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setWordWrap(false);
    // One Tab stop: arrows move between cells, Tab and Shift+Tab (and Ctrl+Tab, Qt's way
    // out of item views) go on to the next control. With Qt's default for tables, Tab
    // walked the cells and wrapped around: nothing after the table could be reached.
    m_table->setTabKeyNavigation(false);
    m_table->installEventFilter(this);
    m_table->setAccessibleName(tr("Inventory"));
    m_table->setAccessibleDescription(
            tr("Arrow keys move between cells; F2 or typing edits a field, Enter commits, Esc cancels; "
               "Delete removes the resource class; Tab leaves the table."));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // A row: a line of text, the usage bar and the cell's margins.
    const int rowHeight = fontMetrics().height() + UsageBarDelegate::kBarHeight + UsageBarDelegate::kBarMargin + 6;
    m_table->setMinimumHeight(2 * fontMetrics().height() + 12 + kMinVisibleRows * rowHeight);
    // Numbers always whole, the class name elided, the rest of the room to the bar.
    new NumberColumns(m_table, InventoryModel::ResourceClassColumn, InventoryModel::UsedColumn);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("inventoryError"));
    m_error->setTextFormat(Qt::PlainText); // the core's messages are neutralised plain text
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_error->setPalette(errorPalette);
    m_error->hide();

    auto *legend = new QLabel(tr("Amber: accepted by Placement but probably a mistake. "
                                 "Blue corner: nova rewrites this field. Hover a cell for details."),
                              this);
    legend->setWordWrap(true);
    legend->setForegroundRole(QPalette::PlaceholderText);

    m_classEdit = new QLineEdit(this);
    m_classEdit->setObjectName(QStringLiteral("resourceClassEdit"));
    m_classEdit->setPlaceholderText(tr("Add resource class…"));
    m_classEdit->setClearButtonEnabled(true);
    m_classEdit->setAccessibleName(tr("Resource class to add"));
    m_classEdit->installEventFilter(this);
    m_completions = new QStringListModel(this);
    m_completer = new QCompleter(m_completions, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_classEdit->setCompleter(m_completer);

    auto *totalLabel = new QLabel(tr("Total"), this);
    m_total = new QSpinBox(this);
    m_total->setObjectName(QStringLiteral("totalSpinBox"));
    m_total->setRange(1, int(kMaxInventoryInt));
    m_total->setGroupSeparatorShown(false);
    m_total->setAccessibleName(tr("Total of the resource class to add"));
    m_total->setAccessibleDescription(tr("Enter adds the resource class"));
    m_total->installEventFilter(this); // Enter adds, as in the name field
    totalLabel->setBuddy(m_total);

    // No mnemonics: the window holds several panels with an Add and a Remove.
    m_add = new QPushButton(tr("Add"), this);
    m_add->setObjectName(QStringLiteral("addResourceClassButton"));
    m_add->setAccessibleName(tr("Add resource class"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeResourceClassButton"));
    m_remove->setAccessibleName(tr("Remove resource class"));
    m_remove->setToolTip(tr("Remove the selected resource class (Delete; refused while it is in use)"));

    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_classEdit, 1);
    addRow->addWidget(totalLabel);
    addRow->addWidget(m_total);
    addRow->addWidget(m_add);
    addRow->addSpacing(12);
    addRow->addWidget(m_remove);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_error);
    layout->addWidget(legend);
    layout->addLayout(addRow);

    connect(m_classEdit, &QLineEdit::textChanged, this, &InventoryView::updateActions);
    connect(m_classEdit, &QLineEdit::returnPressed, this, &InventoryView::addResourceClass);
    connect(m_add, &QPushButton::clicked, this, &InventoryView::addResourceClass);
    connect(m_remove, &QPushButton::clicked, this, &InventoryView::removeSelected);
}

void InventoryView::setProvider(const QString &uuid)
{
    m_model->setProvider(uuid); // providerChanged() refreshes the rest
}

QString InventoryView::provider() const
{
    return m_model->provider();
}

void InventoryView::setReadOnly(bool readOnly)
{
    m_model->setReadOnly(readOnly);
    m_table->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                      : QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                            | QAbstractItemView::AnyKeyPressed);
    updateActions();
}

bool InventoryView::isReadOnly() const
{
    return m_model->isReadOnly();
}

QString InventoryView::errorMessage() const
{
    return m_error->text();
}

QStringList InventoryView::completions() const
{
    return m_completions->stringList();
}

bool InventoryView::eventFilter(QObject *watched, QEvent *event)
{
    // Other providers may have gained CUSTOM_ classes since the last look.
    if (watched == m_classEdit && event->type() == QEvent::FocusIn)
        refreshCompletions(true);
    if (watched == m_table && event->type() == QEvent::KeyPress && tableKey(static_cast<QKeyEvent *>(event)))
        return true;
    if (watched == m_total && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            if (m_classEdit->text().trimmed().isEmpty())
                m_classEdit->setFocus(Qt::OtherFocusReason); // the name is missing: go and type it
            else
                addResourceClass();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

// Keys the table does not handle the way this view wants. True when handled.
bool InventoryView::tableKey(const QKeyEvent *event)
{
    const int key = event->key();
    if ((key == Qt::Key_Tab || key == Qt::Key_Backtab) && event->modifiers().testFlag(Qt::ControlModifier)) {
        // Ctrl+Tab leaves like Tab (without tab navigation the table would ignore it).
        const bool forward = key == Qt::Key_Tab && !event->modifiers().testFlag(Qt::ShiftModifier);
        return focusNextPrevChild(forward);
    }
    if (key == Qt::Key_Delete) { // (while a cell is edited, its editor has the keys)
        removeSelected();
        return true;
    }
    return false;
}

void InventoryView::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void InventoryView::refreshCompletions(bool rescanTree)
{
    // Scanning the tree is linear in its size: only when the user is about to type, not
    // on every change of the selected provider.
    if (rescanTree)
        m_customClasses = queries::customResourceClasses(m_model->tree());
    QStringList names = validation::standardResourceClasses();
    names.append(m_customClasses);
    const Inventories &own = m_model->providerData().inventories;
    names.removeIf([&own](const QString &name) { return own.contains(name); });
    names.sort();
    names.removeDuplicates();
    if (names != m_completions->stringList())
        m_completions->setStringList(names);
}

void InventoryView::addResourceClass()
{
    const QString name = m_classEdit->text().trimmed();
    if (name.isEmpty() || !m_add->isEnabled())
        return;
    m_total->interpretText();
    if (!m_model->addResourceClass(name, m_total->value()).ok())
        return; // the model's editRefused() shows why
    m_classEdit->clear();
    const int row = m_model->rowForResourceClass(name);
    if (row >= 0)
        m_table->setCurrentIndex(m_model->index(row, InventoryModel::TotalColumn));
    refreshCompletions(false);
}

void InventoryView::removeSelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || !m_remove->isEnabled())
        return;
    const QWidget *focus = QApplication::focusWidget();
    if (!m_model->removeResourceClass(current.row()).ok())
        return; // the model's editRefused() shows why
    refreshCompletions(false);
    // The keyboard stays where it was, on a neighbour; nothing is selected, so Remove is
    // off until the user chooses the next class to remove.
    m_table->selectionModel()->clearSelection();
    if (focus == m_remove || !focus)
        m_table->setFocus(Qt::OtherFocusReason); // the button went off: not on to whatever follows it
    updateActions();
}

void InventoryView::updateActions()
{
    const bool editable = m_model->hasProvider() && !m_model->isReadOnly();
    m_classEdit->setEnabled(editable);
    m_total->setEnabled(editable);
    m_add->setEnabled(editable && !m_classEdit->text().trimmed().isEmpty());
    const bool selected = m_table->selectionModel()->hasSelection() && m_table->currentIndex().isValid();
    m_remove->setEnabled(editable && selected);
}

} // namespace provtree
