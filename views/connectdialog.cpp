#include "connectdialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace provtree {

namespace {
// Indented under its radio button, as the parts of one choice.
constexpr int kIndent = 22;
// The push-through choices keep the cloud's name here (their text says "cloud NAME").
constexpr int kCloudRole = Qt::UserRole + 1;

QLabel *hint(const QString &text)
{
    auto *label = new QLabel(text);
    label->setTextFormat(Qt::PlainText); // file paths may hold anything
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QString cloudSourceText(const ConnectChoices &choices)
{
    if (!choices.cloudsProblem.isEmpty())
        return ConnectDialog::tr("clouds.yaml cannot be used: %1").arg(choices.cloudsProblem);
    if (choices.cloudsFile.isEmpty()) {
        return choices.searched.isEmpty()
                       ? ConnectDialog::tr("No clouds.yaml was found.")
                       : ConnectDialog::tr("No clouds.yaml was found (looked in %1).").arg(choices.searched.join(QStringLiteral(", ")));
    }
    if (choices.clouds.isEmpty())
        return ConnectDialog::tr("%1 names no cloud.").arg(choices.cloudsFile);
    if (choices.secureFile.isEmpty())
        return ConnectDialog::tr("from %1").arg(choices.cloudsFile);
    return ConnectDialog::tr("from %1, secrets from %2").arg(choices.cloudsFile, choices.secureFile);
}
} // namespace

ConnectDialog::ConnectDialog(const ConnectChoices &choices, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect to Placement"));
    setObjectName(QStringLiteral("connectDialog"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_connectButton = m_buttons->addButton(tr("Co&nnect"), QDialogButtonBox::AcceptRole);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canConnect())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_databasePush = choices.databasePush;
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createCloudPart(choices));
    layout->addWidget(createUrlPart(choices));
    layout->addWidget(createDatabasePart(choices));
    layout->addWidget(createScopePart());
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    // Once in the dialog: a default set before is forgotten at the first focus change.
    m_connectButton->setDefault(true);

    auto *modes = new QButtonGroup(this);
    modes->addButton(m_cloudButton);
    modes->addButton(m_urlButton);
    modes->addButton(m_databaseButton);
    const bool haveClouds = !choices.clouds.isEmpty();
    m_cloudButton->setEnabled(haveClouds);
    m_cloud->setEnabled(haveClouds);
    if (choices.lastWasDatabase)
        m_databaseButton->setChecked(true);
    else
        (haveClouds && !choices.lastWasUrl ? m_cloudButton : m_urlButton)->setChecked(true);
    connect(m_cloudButton, &QRadioButton::toggled, this, &ConnectDialog::updateState);
    connect(m_databaseButton, &QRadioButton::toggled, this, &ConnectDialog::updateState);
    connect(m_cloud, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateState);
    connect(m_url, &QComboBox::editTextChanged, this, &ConnectDialog::updateState);
    choosePushFor(m_database->currentText());
    connect(m_database, &QComboBox::editTextChanged, this, [this](const QString &text) {
        choosePushFor(text);
        updateState();
    });
    connect(m_pushThrough, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateState);
    connect(m_pushUrl, &QComboBox::editTextChanged, this, &ConnectDialog::updateState);

    const QList<QWidget *> order{m_cloudButton, m_cloud,       m_urlButton, m_url,       m_token,
                                 m_databaseButton, m_database, m_databasePassword, m_pushThrough, m_pushUrl,
                                 m_pushToken,   m_region,      m_interface, m_tree};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i)); // (the list overload is Qt 6.6)
    updateState();
    resize(qMax(sizeHint().width(), 560), sizeHint().height());
    (m_cloudButton->isChecked() ? static_cast<QWidget *>(m_cloud) : m_databaseButton->isChecked() ? m_database : m_url)
        ->setFocus();
}

QWidget *ConnectDialog::createCloudPart(const ConnectChoices &choices)
{
    m_cloudButton = new QRadioButton(tr("&Cloud from clouds.yaml"));
    m_cloud = new QComboBox;
    m_cloud->addItems(choices.clouds);
    m_cloud->setAccessibleName(tr("Cloud"));
    for (const QString &recent : choices.recentClouds) {
        const int index = m_cloud->findText(recent);
        if (index >= 0) {
            m_cloud->setCurrentIndex(index);
            break;
        }
    }
    m_cloudSource = hint(cloudSourceText(choices));
    m_cloudSource->setObjectName(QStringLiteral("cloudSource"));

    auto *part = new QWidget;
    auto *layout = new QGridLayout(part);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_cloudButton, 0, 0, 1, 2);
    layout->setColumnMinimumWidth(0, kIndent);
    layout->addWidget(m_cloud, 1, 1);
    layout->addWidget(m_cloudSource, 2, 1);
    layout->setColumnStretch(1, 1);
    return part;
}

