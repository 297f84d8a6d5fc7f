// ProviderFilterProxyModel: which providers a search text keeps visible, with their
// ancestors, how many match, and the order of siblings (natural order of names, any
// column), over a live ProviderTreeModel (checked by QAbstractItemModelTester) through
// random edits; and how long sorting 10,000 providers takes (printed, not asserted).
#include "caseinsensitivefinder.h"
#include "naturalsortkey.h"
#include "providerfilterproxymodel.h"
#include "providersortkey.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "support/cloudgenerator.h"
#include "support/modelrows.h"
#include "support/testuuid.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QIdentityProxyModel>
#include <QSignalSpy>
#include <QTest>

#include <random>

using namespace provtree;
using namespace Qt::Literals::StringLiterals;

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

// Siblings given in an order that is neither natural nor alphabetical: file order.
//   cn-10 { cn-10_numa1, cn-10_numa0 }, cn-2 { cn-2:agent }, cn-1, ceph-pool
QList<ProviderData> scrambledRecords()
{
    QList<ProviderData> records{
        provider(QStringLiteral("cn-10"), testing::uuid(1), {}, {QStringLiteral("VCPU")}, {}),
        provider(QStringLiteral("cn-10_numa1"), testing::uuid(2), testing::uuid(1), {QStringLiteral("VCPU")}, {}),
        provider(QStringLiteral("cn-10_numa0"), testing::uuid(3), testing::uuid(1),
                 {QStringLiteral("VCPU"), QStringLiteral("MEMORY_MB")}, {}),
        provider(QStringLiteral("cn-2"), testing::uuid(4), {}, {QStringLiteral("DISK_GB"), QStringLiteral("VCPU")}, {}),
        provider(QStringLiteral("cn-2:agent"), testing::uuid(5), testing::uuid(4), {}, {}),
        provider(QStringLiteral("cn-1"), testing::uuid(6), {}, {}, {}),
        provider(QStringLiteral("ceph-pool"), testing::uuid(7), {}, {QStringLiteral("DISK_GB")}, {}),
    };
    records[0].generation = 7; // cn-10
    records[3].generation = 30; // cn-2
    records[5].generation = 2; // cn-1
    records[6].generation = 12; // ceph-pool
    // Totals of 64 each (provider()); usage: cn-2 88 % of DISK_GB, cn-10 50 % of VCPU.
    records[3].usages.insert(QStringLiteral("DISK_GB"), 56);
    records[0].usages.insert(QStringLiteral("VCPU"), 32);
    records[6].inventories[QStringLiteral("DISK_GB")].total = 1000;
    return records;
}

// Roots only: the first column of every top-level row.
QStringList rootNames(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, 0).data().toString());
    return names;
}

// What a proxy shows as a set: "parent uuid > uuid" per visible row (order left out).
QSet<QString> visibleLinks(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QSet<QString> links;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        links.insert(parent.data(ProviderTreeModel::UuidRole).toString() + QStringLiteral(" > ")
                     + index.data(ProviderTreeModel::UuidRole).toString());
        links.unite(visibleLinks(model, index));
    }
    return links;
}

// What a search shows, worked out from the tree alone: every provider that matches or has a
// match below it, as visibleLinks() writes them.
QSet<QString> expectedLinks(const ProviderTree &tree, const std::function<bool(const ProviderData &)> &matches)
{
    QHash<QString, QString> parentOf;
    const QList<ProviderData> all = tree.allData();
    for (const ProviderData &provider : all)
        parentOf.insert(provider.uuid, provider.parentUuid);
    QSet<QString> shown;
    for (const ProviderData &provider : all) {
        if (!matches(provider))
            continue;
        for (QString uuid = provider.uuid; !uuid.isEmpty() && !shown.contains(uuid); uuid = parentOf.value(uuid))
            shown.insert(uuid);
    }
    QSet<QString> links;
    for (const QString &uuid : std::as_const(shown))
        links.insert(parentOf.value(uuid) + QStringLiteral(" > ") + uuid);
    return links;
}

ProviderSortKey keyOf(const QModelIndex &proxyIndex, int column)
{
    return ProviderSortKey::forCell(proxyIndex.siblingAtColumn(column));
}

// Empty when every parent's children are in `order` by their key in `column`; else the
// first pair out of order.
QString firstUnsortedPair(const QAbstractItemModel &model, int column, Qt::SortOrder order,
                          const QModelIndex &parent = {})
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (row > 0) {
            const QModelIndex before = model.index(row - 1, 0, parent);
            const bool inverted = order == Qt::AscendingOrder ? keyOf(index, column) < keyOf(before, column)
                                                              : keyOf(before, column) < keyOf(index, column);
            if (inverted)
                return before.data().toString() + QStringLiteral(" before ") + index.data().toString();
        }
        const QString below = firstUnsortedPair(model, column, order, index);
        if (!below.isEmpty())
            return below;
    }
    return {};
}

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
    void matchCountFollowsEdits();
    void caseInsensitiveFinderAnswersAsQtDoes_data();
    void caseInsensitiveFinderAnswersAsQtDoes();
    void caseInsensitiveFinderAgreesWithQtOnRandomText();

    void naturalSortKey_data();
    void naturalSortKey();
    void sortsNamesInNaturalOrder();
    void sortsByEveryColumn_data();
    void sortsByEveryColumn();
    void aRenameMovesOneRowWithinItsParent();
    void aReparentIsOneMoveThatKeepsTheRowsBelow();
    void marksBelowChangeOneRangeOfShownRows();
    void randomEditsKeepTheTreeFilteredAndSorted_data();
    void randomEditsKeepTheTreeFilteredAndSorted();
    void backgroundSearchShowsWhatAnImmediateSearchShows();
    void sortTimingsAtTenThousandProviders();
};

void TestProviderFilterProxyModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("matches"); // the providers that match themselves

    const QStringList all{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0"),
                          QStringLiteral("  cn-01_pci_gpu"), QStringLiteral("cn-02"),
                          QStringLiteral("  cn-02:agent"), QStringLiteral("    cn-02:agent:br-ex"),
                          QStringLiteral("ceph-pool")};
    QTest::newRow("empty") << QString() << all << 0;
    QTest::newRow("blanks") << QStringLiteral("   ") << all << 0;
    QTest::newRow("name, ancestors kept")
            << QStringLiteral("br-ex")
            << QStringList{QStringLiteral("cn-02"), QStringLiteral("  cn-02:agent"),
                           QStringLiteral("    cn-02:agent:br-ex")} << 1;
    QTest::newRow("case-insensitive")
            << QStringLiteral("NUMA0") << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0")} << 1;
    QTest::newRow("uuid") << kGpu.toUpper()
                          << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_pci_gpu")} << 1;
    QTest::newRow("trait, matching parent keeps children hidden")
            << QStringLiteral("compute_arch")
            << QStringList{QStringLiteral("cn-01"), QStringLiteral("cn-02")} << 2;
    QTest::newRow("resource class")
            << QStringLiteral("VCPU")
            << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0"), QStringLiteral("cn-02")} << 2;
    QTest::newRow("aggregate")
            << kAggregate.left(8) << QStringList{QStringLiteral("cn-01"), QStringLiteral("ceph-pool")} << 2;
    QTest::newRow("every term must match")
            << QStringLiteral("cn-0 disk_gb") << QStringList{QStringLiteral("cn-01")} << 1;
    QTest::newRow("kind: prefix")
            << QStringLiteral("kind:gpu") << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_pci_gpu")} << 1;
    QTest::newRow("kind: sharing")
            << QStringLiteral("KIND:sharing") << QStringList{QStringLiteral("ceph-pool")} << 1;
    QTest::newRow("trait: prefix ignores names")
            << QStringLiteral("trait:numa") << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_numa0")} << 1;
    QTest::newRow("class: prefix ignores names")
            << QStringLiteral("class:gpu") << QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01_pci_gpu")} << 1;
    QTest::newRow("rc: prefix")
            << QStringLiteral("rc:net_bw")
            << QStringList{QStringLiteral("cn-02"), QStringLiteral("  cn-02:agent"),
                           QStringLiteral("    cn-02:agent:br-ex")} << 1;
    QTest::newRow("a bare prefix is a plain term")
            << QStringLiteral("trait:") << QStringList{} << 0;
    QTest::newRow("no match") << QStringLiteral("nothing-like-this") << QStringList{} << 0;
}

