// The dialogs of the live-Placement documents, alone: what File > Connect to Placement…
// collects and how it is driven by keyboard alone; the push plan review, the push result
// and the three-way dialog (Enter and Esc never write to Placement or drop edits), and the
// connect history (names and URLs, never a token). Pictures of each dialog are written to
// $PROVTREE_SHOTS (default: next to the test binary).
#include "connectdialog.h"
#include "connecthistory.h"
#include "pushplandialog.h"
#include "pushresultdialog.h"
#include "threewaydialog.h"
#include "support/testfiles.h"

#include <QApplication>
#include <QComboBox>
#include <QFontInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace provtree;

namespace {

QString shotPath(const QString &name)
{
    const QString dir = qEnvironmentVariable("PROVTREE_SHOTS", QCoreApplication::applicationDirPath());
    return dir + QLatin1Char('/') + name;
}

// Shows the dialog (not exec: the test drives it) and saves its picture.
void showAndShoot(QDialog &dialog, const QString &name)
{
    dialog.show();
    dialog.activateWindow(); // (under Xvfb there is no window manager to do it)
    QVERIFY(QTest::qWaitForWindowActive(&dialog)); // shortcuts and mnemonics need the active window
    QVERIFY(dialog.grab().save(shotPath(name)));
}

ConnectChoices sampleChoices()
{
    ConnectChoices choices;
    choices.clouds = {QStringLiteral("devstack"), QStringLiteral("prod"), QStringLiteral("staging")};
    choices.cloudsFile = QStringLiteral("/home/op/.config/openstack/clouds.yaml");
    choices.secureFile = QStringLiteral("/home/op/.config/openstack/secure.yaml");
    choices.recentClouds = {QStringLiteral("gone-cloud"), QStringLiteral("prod")};
    choices.recentUrls = {QStringLiteral("http://127.0.0.1:8778"), QStringLiteral("http://controller:8778")};
    return choices;
}

ThreeWayView sampleThreeWay(bool canResolve)
{
    ThreeWayView view;
    view.target = QStringLiteral("cloud prod (RegionOne)");
    view.summary = QStringLiteral("Placement changed providers you edited since the pull, so nothing was sent. 1 field conflicts.");
    view.canResolve = canResolve;
    ThreeWayView::Row vcpu;
    vcpu.providerUuid = QStringLiteral("00000000-0000-4000-8000-000000000001");
    vcpu.provider = QStringLiteral("\"cn-01\"");
    vcpu.field = QStringLiteral("inventories.VCPU");
    vcpu.pulled = QStringLiteral("total 16");
    vcpu.mine = QStringLiteral("total 20");
    vcpu.now = QStringLiteral("total 24");
    vcpu.outcome = QStringLiteral("conflict: Placement's");
    vcpu.conflict = true;
    ThreeWayView::Row traits = vcpu;
    traits.field = QStringLiteral("traits");
    traits.pulled = QStringLiteral("HW_CPU_X86_AVX2");
    traits.mine = QStringLiteral("+CUSTOM_GOLD");
    traits.now = QStringLiteral("as pulled");
    traits.outcome = QStringLiteral("mine");
    traits.conflict = false;
    view.rows = {vcpu, traits};
    return view;
}

} // namespace

class TestCloudDialogs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void connectByCloudWithTheKeyboard();
    void connectByUrlWithTheKeyboard();
    void connectToTheDatabaseWithTheKeyboard();
    void databasePushesThroughTheRememberedCloud();
    void databasePushesThroughAUrlWithTheKeyboard();
    void connectNeedsCompleteInput();
    void connectWithoutCloudsYamlStartsAtUrl();
    void connectEscCancels();
    void historyKeepsNamesAndUrlsNeverTokens();
    void historyKeepsEachDatabasesPushTargetNeverItsToken();
    void planDialogEnterPushesEscCancels();
    void resultDialogListsEveryCall();
    void threeWayEnterAndEscOnlyClose();
    void threeWayActionsByMnemonic_data();
    void threeWayActionsByMnemonic();
    void threeWayWithoutActionsAfterARefresh();

