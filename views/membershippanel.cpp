#include "membershippanel.h"

#include "providertree.h"
#include "providertreenotifier.h"
#include "workerpool.h"

#include <QApplication>
#include <QCompleter>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStringListModel>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace provtree {

namespace {

constexpr int kUuidRole = Qt::UserRole + 1;

// Errors in red, warnings in amber (the text says which, too: colour is not the only cue).
void setMessage(QLabel *label, const QString &text, Severity severity)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText,
                     severity == Severity::Error ? QColor(0xc0, 0x1c, 0x28) : QColor(0x9c, 0x6a, 0x00));
    label->setPalette(palette);
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QStringList messages(const Problems &problems)
{
    QStringList out;
    for (const Problem &problem : problems)
        out.append(problem.message);
    return out;
}

} // namespace

MembershipPanel::MembershipPanel(ProviderTree &tree, TreeEditor &editor, Kind kind, QWidget *parent)
    : QWidget(parent), m_tree(tree), m_editor(editor), m_kind(std::move(kind)),
      m_notifier(new ProviderTreeNotifier(tree, this))
{
    buildUi();
    // Queued: the core may change on any thread; each refresh re-reads the core, so
    // ChangeSets only say what to re-read.
    connect(m_notifier, &ProviderTreeNotifier::changed, this, &MembershipPanel::onTreeChanged,
            Qt::QueuedConnection);
    // The message is about the user's last edit; any later edit of theirs that is accepted
    // (here, another panel, an undo) makes it out of date. This panel's own add shows what
    // it has to say after its command is on the stack.
    connect(m_editor.undoStack(), &QUndoStack::indexChanged, this,
            [this] { setMessage(m_messageLabel, {}, Severity::Error); });
    connect(&m_completionJob, &QFutureWatcher<QStringList>::finished, this, [this] {
        if (std::exchange(m_completionsStale, false))
            updateCompleter();
        else
            showCompletions(m_completionJob.result());
    });
    refresh(RefreshAll);
}

MembershipPanel::~MembershipPanel()
{
    m_completionJob.waitForFinished(); // it reads the tree, which may go right after the panel
}

void MembershipPanel::buildUi()
{
    m_list = new QListWidget(this);
    m_list->setObjectName(m_kind.listName);
    m_list->setAccessibleName(m_kind.listAccessibleName);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformItemSizes(true);
    m_list->installEventFilter(this);

    m_edit = new QLineEdit(this);
    m_edit->setObjectName(m_kind.editName);
    m_edit->setAccessibleName(m_kind.editAccessibleName);
    m_edit->setPlaceholderText(m_kind.editPlaceholder);
    m_edit->setClearButtonEnabled(true);
    m_completions = new QStringListModel(this);
    m_completer = new QCompleter(m_completions, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains); // any part finds it ("avx2" finds HW_CPU_X86_AVX2)
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setMaxVisibleItems(12);
    m_edit->setCompleter(m_completer);

    m_addButton = new QPushButton(tr("&Add"), this);
    m_addButton->setObjectName(QStringLiteral("addButton"));
    m_addButton->setAccessibleName(m_kind.addAccessibleName);
    m_removeButton = new QPushButton(tr("&Remove"), this);
    m_removeButton->setObjectName(QStringLiteral("removeButton"));
    m_removeButton->setAccessibleName(m_kind.removeAccessibleName);
    m_removeButton->setToolTip(m_kind.removeToolTip);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->hide();

    m_othersCaption = new QLabel(this);
    m_othersCaption->setObjectName(QStringLiteral("othersCaption"));
    m_othersCaption->setTextFormat(Qt::PlainText);
    m_othersCaption->setWordWrap(true);
    m_others = new QTreeWidget(this);
    m_others->setObjectName(QStringLiteral("otherProviders"));
    m_others->setAccessibleName(m_kind.othersAccessibleName);
    m_others->setColumnCount(2);
    m_others->setHeaderLabels({tr("Name"), tr("UUID")});
    m_others->setRootIsDecorated(false);
    m_others->setUniformRowHeights(true);
    m_others->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_others->setToolTip(tr("Double-click or press Enter to select the provider"));

    // Small minimums: at 1280x800 the window also holds the inventory and maybe the
    // resource summary; the lists scroll.
    const int line = fontMetrics().lineSpacing();
    m_list->setMinimumHeight(3 * line);
    m_others->setMinimumHeight(4 * line);

    auto *editRow = new QHBoxLayout;
    editRow->addWidget(m_edit, 1);
    editRow->addWidget(m_addButton);
    editRow->addWidget(m_removeButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 3);
    layout->addLayout(editRow);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_othersCaption);
    layout->addWidget(m_others, 2);
    setTabOrder(m_list, m_edit);
    setTabOrder(m_edit, m_addButton);
    setTabOrder(m_addButton, m_removeButton);
    setTabOrder(m_removeButton, m_others);

    connect(m_edit, &QLineEdit::returnPressed, this, &MembershipPanel::addFromEdit);
    connect(m_edit, &QLineEdit::textChanged, this, &MembershipPanel::updateActions);
    connect(m_addButton, &QPushButton::clicked, this, &MembershipPanel::addFromEdit);
    connect(m_removeButton, &QPushButton::clicked, this, &MembershipPanel::removeSelected);
    connect(m_list, &QListWidget::itemSelectionChanged, this, &MembershipPanel::updateActions);
    connect(m_list, &QListWidget::currentItemChanged, this, &MembershipPanel::showOthers);
    connect(m_others, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        emit providerActivated(item->data(0, kUuidRole).toString());
    });
}

