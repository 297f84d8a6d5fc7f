#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace provtree {

class ProviderTree;
class ProviderTreeNotifier;

// The identity header of the details pane: the provider's kind icon, name and kind, its
// uuid (selectable, with a copy button), parent and root (links that emit
// providerActivated), generation and number of children. Follows changes of the tree
// (queued), so a rename or a generation bump shows at once.
// Keyboard: the uuid (selectable), Copy, and the parent and root links are one Tab stop
// each (Enter follows a link); every value has an accessible name saying what it is.
// GUI thread only; the tree must outlive the widget.
class ProviderDetails : public QWidget
{
    Q_OBJECT

public:
    // Only reads `tree` (non-const to register for its change notifications).
    explicit ProviderDetails(ProviderTree &tree, QWidget *parent = nullptr);
    ~ProviderDetails() override;

    // Shows the provider `uuid`; empty (or a provider that left the tree): a hint instead.
    void setProvider(const QString &uuid);
    [[nodiscard]] QString provider() const { return m_uuid; }

    // What the labels show, for tests and accessibility.
    [[nodiscard]] QString nameText() const;
    [[nodiscard]] QString uuidText() const;
    [[nodiscard]] QString parentText() const;
    [[nodiscard]] QString rootText() const;
    [[nodiscard]] QString generationText() const;
    [[nodiscard]] QString kindText() const;

signals:
    // The user followed the parent or root link.
    void providerActivated(const QString &uuid);

private:
    void refresh();
    void updateAccessibleNames();
    [[nodiscard]] QString linkTo(const QString &uuid) const;

    const ProviderTree &m_tree;          // Not owned.
    ProviderTreeNotifier *m_notifier;    // Owned (QObject child).
    QString m_uuid;
    QWidget *m_content;                  // Owned (child): hidden when nothing is shown.
    QLabel *m_hint;                      // Owned (child): shown when nothing is shown.
    QLabel *m_icon;                      // Owned (child), and the labels below.
    QLabel *m_name;
    QLabel *m_kind;
    QLineEdit *m_uuidField;
    QToolButton *m_copyButton;
    QLabel *m_parent;
    QLabel *m_root;
    QLabel *m_generation;
    QLabel *m_children;
};

} // namespace provtree