private:
    QTemporaryDir m_dir;
};

void TestCloudDialogs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("provtree-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_clouddialogs"));
}

void TestCloudDialogs::connectByCloudWithTheKeyboard()
{
    ConnectDialog dialog(sampleChoices());
    showAndShoot(dialog, QStringLiteral("connect-dialog.png"));
    // The newest remembered cloud that still exists is chosen; the file is named.
    QVERIFY(dialog.cloudButton()->isChecked());
    QCOMPARE(dialog.cloudBox()->currentText(), QStringLiteral("prod"));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("cloudSource"))->text().contains(QStringLiteral("/home/op/.config/openstack/clouds.yaml")));
    QVERIFY(!dialog.tokenField()->isEnabled());

    // Alt+R region, Alt+I interface, Alt+T tree, Enter connects.
    QTest::keyClick(&dialog, Qt::Key_R, Qt::AltModifier);
    QVERIFY(dialog.regionField()->hasFocus());
    QTest::keyClicks(dialog.regionField(), QStringLiteral("RegionTwo"));
    QTest::keyClick(&dialog, Qt::Key_I, Qt::AltModifier);
    QVERIFY(dialog.interfaceBox()->hasFocus());
    QTest::keyClick(dialog.interfaceBox(), Qt::Key_Down);
    QTest::keyClick(&dialog, Qt::Key_T, Qt::AltModifier);
    QTest::keyClicks(dialog.treeField(), QStringLiteral("cn-01"));
    QTest::keyClick(dialog.treeField(), Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ConnectRequest request = dialog.request();
    QCOMPARE(request.mode, ConnectRequest::Mode::Cloud);
    QCOMPARE(request.cloud, QStringLiteral("prod"));
    QCOMPARE(request.region, QStringLiteral("RegionTwo"));
    QCOMPARE(request.interface, QStringLiteral("public"));
    QCOMPARE(request.tree, QStringLiteral("cn-01"));
    QVERIFY(request.url.isEmpty());
}

void TestCloudDialogs::connectByUrlWithTheKeyboard()
{
    ConnectDialog dialog(sampleChoices());
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTest::keyClick(&dialog, Qt::Key_U, Qt::AltModifier); // the URL choice (a button's mnemonic clicks animated)
    QTRY_VERIFY(dialog.urlButton()->isChecked());
    QVERIFY(dialog.tokenField()->isEnabled());
    QVERIFY(!dialog.interfaceBox()->isEnabled()); // no catalog without Keystone
    QCOMPARE(dialog.urlBox()->currentText(), QStringLiteral("http://127.0.0.1:8778")); // the newest URL
    // Tab goes from the URL to the token.
    dialog.urlBox()->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QVERIFY(dialog.tokenField()->hasFocus());
    QCOMPARE(dialog.tokenField()->echoMode(), QLineEdit::Password);
    QTest::keyClicks(dialog.tokenField(), QStringLiteral("s3cret-token"));
    QVERIFY(dialog.grab().save(shotPath(QStringLiteral("connect-dialog-url.png"))));
    QTest::keyClick(dialog.tokenField(), Qt::Key_Enter);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ConnectRequest request = dialog.request();
    QCOMPARE(request.mode, ConnectRequest::Mode::Url);
    QCOMPARE(request.url, QStringLiteral("http://127.0.0.1:8778"));
    QCOMPARE(request.token, QStringLiteral("s3cret-token"));
    QVERIFY(request.cloud.isEmpty());
    QVERIFY(request.interface.isEmpty());
}

