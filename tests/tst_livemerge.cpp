// A document pulled from Placement after a push (settle), after a Drop (withProvidersAsIn),
// the undo step of a refresh or a drop (TreeStateCommand), and what the cloud dialogs are
// given to show (cloudviews). No network: the states are written by hand, as Placement
// would answer after the push.
#include "cloudviews.h"
#include "livemerge.h"
#include "providertree.h"
#include "pushoutcome.h"
#include "threeway.h"
#include "treediff.h"
#include "treeeditor.h"
#include "treestatecommand.h"
#include "support/testrecords.h"
#include "support/testuuid.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QUndoStack>

using namespace provtree;
using provtree::testing::sortedByUuid;
using provtree::testing::uuid;

namespace {

using States = QList<ProviderData>;

ProviderData rp(int n, const QString &name, int parent = 0, qint64 generation = 1)
{
    ProviderData p = testing::providerRecord(uuid(n), name, parent ? uuid(parent) : QString());
    p.generation = generation;
    return p;
}

ProviderData withTotal(ProviderData p, qint64 total)
{
    InventoryRecord r;
    r.total = total;
    p.inventories.insert(QStringLiteral("VCPU"), r.effective());
    return p;
}

ProviderData withTraits(ProviderData p, QStringList traits)
{
    traits.sort();
    p.traits = traits;
    return p;
}

ProviderData withGeneration(ProviderData p, qint64 generation)
{
    p.generation = generation;
    return p;
}

// "N" per provider, sorted: which providers a list holds.
QStringList numbers(const States &states)
{
    QStringList out;
    for (const ProviderData &p : states)
        out.append(QString::number(p.uuid.right(12).toInt()));
    out.sort();
    return out;
}

const ProviderData *find(const States &states, int n)
{
    for (const ProviderData &p : states) {
        if (p.uuid == uuid(n))
            return &p;
    }
    return nullptr;
}

bool noDifference(const States &base, const States &mine)
{
    return TreeDiff::compute(base, mine, false).isEmpty();
}

} // namespace

class TestLiveMerge : public QObject
{
    Q_OBJECT

private slots:
    void everythingAppliedLeavesNoDifference();
    void othersChangesToProvidersIDidNotEditComeIn();
    void whatWasNotAppliedStaysMine();
    void aConflictLeavesTheProviderAsItWas();
    void providersGoneFromPlacementLeaveBoth();
    void newRootsFollowWhetherTheyWereCreated();
    void treesNotReadKeepTheirBase();
    void settleReadSetAddsNewRoots();
    void changesSincePullListWhatPlacementChanged();
    void withProvidersAsInTakesPlacementsRecords();
    void withoutOrphansDropsWholeSubtrees();
    void treeStateCommandIsOneUndoStep();
    void treeStateCommandRefusesATreeThatChanged();
    void threeWayCellsSayWhatDiffers();
    void threeWayRowsAreGroupedAndNeutralised();
    void pushResultSaysCallByCallWhatHappened();
};

// Mine changed the root's inventory and the child's traits; the push applied both and
// Placement bumped both generations: base and mine become Placement's, no difference.
void TestLiveMerge::everythingAppliedLeavesNoDifference()
{
    const States base{withTotal(rp(1, QStringLiteral("cn")), 8), rp(2, QStringLiteral("numa"), 1)};
    const States mine{withTotal(rp(1, QStringLiteral("cn")), 16),
                      withTraits(rp(2, QStringLiteral("numa"), 1), {QStringLiteral("CUSTOM_A")})};
    const States now{withTotal(rp(1, QStringLiteral("cn"), 0, 2), 16),
                     withTraits(rp(2, QStringLiteral("numa"), 1, 2), {QStringLiteral("CUSTOM_A")})};
    const Settlement settled = settle(base, mine, now, {uuid(1), uuid(2)});
    QCOMPARE(sortedByUuid(settled.base), sortedByUuid(now));
    QCOMPARE(sortedByUuid(settled.mine), sortedByUuid(now)); // generations included
    QVERIFY(settled.conflicted.isEmpty());
    QVERIFY(noDifference(settled.base, settled.mine));
}

// nova updated the root (which my patch did not touch) while I pushed a trait on the child:
// the root comes in on both sides, so the next push does not send nova's change back.
void TestLiveMerge::othersChangesToProvidersIDidNotEditComeIn()
{
    const States base{withTotal(rp(1, QStringLiteral("cn")), 8), rp(2, QStringLiteral("numa"), 1)};
    const States mine{base.at(0), withTraits(base.at(1), {QStringLiteral("CUSTOM_A")})};
    const States now{withTotal(rp(1, QStringLiteral("cn"), 0, 5), 12),
                     withTraits(rp(2, QStringLiteral("numa"), 1, 2), {QStringLiteral("CUSTOM_A")})};
    const Settlement settled = settle(base, mine, now, {uuid(2)});
    QCOMPARE(*find(settled.mine, 1), now.at(0));
    QCOMPARE(*find(settled.base, 1), now.at(0));
    QVERIFY(noDifference(settled.base, settled.mine));
}

