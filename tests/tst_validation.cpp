// Placement's rules as provtree checks them (model/validation.h), at and just past every
// boundary. The boundaries were measured against a real Placement 8.0.0 (see
// resources/README.md); these tests do not need a server.

#include "validation.h"
#include "support/hostiletext.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace provtree;
using namespace provtree::validation;

namespace {

const QString kProvider = QStringLiteral("11111111-2222-3333-4444-555555555555");

// "error:inventories.VCPU.total" / "warning:traits": what a test expects, compactly.
QStringList summary(const Problems &problems)
{
    QStringList out;
    for (const Problem &p : problems)
        out.append((p.isError() ? QStringLiteral("error:") : QStringLiteral("warning:")) + p.field);
    return out;
}

// A QVariant column: invalid means "field absent".
template <typename T>
std::optional<T> optionalFrom(const QVariant &value)
{
    if (!value.isValid())
        return std::nullopt;
    return value.value<T>();
}

ProviderData validProvider()
{
    ProviderData p;
    p.uuid = kProvider;
    p.name = QStringLiteral("compute-1");
    p.generation = 3;
    InventoryRecord vcpu;
    vcpu.total = 16;
    vcpu.allocationRatio = 4.0;
    InventoryRecord memory;
    memory.total = 65536;
    memory.reserved = 512;
    memory.maxUnit = 65536;
    p.inventories.insert(QStringLiteral("VCPU"), vcpu);
    p.inventories.insert(QStringLiteral("MEMORY_MB"), memory);
    p.usages.insert(QStringLiteral("VCPU"), 10);
    p.usages.insert(QStringLiteral("MEMORY_MB"), 0);
    p.traits = {QStringLiteral("CUSTOM_GOLD"), QStringLiteral("HW_CPU_X86_AVX2")};
    p.aggregates = {QStringLiteral("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")};
    return p;
}

// A control or format character (newline, ESC, bidi override, ...) anywhere in `text`.
bool containsControlCharacter(const QString &text)
{
    return !provtree::testing::unsafeCharacters(text, false).isEmpty();
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void standardLists();

    void canonicalUuid_data();
    void canonicalUuid();
    void uuidCheck_data();
    void uuidCheck();

    void providerName_data();
    void providerName();
    void generation_data();
    void generation();

    void resourceClass_data();
    void resourceClass();
    void trait_data();
    void trait();
    void aggregates_data();
    void aggregates();

    void inventory_data();
    void inventory();
    void inventoryMessages_data();
    void inventoryMessages();
    void inventories();

    void usages_data();
    void usages();

    void provider_data();
    void provider();
    void strictTurnsWarningsIntoErrors();
    void quotedInputIsNeutralised_data();
    void quotedInputIsNeutralised();
};

void TestValidation::standardLists()
{
    const QStringList &classes = standardResourceClasses();
    const QStringList &traits = standardTraits();
    // Counts of the shipped lists (os-resource-classes 1.1.0+, os-traits 3.9.0): a
    // regenerated list changes them on purpose.
    QCOMPARE(classes.size(), 21);
    QCOMPARE(traits.size(), 377);
    QVERIFY(std::is_sorted(classes.cbegin(), classes.cend()));
    QVERIFY(std::is_sorted(traits.cbegin(), traits.cend()));
    QVERIFY(std::adjacent_find(traits.cbegin(), traits.cend()) == traits.cend());
    for (const QString &name : classes + traits) {
        QVERIFY2(!name.startsWith(u'#') && !name.isEmpty(), qPrintable(name));
        QVERIFY2(!name.startsWith(QLatin1String("CUSTOM_")), qPrintable(name));
    }
    QVERIFY(classes.contains(QStringLiteral("VCPU")));
    QVERIFY(classes.contains(QStringLiteral("NET_PACKET_RATE_KILOPACKET_PER_SEC")));
    QVERIFY(isStandardResourceClass(u"MEMORY_MB"));
    QVERIFY(!isStandardResourceClass(u"memory_mb"));
    QVERIFY(!isStandardResourceClass(u"CUSTOM_X"));
    QVERIFY(isStandardTrait(u"HW_CPU_X86_AVX2"));
    QVERIFY(isStandardTrait(u"COMPUTE_STATUS_DISABLED"));
    // Newer than Debian's os-traits 2.9.0 (added in os-traits 3.x).
    QVERIFY(isStandardTrait(u"HW_CPU_X86_SGX"));
    QVERIFY(!isStandardTrait(u"HW_CPU_X86_NOT_A_TRAIT"));
    QVERIFY(!isStandardTrait(u""));
}

void TestValidation::canonicalUuid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // empty: not a uuid
    QTest::addColumn<bool>("alreadyCanonical");

