#include "treeexpander.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTreeView>

#include <utility>

namespace provtree {

namespace {

// Well under the 50 ms a keystroke may wait, and long enough that the timer's round trip
// is a small part of the work.
constexpr qint64 kSliceMs = 12;

int depthOf(QModelIndex index)
{
    int depth = 0;
    for (index = index.parent(); index.isValid(); index = index.parent())
        ++depth;
    return depth;
}

} // namespace

TreeExpander::TreeExpander(QTreeView &view, QObject *parent) : QObject(parent), m_view(view)
{
    // Folding a row while the rest opens: the user has taken over.
    connect(&m_view, &QTreeView::collapsed, this, &TreeExpander::stop);
    m_nextSlice.setSingleShot(true);
    m_nextSlice.setInterval(0);
    connect(&m_nextSlice, &QTimer::timeout, this, &TreeExpander::runSlice);
}

TreeExpander::~TreeExpander() = default;

void TreeExpander::expandAll()
{
    start({});
}

void TreeExpander::expandWhere(std::function<bool(const QModelIndex &)> opens)
{
    start({}, std::move(opens), FirstSlice::NextEvent);
}

void TreeExpander::expandSubtree(const QModelIndex &index)
{
    if (index.isValid())
        start(index);
}

void TreeExpander::start(const QModelIndex &top, std::function<bool(const QModelIndex &)> opens, FirstSlice first)
{
    stop();
    m_opens = std::move(opens);
    QAbstractItemModel *model = m_view.model();
    if (!model)
        return;
    m_wholeTree = !top.isValid();
    m_scope = top;
    m_scopeDepth = top.isValid() ? depthOf(top) : 0;
    m_cursor = QPersistentModelIndex();
    m_running = true;
    emit runningChanged(true);
    // A new tree or a re-sort: the cursor's place means nothing any more, or the rows above
    // it are others. A lost cursor (its row removed) starts again from the top by itself.
    m_modelConnections << connect(model, &QAbstractItemModel::modelReset, this, &TreeExpander::stop)
                       << connect(model, &QAbstractItemModel::layoutChanged, this,
                                  [this] { m_cursor = QPersistentModelIndex(); });
    if (first == FirstSlice::Now)
        runSlice();
    else
        m_nextSlice.start();
}

void TreeExpander::stop()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_modelConnections))
        disconnect(connection);
    m_modelConnections.clear();
    m_nextSlice.stop();
    m_cursor = QPersistentModelIndex();
    m_scope = QPersistentModelIndex();
    m_opens = {};
    if (std::exchange(m_running, false))
        emit runningChanged(false);
}

bool TreeExpander::isInScope(const QModelIndex &index) const
{
    if (m_wholeTree)
        return true;
    return m_scope.isValid() && (index == m_scope || depthOf(index) > m_scopeDepth);
}

// Rows in the view's order: the row below the cursor is its first child once the cursor
// is open, so the walk goes depth first through what the view shows.
void TreeExpander::runSlice()
{
    if (!m_running)
        return;
    QAbstractItemModel *model = m_view.model();
    if (!model) {
        stop();
        return;
    }
    // The row at the top of the viewport, to put back there once this slice has opened rows.
    const QPersistentModelIndex top = m_view.indexAt(QPoint(0, 0));
    const auto keepTopInPlace = qScopeGuard([this, &top] {
        if (top.isValid())
            m_view.scrollTo(top, QAbstractItemView::PositionAtTop);
    });
    QElapsedTimer clock;
    clock.start();
    for (int handled = 1;; ++handled) {
        QModelIndex next;
        if (m_cursor.isValid())
            next = m_view.indexBelow(m_cursor);
        else if (!m_wholeTree)
            next = m_scope; // invalid once the subtree is gone: finished
        else
            next = model->index(0, 0);
        if (!next.isValid() || !isInScope(next)) {
            finish();
            return;
        }
        if (model->hasChildren(next) && !m_view.isExpanded(next) && (!m_opens || m_opens(next)))
            m_view.expand(next);
        m_cursor = next;
        if (handled % 32 == 0 && clock.elapsed() >= kSliceMs)
            break;
    }
    m_nextSlice.start(); // after the events that waited, paints and keystrokes first
}

void TreeExpander::finish()
{
    stop();
    emit finished();
}

} // namespace provtree
