#pragma once

#include "providerdata.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

class QAction;

namespace provtree {

class ProviderTree;

// The provider tree's copy actions: Copy UUID (Ctrl+C: the uuids of the selected
// providers, one a line) and Copy as JSON (Ctrl+Shift+C: their records as a snapshot
// document, the snapshot file's own form). Which providers: whatever `selection` returns
// when triggered (the window's selection, in tree order).
//
// Views know nothing of JSON: the application hands the serialiser (model/io's), and
// Copy as JSON stays disabled without one. The shortcuts act where the actions are added
// with their context (WidgetWithChildrenShortcut: the tree), so that Ctrl+C in a text
// field still copies its text.
//
// GUI-thread object. `tree` must outlive it.
class ProviderCopyActions : public QObject
{
    Q_OBJECT

public:
    using Serialiser = std::function<QByteArray(const QList<ProviderData> &)>;

    ProviderCopyActions(const ProviderTree &tree, std::function<QStringList()> selection,
                        QObject *parent = nullptr);
    ~ProviderCopyActions() override;

    void setSerialiser(Serialiser serialiser);
    // Enables the actions for a selection of `count` providers.
    void setSelectionSize(qsizetype count);

    [[nodiscard]] QAction *copyUuidAction() const { return m_copyUuid; }
    [[nodiscard]] QAction *copyJsonAction() const { return m_copyJson; }

    // What the actions do (also callable directly); nothing for an empty selection.
    void copyUuids() const;
    void copyJson() const;

private:
    const ProviderTree &m_tree; // Not owned.
    std::function<QStringList()> m_selection;
    Serialiser m_serialiser;
    qsizetype m_selected = 0;
    QAction *m_copyUuid; // Owned (QObject child), as is the next.
    QAction *m_copyJson;
};

} // namespace provtree
