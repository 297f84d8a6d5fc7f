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
    connect(m_database, &QComboBox::editTextChanged, this, &ConnectDialog::updateState);

    const QList<QWidget *> order{m_cloudButton, m_cloud,   m_urlButton, m_url,    m_token,    m_databaseButton,
                                 m_database,    m_databasePassword,     m_region, m_interface, m_tree};
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
    m_databaseButton = new QRadioButton(tr("Placement's &database, read only"));
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
    QLabel *note = hint(tr("Reads every provider in one consistent snapshot; never writes, so Push is off."));

    auto *part = new QWidget;
    auto *layout = new QGridLayout(part);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(m_databaseButton, 0, 0, 1, 3);
    layout->setColumnMinimumWidth(0, kIndent);
    layout->addWidget(m_database, 1, 1, 1, 2);
    layout->addWidget(passwordLabel, 2, 1);
    layout->addWidget(m_databasePassword, 2, 2);
    layout->addWidget(note, 3, 1, 1, 2);
    layout->setColumnStretch(2, 1);
    return part;
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
    m_cloud->setEnabled(cloud);
    m_url->setEnabled(m_urlButton->isChecked());
    m_token->setEnabled(m_urlButton->isChecked());
    m_database->setEnabled(database);
    m_databasePassword->setEnabled(database);
    // Without Keystone there is no catalog to choose an interface from; a database has no region.
    m_interface->setEnabled(cloud);
    m_region->setEnabled(!database);
    m_connectButton->setEnabled(canConnect());
}

bool ConnectDialog::canConnect() const
{
    if (m_cloudButton->isChecked())
        return m_cloud->currentIndex() >= 0;
    if (m_databaseButton->isChecked())
        return !m_database->currentText().trimmed().isEmpty();
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
    } else {
        request.mode = ConnectRequest::Mode::Url;
        request.url = m_url->currentText().trimmed();
        request.token = m_token->text();
    }
    if (request.mode != ConnectRequest::Mode::Database)
        request.region = m_region->text().trimmed();
    request.tree = m_tree->text().trimmed();
    return request;
}

} // namespace provtree
