// DiffModel: the merged tree of a TreeDiff as an item model. Rows, parents and statuses
// exactly as the diff says, QAbstractItemModelTester on hand-made and generated diffs, and
// one reset per new diff; the Difference column's words (moves from where to where, names
// neutralised). DiffFilterProxyModel (kind, search, only differences; ancestors kept),
// DifferenceNavigator (next/previous among the rows shown) and RevertPlan's explanations
// (names, never uuids).
#include "difffilterproxymodel.h"
#include "differencenavigator.h"
#include "diffmodel.h"
#include "neutralise.h"
#include "revertplan.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "treediff.h"

#include "cloudgenerator.h"

#include <QAbstractItemModelTester>
#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include "support/hostiletext.h"
#include "support/testuuid.h"

using namespace provtree;

namespace {

using provtree::testing::uuid;

ProviderData provider(int n, const QString &name, int parent = 0)
{
    ProviderData data;
    data.uuid = uuid(n);
    data.name = name;
    data.generation = 1;
    if (parent)
        data.parentUuid = uuid(parent);
    return data;
}

InventoryRecord vcpu(qint64 total)
{
    InventoryRecord record;
    record.total = total;
    return record.effective();
}

// before: cn-a {numa0, numa1}, cn-b {gpu}, cn-c {child}
// after:  cn-a {new (added), numa0 (VCPU 8 → 16)}, cn-b {numa1 (moved), gpu}, cn-c removed
struct HandMade
{
    QList<ProviderData> before;
    QList<ProviderData> after;
};

HandMade handMade()
{
    HandMade h;
    ProviderData numa0 = provider(2, QStringLiteral("cn-a_numa0"), 1);
    numa0.inventories.insert(QStringLiteral("VCPU"), vcpu(8));
    ProviderData gpu = provider(5, QStringLiteral("cn-b_gpu"), 4);
    gpu.traits = {QStringLiteral("HW_GPU_API_VULKAN")};
    h.before = {provider(1, QStringLiteral("cn-a")), numa0, provider(3, QStringLiteral("cn-a_numa1"), 1),
                provider(4, QStringLiteral("cn-b")), gpu, provider(6, QStringLiteral("cn-c")),
                provider(7, QStringLiteral("cn-c_child"), 6)};
    ProviderData numa0After = numa0;
    numa0After.inventories[QStringLiteral("VCPU")] = vcpu(16);
    numa0After.generation = 2;
    h.after = {provider(1, QStringLiteral("cn-a")), numa0After, provider(3, QStringLiteral("cn-a_numa1"), 4),
               provider(4, QStringLiteral("cn-b")), gpu, provider(8, QStringLiteral("cn-a_new"), 1)};
    return h;
}

// "name:status" of every row, top-down, with the depth as indentation.
void describe(const QAbstractItemModel &model, const QModelIndex &parent, int depth, QStringList &out)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, DiffModel::NameColumn, parent);
        out.append(QString(depth * 2, u' ') + index.data().toString() + u':'
                   + diffStatusName(DiffStatus(index.data(DiffModel::StatusRole).toInt())));
        describe(model, index, depth + 1, out);
    }
}

QStringList describe(const QAbstractItemModel &model)
{
    QStringList out;
    describe(model, {}, 0, out);
    return out;
}

// Generated clouds with every kind of difference: removed subtrees, added providers,
// changed inventories and traits, renamed and reparented providers.
HandMade mutatedCloud(quint64 seed, qsizetype count)
{
    testsupport::CloudGenerator generator(seed);
    HandMade h;
    h.before = generator.cloud(count);
    QSet<QString> removed;
    for (qsizetype i = 0; i < h.before.size(); ++i) {
        ProviderData data = h.before.at(i);
        if (removed.contains(data.parentUuid) || (data.isRoot() && i % 7 == 3)) {
            removed.insert(data.uuid);
            continue;
        }
        if (i % 5 == 1 && !data.inventories.isEmpty()) {
            auto it = data.inventories.begin();
            it->total = it->totalOr0() + 4;
        }
        if (i % 11 == 2)
            data.traits.append(QStringLiteral("CUSTOM_DIFF_%1").arg(i));
        if (i % 13 == 4)
            data.name += QStringLiteral("-renamed");
        h.after.append(data);
    }
    // Reparent every fourth child to the first root that stays (a "NUMA reshape").
    const QString firstRoot = h.after.constFirst().uuid;
    for (qsizetype i = 0; i < h.after.size(); ++i) {
        ProviderData &data = h.after[i];
        if (!data.isRoot() && data.parentUuid != firstRoot && i % 4 == 0) {
            // Only leaves: moving a provider with children under the root keeps no cycle anyway.
            data.parentUuid = firstRoot;
        }
    }
    for (int i = 0; i < 5; ++i) {
        ProviderData added;
        added.uuid = generator.uuid();
        added.name = QStringLiteral("added-%1").arg(i);
        added.parentUuid = i % 2 ? firstRoot : QString();
        h.after.append(added);
    }
    return h;
}

} // namespace

