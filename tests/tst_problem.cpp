// Problems, Status/Result, and the one neutralising helper for quoted user text.
#include "neutralise.h"
#include "problem.h"

#include <QTest>

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
};

QTEST_GUILESS_MAIN(TestProblem)
#include "tst_problem.moc"
