// The request model's parsers (model/candidates/candidaterequestparser.h): the URL query
// form exactly as Placement 8 reads and refuses it, the flavor form, and the canonical
// query. The table of queries and Placement's answers (support/candidatequerycases.h) was
// measured against a real Placement 8.0.0; tst_candidaterequestlive checks it there.

#include "candidaterequestparser.h"
#include "neutralise.h"
#include "pythonsyntax.h"
#include "querystring.h"
#include "support/candidatequerycases.h"
#include "support/hostiletext.h"
#include "support/randomcandidaterequest.h"

#include <QTest>

using namespace provtree;
using namespace Qt::StringLiterals;

namespace {

const QString kU1 = QStringLiteral("11111111-2222-3333-4444-555555555555");
const QString kU2 = QStringLiteral("22222222-3333-4444-5555-666666666666");
const QString kU3 = QStringLiteral("33333333-4444-5555-6666-777777777777");

QString describe(const CandidateRequest &r)
{
    QStringList parts;
    for (const RequestGroup &g : r.groups) {
        QStringList res;
        for (auto it = g.resources.cbegin(); it != g.resources.cend(); ++it)
            res.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
        QStringList req;
        for (const QStringList &anyOf : g.requiredTraits)
            req.append(QLatin1Char('(') + anyOf.join(QLatin1String("|")) + QLatin1Char(')'));
        QStringList mem;
        for (const QStringList &anyOf : g.memberOf)
            mem.append(QLatin1Char('(') + anyOf.join(QLatin1String("|")) + QLatin1Char(')'));
        parts.append(QStringLiteral("[%1] res{%2} req{%3} !{%4} mem{%5} !mem{%6} tree{%7}")
                         .arg(g.suffix, res.join(u','), req.join(u','), g.forbiddenTraits.join(u','),
                              mem.join(u','), g.forbiddenAggregates.join(u','), g.inTree));
    }
    QStringList subtrees;
    for (const QStringList &s : r.sameSubtrees)
        subtrees.append(QLatin1Char('(') + s.join(u',') + QLatin1Char(')'));
    parts.append(QStringLiteral("policy=%1 limit=%2 root{%3} !root{%4} subtrees{%5}")
                     .arg(QString::number(int(r.groupPolicy)),
                          r.limit ? QString::number(*r.limit) : QStringLiteral("-"), r.rootRequired.join(u','),
                          r.rootForbidden.join(u','), subtrees.join(u',')));
    return parts.join(QLatin1String("; "));
}

// A group, compactly: {"VCPU", 4} pairs and the rest by name.
RequestGroup group(const QString &suffix, const QMap<QString, qint64> &resources,
                   const QList<QStringList> &required = {}, const QStringList &forbidden = {},
                   const QList<QStringList> &memberOf = {}, const QStringList &forbiddenAggregates = {},
                   const QString &inTree = {})
{
    RequestGroup g;
    g.suffix = suffix;
    g.resources = resources;
    g.requiredTraits = required;
    g.forbiddenTraits = forbidden;
    g.memberOf = memberOf;
    g.forbiddenAggregates = forbiddenAggregates;
    g.inTree = inTree;
    return g;
}

CandidateRequest request(const QList<RequestGroup> &groups, GroupPolicy policy = GroupPolicy::Unset)
{
    CandidateRequest r;
    r.groups = groups;
    r.groupPolicy = policy;
    return r;
}

QString errorText(const Result<CandidateRequest> &result)
{
    return result.ok() ? QString() : result.status().firstError().message;
}

QStringList warningFields(const Result<CandidateRequest> &result)
{
    QStringList fields;
    for (const Problem &p : result.problems()) {
        if (!p.isError())
            fields.append(p.field);
    }
    return fields;
}

// The flavor form of a request the random generator made: each part in one of the forms
// the grammar allows, in a shuffled order.
QString flavorText(const CandidateRequest &r, QRandomGenerator &rng)
{
    QStringList items;
    const auto quoted = [&](const QString &value) {
        return rng.bounded(3) == 0 ? QLatin1Char('\'') + value + QLatin1Char('\'') : value;
    };
    for (const RequestGroup &g : r.groups) {
        const QString &s = g.suffix;
        QStringList classList;
        for (auto it = g.resources.cbegin(); it != g.resources.cend(); ++it) {
            const QString amount = QString::number(it.value());
            switch (s.isEmpty() ? rng.bounded(3) : 1 + rng.bounded(2)) {
            case 0: classList.append(it.key() + QLatin1Char('=') + amount); break;
            case 1: items.append(QStringLiteral("resources%1:%2=%3").arg(s, it.key(), quoted(amount))); break;
            default: items.append(QStringLiteral("resources%1=%2:%3").arg(s, it.key(), amount)); break;
            }
        }
        if (!classList.isEmpty())
            items.append(classList.join(u','));
        for (const QStringList &anyOf : g.requiredTraits) {
            if (anyOf.size() == 1 && rng.bounded(2) == 0)
                items.append(QStringLiteral("trait%1:%2=required").arg(s, anyOf.first()));
            else
                items.append(QStringLiteral("required%1=").arg(s) + quoted(QStringLiteral("in:") + anyOf.join(u',')));
        }
        for (const QString &trait : g.forbiddenTraits) {
            if (rng.bounded(2) == 0)
                items.append(QStringLiteral("trait%1:%2=forbidden").arg(s, trait));
            else
                items.append(QStringLiteral("required%1=!%2").arg(s, trait));
        }
        for (const QStringList &anyOf : g.memberOf)
            items.append(QStringLiteral("member_of%1=in:%2").arg(s, anyOf.join(u',')));
        for (const QString &aggregate : g.forbiddenAggregates)
            items.append(QStringLiteral("member_of%1=!%2").arg(s, aggregate));
        if (!g.inTree.isEmpty())
            items.append(QStringLiteral("in_tree%1=%2").arg(s, g.inTree));
    }
    if (r.groupPolicy != GroupPolicy::Unset)
        items.append(r.groupPolicy == GroupPolicy::Isolate ? QStringLiteral("group_policy=isolate")
                                                           : QStringLiteral("group_policy=none"));
    if (r.limit)
        items.append(QStringLiteral("limit=%1").arg(*r.limit));
    QStringList root = r.rootRequired;
    for (const QString &t : r.rootForbidden)
        root.append(QLatin1Char('!') + t);
    if (!root.isEmpty())
        items.append(QStringLiteral("root_required=") + root.join(u','));
    for (const QStringList &s : r.sameSubtrees)
        items.append(QStringLiteral("same_subtree=") + s.join(u','));
    for (qsizetype i = items.size() - 1; i > 0; --i)
        items.swapItemsAt(i, rng.bounded(i + 1));
    return items.join(rng.bounded(2) == 0 ? QStringLiteral(" ") : QStringLiteral(",\n  "));
}

bool hasEmptyGroup(const CandidateRequest &r)
{
    return std::any_of(r.groups.cbegin(), r.groups.cend(), [](const RequestGroup &g) {
        return g.resources.isEmpty() && g.requiredTraits.isEmpty() && g.forbiddenTraits.isEmpty()
            && g.memberOf.isEmpty() && g.forbiddenAggregates.isEmpty() && g.inTree.isEmpty();
    });
}

} // namespace