class TestDiffModel : public QObject
{
    Q_OBJECT

private slots:
    void handMadeRowsParentsAndStatuses()
    {
        const HandMade h = handMade();
        const TreeDiff diff = TreeDiff::compute(h.before, h.after);
        DiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setDiff(diff, h.before, h.after);

        const QStringList expected = {
            QStringLiteral("cn-a:unchanged"),
            QStringLiteral("  cn-a_new:added"),
            QStringLiteral("  cn-a_numa0:changed"),
            QStringLiteral("cn-b:unchanged"),
            QStringLiteral("  cn-a_numa1:moved"),
            QStringLiteral("  cn-b_gpu:unchanged"),
            QStringLiteral("cn-c:removed"),
            QStringLiteral("  cn-c_child:removed"),
        };
        QCOMPARE(describe(model), expected);

        // Parents: the new parent for a moved provider, the old one for a removed one.
        QCOMPARE(model.indexForUuid(uuid(3)).parent(), model.indexForUuid(uuid(4)));
        QCOMPARE(model.indexForUuid(uuid(7)).parent(), model.indexForUuid(uuid(6)));
        QCOMPARE(model.indexForUuid(uuid(8)).parent(), model.indexForUuid(uuid(1)));
        QVERIFY(!model.indexForUuid(uuid(6)).parent().isValid());

        // Old and new data: absent on the side where the provider does not exist.
        const QModelIndex added = model.indexForUuid(uuid(8));
        QVERIFY(!added.data(DiffModel::BeforeRole).isValid());
        QCOMPARE(added.data(DiffModel::AfterRole).value<ProviderData>().name, QStringLiteral("cn-a_new"));
        const QModelIndex gone = model.indexForUuid(uuid(6));
        QVERIFY(!gone.data(DiffModel::AfterRole).isValid());
        QCOMPARE(gone.data(DiffModel::BeforeRole).value<ProviderData>().uuid, uuid(6));

        // What changed, and the summary column.
        const QModelIndex numa0 = model.indexForUuid(uuid(2));
        QCOMPARE(ProviderParts::fromInt(numa0.data(DiffModel::ChangedPartsRole).toInt()),
                 ProviderParts(ProviderPart::Inventories));
        QCOMPARE(model.index(numa0.row(), DiffModel::SummaryColumn, numa0.parent()).data().toString(),
                 QStringLiteral("VCPU total 8 → 16"));
        const QModelIndex moved = model.indexForUuid(uuid(3), DiffModel::SummaryColumn);
        QCOMPARE(moved.data().toString(), QStringLiteral("moved from cn-a to cn-b"));
        QCOMPARE(model.indexForUuid(uuid(5), DiffModel::UuidColumn).data().toString(), uuid(5));
        QVERIFY(!model.indexForUuid(uuid(5)).data(DiffModel::IsDifferenceRole).toBool());
        QVERIFY(model.indexForUuid(uuid(3)).data(DiffModel::IsDifferenceRole).toBool());

        QCOMPARE(model.count(DiffStatus::Added), 1);
        QCOMPARE(model.count(DiffStatus::Removed), 2);
        QCOMPARE(model.count(DiffStatus::Changed), 1);
        QCOMPARE(model.count(DiffStatus::Moved), 1);
        QCOMPARE(model.count(DiffStatus::Unchanged), 3);
        QCOMPARE(model.topDown().size(), 8);
        QCOMPARE(model.topDown().at(4), model.indexForUuid(uuid(3)));
    }

