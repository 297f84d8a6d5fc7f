// Specification of ProviderTree: nova's ProviderTree semantics (nova/compute/provider_tree.py
// and its unit tests), plus what the guarded core adds: validation, all-or-nothing edits,
// optimistic concurrency and change notifications.
#include "providertree.h"

#include <QTest>

#include "support/testanswer.h"
#include "support/testuuid.h"

using namespace provtree;

Q_DECLARE_METATYPE(provtree::ProblemKind)
Q_DECLARE_METATYPE(provtree::ProviderData)

namespace {

using provtree::testing::no;
using provtree::testing::uuid;
using provtree::testing::yes;

ProviderData record(int n, const QString &name, int parent = 0, qint64 generation = 0)
{
    ProviderData data;
    data.uuid = uuid(n);
    data.name = name;
    data.generation = generation;
    data.parentUuid = parent ? uuid(parent) : QString();
    return data;
}

InventoryRecord vcpu(qint64 total, std::optional<double> ratio = {})
{
    InventoryRecord r;
    r.total = total;
    r.allocationRatio = ratio;
    return r;
}

// Records every ChangeSet a tree delivers.
struct ChangeLog
{
    explicit ChangeLog(ProviderTree &tree) : tree(tree)
    {
        id = tree.addObserver([this](const ChangeSet &changes) { sets.append(changes); });
    }
    ~ChangeLog() { tree.removeObserver(id); }
    ProviderTree &tree;
    ProviderTree::ObserverId id = 0;
    QList<ChangeSet> sets;
};

// root(1) -> child(2) -> grandchild(3); root -> child2(4); other root(5)
void buildSmallTree(ProviderTree &tree)
{
    QVERIFY(tree.populate({record(1, QStringLiteral("root")), record(2, QStringLiteral("child"), 1),
                           record(3, QStringLiteral("grandchild"), 2), record(4, QStringLiteral("child2"), 1),
                           record(5, QStringLiteral("other"))})
                .ok());
}

} // namespace

