// The traits and aggregates panels: they show the provider's list from the core, edit it
// only through the TreeEditor (one undo command per edit), show the core's refusals,
// follow changes made by any path (undo, other threads), and list the other providers
// that share the current trait or aggregate.
#include "aggregatespanel.h"
#include "providertree.h"
#include "traitspanel.h"
#include "treeeditor.h"
#include "validation.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <thread>

#include "support/testuuid.h"

using namespace provtree;

namespace {

using provtree::testing::uuid;

QString str(const char *text)
{
    return QString::fromLatin1(text);
}

// The storage aggregate joins cn-01, cn-02 and the pool; the rack aggregate only cn-02.
const QString kStorage = str("5a5a5a5a-0000-4000-8000-00000000000a");
const QString kRack = str("b0b0b0b0-0000-4000-8000-00000000000b");

// cn-01 (1)  COMPUTE_NODE HW_CPU_X86_AVX2          storage
// cn-02 (2)  COMPUTE_NODE CUSTOM_GOLD              storage, rack
// pool  (3)  MISC_SHARES_VIA_AGGREGATE             storage
// spare (4)  (nothing)
void build(ProviderTree &tree)
{
    QVERIFY(tree.newRoot(str("cn-01"), uuid(1)).ok());
    QVERIFY(tree.newRoot(str("cn-02"), uuid(2)).ok());
    QVERIFY(tree.newRoot(str("pool"), uuid(3)).ok());
    QVERIFY(tree.newRoot(str("spare"), uuid(4)).ok());
    QVERIFY(tree.updateTraits(uuid(1), {str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2")}).ok());
    QVERIFY(tree.updateTraits(uuid(2), {str("COMPUTE_NODE"), str("CUSTOM_GOLD")}).ok());
    QVERIFY(tree.updateTraits(uuid(3), {str("MISC_SHARES_VIA_AGGREGATE")}).ok());
    QVERIFY(tree.updateAggregates(uuid(1), {kStorage}).ok());
    QVERIFY(tree.updateAggregates(uuid(2), {kStorage, kRack}).ok());
    QVERIFY(tree.updateAggregates(uuid(3), {kStorage}).ok());
}

template <typename T>
T *child(const QWidget &panel, const char *name)
{
    T *widget = panel.findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("panel has no child %s", name);
    return widget;
}

// The (name, uuid) rows of the "other providers" list.
QStringList otherRows(const QWidget &panel)
{
    const auto *others = child<QTreeWidget>(panel, "otherProviders");
    QStringList rows;
    for (int i = 0; i < others->topLevelItemCount(); ++i)
        rows.append(others->topLevelItem(i)->text(0) + u' ' + others->topLevelItem(i)->text(1));
    return rows;
}

QString row(const char *name, const QString &uuid)
{
    return QString::fromLatin1(name) + u' ' + uuid;
}

void selectOnly(QListWidget *list, const QStringList &texts)
{
    list->clearSelection();
    for (const QString &text : texts) {
        const QList<QListWidgetItem *> found = list->findItems(text, Qt::MatchExactly);
        QVERIFY2(!found.isEmpty(), qPrintable(text));
        list->setCurrentItem(found.first(), QItemSelectionModel::Select);
    }
}

QStringList completions(const QCompleter *completer)
{
    QStringList out;
    const QAbstractItemModel *model = completer->model();
    for (int row = 0; row < model->rowCount(); ++row)
        out.append(model->index(row, 0).data().toString());
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------

class TestTraitsPanel : public QObject
{
    Q_OBJECT

private slots:
    void showsTheProvidersTraits()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        QVERIFY(panel.isEnabled());
        QCOMPARE(panel.traits(), (QStringList{str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2")}));
        QCOMPARE(child<QListWidget>(panel, "traitList")->count(), 2);
        panel.setProvider(uuid(4));
        QVERIFY(panel.traits().isEmpty());
        QVERIFY(panel.isEnabled());
    }

    void noProviderDisablesThePanel()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        QVERIFY(!panel.isEnabled());
        panel.setProvider(uuid(1));
        QVERIFY(panel.isEnabled());
        panel.setProvider({});
        QVERIFY(!panel.isEnabled());
        QVERIFY(panel.traits().isEmpty());
        panel.setProvider(uuid(99)); // not in the tree
        QVERIFY(!panel.isEnabled());
    }

    void typingAndEnterAdds()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        auto *list = child<QListWidget>(panel, "traitList");
        selectOnly(list, {str("COMPUTE_NODE")});
        auto *edit = child<QLineEdit>(panel, "traitEdit");
        QTest::keyClicks(edit, str("HW_CPU_X86_SSE42"));
        QTest::keyClick(edit, Qt::Key_Return);
        const QStringList expected{str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2"), str("HW_CPU_X86_SSE42")};
        QCOMPARE(tree.data(uuid(1))->traits, expected);
        QCOMPARE(panel.traits(), expected);
        QCOMPARE(panel.currentTrait(), str("HW_CPU_X86_SSE42"));
        QCOMPARE(list->selectedItems().size(), 1); // the new one alone
        QCOMPARE(list->selectedItems().first()->text(), str("HW_CPU_X86_SSE42"));
        QCOMPARE(editor.undoStack()->count(), 1);
        QCOMPARE(editor.undoStack()->undoText(), str("Add trait HW_CPU_X86_SSE42 to cn-01"));
        QVERIFY(edit->text().isEmpty());
        QVERIFY(panel.message().isEmpty());
    }

    void addButtonAdds()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(4));
        auto *add = child<QPushButton>(panel, "addButton");
        QVERIFY(!add->isEnabled()); // nothing typed
        child<QLineEdit>(panel, "traitEdit")->setText(str("CUSTOM_SPARE"));
        QVERIFY(add->isEnabled());
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(tree.data(uuid(4))->traits, QStringList{str("CUSTOM_SPARE")});
        QCOMPARE(panel.traits(), QStringList{str("CUSTOM_SPARE")});
        QCOMPARE(editor.undoStack()->count(), 1);
    }

    void invalidTraitShowsTheCoresMessageAndChangesNothing_data()
    {
        QTest::addColumn<QString>("trait");
        QTest::newRow("lower case") << str("hw_cpu_x86_avx2");
        QTest::newRow("space") << str("CUSTOM_TWO WORDS");
        QTest::newRow("custom prefix only") << str("CUSTOM_");
        QTest::newRow("too long") << str("CUSTOM_") + QString(300, u'X');
    }

    void invalidTraitShowsTheCoresMessageAndChangesNothing()
    {
        QFETCH(QString, trait);
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        const ProviderData before = *tree.data(uuid(1));
        const quint64 sequence = tree.lastSequence();
        auto *edit = child<QLineEdit>(panel, "traitEdit");
        edit->setText(trait);
        QTest::keyClick(edit, Qt::Key_Return);

        const Status refusal = tree.addTraits(uuid(1), {trait}); // what the core says
        QVERIFY(!refusal.ok());
        QCOMPARE(panel.message(), refusal.firstError().message);
        QVERIFY(!child<QLabel>(panel, "messageLabel")->isHidden());
        QCOMPARE(*tree.data(uuid(1)), before);
        QCOMPARE(tree.lastSequence(), sequence);
        QCOMPARE(editor.undoStack()->count(), 0);
        QCOMPARE(edit->text(), trait); // kept, to be corrected
        QCOMPARE(panel.traits(), before.traits);
    }

    void unknownStandardFormTraitIsAcceptedWithAWarning()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(4));
        auto *edit = child<QLineEdit>(panel, "traitEdit");
        edit->setText(str("HW_CPU_X86_FUTURE_THING"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(tree.data(uuid(4))->traits, QStringList{str("HW_CPU_X86_FUTURE_THING")});
        QCOMPARE(panel.traits(), QStringList{str("HW_CPU_X86_FUTURE_THING")});
        const Problems warnings = validation::checkTrait(u"HW_CPU_X86_FUTURE_THING", uuid(4));
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.first().severity, Severity::Warning);
        QCOMPARE(panel.message(), warnings.first().message);
        // The next accepted edit clears it: its warning was about the trait added then.
        edit->setText(str("COMPUTE_NODE"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(panel.traits(), (QStringList{str("COMPUTE_NODE"), str("HW_CPU_X86_FUTURE_THING")}));
        QVERIFY(panel.message().isEmpty());
        QVERIFY(child<QLabel>(panel, "messageLabel")->isHidden());
    }

    void deleteKeyRemovesTheSelectedTraits()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        auto *list = child<QListWidget>(panel, "traitList");
        selectOnly(list, {str("HW_CPU_X86_AVX2")});
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(tree.data(uuid(1))->traits, QStringList{str("COMPUTE_NODE")});
        QCOMPARE(panel.traits(), QStringList{str("COMPUTE_NODE")});
        QCOMPARE(editor.undoStack()->count(), 1);
        QCOMPARE(editor.undoStack()->undoText(), str("Remove trait HW_CPU_X86_AVX2 from cn-01"));
    }

    void removeButtonRemovesSeveralInOneUndoStep()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        auto *list = child<QListWidget>(panel, "traitList");
        auto *remove = child<QPushButton>(panel, "removeButton");
        list->clearSelection();
        QVERIFY(!remove->isEnabled()); // nothing selected
        selectOnly(list, {str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2")});
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(tree.data(uuid(1))->traits.isEmpty());
        QVERIFY(panel.traits().isEmpty());
        QCOMPARE(editor.undoStack()->count(), 1);
        editor.undoStack()->undo();
        QTRY_COMPARE(panel.traits(), (QStringList{str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2")}));
    }

    void undoAndRedoUpdateTheList()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(2));
        QVERIFY(editor.addTrait(uuid(2), str("HW_NUMA_ROOT")).ok());
        const QStringList after{str("COMPUTE_NODE"), str("CUSTOM_GOLD"), str("HW_NUMA_ROOT")};
        QTRY_COMPARE(panel.traits(), after);
        editor.undoStack()->undo();
        QTRY_COMPARE(panel.traits(), (QStringList{str("COMPUTE_NODE"), str("CUSTOM_GOLD")}));
        editor.undoStack()->redo();
        QTRY_COMPARE(panel.traits(), after);
    }

    void followsTheProviderLeavingAndComingBack()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        QVERIFY(editor.removeSubtree(uuid(1)).ok());
        QTRY_VERIFY(!panel.isEnabled());
        QVERIFY(panel.traits().isEmpty());
        editor.undoStack()->undo();
        QTRY_VERIFY(panel.isEnabled());
        QCOMPARE(panel.traits(), (QStringList{str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2")}));
    }

    void completerOffersStandardAndCustomTraits()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        QCompleter *completer = child<QLineEdit>(panel, "traitEdit")->completer();
        QVERIFY(completer);
        QCOMPARE(completer->caseSensitivity(), Qt::CaseInsensitive);
        const QStringList offered = completions(completer);
        for (const QString &trait : validation::standardTraits())
            QVERIFY2(offered.contains(trait), qPrintable(trait));
        QVERIFY(offered.contains(str("CUSTOM_GOLD"))); // used on cn-02
        QCOMPARE(offered.size(), validation::standardTraits().size() + 1);

        // Case-insensitive, and it completes to the exact name.
        completer->setCompletionPrefix(str("hw_cpu_x86_avx2"));
        QVERIFY(completer->completionCount() >= 1);
        QCOMPARE(completer->currentCompletion(), str("HW_CPU_X86_AVX2"));

        // A CUSTOM_ trait that appears anywhere in the tree is offered too.
        QVERIFY(tree.addTraits(uuid(3), {str("CUSTOM_SSD_POOL")}).ok());
        QTRY_VERIFY(completions(completer).contains(str("CUSTOM_SSD_POOL")));
    }

    void currentTraitListsTheOtherProviders()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.resize(400, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setProvider(uuid(1));
        QVERIFY(otherRows(panel).isEmpty());

        auto *list = child<QListWidget>(panel, "traitList");
        const QListWidgetItem *item = list->findItems(str("COMPUTE_NODE"), Qt::MatchExactly).first();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
        QCOMPARE(panel.currentTrait(), str("COMPUTE_NODE"));
        QCOMPARE(otherRows(panel), QStringList{row("cn-02", uuid(2))}); // not cn-01 itself

        const QListWidgetItem *avx = list->findItems(str("HW_CPU_X86_AVX2"), Qt::MatchExactly).first();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(avx).center());
        QVERIFY(otherRows(panel).isEmpty()); // nobody else has it
        QVERIFY(child<QLabel>(panel, "othersCaption")->text().contains(str("No other provider")));

        // The list follows the tree: another provider gains the trait.
        QVERIFY(tree.addTraits(uuid(3), {str("HW_CPU_X86_AVX2")}).ok());
        QTRY_COMPARE(otherRows(panel), QStringList{row("pool", uuid(3))});
    }

    void activatingAnOtherProviderEmitsItsUuid()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.resize(400, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setProvider(uuid(2));
        selectOnly(child<QListWidget>(panel, "traitList"), {str("COMPUTE_NODE")});
        QCOMPARE(otherRows(panel), QStringList{row("cn-01", uuid(1))});

        QSignalSpy spy(&panel, &TraitsPanel::providerActivated);
        auto *others = child<QTreeWidget>(panel, "otherProviders");
        others->setCurrentItem(others->topLevelItem(0));
        QTest::keyClick(others, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), uuid(1));

        const QRect rect = others->visualItemRect(others->topLevelItem(0));
        // A real double-click: press and release, then the double-click event.
        QTest::mouseClick(others->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(others->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), uuid(1));
    }

    void readOnlyDisablesEditing()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        panel.setReadOnly(true);
        QVERIFY(panel.isReadOnly());
        auto *edit = child<QLineEdit>(panel, "traitEdit");
        auto *list = child<QListWidget>(panel, "traitList");
        edit->setText(str("CUSTOM_X"));
        selectOnly(list, {str("COMPUTE_NODE")});
        QVERIFY(!edit->isEnabled());
        QVERIFY(!child<QPushButton>(panel, "addButton")->isEnabled());
        QVERIFY(!child<QPushButton>(panel, "removeButton")->isEnabled());
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(tree.data(uuid(1))->traits, (QStringList{str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2")}));
        QCOMPARE(editor.undoStack()->count(), 0);
        QCOMPARE(otherRows(panel), QStringList{row("cn-02", uuid(2))}); // browsing still works

        panel.setReadOnly(false);
        QVERIFY(edit->isEnabled());
        QVERIFY(child<QPushButton>(panel, "removeButton")->isEnabled());
    }

    void changeFromAnotherThreadShowsUp()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        TraitsPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        std::thread writer([&tree] {
            for (int i = 0; i < 20; ++i)
                (void)tree.addTraits(uuid(1), {QStringLiteral("CUSTOM_REMOTE_%1").arg(i)});
            (void)tree.removeTraits(uuid(1), {QStringLiteral("HW_CPU_X86_AVX2")});
        });
        writer.join();
        QTRY_COMPARE(panel.traits(), tree.data(uuid(1))->traits);
        QCOMPARE(panel.traits().size(), 21);
        QVERIFY(!panel.traits().contains(str("HW_CPU_X86_AVX2")));
    }
};

// ---------------------------------------------------------------------------------------

class TestAggregatesPanel : public QObject
{
    Q_OBJECT

private slots:
    void showsTheProvidersAggregates()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        AggregatesPanel panel(tree, editor);
        QVERIFY(!panel.isEnabled());
        panel.setProvider(uuid(2));
        QVERIFY(panel.isEnabled());
        QCOMPARE(panel.aggregates(), (QStringList{kStorage, kRack}));
        panel.setProvider({});
        QVERIFY(!panel.isEnabled());
        QVERIFY(panel.aggregates().isEmpty());
    }

    void upperCaseUuidIsStoredAndShownCanonical()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        AggregatesPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        auto *edit = child<QLineEdit>(panel, "aggregateEdit");
        QTest::keyClicks(edit, QStringLiteral("  ") + kRack.toUpper());
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(tree.data(uuid(1))->aggregates, (QStringList{kStorage, kRack}));
        QCOMPARE(panel.aggregates(), (QStringList{kStorage, kRack}));
        QCOMPARE(panel.currentAggregate(), kRack);
        QCOMPARE(child<QListWidget>(panel, "aggregateList")->selectedItems().size(), 1);
        QCOMPARE(editor.undoStack()->count(), 1);
        QVERIFY(edit->text().isEmpty());
        QVERIFY(panel.message().isEmpty());
    }

    void nonUuidIsRefusedWithTheCoresMessage_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("name") << str("storage-pool");
        QTest::newRow("no dashes") << str("5a5a5a5a000040008000000000000000a");
        QTest::newRow("one digit short") << kRack.left(35);
        QTest::newRow("not hex") << str("5a5a5a5a-0000-4000-8000-00000000000g");
    }

    void nonUuidIsRefusedWithTheCoresMessage()
    {
        QFETCH(QString, text);
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        AggregatesPanel panel(tree, editor);
        panel.setProvider(uuid(1));
        const ProviderData before = *tree.data(uuid(1));
        auto *edit = child<QLineEdit>(panel, "aggregateEdit");
        edit->setText(text);
        QTest::keyClick(edit, Qt::Key_Return);

        const Status refusal = tree.addAggregates(uuid(1), {text}); // what the core says
        QVERIFY(!refusal.ok());
        QCOMPARE(panel.message(), refusal.firstError().message);
        QCOMPARE(*tree.data(uuid(1)), before);
        QCOMPARE(editor.undoStack()->count(), 0);
        QCOMPARE(edit->text(), text);
        QCOMPARE(panel.aggregates(), QStringList{kStorage});
    }

    void deleteKeyRemovesAndUndoRestores()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        AggregatesPanel panel(tree, editor);
        panel.setProvider(uuid(2));
        auto *list = child<QListWidget>(panel, "aggregateList");
        selectOnly(list, {kRack});
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(tree.data(uuid(2))->aggregates, QStringList{kStorage});
        QCOMPARE(panel.aggregates(), QStringList{kStorage});
        QCOMPARE(editor.undoStack()->count(), 1);
        editor.undoStack()->undo();
        QTRY_COMPARE(panel.aggregates(), (QStringList{kStorage, kRack}));
        QCOMPARE(tree.data(uuid(2))->aggregates, (QStringList{kStorage, kRack}));
    }

    void currentAggregateListsItsOtherMembers()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        AggregatesPanel panel(tree, editor);
        panel.resize(500, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setProvider(uuid(1));
        auto *list = child<QListWidget>(panel, "aggregateList");
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0)).center());
        QCOMPARE(panel.currentAggregate(), kStorage);
        QCOMPARE(otherRows(panel), (QStringList{row("cn-02", uuid(2)), row("pool", uuid(3))}));

