// `provtree diff` and `provtree apply`, run as a user runs them: exit codes, text, the
// --json patch and its summary, and apply -o.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "neutralise.h"
#include "support/clirun.h"
#include "support/hostiletext.h"
#include "support/testfiles.h"

namespace {

using Run = provtree::testing::CliRun;
using provtree::testing::provtreeRun;
using provtree::testing::readAll;

const QByteArray kUuidA = "aaaaaaaa-0000-4000-8000-000000000001";
const QByteArray kUuidB = "bbbbbbbb-0000-4000-8000-000000000002";
const QByteArray kUuidC = "cccccccc-0000-4000-8000-000000000003";

using provtree::testing::snapshotDocument;

// host (VCPU 16) with child numa (MEMORY_MB 1024).
const QByteArray kOld = snapshotDocument(
    "{\"uuid\": \"" + kUuidA + "\", \"name\": \"host\", \"generation\": 1, \"traits\": [\"CUSTOM_A\"], "
    "\"inventories\": {\"VCPU\": {\"total\": 16, \"allocation_ratio\": 16}}},"
    "{\"uuid\": \"" + kUuidB + "\", \"name\": \"numa\", \"parent_provider_uuid\": \"" + kUuidA + "\", "
    "\"inventories\": {\"MEMORY_MB\": {\"total\": 1024}}}");
// The same tree written differently (16.0 for 16, defaults spelled out, another order).
const QByteArray kOldAgain = snapshotDocument(
    "{\"uuid\": \"" + kUuidB + "\", \"name\": \"numa\", \"parent_provider_uuid\": \"" + kUuidA + "\", "
    "\"inventories\": {\"MEMORY_MB\": {\"total\": 1024, \"reserved\": 0}}},"
    "{\"uuid\": \"" + kUuidA + "\", \"name\": \"host\", \"generation\": 1, \"traits\": [\"CUSTOM_A\"], "
    "\"inventories\": {\"VCPU\": {\"total\": 16, \"allocation_ratio\": 16.0}}}");
// host: VCPU 32, trait B instead of A, generation 2; numa removed; gpu added.
const QByteArray kNew = snapshotDocument(
    "{\"uuid\": \"" + kUuidA + "\", \"name\": \"host\", \"generation\": 2, \"traits\": [\"CUSTOM_B\"], "
    "\"inventories\": {\"VCPU\": {\"total\": 32, \"allocation_ratio\": 16}}},"
    "{\"uuid\": \"" + kUuidC + "\", \"name\": \"gpu\", \"parent_provider_uuid\": \"" + kUuidA + "\", "
    "\"inventories\": {\"VGPU\": {\"total\": 4}}}");
// Only the generation differs from kOld.
const QByteArray kOldBumped = QByteArray(kOld).replace("\"generation\": 1", "\"generation\": 5");

} // namespace