class TestProviderTree : public QObject
{
    Q_OBJECT

private slots:
    // --- structure ---
    void newRootReturnsUuidAndIsFound()
    {
        ProviderTree tree;
        const auto added = tree.newRoot(QStringLiteral("cn1"), uuid(1), 3);
        QVERIFY(added.ok());
        QCOMPARE(added.value(), uuid(1));
        QVERIFY(tree.exists(uuid(1)));
        QVERIFY(tree.exists(QStringLiteral("cn1")));
        QCOMPARE(tree.data(QStringLiteral("cn1"))->generation, 3);
        QCOMPARE(tree.rootUuids(), QStringList{uuid(1)});
    }
    void newRootMakesRandomCanonicalUuid()
    {
        ProviderTree tree;
        const auto added = tree.newRoot(QStringLiteral("cn1"));
        QVERIFY(added.ok());
        QCOMPARE(added.value().size(), 36);
        QCOMPARE(added.value(), added.value().toLower());
        QCOMPARE(tree.data(added.value())->generation, 0);
    }
    void uuidCaseIsNormalised()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn1"), QStringLiteral("ABCDEF00-0000-4000-8000-00000000000A")).ok());
        QVERIFY(tree.exists(QStringLiteral("abcdef00-0000-4000-8000-00000000000a")));
        QVERIFY(tree.exists(QStringLiteral("ABCDEF00-0000-4000-8000-00000000000A")));
        QCOMPARE(tree.providerUuids(), QStringList{QStringLiteral("abcdef00-0000-4000-8000-00000000000a")});
    }
    void newRootRefusals_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("uuid");
        QTest::addColumn<ProblemKind>("kind");
        QTest::newRow("duplicate uuid") << QStringLiteral("other") << uuid(1) << ProblemKind::DuplicateUuid;
        QTest::newRow("duplicate name") << QStringLiteral("cn1") << uuid(2) << ProblemKind::DuplicateName;
        QTest::newRow("empty name") << QString() << uuid(2) << ProblemKind::InvalidName;
        QTest::newRow("201 characters") << QString(201, QLatin1Char('n')) << uuid(2) << ProblemKind::InvalidName;
        QTest::newRow("bad uuid") << QStringLiteral("x") << QStringLiteral("not-a-uuid") << ProblemKind::InvalidUuid;
    }
    void newRootRefusals()
    {
        QFETCH(QString, name);
        QFETCH(QString, uuid);
        QFETCH(ProblemKind, kind);
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn1"), ::uuid(1)).ok());
        const quint64 before = tree.lastSequence();
        const auto added = tree.newRoot(name, uuid);
        QVERIFY(!added.ok());
        QCOMPARE(added.status().firstError().kind, kind);
        QCOMPARE(tree.size(), 1);
        QCOMPARE(tree.lastSequence(), before);
    }
    void twoHundredCharacterNameAccepted()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QString(200, QLatin1Char('n')), uuid(1)).ok());
    }
    void newChildByParentNameOrUuid()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn1"), uuid(1)).ok());
        QVERIFY(tree.newChild(QStringLiteral("numa0"), QStringLiteral("cn1"), uuid(2)).ok());
        QVERIFY(tree.newChild(QStringLiteral("numa1"), uuid(1), uuid(3)).ok());
        QCOMPARE(tree.childUuids(uuid(1)).value(), (QStringList{uuid(2), uuid(3)}));
        QCOMPARE(tree.data(uuid(2))->parentUuid, uuid(1));
        const auto orphan = tree.newChild(QStringLiteral("x"), uuid(9), uuid(4));
        QVERIFY(!orphan.ok());
        QCOMPARE(orphan.status().firstError().kind, ProblemKind::UnknownParent);
        QCOMPARE(tree.size(), 3);
    }
    void removeTakesWholeSubtree()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        QVERIFY(tree.remove(QStringLiteral("child")).ok());
        QCOMPARE(tree.providerUuids(), (QStringList{uuid(1), uuid(4), uuid(5)}));
        QVERIFY(!tree.exists(uuid(3)));
        QVERIFY(!tree.exists(QStringLiteral("grandchild")));
        // The names are free again.
        QVERIFY(tree.newChild(QStringLiteral("grandchild"), uuid(1), uuid(3)).ok());
        QCOMPARE(tree.remove(uuid(42)).firstError().kind, ProblemKind::UnknownProvider);
    }
    void renameKeepsNamesUnique()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        QVERIFY(tree.rename(uuid(2), QStringLiteral("renamed")).ok());
        QVERIFY(tree.exists(QStringLiteral("renamed")));
        QVERIFY(!tree.exists(QStringLiteral("child")));
        QCOMPARE(tree.data(uuid(2))->generation, 0); // Placement's: a local edit leaves it
        QCOMPARE(tree.rename(uuid(2), QStringLiteral("root")).firstError().kind, ProblemKind::DuplicateName);
        QCOMPARE(tree.rename(uuid(2), QString()).firstError().kind, ProblemKind::InvalidName);
        QCOMPARE(tree.data(uuid(2))->name, QStringLiteral("renamed"));
        // Renaming to its own name changes nothing, not even the revision.
        const quint64 revision = tree.versionedData(uuid(2))->revision;
        QVERIFY(tree.rename(uuid(2), QStringLiteral("renamed")).ok());
        QCOMPARE(tree.versionedData(uuid(2))->revision, revision);
    }
    void uuidSpelledByAnotherProvidersNameIsRefused()
    {
        // One string names at most one provider (refcollision.h; more in tst_novaprovidertree).
        ProviderTree tree;
        QVERIFY(tree.newRoot(uuid(2), uuid(1)).ok()); // named like a uuid no provider has
        QCOMPARE(tree.newRoot(QStringLiteral("two"), uuid(2)).status().firstError().kind, ProblemKind::DuplicateUuid);
        QCOMPARE(tree.data(uuid(2))->uuid, uuid(1));
    }
    void reparentMovesAndRefusesCycles()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        QVERIFY(tree.reparent(uuid(3), uuid(5)).ok());
        QCOMPARE(tree.data(uuid(3))->parentUuid, uuid(5));
        QCOMPARE(tree.childUuids(uuid(5)).value(), QStringList{uuid(3)});
        QCOMPARE(tree.reparent(uuid(1), uuid(4)).firstError().kind, ProblemKind::Cycle);
        QCOMPARE(tree.reparent(uuid(1), uuid(1)).firstError().kind, ProblemKind::Cycle);
        QVERIFY(tree.reparent(uuid(2), {}).ok()); // becomes a root
        QCOMPARE(tree.rootUuids(), (QStringList{uuid(1), uuid(5), uuid(2)}));
        QVERIFY(tree.data(uuid(2))->isRoot());
    }

    // --- queries ---
    void providerUuidsAreTopDown()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        QCOMPARE(tree.providerUuids(), (QStringList{uuid(1), uuid(2), uuid(3), uuid(4), uuid(5)}));
        QCOMPARE(tree.subtreeUuids(uuid(2)).value(), (QStringList{uuid(2), uuid(3)}));
        QCOMPARE(tree.treeUuids(uuid(3)).value(), (QStringList{uuid(1), uuid(2), uuid(3), uuid(4)}));
        QCOMPARE(tree.treeUuids(uuid(5)).value(), QStringList{uuid(5)});
        QCOMPARE(tree.subtreeUuids(uuid(9)).status().firstError().kind, ProblemKind::UnknownProvider);
    }
    void dataIsAPointInTimeCopy()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        QVERIFY(tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), vcpu(8)}}).ok());
        QVERIFY(tree.addTraits(uuid(1), {QStringLiteral("CUSTOM_A")}).ok());
        const ProviderData before = *tree.data(uuid(1));
        QVERIFY(tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), vcpu(16)}}).ok());
        QVERIFY(tree.addTraits(uuid(1), {QStringLiteral("CUSTOM_B")}).ok());
        QVERIFY(tree.rename(uuid(1), QStringLiteral("new")).ok());
        QCOMPARE(before.name, QStringLiteral("root"));
        QCOMPARE(before.inventories.value(QStringLiteral("VCPU")).total, 8);
        QCOMPARE(before.traits, QStringList{QStringLiteral("CUSTOM_A")});
        QCOMPARE(before.generation, 0); // edits never invent a generation
        QVERIFY(!tree.data(uuid(9)).has_value());
    }

    // --- populate (nova's populate_from_iterable) ---
    void populateAcceptsAnyOrder()
    {
        ProviderTree tree;
        QVERIFY(tree.populate({record(3, QStringLiteral("gc"), 2), record(2, QStringLiteral("c"), 1),
                               record(1, QStringLiteral("r"))})
                    .ok());
        QCOMPARE(tree.providerUuids(), (QStringList{uuid(1), uuid(2), uuid(3)}));
    }
    void populateAttachesToExistingProviders()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        QVERIFY(tree.populate({record(6, QStringLiteral("new"), 3)}).ok());
        QCOMPARE(tree.data(uuid(6))->parentUuid, uuid(3));
        QCOMPARE(tree.size(), 6);
    }
    void populateReplacesExisting()
    {
        // A replaced provider keeps its place among its siblings: a documented difference
        // from nova, which re-adds it last (see ProviderTree::populate()).
        ProviderTree tree;
        buildSmallTree(tree);
        ProviderData replacement = record(2, QStringLiteral("child-renamed"), 1, 7);
        replacement.traits = {QStringLiteral("CUSTOM_X")};
        ProviderData grandchild = record(3, QStringLiteral("grandchild"), 2);
        QVERIFY(tree.populate({replacement, grandchild}).ok());
        QCOMPARE(tree.data(uuid(2))->name, QStringLiteral("child-renamed"));
        QCOMPARE(tree.data(uuid(2))->generation, 7);
        QCOMPARE(tree.data(uuid(2))->traits, QStringList{QStringLiteral("CUSTOM_X")});
        QCOMPARE(tree.providerUuids(), (QStringList{uuid(1), uuid(2), uuid(3), uuid(4), uuid(5)}));
    }
    void populateDisownsGrandchild()
    {
        // nova: test_populate_from_iterable_disown_grandchild
        ProviderTree tree;
        QVERIFY(tree.populate({record(1, QStringLiteral("root")), record(2, QStringLiteral("child"), 1, 1),
                               record(3, QStringLiteral("grandchild"), 2)})
                    .ok());
        QVERIFY(tree.populate({record(2, QStringLiteral("child"), 1, 1)}).ok());
        QCOMPARE(tree.providerUuids(), (QStringList{uuid(1), uuid(2)}));
        QVERIFY(!tree.exists(QStringLiteral("grandchild")));
    }
    void populateKeepsDescendantMovedOutOfDisownedSubtree()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        // Replace root with only child2 and the grandchild (moved under child2): child leaves.
        QVERIFY(tree.populate({record(1, QStringLiteral("root")), record(4, QStringLiteral("child2"), 1),
                               record(3, QStringLiteral("grandchild"), 4)})
                    .ok());
        QCOMPARE(tree.providerUuids(), (QStringList{uuid(1), uuid(4), uuid(3), uuid(5)}));
        QVERIFY(!tree.exists(uuid(2)));
    }
    void populateRefusesOrphansChangingNothing()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        const QStringList before = tree.providerUuids();
        const Status status = tree.populate({record(6, QStringLiteral("ok"), 1), record(7, QStringLiteral("orphan"), 99)});
        QVERIFY(!status.ok());
        QCOMPARE(status.errors().size(), 1);
        QCOMPARE(status.firstError().kind, ProblemKind::UnknownParent);
        QCOMPARE(status.firstError().provider, uuid(7));
        QCOMPARE(tree.providerUuids(), before);
    }
    void populateRefusesParentThatReplacementDrops()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        // Replacing child (2) without grandchild (3) drops 3, so 6 cannot hang from it.
        const Status status = tree.populate({record(2, QStringLiteral("child"), 1), record(6, QStringLiteral("x"), 3)});
        QCOMPARE(status.firstError().kind, ProblemKind::UnknownParent);
        QVERIFY(tree.exists(uuid(3)));
    }
    void populateRefusesCycles()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        const QStringList before = tree.providerUuids();
        const Status status = tree.populate({record(6, QStringLiteral("a"), 7), record(7, QStringLiteral("b"), 6),
                                             record(8, QStringLiteral("below"), 7), record(9, QStringLiteral("fine"), 1)});
        QVERIFY(!status.ok());
        QCOMPARE(status.errors().size(), 3);
        for (const Problem &problem : status.errors())
            QCOMPARE(problem.kind, ProblemKind::Cycle);
        QCOMPARE(tree.providerUuids(), before);
    }
    void populateRefusesCycleThroughReplacedProvider()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        // root under its own child: the records form root -> child -> root.
        const Status status = tree.populate({record(1, QStringLiteral("root"), 2), record(2, QStringLiteral("child"), 1)});
        QCOMPARE(status.firstError().kind, ProblemKind::Cycle);
        QCOMPARE(tree.data(uuid(1))->parentUuid, QString());
    }
    void populateRefusesDuplicates_data()
    {
        QTest::addColumn<QList<ProviderData>>("records");
        QTest::addColumn<ProblemKind>("kind");
        QTest::newRow("uuid twice") << QList<ProviderData>{record(6, QStringLiteral("a")), record(6, QStringLiteral("b"))}
                                    << ProblemKind::DuplicateUuid;
        QTest::newRow("name twice") << QList<ProviderData>{record(6, QStringLiteral("a")), record(7, QStringLiteral("a"))}
                                    << ProblemKind::DuplicateName;
        QTest::newRow("name of a staying provider")
            << QList<ProviderData>{record(6, QStringLiteral("other"))} << ProblemKind::DuplicateName;
        QTest::newRow("invalid record") << QList<ProviderData>{record(6, QString())} << ProblemKind::InvalidName;
    }
    void populateRefusesDuplicates()
    {
        QFETCH(QList<ProviderData>, records);
        QFETCH(ProblemKind, kind);
        ProviderTree tree;
        buildSmallTree(tree);
        const Status status = tree.populate(records);
        QCOMPARE(status.firstError().kind, kind);
        QCOMPARE(tree.size(), 5);
    }
    void populateReportsRecordAndTreeProblemsTogether()
    {
        ProviderTree tree;
        ProviderData bad = record(6, QString());
        const Status status = tree.populate({bad, record(7, QStringLiteral("a")), record(8, QStringLiteral("a"))});
        QCOMPARE(status.errors().size(), 2);
        QCOMPARE(status.errors()[0].kind, ProblemKind::InvalidName);
        QCOMPARE(status.errors()[1].kind, ProblemKind::DuplicateName);
        QCOMPARE(tree.size(), 0);
    }
    void populateAllowsNamesToMoveBetweenProviders()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        // Swap the names of child and child2, and reuse a disowned provider's name.
        QVERIFY(tree.populate({record(2, QStringLiteral("child2"), 1), record(4, QStringLiteral("child"), 1),
                               record(6, QStringLiteral("grandchild"), 2)})
                    .ok());
        QCOMPARE(tree.data(QStringLiteral("child"))->uuid, uuid(4));
        QCOMPARE(tree.data(QStringLiteral("child2"))->uuid, uuid(2));
        QCOMPARE(tree.data(QStringLiteral("grandchild"))->uuid, uuid(6));
        QVERIFY(!tree.exists(uuid(3)));
    }
    void replaceAllSwapsTheWholeTree()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        ChangeLog log(tree);
        QVERIFY(tree.replaceAll({record(9, QStringLiteral("only"))}).ok());
        QCOMPARE(tree.providerUuids(), QStringList{uuid(9)});
        QCOMPARE(log.sets.size(), 1);
        QVERIFY(log.sets.first().reset);
        QVERIFY(!tree.replaceAll({record(9, QStringLiteral("a"), 8)}).ok());
        QCOMPARE(tree.providerUuids(), QStringList{uuid(9)});
    }
    // A list long enough to be checked beside its plan (providertree.cpp), some of its
    // records not in the stored form: those are stored normalised, and what is wrong is
    // reported whichever thread found it.
    void replaceAllOfALargeListNormalisesAndChecksEveryRecord()
    {
        const QString upper = QStringLiteral("ABCDEF00-0000-4000-8000-00000000000A");
        ProviderData top = record(0, QStringLiteral("top"));
        top.uuid = upper;
        QList<ProviderData> records{top};
        for (int n = 1; n <= 5000; ++n) {
            ProviderData child = record(n, QStringLiteral("cn-%1").arg(n));
            child.parentUuid = upper;
            if (n % 7 == 0)
                child.traits = {QStringLiteral("CUSTOM_B"), QStringLiteral("CUSTOM_A")};
            records.append(child);
        }
        ProviderTree tree;
        QVERIFY(tree.replaceAll(records).ok());
        QCOMPARE(tree.size(), 5001);
        QCOMPARE(tree.data(upper)->uuid, upper.toLower());
        QCOMPARE(tree.data(uuid(7))->parentUuid, upper.toLower());
        QCOMPARE(tree.data(uuid(7))->traits, (QStringList{QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B")}));
        QCOMPARE(tree.data(uuid(8))->traits, QStringList());

        records[3].inventories.insert(QStringLiteral("VCPU"), vcpu(8));
        records[3].inventories[QStringLiteral("VCPU")].reserved = 9;
        records[14].parentUuid = uuid(9999);
        records[14].traits = {QStringLiteral("CUSTOM_B"), QStringLiteral("CUSTOM_A")};
        const Status refused = tree.replaceAll(records);
        QVERIFY(!refused.ok());
        QSet<ProblemKind> kinds;
        for (const Problem &problem : refused.errors())
            kinds.insert(problem.kind);
        QCOMPARE(kinds, (QSet<ProblemKind>{ProblemKind::InvalidInventory, ProblemKind::UnknownParent}));
        QCOMPARE(tree.size(), 5001);
        QVERIFY(tree.data(uuid(3))->inventories.isEmpty()); // the tree as it was
    }

    // --- inventories ---
    void hasInventoryChangedFollowsNova()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1)).ok());
        QVERIFY(no(tree.hasInventory(uuid(1))));
        InventoryRecord full = vcpu(8, 16.0);
        full.reserved = 0;
        Inventories inv{{QStringLiteral("VCPU"), full}, {QStringLiteral("MEMORY_MB"), vcpu(1024)}};
        QVERIFY(yes(tree.hasInventoryChanged(uuid(1), inv)));
        QVERIFY(tree.updateInventory(uuid(1), inv).value());
        QVERIFY(yes(tree.hasInventory(uuid(1))));
        QVERIFY(no(tree.hasInventoryChanged(uuid(1), inv)));

        Inventories fewerFields = inv;
        fewerFields[QStringLiteral("VCPU")].allocationRatio.reset(); // absent: not a change
        QVERIFY(no(tree.hasInventoryChanged(uuid(1), fewerFields)));
        Inventories moreFields = inv;
        moreFields[QStringLiteral("MEMORY_MB")].reserved = 0; // added: a change, even at its default
        QVERIFY(yes(tree.hasInventoryChanged(uuid(1), moreFields)));
        Inventories sameByValue = inv;
        sameByValue[QStringLiteral("VCPU")].allocationRatio = 16; // 16 == 16.0
        QVERIFY(no(tree.hasInventoryChanged(uuid(1), sameByValue)));
        Inventories otherValue = inv;
        otherValue[QStringLiteral("VCPU")].total = 6;
        QVERIFY(yes(tree.hasInventoryChanged(uuid(1), otherValue)));
        Inventories classRemoved = inv;
        classRemoved.remove(QStringLiteral("MEMORY_MB"));
        QVERIFY(yes(tree.hasInventoryChanged(uuid(1), classRemoved)));
        Inventories classAdded = inv;
        classAdded.insert(QStringLiteral("DISK_GB"), vcpu(100));
        QVERIFY(yes(tree.hasInventoryChanged(uuid(1), classAdded)));
        QCOMPARE(tree.hasInventoryChanged(uuid(9), inv).status().firstError().kind, ProblemKind::UnknownProvider);
    }
    void updateInventoryReportsChangeAndKeepsGeneration()
    {
        // nova: without a generation, update_inventory leaves the provider's generation alone.
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1), 3).ok());
        const Inventories inv{{QStringLiteral("VCPU"), vcpu(8)}};
        QCOMPARE(tree.updateInventory(uuid(1), inv).value(), true);
        QCOMPARE(tree.data(uuid(1))->generation, 3);
        QCOMPARE(tree.updateInventory(uuid(1), inv).value(), false);
        QCOMPARE(tree.data(uuid(1))->generation, 3);
        QVERIFY(tree.addTraits(uuid(1), {QStringLiteral("CUSTOM_A")}).ok());
        QVERIFY(tree.updateAggregates(uuid(1), {uuid(50)}).ok());
        QVERIFY(tree.rename(uuid(1), QStringLiteral("cn-renamed")).ok());
        QCOMPARE(tree.data(uuid(1))->generation, 3);
    }
    void updateInventoryKeepsStoredRecordWhenUnchanged()
    {
        // nova stores nothing when nothing changed: the fuller stored record stays.
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1)).ok());
        QVERIFY(tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), vcpu(8, 4.0)}}).ok());
        QCOMPARE(tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), vcpu(8)}}).value(), false);
        QCOMPARE(tree.data(uuid(1))->inventories.value(QStringLiteral("VCPU")).allocationRatio, 4.0);
    }
    void revisionsGuardAgainstConcurrentEdits()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1), 5).ok());
        const auto read = tree.versionedData(uuid(1));
        QVERIFY(read);
        QVERIFY(tree.addTraits(uuid(1), {QStringLiteral("CUSTOM_OTHER")}).ok()); // someone else
        const quint64 revisionNow = tree.versionedData(uuid(1))->revision;
        QVERIFY(revisionNow > read->revision);

        ProviderData state = read->data;
        state.inventories = {{QStringLiteral("VCPU"), vcpu(8)}};
        const auto stale = tree.apply(TreeEdit()
                                          .update(state, ProviderPart::Inventories)
                                          .expectUnchangedSince(uuid(1), read->revision));
        QVERIFY(!stale.ok());
        QCOMPARE(stale.status().firstError().kind, ProblemKind::ConcurrentChange);
        QVERIFY(no(tree.hasInventory(uuid(1))));

        const auto fresh = tree.apply(TreeEdit()
                                          .update(state, ProviderPart::Inventories)
                                          .expectUnchangedSince(uuid(1), revisionNow));
        QVERIFY(fresh.ok());
        QCOMPARE(fresh.value().sequence, tree.lastSequence());
        QCOMPARE(tree.versionedData(uuid(1))->revision, fresh.value().sequence);
        QCOMPARE(tree.data(uuid(1))->generation, 5);
        QCOMPARE(tree.data(uuid(1))->traits, QStringList{QStringLiteral("CUSTOM_OTHER")}); // not overwritten
    }
    void novaFormSetsReportedGeneration()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1), 5).ok());
        const Inventories inv{{QStringLiteral("VCPU"), vcpu(8)}};
        QCOMPARE(tree.updateInventory(uuid(1), inv, 42).value(), true);
        QCOMPARE(tree.data(uuid(1))->generation, 42);
        // Unchanged data, but Placement reported a newer generation: it is taken.
        QCOMPARE(tree.updateInventory(uuid(1), inv, 43).value(), false);
        QCOMPARE(tree.data(uuid(1))->generation, 43);
    }
    void invalidInventoryChangesNothing_data()
    {
        QTest::addColumn<QString>("resourceClass");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<qint64>("reserved");
        QTest::newRow("reserved above total") << QStringLiteral("VCPU") << qint64(8) << qint64(9);
        QTest::newRow("total zero") << QStringLiteral("VCPU") << qint64(0) << qint64(0);
        QTest::newRow("bad class") << QStringLiteral("vcpu") << qint64(8) << qint64(0);
    }
    void invalidInventoryChangesNothing()
    {
        QFETCH(QString, resourceClass);
        QFETCH(qint64, total);
        QFETCH(qint64, reserved);
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1)).ok());
        QVERIFY(tree.updateInventory(uuid(1), {{QStringLiteral("DISK_GB"), vcpu(100)}}).ok());
        const ProviderData before = *tree.data(uuid(1));
        InventoryRecord bad = vcpu(total);
        bad.reserved = reserved;
        const auto result = tree.updateInventory(uuid(1), {{resourceClass, bad}});
        QVERIFY(!result.ok());
        QCOMPARE(result.status().firstError().provider, uuid(1));
        QCOMPARE(*tree.data(uuid(1)), before);
    }
    void inventoryInUseCannotBeRemoved()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1)).ok());
        QVERIFY(tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), vcpu(8)}, {QStringLiteral("DISK_GB"), vcpu(10)}}).ok());
        QVERIFY(tree.updateUsages(uuid(1), {{QStringLiteral("VCPU"), 4}, {QStringLiteral("DISK_GB"), 0}}).ok());
        const auto removed = tree.updateInventory(uuid(1), {{QStringLiteral("DISK_GB"), vcpu(10)}});
        QCOMPARE(removed.status().firstError().kind, ProblemKind::InventoryInUse);
        // A class with zero usage can go; its usage entry goes with it.
        QVERIFY(tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), vcpu(8)}}).ok());
        QCOMPARE(tree.data(uuid(1))->usages, (Usages{{QStringLiteral("VCPU"), 4}}));
        // Shrinking below usage is accepted (Placement allows it) with a warning.
        const auto shrunk = tree.updateInventory(uuid(1), {{QStringLiteral("VCPU"), vcpu(2)}});
        QVERIFY(shrunk.ok());
        QVERIFY(!shrunk.status().warnings().isEmpty());
        QCOMPARE(tree.updateUsages(uuid(1), {{QStringLiteral("MEMORY_MB"), 1}}).status().firstError().kind,
                 ProblemKind::InvalidUsage);
    }

    // --- traits ---
    void traits()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1)).ok());
        const QStringList traits{QStringLiteral("HW_CPU_X86_AVX2"), QStringLiteral("CUSTOM_GOLD")};
        QVERIFY(yes(tree.haveTraitsChanged(uuid(1), traits)));
        QCOMPARE(tree.updateTraits(uuid(1), traits).value(), true);
        QVERIFY(no(tree.haveTraitsChanged(uuid(1), {traits[1], traits[0], traits[0]})));
        QCOMPARE(tree.updateTraits(uuid(1), traits).value(), false);
        QVERIFY(yes(tree.hasTraits(uuid(1), {QStringLiteral("CUSTOM_GOLD")})));
        QVERIFY(yes(tree.hasTraits(uuid(1), {})));
        QVERIFY(no(tree.hasTraits(uuid(1), {QStringLiteral("CUSTOM_GOLD"), QStringLiteral("CUSTOM_SILVER")})));
        QVERIFY(tree.addTraits(uuid(1), {QStringLiteral("CUSTOM_SILVER")}).ok());
        QVERIFY(tree.removeTraits(uuid(1), {QStringLiteral("CUSTOM_GOLD")}).ok());
        QCOMPARE(tree.data(uuid(1))->traits,
                 (QStringList{QStringLiteral("CUSTOM_SILVER"), QStringLiteral("HW_CPU_X86_AVX2")}));
        const ProviderData before = *tree.data(uuid(1));
        QCOMPARE(tree.addTraits(uuid(1), {QStringLiteral("CUSTOM_OK"), QStringLiteral("lower")}).firstError().kind,
                 ProblemKind::InvalidTrait);
        QCOMPARE(*tree.data(uuid(1)), before);
        QCOMPARE(tree.hasTraits(uuid(9), {}).status().firstError().kind, ProblemKind::UnknownProvider);
    }

    // --- aggregates ---
    void aggregates()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1)).ok());
        const QString agg1 = uuid(101);
        const QString agg2Upper = uuid(102).toUpper();
        QVERIFY(yes(tree.haveAggregatesChanged(uuid(1), {agg1})));
        QCOMPARE(tree.updateAggregates(uuid(1), {agg1, agg2Upper}).value(), true);
        QCOMPARE(tree.data(uuid(1))->aggregates, (QStringList{agg1, uuid(102)}));
        QVERIFY(no(tree.haveAggregatesChanged(uuid(1), {uuid(102), agg1})));
        QVERIFY(yes(tree.inAggregates(uuid(1), {agg2Upper})));
        QVERIFY(no(tree.inAggregates(uuid(1), {uuid(103)})));
        QVERIFY(tree.addAggregates(uuid(1), {uuid(103)}).ok());
        QVERIFY(tree.removeAggregates(uuid(1), {agg1}).ok());
        QCOMPARE(tree.data(uuid(1))->aggregates, (QStringList{uuid(102), uuid(103)}));
        QCOMPARE(tree.addAggregates(uuid(1), {QStringLiteral("nope")}).firstError().kind, ProblemKind::InvalidAggregate);
        QCOMPARE(tree.data(uuid(1))->aggregates.size(), 2);
    }
    void sharingProvider()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("cn"), uuid(1)).ok());
        QVERIFY(tree.newRoot(QStringLiteral("storage"), uuid(2)).ok());
        QVERIFY(tree.updateInventory(uuid(2), {{QStringLiteral("DISK_GB"), vcpu(1000)}}).ok());
        QVERIFY(!tree.hasSharingProvider(QStringLiteral("DISK_GB")));
        QVERIFY(tree.addTraits(uuid(1), {QStringLiteral("MISC_SHARES_VIA_AGGREGATE")}).ok());
        QVERIFY(!tree.hasSharingProvider(QStringLiteral("DISK_GB"))); // the sharer has no DISK_GB
        QVERIFY(tree.addTraits(uuid(2), {QStringLiteral("MISC_SHARES_VIA_AGGREGATE")}).ok());
        QVERIFY(tree.hasSharingProvider(QStringLiteral("DISK_GB")));
        QVERIFY(!tree.hasSharingProvider(QStringLiteral("VCPU")));
    }

    // --- notifications ---
    void notificationsDescribeEachEdit()
    {
        ProviderTree tree;
        ChangeLog log(tree);
        QVERIFY(tree.newRoot(QStringLiteral("root"), uuid(1)).ok());
        QVERIFY(tree.newChild(QStringLiteral("child"), uuid(1), uuid(2)).ok());
        QVERIFY(tree.newChild(QStringLiteral("gc"), uuid(2), uuid(3)).ok());
        QVERIFY(tree.addTraits(uuid(2), {QStringLiteral("CUSTOM_A")}).ok());
        QVERIFY(tree.reparent(uuid(3), uuid(1)).ok());
        QVERIFY(tree.remove(uuid(1)).ok());
        QCOMPARE(log.sets.size(), 6);
        for (int i = 0; i < log.sets.size(); ++i)
            QCOMPARE(log.sets[i].sequence, quint64(i + 1));
        using K = ProviderChange::Kind;
        QCOMPARE(log.sets[0].changes, (QList<ProviderChange>{{K::Added, uuid(1), {}, {}, {}, {}}}));
        QCOMPARE(log.sets[1].changes, (QList<ProviderChange>{{K::Added, uuid(2), uuid(1), {}, {}, {}}}));
        QCOMPARE(log.sets[3].changes,
                 (QList<ProviderChange>{{K::Changed, uuid(2), uuid(1), {}, ProviderPart::Traits, {}}}));
        QCOMPARE(log.sets[4].changes,
                 (QList<ProviderChange>{{K::Changed, uuid(3), uuid(1), uuid(2), ProviderPart::Parent, {}}}));
        QCOMPARE(log.sets[5].changes,
                 (QList<ProviderChange>{{K::Removed, uuid(1), {}, {}, {}, {uuid(2), uuid(3)}}}));
    }
    void refusedEditNotifiesNothing()
    {
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("root"), uuid(1)).ok());
        ChangeLog log(tree);
        QVERIFY(!tree.rename(uuid(1), QString()).ok());
        QVERIFY(!tree.populate({record(2, QStringLiteral("x"), 42)}).ok());
        QVERIFY(tree.updateTraits(uuid(1), {}).ok()); // no change
        QVERIFY(log.sets.isEmpty());
    }
    void populateNotificationsReplayInOrder()
    {
        ProviderTree tree;
        buildSmallTree(tree);
        ChangeLog log(tree);
        QVERIFY(tree.populate({record(1, QStringLiteral("root")), record(4, QStringLiteral("child2"), 1),
                               record(3, QStringLiteral("grandchild"), 4), record(6, QStringLiteral("new"), 4)})
                    .ok());
        QCOMPARE(log.sets.size(), 1);
        using K = ProviderChange::Kind;
        QCOMPARE(log.sets[0].changes,
                 (QList<ProviderChange>{{K::Changed, uuid(3), uuid(4), uuid(2), ProviderPart::Parent, {}},
                                        {K::Added, uuid(6), uuid(4), {}, {}, {}},
                                        {K::Removed, uuid(2), uuid(1), {}, {}, {}}}));
    }
    void observerMayEditTheTree()
    {
        ProviderTree tree;
        QList<quint64> seen;
        const auto id = tree.addObserver([&](const ChangeSet &changes) {
            seen.append(changes.sequence);
            if (changes.sequence == 1)
                QVERIFY(tree.newChild(QStringLiteral("from observer"), uuid(1), uuid(2)).ok());
        });
        QVERIFY(tree.newRoot(QStringLiteral("root"), uuid(1)).ok());
        QCOMPARE(seen, (QList<quint64>{1, 2}));
        QVERIFY(tree.exists(uuid(2)));
        tree.removeObserver(id);
        QVERIFY(tree.remove(uuid(2)).ok());
        QCOMPARE(seen.size(), 2);
    }

    // --- scale ---
    void deepChainIsIterative()
    {
        constexpr int depth = 100000;
        QList<ProviderData> chain;
        chain.reserve(depth);
        for (int i = depth; i >= 1; --i) // children first: populate must sort them
            chain.append(record(i, QStringLiteral("p%1").arg(i), i - 1));
        ProviderTree tree;
        ChangeLog log(tree);
        QVERIFY(tree.populate(chain).ok());
        QCOMPARE(tree.size(), depth);
        const QStringList uuids = tree.providerUuids();
        QCOMPARE(uuids.first(), uuid(1));
        QCOMPARE(uuids.last(), uuid(depth));
        QCOMPARE(tree.treeUuids(uuid(depth)).value().size(), depth);
        QCOMPARE(tree.allData().size(), depth);
        QVERIFY(tree.remove(uuid(1)).ok());
        QCOMPARE(tree.size(), 0);
        QCOMPARE(log.sets.last().changes.first().removedDescendants.size(), depth - 1);
    }
};

QTEST_GUILESS_MAIN(TestProviderTree)
#include "tst_providertree.moc"
