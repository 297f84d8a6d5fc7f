#include "livedocument.h"

#include "neutralise.h"
#include "treesource.h"

#include <QCoreApplication>
#include <QLocale>
#include <QUrl>

namespace provtree {

namespace {

QString localTime(const QDateTime &when)
{
    return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
}
} // namespace

LiveDocument::LiveDocument(std::unique_ptr<TreeSource> source, QString scope, QList<ProviderData> base,
                           SnapshotOrigin origin)
    : m_source(std::move(source)), m_scope(std::move(scope)), m_base(std::move(base)), m_origin(std::move(origin))
{
}

LiveDocument::~LiveDocument() = default;

QString LiveDocument::endpointText(const QString &endpoint)
{
    // A URL may carry user:password@; people never need to see that part.
    const QUrl url(endpoint);
    return neutralisedIfNeeded(url.userInfo().isEmpty() ? endpoint : url.adjusted(QUrl::RemoveUserInfo).toString());
}

QString LiveDocument::nameFor(const SnapshotOrigin &origin)
{
    if (isDatabase(origin)) // the endpoint is the database's URL without user and password
        return tr("Placement database %1").arg(neutralisedIfNeeded(origin.endpoint));
    QString text = origin.cloud.isEmpty() ? tr("Placement at %1").arg(endpointText(origin.endpoint))
                                          : tr("cloud %1").arg(neutralisedIfNeeded(origin.cloud));
    if (!origin.region.isEmpty())
        text += QStringLiteral(" (") + neutralisedIfNeeded(origin.region) + QLatin1Char(')');
    return text;
}

QString LiveDocument::readOnlyReason() const
{
    return m_source->pushRefusal();
}

QString LiveDocument::pushName() const
{
    const QString where = m_source->pushDescription(); // the source's: already neutralised
    return where.isEmpty() ? name() : where;
}

QString LiveDocument::statusText() const
{
    return statusParts().join(QStringLiteral(" · "));
}

QString LiveDocument::statusToolTip() const
{
    return (QStringList{endpointText()} + statusParts()).join(QLatin1Char('\n'));
}

QStringList LiveDocument::statusParts() const
{
    QStringList parts{name()};
    if (!m_origin.microversion.isEmpty())
        parts.append(tr("Placement %1").arg(neutralisedIfNeeded(m_origin.microversion)));
    if (!m_origin.schema.isEmpty()) {
        const QString schema = neutralisedIfNeeded(m_origin.schema);
        if (isReadOnly())
            parts.append(tr("schema %1, read only").arg(schema));
        else
            parts.append(tr("schema %1, pushes through %2").arg(schema, pushName()));
    }
    const QDateTime pulled = QDateTime::fromString(m_origin.finishedAt, Qt::ISODate);
    if (pulled.isValid())
        parts.append(tr("pulled %1").arg(localTime(pulled)));
    if (m_pushedAt.isValid())
        parts.append(tr("pushed %1").arg(localTime(m_pushedAt)));
    return parts;
}

} // namespace provtree
