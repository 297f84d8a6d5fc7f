// nova's own unit tests of ProviderTree (nova/tests/unit/compute/test_provider_tree.py,
// class TestProviderTree, read at openstack/nova 00a030403f672b975364c855b7d25b40ef83e757),
// ported to our ProviderTree: each test below names the nova test it ports. Facts are taken
// from nova; where our tree answers differently on purpose, the test says so and why, and
// providertree.h documents the same choice next to the method.
//
// nova raises ValueError where we return a Problem: "assertRaises(ValueError, ...)" becomes
// a check of the ProblemKind, and of the tree being unchanged where nova's test checks it.
// nova's trees are sets and dicts; ours keep traits and aggregates sorted and children in
// insertion order, so nova's set comparisons become list comparisons where the order is
// ours to promise.
//
// Not expressible here (no test):
// - test_update_resources, test_update_resources_no_existing_rp: our providers carry no
//   `resources` (nova's per-class sets of objects.Resource, for accelerators); usages are a
//   different thing (amounts allocated).
// - test_deep_copy: ProviderTree is deliberately neither copyable nor movable (one lock and
//   one set of observers per tree); nova's test is about its copies sharing one named lock.
//   A copy of our tree is made from a snapshot: allData() into another tree's replaceAll().
#include "providertree.h"

#include <QTest>
#include <QUuid>

#include "support/testanswer.h"

using namespace provtree;

namespace {

using provtree::testing::no;
using provtree::testing::yes;

// nova's uuidsentinel (uuids.cn1, uuids.root, ...): one fixed uuid per name. Name-based
// (version 5), so the same on every run.
QString uuids(const char *name)
{
    return QUuid::createUuidV5(QUuid(), QByteArray(name)).toString(QUuid::WithoutBraces);
}

// nova's setUp and _pt_with_cns: two compute nodes as roots, generation 0.
const QString kCn1Name = QStringLiteral("compute-node-1");
const QString kCn2Name = QStringLiteral("compute-node-2");

void addComputeNodes(ProviderTree &tree)
{
    QVERIFY(tree.newRoot(kCn1Name, uuids("cn1"), 0).ok());
    QVERIFY(tree.newRoot(kCn2Name, uuids("cn2"), 0).ok());
}

ProblemKind firstErrorKind(const Status &status)
{
    return status.firstError().kind;
}

} // namespace

class TestNovaProviderTree : public QObject
{
    Q_OBJECT

private slots:
    // --- yes/no queries on an unknown provider -----------------------------------------
    // nova raises ValueError; our queries return UnknownProvider instead of an answer.

    // nova: test_has_inventory_changed_no_existing_rp
    void hasInventoryChangedNoExistingRp()
    {
        ProviderTree tree;
        addComputeNodes(tree);
        const Result<bool> answer = tree.hasInventoryChanged(uuids("non_existing_rp"), {});
        QVERIFY(!answer.ok());
        QCOMPARE(firstErrorKind(answer.status()), ProblemKind::UnknownProvider);
    }

    // nova: test_have_traits_changed_no_existing_rp
    void haveTraitsChangedNoExistingRp()
    {
        ProviderTree tree;
        addComputeNodes(tree);
        const Result<bool> answer = tree.haveTraitsChanged(uuids("non_existing_rp"), {});
        QVERIFY(!answer.ok());
        QCOMPARE(firstErrorKind(answer.status()), ProblemKind::UnknownProvider);
    }

    // nova: test_have_aggregates_changed_no_existing_rp
    void haveAggregatesChangedNoExistingRp()
    {
        ProviderTree tree;
        addComputeNodes(tree);
        const Result<bool> answer = tree.haveAggregatesChanged(uuids("non_existing_rp"), {});
        QVERIFY(!answer.ok());
        QCOMPARE(firstErrorKind(answer.status()), ProblemKind::UnknownProvider);
    }

    // No nova test: nova's has_inventory, has_traits and in_aggregates document ":raises:
    // ValueError" for an unknown provider, like the three above. An empty list (whose
    // answer would be "yes" for any provider) is no exception, nor is a name.
    void otherYesNoQueriesRefuseAnUnknownProvider_data()
    {
        QTest::addColumn<QString>("ref");
        QTest::newRow("unknown uuid") << uuids("non_existing_rp");
        QTest::newRow("unknown name") << QStringLiteral("noexist");
    }
    void otherYesNoQueriesRefuseAnUnknownProvider()
    {
        QFETCH(QString, ref);
        ProviderTree tree;
        addComputeNodes(tree);
        QCOMPARE(firstErrorKind(tree.hasInventory(ref).status()), ProblemKind::UnknownProvider);
        QCOMPARE(firstErrorKind(tree.hasTraits(ref, {}).status()), ProblemKind::UnknownProvider);
        QCOMPARE(firstErrorKind(tree.inAggregates(ref, {}).status()), ProblemKind::UnknownProvider);
        // The same questions about a provider that is there have answers.
        QVERIFY(no(tree.hasInventory(kCn1Name)));
        QVERIFY(yes(tree.hasTraits(kCn1Name, {})));
        QVERIFY(yes(tree.inAggregates(kCn1Name, {})));
    }
};

QTEST_GUILESS_MAIN(TestNovaProviderTree)
#include "tst_novaprovidertree.moc"
