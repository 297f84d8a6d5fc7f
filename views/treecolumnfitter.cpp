#include "treecolumnfitter.h"

#include "providertreemodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QScopedValueRollback>
#include <QTimer>
#include <QTreeView>

#include <algorithm>

namespace provtree {

namespace {
constexpr int kGap = 12;              // pixels after the widest cell
constexpr int kClassesChars = 30;     // resource classes at most
constexpr int kMinClassesChars = 12;
constexpr int kMinNameChars = 16;
constexpr int kMeasuredRows = 200;   // rows a fit measures, besides those in sight
constexpr int kRefitDelayMs = 30;    // after the last of a burst of expansions
} // namespace

TreeColumnFitter::TreeColumnFitter(QTreeView &view)
    : QObject(&view), m_view(view), m_viewport(view.viewport()), m_headerViewport(view.header()->viewport()),
      m_refit(new QTimer(this))
{
    m_refit->setSingleShot(true);
    m_refit->setInterval(kRefitDelayMs);
    connect(m_refit, &QTimer::timeout, this, &TreeColumnFitter::fit);
    connect(&view, &QTreeView::expanded, this, &TreeColumnFitter::scheduleFit);
    view.viewport()->installEventFilter(this);
    view.header()->viewport()->installEventFilter(this);
    // A column's width is measured on the rows in sight and this many around them (Qt's
    // default, 1,000, cost a 100,000-provider tree 45 ms per fit on the GUI thread).
    view.header()->setResizeContentsPrecision(kMeasuredRows);
    // The user's hand: a section dragged while the mouse is down on the header (the
    // stretched last section follows the viewport, a reset restores defaults: neither is
    // the user's), or a handle double-clicked (fit to contents).
    connect(view.header(), &QHeaderView::sectionResized, this, [this](int logical) {
        const QHeaderView *header = m_view.header();
        if (!m_fitting && m_mouseOnHeader && header->visualIndex(logical) != header->count() - 1)
            m_userSized = true;
    });
    connect(view.header(), &QHeaderView::sectionHandleDoubleClicked, this, [this] { m_userSized = true; });
}

TreeColumnFitter::~TreeColumnFitter() = default;

bool TreeColumnFitter::eventFilter(QObject *watched, QEvent *event)
{
    // Pointers compared only: the view sends events while it is being destroyed, when a
    // call into it (header(), viewport()) would be undefined.
    if (watched == m_headerViewport) {
        if (event->type() == QEvent::MouseButtonPress)
            m_mouseOnHeader = true;
        else if (event->type() == QEvent::MouseButtonRelease)
            m_mouseOnHeader = false;
        return QObject::eventFilter(watched, event);
    }
    if (watched == m_viewport && event->type() == QEvent::Resize
        && m_view.viewport()->width() != m_fittedWidth)
        fit();
    return QObject::eventFilter(watched, event);
}

int TreeColumnFitter::contentWidth(int column) const
{
    // Public in QAbstractItemView (QTreeView's override, protected there, answers).
    const QAbstractItemView &view = m_view;
    return std::max(view.sizeHintForColumn(column), m_view.header()->sectionSizeHint(column)) + kGap;
}

void TreeColumnFitter::scheduleFit()
{
    if (!m_userSized)
        m_refit->start();
}

void TreeColumnFitter::fit()
{
    m_refit->stop();
    // Nothing shown (a search without a match) measures nothing: keep the widths.
    if (m_userSized || !m_view.model() || m_view.model()->rowCount() == 0)
        return;
    const QScopedValueRollback fitting(m_fitting, true);
    using M = ProviderTreeModel;
    const QFontMetrics metrics(m_view.font());
    const auto chars = [&metrics](int count) { return metrics.horizontalAdvance(QString(count, QLatin1Char('x'))); };

    int numbers = 0;
    for (const int column : {M::UsageColumn, M::GenerationColumn, M::ChildrenColumn}) {
        const int width = contentWidth(column);
        m_view.setColumnWidth(column, width);
        if (column != M::ChildrenColumn) // in sight; the children count may scroll
            numbers += width;
    }
    // The name first, what a row is read by (sharing in proportion cut children's names
    // at 1400 px while the classes had room to give): the classes give way down to their
    // floor (their tooltip lists them all), then the name is elided, down to its own.
    const int available = std::max(m_view.viewport()->width() - numbers, 0);
    const int wantedName = contentWidth(M::NameColumn);
    const int wantedClasses = std::min(contentWidth(M::ResourceClassesColumn), chars(kClassesChars));
    const int minName = std::min(wantedName, chars(kMinNameChars));
    const int minClasses = std::min(wantedClasses, chars(kMinClassesChars));
    const int name = std::clamp(available - minClasses, minName, wantedName);
    const int classes = std::clamp(available - name, minClasses, wantedClasses);
    m_view.setColumnWidth(M::NameColumn, name);
    m_view.setColumnWidth(M::ResourceClassesColumn, classes);
    m_view.setColumnWidth(M::UuidColumn, contentWidth(M::UuidColumn));
    m_fittedWidth = m_view.viewport()->width();
}

} // namespace provtree
