// `provtree candidates`, run as a user runs it: the request in either form, the text per
// candidate tree and the trees that are not candidates grouped by obstacle, --json in
// Placement's shape with "rejected", the exit codes (0 a candidate, 1 none, 2 a refused
// request or file), warnings, and names that could forge output.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "support/clirun.h"
#include "support/hostiletext.h"
#include "support/testfiles.h"

namespace {

using Run = provtree::testing::CliRun;
using provtree::testing::provtreeRun;
using provtree::testing::snapshotDocument;

const QByteArray kHostA = "aaaaaaaa-0000-4000-8000-000000000001";
const QByteArray kHostB = "bbbbbbbb-0000-4000-8000-000000000002";
const QByteArray kNic = "cccccccc-0000-4000-8000-000000000003";
const QByteArray kPool = "dddddddd-0000-4000-8000-000000000004";
const QByteArray kAggregate = "eeeeeeee-0000-4000-8000-000000000005";

// cn-a (VCPU 16, MEMORY_MB 8192, AVX2) with a NIC child (SRIOV_NET_VF, CUSTOM_PHYSNET_A);
// cn-b, whose 4 VCPU are all used; pool, a sharing DISK_GB provider in cn-a's aggregate.
QByteArray cloud(const QByteArray &hostAName = "cn-a")
{
    return snapshotDocument(
        "{\"uuid\": \"" + kHostA + "\", \"name\": \"" + hostAName + "\", \"traits\": [\"HW_CPU_X86_AVX2\"], "
        "\"aggregates\": [\"" + kAggregate + "\"], "
        "\"inventories\": {\"VCPU\": {\"total\": 16}, \"MEMORY_MB\": {\"total\": 8192}}},"
        "{\"uuid\": \"" + kNic + "\", \"name\": \"pf\", \"parent_provider_uuid\": \"" + kHostA + "\", "
        "\"traits\": [\"CUSTOM_PHYSNET_A\"], \"inventories\": {\"SRIOV_NET_VF\": {\"total\": 4}}},"
        "{\"uuid\": \"" + kHostB + "\", \"name\": \"cn-b\", "
        "\"inventories\": {\"VCPU\": {\"total\": 4}, \"MEMORY_MB\": {\"total\": 8192}}, \"usages\": {\"VCPU\": 4}},"
        "{\"uuid\": \"" + kPool + "\", \"name\": \"pool\", \"traits\": [\"MISC_SHARES_VIA_AGGREGATE\"], "
        "\"aggregates\": [\"" + kAggregate + "\"], \"inventories\": {\"DISK_GB\": {\"total\": 1000}}}");
}

} // namespace

class tst_CliCandidates : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void text_data();
    void text();
    void bothFormsGiveTheSameAnswer_data();
    void bothFormsGiveTheSameAnswer();
    void jsonIsPlacementsShape();
    void jsonWithoutCandidates();
    void manyRejectedTreesAreCut();
    void treesInNaturalOrderInTheCLocale();
    void refusedRequests_data();
    void refusedRequests();
    void badFilesAndUsage_data();
    void badFilesAndUsage();
    void warningsGoToStderr_data();
    void warningsGoToStderr();
    void hostileNamesCannotForgeLines_data();
    void hostileNamesCannotForgeLines();
    void helpNamesTheCommand();

private:
    QString file(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        if (!provtree::testing::writeFile(path, content))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    // Twelve compute nodes cn-1 ... cn-12 with one VCPU each, in uuid order.
    QString twelveTrees()
    {
        QByteArray providers;
        for (int i = 1; i <= 12; ++i) {
            providers += QStringLiteral("%1{\"uuid\": \"00000000-0000-4000-8000-%2\", \"name\": \"cn-%3\", "
                                        "\"inventories\": {\"VCPU\": {\"total\": 1}}}")
                             .arg(i == 1 ? QString() : QStringLiteral(","),
                                  QString::number(i).rightJustified(12, QLatin1Char('0')), QString::number(i))
                             .toUtf8();
        }
        return file(QStringLiteral("twelve.json"), snapshotDocument(providers));
    }

    QTemporaryDir m_dir;
    QString m_cloud;
};

