// The provtree executable, run as a user runs it: exit codes, text and JSON output.
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

const QByteArray kUuidA = "aaaaaaaa-0000-4000-8000-000000000001";
const QByteArray kUuidB = "bbbbbbbb-0000-4000-8000-000000000002";

using provtree::testing::snapshotDocument;

// host (VCPU 16 total, 2 reserved, ratio 2.0, 10 used) with child numa (MEMORY_MB 1024).
const QByteArray kValid = snapshotDocument(
    "{\"uuid\": \"" + kUuidA + "\", \"name\": \"host\", \"inventories\": {\"VCPU\": "
    "{\"total\": 16, \"reserved\": 2, \"allocation_ratio\": 2.0}}, \"usages\": {\"VCPU\": 10}},"
    "{\"uuid\": \"" + kUuidB + "\", \"name\": \"numa\", \"parent_provider_uuid\": \"" + kUuidA + "\", "
    "\"inventories\": {\"MEMORY_MB\": {\"total\": 1024}}}");
// Valid, with one warning: a standard-looking trait os-traits does not list.
const QByteArray kWarning = snapshotDocument("{\"uuid\": \"" + kUuidA + "\", \"name\": \"host\", "
                                     "\"traits\": [\"HW_NOT_A_KNOWN_TRAIT\"]}");
// One error: reserved above total in the second provider, on the fourth line.
const QByteArray kInvalid = "{\"format\": \"provider-tree-snapshot\", \"version\": 1, \"providers\": [\n"
    "  {\"uuid\": \"" + kUuidA + "\", \"name\": \"x\"},\n"
    "  {\"uuid\": \"" + kUuidB + "\", \"name\": \"y\",\n"
    "   \"inventories\": {\"VCPU\": {\"total\": 16, \"reserved\": 17}}}]}\n";
// Loads, with one warning (usage above capacity) on the third line.
const QByteArray kOvercommitted = "{\"format\": \"provider-tree-snapshot\", \"version\": 1, \"providers\": [\n"
    "  {\"uuid\": \"" + kUuidA + "\", \"name\": \"cn-03_numa0\", \"inventories\": {\"MEMORY_MB\": {\"total\": 1024}},\n"
    "   \"usages\": {\"MEMORY_MB\": 2048}}]}\n";

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validateExitCodes_data();
    void validateExitCodes();
    void validateReportsOneLinePerProblem();
    void validateStrictTurnsWarningsIntoErrors();
    void validateJsonListsProblems();
    void validateSeveralFilesGivesTheWorstCode();
    void validateQuotesHostileNamesOnce_data();
    void validateQuotesHostileNamesOnce();
    void statsText();
    void statsJson();
    void statsOfAnInvalidFileFails();
    void usageErrors_data();
    void usageErrors();
    void helpAndVersion();
    void placementCommandsRunInTheCloudExecutable();
    void withoutTheCloudExecutableFileCommandsStillRun();

private:
    QString write(const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

QString tst_Cli::write(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    if (!provtree::testing::writeFile(path, bytes))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void tst_Cli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(PROVTREE_CLI)), PROVTREE_CLI);
    write(QStringLiteral("valid.json"), kValid);
    write(QStringLiteral("warning.json"), kWarning);
    write(QStringLiteral("invalid.json"), kInvalid);
    write(QStringLiteral("overcommitted.json"), kOvercommitted);
    write(QStringLiteral("shape.json"), snapshotDocument("{\"uuid\": \"" + kUuidA + "\", \"name\": 3}"));
    write(QStringLiteral("notjson.json"), "{\"format\": ");
    write(QStringLiteral("empty.json"), "");
}

void tst_Cli::validateExitCodes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("valid") << "valid.json" << 0;
    QTest::newRow("valid with a warning") << "warning.json" << 0;
    QTest::newRow("breaks Placement's rules") << "invalid.json" << 1;
    QTest::newRow("breaks the format") << "shape.json" << 1;
    QTest::newRow("not JSON") << "notjson.json" << 2;
    QTest::newRow("empty") << "empty.json" << 2;
    QTest::newRow("missing") << "missing.json" << 2;
}

