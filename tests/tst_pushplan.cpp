// Push plans: which Placement calls turn the pulled state into mine, in which order, with
// which bodies, refused when the microversion or the usages make it impossible; checked
// against hand-written expectations and, on random edits, against a model of Placement's
// rules (placementmodel.h) that must accept every call and end in my state.
#include "placementmodel.h"
#include "pushorder.h"
#include "pushplan.h"
#include "support/hostiletext.h"
#include "support/testrecords.h"
#include "support/testuuid.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace provtree;
using provtree::testing::PlacementModel;
using provtree::testing::uuid;

namespace {

ProviderData rp(int n, const QString &name, int parent = 0)
{
    return testing::providerRecord(uuid(n), name, parent ? uuid(parent) : QString());
}

InventoryRecord inventory(qint64 total, qint64 reserved = 0)
{
    InventoryRecord r;
    r.total = total;
    if (reserved)
        r.reserved = reserved;
    return r;
}

ProviderData with(ProviderData p, const Inventories &inventories, const QStringList &traits = {},
                  const QStringList &aggregates = {})
{
    p.inventories = inventories;
    p.traits = traits;
    p.aggregates = aggregates;
    return p;
}

// One call, compactly: "check NAME" (the name Placement must show), "put name=N parent=P",
// "create NAME [under P]", "inventories NAME", "delete NAME", "ensure-class C", ... with
// temporary names as "tmp" and parents by name ("-" for none).
QString describe(const PlannedCall &call, const QHash<QString, QString> &names)
{
    const auto shown = [](const QString &name) {
        return name.startsWith(QLatin1String("provtree-renaming-")) ? QStringLiteral("tmp") : name;
    };
    const QJsonObject body = call.request.body && call.request.body->isObject() ? call.request.body->object()
                                                                                : QJsonObject();
    const QString parent = names.value(body.value(QLatin1String("parent_provider_uuid")).toString(),
                                       QStringLiteral("-"));
    switch (call.kind) {
    case PlannedCall::Kind::EnsureResourceClass:
        return QStringLiteral("ensure-class ") + call.request.path.section(QLatin1Char('/'), -1);
    case PlannedCall::Kind::EnsureTrait:
        return QStringLiteral("ensure-trait ") + call.request.path.section(QLatin1Char('/'), -1);
    case PlannedCall::Kind::CreateProvider:
        return QStringLiteral("create ") + call.providerName
               + (body.contains(QLatin1String("parent_provider_uuid")) ? QStringLiteral(" under ") + parent : QString());
    case PlannedCall::Kind::CheckProvider:
        return QStringLiteral("check ") + shown(call.expected->name);
    case PlannedCall::Kind::UpdateProvider:
        return QStringLiteral("put name=%1 parent=%2").arg(shown(body.value(QLatin1String("name")).toString()), parent);
    case PlannedCall::Kind::SetInventories: return QStringLiteral("inventories ") + call.providerName;
    case PlannedCall::Kind::SetTraits: return QStringLiteral("traits ") + call.providerName;
    case PlannedCall::Kind::SetAggregates: return QStringLiteral("aggregates ") + call.providerName;
    case PlannedCall::Kind::DeleteProvider: return QStringLiteral("delete ") + call.providerName;
    }
    return {};
}

QStringList describe(const PushPlan &plan, const QList<ProviderData> &pulled, const QList<ProviderData> &mine)
{
    QHash<QString, QString> names;
    for (const ProviderData &p : pulled)
        names.insert(p.uuid, p.name);
    for (const ProviderData &p : mine)
        names.insert(p.uuid, p.name);
    QStringList out;
    for (const PlannedCall &call : plan.calls)
        out.append(describe(call, names));
    return out;
}

const PlannedCall *findCall(const PushPlan &plan, PlannedCall::Kind kind, const QString &providerUuid = {})
{
    for (const PlannedCall &call : plan.calls) {
        if (call.kind == kind && call.providerUuid == providerUuid)
            return &call;
    }
    return nullptr;
}

QJsonDocument json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in the test: %s", qPrintable(error.errorString()));
    return doc;
}

// Sends the plan to a model of Placement holding `pulled`; fails the test if a call is
// refused or Placement does not end up showing `mine`.
bool appliesExactly(const PushPlan &plan, const QList<ProviderData> &pulled, const QList<ProviderData> &mine,
                    int minor, bool caseInsensitiveNames = false)
{
    PlacementModel placement(pulled, minor, caseInsensitiveNames);
    const QString refused = placement.run(plan);
    if (!refused.isEmpty()) {
        qWarning("%s\n%s", qPrintable(refused), qPrintable(plan.toText()));
        return false;
    }
    if (PlacementModel::comparable(placement.state()) != PlacementModel::comparable(mine)) {
        qWarning("Placement does not show my state after the plan:\n%s", qPrintable(plan.toText()));
        return false;
    }
    return true;
}

using States = QList<ProviderData>;

} // namespace