class tst_CandidateRequest : public QObject
{
    Q_OBJECT

private slots:
    void pythonInt_data();
    void pythonInt();
    void pythonStripAndUuids();
    void queryStringDecoding_data();
    void queryStringDecoding();
    void placementTable_data();
    void placementTable();
    void divergences_data();
    void divergences();
    void acceptedQueriesGiveTheRequest_data();
    void acceptedQueriesGiveTheRequest();
    void queryForms_data();
    void queryForms();
    void warnings_data();
    void warnings();
    void flavorFormMeansTheSame_data();
    void flavorFormMeansTheSame();
    void flavorFormRefusals_data();
    void flavorFormRefusals();
    void canonicalQuery_data();
    void canonicalQuery();
    void randomRequestsRoundTrip();
    void randomQueriesReachAFixedPoint();
    void hostileTextIsQuotedOnce_data();
    void hostileTextIsQuotedOnce();
};

// ---- Python's int(), str.strip(), is_uuid_like ---------------------------------------

void tst_CandidateRequest::pythonInt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("python"); // what int(text) gives, "" when it raises ValueError

    // Each answer is what Debian's /usr/bin/python3 (3.11.2) printed for int(text).
    QTest::newRow("plain") << u"5"_s << u"5"_s;
    QTest::newRow("spaces") << u" 5 "_s << u"5"_s;
    QTest::newRow("plus") << u"+5"_s << u"5"_s;
    QTest::newRow("minus") << u"-5"_s << u"-5"_s;
    QTest::newRow("minus zero") << u"-0"_s << u"0"_s;
    QTest::newRow("underscore") << u"5_0"_s << u"50"_s;
    QTest::newRow("leading underscore") << u"_5"_s << u""_s;
    QTest::newRow("trailing underscore") << u"5_"_s << u""_s;
    QTest::newRow("two underscores") << u"5__0"_s << u""_s;
    QTest::newRow("sign then underscore") << u"+_5"_s << u""_s;
    QTest::newRow("Arabic-Indic three") << QString(QChar(0x0663)) << u"3"_s;
    QTest::newRow("extended Arabic-Indic twelve") << QString(QChar(0x06f1)) + QChar(0x06f2) << u"12"_s;
    QTest::newRow("mathematical bold one") << QString::fromUcs4(U"\U0001D7CF") << u"1"_s;
    QTest::newRow("superscript two") << QString(QChar(0x00b2)) << u""_s;
    QTest::newRow("hex") << u"0x5"_s << u""_s;
    QTest::newRow("leading zeros") << u"007"_s << u"7"_s;
    QTest::newRow("sign space digit") << u"- 5"_s << u""_s;
    QTest::newRow("two signs") << u"+-5"_s << u""_s;
    QTest::newRow("empty") << u""_s << u""_s;
    QTest::newRow("only spaces") << u"  "_s << u""_s;
    QTest::newRow("space inside") << u"5 5"_s << u""_s;
    QTest::newRow("U+001C is not int()'s space") << u"\x1c"_s u"5"_s << u""_s;
    QTest::newRow("U+0085 is") << QString(QChar(0x85)) + QLatin1Char('5') << u"5"_s;
    QTest::newRow("U+2003 is") << QString(QChar(0x2003)) + QLatin1Char('5') << u"5"_s;
    QTest::newRow("int64 max") << u"9223372036854775807"_s << u"9223372036854775807"_s;
    QTest::newRow("past int64") << u"99999999999999999999"_s << u"99999999999999999999"_s;
    QTest::newRow("4300 digits") << QString(4300, QLatin1Char('1')) << QString(4300, QLatin1Char('1'));
    QTest::newRow("4301 digits") << QString(4301, QLatin1Char('1')) << u""_s;
    QTest::newRow("4301 zeros") << QString(4301, QLatin1Char('0')) << u""_s;
    QString underscored = QStringLiteral("1_").repeated(4299) + QLatin1Char('1');
    QTest::newRow("4300 digits with underscores") << underscored << QString(4300, QLatin1Char('1'));
}