// The push stopped after the root's call: the child's change is still mine, on top of
// Placement's state (its generation is Placement's), and the only difference left.
void TestLiveMerge::whatWasNotAppliedStaysMine()
{
    const States base{withTotal(rp(1, QStringLiteral("cn")), 8), rp(2, QStringLiteral("numa"), 1)};
    const States mine{withTotal(base.at(0), 16), withTraits(base.at(1), {QStringLiteral("CUSTOM_A")})};
    const States now{withTotal(rp(1, QStringLiteral("cn"), 0, 2), 16), base.at(1)};
    const Settlement settled = settle(base, mine, now, {uuid(1), uuid(2)});
    QVERIFY(settled.conflicted.isEmpty());
    QCOMPARE(*find(settled.mine, 2), mine.at(1));
    const TreeDiff left = TreeDiff::compute(settled.base, settled.mine, false);
    QCOMPARE(left.changed(), QStringList{uuid(2)});
}

// Someone else set the total I changed to another value: that provider keeps its base and
// my record exactly (the next push meets the conflict again); the rest follows Placement.
void TestLiveMerge::aConflictLeavesTheProviderAsItWas()
{
    const States base{withTotal(rp(1, QStringLiteral("cn")), 8), rp(2, QStringLiteral("numa"), 1)};
    const States mine{withTotal(base.at(0), 16), base.at(1)};
    const States now{withTotal(rp(1, QStringLiteral("cn"), 0, 4), 24), withTraits(rp(2, QStringLiteral("numa"), 1, 3), {QStringLiteral("CUSTOM_B")})};
    const Settlement settled = settle(base, mine, now, {uuid(1)});
    QCOMPARE(settled.conflicted, QStringList{uuid(1)});
    QCOMPARE(*find(settled.base, 1), base.at(0));
    QCOMPARE(*find(settled.mine, 1), mine.at(0));
    QCOMPARE(*find(settled.mine, 2), now.at(1)); // not mine to keep: Placement's comes in
    QCOMPARE(*find(settled.base, 2), now.at(1));
}

// My delete of the leaf was applied; someone else deleted a sibling I did not touch: both
// go from base and mine. A provider someone created in the tree comes in on both sides.
void TestLiveMerge::providersGoneFromPlacementLeaveBoth()
{
    const States base{rp(1, QStringLiteral("cn")), rp(2, QStringLiteral("a"), 1), rp(3, QStringLiteral("b"), 1)};
    const States mine{base.at(0), base.at(2)};
    const States now{rp(1, QStringLiteral("cn"), 0, 3), rp(4, QStringLiteral("c"), 1, 0)};
    const Settlement settled = settle(base, mine, now, {uuid(2), uuid(1)});
    QCOMPARE(numbers(settled.base), (QStringList{QStringLiteral("1"), QStringLiteral("4")}));
    QCOMPARE(numbers(settled.mine), (QStringList{QStringLiteral("1"), QStringLiteral("4")}));
    QVERIFY(noDifference(settled.base, settled.mine));

    // The deleted leaf alone was asked for (its tree could not be found by it): it is gone,
    // the rest of the base stays.
    const Settlement leafOnly = settle(base, mine, {}, {uuid(2)});
    QCOMPARE(numbers(leafOnly.base), (QStringList{QStringLiteral("1"), QStringLiteral("3")}));
    QVERIFY(noDifference(leafOnly.base, leafOnly.mine));
}

void TestLiveMerge::newRootsFollowWhetherTheyWereCreated()
{
    const States base{rp(1, QStringLiteral("cn"))};
    const States mine{base.at(0), rp(5, QStringLiteral("new"), 0, 0), rp(6, QStringLiteral("new-child"), 5, 0)};
    // Created: Placement has it now, with its own generation.
    const States created{withGeneration(mine.at(1), 1), mine.at(2)};
    const Settlement done = settle(base, mine, created, {uuid(5)});
    QCOMPARE(numbers(done.base), (QStringList{QStringLiteral("1"), QStringLiteral("5"), QStringLiteral("6")}));
    QVERIFY(noDifference(done.base, done.mine));
    // Not created (the push stopped before): still mine alone.
    const Settlement notDone = settle(base, mine, {}, {uuid(5)});
    QCOMPARE(sortedByUuid(notDone.base), base);
    QCOMPARE(TreeDiff::compute(notDone.base, notDone.mine, false).added(), (QStringList{uuid(5), uuid(6)}));
}

