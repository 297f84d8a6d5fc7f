#pragma once

#include "providerdata.h"
#include "snapshotorigin.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace provtree {

class TreeSource;

// A document pulled from a live Placement: the source it came from (owned, it holds the
// connection), the scope (one tree or every tree), and the base: Placement's state that my
// edits start from. For such a document "unsaved" means "not pushed": the base plays the
// part a file on disk plays for a file document. GUI thread only (the source lives there).
class LiveDocument
{
    Q_DECLARE_TR_FUNCTIONS(provtree::LiveDocument)

public:
    // `scope`: the tree asked for (a provider's uuid; empty: every tree).
    LiveDocument(std::unique_ptr<TreeSource> source, QString scope, QList<ProviderData> base, SnapshotOrigin origin);
    ~LiveDocument();
    LiveDocument(const LiveDocument &) = delete;
    LiveDocument &operator=(const LiveDocument &) = delete;

    [[nodiscard]] TreeSource &source() const { return *m_source; }
    [[nodiscard]] const QString &scope() const { return m_scope; }
    [[nodiscard]] const QList<ProviderData> &base() const { return m_base; }
    void setBase(QList<ProviderData> base) { m_base = std::move(base); }
    // Where and when the last full pull (connect or refresh) was taken.
    [[nodiscard]] const SnapshotOrigin &origin() const { return m_origin; }
    void setOrigin(SnapshotOrigin origin) { m_origin = std::move(origin); }
    void setPushedAt(QDateTime when) { m_pushedAt = std::move(when); }
    // Whether Push is off: the source cannot push (a document read from Placement's
    // database without an API to push through: provtree never writes the database).
    [[nodiscard]] bool isReadOnly() const { return !readOnlyReason().isEmpty(); }
    // Why Push is off, for people (the source's pushRefusal()); empty when it is on.
    [[nodiscard]] QString readOnlyReason() const;
    [[nodiscard]] static bool isDatabase(const SnapshotOrigin &origin)
    {
        return origin.source == QLatin1String("placement-database");
    }

    // The document's name (window title, prompts): "cloud prod (RegionOne)", or
    // "Placement at http://host:8778" without clouds.yaml, "Placement database
    // mysql+pymysql://db/placement" for a database. Never a secret (no URL user info).
    [[nodiscard]] QString name() const { return nameFor(m_origin); }
    [[nodiscard]] static QString nameFor(const SnapshotOrigin &origin);
    // Where Push sends the edits, for the push's dialogs: name(), or for a database document
    // pushed through the API the API's name ("cloud prod (RegionOne)"). Never a secret.
    [[nodiscard]] QString pushName() const;
    // The permanent status-bar text: cloud, region, microversion (a database: its schema,
    // and where pushes go or that it is read only), when pulled (and pushed).
    [[nodiscard]] QString statusText() const;
    // The same for the label's tool tip (the label may be cut at the window's edge): the
    // endpoint, then each part of statusText() on a line of its own.
    [[nodiscard]] QString statusToolTip() const;
    // The endpoint for people: the URL without user info. Never a secret.
    [[nodiscard]] QString endpointText() const { return endpointText(m_origin.endpoint); }
    [[nodiscard]] static QString endpointText(const QString &endpoint);

private:
    [[nodiscard]] QStringList statusParts() const;

    std::unique_ptr<TreeSource> m_source; // Owned.
    QString m_scope;
    QList<ProviderData> m_base;
    SnapshotOrigin m_origin;
    QDateTime m_pushedAt;
};

} // namespace provtree