void tst_CliCandidates::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_cloud = file(QStringLiteral("cloud.json"), cloud());
}

void tst_CliCandidates::text_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");

    const QString a = QString::fromLatin1(kHostA);
    const QString b = QString::fromLatin1(kHostB);
    const QString pool = QString::fromLatin1(kPool);
    // The trees that are not candidates follow, grouped by their first obstacle; the pool
    // is a tree of its own too, counted apart.
    const QString cnBUsed = QStringLiteral("    cn-b (%1): cn-b: VCPU capacity 4, used 4, asked %2\n");
    const QString poolLacks = QStringLiteral("  1 sharing provider: no %2\n"
                                             "    pool (%1): pool: no %2 in the tree or from a sharing provider\n");
    QTest::newRow("one tree, one provider")
        << "resources=VCPU:2,MEMORY_MB:1024" << 0
        << QStringLiteral("request: resources=MEMORY_MB:1024,VCPU:2\n1 allocation request in 1 tree\n\n"
                          "cn-a (%1): 1 allocation request\n  1. cn-a: MEMORY_MB 1024, VCPU 2\n\n"
                          "2 trees are not candidates (1 fit):\n  1 tree: not enough VCPU\n")
                   .arg(a)
               + cnBUsed.arg(b, QStringLiteral("2")) + poolLacks.arg(pool, QStringLiteral("MEMORY_MB"));
    QTest::newRow("a sharing provider")
        << "resources=VCPU:1,DISK_GB:10" << 0
        << QStringLiteral("request: resources=DISK_GB:10,VCPU:1\n1 allocation request in 1 tree\n\n"
                          "cn-a (%1): 1 allocation request\n  1. cn-a: VCPU 1; pool (sharing): DISK_GB 10\n\n"
                          "2 trees are not candidates (1 fit):\n  1 tree: no DISK_GB\n"
                          "    cn-b (%2): cn-b: no DISK_GB in the tree or from a sharing provider\n")
                   .arg(a, b)
               + poolLacks.arg(pool, QStringLiteral("VCPU"));
    QTest::newRow("granular groups")
        << "resources=VCPU:1&resources_NET=SRIOV_NET_VF:1&required_NET=CUSTOM_PHYSNET_A" << 0
        << QStringLiteral("request: resources=VCPU:1&resources_NET=SRIOV_NET_VF:1&required_NET=CUSTOM_PHYSNET_A\n"
                          "1 allocation request in 1 tree\n\n"
                          "cn-a (%1): 1 allocation request\n"
                          "  1. cn-a (resources): VCPU 1; pf (resources_NET): SRIOV_NET_VF 1\n\n"
                          "2 trees are not candidates (1 fit):\n  1 tree: not enough VCPU\n")
                   .arg(a)
               + cnBUsed.arg(b, QStringLiteral("1")) + poolLacks.arg(pool, QStringLiteral("VCPU"));
    QTest::newRow("two trees")
        << "resources=MEMORY_MB:1024" << 0
        << QStringLiteral("request: resources=MEMORY_MB:1024\n2 allocation requests in 2 trees\n\n"
                          "cn-a (%1): 1 allocation request\n  1. cn-a: MEMORY_MB 1024\n\n"
                          "cn-b (%2): 1 allocation request\n  1. cn-b: MEMORY_MB 1024\n\n"
                          "1 tree is not a candidate (2 fit):\n")
                   .arg(a, b)
               + poolLacks.arg(pool, QStringLiteral("MEMORY_MB"));
    QTest::newRow("none: cn-b's VCPU are used")
        << "resources=VCPU:17" << 1
        << QStringLiteral("request: resources=VCPU:17\nno allocation candidates\n\n3 trees are not candidates:\n"
                          "  2 trees: not enough VCPU\n    cn-a (%1): cn-a: VCPU capacity 16, used 0, asked 17\n")
                   .arg(a)
               + cnBUsed.arg(b, QStringLiteral("17")) + poolLacks.arg(pool, QStringLiteral("VCPU"));
    QTest::newRow("none: a forbidden trait")
        << "resources=VCPU:1&required=!HW_CPU_X86_AVX2" << 1
        << QStringLiteral("request: resources=VCPU:1&required=!HW_CPU_X86_AVX2\nno allocation candidates\n\n"
                          "3 trees are not candidates:\n  1 tree: forbidden HW_CPU_X86_AVX2\n"
                          "    cn-a (%1): cn-a: has forbidden HW_CPU_X86_AVX2, as every provider that can give VCPU "
                          "has a forbidden trait\n  1 tree: not enough VCPU\n")
                   .arg(a)
               + cnBUsed.arg(b, QStringLiteral("1")) + poolLacks.arg(pool, QStringLiteral("VCPU"));
}

