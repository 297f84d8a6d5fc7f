// The resource summary: per resource class, the whole tree's total, reserved, capacity,
// used, free and usage (the numbers of TreeStats, as `provtree stats` prints them), and
// those of the providers a search matches; followed live and coalesced, summed on a worker
// thread for large trees, idle while hidden (issue 10, "Also expected").
#include "inventoryview.h"
#include "mainwindow.h"
#include "providerfilterproxymodel.h"
#include "providertree.h"
#include "resourcesummarymodel.h"
#include "resourcesummarypanel.h"
#include "snapshotreader.h"
#include "treeeditor.h"
#include "treestats.h"

#include "support/cloudgenerator.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace provtree;
using SCol = ResourceSummaryModel::Column;

namespace {

ResourceClassTotals totals(qint64 total, qint64 reserved, qint64 capacity, qint64 used)
{
    return {total, reserved, capacity, used, capacity - used};
}

struct Fixture
{
    ProviderTree tree;
    std::unique_ptr<MainWindow> window;

    [[nodiscard]] bool open(const QList<ProviderData> &records = {})
    {
        if (records.isEmpty()) {
            const Result<QList<ProviderData>> sample = readSnapshotFile(QStringLiteral(PROVTREE_SAMPLE));
            if (!sample.ok() || !tree.replaceAll(sample.value()).ok())
                return false;
        } else if (!tree.replaceAll(records).ok()) {
            return false;
        }
        window = std::make_unique<MainWindow>(tree);
        window->resize(1280, 800);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }
    [[nodiscard]] QDockWidget *dock() const
    {
        return window->findChild<QDockWidget *>(QStringLiteral("resourceSummaryDock"));
    }
    [[nodiscard]] ResourceSummaryPanel *panel() const { return window->findChild<ResourceSummaryPanel *>(); }
    // View > Resource Summary, as a user opens it.
    [[nodiscard]] QAction *viewAction() const
    {
        for (QAction *menu : window->menuBar()->actions()) {
            if (menu->text() != QLatin1String("&View"))
                continue;
            for (QAction *action : menu->menu()->actions()) {
                if (action->text() == QLatin1String("Resource &Summary"))
                    return action;
            }
        }
        return nullptr;
    }
    [[nodiscard]] bool showSummary() const
    {
        QAction *action = viewAction();
        if (!action || action->isChecked())
            return false;
        action->trigger();
        return dock()->isVisible() && QTest::qWaitFor([this] { return panel()->isUpToDate(); });
    }
    [[nodiscard]] QList<ProviderData> providers(const QStringList &names) const
    {
        QList<ProviderData> out;
        for (const QString &name : names)
            out.append(*tree.data(name));
        return out;
    }
};

} // namespace

