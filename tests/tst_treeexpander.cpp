// TreeExpander: View > Expand All and Expand Subtree, a slice at a time from the top, over
// a plain item model and through a sorting proxy. ProviderTreeView: closing every row with
// the layout left for later.

#include "providertreeview.h"
#include "treeexpander.h"

#include <QIdentityProxyModel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace provtree;

namespace {

#ifdef PROVTREE_ASAN_BUILD
constexpr int kLargeRoots = 5000; // still more than a slice opens, unoptimised and checked
#else
constexpr int kLargeRoots = 20000;
#endif

// `roots` roots named r0000..., each with `children` children, each child with one leaf.
std::unique_ptr<QStandardItemModel> forest(int roots, int children)
{
    auto model = std::make_unique<QStandardItemModel>();
    for (int r = 0; r < roots; ++r) {
        auto *root = new QStandardItem(QStringLiteral("r%1").arg(r, 5, 10, QLatin1Char('0')));
        for (int c = 0; c < children; ++c) {
            auto *child = new QStandardItem(QStringLiteral("c%1").arg(c));
            child->appendRow(new QStandardItem(QStringLiteral("leaf")));
            root->appendRow(child);
        }
        model->appendRow(root);
    }
    return model;
}

// Rows with children that the view keeps closed, under `parent`.
int closedParents(const QTreeView &view, const QModelIndex &parent = {})
{
    int closed = 0;
    const QAbstractItemModel *model = view.model();
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (!model->hasChildren(index))
            continue;
        if (!view.isExpanded(index))
            ++closed;
        closed += closedParents(view, index);
    }
    return closed;
}

// A view of `model` on screen, 400x300: the rows in sight are what a slice starts with.
void showView(QTreeView &view, QAbstractItemModel *model)
{
    view.setUniformRowHeights(true);
    view.setModel(model);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
}

} // namespace

class TestTreeExpander : public QObject
{
    Q_OBJECT

private slots:
    void aSmallTreeIsOpenWhenExpandAllReturns()
    {
        const auto model = forest(10, 2);
        QTreeView view;
        view.setModel(model.get());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Once open and closed, so that the 12 ms slice measures the expanding, not the
        // view's first-time costs (under ASan on a loaded machine those alone could fill it).
        view.expandAll();
        view.collapseAll();
        TreeExpander expander(view);
        QSignalSpy finished(&expander, &TreeExpander::finished);
        expander.expandAll();
        QVERIFY(!expander.isRunning());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(closedParents(view), 0);
    }

    // The rows at the top open before expandAll() returns; the rest follow while the event
    // loop runs, never one slice much longer than the 12 ms it aims at.
    void aLargeTreeOpensFromTheTopInSlices()
    {
        const auto model = forest(kLargeRoots, 2);
        QTreeView view;
        showView(view, model.get());
        if (QTest::currentTestFailed())
            return;
        TreeExpander expander(view);
        QSignalSpy finished(&expander, &TreeExpander::finished);
        expander.expandAll();
        QVERIFY(expander.isRunning());
        QVERIFY(view.isExpanded(model->index(0, 0)));
        QVERIFY(view.isExpanded(model->index(0, 0, model->index(0, 0))));
        QVERIFY(!view.isExpanded(model->index(kLargeRoots - 1, 0)));
        QTRY_VERIFY_WITH_TIMEOUT(!expander.isRunning(), 120000);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(closedParents(view), 0);
    }

    // Rows opening above the ones in sight do not push them away.
    void theRowsInSightStayInSight()
    {
        const auto model = forest(kLargeRoots, 2);
        QTreeView view;
        showView(view, model.get());
        if (QTest::currentTestFailed())
            return;
        const QModelIndex middle = model->index(kLargeRoots / 2, 0);
        view.scrollTo(middle, QAbstractItemView::PositionAtTop);
        QCOMPARE(view.indexAt(QPoint(0, 0)), middle);
        TreeExpander expander(view);
        QSignalSpy running(&expander, &TreeExpander::runningChanged);
        expander.expandAll();
        QTRY_VERIFY_WITH_TIMEOUT(!expander.isRunning(), 120000);
        QCOMPARE(view.indexAt(QPoint(0, 0)), middle);
        QCOMPARE(running.size(), 2);
        QCOMPARE(running.first().first().toBool(), true);
        QCOMPARE(running.last().first().toBool(), false);
    }