void tst_CliCandidates::text()
{
    QFETCH(QString, request);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    const Run run = provtreeRun({QStringLiteral("candidates"), m_cloud, request});
    QCOMPARE(QString::fromUtf8(run.err), QString());
    QCOMPARE(QString::fromUtf8(run.out), out);
    QCOMPARE(run.exitCode, exitCode);
}

void tst_CliCandidates::bothFormsGiveTheSameAnswer_data()
{
    QTest::addColumn<QStringList>("requests");

    QTest::newRow("resources and a trait")
        << QStringList{QStringLiteral("resources=VCPU:2,MEMORY_MB:1024&required=HW_CPU_X86_AVX2"),
                       QStringLiteral("?resources=VCPU%3A2%2CMEMORY_MB%3A1024&required=HW_CPU_X86_AVX2"),
                       QStringLiteral("http://ctl/placement/allocation_candidates?resources=MEMORY_MB:1024,VCPU:2"
                                      "&required=HW_CPU_X86_AVX2"),
                       QStringLiteral("VCPU=2,MEMORY_MB=1024 required=HW_CPU_X86_AVX2"),
                       QStringLiteral("resources:VCPU=2 resources:MEMORY_MB=1024 trait:HW_CPU_X86_AVX2=required"),
                       QStringLiteral("VCPU=2")}; // differs: the control
    QTest::newRow("granular")
        << QStringList{QStringLiteral("resources=VCPU:1&resources1=SRIOV_NET_VF:1&required1=CUSTOM_PHYSNET_A"),
                       QStringLiteral("VCPU=1 resources1:SRIOV_NET_VF=1 trait1:CUSTOM_PHYSNET_A=required"),
                       QStringLiteral("resources:VCPU='1', resources1:SRIOV_NET_VF='1', "
                                      "trait1:CUSTOM_PHYSNET_A='required'"),
                       QStringLiteral("VCPU=1 resources1:SRIOV_NET_VF=1")};
}

// Every form of one request prints the same; the last request of each row differs (so the
// comparison can fail).
void tst_CliCandidates::bothFormsGiveTheSameAnswer()
{
    QFETCH(QStringList, requests);
    const Run first = provtreeRun({QStringLiteral("candidates"), m_cloud, requests.first()});
    QCOMPARE(first.exitCode, 0);
    for (qsizetype i = 1; i < requests.size(); ++i) {
        const Run run = provtreeRun({QStringLiteral("candidates"), m_cloud, requests[i]});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QString::fromUtf8(run.err), QString());
        if (i + 1 < requests.size())
            QCOMPARE(QString::fromUtf8(run.out), QString::fromUtf8(first.out));
        else
            QVERIFY(run.out != first.out);
    }
}

