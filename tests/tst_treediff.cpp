// The diff engine on small hand-made trees: every kind of difference, the merged tree a
// compare view shows, and the rules that a generation alone is no change and that numbers
// compare by value.
#include "cloudgenerator.h"
#include "providertree.h"
#include "treediff.h"
#include "patchapply.h"
#include "patchfile.h"
#include "snapshotwriter.h"
#include "support/testrecords.h"

#include <QTest>

using namespace provtree;

namespace {

const QString kHost = QStringLiteral("10000000-0000-4000-8000-000000000001");
const QString kNuma0 = QStringLiteral("10000000-0000-4000-8000-000000000002");
const QString kNuma1 = QStringLiteral("10000000-0000-4000-8000-000000000003");
const QString kGpu = QStringLiteral("10000000-0000-4000-8000-000000000004");
const QString kPool = QStringLiteral("10000000-0000-4000-8000-000000000005");
const QString kHost2 = QStringLiteral("10000000-0000-4000-8000-000000000006");
const QString kAgg1 = QStringLiteral("a0000000-0000-4000-8000-000000000001");
const QString kAgg2 = QStringLiteral("a0000000-0000-4000-8000-000000000002");

InventoryRecord record(qint64 total, std::optional<double> ratio = {})
{
    InventoryRecord r;
    r.total = total;
    r.allocationRatio = ratio;
    return r;
}

using provtree::testing::providerRecord;

// host (VCPU 16, MEMORY_MB 4096; traits A, B; aggregate 1)
//  +- numa0 (VCPU 8)
//  |   +- gpu (VGPU 4)
//  +- numa1 (VCPU 8)
// host2
// pool (DISK_GB 1000)
QList<ProviderData> baseTree()
{
    ProviderData host = providerRecord(kHost, QStringLiteral("host"));
    host.inventories = {{QStringLiteral("VCPU"), record(16)}, {QStringLiteral("MEMORY_MB"), record(4096)}};
    host.usages = {{QStringLiteral("VCPU"), 4}};
    host.traits = {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B")};
    host.aggregates = {kAgg1};
    ProviderData numa0 = providerRecord(kNuma0, QStringLiteral("numa0"), kHost);
    numa0.inventories = {{QStringLiteral("VCPU"), record(8)}};
    ProviderData gpu = providerRecord(kGpu, QStringLiteral("gpu"), kNuma0);
    gpu.inventories = {{QStringLiteral("VGPU"), record(4)}};
    ProviderData numa1 = providerRecord(kNuma1, QStringLiteral("numa1"), kHost);
    numa1.inventories = {{QStringLiteral("VCPU"), record(8)}};
    ProviderData pool = providerRecord(kPool, QStringLiteral("pool"));
    pool.inventories = {{QStringLiteral("DISK_GB"), record(1000)}};
    return {host, numa0, gpu, numa1, providerRecord(kHost2, QStringLiteral("host2")), pool};
}

ProviderData &find(QList<ProviderData> &records, const QString &uuid)
{
    for (ProviderData &p : records) {
        if (p.uuid == uuid)
            return p;
    }
    qFatal("no such provider in the test tree");
}

void removeUuid(QList<ProviderData> &records, const QString &uuid)
{
    records.removeIf([&](const ProviderData &p) { return p.uuid == uuid; });
}

// Applying the diff to the old tree gives the new tree, byte for byte.
bool appliesExactly(const QList<ProviderData> &before, const QList<ProviderData> &after)
{
    ProviderTree tree;
    if (!tree.replaceAll(before).ok())
        return false;
    const TreeDiff diff = TreeDiff::compute(before, after);
    if (!applyPatch(tree, diff).ok())
        return false;
    return serialiseSnapshot(tree.allData()) == serialiseSnapshot(after);
}

const MergedEntry *mergedEntry(const TreeDiff &diff, const QString &uuid)
{
    for (const MergedEntry &e : diff.mergedTree()) {
        if (e.uuid == uuid)
            return &e;
    }
    return nullptr;
}

} // namespace

class tst_TreeDiff : public QObject
{
    Q_OBJECT

private slots:
    void equalTreesHaveNoDifference()
    {
        const QList<ProviderData> tree = baseTree();
        const TreeDiff diff = TreeDiff::compute(tree, tree);
        QVERIFY(diff.isEmpty());
        QVERIFY(diff.providers().isEmpty());
        QVERIFY(!diff.hasGenerationChanges());
        QCOMPARE(diff.mergedTree().size(), tree.size());
        for (const MergedEntry &e : diff.mergedTree()) {
            QCOMPARE(e.status, DiffStatus::Unchanged);
            QCOMPARE(e.diffIndex, -1);
        }
    }