void TestCloudDialogs::connectToTheDatabaseWithTheKeyboard()
{
    ConnectChoices choices = sampleChoices();
    choices.recentDatabases = {QStringLiteral("mysql+pymysql://reader@db.example:3306/placement?charset=utf8")};
    ConnectDialog dialog(choices);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QVERIFY(!dialog.databaseBox()->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_D, Qt::AltModifier); // the database choice
    QTRY_VERIFY(dialog.databaseButton()->isChecked());
    QVERIFY(dialog.databaseBox()->isEnabled());
    QVERIFY(!dialog.urlBox()->isEnabled() && !dialog.tokenField()->isEnabled());
    QVERIFY(!dialog.regionField()->isEnabled() && !dialog.interfaceBox()->isEnabled()); // a database has neither
    QCOMPARE(dialog.databaseBox()->currentText(), choices.recentDatabases.first());
    // Alt+W the password: echoes nothing readable.
    QTest::keyClick(&dialog, Qt::Key_W, Qt::AltModifier);
    QVERIFY(dialog.databasePasswordField()->hasFocus());
    QCOMPARE(dialog.databasePasswordField()->echoMode(), QLineEdit::Password);
    QTest::keyClicks(dialog.databasePasswordField(), QStringLiteral("db-s3cret"));
    QTest::keyClick(&dialog, Qt::Key_T, Qt::AltModifier);
    QTest::keyClicks(dialog.treeField(), QStringLiteral("cn-01"));
    QVERIFY(dialog.grab().save(shotPath(QStringLiteral("connect-dialog-database.png"))));
    QTest::keyClick(dialog.treeField(), Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ConnectRequest request = dialog.request();
    QCOMPARE(request.mode, ConnectRequest::Mode::Database);
    QCOMPARE(request.databaseUrl, choices.recentDatabases.first());
    QCOMPARE(request.databasePassword, QStringLiteral("db-s3cret"));
    QCOMPARE(request.tree, QStringLiteral("cn-01"));
    QVERIFY(request.url.isEmpty() && request.token.isEmpty() && request.region.isEmpty());

    // No URL, no Connect; the last connection was to a database: the dialog starts there.
    choices.recentDatabases.clear();
    choices.lastWasDatabase = true;
    ConnectDialog empty(choices);
    QVERIFY(empty.databaseButton()->isChecked());
    QVERIFY(!empty.canConnect());
    QVERIFY(!empty.connectButton()->isEnabled());
    empty.databaseBox()->setEditText(QStringLiteral("sqlite:////var/lib/placement/placement.sqlite"));
    QVERIFY(empty.canConnect());
}

void TestCloudDialogs::databasePushesThroughTheRememberedCloud()
{
    // The database was last pushed through cloud prod: the dialog chooses it again, and
    // the region and interface (of that cloud) can be set.
    ConnectChoices choices = sampleChoices();
    const QString database = QStringLiteral("mysql+pymysql://reader@db.example:3306/placement?charset=utf8");
    choices.recentDatabases = {database};
    choices.lastWasDatabase = true;
    PushThrough prod;
    prod.mode = PushThrough::Mode::Cloud;
    prod.cloud = QStringLiteral("prod");
    choices.databasePush.insert(database, prod);
    ConnectDialog dialog(choices);
    showAndShoot(dialog, QStringLiteral("connect-dialog-database-push.png"));
    QVERIFY(dialog.databaseButton()->isChecked());
    QCOMPARE(dialog.pushThroughBox()->currentText(), QStringLiteral("cloud prod"));
    QVERIFY(dialog.pushThroughBox()->isEnabled());
    QVERIFY(!dialog.pushUrlBox()->isEnabled() && !dialog.pushTokenField()->isEnabled());
    QVERIFY(dialog.regionField()->isEnabled() && dialog.interfaceBox()->isEnabled());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("databaseNote"))->text().contains(QLatin1String("stale edit")));
    QTest::keyClick(&dialog, Qt::Key_R, Qt::AltModifier);
    QTest::keyClicks(dialog.regionField(), QStringLiteral("RegionTwo"));
    QTest::keyClick(dialog.regionField(), Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ConnectRequest request = dialog.request();
    QCOMPARE(request.mode, ConnectRequest::Mode::Database);
    QCOMPARE(request.databaseUrl, database);
    QCOMPARE(request.push.mode, PushThrough::Mode::Cloud);
    QCOMPARE(request.push.cloud, QStringLiteral("prod"));
    QVERIFY(request.push.url.isEmpty() && request.push.token.isEmpty());
    QCOMPARE(request.region, QStringLiteral("RegionTwo"));

    // Another database, typed: nothing remembered for it, the choice stays; "nothing"
    // turns region and interface off again and says Push is off.
    dialog.databaseBox()->setEditText(QStringLiteral("sqlite:////srv/other.db"));
    QCOMPARE(dialog.pushThroughBox()->currentText(), QStringLiteral("cloud prod"));
    dialog.pushThroughBox()->setCurrentIndex(0);
    QCOMPARE(dialog.pushThroughBox()->currentText(), QStringLiteral("nothing: read only"));
    QVERIFY(!dialog.regionField()->isEnabled() && !dialog.interfaceBox()->isEnabled());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("databaseNote"))->text().contains(QLatin1String("Push is off")));
    QCOMPARE(dialog.request().push.mode, PushThrough::Mode::None);
    QVERIFY(dialog.request().region.isEmpty());
    // Back to the remembered database: its cloud again.
    dialog.databaseBox()->setEditText(database);
    QCOMPARE(dialog.pushThroughBox()->currentText(), QStringLiteral("cloud prod"));
}