void TestLiveMerge::treesNotReadKeepTheirBase()
{
    const States base{rp(1, QStringLiteral("cn1")), rp(2, QStringLiteral("cn2"))};
    const States mine{withTotal(base.at(0), 4), withTotal(base.at(1), 4)};
    const States now{withTotal(rp(1, QStringLiteral("cn1"), 0, 2), 4)};
    const Settlement settled = settle(base, mine, now, {uuid(1)});
    QCOMPARE(*find(settled.base, 2), base.at(1));
    QCOMPARE(*find(settled.mine, 2), mine.at(1));
    QCOMPARE(TreeDiff::compute(settled.base, settled.mine, false).changed(), QStringList{uuid(2)});
}

void TestLiveMerge::settleReadSetAddsNewRoots()
{
    const States base{rp(1, QStringLiteral("cn")), rp(2, QStringLiteral("leaf"), 1)};
    const States mine{base.at(0), rp(3, QStringLiteral("child"), 1), rp(5, QStringLiteral("root")),
                      rp(6, QStringLiteral("under-root"), 5)};
    QStringList read = settleReadSet(TreeDiff::compute(base, mine, false));
    read.sort();
    // the removed leaf, the parent of the new child, the new root (its child is in its tree)
    QCOMPARE(read, (QStringList{uuid(1), uuid(2), uuid(5)}));
}

// The rows start from the real pull: a field Placement changed that my patch leaves alone is
// listed (a push's own rows rebuild the pull from the patch and cannot see it), with my
// other changes to that provider; a provider only I changed is not listed.
void TestLiveMerge::changesSincePullListWhatPlacementChanged()
{
    const States base{withTotal(rp(1, QStringLiteral("cn")), 8), rp(2, QStringLiteral("a"), 1)};
    const States mine{withTraits(base.at(0), {QStringLiteral("CUSTOM_MINE")}),
                      withTraits(base.at(1), {QStringLiteral("CUSTOM_ALSO_MINE")})};
    const States now{withTotal(rp(1, QStringLiteral("cn"), 0, 2), 12), base.at(1)};
    const QList<ThreeWayField> rows = changesSincePull(base, mine, now, {uuid(1), uuid(2)}, {uuid(1), uuid(2)});
    QStringList listed;
    for (const ThreeWayField &row : rows)
        listed.append(QStringLiteral("%1 %2 %3").arg(QString::number(row.providerUuid.right(12).toInt()), row.field,
                                                     outcomeName(row.outcome)));
    QCOMPARE(listed, (QStringList{QStringLiteral("1 inventories.VCPU placement"), QStringLiteral("1 traits mine")}));
    // Only the providers asked about.
    QVERIFY(changesSincePull(base, mine, now, {uuid(1)}, {uuid(2)}).isEmpty());
}

void TestLiveMerge::withProvidersAsInTakesPlacementsRecords()
{
    const States mine{withTotal(rp(1, QStringLiteral("cn")), 20), rp(2, QStringLiteral("a"), 1),
                      rp(3, QStringLiteral("a-child"), 2), rp(4, QStringLiteral("b"), 1)};
    const States now{withTotal(rp(1, QStringLiteral("cn"), 0, 7), 24), rp(4, QStringLiteral("b"), 1, 2),
                     rp(9, QStringLiteral("placements-own"), 1, 0)};
    const States dropped = withProvidersAsIn(mine, now, {uuid(1), uuid(2), uuid(9)});
    QCOMPARE(*find(dropped, 1), now.at(0));  // Placement's record, generation included
    QVERIFY(!find(dropped, 2));             // gone from Placement: gone, with its subtree
    QVERIFY(!find(dropped, 3));
    QCOMPARE(*find(dropped, 4), mine.at(3)); // not chosen: untouched
    QCOMPARE(*find(dropped, 9), now.at(2));  // only in Placement: comes
}

void TestLiveMerge::withoutOrphansDropsWholeSubtrees()
{
    const States records{rp(2, QStringLiteral("a"), 1), rp(3, QStringLiteral("b"), 2), rp(4, QStringLiteral("c"), 3),
                         rp(5, QStringLiteral("root"))};
    QCOMPARE(numbers(withoutOrphans(records)), QStringList{QStringLiteral("5")});
}

