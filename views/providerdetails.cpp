#include "providerdetails.h"

#include "providericons.h"
#include "providerkind.h"
#include "providertree.h"
#include "providertreenotifier.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFocusEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QVBoxLayout>

namespace provtree {

namespace {
constexpr int kIconSize = 32;

// A label holding at most one link, which is one Tab stop: Tab (or Shift+Tab) onto it
// focuses the link itself, so Enter follows it at once. A plain QLabel first takes focus
// without a link and needs a second Tab to reach it.
class LinkLabel : public QLabel
{
public:
    explicit LinkLabel(QWidget *parent) : QLabel(parent)
    {
        setTextFormat(Qt::RichText); // built by linkTo(), every piece escaped
        setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    }

    // A label without a link takes no focus at all (nothing to do there).
    void setLink(const QString &richText, bool hasLink)
    {
        setText(richText);
        setFocusPolicy(hasLink ? Qt::StrongFocus : Qt::NoFocus);
    }

protected:
    void focusInEvent(QFocusEvent *event) override
    {
        QLabel::focusInEvent(event);
        if (event->reason() == Qt::TabFocusReason || event->reason() == Qt::BacktabFocusReason)
            QLabel::focusNextPrevChild(true); // onto the link (there is one)
    }
    // Tab and Shift+Tab leave: QLabel would walk its links first, and backwards it finds the
    // focused link again and again (a keyboard trap).
    bool focusNextPrevChild(bool next) override { return QWidget::focusNextPrevChild(next); }
};

} // namespace

ProviderDetails::ProviderDetails(ProviderTree &tree, QWidget *parent)
    : QWidget(parent),
      m_tree(tree),
      m_notifier(new ProviderTreeNotifier(tree, this)),
      m_content(new QWidget(this)),
      m_hint(new QLabel(tr("Select a provider in the tree to see its details."), this)),
      m_icon(new QLabel(m_content)),
      m_name(new QLabel(m_content)),
      m_kind(new QLabel(m_content)),
      m_uuidField(new QLineEdit(m_content)),
      m_copyButton(new QToolButton(m_content)),
      m_parent(new LinkLabel(m_content)),
      m_root(new LinkLabel(m_content)),
      m_generation(new QLabel(m_content)),
      m_children(new QLabel(m_content))
{
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.4);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_name->setTextFormat(Qt::PlainText);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_name->setWordWrap(true);
    m_kind->setTextFormat(Qt::PlainText);
    m_kind->setForegroundRole(QPalette::PlaceholderText);

    m_uuidField->setReadOnly(true);
    m_uuidField->setFrame(false);
    m_uuidField->setAccessibleName(tr("UUID"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_uuidField->setFont(mono);
    m_uuidField->setMinimumWidth(QFontMetrics(mono).horizontalAdvance(QString(38, QLatin1Char('0'))));
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(tr("Copy the uuid to the clipboard"));
    connect(m_copyButton, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_uuidField->text()); });

    m_copyButton->setAccessibleName(tr("Copy UUID"));
    // Object names for tests and style sheets.
    m_uuidField->setObjectName(QStringLiteral("uuidField"));
    m_copyButton->setObjectName(QStringLiteral("copyUuidButton"));
    m_parent->setObjectName(QStringLiteral("parentLink"));
    m_root->setObjectName(QStringLiteral("rootLink"));
    m_icon->setAccessibleName(tr("Kind"));
    for (QLabel *link : {m_parent, m_root})
        connect(link, &QLabel::linkActivated, this, &ProviderDetails::providerActivated);

    auto *title = new QHBoxLayout;
    title->addWidget(m_icon, 0, Qt::AlignTop);
    auto *nameBox = new QVBoxLayout;
    nameBox->setSpacing(0);
    nameBox->addWidget(m_name);
    nameBox->addWidget(m_kind);
    title->addLayout(nameBox, 1);

