// Problems, Status/Result, and the one neutralising helper for quoted user text.
#include "neutralise.h"
#include "problem.h"

#include <QTest>

#include <cstring>

using namespace provtree;

class TestProblem : public QObject
{
    Q_OBJECT

private slots:
    void neutralisedQuotesAndEscapes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("cn-01") << QStringLiteral("\"cn-01\"");
        QTest::newRow("newline forges no log line")
            << QStringLiteral("x\nERROR fake") << QStringLiteral("\"x\\nERROR fake\"");
        QTest::newRow("carriage return and tab") << QStringLiteral("a\rb\tc") << QStringLiteral("\"a\\rb\\tc\"");
        QTest::newRow("escape sequence") << QStringLiteral("\x1b[31mred") << QStringLiteral("\"\\x1b[31mred\"");
        QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c") << QStringLiteral("\"a\\\"b\\\\c\"");
        QTest::newRow("bidi override") << QString(QChar(0x202e)) + QStringLiteral("abc")
                                       << QStringLiteral("\"\\u202eabc\"");
        QTest::newRow("line separator") << QString(QChar(0x2028)) << QStringLiteral("\"\\u2028\"");
        QTest::newRow("C1 control") << QString(QChar(0x85)) << QStringLiteral("\"\\x85\"");
        QTest::newRow("non-ASCII kept") << QStringLiteral("nœud-été") << QStringLiteral("\"nœud-été\"");
        // Outside the BMP: a pair is one character, kept or escaped whole.
        QTest::newRow("emoji kept") << QString::fromUtf8("cn-\xF0\x9F\x94\xA5") << QString::fromUtf8("\"cn-\xF0\x9F\x94\xA5\"");
        QTest::newRow("invisible tag character") << QStringLiteral("a") + QString::fromUcs4(U"\U000E0041")
                                                 << QStringLiteral("\"a\\U000e0041\"");
        QTest::newRow("lone surrogate") << QString(QChar(0xd800)) + QStringLiteral("x")
                                        << QStringLiteral("\"\\ud800x\"");
        QTest::newRow("placeholders are text") << QStringLiteral("%1 %L2") << QStringLiteral("\"%1 %L2\"");
    }
    void neutralisedQuotesAndEscapes()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(neutralised(input), expected);
    }
    void neutralisedCapsLength()
    {
        const QString longText(1000, QLatin1Char('a'));
        const QString out = neutralised(longText, 10);
        QCOMPARE(out, QStringLiteral("\"aaaaaaaaaa...\""));
        QCOMPARE(neutralised(QString(10, QLatin1Char('a')), 10), QStringLiteral("\"aaaaaaaaaa\""));
        // The cut never splits a surrogate pair.
        const QString emoji = QString::fromUtf8("\xF0\x9F\x94\xA5");
        QCOMPARE(neutralised(QString(emoji + emoji), 1), QStringLiteral("\"") + emoji + QStringLiteral("...\""));
    }
    void neutralisedIfNeededQuotesOnlyWhatCouldForge_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const QString uuid = QStringLiteral("4a3e8f1f-bc66-5c25-9252-05a80cbb5c1b");
        QTest::newRow("uuid") << uuid << uuid;
        QTest::newRow("field path") << QStringLiteral("inventories.VCPU.reserved") << QStringLiteral("inventories.VCPU.reserved");
        QTest::newRow("JSON location with a quoted key")
            << QStringLiteral("$.providers[0].inventories[\"a b\"]") << QStringLiteral("$.providers[0].inventories[\"a b\"]");
        QTest::newRow("path with a backslash") << QStringLiteral("C:\\x.json") << QStringLiteral("C:\\x.json");
        QTest::newRow("placeholders") << QStringLiteral("%1%2") << QStringLiteral("%1%2");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("newline") << QStringLiteral("cn-01\nerror: forged") << QStringLiteral("\"cn-01\\nerror: forged\"");
        QTest::newRow("ESC") << QStringLiteral("\x1b[31mred") << QStringLiteral("\"\\x1b[31mred\"");
        QTest::newRow("bidi override, with a quote")
            << QString(QChar(0x202e)) + QStringLiteral("a\"b") << QStringLiteral("\"\\u202ea\\\"b\"");
        QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral("\"a\\x7f\"");
        QTest::newRow("tag character") << QString::fromUcs4(U"\U000E0041") << QStringLiteral("\"\\U000e0041\"");
        QTest::newRow("long text is never cut") << QString(300, QLatin1Char('a')) + QLatin1Char('\n')
                                                << QLatin1Char('"') + QString(300, QLatin1Char('a')) + QStringLiteral("\\n\"");
    }
    void neutralisedIfNeededQuotesOnlyWhatCouldForge()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(neutralisedIfNeeded(input), expected);
        // Idempotent: text that went through it (or through neutralised()) stays as it is.
        QCOMPARE(neutralisedIfNeeded(expected), expected);
        QCOMPARE(neutralisedIfNeeded(neutralised(input, input.size())), neutralised(input, input.size()));
    }
    void statusIsOkWithWarningsOnly()
    {
        Status status;
        QVERIFY(status.ok());
        status.append(makeWarning(ProblemKind::InvalidInventory, QStringLiteral("w")));
        QVERIFY(status.ok());
        QCOMPARE(status.warnings().size(), 1);
        QVERIFY(status.errors().isEmpty());
        status.append(makeError(ProblemKind::DuplicateName, QStringLiteral("e"), QStringLiteral("u")));
        QVERIFY(!status.ok());
        QCOMPARE(status.firstError().kind, ProblemKind::DuplicateName);
        QCOMPARE(status.firstError().provider, QStringLiteral("u"));
    }
    void resultCarriesValueOrProblems()
    {
        const Result<int> good(7, {makeWarning(ProblemKind::InvalidTrait, QStringLiteral("w"))});
        QVERIFY(good.ok());
        QCOMPARE(good.value(), 7);
        QCOMPARE(good.problems().size(), 1);
        const Result<int> bad(makeError(ProblemKind::Io, QStringLiteral("cannot read")));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.status().firstError().kind, ProblemKind::Io);
    }
    void problemLine()
    {
        Problem problem = makeError(ProblemKind::InvalidInventory, QStringLiteral("reserved (17) must not exceed total (16)"));
        problem.location = QStringLiteral("$.providers[3].inventories.VCPU.reserved");
        QCOMPARE(problem.toString(), QStringLiteral("error: $.providers[3].inventories.VCPU.reserved: "
                                                    "reserved (17) must not exceed total (16)"));
        QCOMPARE(kindName(ProblemKind::DuplicateName), QStringLiteral("duplicate-name"));
    }
    // Problem::provider and ::field may hold a caller's text as given (a name used as a
    // reference, a resource class from a file): the line a person reads is safe anyway.
    void problemLineNeverPrintsRawText_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("expected");
        const QString uuid = QStringLiteral("4a3e8f1f-bc66-5c25-9252-05a80cbb5c1b");
        QTest::newRow("uuid as it is") << uuid << QString() << QString() << QStringLiteral("m")
                                       << QStringLiteral("error: provider ") + uuid + QStringLiteral(": m");
        QTest::newRow("uuid and field") << uuid << QStringLiteral("inventories.VCPU.total") << QString() << QStringLiteral("m")
                                        << QStringLiteral("error: provider ") + uuid + QStringLiteral(", inventories.VCPU.total: m");
        QTest::newRow("field alone") << QString() << QStringLiteral("name") << QString() << QStringLiteral("m")
                                     << QStringLiteral("error: name: m");
        QTest::newRow("nothing known") << QString() << QString() << QString() << QStringLiteral("m")
                                       << QStringLiteral("error: m");
        QTest::newRow("location wins, naming the record") << uuid << QStringLiteral("name") << QStringLiteral("$.providers[3].name")
                                       << QStringLiteral("m") << QStringLiteral("error: $.providers[3] (") + uuid + QStringLiteral(").name: m");
        QTest::newRow("name with a newline forges no line")
            << QStringLiteral("cn-01\nerror: all is well") << QString() << QString() << QStringLiteral("m")
            << QStringLiteral("error: provider \"cn-01\\nerror: all is well\": m");
        QTest::newRow("ESC sequence") << QStringLiteral("\x1b[2K\x1b[1Gok") << QString() << QString() << QStringLiteral("m")
                                      << QStringLiteral("error: provider \"\\x1b[2K\\x1b[1Gok\": m");
        QTest::newRow("bidi override") << QString(QChar(0x202e)) + QStringLiteral("10-nc") << QString() << QString()
                                       << QStringLiteral("m") << QStringLiteral("error: provider \"\\u202e10-nc\": m");
        QTest::newRow("placeholders stay literal") << QStringLiteral("%1 %2 %L1") << QString() << QString() << QStringLiteral("m")
                                                   << QStringLiteral("error: provider %1 %2 %L1: m");
        QTest::newRow("neutralised label is not quoted twice")
            << QStringLiteral("\"bad\\nuuid\"") << QStringLiteral("uuid") << QString() << QStringLiteral("m")
            << QStringLiteral("error: provider \"bad\\nuuid\", uuid: m");
        QTest::newRow("raw field") << uuid << QStringLiteral("inventories.\x1b[0m") << QString() << QStringLiteral("m")
                                   << QStringLiteral("error: provider ") + uuid + QStringLiteral(", \"inventories.\\x1b[0m\": m");
        QTest::newRow("raw location") << QString() << QString() << QStringLiteral("$.a\nb") << QStringLiteral("m")
                                      << QStringLiteral("error: \"$.a\\nb\": m");
        QTest::newRow("a message that slipped through") << QString() << QStringLiteral("name") << QString()
                                                        << QStringLiteral("name x\ny is taken")
                                                        << QStringLiteral("error: name: \"name x\\ny is taken\"");
    }
    void problemLineNeverPrintsRawText()
    {
        QFETCH(QString, provider);
        QFETCH(QString, field);
        QFETCH(QString, location);
        QFETCH(QString, message);
        QFETCH(QString, expected);
        Problem problem = makeError(ProblemKind::InvalidName, message, provider, field);
        problem.location = location;
        QCOMPARE(problem.toString(), expected);
        QCOMPARE(problem.text(), expected.mid(qsizetype(std::strlen("error: "))));
        problem.severity = Severity::Warning;
        QCOMPARE(problem.toString(), QStringLiteral("warning: ") + problem.text());
        // The fields keep the text as given, for programs.
        QCOMPARE(problem.provider, provider);
        QCOMPARE(problem.field, field);
    }

    // Readers of files name the provider beside its record's index, so that nobody has to
    // count records: "$.providers[21] (cn-03_numa0).usages.MEMORY_MB".
    void whereNamesTheProvider_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("expected");
        const QString uuid = QStringLiteral("4a3e8f1f-bc66-5c25-9252-05a80cbb5c1b");
        const QString usage = QStringLiteral("usages.MEMORY_MB");
        const QString at21 = QStringLiteral("$.providers[21].usages.MEMORY_MB");
        QTest::newRow("by its name") << QStringLiteral("cn-03_numa0") << uuid << usage << at21
                                     << QStringLiteral("$.providers[21] (cn-03_numa0).usages.MEMORY_MB");
        QTest::newRow("by its uuid without a name") << QString() << uuid << usage << at21
                                                    << QStringLiteral("$.providers[21] (") + uuid + QStringLiteral(").usages.MEMORY_MB");
        QTest::newRow("nothing known: as it was") << QString() << QString() << usage << at21 << at21;
        QTest::newRow("the record itself") << QStringLiteral("cn-01") << uuid << QString() << QStringLiteral("$.providers[2]")
                                           << QStringLiteral("$.providers[2] (cn-01)");
        QTest::newRow("a patch's record") << QStringLiteral("cn-01") << uuid << QString()
                                          << QStringLiteral("$.changed_providers[0].generation.old")
                                          << QStringLiteral("$.changed_providers[0] (cn-01).generation.old");
        QTest::newRow("not in a record") << QStringLiteral("cn-01") << uuid << QString() << QStringLiteral("$.format")
                                         << QStringLiteral("$.format");
        QTest::newRow("a syntax error's position") << QStringLiteral("cn-01") << uuid << QString() << QStringLiteral("1:12")
                                                   << QStringLiteral("1:12");
        QTest::newRow("placeholders stay literal") << QStringLiteral("%1 %L2") << uuid << QString()
                                                   << QStringLiteral("$.providers[1].name")
                                                   << QStringLiteral("$.providers[1] (%1 %L2).name");
        QTest::newRow("a newline forges no line") << QStringLiteral("cn-01\nerror: all is well") << uuid << QString()
                                                  << QStringLiteral("$.providers[1].name")
                                                  << QStringLiteral("$.providers[1] (\"cn-01\\nerror: all is well\").name");
        QTest::newRow("bidi override") << QString(QChar(0x202e)) + QStringLiteral("10-nc") << uuid << QString()
                                       << QStringLiteral("$.providers[1].name")
                                       << QStringLiteral("$.providers[1] (\"\\u202e10-nc\").name");
        QTest::newRow("a long name is cut") << QString(300, QLatin1Char('a')) << uuid << QString()
                                            << QStringLiteral("$.providers[1].name")
                                            << QStringLiteral("$.providers[1] (\"") + QString(80, QLatin1Char('a'))
                                                   + QStringLiteral("...\").name");
        QTest::newRow("no location: name and uuid") << QStringLiteral("cn-01") << uuid << QStringLiteral("inventories.VCPU.total")
                                                    << QString()
                                                    << QStringLiteral("provider cn-01 (") + uuid + QStringLiteral("), inventories.VCPU.total");
        QTest::newRow("no location: the name alone") << QStringLiteral("cn-01") << QString() << QString() << QString()
                                                     << QStringLiteral("provider cn-01");
    }
    void whereNamesTheProvider()
    {
        QFETCH(QString, name);
        QFETCH(QString, provider);
        QFETCH(QString, field);
        QFETCH(QString, location);
        QFETCH(QString, expected);
        Problem problem = makeWarning(ProblemKind::InvalidUsage, QStringLiteral("m"), provider, field);
        problem.location = location;
        problem.providerName = name;
        QCOMPARE(problem.where(), expected);
        QCOMPARE(problem.text(), expected.isEmpty() ? QStringLiteral("m") : expected + QStringLiteral(": m"));
        QCOMPARE(problem.providerName, name); // kept as given, for programs
    }

    // Where the file has the problem comes first, as a compiler says it; a syntax error,
    // located by its position, says it once.
    void textLeadsWithThePosition()
    {
        Problem usage = makeWarning(ProblemKind::InvalidUsage, QStringLiteral("usage (196608) exceeds capacity (191293)"),
                                    QStringLiteral("4a3e8f1f-bc66-5c25-9252-05a80cbb5c1b"), QStringLiteral("usages.MEMORY_MB"));
        usage.location = QStringLiteral("$.providers[21].usages.MEMORY_MB");
        usage.providerName = QStringLiteral("cn-03_numa0");
        QCOMPARE(usage.position(), QString());
        usage.line = 717;
        usage.column = 9;
        QCOMPARE(usage.position(), QStringLiteral("717:9"));
        QCOMPARE(usage.toString(), QStringLiteral("warning: 717:9: $.providers[21] (cn-03_numa0).usages.MEMORY_MB: "
                                                  "usage (196608) exceeds capacity (191293)"));

        Problem syntax = makeError(ProblemKind::Syntax, QStringLiteral("JSON syntax error: unexpected end of the document"));
        syntax.location = QStringLiteral("1:12");
        syntax.line = 1;
        syntax.column = 12;
        QCOMPARE(syntax.toString(), QStringLiteral("error: 1:12: JSON syntax error: unexpected end of the document"));

        Problem unlocated = makeError(ProblemKind::Io, QStringLiteral("cannot read"));
        unlocated.line = 3; // a position without a location: still said
        unlocated.column = 1;
        QCOMPARE(unlocated.text(), QStringLiteral("3:1: cannot read"));
    }
};

QTEST_GUILESS_MAIN(TestProblem)
#include "tst_problem.moc"