class TestResourceSummary : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no-op under CTest, which sets it already
        QLocale::setDefault(QLocale::c()); // the numbers as an English or C locale writes them
    }

    // --- the model ------------------------------------------------------------------------

    void modelShowsOneRowPerClass()
    {
        ResourceSummaryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setTotals({{QStringLiteral("DISK_GB"), totals(1000, 100, 900, 450)},
                         {QStringLiteral("VCPU"), totals(32, 0, 128, 140)}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(SCol::ColumnCount));
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        constexpr int value = ResourceSummaryModel::ValueRole;
        QCOMPARE(cell(0, SCol::ResourceClassColumn).toString(), QStringLiteral("DISK_GB"));
        QCOMPARE(cell(0, SCol::TotalColumn, value).toLongLong(), 1000);
        QCOMPARE(cell(0, SCol::ReservedColumn, value).toLongLong(), 100);
        QCOMPARE(cell(0, SCol::CapacityColumn, value).toLongLong(), 900);
        QCOMPARE(cell(0, SCol::UsedColumn, value).toLongLong(), 450);
        QCOMPARE(cell(0, SCol::FreeColumn, value).toLongLong(), 450);
        QCOMPARE(cell(0, SCol::TotalColumn).toString(), QStringLiteral("1,000")); // as read (C locale)
        // The usage bar's role, on the used column only.
        QCOMPARE(cell(0, SCol::UsedColumn, ResourceSummaryModel::UsageFractionRole).toDouble(), 0.5);
        QVERIFY(!cell(0, SCol::TotalColumn, ResourceSummaryModel::UsageFractionRole).isValid());
        QCOMPARE(cell(1, SCol::FreeColumn, value).toLongLong(), -12);
        // What a screen reader says.
        QCOMPARE(cell(1, SCol::ResourceClassColumn, Qt::AccessibleTextRole).toString(),
                 QStringLiteral("VCPU, total 32, capacity 128, used 140, free -12, 109 %, over capacity"));
        QCOMPARE(cell(0, SCol::UsedColumn, Qt::AccessibleTextRole).toString(), QStringLiteral("DISK_GB used 450, 50 %"));
    }

    // Found by an operator: 1234567 with no separators. What the table's delegate writes in
    // the table's own locale (an item view omits a number's groups) has them, as do the
    // tooltip and what a screen reader says; the captions too.
    void numbersAreGroupedAsTheLocaleGroupsThem()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.showSummary());
        ResourceSummaryModel *model = f.panel()->treeSummary();
        model->setTotals({{QStringLiteral("MEMORY_MB"), totals(1234567, 2048, 1232519, 1000000)}});
        auto *table = f.panel()->findChild<QTableView *>(QStringLiteral("treeSummaryTable"));
        QVERIFY(table);
        const auto *delegate = qobject_cast<const QStyledItemDelegate *>(table->itemDelegate());
        QVERIFY(delegate);
        QLocale viewLocale = table->locale(); // as QAbstractItemView hands it to its delegate
        viewLocale.setNumberOptions(QLocale::OmitGroupSeparator);
        const auto shown = [&](int column) {
            return delegate->displayText(model->index(0, column).data(), viewLocale);
        };
        QCOMPARE(shown(SCol::TotalColumn), QStringLiteral("1,234,567"));
        QCOMPARE(shown(SCol::ReservedColumn), QStringLiteral("2,048"));
        QCOMPARE(shown(SCol::CapacityColumn), QStringLiteral("1,232,519"));
        QCOMPARE(shown(SCol::UsedColumn), QStringLiteral("1,000,000"));
        QCOMPARE(shown(SCol::FreeColumn), QStringLiteral("232,519"));
        QCOMPARE(model->index(0, SCol::TotalColumn).data(Qt::AccessibleTextRole).toString(),
                 QStringLiteral("MEMORY_MB total 1,234,567"));
        QCOMPARE(model->index(0, SCol::ResourceClassColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("MEMORY_MB, total 1,234,567, capacity 1,232,519, used 1,000,000, free 232,519, 81 %"));
        // Wide enough for the separators: the numbers are whole.
        const QAbstractItemView *view = table;
        for (int column = SCol::TotalColumn; column < SCol::ColumnCount; ++column)
            QVERIFY(table->columnWidth(column) >= view->sizeHintForColumn(column));
    }

    // New sums of the same classes: one dataChanged per changed row; other classes: a reset.
    void modelChangesPrecisely()
    {
        ResourceSummaryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const QMap<QString, ResourceClassTotals> before{{QStringLiteral("A"), totals(1, 0, 1, 0)},
                                                        {QStringLiteral("B"), totals(2, 0, 2, 0)},
                                                        {QStringLiteral("C"), totals(3, 0, 3, 0)}};
        model.setTotals(before);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QMap<QString, ResourceClassTotals> after = before;
        after[QStringLiteral("B")].used = 1;
        after[QStringLiteral("B")].free = 1;
        model.setTotals(after);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex(), model.index(1, 0));
        QCOMPARE(changed[0][1].toModelIndex(), model.index(1, SCol::ColumnCount - 1));
        model.setTotals(after); // the same: nothing
        QCOMPARE(changed.size(), 1);
        after.remove(QStringLiteral("C"));
        model.setTotals(after);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 2);
    }

    // --- the panel in the window ---------------------------------------------------------------

    // View > Resource Summary opens it; the numbers are TreeStats' (provtree stats).
    void viewMenuOpensTheWholeTreeSummary()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.dock());
        QVERIFY(!f.dock()->isVisible()); // hidden at first: the window is full already
        QVERIFY(f.showSummary());
        QCOMPARE(f.panel()->treeSummary()->totals(), TreeStats::compute(f.tree).resourceClasses);
        QCOMPARE(f.panel()->treeCaption(), QStringLiteral("Whole tree: 30 providers"));
        QCOMPARE(f.panel()->searchCaption(), QString());
        QCOMPARE(f.panel()->treeSummary()->totals().value(QStringLiteral("DISK_GB")),
                 totals(220892, 2498, 218394, 156962)); // as `provtree stats` prints it (README)
        f.viewAction()->trigger();
        QVERIFY(!f.dock()->isVisible());
    }

    // Edits show up, a burst of them summed once.
    void followsEditsCoalesced()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.showSummary());
        QSignalSpy updated(f.panel(), &ResourceSummaryPanel::updated);
        const QString numa = f.tree.data(QStringLiteral("cn-01_numa0"))->uuid;
        TreeEditor &editor = *f.window->editor();
        for (int total = 33; total <= 42; ++total)
            QVERIFY(editor.setInventoryField(numa, QStringLiteral("VCPU"), InventoryField::Total, total).ok());
        QVERIFY(!f.panel()->isUpToDate());
        QTRY_VERIFY(f.panel()->isUpToDate());
        QCOMPARE(updated.size(), 1);
        QCOMPARE(f.panel()->treeSummary()->totals(), TreeStats::compute(f.tree).resourceClasses);
        const qint64 vcpuTotal = f.panel()->treeSummary()->totals().value(QStringLiteral("VCPU")).total;

        editor.undoStack()->undo();
        QTRY_COMPARE(updated.size(), 2);
        QCOMPARE(f.panel()->treeSummary()->totals().value(QStringLiteral("VCPU")).total, vcpuTotal - 1);
    }

    // With a search, the providers it matches, not the ancestors shown around them.
    void searchSummarisesTheMatchesOnly()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.showSummary());
        QTest::keyClicks(f.window->searchField(), QStringLiteral("kind:numa"));
        QTRY_VERIFY(f.panel()->isUpToDate() && !f.panel()->searchCaption().isEmpty());
        QCOMPARE(f.panel()->searchCaption(), QStringLiteral("Matching \"kind:numa\": 6 of 30 providers"));
        const QStringList numaNodes{QStringLiteral("cn-01_numa0"), QStringLiteral("cn-01_numa1"),
                                    QStringLiteral("cn-02_numa0"), QStringLiteral("cn-02_numa1"),
                                    QStringLiteral("cn-03_numa0"), QStringLiteral("cn-03_numa1")};
        const QMap<QString, ResourceClassTotals> expected = TreeStats::compute(f.providers(numaNodes)).resourceClasses;
        QCOMPARE(f.panel()->searchSummary()->totals(), expected);
        QVERIFY(!expected.contains(QStringLiteral("DISK_GB"))); // the compute nodes shown above them
        // The whole tree is still there, beside it.
        QCOMPARE(f.panel()->treeSummary()->totals(), TreeStats::compute(f.tree).resourceClasses);

        // An edit of a match shows in both.
        QVERIFY(f.window->editor()->setInventoryField(f.tree.data(numaNodes[0])->uuid, QStringLiteral("PCPU"),
                                                      InventoryField::Total, 20).ok());
        QTRY_VERIFY(f.panel()->isUpToDate()
                    && f.panel()->searchSummary()->totals() == TreeStats::compute(f.providers(numaNodes)).resourceClasses);
        QCOMPARE(f.panel()->treeSummary()->totals(), TreeStats::compute(f.tree).resourceClasses);

        // Nothing matches: an empty summary that says so.
        f.window->searchField()->setText(QStringLiteral("no-such-provider"));
        QTRY_COMPARE(f.panel()->searchCaption(), QStringLiteral("Matching \"no-such-provider\": 0 of 30 providers"));
        QCOMPARE(f.panel()->searchSummary()->rowCount(), 0);

        f.window->searchField()->clear();
        QTRY_COMPARE(f.panel()->searchCaption(), QString());
    }

    // Hidden, it does nothing; shown, it catches up.
    void hiddenItCostsNothing()
    {
        Fixture f;
        QVERIFY(f.open());
        QSignalSpy updated(f.panel(), &ResourceSummaryPanel::updated);
        const QString numa = f.tree.data(QStringLiteral("cn-01_numa0"))->uuid;
        QVERIFY(f.window->editor()->setInventoryField(numa, QStringLiteral("VCPU"), InventoryField::Total, 64).ok());
        QCoreApplication::processEvents();
        QVERIFY(!f.panel()->isRefreshScheduled()); // no sum waits to run
        QCOMPARE(updated.size(), 0);
        QVERIFY(!f.panel()->isUpToDate());
        QVERIFY(f.showSummary());
        QCOMPARE(updated.size(), 1);
        QCOMPARE(f.panel()->treeSummary()->totals(), TreeStats::compute(f.tree).resourceClasses);
    }

    // Past kBackgroundLimit providers the sum runs on a worker thread; edits that come
    // while it may still run are summed too (the last state is the one shown).
    void largeTreesAreSummedInTheBackground()
    {
        testsupport::CloudGenerator generator(10);
        Fixture f;
        QVERIFY(f.open(generator.cloud(2 * ResourceSummaryPanel::kBackgroundLimit)));
        QAction *action = f.viewAction();
        action->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(f.panel()->isUpToDate(), 30000);
        QCOMPARE(f.panel()->treeSummary()->totals(), TreeStats::compute(f.tree).resourceClasses);
        QCOMPARE(f.panel()->treeCaption(), QStringLiteral("Whole tree: 10,000 providers"));

        const QString host = f.tree.data(QStringLiteral("cn-000001"))->uuid;
        QVERIFY(f.window->editor()->setInventoryField(host, QStringLiteral("VCPU"), InventoryField::Total, 999).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!f.panel()->isUpToDate(), 5000);
        QVERIFY(f.window->editor()->setInventoryField(host, QStringLiteral("VCPU"), InventoryField::Reserved, 9).ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.panel()->isUpToDate(), 30000);
        QCOMPARE(f.panel()->treeSummary()->totals(), TreeStats::compute(f.tree).resourceClasses);
    }

    // Open at 1280x800, with the read-only banner: the window still fits the screen, the
    // summary's numbers are whole, and its tables are one Tab stop each.
    void fitsTheWindowAndTheKeyboard()
    {
        Fixture f;
        QVERIFY(f.open());
        f.window->setReadOnly(true, QStringLiteral("Sample snapshot — read-only. Save As… to edit a copy."));
        QVERIFY(f.showSummary());
        QVERIFY2(f.window->minimumSizeHint().height() <= 800,
                 qPrintable(QString::number(f.window->minimumSizeHint().height())));
        auto *table = f.panel()->findChild<QTableView *>(QStringLiteral("treeSummaryTable"));
        QVERIFY(table);
        QVERIFY(!table->tabKeyNavigation());
        const QAbstractItemView *view = table;
        for (int column = SCol::TotalColumn; column < SCol::ColumnCount; ++column)
            QVERIFY(table->columnWidth(column) >= view->sizeHintForColumn(column));
        QVERIFY(!table->accessibleName().isEmpty());
    }
};

QTEST_MAIN(TestResourceSummary)
#include "tst_resourcesummary.moc"