    const QString lower = QStringLiteral("0f3a6b2c-9d4e-4f10-8a7b-c1d2e3f4a5b6");
    QTest::newRow("canonical") << lower << lower << true;
    QTest::newRow("upper case is normalised") << lower.toUpper() << lower << false;
    QTest::newRow("mixed case") << QStringLiteral("0F3a6B2c-9d4e-4f10-8A7b-c1d2e3f4a5b6") << lower
                                << false;
    QTest::newRow("all zero") << QStringLiteral("00000000-0000-0000-0000-000000000000")
                              << QStringLiteral("00000000-0000-0000-0000-000000000000") << true;
    QTest::newRow("empty") << QString() << QString() << false;
    QTest::newRow("missing dash (35)") << QStringLiteral("0f3a6b2c9d4e-4f10-8a7b-c1d2e3f4a5b6")
                                       << QString() << false;
    QTest::newRow("35 chars") << lower.left(35) << QString() << false;
    QTest::newRow("37 chars") << lower + u'0' << QString() << false;
    QTest::newRow("dash moved") << QStringLiteral("0f3a6b2-c9d4e-4f10-8a7b-c1d2e3f4a5b6")
                                << QString() << false;
    QTest::newRow("32 hex, no dashes") << QStringLiteral("0f3a6b2c9d4e4f108a7bc1d2e3f4a5b6")
                                       << QString() << false;
    QTest::newRow("braces") << u'{' + lower + u'}' << QString() << false;
    QTest::newRow("non-hex g") << QStringLiteral("gf3a6b2c-9d4e-4f10-8a7b-c1d2e3f4a5b6")
                               << QString() << false;
    QTest::newRow("fullwidth digit") << QStringLiteral("\uff10f3a6b2c-9d4e-4f10-8a7b-c1d2e3f4a5b")
                                     << QString() << false;
    QTest::newRow("space") << QStringLiteral(" f3a6b2c-9d4e-4f10-8a7b-c1d2e3f4a5b6") << QString()
                           << false;
    QTest::newRow("36 bytes of UTF-8, 35 characters") << lower.left(34) + QStringLiteral("é") << QString()
                                                      << false;
}

void TestValidation::canonicalUuid()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(bool, alreadyCanonical);

    const std::optional<QString> result = validation::canonicalUuid(input);
    QCOMPARE(result.has_value(), !expected.isEmpty());
    if (result)
        QCOMPARE(*result, expected);
    QCOMPARE(isCanonicalUuid(input), alreadyCanonical);
    // The snapshot reader asks the same question of the file's bytes.
    const QByteArray utf8 = input.toUtf8();
    QCOMPARE(isCanonicalUuid(std::string_view(utf8.constData(), size_t(utf8.size()))), alreadyCanonical);
}

void TestValidation::uuidCheck_data()
{
    QTest::addColumn<QString>("uuid");
    QTest::addColumn<bool>("valid");
    const QString lower = QStringLiteral("0f3a6b2c-9d4e-4f10-8a7b-c1d2e3f4a5b6");
    QTest::newRow("canonical") << lower << true;
    QTest::newRow("upper case") << lower.toUpper() << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("35") << lower.left(35) << false;
    QTest::newRow("37") << lower + u'a' << false;
    QTest::newRow("non-hex") << QStringLiteral("0f3a6b2c-9d4e-4f10-8a7b-c1d2e3f4a5bz") << false;
}

void TestValidation::uuidCheck()
{
    QFETCH(QString, uuid);
    QFETCH(bool, valid);
    const Problems problems = checkUuid(uuid, kProvider, QStringLiteral("parent_provider_uuid"));
    QCOMPARE(problems.isEmpty(), valid);
    if (!valid) {
        QCOMPARE(problems.size(), 1);
        QCOMPARE(provtree::kindName(problems[0].kind), provtree::kindName(ProblemKind::InvalidUuid));
        QCOMPARE(problems[0].field, QStringLiteral("parent_provider_uuid"));
        QCOMPARE(problems[0].provider, kProvider);
        QVERIFY(problems[0].isError());
    }
}

void TestValidation::providerName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("0") << QString() << false;
    QTest::newRow("1") << QStringLiteral("a") << true;
    QTest::newRow("200") << QString(200, u'x') << true;
    QTest::newRow("201") << QString(201, u'x') << false;
    QTest::newRow("200 non-ASCII") << QString(200, QChar(0xe9)) << true;
    // Placement counts code points: 200 emoji (400 UTF-16 units) pass, 201 do not.
    const QString emoji = QStringLiteral("\U0001F600");
    QTest::newRow("200 emoji") << emoji.repeated(200) << true;
    QTest::newRow("201 emoji") << emoji.repeated(201) << false;
    QTest::newRow("199 + emoji") << QString(199, u'x') + emoji << true;
    QTest::newRow("newline inside") << QStringLiteral("a\nb") << true; // Placement accepts it
}