void MembershipPanel::setProvider(const QString &uuid)
{
    if (uuid == m_uuid)
        return;
    m_uuid = uuid;
    m_edit->clear();
    setMessage(m_messageLabel, {}, Severity::Error);
    m_list->clear();
    refresh(RefreshOwn);
}

void MembershipPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateActions();
}

QStringList MembershipPanel::members() const
{
    QStringList out;
    for (int row = 0; row < m_list->count(); ++row)
        out.append(m_list->item(row)->text());
    return out;
}

QString MembershipPanel::currentMember() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->text() : QString();
}

QString MembershipPanel::message() const
{
    return m_messageLabel->text();
}

bool MembershipPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Delete || key == Qt::Key_Backspace) {
            removeSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

// --- following the core -----------------------------------------------------------------

void MembershipPanel::onTreeChanged(const ChangeSet &changes)
{
    int what = changes.reset ? RefreshAll : 0;
    for (const ProviderChange &change : changes.changes) {
        const bool mine = change.uuid == m_uuid;
        switch (change.kind) {
        case ProviderChange::Kind::Added:
            what |= RefreshOthers | RefreshCompleter | (mine ? RefreshOwn : 0);
            break;
        case ProviderChange::Kind::Removed:
            what |= RefreshOthers | RefreshCompleter;
            if (mine || change.removedDescendants.contains(m_uuid))
                what |= RefreshOwn;
            break;
        case ProviderChange::Kind::Changed:
            if (change.parts & (m_kind.part | ProviderPart::Name))
                what |= RefreshOthers;
            if (change.parts.testFlag(m_kind.part))
                what |= RefreshCompleter | (mine ? RefreshOwn : 0);
            break;
        }
    }
    scheduleRefresh(what);
}

// A burst of ChangeSets (a backend syncing, a macro undone) costs one refresh.
void MembershipPanel::scheduleRefresh(int what)
{
    if (what == 0)
        return;
    if (m_pendingRefresh == 0) {
        QTimer::singleShot(0, this, [this] {
            const int pending = std::exchange(m_pendingRefresh, 0);
            refresh(pending);
        });
    }
    m_pendingRefresh |= what;
}

void MembershipPanel::refresh(int what)
{
    if (what & RefreshOwn) {
        const std::optional<ProviderData> data = m_uuid.isEmpty() ? std::nullopt : m_tree.data(m_uuid);
        m_present = data.has_value();
        setEnabled(m_present);
        showMembers(data ? (*data).*m_kind.members : QStringList());
    } else if (what & RefreshOthers) {
        showOthers();
    }
    if (what & RefreshCompleter)
        updateCompleter();
    updateActions();
}

// Rebuilds the list only if the members differ, keeping the selection and current one.
void MembershipPanel::showMembers(const QStringList &members)
{
    if (members == this->members()) {
        showOthers();
        return;
    }
    const QString current = currentMember();
    QStringList selected;
    for (const QListWidgetItem *item : m_list->selectedItems())
        selected.append(item->text());
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        m_list->addItems(members);
        for (int row = 0; row < m_list->count(); ++row) {
            QListWidgetItem *item = m_list->item(row);
            if (item->text() == current)
                m_list->setCurrentItem(item, QItemSelectionModel::NoUpdate);
            item->setSelected(selected.contains(item->text()));
        }
    }
    showOthers();
}

