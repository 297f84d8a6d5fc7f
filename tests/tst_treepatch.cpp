// Patches: apply(A, diff(A, B)) == B for many random pairs of generated trees, the patch
// file round trip, strict parsing with located problems, and conflicts that change nothing.
#include "cloudgenerator.h"
#include "treemutator.h"
#include "providertree.h"
#include "snapshotwriter.h"
#include "treediff.h"
#include "patchapply.h"
#include "patchfile.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <random>

using namespace provtree;
using provtree::testsupport::CloudGenerator;
using provtree::testsupport::TreeMutator;

namespace {

const QString kHost = QStringLiteral("10000000-0000-4000-8000-000000000001");
const QString kChild = QStringLiteral("10000000-0000-4000-8000-000000000002");
const QString kOther = QStringLiteral("10000000-0000-4000-8000-000000000003");

QList<ProviderData> smallTree()
{
    ProviderData host;
    host.uuid = kHost;
    host.name = QStringLiteral("host");
    host.generation = 2;
    InventoryRecord vcpu;
    vcpu.total = 16;
    host.inventories = {{QStringLiteral("VCPU"), vcpu}};
    host.traits = {QStringLiteral("CUSTOM_A")};
    ProviderData child;
    child.uuid = kChild;
    child.name = QStringLiteral("child");
    child.parentUuid = kHost;
    ProviderData other;
    other.uuid = kOther;
    other.name = QStringLiteral("other");
    return {host, child, other};
}

QList<ProviderData> &withVcpuTotal(QList<ProviderData> &records, qint64 total)
{
    records[0].inventories[QStringLiteral("VCPU")].total = total;
    return records;
}

} // namespace

class tst_TreePatch : public QObject
{
    Q_OBJECT

private slots:
    void applyingTheDiffGivesTheNewTree()
    {
        // Sizes stay small so that the suite takes a few seconds under ASan.
        QSet<DiffStatus> seen; // the mutations must reach every kind of difference
        bool generationOnly = false;
        for (quint64 seed = 1; seed <= 60; ++seed) {
            CloudGenerator generator(seed);
            const QList<ProviderData> a = generator.cloud(10 + qsizetype(seed * 7 % 150));
            const QList<ProviderData> b = TreeMutator(seed).mutate(a, 1 + int(seed % 12));
            ProviderTree target;
            QVERIFY2(target.replaceAll(b).ok(), "the mutator made an invalid tree");

            QVERIFY(TreeDiff::compute(a, a).isEmpty());
            QVERIFY(TreeDiff::compute(a, a).providers().isEmpty());

            const TreeDiff diff = TreeDiff::compute(a, b);
            for (const ProviderDiff &d : diff.providers()) {
                seen.insert(d.status);
                generationOnly = generationOnly || d.status == DiffStatus::Unchanged;
            }
            ProviderTree tree;
            QVERIFY(tree.replaceAll(a).ok());
            const Status applied = applyPatch(tree, diff);
            QVERIFY2(applied.ok(), qPrintable(applied.firstError().toString()));
            QCOMPARE(serialiseSnapshot(tree.allData()), serialiseSnapshot(b));

            // Through the file format: serialise -> parse gives the same diff and bytes.
            const QByteArray patch = serialisePatch(diff);
            const Result<TreeDiff> parsed = parsePatch(patch);
            QVERIFY2(parsed.ok(), qPrintable(parsed.status().firstError().toString()));
            QVERIFY(parsed.value() == diff);
            QCOMPARE(serialisePatch(parsed.value()), patch);

            // The same patch no longer applies to the patched tree (unless it is empty).
            if (!diff.providers().isEmpty()) {
                const QByteArray saved = serialiseSnapshot(tree.allData());
                QVERIFY(!applyPatch(tree, parsed.value()).ok());
                QCOMPARE(serialiseSnapshot(tree.allData()), saved);
            }
        }
        QCOMPARE(seen.size(), 5);
        QVERIFY(generationOnly);
    }