void TestValidation::providerName()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    const Problems problems = checkProviderName(name, kProvider);
    QCOMPARE(problems.isEmpty(), valid);
    if (!valid) {
        QCOMPARE(problems.size(), 1);
        QCOMPARE(provtree::kindName(problems[0].kind), provtree::kindName(ProblemKind::InvalidName));
        QCOMPARE(problems[0].field, QStringLiteral("name"));
        QVERIFY(problems[0].message.startsWith(QLatin1String("provider name must be 1 to 200")));
    }
}

void TestValidation::generation_data()
{
    QTest::addColumn<qint64>("generation");
    QTest::addColumn<bool>("valid");
    QTest::newRow("-1") << qint64(-1) << false;
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << false;
    QTest::newRow("0") << qint64(0) << true;
    QTest::newRow("1") << qint64(1) << true;
    QTest::newRow("2147483647") << qint64(2147483647) << true;
}

void TestValidation::generation()
{
    QFETCH(qint64, generation);
    QFETCH(bool, valid);
    const Problems problems = checkGeneration(generation, kProvider);
    QCOMPARE(summary(problems),
             valid ? QStringList() : QStringList{QStringLiteral("error:generation")});
    if (!valid)
        QCOMPARE(provtree::kindName(problems[0].kind), provtree::kindName(ProblemKind::InvalidGeneration));
}

void TestValidation::resourceClass_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("expected");
    const QStringList ok;
    const QStringList error{QStringLiteral("error")};

    QTest::newRow("standard VCPU") << QStringLiteral("VCPU") << ok;
    QTest::newRow("standard PCPU") << QStringLiteral("PCPU") << ok;
    QTest::newRow("CUSTOM_X") << QStringLiteral("CUSTOM_X") << ok;
    QTest::newRow("CUSTOM_0_") << QStringLiteral("CUSTOM_0_") << ok;
    QTest::newRow("CUSTOM_ with 255 chars") << QStringLiteral("CUSTOM_") + QString(248, u'A') << ok;
    QTest::newRow("CUSTOM_ with 256 chars") << QStringLiteral("CUSTOM_") + QString(249, u'A')
                                            << error;
    QTest::newRow("CUSTOM_ alone") << QStringLiteral("CUSTOM_") << error;
    QTest::newRow("custom_x") << QStringLiteral("custom_x") << error;
    QTest::newRow("CUSTOM_lower") << QStringLiteral("CUSTOM_x") << error;
    QTest::newRow("CUSTOM_ with dash") << QStringLiteral("CUSTOM_A-B") << error;
    QTest::newRow("lower-case standard") << QStringLiteral("vcpu") << error;
    // Placement refuses a class it does not know (ResourceClassNotFound -> 400).
    QTest::newRow("unknown standard form") << QStringLiteral("FOO_BAR") << error;
    QTest::newRow("empty") << QString() << error;
    QTest::newRow("space") << QStringLiteral("VCPU ") << error;
}

void TestValidation::resourceClass()
{
    QFETCH(QString, name);
    QFETCH(QStringList, expected);
    const Problems problems = checkResourceClass(name, kProvider);
    QStringList severities;
    for (const Problem &p : problems) {
        severities.append(p.isError() ? QStringLiteral("error") : QStringLiteral("warning"));
        QCOMPARE(provtree::kindName(p.kind), provtree::kindName(ProblemKind::InvalidResourceClass));
        QVERIFY2(p.field.startsWith(QLatin1String("inventories.")), qPrintable(p.field));
        QCOMPARE(p.provider, kProvider);
    }
    QCOMPARE(severities, expected);
}

void TestValidation::trait_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("expected");
    const QStringList ok;
    const QStringList error{QStringLiteral("error")};
    const QStringList warning{QStringLiteral("warning")};

    QTest::newRow("standard") << QStringLiteral("HW_CPU_X86_AVX2") << ok;
    QTest::newRow("CUSTOM_GOLD") << QStringLiteral("CUSTOM_GOLD") << ok;
    QTest::newRow("CUSTOM_ with 255 chars") << QStringLiteral("CUSTOM_") + QString(248, u'Z') << ok;
    QTest::newRow("CUSTOM_ with 256 chars") << QStringLiteral("CUSTOM_") + QString(249, u'Z')
                                            << error;
    QTest::newRow("CUSTOM_ alone") << QStringLiteral("CUSTOM_") << error;
    QTest::newRow("unknown standard form is a warning") << QStringLiteral("HW_CPU_X86_AVX9000")
                                                        << warning;
    QTest::newRow("standard form with 255 chars") << QString(255, u'A') << warning;
    QTest::newRow("standard form with 256 chars") << QString(256, u'A') << error;
    QTest::newRow("lower case") << QStringLiteral("hw_cpu_x86_avx2") << error;
    QTest::newRow("custom lower case") << QStringLiteral("custom_gold") << error;
    QTest::newRow("CUSTOM_ lower tail") << QStringLiteral("CUSTOM_gold") << error;
    QTest::newRow("empty") << QString() << error;
    QTest::newRow("dot") << QStringLiteral("HW.CPU") << error;
}

