// Queries over a whole tree: who has a trait, who shares an aggregate, which CUSTOM_ names
// are in use. Exact results, in top-down order, including the empty ones.
#include "providerqueries.h"
#include "providertree.h"

#include <QTest>

#include "support/testuuid.h"

using namespace provtree;

namespace {

using provtree::testing::uuid;

const QString kAggregateA = QStringLiteral("aaaaaaaa-0000-4000-8000-00000000000a");
const QString kAggregateB = QStringLiteral("bbbbbbbb-0000-4000-8000-00000000000b");

InventoryRecord record(qint64 total)
{
    InventoryRecord r;
    r.total = total;
    return r.effective();
}

// cn-01 (1)                  COMPUTE_NODE CUSTOM_GOLD HW_CPU_X86_AVX2   aggregate A   VCPU, CUSTOM_FPGA
//   cn-01_numa0 (2)          CUSTOM_GOLD HW_NUMA_ROOT                                  CUSTOM_FPGA
// cn-02 (3)                  COMPUTE_NODE                              aggregates A, B CUSTOM_MAGIC
// pool (4)                   MISC_SHARES_VIA_AGGREGATE                 aggregate B     DISK_GB
// lonely (5)                 (nothing: shares nothing with anyone)
void build(ProviderTree &tree)
{
    QVERIFY(tree.newRoot(QStringLiteral("cn-01"), uuid(1)).ok());
    QVERIFY(tree.newChild(QStringLiteral("cn-01_numa0"), uuid(1), uuid(2)).ok());
    QVERIFY(tree.newRoot(QStringLiteral("cn-02"), uuid(3)).ok());
    QVERIFY(tree.newRoot(QStringLiteral("pool"), uuid(4)).ok());
    QVERIFY(tree.newRoot(QStringLiteral("lonely"), uuid(5)).ok());
    const auto s = [](const char *text) { return QString::fromLatin1(text); };
    QVERIFY(tree.updateTraits(uuid(1), {s("HW_CPU_X86_AVX2"), s("COMPUTE_NODE"), s("CUSTOM_GOLD")}).ok());
    QVERIFY(tree.updateTraits(uuid(2), {s("HW_NUMA_ROOT"), s("CUSTOM_GOLD")}).ok());
    QVERIFY(tree.updateTraits(uuid(3), {s("COMPUTE_NODE")}).ok());
    QVERIFY(tree.updateTraits(uuid(4), {s("MISC_SHARES_VIA_AGGREGATE")}).ok());
    QVERIFY(tree.updateAggregates(uuid(1), {kAggregateA}).ok());
    QVERIFY(tree.updateAggregates(uuid(3), {kAggregateB, kAggregateA}).ok());
    QVERIFY(tree.updateAggregates(uuid(4), {kAggregateB}).ok());
    QVERIFY(tree.updateInventory(uuid(1), {{s("VCPU"), record(16)}, {s("CUSTOM_FPGA"), record(2)}}).ok());
    QVERIFY(tree.updateInventory(uuid(2), {{s("CUSTOM_FPGA"), record(1)}}).ok());
    QVERIFY(tree.updateInventory(uuid(3), {{s("CUSTOM_MAGIC"), record(1)}}).ok());
    QVERIFY(tree.updateInventory(uuid(4), {{s("DISK_GB"), record(1000)}}).ok());
}

QStringList uuids(const QList<queries::ProviderRef> &refs)
{
    QStringList out;
    for (const queries::ProviderRef &ref : refs)
        out.append(ref.uuid);
    return out;
}

QStringList names(const QList<queries::ProviderRef> &refs)
{
    QStringList out;
    for (const queries::ProviderRef &ref : refs)
        out.append(ref.name);
    return out;
}

} // namespace

class TestProviderQueries : public QObject
{
    Q_OBJECT

private slots:
    void providersWithTrait_data()
    {
        QTest::addColumn<QString>("trait");
        QTest::addColumn<QStringList>("expected"); // uuids, top-down
        QTest::newRow("two roots") << QStringLiteral("COMPUTE_NODE") << QStringList{uuid(1), uuid(3)};
        QTest::newRow("parent and child") << QStringLiteral("CUSTOM_GOLD") << QStringList{uuid(1), uuid(2)};
        QTest::newRow("one child") << QStringLiteral("HW_NUMA_ROOT") << QStringList{uuid(2)};
        QTest::newRow("one root") << QStringLiteral("MISC_SHARES_VIA_AGGREGATE") << QStringList{uuid(4)};
        QTest::newRow("nobody") << QStringLiteral("HW_GPU_API_VULKAN") << QStringList{};
        QTest::newRow("case matters") << QStringLiteral("compute_node") << QStringList{};
        QTest::newRow("prefix only") << QStringLiteral("COMPUTE") << QStringList{};
        QTest::newRow("empty") << QString() << QStringList{};
    }

    void providersWithTrait()
    {
        QFETCH(QString, trait);
        QFETCH(QStringList, expected);
        ProviderTree tree;
        build(tree);
        QCOMPARE(uuids(queries::providersWithTrait(tree, trait)), expected);
        QCOMPARE(uuids(queries::providersWithTrait(tree.allData(), trait)), expected);
    }

