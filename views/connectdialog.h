#pragma once

#include <QDialog>
#include <QHash>
#include <QString>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace provtree {

// Where the edits of a document read from Placement's database are pushed: Placement's API
// (a cloud of clouds.yaml, or a URL and token without Keystone), never the database. None:
// the document is read only.
struct PushThrough
{
    enum class Mode { None, Cloud, Url };
    Mode mode = Mode::None;
    QString cloud; // Mode::Cloud: the clouds.yaml entry
    QString url;   // Mode::Url: Placement's endpoint
    QString token; // Mode::Url: Placement's X-Auth-Token; may be empty; never remembered

    bool operator==(const PushThrough &) const = default;
};

// What File > Connect to Placement… offers: the clouds of clouds.yaml and what the user
// connected to before. A plain value that the application fills (the dialog reads no file).
struct ConnectChoices
{
    QStringList clouds;       // the entries of clouds.yaml, sorted
    QString cloudsFile;       // the clouds.yaml they come from; empty when none was found
    QString secureFile;       // the secure.yaml merged into it; empty when none
    QStringList searched;     // the folders looked in (said when no file was found)
    QString cloudsProblem;    // why clouds.yaml could not be read (safe to show); empty if fine
    QStringList recentClouds; // newest first
    QStringList recentUrls;   // newest first
    QStringList recentDatabases; // database URLs without password, newest first
    // Per database URL of recentDatabases: where its edits were last pushed (no token).
    QHash<QString, PushThrough> databasePush;
    bool lastWasUrl = false;  // the last connection was by URL: the dialog starts there
    bool lastWasDatabase = false; // ... or to a database: the dialog starts there
};

// What the user asked for. `token` and `databasePassword` are only for the request that
// sends them: whoever receives them wraps them in a Secret at once; they are never shown,
// logged or remembered.
struct ConnectRequest
{
    enum class Mode { Cloud, Url, Database };
    Mode mode = Mode::Cloud;
    QString cloud;     // Mode::Cloud: the clouds.yaml entry
    QString url;       // Mode::Url: Placement's endpoint (no Keystone)
    QString token;     // Mode::Url: Placement's X-Auth-Token; may be empty
    QString databaseUrl;      // Mode::Database: SQLAlchemy URL of Placement's database
    QString databasePassword; // Mode::Database: when the URL has none; may be empty
    PushThrough push;         // Mode::Database: the API its edits are pushed through
    QString region;    // empty: as configured (a database: of its push cloud or URL)
    QString interface; // empty: as configured; else public, internal or admin
    QString tree;      // a provider's name or uuid (its whole tree); empty: every tree
};

// File > Connect to Placement…: a cloud of clouds.yaml (shown with the file it comes from),
// a Placement URL and token without Keystone, or Placement's database (an SQLAlchemy URL as
// placement.conf holds it, and a password; read, never written) with an optional cloud or
// URL and token to push its edits through (the last one used for that database is chosen
// again), an optional region and interface override, and an optional tree. It only collects input: the application resolves the
// cloud and connects. Enter connects (when the input is complete), Esc cancels; every field
// has a mnemonic. The token and password fields echo nothing readable and are empty
// whenever the dialog opens. GUI thread only.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(const ConnectChoices &choices, QWidget *parent = nullptr);

    // What the fields say now (valid when accepted).
    [[nodiscard]] ConnectRequest request() const;
    // Whether the fields are complete enough to connect (a cloud chosen, or a URL given).
    [[nodiscard]] bool canConnect() const;

    [[nodiscard]] QRadioButton *cloudButton() const { return m_cloudButton; }
    [[nodiscard]] QRadioButton *urlButton() const { return m_urlButton; }
    [[nodiscard]] QComboBox *cloudBox() const { return m_cloud; }
    [[nodiscard]] QComboBox *urlBox() const { return m_url; }
    [[nodiscard]] QLineEdit *tokenField() const { return m_token; }
    [[nodiscard]] QRadioButton *databaseButton() const { return m_databaseButton; }
    [[nodiscard]] QComboBox *databaseBox() const { return m_database; }
    [[nodiscard]] QLineEdit *databasePasswordField() const { return m_databasePassword; }
    // The database's push target: "nothing (read only)", each cloud, "a Placement URL".
    [[nodiscard]] QComboBox *pushThroughBox() const { return m_pushThrough; }
    [[nodiscard]] QComboBox *pushUrlBox() const { return m_pushUrl; }
    [[nodiscard]] QLineEdit *pushTokenField() const { return m_pushToken; }
    [[nodiscard]] QLineEdit *regionField() const { return m_region; }
    [[nodiscard]] QComboBox *interfaceBox() const { return m_interface; }
    [[nodiscard]] QLineEdit *treeField() const { return m_tree; }
    [[nodiscard]] QPushButton *connectButton() const { return m_connectButton; }

private:
    QWidget *createCloudPart(const ConnectChoices &choices);
    QWidget *createUrlPart(const ConnectChoices &choices);
    QWidget *createDatabasePart(const ConnectChoices &choices);
    // The database's Push through choice, its URL and token: three rows from `row`.
    void addPushRows(QGridLayout *layout, int row, const ConnectChoices &choices);
    QWidget *createScopePart();
    [[nodiscard]] PushThrough::Mode pushMode() const;
    // Chooses the push target remembered for the database URL now in the field, if any.
    void choosePushFor(const QString &databaseUrl);
    void updateState();

    // Widgets: owned by their parents in the dialog.
    QRadioButton *m_cloudButton = nullptr;
    QRadioButton *m_urlButton = nullptr;
    QComboBox *m_cloud = nullptr;
    QLabel *m_cloudSource = nullptr;
    QComboBox *m_url = nullptr;
    QLineEdit *m_token = nullptr;
    QRadioButton *m_databaseButton = nullptr;
    QComboBox *m_database = nullptr;
    QLineEdit *m_databasePassword = nullptr;
    QComboBox *m_pushThrough = nullptr;
    QComboBox *m_pushUrl = nullptr;
    QLineEdit *m_pushToken = nullptr;
    QLabel *m_databaseNote = nullptr;
    QHash<QString, PushThrough> m_databasePush;
    QLineEdit *m_region = nullptr;
    QComboBox *m_interface = nullptr;
    QLineEdit *m_tree = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_connectButton = nullptr;
};

} // namespace provtree