    void inputOrderDoesNotMatter()
    {
        QList<ProviderData> shuffled = baseTree();
        std::reverse(shuffled.begin(), shuffled.end());
        QVERIFY(TreeDiff::compute(baseTree(), shuffled).providers().isEmpty());
    }

    void generationOnlyIsMetadata()
    {
        QList<ProviderData> after = baseTree();
        find(after, kNuma1).generation = 7;
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        QVERIFY(diff.isEmpty());
        QVERIFY(diff.hasGenerationChanges());
        QCOMPARE(diff.providers().size(), 1);
        const ProviderDiff *d = diff.find(kNuma1);
        QVERIFY(d);
        QCOMPARE(d->status, DiffStatus::Unchanged);
        QVERIFY(!d->isChange());
        QCOMPARE(d->generation, (ValueChange<qint64>{0, 7}));
        QVERIFY(diff.changed().isEmpty());
        QCOMPARE(mergedEntry(diff, kNuma1)->status, DiffStatus::Unchanged);
        QVERIFY(appliesExactly(baseTree(), after)); // the generation is still applied
    }

    void generationBesideAChangeIsReported()
    {
        QList<ProviderData> after = baseTree();
        find(after, kHost2).generation = 3;
        find(after, kHost2).traits = {QStringLiteral("CUSTOM_X")};
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        const ProviderDiff *d = diff.find(kHost2);
        QVERIFY(d);
        QCOMPARE(d->status, DiffStatus::Changed);
        QCOMPARE(d->generation, (ValueChange<qint64>{0, 3}));
    }