        QSignalSpy spy(&panel, &AggregatesPanel::providerActivated);
        auto *others = child<QTreeWidget>(panel, "otherProviders");
        others->setCurrentItem(others->topLevelItem(1));
        QTest::keyClick(others, Qt::Key_Enter);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), uuid(3));

        // A provider that leaves the aggregate leaves the list; a renamed one is renamed.
        QVERIFY(tree.removeAggregates(uuid(2), {kStorage}).ok());
        QTRY_COMPARE(otherRows(panel), QStringList{row("pool", uuid(3))});
        QVERIFY(tree.rename(uuid(3), str("ceph-pool")).ok());
        QTRY_COMPARE(otherRows(panel), QStringList{row("ceph-pool", uuid(3))});

        panel.setProvider(uuid(4)); // in no aggregate
        QVERIFY(otherRows(panel).isEmpty());
    }

    void completerOffersTheTreesAggregates()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        AggregatesPanel panel(tree, editor);
        panel.setProvider(uuid(4));
        QCompleter *completer = child<QLineEdit>(panel, "aggregateEdit")->completer();
        QVERIFY(completer);
        QCOMPARE(completions(completer), (QStringList{kStorage, kRack}));
        completer->setCompletionPrefix(str("B0B0")); // any case, any part
        QCOMPARE(completer->completionCount(), 1);
        QCOMPARE(completer->currentCompletion(), kRack);
        QVERIFY(tree.removeAggregates(uuid(2), {kRack}).ok()); // nobody is in it any more
        QTRY_COMPARE(completions(completer), QStringList{kStorage});
    }

    void readOnlyDisablesEditing()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        AggregatesPanel panel(tree, editor);
        panel.setProvider(uuid(2));
        panel.setReadOnly(true);
        auto *list = child<QListWidget>(panel, "aggregateList");
        selectOnly(list, {kRack});
        QVERIFY(!child<QLineEdit>(panel, "aggregateEdit")->isEnabled());
        QVERIFY(!child<QPushButton>(panel, "addButton")->isEnabled());
        QVERIFY(!child<QPushButton>(panel, "removeButton")->isEnabled());
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(tree.data(uuid(2))->aggregates, (QStringList{kStorage, kRack}));
        QCOMPARE(editor.undoStack()->count(), 0);
    }

    void changeFromAnotherThreadShowsUp()
    {
        ProviderTree tree;
        build(tree);
        TreeEditor editor(tree);
        AggregatesPanel panel(tree, editor);
        panel.setProvider(uuid(4));
        std::thread writer([&tree] { (void)tree.addAggregates(uuid(4), {kRack.toUpper()}); });
        writer.join();
        QTRY_COMPARE(panel.aggregates(), QStringList{kRack});
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int status = 0;
    {
        TestTraitsPanel traits;
        status |= QTest::qExec(&traits, argc, argv);
    }
    {
        TestAggregatesPanel aggregates;
        status |= QTest::qExec(&aggregates, argc, argv);
    }
    return status;
}

#include "tst_panels.moc"
