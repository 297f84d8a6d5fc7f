// Tree statistics on small hand-made trees; every expected number is worked out in the
// comments beside it.
#include "providertree.h"
#include "treestats.h"
#include "support/testrecords.h"

#include <QTest>

#include <limits>

using namespace provtree;

namespace {

InventoryRecord record(qint64 total, qint64 reserved, double ratio)
{
    InventoryRecord r;
    r.total = total;
    r.reserved = reserved;
    r.allocationRatio = ratio;
    return r;
}

using provtree::testing::providerRecord;

const QString kHost = QStringLiteral("10000000-0000-4000-8000-000000000001");
const QString kNuma0 = QStringLiteral("10000000-0000-4000-8000-000000000002");
const QString kNuma1 = QStringLiteral("10000000-0000-4000-8000-000000000003");
const QString kGpu = QStringLiteral("10000000-0000-4000-8000-000000000004");
const QString kPool = QStringLiteral("10000000-0000-4000-8000-000000000005");

// host (DISK_GB 100 - 10 reserved, ratio 1.5, 20 used)
//  +- numa0 (VCPU 16 - 2 reserved, ratio 4.0, 50 used; MEMORY_MB 1024 - 0, ratio 1.0, 512 used)
//  |   +- gpu (VGPU 3 - 0, ratio 1.0, 3 used)
//  +- numa1 (VCPU 16 - 0 reserved, ratio 4.0, 0 used)
// pool (DISK_GB 1000 - 0, ratio 1.0, 1200 used: overcommitted)
QList<ProviderData> handMadeForest()
{
    ProviderData host = providerRecord(kHost, QStringLiteral("host"));
    host.inventories.insert(QStringLiteral("DISK_GB"), record(100, 10, 1.5));
    host.usages.insert(QStringLiteral("DISK_GB"), 20);
    ProviderData numa0 = providerRecord(kNuma0, QStringLiteral("numa0"), kHost);
    numa0.inventories.insert(QStringLiteral("VCPU"), record(16, 2, 4.0));
    numa0.inventories.insert(QStringLiteral("MEMORY_MB"), record(1024, 0, 1.0));
    numa0.usages.insert(QStringLiteral("VCPU"), 50);
    numa0.usages.insert(QStringLiteral("MEMORY_MB"), 512);
    ProviderData numa1 = providerRecord(kNuma1, QStringLiteral("numa1"), kHost);
    numa1.inventories.insert(QStringLiteral("VCPU"), record(16, 0, 4.0));
    ProviderData gpu = providerRecord(kGpu, QStringLiteral("gpu"), kNuma0);
    gpu.inventories.insert(QStringLiteral("VGPU"), record(3, 0, 1.0));
    gpu.usages.insert(QStringLiteral("VGPU"), 3);
    ProviderData pool = providerRecord(kPool, QStringLiteral("pool"));
    pool.inventories.insert(QStringLiteral("DISK_GB"), record(1000, 0, 1.0));
    pool.usages.insert(QStringLiteral("DISK_GB"), 1200);
    // Children before parents on purpose: the order of the records must not matter.
    return {gpu, numa1, numa0, pool, host};
}

} // namespace

class tst_TreeStats : public QObject
{
    Q_OBJECT

private slots:
    void countsProvidersRootsAndDepth();
    void sumsEachResourceClass();
    void computesFromATree();
    void depth_data();
    void depth();
    void truncatesCapacityLikePlacement();
    void saturatesInsteadOfOverflowing();
    void survivesParentCycles();
};

void tst_TreeStats::countsProvidersRootsAndDepth()
{
    const TreeStats stats = TreeStats::compute(handMadeForest());
    QCOMPARE(stats.providers, 5);
    QCOMPARE(stats.roots, 2);    // host, pool
    QCOMPARE(stats.maxDepth, 3); // host -> numa0 -> gpu
}

