// Three-way merges: pulled, mine and Placement now, compared per provider and field; my
// changes re-applied on top of Placement's where it did not change the same field, and
// taken back (as conflicts) where they no longer fit Placement's tree. Hand-made cases for
// every rule, then random edits on both sides judged by the core and by the rule itself.
#include "providertree.h"
#include "threeway.h"
#include "support/hostiletext.h"
#include "support/testrecords.h"
#include "support/testuuid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace provtree;
using provtree::testing::uuid;

namespace {

using States = QList<ProviderData>;

ProviderData rp(int n, const QString &name, int parent = 0)
{
    return testing::providerRecord(uuid(n), name, parent ? uuid(parent) : QString());
}

InventoryRecord inventory(qint64 total, std::optional<qint64> reserved = {})
{
    InventoryRecord r;
    r.total = total;
    r.reserved = reserved;
    return r;
}

ProviderData with(ProviderData p, const Inventories &inventories, const QStringList &traits = {})
{
    p.inventories = inventories;
    p.traits = traits;
    return p;
}

ProviderData withUsage(ProviderData p, const QString &rc, qint64 used)
{
    p.usages.insert(rc, used);
    return p;
}

int number(const QString &uuid)
{
    return uuid.right(12).toInt();
}

// "N FIELD OUTCOME" per row, N the test uuid's number.
QStringList rows(const Rebase &r)
{
    QStringList out;
    for (const ThreeWayField &f : r.fields)
        out.append(QStringLiteral("%1 %2 %3").arg(QString::number(number(f.providerUuid)), f.field, outcomeName(f.outcome)));
    return out;
}

// Records as the merge gives them: sorted by uuid, sorted lists.
States normalised(States records)
{
    for (ProviderData &p : records) {
        std::sort(p.traits.begin(), p.traits.end());
        std::sort(p.aggregates.begin(), p.aggregates.end());
    }
    return testing::sortedByUuid(records);
}

const QString kA = QStringLiteral("a");

} // namespace