void tst_CandidateRequest::pythonInt()
{
    QFETCH(QString, text);
    QFETCH(QString, python);
    const pythonsyntax::PythonInt value = pythonsyntax::parseInt(text);
    QCOMPARE(value.valid, !python.isEmpty());
    QCOMPARE(value.text(), python);
    bool fits = false;
    const qint64 expected = python.toLongLong(&fits);
    QCOMPARE(value.value.has_value(), fits);
    if (fits)
        QCOMPARE(*value.value, expected);
}

void tst_CandidateRequest::pythonStripAndUuids()
{
    // str.strip() takes U+001C..U+001F and U+3000 as spaces; QString::trimmed() does not.
    const QString padded = QStringLiteral("\x1c a b\x1f") + QChar(0x3000);
    QCOMPARE(pythonsyntax::strip(padded), QStringLiteral("a b"));
    QCOMPARE(pythonsyntax::strip(QStringLiteral(" \t\n")), QString());
    QCOMPARE(pythonsyntax::strip(QStringLiteral("\x01x")), QStringLiteral("\x01x"));
    // oslo_utils.uuidutils.is_uuid_like, as Python answered.
    const QList<std::pair<QString, bool>> uuids{
        {kU1, true},
        {kU1.toUpper(), true},
        {QStringLiteral("11111111222233334444555555555555"), true},
        {QLatin1Char('{') + kU1 + QLatin1Char('}'), true},
        {QStringLiteral("{{") + kU1 + QStringLiteral("}}"), true},
        {QStringLiteral("urn:uuid:") + kU1, true},
        {QStringLiteral("uurn:uid:11111111222233334444555555555555"), true},
        {QStringLiteral("11111111-2222-3333-4444-55555555555-5"), true},
        {QStringLiteral("URN:UUID:11111111222233334444555555555555"), false},
        {QStringLiteral("1111111122223333444455555555555"), false},
        {QLatin1Char(' ') + kU1, false},
        {QString(), false},
        {QStringLiteral("not-a-uuid"), false},
    };
    for (const auto &[text, like] : uuids)
        QVERIFY2(pythonsyntax::isUuidLike(text) == like, qPrintable(text));
    QCOMPARE(pythonsyntax::dollarSubject(u"resources\n"), QStringLiteral("resources"));
    QCOMPARE(pythonsyntax::dollarSubject(u"resources\n\n"), QStringLiteral("resources\n"));
}

// ---- webob's query decoding ---------------------------------------------------------

void tst_CandidateRequest::queryStringDecoding_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QStringList>("pairs"); // key=value each; empty with an error
    QTest::addColumn<QString>("error");

    QTest::newRow("ampersand") << QByteArray("a=1&b=2") << QStringList{u"a=1"_s, u"b=2"_s} << QString();
    QTest::newRow("semicolon") << QByteArray("a=1;b=2") << QStringList{u"a=1"_s, u"b=2"_s} << QString();
    QTest::newRow("plus is space") << QByteArray("a+b=c+d") << QStringList{u"a b=c d"_s} << QString();
    QTest::newRow("empty pairs skipped, no '=' is empty") << QByteArray("&a&&b;") << QStringList{u"a="_s, u"b="_s}
                                                        << QString();
    QTest::newRow("only the first '=' splits") << QByteArray("a=b=c") << QStringList{u"a=b=c"_s} << QString();
    QTest::newRow("percent") << QByteArray("a=%41%42%2B") << QStringList{u"a=AB+"_s} << QString();
    QTest::newRow("broken percent kept") << QByteArray("a=%zz%4") << QStringList{u"a=%zz%4"_s} << QString();
    QTest::newRow("UTF-8") << QByteArray("a=%C3%A9") << QStringList{QStringLiteral("a=") + QChar(0xe9)} << QString();
    QTest::newRow("invalid start byte") << QByteArray("%FF=1") << QStringList()
                                        << u"byte 0xff in position 0: invalid start byte"_s;
    QTest::newRow("invalid continuation") << QByteArray("a=%C3%28") << QStringList()
                                          << u"byte 0xc3 in position 0: invalid continuation byte"_s;
    QTest::newRow("truncated") << QByteArray("a=x%E2%82") << QStringList()
                               << u"byte 0xe2 in position 1: unexpected end of data"_s;
    QTest::newRow("surrogate") << QByteArray("a=%ED%A0%80") << QStringList()
                               << u"byte 0xed in position 0: invalid continuation byte"_s;
    QTest::newRow("overlong") << QByteArray("a=%C0%AF") << QStringList()
                              << u"byte 0xc0 in position 0: invalid start byte"_s;
    QTest::newRow("past U+10FFFF") << QByteArray("a=%F4%90%80%80") << QStringList()
                                   << u"byte 0xf4 in position 0: invalid continuation byte"_s;
}

