#include "problemspanel.h"

#include "naturalsortkey.h"
#include "problemsmodel.h"
#include "providericons.h"

#include <QAction>
#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QToolButton>
#include <QTreeView>

namespace provtree {

namespace {

// Sorts by ProblemsModel::SortRole (names and fields in natural order), ties in file
// order, then by provider and message; adds the severity icons.
class ProblemsSortModel : public QSortFilterProxyModel
{
public:
    explicit ProblemsSortModel(QObject *parent) : QSortFilterProxyModel(parent)
    {
        setSortRole(ProblemsModel::SortRole);
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DecorationRole && index.column() == ProblemsModel::SeverityColumn)
            return problemIcon(Severity(QSortFilterProxyModel::data(index, ProblemsModel::SeverityRole).toInt()));
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        for (const int column : {left.column(), int(ProblemsModel::LocationColumn), int(ProblemsModel::ProviderColumn),
                                 int(ProblemsModel::MessageColumn)}) {
            const int order = compare(left.siblingAtColumn(column), right.siblingAtColumn(column));
            if (order != 0)
                return order < 0;
        }
        return left.row() < right.row();
    }

private:
    [[nodiscard]] int compare(const QModelIndex &left, const QModelIndex &right) const
    {
        const QVariant a = sourceModel()->data(left, ProblemsModel::SortRole);
        const QVariant b = sourceModel()->data(right, ProblemsModel::SortRole);
        if (a.typeId() == QMetaType::QString)
            return naturalCompare(a.toString(), b.toString());
        const qint64 x = a.toLongLong();
        const qint64 y = b.toLongLong();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
};

// The list, about six rows high to begin with: the window's details above it keep most
// of the height at 1280x800 (the user may drag the dock taller). A dock sizes itself by
// its content's hint.
class ProblemsView : public QTreeView
{
public:
    using QTreeView::QTreeView;

    QSize sizeHint() const override
    {
        const int row = qMax(fontMetrics().height() + 4, 18);
        return {QTreeView::sizeHint().width(), header()->sizeHint().height() + 6 * row + 2 * frameWidth()};
    }
};

} // namespace

ProblemsPanel::ProblemsPanel(ProviderTree &tree, QWidget *parent)
    : QDockWidget(tr("Problems"), parent),
      m_model(new ProblemsModel(tree, this)),
      m_sorted(new ProblemsSortModel(this))
{
    setObjectName(QStringLiteral("problemsDock"));
    setAllowedAreas(Qt::BottomDockWidgetArea | Qt::TopDockWidgetArea);
    toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    toggleViewAction()->setToolTip(tr("Shows or hides the list of the document's errors and warnings"));

    m_sorted->setSourceModel(m_model);
    m_view = new ProblemsView(this);
    m_view->setObjectName(QStringLiteral("problemsView"));
    m_view->setAccessibleName(tr("Problems"));
    m_view->setModel(m_sorted);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProblemsModel::SeverityColumn, Qt::AscendingOrder);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(ProblemsModel::MessageColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(m_view->font());
    const auto chars = [&metrics](int count) { return metrics.horizontalAdvance(QString(count, QLatin1Char('x'))); };
    // The severity's icon and word, whole; the message takes what the others leave.
    const int severity = qMax(metrics.horizontalAdvance(tr("Warning")), metrics.horizontalAdvance(tr("Error")));
    m_view->setColumnWidth(ProblemsModel::SeverityColumn,
                           qMax(severity + m_view->style()->pixelMetric(QStyle::PM_SmallIconSize) + 24,
                                header->sectionSizeHint(ProblemsModel::SeverityColumn)));
    m_view->setColumnWidth(ProblemsModel::ProviderColumn, chars(24));
    m_view->setColumnWidth(ProblemsModel::FieldColumn, chars(34));
    m_view->setColumnWidth(ProblemsModel::LocationColumn, chars(12));
    connect(m_view, &QAbstractItemView::activated, this, &ProblemsPanel::activate);
    setWidget(m_view);

    m_statusButton = new QToolButton(this);
    m_statusButton->setObjectName(QStringLiteral("problemsStatusButton"));
    m_statusButton->setAutoRaise(true);
    m_statusButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_statusButton->setToolTip(tr("Shows the document's errors and warnings (Ctrl+Shift+M)"));
    connect(m_statusButton, &QToolButton::clicked, this, &ProblemsPanel::showAndFocus);
    connect(m_model, &ProblemsModel::countsChanged, this, &ProblemsPanel::updateStatus);
    updateStatus();
}

ProblemsPanel::~ProblemsPanel() = default;

void ProblemsPanel::showAndFocus()
{
    show();
    raise();
    m_view->setFocus(Qt::OtherFocusReason);
    if (!m_view->currentIndex().isValid() && m_sorted->rowCount() > 0)
        m_view->setCurrentIndex(m_sorted->index(0, 0));
}

void ProblemsPanel::updateStatus()
{
    if (!m_statusButton)
        return;
    const qsizetype errors = m_model->errorCount();
    const qsizetype warnings = m_model->warningCount();
    m_statusButton->setText(ProblemsModel::countText(errors, warnings));
    m_statusButton->setIcon(errors + warnings == 0 ? QIcon()
                                                   : problemIcon(errors > 0 ? Severity::Error : Severity::Warning));
}

void ProblemsPanel::activate(const QModelIndex &index)
{
    const QModelIndex source = m_sorted->mapToSource(index);
    if (!source.isValid())
        return;
    const Problem problem = m_model->problem(source.row()); // a copy: a receiver may change the tree
    emit problemActivated(problem);
}

} // namespace provtree