    void providersWithTraitCarriesNames()
    {
        ProviderTree tree;
        build(tree);
        const QList<queries::ProviderRef> refs = queries::providersWithTrait(tree, u"CUSTOM_GOLD");
        QCOMPARE(names(refs), (QStringList{QStringLiteral("cn-01"), QStringLiteral("cn-01_numa0")}));
        QCOMPARE(refs.first(), (queries::ProviderRef{uuid(1), QStringLiteral("cn-01")}));
    }

    void providersInAggregate_data()
    {
        QTest::addColumn<QString>("aggregate");
        QTest::addColumn<QStringList>("expected"); // names, top-down
        QTest::newRow("A") << kAggregateA << QStringList{QStringLiteral("cn-01"), QStringLiteral("cn-02")};
        QTest::newRow("B") << kAggregateB << QStringList{QStringLiteral("cn-02"), QStringLiteral("pool")};
        QTest::newRow("upper case") << kAggregateB.toUpper()
                                    << QStringList{QStringLiteral("cn-02"), QStringLiteral("pool")};
        QTest::newRow("unused uuid") << uuid(99) << QStringList{};
        QTest::newRow("not a uuid") << QStringLiteral("storage-pool") << QStringList{};
        QTest::newRow("empty") << QString() << QStringList{};
    }

    void providersInAggregate()
    {
        QFETCH(QString, aggregate);
        QFETCH(QStringList, expected);
        ProviderTree tree;
        build(tree);
        QCOMPARE(names(queries::providersInAggregate(tree, aggregate)), expected);
        QCOMPARE(names(queries::providersInAggregate(tree.allData(), aggregate)), expected);
    }

    void providerSharingNothing()
    {
        ProviderTree tree;
        build(tree);
        const QString lonely = uuid(5);
        const QList<ProviderData> all = tree.allData();
        QStringList allTraits;
        QStringList allAggregates;
        for (const ProviderData &p : all) {
            allTraits += p.traits;
            allAggregates += p.aggregates;
        }
        for (const QString &trait : std::as_const(allTraits))
            QVERIFY(!uuids(queries::providersWithTrait(all, trait)).contains(lonely));
        for (const QString &aggregate : std::as_const(allAggregates))
            QVERIFY(!uuids(queries::providersInAggregate(all, aggregate)).contains(lonely));
    }

    void customResourceClasses()
    {
        ProviderTree tree;
        build(tree);
        const QStringList expected{QStringLiteral("CUSTOM_FPGA"), QStringLiteral("CUSTOM_MAGIC")};
        QCOMPARE(queries::customResourceClasses(tree), expected);
        QCOMPARE(queries::customResourceClasses(tree.allData()), expected);
        QVERIFY(tree.updateInventory(uuid(3), {}).ok());
        QCOMPARE(queries::customResourceClasses(tree), QStringList{QStringLiteral("CUSTOM_FPGA")});
    }

    void customTraits()
    {
        ProviderTree tree;
        build(tree);
        QCOMPARE(queries::customTraits(tree), QStringList{QStringLiteral("CUSTOM_GOLD")});
        // Sorted, each once, standard ones around them ignored.
        const QStringList mixed{QStringLiteral("CUSTOM_ZEBRA"), QStringLiteral("CUSTOM_A"),
                                QStringLiteral("COMPUTE_NODE"), QStringLiteral("HW_NUMA_ROOT")};
        QVERIFY(tree.updateTraits(uuid(5), mixed).ok());
        QVERIFY(tree.addTraits(uuid(3), {QStringLiteral("CUSTOM_A")}).ok());
        const QStringList expected{QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_GOLD"),
                                   QStringLiteral("CUSTOM_ZEBRA")};
        QCOMPARE(queries::customTraits(tree), expected);
        QCOMPARE(queries::customTraits(tree.allData()), expected);
    }

    void aggregates()
    {
        ProviderTree tree;
        build(tree);
        QCOMPARE(queries::aggregates(tree), (QStringList{kAggregateA, kAggregateB}));
        QVERIFY(tree.updateAggregates(uuid(3), {}).ok());
        QVERIFY(tree.updateAggregates(uuid(4), {}).ok());
        QCOMPARE(queries::aggregates(tree.allData()), QStringList{kAggregateA});
    }

    void emptyTree()
    {
        const ProviderTree tree;
        QVERIFY(queries::providersWithTrait(tree, u"COMPUTE_NODE").isEmpty());
        QVERIFY(queries::providersInAggregate(tree, kAggregateA).isEmpty());
        QVERIFY(queries::customResourceClasses(tree).isEmpty());
        QVERIFY(queries::customTraits(tree).isEmpty());
        QVERIFY(queries::aggregates(tree).isEmpty());
    }

    void treeWithoutCustomNames()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("plain"), uuid(1)).ok());
        QVERIFY(tree.updateTraits(uuid(1), {QStringLiteral("COMPUTE_NODE")}).ok());
        QVERIFY(tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), record(8)}}).ok());
        QVERIFY(queries::customResourceClasses(tree).isEmpty());
        QVERIFY(queries::customTraits(tree).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProviderQueries)
#include "tst_providerqueries.moc"