    void summaryListsEveryAffectedProviderOnce()
    {
        QList<ProviderData> b = smallTree();
        b.removeAt(1);               // child removed
        b[1].name = QStringLiteral("renamed"); // other changed
        b[0].generation = 9;         // host: generation only
        const QByteArray patch = serialisePatch(TreeDiff::compute(smallTree(), b));
        const QJsonObject summary = QJsonDocument::fromJson(patch).object().value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("added")).toArray(), QJsonArray());
        QCOMPARE(summary.value(QStringLiteral("removed")).toArray(), QJsonArray{kChild});
        QCOMPARE(summary.value(QStringLiteral("changed")).toArray(), QJsonArray{kOther}); // not host
        QVERIFY(patch.startsWith("{\n  \"format\": \"provider-tree-patch\",\n  \"version\": 1,\n"));
        QVERIFY(patch.endsWith("}\n"));
    }

    void conflictsAreListedAndChangeNothing()
    {
        QList<ProviderData> b = smallTree();
        withVcpuTotal(b, 32);
        b[0].generation = 3;
        b[1].name = QStringLiteral("child-renamed");
        b.removeAt(2);
        const TreeDiff diff = TreeDiff::compute(smallTree(), b);

        // Meanwhile: VCPU total changed, generation moved on, `other` gained a child.
        QList<ProviderData> current = smallTree();
        withVcpuTotal(current, 24);
        current[0].generation = 5;
        ProviderData late;
        late.uuid = QStringLiteral("10000000-0000-4000-8000-000000000004");
        late.name = QStringLiteral("late");
        late.parentUuid = kOther;
        current.append(late);

        ProviderTree tree;
        QVERIFY(tree.replaceAll(current).ok());
        const quint64 sequence = tree.lastSequence();
        const Status status = applyPatch(tree, diff);
        QVERIFY(!status.ok());
        QCOMPARE(tree.lastSequence(), sequence);
        QCOMPARE(serialiseSnapshot(tree.allData()), serialiseSnapshot(current));

        QSet<QString> found;
        for (const Problem &p : status.problems())
            found.insert(p.provider + QLatin1Char(' ') + p.field + QLatin1Char(' ') + kindName(p.kind));
        const QSet<QString> expected{
            kHost + QStringLiteral(" generation ") + kindName(ProblemKind::GenerationConflict),
            kHost + QStringLiteral(" inventories.VCPU.total ") + kindName(ProblemKind::InvalidInventory),
            late.uuid + QStringLiteral(" parent_provider_uuid ") + kindName(ProblemKind::UnknownParent)};
        QCOMPARE(found, expected);
    }

    void conflictKinds_data()
    {
        QTest::addColumn<int>("edit");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("field");
        QTest::addColumn<ProblemKind>("kind");
        QTest::newRow("provider to change is gone") << 0 << kChild << "uuid" << ProblemKind::UnknownProvider;
        QTest::newRow("provider to add exists") << 1 << kOther << "uuid" << ProblemKind::DuplicateUuid;
        QTest::newRow("trait to add is there") << 2 << kHost << "traits" << ProblemKind::InvalidTrait;
        QTest::newRow("removed provider differs") << 3 << kOther << "name" << ProblemKind::InvalidName;
        QTest::newRow("provider changed since, elsewhere") << 4 << kHost << "generation"
                                                           << ProblemKind::GenerationConflict;
    }

    void conflictKinds()
    {
        QFETCH(int, edit);
        QFETCH(QString, provider);
        QFETCH(QString, field);
        QFETCH(ProblemKind, kind);
        QList<ProviderData> before = smallTree();
        QList<ProviderData> after = smallTree();
        QList<ProviderData> current = smallTree();
        switch (edit) {
        case 0: // rename child, but child is gone
            after[1].name = QStringLiteral("x");
            current.removeAt(1);
            break;
        case 1: // add `other`, but it is there
            before.removeAt(2);
            break;
        case 2: // add a trait that is there meanwhile
            after[0].traits.append(QStringLiteral("CUSTOM_B"));
            current[0].traits.append(QStringLiteral("CUSTOM_B"));
            break;
        case 3: // remove `other`, which was renamed meanwhile
            after.removeAt(2);
            current[2].name = QStringLiteral("other-renamed");
            break;
        default: // add a trait to host (keeping its generation), which gained another meanwhile
            after[0].traits.append(QStringLiteral("CUSTOM_B"));
            current[0].traits.append(QStringLiteral("CUSTOM_C"));
            current[0].generation = 3;
            break;
        }
        const Result<QList<ProviderData>> result = patchedRecords(current, TreeDiff::compute(before, after));
        QVERIFY(!result.ok());
        QCOMPARE(result.problems().size(), 1);
        const Problem &p = result.problems().first();
        QCOMPARE(p.provider, provider);
        QCOMPARE(p.field, field);
        QCOMPARE(p.kind, kind);
        QVERIFY(p.isError());
    }

    void aChangeNamesTheGenerationItWasMadeAgainst()
    {
        QList<ProviderData> after = smallTree();
        after[0].traits.append(QStringLiteral("CUSTOM_B")); // an edit keeps the generation (2)
        const TreeDiff diff = TreeDiff::compute(smallTree(), after);
        const ProviderDiff *host = diff.find(kHost);
        QVERIFY(host);
        QVERIFY(host->generation.has_value());
        QCOMPARE(host->generation->oldValue, 2);
        QCOMPARE(host->generation->newValue, 2);
        QVERIFY2(!diff.hasGenerationChanges(), "an unchanged generation is not a generation change");
        const QJsonObject changed = QJsonDocument::fromJson(serialisePatch(diff))
                                        .object().value(QStringLiteral("changed_providers")).toArray().first().toObject();
        QCOMPARE(changed.value(QStringLiteral("generation")).toObject(),
                 (QJsonObject{{QStringLiteral("old"), 2}, {QStringLiteral("new"), 2}}));
    }

    void placementRefusalChangesNothing()
    {
        // The patch renames `other` to "late", a name another provider took meanwhile.
        QList<ProviderData> after = smallTree();
        after[2].name = QStringLiteral("late");
        QList<ProviderData> current = smallTree();
        ProviderData late;
        late.uuid = QStringLiteral("10000000-0000-4000-8000-000000000004");
        late.name = QStringLiteral("late");
        current.append(late);
        ProviderTree tree;
        QVERIFY(tree.replaceAll(current).ok());
        const Status status = applyPatch(tree, TreeDiff::compute(smallTree(), after));
        QVERIFY(!status.ok());
        QCOMPARE(status.firstError().kind, ProblemKind::DuplicateName);
        QCOMPARE(serialiseSnapshot(tree.allData()), serialiseSnapshot(current));
    }

    void namesAreEscapedAndRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("quotes, escapes, non-ASCII")
            << QStringLiteral("quote\" back\\ nl\n tab\t ctl\x01 \u00e9\u4e2d \U0001F600");
        QTest::newRow("CR, backspace, form feed") << QStringLiteral("a\rb\bc\fd");
        // A snapshot may hold one ("\ud800" is valid JSON); UTF-8 cannot, so it is escaped.
        QTest::newRow("lone surrogate") << QStringLiteral("cn-") + QChar(0xd800) + QStringLiteral("-01");
    }
    void namesAreEscapedAndRoundTrip()
    {
        QFETCH(QString, name);
        QList<ProviderData> after = smallTree();
        after[2].name = name;
        const TreeDiff diff = TreeDiff::compute(smallTree(), after);
        const QByteArray patch = serialisePatch(diff);
        QVERIFY(QJsonDocument::fromJson(patch).isObject()); // valid JSON for any other reader
        const Result<TreeDiff> parsed = parsePatch(patch);
        QVERIFY(parsed.ok());
        QVERIFY(parsed.value() == diff);
        QCOMPARE(parsed.value().find(kOther)->name->newValue, name);
        // Spelt as a snapshot spells it: one JSON string writer for both files.
        const QByteArray snapshot = serialiseSnapshot(after);
        const qsizetype nameLine = snapshot.indexOf("\"name\": ", snapshot.indexOf(kOther.toLatin1()));
        const qsizetype end = snapshot.indexOf(",\n", nameLine);
        QVERIFY(nameLine > 0 && end > nameLine);
        const QByteArray literal = snapshot.mid(nameLine + 8, end - nameLine - 8);
        QVERIFY2(patch.contains(QByteArray("\"new\": " + literal + '\n')), literal.constData());
    }

    // The tree keeps traits and aggregates sorted, unique, aggregates in lower case: a
    // patch whose lists say otherwise would apply as something else than it says (found by
    // fuzzing: an upper-case aggregate applied, and the tree held it in lower case).
    void listsMustBeWhatTheTreeKeeps_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("location");
        const QByteArray aggregate = "\"aaaaaaaa-0000-4000-8000-00000000000a\"";
        QTest::newRow("aggregate in upper case")
            << aggregate << QByteArray("\"AAAAaaaa-0000-4000-8000-00000000000A\"")
            << QStringLiteral("$.changed_providers[0].aggregates.added[0]");
        QTest::newRow("aggregate listed twice") << aggregate << aggregate + ", " + aggregate
                                                << QStringLiteral("$.changed_providers[0].aggregates.added[1]");
        QTest::newRow("trait listed twice") << QByteArray("\"CUSTOM_B\"") << QByteArray("\"CUSTOM_B\", \"CUSTOM_B\"")
                                            << QStringLiteral("$.changed_providers[0].traits.added[1]");
        QTest::newRow("removed trait listed twice") << QByteArray("\"CUSTOM_A\"") << QByteArray("\"CUSTOM_A\", \"CUSTOM_A\"")
                                                    << QStringLiteral("$.changed_providers[0].traits.removed[1]");
    }

    void listsMustBeWhatTheTreeKeeps()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, location);
        QList<ProviderData> after = smallTree();
        after[0].traits = {QStringLiteral("CUSTOM_B")};
        after[0].aggregates = {QStringLiteral("aaaaaaaa-0000-4000-8000-00000000000a")};
        const QByteArray patch = serialisePatch(TreeDiff::compute(smallTree(), after));
        QVERIFY(parsePatch(patch).ok());
        QVERIFY2(patch.contains(from), patch.constData());
        const Result<TreeDiff> parsed = parsePatch(QByteArray(patch).replace(from, to));
        QVERIFY2(!parsed.ok(), "the patch would apply as something else than it says");
        QStringList locations;
        for (const Problem &p : parsed.problems()) {
            QCOMPARE(p.kind, ProblemKind::Syntax);
            locations.append(p.location);
        }
        QVERIFY2(locations.contains(location), qPrintable(locations.join(QLatin1Char(' '))));
    }

    void strictParsing_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("location");
        QTest::newRow("not JSON") << QByteArray("{\n  \"format\"") << QByteArray("{\n  \"format\" x")
                                  << QStringLiteral("2:12");
        QTest::newRow("wrong format") << QByteArray("provider-tree-patch") << QByteArray("provider-tree-snapshot")
                                      << QStringLiteral("$.format");
        QTest::newRow("wrong version") << QByteArray("\"version\": 1") << QByteArray("\"version\": 2")
                                       << QStringLiteral("$.version");
        QTest::newRow("unknown key") << QByteArray("\"uuid\": \"" + kOther.toLatin1() + "\",\n      \"name\"")
                                     << QByteArray("\"uuid\": \"" + kOther.toLatin1() + "\",\n      \"nam\"")
                                     << QStringLiteral("$.changed_providers[1].nam");
        QTest::newRow("wrong type") << QByteArray("\"new\": 32") << QByteArray("\"new\": \"32\"")
                                    << QStringLiteral("$.changed_providers[0].inventories.VCPU.changed.total.new");
        QTest::newRow("fractional total") << QByteArray("\"new\": 32") << QByteArray("\"new\": 32.5")
                                          << QStringLiteral("$.changed_providers[0].inventories.VCPU.changed.total.new");
        QTest::newRow("uuid not canonical") << QByteArray("\"uuid\": \"" + kOther.toLatin1() + "\",\n      \"name\"")
                                            << QByteArray("\"uuid\": \"10000000-0000-4000-8000-00000000000A\",\n      \"name\"")
                                            << QStringLiteral("$.changed_providers[1].uuid");
        QTest::newRow("summary disagrees") << QByteArray("\"added\": []") << QByteArray("\"added\": [\"x\"]")
                                           << QStringLiteral("$.summary.added");
        QTest::newRow("bad removed record") << QByteArray("\"generation\": 0,\n      \"parent_provider_uuid\"")
                                            << QByteArray("\"generation\": \"0\",\n      \"parent_provider_uuid\"")
                                            << QStringLiteral("$.removed_providers[0].generation");
    }

    void strictParsing()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, location);
        QList<ProviderData> after = smallTree();
        withVcpuTotal(after, 32);
        after[2].name = QStringLiteral("other2");
        after.removeAt(1);
        const QByteArray patch = serialisePatch(TreeDiff::compute(smallTree(), after));
        QVERIFY(parsePatch(patch).ok());
        QVERIFY2(patch.contains(from), patch.constData());
        QByteArray broken = patch;
        broken.replace(from, to);
        const Result<TreeDiff> parsed = parsePatch(broken);
        QVERIFY(!parsed.ok());
        QStringList locations;
        for (const Problem &p : parsed.problems()) {
            QCOMPARE(p.kind, ProblemKind::Syntax);
            locations.append(p.location);
        }
        QVERIFY2(locations.contains(location), qPrintable(locations.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(tst_TreePatch)
#include "tst_treepatch.moc"