void tst_Cli::validateExitCodes()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    const Run run = provtreeRun({QStringLiteral("validate"), m_dir.filePath(file)});
    QCOMPARE(run.exitCode, exitCode);
    QCOMPARE(run.err, QByteArray());
}

void tst_Cli::validateReportsOneLinePerProblem()
{
    const QString path = m_dir.filePath(QStringLiteral("invalid.json"));
    const Run run = provtreeRun({QStringLiteral("validate"), path});
    QCOMPARE(run.exitCode, 1);
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1); // per-record rules first: the tree rules are not reached
    // Where an editor finds it, as compilers say it, and which provider it is.
    QCOMPARE(lines.at(0), path.toUtf8() + ":4:42: error: $.providers[1] (y).inventories.VCPU.reserved: "
                                          "reserved (17) must not exceed total (16)");

    const QString overcommitted = m_dir.filePath(QStringLiteral("overcommitted.json"));
    const Run warning = provtreeRun({QStringLiteral("validate"), overcommitted});
    QCOMPARE(warning.exitCode, 0);
    QCOMPARE(warning.out, overcommitted.toUtf8() + ":3:15: warning: $.providers[0] (cn-03_numa0).usages.MEMORY_MB: "
                                                   "usage (2048) exceeds capacity (1024)\n"
                          + overcommitted.toUtf8() + ": valid, 1 provider, 1 warning\n");

    // A syntax error's place is said once.
    const QString notJson = m_dir.filePath(QStringLiteral("notjson.json"));
    const Run unreadable = provtreeRun({QStringLiteral("validate"), notJson});
    QCOMPARE(unreadable.out.trimmed(), notJson.toUtf8() + ":1:12: error: JSON syntax error: unexpected end of the document");
}

void tst_Cli::validateStrictTurnsWarningsIntoErrors()
{
    const QString path = m_dir.filePath(QStringLiteral("warning.json"));
    const Run lenient = provtreeRun({QStringLiteral("validate"), path});
    QCOMPARE(lenient.exitCode, 0);
    QVERIFY2(lenient.out.contains(": warning: $.providers[0] (host).traits: "), lenient.out);
    QVERIFY2(lenient.out.contains(": valid, 1 provider, 1 warning"), lenient.out);

    const Run strict = provtreeRun({QStringLiteral("validate"), QStringLiteral("--strict"), path});
    QCOMPARE(strict.exitCode, 1);
    QVERIFY2(strict.out.contains(": error: $.providers[0] (host).traits: "), strict.out);
    QVERIFY2(!strict.out.contains(": valid"), strict.out);

    const QString validPath = m_dir.filePath(QStringLiteral("valid.json"));
    QCOMPARE(provtreeRun({QStringLiteral("validate"), QStringLiteral("--strict"), validPath}).exitCode, 0);
}

