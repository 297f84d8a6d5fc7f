// UuidIndex: the store's flat uuid index (open addressing, backward-shift removal).
#include "uuidindex.h"

#include <QTest>

#include <algorithm>
#include <random>
#include <vector>

using namespace provtree;

class tst_UuidIndex : public QObject
{
    Q_OBJECT

private slots:
    void findsWhatWasInserted();
    void removalKeepsEveryOtherKeyFindable();
    void growingKeepsTheEntries();
    void movingEmptiesTheSource();
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

} // namespace

void tst_UuidIndex::findsWhatWasInserted()
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
void tst_UuidIndex::removalKeepsEveryOtherKeyFindable()
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

void tst_UuidIndex::growingKeepsTheEntries()
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

void tst_UuidIndex::movingEmptiesTheSource()
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

QTEST_APPLESS_MAIN(tst_UuidIndex)
#include "tst_uuidindex.moc"