void TestCloudDialogs::databasePushesThroughAUrlWithTheKeyboard()
{
    ConnectChoices choices = sampleChoices();
    choices.recentDatabases = {QStringLiteral("sqlite:////var/lib/placement/placement.sqlite")};
    choices.lastWasDatabase = true;
    ConnectDialog dialog(choices);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    // Nothing remembered: read only, and what can be chosen.
    QCOMPARE(dialog.pushThroughBox()->currentText(), QStringLiteral("nothing: read only"));
    QStringList offered;
    for (int i = 0; i < dialog.pushThroughBox()->count(); ++i)
        offered << dialog.pushThroughBox()->itemText(i);
    QCOMPARE(offered, (QStringList{QStringLiteral("nothing: read only"), QStringLiteral("cloud devstack"),
                                   QStringLiteral("cloud prod"), QStringLiteral("cloud staging"),
                                   QStringLiteral("a Placement URL, without Keystone")}));
    // Alt+P the choice, End the URL; Alt+L the URL, Alt+E the token.
    QTest::keyClick(&dialog, Qt::Key_P, Qt::AltModifier);
    QVERIFY(dialog.pushThroughBox()->hasFocus());
    QTest::keyClick(dialog.pushThroughBox(), Qt::Key_End);
    QVERIFY(dialog.pushUrlBox()->isEnabled() && dialog.pushTokenField()->isEnabled());
    QVERIFY(!dialog.interfaceBox()->isEnabled()); // no catalog without Keystone
    QVERIFY(dialog.regionField()->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_L, Qt::AltModifier);
    QVERIFY(dialog.pushUrlBox()->hasFocus());
    dialog.pushUrlBox()->clearEditText();
    QVERIFY(!dialog.canConnect()); // a URL to push through, but which?
    QVERIFY(!dialog.connectButton()->isEnabled());
    QTest::keyClicks(dialog.pushUrlBox(), QStringLiteral("http://placement:8778"));
    QVERIFY(dialog.connectButton()->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_E, Qt::AltModifier);
    QVERIFY(dialog.pushTokenField()->hasFocus());
    QCOMPARE(dialog.pushTokenField()->echoMode(), QLineEdit::Password);
    QTest::keyClicks(dialog.pushTokenField(), QStringLiteral("push-t0ken"));
    QVERIFY(dialog.grab().save(shotPath(QStringLiteral("connect-dialog-database-push-url.png"))));
    QTest::keyClick(dialog.pushTokenField(), Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ConnectRequest request = dialog.request();
    QCOMPARE(request.mode, ConnectRequest::Mode::Database);
    QCOMPARE(request.push.mode, PushThrough::Mode::Url);
    QCOMPARE(request.push.url, QStringLiteral("http://placement:8778"));
    QCOMPARE(request.push.token, QStringLiteral("push-t0ken"));
    QVERIFY(request.url.isEmpty() && request.token.isEmpty() && request.interface.isEmpty());
}

void TestCloudDialogs::connectNeedsCompleteInput()
{
    ConnectChoices choices = sampleChoices();
    choices.recentUrls.clear();
    choices.lastWasUrl = true;
    ConnectDialog dialog(choices);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QVERIFY(dialog.urlButton()->isChecked());
    QVERIFY(!dialog.canConnect());
    QVERIFY(!dialog.connectButton()->isEnabled());
    QTest::keyClick(dialog.urlBox(), Qt::Key_Return); // nothing to connect to: stays open
    QVERIFY(dialog.isVisible());
    QTest::keyClicks(dialog.urlBox(), QStringLiteral("http://placement:8778"));
    QVERIFY(dialog.connectButton()->isEnabled());
}

void TestCloudDialogs::connectWithoutCloudsYamlStartsAtUrl()
{
    ConnectChoices choices;
    choices.searched = {QStringLiteral("/home/op/.config/openstack"), QStringLiteral("/etc/openstack")};
    ConnectDialog dialog(choices);
    showAndShoot(dialog, QStringLiteral("connect-dialog-no-clouds.png"));
    QVERIFY(!dialog.cloudButton()->isEnabled());
    QVERIFY(dialog.urlButton()->isChecked());
    QVERIFY(dialog.urlBox()->hasFocus());
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("cloudSource"))->text(),
             QStringLiteral("No clouds.yaml was found (looked in /home/op/.config/openstack, /etc/openstack)."));
}

