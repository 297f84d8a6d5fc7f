// Undo back to the saved state gives back exactly the saved state (issue 10, defect 5):
// edits made through the inspector's widgets and taken back with Ctrl+Z leave the title
// clean and a Save writes the very bytes that were opened (generations included); redo
// brings every edit back; random edit/undo sequences through the TreeEditor end on the
// exact original records. And for a live document, whose generations are Placement's and
// move outside the undo stack (a push's read-back): undoing an edit keeps Placement's
// generation, so that the next push does not take the provider for one that moved.
#include "inspector.h"
#include "inventorymodel.h"
#include "inventoryview.h"
#include "mainwindow.h"
#include "providertree.h"
#include "snapshotwriter.h"
#include "traitspanel.h"
#include "treeeditor.h"

#include <QApplication>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include "support/cloudgenerator.h"
#include "support/testfiles.h"
#include "support/testrecords.h"

#include <random>

using namespace provtree;
using provtree::testing::readAll;
using provtree::testing::sortedByUuid;
using provtree::testing::writeFile;

namespace {

// A generated cloud whose providers carry generations as Placement reports them (a
// provider edited many times: 38).
QList<ProviderData> cloud(qsizetype size)
{
    testsupport::CloudGenerator generator(7);
    QList<ProviderData> records = generator.cloud(size);
    for (ProviderData &record : records)
        record.generation += 38;
    return records;
}

// The first provider with inventory and no usages anywhere below it (removable), a leaf.
QString removableLeaf(const ProviderTree &tree)
{
    for (const ProviderData &p : tree.allData()) {
        if (!p.inventories.isEmpty() && p.usages.isEmpty() && tree.childUuids(p.uuid).value().isEmpty())
            return p.uuid;
    }
    return {};
}

} // namespace