void tst_CliCandidates::jsonIsPlacementsShape()
{
    const Run run = provtreeRun({QStringLiteral("candidates"), QStringLiteral("--json"), m_cloud,
                                 QStringLiteral("VCPU=1 resources_NET:SRIOV_NET_VF=1")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.err, QByteArray());
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(run.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json.keys(), (QStringList{QStringLiteral("allocation_requests"), QStringLiteral("provider_summaries"),
                                       QStringLiteral("rejected"), QStringLiteral("rejected_groups")}));
    const QString a = QString::fromLatin1(kHostA);
    const QString nic = QString::fromLatin1(kNic);
    const QJsonObject expected{
        {QStringLiteral("allocations"),
         QJsonObject{{a, QJsonObject{{QStringLiteral("resources"), QJsonObject{{QStringLiteral("VCPU"), 1}}}}},
                     {nic, QJsonObject{{QStringLiteral("resources"), QJsonObject{{QStringLiteral("SRIOV_NET_VF"), 1}}}}}}},
        {QStringLiteral("mappings"), QJsonObject{{QString(), QJsonArray{a}}, {QStringLiteral("_NET"), QJsonArray{nic}}}}};
    QCOMPARE(json.value(QStringLiteral("allocation_requests")).toArray(), QJsonArray{expected});
    // The summaries of cn-a's tree: both its providers with their classes, traits, parent, root.
    const QJsonObject summaries = json.value(QStringLiteral("provider_summaries")).toObject();
    QCOMPARE(summaries.keys(), (QStringList{a, nic}));
    const QJsonObject nicSummary = summaries.value(nic).toObject();
    QCOMPARE(nicSummary.value(QStringLiteral("parent_provider_uuid")).toString(), a);
    QCOMPARE(nicSummary.value(QStringLiteral("root_provider_uuid")).toString(), a);
    QCOMPARE(nicSummary.value(QStringLiteral("traits")).toArray(), QJsonArray{QStringLiteral("CUSTOM_PHYSNET_A")});
    QCOMPARE(nicSummary.value(QStringLiteral("resources")).toObject().value(QStringLiteral("SRIOV_NET_VF")).toObject(),
             (QJsonObject{{QStringLiteral("capacity"), 4}, {QStringLiteral("used"), 0}}));
}

// Every tree that is not a candidate, in uuid order, with its first obstacle: the code,
// the text, and the fields behind it; then the counts per obstacle.
void tst_CliCandidates::jsonWithoutCandidates()
{
    const Run run = provtreeRun({QStringLiteral("candidates"), m_cloud, QStringLiteral("resources=VCPU:17"),
                                 QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 1);
    const QString a = QString::fromLatin1(kHostA);
    const QString b = QString::fromLatin1(kHostB);
    const QString pool = QString::fromLatin1(kPool);
    const auto capacity = [](const QString &root, qint64 total, qint64 used, const char *name) {
        return QJsonObject{{QStringLiteral("root"), root},
                           {QStringLiteral("provider"), root},
                           {QStringLiteral("code"), QStringLiteral("capacity")},
                           {QStringLiteral("reason"), QStringLiteral("%1: VCPU capacity %2, used %3, asked 17")
                                                          .arg(QString::fromLatin1(name), QString::number(total),
                                                               QString::number(used))},
                           {QStringLiteral("group"), QString()},
                           {QStringLiteral("resource_class"), QStringLiteral("VCPU")},
                           {QStringLiteral("capacity"), total},
                           {QStringLiteral("used"), used},
                           {QStringLiteral("asked"), 17},
                           {QStringLiteral("sharing_root"), false},
                           {QStringLiteral("via_sharing"), false}};
    };
    const QJsonObject poolLacksVcpu{
        {QStringLiteral("root"), pool},
        {QStringLiteral("provider"), pool},
        {QStringLiteral("code"), QStringLiteral("no-inventory")},
        {QStringLiteral("reason"), QStringLiteral("pool: no VCPU in the tree or from a sharing provider")},
        {QStringLiteral("group"), QString()},
        {QStringLiteral("resource_class"), QStringLiteral("VCPU")},
        {QStringLiteral("sharing_root"), true},
        {QStringLiteral("via_sharing"), false}};
    const QJsonArray groups{
        QJsonObject{{QStringLiteral("reason"), QStringLiteral("not enough VCPU")},
                    {QStringLiteral("code"), QStringLiteral("capacity")},
                    {QStringLiteral("trees"), 2},
                    {QStringLiteral("sharing_providers"), false}},
        QJsonObject{{QStringLiteral("reason"), QStringLiteral("no VCPU")},
                    {QStringLiteral("code"), QStringLiteral("no-inventory")},
                    {QStringLiteral("trees"), 1},
                    {QStringLiteral("sharing_providers"), true}}};
    QCOMPARE(QJsonDocument::fromJson(run.out).object(),
             (QJsonObject{{QStringLiteral("allocation_requests"), QJsonArray()},
                          {QStringLiteral("provider_summaries"), QJsonObject()},
                          {QStringLiteral("rejected"),
                           QJsonArray{capacity(a, 16, 0, "cn-a"), capacity(b, 4, 4, "cn-b"), poolLacksVcpu}},
                          {QStringLiteral("rejected_groups"), groups}}));
}

// A group of many trees shows its first ten by name in the text; --json lists them all.
void tst_CliCandidates::manyRejectedTreesAreCut()
{
    const QString path = twelveTrees();
    const Run run = provtreeRun({QStringLiteral("candidates"), path, QStringLiteral("resources=VCPU:2")});
    QCOMPARE(run.exitCode, 1);
    const QStringList lines = QString::fromUtf8(run.out).split(QLatin1Char('\n'));
    QCOMPARE(lines.mid(3, 2), (QStringList{QStringLiteral("12 trees are not candidates:"),
                                           QStringLiteral("  12 trees: not enough VCPU")}));
    // In natural order: cn-1, cn-2, ... cn-10; cn-11 and cn-12 left for --json.
    QCOMPARE(lines.at(5), QStringLiteral("    cn-1 (00000000-0000-4000-8000-000000000001): cn-1: VCPU capacity 1, "
                                         "used 0, asked 2"));
    QVERIFY(lines.at(14).startsWith(QStringLiteral("    cn-10 (")));
    QCOMPARE(lines.at(15), QStringLiteral("    ... and 2 more (--json lists every tree)"));
    QCOMPARE(lines.size(), 17); // the last line ends with a newline
    const Run json = provtreeRun({QStringLiteral("candidates"), QStringLiteral("--json"), path,
                                  QStringLiteral("resources=VCPU:2")});
    QCOMPARE(QJsonDocument::fromJson(json.out).object().value(QStringLiteral("rejected")).toArray().size(), 12);
}

// Scripts and CI run in the C locale, where QCollator's numeric mode compares code points
// (cn-10 before cn-2); the candidates are listed in natural order there too.
void tst_CliCandidates::treesInNaturalOrderInTheCLocale()
{
    const QString path = twelveTrees();
    const QByteArray locale = qgetenv("LC_ALL");
    qputenv("LC_ALL", "C");
    const Run run = provtreeRun({QStringLiteral("candidates"), path, QStringLiteral("resources=VCPU:1")});
    if (locale.isNull())
        qunsetenv("LC_ALL");
    else
        qputenv("LC_ALL", locale);
    QCOMPARE(run.exitCode, 0);
    QStringList trees;
    for (const QString &line : QString::fromUtf8(run.out).split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("cn-")))
            trees.append(line.section(QLatin1Char(' '), 0, 0));
    }
    QStringList expected;
    for (int i = 1; i <= 12; ++i)
        expected.append(QStringLiteral("cn-%1").arg(i));
    QCOMPARE(trees, expected);
}

