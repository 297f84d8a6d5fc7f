// SplitSource alone, with real sources on both sides: snapshot files (a file read, another
// file patched) and Placement's database source, which never pushes. What is read comes
// from the reader only, what is pushed reaches the pusher only, and whether and where the
// whole can push is the pusher's to say. (tst_databasepull drives it against a real
// MariaDB and Placement.)
#include "cloudgenerator.h"
#include "databaseurl.h"
#include "placementdatabasesource.h"
#include "pushoutcome.h"
#include "snapshotreader.h"
#include "snapshotsource.h"
#include "snapshotwriter.h"
#include "splitsource.h"
#include "support/testfiles.h"
#include "treediff.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace provtree;
using provtree::testsupport::CloudGenerator;

namespace {

// Waits for `operation` (owned here) and returns it finished.
template <typename Operation>
std::unique_ptr<Operation> finished(Operation *operation)
{
    std::unique_ptr<Operation> owned(operation);
    if (!owned->isFinished()) {
        QSignalSpy spy(owned.get(), &SourceOperation::finished);
        (void)spy.wait(10000);
    }
    return owned;
}

QList<ProviderData> fileRecords(const QString &path)
{
    Result<SnapshotDocument> document = readSnapshotDocumentFile(path);
    return document.ok() ? document.value().providers : QList<ProviderData>();
}

} // namespace

class tst_SplitSource : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void readsFromTheReaderPushesThroughThePusher();
    void aStalePatchIsRefusedByThePusher();
    void canPushExactlyWhenThePusherCan();

private:
    std::unique_ptr<SplitSource> makeSource();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_readPath, m_pushPath;
    QList<ProviderData> m_cloud;
};

void tst_SplitSource::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // Both files hold the same state, as a database and the API of one Placement do.
    m_cloud = CloudGenerator(11).cloud(30);
    m_readPath = m_dir->filePath(QStringLiteral("read.json"));
    m_pushPath = m_dir->filePath(QStringLiteral("push.json"));
    QVERIFY(testing::writeFile(m_readPath, serialiseSnapshot(m_cloud)));
    QVERIFY(testing::writeFile(m_pushPath, serialiseSnapshot(m_cloud)));
}

std::unique_ptr<SplitSource> tst_SplitSource::makeSource()
{
    return std::make_unique<SplitSource>(std::make_unique<SnapshotSource>(m_readPath),
                                         std::make_unique<SnapshotSource>(m_pushPath));
}

void tst_SplitSource::readsFromTheReaderPushesThroughThePusher()
{
    const std::unique_ptr<SplitSource> source = makeSource();
    QCOMPARE(source->description(), SnapshotSource(m_readPath).description());
    QCOMPARE(source->pushDescription(), SnapshotSource(m_pushPath).description());
    const auto loaded = finished(source->load());
    QVERIFY(loaded->status().ok());
    const QList<ProviderData> pulled = loaded->loaded().providers;
    QCOMPARE(pulled.size(), m_cloud.size());

    QList<ProviderData> mine = pulled;
    mine[0].name += QStringLiteral("-renamed");
    const TreeDiff patch = TreeDiff::compute(pulled, mine, false);
    const QByteArray readBefore = testing::readAll(m_readPath);
    const auto pushed = finished(source->push(patch, PushOptions{}));
    QVERIFY2(pushed->status().ok(), qPrintable(pushed->status().firstError().toString()));
    // The pusher's file took the patch; the reader's is untouched, and a refresh reads it.
    QCOMPARE(testing::readAll(m_readPath), readBefore);
    QCOMPARE(serialiseSnapshot(fileRecords(m_pushPath)), serialiseSnapshot(mine));
    const auto refreshed = finished(source->refresh({pulled.first().uuid}));
    QVERIFY(refreshed->status().ok());
    for (const ProviderData &record : refreshed->loaded().providers)
        QVERIFY(!record.name.endsWith(QLatin1String("-renamed")));
}

void tst_SplitSource::aStalePatchIsRefusedByThePusher()
{
    // The pusher's state moved on since the reader's (someone else wrote it): the pusher's
    // old-value check refuses the patch, and its file stays as it was.
    QList<ProviderData> moved = m_cloud;
    moved[0].generation += 1;
    QVERIFY(testing::writeFile(m_pushPath, serialiseSnapshot(moved)));
    const QByteArray before = testing::readAll(m_pushPath);
    const std::unique_ptr<SplitSource> source = makeSource();
    const auto loaded = finished(source->load());
    QList<ProviderData> mine = loaded->loaded().providers;
    const auto first = std::find_if(mine.begin(), mine.end(), [&](const ProviderData &p) { return p.uuid == m_cloud.first().uuid; });
    QVERIFY(first != mine.end());
    first->name += QStringLiteral("-renamed");
    const auto pushed = finished(source->push(TreeDiff::compute(loaded->loaded().providers, mine, false), PushOptions{}));
    QVERIFY(!pushed->status().ok());
    QCOMPARE(testing::readAll(m_pushPath), before);
}

void tst_SplitSource::canPushExactlyWhenThePusherCan()
{
    const Result<DatabaseUrl> url = DatabaseUrl::parse(QStringLiteral("sqlite:///") + m_dir->filePath(QStringLiteral("placement.db")));
    QVERIFY(url.ok());
    // Alone, the database refuses to push, and says why.
    PlacementDatabaseSource database(url.value());
    QVERIFY(database.pushRefusal().contains(QLatin1String("never writes")));
    const auto refused = finished(database.push(TreeDiff(), PushOptions{}));
    QCOMPARE(refused->status().firstError().kind, ProblemKind::Refused);
    QCOMPARE(refused->status().firstError().message, database.pushRefusal());

    // Read from the database, pushed elsewhere: it can push, to the pusher.
    SplitSource readDatabase(std::make_unique<PlacementDatabaseSource>(url.value()),
                             std::make_unique<SnapshotSource>(m_pushPath));
    QVERIFY(readDatabase.pushRefusal().isEmpty());
    QCOMPARE(readDatabase.description(), database.description());
    QCOMPARE(readDatabase.pushDescription(), SnapshotSource(m_pushPath).description());
    // Pushed into the database: it cannot, for the database's reason.
    SplitSource pushDatabase(std::make_unique<SnapshotSource>(m_readPath),
                             std::make_unique<PlacementDatabaseSource>(url.value()));
    QCOMPARE(pushDatabase.pushRefusal(), database.pushRefusal());
    const auto alsoRefused = finished(pushDatabase.push(TreeDiff(), PushOptions{}));
    QCOMPARE(alsoRefused->status().firstError().kind, ProblemKind::Refused);
}

QTEST_GUILESS_MAIN(tst_SplitSource)
#include "tst_splitsource.moc"