void TestCloudDialogs::connectEscCancels()
{
    ConnectDialog dialog(sampleChoices());
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTest::keyClick(dialog.cloudBox(), Qt::Key_Escape);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.isVisible());
}

void TestCloudDialogs::historyKeepsNamesAndUrlsNeverTokens()
{
    QSettings().clear();
    ConnectRequest byUrl;
    byUrl.mode = ConnectRequest::Mode::Url;
    byUrl.url = QStringLiteral("http://operator:pa55word@placement:8778");
    byUrl.token = QStringLiteral("tok-7f3a9c");
    ConnectHistory::remember(byUrl);
    ConnectRequest byCloud;
    byCloud.cloud = QStringLiteral("prod");
    ConnectHistory::remember(byCloud);
    ConnectHistory::remember(byUrl);
    QCOMPARE(ConnectHistory::recentUrls(), QStringList{QStringLiteral("http://placement:8778")});
    QCOMPARE(ConnectHistory::recentClouds(), QStringList{QStringLiteral("prod")});
    QVERIFY(ConnectHistory::lastWasUrl());
    QSettings().sync();
    const QByteArray stored = testing::readAll(QSettings().fileName());
    QVERIFY2(stored.contains("placement:8778"), stored.constData());
    QVERIFY(!stored.contains("tok-7f3a9c"));
    QVERIFY(!stored.contains("pa55word"));
}