QWidget *ConnectDialog::createUrlPart(const ConnectChoices &choices)
{
    m_urlButton = new QRadioButton(tr("Placement &URL, without Keystone"));
    m_url = new QComboBox;
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->addItems(choices.recentUrls);
    m_url->lineEdit()->setPlaceholderText(QStringLiteral("http://controller:8778"));
    m_url->setAccessibleName(tr("Placement URL"));
    m_token = new QLineEdit;
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("X-Auth-Token (never saved)"));
    m_token->setAccessibleName(tr("Token"));
    auto *tokenLabel = new QLabel(tr("T&oken:"));
    tokenLabel->setBuddy(m_token);

    auto *part = new QWidget;
    auto *layout = new QGridLayout(part);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(m_urlButton, 0, 0, 1, 3);
    layout->setColumnMinimumWidth(0, kIndent);
    layout->addWidget(m_url, 1, 1, 1, 2);
    layout->addWidget(tokenLabel, 2, 1);
    layout->addWidget(m_token, 2, 2);
    layout->setColumnStretch(2, 1);
    return part;
}

QWidget *ConnectDialog::createDatabasePart(const ConnectChoices &choices)
{
    m_databaseButton = new QRadioButton(tr("Placement's &database"));
    m_database = new QComboBox;
    m_database->setEditable(true);
    m_database->setInsertPolicy(QComboBox::NoInsert);
    m_database->addItems(choices.recentDatabases);
    m_database->lineEdit()->setPlaceholderText(QStringLiteral("mysql+pymysql://placement@controller/placement"));
    m_database->setAccessibleName(tr("Database URL"));
    m_database->setToolTip(tr("As [placement_database] connection in placement.conf"));
    m_databasePassword = new QLineEdit;
    m_databasePassword->setEchoMode(QLineEdit::Password);
    m_databasePassword->setPlaceholderText(tr("if the URL has none (never saved)"));
    m_databasePassword->setAccessibleName(tr("Database password"));
    auto *passwordLabel = new QLabel(tr("Pass&word:"));
    passwordLabel->setBuddy(m_databasePassword);
    m_databaseNote = hint(QString());
    m_databaseNote->setObjectName(QStringLiteral("databaseNote"));

    auto *part = new QWidget;
    auto *layout = new QGridLayout(part);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(m_databaseButton, 0, 0, 1, 3);
    layout->setColumnMinimumWidth(0, kIndent);
    layout->addWidget(m_database, 1, 1, 1, 2);
    layout->addWidget(passwordLabel, 2, 1);
    layout->addWidget(m_databasePassword, 2, 2);
    addPushRows(layout, 3, choices);
    layout->addWidget(m_databaseNote, 6, 1, 1, 2);
    layout->setColumnStretch(2, 1);
    return part;
}

void ConnectDialog::addPushRows(QGridLayout *layout, int row, const ConnectChoices &choices)
{
    // Pushes go through Placement's API, as a cloud or a URL connection would reach it.
    m_pushThrough = new QComboBox;
    m_pushThrough->addItem(tr("nothing: read only"), int(PushThrough::Mode::None));
    for (const QString &cloud : choices.clouds) {
        m_pushThrough->addItem(tr("cloud %1").arg(cloud), int(PushThrough::Mode::Cloud));
        m_pushThrough->setItemData(m_pushThrough->count() - 1, cloud, kCloudRole);
    }
    m_pushThrough->addItem(tr("a Placement URL, without Keystone"), int(PushThrough::Mode::Url));
    m_pushThrough->setAccessibleName(tr("Push through"));
    m_pushThrough->setToolTip(tr("Where Push sends your edits: Placement's API, never the database"));
    auto *pushLabel = new QLabel(tr("&Push through:"));
    pushLabel->setBuddy(m_pushThrough);
    m_pushUrl = new QComboBox;
    m_pushUrl->setEditable(true);
    m_pushUrl->setInsertPolicy(QComboBox::NoInsert);
    m_pushUrl->addItems(choices.recentUrls);
    m_pushUrl->lineEdit()->setPlaceholderText(QStringLiteral("http://controller:8778"));
    m_pushUrl->setAccessibleName(tr("Placement URL to push through"));
    auto *urlLabel = new QLabel(tr("UR&L:"));
    urlLabel->setBuddy(m_pushUrl);
    m_pushToken = new QLineEdit;
    m_pushToken->setEchoMode(QLineEdit::Password);
    m_pushToken->setPlaceholderText(tr("X-Auth-Token (never saved)"));
    m_pushToken->setAccessibleName(tr("Token to push with"));
    auto *tokenLabel = new QLabel(tr("Tok&en:"));
    tokenLabel->setBuddy(m_pushToken);

    layout->addWidget(pushLabel, row, 1);
    layout->addWidget(m_pushThrough, row, 2);
    layout->addWidget(urlLabel, row + 1, 1);
    layout->addWidget(m_pushUrl, row + 1, 2);
    layout->addWidget(tokenLabel, row + 2, 1);
    layout->addWidget(m_pushToken, row + 2, 2);
}

