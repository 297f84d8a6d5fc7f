#include "fitpanel.h"

#include "anyformrequest.h"
#include "fitevaluator.h"
#include "fitreasonsmodel.h"
#include "fittreesmodel.h"
#include "requestfield.h"

#include <QAction>
#include <QBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QScopedValueRollback>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>

namespace provtree {

namespace {

QString count(qsizetype n)
{
    return QLocale().toString(qlonglong(n));
}

// The list of trees as shown: sorted by FitTreesModel::sortText() and filtered by a group
// key, both read straight from the model (a request on 10,000 providers lists thousands of
// trees, each outcome sorted again on the GUI thread).
class TreesShown : public QSortFilterProxyModel
{
public:
    explicit TreesShown(FitTreesModel *trees, QObject *parent) : QSortFilterProxyModel(parent), m_trees(trees)
    {
        setSourceModel(trees);
    }

    void setGroupKey(const QString &key)
    {
        if (key == m_key)
            return;
        m_key = key;
        invalidateRowsFilter();
    }

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const QString a = m_trees->sortText(left.row(), left.column());
        const QString b = m_trees->sortText(right.row(), right.column());
        if (a != b)
            return a < b;
        // Ties (the same obstacle) by name.
        return m_trees->sortText(left.row(), FitTreesModel::TreeColumn)
            < m_trees->sortText(right.row(), FitTreesModel::TreeColumn);
    }
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        return m_key.isEmpty() || (!parent.isValid() && m_trees->groupKey(row) == m_key);
    }

private:
    FitTreesModel *m_trees; // Not owned.
    QString m_key;
};

// The list of trees, about nine rows high: the dock opens that tall.
class TreesView : public QTreeView
{
public:
    using QTreeView::QTreeView;

    QSize sizeHint() const override
    {
        const int row = qMax(fontMetrics().height() + 4, 18);
        return {QTreeView::sizeHint().width(), header()->sizeHint().height() + 9 * row + 2 * frameWidth()};
    }
};

} // namespace

FitPanel::FitPanel(ProviderTree &tree, QWidget *parent)
    : QDockWidget(tr("Will It Fit?"), parent),
      m_evaluator(new FitEvaluator(tree, this)),
      m_trees(new FitTreesModel(this)),
      m_reasons(new FitReasonsModel(this)),
      m_treesShown(new TreesShown(m_trees, this))
{
    setObjectName(QStringLiteral("fitDock"));
    setAllowedAreas(Qt::BottomDockWidgetArea | Qt::TopDockWidgetArea);
    toggleViewAction()->setText(tr("&Will It Fit?"));
    toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    toggleViewAction()->setToolTip(tr("Shows or hides where a resource request fits, and why it does not elsewhere"));
    buildUi();

    connect(m_field, &QLineEdit::textChanged, this, &FitPanel::readRequest);
    connect(m_evaluator, &FitEvaluator::outcomeChanged, this, &FitPanel::showOutcome);
    connect(m_evaluator, &FitEvaluator::busyChanged, this, &FitPanel::updateStatus);
    connect(m_evaluator, &FitEvaluator::vocabularyChanged, this,
            [this] { m_field->setVocabulary(m_evaluator->vocabulary()); });
    // Opened from the menu or its shortcut: ready to type.
    connect(toggleViewAction(), &QAction::triggered, this, [this](bool checked) {
        if (checked)
            showAndFocus();
    });
    // Evaluated while the dock is open (also when it is tabbed behind another one).
    connect(this, &QDockWidget::visibilityChanged, this, [this] {
        const bool shown = !isHidden();
        m_evaluator->setActive(shown);
        if (shown != m_shown) {
            m_shown = shown;
            emit shownOutcomeChanged();
        }
    });
    updateStatus();
}

FitPanel::~FitPanel() = default;

