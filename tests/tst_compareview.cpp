// CompareView: status colours, "only differences", F7/Shift+F7, the summary, the
// side-by-side inventory, traits and aggregates, and reverting one provider of the
// unsaved-changes comparison through undoable TreeEditor edits. Writes a screenshot.
#include "compareview.h"
#include "difflegend.h"
#include "diffmodel.h"
#include "inspector.h"
#include "mainwindow.h"
#include "providertree.h"
#include "treediff.h"
#include "treeeditor.h"

#include "cloudgenerator.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QPointer>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>

#include "support/testuuid.h"

using namespace provtree;

namespace {

using provtree::testing::uuid;

QString aggregate(int n)
{
    return QStringLiteral("aaaaaaaa-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
}

ProviderData provider(int n, const QString &name, int parent = 0)
{
    ProviderData data;
    data.uuid = uuid(n);
    data.name = name;
    if (parent)
        data.parentUuid = uuid(parent);
    return data;
}

InventoryRecord record(qint64 total, qint64 reserved = 0)
{
    InventoryRecord r;
    r.total = total;
    r.reserved = reserved;
    return r.effective();
}

// old: cn-a {numa0, numa1}, cn-b {gpu}, cn-c {child}
// new: cn-a {new (added), numa0 (VCPU 8 → 16, +trait, −aggregate)}, cn-b {numa1 (moved),
//      gpu}, cn-c and its child removed.
QList<ProviderData> oldState()
{
    ProviderData numa0 = provider(2, QStringLiteral("cn-a_numa0"), 1);
    numa0.inventories.insert(QStringLiteral("VCPU"), record(8));
    numa0.inventories.insert(QStringLiteral("MEMORY_MB"), record(4096, 512));
    numa0.traits = {QStringLiteral("HW_NUMA_ROOT")};
    numa0.aggregates = {aggregate(1), aggregate(2)};
    numa0.usages.insert(QStringLiteral("VCPU"), 2);
    ProviderData gpu = provider(5, QStringLiteral("cn-b_gpu"), 4);
    gpu.inventories.insert(QStringLiteral("VGPU"), record(4));
    return {provider(1, QStringLiteral("cn-a")), numa0, provider(3, QStringLiteral("cn-a_numa1"), 1),
            provider(4, QStringLiteral("cn-b")), gpu, provider(6, QStringLiteral("cn-c")),
            provider(7, QStringLiteral("cn-c_child"), 6)};
}

QList<ProviderData> newState()
{
    QList<ProviderData> old = oldState();
    ProviderData numa0 = old.at(1);
    numa0.inventories[QStringLiteral("VCPU")] = record(16);
    numa0.traits.append(QStringLiteral("CUSTOM_FAST"));
    numa0.aggregates = {aggregate(1)};
    return {old.at(0), numa0, provider(3, QStringLiteral("cn-a_numa1"), 4), old.at(3), old.at(4),
            provider(8, QStringLiteral("cn-a_new"), 1)};
}

// The view's row of `id` (through its proxies), or invalid when hidden.
QModelIndex row(const CompareView &view, const QString &id)
{
    const QAbstractItemModel *model = view.treeView()->model();
    const QModelIndexList found = model->match(model->index(0, 0), DiffModel::UuidRole, id, 1,
                                               Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? QModelIndex() : found.constFirst();
}

int visibleRows(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    int n = 0;
    for (int r = 0; r < model.rowCount(parent); ++r)
        n += 1 + visibleRows(model, model.index(r, 0, parent));
    return n;
}

// The inventory table's row of (class, field): the class is named on its first row only.
int tableRow(const QTableWidget &table, const QString &resourceClass, const QString &field)
{
    QString current;
    for (int r = 0; r < table.rowCount(); ++r) {
        if (!table.item(r, CompareView::ClassColumn)->text().isEmpty())
            current = table.item(r, CompareView::ClassColumn)->text();
        if (current == resourceClass && table.item(r, CompareView::FieldColumn)->text() == field)
            return r;
    }
    return -1;
}

QStringList listTexts(const QListWidget &list)
{
    QStringList out;
    for (int i = 0; i < list.count(); ++i)
        out.append(list.item(i)->text());
    return out;
}

void setUpDiff(CompareView &view)
{
    const QList<ProviderData> before = oldState();
    const QList<ProviderData> after = newState();
    view.setDiff(TreeDiff::compute(before, after), before, after);
}

} // namespace

class TestCompareView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The inspector keeps recent files: a throwaway location, never the user's settings.
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("provtree-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_compareview"));
    }

    void rowsAreColouredByStatus()
    {
        CompareView view;
        QAbstractItemModelTester tester(view.treeView()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        setUpDiff(view);
        const QList<std::pair<int, DiffStatus>> expected = {
            {1, DiffStatus::Unchanged}, {2, DiffStatus::Changed}, {3, DiffStatus::Moved},
            {5, DiffStatus::Unchanged}, {6, DiffStatus::Removed}, {7, DiffStatus::Removed},
            {8, DiffStatus::Added}};
        for (const auto &[n, status] : expected) {
            const QModelIndex index = row(view, uuid(n));
            QVERIFY2(index.isValid(), qPrintable(uuid(n)));
            QCOMPARE(index.data(DiffModel::StatusRole).toInt(), int(status));
            QCOMPARE(index.data(Qt::BackgroundRole).value<QColor>(), CompareView::statusColor(status));
        }
        // Distinct colours, none for unchanged rows.
        QVERIFY(!CompareView::statusColor(DiffStatus::Unchanged).isValid());
        QSet<QRgb> colours;
        for (const DiffStatus s : {DiffStatus::Added, DiffStatus::Removed, DiffStatus::Changed, DiffStatus::Moved})
            colours.insert(CompareView::statusColor(s).rgb());
        QCOMPARE(colours.size(), 4);
        QVERIFY(!row(view, uuid(8)).data(Qt::DecorationRole).isNull()); // kind icon
    }

    void onlyDifferencesKeepsAncestors()
    {
        CompareView view;
        QAbstractItemModelTester tester(view.treeView()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        setUpDiff(view);
        QCOMPARE(visibleRows(*view.treeView()->model()), 8);
        view.onlyDifferencesBox()->click();
        QVERIFY(view.onlyDifferences());
        QCOMPARE(visibleRows(*view.treeView()->model()), 7);
        QVERIFY(!row(view, uuid(5)).isValid()); // unchanged leaf: hidden
        QVERIFY(row(view, uuid(1)).isValid());  // unchanged, but the parent of differences
        QVERIFY(row(view, uuid(4)).isValid());
        QVERIFY(view.treeView()->isExpanded(row(view, uuid(1))));
        view.setOnlyDifferences(false);
        QVERIFY(!view.onlyDifferencesBox()->isChecked());
        QCOMPARE(visibleRows(*view.treeView()->model()), 8);
    }

    void f7WalksTheDifferencesInOrder()
    {
        CompareView view;
        setUpDiff(view);
        view.show();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        view.treeView()->setFocus();
        const QStringList order = {uuid(8), uuid(2), uuid(3), uuid(6), uuid(7)};
        for (const QString &expected : order) {
            QTest::keyClick(view.treeView(), Qt::Key_F7);
            QCOMPARE(view.currentProvider(), expected);
            QCOMPARE(view.treeView()->currentIndex().data(DiffModel::UuidRole).toString(), expected);
        }
        QTest::keyClick(view.treeView(), Qt::Key_F7); // the last one: stays
        QCOMPARE(view.currentProvider(), uuid(7));
        QTest::keyClick(view.treeView(), Qt::Key_F7, Qt::ShiftModifier);
        QCOMPARE(view.currentProvider(), uuid(6));
        QTest::keyClick(view.treeView(), Qt::Key_F7, Qt::ShiftModifier);
        QCOMPARE(view.currentProvider(), uuid(3));
        // From an unchanged row, F7 goes to the next difference below it.
        QVERIFY(view.selectProvider(uuid(4)));
        QTest::keyClick(view.treeView(), Qt::Key_F7);
        QCOMPARE(view.currentProvider(), uuid(3));
        // The same order with only differences shown.
        view.setOnlyDifferences(true);
        QVERIFY(view.selectProvider(uuid(2)));
        QVERIFY(view.nextDifference());
        QCOMPARE(view.currentProvider(), uuid(3));
        QVERIFY(view.selectProvider(uuid(8)));
        QVERIFY(!view.previousDifference());
        QCOMPARE(view.currentProvider(), uuid(8));
    }

    void summaryCountsEachKind()
    {
        CompareView view;
        setUpDiff(view);
        QCOMPARE(view.summaryText(),
                 QStringLiteral("1 added, 2 removed, 1 changed, 1 moved, 3 unchanged"));
        const QToolButton *added = view.legend()->chip(DiffStatus::Added);
        QVERIFY(added);
        QCOMPARE(added->objectName(), QStringLiteral("legend-added"));
        QCOMPARE(added->text(), QStringLiteral("added: 1"));
        QVERIFY(added->styleSheet().contains(CompareView::statusColor(DiffStatus::Added).name()));
        QCOMPARE(view.legend()->chip(DiffStatus::Removed)->text(), QStringLiteral("removed: 2"));
    }

    void sideBySideMarksChangedCells()
    {
        CompareView view;
        setUpDiff(view);
        QVERIFY(view.selectProvider(uuid(2)));
        const QTableWidget &table = *view.inventoryTable();
        QCOMPARE(table.rowCount(), 2 * 7); // MEMORY_MB and VCPU, six fields and "used"
        const int total = tableRow(table, QStringLiteral("VCPU"), QStringLiteral("total"));
        QVERIFY(total >= 0);
        QCOMPARE(table.item(total, CompareView::OldColumn)->text(), QStringLiteral("8"));
        QCOMPARE(table.item(total, CompareView::NewColumn)->text(), QStringLiteral("16"));
        QCOMPARE(table.item(total, CompareView::OldColumn)->background().color(), CompareView::changedCellColor());
        QCOMPARE(table.item(total, CompareView::NewColumn)->background().color(), CompareView::changedCellColor());
        const int reserved = tableRow(table, QStringLiteral("MEMORY_MB"), QStringLiteral("reserved"));
        QCOMPARE(table.item(reserved, CompareView::OldColumn)->text(), QStringLiteral("512"));
        QCOMPARE(table.item(reserved, CompareView::NewColumn)->background().style(), Qt::NoBrush);

        QCOMPARE(listTexts(*view.traitsList()),
                 QStringList({QStringLiteral("+ CUSTOM_FAST"), QStringLiteral("   HW_NUMA_ROOT")}));
        QCOMPARE(listTexts(*view.aggregatesList()),
                 QStringList({QStringLiteral("   ") + aggregate(1), QStringLiteral("− ") + aggregate(2)}));
        QCOMPARE(view.aggregatesList()->item(1)->background().color(), CompareView::statusColor(DiffStatus::Removed));

        // Only differences: the unchanged fields go too.
        view.setOnlyDifferences(true);
        QCOMPARE(view.currentProvider(), uuid(2));
        QCOMPARE(table.rowCount(), 1);
        QCOMPARE(table.item(0, CompareView::ClassColumn)->text(), QStringLiteral("VCPU"));
        QCOMPARE(table.item(0, CompareView::NewColumn)->text(), QStringLiteral("16"));
        view.setOnlyDifferences(false);
        QCOMPARE(table.rowCount(), 2 * 7);

        // A removed provider: old values only, nothing marked as changed.
        QVERIFY(view.selectProvider(uuid(6)));
        QCOMPARE(view.inventoryTable()->rowCount(), 0);
        QVERIFY(view.selectProvider(uuid(5)));
        QCOMPARE(view.inventoryTable()->item(0, CompareView::NewColumn)->text(), QStringLiteral("4"));
        QVERIFY(!view.revertButton()->isVisibleTo(&view)); // no editor: read-only
    }

    void revertIsUndoable()
    {
        ProviderTree tree;
        QVERIFY(tree.replaceAll(oldState()).ok());
        const QList<ProviderData> onDisk = tree.allData();
        TreeEditor editor(tree);
        // The user's unsaved edits.
        QVERIFY(editor.setInventoryField(uuid(2), QStringLiteral("VCPU"), InventoryField::Total, 16).ok());
        QVERIFY(editor.setInventoryField(uuid(2), QStringLiteral("MEMORY_MB"), InventoryField::Reserved, 4000).ok());
        QVERIFY(editor.addTrait(uuid(2), QStringLiteral("CUSTOM_FAST")).ok());
        QVERIFY(editor.removeAggregate(uuid(2), aggregate(2)).ok());
        QVERIFY(editor.setUsage(uuid(2), QStringLiteral("VCPU"), 12).ok());
        QVERIFY(editor.addResourceClass(uuid(2), QStringLiteral("PCPU"), record(4)).ok());
        QVERIFY(editor.setUsage(uuid(2), QStringLiteral("PCPU"), 3).ok());
        QVERIFY(editor.rename(uuid(2), QStringLiteral("numa-zero")).ok());
        QVERIFY(editor.setInventoryField(uuid(5), QStringLiteral("VGPU"), InventoryField::Total, 8).ok());
        QVERIFY(editor.reparent(uuid(3), uuid(4)).ok());
        QVERIFY(editor.addProvider(QStringLiteral("cn-a_new"), uuid(1)).ok());
        // Reverting MEMORY_MB must put total back before reserved can go up... and the
        // other way round: total down to 4096 needs reserved back to 512 first.
        QVERIFY(editor.setInventoryField(uuid(2), QStringLiteral("MEMORY_MB"), InventoryField::Total, 8192).ok());
        QVERIFY(editor.setInventoryField(uuid(2), QStringLiteral("MEMORY_MB"), InventoryField::Reserved, 6000).ok());

        CompareView view;
        view.setStateNames(QStringLiteral("on disk"), QStringLiteral("edited"));
        view.setEditor(&editor);
        const auto refresh = [&] {
            const QList<ProviderData> now = tree.allData();
            view.setDiff(TreeDiff::compute(onDisk, now), onDisk, now);
        };
        connect(&view, &CompareView::refreshRequested, &view, refresh);
        refresh();
        QCOMPARE(view.summaryText(), QStringLiteral("1 added, 0 removed, 2 changed, 1 moved, 4 unchanged"));

        QVERIFY(view.selectProvider(uuid(2)));
        QVERIFY(view.revertButton()->isVisibleTo(&view));
        QVERIFY(view.revertButton()->isEnabled());
        const int steps = editor.undoStack()->count();
        QSignalSpy refreshes(&view, &CompareView::refreshRequested);
        view.revertButton()->click();
        QCOMPARE(refreshes.size(), 1);
        QCOMPARE(editor.undoStack()->count(), steps + 1); // one undo step

        ProviderData reverted = *tree.data(uuid(2));
        ProviderData expected = onDisk.at(1);
        expected.generation = reverted.generation;
        QCOMPARE(reverted, expected);
        QCOMPARE(row(view, uuid(2)).data(DiffModel::StatusRole).toInt(), int(DiffStatus::Unchanged));
        QCOMPARE(view.currentProvider(), uuid(2)); // still selected after the refresh
        // The other differences stay.
        QCOMPARE(row(view, uuid(5)).data(DiffModel::StatusRole).toInt(), int(DiffStatus::Changed));

        editor.undoStack()->undo();
        QCOMPARE(tree.data(uuid(2))->name, QStringLiteral("numa-zero"));
        QCOMPARE(tree.data(uuid(2))->inventories.value(QStringLiteral("VCPU")).total, 16);
        QCOMPARE(row(view, uuid(2)).data(DiffModel::StatusRole).toInt(), int(DiffStatus::Changed));
        editor.undoStack()->redo();
        QCOMPARE(tree.data(uuid(2))->name, QStringLiteral("cn-a_numa0"));

        // A moved provider goes back under its old parent; an added one is removed.
        QVERIFY(view.selectProvider(uuid(3)));
        QVERIFY(view.revertCurrent().ok());
        QCOMPARE(tree.data(uuid(3))->parentUuid, uuid(1));
        const QString added = row(view, uuid(1)).model()->index(0, 0, row(view, uuid(1))).data(DiffModel::UuidRole).toString();
        QVERIFY(view.selectProvider(added));
        QCOMPARE(row(view, added).data(DiffModel::StatusRole).toInt(), int(DiffStatus::Added));
        QVERIFY(view.revertCurrent().ok());
        QVERIFY(!tree.exists(added));
        QCOMPARE(view.summaryText(), QStringLiteral("0 added, 0 removed, 1 changed, 0 moved, 6 unchanged"));
        editor.undoStack()->undo();
        QVERIFY(tree.exists(added));
        QCOMPARE(view.summaryText(), QStringLiteral("1 added, 0 removed, 1 changed, 0 moved, 6 unchanged"));
    }

    // What the core would refuse for a reason the window can see disables the button, and
    // the window says why by name; what it cannot see (a change behind its back) is
    // refused by the core, reported by name, and changes nothing.
    void revertThatCannotWorkSaysWhy()
    {
        ProviderTree tree;
        QVERIFY(tree.replaceAll(oldState()).ok());
        const QList<ProviderData> onDisk = tree.allData();
        TreeEditor editor(tree);
        QVERIFY(editor.addTrait(uuid(2), QStringLiteral("CUSTOM_FAST")).ok());
        // The old name is taken now: the rename back would be refused.
        QVERIFY(editor.rename(uuid(2), QStringLiteral("numa-zero")).ok());
        QVERIFY(editor.rename(uuid(3), QStringLiteral("cn-a_numa0")).ok());
        CompareView view;
        QStringList refusals;
        view.setPrompts({{}, [&](const QString &, const QString &summary, const QStringList &details) {
                             refusals.append(summary + u'|' + details.join(u'|'));
                         }});
        view.setEditor(&editor);
        const QList<ProviderData> now = tree.allData();
        view.setDiff(TreeDiff::compute(onDisk, now), onDisk, now);
        QVERIFY(view.selectProvider(uuid(2)));
        QVERIFY(!view.revertButton()->isEnabled());
        QCOMPARE(view.revertNote(),
                 QStringLiteral("numa-zero cannot be reverted: another provider is called cn-a_numa0 now. Rename it first."));
        const ProviderData edited = *tree.data(uuid(2));
        QCOMPARE(view.revertCurrent().firstError().kind, ProblemKind::Refused);
        QCOMPARE(*tree.data(uuid(2)), edited);

        // Changed behind the window's back (no undo step: the window was not told).
        QVERIFY(view.selectProvider(uuid(3)));
        QVERIFY(tree.addTraits(uuid(3), {QStringLiteral("CUSTOM_ELSEWHERE")}).ok());
        QVERIFY(view.revertButton()->isEnabled());
        QSignalSpy failed(&view, &CompareView::revertFailed);
        view.revertButton()->click();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.constFirst().constFirst().value<Status>().firstError().kind, ProblemKind::ConcurrentChange);
        QCOMPARE(refusals.size(), 1);
        QCOMPARE(refusals.constFirst(), QStringLiteral("cn-a_numa0 could not be reverted.|cn-a_numa0: it changed since "
                                                       "the window showed it; look at it again."));
        QVERIFY2(!refusals.constFirst().contains(uuid(3)), qPrintable(refusals.constFirst()));
        QCOMPARE(tree.data(uuid(3))->name, QStringLiteral("cn-a_numa0"));
    }

    // A removed subtree comes back whole, as one undo step; a removed child whose parent is
    // gone too brings its parent back after asking, naming it.
    void removedProvidersAreRestoredWhole()
    {
        ProviderTree tree;
        QVERIFY(tree.replaceAll(oldState()).ok());
        const QList<ProviderData> onDisk = tree.allData();
        const ProviderData six = *tree.data(uuid(6));
        const ProviderData seven = *tree.data(uuid(7));
        QCOMPARE(seven.parentUuid, uuid(6));
        TreeEditor editor(tree);
        QVERIFY(editor.removeSubtree(uuid(6)).ok());
        CompareView view;
        QStringList questions;
        bool answer = false;
        view.setPrompts({[&](const QString &, const QString &question) {
                             questions.append(question);
                             return answer;
                         },
                         {}});
        view.setEditor(&editor);
        const auto refresh = [&] {
            const QList<ProviderData> now = tree.allData();
            view.setDiff(TreeDiff::compute(onDisk, now), onDisk, now);
        };
        connect(&view, &CompareView::refreshRequested, &view, refresh);
        refresh();

        // The child first: its parent comes with it, after asking.
        QVERIFY(view.selectProvider(uuid(7)));
        QVERIFY(view.revertButton()->isEnabled());
        QCOMPARE(view.revertButton()->text(), QStringLiteral("&Restore from old…"));
        QCOMPARE(view.revertCurrent().firstError().kind, ProblemKind::Cancelled); // "no"
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.constFirst().startsWith(QStringLiteral("cn-c_child was removed with cn-c above it.")),
                 qPrintable(questions.constFirst()));
        QVERIFY(!tree.exists(uuid(6)) && !tree.exists(uuid(7)));
        answer = true;
        const int steps = editor.undoStack()->count();
        QVERIFY(view.revertCurrent().ok());
        QCOMPARE(editor.undoStack()->count(), steps + 1);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Restore cn-c_child with cn-c"));
        QCOMPARE(*tree.data(uuid(6)), six);
        QCOMPARE(*tree.data(uuid(7)), seven);
        editor.undoStack()->undo();
        QVERIFY(!tree.exists(uuid(6)) && !tree.exists(uuid(7)));

        // The root: its whole removed subtree, without a question.
        QVERIFY(view.selectProvider(uuid(6)));
        QCOMPARE(view.revertNote(), QStringLiteral("Restores cn-c with its 1 removed descendant as they are in old."));
        QVERIFY(view.revertCurrent().ok());
        QCOMPARE(questions.size(), 2);
        QCOMPARE(tree.allData(), onDisk);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Restore cn-c and 1 descendant"));
        editor.undoStack()->undo();
        QVERIFY(!tree.exists(uuid(6)) && !tree.exists(uuid(7)));
    }

    // The wiring in app/: File > Show Unsaved Changes, Compare with File…, --compare.
    void inspectorOpensComparisons()
    {
        const QString path = writableSample(QStringLiteral("tree.json"));
        QVERIFY(!path.isEmpty());
        Inspector inspector;
        QVERIFY(inspector.open(path).ok());
        MainWindow *window = inspector.window();
        QVERIFY(!window->unsavedChangesAction()->isEnabled());

        const QString cn01 = inspector.tree().data(QStringLiteral("cn-01"))->uuid;
        const ProviderData saved = *inspector.tree().data(cn01);
        QVERIFY(window->editor()->addTrait(cn01, QStringLiteral("CUSTOM_MAINTENANCE")).ok());
        QVERIFY(window->unsavedChangesAction()->isEnabled());
        window->unsavedChangesAction()->trigger();
        CompareView *view = inspector.compareView();
        QVERIFY(view);
        QVERIFY(view->isWindow());
        QCOMPARE(view->editor(), window->editor());
        QCOMPARE(view->summaryText(), QStringLiteral("0 added, 0 removed, 1 changed, 0 moved, 29 unchanged"));

        // A revert in the compare window is an edit of the document: undoable, and both
        // windows follow it.
        QVERIFY(view->selectProvider(cn01));
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
        QVERIFY(view->grab().save(QCoreApplication::applicationDirPath() + QStringLiteral("/unsavedchanges.png")));
        view->revertButton()->click();
        QCOMPARE(inspector.tree().data(cn01)->traits, saved.traits);
        QVERIFY(!inspector.compareView()->model()->indexForUuid(cn01).data(DiffModel::IsDifferenceRole).toBool());
        window->undoAction()->trigger();
        QVERIFY(inspector.tree().data(cn01)->traits.contains(QStringLiteral("CUSTOM_MAINTENANCE")));
        QCOMPARE(view->summaryText(), QStringLiteral("0 added, 0 removed, 1 changed, 0 moved, 29 unchanged"));
        const QString tip = view->model()->indexForUuid(cn01).data(Qt::ToolTipRole).toString();
        QCOMPARE(tip, QStringLiteral("<p>traits +1</p>"));

        // Compare with File…: the chosen file (old) with the tree as it is (new), read-only.
        inspector.setComparePathPrompt([path] { return path; });
        window->compareAction()->trigger();
        CompareView *other = inspector.compareView();
        QVERIFY(other && other != view);
        QVERIFY(!other->editor());
        QCOMPARE(other->summaryText(), QStringLiteral("0 added, 0 removed, 1 changed, 0 moved, 29 unchanged"));

        // Two files; a file that cannot be read opens nothing.
        QVERIFY(inspector.compareFiles(path, path).ok());
        QCOMPARE(inspector.compareView()->summaryText(), QStringLiteral("0 added, 0 removed, 0 changed, 0 moved, 30 unchanged"));
        const Status missing = inspector.compareFiles(path, m_dir.filePath(QStringLiteral("missing.json")));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.firstError().kind, ProblemKind::Io);

        // Saving ends an unsaved-changes comparison (there are none any more).
        window->unsavedChangesAction()->trigger();
        QPointer<CompareView> unsaved = inspector.compareView();
        QVERIFY(unsaved && unsaved->editor());
        QVERIFY(inspector.saveTo(path).ok());
        QVERIFY(!window->unsavedChangesAction()->isEnabled());
        QTRY_VERIFY(!unsaved);
    }

    // A merged tree too large to lay out whole opens collapsed (many roots: nothing open);
    // Next difference opens the way to the first one. A small one opens expanded
    // (onlyDifferencesKeepsAncestors).
    void aLargeMergedTreeOpensCollapsed()
    {
        const QList<ProviderData> before = testsupport::CloudGenerator(4).cloud(CompareView::kExpandAllRows + 500);
        QList<ProviderData> after = before;
        for (qsizetype i = after.size() / 2; i < after.size(); i += 97)
            after[i].name += QStringLiteral("-renamed");
        CompareView view;
        view.setDiff(TreeDiff::compute(before, after), before, after);
        QAbstractItemModel *rows = view.treeView()->model();
        QVERIFY(rows->rowCount() > CompareView::kExpandRootsLimit);
        for (int row = 0; row < rows->rowCount(); ++row)
            QVERIFY(!view.treeView()->isExpanded(rows->index(row, 0)));
        QVERIFY(view.nextAction()->isEnabled());
        QVERIFY(view.nextDifference());
        const QModelIndex first = view.treeView()->currentIndex();
        QVERIFY(first.data(DiffModel::IsDifferenceRole).toBool());
        for (QModelIndex up = first.parent(); up.isValid(); up = up.parent())
            QVERIFY(view.treeView()->isExpanded(up));
    }

    // Compare with File… of a file at least the background threshold: read and compared on
    // a worker, the same comparison as at once.
    void compareWithALargeFileRunsOnAWorker()
    {
        const QString path = writableSample(QStringLiteral("large.json"));
        QVERIFY(!path.isEmpty());
        Inspector inspector;
        QVERIFY(inspector.open(path).ok());
        const QString cn01 = inspector.tree().data(QStringLiteral("cn-01"))->uuid;
        QVERIFY(inspector.window()->editor()->addTrait(cn01, QStringLiteral("CUSTOM_MAINTENANCE")).ok());
        inspector.setBackgroundLoadThreshold(0);
        QVERIFY(inspector.compareWithFile(path).ok());
        QVERIFY(inspector.compareView());
        QCOMPARE(inspector.compareView()->summaryText(), QStringLiteral("0 added, 0 removed, 1 changed, 0 moved, 29 unchanged"));
        QVERIFY(inspector.compareView()->model()->indexForUuid(cn01).data(DiffModel::IsDifferenceRole).toBool());
        const Status missing = inspector.compareWithFile(m_dir.filePath(QStringLiteral("missing.json")));
        QCOMPARE(missing.firstError().kind, ProblemKind::Io);
    }

    void screenshot()
    {
        CompareView view;
        view.setStateNames(QStringLiteral("before.json"), QStringLiteral("after.json"));
        setUpDiff(view);
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.selectProvider(uuid(2)));
        const QString path = QCoreApplication::applicationDirPath() + QStringLiteral("/compareview.png");
        QVERIFY(view.grab().save(path));
    }

private:
    // A writable copy of the sample in the test's folder; empty if it cannot be made.
    QString writableSample(const QString &name) const
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(QStringLiteral(PROVTREE_SAMPLE), path))
            return {};
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