void tst_CandidateRequest::queryStringDecoding()
{
    QFETCH(QByteArray, query);
    QFETCH(QStringList, pairs);
    QFETCH(QString, error);
    const Result<QueryParameters> decoded = decodeQueryString(query);
    if (!error.isEmpty()) {
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.status().firstError().message.contains(error), qPrintable(decoded.status().firstError().message));
        return;
    }
    QVERIFY(decoded.ok());
    QStringList got;
    for (const QueryParameter &p : decoded.value())
        got.append(p.key + QLatin1Char('=') + p.value);
    QCOMPARE(got, pairs);
}

// ---- the table measured against Placement 8.0.0 -------------------------------------

void tst_CandidateRequest::placementTable_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("reason");
    for (const auto &c : testing::candidateQueryCases())
        QTest::newRow(c.name) << c.query << c.accepted << c.reason;
}

void tst_CandidateRequest::placementTable()
{
    QFETCH(QByteArray, query);
    QFETCH(bool, accepted);
    QFETCH(QByteArray, reason);
    const Result<CandidateRequest> parsed = parseCandidateQuery(QString::fromLatin1(query));
    QVERIFY2(parsed.ok() == accepted, qPrintable(errorText(parsed)));
    if (!accepted)
        QVERIFY2(errorText(parsed).contains(QString::fromUtf8(reason)), qPrintable(errorText(parsed)));
}

void tst_CandidateRequest::divergences_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<bool>("parserAccepts");
    for (const auto &d : testing::candidateQueryDivergences())
        QTest::newRow(d.name) << d.query << d.parserAccepts;
}

void tst_CandidateRequest::divergences()
{
    QFETCH(QByteArray, query);
    QFETCH(bool, parserAccepts);
    const Result<CandidateRequest> parsed = parseCandidateQuery(QString::fromLatin1(query));
    QVERIFY2(parsed.ok() == parserAccepts, qPrintable(errorText(parsed)));
    // What the parser accepts here, it accepts with a reason to doubt only where it can
    // know: an unknown standard-form trait.
    if (parsed.ok() && query.contains("HW_NOT_A_TRAIT"))
        QCOMPARE(warningFields(parsed), QStringList{QStringLiteral("required")});
}

// ---- what the accepted queries mean -------------------------------------------------

