// ProviderFilterProxyModel: which providers a search text keeps visible, with their
// ancestors, over a live ProviderTreeModel (checked by QAbstractItemModelTester).
#include "providerfilterproxymodel.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "support/modelrows.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace provtree;

namespace {

ProviderData provider(const QString &name, const QString &uuid, const QString &parent,
                      const QStringList &classes, QStringList traits, QStringList aggregates = {})
{
    ProviderData data;
    data.name = name;
    data.uuid = uuid;
    data.parentUuid = parent;
    for (const QString &rc : classes) {
        InventoryRecord record;
        record.total = 64;
        data.inventories.insert(rc, record.effective());
    }
    traits.sort();
    aggregates.sort();
    data.traits = traits;
    data.aggregates = aggregates;
    return data;
}

const QString kCn01 = QStringLiteral("00000000-0000-4000-8000-000000000001");
const QString kNuma = QStringLiteral("00000000-0000-4000-8000-000000000002");
const QString kGpu = QStringLiteral("00000000-0000-4000-8000-000000000003");
const QString kCn02 = QStringLiteral("00000000-0000-4000-8000-000000000004");
const QString kAgent = QStringLiteral("00000000-0000-4000-8000-000000000005");
const QString kBridge = QStringLiteral("00000000-0000-4000-8000-000000000006");
const QString kCeph = QStringLiteral("00000000-0000-4000-8000-000000000007");
const QString kAggregate = QStringLiteral("ea11e2fc-ae39-5781-964e-2a0ab6075bbf");

// cn-01 { cn-01_numa0, cn-01_pci_gpu }, cn-02 { cn-02:agent { cn-02:agent:br-ex } }, ceph-pool
QList<ProviderData> sampleRecords()
{
    return {
        provider(QStringLiteral("cn-01"), kCn01, {}, {QStringLiteral("DISK_GB")},
                 {QStringLiteral("COMPUTE_ARCH_X86_64")}, {kAggregate}),
        provider(QStringLiteral("cn-01_numa0"), kNuma, kCn01, {QStringLiteral("VCPU"), QStringLiteral("MEMORY_MB")},
                 {QStringLiteral("HW_NUMA_ROOT")}),
        provider(QStringLiteral("cn-01_pci_gpu"), kGpu, kCn01, {QStringLiteral("VGPU")},
                 {QStringLiteral("CUSTOM_NVIDIA_35")}),
        provider(QStringLiteral("cn-02"), kCn02, {}, {QStringLiteral("VCPU")}, {QStringLiteral("COMPUTE_ARCH_X86_64")}),
        provider(QStringLiteral("cn-02:agent"), kAgent, kCn02, {}, {QStringLiteral("CUSTOM_VNIC_TYPE_NORMAL")}),
        provider(QStringLiteral("cn-02:agent:br-ex"), kBridge, kAgent, {QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC")},
                 {QStringLiteral("CUSTOM_PHYSNET_PUBLIC")}),
        provider(QStringLiteral("ceph-pool"), kCeph, {}, {QStringLiteral("DISK_GB")},
                 {QStringLiteral("MISC_SHARES_VIA_AGGREGATE")}, {kAggregate}),
    };
}

using provtree::testing::visibleRows;

} // namespace

class TestProviderFilterProxyModel : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void followsTreeEdits();
    void showsADeepMatchOfAnEditThatKeepsTheGeneration();
    void clearingShowsEverything();
};

void TestProviderFilterProxyModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");

    const QStringList all{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0"),
                          QStringLiteral("  cn-01_pci_gpu"), QStringLiteral("cn-02"),
                          QStringLiteral("  cn-02:agent"), QStringLiteral("    cn-02:agent:br-ex"),
                          QStringLiteral("ceph-pool")};
    QTest::newRow("empty") << QString() << all;
    QTest::newRow("blanks") << QStringLiteral("   ") << all;
    QTest::newRow("name, ancestors kept")
            << QStringLiteral("br-ex")
            << QStringList{QStringLiteral("cn-02"), QStringLiteral("  cn-02:agent"),
                           QStringLiteral("    cn-02:agent:br-ex")};
    QTest::newRow("case-insensitive")
            << QStringLiteral("NUMA0") << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0")};
    QTest::newRow("uuid") << kGpu.toUpper()
                          << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_pci_gpu")};
    QTest::newRow("trait, matching parent keeps children hidden")
            << QStringLiteral("compute_arch")
            << QStringList{QStringLiteral("cn-01"), QStringLiteral("cn-02")};
    QTest::newRow("resource class")
            << QStringLiteral("VCPU")
            << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0"), QStringLiteral("cn-02")};
    QTest::newRow("aggregate")
            << kAggregate.left(8) << QStringList{QStringLiteral("cn-01"), QStringLiteral("ceph-pool")};
    QTest::newRow("every term must match")
            << QStringLiteral("cn-0 disk_gb") << QStringList{QStringLiteral("cn-01")};
    QTest::newRow("kind: prefix")
            << QStringLiteral("kind:gpu") << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_pci_gpu")};
    QTest::newRow("kind: sharing")
            << QStringLiteral("KIND:sharing") << QStringList{QStringLiteral("ceph-pool")};
    QTest::newRow("trait: prefix ignores names")
            << QStringLiteral("trait:numa") << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0")};
    QTest::newRow("class: prefix ignores names")
            << QStringLiteral("class:gpu") << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_pci_gpu")};
    QTest::newRow("rc: prefix")
            << QStringLiteral("rc:net_bw")
            << QStringList{QStringLiteral("cn-02"), QStringLiteral("  cn-02:agent"),
                           QStringLiteral("    cn-02:agent:br-ex")};
    QTest::newRow("a bare prefix is a plain term")
            << QStringLiteral("trait:") << QStringList{};
    QTest::newRow("no match") << QStringLiteral("nothing-like-this") << QStringList{};
}

void TestProviderFilterProxyModel::filter()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);

    ProviderTree tree;
    QVERIFY(tree.populate(sampleRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);

    proxy.setSearchText(text);
    QCOMPARE(proxy.searchText(), text);
    QCOMPARE(visibleRows(proxy), expected);
}

void TestProviderFilterProxyModel::followsTreeEdits()
{
    ProviderTree tree;
    QVERIFY(tree.populate(sampleRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSearchText(QStringLiteral("numa"));
    QCOMPARE(visibleRows(proxy), (QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0")}));

    // A new match appears under its ancestors; a renamed one leaves; a removed one goes.
    QVERIFY(tree.newChild(QStringLiteral("cn-02:agent:numa-ish"), kAgent).ok());
    QTRY_COMPARE(visibleRows(proxy),
                 (QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0"), QStringLiteral("cn-02"),
                              QStringLiteral("  cn-02:agent"), QStringLiteral("    cn-02:agent:numa-ish")}));
    QVERIFY(tree.rename(kNuma, QStringLiteral("cn-01_cell0")).ok());
    // Still a match: its HW_NUMA_ROOT trait.
    QTRY_COMPARE(visibleRows(proxy).size(), 5);
    QVERIFY(tree.removeTraits(kNuma, {QStringLiteral("HW_NUMA_ROOT")}).ok());
    QTRY_COMPARE(visibleRows(proxy),
                 (QStringList{QStringLiteral("cn-02"), QStringLiteral("  cn-02:agent"),
                              QStringLiteral("    cn-02:agent:numa-ish")}));
    QVERIFY(tree.remove(kCn02).ok());
    QTRY_COMPARE(visibleRows(proxy), QStringList{});
}

// Placement's sync sets traits with the generation Placement reports, so the edit changes
// no displayed text; the ancestors that the new match needs must still appear.
void TestProviderFilterProxyModel::showsADeepMatchOfAnEditThatKeepsTheGeneration()
{
    ProviderTree tree;
    QVERIFY(tree.populate(sampleRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSearchText(QStringLiteral("trait:CUSTOM_PHYSNET_PRIVATE"));
    QCOMPARE(visibleRows(proxy), QStringList{});

    const qint64 generation = tree.data(kBridge)->generation;
    QVERIFY(tree.addTraits(kBridge, {QStringLiteral("CUSTOM_PHYSNET_PRIVATE")}, std::optional<qint64>(generation)).ok());
    QTRY_COMPARE(visibleRows(proxy), (QStringList{QStringLiteral("cn-02"), QStringLiteral("  cn-02:agent"),
                                                  QStringLiteral("    cn-02:agent:br-ex")}));
}

void TestProviderFilterProxyModel::clearingShowsEverything()
{
    ProviderTree tree;
    QVERIFY(tree.populate(sampleRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSearchText(QStringLiteral("ceph"));
    QCOMPARE(visibleRows(proxy).size(), 1);
    proxy.setSearchText(QString());
    QCOMPARE(visibleRows(proxy).size(), 7);
}

QTEST_MAIN(TestProviderFilterProxyModel)
#include "tst_providerfilterproxymodel.moc"