void tst_Cli::validateJsonListsProblems()
{
    const QString path = m_dir.filePath(QStringLiteral("shape.json"));
    const Run run = provtreeRun({QStringLiteral("validate"), QStringLiteral("--json"), path});
    QCOMPARE(run.exitCode, 1);
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, run.out);
    QVERIFY(json.isArray());
    QCOMPARE(json.array().size(), 1);
    const QJsonObject problem = json.array().first().toObject();
    QCOMPARE(problem.value(QLatin1String("file")).toString(), path);
    QCOMPARE(problem.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
    QCOMPARE(problem.value(QLatin1String("kind")).toString(), QStringLiteral("syntax"));
    QCOMPARE(problem.value(QLatin1String("location")).toString(), QStringLiteral("$.providers[0].name"));
    QCOMPARE(problem.value(QLatin1String("message")).toString(), QStringLiteral("must be a string, not a number"));
    QCOMPARE(problem.value(QLatin1String("provider")).toString(), QString::fromLatin1(kUuidA));
    QCOMPARE(problem.value(QLatin1String("line")).toInteger(), 1);
    QCOMPARE(problem.value(QLatin1String("column")).toInteger(), 115);

    // The name as the file has it, for programs; a syntax error has a line but no provider.
    const Run overcommitted = provtreeRun({QStringLiteral("validate"), QStringLiteral("--json"),
                                           m_dir.filePath(QStringLiteral("overcommitted.json"))});
    const QJsonObject warning = QJsonDocument::fromJson(overcommitted.out).array().first().toObject();
    QCOMPARE(warning.value(QLatin1String("provider_name")).toString(), QStringLiteral("cn-03_numa0"));
    QCOMPARE(warning.value(QLatin1String("line")).toInteger(), 3);
    QCOMPARE(warning.value(QLatin1String("column")).toInteger(), 15);
    const Run notJson = provtreeRun({QStringLiteral("validate"), QStringLiteral("--json"),
                                     m_dir.filePath(QStringLiteral("notjson.json"))});
    const QJsonObject syntax = QJsonDocument::fromJson(notJson.out).array().first().toObject();
    QCOMPARE(syntax.value(QLatin1String("location")).toString(), QStringLiteral("1:12"));
    QCOMPARE(syntax.value(QLatin1String("line")).toInteger(), 1);
    QCOMPARE(syntax.value(QLatin1String("column")).toInteger(), 12);
    QCOMPARE(syntax.value(QLatin1String("provider_name")).toString(), QString());
    // Unknown: null, not a made-up 0.
    const Run missing = provtreeRun({QStringLiteral("validate"), QStringLiteral("--json"),
                                     m_dir.filePath(QStringLiteral("missing.json"))});
    QVERIFY(QJsonDocument::fromJson(missing.out).array().first().toObject().value(QLatin1String("line")).isNull());

    const Run valid = provtreeRun({QStringLiteral("validate"), QStringLiteral("--json"),
                                   m_dir.filePath(QStringLiteral("valid.json"))});
    QCOMPARE(valid.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(valid.out).array(), QJsonArray());
}

void tst_Cli::validateSeveralFilesGivesTheWorstCode()
{
    const auto path = [&](const char *name) { return m_dir.filePath(QLatin1String(name)); };
    QCOMPARE(provtreeRun({QStringLiteral("validate"), path("valid.json"), path("warning.json")}).exitCode, 0);
    QCOMPARE(provtreeRun({QStringLiteral("validate"), path("valid.json"), path("invalid.json")}).exitCode, 1);
    const Run run = provtreeRun({QStringLiteral("validate"), path("missing.json"), path("invalid.json"),
                                 path("valid.json")});
    QCOMPARE(run.exitCode, 2);
    // Every file is reported, not only up to the first bad one.
    QVERIFY2(run.out.contains("missing.json: error: "), run.out);
    QVERIFY2(run.out.contains("invalid.json:4:42: error: "), run.out);
    QVERIFY2(run.out.contains("valid.json: valid, 2 providers, 0 warnings"), run.out);
}

void tst_Cli::validateQuotesHostileNamesOnce_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &[tag, name] : provtree::testing::hostileNames())
        QTest::newRow(tag) << name;
}