void tst_CandidateRequest::acceptedQueriesGiveTheRequest_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<CandidateRequest>("expected");

    const QString avx = QStringLiteral("HW_CPU_X86_AVX2");
    const QString sse = QStringLiteral("HW_CPU_X86_SSE42");
    QTest::newRow("flavor") << u"resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2"_s
                            << request({group({}, {{u"VCPU"_s, 4}, {u"MEMORY_MB"_s, 8192}}, {{avx}})});
    QTest::newRow("int() amounts") << u"resources=VCPU:%2B1_0,MEMORY_MB:%D9%A3,DISK_GB:%20007%20"_s
                                   << request({group({}, {{u"VCPU"_s, 10}, {u"MEMORY_MB"_s, 3}, {u"DISK_GB"_s, 7}})});
    QTest::newRow("last amount, last resources") << u"resources=VCPU:1,VCPU:2&resources1=PCPU:1&resources1=VGPU:3"_s
                                                 << request({group({}, {{u"VCPU"_s, 2}}), group(u"1"_s, {{u"VGPU"_s, 3}})});
    QTest::newRow("forbidden, !!, stripped")
        << u"resources=VCPU:1&required=+HW_CPU_X86_AVX2,!!HW_CPU_X86_SSE42,%20!CUSTOM_A"_s
        << request({group({}, {{u"VCPU"_s, 1}}, {{avx}}, {u"CUSTOM_A"_s, sse})});
    QTest::newRow("any-of and AND, duplicates once")
        << u"resources=VCPU:1&required=in:HW_CPU_X86_SSE42,HW_CPU_X86_AVX2&required=HW_CPU_X86_AVX2"_s
           u"&required=in:HW_CPU_X86_AVX2,HW_CPU_X86_SSE42,HW_CPU_X86_AVX2&required=in:CUSTOM_X"_s
        << request({group({}, {{u"VCPU"_s, 1}}, {{u"CUSTOM_X"_s}, {avx}, {avx, sse}})});
    QTest::newRow("member_of forms")
        << QStringLiteral("resources=VCPU:1&member_of=%1&member_of=in:%3,%2,%3&member_of=!%2&member_of=!in:%3,%1")
               .arg(kU1, kU2, kU3)
        << request({group({}, {{u"VCPU"_s, 1}}, {}, {}, {{kU1}, {kU2, kU3}}, {kU1, kU2, kU3})});
    QTest::newRow("member_of kept as written") << QStringLiteral("resources=VCPU:1&member_of=%7B%1%7D").arg(kU1)
                                               << request({group({}, {{u"VCPU"_s, 1}}, {}, {},
                                                                 {{QLatin1Char('{') + kU1 + QLatin1Char('}')}})});
    QTest::newRow("in_tree stripped, the last")
        << QStringLiteral("resources=VCPU:1&in_tree=%1&in_tree=%20%2%09").arg(kU1, kU2)
        << request({group({}, {{u"VCPU"_s, 1}}, {}, {}, {}, {}, kU2)});
    CandidateRequest granular = request({group(u"1"_s, {{u"VCPU"_s, 1}}), group(u"_NET"_s, {{u"SRIOV_NET_VF"_s, 2}},
                                                                          {{u"CUSTOM_PHYSNET_A"_s}})},
                                        GroupPolicy::Isolate);
    QTest::newRow("granular, sorted by suffix")
        << u"resources_NET=SRIOV_NET_VF:2&required_NET=CUSTOM_PHYSNET_A&resources1=VCPU:1&group_policy=isolate"_s
        << granular;
    CandidateRequest subtree = request({group({}, {{u"VCPU"_s, 1}}), group(u"1"_s, {{u"SRIOV_NET_VF"_s, 1}}),
                                        group(u"2"_s, {}, {{u"CUSTOM_PHYSNET_A"_s}})},
                                       GroupPolicy::None);
    subtree.sameSubtrees = {{u"1"_s, u"2"_s}, {u"2"_s}};
    QTest::newRow("same_subtree, resourceless group")
        << u"resources=VCPU:1&resources1=SRIOV_NET_VF:1&required2=CUSTOM_PHYSNET_A&group_policy=none"_s
           u"&same_subtree=%202%20,1&same_subtree=2&same_subtree=2,1"_s
        << subtree;
    CandidateRequest wide = request({group({}, {{u"VCPU"_s, 1}})});
    wide.limit = 5;
    wide.rootRequired = {avx};
    wide.rootForbidden = {u"COMPUTE_STATUS_DISABLED"_s};
    QTest::newRow("root_required, limit") << u"resources=VCPU:1&root_required=HW_CPU_X86_AVX2,!!COMPUTE_STATUS_DISABLED"_s
                                             u"&limit=5"_s
                                          << wide;
    CandidateRequest firstLimit = request({group({}, {{u"VCPU"_s, 1}})});
    firstLimit.limit = 7;
    QTest::newRow("the first limit") << u"resources=VCPU:1&limit=7&limit=5"_s << firstLimit;
    QTest::newRow("a first limit 0 is none") << u"resources=VCPU:1&limit=0&limit=5"_s << request({group({}, {{u"VCPU"_s, 1}})});
    CandidateRequest huge = request({group({}, {{u"VCPU"_s, 1}})});
    huge.limit = std::numeric_limits<qint64>::max();
    QTest::newRow("a limit past 64 bits limits nothing") << u"resources=VCPU:1&limit=99999999999999999999"_s << huge;
    QTest::newRow("an empty first group_policy is none given")
        << u"resources1=VCPU:1&group_policy=&group_policy=isolate"_s << request({group(u"1"_s, {{u"VCPU"_s, 1}})});
    QTest::newRow("key with a final newline") << u"resources%0A=VCPU:1&required%0A=lowercase"_s
                                              << request({group({}, {{u"VCPU"_s, 1}})});
    CandidateRequest empty = request({group(u"1"_s, {{u"VCPU"_s, 1}}), group(u"2"_s, {})}, GroupPolicy::None);
    empty.sameSubtrees = {{u"1"_s, u"2"_s}};
    QTest::newRow("an empty group") << u"resources1=VCPU:1&required2%0A=&group_policy=none&same_subtree=1,2"_s << empty;
}

void tst_CandidateRequest::acceptedQueriesGiveTheRequest()
{
    QFETCH(QString, query);
    QFETCH(CandidateRequest, expected);
    const Result<CandidateRequest> parsed = parseCandidateQuery(query);
    QVERIFY2(parsed.ok(), qPrintable(errorText(parsed)));
    QCOMPARE(describe(parsed.value()), describe(expected));
    QVERIFY(parsed.value() == expected);
}

void tst_CandidateRequest::queryForms_data()
{
    QTest::addColumn<QString>("text");
    const QString query = QStringLiteral("resources=VCPU%3A4%2CMEMORY_MB%3A8192&required=HW_CPU_X86_AVX2");
    QTest::newRow("bare") << query;
    QTest::newRow("decoded") << QStringLiteral("resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2");
    QTest::newRow("question mark") << QLatin1Char('?') + query;
    QTest::newRow("surrounding spaces") << QStringLiteral("  ") + query + QStringLiteral("\n");
    QTest::newRow("URL") << QStringLiteral("http://controller:8778/placement/allocation_candidates?") + query;
    QTest::newRow("URL with fragment") << QStringLiteral("https://ctl/allocation_candidates?") + query
                                              + QStringLiteral("#top");
    QTest::newRow("request line of a log") << QStringLiteral("GET /placement/allocation_candidates?") + query
                                                  + QStringLiteral(" HTTP/1.1");
    QTest::newRow("path") << QStringLiteral("/allocation_candidates?") + query;
}

void tst_CandidateRequest::queryForms()
{
    QFETCH(QString, text);
    const Result<CandidateRequest> parsed = parseCandidateQuery(text);
    QVERIFY2(parsed.ok(), qPrintable(errorText(parsed)));
    QCOMPARE(describe(parsed.value()),
             describe(request({group({}, {{u"VCPU"_s, 4}, {u"MEMORY_MB"_s, 8192}}, {{u"HW_CPU_X86_AVX2"_s}})})));
}