void TestValidation::trait()
{
    QFETCH(QString, name);
    QFETCH(QStringList, expected);
    const Problems problems = checkTrait(name, kProvider);
    QStringList severities;
    for (const Problem &p : problems) {
        severities.append(p.isError() ? QStringLiteral("error") : QStringLiteral("warning"));
        QCOMPARE(provtree::kindName(p.kind), provtree::kindName(ProblemKind::InvalidTrait));
        QCOMPARE(p.field, QStringLiteral("traits"));
    }
    QCOMPARE(severities, expected);
    // A malformed name is told what a name may hold, not that it must be standard (names of
    // the standard form that provtree does not know are only warned about).
    if (expected == QStringList{QStringLiteral("error")} && !name.isEmpty() && name.size() <= 255)
        QVERIFY2(problems.constFirst().message.endsWith(
                         QStringLiteral("is not a valid name: only upper-case A-Z, 0-9 and _, custom ones "
                                        "CUSTOM_ and at least one more")),
                 qPrintable(problems.constFirst().message));
    // The list check reports the same, once per trait.
    QCOMPARE(checkTraits({name, QStringLiteral("CUSTOM_OK")}, kProvider), problems);
}

void TestValidation::aggregates_data()
{
    QTest::addColumn<QStringList>("aggregates");
    QTest::addColumn<QStringList>("expected");
    const QString a = QStringLiteral("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    const QString b = QStringLiteral("bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee");
    const QString agg = QStringLiteral("error:aggregates");
    QTest::newRow("none") << QStringList() << QStringList();
    QTest::newRow("two") << QStringList{a, b} << QStringList();
    QTest::newRow("upper case is a uuid") << QStringList{a.toUpper()} << QStringList();
    QTest::newRow("not a uuid") << QStringList{QStringLiteral("rack-1")} << QStringList{agg};
    QTest::newRow("empty string") << QStringList{QString()} << QStringList{agg};
    QTest::newRow("36 chars, no dashes") << QStringList{QString(36, u'a')} << QStringList{agg};
    QTest::newRow("duplicate") << QStringList{a, a} << QStringList{agg};
    QTest::newRow("duplicate in other case") << QStringList{b, a.toUpper(), a}
                                             << QStringList{agg};
}

void TestValidation::aggregates()
{
    QFETCH(QStringList, aggregates);
    QFETCH(QStringList, expected);
    const Problems problems = checkAggregates(aggregates, kProvider);
    QCOMPARE(summary(problems), expected);
    for (const Problem &p : problems)
        QCOMPARE(provtree::kindName(p.kind), provtree::kindName(ProblemKind::InvalidAggregate));
}

void TestValidation::inventory_data()
{
    QTest::addColumn<QVariant>("total");
    QTest::addColumn<QVariant>("reserved");
    QTest::addColumn<QVariant>("minUnit");
    QTest::addColumn<QVariant>("maxUnit");
    QTest::addColumn<QVariant>("stepSize");
    QTest::addColumn<QVariant>("ratio");
    QTest::addColumn<QStringList>("expected");

    const QVariant absent;
    const auto i = [](qint64 v) { return QVariant::fromValue(v); };
    const auto d = [](double v) { return QVariant::fromValue(v); };
    const auto err = [](const char *field) -> QString {
        return QStringLiteral("error:inventories.VCPU.") + QLatin1String(field);
    };
    const auto warn = [](const char *field) -> QString {
        return QStringLiteral("warning:inventories.VCPU.") + QLatin1String(field);
    };
    const QStringList ok;
    const qint64 max = 2147483647;

    // total: required, 1..2147483647 (placement/schemas/inventory.py).
    QTest::newRow("total absent") << absent << absent << absent << absent << absent << absent
                                  << QStringList{err("total")};
    QTest::newRow("total 0") << i(0) << absent << absent << absent << absent << absent
                             << QStringList{err("total")};
    QTest::newRow("total 1") << i(1) << absent << absent << absent << absent << absent << ok;
    QTest::newRow("total max") << i(max) << absent << absent << absent << absent << absent << ok;
    QTest::newRow("total max+1") << i(max + 1) << absent << absent << absent << absent << absent
                                 << QStringList{err("total")};
    QTest::newRow("total negative") << i(-5) << absent << absent << absent << absent << absent
                                    << QStringList{err("total")};
    QTest::newRow("all six explicit, defaults") << i(16) << i(0) << i(1) << i(max) << i(1)
                                                << d(1.0) << ok;

    // reserved: 0..2147483647; capacity rule decides reserved > total.
    QTest::newRow("reserved -1") << i(16) << i(-1) << absent << absent << absent << absent
                                 << QStringList{err("reserved")};
    QTest::newRow("reserved 0") << i(16) << i(0) << absent << absent << absent << absent << ok;
    QTest::newRow("reserved = total") << i(16) << i(16) << absent << absent << absent << absent
                                      << ok;
    QTest::newRow("reserved = total+1") << i(16) << i(17) << absent << absent << absent << absent
                                        << QStringList{err("reserved")};
    QTest::newRow("reserved max+1") << i(16) << i(max + 1) << absent << absent << absent << absent
                                    << QStringList{err("reserved")};
    QTest::newRow("reserved = total = max") << i(max) << i(max) << absent << absent << absent
                                            << absent << ok;

    // min_unit, max_unit, step_size: 1..2147483647.
    QTest::newRow("min_unit 0") << i(16) << absent << i(0) << absent << absent << absent
                                << QStringList{err("min_unit")};
    QTest::newRow("min_unit 1") << i(16) << absent << i(1) << absent << absent << absent << ok;
    QTest::newRow("min_unit max+1") << i(16) << absent << i(max + 1) << absent << absent << absent
                                    << QStringList{err("min_unit")};
    QTest::newRow("max_unit 0") << i(16) << absent << absent << i(0) << absent << absent
                                << QStringList{err("max_unit")};
    QTest::newRow("max_unit 1") << i(16) << absent << absent << i(1) << absent << absent << ok;
    QTest::newRow("max_unit = total") << i(16) << absent << absent << i(16) << absent << absent
                                      << ok;
    QTest::newRow("max_unit max") << i(16) << absent << absent << i(max) << absent << absent << ok;
    QTest::newRow("max_unit max+1") << i(16) << absent << absent << i(max + 1) << absent << absent
                                    << QStringList{err("max_unit")};
    QTest::newRow("step_size 0") << i(16) << absent << absent << absent << i(0) << absent
                                 << QStringList{err("step_size")};
    QTest::newRow("step_size 1") << i(16) << absent << absent << absent << i(1) << absent << ok;
    QTest::newRow("step_size = total") << i(16) << absent << absent << absent << i(16) << absent
                                       << ok;
    QTest::newRow("step_size max+1") << i(16) << absent << absent << absent << i(max + 1)
                                     << absent << QStringList{err("step_size")};

    // Accepted by Placement, likely mistakes: warnings.
    QTest::newRow("min_unit > max_unit") << i(16) << absent << i(8) << i(4) << absent << absent
                                         << QStringList{warn("min_unit")};
    QTest::newRow("min_unit = max_unit") << i(16) << absent << i(4) << i(4) << absent << absent
                                         << ok;
    QTest::newRow("max_unit = total+1") << i(16) << absent << absent << i(17) << absent << absent
                                        << QStringList{warn("max_unit")};
    QTest::newRow("step_size = total+1") << i(16) << absent << absent << absent << i(17) << absent
                                         << QStringList{warn("step_size")};
    QTest::newRow("min_unit over absent max_unit") << i(16) << absent << i(max) << absent
                                                   << absent << absent << ok;

    // allocation_ratio: number <= 3.40282e38; capacity int((total-reserved)*ratio) >= 0.
    QTest::newRow("ratio -0.1") << i(16) << absent << absent << absent << absent << d(-0.1)
                                << QStringList{err("allocation_ratio")};
    QTest::newRow("ratio 0") << i(16) << absent << absent << absent << absent << d(0.0)
                             << QStringList{warn("allocation_ratio")};
    QTest::newRow("ratio 1") << i(16) << absent << absent << absent << absent << d(1.0) << ok;
    QTest::newRow("ratio 16.0") << i(16) << absent << absent << absent << absent << d(16.0) << ok;
    QTest::newRow("ratio 0.01 (capacity 0)") << i(16) << absent << absent << absent << absent
                                             << d(0.01) << ok;
    QTest::newRow("ratio float max") << i(16) << absent << absent << absent << absent
                                     << d(3.40282e+38) << ok;
    QTest::newRow("ratio past float max") << i(16) << absent << absent << absent << absent
                                          << d(3.40283e+38) << QStringList{err("allocation_ratio")};
    QTest::newRow("ratio NaN") << i(16) << absent << absent << absent << absent
                               << d(std::nan("")) << QStringList{err("allocation_ratio")};
    QTest::newRow("ratio +inf") << i(16) << absent << absent << absent << absent
                                << d(std::numeric_limits<double>::infinity())
                                << QStringList{err("allocation_ratio")};
    QTest::newRow("ratio -inf") << i(16) << absent << absent << absent << absent
                                << d(-std::numeric_limits<double>::infinity())
                                << QStringList{err("allocation_ratio")};

    // The capacity rule truncates toward zero, as Placement's int() does (measured).
    QTest::newRow("ratio -0.05: capacity int(-0.8) = 0, accepted")
        << i(16) << absent << absent << absent << absent << d(-0.05)
        << QStringList{warn("allocation_ratio")};
    QTest::newRow("ratio -0.0625: capacity -1, refused")
        << i(16) << absent << absent << absent << absent << d(-0.0625)
        << QStringList{err("allocation_ratio")};
    QTest::newRow("reserved = total, ratio -1: capacity 0")
        << i(16) << i(16) << absent << absent << absent << d(-1.0)
        << QStringList{warn("allocation_ratio")};
    QTest::newRow("reserved total+1, ratio 0.5: int(-0.5) = 0, accepted")
        << i(16) << i(17) << absent << absent << absent << d(0.5) << QStringList{warn("reserved")};
    QTest::newRow("reserved total+1, ratio 0.99: int(-0.99) = 0, accepted")
        << i(16) << i(17) << absent << absent << absent << d(0.99) << QStringList{warn("reserved")};
    QTest::newRow("reserved total+2, ratio 0.5: capacity -1, refused")
        << i(16) << i(18) << absent << absent << absent << d(0.5) << QStringList{err("reserved")};
    QTest::newRow("reserved total+1, ratio 0")
        << i(16) << i(17) << absent << absent << absent << d(0.0)
        << QStringList{warn("reserved"), warn("allocation_ratio")};
    QTest::newRow("reserved total+1, ratio -1: capacity +1")
        << i(16) << i(17) << absent << absent << absent << d(-1.0)
        << QStringList{warn("reserved"), warn("allocation_ratio")};

    QTest::newRow("several errors at once") << i(0) << i(-1) << i(0) << i(0) << i(0) << d(std::nan(""))
        << QStringList{err("total"), err("reserved"), err("min_unit"), err("max_unit"),
                       err("step_size"), err("allocation_ratio")};
}

void TestValidation::inventory()
{
    QFETCH(QVariant, total);
    QFETCH(QVariant, reserved);
    QFETCH(QVariant, minUnit);
    QFETCH(QVariant, maxUnit);
    QFETCH(QVariant, stepSize);
    QFETCH(QVariant, ratio);
    QFETCH(QStringList, expected);

    InventoryRecord record;
    record.total = optionalFrom<qint64>(total);
    record.reserved = optionalFrom<qint64>(reserved);
    record.minUnit = optionalFrom<qint64>(minUnit);
    record.maxUnit = optionalFrom<qint64>(maxUnit);
    record.stepSize = optionalFrom<qint64>(stepSize);
    record.allocationRatio = optionalFrom<double>(ratio);

    const Problems problems = checkInventory(QStringLiteral("VCPU"), record, kProvider);
    QCOMPARE(summary(problems), expected);
    for (const Problem &p : problems) {
        QCOMPARE(provtree::kindName(p.kind), provtree::kindName(ProblemKind::InvalidInventory));
        QCOMPARE(p.provider, kProvider);
        QVERIFY(!p.message.isEmpty() && p.message.at(0).isLower());
    }
}

void TestValidation::inventoryMessages_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("reserved");
    QTest::addColumn<double>("ratio");
    QTest::addColumn<QString>("message");
    QTest::newRow("reserved") << qint64(16) << qint64(17) << 1.0
                              << QStringLiteral("reserved (17) must not exceed total (16)");
    QTest::newRow("ratio") << qint64(16) << qint64(0) << -0.1
                           << QStringLiteral("allocation_ratio (-0.1) makes capacity negative (-1)");
    QTest::newRow("total") << qint64(0) << qint64(0) << 1.0
                           << QStringLiteral("total (0) must be 1 to 2147483647");
}