void FitPanel::buildUi()
{
    m_field = new RequestField;
    m_field->setObjectName(QStringLiteral("fitRequestField"));
    m_field->setAccessibleName(tr("Resource request"));
    m_field->setPlaceholderText(tr("resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2   or   "
                                   "VCPU=4,MEMORY_MB=8192 trait:HW_CPU_X86_AVX2=required"));
    m_field->setToolTip(tr("A GET /allocation_candidates query, as nova logs it, or a flavor's resources and "
                           "traits.\nResource classes and traits of the tree complete as you type."));
    m_field->setClearButtonEnabled(true);
    auto *label = new QLabel(tr("&Request:"));
    label->setBuddy(m_field);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("fitStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("fitMessage"));
    m_message->setTextFormat(Qt::PlainText); // the parsers' reasons quote the request
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_reasonsView = new QListView;
    m_reasonsView->setObjectName(QStringLiteral("fitReasonsView"));
    m_reasonsView->setAccessibleName(tr("Trees per first obstacle"));
    m_reasonsView->setModel(m_reasons);
    m_reasonsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_reasonsView->setUniformItemSizes(true);
    connect(m_reasonsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (!m_restoring)
                    m_chosenKey = current.data(FitReasonsModel::GroupKeyRole).toString();
                filterTrees(current);
            });

    m_treesView = new TreesView;
    m_treesView->setObjectName(QStringLiteral("fitTreesView"));
    m_treesView->setAccessibleName(tr("Trees and their first obstacle"));
    m_treesView->setModel(m_treesShown);
    m_treesView->setRootIsDecorated(false);
    m_treesView->setUniformRowHeights(true);
    m_treesView->setAllColumnsShowFocus(true);
    m_treesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_treesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_treesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_treesView->setSortingEnabled(true);
    m_treesView->sortByColumn(FitTreesModel::TreeColumn, Qt::AscendingOrder);
    const QFontMetrics metrics(m_treesView->font());
    m_treesView->setColumnWidth(FitTreesModel::TreeColumn, metrics.horizontalAdvance(QString(22, QLatin1Char('x'))));
    m_treesView->setColumnWidth(FitTreesModel::ResultColumn, metrics.horizontalAdvance(QString(30, QLatin1Char('x'))));
    connect(m_treesView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString uuid = index.data(FitTreesModel::UuidRole).toString();
        if (!uuid.isEmpty())
            emit providerActivated(uuid);
    });

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_reasonsView);
    split->addWidget(m_treesView);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto *row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(m_field, 1);
    row->addWidget(m_status);
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(row);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);
    setWidget(content);
    setFocusProxy(m_field);
}

std::shared_ptr<const FitOutcome> FitPanel::shownOutcome() const
{
    return m_shown ? m_evaluator->outcome() : nullptr;
}

void FitPanel::showAndFocus()
{
    show();
    raise();
    m_field->setFocus(Qt::OtherFocusReason);
}

// On every keystroke: the parsers are fast; the evaluation waits for a pause.
void FitPanel::readRequest()
{
    const QString text = m_field->text().trimmed();
    if (text.isEmpty()) {
        m_message->hide();
        m_evaluator->setRequest(std::nullopt);
        updateStatus();
        return;
    }
    const AnyFormRequest read = readAnyFormRequest(text);
    if (!read.result.ok()) {
        // The last accepted request stays evaluated; the refusal says why this one is not.
        m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_message->setText(tr("Not a request (read as a %1): %2")
                               .arg(read.formName(), read.result.status().firstError().text()));
        m_message->show();
        updateStatus();
        return;
    }
    QStringList warnings;
    for (const Problem &problem : read.result.problems())
        warnings.append(problem.text());
    m_message->setStyleSheet(QStringLiteral("color: #7a5a00;"));
    m_message->setText(warnings.join(QLatin1Char('\n')));
    m_message->setVisible(!warnings.isEmpty());
    m_evaluator->setRequest(read.result.value());
    updateStatus();
}

void FitPanel::showOutcome()
{
    const std::shared_ptr<const FitOutcome> outcome = m_evaluator->outcome();
    {
        const QScopedValueRollback restoring(m_restoring, true);
        m_trees->setOutcome(outcome);
        m_reasons->setOutcome(outcome);
        // The count the user chose is chosen again when the outcome has it; otherwise
        // every tree is listed (and the choice comes back with an outcome that has it).
        QModelIndex current = m_reasons->rowCount() > 0 ? m_reasons->index(0) : QModelIndex();
        for (int row = 0; row < m_reasons->rowCount(); ++row) {
            if (m_reasons->index(row).data(FitReasonsModel::GroupKeyRole).toString() == m_chosenKey) {
                current = m_reasons->index(row);
                break;
            }
        }
        m_reasonsView->setCurrentIndex(current);
        filterTrees(current);
    }
    updateStatus();
    if (m_shown)
        emit shownOutcomeChanged();
}

void FitPanel::filterTrees(const QModelIndex &reason)
{
    static_cast<TreesShown *>(m_treesShown)->setGroupKey(reason.data(FitReasonsModel::GroupKeyRole).toString());
}

void FitPanel::updateStatus()
{
    QString text;
    const std::shared_ptr<const FitOutcome> &outcome = m_evaluator->outcome();
    if (!m_evaluator->request()) {
        text = tr("Type a request");
    } else if (outcome) {
        const qsizetype fit = outcome->explanation.fittingRoots.size();
        const qsizetype all = outcome->rows.size();
        text = fit == 0     ? tr("No tree fits (%1 trees)").arg(count(all))
            : fit == all    ? tr("All %1 trees fit").arg(count(all))
                            : tr("%1 of %2 trees fit").arg(count(fit), count(all));
        if (fit > 0)
            text += tr(" · %1 allocation requests").arg(count(outcome->allocationRequests));
        if (!outcome->quirks.isEmpty())
            text += tr(" · Placement 8 itself answers this request otherwise (a known bug)");
    }
    if (m_evaluator->isBusy() && m_evaluator->request())
        text = text.isEmpty() ? tr("Evaluating…") : text + tr(" · evaluating…");
    m_status->setText(text);
}

} // namespace provtree
