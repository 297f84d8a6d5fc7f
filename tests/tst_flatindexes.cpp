// The core's flat indexes (open addressing, backward-shift removal): UuidIndex, the
// store's uuid index, and StringKeyIndex, its name index and CommitPlan's record indexes.
#include "stringkeyindex.h"
#include "uuidindex.h"

#include <QList>

#include <QTest>

#include <algorithm>
#include <random>
#include <vector>

using namespace provtree;

class tst_FlatIndexes : public QObject
{
    Q_OBJECT

private slots:
    void findsWhatWasInserted();
    void removalKeepsEveryOtherKeyFindable();
    void growingKeepsTheEntries();
    void movingEmptiesTheSource();
    void stringKeysAreReadThroughKeyOf();
    void stringKeyRemovalKeepsTheOthers();
};

namespace {

// Stand-ins for nodes: the index only stores and compares the pointers.
ProviderNode *fakeNode(size_t i)
{
    return reinterpret_cast<ProviderNode *>(0x1000 + 16 * i);
}

std::vector<Uuid128> randomKeys(size_t count, std::mt19937_64 &random)
{
    std::vector<Uuid128> keys(count);
    for (Uuid128 &key : keys)
        key = {random(), random()};
    return keys;
}

// Strings indexed by their position in a list, as CommitPlan indexes records.
struct ListKey
{
    const QList<QString> *list = nullptr;
    QStringView operator()(qsizetype i) const noexcept { return list->at(i); }
};

} // namespace

void tst_FlatIndexes::findsWhatWasInserted()
{
    UuidIndex index;
    QCOMPARE(index.find({1, 2}), nullptr); // empty, no table yet
    index.reserve(3);
    index.insert({1, 2}, fakeNode(0));
    index.insert({2, 1}, fakeNode(1));
    index.insert({0, 0}, fakeNode(2)); // the all-zero key is a key like any other
    QCOMPARE(index.size(), size_t(3));
    QCOMPARE(index.find({1, 2}), fakeNode(0));
    QCOMPARE(index.find({2, 1}), fakeNode(1));
    QCOMPARE(index.find({0, 0}), fakeNode(2));
    QCOMPARE(index.find({1, 1}), nullptr);
}

// A table of 16 slots holding 8 keys has long clusters that wrap around its end: removing
// in random order moves entries back across the wrap, and a wrong move would lose one.
void tst_FlatIndexes::removalKeepsEveryOtherKeyFindable()
{
    std::mt19937_64 random(12);
    for (int round = 0; round < 2000; ++round) {
        UuidIndex index;
        index.reserve(8);
        const std::vector<Uuid128> keys = randomKeys(8, random);
        for (size_t i = 0; i < keys.size(); ++i)
            index.insert(keys[i], fakeNode(i));
        std::vector<size_t> order{0, 1, 2, 3, 4, 5, 6, 7};
        std::shuffle(order.begin(), order.end(), random);
        std::vector<bool> removed(keys.size(), false);
        for (const size_t gone : order) {
            index.remove(keys[gone]);
            removed[gone] = true;
            for (size_t i = 0; i < keys.size(); ++i)
                QCOMPARE(index.find(keys[i]), removed[i] ? nullptr : fakeNode(i));
        }
        QVERIFY(index.empty());
    }
}

void tst_FlatIndexes::growingKeepsTheEntries()
{
    std::mt19937_64 random(7);
    const std::vector<Uuid128> keys = randomKeys(5000, random);
    UuidIndex index;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (!index.fits(i + 1))
            index.reserve(2 * (i + 1));
        index.insert(keys[i], fakeNode(i));
    }
    QCOMPARE(index.size(), keys.size());
    for (size_t i = 0; i < keys.size(); ++i)
        QCOMPARE(index.find(keys[i]), fakeNode(i));
    size_t visited = 0;
    index.forEachNode([&visited](ProviderNode *) { ++visited; });
    QCOMPARE(visited, keys.size());
}

void tst_FlatIndexes::movingEmptiesTheSource()
{
    UuidIndex index;
    index.reserve(1);
    index.insert({3, 4}, fakeNode(0));
    UuidIndex moved(std::move(index));
    QCOMPARE(moved.find({3, 4}), fakeNode(0));
    QVERIFY(index.empty()); // NOLINT(bugprone-use-after-move): the contract says empty
    QCOMPARE(index.find({3, 4}), nullptr);
    index.reserve(1); // usable again
    index.insert({5, 6}, fakeNode(1));
    QCOMPARE(index.find({5, 6}), fakeNode(1));
}

void tst_FlatIndexes::stringKeysAreReadThroughKeyOf()
{
    const QList<QString> names{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("a"), QString()};
    StringKeyIndex<qsizetype, ListKey> index(ListKey{&names});
    QVERIFY(!index.contains(u"a")); // empty, no table yet
    index.reserve(size_t(names.size()));
    QCOMPARE(index.insert(0), nullptr);
    QCOMPARE(index.insert(1), nullptr);
    const qsizetype *holder = index.insert(2); // "a" again: refused, the holder returned
    QVERIFY(holder);
    QCOMPARE(*holder, 0);
    QCOMPARE(index.insert(3), nullptr); // the empty string is a key too
    QCOMPARE(index.size(), size_t(3));
    QCOMPARE(*index.find(u"b"), 1);
    QCOMPARE(*index.find(u""), 3);
    QVERIFY(!index.contains(u"c"));
}

void tst_FlatIndexes::stringKeyRemovalKeepsTheOthers()
{
    std::mt19937_64 random(5);
    QList<QString> names;
    for (int i = 0; i < 8; ++i)
        names.append(QStringLiteral("provider-%1").arg(i));
    for (int round = 0; round < 500; ++round) {
        StringKeyIndex<qsizetype, ListKey> index(ListKey{&names});
        index.reserve(8); // 16 slots: clusters wrap around
        for (qsizetype i = 0; i < names.size(); ++i)
            index.insert(i);
        std::vector<qsizetype> order{0, 1, 2, 3, 4, 5, 6, 7};
        std::shuffle(order.begin(), order.end(), random);
        std::vector<bool> removed(order.size(), false);
        for (const qsizetype gone : order) {
            index.remove(names.at(gone));
            removed[size_t(gone)] = true;
            for (qsizetype i = 0; i < names.size(); ++i)
                QCOMPARE(index.contains(names.at(i)), !removed[size_t(i)]);
        }
        QVERIFY(index.empty());
        // Grown and reused: the positions come back.
        index.reserve(100);
        for (qsizetype i = 0; i < names.size(); ++i)
            index.insert(i);
        for (qsizetype i = 0; i < names.size(); ++i)
            QCOMPARE(*index.find(names.at(i)), i);
    }
}

QTEST_APPLESS_MAIN(tst_FlatIndexes)
#include "tst_flatindexes.moc"
