#include "placementdatabasesource.h"

#include "placementdatabasereader.h"
#include "pushoutcome.h"

#include <QThread>
#include <QTimer>

#include <memory>

namespace provtree {

namespace {

// One read on a thread of its own. Deleting the operation cancels the read and waits for
// the thread (the reader stops between rows); its result, if any, is then dropped.
class DatabaseReadOperation : public SourceOperation
{
public:
    DatabaseReadOperation(const DatabaseUrl &url, QStringList trees, bool notFoundIsError)
        : m_reader(std::make_shared<PlacementDatabaseReader>(url))
    {
        // The worker posts to this object: a posted call dies with it, and the destructor
        // waits for the worker, so `this` outlives every post.
        m_thread.reset(QThread::create([this, reader = m_reader, trees = std::move(trees), notFoundIsError] {
            Result<LoadedTree> result = reader->read(trees, notFoundIsError, [this](qsizetype done, qsizetype total) {
                QMetaObject::invokeMethod(this, [this, done, total] {
                    if (!isFinished())
                        emit progress(done, total);
                }, Qt::QueuedConnection);
            });
            QMetaObject::invokeMethod(this, [this, result = std::move(result)]() mutable {
                if (result.ok())
                    finish(result.status(), std::move(result.value()));
                else
                    finish(result.status());
            }, Qt::QueuedConnection);
        }));
        m_thread->setObjectName(QStringLiteral("provtree-database-read"));
        m_thread->start();
    }

    ~DatabaseReadOperation() override
    {
        m_reader->cancel();
        m_thread->wait();
    }

    void cancel() override
    {
        if (isFinished())
            return;
        m_reader->cancel();
        finish(makeError(ProblemKind::Cancelled, QStringLiteral("the database read was cancelled; nothing was changed")));
    }

private:
    std::shared_ptr<PlacementDatabaseReader> m_reader;
    std::unique_ptr<QThread> m_thread;
};

class RefusedPush : public PushOperation
{
public:
    explicit RefusedPush(QString reason)
    {
        QTimer::singleShot(0, this, [this, reason = std::move(reason)] {
            finish(makeError(ProblemKind::Refused, reason));
        });
    }
    void cancel() override
    {
        finish(makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user")));
    }
};

} // namespace

PlacementDatabaseSource::PlacementDatabaseSource(DatabaseUrl url, QObject *parent)
    : TreeSource(parent), m_url(std::move(url))
{
}

QString PlacementDatabaseSource::descriptionOf(const DatabaseUrl &url)
{
    return QStringLiteral("Placement database ") + url.redacted();
}

SourceOperation *PlacementDatabaseSource::load(const QString &tree)
{
    return new DatabaseReadOperation(m_url, tree.isEmpty() ? QStringList() : QStringList{tree}, true);
}

SourceOperation *PlacementDatabaseSource::refresh(const QStringList &uuids)
{
    // No uuid names no tree: an empty name matches no provider, so nothing is returned.
    return new DatabaseReadOperation(m_url, uuids.isEmpty() ? QStringList{QString()} : uuids, false);
}

PushOperation *PlacementDatabaseSource::push(const TreeDiff &, const PushOptions &)
{
    return new RefusedPush(pushRefusal());
}

QString PlacementDatabaseSource::pushRefusal() const
{
    return QStringLiteral("provtree reads Placement's database but never writes it: push through Placement's API "
                          "(a cloud or --url), which checks generations");
}

} // namespace provtree