PushThrough::Mode ConnectDialog::pushMode() const
{
    return PushThrough::Mode(m_pushThrough->currentData().toInt());
}

void ConnectDialog::choosePushFor(const QString &databaseUrl)
{
    const auto remembered = m_databasePush.constFind(databaseUrl.trimmed());
    if (remembered == m_databasePush.cend())
        return;
    int index = 0; // nothing, also when the remembered cloud is no longer in clouds.yaml
    if (remembered->mode == PushThrough::Mode::Cloud)
        index = qMax(0, m_pushThrough->findData(remembered->cloud, kCloudRole));
    else if (remembered->mode == PushThrough::Mode::Url)
        index = m_pushThrough->count() - 1;
    m_pushThrough->setCurrentIndex(index);
    if (remembered->mode == PushThrough::Mode::Url)
        m_pushUrl->setEditText(remembered->url);
}

QWidget *ConnectDialog::createScopePart()
{
    m_region = new QLineEdit;
    m_region->setPlaceholderText(tr("as configured"));
    m_interface = new QComboBox;
    m_interface->addItem(tr("as configured"), QString());
    for (const char *name : {"public", "internal", "admin"})
        m_interface->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
    m_tree = new QLineEdit;
    m_tree->setPlaceholderText(tr("every tree; or a provider's name or uuid"));

    auto *box = new QGroupBox(tr("Options"));
    auto *form = new QFormLayout(box);
    form->addRow(tr("&Region:"), m_region);
    form->addRow(tr("&Interface:"), m_interface);
    form->addRow(tr("&Tree:"), m_tree);
    return box;
}

void ConnectDialog::updateState()
{
    const bool cloud = m_cloudButton->isChecked();
    const bool database = m_databaseButton->isChecked();
    const PushThrough::Mode push = database ? pushMode() : PushThrough::Mode::None;
    m_cloud->setEnabled(cloud);
    m_url->setEnabled(m_urlButton->isChecked());
    m_token->setEnabled(m_urlButton->isChecked());
    m_database->setEnabled(database);
    m_databasePassword->setEnabled(database);
    m_pushThrough->setEnabled(database);
    m_pushUrl->setEnabled(push == PushThrough::Mode::Url);
    m_pushToken->setEnabled(push == PushThrough::Mode::Url);
    m_databaseNote->setText(pushMode() == PushThrough::Mode::None
                                    ? tr("Reads every provider in one consistent snapshot and never writes: "
                                         "without an API to push through, Push is off.")
                                    : tr("Reads every provider in one consistent snapshot and never writes: Push "
                                         "goes through Placement's API with the generations read, so a stale edit "
                                         "is refused."));
    // Without Keystone there is no catalog to choose an interface from; a database has no
    // region, but the cloud or URL it pushes through has.
    m_interface->setEnabled(cloud || push == PushThrough::Mode::Cloud);
    m_region->setEnabled(!database || push != PushThrough::Mode::None);
    m_connectButton->setEnabled(canConnect());
}

bool ConnectDialog::canConnect() const
{
    if (m_cloudButton->isChecked())
        return m_cloud->currentIndex() >= 0;
    if (m_databaseButton->isChecked()) {
        return !m_database->currentText().trimmed().isEmpty()
               && (pushMode() != PushThrough::Mode::Url || !m_pushUrl->currentText().trimmed().isEmpty());
    }
    return !m_url->currentText().trimmed().isEmpty();
}

ConnectRequest ConnectDialog::request() const
{
    ConnectRequest request;
    if (m_cloudButton->isChecked()) {
        request.mode = ConnectRequest::Mode::Cloud;
        request.cloud = m_cloud->currentText();
        request.interface = m_interface->currentData().toString();
    } else if (m_databaseButton->isChecked()) {
        request.mode = ConnectRequest::Mode::Database;
        request.databaseUrl = m_database->currentText().trimmed();
        request.databasePassword = m_databasePassword->text();
        request.push.mode = pushMode();
        if (request.push.mode == PushThrough::Mode::Cloud) {
            request.push.cloud = m_pushThrough->currentData(kCloudRole).toString();
            request.interface = m_interface->currentData().toString();
        } else if (request.push.mode == PushThrough::Mode::Url) {
            request.push.url = m_pushUrl->currentText().trimmed();
            request.push.token = m_pushToken->text();
        }
    } else {
        request.mode = ConnectRequest::Mode::Url;
        request.url = m_url->currentText().trimmed();
        request.token = m_token->text();
    }
    if (request.mode != ConnectRequest::Mode::Database || request.push.mode != PushThrough::Mode::None)
        request.region = m_region->text().trimmed();
    request.tree = m_tree->text().trimmed();
    return request;
}

} // namespace provtree