class tst_PushPlan : public QObject
{
    Q_OBJECT

private slots:
    void order_data()
    {
        QTest::addColumn<States>("pulled");
        QTest::addColumn<States>("mine");
        QTest::addColumn<int>("minor");
        QTest::addColumn<QStringList>("expected");

        const States tree{rp(1, QStringLiteral("a")), rp(2, QStringLiteral("b"), 1), rp(3, QStringLiteral("c"), 2)};
        QTest::newRow("nothing differs") << tree << tree << 39 << QStringList();
        States regenerated = tree;
        for (ProviderData &p : regenerated)
            p.generation += 7;
        QTest::newRow("generations alone are no change") << tree << regenerated << 39 << QStringList();
        InventoryRecord explicitDefaults = inventory(8);
        explicitDefaults.reserved = 0;
        explicitDefaults.allocationRatio = 1.0;
        explicitDefaults.maxUnit = kMaxInventoryInt;
        QTest::newRow("defaults spelled out are no change")
            << States{with(rp(1, QStringLiteral("a")), {{QStringLiteral("VCPU"), inventory(8)}})}
            << States{with(rp(1, QStringLiteral("a")), {{QStringLiteral("VCPU"), explicitDefaults}})} << 39 << QStringList();
        QTest::newRow("the same sets in another order are no change")
            << States{with(rp(1, QStringLiteral("a")), {}, {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B")},
                           {uuid(90), uuid(91)})}
            << States{with(rp(1, QStringLiteral("a")), {}, {QStringLiteral("CUSTOM_B"), QStringLiteral("CUSTOM_A")},
                           {uuid(91), uuid(90)})}
            << 39 << QStringList();

        QTest::newRow("new CUSTOM_ classes and traits first, standard and pulled ones never")
            << States{with(rp(1, QStringLiteral("host")), {{QStringLiteral("CUSTOM_OLD"), inventory(1)}},
                           {QStringLiteral("CUSTOM_T_OLD")})}
            << States{with(rp(1, QStringLiteral("host")), {{QStringLiteral("CUSTOM_OLD"), inventory(1)}},
                           {QStringLiteral("CUSTOM_T_OLD")}),
                      with(rp(2, QStringLiteral("gpu"), 1),
                           {{QStringLiteral("VGPU"), inventory(4)}, {QStringLiteral("CUSTOM_NEW"), inventory(1)},
                            {QStringLiteral("CUSTOM_OLD"), inventory(1)}},
                           {QStringLiteral("HW_CPU_X86_AVX2"), QStringLiteral("CUSTOM_T_OLD"),
                            QStringLiteral("CUSTOM_T_NEW")})}
            << 39
            << QStringList{QStringLiteral("ensure-class CUSTOM_NEW"), QStringLiteral("ensure-trait CUSTOM_T_NEW"),
                           QStringLiteral("create gpu under host"), QStringLiteral("inventories gpu"),
                           QStringLiteral("traits gpu")};
        QTest::newRow("parents are created before children, whatever the list's order")
            << States{}
            << States{rp(3, QStringLiteral("c"), 2), rp(5, QStringLiteral("z"), 1), rp(2, QStringLiteral("b"), 1),
                      rp(1, QStringLiteral("a"))}
            << 39
            << QStringList{QStringLiteral("create a"), QStringLiteral("create b under a"),
                           QStringLiteral("create c under b"), QStringLiteral("create z under a")};
        QTest::newRow("a new provider's non-empty parts follow its creation")
            << States{}
            << States{with(rp(1, QStringLiteral("a")), {{QStringLiteral("VCPU"), inventory(8)}},
                           {QStringLiteral("HW_CPU_X86_AVX2")}),
                      with(rp(2, QStringLiteral("b"), 1), {}, {}, {uuid(90)})}
            << 39
            << QStringList{QStringLiteral("create a"), QStringLiteral("inventories a"), QStringLiteral("traits a"),
                           QStringLiteral("create b under a"), QStringLiteral("aggregates b")};
        QTest::newRow("deletes go children first")
            << tree << States{} << 39
            << QStringList{QStringLiteral("check c"), QStringLiteral("delete c"), QStringLiteral("check b"),
                           QStringLiteral("delete b"), QStringLiteral("check a"), QStringLiteral("delete a")};
        QTest::newRow("deletes come last")
            << States{rp(1, QStringLiteral("a")), rp(2, QStringLiteral("b"))}
            << States{rp(1, QStringLiteral("a2")), rp(3, QStringLiteral("c"))} << 39
            << QStringList{QStringLiteral("check a"), QStringLiteral("put name=a2 parent=-"), QStringLiteral("create c"),
                           QStringLiteral("check b"), QStringLiteral("delete b")};
        QTest::newRow("a child moves away before its old parent is deleted")
            << tree << States{rp(1, QStringLiteral("a")), rp(3, QStringLiteral("c"), 1)} << 39
            << QStringList{QStringLiteral("check c"), QStringLiteral("put name=c parent=a"), QStringLiteral("check b"),
                           QStringLiteral("delete b")};
        QTest::newRow("a new parent is created before a provider moves under it")
            << States{rp(1, QStringLiteral("a")), rp(3, QStringLiteral("c"), 1)}
            << States{rp(1, QStringLiteral("a")), rp(2, QStringLiteral("n"), 1), rp(3, QStringLiteral("c"), 2)} << 39
            << QStringList{QStringLiteral("create n under a"), QStringLiteral("check c"),
                           QStringLiteral("put name=c parent=n")};
        QTest::newRow("a child becomes its parent's parent: the un-parenting goes first")
            << States{rp(1, QStringLiteral("a")), rp(2, QStringLiteral("b"), 1)}
            << States{rp(1, QStringLiteral("a"), 2), rp(2, QStringLiteral("b"))} << 39
            << QStringList{QStringLiteral("check b"), QStringLiteral("put name=b parent=-"), QStringLiteral("check a"),
                           QStringLiteral("put name=a parent=b")};
        // x moves under the new p, which is created under q, which is still under x until
        // q's own move, which waits for the name "d": x's move must wait for q's too.
        QTest::newRow("a move waits for a move further up that waits for a name")
            << States{rp(1, QStringLiteral("x")), rp(2, QStringLiteral("q"), 1), rp(3, QStringLiteral("d"))}
            << States{rp(2, QStringLiteral("d")), rp(4, QStringLiteral("p"), 2), rp(1, QStringLiteral("x"), 4)} << 39
            << QStringList{QStringLiteral("create p under d"), QStringLiteral("check d"), QStringLiteral("delete d"),
                           QStringLiteral("check q"), QStringLiteral("put name=d parent=-"), QStringLiteral("check x"),
                           QStringLiteral("put name=x parent=p")};
        QTest::newRow("a root gets a parent at 1.14")
            << States{rp(1, QStringLiteral("a")), rp(2, QStringLiteral("b"))}
            << States{rp(1, QStringLiteral("a")), rp(2, QStringLiteral("b"), 1)} << 14
            << QStringList{QStringLiteral("check b"), QStringLiteral("put name=b parent=a")};
        QTest::newRow("two providers swap names through a temporary name")
            << States{rp(1, QStringLiteral("x")), rp(2, QStringLiteral("y"))}
            << States{rp(1, QStringLiteral("y")), rp(2, QStringLiteral("x"))} << 39
            << QStringList{QStringLiteral("check y"), QStringLiteral("put name=tmp parent=-"), QStringLiteral("check x"),
                           QStringLiteral("put name=y parent=-"), QStringLiteral("check tmp"),
                           QStringLiteral("put name=x parent=-")};
        QTest::newRow("a chain of renames needs no temporary name")
            << States{rp(1, QStringLiteral("a")), rp(2, QStringLiteral("b"))}
            << States{rp(1, QStringLiteral("b")), rp(2, QStringLiteral("c"))} << 39
            << QStringList{QStringLiteral("check b"), QStringLiteral("put name=c parent=-"), QStringLiteral("check a"),
                           QStringLiteral("put name=b parent=-")};
        QTest::newRow("a rename frees the name a new provider takes")
            << States{rp(1, QStringLiteral("x"))} << States{rp(1, QStringLiteral("z")), rp(2, QStringLiteral("x"))} << 39
            << QStringList{QStringLiteral("check x"), QStringLiteral("put name=z parent=-"), QStringLiteral("create x")};
        QTest::newRow("a delete frees the name a new provider takes, so it goes first")
            << States{rp(1, QStringLiteral("x"))} << States{rp(2, QStringLiteral("x"))} << 39
            << QStringList{QStringLiteral("check x"), QStringLiteral("delete x"), QStringLiteral("create x")};
        QTest::newRow("names that differ in case only wait for each other too")
            << States{rp(1, QStringLiteral("cn-1"))} << States{rp(2, QStringLiteral("CN-1"))} << 39
            << QStringList{QStringLiteral("check cn-1"), QStringLiteral("delete cn-1"), QStringLiteral("create CN-1")};
        // Delete(y) waits for c to move, c's move waits for the new y, which waits for
        // the old y's name: a cycle through a delete, a move and a name.
        QTest::newRow("a delete, a move and a name in one cycle")
            << States{rp(1, QStringLiteral("y")), rp(3, QStringLiteral("c"), 1)}
            << States{rp(2, QStringLiteral("y")), rp(3, QStringLiteral("c"), 2)} << 39
            << QStringList{QStringLiteral("check y"), QStringLiteral("put name=tmp parent=-"), QStringLiteral("create y"),
                           QStringLiteral("check c"), QStringLiteral("put name=c parent=y"), QStringLiteral("check tmp"),
                           QStringLiteral("delete y")};
    }

    void order()
    {
        QFETCH(States, pulled);
        QFETCH(States, mine);
        QFETCH(int, minor);
        QFETCH(QStringList, expected);
        const Result<PushPlan> plan = makePushPlan(pulled, mine, minor);
        QVERIFY2(plan.ok(), qPrintable(testing::problemLines(plan.problems())));
        QCOMPARE(describe(plan.value(), pulled, mine), expected);
        QCOMPARE(plan.value().isEmpty(), expected.isEmpty());
        QVERIFY(appliesExactly(plan.value(), pulled, mine, minor, true));
    }

    // Each cycle of names costs one temporary name; names that only form chains cost none.
    void temporaryNamesPerCycle_data()
    {
        QTest::addColumn<QStringList>("before");
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<int>("temporaryNames");
        QTest::newRow("a chain") << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
                                 << QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")} << 0;
        QTest::newRow("a swap") << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                                << QStringList{QStringLiteral("b"), QStringLiteral("a")} << 1;
        QTest::newRow("a rotation of three") << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
                                             << QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a")} << 1;
        QTest::newRow("two separate swaps")
            << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}
            << QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("d"), QStringLiteral("c")} << 2;
    }

    void temporaryNamesPerCycle()
    {
        QFETCH(QStringList, before);
        QFETCH(QStringList, after);
        QFETCH(int, temporaryNames);
        States pulled, mine;
        for (int i = 0; i < before.size(); ++i) {
            pulled.append(rp(i + 1, before[i]));
            mine.append(rp(i + 1, after[i]));
        }
        const Result<PushPlan> plan = makePushPlan(pulled, mine, 39);
        QVERIFY(plan.ok());
        const qsizetype temporary = std::count_if(plan.value().calls.cbegin(), plan.value().calls.cend(), [](const PlannedCall &c) {
            return c.kind == PlannedCall::Kind::UpdateProvider
                && c.request.body->object().value(QLatin1String("name")).toString().startsWith(QLatin1String("provtree-renaming-"));
        });
        QCOMPARE(temporary, temporaryNames);
        QCOMPARE(plan.value().notes.filter(QStringLiteral("for a while")).size(), temporaryNames);
        QVERIFY(appliesExactly(plan.value(), pulled, mine, 39));
    }

    void aTemporaryNameAvoidsNamesInUse()
    {
        const States pulled{rp(1, QStringLiteral("x")), rp(2, QStringLiteral("y")),
                            rp(3, temporaryProviderName(uuid(2)))};
        const States mine{rp(1, QStringLiteral("y")), rp(2, QStringLiteral("x")), rp(3, temporaryProviderName(uuid(2)))};
        const Result<PushPlan> plan = makePushPlan(pulled, mine, 39);
        QVERIFY(plan.ok());
        const PlannedCall *first = findCall(plan.value(), PlannedCall::Kind::UpdateProvider, uuid(2));
        QVERIFY(first);
        QCOMPARE(first->request.body->object().value(QLatin1String("name")).toString(),
                 temporaryProviderName(uuid(2)) + QStringLiteral("-2"));
        QVERIFY(appliesExactly(plan.value(), pulled, mine, 39));
    }

    void refusals_data()
    {
        QTest::addColumn<States>("pulled");
        QTest::addColumn<States>("mine");
        QTest::addColumn<int>("minor");
        QTest::addColumn<QStringList>("expected"); // "kind field" per problem; empty: a plan

        const ProviderData a = rp(1, QStringLiteral("a")), b = rp(2, QStringLiteral("b"));
        const ProviderData cUnderA = rp(3, QStringLiteral("c"), 1), cUnderB = rp(3, QStringLiteral("c"), 2),
                           cRoot = rp(3, QStringLiteral("c"));
        QTest::newRow("1.13 has no nested providers") << States{a} << States{a} << 13 << QStringList{QStringLiteral("refused ")};
        QTest::newRow("moving a child at 1.36") << States{a, b, cUnderA} << States{a, b, cUnderB} << 36
                                                << QStringList{QStringLiteral("refused parent_provider_uuid")};
        QTest::newRow("moving a child at 1.37") << States{a, b, cUnderA} << States{a, b, cUnderB} << 37 << QStringList();
        QTest::newRow("making a child a root at 1.36") << States{a, cUnderA} << States{a, cRoot} << 36
                                                       << QStringList{QStringLiteral("refused parent_provider_uuid")};
        QTest::newRow("making a child a root at 1.37") << States{a, cUnderA} << States{a, cRoot} << 37 << QStringList();
        QTest::newRow("giving a root a parent at 1.14") << States{a, cRoot} << States{a, cUnderA} << 14 << QStringList();

        const ProviderData full = with(a, {{QStringLiteral("VCPU"), inventory(4, 4)}});
        QTest::newRow("capacity 0 at 1.25") << States{a} << States{full} << 25
                                            << QStringList{QStringLiteral("invalid-inventory inventories.VCPU")};
        QTest::newRow("capacity 0 at 1.26") << States{a} << States{full} << 26 << QStringList();
        QTest::newRow("capacity 0 that is not written at 1.25")
            << States{full} << States{with(rp(1, QStringLiteral("a2")), full.inventories)} << 25 << QStringList();

        ProviderData used = with(a, {{QStringLiteral("VCPU"), inventory(8)}});
        used.usages = {{QStringLiteral("VCPU"), 2}};
        ProviderData usedMore = used;
        usedMore.usages = {{QStringLiteral("VCPU"), 3}};
        ProviderData zero = with(a, {{QStringLiteral("VCPU"), inventory(8)}});
        zero.usages = {{QStringLiteral("VCPU"), 0}};
        const ProviderData noUsages = with(a, {{QStringLiteral("VCPU"), inventory(8)}});
        ProviderData lowered = used;
        lowered.inventories[QStringLiteral("VCPU")] = inventory(1);
        ProviderData newInUse = with(b, {{QStringLiteral("VCPU"), inventory(8)}});
        newInUse.usages = {{QStringLiteral("VCPU"), 1}};
        QTest::newRow("a usage that differs") << States{used} << States{usedMore} << 39
                                              << QStringList{QStringLiteral("refused usages.VCPU")};
        QTest::newRow("an absent usage is 0") << States{zero} << States{noUsages} << 39 << QStringList();
        QTest::newRow("a provider with allocations is not deleted") << States{used} << States{} << 39
                                                                    << QStringList{QStringLiteral("provider-in-use usages")};
        QTest::newRow("an inventory with allocations is not removed")
            << States{used} << States{a} << 39 << QStringList{QStringLiteral("inventory-in-use inventories.VCPU")};
        QTest::newRow("a new provider has no usages") << States{} << States{newInUse} << 39
                                                      << QStringList{QStringLiteral("refused usages.VCPU")};
        QTest::newRow("a total below the usage is Placement's warning, not a refusal")
            << States{used} << States{lowered} << 39 << QStringList();

        QTest::newRow("a state that is no tree") << States{a, a} << States{a} << 39
                                                 << QStringList{QStringLiteral("duplicate-uuid uuid")};
        QTest::newRow("a parent outside the list") << States{a} << States{a, cUnderB} << 39
                                                   << QStringList{QStringLiteral("unknown-parent parent_provider_uuid")};
        QTest::newRow("a cycle") << States{} << States{rp(1, QStringLiteral("a"), 2), rp(2, QStringLiteral("b"), 1)} << 39
                                 << QStringList{QStringLiteral("cycle parent_provider_uuid")};
    }

    void refusals()
    {
        QFETCH(States, pulled);
        QFETCH(States, mine);
        QFETCH(int, minor);
        QFETCH(QStringList, expected);
        const Result<PushPlan> plan = makePushPlan(pulled, mine, minor);
        QStringList problems;
        for (const Problem &p : plan.problems())
            problems.append(kindName(p.kind) + QLatin1Char(' ') + p.field);
        QCOMPARE(problems, expected);
        QCOMPARE(plan.ok(), expected.isEmpty());
        if (plan.ok())
            QVERIFY(appliesExactly(plan.value(), pulled, mine, minor));
    }

    void bodies()
    {
        ProviderData host = with(rp(1, QStringLiteral("host")), {{QStringLiteral("VCPU"), inventory(8)}},
                                 {QStringLiteral("CUSTOM_A")}, {uuid(90)});
        host.generation = 5;
        const ProviderData gone = rp(4, QStringLiteral("gone"));
        const States pulled{host, gone};

        ProviderData renamed = host;
        renamed.name = QStringLiteral("host-1");
        InventoryRecord memory = inventory(4096, 512);
        memory.allocationRatio = 1.5;
        memory.stepSize = 256;
        renamed.inventories = {{QStringLiteral("VCPU"), inventory(16)}, {QStringLiteral("MEMORY_MB"), memory}};
        renamed.traits = {QStringLiteral("CUSTOM_B"), QStringLiteral("HW_CPU_X86_AVX2")};
        renamed.aggregates = {uuid(91), uuid(90)};
        const States mine{renamed, rp(2, QStringLiteral("numa0"), 1), rp(3, QStringLiteral("other"))};

        const Result<PushPlan> result = makePushPlan(pulled, mine, 39);
        QVERIFY(result.ok());
        const PushPlan &plan = result.value();

        const PlannedCall *trait = findCall(plan, PlannedCall::Kind::EnsureTrait);
        QVERIFY(trait);
        QCOMPARE(trait->request, (PlacementRequest{"PUT", QStringLiteral("/traits/CUSTOM_B"), std::nullopt}));

        const PlannedCall *child = findCall(plan, PlannedCall::Kind::CreateProvider, uuid(2));
        QVERIFY(child);
        QCOMPARE(child->request.method, QByteArray("POST"));
        QCOMPARE(child->request.path, QStringLiteral("/resource_providers"));
        QCOMPARE(*child->request.body, json(R"({"uuid": "00000000-0000-4000-8000-000000000002", "name": "numa0",
                                               "parent_provider_uuid": "00000000-0000-4000-8000-000000000001"})"));
        const PlannedCall *root = findCall(plan, PlannedCall::Kind::CreateProvider, uuid(3));
        QVERIFY(root);
        QCOMPARE(*root->request.body, json(R"({"uuid": "00000000-0000-4000-8000-000000000003", "name": "other"})"));
        QVERIFY(!root->sendsGeneration);

        const PlannedCall *check = findCall(plan, PlannedCall::Kind::CheckProvider, uuid(1));
        QVERIFY(check);
        QCOMPARE(check->request, (PlacementRequest{"GET", QStringLiteral("/resource_providers/") + uuid(1), std::nullopt}));
        ProviderData expected = rp(1, QStringLiteral("host"));
        expected.generation = 5;
        QCOMPARE(*check->expected, expected);

        const PlannedCall *update = findCall(plan, PlannedCall::Kind::UpdateProvider, uuid(1));
        QVERIFY(update);
        QCOMPARE(update->request.path, QStringLiteral("/resource_providers/") + uuid(1));
        QCOMPARE(*update->request.body, json(R"({"name": "host-1", "parent_provider_uuid": null})"));
        QVERIFY(!update->sendsGeneration);
        QCOMPARE(plan.calls.indexOf(*check) + 1, plan.calls.indexOf(*update));

        const PlannedCall *inventories = findCall(plan, PlannedCall::Kind::SetInventories, uuid(1));
        QVERIFY(inventories);
        QCOMPARE(inventories->request.method, QByteArray("PUT"));
        QCOMPARE(inventories->request.path, QStringLiteral("/resource_providers/%1/inventories").arg(uuid(1)));
        QVERIFY(inventories->sendsGeneration);
        QCOMPARE(*inventories->request.body, json(R"({"inventories": {
            "MEMORY_MB": {"total": 4096, "reserved": 512, "min_unit": 1, "max_unit": 2147483647,
                          "step_size": 256, "allocation_ratio": 1.5},
            "VCPU": {"total": 16, "reserved": 0, "min_unit": 1, "max_unit": 2147483647,
                     "step_size": 1, "allocation_ratio": 1.0}}})"));
        QVERIFY(inventories->request.body->object().value(QLatin1String("inventories"))[QLatin1String("VCPU")]
                    [QLatin1String("total")].isDouble()); // a JSON number (an integer in the text)
        QVERIFY(!inventories->request.body->toJson(QJsonDocument::Compact).contains("16.0"));

        const PlannedCall *traits = findCall(plan, PlannedCall::Kind::SetTraits, uuid(1));
        QVERIFY(traits);
        QCOMPARE(traits->request.path, QStringLiteral("/resource_providers/%1/traits").arg(uuid(1)));
        QCOMPARE(*traits->request.body, json(R"({"traits": ["CUSTOM_B", "HW_CPU_X86_AVX2"]})"));
        QVERIFY(traits->sendsGeneration);

        const PlannedCall *aggregates = findCall(plan, PlannedCall::Kind::SetAggregates, uuid(1));
        QVERIFY(aggregates);
        QCOMPARE(aggregates->request.path, QStringLiteral("/resource_providers/%1/aggregates").arg(uuid(1)));
        QCOMPARE(*aggregates->request.body,
                 json(R"({"aggregates": ["00000000-0000-4000-8000-000000000090", "00000000-0000-4000-8000-000000000091"]})"));
        QVERIFY(aggregates->sendsGeneration);

        const PlannedCall *remove = findCall(plan, PlannedCall::Kind::DeleteProvider, uuid(4));
        QVERIFY(remove);
        QCOMPARE(remove->request, (PlacementRequest{"DELETE", QStringLiteral("/resource_providers/") + uuid(4), std::nullopt}));
        QCOMPARE(remove->providerName, QStringLiteral("gone"));
        QVERIFY(appliesExactly(plan, pulled, mine, 39));
    }

    // Before 1.19 the aggregates body is the bare list, without a generation, and a check
    // of the generation the earlier writes of the plan left comes first.
    void aggregatesBefore119()
    {
        ProviderData before = rp(1, QStringLiteral("a"));
        before.generation = 3;
        ProviderData after = with(before, {{QStringLiteral("VCPU"), inventory(2)}}, {QStringLiteral("CUSTOM_X")},
                                  {uuid(90)});
        const Result<PushPlan> plan = makePushPlan({before}, {after}, 18);
        QVERIFY(plan.ok());
        QCOMPARE(describe(plan.value(), {before}, {after}),
                 (QStringList{QStringLiteral("ensure-trait CUSTOM_X"), QStringLiteral("inventories a"),
                              QStringLiteral("traits a"), QStringLiteral("check a"), QStringLiteral("aggregates a")}));
        const PlannedCall &check = plan.value().calls[3];
        QCOMPARE(check.expected->generation, 5); // 3, then the inventories and the traits
        const PlannedCall &aggregates = plan.value().calls[4];
        QVERIFY(!aggregates.sendsGeneration);
        QCOMPARE(*aggregates.request.body, json(R"(["00000000-0000-4000-8000-000000000090"])"));
        QCOMPARE(plan.value().notes.filter(QStringLiteral("1.18 Placement writes aggregates without")).size(), 1);
        QVERIFY(appliesExactly(plan.value(), {before}, {after}, 18));
        const Result<PushPlan> at19 = makePushPlan({before}, {after}, 19);
        QVERIFY(at19.ok());
        QVERIFY(findCall(at19.value(), PlannedCall::Kind::SetAggregates, uuid(1))->sendsGeneration);
        QVERIFY(!findCall(at19.value(), PlannedCall::Kind::CheckProvider, uuid(1)));
    }

    void dryRunText()
    {
        ProviderData host = with(rp(1, QStringLiteral("cn-1")), {{QStringLiteral("VCPU"), inventory(8)}});
        host.generation = 5;
        ProviderData old = rp(2, QStringLiteral("old"), 1);
        old.generation = 2;
        ProviderData edited = host;
        edited.name = QStringLiteral("cn-2");
        edited.inventories = {{QStringLiteral("VCPU"), inventory(16)}};
        const Result<PushPlan> plan = makePushPlan({host, old}, {edited}, 39);
        QVERIFY(plan.ok());
        const QString u1 = uuid(1), u2 = uuid(2);
        const QString expected = QStringLiteral(
            "5 calls at microversion 1.39:\n"
            "1. GET /resource_providers/%1\n"
            "   check that provider \"cn-1\" (%1) still has generation 5, name \"cn-1\" and no parent\n"
            "2. PUT /resource_providers/%1\n"
            "   rename provider \"cn-1\" (%1) to \"cn-2\"\n"
            "   {\n"
            "       \"name\": \"cn-2\",\n"
            "       \"parent_provider_uuid\": null\n"
            "   }\n"
            "3. PUT /resource_providers/%1/inventories\n"
            "   set the inventories of provider \"cn-2\" (%1): change VCPU\n"
            "   {\n"
            "       \"resource_provider_generation\": <generation of \"cn-2\">,\n"
            "       \"inventories\": {\n"
            "           \"VCPU\": {\n"
            "               \"allocation_ratio\": 1,\n"
            "               \"max_unit\": 2147483647,\n"
            "               \"min_unit\": 1,\n"
            "               \"reserved\": 0,\n"
            "               \"step_size\": 1,\n"
            "               \"total\": 16\n"
            "           }\n"
            "       }\n"
            "   }\n"
            "4. GET /resource_providers/%2\n"
            "   check that provider \"old\" (%2) still has generation 2, name \"old\" and parent \"cn-2\" (%1)\n"
            "5. DELETE /resource_providers/%2\n"
            "   delete provider \"old\" (%2)\n"
            "\n"
            "Notes:\n"
            "- <generation of P> is filled in when the call is sent: P's generation as pulled (0 for a provider "
            "this push creates), then the one Placement answers to each write of this push. If someone else "
            "changed P meanwhile, Placement answers 409 (placement.concurrent_update) and the push stops there.\n"
            "- Placement guards no rename, move or delete of a provider (PUT and DELETE /resource_providers/{uuid}) "
            "with a generation: each is preceded by a GET that must still show the generation, name and parent "
            "this plan expects, else the push stops there. A change made between that GET and the call is not "
            "detected.\n").arg(u1, u2);
        QCOMPARE(plan.value().toText(), expected);
        QCOMPARE(makePushPlan({host}, {host}, 39).value().toText(),
                 QStringLiteral("Nothing to push: Placement shows this state already.\n"));
    }

    void hostileNamesAreNeutralised_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto &[tag, name] : testing::hostileNames())
            QTest::newRow(tag) << name;
    }

    void hostileNamesAreNeutralised()
    {
        QFETCH(QString, name);
        // A swap (temporary names, notes), a new child, a delete, a body with the name.
        const States pulled{rp(1, name), rp(2, name + QStringLiteral("-b")), rp(4, name + QStringLiteral("-gone"))};
        const States mine{rp(1, name + QStringLiteral("-b")), rp(2, name), rp(3, name + QStringLiteral("-c"), 1)};
        const Result<PushPlan> plan = makePushPlan(pulled, mine, 39);
        QVERIFY(plan.ok());
        const QString text = plan.value().toText();
        QCOMPARE(testing::unsafeCharacters(text), QString());
        for (const PlannedCall &call : plan.value().calls)
            QCOMPARE(testing::unsafeCharacters(call.summary, false), QString());
        for (const QString &note : plan.value().notes)
            QCOMPARE(testing::unsafeCharacters(note, false), QString());
        QVERIFY(text.contains(QStringLiteral("create provider %1").arg(neutralised(QString(name + QStringLiteral("-c"))))));
        QVERIFY(appliesExactly(plan.value(), pulled, mine, 39));
        // The body is still the same JSON: the escapes stand for the same name.
        const PlannedCall *create = findCall(plan.value(), PlannedCall::Kind::CreateProvider, uuid(3));
        QCOMPARE(create->request.body->object().value(QLatin1String("name")).toString(), name + QStringLiteral("-c"));
    }

    // Random trees and random edits (renames, swaps, moves, deletes with and without the
    // children, new providers, inventories, traits, aggregates): at 1.37+ every plan is
    // accepted call by call and ends in my state; before 1.37 exactly the moves of
    // providers that have a parent are refused, and otherwise the same holds.
    void randomEditsReachMyState()
    {
        QRandomGenerator random(20261201);
        int plans = 0, temporaries = 0, refusedPlans = 0;
        for (int round = 0; round < 600; ++round) {
            const States pulled = randomTree(random);
            const States mine = randomEdits(random, pulled);
            const int minor = std::array{14, 18, 25, 36, 37, 39}[size_t(random.bounded(6))];
            const Result<PushPlan> plan = makePushPlan(pulled, mine, minor);
            QSet<QString> refusedMoves;
            for (const ProviderData &p : mine) {
                const auto old = std::find_if(pulled.cbegin(), pulled.cend(), [&](const ProviderData &q) { return q.uuid == p.uuid; });
                if (old != pulled.cend() && !old->parentUuid.isEmpty() && old->parentUuid != p.parentUuid && minor < 37)
                    refusedMoves.insert(p.uuid);
            }
            QSet<QString> refused;
            for (const Problem &p : plan.problems()) {
                QCOMPARE(p.field, QStringLiteral("parent_provider_uuid"));
                refused.insert(p.provider);
            }
            QCOMPARE(refused, refusedMoves);
            if (!plan.ok()) {
                ++refusedPlans;
                continue;
            }
            ++plans;
            temporaries += plan.value().notes.filter(QStringLiteral("for a while")).size();
            if (!appliesExactly(plan.value(), pulled, mine, minor))
                QFAIL(qPrintable(QStringLiteral("round %1 at 1.%2").arg(round).arg(minor)));
        }
        qInfo("%d plans applied, %d with refused moves, %d temporary names", plans, refusedPlans, temporaries);
        QVERIFY(plans > 300);
        QVERIFY(temporaries > 10); // the edits do make cycles
        QVERIFY(refusedPlans > 20);
    }

    // The sorter alone: a cycle without a name edge is reported, not looped on.
    void aCycleWithoutNamesIsReported()
    {
        pushorder::DependencyGraph graph;
        const int a = graph.add({pushorder::OpKind::Update, 0, 0});
        const int b = graph.add({pushorder::OpKind::Update, 1, 1});
        graph.require(a, b);
        graph.require(b, a);
        QVERIFY(!graph.sorted());
        pushorder::DependencyGraph named;
        const int x = named.add({pushorder::OpKind::Update, 0, 0});
        const int y = named.add({pushorder::OpKind::Update, 1, 1});
        named.require(x, y);
        named.requireName(y, x, 1);
        const std::optional<QList<pushorder::Operation>> order = named.sorted();
        QVERIFY(order);
        QCOMPARE(order->size(), 3);
        QCOMPARE(order->first(), (pushorder::Operation{pushorder::OpKind::TemporaryName, 1, 1}));
    }