void tst_CandidateRequest::warnings_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("fields");

    QTest::newRow("none") << u"resources=VCPU:1&required=CUSTOM_A&member_of="_s + kU1 << QStringList();
    QTest::newRow("class twice") << u"resources=VCPU:1,VCPU:2"_s << QStringList{u"resources"_s};
    QTest::newRow("resources twice") << u"resources1=VCPU:1&resources1=VCPU:2"_s << QStringList{u"resources1"_s};
    QTest::newRow("in_tree twice") << u"resources=VCPU:1&in_tree="_s + kU1 + u"&in_tree="_s + kU2 << QStringList{u"in_tree"_s};
    QTest::newRow("limit twice") << u"resources=VCPU:1&limit=1&limit=2"_s << QStringList{u"limit"_s};
    QTest::newRow("group_policy twice") << u"resources=VCPU:1&group_policy=none&group_policy=none"_s
                                        << QStringList{u"group_policy"_s};
    QTest::newRow("unknown standard-form trait") << u"resources=VCPU:1&required=HW_NOT_A_TRAIT"_s
                                                 << QStringList{u"required"_s};
    QTest::newRow("unknown root trait") << u"resources=VCPU:1&root_required=!HW_NOT_A_TRAIT"_s
                                        << QStringList{u"root_required"_s};
    QTest::newRow("upper-case aggregate") << u"resources1=VCPU:1&member_of1=AAAAAAAA-2222-3333-4444-555555555555"_s
                                          << QStringList{u"member_of1"_s};
    QTest::newRow("dashless in_tree") << u"resources=VCPU:1&in_tree=11111111222233334444555555555555"_s
                                      << QStringList{u"in_tree"_s};
}

void tst_CandidateRequest::warnings()
{
    QFETCH(QString, query);
    QFETCH(QStringList, fields);
    const Result<CandidateRequest> parsed = parseCandidateQuery(query);
    QVERIFY2(parsed.ok(), qPrintable(errorText(parsed)));
    QCOMPARE(warningFields(parsed), fields);
}

// ---- the flavor form ---------------------------------------------------------------

void tst_CandidateRequest::flavorFormMeansTheSame_data()
{
    QTest::addColumn<QString>("flavor");
    QTest::addColumn<QString>("query");

    QTest::newRow("the issue's example") << u"VCPU=4,MEMORY_MB=8192 required=HW_CPU_X86_AVX2"_s
                                         << u"resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2"_s;
    QTest::newRow("nova's extra specs")
        << u"resources:VCPU=4 resources:MEMORY_MB=8192 trait:HW_CPU_X86_AVX2=required"_s
        << u"resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2"_s;
    QTest::newRow("granular extra specs")
        << u"VCPU=2 resources1:SRIOV_NET_VF=1 trait1:CUSTOM_PHYSNET_A=required trait:HW_CPU_X86_AVX2=forbidden "_s
           u"group_policy=isolate resources2:SRIOV_NET_VF=1"_s
        << u"resources=VCPU:2&required=!HW_CPU_X86_AVX2&resources1=SRIOV_NET_VF:1&required1=CUSTOM_PHYSNET_A"_s
           u"&resources2=SRIOV_NET_VF:1&group_policy=isolate"_s;
    QTest::newRow("openstack flavor show properties")
        << u"hw:cpu_policy='dedicated', resources:CUSTOM_BAREMETAL_GOLD='1', resources:DISK_GB='0', "_s
           u"resources:MEMORY_MB='0', resources:VCPU='0', trait:CUSTOM_RAID='required'"_s
        << u"resources=CUSTOM_BAREMETAL_GOLD:1&required=CUSTOM_RAID"_s;
    QTest::newRow("query parameters, quoted")
        << u"resources=VCPU:1 member_of='in:"_s + kU1 + u","_s + kU2 + u"' in_tree="_s + kU3
               + u" root_required=!COMPUTE_STATUS_DISABLED limit=10"_s
        << u"resources=VCPU:1&member_of=in:"_s + kU1 + u","_s + kU2 + u"&in_tree="_s + kU3
               + u"&root_required=!COMPUTE_STATUS_DISABLED&limit=10"_s;
    QTest::newRow("resources add up over items")
        << u"VCPU=1 resources:MEMORY_MB=2 resources=DISK_GB:3,PCPU:4"_s
        << u"resources=VCPU:1,MEMORY_MB:2,DISK_GB:3,PCPU:4"_s;
    QTest::newRow("same_subtree with a resourceless group")
        << u"resources_A:VGPU=1 trait_B:HW_NUMA_ROOT=required same_subtree=_A,_B group_policy=none"_s
        << u"resources_A=VGPU:1&required_B=HW_NUMA_ROOT&same_subtree=_A,_B&group_policy=none"_s;
    QTest::newRow("newlines and tabs separate") << u"VCPU=1\n\ttrait:CUSTOM_X=required\r\n"_s
                                                << u"resources=VCPU:1&required=CUSTOM_X"_s;
    QTest::newRow("amounts as int() reads them") << u"VCPU=+1_0 MEMORY_MB=' 8 '"_s << u"resources=VCPU:10,MEMORY_MB:8"_s;
}

