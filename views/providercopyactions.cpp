#include "providercopyactions.h"

#include "providertree.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>

#include <memory>

namespace provtree {

ProviderCopyActions::ProviderCopyActions(const ProviderTree &tree, std::function<QStringList()> selection,
                                         QObject *parent)
    : QObject(parent),
      m_tree(tree),
      m_selection(std::move(selection)),
      m_copyUuid(new QAction(tr("&Copy UUID"), this)),
      m_copyJson(new QAction(tr("Copy as &JSON"), this))
{
    m_copyUuid->setObjectName(QStringLiteral("copyUuidAction"));
    m_copyUuid->setShortcut(QKeySequence::Copy);
    m_copyUuid->setStatusTip(tr("Copy the uuids of the selected providers, one a line"));
    m_copyJson->setObjectName(QStringLiteral("copyJsonAction"));
    m_copyJson->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyJson->setStatusTip(tr("Copy the selected providers as a snapshot document (their records as a file holds them)"));
    for (QAction *action : {m_copyUuid, m_copyJson})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyUuid, &QAction::triggered, this, &ProviderCopyActions::copyUuids);
    connect(m_copyJson, &QAction::triggered, this, &ProviderCopyActions::copyJson);
    setSelectionSize(0);
}

ProviderCopyActions::~ProviderCopyActions() = default;

void ProviderCopyActions::setSerialiser(Serialiser serialiser)
{
    m_serialiser = std::move(serialiser);
    setSelectionSize(m_selected);
}

void ProviderCopyActions::setSelectionSize(qsizetype count)
{
    m_selected = count;
    m_copyUuid->setEnabled(count > 0);
    m_copyJson->setEnabled(count > 0 && m_serialiser);
    // The menu says what is copied.
    m_copyUuid->setText(count > 1 ? tr("&Copy %1 UUIDs").arg(count) : tr("&Copy UUID"));
    m_copyJson->setText(count > 1 ? tr("Copy %1 Providers as &JSON").arg(count) : tr("Copy as &JSON"));
}

void ProviderCopyActions::copyUuids() const
{
    const QStringList uuids = m_selection();
    if (uuids.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(uuids.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void ProviderCopyActions::copyJson() const
{
    if (!m_serialiser)
        return;
    QList<ProviderData> records;
    for (const QString &uuid : m_selection()) {
        if (std::optional<ProviderData> data = m_tree.data(uuid))
            records.append(std::move(*data));
    }
    if (records.isEmpty())
        return;
    const QByteArray json = m_serialiser(records);
    auto mime = std::make_unique<QMimeData>();
    mime->setData(QStringLiteral("application/json"), json);
    mime->setText(QString::fromUtf8(json));
    QGuiApplication::clipboard()->setMimeData(mime.release()); // the clipboard takes it
}

} // namespace provtree