void TestValidation::inventoryMessages()
{
    QFETCH(qint64, total);
    QFETCH(qint64, reserved);
    QFETCH(double, ratio);
    QFETCH(QString, message);
    InventoryRecord record;
    record.total = total;
    record.reserved = reserved;
    record.allocationRatio = ratio;
    const Problems problems = checkInventory(QStringLiteral("VCPU"), record, kProvider);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems[0].message, message);
}

void TestValidation::inventories()
{
    Inventories inventories;
    InventoryRecord good;
    good.total = 8;
    InventoryRecord bad;
    inventories.insert(QStringLiteral("VCPU"), good);
    inventories.insert(QStringLiteral("CUSTOM_FPGA_X"), good);
    inventories.insert(QStringLiteral("DISK_GB"), bad);
    inventories.insert(QStringLiteral("vcpu"), good);
    const Problems problems = checkInventories(inventories, kProvider);
    QCOMPARE(summary(problems), (QStringList{QStringLiteral("error:inventories.DISK_GB.total"),
                                             QStringLiteral("error:inventories.\"vcpu\"")}));
    QCOMPARE(provtree::kindName(problems[1].kind), provtree::kindName(ProblemKind::InvalidResourceClass));
    QVERIFY(checkInventories({}, kProvider).isEmpty());
}

