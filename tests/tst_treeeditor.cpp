// TreeEditor: each interactive edit is one core call plus one undo command; refused edits
// change nothing and push nothing; undo restores exactly what was there.
#include "providertree.h"
#include "treeeditor.h"

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "support/testuuid.h"

using namespace provtree;

namespace {

using provtree::testing::uuid;

InventoryRecord record(qint64 total)
{
    InventoryRecord r;
    r.total = total;
    return r.effective();
}

// cn-01 (VCPU 32, MEMORY_MB 1024, 4 VCPU used) -> numa0 -> gpu0
void build(ProviderTree &tree)
{
    QVERIFY(tree.newRoot(QStringLiteral("cn-01"), uuid(1)).ok());
    QVERIFY(tree.newChild(QStringLiteral("numa0"), uuid(1), uuid(2)).ok());
    QVERIFY(tree.newChild(QStringLiteral("gpu0"), uuid(2), uuid(3)).ok());
    QVERIFY(tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), record(32)}, {QStringLiteral("MEMORY_MB"), record(1024)}}).ok());
    QVERIFY(tree.updateUsages(uuid(1), {{QStringLiteral("VCPU"), 4}}).ok());
    QVERIFY(tree.updateInventory(uuid(3), {{QStringLiteral("VGPU"), record(4)}}).ok());
    QVERIFY(tree.updateTraits(uuid(3), {QStringLiteral("CUSTOM_NVIDIA_A100")}).ok());
    QVERIFY(tree.updateAggregates(uuid(2), {uuid(100)}).ok());
}

} // namespace