void TestProviderFilterProxyModel::filter()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QFETCH(int, matches);

    ProviderTree tree;
    QVERIFY(tree.populate(sampleRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);

    proxy.setSearchText(text);
    QCOMPARE(proxy.searchText(), text);
    QCOMPARE(visibleRows(proxy), expected);
    QCOMPARE(proxy.matchCount(), matches);
    QCOMPARE(proxy.isSearching(), !text.trimmed().isEmpty());
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

// The count follows edits that make a provider match or stop matching, and removals of
// subtrees holding matches; it is reported after the proxy shows the change.
void TestProviderFilterProxyModel::matchCountFollowsEdits()
{
    ProviderTree tree;
    QVERIFY(tree.populate(sampleRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy changed(&proxy, &ProviderFilterProxyModel::matchCountChanged);
    int shownWhenReported = -1;
    connect(&proxy, &ProviderFilterProxyModel::matchCountChanged, this,
            [&] { shownWhenReported = int(visibleRows(proxy).size()); });

    proxy.setSearchText(QStringLiteral("agent"));
    QCOMPARE(proxy.matchCount(), 2); // cn-02:agent, cn-02:agent:br-ex
    QCOMPARE(changed.size(), 1);
    QCOMPARE(shownWhenReported, 3);

    QVERIFY(tree.newChild(QStringLiteral("cn-01:agent"), kCn01).ok());
    QCOMPARE(proxy.matchCount(), 3);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(shownWhenReported, 5); // cn-01 and its new agent are shown when reported
    QVERIFY(tree.rename(kBridge, QStringLiteral("cn-02:bridge")).ok());
    QCOMPARE(proxy.matchCount(), 2);
    QVERIFY(tree.addTraits(kCn01, {QStringLiteral("CUSTOM_AGENT")}).ok()); // a trait matches too
    QCOMPARE(proxy.matchCount(), 3);
    QVERIFY(tree.remove(kCn02).ok()); // cn-02:agent and cn-02:bridge go with it
    QCOMPARE(proxy.matchCount(), 2);
    QCOMPARE(changed.size(), 5);
    QVERIFY(tree.updateTraits(kGpu, {QStringLiteral("CUSTOM_NVIDIA_36")}).ok()); // not a match: no signal
    QCOMPARE(changed.size(), 5);

    proxy.setSearchText(QStringLiteral("  "));
    QVERIFY(!proxy.isSearching());
    QCOMPARE(proxy.matchCount(), 0);
    QCOMPARE(changed.size(), 6);
}

void TestProviderFilterProxyModel::caseInsensitiveFinderAnswersAsQtDoes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("haystack");
    QTest::addColumn<bool>("found");
    QTest::newRow("lower in upper") << u"numa"_s << u"CN-01-NUMA0"_s << true;
    QTest::newRow("upper in lower") << u"CUSTOM_GPU"_s << u"custom_gpu_a100"_s << true;
    QTest::newRow("at the end") << u"0001"_s << u"cn-0001"_s << true;
    QTest::newRow("longer than the haystack") << u"cn-00010"_s << u"cn-0001"_s << false;
    QTest::newRow("a near miss") << u"cn-0002"_s << u"cn-00012"_s << false;
    QTest::newRow("punctuation is not folded") << u"["_s << u"{"_s << false;
    QTest::newRow("@ is not `") << u"@"_s << u"`"_s << false;
    // Characters beyond ASCII that fold to ASCII letters, and letters beyond ASCII.
    QTest::newRow("Kelvin sign") << u"k"_s << u"\u212A"_s << true;
    QTest::newRow("Kelvin sign in a word") << u"rack"_s << u"RAC\u212A-1"_s << true;
    QTest::newRow("long s") << u"S"_s << u"\u017F"_s << true;
    QTest::newRow("umlaut") << u"\u00E4"_s << u"GR\u00C4TE"_s << true;
    QTest::newRow("umlaut is not a") << u"a"_s << u"\u00E4"_s << false;
    QTest::newRow("Greek") << u"\u03A3"_s << u"\u03C3\u03C2"_s << true;
    QTest::newRow("surrogate pair") << u"\U00010428"_s << u"x\U00010400"_s << true;
}

void TestProviderFilterProxyModel::caseInsensitiveFinderAnswersAsQtDoes()
{
    QFETCH(QString, text);
    QFETCH(QString, haystack);
    QFETCH(bool, found);
    QCOMPARE(QStringView(haystack).contains(text, Qt::CaseInsensitive), found); // the reference
    QCOMPARE(CaseInsensitiveFinder(text).isIn(haystack), found);
}

void TestProviderFilterProxyModel::caseInsensitiveFinderAgreesWithQtOnRandomText()
{
    // Short texts over a small alphabet (so that they often match), with every ASCII letter's
    // neighbours ('@', '[', '`', '{') and characters beyond ASCII that fold to ASCII.
    const QString alphabet = u"aAbBkKsS0-_@[`{\u212A\u017F\u00E4\u00C4"_s;
    std::mt19937 random(20261202);
    const auto text = [&](int longest) {
        QString out;
        const int length = std::uniform_int_distribution<int>(0, longest)(random);
        for (int i = 0; i < length; ++i)
            out += alphabet.at(std::uniform_int_distribution<qsizetype>(0, alphabet.size() - 1)(random));
        return out;
    };
    int found = 0;
    for (int i = 0; i < 50000; ++i) {
        const QString needle = text(3);
        const QString haystack = text(10);
        const bool expected = QStringView(haystack).contains(needle, Qt::CaseInsensitive);
        QVERIFY2(CaseInsensitiveFinder(needle).isIn(haystack) == expected,
                 qPrintable(u"'%1' in '%2'"_s.arg(needle, haystack)));
        found += expected;
    }
    QVERIFY(found > 5000); // the comparison met both answers
}

void TestProviderFilterProxyModel::naturalSortKey_data()
{
    QTest::addColumn<QString>("lower");
    QTest::addColumn<QString>("higher");

    QTest::newRow("numbers by value") << QStringLiteral("cn-2") << QStringLiteral("cn-10");
    QTest::newRow("padded numbers") << QStringLiteral("cn-00110") << QStringLiteral("cn-00228");
    QTest::newRow("numa cells") << QStringLiteral("cn-01_numa0") << QStringLiteral("cn-01_numa1");
    QTest::newRow("case-insensitive") << QStringLiteral("numa1") << QStringLiteral("NUMA2");
    QTest::newRow("letters after case folding") << QStringLiteral("alpha") << QStringLiteral("Beta");
    QTest::newRow("a prefix first") << QStringLiteral("cn") << QStringLiteral("cn-1");
    QTest::newRow("number then more text") << QStringLiteral("cn-1") << QStringLiteral("cn-1a");
    QTest::newRow("second number decides") << QStringLiteral("r2-n9b") << QStringLiteral("r2-n10");
    QTest::newRow("first number decides") << QStringLiteral("r2-n10") << QStringLiteral("r10-n1");
    QTest::newRow("punctuation before digits") << QStringLiteral("cn-01:agent") << QStringLiteral("cn-010");
    QTest::newRow("digits before letters") << QStringLiteral("cn9") << QStringLiteral("cna");
    QTest::newRow("zero") << QStringLiteral("n0") << QStringLiteral("n00001");
    QTest::newRow("beyond 64 bits") << QStringLiteral("n99999999999999999999")
                                    << QStringLiteral("n100000000000000000000");
    QTest::newRow("non-ASCII") << QStringLiteral("zone-é2") << QStringLiteral("zone-É10");
}

void TestProviderFilterProxyModel::naturalSortKey()
{
    QFETCH(QString, lower);
    QFETCH(QString, higher);
    QVERIFY2(provtree::naturalSortKey(lower) < provtree::naturalSortKey(higher),
             qPrintable(lower + QStringLiteral(" < ") + higher));
    QVERIFY(!(provtree::naturalSortKey(higher) < provtree::naturalSortKey(lower)));
    // Leading zeros and case alone do not tell names apart: the name key breaks the tie.
    QCOMPARE(provtree::naturalSortKey(u"CN-007"), provtree::naturalSortKey(u"cn-7"));
}

void TestProviderFilterProxyModel::sortsNamesInNaturalOrder()
{
    ProviderTree tree;
    QVERIFY(tree.populate(scrambledRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    proxy.sort(ProviderTreeModel::NameColumn);
    QCOMPARE(visibleRows(proxy),
             (QStringList{QStringLiteral("ceph-pool"), QStringLiteral("cn-1"), QStringLiteral("cn-2"),
                          QStringLiteral("  cn-2:agent"), QStringLiteral("cn-10"), QStringLiteral("  cn-10_numa0"),
                          QStringLiteral("  cn-10_numa1")}));
    proxy.sort(ProviderTreeModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(visibleRows(proxy),
             (QStringList{QStringLiteral("cn-10"), QStringLiteral("  cn-10_numa1"), QStringLiteral("  cn-10_numa0"),
                          QStringLiteral("cn-2"), QStringLiteral("  cn-2:agent"), QStringLiteral("cn-1"),
                          QStringLiteral("ceph-pool")}));
    // Sorted and filtered at once.
    proxy.sort(ProviderTreeModel::NameColumn);
    proxy.setSearchText(QStringLiteral("numa"));
    QCOMPARE(visibleRows(proxy), (QStringList{QStringLiteral("cn-10"), QStringLiteral("  cn-10_numa0"),
                                              QStringLiteral("  cn-10_numa1")}));
}

void TestProviderFilterProxyModel::sortsByEveryColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending"); // the roots
    QTest::addColumn<QStringList>("descending");

    using M = ProviderTreeModel;
    const auto reversed = [](QStringList list) {
        std::reverse(list.begin(), list.end());
        return list;
    };
    const QStringList byUuid{QStringLiteral("cn-10"), QStringLiteral("cn-2"), QStringLiteral("cn-1"),
                             QStringLiteral("ceph-pool")};
    QTest::newRow("uuid") << int(M::UuidColumn) << byUuid << reversed(byUuid);
    const QStringList byGeneration{QStringLiteral("cn-1"), QStringLiteral("cn-10"), QStringLiteral("ceph-pool"),
                                   QStringLiteral("cn-2")};
    QTest::newRow("generation") << int(M::GenerationColumn) << byGeneration << reversed(byGeneration);
    // By the first class, then by its capacity as a number: DISK_GB 64 < DISK_GB 1000.
    const QStringList byClasses{QStringLiteral("cn-1"), QStringLiteral("cn-2"), QStringLiteral("ceph-pool"),
                                QStringLiteral("cn-10")};
    QTest::newRow("resource classes") << int(M::ResourceClassesColumn) << byClasses << reversed(byClasses);
    // Equal keys keep the order they had (here: by name), in both directions.
    QTest::newRow("children") << int(M::ChildrenColumn)
                              << QStringList{QStringLiteral("ceph-pool"), QStringLiteral("cn-1"),
                                             QStringLiteral("cn-2"), QStringLiteral("cn-10")}
                              << QStringList{QStringLiteral("cn-10"), QStringLiteral("cn-2"),
                                             QStringLiteral("ceph-pool"), QStringLiteral("cn-1")};
    // No inventory first, then 0 %, 50 %, 88 %.
    const QStringList byUsage{QStringLiteral("cn-1"), QStringLiteral("ceph-pool"), QStringLiteral("cn-10"),
                              QStringLiteral("cn-2")};
    QTest::newRow("usage") << int(M::UsageColumn) << byUsage << reversed(byUsage);
}

void TestProviderFilterProxyModel::sortsByEveryColumn()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    QFETCH(QStringList, descending);

    ProviderTree tree;
    QVERIFY(tree.populate(scrambledRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    proxy.sort(ProviderTreeModel::NameColumn); // then a header click on another column
    proxy.sort(column);
    QCOMPARE(rootNames(proxy), ascending);
    QCOMPARE(firstUnsortedPair(proxy, column, Qt::AscendingOrder), QString());
    proxy.sort(ProviderTreeModel::NameColumn);
    proxy.sort(column, Qt::DescendingOrder);
    QCOMPARE(rootNames(proxy), descending);
    QCOMPARE(firstUnsortedPair(proxy, column, Qt::DescendingOrder), QString());
}

// A rename that changes a provider's place moves it among its siblings: one move of one
// row within its parent, no layout change, no reset, no rows removed and inserted; indexes
// into the view (the selection) follow it.
void TestProviderFilterProxyModel::aRenameMovesOneRowWithinItsParent()
{
    ProviderTree tree;
    QVERIFY(tree.populate(scrambledRecords()).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    proxy.sort(ProviderTreeModel::NameColumn);
    const QModelIndex cn10 = proxy.index(3, 0);
    QCOMPARE(cn10.data().toString(), QStringLiteral("cn-10"));
    const QPersistentModelIndex numa0 = proxy.index(0, 0, cn10);
    QCOMPARE(numa0.data().toString(), QStringLiteral("cn-10_numa0"));

    QSignalSpy moved(&proxy, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QVERIFY(tree.rename(testing::uuid(3), QStringLiteral("cn-10_numa2")).ok());
    QCOMPARE(visibleRows(proxy).mid(4), (QStringList{QStringLiteral("cn-10"), QStringLiteral("  cn-10_numa1"),
                                                     QStringLiteral("  cn-10_numa2")}));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.at(0).at(0).toModelIndex(), QModelIndex(cn10)); // from cn-10's row 0 ...
    QCOMPARE(moved.at(0).at(1).toInt(), 0);
    QCOMPARE(moved.at(0).at(3).toModelIndex(), QModelIndex(cn10)); // ... to the end of cn-10's rows
    QCOMPARE(moved.at(0).at(4).toInt(), 2);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(numa0.data().toString(), QStringLiteral("cn-10_numa2"));
    QCOMPARE(numa0.row(), 1);

    // A rename that keeps the place changes only data.
    QVERIFY(tree.rename(testing::uuid(3), QStringLiteral("cn-10_numa3")).ok());
    QCOMPARE(moved.size(), 1);
}

// A provider moved to a parent whose rows a view has asked for is one move: indexes into
// it and below it (a view's selection and expanded rows) follow it.
void TestProviderFilterProxyModel::aReparentIsOneMoveThatKeepsTheRowsBelow()
{
    ProviderTree tree;
    QVERIFY(tree.populate(scrambledRecords()).ok());
    QVERIFY(tree.newChild(QStringLiteral("cn-2:agent:br"), testing::uuid(5), testing::uuid(8)).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    proxy.sort(ProviderTreeModel::NameColumn);
    const QPersistentModelIndex agent = proxy.mapFromSource(model.indexForUuid(testing::uuid(5)));
    const QPersistentModelIndex bridge = proxy.index(0, 0, agent);
    QCOMPARE(bridge.data().toString(), QStringLiteral("cn-2:agent:br"));
    const QModelIndex cn10 = proxy.mapFromSource(model.indexForUuid(testing::uuid(1)));
    QCOMPARE(proxy.rowCount(cn10), 2); // a view asked for its rows

    QSignalSpy moved(&proxy, &QAbstractItemModel::rowsMoved);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QVERIFY(tree.reparent(testing::uuid(5), testing::uuid(1)).ok());
    QCOMPARE(moved.size(), 1);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QVERIFY(agent.isValid());
    QCOMPARE(agent.parent().data().toString(), QStringLiteral("cn-10"));
    QCOMPARE(agent.data().toString(), QStringLiteral("cn-2:agent"));
    QCOMPARE(bridge.parent(), QModelIndex(agent));
    QCOMPARE(bridge.data().toString(), QStringLiteral("cn-2:agent:br"));
    QCOMPARE(firstUnsortedPair(proxy, ProviderTreeModel::NameColumn, Qt::AscendingOrder), QString());
}

// Marks a proxy below changes (the window's icons and fit marks), which no search or sort
// reads: one dataChanged per parent, from the first to the last row of them as shown,
// however the sort spread them; a row's alone is that row's. What a search or sort reads
// still goes row by row.
void TestProviderFilterProxyModel::marksBelowChangeOneRangeOfShownRows()
{
    ProviderTree tree;
    QVERIFY(tree.populate(scrambledRecords()).ok()); // roots: cn-10, cn-2, cn-1, ceph-pool
    ProviderTreeModel model(tree);
    QIdentityProxyModel marks;
    marks.setSourceModel(&model);
    ProviderFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&marks);
    proxy.sort(ProviderTreeModel::NameColumn); // ceph-pool, cn-1, cn-2, cn-10
    QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
    const int lastColumn = marks.columnCount() - 1;
    const QList<int> background{Qt::BackgroundRole};
    const auto changeRoots = [&](int first, int last, int column, const QList<int> &roles) {
        changed.clear();
        emit marks.dataChanged(marks.index(first, 0), marks.index(last, column), roles);
    };
    const auto signalled = [&](int at) {
        const QList<QVariant> args = changed.at(at);
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        return QStringLiteral("%1:%2,%3 .. %4:%5,%6 %7")
            .arg(topLeft.parent().data().toString()).arg(topLeft.row()).arg(topLeft.column())
            .arg(bottomRight.parent().data().toString()).arg(bottomRight.row()).arg(bottomRight.column())
            .arg(args.at(2).value<QList<int>>().size());
    };

    changeRoots(0, 3, lastColumn, background); // every root
    QCOMPARE(changed.size(), 1);
    QCOMPARE(signalled(0), QStringLiteral(":0,0 .. :3,%1 1").arg(lastColumn));
    changeRoots(1, 2, 0, background); // cn-2 and cn-1, shown third and second
    QCOMPARE(changed.size(), 1);
    QCOMPARE(signalled(0), QStringLiteral(":1,0 .. :2,0 1"));
    changeRoots(0, 0, 0, background); // cn-10 alone, shown last
    QCOMPARE(changed.size(), 1);
    QCOMPARE(signalled(0), QStringLiteral(":3,0 .. :3,0 1"));
    // Children, under their parent as shown.
    const QModelIndex cn10 = marks.index(0, 0);
    changed.clear();
    emit marks.dataChanged(marks.index(0, 0, cn10), marks.index(1, 0, cn10), background);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(signalled(0), QStringLiteral("cn-10:0,0 .. cn-10:1,0 1"));
    // During a search: the rows it shows (cn-10 and cn-1 match "cn-1").
    proxy.setSearchText(QStringLiteral("cn-1"));
    QCOMPARE(rootNames(proxy), (QStringList{QStringLiteral("cn-1"), QStringLiteral("cn-10")}));
    changeRoots(0, 3, 0, background);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(signalled(0), QStringLiteral(":0,0 .. :1,0 1"));
    changeRoots(3, 3, 0, background); // ceph-pool, hidden
    QCOMPARE(changed.size(), 0);
    // The name (searched and sorted): row by row.
    proxy.setSearchText(QString());
    changeRoots(0, 3, 0, {Qt::DisplayRole});
    QCOMPARE(changed.size(), 4);
}

void TestProviderFilterProxyModel::randomEditsKeepTheTreeFilteredAndSorted_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<bool>("onAWorker"); // searches answered by the worker (setBackgroundSearch)
    using M = ProviderTreeModel;
    QTest::newRow("name") << int(M::NameColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("name, descending") << int(M::NameColumn) << int(Qt::DescendingOrder) << false;
    QTest::newRow("generation") << int(M::GenerationColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("resource classes") << int(M::ResourceClassesColumn) << int(Qt::DescendingOrder) << false;
    QTest::newRow("children") << int(M::ChildrenColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("usage") << int(M::UsageColumn) << int(Qt::DescendingOrder) << false;
    QTest::newRow("name, searched on a worker") << int(M::NameColumn) << int(Qt::AscendingOrder) << true;
    QTest::newRow("usage, searched on a worker") << int(M::UsageColumn) << int(Qt::DescendingOrder) << true;
}

// Random edits of every kind through the core, with a search on and off (answered here or
// by the worker): the proxy passes QAbstractItemModelTester (Fatal) throughout, never
// resets, and after every edit shows exactly what the tree says a search shows and what a
// proxy built afresh on the tree shows, every parent's children in order, and the right
// number of matches. (QSortFilterProxyModel failed this at step 401, kind:gpu, when a
// search was a layout change.)
void TestProviderFilterProxyModel::randomEditsKeepTheTreeFilteredAndSorted()
{
    QFETCH(int, column);
    QFETCH(int, order);
    const auto sortOrder = Qt::SortOrder(order);

    ProviderTree tree;
    QVERIFY(tree.populate(testsupport::CloudGenerator(7).cloud(120)).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QFETCH(bool, onAWorker);
    if (onAWorker)
        proxy.setBackgroundSearch(&tree, 0);
    proxy.sort(column, sortOrder);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    QSignalSpy moved(&proxy, &QAbstractItemModel::rowsMoved);

    std::mt19937 random(20261201 + quint32(column) * 2 + quint32(order));
    int next = 1;
    auto anyUuid = [&]() -> QString {
        const QStringList all = tree.providerUuids();
        return all.isEmpty() ? QString() : all[int(random() % all.size())];
    };
    const QStringList searches{QString(), QStringLiteral("numa"), QStringLiteral("kind:gpu"),
                               QStringLiteral("n1"), QStringLiteral("class:VCPU cn")};
#ifdef PROVTREE_ASAN_BUILD
    constexpr int kEdits = 200; // unoptimised under ASan 700 take half a minute per sort order
#else
    constexpr int kEdits = 700;
#endif
    for (int step = 0; step < kEdits; ++step) {
        if (step % 50 == 0) {
            proxy.setSearchText(searches.at(int(random() % searches.size())));
            QTRY_VERIFY(!proxy.isSearchPending()); // at once unless on a worker
        }
        const int action = int(random() % 12);
        const QString target = anyUuid();
        if (target.isEmpty() || action == 0) {
            (void)tree.newRoot(QStringLiteral("cn-%1").arg(random() % 300), testing::uuid(100000 + next++));
        } else if (action < 3) {
            (void)tree.newChild(QStringLiteral("n%1_numa%2").arg(QString::number(random() % 300), QString::number(random() % 3)), target,
                                testing::uuid(100000 + next++));
        } else if (action == 3) {
            (void)tree.remove(target);
        } else if (action == 4) {
            (void)tree.reparent(target, random() % 4 == 0 ? QString() : anyUuid());
        } else if (action < 7) {
            (void)tree.rename(target, QStringLiteral("cn-%1").arg(random() % 40)
                                          + (random() % 2 ? QStringLiteral("_numa1") : QString()));
        } else if (action == 7) {
            InventoryRecord record;
            record.total = 1 + random() % 100;
            (void)tree.updateInventory(target, {{QStringLiteral("VCPU"), record}});
        } else if (action == 8) {
            const ProviderData data = *tree.data(target);
            if (!data.inventories.isEmpty())
                (void)tree.updateUsages(target, {{data.inventories.firstKey(), qint64(random() % 20)}});
        } else if (action == 9) {
            (void)tree.addTraits(target, {QStringLiteral("HW_GPU_API_VULKAN")});
        } else if (action == 10) {
            (void)tree.updateTraits(target, {});
        } else {
            (void)tree.updateTraits(target, tree.data(target)->traits,
                                    std::optional<qint64>(tree.data(target)->generation + 1));
        }

        ProviderTreeModel freshModel(tree);
        ProviderFilterProxyModel fresh;
        fresh.setSourceModel(&freshModel);
        fresh.setSearchText(proxy.searchText());
        fresh.sort(column, sortOrder);
        const QString where = QStringLiteral("step %1, search \"%2\"").arg(QString::number(step), proxy.searchText());
        const QSet<QString> shown = visibleLinks(proxy);
        QVERIFY2(shown == visibleLinks(fresh), qPrintable(where));
        QVERIFY2(shown == expectedLinks(tree, proxy.searchPredicate()), qPrintable(where));
        // Names break ties themselves; other columns keep equal keys in either order.
        if (column == ProviderTreeModel::NameColumn)
            QVERIFY2(visibleRows(proxy) == visibleRows(fresh), qPrintable(where));
        const QString unsorted = firstUnsortedPair(proxy, column, sortOrder);
        QVERIFY2(unsorted.isEmpty(), qPrintable(where + QStringLiteral(": ") + unsorted));
        QVERIFY2(proxy.matchCount() == fresh.matchCount(), qPrintable(where));
    }
    QCOMPARE(reset.size(), 0);
    // Sorted edits moved rows (about one edit in 30 does).
    QVERIFY2(moved.size() > kEdits / 100, qPrintable(QString::number(moved.size())));
}

// Searches on the worker (setBackgroundSearch() from 0 providers): once each has come in,
// also after an edit made while it ran, the proxy shows what an immediate search shows,
// and every row's hasChildren() (answered from the worker's counts of shown children)
// agrees with its rows. Until then the previous search stays on screen.
void TestProviderFilterProxyModel::backgroundSearchShowsWhatAnImmediateSearchShows()
{
    ProviderTree tree;
    QVERIFY(tree.populate(testsupport::CloudGenerator(11).cloud(300)).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setBackgroundSearch(&tree, 0);
    proxy.sort(ProviderTreeModel::NameColumn);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy applied(&proxy, &ProviderFilterProxyModel::searchApplied);
    const QStringList searches{QStringLiteral("numa"), QStringLiteral("kind:gpu"), QStringLiteral("n1"),
                               QStringLiteral("class:VCPU cn"), QString(), QStringLiteral("no-such-name")};
    int next = 1;
    for (const QString &text : searches) {
        const QString shownBefore = proxy.searchText();
        const qsizetype appliedBefore = applied.size();
        proxy.setSearchText(text);
        if (!text.isEmpty()) {
            QVERIFY(proxy.isSearchPending());
            QCOMPARE(proxy.searchText(), shownBefore);
            QCOMPARE(proxy.pendingSearchText(), text);
            // Its answer may not know this one: the proxy asks again.
            QVERIFY(tree.newRoot(QStringLiteral("cn-numa-late-%1").arg(next), testing::uuid(200000 + next)).ok());
            ++next;
        }
        QTRY_VERIFY(!proxy.isSearchPending());
        QCOMPARE(applied.size(), appliedBefore + 1);
        QCOMPARE(proxy.searchText(), text);
        // Edits once it is shown follow it as they follow an immediate search.
        const QStringList uuids = tree.providerUuids();
        for (int edit = 0; edit < 40; ++edit) {
            const QString target = uuids.at((edit * 7919) % uuids.size());
            if (!tree.exists(target))
                continue;
            switch (edit % 4) {
            case 0: (void)tree.rename(target, QStringLiteral("cn-%1_numa1").arg(edit)); break;
            case 1: (void)tree.newChild(QStringLiteral("n%1_pci_gpu").arg(edit), target, testing::uuid(300000 + next++)); break;
            case 2: (void)tree.remove(target); break;
            default: (void)tree.reparent(target, uuids.at((edit * 104729) % uuids.size())); break;
            }
        }

        ProviderTreeModel freshModel(tree);
        ProviderFilterProxyModel fresh;
        fresh.setSourceModel(&freshModel);
        fresh.setSearchText(text);
        fresh.sort(ProviderTreeModel::NameColumn);
        QCOMPARE(visibleLinks(proxy), visibleLinks(fresh));
        QCOMPARE(visibleRows(proxy), visibleRows(fresh));
        QCOMPARE(proxy.matchCount(), fresh.matchCount());
        std::vector<QModelIndex> pending{QModelIndex()};
        while (!pending.empty()) {
            const QModelIndex parent = pending.back();
            pending.pop_back();
            for (int row = 0; row < proxy.rowCount(parent); ++row) {
                const QModelIndex index = proxy.index(row, 0, parent);
                QCOMPARE(proxy.hasChildren(index), proxy.rowCount(index) > 0);
                pending.push_back(index);
            }
        }
    }
}

// Not a pass/fail test: how long the main tree's sort takes at 10,000 providers, printed
// (the build type matters: compare Release numbers). The asserts only check the result.
// 10,000 rather than 100,000: the ASan build took minutes at 100,000; issue 12's GUI
// benchmark measures that size.
void TestProviderFilterProxyModel::sortTimingsAtTenThousandProviders()
{
    ProviderTree tree;
    QVERIFY(tree.populate(testsupport::CloudGenerator(1).cloud(10000)).ok());
    QElapsedTimer timer;
    timer.start();
    ProviderTreeModel model(tree);
    const qint64 modelMs = timer.restart();
    ProviderFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ProviderTreeModel::NameColumn);
    // What a collapsed tree view asks: the roots, and whether each has children.
    const auto askLikeACollapsedView = [&proxy] {
        int withChildren = 0;
        for (int row = 0; row < proxy.rowCount(); ++row)
            withChildren += proxy.hasChildren(proxy.index(row, 0)) ? 1 : 0;
        return withChildren;
    };
    const int roots = proxy.rowCount();
    const int parents = askLikeACollapsedView();
    const qint64 initialMs = timer.restart();
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("ceph-pool-0001"));
    proxy.sort(ProviderTreeModel::GenerationColumn, Qt::DescendingOrder); // a header click
    const qint64 generationMs = timer.restart();
    proxy.sort(ProviderTreeModel::UsageColumn);
    const qint64 usageMs = timer.restart();
    proxy.sort(ProviderTreeModel::NameColumn);
    const qint64 nameMs = timer.restart();
    proxy.sort(ProviderTreeModel::NameColumn, Qt::DescendingOrder); // keys known: comparisons only
    const qint64 reverseMs = timer.restart();

    const qsizetype everything = visibleRows(proxy).size(); // every level mapped (expand all)
    const qint64 expandMs = timer.restart();
    QCOMPARE(everything, qsizetype(10000));
    QCOMPARE(firstUnsortedPair(proxy, ProviderTreeModel::NameColumn, Qt::DescendingOrder), QString());
    timer.restart();
    proxy.sort(ProviderTreeModel::GenerationColumn);
    const qint64 allGenerationMs = timer.restart();
    QCOMPARE(firstUnsortedPair(proxy, ProviderTreeModel::GenerationColumn, Qt::AscendingOrder), QString());
    timer.restart();
    proxy.setSearchText(QStringLiteral("numa1"));
    const qint64 searchMs = timer.restart();
    QVERIFY(proxy.matchCount() > 0);
    qInfo("10,000 providers (%d roots, %d with children): model %lld ms; sort by name as a collapsed view "
          "asks %lld ms; header clicks, roots: generation %lld ms, usage %lld ms, name %lld ms, name "
          "descending %lld ms; every level mapped %lld ms; header click, every level: generation %lld ms; "
          "search %lld ms (%d matches)",
          roots, parents, modelMs, initialMs, generationMs, usageMs, nameMs, reverseMs, expandMs,
          allGenerationMs, searchMs, proxy.matchCount());
}

QTEST_MAIN(TestProviderFilterProxyModel)
#include "tst_providerfilterproxymodel.moc"