void TestValidation::usages_data()
{
    QTest::addColumn<QString>("resourceClass");
    QTest::addColumn<qint64>("used");
    QTest::addColumn<QStringList>("expected");
    // VCPU: total 16, reserved 0, ratio 1.5 -> capacity 24. DISK_GB: total 100, reserved 10.
    QTest::newRow("0") << QStringLiteral("VCPU") << qint64(0) << QStringList();
    QTest::newRow("-1") << QStringLiteral("VCPU") << qint64(-1)
                        << QStringList{QStringLiteral("error:usages.VCPU")};
    QTest::newRow("at capacity (overcommitted)") << QStringLiteral("VCPU") << qint64(24)
                                                 << QStringList();
    QTest::newRow("capacity+1") << QStringLiteral("VCPU") << qint64(25)
                                << QStringList{QStringLiteral("warning:usages.VCPU")};
    QTest::newRow("at capacity after reserved") << QStringLiteral("DISK_GB") << qint64(90)
                                                << QStringList();
    QTest::newRow("past capacity after reserved") << QStringLiteral("DISK_GB") << qint64(91)
                                                  << QStringList{QStringLiteral("warning:usages.DISK_GB")};
    QTest::newRow("no inventory") << QStringLiteral("MEMORY_MB") << qint64(1)
                                  << QStringList{QStringLiteral("error:usages.MEMORY_MB")};
    QTest::newRow("no inventory, 0") << QStringLiteral("MEMORY_MB") << qint64(0)
                                     << QStringList{QStringLiteral("error:usages.MEMORY_MB")};
}