    auto *uuidRow = new QHBoxLayout;
    uuidRow->addWidget(m_uuidField, 1);
    uuidRow->addWidget(m_copyButton);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("UUID:"), uuidRow);
    form->addRow(tr("Parent:"), m_parent);
    form->addRow(tr("Root:"), m_root);
    form->addRow(tr("Generation:"), m_generation);
    form->addRow(tr("Children:"), m_children);

    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(title);
    contentLayout->addLayout(form);

    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_hint);
    layout->addWidget(m_content);

    connect(m_notifier, &ProviderTreeNotifier::changed, this, &ProviderDetails::refresh,
            Qt::QueuedConnection);
    refresh();
}

ProviderDetails::~ProviderDetails() = default;

void ProviderDetails::setProvider(const QString &uuid)
{
    m_uuid = uuid;
    refresh();
}

QString ProviderDetails::nameText() const { return m_content->isHidden() ? QString() : m_name->text(); }
QString ProviderDetails::uuidText() const { return m_content->isHidden() ? QString() : m_uuidField->text(); }
QString ProviderDetails::parentText() const { return m_parent->isHidden() ? QString() : m_parent->text(); }
QString ProviderDetails::rootText() const { return m_root->text(); }
QString ProviderDetails::generationText() const { return m_generation->text(); }
QString ProviderDetails::kindText() const { return m_kind->text(); }

// A link whose target is the uuid (never user text) and whose text is the escaped name.
QString ProviderDetails::linkTo(const QString &uuid) const
{
    const std::optional<ProviderData> target = m_tree.data(uuid);
    if (!target)
        return uuid.toHtmlEscaped();
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(uuid.toHtmlEscaped(), target->name.toHtmlEscaped());
}

void ProviderDetails::refresh()
{
    const std::optional<ProviderData> provider = m_uuid.isEmpty() ? std::nullopt : m_tree.data(m_uuid);
    m_content->setVisible(provider.has_value());
    m_hint->setVisible(!provider.has_value());
    if (!provider)
        return;

    const ProviderKind kind = providerKind(*provider);
    m_icon->setPixmap(providerIcon(kind).pixmap(kIconSize, kIconSize));
    m_icon->setAccessibleName(kindLabel(kind));
    m_name->setText(provider->name);
    m_kind->setText(kindLabel(kind));
    m_uuidField->setText(provider->uuid);
    m_uuidField->setCursorPosition(0);
    m_generation->setText(QString::number(provider->generation));

    const Result<QStringList> children = m_tree.childUuids(provider->uuid);
    m_children->setText(children.ok() ? QString::number(children.value().size()) : QString());
    auto *parent = static_cast<LinkLabel *>(m_parent);
    auto *root = static_cast<LinkLabel *>(m_root);
    if (provider->isRoot()) {
        parent->setLink(tr("none (a root provider)"), false);
        root->setLink(tr("itself"), false);
    } else {
        parent->setLink(linkTo(provider->parentUuid), true);
        const Result<QStringList> tree = m_tree.treeUuids(provider->uuid);
        const bool hasRoot = tree.ok() && !tree.value().isEmpty();
        root->setLink(hasRoot ? linkTo(tree.value().constFirst()) : QString(), hasRoot);
    }
    updateAccessibleNames();
}

// A screen reader reads a value label alone; its form label is a separate object. Each
// value says what it is, with the text as the label shows it (rich text as plain).
void ProviderDetails::updateAccessibleNames()
{
    const auto plain = [](const QLabel *label) {
        return label->textFormat() == Qt::RichText ? QTextDocumentFragment::fromHtml(label->text()).toPlainText()
                                                   : label->text();
    };
    m_parent->setAccessibleName(tr("Parent: %1").arg(plain(m_parent)));
    m_root->setAccessibleName(tr("Root: %1").arg(plain(m_root)));
    m_generation->setAccessibleName(tr("Generation: %1").arg(m_generation->text()));
    m_children->setAccessibleName(tr("Children: %1").arg(m_children->text()));
}

} // namespace provtree