class TestUndoSavedState : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("provtree-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_undosavedstate"));
    }

    // The user's way: the inventory table, the traits field, F2, Delete; then Ctrl+Z until
    // the title is clean, Ctrl+S; the file holds the bytes it held.
    void undoThroughTheWindowThenSaveGivesTheOpenedBytes()
    {
        const QString path = m_dir.filePath(QStringLiteral("cloud.json"));
        const QByteArray opened = serialiseSnapshot(cloud(300));
        QVERIFY(writeFile(path, opened));
        Inspector inspector;
        QVERIFY(inspector.open(path).ok());
        MainWindow &window = *inspector.window();
        window.setPrompts({[](const QString &, const QString &, const QString &) {
                               return std::optional<QString>(QStringLiteral("renamed-by-test"));
                           },
                           [](const QString &, const QString &) { return true; }});
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        const QString leaf = removableLeaf(inspector.tree());
        QVERIFY(!leaf.isEmpty());
        const ProviderData before = *inspector.tree().data(leaf);
        QVERIFY(before.generation >= 38);
        QVERIFY(window.selectProvider(leaf));

        // An inventory field, edited in place.
        QTableView *table = window.inventoryView()->tableView();
        const QModelIndex total = table->model()->index(0, InventoryModel::TotalColumn);
        const QString resourceClass = table->model()->index(0, InventoryModel::ResourceClassColumn).data().toString();
        const qint64 oldTotal = before.inventories.value(resourceClass).total.value_or(0);
        QVERIFY(oldTotal > 0);
        table->setFocus();
        table->setCurrentIndex(total);
        table->edit(total);
        auto *spin = qobject_cast<QSpinBox *>(QApplication::focusWidget());
        QVERIFY(spin);
        spin->selectAll();
        QTest::keyClicks(spin, QString::number(oldTotal + 7));
        QTest::keyClick(spin, Qt::Key_Enter);
        QTRY_VERIFY(QApplication::focusWidget() == table); // committed and closed
        QCOMPARE(inspector.tree().data(leaf)->inventories.value(resourceClass).total, std::optional<qint64>(oldTotal + 7));
        // A trait, typed into the traits field.
        auto *traitEdit = window.traitsPanel()->findChild<QLineEdit *>(QStringLiteral("traitEdit"));
        QVERIFY(traitEdit);
        traitEdit->setFocus();
        QTest::keyClicks(traitEdit, QStringLiteral("CUSTOM_UNDO_TEST"));
        QTest::keyClick(traitEdit, Qt::Key_Return);
        QVERIFY(inspector.tree().data(leaf)->traits.contains(QStringLiteral("CUSTOM_UNDO_TEST")));
        // F2 and Delete on the tree.
        window.treeView()->setFocus();
        QTest::keyClick(window.treeView(), Qt::Key_F2);
        QCOMPARE(inspector.tree().data(leaf)->name, QStringLiteral("renamed-by-test"));
        QTest::keyClick(window.treeView(), Qt::Key_Delete);
        QVERIFY(!inspector.tree().exists(leaf));
        QVERIFY(window.isWindowModified());
        const QList<ProviderData> edited = inspector.tree().allData();

        for (int i = 0; i < 4; ++i)
            QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!window.isWindowModified());
        QCOMPARE(*inspector.tree().data(leaf), before); // generation included
        QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(readAll(path), opened);

        // Redo brings every edit back, exactly; undo takes them back again.
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(inspector.tree().allData(), edited);
        QVERIFY(window.isWindowModified());
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!window.isWindowModified());
        QCOMPARE(serialiseSnapshot(inspector.tree().allData()), opened);
    }

    // Property: any sequence of editor edits, undone to the start, gives the exact records
    // back; redone to the end, the exact edited records.
    void randomEditsUndoToTheExactRecords_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed = 1; seed <= 12; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }
    void randomEditsUndoToTheExactRecords()
    {
        QFETCH(quint64, seed);
        ProviderTree tree;
        QVERIFY(tree.replaceAll(cloud(120)).ok());
        const QList<ProviderData> original = tree.allData();
        TreeEditor editor(tree);
        std::mt19937_64 random(seed);
        const auto pick = [&](const QStringList &from) { return from.at(qsizetype(random() % quint64(from.size()))); };
        int accepted = 0;
        for (int step = 0; step < 60; ++step) {
            const QStringList uuids = tree.providerUuids();
            const QString uuid = pick(uuids);
            const ProviderData data = *tree.data(uuid);
            Status status;
            switch (random() % 8) {
            case 0: status = editor.rename(uuid, data.name + QStringLiteral("-x%1").arg(step)); break;
            case 1: status = editor.addTrait(uuid, QStringLiteral("CUSTOM_T%1").arg(step)); break;
            case 2: status = data.traits.isEmpty() ? Status() : editor.removeTrait(uuid, data.traits.first()); break;
            case 3:
                status = data.inventories.isEmpty() ? Status()
                       : editor.setInventoryField(uuid, data.inventories.firstKey(), InventoryField::Total,
                                                  double(data.inventories.first().total.value_or(0) + 3));
                break;
            case 4: status = editor.reparent(uuid, pick(uuids)); break;
            case 5: status = editor.removeSubtree(uuid); break;
            case 6: status = editor.addProvider(QStringLiteral("new-%1").arg(step), uuid).status(); break;
            default:
                if (editor.undoStack()->canUndo() && random() % 2)
                    editor.undoStack()->undo(); // an undo in between: the next edit drops the redo
                break;
            }
            accepted += status.ok() ? 1 : 0;
        }
        QVERIFY(accepted > 10);
        QSignalSpy failed(&editor, &TreeEditor::replayFailed);
        while (editor.undoStack()->canRedo()) // a last undo in between
            editor.undoStack()->redo();
        const QList<ProviderData> edited = tree.allData();
        while (editor.undoStack()->canUndo())
            editor.undoStack()->undo();
        // Sibling order means nothing to Placement, and files are written sorted.
        QCOMPARE(sortedByUuid(tree.allData()), sortedByUuid(original));
        QCOMPARE(serialiseSnapshot(tree.allData()), serialiseSnapshot(original));
        QVERIFY(editor.undoStack()->isClean());
        while (editor.undoStack()->canRedo())
            editor.undoStack()->redo();
        QCOMPARE(sortedByUuid(tree.allData()), sortedByUuid(edited));
        QCOMPARE(failed.size(), 0);
    }

    // A live document: the push's read-back gives the edited provider Placement's new
    // generation outside the undo stack. Undoing the edit then keeps that generation: the
    // provider is Placement's at 40 with my edit taken back, not a provider that moved
    // back to 38 (which a push would send as a stale write).
    void undoAfterPlacementMovedTheGenerationKeepsPlacementsGeneration()
    {
        ProviderTree tree;
        QVERIFY(tree.replaceAll(cloud(20)).ok());
        const QString uuid = tree.rootUuids().constFirst();
        QVERIFY(tree.updateTraits(uuid, tree.data(uuid)->traits, 38).ok());
        TreeEditor editor(tree);
        const ProviderData pulled = *tree.data(uuid);
        QVERIFY(editor.addTrait(uuid, QStringLiteral("CUSTOM_PUSHED")).ok());
        // The read-back after the push: Placement's generation, one transaction, no undo step.
        ProviderData placement = *tree.data(uuid);
        placement.generation = 40;
        QVERIFY(tree.apply(TreeEdit().update(placement, ProviderPart::Generation)).ok());
        QCOMPARE(editor.undoStack()->count(), 1);

        editor.undoStack()->undo();
        ProviderData expected = pulled;
        expected.generation = 40;
        QCOMPARE(*tree.data(uuid), expected);
        editor.undoStack()->redo();
        QCOMPARE(*tree.data(uuid), placement);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestUndoSavedState)
#include "tst_undosavedstate.moc"