void tst_CliCandidates::refusedRequests_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("err");

    QTest::newRow("query: amount 0")
        << "resources=VCPU:0"
        << "provtree candidates: the request (read as a query) is refused: resources: Requested resource \"VCPU\" "
           "requires amount >= 1. Got: 0.\n";
    QTest::newRow("query: two groups without policy")
        << "resources1=VCPU:1&resources2=VCPU:1"
        << "provtree candidates: the request (read as a query) is refused: group_policy: The \"group_policy\" "
           "parameter is required when specifying more than one \"resources{N}\" parameter.\n";
    QTest::newRow("URL: unknown parameter")
        << "http://ctl/allocation_candidates?resources=VCPU:1&limt=5"
        << "provtree candidates: the request (read as a query) is refused: limt: Invalid query string parameters: "
           "\"limt\" does not match any of the regexes: '^in_tree([a-zA-Z0-9_-]{1,64})?$', "
           "'^member_of([a-zA-Z0-9_-]{1,64})?$', '^required([a-zA-Z0-9_-]{1,64})?$', "
           "'^resources([a-zA-Z0-9_-]{1,64})?$' (the other parameters are limit, group_policy, root_required and "
           "same_subtree)\n";
    QTest::newRow("flavor: only zeros")
        << "VCPU=0"
        << "provtree candidates: the request (read as a flavor) is refused: resources: There must be at least one "
           "resources or resources[$S] parameter.\n";
    QTest::newRow("flavor: trait value")
        << "VCPU=1 trait:CUSTOM_X=yes"
        << "provtree candidates: the request (read as a flavor) is refused: trait:CUSTOM_X: \"trait:CUSTOM_X\" must "
           "be required or forbidden, not \"yes\"\n";
    QTest::newRow("flavor: extra spec first")
        << "resources:VCPU=-1"
        << "provtree candidates: the request (read as a flavor) is refused: resources:VCPU: Requested resource "
           "\"VCPU\" requires amount >= 1. Got: -1.\n";
    QTest::newRow("flavor: a lower-case class")
        << "VCPU=1,memory_mb=1"
        << "provtree candidates: the request (read as a flavor) is refused: resources: Invalid resource class in "
           "resources parameter: No such resource class \"memory_mb\" (a resource class is a standard name or "
           "CUSTOM_ followed by A-Z, 0-9 and _, at most 255 characters).\n";
}

