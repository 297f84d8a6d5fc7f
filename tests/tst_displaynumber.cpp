// displayNumber(): the one way a number is written for people (messages, undo texts, the
// compare view, the CLI's diff), short and exact. groupedNumber(): a count or sum only read
// (the resource summary), its digits grouped by the locale.
#include "displaynumber.h"

#include <QTest>

#include <limits>

using namespace provtree;

class TestDisplayNumber : public QObject
{
    Q_OBJECT

private slots:
    void shortestExactPlain_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("integral") << 16.0 << QStringLiteral("16");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0");
        QTest::newRow("negative") << -2.5 << QStringLiteral("-2.5");
        QTest::newRow("ratio") << 1.5 << QStringLiteral("1.5");
        QTest::newRow("shortest, not 0.10000000000000001") << 0.1 << QStringLiteral("0.1");
        QTest::newRow("every digit that counts, not 0.333333333333") << 1.0 / 3 << QStringLiteral("0.3333333333333333");
        QTest::newRow("a million, not 1e+06") << 1e6 << QStringLiteral("1000000");
        QTest::newRow("MAX_INT") << 2147483647.0 << QStringLiteral("2147483647");
        QTest::newRow("15 digits, not 1.23456789012e+14") << 123456789012345.0 << QStringLiteral("123456789012345");
        QTest::newRow("small ratio, not 1e-04") << 0.0001 << QStringLiteral("0.0001");
        QTest::newRow("smallest plain") << 1e-5 << QStringLiteral("0.00001");
        QTest::newRow("below: exponent") << 1e-6 << QStringLiteral("1e-06");
        QTest::newRow("from 1e15: exponent") << 1e15 << QStringLiteral("1e+15");
        QTest::newRow("Placement's float limit") << 3.40282e+38 << QStringLiteral("3.40282e+38");
    }
    void shortestExactPlain()
    {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(displayNumber(value), expected);
        bool ok = false;
        QCOMPARE(expected.toDouble(&ok), value); // reads back exactly
        QVERIFY(ok);
    }
    void notANumber()
    {
        QCOMPARE(displayNumber(std::numeric_limits<double>::infinity()), QStringLiteral("inf"));
        QCOMPARE(displayNumber(std::numeric_limits<double>::quiet_NaN()), QStringLiteral("nan"));
    }

    // Found by an operator: the resource summary showed 1234567 (an item view's locale
    // omits the groups; groupedNumber() puts them back).
    void groupedAsTheLocaleGroups_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("expected");
        const QLocale c = QLocale::c(); // omits the groups unless told otherwise
        const QLocale english(QLocale::English, QLocale::UnitedStates);
        const QLocale german(QLocale::German, QLocale::Germany);
        QLocale asAViewHasIt = english;
        asAViewHasIt.setNumberOptions(QLocale::OmitGroupSeparator);
        QTest::newRow("C, millions") << c << qint64(1234567) << QStringLiteral("1,234,567");
        QTest::newRow("English, millions") << english << qint64(1234567) << QStringLiteral("1,234,567");
        QTest::newRow("an item view's locale") << asAViewHasIt << qint64(1234567) << QStringLiteral("1,234,567");
        QTest::newRow("German") << german << qint64(1234567) << QStringLiteral("1.234.567");
        QTest::newRow("below a thousand") << c << qint64(999) << QStringLiteral("999");
        QTest::newRow("a thousand") << c << qint64(1000) << QStringLiteral("1,000");
        QTest::newRow("zero") << c << qint64(0) << QStringLiteral("0");
        QTest::newRow("overcommitted free") << c << qint64(-1234) << QStringLiteral("-1,234");
        QTest::newRow("past 32 bits") << c << qint64(1099511627776) << QStringLiteral("1,099,511,627,776");
    }
    void groupedAsTheLocaleGroups()
    {
        QFETCH(QLocale, locale);
        QFETCH(qint64, value);
        QFETCH(QString, expected);
        QCOMPARE(groupedNumber(value, locale), expected);
    }
    // The default is the application's locale (QLocale()), as the rest of the window.
    void defaultsToTheApplicationsLocale()
    {
        const QLocale before;
        QLocale::setDefault(QLocale::c());
        QCOMPARE(groupedNumber(1234567), QStringLiteral("1,234,567"));
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(groupedNumber(1234567), QStringLiteral("1.234.567"));
        QLocale::setDefault(before);
    }
};

QTEST_GUILESS_MAIN(TestDisplayNumber)
#include "tst_displaynumber.moc"