void tst_CandidateRequest::flavorFormMeansTheSame()
{
    QFETCH(QString, flavor);
    QFETCH(QString, query);
    const Result<CandidateRequest> fromFlavor = parseFlavorRequest(flavor);
    const Result<CandidateRequest> fromQuery = parseCandidateQuery(query);
    QVERIFY2(fromFlavor.ok(), qPrintable(errorText(fromFlavor)));
    QVERIFY2(fromQuery.ok(), qPrintable(errorText(fromQuery)));
    QCOMPARE(describe(fromFlavor.value()), describe(fromQuery.value()));
    QVERIFY(fromFlavor.value() == fromQuery.value());
}

void tst_CandidateRequest::flavorFormRefusals_data()
{
    QTest::addColumn<QString>("flavor");
    QTest::addColumn<QString>("reason");

    QTest::newRow("nothing") << u""_s << u"There must be at least one resources"_s;
    QTest::newRow("only zeros") << u"VCPU=0 resources:MEMORY_MB=0"_s << u"There must be at least one resources"_s;
    QTest::newRow("no '='") << u"VCPU"_s << u"Expected NAME=VALUE"_s;
    QTest::newRow("unknown item") << u"vcpus=4"_s << u"Unknown item"_s;
    QTest::newRow("class twice") << u"VCPU=4 resources:VCPU=2"_s << u"given twice for the unsuffixed group"_s;
    QTest::newRow("class twice in a group") << u"resources1:VGPU=1 resources1=VGPU:2 group_policy=none"_s
                                            << u"given twice for group"_s;
    QTest::newRow("negative amount") << u"VCPU=-1"_s << u"requires amount >= 1"_s;
    QTest::newRow("query-style zero is Placement's") << u"resources=VCPU:0"_s << u"requires amount >= 1"_s;
    QTest::newRow("bad amount") << u"resources:VCPU=four"_s << u"expected positive integer amount"_s;
    QTest::newRow("trait value") << u"trait:CUSTOM_X=yes"_s << u"must be required or forbidden"_s;
    QTest::newRow("two traits in one spec") << u"VCPU=1 trait:CUSTOM_X,CUSTOM_Y=required"_s << u"does not name one trait"_s;
    QTest::newRow("unclosed quote") << u"VCPU='1"_s << u"quote is not closed"_s;
    QTest::newRow("lower-case class") << u"vcpu=1"_s << u"Unknown item"_s;
    QTest::newRow("a class list with a bad pair") << u"VCPU=1,MEMORY_MB"_s << u"Expected CLASS=AMOUNT"_s;
    QTest::newRow("Placement's checks") << u"resources1:VCPU=1 resources2:VCPU=1"_s << u"\"group_policy\" parameter is required"_s;
    QTest::newRow("Placement's names") << u"VCPU=1 trait:bad-trait=required"_s << u"No such trait(s)"_s;
    QTest::newRow("Placement's conflicts") << u"VCPU=1 trait:CUSTOM_X=required required=!CUSTOM_X"_s
                                           << u"Conflicting required and forbidden traits"_s;
}

void tst_CandidateRequest::flavorFormRefusals()
{
    QFETCH(QString, flavor);
    QFETCH(QString, reason);
    const Result<CandidateRequest> parsed = parseFlavorRequest(flavor);
    QVERIFY(!parsed.ok());
    QVERIFY2(errorText(parsed).contains(reason), qPrintable(errorText(parsed)));
}

// ---- the canonical query -------------------------------------------------------------

void tst_CandidateRequest::canonicalQuery_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("flavor") << u"resources=MEMORY_MB%3A8192%2CVCPU%3A4&required=HW_CPU_X86_AVX2"_s
                            << u"resources=MEMORY_MB:8192,VCPU:4&required=HW_CPU_X86_AVX2"_s;
    QTest::newRow("traits") << u"resources=VCPU:1&required=in:CUSTOM_B,CUSTOM_A&required=!CUSTOM_C,CUSTOM_D"_s
                            << u"resources=VCPU:1&required=CUSTOM_D,!CUSTOM_C&required=in:CUSTOM_A,CUSTOM_B"_s;
    QTest::newRow("aggregates") << QStringLiteral("resources=VCPU:1&member_of=in:%2,%1&member_of=!%3").arg(kU1, kU2, kU3)
                                << QStringLiteral("resources=VCPU:1&member_of=in:%1,%2&member_of=!%3").arg(kU1, kU2, kU3);
    QTest::newRow("forbidden aggregates") << QStringLiteral("resources=VCPU:1&member_of=!%2&member_of=!%1").arg(kU1, kU2)
                                          << QStringLiteral("resources=VCPU:1&member_of=!in:%1,%2").arg(kU1, kU2);
    QTest::newRow("braces encoded") << QStringLiteral("resources=VCPU:1&member_of={%1}").arg(kU1)
                                    << QStringLiteral("resources=VCPU:1&member_of=%7B%1%7D").arg(kU1);
    QTest::newRow("request-wide") << u"limit=5&root_required=!CUSTOM_B,CUSTOM_A&resources1=VCPU:1&resources2=VCPU:1"_s
                                     u"&group_policy=isolate&same_subtree=2,1"_s
                                  << u"resources1=VCPU:1&resources2=VCPU:1&group_policy=isolate&limit=5"_s
                                     u"&root_required=CUSTOM_A,!CUSTOM_B&same_subtree=1,2"_s;
    QTest::newRow("an empty group") << u"resources1=VCPU:1&required2%0A=&group_policy=none&same_subtree=1,2"_s
                                    << u"resources1=VCPU:1&required2%0A=&group_policy=none&same_subtree=1,2"_s;
}

