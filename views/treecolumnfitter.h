#pragma once

#include <QObject>

class QTimer;
class QTreeView;

namespace provtree {

// Sizes the provider tree's columns (ProviderTreeModel's) to the view, so that at
// 1280x800 the name, the resource classes and the numbers are all in sight:
//   - numbers (usage, generation, children) fit their content and header: never elided;
//   - the name fits its content, child rows' indentation included, as far as the numbers
//     leave room with the classes at their floor (about 12 characters): a row is read by
//     its name, so the classes give way first; past that the name is elided (down to
//     about 16 characters);
//   - the resource classes (up to about 30 characters: the cell's tooltip lists them all)
//     get what the name leaves;
//   - the uuid, last, stretches.
// Measures the rows the view has laid out around what it shows (QTreeView's own
// measurement, bounded whatever the tree's size). Refits when the viewport's width
// changes, a moment after rows are expanded (children are indented, and often longer),
// and on fit() or scheduleFit() (a new tree, a search's rows), until the user resizes a
// column: from then on the user's widths stay.
//
// GUI-thread object; a child of the view.
class TreeColumnFitter : public QObject
{
    Q_OBJECT

public:
    explicit TreeColumnFitter(QTreeView &view);
    ~TreeColumnFitter() override;

    // Fits the columns now (unless the user sized them).
    void fit();
    // Fits them a moment later, once for a burst of changes (rows opening in slices).
    void scheduleFit();
    [[nodiscard]] bool userSized() const { return m_userSized; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    [[nodiscard]] int contentWidth(int column) const;

    QTreeView &m_view; // Not owned: the parent.
    const QObject *m_viewport;       // The view's and its header's: compared with, never called.
    const QObject *m_headerViewport;
    bool m_fitting = false;
    bool m_userSized = false;
    bool m_mouseOnHeader = false;
    QTimer *m_refit; // Owned (QObject child).
    int m_fittedWidth = -1; // the viewport width of the last fit
};

} // namespace provtree
