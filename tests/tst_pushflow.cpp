// The pure steps of a push before any call is sent: which trees a patch makes it read, and
// the pulled state rebuilt from Placement's current state and the patch, from which the
// patch gives my state back exactly (tests/tst_placementlive.cpp sends them to a server).
#include "cloudgenerator.h"
#include "patchapply.h"
#include "placementpush.h"
#include "snapshotwriter.h"
#include "treediff.h"
#include "treemutator.h"

#include <QTest>

using namespace provtree;
using provtree::testsupport::CloudGenerator;
using provtree::testsupport::TreeMutator;

class tst_PushFlow : public QObject
{
    Q_OBJECT

private slots:
    void rebuildsThePulledStateFromNowAndThePatch();
    void readsTheTreesOfEveryProviderThePatchTouches();
    void theRebuiltStateShowsWhatPlacementChangedSince();
};

namespace {
QList<ProviderData> sortedByUuid(QList<ProviderData> records)
{
    std::sort(records.begin(), records.end(),
              [](const ProviderData &a, const ProviderData &b) { return a.uuid < b.uuid; });
    return records;
}
} // namespace

void tst_PushFlow::rebuildsThePulledStateFromNowAndThePatch()
{
    // Placement unchanged since the pull: the rebuilt state is the pulled one, field by
    // field, and the patch applied to it is mine.
    for (quint64 seed = 1; seed <= 40; ++seed) {
        const QList<ProviderData> pulled = CloudGenerator(seed).cloud(20 + qsizetype(seed % 60));
        const QList<ProviderData> mine = TreeMutator(seed).mutate(pulled, 1 + int(seed % 10));
        const TreeDiff patch = TreeDiff::compute(pulled, mine, false);
        const QList<ProviderData> before = stateBeforePatch(pulled, patch);
        QCOMPARE(sortedByUuid(before), sortedByUuid(pulled));
        const Result<QList<ProviderData>> patched = patchedRecords(before, patch);
        QVERIFY2(patched.ok(), qPrintable(patched.status().firstError().toString()));
        QCOMPARE(serialiseSnapshot(patched.value()), serialiseSnapshot(mine));
    }
}

void tst_PushFlow::readsTheTreesOfEveryProviderThePatchTouches()
{
    QList<ProviderData> pulled = CloudGenerator(7).cloud(30);
    QList<ProviderData> mine = pulled;
    // Change one provider, remove a leaf, add a provider under another, move one.
    const ProviderData &changed = pulled.at(3);
    mine[3].traits.append(QStringLiteral("CUSTOM_X"));
    mine[3].traits.sort();
    const ProviderData removed = pulled.last();
    mine.removeLast();
    ProviderData added;
    added.uuid = QStringLiteral("99999999-0000-4000-8000-000000000001");
    added.name = QStringLiteral("added");
    added.parentUuid = pulled.at(10).uuid;
    mine.append(added);
    const QStringList touched = touchedProviders(TreeDiff::compute(pulled, mine, false));
    QVERIFY(touched.contains(changed.uuid));
    QVERIFY(touched.contains(removed.uuid));
    QVERIFY2(touched.contains(pulled.at(10).uuid), "an added provider's parent: its tree must be read");
    QVERIFY2(!touched.contains(added.uuid), "Placement has no tree for a provider it does not have");
}

void tst_PushFlow::theRebuiltStateShowsWhatPlacementChangedSince()
{
    const QList<ProviderData> pulled = CloudGenerator(3).cloud(10);
    QList<ProviderData> mine = pulled;
    mine[0].inventories[QStringLiteral("VCPU")].total = 99; // my change
    QList<ProviderData> now = pulled;
    now[0].traits.append(QStringLiteral("CUSTOM_THEIRS"));   // Placement's change, another field
    now[0].traits.sort();
    now[0].generation += 1;
    const TreeDiff patch = TreeDiff::compute(pulled, mine, false);
    const QList<ProviderData> before = stateBeforePatch(now, patch);
    const ProviderData &rebuilt = before.at(0);
    // The fields the patch touches come from the patch, so that Placement's changes to them
    // are visible; the others (which the patch cannot know) are Placement's now.
    QCOMPARE(rebuilt.inventories, pulled[0].inventories);
    QCOMPARE(rebuilt.generation, pulled[0].generation);
    QCOMPARE(rebuilt.traits, now[0].traits);
}

QTEST_GUILESS_MAIN(tst_PushFlow)
#include "tst_pushflow.moc"