void tst_CandidateRequest::canonicalQuery()
{
    QFETCH(QString, query);
    QFETCH(QString, canonical);
    const Result<CandidateRequest> parsed = parseCandidateQuery(query);
    QVERIFY2(parsed.ok(), qPrintable(errorText(parsed)));
    QCOMPARE(toCandidateQuery(parsed.value()), canonical);
}

// Random requests in normal form: the canonical query reads back as the same request, and
// so does a flavor text written for it in any of the flavor form's shapes.
void tst_CandidateRequest::randomRequestsRoundTrip()
{
    testing::RandomCandidateRequests random(20261123);
    int flavorChecked = 0;
    for (int i = 0; i < 3000; ++i) {
        const CandidateRequest r = random.next();
        const QString query = toCandidateQuery(r);
        const Result<CandidateRequest> back = parseCandidateQuery(query);
        QVERIFY2(back.ok(), qPrintable(query + QStringLiteral(": ") + errorText(back)));
        QVERIFY2(back.value() == r, qPrintable(query + QStringLiteral("\n") + describe(back.value())
                                               + QStringLiteral("\n") + describe(r)));
        if (hasEmptyGroup(r))
            continue; // only the query can name a group with nothing in it
        const QString flavor = flavorText(r, random.generator());
        const Result<CandidateRequest> fromFlavor = parseFlavorRequest(flavor);
        QVERIFY2(fromFlavor.ok(), qPrintable(flavor + QStringLiteral(": ") + errorText(fromFlavor)));
        QVERIFY2(fromFlavor.value() == r, qPrintable(flavor + QStringLiteral("\n") + describe(fromFlavor.value())
                                                     + QStringLiteral("\n") + describe(r)));
        ++flavorChecked;
    }
    QVERIFY(flavorChecked > 2000);
}

// Queries Placement accepts with repeats, odd spacing and encodings: parse, write, parse
// again gives the same request and the same text.
void tst_CandidateRequest::randomQueriesReachAFixedPoint()
{
    for (const auto &c : testing::candidateQueryCases()) {
        if (!c.accepted)
            continue;
        const Result<CandidateRequest> first = parseCandidateQuery(QString::fromLatin1(c.query));
        QVERIFY2(first.ok(), c.name);
        const QString canonical = toCandidateQuery(first.value());
        const Result<CandidateRequest> second = parseCandidateQuery(canonical);
        QVERIFY2(second.ok(), qPrintable(canonical));
        QVERIFY2(second.value() == first.value(), c.name);
        QCOMPARE(toCandidateQuery(second.value()), canonical);
    }
}

void tst_CandidateRequest::hostileTextIsQuotedOnce_data()
{
    QTest::addColumn<QString>("hostile");
    for (const auto &[name, text] : testing::hostileNames())
        QTest::newRow(name) << text;
}

// Whatever part of the input a refusal quotes, it quotes neutralised: no control or format
// character reaches the message, and a %1 in the input is not substituted.
void tst_CandidateRequest::hostileTextIsQuotedOnce()
{
    QFETCH(QString, hostile);
    const QStringList queries{
        hostile + QStringLiteral("=1&resources=VCPU:1"),
        QStringLiteral("resources=") + hostile,
        QStringLiteral("resources=VCPU:") + hostile,
        QStringLiteral("resources=") + hostile + QStringLiteral(":1"),
        QStringLiteral("resources=VCPU:1&required=in:") + hostile + QStringLiteral(",!X"),
        QStringLiteral("resources=VCPU:1&required=") + hostile,
        QStringLiteral("resources=VCPU:1&member_of=") + hostile,
        QStringLiteral("resources=VCPU:1&in_tree=") + hostile,
        QStringLiteral("resources=VCPU:1&limit=") + hostile,
        QStringLiteral("resources=VCPU:1&group_policy=") + hostile,
        QStringLiteral("resources1=VCPU:1&same_subtree=1,") + hostile,
    };
    for (const QString &raw : queries) {
        // As typed (the parser takes non-ASCII as UTF-8) and percent-encoded.
        for (const QString &query : {raw, QString::fromLatin1(QUrl::toPercentEncoding(raw, "=&:,!"))}) {
            const Result<CandidateRequest> parsed = parseCandidateQuery(query);
            QVERIFY2(!parsed.ok(), qPrintable(neutralised(query)));
            const QString message = errorText(parsed);
            QVERIFY2(testing::unsafeCharacters(message, false).isEmpty(), qPrintable(neutralised(message)));
            QVERIFY2(!message.contains(QLatin1String("%1%2")) || hostile.contains(QLatin1String("%1%2")),
                     qPrintable(neutralised(message)));
        }
        const Result<CandidateRequest> flavor = parseFlavorRequest(QString(QStringLiteral("VCPU=1 ") + raw));
        QVERIFY(testing::unsafeCharacters(errorText(flavor), false).isEmpty());
    }
}

QTEST_GUILESS_MAIN(tst_CandidateRequest)
#include "tst_candidaterequest.moc"