void TestCloudDialogs::historyKeepsEachDatabasesPushTargetNeverItsToken()
{
    QSettings().clear();
    ConnectRequest viaUrl;
    viaUrl.mode = ConnectRequest::Mode::Database;
    viaUrl.databaseUrl = QStringLiteral("mysql+pymysql://reader:db-pa55word@db.example/placement");
    viaUrl.databasePassword = QStringLiteral("typed-pa55word");
    viaUrl.push.mode = PushThrough::Mode::Url;
    viaUrl.push.url = QStringLiteral("http://operator:url-pa55word@placement:8778");
    viaUrl.push.token = QStringLiteral("tok-9d2e41");
    ConnectHistory::remember(viaUrl);
    ConnectRequest viaCloud;
    viaCloud.mode = ConnectRequest::Mode::Database;
    viaCloud.databaseUrl = QStringLiteral("sqlite:////srv/placement.db");
    viaCloud.push.mode = PushThrough::Mode::Cloud;
    viaCloud.push.cloud = QStringLiteral("prod");
    ConnectHistory::remember(viaCloud);
    ConnectRequest readOnly;
    readOnly.mode = ConnectRequest::Mode::Database;
    readOnly.databaseUrl = QStringLiteral("sqlite:////srv/copy.db");
    ConnectHistory::remember(readOnly);

    const QHash<QString, PushThrough> pushes = ConnectHistory::databasePush();
    PushThrough url;
    url.mode = PushThrough::Mode::Url;
    url.url = QStringLiteral("http://placement:8778");
    PushThrough cloud;
    cloud.mode = PushThrough::Mode::Cloud;
    cloud.cloud = QStringLiteral("prod");
    QCOMPARE(pushes.size(), 3);
    QVERIFY(pushes.value(QStringLiteral("mysql+pymysql://reader@db.example/placement")) == url);
    QVERIFY(pushes.value(QStringLiteral("sqlite:////srv/placement.db")) == cloud);
    QVERIFY(pushes.value(QStringLiteral("sqlite:////srv/copy.db")) == PushThrough());
    // The URL pushed through is offered for a URL connection too.
    QCOMPARE(ConnectHistory::recentUrls(), QStringList{QStringLiteral("http://placement:8778")});
    QSettings().sync();
    const QByteArray stored = testing::readAll(QSettings().fileName());
    QVERIFY2(stored.contains("placement:8778"), stored.constData());
    for (const char *secret : {"tok-9d2e41", "url-pa55word", "db-pa55word", "typed-pa55word"})
        QVERIFY2(!stored.contains(secret), secret);
}

void TestCloudDialogs::planDialogEnterPushesEscCancels()
{
    const PushPlanView plan{QStringLiteral("cloud prod (RegionOne)"), 2,
                            QStringLiteral("1. PUT /resource_providers/U/inventories\n   {\n     \"inventories\": {}\n   }\n"
                                           "2. PUT /resource_providers/U/traits\n"),
                            false};
    PushPlanDialog dialog(plan);
    showAndShoot(dialog, QStringLiteral("push-plan-dialog.png"));
    QVERIFY(dialog.summaryText().startsWith(QStringLiteral("Your changes need 2 calls to cloud prod (RegionOne).")));
    QCOMPARE(dialog.planView()->toPlainText(), plan.text);
    QVERIFY(dialog.planView()->isReadOnly());
    QVERIFY(QFontInfo(dialog.planView()->font()).fixedPitch());
    QVERIFY(dialog.planView()->hasFocus()); // arrows scroll the plan at once
    QTest::keyClick(dialog.planView(), Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    PushPlanDialog again(plan);
    again.show();
    again.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&again));
    QTest::keyClick(again.planView(), Qt::Key_Escape);
    QCOMPARE(again.result(), int(QDialog::Rejected));
}