void MembershipPanel::showOthers()
{
    const QString member = currentMember();
    m_others->clear();
    if (!m_present) {
        m_othersCaption->setText(tr("No provider selected."));
        return;
    }
    if (member.isEmpty()) {
        m_othersCaption->setText(m_kind.selectHint);
        return;
    }
    const QList<queries::ProviderRef> providers = m_kind.sharing(m_tree, member);
    QList<QTreeWidgetItem *> items;
    for (const queries::ProviderRef &p : providers) {
        if (p.uuid == m_uuid)
            continue;
        auto *item = new QTreeWidgetItem(QStringList{p.name, p.uuid});
        item->setData(0, kUuidRole, p.uuid);
        items.append(item);
    }
    m_others->addTopLevelItems(items);
    m_othersCaption->setText(items.isEmpty()
                                 ? m_kind.noOthers.arg(member)
                                 : m_kind.othersTitle.arg(member, QString::number(items.size())));
}

// The names of a large tree come from a walk of every provider (30 ms at 100,000, on each
// new tree): a worker's, so that opening a tree does not wait for it. A change meanwhile
// walks again once the walk ends.
void MembershipPanel::updateCompleter()
{
    constexpr qsizetype kWalkOnWorkerFrom = 5000;
    if (m_tree.size() < kWalkOnWorkerFrom && !m_completionJob.isRunning()) {
        showCompletions(m_kind.completions(m_tree));
        return;
    }
    if (m_completionJob.isRunning()) {
        m_completionsStale = true;
        return;
    }
    m_completionJob.setFuture(QtConcurrent::run(workerPool(), [completions = m_kind.completions, &tree = std::as_const(m_tree)] {
        return completions(tree);
    }));
}

void MembershipPanel::showCompletions(const QStringList &names)
{
    if (names != m_completions->stringList())
        m_completions->setStringList(names);
}

// --- editing ----------------------------------------------------------------------------

void MembershipPanel::addFromEdit()
{
    const QString text = m_edit->text().trimmed();
    if (m_readOnly || !m_present || text.isEmpty())
        return;
    const Kind::Added added = m_kind.add(m_editor, m_uuid, text);
    showStatus(added.message);
    if (!added.accepted)
        return; // the text stays, to be corrected
    m_edit->clear();
    refresh(RefreshOwn); // at once; the queued notification finds nothing new
    const QList<QListWidgetItem *> found = m_list->findItems(added.member, Qt::MatchExactly);
    if (!found.isEmpty()) { // the new one alone is selected and in view
        m_list->setCurrentItem(found.first(), QItemSelectionModel::ClearAndSelect);
        m_list->scrollToItem(found.first());
    }
}

void MembershipPanel::removeSelected()
{
    if (m_readOnly || !m_present)
        return;
    QStringList members;
    for (const QListWidgetItem *item : m_list->selectedItems())
        members.append(item->text());
    if (members.isEmpty())
        return;
    const int row = m_list->currentRow();
    const QWidget *focus = QApplication::focusWidget();
    showStatus((m_editor.*m_kind.remove)(m_uuid, members));
    refresh(RefreshOwn);
    // The keyboard stays in place, on a neighbour, but nothing is selected: Remove is off
    // until the user chooses what goes next (a second Remove must not take the neighbour).
    m_list->clearSelection();
    if (m_list->count() > 0)
        m_list->setCurrentRow(qMin(row, m_list->count() - 1), QItemSelectionModel::NoUpdate);
    if (focus == m_removeButton || !focus)
        (m_list->count() > 0 ? static_cast<QWidget *>(m_list) : m_edit)->setFocus(Qt::OtherFocusReason);
    updateActions();
}

void MembershipPanel::showStatus(const Status &status)
{
    if (!status.ok())
        setMessage(m_messageLabel, status.firstError().message, Severity::Error);
    else
        setMessage(m_messageLabel, messages(status.warnings()).join(QLatin1Char('\n')), Severity::Warning);
}

void MembershipPanel::updateActions()
{
    const bool editable = m_present && !m_readOnly;
    m_addButton->setEnabled(editable && !m_edit->text().trimmed().isEmpty());
    m_removeButton->setEnabled(editable && !m_list->selectedItems().isEmpty());
    m_edit->setEnabled(editable);
}

} // namespace provtree