// A name used twice, in a file named after it: the text line shows it literally, never
// quoted twice (where, naming the record, and in the message, quoted), and neither the text
// nor the JSON output carries a character a terminal would act on.
void tst_Cli::validateQuotesHostileNamesOnce()
{
    using provtree::neutralised;
    using provtree::testing::unsafeCharacters;
    QFETCH(QString, name);
    const QByteArray jsonName = QJsonDocument(QJsonArray{name}).toJson(QJsonDocument::Compact).chopped(1).mid(1);
    const QString path = write(QStringLiteral("hostile ") + name + QStringLiteral(".json"),
                               snapshotDocument("{\"uuid\": \"" + kUuidA + "\", \"name\": " + jsonName + "},"
                                                "{\"uuid\": \"" + kUuidB + "\", \"name\": " + jsonName + "}"));
    const QString message = QStringLiteral("name ") + neutralised(name) + QStringLiteral(" is used by more than one provider");

    const Run text = provtreeRun({QStringLiteral("validate"), path});
    QCOMPARE(text.exitCode, 1);
    const QString line = QString::fromUtf8(text.out);
    const QString place = provtree::neutralisedIfNeeded(path) + QStringLiteral(":1:");
    QVERIFY2(line.startsWith(place), qPrintable(line));
    QCOMPARE(line.sliced(line.indexOf(QStringLiteral(": error: "), place.size())),
             QStringLiteral(": error: $.providers[1] (") + provtree::neutralisedIfNeeded(name)
                 + QStringLiteral(").name: ") + message + QLatin1Char('\n'));
    QCOMPARE(unsafeCharacters(QString::fromUtf8(text.out)), QString());

    const Run json = provtreeRun({QStringLiteral("validate"), QStringLiteral("--json"), path});
    QCOMPARE(json.exitCode, 1);
    QCOMPARE(unsafeCharacters(QString::fromUtf8(json.out)), QString());
    const QJsonArray problems = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(problems.size(), 1);
    const QJsonObject problem = problems.first().toObject();
    QCOMPARE(problem.value(QLatin1String("file")).toString(), path); // JSON escaping is exact
    QCOMPARE(problem.value(QLatin1String("message")).toString(), message);
}

void tst_Cli::statsText()
{
    const Run run = provtreeRun({QStringLiteral("stats"), m_dir.filePath(QStringLiteral("valid.json"))});
    QCOMPARE(run.exitCode, 0);
    // VCPU: capacity (16 - 2) * 2.0 = 28, 10 used, 18 free. MEMORY_MB: defaults, 1024 free.
    QCOMPARE(run.out, QByteArray("providers: 2\n"
                                 "roots: 1\n"
                                 "max depth: 2\n"
                                 "\n"
                                 "resource class  total  reserved  capacity  used  free\n"
                                 "MEMORY_MB        1024         0      1024     0  1024\n"
                                 "VCPU               16         2        28    10    18\n"));
}

void tst_Cli::statsJson()
{
    const Run run = provtreeRun({QStringLiteral("stats"), QStringLiteral("--json"),
                                 m_dir.filePath(QStringLiteral("valid.json"))});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject stats = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(stats.value(QLatin1String("providers")).toInteger(), 2);
    QCOMPARE(stats.value(QLatin1String("roots")).toInteger(), 1);
    QCOMPARE(stats.value(QLatin1String("max_depth")).toInteger(), 2);
    const QJsonObject vcpu = stats.value(QLatin1String("resource_classes")).toObject().value(QLatin1String("VCPU")).toObject();
    QCOMPARE(vcpu, (QJsonObject{{QStringLiteral("total"), 16}, {QStringLiteral("reserved"), 2},
                                {QStringLiteral("capacity"), 28}, {QStringLiteral("used"), 10},
                                {QStringLiteral("free"), 18}}));
    QCOMPARE(stats.value(QLatin1String("resource_classes")).toObject().keys(),
             (QStringList{QStringLiteral("MEMORY_MB"), QStringLiteral("VCPU")}));
}