void TestCloudDialogs::resultDialogListsEveryCall()
{
    PushResultView result;
    result.target = QStringLiteral("cloud prod (RegionOne)");
    result.calls = {{QStringLiteral("set the inventory of \"cn-01\""), QStringLiteral("PUT /resource_providers/U/inventories"),
                     PushResultView::CallState::Applied},
                    {QStringLiteral("set the traits of \"cn-01\""), QStringLiteral("PUT /resource_providers/U/traits"),
                     PushResultView::CallState::Failed},
                    {QStringLiteral("rename \"cn-02\" to \"cn-03\""), QStringLiteral("PUT /resource_providers/V"),
                     PushResultView::CallState::NotApplied}};
    result.failure = QStringLiteral("provider \"cn-01\" changed in Placement since the pull (409)");
    result.localNote = QStringLiteral("Your edits are kept: 2 providers still differ from Placement.");
    PushResultDialog dialog(result);
    showAndShoot(dialog, QStringLiteral("push-result-dialog.png"));
    QCOMPARE(dialog.summaryText(), QStringLiteral("1 of 3 calls were applied to cloud prod (RegionOne)."));
    QCOMPARE(dialog.callList()->topLevelItemCount(), 3);
    QCOMPARE(dialog.callList()->topLevelItem(0)->text(1), QStringLiteral("applied"));
    QCOMPARE(dialog.callList()->topLevelItem(1)->text(1), QStringLiteral("FAILED"));
    QCOMPARE(dialog.callList()->topLevelItem(2)->text(1), QStringLiteral("not sent"));
    QTest::keyClick(dialog.callList(), Qt::Key_Return);
    QVERIFY(!dialog.isVisible());
}

void TestCloudDialogs::threeWayEnterAndEscOnlyClose()
{
    ThreeWayDialog dialog(sampleThreeWay(true));
    showAndShoot(dialog, QStringLiteral("three-way-dialog.png"));
    QCOMPARE(dialog.table()->topLevelItemCount(), 2);
    // The provider once per group; conflicts highlighted.
    QCOMPARE(dialog.table()->topLevelItem(0)->text(ThreeWayDialog::ProviderColumn), QStringLiteral("\"cn-01\""));
    QCOMPARE(dialog.table()->topLevelItem(1)->text(ThreeWayDialog::ProviderColumn), QString());
    QCOMPARE(dialog.table()->topLevelItem(0)->background(ThreeWayDialog::NowColumn).color(), ThreeWayDialog::conflictColor());
    QCOMPARE(dialog.table()->topLevelItem(0)->text(ThreeWayDialog::MineColumn), QStringLiteral("total 20"));
    QTest::keyClick(dialog.table(), Qt::Key_Return);
    QCOMPARE(dialog.choice(), ThreeWayChoice::Close);
    QVERIFY(!dialog.isVisible());

    ThreeWayDialog again(sampleThreeWay(true));
    again.show();
    again.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&again));
    QTest::keyClick(again.table(), Qt::Key_Escape);
    QCOMPARE(again.choice(), ThreeWayChoice::Close);
}

void TestCloudDialogs::threeWayActionsByMnemonic_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<ThreeWayChoice>("choice");
    QTest::newRow("Alt+R re-applies") << int(Qt::Key_R) << ThreeWayChoice::Reapply;
    QTest::newRow("Alt+D drops") << int(Qt::Key_D) << ThreeWayChoice::Drop;
}

void TestCloudDialogs::threeWayActionsByMnemonic()
{
    QFETCH(int, key);
    QFETCH(ThreeWayChoice, choice);
    ThreeWayDialog dialog(sampleThreeWay(true));
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTest::keyClick(&dialog, Qt::Key(key), Qt::AltModifier);
    QVERIFY((choice == ThreeWayChoice::Drop ? dialog.dropButton() : dialog.reapplyButton())->isDown());
    QTRY_COMPARE(dialog.choice(), choice); // a mnemonic clicks animated, a moment later
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestCloudDialogs::threeWayWithoutActionsAfterARefresh()
{
    ThreeWayDialog dialog(sampleThreeWay(false));
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QVERIFY(!dialog.reapplyButton()->isVisible());
    QVERIFY(!dialog.dropButton()->isVisible());
    QVERIFY(dialog.closeButton()->isVisible());
    // A hidden action's mnemonic does nothing (a visible one would be pressed at once: its
    // click is animated).
    QTest::keyClick(&dialog, Qt::Key_D, Qt::AltModifier);
    QVERIFY(!dialog.dropButton()->isDown());
    QCOMPARE(dialog.choice(), ThreeWayChoice::Close);
    QVERIFY(dialog.isVisible());
}

QTEST_MAIN(TestCloudDialogs)
#include "tst_clouddialogs.moc"