    void addedProvider()
    {
        QList<ProviderData> after = baseTree();
        ProviderData numa2 = providerRecord(QStringLiteral("10000000-0000-4000-8000-0000000000ff"),
                                      QStringLiteral("numa2"), kHost);
        numa2.inventories = {{QStringLiteral("VCPU"), record(4)}};
        after.append(numa2);
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        QVERIFY(!diff.isEmpty());
        QCOMPARE(diff.added(), QStringList{numa2.uuid});
        QVERIFY(diff.removed().isEmpty());
        QVERIFY(diff.changed().isEmpty()); // the parent gained a child: not a change of the parent
        const ProviderDiff *d = diff.find(numa2.uuid);
        QCOMPARE(d->status, DiffStatus::Added);
        QVERIFY(d->isSubtreeRoot());
        QCOMPARE(d->subtreeSize, 1);
        QCOMPARE(d->record.inventories.value(QStringLiteral("VCPU")), record(4).effective());
        const MergedEntry *e = mergedEntry(diff, numa2.uuid);
        QCOMPARE(e->parentUuid, kHost);
        QCOMPARE(e->depth, 1);
        QCOMPARE(e->status, DiffStatus::Added);
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void removedSubtreeIsNamedOnceWithItsSize()
    {
        QList<ProviderData> after = baseTree();
        removeUuid(after, kHost);
        removeUuid(after, kNuma0);
        removeUuid(after, kGpu);
        removeUuid(after, kNuma1);
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        const QList<const ProviderDiff *> tops = diff.removedSubtrees();
        QCOMPARE(tops.size(), 1);
        QCOMPARE(tops.first()->uuid, kHost);
        QCOMPARE(tops.first()->subtreeSize, 4);
        QCOMPARE(diff.find(kGpu)->subtreeRoot, kHost);
        QCOMPARE(diff.find(kGpu)->subtreeSize, 0);
        QStringList expected{kHost, kNuma0, kGpu, kNuma1};
        expected.sort();
        QCOMPARE(diff.removed(), expected); // the summary lists each provider
        // The merged tree keeps them, under their old parents, top-down.
        QCOMPARE(mergedEntry(diff, kGpu)->parentUuid, kNuma0);
        QCOMPARE(mergedEntry(diff, kGpu)->depth, 2);
        QCOMPARE(mergedEntry(diff, kGpu)->status, DiffStatus::Removed);
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void addedSubtreeUnderAnAddedRoot()
    {
        QList<ProviderData> after = baseTree();
        const QString root = QStringLiteral("20000000-0000-4000-8000-000000000001");
        const QString child = QStringLiteral("20000000-0000-4000-8000-000000000002");
        after.append(providerRecord(child, QStringLiteral("new-child"), root)); // child first: any order
        after.append(providerRecord(root, QStringLiteral("new-root")));
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        QCOMPARE(diff.addedSubtrees().size(), 1);
        QCOMPARE(diff.addedSubtrees().first()->uuid, root);
        QCOMPARE(diff.addedSubtrees().first()->subtreeSize, 2);
        QCOMPARE(diff.added().size(), 2);
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void rename()
    {
        QList<ProviderData> after = baseTree();
        find(after, kNuma0).name = QStringLiteral("numa-zero");
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        const ProviderDiff *d = diff.find(kNuma0);
        QCOMPARE(d->status, DiffStatus::Changed);
        QCOMPARE(d->name, (ValueChange<QString>{QStringLiteral("numa0"), QStringLiteral("numa-zero")}));
        QVERIFY(!d->parentUuid);
        QCOMPARE(diff.changed(), QStringList{kNuma0});
        QCOMPARE(mergedEntry(diff, kNuma0)->name, QStringLiteral("numa-zero"));
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void reparent()
    {
        QList<ProviderData> after = baseTree();
        find(after, kGpu).parentUuid = kNuma1;
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        const ProviderDiff *d = diff.find(kGpu);
        QCOMPARE(d->status, DiffStatus::Moved);
        QCOMPARE(d->parentUuid, (ValueChange<QString>{kNuma0, kNuma1}));
        QCOMPARE(diff.changed(), QStringList{kGpu}); // a move is a change in the summary
        const MergedEntry *e = mergedEntry(diff, kGpu);
        QCOMPARE(e->parentUuid, kNuma1); // placed under its new parent
        QCOMPARE(e->status, DiffStatus::Moved);
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void reparentToRootAndFromRoot()
    {
        QList<ProviderData> after = baseTree();
        find(after, kNuma1).parentUuid.clear();
        find(after, kHost2).parentUuid = kPool;
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        QCOMPARE(diff.find(kNuma1)->parentUuid, (ValueChange<QString>{kHost, QString()}));
        QCOMPARE(diff.find(kHost2)->parentUuid, (ValueChange<QString>{QString(), kPool}));
        QCOMPARE(mergedEntry(diff, kNuma1)->depth, 0);
        QCOMPARE(mergedEntry(diff, kHost2)->depth, 1);
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void movedUnderARemovedProvidersSibling()
    {
        // numa0 goes away, its gpu survives under numa1: one removal, one move.
        QList<ProviderData> after = baseTree();
        removeUuid(after, kNuma0);
        find(after, kGpu).parentUuid = kNuma1;
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        QCOMPARE(diff.removed(), QStringList{kNuma0});
        QCOMPARE(diff.find(kNuma0)->subtreeSize, 1);
        QCOMPARE(diff.find(kGpu)->status, DiffStatus::Moved);
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void inventoryClassesAddedRemovedChanged()
    {
        QList<ProviderData> after = baseTree();
        ProviderData &host = find(after, kHost);
        host.inventories.remove(QStringLiteral("MEMORY_MB"));
        host.inventories.insert(QStringLiteral("DISK_GB"), record(500));
        host.inventories[QStringLiteral("VCPU")].total = 32;
        host.inventories[QStringLiteral("VCPU")].allocationRatio = 4.0;
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        const ProviderDiff *d = diff.find(kHost);
        QCOMPARE(d->status, DiffStatus::Changed);
        QCOMPARE(d->inventories.size(), 3);
        QCOMPARE(d->inventories[0].resourceClass, QStringLiteral("DISK_GB"));
        QCOMPARE(d->inventories[0].kind, InventoryChange::Kind::Added);
        QCOMPARE(d->inventories[0].record, record(500).effective());
        QCOMPARE(d->inventories[1].resourceClass, QStringLiteral("MEMORY_MB"));
        QCOMPARE(d->inventories[1].kind, InventoryChange::Kind::Removed);
        QCOMPARE(d->inventories[1].record, record(4096).effective());
        QCOMPARE(d->inventories[2].resourceClass, QStringLiteral("VCPU"));
        QCOMPARE(d->inventories[2].kind, InventoryChange::Kind::Changed);
        const QList<InventoryFieldChange> fields{{InventoryField::Total, 16, 32},
                                                 {InventoryField::AllocationRatio, 1.0, 4.0}};
        QCOMPARE(d->inventories[2].fields, fields);
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void numbersCompareByValue_data()
    {
        QTest::addColumn<std::optional<double>>("before");
        QTest::addColumn<std::optional<double>>("after");
        QTest::addColumn<bool>("changed");
        QTest::newRow("16 == 16.0") << std::optional<double>(16) << std::optional<double>(16.0) << false;
        QTest::newRow("absent == default 1.0") << std::optional<double>() << std::optional<double>(1.0) << false;
        QTest::newRow("1.0 == absent") << std::optional<double>(1.0) << std::optional<double>() << false;
        QTest::newRow("1.5 != 1.0") << std::optional<double>(1.5) << std::optional<double>(1.0) << true;
        QTest::newRow("absent != 2.0") << std::optional<double>() << std::optional<double>(2.0) << true;
    }

    void numbersCompareByValue()
    {
        QFETCH(std::optional<double>, before);
        QFETCH(std::optional<double>, after);
        QFETCH(bool, changed);
        QList<ProviderData> a = baseTree();
        QList<ProviderData> b = baseTree();
        find(a, kPool).inventories[QStringLiteral("DISK_GB")].allocationRatio = before;
        find(b, kPool).inventories[QStringLiteral("DISK_GB")].allocationRatio = after;
        // An absent integer field equals Placement's default given explicitly, too.
        find(b, kPool).inventories[QStringLiteral("DISK_GB")].reserved = 0;
        QCOMPARE(!TreeDiff::compute(a, b).isEmpty(), changed);
    }

    void traitsAggregatesAndUsages()
    {
        QList<ProviderData> after = baseTree();
        ProviderData &host = find(after, kHost);
        host.traits = {QStringLiteral("CUSTOM_B"), QStringLiteral("CUSTOM_C")};
        host.aggregates = {kAgg2};
        host.usages = {{QStringLiteral("VCPU"), 6}, {QStringLiteral("MEMORY_MB"), 1024}};
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        const ProviderDiff *d = diff.find(kHost);
        QCOMPARE(d->status, DiffStatus::Changed);
        QCOMPARE(d->traitsAdded, QStringList{QStringLiteral("CUSTOM_C")});
        QCOMPARE(d->traitsRemoved, QStringList{QStringLiteral("CUSTOM_A")});
        QCOMPARE(d->aggregatesAdded, QStringList{kAgg2});
        QCOMPARE(d->aggregatesRemoved, QStringList{kAgg1});
        const QList<UsageChange> usages{{QStringLiteral("MEMORY_MB"), std::nullopt, 1024},
                                        {QStringLiteral("VCPU"), 4, 6}};
        QCOMPARE(d->usages, usages);
        QVERIFY(d->inventories.isEmpty());
        QVERIFY(appliesExactly(baseTree(), after));
    }

    void usageRemoved()
    {
        QList<ProviderData> after = baseTree();
        find(after, kHost).usages.clear();
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        const ProviderDiff *d = diff.find(kHost);
        QCOMPARE(d->usages, (QList<UsageChange>{{QStringLiteral("VCPU"), 4, std::nullopt}}));
        QVERIFY(appliesExactly(baseTree(), after));
    }

    // nova's reshape: the compute node's VCPU and MEMORY_MB move to new NUMA children, and
    // a GPU child appears with VGPU.
    void reshape()
    {
        ProviderData node = providerRecord(kHost, QStringLiteral("cn-1"));
        node.inventories = {{QStringLiteral("VCPU"), record(32)}, {QStringLiteral("MEMORY_MB"), record(65536)},
                            {QStringLiteral("DISK_GB"), record(1000)}};
        node.usages = {{QStringLiteral("VCPU"), 8}};
        const QList<ProviderData> before{node};

        ProviderData reshaped = node;
        reshaped.inventories = {{QStringLiteral("DISK_GB"), record(1000)}};
        reshaped.usages.clear();
        ProviderData numa0 = providerRecord(kNuma0, QStringLiteral("cn-1_numa0"), kHost);
        numa0.inventories = {{QStringLiteral("VCPU"), record(16)}, {QStringLiteral("MEMORY_MB"), record(32768)}};
        numa0.usages = {{QStringLiteral("VCPU"), 8}};
        ProviderData numa1 = providerRecord(kNuma1, QStringLiteral("cn-1_numa1"), kHost);
        numa1.inventories = numa0.inventories;
        ProviderData gpu = providerRecord(kGpu, QStringLiteral("cn-1_pgpu0"), kNuma0);
        gpu.inventories = {{QStringLiteral("VGPU"), record(8)}};
        const QList<ProviderData> after{reshaped, numa0, numa1, gpu};

        const TreeDiff diff = TreeDiff::compute(before, after);
        const ProviderDiff *d = diff.find(kHost);
        QCOMPARE(d->status, DiffStatus::Changed);
        QCOMPARE(d->inventories.size(), 2);
        QCOMPARE(d->inventories[0].kind, InventoryChange::Kind::Removed); // MEMORY_MB
        QCOMPARE(d->inventories[1].kind, InventoryChange::Kind::Removed); // VCPU
        QCOMPARE(d->usages, (QList<UsageChange>{{QStringLiteral("VCPU"), 8, std::nullopt}}));
        QCOMPARE(diff.addedSubtrees().size(), 2); // numa0 (with gpu) and numa1
        QCOMPARE(diff.find(kNuma0)->subtreeSize, 2);
        QCOMPARE(diff.find(kNuma1)->subtreeSize, 1);
        QCOMPARE(diff.find(kGpu)->subtreeRoot, kNuma0);
        QCOMPARE(diff.added().size(), 3);
        QCOMPARE(diff.changed(), QStringList{kHost});
        QVERIFY(appliesExactly(before, after));
    }

    void mergedTreeIsTopDownAndSorted()
    {
        QList<ProviderData> after = baseTree();
        removeUuid(after, kNuma1);
        find(after, kPool).name = QStringLiteral("a-pool"); // sorts first among roots now
        const TreeDiff diff = TreeDiff::compute(baseTree(), after);
        QStringList order;
        for (const MergedEntry &e : diff.mergedTree())
            order.append(e.name);
        const QStringList expected{QStringLiteral("a-pool"), QStringLiteral("host"), QStringLiteral("numa0"),
                                   QStringLiteral("gpu"), QStringLiteral("numa1"), QStringLiteral("host2")};
        QCOMPARE(order, expected);
        for (const MergedEntry &e : diff.mergedTree()) {
            if (e.diffIndex >= 0)
                QCOMPARE(diff.providers().at(e.diffIndex).uuid, e.uuid);
        }
        QCOMPARE(mergedEntry(diff, kNuma1)->status, DiffStatus::Removed);
        QCOMPARE(mergedEntry(diff, kPool)->status, DiffStatus::Changed);
        QVERIFY(TreeDiff::compute(baseTree(), after, false).mergedTree().isEmpty());
    }

    void deepChainIsOneSubtree()
    {
        // Iterative walks only: a recursion per level would overflow the stack here.
        const QList<ProviderData> chain = testsupport::CloudGenerator(3).chain(5000);
        const TreeDiff added = TreeDiff::compute({}, chain);
        QCOMPARE(added.addedSubtrees().size(), 1);
        QCOMPARE(added.addedSubtrees().first()->uuid, chain.first().uuid);
        QCOMPARE(added.addedSubtrees().first()->subtreeSize, 5000);
        QCOMPARE(added.mergedTree().size(), 5000);
        QCOMPARE(added.mergedTree().last().depth, 4999);
        QCOMPARE(added.mergedTree().last().uuid, chain.last().uuid);
        const TreeDiff removed = TreeDiff::compute(chain, {});
        QCOMPARE(removed.removedSubtrees().size(), 1);
        QCOMPARE(removed.removedSubtrees().first()->subtreeSize, 5000);
    }

    void wholeTreeReplaced()
    {
        const TreeDiff diff = TreeDiff::compute(baseTree(), {});
        QCOMPARE(diff.removed().size(), baseTree().size());
        QCOMPARE(diff.removedSubtrees().size(), 3); // host, host2, pool
        const TreeDiff back = TreeDiff::compute({}, baseTree());
        QCOMPARE(back.added().size(), baseTree().size());
        QVERIFY(appliesExactly(baseTree(), {}));
        QVERIFY(appliesExactly({}, baseTree()));
    }
};

QTEST_GUILESS_MAIN(tst_TreeDiff)
#include "tst_treediff.moc"