void TestValidation::usages()
{
    QFETCH(QString, resourceClass);
    QFETCH(qint64, used);
    QFETCH(QStringList, expected);
    Inventories inventories;
    InventoryRecord vcpu;
    vcpu.total = 16;
    vcpu.allocationRatio = 1.5;
    InventoryRecord disk;
    disk.total = 100;
    disk.reserved = 10;
    inventories.insert(QStringLiteral("VCPU"), vcpu);
    inventories.insert(QStringLiteral("DISK_GB"), disk);
    const Problems problems = checkUsages({{resourceClass, used}}, inventories, kProvider);
    QCOMPARE(summary(problems), expected);
    for (const Problem &p : problems)
        QCOMPARE(provtree::kindName(p.kind), provtree::kindName(ProblemKind::InvalidUsage));
}

void TestValidation::provider_data()
{
    QTest::addColumn<ProviderData>("data");
    QTest::addColumn<QStringList>("expected");

    const ProviderData valid = validProvider();
    QTest::newRow("valid") << valid << QStringList();
    {
        ProviderData p = valid;
        p.parentUuid = QStringLiteral("99999999-8888-7777-6666-555555555555");
        QTest::newRow("valid child") << p << QStringList();
    }
    {
        ProviderData p = valid;
        p.uuid = p.uuid.toUpper().replace(u'1', u'A');
        QTest::newRow("upper-case uuid: stored form must be canonical")
            << p << QStringList{QStringLiteral("error:uuid")};
    }
    {
        ProviderData p = valid;
        p.uuid = QStringLiteral("not-a-uuid");
        QTest::newRow("bad uuid") << p << QStringList{QStringLiteral("error:uuid")};
    }
    {
        ProviderData p = valid;
        p.parentUuid = QStringLiteral("12345");
        QTest::newRow("bad parent") << p << QStringList{QStringLiteral("error:parent_provider_uuid")};
    }
    {
        ProviderData p = valid;
        p.aggregates = {QStringLiteral("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")};
        QTest::newRow("aggregate not canonical") << p << QStringList{QStringLiteral("error:aggregates")};
    }
    {
        ProviderData p = valid;
        p.name.clear();
        p.generation = -1;
        p.inventories[QStringLiteral("VCPU")].reserved = 17;
        p.usages.insert(QStringLiteral("DISK_GB"), 5);
        p.traits.append(QStringLiteral("lower"));
        p.traits.append(QStringLiteral("HW_FUTURE_THING"));
        p.aggregates.append(QStringLiteral("rack"));
        QTest::newRow("one of everything")
            << p
            << QStringList{QStringLiteral("error:name"), QStringLiteral("error:generation"),
                           QStringLiteral("error:inventories.VCPU.reserved"),
                           QStringLiteral("error:usages.DISK_GB"), QStringLiteral("error:traits"),
                           QStringLiteral("warning:traits"), QStringLiteral("error:aggregates")};
    }
}

