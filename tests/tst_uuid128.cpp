// Uuid128: the binary key of the core's uuid index.
#include "uuid128.h"

#include <QTest>

using namespace provtree;

class tst_Uuid128 : public QObject
{
    Q_OBJECT

private slots:
    void parsesTheBits();
    void refusesWhatIsNotAUuid_data();
    void refusesWhatIsNotAUuid();
    void readsUpperCaseOnlyWhenAsked();
    void hashesEqualKeysEqually();
};

void tst_Uuid128::parsesTheBits()
{
    const auto uuid = Uuid128::parse(u"01234567-89ab-cdef-0123-456789abcdef");
    QVERIFY(uuid);
    QCOMPARE(uuid->hi, 0x0123456789abcdefULL);
    QCOMPARE(uuid->lo, 0x0123456789abcdefULL);
    const auto last = Uuid128::parse(u"ffffffff-ffff-ffff-0000-000000000001");
    QVERIFY(last);
    QCOMPARE(last->hi, ~0ULL);
    QCOMPARE(last->lo, 1ULL);
}

void tst_Uuid128::refusesWhatIsNotAUuid_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("short") << QStringLiteral("01234567-89ab-cdef-0123-456789abcde");
    QTest::newRow("long") << QStringLiteral("01234567-89ab-cdef-0123-456789abcdef0");
    QTest::newRow("no dashes") << QStringLiteral("0123456789abcdef0123456789abcdef");
    QTest::newRow("dash moved") << QStringLiteral("0123456-789ab-cdef-0123-456789abcdef");
    QTest::newRow("not hex") << QStringLiteral("01234567-89ab-cdef-0123-456789abcdeg");
    QTest::newRow("braces") << QStringLiteral("{1234567-89ab-cdef-0123-456789abcde}");
    // Characters that c | 0x20 could confuse with hex digits.
    QTest::newRow("backquote") << QStringLiteral("`1234567-89ab-cdef-0123-456789abcdef");
    QTest::newRow("control") << QStringLiteral("\x11" "1234567-89ab-cdef-0123-456789abcdef");
    // Arabic-Indic digit one (U+0661): a digit, but not a hex digit.
    QTest::newRow("non-ASCII digit") << (QChar(0x0661) + QStringLiteral("1234567-89ab-cdef-0123-456789abcdef"));
}

void tst_Uuid128::refusesWhatIsNotAUuid()
{
    QFETCH(QString, text);
    QVERIFY(!Uuid128::parse(text));
    QVERIFY(!Uuid128::parse(text, Uuid128::Case::Either));
}

void tst_Uuid128::readsUpperCaseOnlyWhenAsked()
{
    const QString upper = QStringLiteral("ABCDEF01-89AB-CDEF-0123-456789ABCDEF");
    QVERIFY(!Uuid128::parse(upper));
    const auto either = Uuid128::parse(upper, Uuid128::Case::Either);
    QVERIFY(either);
    QCOMPARE(*either, *Uuid128::parse(upper.toLower()));
}

void tst_Uuid128::hashesEqualKeysEqually()
{
    const Uuid128 a = *Uuid128::parse(u"aaaaaaaa-0000-4000-8000-000000000001");
    const Uuid128 b = *Uuid128::parse(u"aaaaaaaa-0000-4000-8000-000000000002");
    QCOMPARE(Uuid128Hash{}(a), Uuid128Hash{}(Uuid128{a.hi, a.lo}));
    QVERIFY(Uuid128Hash{}(a) != Uuid128Hash{}(b));
    // Both halves count: keys differing only in the first or only in the last bits.
    QVERIFY(Uuid128Hash{}(Uuid128{1, 0}) != Uuid128Hash{}(Uuid128{0, 1}));
    QVERIFY(Uuid128Hash{}(Uuid128{1, 1}) != Uuid128Hash{}(Uuid128{0, 0}));
}

QTEST_GUILESS_MAIN(tst_Uuid128)
#include "tst_uuid128.moc"