class TestTreeEditor : public QObject
{
    Q_OBJECT

private slots:
    void setFieldUndoRedo()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        QVERIFY(editor.setInventoryField(uuid(1), QStringLiteral("VCPU"), InventoryField::Total, 64).ok());
        QCOMPARE(*tree.data(uuid(1))->inventories.value(QStringLiteral("VCPU")).total, 64);
        QCOMPARE(editor.undoStack()->count(), 1);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Set VCPU total on cn-01 to 64"));
        editor.undoStack()->undo();
        QCOMPARE(*tree.data(uuid(1))->inventories.value(QStringLiteral("VCPU")).total, 32);
        editor.undoStack()->redo();
        QCOMPARE(*tree.data(uuid(1))->inventories.value(QStringLiteral("VCPU")).total, 64);
        QVERIFY(editor.setInventoryField(uuid(1), QStringLiteral("VCPU"), InventoryField::AllocationRatio, 4.5).ok());
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Set VCPU allocation_ratio on cn-01 to 4.5"));
    }

    void refusedEditChangesNothing_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<double>("value");
        QTest::newRow("reserved above total") << int(InventoryField::Reserved) << 33.0;
        QTest::newRow("total zero") << int(InventoryField::Total) << 0.0;
        QTest::newRow("min_unit zero") << int(InventoryField::MinUnit) << 0.0;
        QTest::newRow("huge") << int(InventoryField::Total) << 1e30;
    }
    void refusedEditChangesNothing()
    {
        QFETCH(int, field);
        QFETCH(double, value);
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        const ProviderData before = *tree.data(uuid(1));
        const Status status = editor.setInventoryField(uuid(1), QStringLiteral("VCPU"), InventoryField(field), value);
        QVERIFY(!status.ok());
        QVERIFY(!status.firstError().message.isEmpty());
        QCOMPARE(*tree.data(uuid(1)), before);
        QCOMPARE(editor.undoStack()->count(), 0);
    }

    void resourceClasses()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        QVERIFY(editor.addResourceClass(uuid(1), QStringLiteral("DISK_GB"), record(100)).ok());
        QVERIFY(tree.data(uuid(1))->inventories.contains(QStringLiteral("DISK_GB")));
        QVERIFY(!editor.addResourceClass(uuid(1), QStringLiteral("bogus"), record(1)).ok());
        QCOMPARE(editor.removeResourceClass(uuid(1), QStringLiteral("VCPU")).firstError().kind, ProblemKind::InventoryInUse);
        QVERIFY(editor.removeResourceClass(uuid(1), QStringLiteral("MEMORY_MB")).ok());
        QCOMPARE(editor.undoStack()->count(), 2);
        editor.undoStack()->undo();
        editor.undoStack()->undo();
        QCOMPARE(tree.data(uuid(1))->inventories.keys(), (QStringList{QStringLiteral("MEMORY_MB"), QStringLiteral("VCPU")}));
    }

    void traitsAndAggregates()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        QVERIFY(editor.addTrait(uuid(2), QStringLiteral("HW_NUMA_ROOT")).ok());
        QVERIFY(editor.removeTrait(uuid(3), QStringLiteral("CUSTOM_NVIDIA_A100")).ok());
        QVERIFY(!editor.addTrait(uuid(3), QStringLiteral("lower_case")).ok());
        QVERIFY(editor.addAggregate(uuid(3), uuid(101).toUpper()).ok());
        QVERIFY(!editor.addAggregate(uuid(3), QStringLiteral("not-a-uuid")).ok());
        QVERIFY(editor.removeAggregate(uuid(2), uuid(100)).ok());
        QCOMPARE(tree.data(uuid(3))->aggregates, QStringList{uuid(101)});
        QCOMPARE(editor.undoStack()->count(), 4);
        while (editor.undoStack()->canUndo())
            editor.undoStack()->undo();
        QCOMPARE(tree.data(uuid(2))->traits, QStringList());
        QCOMPARE(tree.data(uuid(3))->traits, QStringList{QStringLiteral("CUSTOM_NVIDIA_A100")});
        QCOMPARE(tree.data(uuid(2))->aggregates, QStringList{uuid(100)});
        QCOMPARE(tree.data(uuid(3))->aggregates, QStringList());
    }

    void removeSubtreeUndoRestoresEverything()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        const QList<ProviderData> before = tree.allData();
        QVERIFY(editor.removeSubtree(uuid(2)).ok());
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Remove numa0 and 1 descendant"));
        QCOMPARE(tree.size(), 1);
        editor.undoStack()->undo();
        QCOMPARE(tree.allData(), before);
        editor.undoStack()->redo();
        QCOMPARE(tree.size(), 1);
    }

    void restoreProviderPutsBackTheRecord()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        const ProviderData gpu = *tree.data(uuid(3));
        QVERIFY(tree.remove(uuid(3)).ok()); // e.g. gone since the file was saved
        QVERIFY(editor.restoreProvider(gpu).ok());
        QCOMPARE(*tree.data(uuid(3)), gpu);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Restore gpu0"));
        QCOMPARE(editor.restoreProvider(gpu).firstError().kind, ProblemKind::DuplicateUuid);
        editor.undoStack()->undo();
        QVERIFY(!tree.exists(uuid(3)));
        editor.undoStack()->redo();
        QCOMPARE(*tree.data(uuid(3)), gpu);
        ProviderData orphan = gpu;
        orphan.uuid = uuid(4);
        orphan.name = QStringLiteral("orphan");
        orphan.parentUuid = uuid(99);
        QCOMPARE(editor.restoreProvider(orphan).firstError().kind, ProblemKind::UnknownParent);
        QCOMPARE(editor.undoStack()->count(), 1);
    }

    // A removed subtree comes back whole, with the ancestors it needs, in one transaction
    // and one undo step; refused as a whole if one record cannot come back.
    void restoreProvidersIsOneStep()
    {
        ProviderTree tree;
        build(tree);
        QVERIFY(tree.newChild(QStringLiteral("numa1"), uuid(1), uuid(4)).ok());
        TreeEditor editor(tree);
        const QList<ProviderData> before = tree.allData();
        const QList<ProviderData> subtree = {*tree.data(uuid(2)), *tree.data(uuid(3))};
        QVERIFY(tree.remove(uuid(2)).ok());
        QSignalSpy changes(&editor, &TreeEditor::replayFailed);
        const quint64 sequence = tree.lastSequence();
        QVERIFY(editor.restoreProviders(subtree, QStringLiteral("Restore numa0 and 1 descendant")).ok());
        QCOMPARE(tree.lastSequence(), sequence + 1); // one transaction
        QCOMPARE(editor.undoStack()->count(), 1);
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Restore numa0 and 1 descendant"));
        QCOMPARE(*tree.data(uuid(2)), subtree.at(0));
        QCOMPARE(*tree.data(uuid(3)), subtree.at(1));
        editor.undoStack()->undo();
        QVERIFY(!tree.exists(uuid(2)) && !tree.exists(uuid(3)));
        QCOMPARE(tree.lastSequence(), sequence + 2);
        QVERIFY(tree.exists(uuid(4)));
        editor.undoStack()->redo();
        QCOMPARE(tree.size(), before.size());
        QCOMPARE(changes.size(), 0);

        // All or nothing: the second record's name is taken now.
        editor.undoStack()->undo();
        QVERIFY(editor.rename(uuid(4), QStringLiteral("gpu0")).ok());
        const int steps = editor.undoStack()->count();
        QCOMPARE(editor.restoreProviders(subtree, QStringLiteral("Restore")).firstError().kind, ProblemKind::DuplicateName);
        QVERIFY(!tree.exists(uuid(2)));
        QCOMPARE(editor.undoStack()->count(), steps);
    }

    void structureUndo()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        const auto added = editor.addProvider(QStringLiteral("nic0"), uuid(1));
        QVERIFY(added.ok());
        QVERIFY(editor.rename(added.value(), QStringLiteral("nic-renamed")).ok());
        QVERIFY(editor.reparent(uuid(3), uuid(1)).ok());
        QVERIFY(!editor.reparent(uuid(1), uuid(3)).ok()); // a cycle: refused, not pushed
        QVERIFY(!editor.rename(uuid(2), QStringLiteral("cn-01")).ok());
        QCOMPARE(editor.undoStack()->count(), 3);
        editor.undoStack()->undo();
        QCOMPARE(tree.data(uuid(3))->parentUuid, uuid(2));
        editor.undoStack()->undo();
        QCOMPARE(tree.data(added.value())->name, QStringLiteral("nic0"));
        editor.undoStack()->undo();
        QVERIFY(!tree.exists(added.value()));
        editor.undoStack()->redo();
        QCOMPARE(tree.data(added.value())->parentUuid, uuid(1)); // same uuid again
    }

    void undoBackToTheSavedStateGivesItBackExactly()
    {
        // Generations are Placement's: edits and their undo never change them, so undoing
        // every edit restores the state as saved, generations included.
        ProviderTree tree;
        build(tree);
        QVERIFY(tree.updateTraits(uuid(1), {}, 38).ok()); // as Placement reported it
        TreeEditor editor(tree);
        const QList<ProviderData> saved = tree.allData();
        QVERIFY(editor.setInventoryField(uuid(1), QStringLiteral("VCPU"), InventoryField::Total, 64).ok());
        QVERIFY(editor.addTrait(uuid(1), QStringLiteral("CUSTOM_A")).ok());
        QVERIFY(editor.rename(uuid(1), QStringLiteral("cn-renamed")).ok());
        QVERIFY(editor.reparent(uuid(3), uuid(1)).ok());
        QVERIFY(editor.removeSubtree(uuid(3)).ok());
        QCOMPARE(tree.data(uuid(1))->generation, 38);
        while (editor.undoStack()->canUndo())
            editor.undoStack()->undo();
        QCOMPARE(tree.allData(), saved);
    }

    void removingAProviderInUseIsRefusedLikePlacement()
    {
        ProviderTree tree;
        build(tree); // cn-01 has 4 VCPU in use
        TreeEditor editor(tree);
        const QList<ProviderData> before = tree.allData();
        const Status refused = editor.removeSubtree(uuid(1));
        QCOMPARE(refused.firstError().kind, ProblemKind::ProviderInUse);
        QVERIFY2(refused.firstError().message.contains(QStringLiteral("allocations")),
                 qPrintable(refused.firstError().message));
        QCOMPARE(tree.allData(), before);
        QCOMPARE(editor.undoStack()->count(), 0);
        QVERIFY(editor.setUsage(uuid(1), QStringLiteral("VCPU"), 0).ok()); // clearing usages first works
        QVERIFY(editor.removeSubtree(uuid(1)).ok());
        QCOMPARE(tree.size(), 0);
    }

    void anEditOfSeveralPartsIsAllOrNothing()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        const QList<ProviderData> before = tree.allData();
        const ProviderData shown = *tree.data(uuid(3));
        ProviderData target = shown;
        target.name = QStringLiteral("gpu-renamed");
        target.inventories[QStringLiteral("VGPU")] = record(8);
        target.traits = {QStringLiteral("lower-case is no trait")}; // refused by Placement's rules
        QCOMPARE(editor.setProvider(shown, target, QStringLiteral("Revert")).firstError().kind,
                 ProblemKind::InvalidTrait);
        QCOMPARE(tree.allData(), before); // neither the name nor the inventory changed
        QCOMPARE(editor.undoStack()->count(), 0);

        target.traits = shown.traits;
        QVERIFY(tree.addTraits(uuid(3), {QStringLiteral("CUSTOM_OTHER")}).ok()); // someone else
        QCOMPARE(editor.setProvider(shown, target, QStringLiteral("Revert")).firstError().kind,
                 ProblemKind::ConcurrentChange);
        QCOMPARE(tree.data(uuid(3))->name, QStringLiteral("gpu0"));

        const ProviderData now = *tree.data(uuid(3));
        QVERIFY(editor.setProvider(now, target, QStringLiteral("Revert gpu0")).ok());
        QCOMPARE(*tree.data(uuid(3)), target);
        QCOMPARE(editor.undoStack()->count(), 1);
        editor.undoStack()->undo();
        QCOMPARE(*tree.data(uuid(3)), now);
    }

    void replayThatNoLongerAppliesIsReported()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        QSignalSpy failed(&editor, &TreeEditor::replayFailed);
        QVERIFY(editor.rename(uuid(2), QStringLiteral("numa-a")).ok());
        QVERIFY(tree.newRoot(QStringLiteral("numa0"), uuid(9)).ok()); // someone takes the old name
        editor.undoStack()->undo();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(tree.data(uuid(2))->name, QStringLiteral("numa-a"));
    }
};

QTEST_GUILESS_MAIN(TestTreeEditor)
#include "tst_treeeditor.moc"