void TestValidation::provider()
{
    QFETCH(ProviderData, data);
    QFETCH(QStringList, expected);
    const Problems problems = checkProvider(data);
    QCOMPARE(summary(problems), expected);
    for (const Problem &p : problems) {
        QVERIFY(!p.provider.isEmpty());
        QVERIFY(!containsControlCharacter(p.message));
    }
}

void TestValidation::strictTurnsWarningsIntoErrors()
{
    InventoryRecord record;
    record.total = 16;
    record.allocationRatio = 0.0;
    record.minUnit = 8;
    record.maxUnit = 4;
    const Problems loose = checkInventory(QStringLiteral("VCPU"), record, kProvider);
    QCOMPARE(loose.size(), 2);
    QVERIFY(Status(loose).ok()); // warnings only
    const Problems strictProblems = strict(loose);
    QCOMPARE(strictProblems.size(), 2);
    QVERIFY(!Status(strictProblems).ok());
    for (qsizetype i = 0; i < loose.size(); ++i) {
        QVERIFY(!loose[i].isError());
        QVERIFY(strictProblems[i].isError());
        QCOMPARE(strictProblems[i].message, loose[i].message);
        QCOMPARE(strictProblems[i].field, loose[i].field);
        QCOMPARE(provtree::kindName(strictProblems[i].kind), provtree::kindName(loose[i].kind));
    }
    QVERIFY(strict({}).isEmpty());
    const Problems trait = checkTrait(u"HW_FUTURE_THING", kProvider);
    QVERIFY(Status(trait).ok());
    QVERIFY(!Status(strict(trait)).ok());
}

void TestValidation::quotedInputIsNeutralised_data()
{
    QTest::addColumn<ProviderData>("data");
    QTest::addColumn<QString>("field");

    const QString evil = QStringLiteral("x\nerror: forged line\x1b[31m\u202e");
    {
        ProviderData p = validProvider();
        p.uuid = evil;
        QTest::newRow("uuid") << p << QStringLiteral("uuid");
    }
    {
        ProviderData p = validProvider();
        p.uuid.clear();
        p.name = evil + QString(200, u'y');
        QTest::newRow("name (labels the provider)") << p << QString();
    }
    {
        ProviderData p = validProvider();
        p.parentUuid = evil;
        QTest::newRow("parent") << p << QStringLiteral("parent_provider_uuid");
    }
    {
        ProviderData p = validProvider();
        InventoryRecord r;
        r.total = 1;
        p.inventories.insert(evil, r);
        QTest::newRow("resource class") << p << QString();
    }
    {
        ProviderData p = validProvider();
        p.usages.insert(evil, 1);
        QTest::newRow("usage class") << p << QString();
    }
    {
        ProviderData p = validProvider();
        p.traits.append(evil);
        QTest::newRow("trait") << p << QStringLiteral("traits");
    }
    {
        ProviderData p = validProvider();
        p.aggregates.append(evil);
        QTest::newRow("aggregate") << p << QStringLiteral("aggregates");
    }
}

void TestValidation::quotedInputIsNeutralised()
{
    QFETCH(ProviderData, data);
    QFETCH(QString, field);
    const Problems problems = checkProvider(data);
    QVERIFY(!problems.isEmpty());
    bool quoted = false;
    for (const Problem &p : problems) {
        QVERIFY2(!containsControlCharacter(p.message), qPrintable(p.message));
        QVERIFY2(!containsControlCharacter(p.field), qPrintable(p.field));
        QVERIFY2(!containsControlCharacter(p.provider), qPrintable(p.provider));
        QVERIFY2(!containsControlCharacter(p.toString()), qPrintable(p.toString()));
        if (!field.isEmpty())
            QVERIFY2(p.field == field, qPrintable(p.field));
        quoted = quoted || p.message.contains(QLatin1String("\\n"))
            || p.provider.contains(QLatin1String("\\n"));
    }
    QVERIFY(quoted); // the escaped form is there: the input was quoted, not dropped
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