// A refused request: its reason on stderr, nothing on stdout, exit 2, and the file is not
// even read (the path does not exist).
void tst_CliCandidates::refusedRequests()
{
    QFETCH(QString, request);
    QFETCH(QString, err);
    for (const QString &path : {m_cloud, m_dir.filePath(QStringLiteral("missing.json"))}) {
        const Run run = provtreeRun({QStringLiteral("candidates"), path, request});
        QCOMPARE(QString::fromUtf8(run.err), err);
        QCOMPARE(run.out, QByteArray());
        QCOMPARE(run.exitCode, 2);
    }
}

void tst_CliCandidates::badFilesAndUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("err");

    QTest::newRow("missing file") << QStringList{QStringLiteral("missing.json"), QStringLiteral("resources=VCPU:1")}
                                  << "cannot read";
    QTest::newRow("not JSON") << QStringList{QStringLiteral("garbage.json"), QStringLiteral("resources=VCPU:1")}
                              << "garbage.json:1:2: error: JSON syntax error";
    QTest::newRow("breaks Placement's rules")
        << QStringList{QStringLiteral("invalid.json"), QStringLiteral("resources=VCPU:1")}
        << "reserved (17) must not exceed total (16)";
    QTest::newRow("no request") << QStringList{QStringLiteral("cloud.json")} << "give a SNAPSHOT and a REQUEST";
    QTest::newRow("three arguments") << QStringList{QStringLiteral("cloud.json"), QStringLiteral("a=1"),
                                                    QStringLiteral("b=2")}
                                     << "give a SNAPSHOT and a REQUEST";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--tree"), QStringLiteral("x"),
                                                   QStringLiteral("cloud.json"), QStringLiteral("resources=VCPU:1")}
                                    << "Unknown option";
}

// Exit 2, not 1: 1 means "no candidate" for this command.
void tst_CliCandidates::badFilesAndUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, err);
    file(QStringLiteral("garbage.json"), "{not json");
    file(QStringLiteral("invalid.json"),
         snapshotDocument("{\"uuid\": \"" + kHostA + "\", \"name\": \"x\", "
                          "\"inventories\": {\"VCPU\": {\"total\": 16, \"reserved\": 17}}}"));
    QStringList withPaths;
    for (const QString &argument : arguments)
        withPaths.append(argument.endsWith(QLatin1String(".json")) ? m_dir.filePath(argument) : argument);
    const Run run = provtreeRun(QStringList{QStringLiteral("candidates")} + withPaths);
    QVERIFY2(QString::fromUtf8(run.err).contains(err), run.err.constData());
    QCOMPARE(run.out, QByteArray());
    QCOMPARE(run.exitCode, 2);
}