void TestLiveMerge::treeStateCommandIsOneUndoStep()
{
    ProviderTree tree;
    TreeEditor editor(tree);
    const States start{withTotal(rp(1, QStringLiteral("cn")), 8), rp(2, QStringLiteral("a"), 1)};
    QVERIFY(tree.replaceAll(start).ok());
    const States target{withTotal(rp(1, QStringLiteral("cn"), 0, 4), 12), rp(3, QStringLiteral("b"), 1)};
    QList<ChangeSet> changes;
    tree.addObserver([&changes](const ChangeSet &c) { changes.append(c); });

    const ProviderTree::Snapshot snapshot = tree.snapshot();
    QVERIFY(TreeStateCommand::apply(editor, snapshot.providers, snapshot.sequence, target, QStringLiteral("Refresh")).ok());
    QCOMPARE(sortedByUuid(tree.allData()), sortedByUuid(target));
    QCOMPARE(editor.undoStack()->count(), 1);
    QCOMPARE(editor.undoStack()->text(0), QStringLiteral("Refresh"));
    QCOMPARE(changes.size(), 1);     // one transaction
    QVERIFY(!changes.first().reset); // steps, not a reset: views keep selection and expansion

    editor.undoStack()->undo();
    QCOMPARE(sortedByUuid(tree.allData()), sortedByUuid(start));
    editor.undoStack()->redo();
    QCOMPARE(sortedByUuid(tree.allData()), sortedByUuid(target));
    QCOMPARE(changes.size(), 3);

    // The tree is the state already: nothing is pushed.
    const ProviderTree::Snapshot again = tree.snapshot();
    QVERIFY(TreeStateCommand::apply(editor, again.providers, again.sequence, target, QStringLiteral("Again")).ok());
    QCOMPARE(editor.undoStack()->count(), 1);
}

void TestLiveMerge::treeStateCommandRefusesATreeThatChanged()
{
    ProviderTree tree;
    TreeEditor editor(tree);
    QVERIFY(tree.replaceAll({rp(1, QStringLiteral("cn"))}).ok());
    const ProviderTree::Snapshot snapshot = tree.snapshot();
    QVERIFY(tree.rename(uuid(1), QStringLiteral("renamed")).ok()); // after the state was computed
    const Status status = TreeStateCommand::apply(editor, snapshot.providers, snapshot.sequence,
                                                  {withTotal(rp(1, QStringLiteral("cn")), 4)}, QStringLiteral("Refresh"));
    QVERIFY(!status.ok());
    QCOMPARE(status.firstError().kind, ProblemKind::ConcurrentChange);
    QCOMPARE(tree.data(uuid(1))->name, QStringLiteral("renamed"));
    QVERIFY(tree.data(uuid(1))->inventories.isEmpty());
    QCOMPARE(editor.undoStack()->count(), 0);
}