    // A move says from where to where, by the old parent's old name and the new parent's
    // new name; names that could fake or hide text are neutralised.
    void summaryNamesBothParents_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << QStringLiteral("rack-b");
        for (const auto &[tag, name] : provtree::testing::hostileNames())
            QTest::newRow(tag) << name;
    }
    void summaryNamesBothParents()
    {
        QFETCH(QString, name);
        HandMade h = handMade();
        h.after[3].name = name;                 // cn-b, numa1's new parent, renamed
        h.after[1].name = name + u'2';          // numa0 renamed too
        DiffModel model;
        model.setDiff(TreeDiff::compute(h.before, h.after), h.before, h.after);
        const QString moved = model.indexForUuid(uuid(3), DiffModel::SummaryColumn).data().toString();
        QCOMPARE(moved, QStringLiteral("moved from cn-a to ") + neutralisedIfNeeded(name));
        QCOMPARE(provtree::testing::unsafeCharacters(moved, false), QString());
        const QString renamed = model.indexForUuid(uuid(2), DiffModel::SummaryColumn).data().toString();
        QVERIFY2(renamed.startsWith(QStringLiteral("renamed from cn-a_numa0")), qPrintable(renamed));
        const QString parent = model.indexForUuid(uuid(4), DiffModel::SummaryColumn).data().toString();
        QCOMPARE(parent, QStringLiteral("renamed from cn-b"));
        QCOMPARE(model.nameOf(uuid(4)), name);
        QCOMPARE(model.oldNameOf(uuid(4)), QStringLiteral("cn-b"));

        // To and from the top.
        h = handMade();
        h.after[2].parentUuid.clear();
        DiffModel roots;
        roots.setDiff(TreeDiff::compute(h.before, h.after), h.before, h.after);
        QCOMPARE(roots.indexForUuid(uuid(3), DiffModel::SummaryColumn).data().toString(),
                 QStringLiteral("moved from cn-a to the top (now a root)"));
        roots.setDiff(TreeDiff::compute(h.after, h.before), h.after, h.before);
        QCOMPARE(roots.indexForUuid(uuid(3), DiffModel::SummaryColumn).data().toString(),
                 QStringLiteral("moved from the top (was a root) to cn-a"));
    }

    // The compare window's filters over a generated diff: what each lets through, their
    // ancestors kept, the tester content with every change of filter.
    void filterProxyShowsMatchesWithTheirAncestors()
    {
        const HandMade h = mutatedCloud(3, 600);
        DiffModel model;
        model.setDiff(TreeDiff::compute(h.before, h.after), h.before, h.after);
        DiffFilterProxyModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto shown = [&filter] {
            QStringList out;
            QList<QModelIndex> stack = {QModelIndex()};
            while (!stack.isEmpty()) {
                const QModelIndex parent = stack.takeLast();
                for (int row = 0; row < filter.rowCount(parent); ++row) {
                    const QModelIndex index = filter.index(row, 0, parent);
                    out.append(index.data(DiffModel::UuidRole).toString());
                    stack.append(index);
                }
            }
            return out;
        };
        const auto check = [&](int expectedMatches) {
            const QStringList rows = shown();
            int matches = 0;
            for (const QModelIndex &row : model.topDown()) {
                const bool matching = filter.matches(row);
                matches += matching ? 1 : 0;
                const QModelIndex proxy = filter.mapFromSource(row);
                if (matching) {
                    QVERIFY(proxy.isValid());
                    for (QModelIndex up = proxy.parent(); up.isValid(); up = up.parent())
                        QVERIFY(rows.contains(up.data(DiffModel::UuidRole).toString()));
                } else if (proxy.isValid()) {
                    // Only as the ancestor of a match.
                    bool below = false;
                    QList<QModelIndex> stack = {row};
                    while (!stack.isEmpty() && !below) {
                        const QModelIndex at = stack.takeLast();
                        for (int r = 0; r < model.rowCount(at); ++r) {
                            const QModelIndex child = model.index(r, 0, at);
                            below = below || filter.matches(child);
                            stack.append(child);
                        }
                    }
                    QVERIFY(below);
                }
            }
            QCOMPARE(filter.matchCount(), matches);
            if (expectedMatches >= 0)
                QCOMPARE(matches, expectedMatches);
        };
        check(int(model.topDown().size()));
        filter.setStatusFilter(DiffStatus::Moved);
        check(model.count(DiffStatus::Moved));
        filter.setStatusFilter(DiffStatus::Removed);
        check(model.count(DiffStatus::Removed));
        filter.setStatusFilter(std::nullopt);
        filter.setOnlyDifferences(true);
        check(int(model.topDown().size()) - model.count(DiffStatus::Unchanged));
        filter.setOnlyDifferences(false);
        filter.setSearchText(QStringLiteral("  NUMA1 ")); // trimmed, any case
        check(-1);
        QVERIFY(filter.matchCount() > 0);
        const QString someUuid = model.topDown().at(17).data(DiffModel::UuidRole).toString();
        filter.setSearchText(someUuid.mid(3, 12).toUpper());
        check(1);
        filter.setSearchText(QStringLiteral("no provider is called this"));
        check(0);
        QCOMPARE(filter.rowCount(), 0);
        filter.setSearchText({});
        check(int(model.topDown().size()));
    }

    // Next and previous difference among the rows a filter shows; none past the ends.
    void navigatorStepsThroughShownDifferences()
    {
        const HandMade h = handMade();
        DiffModel model;
        model.setDiff(TreeDiff::compute(h.before, h.after), h.before, h.after);
        DiffFilterProxyModel filter;
        filter.setSourceModel(&model);
        DifferenceNavigator navigator(&filter);
        navigator.setStops([&filter](const QModelIndex &index) { return filter.matches(filter.mapToSource(index)); });
        connect(&filter, &DiffFilterProxyModel::filtersChanged, &navigator, &DifferenceNavigator::invalidate);
        // Top-down: cn-a, cn-a_new (added), numa0 (changed), cn-b, numa1 (moved), gpu,
        // cn-c (removed), cn-c_child (removed).
        QCOMPARE(navigator.next({}), uuid(8));
        QCOMPARE(navigator.previous({}), QString());
        QCOMPARE(navigator.next(uuid(8)), uuid(2));
        QCOMPARE(navigator.next(uuid(4)), uuid(3));    // from an unchanged row
        QCOMPARE(navigator.previous(uuid(4)), uuid(2));
        QCOMPARE(navigator.next(uuid(7)), QString()); // the last one
        QCOMPARE(navigator.previous(uuid(8)), QString()); // the first one
        filter.setStatusFilter(DiffStatus::Removed);
        QCOMPARE(navigator.next({}), uuid(6));
        QCOMPARE(navigator.next(uuid(6)), uuid(7));
        QCOMPARE(navigator.previous(uuid(6)), QString());
        filter.setSearchText(QStringLiteral("child"));
        QCOMPARE(navigator.next({}), uuid(7)); // cn-c is shown as its ancestor, not a match: no stop
        QCOMPARE(navigator.previous(uuid(7)), QString());
        filter.setStatusFilter(std::nullopt);
        filter.setSearchText({});
        model.setDiff(TreeDiff::compute(h.before, h.before), h.before, h.before);
        QCOMPARE(navigator.next({}), QString()); // nothing differs
    }

    // Restoring and reverting explain themselves by name, never by uuid: the core's
    // messages name providers by uuid; the plan's explanation puts the names in.
    void revertPlanExplainsByName()
    {
        const HandMade h = handMade();
        DiffModel model;
        model.setDiff(TreeDiff::compute(h.before, h.after), h.before, h.after);
        ProviderTree tree;
        QVERIFY(tree.replaceAll(h.after).ok());
        const RevertPlan restore = RevertPlan::make(model, uuid(7), tree, QStringLiteral("old.json"));
        QCOMPARE(restore.action(), RevertPlan::Action::Restore);
        QVERIFY(restore.isPossible());
        QVERIFY(restore.needsConfirmation());
        QCOMPARE(restore.records().size(), 2); // cn-c, then cn-c_child
        QCOMPARE(restore.records().at(0).uuid, uuid(6));
        const Status refused(makeError(ProblemKind::UnknownParent,
                                 QStringLiteral("parent provider %1 was not found").arg(uuid(6)), uuid(7),
                                 QStringLiteral("parent_provider_uuid")));
        QCOMPARE(restore.summary(), QStringLiteral("cn-c_child could not be restored."));
        QCOMPARE(restore.explain(refused, model), QStringList{QStringLiteral("cn-c_child: its parent is not in the tree.")});
        // A refusal without words of its own: the core's message, names for uuids.
        const Status inUse(makeError(ProblemKind::InventoryInUse,
                                     QStringLiteral("inventory of VCPU on %1 is in use").arg(uuid(2)), uuid(7)));
        QCOMPARE(restore.explain(inUse, model),
                 QStringList{QStringLiteral("cn-c_child: inventory of VCPU on cn-a_numa0 is in use")});

        // A moved provider whose old parent is gone cannot go back: it says so by name.
        QList<ProviderData> without = h.after;
        without.removeAt(5); // cn-a_new
        without.removeAt(1); // cn-a_numa0
        without.removeAt(0); // cn-a
        QVERIFY(tree.replaceAll(without).ok());
        const RevertPlan revert = RevertPlan::make(model, uuid(3), tree, QStringLiteral("old.json"));
        QCOMPARE(revert.action(), RevertPlan::Action::Revert);
        QVERIFY(!revert.isPossible());
        QCOMPARE(revert.blockedReason(),
                 QStringLiteral("cn-a_numa1 cannot be reverted: its old parent cn-a is not in the tree. Restore cn-a first."));
    }

    void refusesBadIndexes()
    {
        const HandMade h = handMade();
        DiffModel model;
        model.setDiff(TreeDiff::compute(h.before, h.after), h.before, h.after);
        QVERIFY(!model.index(-1, 0).isValid());
        QVERIFY(!model.index(3, 0).isValid());
        QVERIFY(!model.index(0, DiffModel::ColumnCount).isValid());
        QVERIFY(!model.index(0, 0, model.index(0, 1)).isValid()); // non-zero parent column
        QCOMPARE(model.rowCount(model.index(0, 1)), 0);
        QVERIFY(!model.indexForUuid(uuid(99)).isValid());
        QCOMPARE(model.entryAt(QModelIndex()), nullptr);
    }

    void newDiffIsOneReset()
    {
        const HandMade h = handMade();
        DiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setDiff(TreeDiff::compute(h.before, h.after), h.before, h.after);
        QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // The same states the other way round: everything added is removed and vice versa.
        model.setDiff(TreeDiff::compute(h.after, h.before), h.after, h.before);
        QCOMPARE(aboutToReset.size(), 1);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(model.indexForUuid(uuid(8)).data(DiffModel::StatusRole).toInt(), int(DiffStatus::Removed));
        QCOMPARE(model.indexForUuid(uuid(6)).data(DiffModel::StatusRole).toInt(), int(DiffStatus::Added));
        // No difference at all: every row unchanged.
        model.setDiff(TreeDiff::compute(h.before, h.before), h.before, h.before);
        QCOMPARE(model.count(DiffStatus::Unchanged), int(h.before.size()));
        model.setEntries({});
        QCOMPARE(model.rowCount(), 0);
    }

    void generatedClouds_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<int>("count");
        QTest::newRow("small") << quint64(1) << 40;
        QTest::newRow("medium") << quint64(7) << 400;
        QTest::newRow("large") << quint64(42) << 3000;
    }

    void generatedClouds()
    {
        QFETCH(quint64, seed);
        QFETCH(int, count);
        const HandMade h = mutatedCloud(seed, count);
        const TreeDiff diff = TreeDiff::compute(h.before, h.after);
        DiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setDiff(diff, h.before, h.after);

        // Rows top-down are the diff's merged tree, with its statuses and parents.
        const QList<QModelIndex> rows = model.topDown();
        QCOMPARE(rows.size(), diff.mergedTree().size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const MergedEntry &merged = diff.mergedTree().at(i);
            QCOMPARE(rows.at(i).data(DiffModel::UuidRole).toString(), merged.uuid);
            QCOMPARE(rows.at(i).data(DiffModel::StatusRole).toInt(), int(merged.status));
            QCOMPARE(rows.at(i).parent().data(DiffModel::UuidRole).toString(), merged.parentUuid);
        }
        for (const DiffStatus status : {DiffStatus::Added, DiffStatus::Removed, DiffStatus::Changed,
                                        DiffStatus::Moved}) {
            QVERIFY2(model.count(status) > 0, qPrintable(diffStatusName(status)));
        }
        QCOMPARE(model.count(DiffStatus::Added), 5);

        // Each row's status and parent agree with its old and new records.
        for (const QModelIndex &row : rows) {
            const QVariant old = row.data(DiffModel::BeforeRole);
            const QVariant now = row.data(DiffModel::AfterRole);
            const QString status = diffStatusName(DiffStatus(row.data(DiffModel::StatusRole).toInt()));
            const QString parent = row.parent().data(DiffModel::UuidRole).toString();
            QVERIFY(old.isValid() || now.isValid());
            if (!old.isValid()) {
                QCOMPARE(status, diffStatusName(DiffStatus::Added));
                QCOMPARE(parent, now.value<ProviderData>().parentUuid);
            } else if (!now.isValid()) {
                QCOMPARE(status, diffStatusName(DiffStatus::Removed)); // under its old parent
                QCOMPARE(parent, old.value<ProviderData>().parentUuid);
            } else {
                const ProviderParts parts = DiffModel::changedParts(old.value<ProviderData>(), now.value<ProviderData>());
                const DiffStatus expected = parts.testFlag(ProviderPart::Parent) ? DiffStatus::Moved
                                            : parts                              ? DiffStatus::Changed
                                                                                 : DiffStatus::Unchanged;
                QCOMPARE(status, diffStatusName(expected));
                QCOMPARE(ProviderParts::fromInt(row.data(DiffModel::ChangedPartsRole).toInt()), parts);
                QCOMPARE(parent, now.value<ProviderData>().parentUuid);
            }
        }
    }

    // Content built on another thread (as the inspector builds a large comparison) shows
    // exactly what setDiff() shows, in one reset, tester-clean.
    void contentBuiltOnAWorkerIsTheSameAsSetDiff()
    {
        const HandMade h = mutatedCloud(3, 400);
        const TreeDiff diff = TreeDiff::compute(h.before, h.after);
        DiffModel direct;
        direct.setDiff(diff, h.before, h.after);

        DiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QFuture<DiffModel::Content> built
                = QtConcurrent::run([&diff, &h] { return DiffModel::contentOf(diff, h.before, h.after); });
        DiffModel::Content content = built.takeResult();
        QCOMPARE(content.size(), direct.size());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setContent(std::move(content));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(inserted.size(), 0);
        const QList<QModelIndex> expected = direct.topDown();
        const QList<QModelIndex> rows = model.topDown();
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            for (const int role : {int(DiffModel::UuidRole), int(DiffModel::StatusRole), int(DiffModel::ChangedPartsRole)})
                QCOMPARE(rows.at(i).data(role), expected.at(i).data(role));
            QCOMPARE(rows.at(i).siblingAtColumn(DiffModel::SummaryColumn).data(),
                     expected.at(i).siblingAtColumn(DiffModel::SummaryColumn).data());
            QCOMPARE(rows.at(i).parent().data(DiffModel::UuidRole), expected.at(i).parent().data(DiffModel::UuidRole));
        }
        for (const DiffStatus status : {DiffStatus::Added, DiffStatus::Removed, DiffStatus::Changed, DiffStatus::Moved})
            QCOMPARE(model.count(status), direct.count(status));
    }

    // The first difference is found without ordering every row, and is the one the full
    // order has first.
    void navigatorFindsTheFirstDifferenceAlone()
    {
        const HandMade h = mutatedCloud(9, 400);
        DiffModel model;
        model.setDiff(TreeDiff::compute(h.before, h.after), h.before, h.after);
        DifferenceNavigator quick(&model);
        const QString first = quick.next(QString());
        QVERIFY(!first.isEmpty());
        QVERIFY(model.indexForUuid(first).data(DiffModel::IsDifferenceRole).toBool());
        DifferenceNavigator ordered(&model);
        (void)ordered.previous(first); // orders every row first
        QCOMPARE(ordered.next(QString()), first);
        for (const QModelIndex &row : model.topDown()) { // nothing differs before it
            if (row.data(DiffModel::UuidRole).toString() == first)
                break;
            QVERIFY(!row.data(DiffModel::IsDifferenceRole).toBool());
        }
    }

    // The rows are the diff's merged tree and nothing else: two empty states (the one case
    // where compute() leaves it empty) show no rows; a diff built without it shows none
    // either, and says why.
    void rowsAreTheMergedTree()
    {
        DiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setDiff(TreeDiff::compute({}, {}), {}, {});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);

        const HandMade h = handMade();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no merged tree")));
        model.setDiff(TreeDiff::compute(h.before, h.after, false), h.before, h.after);
        QCOMPARE(reset.size(), 2);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDiffModel)
#include "tst_diffmodel.moc"