void tst_CliCandidates::warningsGoToStderr_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err");

    QTest::newRow("a custom trait no provider has")
        << "resources=VCPU:1&required=CUSTOM_NOWHERE" << 1
        << "provtree candidates: warning: no provider in the snapshot has the trait CUSTOM_NOWHERE: Placement "
           "refuses the request if the trait does not exist\n";
    QTest::newRow("a custom class no provider has")
        << "resources=CUSTOM_NOWHERE:1" << 1
        << "provtree candidates: warning: no provider in the snapshot has an inventory of CUSTOM_NOWHERE: "
           "Placement refuses the request if the class does not exist\n";
    QTest::newRow("a forbidden custom trait no provider has: still a candidate")
        << "resources=VCPU:1&required=!CUSTOM_NOWHERE" << 0
        << "provtree candidates: warning: no provider in the snapshot has the trait CUSTOM_NOWHERE: Placement "
           "refuses the request if the trait does not exist\n";
    QTest::newRow("limit twice")
        << "resources=VCPU:1&limit=1&limit=2" << 0
        << "provtree candidates: warning: limit: limit is given 2 times: Placement checks the last and uses the "
           "first\n";
    QTest::newRow("where Placement 8 answers otherwise")
        << "resources=VCPU:1&resources1=VCPU:1" << 0
        << "provtree candidates: note: Placement 8 itself shows inflated amounts for this request and may drop "
           "some of these candidates (two groups take one class from one provider, and group_policy is not none)\n";
    QTest::newRow("an ignored extra spec")
        << "VCPU=1 hw:cpu_policy=dedicated" << 0
        << "provtree candidates: warning: hw:cpu_policy: \"hw:cpu_policy\" is ignored: only resources[S]:CLASS and "
           "trait[S]:TRAIT extra specs are Placement requests (nova derives some resources and traits from other "
           "specs itself)\n";
}

void tst_CliCandidates::warningsGoToStderr()
{
    QFETCH(QString, request);
    QFETCH(int, exitCode);
    QFETCH(QString, err);
    const Run run = provtreeRun({QStringLiteral("candidates"), m_cloud, request});
    QCOMPARE(QString::fromUtf8(run.err), err);
    QCOMPARE(run.exitCode, exitCode);
}

void tst_CliCandidates::hostileNamesCannotForgeLines_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &[label, text] : provtree::testing::hostileNames())
        QTest::newRow(label) << text;
}

// A provider name that could fake or hide a line is shown quoted and escaped, once; the
// output keeps its line count.
void tst_CliCandidates::hostileNamesCannotForgeLines()
{
    QFETCH(QString, name);
    QByteArray escaped = QJsonDocument(QJsonArray{name}).toJson(QJsonDocument::Compact);
    escaped = escaped.mid(2, escaped.size() - 4); // the JSON string's content, as the file has it
    const QString path = file(QStringLiteral("hostile.json"), cloud(escaped));
    const Run run = provtreeRun({QStringLiteral("candidates"), path, QStringLiteral("resources=VCPU:2")});
    QCOMPARE(run.exitCode, 0);
    const QString out = QString::fromUtf8(run.out);
    QCOMPARE(provtree::testing::unsafeCharacters(out), QString());
    QCOMPARE(out.count(QLatin1Char('\n')), 11);
    QCOMPARE(out.count(provtree::neutralisedIfNeeded(name)), 2); // the tree and its provider
    // A tree that is not a candidate: its name, and the provider's in the reason.
    const Run rejected = provtreeRun({QStringLiteral("candidates"), path, QStringLiteral("resources=VCPU:17")});
    const QString lines = QString::fromUtf8(rejected.out);
    QCOMPARE(provtree::testing::unsafeCharacters(lines), QString());
    QCOMPARE(lines.count(QLatin1Char('\n')), 9);
    QCOMPARE(lines.count(provtree::neutralisedIfNeeded(name)), 2);
}

void tst_CliCandidates::helpNamesTheCommand()
{
    const Run help = provtreeRun({QStringLiteral("--help")});
    QVERIFY(help.out.contains("candidates"));
    const Run own = provtreeRun({QStringLiteral("candidates"), QStringLiteral("--help")});
    QCOMPARE(own.exitCode, 0);
    QVERIFY(own.out.contains("--json"));
    QVERIFY(own.out.contains("REQUEST"));
}

QTEST_GUILESS_MAIN(tst_CliCandidates)
#include "tst_cli_candidates.moc"
