// Reading a large snapshot in pieces, one per core (arraycuts.h, snapshotreader.cpp): the
// records, problems, locations and syntax errors are those one reader of the whole text
// would give, wherever the cuts fall, even where a guessed cut is not between two providers;
// and the tree, checking records on every core, reports their problems in record order.
#include "arraycuts.h"
#include "cloudgenerator.h"
#include "providertree.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "support/testrecords.h"

#include <QJsonDocument>
#include <QTest>

using namespace provtree;

class tst_SnapshotPieces : public QObject
{
    Q_OBJECT

private slots:
    void cutsBetweenObjects();
    void findsNoCutWithoutObjects();
    void readsEveryRecordInFileOrder_data();
    void readsEveryRecordInFileOrder();
    void locatesProblemsInEveryPiece();
    void reportsTheFirstSyntaxError_data();
    void reportsTheFirstSyntaxError();
    void readsNamesThatLookLikeCuts();
    void reportsRecordProblemsInRecordOrder();
};

namespace {

// Enough providers for a document well past the size read in pieces (128 KB).
constexpr int kProviders = 3000;

QByteArray uuidOf(int i)
{
    return QByteArray::number(i).rightJustified(8, '0') + "-0000-4000-8000-000000000000";
}

// A snapshot with one provider a line: provider i is on line i + 2, its text `provider(i)`.
QByteArray lineDocument(const std::function<QByteArray(int)> &provider)
{
    QByteArray json = "{\"format\": \"provider-tree-snapshot\", \"version\": 1, \"providers\": [\n";
    for (int i = 0; i < kProviders; ++i)
        json += provider(i) + (i + 1 < kProviders ? ",\n" : "\n");
    return json + "]}\n";
}

QByteArray plainProvider(int i)
{
    return "{\"uuid\": \"" + uuidOf(i) + "\", \"name\": \"p-" + QByteArray::number(i) + "\"}";
}

// "LINE:COLUMN" of the first `needle` on the line of provider `i` in a lineDocument().
QString positionOn(const QByteArray &json, int i, const QByteArray &needle)
{
    qsizetype lineStart = 0;
    for (int line = 1; line < i + 2; ++line)
        lineStart = json.indexOf('\n', lineStart) + 1;
    return QStringLiteral("%1:%2").arg(i + 2).arg(json.indexOf(needle, lineStart) - lineStart + 1);
}

} // namespace

void tst_SnapshotPieces::cutsBetweenObjects()
{
    const QByteArray json = "[{\"a\": 1},\n {\"b\": {}}, {},{\"c\": [2]}]";
    const std::vector<ArrayCut> cuts = guessArrayCuts(json, 0, 2);
    QCOMPARE(cuts.size(), size_t(1));
    // The first "}" "," "{" from the middle on: after {"b": {}}.
    QCOMPARE(json.at(cuts[0].comma), ',');
    QCOMPARE(json.at(cuts[0].next), '{');
    QCOMPARE(json.mid(cuts[0].next), QByteArray("{},{\"c\": [2]}]"));
    // As many cuts as there is room for, in increasing order.
    const std::vector<ArrayCut> more = guessArrayCuts(json, 0, 8);
    QVERIFY(!more.empty());
    for (size_t i = 1; i < more.size(); ++i)
        QVERIFY(more[i].comma > more[i - 1].next);
}

void tst_SnapshotPieces::findsNoCutWithoutObjects()
{
    QVERIFY(guessArrayCuts("[1, 2, 3, 4, 5, 6]", 0, 2).empty());
    QVERIFY(guessArrayCuts("[{\"a\": 1}, 2, {\"b\": 2}]", 0, 2).empty());
    QVERIFY(guessArrayCuts("", 0, 2).empty());
}

void tst_SnapshotPieces::readsEveryRecordInFileOrder_data()
{
    QTest::addColumn<bool>("compact");
    QTest::newRow("indented") << false;
    QTest::newRow("compact") << true;
}

void tst_SnapshotPieces::readsEveryRecordInFileOrder()
{
    QFETCH(bool, compact);
    const QList<ProviderData> records = testsupport::CloudGenerator(5).cloud(2000);
    const QByteArray written = serialiseSnapshot(records);
    const QByteArray json = compact ? QJsonDocument::fromJson(written).toJson(QJsonDocument::Compact) : written;
    QVERIFY(json.size() > 256 * 1024);
    const auto parsed = parseSnapshot(json);
    QVERIFY2(parsed.ok(), qPrintable(testing::problemLines(parsed.problems())));
    QCOMPARE(parsed.value().size(), records.size());
    QCOMPARE(serialiseSnapshot(parsed.value()), written); // same records, same order

    ProviderTree tree;
    QVERIFY(loadSnapshot(tree, json).ok());
    QCOMPARE(tree.size(), records.size());
}