class tst_ThreeWay : public QObject
{
    Q_OBJECT

private slots:
    void rule_data()
    {
        QTest::addColumn<States>("pulled");
        QTest::addColumn<States>("mine");
        QTest::addColumn<States>("now");
        QTest::addColumn<States>("merged");
        QTest::addColumn<QStringList>("expectedRows");

        const ProviderData a = rp(1, kA);
        const auto named = [](const QString &name) { return rp(1, name); };
        // One field, every combination.
        QTest::newRow("nobody changed it") << States{a} << States{a} << States{a} << States{a} << QStringList();
        QTest::newRow("only I changed it") << States{a} << States{named(QStringLiteral("b"))} << States{a}
                                           << States{named(QStringLiteral("b"))} << QStringList{QStringLiteral("1 name mine")};
        QTest::newRow("only Placement changed it") << States{a} << States{a} << States{named(QStringLiteral("c"))}
                                                   << States{named(QStringLiteral("c"))}
                                                   << QStringList{QStringLiteral("1 name placement")};
        QTest::newRow("both changed it alike") << States{a} << States{named(QStringLiteral("b"))} << States{named(QStringLiteral("b"))}
                                               << States{named(QStringLiteral("b"))} << QStringList{QStringLiteral("1 name same")};
        QTest::newRow("both changed it differently: Placement's stays")
            << States{a} << States{named(QStringLiteral("b"))} << States{named(QStringLiteral("c"))}
            << States{named(QStringLiteral("c"))} << QStringList{QStringLiteral("1 name conflict")};

        // Fields are independent; an inventory class is one field.
        const ProviderData host = with(a, {{QStringLiteral("VCPU"), inventory(8)}, {QStringLiteral("MEMORY_MB"), inventory(1024)}});
        ProviderData moreCpu = host, moreMemory = host, cpuReserved = host, both = host;
        moreCpu.inventories[QStringLiteral("VCPU")] = inventory(16);
        moreMemory.inventories[QStringLiteral("MEMORY_MB")] = inventory(2048);
        cpuReserved.inventories[QStringLiteral("VCPU")] = inventory(8, 2);
        both.inventories[QStringLiteral("VCPU")] = inventory(16);
        both.inventories[QStringLiteral("MEMORY_MB")] = inventory(2048);
        QTest::newRow("my class and Placement's class both apply")
            << States{host} << States{moreCpu} << States{moreMemory} << States{both}
            << QStringList{QStringLiteral("1 inventories.MEMORY_MB placement"), QStringLiteral("1 inventories.VCPU mine")};
        QTest::newRow("two fields of one class changed on each side: the record conflicts")
            << States{host} << States{moreCpu} << States{cpuReserved} << States{cpuReserved}
            << QStringList{QStringLiteral("1 inventories.VCPU conflict")};
        ProviderData explicitDefault = host;
        explicitDefault.inventories[QStringLiteral("VCPU")] = inventory(8, 0);
        QTest::newRow("a default spelled out is no change")
            << States{host} << States{explicitDefault} << States{moreCpu} << States{moreCpu}
            << QStringList{QStringLiteral("1 inventories.VCPU placement")};
        ProviderData noCpu = host;
        noCpu.inventories.remove(QStringLiteral("VCPU"));
        QTest::newRow("my removal of a class applies") << States{host} << States{noCpu} << States{moreMemory}
                                                       << States{with(a, {{QStringLiteral("MEMORY_MB"), inventory(2048)}})}
                                                       << QStringList{QStringLiteral("1 inventories.MEMORY_MB placement"),
                                                                      QStringLiteral("1 inventories.VCPU mine")};
        QTest::newRow("traits are one set: additions on both sides conflict")
            << States{with(a, {}, {QStringLiteral("CUSTOM_A")})}
            << States{with(a, {}, {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_MINE")})}
            << States{with(a, {}, {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_THEIRS")})}
            << States{with(a, {}, {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_THEIRS")})}
            << QStringList{QStringLiteral("1 traits conflict")};
        QTest::newRow("a set in another order is no change")
            << States{with(a, {}, {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B")})}
            << States{with(a, {}, {QStringLiteral("CUSTOM_B"), QStringLiteral("CUSTOM_A")})}
            << States{with(a, {}, {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B")})}
            << States{with(a, {}, {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B")})} << QStringList();
        ProviderData aggregated = a, reaggregated = a;
        aggregated.aggregates = {uuid(90)};
        reaggregated.aggregates = {uuid(91)};
        QTest::newRow("aggregates like traits") << States{a} << States{aggregated} << States{a} << States{aggregated}
                                                << QStringList{QStringLiteral("1 aggregates mine")};
        ProviderData busy = withUsage(host, QStringLiteral("VCPU"), 3);
        busy.generation = 9;
        ProviderData busyMore = moreCpu;
        busyMore.usages = busy.usages;
        busyMore.generation = 9;
        QTest::newRow("Placement's generation and usages alone are no change; the merge has them")
            << States{host} << States{moreCpu} << States{busy} << States{busyMore}
            << QStringList{QStringLiteral("1 inventories.VCPU mine")};
        const ProviderData b = rp(2, QStringLiteral("b")), c = rp(3, QStringLiteral("c"), 1), cUnderB = rp(3, QStringLiteral("c"), 2);
        QTest::newRow("my move applies") << States{a, b, c} << States{a, b, cUnderB} << States{a, b, c}
                                         << States{a, b, cUnderB} << QStringList{QStringLiteral("3 parent_provider_uuid mine")};

        // Whether a provider exists.
        QTest::newRow("I deleted it, Placement did not change it: it goes")
            << States{a, b} << States{b} << States{a, b} << States{b} << QStringList{QStringLiteral("1 provider mine")};
        QTest::newRow("I deleted it, Placement changed it: it stays as Placement has it")
            << States{host} << States{} << States{moreMemory} << States{moreMemory}
            << QStringList{QStringLiteral("1 provider conflict"), QStringLiteral("1 inventories.MEMORY_MB conflict")};
        QTest::newRow("Placement deleted it, I did not change it: it goes")
            << States{a, b} << States{a, b} << States{b} << States{b} << QStringList{QStringLiteral("1 provider placement")};
        QTest::newRow("Placement deleted it, I changed it: it stays gone")
            << States{a} << States{named(QStringLiteral("b"))} << States{} << States{}
            << QStringList{QStringLiteral("1 provider conflict"), QStringLiteral("1 name conflict")};
        QTest::newRow("only I created it") << States{a} << States{a, b} << States{a} << States{a, b}
                                           << QStringList{QStringLiteral("2 provider mine")};
        QTest::newRow("only Placement created it") << States{a} << States{a} << States{a, b} << States{a, b}
                                                   << QStringList{QStringLiteral("2 provider placement")};
        QTest::newRow("both created the same uuid: Placement's record")
            << States{} << States{b} << States{rp(2, QStringLiteral("b2"))} << States{rp(2, QStringLiteral("b2"))}
            << QStringList{QStringLiteral("2 provider same"), QStringLiteral("2 name conflict")};
        QTest::newRow("both deleted it") << States{a} << States{} << States{} << States{}
                                         << QStringList{QStringLiteral("1 provider same")};

        // My changes that no longer fit Placement's tree.
        ProviderData hostInUse = withUsage(host, QStringLiteral("VCPU"), 2);
        QTest::newRow("my removal of a class that has allocations now")
            << States{host} << States{noCpu} << States{hostInUse} << States{hostInUse}
            << QStringList{QStringLiteral("1 inventories.VCPU conflict")};
        QTest::newRow("my delete of a provider that has allocations now")
            << States{host} << States{} << States{hostInUse} << States{hostInUse}
            << QStringList{QStringLiteral("1 provider conflict")};
        QTest::newRow("my delete of a provider Placement now has a child under")
            << States{a} << States{} << States{a, rp(2, QStringLiteral("b"), 1)} << States{a, rp(2, QStringLiteral("b"), 1)}
            << QStringList{QStringLiteral("1 provider conflict"), QStringLiteral("2 provider placement")};
        QTest::newRow("my new providers under a provider Placement deleted are dropped")
            << States{a} << States{a, rp(2, QStringLiteral("b"), 1), rp(3, QStringLiteral("c"), 2)} << States{} << States{}
            << QStringList{QStringLiteral("1 provider placement"), QStringLiteral("2 provider conflict"),
                           QStringLiteral("3 provider conflict")};
        QTest::newRow("my move under a provider Placement deleted")
            << States{a, b, c} << States{a, b, cUnderB} << States{a, c} << States{a, c}
            << QStringList{QStringLiteral("2 provider placement"), QStringLiteral("3 parent_provider_uuid conflict")};
        QTest::newRow("my move and Placement's move would make a cycle")
            << States{a, b} << States{rp(1, kA, 2), b} << States{a, rp(2, QStringLiteral("b"), 1)}
            << States{a, rp(2, QStringLiteral("b"), 1)}
            << QStringList{QStringLiteral("1 parent_provider_uuid conflict"), QStringLiteral("2 parent_provider_uuid placement")};
        QTest::newRow("my rename to a name Placement gave another provider")
            << States{rp(1, QStringLiteral("x")), rp(2, QStringLiteral("y"))}
            << States{rp(1, QStringLiteral("z")), rp(2, QStringLiteral("y"))}
            << States{rp(1, QStringLiteral("x")), rp(2, QStringLiteral("z"))}
            << States{rp(1, QStringLiteral("x")), rp(2, QStringLiteral("z"))}
            << QStringList{QStringLiteral("1 name conflict"), QStringLiteral("2 name placement")};
        QTest::newRow("my new provider with a name Placement gave another provider")
            << States{rp(1, QStringLiteral("x"))} << States{rp(1, QStringLiteral("x")), rp(2, QStringLiteral("z"))}
            << States{rp(1, QStringLiteral("z"))} << States{rp(1, QStringLiteral("z"))}
            << QStringList{QStringLiteral("1 name placement"), QStringLiteral("2 provider conflict")};
        QTest::newRow("my rename frees a name Placement's new provider took")
            << States{rp(1, QStringLiteral("x"))} << States{rp(1, QStringLiteral("y"))}
            << States{rp(1, QStringLiteral("x")), rp(2, QStringLiteral("x2"))}
            << States{rp(1, QStringLiteral("y")), rp(2, QStringLiteral("x2"))}
            << QStringList{QStringLiteral("1 name mine"), QStringLiteral("2 provider placement")};
    }

    void rule()
    {
        QFETCH(States, pulled);
        QFETCH(States, mine);
        QFETCH(States, now);
        QFETCH(States, merged);
        QFETCH(QStringList, expectedRows);
        const Rebase r = rebase(pulled, mine, now);
        QCOMPARE(rows(r), expectedRows);
        QCOMPARE(r.merged, normalised(merged));
        QCOMPARE(r.hasConflicts(), expectedRows.join(QLatin1Char(',')).contains(QLatin1String("conflict")));
        ProviderTree tree;
        QVERIFY2(tree.replaceAll(r.merged).ok(), "the merge is a tree the core accepts");
        for (const ProviderData &p : now)
            QCOMPARE(r.generations.value(p.uuid, -1), p.generation);
        QCOMPARE(r.generations.size(), now.size());
    }

    void valuesAreReadyToShow()
    {
        ProviderData pulled = with(rp(1, QStringLiteral("cn-1")), {{QStringLiteral("VCPU"), inventory(8)}}, {QStringLiteral("CUSTOM_A")});
        ProviderData mine = pulled, now = pulled;
        mine.inventories[QStringLiteral("VCPU")] = inventory(16);
        now.inventories[QStringLiteral("VCPU")] = inventory(8, 2);
        now.parentUuid = uuid(5);
        const Rebase r = rebase({pulled}, {mine}, {now, rp(5, QStringLiteral("p"))});
        const QList<ThreeWayField> conflicts = r.conflicts();
        QCOMPARE(conflicts.size(), 1);
        const ThreeWayField &f = conflicts.first();
        QCOMPARE(f.providerUuid, uuid(1));
        QCOMPARE(f.providerName, QStringLiteral("cn-1"));
        QCOMPARE(f.field, QStringLiteral("inventories.VCPU"));
        const auto record = [](qint64 total, qint64 reserved) {
            return QJsonValue(QJsonObject{{QStringLiteral("total"), total}, {QStringLiteral("reserved"), reserved},
                                          {QStringLiteral("min_unit"), 1}, {QStringLiteral("max_unit"), 2147483647},
                                          {QStringLiteral("step_size"), 1}, {QStringLiteral("allocation_ratio"), 1.0}});
        };
        QCOMPARE(f.pulled, record(8, 0));
        QCOMPARE(f.mine, record(16, 0));
        QCOMPARE(f.now, record(8, 2));
        QCOMPARE(f.toText(),
                 QStringLiteral("provider \"cn-1\" (%1), inventories.VCPU: pulled "
                                "{\"allocation_ratio\":1,\"max_unit\":2147483647,\"min_unit\":1,\"reserved\":0,\"step_size\":1,\"total\":8}, "
                                "mine {\"allocation_ratio\":1,\"max_unit\":2147483647,\"min_unit\":1,\"reserved\":0,\"step_size\":1,\"total\":16}, "
                                "Placement now {\"allocation_ratio\":1,\"max_unit\":2147483647,\"min_unit\":1,\"reserved\":2,\"step_size\":1,\"total\":8}")
                     .arg(uuid(1)));
        const ThreeWayField &parent = r.fields[0]; // rows: provider, name, parent, classes, traits, aggregates
        QCOMPARE(parent.field, QStringLiteral("parent_provider_uuid"));
        QCOMPARE(parent.outcome, ThreeWayField::Outcome::Placement);
        QCOMPARE(r.fields[1].field, QStringLiteral("inventories.VCPU"));
        QCOMPARE(parent.pulled, QJsonValue()); // null: a root
        QCOMPARE(parent.now, QJsonValue(uuid(5)));
        QCOMPARE(r.fields.last().field, QStringLiteral("provider")); // provider 5, only Placement's
        QCOMPARE(r.fields.last().mine, QJsonValue(QJsonValue::Undefined));
        QCOMPARE(r.fields.last().now,
                 QJsonValue(QJsonObject{{QStringLiteral("name"), QStringLiteral("p")},
                                        {QStringLiteral("parent_provider_uuid"), QJsonValue()}}));
        QCOMPARE(r.fields.last().toText(),
                 QStringLiteral("provider \"p\" (%1), provider: pulled (no provider), mine (no provider), Placement now "
                                "{\"name\":\"p\",\"parent_provider_uuid\":null}").arg(uuid(5)));
    }

    void aConflictLineNamesItsReason()
    {
        const Rebase r = rebase({rp(1, QStringLiteral("x"))}, {rp(1, QStringLiteral("x")), rp(2, QStringLiteral("z"))},
                                {rp(1, QStringLiteral("z"))});
        const QList<ThreeWayField> conflicts = r.conflicts();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().toText(),
                 QStringLiteral("provider \"z\" (%2), provider: pulled (no provider), mine {\"name\":\"z\",\"parent_provider_uuid\":null}, "
                                "Placement now (no provider) (Placement now has provider \"z\" (%1) of that name)")
                     .arg(uuid(1), uuid(2)));
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
        const Rebase r = rebase({rp(1, QStringLiteral("x"))}, {rp(1, name), rp(2, name + QStringLiteral("-new"))},
                                {rp(1, name + QStringLiteral("-theirs")), rp(3, name + QStringLiteral("-new"))});
        QVERIFY(r.hasConflicts());
        for (const ThreeWayField &f : r.fields) {
            QCOMPARE(testing::unsafeCharacters(f.toText(), false), QString());
            QCOMPARE(testing::unsafeCharacters(f.detail, false), QString());
        }
        QVERIFY(r.fields.first().toText().contains(neutralised(name)));
        // The values are data, as they are: the view and the JSON output escape them.
        QCOMPARE(r.fields.first().mine, QJsonValue(name));
    }

    // Random trees edited on both sides (with allocations appearing in Placement): the
    // merge is always a tree the core accepts, a field neither changed keeps its value, a
    // field one side changed takes that side's value unless a conflict row says why not,
    // and with one side unchanged the merge is the other side, without conflicts.
    void randomEditsOnBothSides()
    {
        QRandomGenerator random(4711);
        int conflicts = 0;
        QMap<QString, int> reasons; // the structural repairs, by the start of their detail
        for (int round = 0; round < 2000; ++round) {
            const States pulled = randomTree(random);
            const States mine = random.bounded(5) ? randomEdits(random, pulled, 20) : pulled;
            States now = random.bounded(5) ? randomEdits(random, pulled, 40) : pulled;
            for (ProviderData &p : now) {
                if (p.inventories.contains(QStringLiteral("VCPU")) && random.bounded(4) == 0)
                    p.usages.insert(QStringLiteral("VCPU"), 1);
            }
            const Rebase r = rebase(pulled, mine, now);
            ProviderTree tree;
            const Status accepted = tree.replaceAll(r.merged);
            QVERIFY2(accepted.ok(), qPrintable(QStringLiteral("round %1: %2").arg(round).arg(testing::problemLines(accepted.problems()))));
            conflicts += r.conflicts().size();
            for (const ThreeWayField &f : r.conflicts()) {
                for (const QString &reason : {QStringLiteral("allocations"), QStringLiteral("under it"),
                                              QStringLiteral("is not in Placement now"), QStringLiteral("below itself"),
                                              QStringLiteral("of that name")}) {
                    if (f.detail.contains(reason))
                        ++reasons[reason];
                }
            }

            if (pulled == mine) {
                QVERIFY(!r.hasConflicts());
                QCOMPARE(r.merged, normalised(now));
            }
            if (pulled == now) {
                QVERIFY(!r.hasConflicts());
                QCOMPARE(withoutGenerations(r.merged), withoutGenerations(normalised(mine)));
            }
            checkFieldRule(pulled, mine, now, r, round);
            if (QTest::currentTestFailed())
                return;
        }
        QStringList counts;
        for (auto it = reasons.cbegin(); it != reasons.cend(); ++it)
            counts.append(QStringLiteral("%1: %2").arg(it.key(), QString::number(it.value())));
        qInfo("%d conflicts; changes that no longer fit: %s", conflicts, qPrintable(counts.join(QLatin1String(", "))));
        QVERIFY(conflicts > 100);
        QCOMPARE(reasons.size(), 5); // every kind of repair happened
    }

private:
    static States withoutGenerations(States s)
    {
        for (ProviderData &p : s) {
            p.generation = 0;
            p.usages.clear();
        }
        return s;
    }

    static const ProviderData *find(const States &s, const QString &uuid)
    {
        const auto it = std::find_if(s.cbegin(), s.cend(), [&](const ProviderData &p) { return p.uuid == uuid; });
        return it == s.cend() ? nullptr : &*it;
    }

    // For each provider on all three sides and each field: the merged value is the one the
    // rule names, or the row for that field (or the provider) is a conflict.
    static void checkFieldRule(const States &pulled, const States &mine, const States &now, const Rebase &r, int round)
    {
        QSet<QString> conflicted;
        for (const ThreeWayField &f : r.conflicts())
            conflicted.insert(f.providerUuid + QLatin1Char('/') + f.field);
        for (const ProviderData &a : pulled) {
            const ProviderData *m = find(mine, a.uuid), *n = find(now, a.uuid), *merged = find(r.merged, a.uuid);
            if (!m || !n)
                continue;
            const auto check = [&](const QString &field, auto value) {
                if (conflicted.contains(a.uuid + QLatin1Char('/') + field) || conflicted.contains(a.uuid + QStringLiteral("/provider")))
                    return;
                QVERIFY2(merged, qPrintable(QStringLiteral("round %1: %2 is gone without a conflict").arg(round).arg(a.uuid)));
                const auto expected = value(a) == value(*n) ? value(*m) : value(*n);
                QVERIFY2(value(*merged) == expected,
                         qPrintable(QStringLiteral("round %1: %2 %3 does not follow the rule").arg(round).arg(a.uuid, field)));
            };
            check(QStringLiteral("name"), [](const ProviderData &p) { return p.name; });
            check(QStringLiteral("parent_provider_uuid"), [](const ProviderData &p) { return p.parentUuid; });
            check(QStringLiteral("traits"), [](const ProviderData &p) { return QSet<QString>(p.traits.cbegin(), p.traits.cend()); });
            check(QStringLiteral("aggregates"),
                  [](const ProviderData &p) { return QSet<QString>(p.aggregates.cbegin(), p.aggregates.cend()); });
            for (const QString &rc : {QStringLiteral("VCPU"), QStringLiteral("CUSTOM_NEW")}) {
                check(QStringLiteral("inventories.") + rc, [rc](const ProviderData &p) {
                    return p.inventories.contains(rc) ? std::optional(p.inventories.value(rc).effective()) : std::nullopt;
                });
            }
        }
    }

    static QString poolName(QRandomGenerator &random) { return QStringLiteral("n%1").arg(random.bounded(16)); }

    static States randomTree(QRandomGenerator &random)
    {
        States out;
        QSet<QString> names;
        const int count = 1 + random.bounded(7);
        for (int i = 0; i < count; ++i) {
            QString name;
            do
                name = poolName(random);
            while (names.contains(name));
            names.insert(name);
            const int parent = (i == 0 || random.bounded(3) == 0) ? 0 : 1 + random.bounded(i);
            ProviderData p = rp(i + 1, name, parent);
            if (random.bounded(2))
                p.inventories = {{QStringLiteral("VCPU"), inventory(1 + random.bounded(32))}};
            if (random.bounded(2))
                p.traits = {QStringLiteral("CUSTOM_A")};
            out.append(p);
        }
        return out;
    }

    static bool isBelow(const States &states, QString uuid, const QString &ancestor)
    {
        while (!uuid.isEmpty()) {
            if (uuid == ancestor)
                return true;
            const ProviderData *p = find(states, uuid);
            uuid = p ? p->parentUuid : QString();
        }
        return false;
    }

    // Valid edits of a valid tree; new providers get uuids from `firstNew` on.
    static States randomEdits(QRandomGenerator &random, States s, int firstNew)
    {
        int next = firstNew;
        const auto freeName = [&]() {
            for (;;) {
                const QString name = poolName(random);
                if (!std::any_of(s.cbegin(), s.cend(), [&](const ProviderData &p) { return p.name == name; }))
                    return name;
            }
        };
        const int edits = 1 + random.bounded(4);
        for (int e = 0; e < edits && !s.isEmpty() && s.size() < 14; ++e) {
            ProviderData &p = s[random.bounded(s.size())];
            switch (random.bounded(8)) {
            case 0: p.name = freeName(); break;
            case 1: {
                const ProviderData &to = s[random.bounded(s.size())];
                p.parentUuid = isBelow(s, to.uuid, p.uuid) ? QString() : to.uuid;
                break;
            }
            case 2: { // delete with the subtree, unless something in it is in use
                QSet<QString> gone;
                for (const ProviderData &q : s) {
                    if (isBelow(s, q.uuid, p.uuid))
                        gone.insert(q.uuid);
                }
                s.removeIf([&](const ProviderData &q) { return gone.contains(q.uuid); });
                break;
            }
            case 3: {
                ProviderData added = rp(next++, freeName());
                if (random.bounded(2))
                    added.parentUuid = s[random.bounded(s.size())].uuid;
                s.append(added);
                break;
            }
            case 4: p.inventories[QStringLiteral("VCPU")] = inventory(1 + random.bounded(32)); break;
            case 5: p.inventories.remove(QStringLiteral("VCPU")); p.usages.remove(QStringLiteral("VCPU")); break;
            case 6: p.traits = random.bounded(2) ? QStringList{QStringLiteral("CUSTOM_B")} : QStringList(); break;
            case 7: p.aggregates = {uuid(90 + random.bounded(2))}; break;
            }
        }
        return s;
    }
};

QTEST_GUILESS_MAIN(tst_ThreeWay)
#include "tst_threeway.moc"
