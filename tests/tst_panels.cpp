// The traits and aggregates panels: they show the provider's list from the core, edit it
// only through the TreeEditor (one undo command per edit), show the core's refusals,
// follow changes made by any path (undo, other threads), and list the other providers
// that share the current trait or aggregate. What both panels do (MembershipPanel) is
// tested once, for each of them (TestMembershipPanels, one row per panel); what only one
// does, in TestTraitsPanel and TestAggregatesPanel.
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

#include <memory>
#include <thread>

#include "support/cloudgenerator.h"
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

void clickItem(QListWidget *list, const QString &text)
{
    const QList<QListWidgetItem *> found = list->findItems(text, Qt::MatchExactly);
    QVERIFY2(!found.isEmpty(), qPrintable(text));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(found.first()).center());
}

QStringList completions(const QCompleter *completer)
{
    QStringList out;
    const QAbstractItemModel *model = completer->model();
    for (int row = 0; row < model->rowCount(); ++row)
        out.append(model->index(row, 0).data().toString());
    return out;
}

enum class PanelKind { Traits, Aggregates };

// A panel of either kind over the tree of build(), with what a test needs to drive it
// without knowing the kind: its widgets, what it shows, and the same edits in the core
// and through the editor.
struct Panel
{
    const PanelKind kind;
    ProviderTree tree;
    TreeEditor editor{tree};
    std::unique_ptr<MembershipPanel> widget; // destroyed first: it holds the tree and editor

    explicit Panel(PanelKind k) : kind(k)
    {
        build(tree);
        if (kind == PanelKind::Traits)
            widget = std::make_unique<TraitsPanel>(tree, editor);
        else
            widget = std::make_unique<AggregatesPanel>(tree, editor);
    }

    [[nodiscard]] bool traits() const { return kind == PanelKind::Traits; }
    [[nodiscard]] QStringList shown() const
    {
        return traits() ? static_cast<const TraitsPanel &>(*widget).traits()
                        : static_cast<const AggregatesPanel &>(*widget).aggregates();
    }
    [[nodiscard]] QString current() const
    {
        return traits() ? static_cast<const TraitsPanel &>(*widget).currentTrait()
                        : static_cast<const AggregatesPanel &>(*widget).currentAggregate();
    }
    [[nodiscard]] QStringList stored(const QString &provider) const
    {
        const std::optional<ProviderData> data = tree.data(provider);
        return !data ? QStringList() : traits() ? data->traits : data->aggregates;
    }
    [[nodiscard]] QListWidget *list() const { return child<QListWidget>(*widget, traits() ? "traitList" : "aggregateList"); }
    [[nodiscard]] QLineEdit *edit() const { return child<QLineEdit>(*widget, traits() ? "traitEdit" : "aggregateEdit"); }
    template <typename T>
    [[nodiscard]] T *find(const char *name) const { return child<T>(*widget, name); }

    Status addInCore(const QString &provider, const QString &member)
    {
        return traits() ? tree.addTraits(provider, {member}) : tree.addAggregates(provider, {member});
    }
    Status removeInCore(const QString &provider, const QString &member)
    {
        return traits() ? tree.removeTraits(provider, {member}) : tree.removeAggregates(provider, {member});
    }
    Status addThroughEditor(const QString &provider, const QString &member)
    {
        return traits() ? editor.addTrait(provider, member) : editor.addAggregate(provider, member);
    }

    void showWindow()
    {
        widget->resize(500, 500);
        widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(widget.get()));
    }
};

// The rows of a data-driven test: one per kind, named after it.
QTestData &newRow(PanelKind kind)
{
    return QTest::newRow(kind == PanelKind::Traits ? "traits" : "aggregates") << kind;
}

// Both rows, for a test that needs nothing but the kind.
void addKindRows()
{
    QTest::addColumn<PanelKind>("kind");
    newRow(PanelKind::Traits);
    newRow(PanelKind::Aggregates);
}

QTestData &newRow(PanelKind kind, const char *what)
{
    const QByteArray tag = QByteArray(kind == PanelKind::Traits ? "traits: " : "aggregates: ") + what;
    return QTest::newRow(tag.constData()) << kind;
}

} // namespace

Q_DECLARE_METATYPE(PanelKind)

// ---------------------------------------------------------------------------------------

