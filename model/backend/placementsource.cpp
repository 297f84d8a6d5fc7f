#include "placementsource.h"

#include "neutralise.h"
#include "placementclient.h"
#include "placementpull.h"
#include "placementpush.h"

#include <QTimer>
#include <QUrl>

namespace provtree {

namespace {

// Negotiates the microversion if the client has none yet, then runs one pull.
class PullOperation : public SourceOperation
{
public:
    PullOperation(PlacementClient *client, std::function<void(PlacementPull &)> start)
        : m_client(client), m_pull(new PlacementPull(client, this)), m_start(std::move(start))
    {
        connect(m_pull, &PlacementPull::progress, this, &SourceOperation::progress);
        connect(m_pull, &PlacementPull::finished, this, [this] {
            const Result<PulledTree> &result = m_pull->result();
            if (result.ok())
                finish(result.status(), LoadedTree{result.value().providers, result.value().origin});
            else
                finish(result.status());
        });
        QTimer::singleShot(0, this, &PullOperation::run);
    }

    void cancel() override
    {
        if (isFinished())
            return;
        if (m_started)
            m_pull->cancel(); // finishes through m_pull's finished()
        else
            finish(makeError(ProblemKind::Cancelled, QStringLiteral("cancelled by the user")));
    }

private:
    void run()
    {
        if (isFinished())
            return;
        m_client->ensureNegotiated(this, [this](const Status &status) {
            if (isFinished())
                return;
            if (!status.ok())
                finish(status);
            else
                begin();
        });
    }

    void begin()
    {
        m_started = true;
        m_start(*m_pull);
    }

    PlacementClient *m_client; // Not owned.
    PlacementPull *m_pull;     // Owned (child).
    std::function<void(PlacementPull &)> m_start;
    bool m_started = false;
};

} // namespace

PlacementSource::PlacementSource(PlacementConnection connection, QObject *parent)
    : TreeSource(parent), m_client(new PlacementClient(std::move(connection), this))
{
}

PlacementSource::~PlacementSource() = default;

QString PlacementSource::description() const
{
    const PlacementConnection &connection = m_client->connection();
    QString text = connection.cloudName.isEmpty() ? QStringLiteral("Placement at ")
                                                        + neutralisedIfNeeded(QUrl(connection.endpoint).adjusted(QUrl::RemoveUserInfo).toString())
                                                  : QStringLiteral("cloud ") + neutralisedIfNeeded(connection.cloudName);
    if (!connection.region.isEmpty())
        text += QStringLiteral(" (") + neutralisedIfNeeded(connection.region) + QLatin1Char(')');
    return text;
}

SourceOperation *PlacementSource::load(const QString &tree)
{
    return new PullOperation(m_client, [tree](PlacementPull &pull) { pull.start(tree); });
}

SourceOperation *PlacementSource::refresh(const QStringList &uuids)
{
    return new PullOperation(m_client, [uuids](PlacementPull &pull) { pull.startTrees(uuids); });
}

PushOperation *PlacementSource::push(const TreeDiff &patch, const PushOptions &options)
{
    return startPush(m_client, patch, options);
}

} // namespace provtree
