#pragma once

#include "problem.h"
#include "providerdata.h"
#include "snapshotorigin.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace provtree {

class PlacementClient;
struct PlacementResponse;

// What a pull brings back: the providers, consistent per provider, and where they came from.
struct PulledTree
{
    QList<ProviderData> providers; // in Placement's list order
    SnapshotOrigin origin;
    int rereads = 0;               // providers read again because they changed meanwhile
    int vanished = 0;              // providers deleted between the list and their reads
};

// Pulls provider trees from Placement: the provider list (all, or the tree of one provider
// given by name or uuid, `in_tree`), then each provider's inventories, usages, traits and
// aggregates. Placement has no bulk read and no read transaction, so each answer's
// resource_provider_generation is compared with the generation the provider list gave; a
// provider that changed meanwhile is read again (its summary, then its four parts). That
// alone is not enough: Placement reads the generation and the part in two queries, so a
// write in between gives the new part with the old generation. Once every provider is
// read, the provider lists are therefore read again, and a provider whose generation moved
// since is read again, then confirmed by its own summary (still the generation its parts
// showed), up to kMaxReads times, with growing pauses from the third (a burst of changes
// to one provider delays the pull by at most ~6 s instead of failing it). Every provider in the result is then one consistent
// state of it. A provider deleted meanwhile is left out. Usages of 0 are left out, as
// snapshot files hold them. Costs one more list, and two requests per provider that
// changed: none more per provider otherwise.
//
// At most a window of providers is read at a time (the client bounds the requests in
// flight), so memory stays flat for any number of providers.
//
// Lives on the client's thread; call start() once. The client must have negotiated a
// microversion (1.14 or newer).
class PlacementPull : public QObject
{
    Q_OBJECT

public:
    explicit PlacementPull(PlacementClient *client, QObject *parent = nullptr);
    ~PlacementPull() override;

    // `tree`: a provider's name or uuid (its whole tree is pulled); empty: every provider.
    void start(const QString &tree = {});
    // Pulls the trees the providers `uuids` belong to (each tree once). A uuid that names no
    // provider is skipped: the result simply lacks it.
    void startTrees(const QStringList &uuids);
    // Stops: the pull finishes with Cancelled; nothing more is sent for it.
    void cancel();

    [[nodiscard]] bool isFinished() const { return m_result.has_value(); }
    // Valid after finished(). Errors: those of the client (Unreachable, Unauthorized,
    // Forbidden, ServerError, ...), NotFound for a `tree` that names no provider, Cancelled.
    [[nodiscard]] const Result<PulledTree> &result() const { return *m_result; }

    // A provider whose four parts keep changing is read at most this often before the pull
    // gives up on it (ConcurrentChange).
    static constexpr int kMaxReads = 8;

signals:
    // `done` of `total` providers are read. Emitted after the list and after each provider.
    void progress(qsizetype done, qsizetype total);
    void finished();

private:
    struct Entry;
    enum Part { InventoriesPart, UsagesPart, TraitsPart, AggregatesPart, kPartCount };

    void findTree(const QString &tree);
    void listProviders(const QString &query);
    void listNextTree();
    [[nodiscard]] bool appendSummaries(const QJsonArray &providers);
    void readProvider(qsizetype index);
    void partRead(qsizetype index, Part part, const PlacementResponse &response);
    void summaryRead(qsizetype index, const PlacementResponse &response);
    void readSummaryThenParts(qsizetype index);
    void confirmProvider(qsizetype index);
    void failBusy(const ProviderData &busy);
    void providerDone(qsizetype index);
    void feed();
    void verify();
    void verifyNext();
    void compareGenerations();
    void fail(Problem problem);
    void finish();
    [[nodiscard]] bool stopped() const { return m_result.has_value(); }

    PlacementClient *m_client; // Not owned.
    QString m_tree;
    QStringList m_treesToList;    // startTrees(): uuids whose tree is still to be listed
    QSet<QString> m_listed;       // uuids already in m_entries
    QStringList m_listQueries;    // the provider lists read (queries), read again to verify
    QStringList m_verifying;      // the lists still to read in this verification
    QHash<QString, qint64> m_generationsNow; // uuid -> generation in the verification lists
    QList<qsizetype> m_again;     // entries to read again
    bool m_verified = false;      // the lists were read again once
    QList<Entry> m_entries;
    qsizetype m_next = 0;     // the next entry to read
    qsizetype m_inFlight = 0; // entries being read
    qsizetype m_done = 0;
    int m_rereads = 0;
    QDateTime m_started;
    std::optional<Result<PulledTree>> m_result;
};

} // namespace provtree