void tst_Cli::statsOfAnInvalidFileFails()
{
    const Run invalid = provtreeRun({QStringLiteral("stats"), m_dir.filePath(QStringLiteral("invalid.json"))});
    QCOMPARE(invalid.exitCode, 1);
    QCOMPARE(invalid.out, QByteArray());
    QVERIFY2(invalid.err.contains(":4:42: error: $.providers[1] (y).inventories.VCPU.reserved"), invalid.err);

    const Run missing = provtreeRun({QStringLiteral("stats"), m_dir.filePath(QStringLiteral("missing.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("cannot read"));
}

void tst_Cli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no command") << QStringList();
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
    QTest::newRow("unknown global option") << QStringList{QStringLiteral("--frobnicate")};
    QTest::newRow("unknown command option") << QStringList{QStringLiteral("validate"), QStringLiteral("--frobnicate"), QStringLiteral("x.json")};
    QTest::newRow("validate without files") << QStringList{QStringLiteral("validate")};
    QTest::newRow("stats without a file") << QStringList{QStringLiteral("stats")};
    QTest::newRow("stats with two files") << QStringList{QStringLiteral("stats"), QStringLiteral("a"), QStringLiteral("b")};
}

void tst_Cli::usageErrors()
{
    QFETCH(QStringList, arguments);
    const Run run = provtreeRun(arguments);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.out, QByteArray());
    QVERIFY(!run.err.isEmpty());
}

void tst_Cli::helpAndVersion()
{
    const Run version = provtreeRun({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out, QByteArray("provtree " PROVTREE_VERSION "\n"
                                     "Placement API: microversion 1.39 (Placement 8), or the newest the server "
                                     "offers from 1.14 on\n"));

    const Run help = provtreeRun({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.startsWith("Usage: provtree"), help.out);
    QVERIFY(help.out.contains("\n  validate  "));
    QVERIFY(help.out.contains("\n  stats     "));

    const Run validateHelp = provtreeRun({QStringLiteral("validate"), QStringLiteral("--help")});
    QCOMPARE(validateHelp.exitCode, 0);
    QVERIFY2(validateHelp.out.startsWith("Usage: provtree validate [options] FILE..."), validateHelp.out);
    QVERIFY(validateHelp.out.contains("--strict"));
    QVERIFY(validateHelp.out.contains("--json"));
}

// pull's options are known to provtree-cloud alone: its help comes from there.
void tst_Cli::placementCommandsRunInTheCloudExecutable()
{
    const Run pullHelp = provtreeRun({QStringLiteral("pull"), QStringLiteral("--help")});
    QCOMPARE(pullHelp.exitCode, 0);
    QVERIFY2(pullHelp.out.startsWith("Usage: provtree pull [options]"), pullHelp.out);
    QVERIFY(pullHelp.out.contains("--os-cloud"));
    QVERIFY(pullHelp.out.contains("--db"));

    const Run help = provtreeRun({QStringLiteral("--help")});
    QVERIFY(help.out.contains("\n  pull        Reads provider trees from a live Placement"));
    QVERIFY(help.out.contains("\n  push        Sends a patch to a live Placement"));
}

// provtree copied where no provtree-cloud is: the file commands run; pull, push and
// candidates --live say what is missing (exit 2).
void tst_Cli::withoutTheCloudExecutableFileCommandsStillRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString alone = dir.filePath(QStringLiteral("provtree"));
    QVERIFY(QFile::copy(QStringLiteral(PROVTREE_CLI), alone));
    const QString snapshot = dir.filePath(QStringLiteral("valid.json"));
    QVERIFY(provtree::testing::writeFile(snapshot, kValid));
    const auto run = [&](const QStringList &arguments) {
        QProcess process;
        process.setStandardInputFile(QProcess::nullDevice());
        process.start(alone, arguments);
        Run result;
        if (process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit)
            result.exitCode = process.exitCode();
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    };

    const Run validate = run({QStringLiteral("validate"), snapshot});
    QCOMPARE(validate.exitCode, 0);
    QVERIFY2(validate.out.endsWith(": valid, 2 providers, 0 warnings\n"), validate.out);

    const QStringList placementRuns[] = {
        {QStringLiteral("pull"), QStringLiteral("-o"), dir.filePath(QStringLiteral("pulled.json"))},
        {QStringLiteral("push"), QStringLiteral("--help")},
        {QStringLiteral("candidates"), QStringLiteral("--live"), QStringLiteral("resources=VCPU:1")},
    };
    for (const QStringList &arguments : placementRuns) {
        const Run refused = run(arguments);
        QCOMPARE(refused.exitCode, 2);
        QCOMPARE(refused.out, QByteArray());
        QVERIFY2(refused.err.startsWith("provtree: cannot run "), refused.err);
        QVERIFY2(refused.err.contains("provtree-cloud"), refused.err);
    }
    // Without --live, candidates is provtree's own.
    const Run candidates = run({QStringLiteral("candidates"), snapshot, QStringLiteral("resources=VCPU:1")});
    QCOMPARE(candidates.exitCode, 0);
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