void TestLiveMerge::threeWayCellsSayWhatDiffers()
{
    const auto inventory = [](int total, int reserved) {
        return QJsonObject{{QStringLiteral("total"), total},       {QStringLiteral("reserved"), reserved},
                           {QStringLiteral("min_unit"), 1},        {QStringLiteral("max_unit"), 64},
                           {QStringLiteral("step_size"), 1},       {QStringLiteral("allocation_ratio"), 16.0}};
    };
    const QJsonValue pulled = inventory(16, 0), mine = inventory(20, 0), now = inventory(16, 2);
    const QList<QJsonValue> all{pulled, mine, now};
    const QString field = QStringLiteral("inventories.VCPU");
    QCOMPARE(threeWayCell(field, pulled, pulled, all, true, {}), QStringLiteral("total 16, reserved 0"));
    QCOMPARE(threeWayCell(field, mine, pulled, all, false, {}), QStringLiteral("total 20, reserved 0"));
    QCOMPARE(threeWayCell(field, now, pulled, all, false, {}), QStringLiteral("total 16, reserved 2"));
    QCOMPARE(threeWayFullText(field, now, {}),
             QStringLiteral("total 16, reserved 2, min_unit 1, max_unit 64, step_size 1, allocation_ratio 16"));
    QCOMPARE(threeWayCell(field, QJsonValue(), pulled, all, false, {}), QStringLiteral("(none)"));
    QCOMPARE(threeWayCell(field, QJsonValue(QJsonValue::Undefined), pulled, all, false, {}),
             QStringLiteral("(no provider)"));

    const QJsonValue traitsPulled = QJsonArray{QStringLiteral("A"), QStringLiteral("B")};
    const QJsonValue traitsMine = QJsonArray{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")};
    const QJsonValue traitsNow = QJsonArray{QStringLiteral("A")};
    const QList<QJsonValue> lists{traitsPulled, traitsMine, traitsNow};
    QCOMPARE(threeWayCell(QStringLiteral("traits"), traitsPulled, traitsPulled, lists, true, {}), QStringLiteral("A, B"));
    QCOMPARE(threeWayCell(QStringLiteral("traits"), traitsMine, traitsPulled, lists, false, {}), QStringLiteral("+C"));
    QCOMPARE(threeWayCell(QStringLiteral("traits"), traitsNow, traitsPulled, lists, false, {}),
             QString(QChar(0x2212)) + QStringLiteral("B"));
    QCOMPARE(threeWayCell(QStringLiteral("traits"), traitsPulled, traitsPulled, lists, false, {}), QStringLiteral("as pulled"));

    const QHash<QString, QString> names{{uuid(1), QStringLiteral("cn-01")}};
    QCOMPARE(threeWayCell(QStringLiteral("parent_provider_uuid"), QJsonValue(uuid(1)), QJsonValue(), {}, false, names),
             QStringLiteral("\"cn-01\""));
    QCOMPARE(threeWayCell(QStringLiteral("parent_provider_uuid"), QJsonValue(), QJsonValue(), {}, false, names),
             QStringLiteral("(root)"));
    // A name is shown neutralised: a newline cannot fake a second line in the cell.
    QCOMPARE(threeWayCell(QStringLiteral("name"), QJsonValue(QStringLiteral("evil\nname")), QJsonValue(), {}, false, {}),
             QStringLiteral("\"evil\\nname\""));
}

void TestLiveMerge::threeWayRowsAreGroupedAndNeutralised()
{
    const States pulled{withTotal(rp(1, QStringLiteral("cn\u202e")), 8), rp(2, QStringLiteral("a"), 1)};
    const States mine{withTotal(pulled.at(0), 16), withTraits(pulled.at(1), {QStringLiteral("CUSTOM_X")})};
    const States now{withTotal(pulled.at(0), 24), withTraits(pulled.at(1), {QStringLiteral("CUSTOM_Y")})};
    const Rebase merged = rebase(pulled, mine, now);
    const ThreeWayView view = threeWayView(merged.fields, QStringLiteral("cloud x"), QStringLiteral("summary"), true, {});
    QCOMPARE(view.rows.size(), 2);
    QCOMPARE(view.providerCount(), 2);
    QCOMPARE(view.conflictCount(), 2);
    QCOMPARE(view.rows.at(0).provider, QStringLiteral("\"cn\\u202e\""));
    QCOMPARE(view.rows.at(0).pulled, QStringLiteral("total 8"));
    QCOMPARE(view.rows.at(0).mine, QStringLiteral("total 16"));
    QCOMPARE(view.rows.at(0).now, QStringLiteral("total 24"));
    QVERIFY(view.rows.at(0).conflict);
    QCOMPARE(view.rows.at(1).mine, QStringLiteral("+CUSTOM_X"));
}

void TestLiveMerge::pushResultSaysCallByCallWhatHappened()
{
    PushOutcome outcome;
    for (const char *summary : {"first", "second", "third"}) {
        PlannedCall call;
        call.summary = QString::fromLatin1(summary);
        call.request.method = "PUT";
        call.request.path = QStringLiteral("/resource_providers/") + uuid(1) + QStringLiteral("/traits");
        outcome.plan.calls.append(call);
    }
    outcome.sent = true;
    outcome.execution.applied = 1;
    outcome.execution.failure = makeError(ProblemKind::GenerationConflict, QStringLiteral("someone was faster"));
    Status status(*outcome.execution.failure);
    status.append(makeError(ProblemKind::GenerationConflict, QStringLiteral("kept Placement's value")));
    const PushResultView view = pushResultView(outcome, status, QStringLiteral("cloud x"), QStringLiteral("kept"));
    QCOMPARE(view.calls.size(), 3);
    QCOMPARE(view.calls.at(0).state, PushResultView::CallState::Applied);
    QCOMPARE(view.calls.at(1).state, PushResultView::CallState::Failed);
    QCOMPARE(view.calls.at(2).state, PushResultView::CallState::NotApplied);
    QCOMPARE(view.calls.at(1).request, QStringLiteral("PUT /resource_providers/%1/traits").arg(uuid(1)));
    QCOMPARE(view.failure, QStringLiteral("someone was faster"));
    QCOMPARE(view.problems, QStringList{QStringLiteral("kept Placement's value")}); // the failure once
    QCOMPARE(view.appliedCount(), 1);
}

QTEST_MAIN(TestLiveMerge)
#include "tst_livemerge.moc"