void tst_TreeStats::sumsEachResourceClass()
{
    const TreeStats stats = TreeStats::compute(handMadeForest());
    QCOMPARE(stats.resourceClasses.keys(),
             (QStringList{QStringLiteral("DISK_GB"), QStringLiteral("MEMORY_MB"), QStringLiteral("VCPU"),
                          QStringLiteral("VGPU")}));
    // DISK_GB: host (100 - 10) * 1.5 = 135, 20 used, 115 free;
    //          pool (1000 - 0) * 1.0 = 1000, 1200 used, -200 free.
    QCOMPARE(stats.resourceClasses.value(QStringLiteral("DISK_GB")),
             (ResourceClassTotals{1100, 10, 1135, 1220, -85}));
    // VCPU: numa0 (16 - 2) * 4 = 56, 50 used, 6 free; numa1 (16 - 0) * 4 = 64, 0 used, 64 free.
    QCOMPARE(stats.resourceClasses.value(QStringLiteral("VCPU")), (ResourceClassTotals{32, 2, 120, 50, 70}));
    QCOMPARE(stats.resourceClasses.value(QStringLiteral("MEMORY_MB")),
             (ResourceClassTotals{1024, 0, 1024, 512, 512}));
    QCOMPARE(stats.resourceClasses.value(QStringLiteral("VGPU")), (ResourceClassTotals{3, 0, 3, 3, 0}));
}

void tst_TreeStats::computesFromATree()
{
    ProviderTree tree;
    const Status status = tree.replaceAll(handMadeForest());
    QVERIFY2(status.ok(), qPrintable(status.firstError().toString()));
    QCOMPARE(TreeStats::compute(tree), TreeStats::compute(handMadeForest()));
    QCOMPARE(TreeStats::compute(ProviderTree()).providers, 0);
}

void tst_TreeStats::depth_data()
{
    QTest::addColumn<int>("chainLength");
    QTest::addColumn<int>("expectedDepth");
    QTest::newRow("empty") << 0 << 0;
    QTest::newRow("a lone root is depth 1") << 1 << 1;
    QTest::newRow("root and child") << 2 << 2;
    QTest::newRow("deep chain") << 5000 << 5000; // no recursion: no deep stack either
}

void tst_TreeStats::depth()
{
    QFETCH(int, chainLength);
    QFETCH(int, expectedDepth);
    QList<ProviderData> chain;
    for (int i = 0; i < chainLength; ++i) {
        chain.prepend(providerRecord(QStringLiteral("uuid-%1").arg(i), QStringLiteral("p%1").arg(i),
                                   i == 0 ? QString() : QStringLiteral("uuid-%1").arg(i - 1)));
    }
    const TreeStats stats = TreeStats::compute(chain);
    QCOMPARE(stats.maxDepth, expectedDepth);
    QCOMPARE(stats.roots, chainLength > 0 ? 1 : 0);
}

void tst_TreeStats::truncatesCapacityLikePlacement()
{
    // int((7 - 0) * 1.5) = int(10.5) = 10, per record: two records give 20, not 21.
    ProviderData a = providerRecord(kHost, QStringLiteral("a"));
    a.inventories.insert(QStringLiteral("VCPU"), record(7, 0, 1.5));
    ProviderData b = providerRecord(kPool, QStringLiteral("b"));
    b.inventories.insert(QStringLiteral("VCPU"), record(7, 0, 1.5));
    QCOMPARE(TreeStats::compute({a, b}).resourceClasses.value(QStringLiteral("VCPU")).capacity, 20);
}

void tst_TreeStats::saturatesInsteadOfOverflowing()
{
    QList<ProviderData> records;
    for (int i = 0; i < 3; ++i) {
        ProviderData p = providerRecord(QStringLiteral("uuid-%1").arg(i), QStringLiteral("p%1").arg(i));
        p.inventories.insert(QStringLiteral("VCPU"), record(2147483647, 0, 3.4e38));
        records.append(p);
    }
    const ResourceClassTotals vcpu = TreeStats::compute(records).resourceClasses.value(QStringLiteral("VCPU"));
    QCOMPARE(vcpu.capacity, std::numeric_limits<qint64>::max());
    QCOMPARE(vcpu.free, std::numeric_limits<qint64>::max());
    QCOMPARE(vcpu.total, 3 * qint64(2147483647));
}

void tst_TreeStats::survivesParentCycles()
{
    // Never in a tree, but records from elsewhere may hold one: no endless loop.
    const QList<ProviderData> cycle{providerRecord(kHost, QStringLiteral("a"), kPool),
                                    providerRecord(kPool, QStringLiteral("b"), kHost)};
    const TreeStats stats = TreeStats::compute(cycle);
    QCOMPARE(stats.providers, 2);
    QCOMPARE(stats.roots, 0);
    QCOMPARE(stats.maxDepth, 2);
}

QTEST_GUILESS_MAIN(tst_TreeStats)
#include "tst_treestats.moc"