void tst_SnapshotPieces::locatesProblemsInEveryPiece()
{
    const QList<int> wrong = {3, kProviders / 2, kProviders - 1};
    const QByteArray json = lineDocument([&](int i) -> QByteArray {
        return wrong.contains(i) ? "{\"uuid\": \"" + uuidOf(i) + "\", \"name\": 7}" : plainProvider(i);
    });
    const auto parsed = parseSnapshot(json);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.problems().size(), wrong.size());
    for (qsizetype k = 0; k < wrong.size(); ++k) {
        const Problem &problem = parsed.problems().at(k);
        QCOMPARE(problem.location, QStringLiteral("$.providers[%1].name").arg(wrong[k]));
        QCOMPARE(QStringLiteral("%1:%2").arg(problem.line).arg(problem.column),
                 positionOn(json, wrong[k], "\"name\""));
        QCOMPARE(problem.provider, QString::fromLatin1(uuidOf(wrong[k])));
    }
}

void tst_SnapshotPieces::reportsTheFirstSyntaxError_data()
{
    QTest::addColumn<QList<int>>("broken"); // providers whose key has no ':' after it
    QTest::addColumn<int>("first");
    QTest::newRow("in the last piece") << QList<int>{kProviders - 10} << kProviders - 10;
    QTest::newRow("in the first piece") << QList<int>{10} << 10;
    QTest::newRow("in both") << QList<int>{10, kProviders - 10} << 10;
    QTest::newRow("just after the middle") << QList<int>{kProviders / 2 + 1} << kProviders / 2 + 1;
}

void tst_SnapshotPieces::reportsTheFirstSyntaxError()
{
    QFETCH(QList<int>, broken);
    QFETCH(int, first);
    const QByteArray json = lineDocument([&](int i) -> QByteArray {
        return broken.contains(i) ? "{\"uuid\": \"" + uuidOf(i) + "\", \"name\" \"p\"}" : plainProvider(i);
    });
    const auto parsed = parseSnapshot(json);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.problems().size(), 1);
    const Problem problem = parsed.problems().constFirst();
    QVERIFY2(problem.message.contains(QLatin1String("expected ':'")), qPrintable(problem.message));
    QCOMPARE(problem.location, positionOn(json, first, "\"p\""));
}

void tst_SnapshotPieces::readsNamesThatLookLikeCuts()
{
    // Every guessed cut falls inside a string: the document is read in one piece.
    const QByteArray json = lineDocument([](int i) -> QByteArray {
        return "{\"uuid\": \"" + uuidOf(i) + "\", \"name\": \"a}, {b" + QByteArray::number(i) + "\"}";
    });
    const auto parsed = parseSnapshot(json);
    QVERIFY2(parsed.ok(), qPrintable(testing::problemLines(parsed.problems())));
    QCOMPARE(parsed.value().size(), kProviders);
    for (int i = 0; i < kProviders; ++i)
        QCOMPARE(parsed.value().at(i).name, QStringLiteral("a}, {b%1").arg(i));

    // And a problem after them is still found where it is.
    const QByteArray broken = lineDocument([](int i) -> QByteArray {
        return "{\"uuid\": \"" + uuidOf(i) + "\", \"name\": " + (i == kProviders - 2 ? QByteArray("[]") : "\"a}, {b\"") + '}';
    });
    const auto reread = parseSnapshot(broken);
    QVERIFY(!reread.ok());
    QCOMPARE(reread.problems().size(), 1);
    QCOMPARE(reread.problems().constFirst().location, QStringLiteral("$.providers[%1].name").arg(kProviders - 2));
}

void tst_SnapshotPieces::reportsRecordProblemsInRecordOrder()
{
    // Enough records for the tree to check them on every core (parallelFor, 4,096 a range).
    QList<ProviderData> records;
    for (int i = 0; i < 10000; ++i) {
        ProviderData p;
        p.uuid = QString::fromLatin1(uuidOf(i));
        p.name = QStringLiteral("p-%1").arg(i);
        p.generation = i == 100 || i == 9000 ? -1 : 0;
        records.append(p);
    }
    ProviderTree tree;
    const Status status = tree.replaceAll(records);
    QVERIFY(!status.ok());
    QCOMPARE(status.problems().size(), 2);
    QCOMPARE(status.problems().at(0).provider, records.at(100).uuid);
    QCOMPARE(status.problems().at(1).provider, records.at(9000).uuid);
    QCOMPARE(tree.size(), 0);
}

QTEST_GUILESS_MAIN(tst_SnapshotPieces)
#include "tst_snapshotpieces.moc"