private:
    static QString poolName(QRandomGenerator &random) { return QStringLiteral("n%1").arg(random.bounded(20)); }

    static States randomTree(QRandomGenerator &random)
    {
        States out;
        QSet<QString> names;
        const int count = 1 + random.bounded(8);
        for (int i = 0; i < count; ++i) {
            QString name;
            do
                name = poolName(random);
            while (names.contains(name));
            names.insert(name);
            const int parent = (i == 0 || random.bounded(3) == 0) ? 0 : 1 + random.bounded(i);
            ProviderData p = rp(i + 1, name, parent);
            p.generation = random.bounded(50);
            if (random.bounded(2))
                p.inventories = {{QStringLiteral("VCPU"), inventory(1 + random.bounded(32))}};
            if (random.bounded(2))
                p.traits = {QStringLiteral("CUSTOM_A")};
            if (random.bounded(3) == 0)
                p.aggregates = {uuid(90)};
            out.append(p);
        }
        return out;
    }

    static bool isBelow(const States &states, QString uuid, const QString &ancestor)
    {
        while (!uuid.isEmpty()) {
            if (uuid == ancestor)
                return true;
            const auto it = std::find_if(states.cbegin(), states.cend(), [&](const ProviderData &p) { return p.uuid == uuid; });
            uuid = it == states.cend() ? QString() : it->parentUuid;
        }
        return false;
    }

    static States randomEdits(QRandomGenerator &random, States s)
    {
        int next = 20;
        const auto freeName = [&]() {
            for (;;) {
                const QString name = poolName(random);
                if (std::none_of(s.cbegin(), s.cend(), [&](const ProviderData &p) { return p.name == name; }))
                    return name;
            }
        };
        const int edits = 1 + random.bounded(6);
        for (int e = 0; e < edits && !s.isEmpty(); ++e) {
            ProviderData &p = s[random.bounded(s.size())];
            switch (random.bounded(9)) {
            case 0: p.name = freeName(); break;
            case 1: std::swap(p.name, s[random.bounded(s.size())].name); break;
            case 2: { // move under any provider not below it, or to the top
                const ProviderData &to = s[random.bounded(s.size())];
                p.parentUuid = isBelow(s, to.uuid, p.uuid) ? QString() : to.uuid;
                break;
            }
            case 3: { // delete with the subtree
                QSet<QString> gone;
                for (const ProviderData &q : s) {
                    if (isBelow(s, q.uuid, p.uuid))
                        gone.insert(q.uuid);
                }
                s.removeIf([&](const ProviderData &q) { return gone.contains(q.uuid); });
                break;
            }
            case 4: { // delete, the children go to its parent
                const QString gone = p.uuid, parent = p.parentUuid;
                for (ProviderData &q : s) {
                    if (q.parentUuid == gone)
                        q.parentUuid = parent;
                }
                s.removeIf([&](const ProviderData &q) { return q.uuid == gone; });
                break;
            }
            case 5: {
                ProviderData added = rp(next++, freeName());
                if (random.bounded(2))
                    added.parentUuid = s[random.bounded(s.size())].uuid;
                if (random.bounded(2))
                    added.inventories = {{QStringLiteral("CUSTOM_NEW"), inventory(2)}};
                s.append(added);
                break;
            }
            case 6: p.inventories[QStringLiteral("VCPU")] = inventory(1 + random.bounded(32)); break;
            case 7: p.traits = random.bounded(2) ? QStringList{QStringLiteral("CUSTOM_B"), QStringLiteral("HW_CPU_X86_AVX2")}
                                                 : QStringList(); break;
            case 8: p.aggregates = random.bounded(2) ? QStringList{uuid(91)} : QStringList{uuid(90), uuid(91)}; break;
            }
        }
        return s;
    }
};

QTEST_GUILESS_MAIN(tst_PushPlan)
#include "tst_pushplan.moc"