class TestMembershipPanels : public QObject
{
    Q_OBJECT

private slots:
    void showsTheProvidersMembers_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QStringList>("expected");
        newRow(PanelKind::Traits) << uuid(1) << QStringList{str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2")};
        newRow(PanelKind::Aggregates) << uuid(2) << QStringList{kStorage, kRack};
    }
    void showsTheProvidersMembers()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, provider);
        QFETCH(QStringList, expected);
        Panel p(kind);
        p.widget->setProvider(provider);
        QVERIFY(p.widget->isEnabled());
        QCOMPARE(p.shown(), expected);
        QCOMPARE(p.list()->count(), expected.size());
        p.widget->setProvider(uuid(4)); // spare: a member of nothing
        QVERIFY(p.shown().isEmpty());
        QVERIFY(p.widget->isEnabled());
        QVERIFY(otherRows(*p.widget).isEmpty());
    }

    void noProviderDisablesThePanel_data() { addKindRows(); }
    void noProviderDisablesThePanel()
    {
        QFETCH(PanelKind, kind);
        Panel p(kind);
        QVERIFY(!p.widget->isEnabled());
        p.widget->setProvider(uuid(2));
        QVERIFY(p.widget->isEnabled());
        p.widget->setProvider({});
        QVERIFY(!p.widget->isEnabled());
        QVERIFY(p.shown().isEmpty());
        p.widget->setProvider(uuid(99)); // not in the tree
        QVERIFY(!p.widget->isEnabled());
    }

    void typingAndEnterAdds_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("member"); // as stored and shown
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<QString>("undoText");
        newRow(PanelKind::Traits, "a standard trait")
            << str("HW_CPU_X86_SSE42") << str("HW_CPU_X86_SSE42")
            << QStringList{str("COMPUTE_NODE"), str("HW_CPU_X86_AVX2"), str("HW_CPU_X86_SSE42")}
            << str("Add trait HW_CPU_X86_SSE42 to cn-01");
        newRow(PanelKind::Aggregates, "an upper-case uuid after spaces is stored and shown canonical")
            << QStringLiteral("  ") + kRack.toUpper() << kRack << QStringList{kStorage, kRack}
            << QStringLiteral("Add cn-01 to aggregate ") + kRack;
    }
    void typingAndEnterAdds()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, typed);
        QFETCH(QString, member);
        QFETCH(QStringList, after);
        QFETCH(QString, undoText);
        Panel p(kind);
        p.widget->setProvider(uuid(1));
        selectOnly(p.list(), {p.shown().constFirst()});
        QTest::keyClicks(p.edit(), typed);
        QTest::keyClick(p.edit(), Qt::Key_Return);
        QCOMPARE(p.stored(uuid(1)), after);
        QCOMPARE(p.shown(), after);
        QCOMPARE(p.current(), member);
        QCOMPARE(p.list()->selectedItems().size(), 1); // the new one alone
        QCOMPARE(p.list()->selectedItems().constFirst()->text(), member);
        QCOMPARE(p.editor.undoStack()->count(), 1);
        QCOMPARE(p.editor.undoStack()->undoText(), undoText);
        QVERIFY(p.edit()->text().isEmpty());
        QVERIFY(p.widget->message().isEmpty());
    }

    void addButtonAdds_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("member");
        newRow(PanelKind::Traits) << str("CUSTOM_SPARE");
        newRow(PanelKind::Aggregates) << kRack;
    }
    void addButtonAdds()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, member);
        Panel p(kind);
        p.widget->setProvider(uuid(4));
        auto *add = p.find<QPushButton>("addButton");
        QVERIFY(!add->isEnabled()); // nothing typed
        p.edit()->setText(member);
        QVERIFY(add->isEnabled());
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(p.stored(uuid(4)), QStringList{member});
        QCOMPARE(p.shown(), QStringList{member});
        QCOMPARE(p.editor.undoStack()->count(), 1);
    }

    void refusedInputShowsTheCoresMessageAndChangesNothing_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("text");
        newRow(PanelKind::Traits, "lower case") << str("hw_cpu_x86_avx2");
        newRow(PanelKind::Traits, "space") << str("CUSTOM_TWO WORDS");
        newRow(PanelKind::Traits, "custom prefix only") << str("CUSTOM_");
        newRow(PanelKind::Traits, "too long") << str("CUSTOM_") + QString(300, u'X');
        newRow(PanelKind::Aggregates, "name") << str("storage-pool");
        newRow(PanelKind::Aggregates, "no dashes") << str("5a5a5a5a000040008000000000000000a");
        newRow(PanelKind::Aggregates, "one digit short") << kRack.left(35);
        newRow(PanelKind::Aggregates, "not hex") << str("5a5a5a5a-0000-4000-8000-00000000000g");
    }
    void refusedInputShowsTheCoresMessageAndChangesNothing()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, text);
        Panel p(kind);
        p.widget->setProvider(uuid(1));
        const ProviderData before = *p.tree.data(uuid(1));
        const QStringList shownBefore = p.shown();
        const quint64 sequence = p.tree.lastSequence();
        p.edit()->setText(text);
        QTest::keyClick(p.edit(), Qt::Key_Return);

        const Status refusal = p.addInCore(uuid(1), text); // what the core says
        QVERIFY(!refusal.ok());
        QCOMPARE(p.widget->message(), refusal.firstError().message);
        QVERIFY(!p.find<QLabel>("messageLabel")->isHidden());
        QCOMPARE(*p.tree.data(uuid(1)), before);
        QCOMPARE(p.tree.lastSequence(), sequence);
        QCOMPARE(p.editor.undoStack()->count(), 0);
        QCOMPARE(p.edit()->text(), text); // kept, to be corrected
        QCOMPARE(p.shown(), shownBefore);
    }

    void deleteKeyRemovesAndUndoRestores_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("member");
        QTest::addColumn<QString>("undoText");
        newRow(PanelKind::Traits) << uuid(1) << str("HW_CPU_X86_AVX2")
                                  << str("Remove trait HW_CPU_X86_AVX2 from cn-01");
        newRow(PanelKind::Aggregates) << uuid(2) << kRack << QStringLiteral("Remove cn-02 from aggregate ") + kRack;
    }
    void deleteKeyRemovesAndUndoRestores()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, provider);
        QFETCH(QString, member);
        QFETCH(QString, undoText);
        Panel p(kind);
        p.widget->setProvider(provider);
        const QStringList before = p.shown();
        QStringList after = before;
        after.removeOne(member);
        selectOnly(p.list(), {member});
        QTest::keyClick(p.list(), Qt::Key_Delete);
        QCOMPARE(p.stored(provider), after);
        QCOMPARE(p.shown(), after);
        QCOMPARE(p.editor.undoStack()->count(), 1);
        QCOMPARE(p.editor.undoStack()->undoText(), undoText);
        p.editor.undoStack()->undo();
        QTRY_COMPARE(p.shown(), before);
        QCOMPARE(p.stored(provider), before);
    }

    void removeButtonRemovesSeveralInOneUndoStep_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("provider");
        newRow(PanelKind::Traits) << uuid(1);
        newRow(PanelKind::Aggregates) << uuid(2);
    }
    void removeButtonRemovesSeveralInOneUndoStep()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, provider);
        Panel p(kind);
        p.widget->setProvider(provider);
        const QStringList before = p.shown();
        QCOMPARE(before.size(), 2);
        auto *remove = p.find<QPushButton>("removeButton");
        p.list()->clearSelection();
        QVERIFY(!remove->isEnabled()); // nothing selected
        selectOnly(p.list(), before);
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(p.stored(provider).isEmpty());
        QVERIFY(p.shown().isEmpty());
        QCOMPARE(p.editor.undoStack()->count(), 1);
        p.editor.undoStack()->undo();
        QTRY_COMPARE(p.shown(), before);
    }

    void undoAndRedoUpdateTheList_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("member");
        newRow(PanelKind::Traits) << uuid(2) << str("HW_NUMA_ROOT");
        newRow(PanelKind::Aggregates) << uuid(1) << kRack;
    }
    void undoAndRedoUpdateTheList()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, provider);
        QFETCH(QString, member);
        Panel p(kind);
        p.widget->setProvider(provider);
        const QStringList before = p.shown();
        QStringList after = before + QStringList{member};
        after.sort();
        QVERIFY(p.addThroughEditor(provider, member).ok());
        QTRY_COMPARE(p.shown(), after);
        p.editor.undoStack()->undo();
        QTRY_COMPARE(p.shown(), before);
        p.editor.undoStack()->redo();
        QTRY_COMPARE(p.shown(), after);
    }

    void followsTheProviderLeavingAndComingBack_data() { addKindRows(); }
    void followsTheProviderLeavingAndComingBack()
    {
        QFETCH(PanelKind, kind);
        Panel p(kind);
        p.widget->setProvider(uuid(1));
        const QStringList before = p.shown();
        QVERIFY(!before.isEmpty());
        QVERIFY(p.editor.removeSubtree(uuid(1)).ok());
        QTRY_VERIFY(!p.widget->isEnabled());
        QVERIFY(p.shown().isEmpty());
        p.editor.undoStack()->undo();
        QTRY_VERIFY(p.widget->isEnabled());
        QCOMPARE(p.shown(), before);
    }

    void currentMemberListsTheOtherProviders_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("member");
        QTest::addColumn<QStringList>("others");
        newRow(PanelKind::Traits, "shared") << uuid(1) << str("COMPUTE_NODE")
                                            << QStringList{row("cn-02", uuid(2))}; // not cn-01 itself
        newRow(PanelKind::Traits, "its own") << uuid(1) << str("HW_CPU_X86_AVX2") << QStringList();
        newRow(PanelKind::Aggregates, "shared") << uuid(1) << kStorage
                                                << QStringList{row("cn-02", uuid(2)), row("pool", uuid(3))};
        newRow(PanelKind::Aggregates, "its own") << uuid(2) << kRack << QStringList();
    }
    void currentMemberListsTheOtherProviders()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, provider);
        QFETCH(QString, member);
        QFETCH(QStringList, others);
        Panel p(kind);
        p.showWindow();
        p.widget->setProvider(provider);
        QVERIFY(otherRows(*p.widget).isEmpty()); // nothing current yet
        clickItem(p.list(), member);
        QCOMPARE(p.current(), member);
        QCOMPARE(otherRows(*p.widget), others);
        if (others.isEmpty()) // nobody else has it
            QVERIFY(p.find<QLabel>("othersCaption")->text().contains(str("No other provider")));
    }

    // Another provider gaining the member appears, one losing it goes, a renamed one is renamed.
    void otherProvidersFollowTheTree_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("member"); // of cn-01
        QTest::addColumn<QStringList>("others");
        newRow(PanelKind::Traits) << str("COMPUTE_NODE") << QStringList{row("cn-02", uuid(2))};
        newRow(PanelKind::Aggregates) << kStorage << QStringList{row("cn-02", uuid(2)), row("pool", uuid(3))};
    }
    void otherProvidersFollowTheTree()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, member);
        QFETCH(QStringList, others);
        Panel p(kind);
        p.widget->setProvider(uuid(1));
        selectOnly(p.list(), {member});
        QCOMPARE(otherRows(*p.widget), others);

        QVERIFY(p.addInCore(uuid(4), member).ok());
        QTRY_COMPARE(otherRows(*p.widget), others + QStringList{row("spare", uuid(4))});
        QVERIFY(p.removeInCore(uuid(2), member).ok());
        others.removeOne(row("cn-02", uuid(2)));
        QTRY_COMPARE(otherRows(*p.widget), others + QStringList{row("spare", uuid(4))});
        QVERIFY(p.tree.rename(uuid(4), str("spare-renamed")).ok());
        QTRY_COMPARE(otherRows(*p.widget), others + QStringList{row("spare-renamed", uuid(4))});
    }

    void activatingAnOtherProviderEmitsItsUuid_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("member");
        QTest::addColumn<int>("index"); // in the other providers
        QTest::addColumn<QString>("activated");
        newRow(PanelKind::Traits) << uuid(2) << str("COMPUTE_NODE") << 0 << uuid(1);
        newRow(PanelKind::Aggregates) << uuid(1) << kStorage << 1 << uuid(3);
    }
    void activatingAnOtherProviderEmitsItsUuid()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, provider);
        QFETCH(QString, member);
        QFETCH(int, index);
        QFETCH(QString, activated);
        Panel p(kind);
        p.showWindow();
        p.widget->setProvider(provider);
        selectOnly(p.list(), {member});
        auto *others = p.find<QTreeWidget>("otherProviders");
        QVERIFY(others->topLevelItemCount() > index);

        QSignalSpy spy(p.widget.get(), &MembershipPanel::providerActivated);
        others->setCurrentItem(others->topLevelItem(index));
        QTest::keyClick(others, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), activated);
        QTest::keyClick(others, Qt::Key_Enter);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), activated);

        const QRect rect = others->visualItemRect(others->topLevelItem(index));
        // A real double-click: press and release, then the double-click event.
        QTest::mouseClick(others->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(others->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).toString(), activated);
    }

    // A tree of 5,000 providers or more has its names gathered on a worker; an edit made
    // while that walk runs is in the names once they come.
    void aLargeTreesNamesFollowItsEdits_data() { addKindRows(); }
    void aLargeTreesNamesFollowItsEdits()
    {
        QFETCH(PanelKind, kind);
        Panel p(kind);
        QVERIFY(p.tree.replaceAll(testsupport::CloudGenerator(9).cloud(6000)).ok());
        QVERIFY(p.tree.size() >= 5000);
        const QString provider = p.tree.providerUuids().constFirst();
        const QString late = p.traits() ? QStringLiteral("CUSTOM_LATE") : testing::uuid(424242);
        QVERIFY(p.addInCore(provider, late).ok());
        QTRY_VERIFY(completions(p.edit()->completer()).contains(late));
        QVERIFY(p.removeInCore(provider, late).ok());
        QTRY_VERIFY(!completions(p.edit()->completer()).contains(late));
    }

    void readOnlyDisablesEditing_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QString>("member"); // of cn-01
        QTest::addColumn<QStringList>("others");
        newRow(PanelKind::Traits) << str("COMPUTE_NODE") << QStringList{row("cn-02", uuid(2))};
        newRow(PanelKind::Aggregates) << kStorage << QStringList{row("cn-02", uuid(2)), row("pool", uuid(3))};
    }
    void readOnlyDisablesEditing()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QString, member);
        QFETCH(QStringList, others);
        Panel p(kind);
        p.widget->setProvider(uuid(1));
        const QStringList before = p.stored(uuid(1));
        p.widget->setReadOnly(true);
        QVERIFY(p.widget->isReadOnly());
        p.edit()->setText(str("CUSTOM_X"));
        selectOnly(p.list(), {member});
        QVERIFY(!p.edit()->isEnabled());
        QVERIFY(!p.find<QPushButton>("addButton")->isEnabled());
        QVERIFY(!p.find<QPushButton>("removeButton")->isEnabled());
        QTest::keyClick(p.list(), Qt::Key_Delete);
        QCOMPARE(p.stored(uuid(1)), before);
        QCOMPARE(p.editor.undoStack()->count(), 0);
        QCOMPARE(otherRows(*p.widget), others); // browsing still works

        p.widget->setReadOnly(false);
        QVERIFY(p.edit()->isEnabled());
        QVERIFY(p.find<QPushButton>("removeButton")->isEnabled());
    }

    void changeFromAnotherThreadShowsUp_data()
    {
        QTest::addColumn<PanelKind>("kind");
        QTest::addColumn<QStringList>("added");   // one core call each, on another thread
        QTest::addColumn<QString>("removed");     // then this, if any
        QTest::addColumn<QStringList>("expected");
        QStringList remote;
        for (int i = 0; i < 20; ++i)
            remote.append(QStringLiteral("CUSTOM_REMOTE_%1").arg(i));
        QStringList traits = remote + QStringList{str("COMPUTE_NODE")};
        traits.sort();
        newRow(PanelKind::Traits) << remote << str("HW_CPU_X86_AVX2") << traits;
        newRow(PanelKind::Aggregates, "upper case arrives canonical")
            << QStringList{kRack.toUpper()} << QString() << QStringList{kStorage, kRack};
    }
    void changeFromAnotherThreadShowsUp()
    {
        QFETCH(PanelKind, kind);
        QFETCH(QStringList, added);
        QFETCH(QString, removed);
        QFETCH(QStringList, expected);
        Panel p(kind);
        p.widget->setProvider(uuid(1));
        std::thread writer([&p, &added, &removed] {
            for (const QString &member : std::as_const(added))
                (void)p.addInCore(uuid(1), member);
            if (!removed.isEmpty())
                (void)p.removeInCore(uuid(1), removed);
        });
        writer.join();
        QTRY_COMPARE(p.shown(), expected);
        QCOMPARE(p.stored(uuid(1)), expected);
    }
};

// ---------------------------------------------------------------------------------------

class TestTraitsPanel : public QObject
{
    Q_OBJECT

private slots:
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
};

// ---------------------------------------------------------------------------------------

class TestAggregatesPanel : public QObject
{
    Q_OBJECT

private slots:
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
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int status = 0;
    {
        TestMembershipPanels both;
        status |= QTest::qExec(&both, argc, argv);
    }
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
