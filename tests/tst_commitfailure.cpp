// Specification of the core's strong exception safety: a change that runs out of memory at
// any allocation leaves the tree exactly as it was (data, order, uuid and name indexes), is
// reported as OutOfMemory, and publishes nothing; the next change works.
//
// Every allocation through operator new (the store's maps, node lists, plans) is made to
// fail in turn: the Nth one throws std::bad_alloc, for N = 1, 2, ... until the change goes
// through. CommitPlan::commit() is noexcept, so an allocation inside it would terminate the
// test instead of passing quietly. Qt's containers allocate with malloc and are not
// injected; the commit only copies implicitly shared values, which allocates nothing.
#include "providertree.h"

#include <QTest>

#include "support/testuuid.h"

#include <atomic>
#include <cstdlib>
#include <functional>
#include <new>

namespace {

std::atomic<long> g_allocationsLeft{-1}; // -1: never fail

void *allocate(std::size_t size)
{
    if (g_allocationsLeft.load(std::memory_order_relaxed) >= 0
        && g_allocationsLeft.fetch_sub(1, std::memory_order_relaxed) == 0)
        throw std::bad_alloc();
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}

} // namespace

void *operator new(std::size_t size) { return allocate(size); }
void *operator new[](std::size_t size) { return allocate(size); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }

using namespace provtree;
using provtree::testing::uuid;

namespace {

// Fails the next `count`-th allocation (0: the very next one) while in scope.
class FailingAllocation
{
public:
    explicit FailingAllocation(long count) { g_allocationsLeft.store(count); }
    ~FailingAllocation() { g_allocationsLeft.store(-1); }
};

ProviderData record(int n, const QString &name, int parent = 0)
{
    ProviderData data;
    data.uuid = uuid(n);
    data.name = name;
    data.parentUuid = parent ? uuid(parent) : QString();
    return data;
}

// root(1) -> a(2) -> a1(3), a2(4); root -> b(5) -> b1(6); other(7); each with inventory
QList<ProviderData> startingTree()
{
    QList<ProviderData> records{record(1, QStringLiteral("root")),   record(2, QStringLiteral("a"), 1),
                                record(3, QStringLiteral("a1"), 2),  record(4, QStringLiteral("a2"), 2),
                                record(5, QStringLiteral("b"), 1),   record(6, QStringLiteral("b1"), 5),
                                record(7, QStringLiteral("other"))};
    for (ProviderData &r : records) {
        InventoryRecord vcpu;
        vcpu.total = 8;
        r.inventories.insert(QStringLiteral("VCPU"), vcpu);
        r.traits = {QStringLiteral("CUSTOM_T")};
    }
    return records;
}

// Everything a reader can observe: the data top-down and every lookup by uuid and name.
struct Observed
{
    QList<ProviderData> data;
    QStringList byName; // for each provider, the uuid its name finds
    bool operator==(const Observed &) const = default;
};

Observed observe(const ProviderTree &tree)
{
    Observed seen;
    seen.data = tree.allData();
    for (const ProviderData &p : std::as_const(seen.data)) {
        const auto byUuid = tree.data(p.uuid);
        const auto byName = tree.data(p.name);
        seen.byName.append(byUuid && byName && *byUuid == p ? byName->uuid : QStringLiteral("broken"));
    }
    return seen;
}

using Change = std::function<Status(ProviderTree &)>;

} // namespace

Q_DECLARE_METATYPE(Change)

class TestCommitFailure : public QObject
{
    Q_OBJECT

private slots:
    void everyAllocationFailureLeavesTheTreeAsItWas_data()
    {
        QTest::addColumn<Change>("change");
        QTest::newRow("populate: replace, add, disown, rename, move") << Change([](ProviderTree &tree) {
            ProviderData a = record(2, QStringLiteral("b"), 7); // takes b's name, moves under other
            ProviderData b = record(5, QStringLiteral("a"), 1);  // takes a's name; b1 is disowned
            return tree.populate({a, b, record(3, QStringLiteral("a1"), 2), record(8, QStringLiteral("new"), 2),
                                  record(9, QStringLiteral("new-root"))});
        });
        QTest::newRow("apply: update, add, remove") << Change([](ProviderTree &tree) {
            ProviderData moved = *tree.data(uuid(3));
            moved.parentUuid = uuid(7);
            moved.name = QStringLiteral("moved");
            moved.traits.append(QStringLiteral("CUSTOM_U"));
            return tree.apply(TreeEdit()
                                  .update(moved, ProviderParts(ProviderPart::Parent) | ProviderPart::Name
                                                     | ProviderPart::Traits)
                                  .add(record(10, QStringLiteral("added"), 3))
                                  .add(record(11, QStringLiteral("added-root")))
                                  .remove(uuid(5)))
                .status();
        });
        QTest::newRow("remove a subtree") << Change([](ProviderTree &tree) { return tree.remove(uuid(2)); });
        QTest::newRow("rename") << Change([](ProviderTree &tree) { return tree.rename(uuid(6), QStringLiteral("renamed")); });
        QTest::newRow("reparent") << Change([](ProviderTree &tree) { return tree.reparent(uuid(5), uuid(7)); });
        QTest::newRow("new child") << Change([](ProviderTree &tree) {
            return tree.newChild(QStringLiteral("child"), uuid(4), uuid(12)).status();
        });
        InventoryRecord disk;
        disk.total = 100;
        // Built here: QMap allocates through operator new, and only the tree's own
        // allocations are to fail.
        const Inventories inventories{{QStringLiteral("DISK_GB"), disk}};
        QTest::newRow("update inventory") << Change([inventories](ProviderTree &tree) {
            return tree.updateInventory(uuid(4), inventories).status();
        });
        QTest::newRow("replace all") << Change([](ProviderTree &tree) {
            return tree.replaceAll({record(20, QStringLiteral("x")), record(21, QStringLiteral("y"), 20)});
        });
    }
    void everyAllocationFailureLeavesTheTreeAsItWas()
    {
        QFETCH(Change, change);
        int failures = 0;
        for (long n = 0;; ++n) {
            ProviderTree tree;
            QVERIFY(tree.populate(startingTree()).ok());
            int changeSets = 0;
            tree.addObserver([&changeSets](const ChangeSet &) { ++changeSets; });
            const Observed before = observe(tree);
            const quint64 sequence = tree.lastSequence();

            Status status;
            {
                const FailingAllocation failing(n);
                status = change(tree);
            }
            if (status.ok()) {
                QVERIFY(observe(tree) != before);
                if (changeSets == 0) {
                    // Memory ran out while delivering, after the commit: the ChangeSet is
                    // late, not lost; the next change's delivery brings both.
                    QVERIFY(tree.newRoot(QStringLiteral("late"), uuid(99)).ok());
                    QCOMPARE(changeSets, 2);
                }
                QCOMPARE(changeSets >= 1, true);
                break;
            }
            ++failures;
            QCOMPARE(status.firstError().kind, ProblemKind::OutOfMemory);
            QCOMPARE(observe(tree), before);
            QCOMPARE(tree.lastSequence(), sequence);
            QCOMPARE(changeSets, 0);
            // The tree still works.
            QVERIFY(tree.rename(uuid(7), QStringLiteral("still-works")).ok());
            QCOMPARE(tree.data(QStringLiteral("still-works"))->uuid, uuid(7));
            QCOMPARE(changeSets, 1);
        }
        QVERIFY2(failures > 0, "the change allocated nothing: the test proves nothing");
        qInfo("%d allocation failures refused cleanly", failures);
    }
};

QTEST_GUILESS_MAIN(TestCommitFailure)
#include "tst_commitfailure.moc"