    void aCollapseStopsIt()
    {
        const auto model = forest(kLargeRoots, 2);
        QTreeView view;
        view.setModel(model.get());
        TreeExpander expander(view);
        QSignalSpy finished(&expander, &TreeExpander::finished);
        expander.expandAll();
        QVERIFY(expander.isRunning());
        view.collapse(model->index(0, 0));
        QVERIFY(!expander.isRunning());
        QTest::qWait(50);
        QCOMPARE(finished.size(), 0);
        QVERIFY(!view.isExpanded(model->index(kLargeRoots - 1, 0)));
    }

    // The rows a cleared search gives back: those named, from the next event on (the
    // search's layout change comes first).
    void expandWhereOpensTheRowsNamedFromTheNextEvent()
    {
        const auto model = forest(10, 2);
        QTreeView view;
        view.setModel(model.get());
        TreeExpander expander(view);
        const auto isEvenRoot = [](const QModelIndex &index) {
            return !index.parent().isValid() && index.row() % 2 == 0;
        };
        expander.expandWhere(isEvenRoot);
        QVERIFY(expander.isRunning());
        QVERIFY(!view.isExpanded(model->index(0, 0)));
        QTRY_VERIFY(!expander.isRunning());
        for (int row = 0; row < 10; ++row)
            QCOMPARE(view.isExpanded(model->index(row, 0)), row % 2 == 0);
        QVERIFY(!view.isExpanded(model->index(0, 0, model->index(0, 0))));
    }

    // As collapseAll(), with the collapsed signals, but the view walks the rows to lay them
    // out later: in the next event, or at once when it is asked about its rows before that.
    void collapseAllLayingOutLaterWalksTheRowsLater()
    {
        class CountingProxy : public QIdentityProxyModel
        {
        public:
            QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override
            {
                ++asked;
                return QIdentityProxyModel::index(row, column, parent);
            }
            mutable int asked = 0;
        };
        const auto model = forest(10, 2);
        for (const bool askFirst : {false, true}) {
            CountingProxy proxy;
            proxy.setSourceModel(model.get());
            ProviderTreeView view;
            showView(view, &proxy);
            if (QTest::currentTestFailed())
                return;
            view.expandAll();
            const QModelIndex firstRoot = proxy.index(0, 0);
            const QModelIndex firstChild = proxy.index(0, 0, firstRoot);
            QVERIFY(!view.visualRect(firstChild).isEmpty());
            QSignalSpy collapsed(&view, &QTreeView::collapsed);
            proxy.asked = 0;
            view.collapseAllLayingOutLater();
            QCOMPARE(proxy.asked, 0);
            QCOMPARE(collapsed.size(), 50); // every row expandAll() marked open, leaves too
            if (askFirst) // the second root is right below the first
                QCOMPARE(view.indexBelow(firstRoot), proxy.index(1, 0));
            else
                QTRY_VERIFY(proxy.asked > 0);
            QVERIFY(proxy.asked > 0);
            QCOMPARE(closedParents(view), 30);
            QCOMPARE(view.indexBelow(firstRoot), proxy.index(1, 0));
            QVERIFY(view.visualRect(firstChild).isEmpty());
        }
    }

    void aSubtreeOpensOnlyItsRows()
    {
        const auto model = forest(10, 3);
        QTreeView view;
        view.setModel(model.get());
        TreeExpander expander(view);
        const QModelIndex third = model->index(3, 0);
        expander.expandSubtree(third);
        QTRY_VERIFY(!expander.isRunning());
        QVERIFY(view.isExpanded(third));
        QCOMPARE(closedParents(view, third), 0);
        QVERIFY(!view.isExpanded(model->index(2, 0)));
        QVERIFY(!view.isExpanded(model->index(4, 0)));
    }

    // A re-sort while it works moves rows it had passed below the cursor: it goes on from
    // the top and still opens every row.
    void aSortMeanwhileStillOpensEveryRow()
    {
        const auto model = forest(kLargeRoots, 2);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(model.get());
        proxy.sort(0, Qt::AscendingOrder);
        QTreeView view;
        view.setModel(&proxy);
        TreeExpander expander(view);
        expander.expandAll();
        QVERIFY(expander.isRunning());
        proxy.sort(0, Qt::DescendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(!expander.isRunning(), 120000);
        QCOMPARE(closedParents(view), 0);
    }
};

QTEST_MAIN(TestTreeExpander)
#include "tst_treeexpander.moc"