class tst_CliDiff : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString file(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        if (!provtree::testing::writeFile(path, content))
            qFatal("cannot write a test file");
        return path;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void exitCodes_data()
    {
        QTest::addColumn<QByteArray>("left");
        QTest::addColumn<QByteArray>("right");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("same file content") << kOld << kOld << 0;
        QTest::newRow("same tree, other spelling") << kOld << kOldAgain << 0;
        QTest::newRow("generation only") << kOld << kOldBumped << 0;
        QTest::newRow("different") << kOld << kNew << 1;
        QTest::newRow("not JSON") << kOld << QByteArray("{") << 2;
        QTest::newRow("invalid snapshot") << QByteArray(snapshotDocument("{\"name\": \"x\"}")) << kOld << 2;
    }

    void exitCodes()
    {
        QFETCH(QByteArray, left);
        QFETCH(QByteArray, right);
        QFETCH(int, exitCode);
        const Run run = provtreeRun({QStringLiteral("diff"), file(QStringLiteral("l.json"), left),
                                     file(QStringLiteral("r.json"), right)});
        QCOMPARE(run.exitCode, exitCode);
        QCOMPARE(run.err.isEmpty(), exitCode != 2);
    }

    void missingFileAndUsage()
    {
        QCOMPARE(provtreeRun({QStringLiteral("diff"), m_dir.filePath(QStringLiteral("nope.json")),
                              file(QStringLiteral("a.json"), kOld)}).exitCode, 2);
        QCOMPARE(provtreeRun({QStringLiteral("diff"), file(QStringLiteral("a.json"), kOld)}).exitCode, 2);
        QCOMPARE(provtreeRun({QStringLiteral("diff"), QStringLiteral("--color"), QStringLiteral("pink"),
                              file(QStringLiteral("a.json"), kOld), file(QStringLiteral("b.json"), kOld)})
                     .exitCode,
                 2);
        const Run help = provtreeRun({QStringLiteral("diff"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.startsWith("Usage: provtree diff [options] OLD NEW\n"));
        QVERIFY(provtreeRun({QStringLiteral("--help")}).out.contains("diff"));
    }

    void textReport()
    {
        const Run run = provtreeRun({QStringLiteral("diff"), file(QStringLiteral("a.json"), kOld),
                                     file(QStringLiteral("b.json"), kNew)});
        QCOMPARE(run.exitCode, 1);
        const QByteArray expected =
            " ~ \"host\"  changed: inventories, traits\n"
            " + \"gpu\"  added\n"
            " - \"numa\"  removed\n"
            " 1 provider added, 1 removed, 1 changed, 0 moved\n"
            "\n"
            "\"host\" (" + kUuidA + ")\n"
            "  inventory VCPU: total 16 -> 32\n"
            "  traits: +CUSTOM_B -CUSTOM_A\n"
            "  generation: 1 -> 2 (metadata)\n"
            "\n"
            "\"gpu\" (" + kUuidC + ")\n"
            "  added under \"host\"\n"
            "\n"
            "\"numa\" (" + kUuidB + ")\n"
            "  removed under \"host\"\n";
        QCOMPARE(run.out, expected); // piped: no colour
        const Run coloured = provtreeRun({QStringLiteral("diff"), QStringLiteral("--color"), QStringLiteral("always"),
                                          file(QStringLiteral("a.json"), kOld), file(QStringLiteral("b.json"), kNew)});
        QVERIFY(coloured.out.contains("\x1b[32m + \"gpu\"\x1b[0m"));
    }

    void jsonSummary()
    {
        const Run run = provtreeRun({QStringLiteral("diff"), QStringLiteral("--json"),
                                     file(QStringLiteral("a.json"), kOld), file(QStringLiteral("b.json"), kNew)});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject patch = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(patch.value(QStringLiteral("format")).toString(), QStringLiteral("provider-tree-patch"));
        QCOMPARE(patch.value(QStringLiteral("version")).toInt(), 1);
        const QJsonObject summary = patch.value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("added")).toArray(), QJsonArray{QString::fromLatin1(kUuidC)});
        QCOMPARE(summary.value(QStringLiteral("removed")).toArray(), QJsonArray{QString::fromLatin1(kUuidB)});
        QCOMPARE(summary.value(QStringLiteral("changed")).toArray(), QJsonArray{QString::fromLatin1(kUuidA)});

        const Run same = provtreeRun({QStringLiteral("diff"), QStringLiteral("--json"),
                                      file(QStringLiteral("a.json"), kOld), file(QStringLiteral("b.json"), kOldBumped)});
        QCOMPARE(same.exitCode, 0);
        const QJsonObject empty = QJsonDocument::fromJson(same.out).object().value(QStringLiteral("summary")).toObject();
        QCOMPARE(empty.value(QStringLiteral("changed")).toArray(), QJsonArray());
    }

    void renameToAHostileName_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto &[tag, name] : provtree::testing::hostileNames())
            QTest::newRow(tag) << name;
    }

    // The text report quotes the new name once, literally; the --json patch carries it
    // exactly (JSON escapes) but no character a terminal would act on; the patch applies.
    void renameToAHostileName()
    {
        using provtree::testing::unsafeCharacters;
        QFETCH(QString, name);
        const QByteArray jsonName = QJsonDocument(QJsonArray{name}).toJson(QJsonDocument::Compact).chopped(1).mid(1);
        const QString a = file(QStringLiteral("a.json"), kOld);
        const QString b = file(QStringLiteral("b.json"), QByteArray(kOld).replace("\"host\"", jsonName));

        const Run text = provtreeRun({QStringLiteral("diff"), a, b});
        QCOMPARE(text.exitCode, 1);
        const QString out = QString::fromUtf8(text.out);
        QCOMPARE(unsafeCharacters(out), QString());
        const QString renamed = QStringLiteral("  renamed: \"host\" -> ") + provtree::neutralised(name) + QLatin1Char('\n');
        QVERIFY2(out.count(renamed) == 1, qPrintable(out));

        const Run json = provtreeRun({QStringLiteral("diff"), QStringLiteral("--json"), a, b});
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(unsafeCharacters(QString::fromUtf8(json.out)), QString());
        const QJsonObject change = QJsonDocument::fromJson(json.out).object()
                                       .value(QStringLiteral("changed_providers")).toArray().first().toObject();
        QCOMPARE(change.value(QStringLiteral("name")).toObject().value(QStringLiteral("new")).toString(), name);

        const QString patched = m_dir.filePath(QStringLiteral("patched.json"));
        QCOMPARE(provtreeRun({QStringLiteral("apply"), a, file(QStringLiteral("p.json"), json.out),
                              QStringLiteral("-o"), patched}).exitCode, 0);
        QCOMPARE(provtreeRun({QStringLiteral("diff"), patched, b}).exitCode, 0);
    }

    void applyWritesTheNewTree()
    {
        const QString a = file(QStringLiteral("a.json"), kOld);
        const QString b = file(QStringLiteral("b.json"), kNew);
        const Run diff = provtreeRun({QStringLiteral("diff"), QStringLiteral("--json"), a, b});
        const QString patch = file(QStringLiteral("p.json"), diff.out);
        const QString out = m_dir.filePath(QStringLiteral("out.json"));
        const Run run = provtreeRun({QStringLiteral("apply"), a, patch, QStringLiteral("-o"), out});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.err.isEmpty());
        QCOMPARE(provtreeRun({QStringLiteral("diff"), out, b}).exitCode, 0);
        // Canonical: the same bytes a canonical save of B gives.
        const QString canonical = m_dir.filePath(QStringLiteral("canonical.json"));
        QCOMPARE(provtreeRun({QStringLiteral("apply"), b, file(QStringLiteral("empty.json"),
                                                               provtreeRun({QStringLiteral("diff"), QStringLiteral("--json"), b, b}).out),
                              QStringLiteral("-o"), canonical}).exitCode,
                 0);
        QCOMPARE(readAll(out), readAll(canonical));
    }

    void applyConflictsWriteNothing()
    {
        const QString a = file(QStringLiteral("a.json"), kOld);
        const QString b = file(QStringLiteral("b.json"), kNew);
        const QString patch = file(QStringLiteral("p.json"),
                                   provtreeRun({QStringLiteral("diff"), QStringLiteral("--json"), a, b}).out);
        const QString out = m_dir.filePath(QStringLiteral("conflict-out.json"));
        const Run run = provtreeRun({QStringLiteral("apply"), b, patch, QStringLiteral("-o"), out});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains("generation-conflict") || run.err.contains("generation"));
        QVERIFY(run.err.count('\n') >= 3); // a list: generation, inventory, traits, added, removed
        QVERIFY(!QFile::exists(out));
    }

    // What does not apply is said where the file has it, naming the provider: the tree's
    // value that differs from the patch's old one in FILE, a broken value in PATCH.
    void applyLocatesWhatDoesNotApply()
    {
        const QByteArray a = "{\n"
                             "  \"format\": \"provider-tree-snapshot\",\n"
                             "  \"version\": 1,\n"
                             "  \"providers\": [\n"
                             "    {\"uuid\": \"" + kUuidA + "\", \"name\": \"host\",\n"
                             "     \"inventories\": {\"VCPU\": {\"total\": 16}}},\n"
                             "    {\"uuid\": \"" + kUuidB + "\", \"name\": \"numa\",\n"
                             "     \"parent_provider_uuid\": \"" + kUuidA + "\",\n"
                             "     \"inventories\": {\"MEMORY_MB\": {\"total\": 1024}}}\n"
                             "  ]\n"
                             "}\n";
        const QString before = file(QStringLiteral("located-a.json"), a);
        const QString after = file(QStringLiteral("located-b.json"), QByteArray(a).replace("1024", "2048"));
        const QString meanwhile = file(QStringLiteral("located-c.json"), QByteArray(a).replace("1024", "4096"));
        const QByteArray patchText = provtreeRun({QStringLiteral("diff"), QStringLiteral("--json"), before, after}).out;
        const QString patch = file(QStringLiteral("located-p.json"), patchText);
        const QString out = m_dir.filePath(QStringLiteral("located-out.json"));

        const Run conflict = provtreeRun({QStringLiteral("apply"), meanwhile, patch, QStringLiteral("-o"), out});
        QCOMPARE(conflict.exitCode, 1);
        QCOMPARE(conflict.err, meanwhile.toUtf8() + ":9:36: error: $.providers[1] (numa).inventories.MEMORY_MB.total: "
                                                    "inventories.MEMORY_MB.total does not match the patch (changed meanwhile)\n");

        const QByteArray broken = QByteArray(patchText).replace("\"old\": 1024", "\"old\": \"x\"");
        const qsizetype at = broken.indexOf("\"old\": \"x\"");
        const QString brokenPatch = file(QStringLiteral("located-broken.json"), broken);
        const Run unreadable = provtreeRun({QStringLiteral("apply"), before, brokenPatch, QStringLiteral("-o"), out});
        QCOMPARE(unreadable.exitCode, 2);
        QCOMPARE(unreadable.err, brokenPatch.toUtf8() + ':' + QByteArray::number(broken.left(at).count('\n') + 1) + ':'
                                     + QByteArray::number(at - broken.lastIndexOf('\n', at))
                                     + ": error: $.changed_providers[0] (" + kUuidB
                                     + ").inventories.MEMORY_MB.changed.total.old: expected an integer\n");
        QVERIFY(!QFile::exists(out));
    }

    // diff refuses an input with the same lines validate prints.
    void diffLocatesWhatStopsIt()
    {
        const QString broken = file(QStringLiteral("broken.json"),
                                    snapshotDocument("{\"uuid\": \"" + kUuidA + "\", \"name\": \"host\", \"traits\": 3}"));
        const Run run = provtreeRun({QStringLiteral("diff"), broken, file(QStringLiteral("a.json"), kOld)});
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.err, broken.toUtf8() + ":1:131: error: $.providers[0] (host).traits: must be an array, not a number\n");
    }

    void applyUnreadable()
    {
        const QString a = file(QStringLiteral("a.json"), kOld);
        const QString out = m_dir.filePath(QStringLiteral("never.json"));
        QCOMPARE(provtreeRun({QStringLiteral("apply"), a, file(QStringLiteral("bad.json"), "{"),
                              QStringLiteral("-o"), out}).exitCode,
                 2);
        QCOMPARE(provtreeRun({QStringLiteral("apply"), a, file(QStringLiteral("snap.json"), kOld),
                              QStringLiteral("-o"), out}).exitCode,
                 2); // a snapshot is not a patch
        QCOMPARE(provtreeRun({QStringLiteral("apply"), a, a}).exitCode, 2); // no -o
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(tst_CliDiff)
#include "tst_cli_diff.moc"
