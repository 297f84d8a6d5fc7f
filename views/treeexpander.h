#pragma once

#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QPersistentModelIndex>
#include <QTimer>

#include <functional>

class QTreeView;

namespace provtree {

// Expands every row of a tree view, or of one subtree, or the rows a caller names
// (expandWhere(): the rows a cleared search gives back), a few milliseconds at a time, from
// the top down: the rows in sight open at once and the event loop keeps answering while
// the rest follows. QTreeView::expandAll() lays out every row in one go, a fifth of a
// second for 100,000 providers.
//
// The first slice runs before expandAll() and expandSubtree() return: the rows in sight,
// and a small tree whole, are open by then. expandWhere() starts in the next event: it
// follows a cleared search, whose layout change has the view lay its rows out again first
// (after Expand All, the layout and a slice together took 26 ms more of that keystroke).
//
// The rows opening above the ones in sight would push those down: each slice keeps the
// top row in sight where it was.
//
// It walks the view's rows in their shown order with a single cursor (the last row it
// handled), so the model's other edits cost nothing extra; a sort, a search or an edit
// meanwhile makes it go on from the top, skipping what is open already. A collapse, a new
// model or stop() ends it.
//
// GUI-thread object. The view must outlive it.
class TreeExpander : public QObject
{
    Q_OBJECT

public:
    explicit TreeExpander(QTreeView &view, QObject *parent = nullptr);
    ~TreeExpander() override;

    void expandAll();
    // Only the rows `opens` says yes to (given an index of the view's model), of those the
    // walk reaches: the rows below a row left closed are not visited.
    void expandWhere(std::function<bool(const QModelIndex &)> opens);
    // `index` (of the view's model) and every row below it.
    void expandSubtree(const QModelIndex &index);
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }

signals:
    // Every row is open (not emitted when stopped).
    void finished();
    // Slices start to run, or no longer run (finished or stopped).
    void runningChanged(bool running);

private:
    enum class FirstSlice { Now, NextEvent };
    void start(const QModelIndex &top, std::function<bool(const QModelIndex &)> opens = {},
               FirstSlice first = FirstSlice::Now);
    void runSlice();
    [[nodiscard]] bool isInScope(const QModelIndex &index) const;
    void finish();

    QTreeView &m_view;                // Not owned.
    QPersistentModelIndex m_scope;    // the subtree's top; invalid: the whole tree
    QPersistentModelIndex m_cursor;   // the last row handled, in the view's order
    int m_scopeDepth = 0;
    bool m_wholeTree = true;
    std::function<bool(const QModelIndex &)> m_opens; // empty: every row
    bool m_running = false;
    QTimer m_nextSlice;
    QList<QMetaObject::Connection> m_modelConnections;
};

} // namespace provtree
